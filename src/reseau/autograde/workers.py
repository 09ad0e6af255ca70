"""The pool of workers that execute learners' notebooks side by side.

Each notebook is executed by a worker process of its own, forked from the grading process
(nbgrader and the libraries are already imported: a fork costs milliseconds); where there
is no fork (Windows, macOS: `reseau.autograde.portable`), started by multiprocessing's
spawn instead (a fresh interpreter: `Task.run` must then be picklable).  Nothing is
shared between two notebooks: a separate process, a separate sandbox and temporary folder
(`reseau.autograde.sandbox`), a uid of its own for the kernel.  At most `jobs` notebooks
run their cells at once; `lookahead` more workers start their sandboxed kernel ahead of
need and wait, so a slot that frees up never waits for a kernel to start.

The grading process keeps control: a notebook past its deadline has its worker killed
(its sandbox dies with it), a worker that dies or fails is reported, never raised, so one
learner stops no one; if the grading process is killed, its workers die with it.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import signal
import tempfile
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import wait
from pathlib import Path
from typing import Any

#: Outcomes of one notebook.
DONE, FAILED, TIMED_OUT = "fini", "échec", "temps dépassé"


@dataclass
class Task:
    """One notebook to execute: `run(uid, ready)` is called in the worker; `key` comes back with the outcome."""

    key: Any
    run: Callable[[int, Callable[[], None]], None]


@dataclass
class Outcome:
    key: Any
    status: str
    detail: str = ""
    seconds: float = 0.0


@dataclass
class _Worker:
    task: Task
    uid: int
    process: Any
    conn: Any
    folder: Path | None = None  # the worker's temporary files (its sandbox's copy, connection files)
    started: float | None = None
    messages: list = field(default_factory=list)


def _die_with_parent(parent: int) -> None:
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGKILL))  # PR_SET_PDEATHSIG
    except Exception:  # noqa: BLE001 - best effort, Linux only
        pass
    if os.getppid() != parent:  # the grading process died before prctl took effect
        os._exit(1)


def _worker_main(task: Task, uid: int, conn, parent: int, folder: Path) -> None:  # pragma: no cover - worker
    _die_with_parent(parent)
    tempfile.tempdir = str(folder)  # its temporary files in its own folder, removed by the grading process
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the grading process's to handle
    signal.signal(signal.SIGTERM, signal.SIG_DFL)

    def ready() -> None:
        conn.send(("prêt",))
        if conn.recv() != "go":
            os._exit(1)

    try:
        task.run(uid, ready)
        conn.send(("fini",))
    except BaseException:  # noqa: BLE001 - reported to the grading process, never raised there
        conn.send(("échec", traceback.format_exc(limit=8)))
    finally:
        conn.close()


def run_tasks(tasks: Iterable[Task], *, jobs: int, uids: list[int], deadline: float,
              lookahead: int | None = None) -> Iterator[Outcome]:
    """Run `tasks` in forked workers, `jobs` at a time; yield each outcome as it comes.

    `tasks` is read lazily: the caller may prepare the next notebook while others run.
    `uids`: at least one per concurrent worker (jobs + lookahead), used in turn, first in first out.  A task still running
    `deadline` seconds after it was allowed to run is killed (TIMED_OUT).
    """
    jobs = max(1, int(jobs))
    lookahead = jobs if lookahead is None else max(0, lookahead)
    if len(uids) < jobs + lookahead:
        raise ValueError("one uid per concurrent worker is needed")
    from .portable import start_method

    context = multiprocessing.get_context(start_method())  # spawn where there is no fork: Task.run is pickled
    pending: Iterator[Task] = iter(tasks)
    free_uids = deque(uids)  # first in, first out: a uid comes back only after all the others
    workers: list[_Worker] = []
    exhausted = False
    parent = os.getpid()
    scratch = Path(tempfile.mkdtemp(prefix="reseau-correction-"))
    count = 0
    try:
        while True:
            while not exhausted and len(workers) < jobs + lookahead:
                task = next(pending, None)
                if task is None:
                    exhausted = True
                    break
                mine, theirs = context.Pipe()
                uid = free_uids.popleft()
                count += 1
                folder = scratch / f"travailleur-{count}"
                folder.mkdir(mode=0o711)  # (Windows ignores the mode: a learner's own machine)
                process = context.Process(target=_worker_main, args=(task, uid, theirs, parent, folder), daemon=True)
                process.start()
                theirs.close()
                workers.append(_Worker(task, uid, process, mine, folder))
            if not workers:
                return
            running = [w for w in workers if w.started is not None]
            for worker in workers:  # oldest first: notebooks run in the order they were given
                if len(running) >= jobs:
                    break
                if worker.started is None:
                    worker.started = time.monotonic()
                    running.append(worker)
                    _send(worker.conn, "go")
            now = time.monotonic()
            limits = [w.started + deadline - now for w in running]
            ready = wait([w.conn for w in workers] + [w.process.sentinel for w in workers],
                         timeout=max(0.0, min(limits)) if limits else None)
            finished: list[tuple[_Worker, Outcome]] = []
            for worker in workers:
                outcome = _poll(worker, ready, deadline)
                if outcome is not None:
                    finished.append((worker, outcome))
            for worker, outcome in finished:
                workers.remove(worker)
                _reap(worker, kill=outcome.status == TIMED_OUT)
                free_uids.append(worker.uid)
                yield outcome
    finally:
        for worker in workers:  # interrupted (Ctrl+C, an error in the caller): no worker outlives the run
            _reap(worker, kill=True)
        shutil.rmtree(scratch, ignore_errors=True)


def _send(conn, message) -> None:
    try:
        conn.send(message)
    except (BrokenPipeError, OSError):
        pass  # the worker is gone: its sentinel says so


def _poll(worker: _Worker, ready: list, deadline: float) -> Outcome | None:
    """The worker's outcome if it has one now, else None."""
    elapsed = time.monotonic() - worker.started if worker.started is not None else 0.0
    _drain(worker)  # every worker, every time: one that finished after wait() returned has said so
    outcome = _said(worker, elapsed)
    if outcome is not None:
        return outcome
    if worker.process.sentinel in ready or not worker.process.is_alive():
        worker.process.join(1)
        _drain(worker)  # what it said just before it ended
        outcome = _said(worker, elapsed)
        if outcome is not None:
            return outcome
        code = worker.process.exitcode
        why = (f"arrêté par le signal {-code} (mémoire de la machine épuisée ?)" if code is not None and code < 0
               else f"arrêté avec le code {code}")
        return Outcome(worker.task.key, FAILED, f"le processus qui corrigeait ce carnet s'est {why}",
                       seconds=elapsed)
    if worker.started is not None and elapsed >= deadline:
        return Outcome(worker.task.key, TIMED_OUT, f"{deadline:g} s", seconds=elapsed)
    return None


def _drain(worker: _Worker) -> None:
    try:
        while worker.conn.poll():
            worker.messages.append(worker.conn.recv())
    except (EOFError, OSError):
        pass


def _said(worker: _Worker, elapsed: float) -> Outcome | None:
    for message in worker.messages:
        if message[0] == "fini":
            return Outcome(worker.task.key, DONE, seconds=elapsed)
        if message[0] == "échec":
            return Outcome(worker.task.key, FAILED, message[1], seconds=elapsed)
    return None


def _reap(worker: _Worker, *, kill: bool = False) -> None:
    process = worker.process
    process_failed = False
    if kill or process.is_alive():
        process.join(0 if kill else 5)
    if process.is_alive():
        process.kill()  # its sandbox (bwrap --die-with-parent) and kernel die with it
        process.join(5)
    worker.conn.close()
    if not process.is_alive():
        process_failed = process.exitcode != 0
        process.close()
    if worker.folder is not None:  # a killed worker could not clean up after itself
        from .cgroups import remove_stale
        from .sandbox import unmount_under

        unmount_under(worker.folder)  # its kernel's capped connection folder
        if kill or process_failed:
            remove_stale()  # its kernel's control group, if the worker could not remove it
        shutil.rmtree(worker.folder, ignore_errors=True)

