"""The gradebook: its URL (SQLite in the workspace or PostgreSQL), reading scores, writing zeros, grades.csv.

`gradebook_url` is the single place that decides which database holds the grades, used by
the grading commands and by `autograder/nbgrader_config.py` alike.  During a run, only the
grading process (`reseau.autograde.pipeline`) writes to it: SQLite has one writer.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..errors import ReseauError
from .paths import COURSE_ID, workspace_dir


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

def require_assignments(names, workspace: Path | str | None = None) -> None:
    """Raise a French ReseauError naming every assignment of `names` that the workspace's gradebook does not
    know (never generated there: nbgrader would stop on its English MissingEntry), with what to do."""
    from nbgrader.api import Gradebook

    wanted = sorted(set(names))
    if not wanted:
        return
    known: set[str] = set()
    if gradebook_exists(workspace):
        with Gradebook(gradebook_url(workspace), COURSE_ID) as gb:
            known = {a.name for a in gb.assignments}
    missing = [name for name in wanted if name not in known]
    if missing:
        from .paths import workspace_dir

        listed = ", ".join(f"« {name} »" for name in missing)
        which = ("Ces quiz ou exercices n'ont jamais été générés" if len(missing) > 1 else
                 "Ce quiz ou exercice n'a jamais été généré")
        raise ReseauError(
            f"{which} dans l'espace de correction {workspace_dir(workspace)} : {listed}. Lancez d'abord "
            "make exercises (ou make release pour le serveur de classe), puis relancez "
            "la même commande.", field="assignment", value=missing[0])


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


def append_csv(workspace: Path | None, learner: str, assignment: str) -> Path | None:
    """Append one learner's grade for one assignment to grades.csv (nbgrader's CSV export, one row).

    A grading run appends as each learner is finished, then rewrites the file whole once
    (`refresh_csv`) at its end; a regraded learner's older row, left by a killed run, is
    gone at the next run's start.  Readers keep the last row of a learner.
    """
    from nbgrader.api import Gradebook
    from nbgrader.plugins.export import CsvExportPlugin

    ws = workspace_dir(workspace)
    target = ws / "grades.csv"
    fd, tmp = tempfile.mkstemp(prefix=".grades.", suffix=".csv", dir=ws)
    os.close(fd)
    try:
        with Gradebook(gradebook_url(ws), COURSE_ID) as gb:
            CsvExportPlugin(to=tmp, student=[learner], assignment=[assignment]).export(gb)
        with open(tmp, encoding="utf-8") as fh:
            header, *rows = fh.readlines()
        if not target.is_file():
            os.replace(tmp, target)
            return target
        with open(target, "a", encoding="utf-8") as fh:
            fh.writelines(rows)
            fh.flush()
            os.fsync(fh.fileno())
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return target


class shared_engines:
    """While active, nbgrader's `Gradebook` objects opened in this process share one SQLAlchemy engine per URL.

    nbgrader opens a new `Gradebook` (so a new engine) for each step of each notebook, about ten per
    learner; a new engine compiles every query again.  The grading process keeps one engine per
    URL for the run instead: the same database, the same transactions (each `Gradebook` still has
    its own session, committed and closed as nbgrader does), no compiling twice.  `Gradebook.close`
    disposes the engine's pool, so no connection is open between steps (workers forked then
    inherit none); a worker drops the shared engines and opens its own (`forget`).
    """

    _engines: dict = {}

    def __enter__(self):
        import nbgrader.api as api

        self._api = api
        self._original = api.create_engine
        engines = shared_engines._engines

        def create_engine(url, *args, **kwargs):
            key = (str(url), tuple(sorted(kwargs.items())))
            if key not in engines:
                engines[key] = self._original(url, *args, **kwargs)
            return engines[key]

        api.create_engine = create_engine
        return self

    def __exit__(self, *exc):
        self._api.create_engine = self._original
        shared_engines.forget()
        return False

    @staticmethod
    def forget() -> None:
        engines, shared_engines._engines = shared_engines._engines, {}
        for engine in engines.values():
            engine.dispose(close=False)
