"""One trainer command at a time on a grading workspace.

`workspace_lock(workspace, command)` takes an OS file lock (`fcntl.flock`) on the file
``.verrou`` of the workspace for the whole command: exclusive for the commands that write
(exercises, release, collect, autograde, feedback, export, report, self-check), shared for
those that only read.  The kernel releases a flock when the process dies, so a run killed
by SIGKILL never leaves a stale lock: the lock itself decides, never the file's existence
nor its content.

Once it holds the lock, the holder writes its description (command, start time, PID,
user, host, mode) into the lock file, as JSON.  A second command that finds the workspace
busy raises `WorkspaceBusy` (a `ReseauError`) whose French message names the holder, or
waits for it with ``wait=True`` (after printing a French line that says so).

Developer notes:

- The description may be stale: the holder has just taken the lock and not yet written
  its own (the previous holder's is still there), or it was written by a shared holder that
  has left while another shared holder remains.  A description is believed only if its
  process holds a lock on this very file now, as the kernel lists them in ``/proc/locks``
  (without /proc/locks: if its process is alive and is the same process, by the start time
  of the PID in ``/proc/<pid>/stat``, so that a reused PID does not fool us).  Otherwise the
  busy command retries for a moment, then names the holders' PIDs from /proc/locks (or
  « une autre commande ») without the stale details.
- The lock file is opened non-inheritable (Python's default): nbgrader and the sandboxed
  kernels started by the command do not hold it, so the lock dies with the command.
- flock locks belong to an open file: the same process opening the lock twice would lock
  itself out.  Take the lock once per command (in `reseau.autograde.main` and in
  `self_check`), not in every API function.
- The exit status of a command refused because the workspace is busy is `EXIT_BUSY`
  (75, EX_TEMPFAIL of sysexits.h: « try again later »); 2 stays for user errors.
- Where `fcntl` does not exist (Windows: a self-paced learner's self-check), the lock is the
  file ``.verrou-portable`` itself, created with O_CREAT | O_EXCL and holding the holder's
  description: it exists = the workspace is held.  A holder killed without cleaning up
  leaves it behind, so a busy command checks the holder (is that PID alive, with
  the same creation time, on this host?) and removes a stale file before trying again;
  the removal compares the file's content first, so it never removes a newer holder's
  file that replaced the stale one in between (a tiny window remains; two self-checks
  of one learner at the same instant are the only case).  A holder's start is known by
  the Windows API (ctypes: never `os.kill`, which ends a process there) or /proc.  Every holder is exclusive on
  this path (no shared mode): readers wait their turn like writers.  The Linux path is
  unchanged.
"""

from __future__ import annotations

import errno
import getpass
import json
import os
import socket
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from .errors import ReseauError

try:
    import fcntl
except ImportError:  # Windows: the portable lock file (see the module's notes)
    fcntl = None  # type: ignore[assignment]

__all__ = ["LOCK_NAME", "EXIT_BUSY", "WorkspaceBusy", "workspace_lock", "read_holder", "lock_holders", "describe_holder"]

#: The lock file, inside the workspace.
LOCK_NAME = ".verrou"
#: The lock file where `fcntl` does not exist: its existence is the lock.
PORTABLE_LOCK_NAME = ".verrou-portable"
#: Exit status of a command refused because another one holds the workspace (EX_TEMPFAIL).
EXIT_BUSY = 75
#: How long a busy command waits for a believable description of the holder (seconds).
_DESCRIPTION_GRACE = 1.0


class WorkspaceBusy(ReseauError):
    """Another command holds the grading workspace; `holder` is its description (or None)."""

    def __init__(self, message: str, *, workspace: Path, holder: dict | None):
        super().__init__(message, field="workspace", value=str(workspace))
        self.workspace = workspace
        self.holder = holder


def _process_start(pid: int) -> str | None:
    """The start time of process `pid` (clock ticks since boot, Linux), or None when unknown."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as fh:
            stat = fh.read()
    except OSError:
        return None
    # the command name (field 2) is in parentheses and may contain spaces: count after the last ")"
    fields = stat.rsplit(")", 1)[-1].split()
    return fields[19] if len(fields) > 19 else None  # field 22 of stat(5)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    except OSError:
        return False
    return True


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name in some containers
        return str(os.getuid()) if hasattr(os, "getuid") else "?"


def lock_holders(workspace: Path | str) -> set[int] | None:
    """PIDs holding a lock on the workspace's lock file, from the kernel (/proc/locks); None if unknown."""
    try:
        st = os.stat(Path(workspace) / LOCK_NAME)
        with open("/proc/locks", encoding="ascii", errors="replace") as fh:
            lines = fh.read().splitlines()
    except OSError:
        return None
    pids = set()
    for line in lines:  # "1: FLOCK  ADVISORY  WRITE 1234 fe:00:5678 0 EOF"; waiters have "->" and hold nothing
        parts = line.split()
        if len(parts) < 6 or parts[1] == "->" or parts[1] != "FLOCK":
            continue
        if parts[5].rsplit(":", 1)[-1] == str(st.st_ino) and parts[4].isdigit():
            pids.add(int(parts[4]))  # the inode is enough: the PID must match too
    return pids


def read_holder(workspace: Path | str) -> dict | None:
    """The description written by the lock's holder, if it is believable (see the module's notes).

    None when there is no description, it is unreadable, or its process holds no lock on
    the file now (or is gone, or is not the same process any more).  This never says whether
    the lock is held: only flock does.
    """
    if fcntl is None:
        return _portable_holder(Path(workspace) / PORTABLE_LOCK_NAME)
    path = Path(workspace) / LOCK_NAME
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        pid = int(data["pid"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if data.get("hote") not in (None, socket.gethostname()):
        return data  # another machine (shared folder): its PIDs cannot be checked from here
    holders = lock_holders(workspace)
    if holders is not None:
        return data if pid in holders else None
    if not _alive(pid):
        return None
    started = data.get("demarrage_processus")
    if started is not None and _process_start(pid) not in (None, started):
        return None  # the PID was reused by another process
    return data


def describe_holder(holder: dict | None, pids: set[int] | None = None) -> str:
    """French: « la commande « autograde » (PID 1234, lancée le 2026-11-27 à 16:40:12 par marie) ».

    Without a believable description: « une autre commande », with the holders' `pids` when known.
    """
    if not holder:
        if pids:
            return f"une autre commande (PID {', '.join(str(p) for p in sorted(pids))})"
        return "une autre commande"
    day, _, hour = str(holder.get("debut", "?")).partition(" ")
    since = f"lancée le {day} à {hour}" if hour else f"lancée le {day}"
    who = f" par {holder['utilisateur']}" if holder.get("utilisateur") else ""
    where = f" sur {holder['hote']}" if holder.get("hote") not in (None, socket.gethostname()) else ""
    return f"la commande « {holder.get('commande', '?')} » (PID {holder.get('pid', '?')}, {since}{who}{where})"


def _busy_holder(path: Path, fd: int, flag: int) -> tuple[bool, dict | None]:
    """Retry briefly until the holder's description is believable or the lock is free.

    Returns (acquired, holder).
    """
    deadline = time.monotonic() + _DESCRIPTION_GRACE
    while True:
        holder = read_holder(path.parent)
        if holder is not None:
            return False, holder
        try:
            fcntl.flock(fd, flag | fcntl.LOCK_NB)
            return True, None
        except BlockingIOError:
            pass
        if time.monotonic() >= deadline:
            return False, None
        time.sleep(0.05)


def _say_now(line: str) -> None:
    print(line, flush=True)


def _write_description(fd: int, description: dict) -> None:
    data = (json.dumps(description, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, data, 0)
    except OSError:
        pass  # a read-only lock file (another user's): the lock still works, without description


def _busy(ws: Path, command: str, holder: dict | None, pids: set[int] | None, *, wait: bool,
          say: Callable[[str], None] | None) -> None:
    """The workspace is held by another command: raise `WorkspaceBusy`, or (`wait`) say that we wait for it."""
    busy = f"L'espace de correction {ws} est occupé par {describe_holder(holder, pids)}"
    if not wait:
        raise WorkspaceBusy(
            f"{busy}. Deux commandes à la fois sur le même espace de correction fausseraient les notes : "
            f"attendez la fin de celle-ci puis relancez « {command} », ou relancez-la avec "
            "ATTENDRE=1 (make) ou --attendre pour qu'elle attende son tour.",
            workspace=ws, holder=holder)
    (say or _say_now)(f"{busy} ; attente de sa fin…")


def _description(command: str, exclusive: bool) -> dict:
    return {
        "commande": command, "pid": os.getpid(), "utilisateur": _user(), "hote": socket.gethostname(),
        "debut": time.strftime("%Y-%m-%d %H:%M:%S"), "mode": "exclusif" if exclusive else "partagé",
        "demarrage_processus": _process_start(os.getpid()),
    }


# -- the portable path (no fcntl: Windows) -----------------------------------------------------------
def _windows_process(pid: int) -> tuple[bool, int | None]:
    """(alive, creation time as a FILETIME count) of process `pid`, from the Windows API."""
    import ctypes
    from ctypes import wintypes

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]
    handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        return ctypes.get_last_error() == 5, None  # ERROR_ACCESS_DENIED: it exists (another user's)
    try:
        code = wintypes.DWORD()
        if kernel32.GetExitCodeProcess(handle, ctypes.byref(code)) and code.value != 259:  # STILL_ACTIVE
            return False, None
        times = [wintypes.FILETIME() for _ in range(4)]
        if kernel32.GetProcessTimes(handle, *(ctypes.byref(t) for t in times)):
            return True, (times[0].dwHighDateTime << 32) | times[0].dwLowDateTime
        return True, None
    finally:
        kernel32.CloseHandle(handle)


def _creation_time(pid: int) -> str | None:
    """An identity of process `pid`'s start (Windows: its creation time; Linux: its start in /proc), else None."""
    if os.name == "nt":
        return str(_windows_process(pid)[1]) if _windows_process(pid)[1] is not None else None
    return _process_start(pid)


def _running(pid: int) -> bool:
    """Process `pid` exists (never os.kill on Windows: there it ends the process)."""
    if os.name == "nt":
        return _windows_process(pid)[0]
    return _alive(pid)


def _portable_holder(path: Path) -> dict | None:
    """The description in the portable lock file if its holder still runs (see the module's notes), else None.

    A description from another host is believed (its PID cannot be checked from here).
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        pid = int(data["pid"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if data.get("hote") not in (None, socket.gethostname()):
        return data
    if not _running(pid):
        return None
    recorded = data.get("creation_processus")
    if recorded is not None and _creation_time(pid) not in (None, recorded):
        return None  # the PID was reused by another process
    return data


def _take_portable(path: Path, description: dict) -> bool:
    """Create the portable lock file with our description; False if it exists (and its holder is alive)."""
    data = (json.dumps(description, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    for _ in range(3):
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            try:
                stale = path.read_bytes()
            except OSError:
                continue  # removed meanwhile: try again
            if not stale.strip():
                # being created (the holder has not written yet), or left empty by a crash: a moment
                try:
                    age = time.time() - path.stat().st_mtime
                except OSError:
                    continue
                if age < 5.0:
                    return False
            elif _portable_holder(path) is not None:
                return False
            try:  # stale: remove it, unless a newer holder replaced it meanwhile
                if path.read_bytes() == stale:
                    path.unlink()
            except OSError:
                pass
            continue
        try:
            os.write(fd, data)
        finally:
            os.close(fd)
        return True
    return False


@contextmanager
def _portable_lock(ws: Path, command: str, *, exclusive: bool, wait: bool,
                   say: Callable[[str], None] | None) -> Iterator[dict]:
    path = ws / PORTABLE_LOCK_NAME
    description = dict(_description(command, exclusive), mode="exclusif", creation_processus=_creation_time(os.getpid()))
    said = False
    while not _take_portable(path, description):
        if not said:
            _busy(ws, command, _portable_holder(path), None, wait=wait, say=say)
            said = True
        time.sleep(0.2)
    try:
        yield description
    finally:
        try:
            if json.loads(path.read_text(encoding="utf-8")).get("pid") == os.getpid():
                path.unlink()
        except (OSError, ValueError):
            pass


@contextmanager
def workspace_lock(workspace: Path | str, command: str, *, exclusive: bool = True, wait: bool = False,
                   say: Callable[[str], None] | None = None) -> Iterator[dict]:
    """Hold the workspace's lock for the duration of the `with` block; yield the description written.

    `command` names the command in the messages (« autograde », « export »...).  When another
    command holds the workspace: raise `WorkspaceBusy` (French message: which command, its PID,
    since when, what to do), or, with `wait`, print (through `say`) a French line saying so and
    wait for it (`say` defaults to printing it at once, even into a pipe).  The workspace folder
    and the lock file are created if missing.
    """
    ws = Path(workspace).resolve()
    ws.mkdir(parents=True, exist_ok=True)
    if fcntl is None:
        with _portable_lock(ws, command, exclusive=exclusive, wait=wait, say=say) as description:
            yield description
        return
    path = ws / LOCK_NAME
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
    except PermissionError:
        fd = os.open(path, os.O_RDONLY)  # flock needs no write access
    try:
        flag = fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH
        try:
            fcntl.flock(fd, flag | fcntl.LOCK_NB)
        except OSError as err:
            if err.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                raise
            acquired, holder = _busy_holder(path, fd, flag)
            if not acquired:
                pids = None if holder else lock_holders(ws)
                _busy(ws, command, holder, pids, wait=wait, say=say)
                fcntl.flock(fd, flag)
        description = _description(command, exclusive)
        if exclusive or read_holder(ws) is None:  # a reader keeps the description of the reader already in
            _write_description(fd, description)
        try:
            yield description
        finally:
            try:
                if not exclusive:  # the last shared holder out may clear the description too
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                os.ftruncate(fd, 0)  # still ours: no later reader meets our description
            except OSError:
                pass
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
