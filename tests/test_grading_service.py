"""The classroom's grading service (reseau.autograde.service), on a real nbgrader exchange, without a hub.

Copies are handed in with nbgrader's own submit (its Python API, as a participant's « Rendre » does on
the classroom server); the service's pass collects, grades in the sandbox, writes the French feedback
and releases it.  Expected grades are worked out by hand from the copies (quiz 01 has six one-point
questions; chloe's answers are those of tests/test_quizzes.py: 3 / 6).  The service and
`make autograde` agree; a copy handed in twice keeps the last one; each attempt is in rendus.csv; a
copy that kills its kernel scores 0 with a reason and the service goes on; an assignment the trainer
keeps for himself is not graded.
"""

from __future__ import annotations

import csv
import re
import time
from pathlib import Path

import nbformat
import pytest

from grading_helpers import learner_notebook, notebook_path
from reseau import autograde as ag
from reseau.autograde import service

QUIZ = "01_quiz_choisir_son_reseau"
EXERCISE = "06_force_des_liens"
CHLOE = {"reponse_1": 'reponse_1 = "b"', "reponse_2": "reponse_2 = A", "reponse_3": 'reponse_3 = " d "',
         "reponse_4": "reponse_4 = c", "reponse_5": "reponse_5 = E", "reponse_6": "reponse_6 = 4"}

pytestmark = pytest.mark.bac_a_sable


def submit(tmp: Path, exchange: Path, learner: str, assignment: str, nb) -> str:
    """nbgrader's submit, as `learner` (its --student), from a folder of theirs; returns the inbound entry."""
    from nbgrader.auth import Authenticator
    from nbgrader.coursedir import CourseDirectory
    from nbgrader.exchange.default import ExchangeSubmit
    from traitlets.config import Config

    home = tmp / "maisons" / learner
    folder = home / assignment
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, folder / notebook_path(assignment).name)
    config = Config()
    config.Exchange.root = str(exchange)
    config.Exchange.cache = str(home / ".cache-nbgrader")
    config.CourseDirectory.course_id = "reseau"
    config.Exchange.assignment_dir = str(home)
    coursedir = CourseDirectory(config=config)
    coursedir.assignment_id = assignment
    coursedir.student_id = learner
    before = set(p.name for p in (exchange / "reseau" / "inbound").iterdir())
    time.sleep(0.01)  # nbgrader's timestamps have microseconds: two copies never share one
    ExchangeSubmit(coursedir=coursedir, authenticator=Authenticator(config=config), config=config).start()
    (entry,) = set(p.name for p in (exchange / "reseau" / "inbound").iterdir()) - before
    return entry


def released_pages(exchange: Path) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted((exchange / "reseau" / "feedback").glob("*.html"))]


def points(page: str) -> tuple[float, float]:
    got = re.search(r'name="reseau-points" content="([\d.]+)"', page).group(1)
    out_of = re.search(r'name="reseau-points-max" content="([\d.]+)"', page).group(1)
    return float(got), float(out_of)


@pytest.fixture
def classroom_exchange(tmp_path, monkeypatch, new_workspace):
    ws = new_workspace(tmp_path / "ws")
    exchange = tmp_path / "echange"
    monkeypatch.setenv("RESEAU_EXCHANGE", str(exchange))
    monkeypatch.setenv("RESEAU_WORKSPACE", str(ws))
    monkeypatch.setenv("RESEAU_RELEASE", str(tmp_path / "distribues"))
    monkeypatch.delenv("RESEAU_CORRECTION", raising=False)
    import contextlib
    import io

    with contextlib.redirect_stdout(io.StringIO()):
        ag.release_assignments(QUIZ, workspace=ws, release=tmp_path / "distribues")
        ag.release_assignments(EXERCISE, workspace=ws, release=tmp_path / "distribues")
    return ws, exchange


def test_each_copy_is_graded_as_it_arrives_and_its_french_feedback_released(classroom_exchange, tmp_path):
    ws, exchange = classroom_exchange
    alice = submit(tmp_path, exchange, "alice", QUIZ, learner_notebook(QUIZ))
    first = submit(tmp_path, exchange, "chloe", QUIZ, learner_notebook(QUIZ, CHLOE, correct=False))
    rows = service.grade_new_copies(ws, log=lambda m: None)
    assert {(r["participant"], r["note"], r["sur"]) for r in rows} == {("alice", "6", "6"), ("chloe", "3", "6")}
    assert sorted(points(p) for p in released_pages(exchange)) == [(3, 6), (6, 6)]
    # each participant's server reads its page from the exchange under the participant's own user
    assert all(p.stat().st_mode & 0o004 for p in (exchange / "reseau" / "feedback").glob("*.html"))
    assert service.grade_new_copies(ws, log=lambda m: None) == []  # nothing new: nothing done
    # chloe hands in again, all right this time: the last copy counts
    second = submit(tmp_path, exchange, "chloe", QUIZ, learner_notebook(QUIZ))
    (row,) = service.grade_new_copies(ws, log=lambda m: None)
    assert (row["participant"], row["note"], row["copie"]) == ("chloe", "6", second)
    assert sorted(points(p) for p in released_pages(exchange))[-2:] == [(6, 6), (6, 6)]
    # every attempt is in the journal, in order
    with open(ws / service.ATTEMPTS_FILE, encoding="utf-8") as fh:
        attempts = [(r["participant"], r["copie"], r["statut"], r["note"]) for r in csv.DictReader(fh)]
    assert attempts == [("alice", alice, "corrigé", "6"), ("chloe", first, "corrigé", "3"),
                        ("chloe", second, "corrigé", "6")]
    # the trainer's make autograde agrees: nothing to regrade, the same totals in the gradebook
    import contextlib
    import io

    with contextlib.redirect_stdout(io.StringIO()):
        ag.autograde(workspace=ws)
    totals = {}
    for s in ag.gradebook_scores(workspace=ws):
        totals[(s.student, s.assignment)] = totals.get((s.student, s.assignment), 0) + s.score
    assert totals == {("alice", QUIZ): 6, ("chloe", QUIZ): 6}


def test_a_copy_that_kills_its_kernel_scores_zero_and_the_service_goes_on(classroom_exchange, tmp_path):
    ws, exchange = classroom_exchange
    crash = {"tie_strength": "import os\nos._exit(1)"}
    submit(tmp_path, exchange, "david", EXERCISE, learner_notebook(EXERCISE, crash))
    submit(tmp_path, exchange, "alice", EXERCISE, learner_notebook(EXERCISE))
    rows = service.grade_new_copies(ws, log=lambda m: None)
    assert {(r["participant"], r["note"]) for r in rows} == {("david", "0"), ("alice", "13")}
    (david,) = [p for p in released_pages(exchange) if points(p) == (0, 13)]
    assert "noyau" in david.lower()  # the reason says the kernel stopped, in French


def test_an_assignment_the_trainer_keeps_is_recorded_not_graded(classroom_exchange, tmp_path, monkeypatch):
    ws, exchange = classroom_exchange
    settings = tmp_path / "correction.ini"
    settings.write_text(f"[sans correction automatique]\n{EXERCISE} = non\n", encoding="utf-8")
    monkeypatch.setenv("RESEAU_CORRECTION", str(settings))
    entry = submit(tmp_path, exchange, "alice", EXERCISE, learner_notebook(EXERCISE))
    (row,) = service.grade_new_copies(ws, log=lambda m: None)
    assert (row["copie"], row["statut"], row["note"]) == (entry, "correction par le formateur", "")
    assert not (exchange / "reseau" / "feedback").exists() or not released_pages(exchange)
    assert not (ws / "submitted" / "alice" / EXERCISE).exists()


ORPHAN = """
import os, subprocess, sys, time
log = open({log!r}, "w")
child = subprocess.Popen([sys.executable, "-m", {module!r}], stdout=log, stderr=subprocess.STDOUT,
                         start_new_session=True)
print(child.pid, flush=True)
deadline = time.monotonic() + 60
while "en service" not in open({log!r}).read() and time.monotonic() < deadline:  # the service is up
    time.sleep(0.1)
os._exit(0)  # the hub killed outright: nothing stops its services
"""


def _gone(pid: int, within: float) -> bool:
    import os

    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        try:  # reaped by init, or a zombie of ours
            with open(f"/proc/{pid}/status") as fh:
                if "State:\tZ" in fh.read():
                    return True
        except OSError:
            return True
        time.sleep(0.2)
    return False


@pytest.mark.parametrize("module", ["reseau.autograde.service", "reseau.autograde.suivi"])
def test_a_service_leaves_when_the_hub_that_started_it_is_killed(module, tmp_path):
    """A hub killed by SIGKILL (or crashed) left its grading and live-view services running for an hour, grading
    from a deleted copy and holding the workspace's lock: each service now leaves once its parent is gone."""
    import os
    import signal
    import socket
    import subprocess
    import sys

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = dict(os.environ, RESEAU_EXCHANGE=str(tmp_path / "echange"), RESEAU_WORKSPACE=str(tmp_path / "ws"),
               JUPYTERHUB_API_TOKEN="jeton", JUPYTERHUB_API_URL="http://127.0.0.1:9/hub/api",
               JUPYTERHUB_CLIENT_ID="service-suivi", JUPYTERHUB_SERVICE_PREFIX="/services/suivi/",
               JUPYTERHUB_SERVICE_URL=f"http://127.0.0.1:{port}",
               JUPYTERHUB_OAUTH_CALLBACK_URL="/services/suivi/oauth_callback")
    log = tmp_path / "service.log"
    started = subprocess.run([sys.executable, "-c", ORPHAN.format(module=module, log=str(log))], env=env,
                             capture_output=True,
                             text=True, timeout=60, check=True)
    pid = int(started.stdout.split()[0])
    try:
        assert "en service" in log.read_text(encoding="utf-8"), log.read_text(encoding="utf-8")
        assert _gone(pid, 30), f"{module} tourne encore sans son hub :\n{log.read_text(encoding='utf-8')}"
    finally:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
