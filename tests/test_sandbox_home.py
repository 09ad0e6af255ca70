"""The sandbox when the project lives in the trainer's home (~/reseau): grading must still work.

The home is never visible to a learner's kernel, but Python, the library (reference
functions, the sandbox launcher) and the data it needs must be, wherever they live.
"""

from __future__ import annotations


import pytest

from grading_helpers import ROOT, learner_notebook, write_submission
from reseau import autograde as ag
from reseau.autograde import sandbox as sb

pytestmark = pytest.mark.bac_a_sable  # skipped without bubblewrap (French line), mandatory under CI=true

A1 = "06_force_des_liens"


def test_binds_when_the_project_is_inside_home(monkeypatch):
    monkeypatch.setenv("HOME", str(ROOT.parent))
    bound = {path for kind, path in sb.readonly_binds() if kind == "bind"}
    assert str(ROOT / "src") in bound and str(ROOT / "datasets") in bound
    for hidden in (ROOT, ROOT.parent, ROOT / "solutions", ROOT / "autograder", ROOT / ".git"):
        assert not any(path == str(hidden) or str(hidden).startswith(path + "/") for path in bound), hidden


def test_grading_works_with_the_project_inside_home(tmp_path, monkeypatch, new_workspace):
    monkeypatch.delenv("RESEAU_NO_SANDBOX", raising=False)
    monkeypatch.setenv("HOME", str(ROOT.parent))
    ws = tmp_path / "ws"
    new_workspace(ws)
    write_submission(ws, "alice", A1, learner_notebook(A1))
    assert ag.autograde(workspace=ws) == {("alice", A1): True}
    assert sum(s.score for s in ag.gradebook_scores(workspace=ws)) == 13


def test_a_notebook_of_many_slow_cells_is_stopped_by_the_total_deadline(tmp_path, monkeypatch, new_workspace):
    """Each cell stays under the per-cell limit, but the whole notebook overruns: 0, with a reason."""
    import csv

    monkeypatch.delenv("RESEAU_NO_SANDBOX", raising=False)
    monkeypatch.setenv("RESEAU_NOTEBOOK_TIMEOUT", "8")
    ws = tmp_path / "ws"
    new_workspace(ws)
    slow = learner_notebook(A1)
    for cell in slow.cells:
        if cell.metadata.get("nbgrader", {}).get("solution"):
            cell.source = "import time\ntime.sleep(2)\n" + cell.source  # 6 cells x 2 s, each under 30 s
    write_submission(ws, "lent", A1, slow)
    write_submission(ws, "alice", A1, learner_notebook(A1))
    done = ag.autograde(workspace=ws)
    assert done == {("alice", A1): True, ("lent", A1): False}
    totals: dict[str, float] = {}
    for s in ag.gradebook_scores(workspace=ws):
        totals[s.student] = totals.get(s.student, 0) + s.score
    assert totals["alice"] == 13 and totals.get("lent", 0) == 0
    with open(ws / "motifs.csv", encoding="utf-8") as fh:
        reasons = [r["motif"] for r in csv.DictReader(fh) if r["apprenant"] == "lent"]
    assert reasons and all("temps total permis (8 s)" in r for r in reasons)


def test_a_kernel_starting_when_its_worker_dies_dies_too():
    """The race a killed run once lost: the worker died while /bin/sh (joining the kernel's control group) had not
    yet exec'd bubblewrap, so bwrap's --die-with-parent came too late and the kernel outlived the run.  The kernel's
    first process now dies with its worker from the fork on (PR_SET_PDEATHSIG, kept across exec)."""
    import os
    import signal
    import subprocess
    import sys
    import time

    worker = subprocess.Popen([sys.executable, "-c", (
        "import os, subprocess, sys, time\n"
        "from functools import partial\n"
        "from reseau.autograde.sandbox import _die_with\n"
        "child = subprocess.Popen(['/bin/sh', '-c', 'sleep 0.5; exec sleep 30'], preexec_fn=partial(_die_with, os.getpid()))\n"
        "print(child.pid, flush=True)\n"
        "time.sleep(60)\n")], stdout=subprocess.PIPE, text=True)
    child = int(worker.stdout.readline())
    worker.send_signal(signal.SIGKILL)  # while the child's shell is still in its `sleep 0.5`, before its exec
    worker.wait()
    worker.stdout.close()
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            state = next(line for line in open(f"/proc/{child}/status") if line.startswith("State:"))
        except (FileNotFoundError, ProcessLookupError):
            break
        if "Z" in state.split()[1]:
            break
        time.sleep(0.1)
    else:
        os.kill(child, signal.SIGKILL)
        raise AssertionError("the child outlived its worker")
