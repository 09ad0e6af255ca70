"""First process inside the grading sandbox: limits, unprivileged user, private copy, then the kernel.

Run by `reseau.autograde.sandbox` (and the classroom server's spawner) as ``python -I -S _sandbox_launcher.py CONFIG_JSON -- KERNEL_CMD...``
inside bubblewrap (or directly, without a sandbox, when the trainer asked for that).  It
uses the standard library only and imports nothing from the project: with ``-I -S`` it
starts fast and cannot be influenced by the environment.

Steps, in this order:
1. resource limits (address space, CPU time, processes, file size, open files, no core dumps);
2. standard input/output/error to /dev/null (the kernel talks over ZMQ; a learner's
   ``os.write(1, ...)`` must not flood the grader's terminal or log);
3. drop to the unprivileged user (when started as root inside the sandbox);
4. make the kernel's empty configuration folders (IPython, Jupyter, matplotlib), then copy the
   learner's declared data files (read-only bind) into the private writable home;
5. exec the kernel command.
"""

import json
import os
import resource
import shutil
import sys


def _limit(name: str, value) -> None:
    if value is None:
        return
    which = getattr(resource, name, None)
    if which is None:
        return
    value = int(value)
    try:
        resource.setrlimit(which, (value, value))
    except (ValueError, OSError):
        # never raise a limit above the hard limit we were given: lower both instead
        soft, hard = resource.getrlimit(which)
        if hard != resource.RLIM_INFINITY and value > hard:
            resource.setrlimit(which, (hard, hard))


def _own_process_count(uid: int) -> int:
    count = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/status", encoding="ascii", errors="replace") as fh:
                for line in fh:
                    if line.startswith("Uid:"):
                        if int(line.split()[1]) == uid:
                            count += int(_threads(entry))
                        break
        except OSError:
            continue
    return count


def _threads(pid: str) -> int:
    try:
        return len(os.listdir(f"/proc/{pid}/task"))
    except OSError:
        return 1


def main(argv: list) -> None:
    sep = argv.index("--")
    config = json.loads(argv[1])
    cmd = argv[sep + 1:]
    worker_fd = config.get("worker_fd")
    if type(worker_fd) is int:  # the grading worker's pipe: closed at its other end = the worker is gone
        try:
            os.set_blocking(worker_fd, False)
            gone = os.read(worker_fd, 1) == b""
        except BlockingIOError:
            gone = False
        except OSError:  # not passed down: nothing to check
            gone = False
        try:
            os.close(worker_fd)
        except OSError:
            pass
        if gone:
            os._exit(1)
    limits = config.get("limits", {})

    _limit("RLIMIT_CORE", 0)
    _limit("RLIMIT_AS", limits.get("memory_bytes"))
    _limit("RLIMIT_CPU", limits.get("cpu_seconds"))
    _limit("RLIMIT_FSIZE", limits.get("file_bytes"))
    _limit("RLIMIT_NOFILE", limits.get("open_files"))

    if not config.get("keep_output"):
        devnull = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(devnull, fd)
        os.close(devnull)

    uid = config.get("uid")
    gid = config.get("gid")
    if uid is not None and os.getuid() == 0:
        os.setgroups([])
        os.setgid(gid if gid is not None else uid)
        os.setuid(uid)
        if os.getuid() == 0 or os.geteuid() == 0:
            raise SystemExit("impossible de quitter l'utilisateur root")
    # RLIMIT_NPROC counts every process of the real user: when we could not change user
    # (a trainer grading as themselves), allow their current processes plus the budget.
    processes = limits.get("processes")
    if processes is not None:
        base = 0 if config.get("dedicated_user") else _own_process_count(os.getuid())
        _limit("RLIMIT_NPROC", base + int(processes))

    for folder in config.get("empty_dirs") or []:  # the kernel's configuration folders: made empty, its own
        os.makedirs(folder, mode=0o700, exist_ok=True)
    home = config.get("home")
    source = config.get("source")
    if home:
        os.makedirs(home, exist_ok=True)
        if source and os.path.isdir(source):
            for name in os.listdir(source):
                src = os.path.join(source, name)
                dst = os.path.join(home, name)
                try:
                    if os.path.isdir(src) and not os.path.islink(src):
                        shutil.copytree(src, dst, symlinks=True, dirs_exist_ok=True)
                    elif os.path.isfile(src) and not os.path.islink(src):
                        shutil.copyfile(src, dst)
                except OSError:
                    continue
        os.chdir(home)
    os.execv(cmd[0], cmd)


if __name__ == "__main__":
    main(sys.argv)
