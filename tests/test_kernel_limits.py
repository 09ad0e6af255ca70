"""Issue 11: limits per kernel, not per process.

A control group caps a learner's whole kernel tree (memory, processes, CPU time): a notebook
that forks cannot use more than one kernel's budget.  The connection folder it shares with
the grader is a capped tmpfs.  Checked on the group itself (a process tree started by `wrap`)
and end to end, in one grading batch with an honest learner whose grade is unchanged.
"""

from __future__ import annotations

import contextlib
import io
import json
import subprocess
import sys
import time

import pytest

from grading_helpers import learner_notebook, write_submission
from reseau import autograde as ag
from reseau.autograde import cgroups
from reseau.autograde.journal import Journal

pytestmark = pytest.mark.groupes_de_controle  # skipped without root/cgroups (French line), mandatory under CI=true

A1 = "06_force_des_liens"

#: children allocating `mb` each at once and holding it; once each child holds its memory or is dead (the
#: out-of-memory killer), prints how many are alive, each holding `mb` at that moment
MEMORY_HOGS = """
import os, select, time
pids, pipes = [], {{}}
for _ in range({n}):
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            block = bytearray({mb} * 2**20)
            for i in range(0, len(block), 4096):
                block[i] = 1
            os.write(w, b"1")
            time.sleep(20)
        finally:
            os._exit(0)
    os.close(w)
    pids.append(pid)
    pipes[r] = pid
ready, dead = set(), set()
deadline = time.time() + 60
while len(ready | dead) < len(pids) and time.time() < deadline:
    for r in select.select(list(pipes), [], [], 0.1)[0]:
        if os.read(r, 1):
            ready.add(pipes[r])
        os.close(r)
        del pipes[r]
    for p in pids:
        if p not in dead and os.waitpid(p, os.WNOHANG) != (0, 0):
            dead.add(p)
time.sleep(0.5)
alive = [p for p in pids if p not in dead and os.waitpid(p, os.WNOHANG) == (0, 0)]
print("vivants :", len(alive))
for p in pids:
    try:
        os.kill(p, 9)
        os.waitpid(p, 0)
    except (OSError, ChildProcessError):
        pass
"""

#: children that spin forever; the parent waits
CPU_HOGS = """
import os, time
for _ in range({n}):
    if os.fork() == 0:
        while True:
            pass
time.sleep({wait})
"""


def _group(**budgets):
    group = cgroups.KernelCgroup.create(**budgets)
    assert group is not None, cgroups.describe()
    return group


def test_the_machine_says_which_limits_apply():
    version, _ = cgroups.support()
    assert version in {"v1", "v2"}
    assert f"cgroup {version}" in cgroups.describe()


def test_a_wrapped_command_runs_inside_its_group_and_the_group_goes_away():
    group = _group(memory_bytes=256 * 2**20, processes=16, cpu_seconds=5)
    try:
        out = subprocess.run(group.wrap(["cat", "/proc/self/cgroup"]), capture_output=True, text=True,
                             check=True).stdout
        for folder in group.paths.values():
            assert folder.name in out
    finally:
        group.remove()
    assert not any(folder.exists() for folder in group.paths.values())


def test_cpu_time_is_counted_for_the_whole_tree():
    # 3 children spinning: each alone stays far below any per-process limit; together they pass 2 s
    group = _group(memory_bytes=512 * 2**20, processes=16, cpu_seconds=2)
    start = time.monotonic()
    process = subprocess.Popen(group.wrap([sys.executable, "-c", CPU_HOGS.format(n=3, wait=120)]))
    group.watch(interval=0.1)
    try:
        process.wait(timeout=30)
    finally:
        group.remove()
    assert process.returncode == -9
    assert time.monotonic() - start < 15
    assert "temps de calcul épuisé" in group.exhausted
    assert group.pids() == []


def test_memory_is_counted_for_the_whole_tree():
    # 4 children of 120 MB at once in a 300 MB group: at most 2 fit (each alone would)
    group = _group(memory_bytes=300 * 2**20, processes=16, cpu_seconds=60)
    try:
        out = subprocess.run(group.wrap([sys.executable, "-c", MEMORY_HOGS.format(n=4, mb=120)]),
                             capture_output=True, text=True, timeout=60).stdout
    finally:
        group.remove()
    alive = int(out.split("vivants :")[1])
    assert alive <= 2, out


def test_the_process_budget_is_the_whole_tree():
    group = _group(memory_bytes=512 * 2**20, processes=5, cpu_seconds=30)
    code = ("import os\nok = 0\nfor _ in range(20):\n    try:\n        pid = os.fork()\n    except OSError:\n"
            "        break\n    if pid == 0:\n        import time; time.sleep(2); os._exit(0)\n    ok += 1\n"
            "print('enfants :', ok)")
    try:
        out = subprocess.run(group.wrap([sys.executable, "-c", code]), capture_output=True, text=True,
                             timeout=60).stdout
    finally:
        group.remove()
    assert int(out.split("enfants :")[1]) <= 4  # the parent counts: 5 processes in all


# -- end to end: one grading batch --------------------------------------------------------------------
def _answer_output(ws, learner: str) -> str:
    path = ws / "autograded" / learner / A1 / "force_des_liens.ipynb"
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    (cell,) = [c for c in cells if c["metadata"].get("nbgrader", {}).get("grade_id") == "share"]
    return "".join("".join(o.get("text", "")) for o in cell.get("outputs", []) if o["output_type"] == "stream")


@pytest.mark.bac_a_sable
def test_a_fork_heavy_notebook_stays_within_one_kernel_budget(tmp_path, monkeypatch, new_workspace):
    monkeypatch.delenv("RESEAU_NO_SANDBOX", raising=False)
    for key, value in {"RESEAU_SANDBOX_MEMORY_MB": "2048", "RESEAU_SANDBOX_CPU_SECONDS": "20",
                       "RESEAU_CELL_TIMEOUT": "40"}.items():
        monkeypatch.setenv(key, value)
    ws = new_workspace(tmp_path / "ws")
    write_submission(ws, "honnete", A1, learner_notebook(A1))
    # 6 children of 500 MB at once: 3 GB, over the kernel's 2 GB; each child alone is within its limits
    write_submission(ws, "memoire", A1, learner_notebook(A1, {
        "share": MEMORY_HOGS.format(n=6, mb=500) + "share_weak = n_weak / len(scored)"}))
    # 4 children spinning: past the kernel's 20 s of CPU long before the cell's 40 s
    write_submission(ws, "calcul", A1, learner_notebook(A1, {
        "share": CPU_HOGS.format(n=4, wait=60) + "share_weak = n_weak / len(scored)"}))
    # the folder shared with the grader is a 1 MB tmpfs
    write_submission(ws, "connexion", A1, learner_notebook(A1, {"share": (
        "import os, sys\n"
        "folder = os.path.dirname([a for a in sys.argv if a.endswith('.json')][0])\n"
        "try:\n"
        "    with open(os.path.join(folder, 'remplissage'), 'wb') as fh:\n"
        "        fh.write(b'x' * 5_000_000)\n"
        "    print('écrit')\n"
        "except OSError as err:\n"
        "    print('refusé', err.errno)\n"
        "share_weak = n_weak / len(scored)")}))
    with contextlib.redirect_stdout(io.StringIO()):
        ag.autograde(workspace=ws, jobs=2)
    totals: dict[str, float] = {}
    for s in ag.gradebook_scores(workspace=ws):
        totals[s.student] = totals.get(s.student, 0) + s.score
    assert totals["honnete"] == 13  # the other gradings are untouched
    alive = int(_answer_output(ws, "memoire").split("vivants :")[1])
    assert alive <= 3  # 2 GB for the kernel (about 150 MB) and its children of 500 MB
    assert totals["memoire"] == 13  # the kernel itself survived: its answers are graded
    motifs = {r["question"]: r["motif"] for r in Journal(ws).get("calcul", A1)["motifs"]}
    assert "temps de calcul épuisé" in motifs["test_share_weak"], motifs
    assert totals["calcul"] == 12
    assert _answer_output(ws, "connexion").strip() == "refusé 28"  # ENOSPC
    assert totals["connexion"] == 13
