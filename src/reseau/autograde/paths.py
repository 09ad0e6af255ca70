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
