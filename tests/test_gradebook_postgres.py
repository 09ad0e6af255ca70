"""The nbgrader gradebook on PostgreSQL (RESEAU_DB_URL), against a real server.

A throw-away PostgreSQL server (Debian's binaries, /usr/lib/postgresql/*/bin) is started
in a temporary folder on a free loopback port, with password authentication, and stopped
after.  The same small class is graded twice through the real cycle (collect, sandboxed
autograde, export, report): once on the default SQLite gradebook, once on PostgreSQL.
The grades must be identical, and equal to the totals worked out by hand in
test_grading_cycle.py: assignment 01 has 8 graded cells worth 1+2+1+2+2+2+2+1 = 13 points;
the reference answers get 13, the blank notebook 0, the partial one 13 - 2 - 1 = 10.

Without the PostgreSQL binaries the server tests are skipped with a French notice,
except under CI=true, where they fail (CI installs them: .ci/run).
"""

from __future__ import annotations

import csv
import glob
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat
import pytest

from grading_helpers import learner_notebook
from reseau import autograde as ag
from reseau.errors import ReseauError

A1 = "06_force_des_liens"
PARTIAL = {  # same mistakes as test_grading_cycle.PARTIAL: -2 (weak-only sectors) and -1 (share of weak ties)
    "weak_only": 'weak_only_sectors = sorted(set(scored.loc[scored["tie"] == "faible", "sector"]))',
    "share": "share_weak = n_weak / (n_strong + n_weak)",
}
EXPECTED_TOTALS = {"alice": 13.0, "bruno": 0.0, "chloe": 10.0}
EXPECTED_LOST_BY_CHLOE = {"test_weak_only_sectors": 2.0, "test_share_weak": 1.0}
PG_USER = "formateur"


# --------------------------------------------------------------------------------------------
# RESEAU_DB_URL: reading and checking (no server needed)

def test_default_gradebook_is_sqlite_in_the_workspace(monkeypatch, tmp_path):
    monkeypatch.delenv(ag.DB_URL_ENV, raising=False)
    assert ag.gradebook_url(tmp_path) == f"sqlite:///{tmp_path.resolve()}/gradebook.db"


def test_postgresql_url_is_read_with_psycopg2(monkeypatch, tmp_path):
    monkeypatch.setenv(ag.DB_URL_ENV, "postgresql://prof:s3cret@db.cci.local:5433/notes")
    assert ag.gradebook_url(tmp_path) == "postgresql+psycopg2://prof:s3cret@db.cci.local:5433/notes"
    monkeypatch.setenv(ag.DB_URL_ENV, "postgresql+psycopg2://prof@db.cci.local/notes")
    assert ag.gradebook_url(tmp_path) == "postgresql+psycopg2://prof@db.cci.local/notes"


def test_sqlite_url_elsewhere_is_accepted(monkeypatch, tmp_path):
    monkeypatch.setenv(ag.DB_URL_ENV, f"sqlite:///{tmp_path}/ailleurs.db")
    assert ag.gradebook_url(tmp_path / "ws") == f"sqlite:///{tmp_path}/ailleurs.db"


@pytest.mark.parametrize("value, why", [
    ("mysql://prof:s3cret@db.cci.local/notes", "Type de base non pris en charge (« mysql »)"),
    ("postgresql://prof:s3cret@db.cci.local:5432/", "Le nom de la base manque"),
    ("postgresql://prof:s3cret@/notes", "Le nom du serveur manque"),
    ("sqlite:///notes.db", "chemin absolu"),
    ("prof:s3cret chez le serveur", "pas une adresse de base de données lisible"),
])
def test_bad_db_url_is_refused_in_french_without_the_password(monkeypatch, tmp_path, value, why):
    monkeypatch.setenv(ag.DB_URL_ENV, value)
    with pytest.raises(ReseauError) as err:
        ag.gradebook_url(tmp_path)
    message = str(err.value)
    assert message.startswith("Valeur invalide pour RESEAU_DB_URL : « ")
    assert why in message
    assert "s3cret" not in message and "s3cret" not in str(err.value.value)
    assert err.value.field == "RESEAU_DB_URL"


def test_masked_url_hides_only_the_password():
    assert ag.masked_url("postgresql://prof:s3cret@h:5432/notes") == "postgresql://prof:***@h:5432/notes"
    assert ag.masked_url("postgresql://prof@h/notes") == "postgresql://prof@h/notes"
    assert ag.masked_url("postgresql://prof:a@b@h/notes") == "postgresql://prof:***@h/notes"
    assert ag.masked_url("prof:s3cret chez le serveur") == "prof:***"


def _load_nbgrader_config(monkeypatch, workspace: Path):
    from traitlets.config.loader import PyFileConfigLoader

    monkeypatch.setenv("RESEAU_WORKSPACE", str(workspace))
    return PyFileConfigLoader("nbgrader_config.py", path=str(ag.AUTOGRADER_DIR)).load_config()


def test_nbgrader_config_takes_its_gradebook_from_the_same_setting(monkeypatch, tmp_path):
    monkeypatch.delenv(ag.DB_URL_ENV, raising=False)
    config = _load_nbgrader_config(monkeypatch, tmp_path)
    assert config.CourseDirectory.db_url == f"sqlite:///{tmp_path.resolve()}/gradebook.db"
    monkeypatch.setenv(ag.DB_URL_ENV, f"sqlite:///{tmp_path}/partage/notes.db")
    config = _load_nbgrader_config(monkeypatch, tmp_path)
    assert config.CourseDirectory.db_url == f"sqlite:///{tmp_path}/partage/notes.db"


def test_nbgrader_itself_stops_on_a_bad_db_url_with_a_french_message(tmp_path):
    env = dict(os.environ, RESEAU_WORKSPACE=str(tmp_path), RESEAU_DB_URL="mysql://prof:s3cret@h/notes")
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    proc = subprocess.run([str(Path(sys.executable).parent / "nbgrader"), "db", "student", "list"],
                          cwd=ag.AUTOGRADER_DIR, env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert "Erreur : Valeur invalide pour RESEAU_DB_URL : « mysql://prof:***@h/notes »" in proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    assert "s3cret" not in proc.stderr + proc.stdout


def test_sqlite_gradebook_exists_only_once_created(monkeypatch, tmp_path):
    monkeypatch.delenv(ag.DB_URL_ENV, raising=False)
    assert ag.gradebook_exists(tmp_path) is False
    assert not (tmp_path / "gradebook.db").exists()  # the check does not create the file


# --------------------------------------------------------------------------------------------
# A real PostgreSQL server

def _missing(reason: str):
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (sous CI=true ce test ne peut pas être sauté : .ci/run doit installer postgresql)")
    pytest.skip(reason)


def _pg_bin() -> Path | None:
    candidates = [Path(p) for p in glob.glob("/usr/lib/postgresql/*/bin")]
    candidates.sort(key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0, reverse=True)
    on_path = shutil.which("initdb")
    if on_path:
        candidates.append(Path(on_path).parent)
    for folder in candidates:
        if all((folder / name).exists() for name in ("initdb", "pg_ctl", "postgres", "createdb")):
            return folder
    return None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PgServer:
    def __init__(self, bin_dir: Path, folder: Path, port: int, password: str):
        self.bin_dir, self.folder, self.port, self.password = bin_dir, folder, port, password
        self.as_root = os.geteuid() == 0

    def run(self, tool: str, *args: str) -> subprocess.CompletedProcess:
        cmd = [str(self.bin_dir / tool), *args]
        if self.as_root:  # postgres refuses to run as root
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        env = dict(os.environ, PGPASSWORD=self.password, LC_ALL="C.UTF-8", LANG="C.UTF-8")
        return subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)

    def url(self, database: str, *, user: str = PG_USER, password: str | None = None) -> str:
        return f"postgresql://{user}:{self.password if password is None else password}@127.0.0.1:{self.port}/{database}"

    def createdb(self, name: str) -> str:
        proc = self.run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", PG_USER, name)
        assert proc.returncode == 0, proc.stderr
        return self.url(name)


@pytest.fixture(scope="module")
def pg_server():
    bin_dir = _pg_bin()
    if bin_dir is None:
        _missing("PostgreSQL absent (initdb, pg_ctl introuvables) : tests du carnet de notes PostgreSQL sautés. "
                 "Installez-le : sudo apt-get install postgresql")
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        _missing("runuser introuvable : impossible de lancer PostgreSQL (qui refuse root) pour ces tests.")
    folder = Path(tempfile.mkdtemp(prefix="reseau-pg-"))  # not under pytest's 0700 tree: postgres must reach it
    server = None
    try:
        if os.geteuid() == 0:
            import pwd

            try:
                owner = pwd.getpwnam("postgres")
            except KeyError:
                _missing("L'utilisateur système « postgres » n'existe pas : tests du carnet PostgreSQL sautés.")
            os.chown(folder, owner.pw_uid, owner.pw_gid)
        password = secrets.token_hex(12)
        pwfile = folder / "motdepasse"
        pwfile.write_text(password + "\n", encoding="utf-8")
        if os.geteuid() == 0:
            os.chown(pwfile, owner.pw_uid, owner.pw_gid)
        server = PgServer(bin_dir, folder, 0, password)
        proc = server.run("initdb", "-D", str(folder / "data"), "-U", PG_USER, "--pwfile", str(pwfile),
                          "--auth-host=scram-sha-256", "--auth-local=trust", "-E", "UTF8", "--locale=C.UTF-8")
        assert proc.returncode == 0, proc.stdout + proc.stderr
        for _ in range(3):  # another process may take the free port between the probe and the start
            server.port = _free_port()
            proc = server.run("pg_ctl", "-D", str(folder / "data"), "-l", str(folder / "journal.log"), "-w",
                              "-t", "60", "-o", f"-p {server.port} -k {folder} -c listen_addresses=127.0.0.1",
                              "start")
            if proc.returncode == 0:
                break
        assert proc.returncode == 0, proc.stdout + proc.stderr + (folder / "journal.log").read_text()
        yield server
    finally:
        if server is not None and (folder / "data" / "postmaster.pid").exists():
            server.run("pg_ctl", "-D", str(folder / "data"), "-m", "immediate", "-w", "stop")
        shutil.rmtree(folder, ignore_errors=True)


def test_unreachable_server_says_to_start_it(pg_server, monkeypatch, tmp_path):
    url = f"postgresql://{PG_USER}:{pg_server.password}@127.0.0.1:{_free_port()}/notes"
    monkeypatch.setenv(ag.DB_URL_ENV, url)
    with pytest.raises(ReseauError) as err:
        ag.check_gradebook(workspace=tmp_path)
    message = str(err.value)
    assert message.startswith("Carnet de notes injoignable (RESEAU_DB_URL = postgresql+psycopg2://formateur:***@")
    assert "ne répond pas" in message and "pg_isready" in message
    assert pg_server.password not in message


def test_missing_database_says_to_create_it(pg_server, monkeypatch, tmp_path):
    monkeypatch.setenv(ag.DB_URL_ENV, pg_server.url("notes_absentes"))
    with pytest.raises(ReseauError) as err:
        ag.gradebook_exists(tmp_path)
    message = str(err.value)
    assert "la base « notes_absentes » n'existe pas" in message
    assert f"createdb -h 127.0.0.1 -p {pg_server.port} -U {PG_USER} notes_absentes" in message
    assert pg_server.password not in message


def test_wrong_password_is_named_not_shown(pg_server, monkeypatch, tmp_path):
    pg_server.createdb("notes_mdp")
    monkeypatch.setenv(ag.DB_URL_ENV, pg_server.url("notes_mdp", password="pas-le-bon"))
    with pytest.raises(ReseauError) as err:
        ag.gradebook_scores(workspace=tmp_path)
    message = str(err.value)
    assert "refuse le mot de passe de l'utilisateur « formateur »" in message
    assert "pas-le-bon" not in message and pg_server.password not in message


def test_unknown_user_is_answered_as_a_wrong_password(pg_server, monkeypatch, tmp_path):
    pg_server.createdb("notes_role")
    monkeypatch.setenv(ag.DB_URL_ENV, pg_server.url("notes_role", user="inconnu"))
    with pytest.raises(ReseauError) as err:
        ag.check_gradebook(workspace=tmp_path)
    # PostgreSQL answers an unknown user with a password failure (it does not reveal which users exist)
    assert "refuse le mot de passe de l'utilisateur « inconnu »" in str(err.value)


def test_empty_database_holds_no_gradebook_yet(pg_server, monkeypatch, tmp_path):
    monkeypatch.setenv(ag.DB_URL_ENV, pg_server.createdb("notes_vide"))
    assert ag.gradebook_exists(tmp_path) is False
    with pytest.raises(ReseauError, match="Pas de carnet de notes .*formateur:\\*\\*\\*@.*lancez d'abord la correction"):
        ag.gradebook_scores(workspace=tmp_path)


def _grade_class(tmp_root: Path) -> dict:
    """The trainer's cycle on three learners of exercise 01: collect, autograde, export, report."""
    ws = tmp_root / "workspace"
    ag.generate_exercises(tmp_root / "release", workspace=ws, only=[A1])  # registers exercise 01 in the gradebook
    copies = tmp_root / "copies"
    answers = {"alice": learner_notebook(A1), "bruno": learner_notebook(A1, correct=False),
               "chloe": learner_notebook(A1, PARTIAL)}
    for learner, nb in answers.items():
        (copies / learner / A1).mkdir(parents=True)
        nbformat.write(nb, copies / learner / A1 / "force_des_liens.ipynb")
    collected = ag.collect_folder(copies, workspace=ws)
    done = ag.autograde(workspace=ws)  # sandboxed (the default)
    csv_path = ag.export_grades(workspace=ws)
    report = ag.class_report(workspace=ws)
    with open(csv_path, encoding="utf-8") as fh:
        rows = {(r["student_id"], r["assignment"]): (float(r["score"]), float(r["max_score"]))
                for r in csv.DictReader(fh) if r["assignment"] == A1}
    cells = {(s.student, s.cell): (s.score, s.max_score) for s in ag.gradebook_scores(workspace=ws)}
    return {"ws": ws, "collected": collected, "done": done, "csv": rows, "cells": cells,
            "report": report.read_text(encoding="utf-8").replace("\u00a0", " ")}


@pytest.fixture(scope="module")
def graded_sqlite(tmp_path_factory):
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv(ag.DB_URL_ENV, raising=False)
        return _grade_class(tmp_path_factory.mktemp("sqlite"))


@pytest.fixture(scope="module")
def graded_postgres(pg_server, tmp_path_factory):
    url = pg_server.createdb("carnet_reseau")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(ag.DB_URL_ENV, url)
        result = _grade_class(tmp_path_factory.mktemp("postgres"))
        result["url"] = url
        result["again"] = ag.autograde(workspace=result["ws"])  # nothing changed: nothing regraded
    return result


@pytest.mark.bac_a_sable
def test_postgres_class_graded_as_worked_out_by_hand(graded_postgres):
    g = graded_postgres
    assert g["collected"] == [("alice", A1), ("bruno", A1), ("chloe", A1)]
    assert g["done"] == {("alice", A1): True, ("bruno", A1): True, ("chloe", A1): True}
    totals = {}
    for (student, _), (score, _) in g["cells"].items():
        totals[student] = totals.get(student, 0) + score
    assert totals == EXPECTED_TOTALS
    lost = {cell: mx - sc for (student, cell), (sc, mx) in g["cells"].items() if student == "chloe" and sc < mx}
    assert lost == EXPECTED_LOST_BY_CHLOE
    assert g["csv"] == {("alice", A1): (13, 13), ("bruno", A1): (0, 13), ("chloe", A1): (10, 13)}
    assert "3 copies corrigées ; moyenne 7,67 / 13." in g["report"]  # (13 + 0 + 10) / 3


@pytest.mark.bac_a_sable
def test_postgres_and_sqlite_give_exactly_the_same_grades(graded_sqlite, graded_postgres):
    assert len(graded_sqlite["cells"]) == 3 * 8  # three learners, eight graded cells each
    assert graded_postgres["cells"] == graded_sqlite["cells"]
    assert graded_postgres["csv"] == graded_sqlite["csv"]
    assert graded_postgres["report"] == graded_sqlite["report"]


@pytest.mark.bac_a_sable
def test_the_grades_really_live_in_postgres(graded_postgres):
    import psycopg2

    assert not (graded_postgres["ws"] / "gradebook.db").exists()  # no SQLite file on the side
    with psycopg2.connect(graded_postgres["url"]) as conn, conn.cursor() as cur:
        cur.execute("SELECT student.id, SUM(COALESCE(grade.manual_score, grade.auto_score)) "
                    "FROM grade JOIN submitted_notebook ON grade.notebook_id = submitted_notebook.id "
                    "JOIN submitted_assignment ON submitted_notebook.assignment_id = submitted_assignment.id "
                    "JOIN student ON submitted_assignment.student_id = student.id GROUP BY student.id")
        assert {sid: float(total) for sid, total in cur.fetchall()} == EXPECTED_TOTALS
    conn.close()


@pytest.mark.bac_a_sable
def test_rerun_on_postgres_finds_the_graded_copies(graded_postgres):
    assert graded_postgres["again"] == {("alice", A1): True, ("bruno", A1): True, ("chloe", A1): True}


def test_self_check_never_writes_into_the_trainers_database(pg_server, monkeypatch, tmp_path):
    url = pg_server.createdb("notes_formateur")
    monkeypatch.setenv(ag.DB_URL_ENV, url)
    notebook = tmp_path / "force_des_liens.ipynb"
    nbformat.write(learner_notebook(A1, PARTIAL), notebook)
    score, max_score, _ = ag.self_check(notebook, keep=tmp_path / "auto")
    assert (score, max_score) == (10, 13)  # 13 - 2 - 1, graded in its own SQLite file
    assert (tmp_path / "auto" / "gradebook.db").is_file()
    assert os.environ[ag.DB_URL_ENV] == url  # the trainer's setting is back
    assert ag.gradebook_exists(tmp_path / "ailleurs") is False  # nothing went into PostgreSQL
