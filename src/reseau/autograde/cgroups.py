"""One control group per learner's kernel: memory, processes and CPU time of the whole kernel tree.

Resource limits (`reseau._sandbox_launcher`) apply to each process: a notebook that forks
could use one budget per child.  A control group (cgroup) caps the kernel and every
process it starts, together:

- memory: ``memory.max`` (v2) or ``memory.limit_in_bytes`` (v1); beyond it the system's
  out-of-memory killer stops a process of that kernel, and of no other;
- processes: ``pids.max`` (v2 and v1);
- CPU time: the group's total (``cpu.stat`` usage_usec in v2, ``cpuacct.usage`` in v1),
  watched by the grader (`KernelCgroup.watch`): past the budget, every process of the
  group is killed.

Where the machine has cgroup v2 with the memory and pids controllers, v2 is used; else
cgroup v1 (memory, pids and cpuacct hierarchies); else none: the per-process limits
remain, and `describe()` says so (the trainer's guide, « Le bac à sable », explains).
Creating groups needs root (a grading run as root, as on the classroom server).
The kernel joins its group before it starts (`wrap`): a tiny shell writes its own pid
into the group, then becomes the sandbox (exec), so nothing escapes by forking early.
"""

from __future__ import annotations

import os
import signal
import threading
import time
import uuid
from pathlib import Path

ROOT = Path("/sys/fs/cgroup")
#: The folder of the kernels' groups, in each hierarchy.
GROUP = "reseau-bac-a-sable"
_V1 = ("memory", "pids", "cpuacct")


def _own_paths() -> dict[str, str]:
    """controller (or "" for v2) -> this process's cgroup path, from /proc/self/cgroup."""
    out: dict[str, str] = {}
    try:
        lines = Path("/proc/self/cgroup").read_text().splitlines()
    except OSError:
        return out
    for line in lines:
        parts = line.split(":", 2)
        if len(parts) != 3:
            continue
        for controller in parts[1].split(",") if parts[1] else [""]:
            out[controller] = parts[2]
    return out


def _is_cgroup2(path: Path) -> bool:
    return (path / "cgroup.controllers").exists()


def _v2_base() -> Path | None:
    if not _is_cgroup2(ROOT):
        return None
    try:
        controllers = set((ROOT / "cgroup.controllers").read_text().split())
    except OSError:
        return None
    if not {"memory", "pids"} <= controllers:
        return None
    return ROOT / GROUP


def _v1_bases() -> dict[str, Path] | None:
    own = _own_paths()
    bases = {}
    for controller in _V1:
        mount = ROOT / controller
        if not (mount / "cgroup.procs").exists() or _is_cgroup2(mount):
            return None
        bases[controller] = mount / own.get(controller, "/").lstrip("/") / GROUP
    return bases


def _writable(path: Path) -> bool:
    try:
        path.mkdir(exist_ok=True)
        probe = path / f"essai-{uuid.uuid4().hex[:8]}"
        probe.mkdir()
        probe.rmdir()
        return True
    except OSError:
        return False


_SUPPORT: tuple[str | None, object] | None = None


def support() -> tuple[str | None, object]:
    """("v2", base) or ("v1", {controller: base}) where kernels' groups can be made, else (None, None)."""
    global _SUPPORT
    if _SUPPORT is None:
        _SUPPORT = (None, None)
        if os.environ.get("RESEAU_SANS_CGROUP", "").strip() in {"1", "oui", "yes", "true"}:
            return _SUPPORT
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            base = _v2_base()
            if base is not None and _writable(base):
                try:
                    (base / "cgroup.subtree_control").write_text("+memory +pids")
                    _SUPPORT = ("v2", base)
                except OSError:
                    pass
            if _SUPPORT[0] is None:
                bases = _v1_bases()
                if bases is not None and all(_writable(b) for b in bases.values()):
                    _SUPPORT = ("v1", bases)
    return _SUPPORT


def describe() -> str:
    """Which limits hold per kernel on this machine (French, for the trainer)."""
    version, _ = support()
    if version:
        return (f"limites par noyau : groupe de contrôle (cgroup {version}) : mémoire, processus et temps de calcul "
                "comptés pour le noyau et tous ses processus ensemble")
    return ("limites par processus seulement (pas de groupe de contrôle utilisable : correction sans droits root, "
            "ou cgroups absents) : mémoire et temps de calcul comptent pour chaque processus du noyau")


class KernelCgroup:
    """The control group of one kernel (create with `KernelCgroup.create`, then `wrap`, `watch`, `remove`)."""

    def __init__(self, version: str, paths: dict[str, Path], cpu_seconds: float):
        self.version = version
        self.paths = paths  # controller (or "" for v2) -> folder
        self.cpu_seconds = cpu_seconds
        self.exhausted: str | None = None  # the French reason, once the group was killed for a budget
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @classmethod
    def create(cls, *, memory_bytes: int, processes: int, cpu_seconds: float) -> "KernelCgroup | None":
        """A new group with these budgets, or None where groups are not available (per-process limits remain)."""
        version, base = support()
        if version is None:
            return None
        name = f"noyau-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        if version == "v2":
            paths = {"": base / name}  # type: ignore[operator]
        else:
            paths = {c: b / name for c, b in base.items()}  # type: ignore[union-attr]
        made: list[Path] = []
        try:
            for folder in paths.values():
                folder.mkdir()
                made.append(folder)
            if version == "v2":
                folder = paths[""]
                _write(folder / "memory.max", memory_bytes)
                _write(folder / "memory.swap.max", 0, optional=True)
                _write(folder / "memory.oom.group", 1, optional=True)
                _write(folder / "pids.max", processes)
            else:
                _write(paths["memory"] / "memory.limit_in_bytes", memory_bytes)
                _write(paths["memory"] / "memory.memsw.limit_in_bytes", memory_bytes, optional=True)
                _write(paths["pids"] / "pids.max", processes)
        except OSError:
            for folder in made:
                try:
                    folder.rmdir()
                except OSError:
                    pass
            return None
        return cls(version, paths, cpu_seconds)

    def wrap(self, cmd: list[str]) -> list[str]:
        """`cmd`, started from inside the group (a shell joins it, then execs `cmd`)."""
        procs = [str(p / "cgroup.procs") for p in self.paths.values()]
        script = 'while [ "$1" != "--" ]; do echo 0 > "$1" || exit 97; shift; done; shift; exec "$@"'
        return ["/bin/sh", "-c", script, "sh", *procs, "--", *cmd]

    def cpu_used(self) -> float:
        """CPU seconds used by every process of the group so far."""
        try:
            if self.version == "v2":
                for line in (self.paths[""] / "cpu.stat").read_text().splitlines():
                    if line.startswith("usage_usec "):
                        return int(line.split()[1]) / 1e6
                return 0.0
            return int((self.paths["cpuacct"] / "cpuacct.usage").read_text()) / 1e9
        except (OSError, ValueError):
            return 0.0

    def pids(self) -> list[int]:
        folder = self.paths["" if self.version == "v2" else "pids"]
        try:
            return [int(p) for p in (folder / "cgroup.procs").read_text().split()]
        except (OSError, ValueError):
            return []

    def kill(self) -> None:
        """Kill every process of the group (repeatedly: one may be forking)."""
        if self.version == "v2" and (self.paths[""] / "cgroup.kill").exists():
            try:
                _write(self.paths[""] / "cgroup.kill", 1)
                return
            except OSError:
                pass
        for _ in range(50):
            pids = self.pids()
            if not pids:
                return
            for pid in pids:
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass
            time.sleep(0.02)

    def watch(self, interval: float = 0.25) -> None:
        """Start watching the group's CPU time: past the budget, kill the whole group."""
        def loop() -> None:
            while not self._stop.wait(interval):
                if self.cpu_used() > self.cpu_seconds:
                    self.exhausted = (f"temps de calcul épuisé : le noyau et ses processus ont utilisé plus de "
                                      f"{self.cpu_seconds:g} s de calcul à eux tous")
                    self.kill()
                    return

        self._thread = threading.Thread(target=loop, name="reseau-cgroup-cpu", daemon=True)
        self._thread.start()

    def remove(self) -> None:
        """Stop watching, kill what is left, remove the group."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(2)
        self.kill()
        for folder in self.paths.values():
            for _ in range(20):
                try:
                    folder.rmdir()
                    break
                except FileNotFoundError:
                    break
                except OSError:
                    time.sleep(0.05)


def _write(path: Path, value: int, *, optional: bool = False) -> None:
    try:
        path.write_text(str(value))
    except OSError:
        if not optional:
            raise


def remove_stale() -> int:
    """Remove the empty groups a killed grading run left behind; how many were removed."""
    version, base = support()
    if version is None:
        return 0
    bases = [base] if version == "v2" else list(base.values())  # type: ignore[union-attr]
    removed = 0
    for folder in bases:
        for child in folder.glob("noyau-*"):  # type: ignore[union-attr]
            try:
                pid = int(child.name.split("-")[1])
            except (IndexError, ValueError):
                continue
            if Path(f"/proc/{pid}").exists():
                continue  # its grading process still runs
            try:
                child.rmdir()
                removed += 1
            except OSError:
                pass
    return removed
