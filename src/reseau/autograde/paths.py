"""Where things are: the project's folders, the workspace, the assignments, the exchange, the deadline.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import ReseauError


from ..project import project_root  # noqa: E402

PROJECT_ROOT = project_root()

AUTOGRADER_DIR = PROJECT_ROOT / "autograder"

SOLUTIONS_DIR = PROJECT_ROOT / "solutions"

EXERCISES_DIR = PROJECT_ROOT / "exercises"

#: nbgrader's course id, used by the grading cycle, the exchange and the classroom server.
COURSE_ID = "reseau"

def workspace_dir(workspace: Path | str | None = None) -> Path:
    """The grading workspace: `workspace`, else $RESEAU_WORKSPACE, else autograder/workspace."""
    if workspace is not None:
        return Path(workspace).resolve()
    env = os.environ.get("RESEAU_WORKSPACE")
    return Path(env).resolve() if env else AUTOGRADER_DIR / "workspace"

def assignments() -> list[str]:
    """Assignment names, from the folders of `solutions/`."""
    return sorted(p.name for p in SOLUTIONS_DIR.iterdir() if p.is_dir() and any(p.glob("*.ipynb")))

def _check_assignment(assignment: str | None) -> list[str]:
    names = assignments()
    if assignment is None:
        return names
    if assignment not in names:
        raise ReseauError(f"Quiz ou exercice inconnu : « {assignment} ». Les quiz et exercices sont : "
                          f"{', '.join(names)}.",
                          field="assignment", value=assignment)
    return [assignment]

#: nbgrader's usual exchange folder, shared by the classroom server's participants (RESEAU_EXCHANGE overrides).
DEFAULT_EXCHANGE = "/srv/nbgrader/exchange"

def exchange_root() -> Path:
    """nbgrader's exchange folder: $RESEAU_EXCHANGE, else /srv/nbgrader/exchange."""
    return Path(os.environ.get("RESEAU_EXCHANGE") or DEFAULT_EXCHANGE)

#: Longest time one learner's notebook may take to grade (seconds); RESEAU_NOTEBOOK_TIMEOUT overrides.
NOTEBOOK_TIMEOUT = 600

TIMEOUT_MARK = "TEMPS_TOTAL_DEPASSE"

def notebook_timeout() -> float:
    """The deadline for grading one learner's notebook (RESEAU_NOTEBOOK_TIMEOUT, else 600 s)."""
    value = os.environ.get("RESEAU_NOTEBOOK_TIMEOUT", "").strip()
    try:
        return float(value) if value else float(NOTEBOOK_TIMEOUT)
    except ValueError:
        raise ReseauError(f"RESEAU_NOTEBOOK_TIMEOUT doit être un nombre de secondes, reçu : {value!r}.",
                          field="RESEAU_NOTEBOOK_TIMEOUT", value=value) from None

def _expected_notebooks(assignment: str) -> list[str]:
    return sorted(p.stem for p in (SOLUTIONS_DIR / assignment).glob("*.ipynb"))

#: Suffixes of files Python, IPython or Jupyter run or import on their own: never a data file.
_CODE_SUFFIXES = {".py", ".pyc", ".pyo", ".pyw", ".pyd", ".so", ".pth", ".ipy", ".egg-link"}
#: nbgrader's own file in a submission (when it was handed in).
SUBMISSION_STAMP = "timestamp.txt"


def _data_name(relative: Path) -> bool:
    """`relative` may be a data file: no hidden or cache folder, no code, no configuration file."""
    if any(part.startswith(".") or part == "__pycache__" for part in relative.parts):
        return False
    name = relative.name.lower()
    return (relative.suffix.lower() not in _CODE_SUFFIXES and "config" not in name and "matplotlibrc" not in name
            and not name.endswith(".mplstyle"))


def declared_data_files(assignment: str) -> list[str]:
    """The data files `assignment` declares: released with it (in solutions/<assignment>/, beside its notebooks).

    Relative paths (``/``-separated).  With the notebook, they are the only files of a submission that
    reach the grading kernel; a file of a kind Python, IPython, Jupyter or matplotlib would load on its
    own is never one.  No assignment declares any today.
    """
    folder = SOLUTIONS_DIR / assignment
    if not folder.is_dir():
        return []
    out = []
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if path.is_file() and not path.is_symlink() and path.suffix != ".ipynb" and _data_name(relative) \
                and ".ipynb_checkpoints" not in relative.parts:
            out.append(relative.as_posix())
    return out


def left_out_files(folder: Path, assignment: str) -> list[str]:
    """Files of a submission `folder` that never reach the grading kernel: all but its notebooks and declared data.

    Relative paths, sorted (folders end with ``/`` when a whole hidden or cache folder is left out).
    """
    keep = {f"{nb}.ipynb" for nb in _expected_notebooks(assignment)} | set(declared_data_files(assignment))
    keep.add(SUBMISSION_STAMP)
    out = []
    if not folder.is_dir():
        return out
    for root, dirs, files in os.walk(folder, followlinks=False):
        for name in files:
            relative = (Path(root) / name).relative_to(folder).as_posix()
            if relative not in keep:
                out.append(relative)
        for name in dirs:
            if os.path.islink(os.path.join(root, name)):
                out.append((Path(root) / name).relative_to(folder).as_posix())
    return sorted(out)


def _submitted_dir(workspace: Path | None) -> Path:
    return workspace_dir(workspace) / "submitted"

def _submissions(workspace: Path | None) -> list[tuple[str, str]]:
    root = _submitted_dir(workspace)
    if not root.is_dir():
        return []
    return sorted((a.parent.name, a.name) for a in root.glob("*/*") if a.is_dir())

def _assignment_of(notebook: Path) -> str:
    names = {nb.name: folder for folder in assignments() for nb in (SOLUTIONS_DIR / folder).glob("*.ipynb")}
    if notebook.name not in names:
        raise ReseauError(
            f"Ce carnet ne correspond à aucun exercice : « {notebook.name} ». "
            f"Les carnets notés sont : {', '.join(sorted(names))}. Gardez le nom d'origine du fichier.",
            value=notebook.name,
        )
    return names[notebook.name]
