"""The grader's side of the judge: start it, and run a notebook's test cells in it.

The test cells of a notebook being graded never run in the learner's kernel: they run in
a judge process (`reseau._judge`), sandboxed like the kernels (bubblewrap, limits, a uid
of its own), forked fresh for each notebook from a *zygote* that imported the checks
once per grading run.  `JudgeServer` starts and stops that zygote; `JudgeClient` is one
notebook's connection, used by `reseau.autograde.execution.SandboxExecute`: it sends
each test cell's source, answers the judge's questions by asking the learner's kernel
(the caller's `ask` function), and returns the cell's outcome.

Where the zygote cannot run (`reseau.autograde.portable.judge_forks`: Windows, macOS, no
fork), `JudgeServer` starts the portable judge instead (``--tcp``: 127.0.0.1 and a secret
token, no limits but the cell timer); its address is ``tcp:PORT:TOKEN`` where the zygote's
is a socket path, and `JudgeClient` connects to either.
"""

from __future__ import annotations

import os
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .._judge import MAX_MESSAGE, _Gone, recv, send
from ..errors import ReseauError

#: The judge's limits (the zygote and each judge it forks: memory and CPU are per process).
JUDGE_LIMITS = {"memory_bytes": 3072 * 1024 * 1024, "cpu_seconds": 3600, "processes": 1024,
                "file_bytes": 1024 * 1024, "open_files": 256}


class JudgeUnavailable(ReseauError):
    """The judge could not start."""


class JudgeServer:
    """The judge zygote of one grading run (a context manager): `socket_path` is where judges are asked for."""

    def __init__(self, *, sandbox: bool = True, uid: int | None = None, workspace: Path | None = None,
                 start_timeout: float = 60.0):
        self.sandbox = sandbox
        self.uid = uid
        self.workspace = workspace
        self.start_timeout = start_timeout
        self.process: subprocess.Popen | None = None
        self._private: Path | None = None
        self.socket_path: str | None = None

    def __enter__(self) -> "JudgeServer":
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def start(self) -> None:
        from . import sandbox as sb

        from .portable import judge_forks

        self._private = Path(tempfile.mkdtemp(prefix="reseau-juge-"))
        if not judge_forks():
            self._start_portable()
            return
        os.chmod(self._private, 0o711)
        conn = self._private / "connexion"
        conn.mkdir()
        self.socket_path = str(conn / "juge.sock")
        judge_cmd = [sys.executable, "-I", "-m", "reseau._judge", self.socket_path]
        as_root = hasattr(os, "geteuid") and os.geteuid() == 0
        if self.sandbox and not sb.sandbox_disabled():
            sb.require_sandbox()
            uid = self.uid if self.uid is not None else sb.NOBODY
            if as_root:
                os.chown(conn, uid, uid)
            cmd = sb.bwrap_command(judge_cmd, conn_dir=conn, source_dir=None, limits=JUDGE_LIMITS, home_mb=16,
                                   tmp_mb=64, workspace=self.workspace, uid=uid)
        else:
            import json

            config = {"limits": JUDGE_LIMITS, "home": str(self._private), "source": None}
            cmd = [sys.executable, "-I", "-S", str(sb.LAUNCHER), json.dumps(config), "--", *judge_cmd]
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin")}
        if not (self.sandbox and not sb.sandbox_disabled()):
            env.update({k: v for k, v in sb.sandbox_env().items() if k.endswith("_THREADS") or k == "MPLBACKEND"})
            for key in ("RESEAU_DATA_DIR", "TZ", "LANG"):
                if os.environ.get(key):
                    env[key] = os.environ[key]
        self.process = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL, env=env, cwd=str(self._private),
                                        start_new_session=True)
        deadline = time.monotonic() + self.start_timeout
        while not os.path.exists(self.socket_path):
            if self.process.poll() is not None or time.monotonic() > deadline:
                code = self.process.poll()
                self.stop()
                raise JudgeUnavailable("Correction impossible : le juge (le processus qui exécute les tests) n'a "
                                       f"pas démarré (code {code}). Relancez ; si cela persiste, lancez "
                                       "« make self-check » pour voir l'erreur.", value="juge")
            time.sleep(0.02)

    def _start_portable(self) -> None:
        """The portable judge (no fork, no limits, TCP): the learner's own self-check on Windows or macOS."""
        address = self._private / "adresse"
        env = dict(os.environ)  # Windows's Python needs its system variables (SYSTEMROOT...)
        from . import sandbox as sb

        env.update({k: v for k, v in sb.sandbox_env().items() if k.endswith("_THREADS") or k == "MPLBACKEND"})
        self.process = subprocess.Popen([sys.executable, "-I", "-m", "reseau._judge", "--tcp", str(address)],
                                        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL, env=env, cwd=str(self._private))
        deadline = time.monotonic() + self.start_timeout
        while not address.exists():
            if self.process.poll() is not None or time.monotonic() > deadline:
                code = self.process.poll()
                self.stop()
                raise JudgeUnavailable("Correction impossible : le juge (le processus qui exécute les tests) n'a "
                                       f"pas démarré (code {code}). Relancez ; si cela persiste, lancez "
                                       "« make self-check » pour voir l'erreur.", value="juge")
            time.sleep(0.02)
        port, token = address.read_text(encoding="ascii").split()
        self.socket_path = f"tcp:{int(port)}:{token}"

    def stop(self) -> None:
        if self.process is not None:
            import signal

            try:  # its process group: every judge it forked (in the sandbox, bwrap --die-with-parent does it too)
                if hasattr(os, "killpg") and self.socket_path and not self.socket_path.startswith("tcp:"):
                    os.killpg(self.process.pid, signal.SIGKILL)
                else:
                    self.process.kill()  # the portable judge: one process
            except OSError:
                pass
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                pass
            self.process = None
        if self._private is not None:
            shutil.rmtree(self._private, ignore_errors=True)
            self._private = None


class JudgeClient:
    """One notebook's judge (forked on first use); `run_cell` runs one test cell in it."""

    def __init__(self, socket_path: str, sources: list[str] | None = None):
        self.socket_path = socket_path
        self.sources = list(sources or [])  # the notebook's code cells other than tests (the learner's text)
        self.sock: socket.socket | None = None

    def _connect(self) -> socket.socket:
        if self.sock is None:
            if self.socket_path.startswith("tcp:"):  # the portable judge (JudgeServer._start_portable)
                _, port, token = self.socket_path.split(":", 2)
                sock = socket.create_connection(("127.0.0.1", int(port)))
                send(sock, {"op": "hello", "token": token})
            else:
                sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                sock.connect(self.socket_path)
            self.sock = sock
            send(sock, {"op": "notebook", "sources": self.sources})
        return self.sock

    def run_cell(self, source: str, ask, *, timeout: float) -> dict:
        """Run `source` in the judge; `ask(request_text)` answers its questions from the learner's kernel.

        Returns ``{"ok": bool, "stdout": str, "ename": ..., "evalue": ...}``.  The judge has `timeout`
        seconds of its own computing per cell; a judge that stops answering is abandoned (the cell fails).
        """
        try:
            sock = self._connect()
            send(sock, {"op": "cell", "source": source, "cpu_seconds": timeout})
            while True:
                sock.settimeout(timeout * 2 + 10)  # its own computing is capped at `timeout` CPU seconds
                msg = recv(sock, MAX_MESSAGE)
                sock.settimeout(None)
                if msg.get("op") == "result":
                    return msg
                if msg.get("op") != "ask":
                    raise _Gone()
                # the learner's kernel answers (outside the try: a kernel that died or hung is the caller's)
                reply = ask(str(msg.get("request", "")))
                send(sock, dict(reply, op="reply"))
        except (OSError, ValueError, struct.error, _Gone) as err:
            from nbclient.exceptions import CellTimeoutError

            if isinstance(err, CellTimeoutError):  # a TimeoutError, so an OSError: the kernel's, not the judge's
                raise
            self.close()  # the judge is gone: this cell fails
            return {"ok": False, "stdout": "", "ename": "JugeArrete",
                    "evalue": ("le processus qui exécute les tests s'est arrêté pendant ce test "
                               f"({type(err).__name__}) ; il est noté 0. Prévenez le formateur.")}

    def close(self) -> None:
        if self.sock is not None:
            try:
                self.sock.close()
            finally:
                self.sock = None
