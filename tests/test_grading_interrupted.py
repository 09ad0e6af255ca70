"""Issue 5, nothing lost: a grading run killed halfway (SIGKILL) loses nothing.

The run (`python -m reseau.autograde autograde`, as `make autograde` does) is killed as
soon as the first learner is finished and the next one is being graded.  The gradebook
must open, hold the finished learner's grades, the CSV must have them, the report must say
it is partial; the next run must complete the rest without grading the finished one again.
"""

from __future__ import annotations

import csv
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from grading_helpers import ROOT, learner_notebook, write_submission
from hostile_corpus import PARTIAL
from reseau import autograde as ag

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="le bac à sable est propre à Linux")

A1 = "01_force_des_liens"


def _journal(ws):
    try:
        return json.loads((ws / "journal_correction.json").read_text(encoding="utf-8"))["copies"]
    except (OSError, ValueError, KeyError):
        return {}


def test_a_killed_run_loses_nothing(tmp_path, monkeypatch):
    monkeypatch.delenv("RESEAU_NO_SANDBOX", raising=False)
    ws = tmp_path / "ws"
    ag.run_nbgrader(["generate_assignment", A1, "--force"], workspace=ws, release=tmp_path / "release", quiet=True)
    write_submission(ws, "alice", A1, learner_notebook(A1))
    write_submission(ws, "bruno", A1, learner_notebook(A1, correct=False))
    write_submission(ws, "chloe", A1, learner_notebook(A1, PARTIAL))
    env = dict(os.environ, RESEAU_WORKSPACE=str(ws), PATH=f"{ROOT / '.venv' / 'bin'}:{os.environ.get('PATH', '')}")
    proc = subprocess.Popen([sys.executable, "-m", "reseau.autograde", "autograde"], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        states = {k: v["statut"] for k, v in _journal(ws).items()}
        if "corrigé" in states.values() and "en cours" in states.values():
            break
        assert proc.poll() is None, proc.stdout.read().decode()
        time.sleep(0.1)
    else:
        pytest.fail("the run never reached the second learner")
    time.sleep(1.5)  # mid-learner: nbgrader is running the second learner's kernel
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    proc.stdout.close()

    finished = {v["apprenant"] for v in _journal(ws).values() if v["statut"] == "corrigé"}
    running = {v["apprenant"] for v in _journal(ws).values() if v["statut"] == "en cours"}
    assert finished == {"alice"} and running == {"bruno"}
    con = sqlite3.connect(ws / "gradebook.db")
    assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    con.close()
    totals = {}
    for s in ag.gradebook_scores(workspace=ws):
        totals[s.student] = totals.get(s.student, 0) + s.score
    assert totals["alice"] == 13
    with open(ws / "grades.csv", encoding="utf-8") as fh:
        rows = {r["student_id"]: float(r["score"]) for r in csv.DictReader(fh)}
    assert rows["alice"] == 13
    report = ag.class_report(workspace=ws, out_dir=tmp_path / "rapport").read_text(encoding="utf-8")
    assert "rapport partiel" in report and "bruno / 01_force_des_liens" in report
    time.sleep(0.5)
    leftovers = subprocess.run(["pgrep", "-f", "autograde 01_force_des_liens --student bruno"],
                               stdout=subprocess.PIPE, text=True).stdout.split()
    assert leftovers == []  # nbgrader died with the run (and its kernel with it: bwrap --die-with-parent)

    rerun = subprocess.run([sys.executable, "-m", "reseau.autograde", "autograde"], cwd=ROOT, env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stdout
    assert "alice / 01_force_des_liens : déjà corrigé (13 / 13)" in rerun.stdout
    assert "bruno / 01_force_des_liens : corrigé, 0 / 13" in rerun.stdout
    assert "chloe / 01_force_des_liens : corrigé, 10 / 13" in rerun.stdout
    with open(ws / "grades.csv", encoding="utf-8") as fh:
        rows = {r["student_id"]: float(r["score"]) for r in csv.DictReader(fh)}
    assert rows == {"alice": 13, "bruno": 0, "chloe": 10}
    report = ag.class_report(workspace=ws, out_dir=tmp_path / "rapport2").read_text(encoding="utf-8")
    assert "rapport partiel" not in report


def test_grading_refuses_without_bubblewrap(tmp_path, monkeypatch, capsys):
    """No bwrap on PATH: a clear French refusal with the install command, unless explicitly unsafe."""
    from reseau.autograde import sandbox as sb

    monkeypatch.delenv("RESEAU_NO_SANDBOX", raising=False)
    monkeypatch.setattr(sb, "_bwrap", lambda: None)
    sb._probe.cache_clear()
    try:
        write_submission(tmp_path / "ws", "alice", A1, learner_notebook(A1))
        with pytest.raises(sb.SandboxUnavailable, match="sudo apt-get install bubblewrap"):
            ag.autograde(workspace=tmp_path / "ws")
        assert ag.main(["autograde"]) == 2
        assert "bubblewrap" in capsys.readouterr().err
    finally:
        sb._probe.cache_clear()


def test_unsafe_option_is_logged_loudly(tmp_path, monkeypatch, capsys):
    from reseau.autograde import sandbox as sb

    monkeypatch.setattr(sb, "_bwrap", lambda: None)
    sb._probe.cache_clear()
    try:
        ag.autograde(workspace=tmp_path / "vide", sandbox=False)
        assert "SANS BAC À SABLE" in capsys.readouterr().err
    finally:
        sb._probe.cache_clear()
