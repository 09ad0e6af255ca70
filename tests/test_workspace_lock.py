"""Issue 15: one trainer command at a time on a grading workspace.

Real processes, nothing mocked.  The first tests exercise `reseau.workspace_lock` itself
with tiny holder processes (no grading); the last ones start real grading runs
(`python -m reseau.autograde autograde --tout`, as `make autograde TOUT=1` does) side by side.

Expected scores are worked out by hand (see test_grading_cycle.py): assignment 01 is worth
13 points; the reference answers get 13, the blank notebook 0, the known PARTIAL mistakes
lose 2 + 1 points: 10.
"""

from __future__ import annotations

import csv
import json
import re
import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from grading_helpers import ROOT, learner_notebook, write_submission
from hostile_corpus import PARTIAL
from reseau import autograde as ag
from reseau.workspace_lock import EXIT_BUSY, LOCK_NAME, WorkspaceBusy, workspace_lock

A1 = "06_force_des_liens"
# without PYTHONUNBUFFERED: the waiting line must reach a pipe at once by itself
ENV = {k: v for k, v in os.environ.items() if k not in {"RESEAU_DB_URL", "RESEAU_NO_SANDBOX", "PYTHONUNBUFFERED"}}
ENV["PATH"] = f"{ROOT / '.venv' / 'bin'}:{os.environ.get('PATH', '')}"

# A process that takes the lock (x: exclusive, s: shared), says so, and holds it until its stdin closes.
HOLDER = """
import sys
from reseau.workspace_lock import workspace_lock
with workspace_lock(sys.argv[1], sys.argv[2], exclusive=sys.argv[3] == "x", wait=len(sys.argv) > 4):
    print("tient", flush=True)
    sys.stdin.readline()
print("rendu", flush=True)
"""


def _hold(ws: Path, command: str, mode: str = "x", *, wait: bool = False) -> subprocess.Popen:
    """Start a holder; return once it holds the lock (it printed « tient »)."""
    proc = _start_holder(ws, command, mode, wait=wait)
    assert _line(proc) == "tient\n"
    return proc


def _line(proc: subprocess.Popen, timeout: float = 120) -> str:
    """The next line `proc` prints; fail (rather than hang) if none comes within a generous timeout."""
    ready, _, _ = select.select([proc.stdout], [], [], timeout)
    if not ready:
        proc.kill()
        pytest.fail(f"no line from the process within {timeout:g} s")
    return proc.stdout.readline()


def _start_holder(ws: Path, command: str, mode: str = "x", *, wait: bool = False) -> subprocess.Popen:
    args = [sys.executable, "-c", HOLDER, str(ws), command, mode] + (["attendre"] if wait else [])
    return subprocess.Popen(args, cwd=ROOT, env=ENV, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)


def _release(proc: subprocess.Popen) -> str:
    out, _ = proc.communicate("\n", timeout=60)
    assert proc.returncode == 0, out
    return out


def _cli(ws: Path, *args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "reseau.autograde", *args], cwd=ROOT,
                          env=dict(ENV, RESEAU_WORKSPACE=str(ws)), stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True, timeout=timeout)


# ---------------------------------------------------------------- the module itself, no grading


def test_busy_message_names_the_holder(tmp_path):
    ws = tmp_path / "pas-encore-cree"  # the workspace folder is created by the lock
    holder = _hold(ws, "autograde")
    try:
        assert (ws / LOCK_NAME).is_file()
        with pytest.raises(WorkspaceBusy) as caught, workspace_lock(ws, "export"):
            pytest.fail("the lock was taken twice")
        message = str(caught.value)
        assert "« autograde »" in message
        assert f"PID {holder.pid}," in message
        assert re.search(r"lancée le \d{4}-\d\d-\d\d à \d\d:\d\d:\d\d par ", message)
        assert "ATTENDRE=1" in message and "--attendre" in message
        assert caught.value.holder["pid"] == holder.pid and caught.value.holder["commande"] == "autograde"
    finally:
        _release(holder)
    with workspace_lock(ws, "export") as mine:  # free again once the holder has left
        assert json.loads((ws / LOCK_NAME).read_text(encoding="utf-8"))["pid"] == os.getpid() == mine["pid"]
    assert (ws / LOCK_NAME).read_text(encoding="utf-8") == ""  # a clean exit clears its description


def test_shared_locks_coexist_but_exclude_an_exclusive_one(tmp_path):
    ws = tmp_path / "ws"
    reader = _hold(ws, "lecture", "s")
    try:
        with workspace_lock(ws, "autre lecture", exclusive=False):
            pass  # two readers at once: fine
        with pytest.raises(WorkspaceBusy, match=f"« lecture » \\(PID {reader.pid},"), workspace_lock(ws, "autograde"):
            pytest.fail("a writer got in beside a reader")
        other = _hold(ws, "autre lecture", "s")  # a second reader, as a process this time
    finally:
        _release(reader)
    try:  # the first reader is gone, its description with it: the kernel's list of holders names the other
        with pytest.raises(WorkspaceBusy) as caught, workspace_lock(ws, "autograde"):
            pytest.fail("a writer got in beside a reader")
        assert f"occupé par une autre commande (PID {other.pid})." in str(caught.value)
        assert "lecture" not in str(caught.value)
    finally:
        _release(other)
    writer = _hold(ws, "autograde", "x")
    try:
        with pytest.raises(WorkspaceBusy, match=f"« autograde » \\(PID {writer.pid},"), \
                workspace_lock(ws, "lecture", exclusive=False):
            pytest.fail("a reader got in beside a writer")
    finally:
        _release(writer)


def test_a_stale_description_decides_nothing(tmp_path):
    ws = tmp_path / "ws"
    ws.mkdir()
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], stdout=subprocess.PIPE,
                          text=True, check=True)
    dead_pid = int(gone.stdout)
    stale = {"commande": "autograde", "pid": dead_pid, "debut": "2026-01-01 08:00:00", "utilisateur": "x"}
    (ws / LOCK_NAME).write_text(json.dumps(stale), encoding="utf-8")
    with workspace_lock(ws, "report"):  # the file is there, its process is gone: the lock is free
        pass
    # a holder that locked without describing itself, beside a stale description: busy, but not "by the dead one"
    (ws / LOCK_NAME).write_text(json.dumps(stale), encoding="utf-8")
    raw = subprocess.Popen([sys.executable, "-c", "import fcntl, os, sys; fd = os.open(sys.argv[1], os.O_RDWR); "
                            "fcntl.flock(fd, fcntl.LOCK_EX); print('tient', flush=True); sys.stdin.readline()",
                            str(ws / LOCK_NAME)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert _line(raw) == "tient\n"
        with pytest.raises(WorkspaceBusy) as caught, workspace_lock(ws, "report"):
            pytest.fail("the lock was taken twice")
        assert str(dead_pid) not in str(caught.value) and "2026-01-01" not in str(caught.value)
        assert f"occupé par une autre commande (PID {raw.pid})." in str(caught.value)
    finally:
        _release(raw)


def test_a_killed_holder_frees_the_workspace(tmp_path):
    ws = tmp_path / "ws"
    holder = _hold(ws, "autograde")
    holder.send_signal(signal.SIGKILL)
    holder.wait(timeout=60)
    holder.stdout.close()
    holder.stdin.close()
    assert json.loads((ws / LOCK_NAME).read_text(encoding="utf-8"))["pid"] == holder.pid  # its description stays
    with workspace_lock(ws, "autograde") as mine:  # but the kernel released the lock
        assert mine["pid"] == os.getpid()


def test_waiting_says_so_then_runs(tmp_path):
    ws = tmp_path / "ws"
    first = _hold(ws, "autograde")
    second = _start_holder(ws, "export", wait=True)
    try:
        line = _line(second)
        assert line.startswith(f"L'espace de correction {ws.resolve()} est occupé par la commande « autograde » "
                               f"(PID {first.pid}, lancée le ")
        assert line.endswith("; attente de sa fin…\n")
        assert second.poll() is None  # still waiting: it has not printed « tient »
    finally:
        _release(first)
    assert _line(second) == "tient\n"
    assert _release(second) == "rendu\n"


def test_cli_refuses_with_status_75_for_every_writing_command(tmp_path):
    ws = tmp_path / "ws"
    holder = _hold(ws, "autograde")
    try:
        for command in (["export"], ["report"], ["feedback"], ["collect", str(tmp_path / "copies")]):
            run = _cli(ws, *command)
            assert run.returncode == EXIT_BUSY == 75, (command, run.stdout, run.stderr)
            assert run.stderr.startswith(f"Erreur : L'espace de correction {ws.resolve()} est occupé par la commande "
                                         f"« autograde » (PID {holder.pid}, lancée le "), run.stderr
            assert f"relancez « {command[0]} »" in run.stderr
    finally:
        _release(holder)
    assert not (ws / "grades.csv").exists() and not (ws / "rapport").exists()  # the refused ones wrote nothing


def test_a_self_check_on_a_busy_workspace_deletes_nothing(tmp_path):
    ws = tmp_path / "auto"
    holder = _hold(ws, "self-check")
    (ws / "a-garder.txt").write_text("copie d'un autre essai", encoding="utf-8")
    try:
        nb = ROOT / "exercises" / A1 / "force_des_liens.ipynb"
        with pytest.raises(WorkspaceBusy, match=f"« self-check » \\(PID {holder.pid},"):
            ag.self_check(nb, keep=ws)
    finally:
        _release(holder)
    assert (ws / "a-garder.txt").read_text(encoding="utf-8") == "copie d'un autre essai"  # not cleared


# ---------------------------------------------------------------- real grading runs side by side

grading = pytest.mark.bac_a_sable  # skipped without bubblewrap (French line), mandatory under CI=true
CLASS = {"alice": 13, "bruno": 0, "chloe": 10}  # worked out by hand (module docstring)


def _class_workspace(ws: Path, new_workspace) -> Path:
    """A workspace with three collected learners of assignment 01, none graded yet."""
    new_workspace(ws)
    write_submission(ws, "alice", A1, learner_notebook(A1))
    write_submission(ws, "bruno", A1, learner_notebook(A1, correct=False))
    write_submission(ws, "chloe", A1, learner_notebook(A1, PARTIAL))
    return ws


def _start_grading(ws: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "reseau.autograde", "autograde", "--tout", *extra], cwd=ROOT,
                            env=dict(ENV, RESEAU_WORKSPACE=str(ws)), stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)


def _wait_holding(ws: Path, proc: subprocess.Popen, command: str = "autograde") -> str:
    """Wait until `proc` holds the workspace (its description is in the lock file; generous timeout).

    Returns its start time as the messages must show it: « 2026-11-27 à 16:40:12 ».
    """
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            held = json.loads((ws / LOCK_NAME).read_text(encoding="utf-8"))
            if held.get("pid") == proc.pid and held.get("commande") == command:
                return held["debut"].replace(" ", " à ")
        except (OSError, ValueError):
            pass
        assert proc.poll() is None, proc.stdout.read()
        time.sleep(0.02)
    pytest.fail("the first run never took the workspace")


def _outcome(ws: Path) -> dict:
    """What a grading run leaves behind, without what must differ from one run to another.

    grades.csv and motifs.csv are compared byte for byte.  The journal holds the start and
    end time of each learner's grading (``debut``, ``fin``): two runs, even alone, never
    share them; everything else in it (fingerprint, status, score, reasons) must be equal.
    """
    journal = json.loads((ws / "journal_correction.json").read_text(encoding="utf-8"))
    for entry in journal["copies"].values():
        assert entry.pop("debut") and entry.pop("fin")
    scores = sorted((s.student, s.assignment, s.notebook, s.cell, s.score, s.max_score)
                    for s in ag.gradebook_scores(workspace=ws))
    return {"grades.csv": (ws / "grades.csv").read_bytes(), "motifs.csv": (ws / "motifs.csv").read_bytes(),
            "journal": journal, "gradebook": scores}


def _journal_text(ws: Path) -> str:
    try:
        return (ws / "journal_correction.json").read_text(encoding="utf-8")
    except OSError:
        return ""


def _totals(ws: Path) -> dict[str, float]:
    with open(ws / "grades.csv", encoding="utf-8") as fh:
        return {r["student_id"]: float(r["score"]) for r in csv.DictReader(fh) if r["assignment"] == A1}


@pytest.fixture(scope="module")
def single_run(tmp_path_factory, new_workspace):
    """The reference: one `autograde --tout`, alone on its workspace."""
    ws = _class_workspace(tmp_path_factory.mktemp("seul") / "ws", new_workspace)
    run = _cli(ws, "autograde", "--tout")
    assert run.returncode == 0, run.stdout + run.stderr
    assert _totals(ws) == CLASS
    return _outcome(ws)


@grading
def test_two_runs_at_once_one_grades_the_other_changes_nothing(tmp_path, single_run, monkeypatch, new_workspace):
    monkeypatch.delenv("RESEAU_NO_SANDBOX", raising=False)
    ws = _class_workspace(tmp_path / "ws", new_workspace)
    first = _start_grading(ws)
    try:
        since = _wait_holding(ws, first)
        second = _cli(ws, "autograde", "--tout")
        reader = _cli(ws, "export")  # export rewrites grades.csv: it needs the workspace to itself too
        assert first.poll() is None, "the first run ended before the others tried: the test proved nothing"
    finally:
        out, _ = first.communicate(timeout=600)
    assert first.returncode == 0, out
    assert "occupé" not in out and "alice / 06_force_des_liens : corrigé, 13 / 13" in out
    for refused, command in ((second, "autograde"), (reader, "export")):
        assert refused.returncode == EXIT_BUSY, refused.stdout + refused.stderr
        assert refused.stdout == ""  # it graded (or exported) nothing
        assert refused.stderr.startswith(f"Erreur : L'espace de correction {ws.resolve()} est occupé par la commande "
                                         f"« autograde » (PID {first.pid}, lancée le {since} par ")
        assert f"relancez « {command} »" in refused.stderr
    assert _outcome(ws) == single_run
    assert _totals(ws) == CLASS


@grading
def test_a_run_killed_holding_the_workspace_leaves_no_lock(tmp_path, monkeypatch, new_workspace):
    monkeypatch.delenv("RESEAU_NO_SANDBOX", raising=False)
    ws = _class_workspace(tmp_path / "ws", new_workspace)
    first = _start_grading(ws)
    _wait_holding(ws, first)
    deadline = time.monotonic() + 120  # kill it mid-grading: a learner's notebook is being graded
    while "en cours" not in _journal_text(ws):
        assert first.poll() is None and time.monotonic() < deadline, "the run never started grading"
        time.sleep(0.05)
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=60)
    first.stdout.close()
    assert json.loads((ws / LOCK_NAME).read_text(encoding="utf-8"))["pid"] == first.pid  # a stale description
    rerun = _cli(ws, "autograde")
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    assert "occupé" not in rerun.stdout + rerun.stderr
    assert _totals(ws) == CLASS


@grading
def test_attendre_waits_then_grades(tmp_path, single_run, monkeypatch, new_workspace):
    monkeypatch.delenv("RESEAU_NO_SANDBOX", raising=False)
    ws = _class_workspace(tmp_path / "ws", new_workspace)
    first = _start_grading(ws)
    try:
        since = _wait_holding(ws, first)
        second = _start_grading(ws, "--attendre")
        line = _line(second)
        assert first.poll() is None, "the first run ended before the second tried: the test proved nothing"
    finally:
        out, _ = first.communicate(timeout=600)
    assert first.returncode == 0, out
    rest, _ = second.communicate(timeout=600)
    assert second.returncode == 0, line + rest
    assert line.startswith(f"L'espace de correction {ws.resolve()} est occupé par la commande « autograde » "
                           f"(PID {first.pid}, lancée le {since} par ")
    assert line.endswith("; attente de sa fin…\n")
    # --tout: the second regraded everyone after the first, and found the same
    assert rest.count("corrigé, ") == 3 and "déjà corrigé" not in rest
    assert _outcome(ws) == single_run
