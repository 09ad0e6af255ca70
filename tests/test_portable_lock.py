"""Issue 25: the workspace lock where `fcntl` does not exist (Windows), tried on Linux without it.

Real processes in a Python where `fcntl` cannot be imported (`portable_env`): the lock is then the file
``.verrou-portable``, created exclusively with its holder's description.  A second command is refused
with the same French message as on Linux, or waits (and says so); a holder killed with SIGKILL leaves
its file behind, and the next command finds its holder gone and takes the workspace.
"""

from __future__ import annotations

import json
import select
import signal
import subprocess
from pathlib import Path

import pytest

from grading_helpers import ROOT
from portable_env import portable_env, portable_python

HOLDER = """
import sys
from reseau.workspace_lock import workspace_lock, PORTABLE_LOCK_NAME
import reseau.workspace_lock as wl
assert wl.fcntl is None
with workspace_lock(sys.argv[1], sys.argv[2], wait=len(sys.argv) > 3):
    print("tient", flush=True)
    sys.stdin.readline()
print("rendu", flush=True)
"""

TRY = """
import sys
from reseau.workspace_lock import WorkspaceBusy, workspace_lock
try:
    with workspace_lock(sys.argv[1], "export"):
        print("pris")
except WorkspaceBusy as err:
    print("occupé:", err)
"""


@pytest.fixture(scope="module")
def python(tmp_path_factory):
    base = tmp_path_factory.mktemp("verrou")
    return portable_python(base), portable_env(base)


def _line(proc: subprocess.Popen, timeout: float = 60) -> str:
    ready, _, _ = select.select([proc.stdout], [], [], timeout)
    if not ready:
        proc.kill()
        pytest.fail(f"no line from the process within {timeout:g} s")
    return proc.stdout.readline()


def _hold(python, ws: Path, command: str, *, wait: bool = False) -> subprocess.Popen:
    exe, env = python
    return subprocess.Popen([str(exe), "-c", HOLDER, str(ws), command] + (["attendre"] if wait else []), cwd=ROOT,
                            env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def _try(python, ws: Path) -> str:
    exe, env = python
    done = subprocess.run([str(exe), "-c", TRY, str(ws)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_busy_then_free_with_the_linux_french_message(python, tmp_path):
    ws = tmp_path / "ws"
    holder = _hold(python, ws, "self-check")
    assert _line(holder) == "tient\n"
    description = json.loads((ws / ".verrou-portable").read_text(encoding="utf-8"))
    assert (description["commande"], description["pid"]) == ("self-check", holder.pid)
    said = _try(python, ws)
    assert said.startswith(f"occupé: L'espace de correction {ws.resolve()} est occupé par la commande « self-check » "
                           f"(PID {holder.pid}, lancée le "), said
    assert "relancez « export », ou relancez-la avec ATTENDRE=1 (make) ou --attendre" in said
    holder.communicate("\n", timeout=30)
    assert not (ws / ".verrou-portable").exists()
    assert _try(python, ws) == "pris"


def test_a_killed_holder_frees_the_workspace(python, tmp_path):
    ws = tmp_path / "ws"
    holder = _hold(python, ws, "self-check")
    assert _line(holder) == "tient\n"
    holder.send_signal(signal.SIGKILL)
    holder.wait(30)
    assert (ws / ".verrou-portable").exists()  # left behind: its holder is gone
    assert _try(python, ws) == "pris"


def test_waiting_says_so_then_runs(python, tmp_path):
    ws = tmp_path / "ws"
    first = _hold(python, ws, "self-check")
    assert _line(first) == "tient\n"
    second = _hold(python, ws, "self-check", wait=True)
    line = _line(second)
    assert line.startswith(f"L'espace de correction {ws.resolve()} est occupé par la commande « self-check » (PID "
                           f"{first.pid},") and line.rstrip().endswith("; attente de sa fin…"), line
    first.communicate("\n", timeout=30)
    assert _line(second) == "tient\n"
    assert second.communicate("\n", timeout=30)[0].strip() == "rendu"
