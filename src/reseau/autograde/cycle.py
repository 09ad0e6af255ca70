"""The trainer's cycle around grading, on top of nbgrader's own commands.

Generate the learners' notebooks (`generate_assignment`), release them to the classroom
server's exchange, collect submissions (a folder, an LMS zip, or the exchange), generate
and release feedback, export grades.  Each runs `nbgrader` as a command from `autograder/`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from ..errors import ReseauError
from .gradebook import check_gradebook, shared_engines
from .paths import (AUTOGRADER_DIR, COURSE_ID, EXERCISES_DIR, PROJECT_ROOT, TIMEOUT_MARK, _check_assignment,
                    _submissions, _submitted_dir, assignments, exchange_root, workspace_dir)


def _nbgrader_executable() -> str:
    candidate = Path(sys.executable).parent / "nbgrader"
    return str(candidate) if candidate.exists() else "nbgrader"

def _die_with_parent() -> None:  # pragma: no cover - runs in the child
    """Linux: nbgrader (and so its sandboxed kernel) is killed if the grading process is killed."""
    try:
        import ctypes
        import signal

        ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGKILL))  # PR_SET_PDEATHSIG
    except Exception:  # noqa: BLE001 - best effort, not on every system
        pass

def run_nbgrader(args: list[str], *, workspace: Path | None = None, release: Path | None = None,
                 check: bool = True, quiet: bool = False, env_extra: dict[str, str] | None = None,
                 timeout: float | None = None) -> subprocess.CompletedProcess:
    """Run `nbgrader <args>` from autograder/ with the given workspace (and release folder).

    With `timeout`, a run that takes longer is killed (its sandboxed kernel dies with it)
    and comes back with return code -9 and TIMEOUT_MARK in its output.
    """
    check_gradebook(workspace=workspace)  # a French message now rather than a traceback from nbgrader
    env = dict(os.environ)
    env.update(env_extra or {})
    env["RESEAU_WORKSPACE"] = str(workspace_dir(workspace))
    if release is not None:
        env["RESEAU_RELEASE"] = str(Path(release).resolve())
    # nbgrader calls `alembic` as a subprocess: the venv's bin must be on PATH
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    workspace_dir(workspace).mkdir(parents=True, exist_ok=True)
    try:
        proc = subprocess.run(
            [_nbgrader_executable(), *args], cwd=AUTOGRADER_DIR, env=env, text=True, errors="replace",
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=timeout,
            preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,
        )
    except subprocess.TimeoutExpired as expired:
        out = expired.output.decode("utf-8", "replace") if isinstance(expired.output, bytes) else (expired.output or "")
        proc = subprocess.CompletedProcess(expired.cmd, -9, f"{out}\n{TIMEOUT_MARK}: {timeout:g} s\n")
    if not quiet and proc.stdout:
        print(proc.stdout, end="")
    if check and proc.returncode != 0:
        raise ReseauError(
            f"La commande « nbgrader {' '.join(args)} » a échoué (code {proc.returncode}). "
            "Lisez les messages ci-dessus ; vérifiez que vous lancez bien la commande depuis le dossier du projet.",
            value=proc.returncode,
        )
    return proc

def generate_exercises(release: Path | None = None, *, workspace: Path | None = None,
                       only: list[str] | None = None) -> list[Path]:
    """Generate the learners' notebooks from solutions/ into exercises/ (or `release`), and register them
    in the gradebook (nbgrader's GenerateAssignment, in this process; `only`: these assignments)."""
    import warnings

    from nbgrader.converters import GenerateAssignment
    from nbgrader.converters.base import NbGraderException
    from nbgrader.coursedir import CourseDirectory

    from .convert import _cwd, load_config, quiet_logger

    ws = workspace_dir(workspace)
    check_gradebook(workspace=ws)  # a French message now rather than a traceback from nbgrader
    ws.mkdir(parents=True, exist_ok=True)
    config = load_config(ws, release=release)
    for name in only if only is not None else assignments():
        coursedir = CourseDirectory(config=config)
        coursedir.root = str(PROJECT_ROOT)
        coursedir.assignment_id = name
        converter = GenerateAssignment(coursedir=coursedir, config=config)
        converter.log, errors = quiet_logger("generate_assignment")
        converter.force = True
        try:
            with _cwd(PROJECT_ROOT), warnings.catch_warnings(), shared_engines():
                warnings.simplefilter("ignore")
                converter.start()
        except NbGraderException:
            raise ReseauError(f"La génération de l'exercice « {name} » a échoué ({errors.last_error()}). "
                              f"Vérifiez le carnet source dans solutions/{name}/.", value=name) from None
    target = Path(release) if release is not None else EXERCISES_DIR
    return sorted(target.glob("*/*.ipynb"))

def _released(root: Path) -> list[str]:
    outbound = root / COURSE_ID / "outbound"
    return sorted(p.name for p in outbound.iterdir() if p.is_dir()) if outbound.is_dir() else []

def release_assignments(assignment: str | None = None, *, workspace: Path | None = None,
                        release: Path | None = None) -> list[str]:
    """Generate the learners' notebooks, then put them in the exchange (nbgrader release_assignment).

    Participants of the classroom server then see them in their exercise panel (« Mes quiz et exercices »).
    Returns the names released.
    """
    names = _check_assignment(assignment)
    generate_exercises(release, workspace=workspace)
    root = exchange_root()
    for name in names:
        run_nbgrader(["release_assignment", name, "--force"], workspace=workspace, release=release, quiet=True)
        print(f"distribué : {name} (dossier d'échange {root})")
    return names

def collect_exchange(assignment: str | None = None, *, workspace: Path | None = None) -> list[tuple[str, str]]:
    """Collect what participants submitted through the exchange (nbgrader collect --update).

    Returns the (learner, assignment) pairs whose copy is new or newer since the last collect.
    """
    root = exchange_root()
    released = _released(root)
    if assignment is not None:
        _check_assignment(assignment)
    names = [assignment] if assignment else released
    if not names or (assignment and assignment not in released):
        raise ReseauError(
            f"Aucun exercice distribué dans le dossier d'échange {root} : distribuez d'abord avec « make release » "
            "(ou, pour des copies rendues autrement, make collect SOURCE=dossier-ou-zip).",
            field="exchange", value=str(root))
    submitted = _submitted_dir(workspace)
    before = {pair: _stamp(submitted / pair[0] / pair[1]) for pair in _submissions(workspace)}
    for name in names:
        run_nbgrader(["collect", name, "--update"], workspace=workspace, quiet=True)
    out = []
    for pair in _submissions(workspace):
        if pair[1] in names and before.get(pair) != _stamp(submitted / pair[0] / pair[1]):
            out.append(pair)
            print(f"collecté : {pair[0]} / {pair[1]}")
    if not out:
        print("Aucune nouvelle copie dans le dossier d'échange (les participants ont-ils cliqué « Rendre » ?).")
    return out

def _stamp(folder: Path) -> str | None:
    try:
        return (folder / "timestamp.txt").read_text(encoding="utf-8").strip()
    except OSError:
        return None

def release_feedback(*, workspace: Path | None = None, assignment: str | None = None) -> list[str]:
    """Put the feedback of every graded assignment (or of one) in the exchange (nbgrader release_feedback)."""
    root = exchange_root()
    if not (root / COURSE_ID).is_dir():
        return []
    graded = sorted({a.name for a in (workspace_dir(workspace) / "feedback").glob("*/*") if a.is_dir()
                     and (assignment is None or a.name == assignment)})
    for name in graded:
        run_nbgrader(["release_feedback", name], workspace=workspace, quiet=True)
        print(f"retours publiés : {name} (les participants les voient dans leur panneau « Mes quiz et exercices »)")
    return graded

def collect_folder(source: Path | str, *, workspace: Path | None = None) -> list[tuple[str, str]]:
    """Copy submissions from `source/<learner>/<assignment>/*.ipynb` into the workspace.

    Returns the (learner, assignment) pairs collected.  Unknown assignment folders are
    reported in French and not silently dropped.
    """
    source = Path(source)
    if not source.is_dir():
        raise ReseauError(f"Dossier introuvable : {source}. Indiquez le dossier qui contient un sous-dossier par apprenant.",
                          value=str(source))
    known = set(assignments())
    collected = []
    for learner_dir in sorted(p for p in source.iterdir() if p.is_dir()):
        for assignment_dir in sorted(p for p in learner_dir.iterdir() if p.is_dir()):
            if assignment_dir.name not in known:
                raise ReseauError(
                    f"Exercice inconnu « {assignment_dir.name} » pour l'apprenant « {learner_dir.name} ». "
                    f"Les exercices sont : {', '.join(sorted(known))}. Renommez le dossier.",
                    field="assignment", row=learner_dir.name, value=assignment_dir.name,
                )
            dest = _submitted_dir(workspace) / learner_dir.name / assignment_dir.name
            dest.mkdir(parents=True, exist_ok=True)
            # the whole copy, as the exchange collects it (links kept as links: the grading refuses them): only its
            # notebooks reach the grading kernel, the other files are listed in the journal (paths.left_out_files)
            shutil.copytree(assignment_dir, dest, symlinks=True, dirs_exist_ok=True)
            collected.append((learner_dir.name, assignment_dir.name))
    if not collected:
        raise ReseauError(
            f"Aucune copie trouvée dans {source}. Rangement attendu : {source}/<apprenant>/<exercice>/<carnet>.ipynb.",
            value=str(source),
        )
    return collected

#: File names inside an LMS zip: <learner>_<notebook>.ipynb, the learner id without "_".
ZIP_REGEXP = r".*/(?P<student_id>[^/_]+)_(?P<file_id>[^/]+\.ipynb)$"

def collect_zip(archive: Path | str, assignment: str, *, workspace: Path | None = None) -> list[tuple[str, str]]:
    """Collect an LMS zip of notebooks named `<learner>_<notebook>.ipynb` with nbgrader zip_collect.

    Returns the (learner, assignment) pairs collected.
    """
    archive = Path(archive)
    if not zipfile.is_zipfile(archive):
        raise ReseauError(f"Ce fichier n'est pas une archive zip : {archive}.", value=str(archive))
    _check_assignment(assignment)
    downloaded = workspace_dir(workspace) / "downloaded"
    target = downloaded / assignment / "archive"
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy2(archive, target / archive.name)
    before = set(_submissions(workspace))
    # zip_collect joins the project root and this folder before formatting: give it relative to the root
    run_nbgrader([
        "zip_collect", assignment, "--force",
        f"--ZipCollectApp.downloaded_directory={os.path.relpath(downloaded, PROJECT_ROOT)}",
        f"--FileNameCollectorPlugin.named_regexp={ZIP_REGEXP}",
    ], workspace=workspace, quiet=True)
    new = sorted(set(_submissions(workspace)) - before)
    with zipfile.ZipFile(archive) as zf:
        names = [n for n in zf.namelist() if n.endswith(".ipynb")]
    if not new and names:
        raise ReseauError(
            f"Aucune copie collectée depuis {archive.name} : les fichiers doivent s'appeler "
            "<apprenant>_<carnet>.ipynb (par exemple dupont-marie_force_des_liens.ipynb).",
            value=names[0],
        )
    for learner, name in new:
        print(f"collecté : {learner} / {name}")
    return new

def generate_feedback(*, workspace: Path | None = None, assignment: str | None = None,
                      student: str | None = None) -> list[tuple[str, str]]:
    """HTML feedback for every autograded submission, or one (nbgrader's GenerateFeedback, in this process).

    A submission whose grading a killed run left unfinished (journal: « en cours ») gets none: its
    partial zeros must not reach the learner; the next `make autograde` finishes it.  Returns the
    (learner, assignment) pairs left out.
    """
    import warnings

    from nbgrader.converters import GenerateFeedback
    from nbgrader.converters.base import NbGraderException
    from nbgrader.coursedir import CourseDirectory

    from .convert import _cwd, load_config, quiet_logger
    from .journal import Journal

    ws = workspace_dir(workspace)
    check_gradebook(workspace=ws)
    graded = sorted({a.name for a in (ws / "autograded").glob("*/*") if a.is_dir()})
    unfinished = Journal(ws).unfinished()
    config = load_config(ws)
    for name in graded:
        if assignment is not None and name != assignment:
            continue
        coursedir = CourseDirectory(config=config)
        coursedir.root = str(PROJECT_ROOT)
        coursedir.assignment_id = name
        if student is not None:
            coursedir.student_id = student
        left_out = [learner for learner, exercise in unfinished if exercise == name]
        for learner in left_out:
            print(f"pas de retour pour {learner} / {name} : sa correction n'est pas finie (relancez make autograde, "
                  "puis make feedback)")
        if left_out:
            coursedir.student_id_exclude = ",".join(left_out)
        converter = GenerateFeedback(coursedir=coursedir, config=config)
        converter.log, errors = quiet_logger("generate_feedback")
        converter.force = True
        try:
            with _cwd(PROJECT_ROOT), warnings.catch_warnings():
                warnings.simplefilter("ignore")
                converter.start()
        except NbGraderException:
            raise ReseauError(f"Les retours de l'exercice « {name} » n'ont pas pu être produits "
                              f"({errors.last_error()}). Relancez make autograde, puis make feedback.",
                              value=name) from None
        french_feedback(ws, name, student=student, exclude=set(left_out))
    return [pair for pair in unfinished if assignment is None or pair[1] == assignment]


def french_feedback(ws: Path, name: str, *, student: str | None = None, exclude: set[str] = frozenset()) -> list[Path]:
    """Replace nbgrader's English feedback pages of assignment `name` by the French page (`retour.feedback_page`),
    keeping the files nbgrader's exchange needs beside them; returns the pages written."""
    from .correction import answers_held
    from .gradebook import _submission_scores
    from .journal import atomic_write_text
    from .report import question_labels
    from .retour import feedback_page

    held = answers_held(name, ws)
    labels = {cell: label for (assignment, cell), label in question_labels().items() if assignment == name}
    written = []
    for folder in sorted((ws / "feedback").glob(f"*/{name}")):
        learner = folder.parent.name
        if (student is not None and learner != student) or learner in exclude:
            continue
        scores = _submission_scores(ws, learner, name)
        for page in sorted(folder.glob("*.html")):
            graded = ws / "autograded" / learner / name / f"{page.stem}.ipynb"
            mine = [s for s in scores if s.notebook == page.stem]
            mode = page.stat().st_mode & 0o777  # nbgrader's page is readable by all: the exchange copies the mode
            atomic_write_text(page, feedback_page(graded, mine, labels, assignment=name, held=held))
            os.chmod(page, mode | 0o444)
            written.append(page)
    return written


def export_grades(*, workspace: Path | None = None) -> Path:
    """Export the gradebook to grades.csv in the workspace (nbgrader's CSV export, in this process, atomically)."""
    from .gradebook import masked_url, gradebook_url, refresh_csv

    path = refresh_csv(workspace)
    if path is None:
        shown = masked_url(gradebook_url(workspace))
        raise ReseauError(f"Pas de carnet de notes ({shown}) : lancez d'abord la correction (make autograde).",
                          value=shown)
    return path
