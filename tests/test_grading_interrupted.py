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


A1 = "06_force_des_liens"


def _journal(ws):
    try:
        return json.loads((ws / "journal_correction.json").read_text(encoding="utf-8"))["copies"]
    except (OSError, ValueError, KeyError):
        return {}


#: The class of the killed run, with each learner's score worked out by hand (13 points in all):
#: the reference answers, a blank copy, and the two known mistakes of PARTIAL (2 + 1 points lost).
KILLED_CLASS = {"alice": 13, "bruno": 0, "chloe": 10, "dora": 13, "emile": 0, "fanny": 10}


def _grading_processes() -> list[str]:
    """Processes of a grading run (its workers share its command line) or of its sandboxed kernels."""
    from reseau.autograde.sandbox import SANDBOX_UIDS

    found = subprocess.run(["pgrep", "-f", "reseau.autograde autograde"], stdout=subprocess.PIPE,
                           text=True).stdout.split()
    if os.geteuid() == 0:
        for entry in os.listdir("/proc"):
            try:
                status = open(f"/proc/{entry}/status", encoding="ascii", errors="replace").read()
            except OSError:
                continue
            uid = int(next(ln for ln in status.splitlines() if ln.startswith("Uid:")).split()[1])
            if uid in SANDBOX_UIDS:
                found.append(entry)
    return found


@pytest.mark.bac_a_sable
def test_a_killed_run_loses_nothing(tmp_path, monkeypatch, new_workspace):
    monkeypatch.delenv("RESEAU_NO_SANDBOX", raising=False)
    ws = tmp_path / "ws"
    new_workspace(ws)
    answers = {13: learner_notebook(A1), 0: learner_notebook(A1, correct=False), 10: learner_notebook(A1, PARTIAL)}
    for learner, score in KILLED_CLASS.items():
        write_submission(ws, learner, A1, answers[score])
    env = dict(os.environ, RESEAU_WORKSPACE=str(ws), PATH=f"{ROOT / '.venv' / 'bin'}:{os.environ.get('PATH', '')}")
    # two workers, as on the trainer's 2-core machine: learners are graded side by side
    proc = subprocess.Popen([sys.executable, "-m", "reseau.autograde", "autograde", "--jobs", "2"], cwd=ROOT,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        states = {k: v["statut"] for k, v in _journal(ws).items()}
        if "corrigé" in states.values() and "en cours" in states.values():
            break
        assert proc.poll() is None, proc.stdout.read().decode()
        time.sleep(0.05)
    else:
        pytest.fail("the run never had a learner finished and another being graded")
    time.sleep(0.5)  # mid-learner: workers are running kernels
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    proc.stdout.close()

    journal = _journal(ws).values()
    finished = {v["apprenant"] for v in journal if v["statut"] == "corrigé"}
    running = {v["apprenant"] for v in journal if v["statut"] == "en cours"}
    assert finished and running and not finished & running
    con = sqlite3.connect(ws / "gradebook.db")
    assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    con.close()
    totals = {}
    for s in ag.gradebook_scores(workspace=ws):
        totals[s.student] = totals.get(s.student, 0) + s.score
    assert {learner: totals[learner] for learner in finished} == {x: KILLED_CLASS[x] for x in finished}
    with open(ws / "grades.csv", encoding="utf-8") as fh:
        rows = {r["student_id"]: float(r["score"]) for r in csv.DictReader(fh) if r["assignment"] == A1}
    assert {learner: rows[learner] for learner in finished} == {x: KILLED_CLASS[x] for x in finished}
    report = ag.class_report(workspace=ws, out_dir=tmp_path / "rapport").read_text(encoding="utf-8")
    assert "rapport partiel" in report
    assert all(f"{learner} / 06_force_des_liens" in report for learner in running)
    # feedback for the finished learners only: a half-graded copy's zeros never reach its learner
    assert sorted(ag.generate_feedback(workspace=ws)) == sorted((x, A1) for x in running)
    feedback = ws / "feedback"
    assert all((feedback / x / A1 / "force_des_liens.html").is_file() for x in finished)
    assert not any((feedback / x).exists() for x in running)
    time.sleep(0.5)
    assert _grading_processes() == []  # workers and kernels died with the run (PDEATHSIG, bwrap --die-with-parent)

    rerun = subprocess.run([sys.executable, "-m", "reseau.autograde", "autograde"], cwd=ROOT, env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stdout
    for learner, score in KILLED_CLASS.items():
        line = (f"{learner} / 06_force_des_liens : déjà corrigé ({score} / 13)" if learner in finished
                else f"{learner} / 06_force_des_liens : corrigé, {score} / 13")
        assert line in rerun.stdout, rerun.stdout
    with open(ws / "grades.csv", encoding="utf-8") as fh:
        rows = {r["student_id"]: float(r["score"]) for r in csv.DictReader(fh) if r["assignment"] == A1}
    assert rows == KILLED_CLASS
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
