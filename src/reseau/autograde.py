"""The trainer's grading cycle, on top of nbgrader's own commands.

Every step is one command (see `autograder/README.md`, in French):

    python -m reseau.autograde exercises          # nbgrader generate_assignment, solutions/ -> exercises/
    python -m reseau.autograde release            # the same, then nbgrader release_assignment (classroom server)
    python -m reseau.autograde collect DOSSIER    # a folder of notebooks, or an LMS zip (nbgrader zip_collect)
    python -m reseau.autograde collect            # without a folder: nbgrader collect, from the exchange
    python -m reseau.autograde autograde          # nbgrader autograde, one learner at a time
    python -m reseau.autograde feedback           # nbgrader generate_feedback (+ release_feedback to the exchange)
    python -m reseau.autograde export             # nbgrader export -> grades.csv
    python -m reseau.autograde report             # class report: success rate per question, score chart
    python -m reseau.autograde self-check CARNET  # a learner grades their own notebook

The Makefile wraps each one (`make autograde`, ...).  nbgrader itself runs from
`autograder/`, where `nbgrader_config.py` lives; the workspace (gradebook,
submitted, autograded, feedback, grades.csv, report) is `autograder/workspace/`,
or the folder named by the RESEAU_WORKSPACE environment variable.

The gradebook is SQLite (`gradebook.db` in the workspace) unless RESEAU_DB_URL names
another database (PostgreSQL): `gradebook_url` is the single place that decides, used
by this module and by `autograder/nbgrader_config.py` alike.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import functools
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from .errors import ReseauError

__all__ = [
    "PROJECT_ROOT",
    "AUTOGRADER_DIR",
    "workspace_dir",
    "DB_URL_ENV",
    "gradebook_url",
    "masked_url",
    "check_gradebook",
    "gradebook_exists",
    "assignments",
    "run_nbgrader",
    "generate_exercises",
    "exchange_root",
    "release_assignments",
    "collect_exchange",
    "release_feedback",
    "collect_folder",
    "collect_zip",
    "autograde",
    "refresh_csv",
    "generate_feedback",
    "export_grades",
    "gradebook_scores",
    "class_report",
    "self_check",
    "main",
]

PROJECT_ROOT = Path(__file__).resolve().parents[2]
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


#: Environment variable that moves the gradebook to another database (PostgreSQL).
DB_URL_ENV = "RESEAU_DB_URL"
#: Accepted URL schemes; `postgresql://` is read as psycopg2 (SQLAlchemy 2.1 would pick psycopg 3).
_POSTGRES_DRIVERS = {"postgresql", "postgresql+psycopg2"}
_DB_URL_EXAMPLE = "postgresql://formateur:motdepasse@localhost:5432/reseau_notes"


def masked_url(raw: str) -> str:
    """`raw` with any password replaced by ***, for messages (the password is never printed)."""
    import re

    if "://" not in raw:  # not a URL: anything after a colon may be a password
        return raw.split(":", 1)[0] + ":***" if ":" in raw else raw
    return re.sub(r"(://[^:/@]*):.*@", r"\1:***@", raw)


def _bad_db_url(raw: str, why: str) -> ReseauError:
    return ReseauError(
        f"Valeur invalide pour {DB_URL_ENV} : « {masked_url(raw)} ». {why} "
        f"Exemple : {_DB_URL_EXAMPLE} ; ou retirez la variable pour garder le carnet SQLite de l'espace de correction.",
        field=DB_URL_ENV, value=masked_url(raw))


def gradebook_url(workspace: Path | str | None = None) -> str:
    """The nbgrader gradebook's database URL: the single source of truth.

    $RESEAU_DB_URL when set (a `postgresql://`, `postgresql+psycopg2://` or absolute
    `sqlite:////...` URL, checked; `postgresql://` is returned as `postgresql+psycopg2://`),
    else `sqlite:///<workspace>/gradebook.db`.  A bad value raises `ReseauError` (French,
    naming RESEAU_DB_URL and the value with its password masked).
    """
    raw = os.environ.get(DB_URL_ENV, "").strip()
    if not raw:
        return f"sqlite:///{workspace_dir(workspace) / 'gradebook.db'}"
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        url = make_url(raw)
    except (ArgumentError, ValueError):
        raise _bad_db_url(raw, "Ce n'est pas une adresse de base de données lisible.") from None
    if url.drivername == "sqlite":
        if not url.database or url.database == ":memory:" or not Path(url.database).is_absolute():
            raise _bad_db_url(raw, "Pour SQLite, donnez le chemin absolu du fichier : sqlite:////chemin/gradebook.db "
                                   "(quatre barres obliques).")
        return url.render_as_string(hide_password=False)
    if url.drivername not in _POSTGRES_DRIVERS:
        raise _bad_db_url(raw, f"Type de base non pris en charge (« {url.drivername} ») : "
                               "seuls postgresql:// (ou postgresql+psycopg2://) et sqlite:/// le sont.")
    if not url.database:
        raise _bad_db_url(raw, "Le nom de la base manque à la fin de l'adresse (…/nom_de_la_base).")
    if not url.host and not url.query.get("host"):
        raise _bad_db_url(raw, "Le nom du serveur manque (…@serveur:port/…).")
    return url.set(drivername="postgresql+psycopg2").render_as_string(hide_password=False)


def _postgres_failure(url, message: str) -> ReseauError:
    """Word a PostgreSQL connection failure in French, with what to do."""
    host = url.host or url.query.get("host") or "localhost"
    port = url.port or 5432
    user = url.username or "postgres"
    where = f"le serveur PostgreSQL {host}:{port}"
    shown = masked_url(url.render_as_string(hide_password=True))
    low = message.lower()
    if "database" in low and "does not exist" in low:
        what = (f"la base « {url.database} » n'existe pas sur {where}. Créez-la (une fois) : "
                f"createdb -h {host} -p {port} -U {user} {url.database}")
    elif "password authentication failed" in low or "no password supplied" in low:
        what = (f"{where} refuse le mot de passe de l'utilisateur « {user} ». Vérifiez le mot de passe dans "
                f"{DB_URL_ENV} (ou changez-le sur le serveur : ALTER USER {user} PASSWORD '...';)")
    elif "role" in low and "does not exist" in low:
        what = (f"l'utilisateur « {user} » n'existe pas sur {where}. Créez-le (une fois) : "
                f"createuser -h {host} -p {port} --pwprompt {user}")
    elif any(k in low for k in ("connection refused", "could not connect", "could not translate host name",
                                 "timeout expired", "no route to host", "network is unreachable",
                                 "no such file or directory")):
        what = (f"{where} ne répond pas. Vérifiez qu'il est démarré (pg_isready -h {host} -p {port} ; "
                f"sinon : sudo systemctl start postgresql) et que le nom du serveur et le port sont justes")
    else:
        first = message.strip().splitlines()[0] if message.strip() else message
        what = f"{where} a refusé la connexion ({first})"
    return ReseauError(f"Carnet de notes injoignable ({DB_URL_ENV} = {shown}) : {what}.",
                       field=DB_URL_ENV, value=shown)


def check_gradebook(url: str | None = None, *, workspace: Path | str | None = None) -> str:
    """Check that the gradebook's database can be reached; return its URL.

    SQLite always can (nbgrader creates the file).  For PostgreSQL, the driver must be
    installed and a connection must open; else `ReseauError` says, in French, what to do
    (install the driver, start the server, create the database or the user, fix the password).
    """
    url = url or gradebook_url(workspace)
    if url.startswith("sqlite:"):
        return url
    try:
        import psycopg2  # noqa: F401
    except ImportError:
        raise ReseauError(
            f"{DB_URL_ENV} désigne une base PostgreSQL, mais son pilote (psycopg2) n'est pas installé. "
            "Installez-le depuis le dossier du projet : .venv/bin/pip install -e \".[postgres]\"",
            field=DB_URL_ENV, value=masked_url(url)) from None
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import DBAPIError

    engine = create_engine(url, connect_args={"connect_timeout": 10})
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except DBAPIError as err:
        raise _postgres_failure(make_url(url), str(getattr(err, "orig", err))) from None
    finally:
        engine.dispose()
    return url


def gradebook_exists(workspace: Path | str | None = None) -> bool:
    """True when the gradebook holds nbgrader's tables (asks the database, SQLite or PostgreSQL)."""
    url = gradebook_url(workspace)
    if url.startswith("sqlite:"):
        from sqlalchemy.engine import make_url

        if not Path(make_url(url).database).is_file():
            return False  # do not let the check create an empty file
    else:
        check_gradebook(url)
    from sqlalchemy import create_engine, inspect

    engine = create_engine(url)
    try:
        return "assignment" in inspect(engine).get_table_names()
    finally:
        engine.dispose()


def assignments() -> list[str]:
    """Assignment names, from the folders of `solutions/`."""
    return sorted(p.name for p in SOLUTIONS_DIR.iterdir() if p.is_dir() and any(p.glob("*.ipynb")))


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


def generate_exercises(release: Path | None = None, *, workspace: Path | None = None) -> list[Path]:
    """Generate the learners' notebooks from solutions/ (nbgrader generate_assignment)."""
    for name in assignments():
        run_nbgrader(["generate_assignment", name, "--force"], workspace=workspace, release=release, quiet=True)
    target = Path(release) if release is not None else EXERCISES_DIR
    return sorted(target.glob("*/*.ipynb"))


#: nbgrader's usual exchange folder, shared by the classroom server's participants (RESEAU_EXCHANGE overrides).
DEFAULT_EXCHANGE = "/srv/nbgrader/exchange"


def exchange_root() -> Path:
    """nbgrader's exchange folder: $RESEAU_EXCHANGE, else /srv/nbgrader/exchange."""
    return Path(os.environ.get("RESEAU_EXCHANGE") or DEFAULT_EXCHANGE)


def _released(root: Path) -> list[str]:
    outbound = root / COURSE_ID / "outbound"
    return sorted(p.name for p in outbound.iterdir() if p.is_dir()) if outbound.is_dir() else []


def _check_assignment(assignment: str | None) -> list[str]:
    names = assignments()
    if assignment is None:
        return names
    if assignment not in names:
        raise ReseauError(f"Exercice inconnu : « {assignment} ». Les exercices sont : {', '.join(names)}.",
                          field="assignment", value=assignment)
    return [assignment]


def release_assignments(assignment: str | None = None, *, workspace: Path | None = None,
                        release: Path | None = None) -> list[str]:
    """Generate the learners' notebooks, then put them in the exchange (nbgrader release_assignment).

    Participants of the classroom server then see them in their « Assignments » tab.
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
        print("Aucune nouvelle copie dans le dossier d'échange (les participants ont-ils cliqué « Submit » ?).")
    return out


def _stamp(folder: Path) -> str | None:
    try:
        return (folder / "timestamp.txt").read_text(encoding="utf-8").strip()
    except OSError:
        return None


def release_feedback(*, workspace: Path | None = None) -> list[str]:
    """Put the feedback of every graded assignment in the exchange (nbgrader release_feedback)."""
    root = exchange_root()
    if not (root / COURSE_ID).is_dir():
        return []
    graded = sorted({a.name for a in (workspace_dir(workspace) / "feedback").glob("*/*") if a.is_dir()})
    for name in graded:
        run_nbgrader(["release_feedback", name], workspace=workspace, quiet=True)
        print(f"retours publiés : {name} (les participants cliquent « Fetch Feedback »)")
    return graded


def _submitted_dir(workspace: Path | None) -> Path:
    return workspace_dir(workspace) / "submitted"


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
            for nb in assignment_dir.glob("*.ipynb"):
                shutil.copy2(nb, dest / nb.name)
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


def _submissions(workspace: Path | None) -> list[tuple[str, str]]:
    root = _submitted_dir(workspace)
    if not root.is_dir():
        return []
    return sorted((a.parent.name, a.name) for a in root.glob("*/*") if a.is_dir())


#: Words of the reasons worth printing during the run (the sandbox stopped something).
_SANDBOX_WORDS = ("noyau", "dépassé", "Sortie trop longue", "non exécutée", "trafiqué", "MemoryError",
                  "BlockingIOError", "PermissionError", "FileNotFoundError", "OSError", "ConnectionRefused")


def _expected_notebooks(assignment: str) -> list[str]:
    return sorted(p.stem for p in (SOLUTIONS_DIR / assignment).glob("*.ipynb"))


def _submission_scores(ws: Path, learner: str, assignment: str) -> list[CellScore]:
    from nbgrader.api import Gradebook, MissingEntry

    if not gradebook_exists(ws):
        return []
    out = []
    with Gradebook(gradebook_url(ws), COURSE_ID) as gb:
        try:
            submission = gb.find_submission(assignment, learner)
        except MissingEntry:
            return []
        for nb in submission.notebooks:
            for grade in nb.grades:
                out.append(CellScore(assignment, learner, nb.name, grade.name, float(grade.score),
                                     float(grade.max_score)))
    return out


def _record_zero(ws: Path, learner: str, assignment: str, notebooks: list[str]) -> None:
    """Give 0 to every graded cell of these notebooks (a refused or failed submission), in the gradebook."""
    import warnings

    from nbgrader.api import Gradebook

    with warnings.catch_warnings(), Gradebook(gradebook_url(ws), COURSE_ID) as gb:
        warnings.simplefilter("ignore")  # SQLAlchemy's autoflush notes inside nbgrader
        gb.update_or_create_student(learner)
        submission = gb.update_or_create_submission(assignment, learner)
        for nb in submission.notebooks:
            if nb.name not in notebooks:
                continue
            for grade in nb.grades:
                grade.auto_score = 0
                grade.manual_score = None
                grade.needs_manual_grade = False
        gb.db.commit()


def refresh_csv(workspace: Path | None = None) -> Path | None:
    """Rewrite grades.csv from the gradebook, atomically (nbgrader's CSV export, in this process)."""
    from nbgrader.api import Gradebook
    from nbgrader.plugins.export import CsvExportPlugin

    ws = workspace_dir(workspace)
    if not gradebook_exists(ws):
        return None
    target = ws / "grades.csv"
    fd, tmp = tempfile.mkstemp(prefix=".grades.", suffix=".csv", dir=ws)
    os.close(fd)
    try:
        with Gradebook(gradebook_url(ws), COURSE_ID) as gb:
            CsvExportPlugin(to=tmp).export(gb)
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return target


def _nbgrader_failure(log: str) -> str:
    import re

    if TIMEOUT_MARK in log:
        return (f"la correction de ce carnet a dépassé le temps total permis ({notebook_timeout():g} s) et a été "
                "arrêtée (trop de cellules lentes ?) : note 0 en attendant une vérification.")
    lines = [ln.strip() for ln in log.splitlines() if ln.strip()]
    raised = [ln for ln in lines if re.match(r"^[A-Za-z_][\w.]*(Error|Exception|Exit)\b", ln)]
    errors = [ln for ln in lines if "| ERROR]" in ln and "Please see" not in ln and "There was an error" not in ln
              and "Traceback" not in ln]
    detail = (raised[-1] if raised else errors[-1].split("]", 1)[-1].strip() if errors
              else (lines[-1] if lines else ""))[:300]
    return f"la correction automatique de ce carnet a échoué ({detail}) : note 0 en attendant une vérification."


def autograde(*, workspace: Path | None = None, assignment: str | None = None,
              student: str | None = None, force: bool = False, sandbox: bool = True) -> dict[tuple[str, str], bool]:
    """Autograde every submission (or one), one learner at a time so one failure stops no one.

    Each learner's notebooks are checked first (`grading_journal.check_submission`): a
    broken, empty, misnamed or linked file scores 0 with a French reason instead of stopping
    the run.  The rest goes through `nbgrader autograde`, whose kernels run in the sandbox
    (`reseau.sandbox`) unless `sandbox` is False or RESEAU_NO_SANDBOX=1 (the trainer's
    explicit choice, printed as a warning).  Without a working sandbox, grading is refused
    (`SandboxUnavailable`, French message with the install command).

    A submission already graded in an earlier run, unchanged since, is not graded again
    unless `force`: a run killed halfway is completed by the next one.  The journal
    (``journal_correction.json``), the reasons (``motifs.csv``) and ``grades.csv`` are
    rewritten after every learner.

    Returns {(learner, assignment): True when graded (or refused with a reason), False on failure}.
    """
    from . import sandbox as sb
    from .grading_journal import (STATUS_FAILED, STATUS_GRADED, STATUS_REJECTED, Journal, cell_reasons,
                                  check_submission, fingerprint, write_reasons_csv)

    ws = workspace_dir(workspace)
    unsafe = (not sandbox) or sb.sandbox_disabled()
    env_extra = {sb.NO_SANDBOX_ENV: "1"} if unsafe else {}
    if unsafe:
        print("!" * 100, file=sys.stderr)
        print(sb.NO_SANDBOX_WARNING, file=sys.stderr)
        print("!" * 100, file=sys.stderr)
    else:
        sb.require_sandbox()
    journal = Journal(ws)
    if gradebook_exists(ws):
        refresh_csv(ws)  # a run killed earlier may have left a CSV behind the gradebook
    done: dict[tuple[str, str], bool] = {}
    for learner, name in _submissions(ws):
        if (assignment and name != assignment) or (student and learner != student):
            continue
        folder = _submitted_dir(ws) / learner / name
        print_ = fingerprint(folder)
        previous = journal.get(learner, name)
        if (not force and previous and previous.get("statut") in {STATUS_GRADED, STATUS_REJECTED}
                and previous.get("empreinte") == print_ and _submission_scores(ws, learner, name)):
            print(f"{learner} / {name} : déjà corrigé ({previous.get('note', 0):g} / {previous.get('sur', 0):g}), "
                  "copie inchangée")
            done[(learner, name)] = True
            continue
        journal.start(learner, name, print_, sandbox=not unsafe)
        expected = _expected_notebooks(name)
        check = check_submission(folder, expected)
        refused = dict(check.refused)
        if check.whole:
            refused = {nb_id: check.whole for nb_id in expected}
        status = STATUS_GRADED
        message = None
        if not check.gradable:
            shutil.rmtree(ws / "autograded" / learner / name, ignore_errors=True)  # no stale corrected copy
        else:
            runs = [[]] if not refused else [["--notebook", nb_id] for nb_id in check.valid]
            for extra in runs:
                proc = run_nbgrader(["autograde", name, "--student", learner, "--force", *extra], workspace=ws,
                                    check=False, quiet=True, env_extra=env_extra, timeout=notebook_timeout())
                if proc.returncode != 0:
                    status = STATUS_FAILED
                    message = proc.stdout[-4000:]
                    failed = [extra[1]] if extra else check.valid
                    for nb_id in failed:
                        refused[nb_id] = _nbgrader_failure(proc.stdout)
        if refused:
            _record_zero(ws, learner, name, list(refused))
            if status == STATUS_GRADED and not check.valid:
                status = STATUS_REJECTED
        scores = _submission_scores(ws, learner, name)
        reasons = []
        for nb_id in expected:
            these = [s for s in scores if s.notebook == nb_id]
            if nb_id in refused:
                reasons += [{"carnet": nb_id, "question": s.cell, "points": s.score, "sur": s.max_score,
                             "motif": refused[nb_id]} for s in these]
            else:
                reasons += cell_reasons(ws / "autograded" / learner / name / f"{nb_id}.ipynb", these)
        score = sum(s.score for s in scores)
        max_score = sum(s.max_score for s in scores)
        journal.finish(learner, name, status, score=score, max_score=max_score, reasons=reasons, message=message)
        write_reasons_csv(ws, journal)
        refresh_csv(ws)
        done[(learner, name)] = status != STATUS_FAILED
        label = {STATUS_GRADED: "corrigé", STATUS_REJECTED: "REFUSÉ", STATUS_FAILED: "ÉCHEC de la correction"}[status]
        print(f"{learner} / {name} : {label}, {score:g} / {max_score:g}")
        shown = set()
        for r in reasons:
            motif = r["motif"]
            if r["carnet"] in refused or any(k in motif for k in _SANDBOX_WORDS):
                if (r["carnet"], motif) in shown and r["carnet"] in refused:
                    continue
                shown.add((r["carnet"], motif))
                where = r["carnet"] if r["carnet"] in refused else f"{r['question']} ({r['points']:g} / {r['sur']:g})"
                print(f"    {where} : {motif}")
        if status == STATUS_FAILED and message:
            print(message)
    if done:
        print(f"Motifs des points perdus : {ws / 'motifs.csv'}")
    return done


def generate_feedback(*, workspace: Path | None = None) -> None:
    """HTML feedback for every autograded submission (nbgrader generate_feedback)."""
    graded = sorted({a.name for a in (workspace_dir(workspace) / "autograded").glob("*/*") if a.is_dir()})
    for name in graded:
        run_nbgrader(["generate_feedback", name, "--force"], workspace=workspace, quiet=True)


def export_grades(*, workspace: Path | None = None) -> Path:
    """Export the gradebook to grades.csv in the workspace (nbgrader export)."""
    run_nbgrader(["export"], workspace=workspace, quiet=True)
    return workspace_dir(workspace) / "grades.csv"


@dataclass(frozen=True)
class CellScore:
    assignment: str
    student: str
    notebook: str
    cell: str
    score: float
    max_score: float


def gradebook_scores(*, workspace: Path | None = None) -> list[CellScore]:
    """Every graded cell's score for every submission in the gradebook."""
    from nbgrader.api import Gradebook

    if not gradebook_exists(workspace):
        shown = masked_url(gradebook_url(workspace))
        raise ReseauError(f"Pas de carnet de notes ({shown}) : lancez d'abord la correction (make autograde).",
                          value=shown)
    out = []
    with Gradebook(gradebook_url(workspace), COURSE_ID) as gb:
        for assignment in gb.assignments:
            for submission in gb.assignment_submissions(assignment.name):
                for nb in submission.notebooks:
                    for grade in nb.grades:
                        out.append(CellScore(assignment.name, submission.student.id, nb.name, grade.name,
                                             float(grade.score), float(grade.max_score)))
    return out


def question_labels() -> dict[tuple[str, str], str]:
    """{(assignment, test cell id): the French one-line docstring that says what the cell checks}."""
    import nbformat

    labels = {}
    for name in assignments():
        for path in (SOLUTIONS_DIR / name).glob("*.ipynb"):
            for cell in nbformat.read(path, as_version=4).cells:
                meta = cell.metadata.get("nbgrader", {})
                if meta.get("grade") and cell.cell_type == "code":
                    first = cell.source.strip().splitlines()[0] if cell.source.strip() else ""
                    labels[(name, meta["grade_id"])] = first.strip('"').strip() or meta["grade_id"]
    return labels


def class_report(*, workspace: Path | None = None, out_dir: Path | None = None) -> Path:
    """Write the class report (Markdown, CSV of success rates, PNG charts); return the Markdown path.

    For each assignment: the success rate of each question (share of learners with
    full marks on that test cell), and the distribution of total scores.  Submissions
    collected but not graded are listed, and the report then says it is partial.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ws = workspace_dir(workspace)
    out_dir = Path(out_dir) if out_dir is not None else ws / "rapport"
    out_dir.mkdir(parents=True, exist_ok=True)
    from .fmt import number, percent

    scores = gradebook_scores(workspace=ws)
    labels = question_labels()
    graded = {(s.student, s.assignment) for s in scores}
    pending = [pair for pair in _submissions(ws) if pair not in graded]

    lines = ["# Rapport de la classe", ""]
    if pending:
        lines += [
            "**Attention : rapport partiel.** Ces copies ont été collectées mais pas (encore) corrigées :",
            "",
            *[f"- {learner} / {name}" for learner, name in pending],
            "",
            "Relancez `make autograde` puis `make report` pour un rapport complet.",
            "",
        ]
    rates_rows = []
    for name in sorted({s.assignment for s in scores}):
        cells = [s for s in scores if s.assignment == name]
        students = sorted({s.student for s in cells})
        max_total = sum({(s.notebook, s.cell): s.max_score for s in cells}.values())
        totals = {st: sum(s.score for s in cells if s.student == st) for st in students}
        mean = sum(totals.values()) / len(totals)
        lines += [f"## {name}", "",
                  f"{len(students)} copie(s) corrigée(s) ; moyenne {number(mean, 2, strip=True)} / {number(max_total, 1, strip=True)}.",
                  "", "| question | ce qu'elle vérifie | points | taux de réussite |", "|---|---|---:|---:|"]
        for cell in dict.fromkeys(s.cell for s in cells):
            these = [s for s in cells if s.cell == cell]
            ok = sum(1 for s in these if s.score >= s.max_score)
            rate = ok / len(these)
            label = labels.get((name, cell), cell)
            lines.append(f"| {cell} | {label} | {number(these[0].max_score, 1, strip=True)} | {percent(rate, 0)} |")
            rates_rows.append((name, cell, label, these[0].max_score, len(these), ok, rate))
        fig, ax = plt.subplots(figsize=(6, 3.5))
        ax.hist(list(totals.values()), bins=range(0, int(max_total) + 2), color="#2a6f97", edgecolor="white",
                align="left")
        ax.set_title(f"Répartition des notes : {name}")
        ax.set_xlabel(f"Note (points sur {max_total:g})")
        ax.set_ylabel("Nombre d'apprenants")
        fig.tight_layout()
        chart = out_dir / f"notes_{name}.png"
        fig.savefig(chart, dpi=100)
        plt.close(fig)
        lines += ["", f"![Répartition des notes]({chart.name})", ""]
    with open(out_dir / "taux_de_reussite.csv", "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["exercice", "question", "ce_qu_elle_verifie", "points", "copies", "réussites", "taux"])
        for row in rates_rows:
            writer.writerow([row[0], row[1], row[2], f"{row[3]:g}", row[4], row[5], f"{row[6]:.4f}"])
    report = out_dir / "rapport.md"
    report.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return report


def _assignment_of(notebook: Path) -> str:
    names = {nb.name: folder for folder in assignments() for nb in (SOLUTIONS_DIR / folder).glob("*.ipynb")}
    if notebook.name not in names:
        raise ReseauError(
            f"Ce carnet ne correspond à aucun exercice : « {notebook.name} ». "
            f"Les carnets notés sont : {', '.join(sorted(names))}. Gardez le nom d'origine du fichier.",
            value=notebook.name,
        )
    return names[notebook.name]


class _quiet_stderr:
    """Silence the no-sandbox banner for a learner's own self-check (it is meant for trainers)."""

    def __init__(self, active: bool):
        self.active = active

    def __enter__(self):
        if self.active:
            import io

            self._saved, sys.stderr = sys.stderr, io.StringIO()
        return self

    def __exit__(self, *exc):
        if self.active:
            sys.stderr = self._saved
        return False


def self_check(notebook: Path | str, *, keep: Path | None = None, sandbox: bool = True,
               wait: bool = False) -> tuple[float, float, Path]:
    """Grade one learner's notebook against the hidden tests, in a private temporary workspace.

    Prints the score of each question and returns (score, max_score, feedback HTML path).
    The workspace is locked for the run (`reseau.workspace_lock`; `wait`: wait for another self-check).
    """
    from .workspace_lock import workspace_lock

    notebook = Path(notebook).resolve()
    if not notebook.is_file():
        raise ReseauError(f"Carnet introuvable : {notebook}. Donnez le chemin de votre carnet d'exercice.",
                          value=str(notebook))
    name = _assignment_of(notebook)
    ws = Path(keep) if keep is not None else AUTOGRADER_DIR / "workspace" / "auto-evaluation"
    with workspace_lock(ws, "self-check", wait=wait), _private_gradebook():
        return _self_check(notebook, name, ws=ws, sandbox=sandbox)


class _private_gradebook:
    """A self-check keeps its grades in its own SQLite file, never in the trainer's RESEAU_DB_URL."""

    def __enter__(self):
        self._saved = os.environ.pop(DB_URL_ENV, None)
        return self

    def __exit__(self, *exc):
        if self._saved is not None:
            os.environ[DB_URL_ENV] = self._saved
        return False


def _self_check(notebook: Path, name: str, *, ws: Path, sandbox: bool) -> tuple[float, float, Path]:
    from .workspace_lock import LOCK_NAME

    for old in ws.iterdir():  # a fresh workspace, but the lock file stays (it is held)
        if old.name == LOCK_NAME:
            continue
        if old.is_dir() and not old.is_symlink():
            shutil.rmtree(old)
        else:
            old.unlink()
    with tempfile.TemporaryDirectory() as tmp:
        run_nbgrader(["generate_assignment", name, "--force"], workspace=ws, release=Path(tmp), quiet=True)
    dest = ws / "submitted" / "moi" / name
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy2(notebook, dest / notebook.name)
    from . import sandbox as sb

    # your own code on your own machine: the sandbox when it works, else a plain run (said once)
    use_sandbox = sandbox and not sb.sandbox_disabled() and sb.sandbox_problem() is None
    if sandbox and not use_sandbox and not sb.sandbox_disabled():
        print("Remarque : auto-évaluation sans bac à sable (bubblewrap absent ou indisponible) ; "
              "c'est votre propre code, sur votre machine.")
    with _quiet_stderr(not use_sandbox):
        autograde(workspace=ws, assignment=name, force=True, sandbox=use_sandbox)
    generate_feedback(workspace=ws)
    cells = [s for s in gradebook_scores(workspace=ws) if s.assignment == name]
    if not cells:
        raise ReseauError("La correction n'a rien noté : vérifiez que votre carnet s'ouvre et s'exécute.", value=name)
    from .grading_journal import Journal

    entry = Journal(ws).get("moi", name) or {}
    refused = {r["motif"] for r in entry.get("motifs", []) if entry.get("statut") != "corrigé"}
    for motif in sorted(refused):
        print(f"Attention : {motif}")
    print(f"\nAuto-évaluation de {notebook.name} :")
    for s in cells:
        mark = "réussi" if s.score >= s.max_score else "à revoir"
        print(f"  {s.cell:32s} {s.score:g} / {s.max_score:g}  {mark}")
    score = sum(s.score for s in cells)
    max_score = sum(s.max_score for s in cells)
    feedback = ws / "feedback" / "moi" / name / notebook.with_suffix(".html").name
    print(f"Total : {score:g} / {max_score:g}")
    print(f"Le détail, avec les messages des tests : {feedback}")
    return score, max_score, feedback


def main(argv: list[str] | None = None) -> int:
    from .workspace_lock import EXIT_BUSY, WorkspaceBusy, workspace_lock

    parser = argparse.ArgumentParser(prog="python -m reseau.autograde",
                                     description="Le cycle de correction des exercices (nbgrader).",
                                     epilog=f"Code de sortie {EXIT_BUSY} : l'espace de correction est occupé par une "
                                            "autre commande (relancez plus tard, ou avec --attendre).")
    waits = argparse.ArgumentParser(add_help=False)  # every command: one at a time on a workspace
    waits.add_argument("--attendre", action="store_true",
                       help="si une autre commande occupe l'espace de correction, attendre sa fin au lieu d'abandonner")
    sub = parser.add_subparsers(dest="command", required=True)
    add = functools.partial(sub.add_parser, parents=[waits])  # --attendre on every command
    add("exercises", help="génère exercises/ à partir de solutions/")
    p = add("release", help="génère les exercices et les distribue par le dossier d'échange")
    p.add_argument("--assignment", help="un seul exercice (sinon tous)")
    p = add("collect", help="collecte les copies (dossier, zip d'une plateforme, ou dossier d'échange)")
    p.add_argument("source", nargs="?", help="dossier ou zip ; sans lui, le dossier d'échange du serveur de classe")
    p.add_argument("--assignment", help="exercice (obligatoire pour un zip)")
    p = add("autograde", help="corrige les copies collectées (dans le bac à sable)")
    p.add_argument("--tout", action="store_true", help="recorrige aussi les copies déjà corrigées et inchangées")
    p.add_argument("--apprenant", help="ne corrige que cet apprenant")
    p.add_argument("--exercice", help="ne corrige que cet exercice")
    p.add_argument("--sans-bac-a-sable", action="store_true",
                   help="DANGEREUX : exécute le code des apprenants sans bac à sable, avec vos droits")
    add("feedback", help="produit les retours HTML")
    add("export", help="exporte les notes en CSV")
    add("report", help="rapport de la classe")
    p = add("self-check", help="un apprenant corrige son propre carnet")
    p.add_argument("notebook")
    p.add_argument("--sans-bac-a-sable", action="store_true", help="sans bac à sable (votre propre code)")
    args = parser.parse_args(argv)
    held = contextlib.ExitStack()  # the workspace's lock, for the whole command
    try:
        if args.command != "self-check":  # self_check locks its own workspace
            held.enter_context(workspace_lock(workspace_dir(), args.command, wait=args.attendre))
        if args.command == "exercises":
            for path in generate_exercises():
                print(path.relative_to(PROJECT_ROOT))
        elif args.command == "release":
            release_assignments(args.assignment)
        elif args.command == "collect" and not args.source:
            collect_exchange(args.assignment)
        elif args.command == "collect":
            if args.source.endswith(".zip"):
                if not args.assignment:
                    raise ReseauError("Pour un zip, précisez l'exercice : --assignment 01_force_des_liens.")
                collect_zip(args.source, args.assignment)
            else:
                for learner, name in collect_folder(args.source):
                    print(f"collecté : {learner} / {name}")
        elif args.command == "autograde":
            done = autograde(force=args.tout, student=args.apprenant, assignment=args.exercice,
                             sandbox=not args.sans_bac_a_sable)
            if not done:
                print("Aucune copie à corriger : collectez d'abord les copies (make collect SOURCE=...).")
        elif args.command == "feedback":
            generate_feedback()
            release_feedback()
        elif args.command == "export":
            print(f"Notes exportées : {export_grades()}")
        elif args.command == "report":
            print(f"Rapport : {class_report()}")
        elif args.command == "self-check":
            self_check(args.notebook, sandbox=not args.sans_bac_a_sable, wait=args.attendre)
    except WorkspaceBusy as err:
        print(f"Erreur : {err}", file=sys.stderr)
        return EXIT_BUSY
    except ReseauError as err:
        print(f"Erreur : {err}", file=sys.stderr)
        return 2
    finally:
        held.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
