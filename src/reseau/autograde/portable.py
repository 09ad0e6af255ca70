"""What this machine offers the grading engine: Linux's extras, or the portable path.

The trainer's grading (Linux) forks its workers and its judges, caps each process with
`resource` limits and sandboxes it with bubblewrap.  A self-paced learner's self-check on
Windows or macOS has none of that: no `os.fork` (Windows; macOS forks badly once threads
and frameworks are loaded), no `resource` (Windows), no Unix socket (Windows).  Each part
of the engine asks here which path it takes; every answer is read at call time, so a
test can take an extra away in a subprocess and get the portable path on Linux.

- `forks()`: workers (`reseau.autograde.workers`) and judges (`reseau._judge`) are forked
  (Linux); otherwise workers are started by multiprocessing's spawn and the judge serves
  each notebook in turn in one process started for the run (the learner's own code, on the
  learner's own machine, one notebook at a time).
- `limits()`: the sandbox launcher (`reseau._sandbox_launcher`) sets the kernel's limits and
  execs it (POSIX with `resource`); otherwise the kernel is started directly, in its private
  copy of the learner's files, with no limit but the cell time limits.
- `judge_forks()`: the judge zygote (forks, Unix socket, CPU limits); otherwise the
  portable judge (TCP on 127.0.0.1 with a secret token, a wall-clock timer per cell).
"""

from __future__ import annotations

import os
import socket
import sys


def forks() -> bool:
    """Processes may be forked: Linux with `os.fork`."""
    return sys.platform.startswith("linux") and hasattr(os, "fork")


def limits() -> bool:
    """Per-process limits and exec: POSIX with the `resource` module importable."""
    if os.name != "posix":
        return False
    try:
        import resource  # noqa: F401
    except ImportError:
        return False
    return True


def judge_forks() -> bool:
    """The judge zygote can run here: forks, limits and Unix sockets."""
    return forks() and limits() and hasattr(socket, "AF_UNIX")


def start_method() -> str:
    """multiprocessing's start method for the grading workers: "fork" on Linux, else "spawn"."""
    return "fork" if forks() else "spawn"
