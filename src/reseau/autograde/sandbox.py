"""The grading sandbox: each learner's kernel runs under bubblewrap, with limits.

nbgrader runs a learner's notebook with its `Execute` preprocessor, which starts a
Jupyter kernel through a kernel manager.  `autograder/nbgrader_config.py` plugs in
`SandboxKernelManager` (``c.Execute.kernel_manager_class``): it wraps the kernel command
in ``bwrap`` (bubblewrap).  Inside: no network, no other namespaces shared, a read-only
view of the system and of the Python installation (venv, ``src/`` for the reference
functions, ``datasets/``), nothing else of the project (no ``solutions/``, no workspace,
no gradebook, no other learner), a private writable home (RAM, capped) holding a copy of
the learner's own files, an unprivileged user of its own when the grader runs as root
(one per concurrent kernel: one kernel's process budget is not another's), and resource
limits (memory, CPU time, processes, file size) set by `reseau._sandbox_launcher`.  The
kernel talks to the grader over ZMQ ``ipc`` sockets in a private directory bind-mounted
at the same path (TCP cannot cross the network namespace).  Interrupts go over the
control channel (``interrupt_mode = message``): no signal has to cross the sandbox.

Where bubblewrap is missing, `require_sandbox` raises `SandboxUnavailable` with a French
message that says how to install it; grading without a sandbox needs an explicit
choice (environment variable ``RESEAU_NO_SANDBOX=1``, set by ``--sans-bac-a-sable``).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import uuid
from functools import lru_cache, partial
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager
from traitlets import Bool, Integer, List, Unicode

from ..errors import ReseauError

from .paths import PROJECT_ROOT  # noqa: E402

LAUNCHER = Path(__file__).resolve().parents[1] / "_sandbox_launcher.py"

#: Set to 1 to grade without a sandbox (the trainer's explicit choice, logged loudly).
NO_SANDBOX_ENV = "RESEAU_NO_SANDBOX"

#: Where the learner's files are bind-mounted (read-only) before the launcher copies them.
SOURCE_MOUNT = "/run/copie-apprenant"

#: The learner's private, writable home inside the sandbox (a size-capped tmpfs).
SANDBOX_HOME = "/home/apprenant"

#: The unprivileged user and group of a kernel started outside a grading run, when the grader is root.
NOBODY = 65534
#: In a grading run as root, each concurrent kernel gets a uid of its own from this range, unused
#: by any account of the machine (not even `nobody`): RLIMIT_NPROC counts processes per uid, so
#: one learner's process budget is never another's, and no two kernels can signal each other.
SANDBOX_UIDS = range(64000, 64256)


def free_sandbox_uids(count: int) -> list[int]:
    """Every uid of SANDBOX_UIDS that no account of this machine uses (at least `count`), from a random one on.

    A grading run uses them in turn, first in first out: a uid comes back only after all the others,
    long after its last kernel is gone; two runs at once (a trainer's and a self-check) start far apart.
    """
    import pwd
    import random

    used = {entry.pw_uid for entry in pwd.getpwall()}
    free = [uid for uid in SANDBOX_UIDS if uid not in used]
    if len(free) < count:
        raise ReseauError(f"Pas assez d'identifiants libres pour {count} noyaux à la fois (plage "
                          f"{SANDBOX_UIDS.start}-{SANDBOX_UIDS.stop - 1}) : réduisez le nombre de carnets corrigés "
                          "en même temps (make autograde JOBS=2, ou --jobs 2).", field="jobs", value=count)
    start = random.randrange(len(free))
    return free[start:] + free[:start]


INSTALL_HINT = "sudo apt-get install bubblewrap"

NO_SANDBOX_WARNING = (
    "ATTENTION : correction SANS BAC À SABLE, à votre demande. Le code des apprenants s'exécute avec VOS "
    "droits : il peut lire les solutions et les tests cachés, modifier le carnet de notes et vos fichiers, "
    "utiliser le réseau. Ne faites cela que pour des copies de confiance."
)

class SandboxUnavailable(ReseauError):
    """The sandbox cannot run here (no bubblewrap, not Linux, namespaces refused)."""

def sandbox_disabled() -> bool:
    """The trainer explicitly asked to grade without a sandbox."""
    return os.environ.get(NO_SANDBOX_ENV, "").strip().lower() in {"1", "oui", "yes", "true"}

def _bwrap() -> str | None:
    return shutil.which("bwrap")

@lru_cache(maxsize=1)
def _probe() -> str | None:
    """None when a trial sandbox starts, else the French reason it does not."""
    if not sys.platform.startswith("linux"):
        return (f"le bac à sable de la correction n'existe que sous Linux (système actuel : {sys.platform}). "
                "Corrigez sur une machine Linux, ou, pour des copies de confiance seulement, relancez avec "
                "l'option --sans-bac-a-sable (make autograde SANS_BAC_A_SABLE=1).")
    bwrap = _bwrap()
    if bwrap is None:
        return ("bubblewrap (la commande « bwrap ») n'est pas installé : la correction refuse d'exécuter le code "
                f"des apprenants sans bac à sable. Installez-le avec : {INSTALL_HINT} (Debian, Ubuntu ; "
                "« dnf install bubblewrap » sur Fedora), puis relancez. Pour des copies de confiance seulement, "
                "l'option --sans-bac-a-sable (make autograde SANS_BAC_A_SABLE=1) corrige sans bac à sable.")
    cmd = [bwrap, *_namespace_args(), "--ro-bind", "/", "/", "--", "true"]
    try:
        proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as err:
        return f"bubblewrap ne démarre pas ({err}). Vérifiez l'installation : {INSTALL_HINT}."
    if proc.returncode != 0:
        return ("bubblewrap est installé mais ne peut pas créer de bac à sable sur cette machine "
                f"({proc.stdout.strip() or proc.returncode}). Sur Ubuntu 24.04, autorisez les espaces de noms "
                "(profil AppArmor de bwrap) ; dans un conteneur Docker, lancez-le avec les droits nécessaires "
                "(par exemple --privileged) ; ou corrigez en root.")
    return None

def sandbox_problem() -> str | None:
    """Why the sandbox cannot run here (French), or None when it can."""
    return _probe()

def require_sandbox() -> None:
    """Raise `SandboxUnavailable` (French message) unless the sandbox works or was explicitly disabled."""
    if sandbox_disabled():
        return
    problem = sandbox_problem()
    if problem:
        raise SandboxUnavailable("Correction impossible : " + problem, value="bwrap")

def _as_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0

def _namespace_args() -> list[str]:
    if _as_root():
        # root creates the namespaces itself (no user namespace: it maps root inside to root
        # outside); the launcher then drops to `nobody` with the two capabilities kept for it.
        return ["--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts", "--unshare-cgroup-try",
                "--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID"]
    return ["--unshare-all", "--disable-userns"]

def _under(path: Path, other: Path) -> bool:
    try:
        path.relative_to(other)
        return True
    except ValueError:
        return False

def protected_paths(workspace: Path | None = None) -> list[Path]:
    """Paths the kernel must never see (they or anything containing them stay out of the sandbox)."""
    paths = [PROJECT_ROOT / "solutions", PROJECT_ROOT / "autograder", PROJECT_ROOT / ".git", Path.home()]
    env_ws = os.environ.get("RESEAU_WORKSPACE")
    for ws in (workspace, env_ws):
        if ws:
            paths.append(Path(ws).resolve())
    return [p.resolve() for p in paths]

def readonly_binds(workspace: Path | None = None) -> list[tuple[str, str]]:
    """(kind, path) pairs: the system and Python installation visible read-only in the sandbox.

    kind is "bind" (bind-mount the directory) or "symlink:<target>" (merged-/usr systems).
    A directory that contains a protected path (the project root, the home, the workspace)
    is never bound whole; a directory inside a protected path is not bound either, except
    the Python installation itself (e.g. ~/.pyenv or a venv in the project).
    """
    protected = protected_paths(workspace)
    out: list[tuple[str, str]] = []
    for top in ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/etc"):
        p = Path(top)
        if p.is_symlink():
            out.append((f"symlink:{os.readlink(p)}", top))
        elif p.is_dir():
            out.append(("bind", top))
    python_dirs = {Path(sys.prefix), Path(sys.base_prefix), Path(sys.exec_prefix), Path(sys.base_exec_prefix),
                   Path(os.path.realpath(sys.executable)).parent.parent}
    from .. import data as _data

    # what the kernel needs, even when it sits inside a protected path (a project in the
    # trainer's home, ~/reseau): Python, the library (reference functions, the launcher), the data
    required = {d.resolve() for d in python_dirs} | {_data.data_dir().resolve(), Path(__file__).resolve().parents[2]}
    candidates = sorted(required) + [Path(p).resolve() for p in sys.path if p]
    bound: list[Path] = [Path(t) for k, t in out if k == "bind"]
    for cand in candidates:
        if not cand.is_dir() or any(_under(cand, b) for b in bound):
            continue
        if any(_under(p, cand) for p in protected + [PROJECT_ROOT]):
            continue  # binding it would expose the project, the home or the workspace
        if any(_under(cand, p) for p in protected) and cand not in required:
            continue
        bound = [b for b in bound if not _under(b, cand)] + [cand]
    out += [("bind", str(b)) for b in sorted(bound) if str(b) not in {t for _, t in out}]
    return out

def parent_dirs(target: str | Path, made: set[str]) -> list[str]:
    """bwrap arguments creating the missing parents of `target` 0755 (bwrap would make them 0700, root only).

    `made` holds the folders already created or mounted in the sandbox; it is updated.
    """
    out = []
    for parent in reversed(Path(target).parents):
        if str(parent) not in made:
            made.add(str(parent))
            out += ["--perms", "0755", "--dir", str(parent)]
    return out

def bwrap_command(kernel_cmd: list[str], *, conn_dir: Path, source_dir: Path | None, limits: dict,
                  home_mb: int, tmp_mb: int, workspace: Path | None = None, uid: int = NOBODY,
                  worker_fd: int | None = None, library: Path | None = None) -> list[str]:
    """The full command line: bwrap, its mounts, the launcher, then the kernel command.

    `library`: a copy of the `reseau` package mounted over the real one (`reseau.autograde.withhold`:
    the grading kernel's library, without the references of the assignment being graded)."""
    bwrap = _bwrap()
    if bwrap is None:
        raise SandboxUnavailable("Correction impossible : " + (sandbox_problem() or "bwrap introuvable."))
    args = [bwrap, "--die-with-parent", "--new-session", *_namespace_args(), "--hostname", "bac-a-sable",
            "--clearenv"]
    for key, value in sandbox_env().items():
        args += ["--setenv", key, value]
    made: set[str] = {"/"}

    def parents(target: str) -> list[str]:
        return parent_dirs(target, made)

    # /tmp first: the project (and its venv) may live under /tmp, as in a CI clone; binds made
    # after the tmpfs land on top of it instead of being hidden by it
    args += ["--proc", "/proc", "--dev", "/dev",
             "--size", str(tmp_mb * 1024 * 1024), "--perms", "1777", "--tmpfs", "/tmp"]
    made.update({"/tmp", "/proc", "/dev"})
    for kind, path in readonly_binds(workspace):
        if kind.startswith("symlink:"):
            args += ["--symlink", kind.split(":", 1)[1], path]
        else:
            args += parents(path) + ["--ro-bind", path, path]
        made.add(path)
    if library is not None:
        args += ["--ro-bind", str(library), str(Path(__file__).resolve().parents[1])]
    args += parents(SANDBOX_HOME) + ["--size", str(home_mb * 1024 * 1024), "--perms", "0777", "--tmpfs",
                                     SANDBOX_HOME]
    args += parents(str(conn_dir)) + ["--bind", str(conn_dir), str(conn_dir)]
    if source_dir is not None:
        args += parents(SOURCE_MOUNT) + ["--ro-bind", str(source_dir), SOURCE_MOUNT]
    args += ["--chdir", "/"]
    config = {
        "limits": limits,
        "uid": uid if _as_root() else None,
        "gid": uid if _as_root() else None,
        "dedicated_user": _as_root(),
        "home": SANDBOX_HOME,
        "source": SOURCE_MOUNT if source_dir is not None else None,
        "keep_output": bool(os.environ.get("RESEAU_SANDBOX_DEBUG")),
        "worker_fd": worker_fd,
        "empty_dirs": list(config_dirs(SANDBOX_CONFIG).values()),
    }
    return args + ["--", sys.executable, "-I", "-S", str(LAUNCHER), json.dumps(config), "--", *kernel_cmd]

def sandbox_env() -> dict[str, str]:
    """The kernel's whole environment inside the sandbox (nothing inherited from the grader)."""
    env = {
        "PATH": f"{Path(sys.prefix) / 'bin'}:/usr/local/bin:/usr/bin:/bin",
        "HOME": SANDBOX_HOME,
        "USER": "apprenant",
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "TERM": "dumb",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONNOUSERSITE": "1",  # no user site-packages (~/.local/lib/python*/site-packages)
        "PYTHONSAFEPATH": "1",  # the working folder is not on sys.path (Python 3.11; IPython follows it)
        "MPLBACKEND": "Agg",
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
        "NUMEXPR_NUM_THREADS": "1",
        "MALLOC_ARENA_MAX": "2",  # glibc reserves 64 MB of address space per thread arena: RLIMIT_AS
    }
    env.update(config_dirs(SANDBOX_CONFIG))  # configuration folders that start empty (/tmp is a fresh tmpfs)
    for key in ("NBGRADER_EXECUTION", "RESEAU_DATA_DIR", "TZ"):
        if os.environ.get(key):
            env[key] = os.environ[key]
    return env

def _stage_learner_files(cwd: Path | None, dest: Path, *, allowed: list[str] | tuple[str, ...] = (),
                         max_file: int, max_total: int) -> None:
    """Copy, for the sandbox, the learner's files the assignment declares as data (`allowed`), and nothing else.

    Only the notebook runs: a file handed in beside it (``sitecustomize.py``, a module named like one the
    notebook imports, an IPython startup file, a Jupyter or matplotlib configuration...) would be run or
    imported by Python on its own, in the kernel's home and working folder.  The notebook being graded is
    never copied either (it holds the hidden tests).  Links are never followed; sizes are capped.
    """
    dest.mkdir(parents=True, exist_ok=True)
    if cwd is None or not cwd.is_dir():
        return
    total = 0
    for relative in allowed:
        parts = Path(relative).parts
        if not parts or Path(relative).is_absolute() or ".." in parts or relative.endswith(".ipynb"):
            continue
        src = cwd.joinpath(*parts)
        if any(p.is_symlink() for p in [src, *src.parents] if _under(p, cwd) and p != cwd):
            continue
        if not src.is_file():
            continue
        size = src.stat().st_size
        if size > max_file or total + size > max_total:
            continue
        total += size
        target = dest.joinpath(*parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, target)


def config_dirs(root: str | Path) -> dict[str, str]:
    """The kernel's configuration folders (IPython, Jupyter, matplotlib): empty ones under `root`, made at start."""
    root = str(root)
    return {"IPYTHONDIR": f"{root}/ipython", "JUPYTER_CONFIG_DIR": f"{root}/jupyter",
            "JUPYTER_DATA_DIR": f"{root}/jupyter-data", "MPLCONFIGDIR": f"{root}/matplotlib"}


#: Inside the sandbox: where the kernel's empty configuration folders are (a fresh tmpfs).
SANDBOX_CONFIG = "/tmp/reseau-config"


def _chown_tree(path: Path, uid: int, gid: int) -> None:
    os.chown(path, uid, gid)
    for root, dirs, files in os.walk(path):
        for name in dirs + files:
            os.chown(os.path.join(root, name), uid, gid, follow_symlinks=False)

def _libc():
    import ctypes

    return ctypes.CDLL(None, use_errno=True)


def mount_capped_tmpfs(folder: Path, size_kb: int, uid: int) -> bool:
    """Mount a tmpfs of `size_kb` (and 256 files at most) on `folder`, owned by `uid`; False if refused.

    The folder the kernel shares with the grader (its ZMQ sockets) is writable by the kernel:
    on the grader's own disk, a learner could fill it.  Needs root (the grading run's case).
    """
    options = f"size={int(size_kb)}k,nr_inodes=256,mode=0700,uid={int(uid)},gid={int(uid)}"
    try:
        return _libc().mount(b"tmpfs", str(folder).encode(), b"tmpfs", 0, options.encode()) == 0
    except (OSError, AttributeError):
        return False


def unmount_under(folder: Path) -> None:
    """Detach every mount at or below `folder` (a capped connection folder), so it can be removed."""
    try:
        lines = Path("/proc/self/mountinfo").read_text().splitlines()
    except OSError:
        return
    root = str(folder.resolve())
    points = [line.split()[4] for line in lines if len(line.split()) > 4]
    for point in sorted((p for p in points if p == root or p.startswith(root + "/")), key=len, reverse=True):
        try:
            _libc().umount2(point.encode(), 2)  # MNT_DETACH
        except (OSError, AttributeError):
            pass


def _libc_prctl():
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    try:
        return ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None


#: prctl(2), looked up once here: the child calls it between fork and exec (no library loading there).
_PRCTL = _libc_prctl()


def _die_with(parent: int) -> None:
    """In the kernel's first process, between fork and exec: die with the worker that starts it.

    PR_SET_PDEATHSIG is kept across the exec of /bin/sh (which joins the kernel's control group) and of
    bubblewrap, so a worker killed at any moment takes its kernel along; bwrap's own --die-with-parent only
    starts once bwrap runs, too late if the worker died while /bin/sh was still running (the kernel then
    outlived the run).  A worker already gone when this runs: the child gives up at once."""
    import signal

    if _PRCTL is not None:
        _PRCTL(1, int(signal.SIGKILL))  # PR_SET_PDEATHSIG
    if os.getppid() != parent:
        os._exit(1)


class SandboxKernelManager(AsyncKernelManager):
    """An async kernel manager that starts the kernel inside bubblewrap, with limits."""

    memory_mb = Integer(3072, help="Address space of the kernel (MB): RLIMIT_AS.").tag(config=True)
    cpu_seconds = Integer(600, help="CPU time of the whole kernel (s): RLIMIT_CPU.").tag(config=True)
    processes = Integer(128, help="Processes and threads of the kernel's user: RLIMIT_NPROC.").tag(config=True)
    file_mb = Integer(100, help="Largest file the kernel may write (MB): RLIMIT_FSIZE.").tag(config=True)
    open_files = Integer(512, help="Open files of the kernel: RLIMIT_NOFILE.").tag(config=True)
    home_mb = Integer(256, help="Size of the private home (RAM) inside the sandbox (MB).").tag(config=True)
    tmp_mb = Integer(256, help="Size of /tmp (RAM) inside the sandbox (MB).").tag(config=True)
    data_files = List(Unicode(), help="The data files the assignment declares (relative paths): the only files "
                                      "beside the notebook copied into the sandbox.").tag(config=True)
    library = Unicode("", help="The grading kernel's reseau package (reseau.autograde.withhold.build_library), "
                               "mounted over the real one; empty: the real library.").tag(config=True)
    copy_max_mb = Integer(50, help="Learner files larger than this are not copied into the sandbox (MB).").tag(
        config=True)
    sandbox = Bool(True, help="Run the kernel in bubblewrap (False only when the trainer disabled it).").tag(
        config=True)
    workspace = Unicode("", help="The grading workspace (never visible in the sandbox).").tag(config=True)
    uid = Integer(NOBODY, help="The unprivileged uid (and gid) of the kernel when the grader is root.").tag(
        config=True)
    connection_kb = Integer(1024, help="Size of the connection folder shared by grader and kernel (KB; a capped "
                                       "tmpfs when the grader is root).").tag(config=True)
    cgroup = Bool(True, help="Cap the kernel's whole process tree with a control group where the machine allows "
                             "it (reseau.autograde.cgroups): memory, processes, CPU time.").tag(config=True)

    _private: Path | None = None
    _cgroup = None

    def _limits(self) -> dict:
        return {
            "memory_bytes": self.memory_mb * 1024 * 1024,
            "cpu_seconds": self.cpu_seconds,
            "processes": self.processes,
            "file_bytes": self.file_mb * 1024 * 1024,
            "open_files": self.open_files,
        }

    async def _async_pre_start_kernel(self, **kw):
        use_sandbox = self.sandbox and not sandbox_disabled()
        if use_sandbox:
            problem = sandbox_problem()
            if problem:
                raise SandboxUnavailable("Correction impossible : " + problem, value="bwrap")
        else:
            self.log.warning(NO_SANDBOX_WARNING)
        self._cleanup_private()
        from .portable import limits

        if self.cgroup and limits():  # no control group on the portable path (reseau.autograde.portable)
            from .cgroups import KernelCgroup

            self._cgroup = KernelCgroup.create(memory_bytes=self.memory_mb * 1024 * 1024, processes=self.processes,
                                               cpu_seconds=self.cpu_seconds)
        self._private = Path(tempfile.mkdtemp(prefix="reseau-bac-a-sable-"))
        conn = self._private / "connexion"
        conn.mkdir()
        self._conn_capped = use_sandbox and _as_root() and mount_capped_tmpfs(conn, self.connection_kb, self.uid)
        cwd = Path(kw.get("cwd")) if kw.get("cwd") else None
        staged = self._private / "copie"
        _stage_learner_files(cwd, staged, allowed=list(self.data_files), max_file=self.copy_max_mb * 1024 * 1024,
                             max_total=4 * self.copy_max_mb * 1024 * 1024)
        if use_sandbox and _as_root():
            _chown_tree(conn, self.uid, self.uid)
            _chown_tree(staged, self.uid, self.uid)
        os.chmod(self._private, 0o711)
        self._use_sandbox = use_sandbox
        self._staged = staged
        self.connection_file = str(conn / f"noyau-{uuid.uuid4().hex[:8]}.json")
        self._close_worker_fds()
        from .portable import limits

        self._direct = not use_sandbox and not limits()
        if self._direct:  # Windows: no launcher, no ipc, no preexec_fn (reseau.autograde.portable)
            self.transport = "tcp"
            self.ip = "127.0.0.1"
            kw["cwd"] = str(staged)
            kw["stdout"] = kw["stderr"] = subprocess.DEVNULL  # what the launcher does elsewhere
        else:
            self.transport = "ipc"
            self.ip = str(conn / "ipc")
            kw["cwd"] = str(self._private)
            kw["preexec_fn"] = partial(_die_with, os.getpid())  # the kernel dies with this worker, whenever it dies
            # ...and if the worker dies while bubblewrap sets up (before bwrap's own --die-with-parent holds), the
            # launcher inside finds this pipe closed (the worker held its only write end) and gives up.
            self._worker_fds = os.pipe()
            kw["pass_fds"] = (self._worker_fds[0],)
        if use_sandbox:
            kw["env"] = {"PATH": os.environ.get("PATH", "/usr/bin:/bin")}
        else:
            env = dict(os.environ)
            env.update({k: v for k, v in sandbox_env().items() if k.endswith("_THREADS") or k == "MPLBACKEND"})
            # without a sandbox too, only the notebook runs: empty configuration folders, no working folder on
            # sys.path, no user site-packages
            env.update(config_dirs(self._private / "configuration"), PYTHONSAFEPATH="1", PYTHONNOUSERSITE="1")
            if self.library:  # the grading kernel's library first on the path (no mount without a sandbox)
                from .. import data as _data

                env["PYTHONPATH"] = os.pathsep.join([str(Path(self.library).parent)]
                                                    + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else []))
                env.setdefault("RESEAU_DATA_DIR", str(_data.data_dir()))  # the copy lives away from datasets/
            kw["env"] = env
        kernel_cmd, kw = await super()._async_pre_start_kernel(**kw)
        if self.kernel_spec is not None:
            # interrupts go over the control channel: no signal has to reach into the sandbox
            self.kernel_spec.interrupt_mode = "message"
        return kernel_cmd, kw

    def format_kernel_cmd(self, extra_arguments=None):
        cmd = self._sandboxed_cmd(super().format_kernel_cmd(extra_arguments))
        if self._cgroup is not None:  # the kernel's whole tree in its own control group, watched for CPU time
            self._cgroup.watch()
            return self._cgroup.wrap(cmd)
        return cmd

    def _sandboxed_cmd(self, cmd: list[str]) -> list[str]:
        if getattr(self, "_use_sandbox", False):
            if _as_root() and os.path.exists(self.connection_file):
                os.chown(self.connection_file, self.uid, self.uid)  # written 0600 by root: the kernel reads it
            return bwrap_command(cmd, conn_dir=Path(self.connection_file).parent, source_dir=self._staged,
                                 limits=self._limits(), home_mb=self.home_mb, tmp_mb=self.tmp_mb,
                                 workspace=Path(self.workspace) if self.workspace else None, uid=self.uid,
                                 worker_fd=self._worker_fds[0] if self._worker_fds else None,
                                 library=Path(self.library) if self.library else None)
        if getattr(self, "_direct", False):
            return cmd  # no launcher here: the kernel itself, in the private copy (its working folder)
        # no sandbox: still the limits and the private copy as working folder (home = the copy)
        config = {"limits": self._limits(), "home": str(self._staged), "source": None,
                  "worker_fd": self._worker_fds[0] if self._worker_fds else None,
                  "empty_dirs": list(config_dirs(self._private / "configuration").values())}
        return [sys.executable, "-I", "-S", str(LAUNCHER), json.dumps(config), "--", *cmd]

    _worker_fds: tuple[int, int] | None = None

    def _close_worker_fds(self) -> None:
        for fd in self._worker_fds or ():
            try:
                os.close(fd)
            except OSError:
                pass
        self._worker_fds = None

    def _cleanup_private(self) -> None:
        self._close_worker_fds()
        if self._cgroup is not None:
            self._cgroup.remove()
            self._cgroup = None
        if self._private is not None:
            unmount_under(self._private)
            shutil.rmtree(self._private, ignore_errors=True)
            self._private = None

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        try:
            await super()._async_cleanup_resources(restart=restart)
        finally:
            if not restart:
                self._cleanup_private()

    cleanup_resources = _async_cleanup_resources  # AsyncKernelManager binds the base coroutine by name
