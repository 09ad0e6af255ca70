"""A real classroom server for the tests and the benchmark: start, log in, stop, clean up.

The hub is started exactly as `make hub` starts it (``deploy/hub/classe.py demarrer``), on free
loopback ports, with its state, exchange, grading workspace and release folder in a temporary
folder, and a class list of fresh identifiers.  `stop()` stops the hub and every server of the
class; `cleanup()` also removes the system accounts, their homes and cgroups.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]
CLASSE = ROOT / "deploy" / "hub" / "classe.py"
START_TIMEOUT = 90


def free_port_pair() -> int:
    """A port p such that p and the two next ports (hub API, proxy API) are free on loopback."""
    for _ in range(200):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if port > 64000:
            continue
        try:
            for p in (port, port + 1, port + 2, port + 3):
                with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
                    s.bind(("127.0.0.1", p))
        except OSError:
            continue
        return port
    raise RuntimeError("aucun port libre")


@dataclass
class Classroom:
    tmp: Path
    participants: list[str]
    trainer: str
    port: int
    extra_env: dict[str, str] = field(default_factory=dict)
    proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def class_list(self) -> Path:
        return self.tmp / "participants.csv"

    @property
    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update({
            "RESEAU_WORKSPACE": str(self.tmp / "ws"),
            "RESEAU_EXCHANGE": str(self.tmp / "echange"),
            "RESEAU_RELEASE": str(self.tmp / "release"),
            "PATH": str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", ""),
        })
        env.update(self.extra_env)
        return env

    def write_class_list(self) -> None:
        rows = ["identifiant,prenom,nom,role", f"{self.trainer},Claire,Martin,formateur"]
        rows += [f"{name},Prénom{i},Nom{i},participant" for i, name in enumerate(self.participants)]
        self.class_list.write_text("\n".join(rows) + "\n", encoding="utf-8")

    def start_command(self) -> list[str]:
        return [sys.executable, str(CLASSE), "demarrer", "--ip", "127.0.0.1", "--port", str(self.port),
                "--port-interne", str(self.port + 1), "--participants", str(self.class_list),
                "--etat", str(self.tmp / "etat"), "--echange", str(self.tmp / "echange"),
                "--memoire-mo", "1536", "--inactivite", "3600"]

    def start(self) -> None:
        log = open(self.tmp / "hub.log", "ab")
        self.proc = subprocess.Popen(self.start_command(), env=self.env, stdout=log, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if self.proc.poll() is not None:
                raise AssertionError(f"le hub s'est arrêté au démarrage (code {self.proc.returncode}) :\n"
                                     + self.log_tail())
            try:
                if requests.get(f"{self.url}/hub/api/", timeout=2).status_code == 200:
                    return
            except requests.RequestException:
                pass
            if time.monotonic() > deadline:
                raise AssertionError(f"le hub n'a pas répondu en {START_TIMEOUT} s :\n{self.log_tail()}")
            time.sleep(0.3)

    def stop_hub(self) -> None:
        """Stop the hub and its proxy only (as Ctrl+C does); the participants' servers keep running."""
        if self.proc is None:
            return
        for sig, wait in ((signal.SIGINT, 20), (signal.SIGTERM, 10), (signal.SIGKILL, 5)):
            if self.proc.poll() is not None:
                break
            try:
                os.killpg(self.proc.pid, sig)
            except ProcessLookupError:
                break
            try:
                self.proc.wait(timeout=wait)
            except subprocess.TimeoutExpired:
                continue
        self.proc = None

    def restart(self) -> None:
        self.stop_hub()
        self.start()

    def log_tail(self, lines: int = 60) -> str:
        try:
            text = (self.tmp / "hub.log").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def run_trainer(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        """A trainer's command of the grading cycle (python -m reseau.autograde ...), as `make` runs it."""
        proc = subprocess.run([sys.executable, "-m", "reseau.autograde", *args], cwd=ROOT, env=self.env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=900)
        if check and proc.returncode != 0:
            raise AssertionError(f"« {' '.join(args)} » a échoué :\n{proc.stdout}")
        return proc

    def cleanup(self) -> None:
        self.stop_hub()
        everyone = [self.trainer, *self.participants]
        for name in everyone:
            subprocess.run(["pkill", "-KILL", "-u", name], check=False, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
        time.sleep(0.5)
        subprocess.run([sys.executable, str(CLASSE), "retirer", "--participants", str(self.class_list)],
                       check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for name in everyone:
            for controller in ("memory", "cpu", "pids", ""):
                group = Path("/sys/fs/cgroup") / controller / "reseau" / name
                if group.is_dir():
                    try:
                        group.rmdir()
                    except OSError:
                        pass
        shutil.rmtree(self.tmp, ignore_errors=True)


def new_classroom(tmp: Path, participants: int = 2) -> Classroom:
    tag = secrets.token_hex(3)
    room = Classroom(tmp=tmp, participants=[f"p{i}-{tag}" for i in range(participants)], trainer=f"fo-{tag}",
                     port=free_port_pair())
    room.write_class_list()
    return room


class HubSession:
    """One person logged in to the hub with requests (first login sets the password)."""

    def __init__(self, room: Classroom, name: str, password: str):
        self.room, self.name = room, name
        self.http = requests.Session()
        self.http.get(f"{room.url}/hub/login", timeout=30)
        response = self.http.post(f"{room.url}/hub/login?next=",
                                  data={"username": name, "password": password,
                                        "_xsrf": self.http.cookies.get("_xsrf", path="/hub/")},
                                  allow_redirects=False, timeout=60)
        if response.status_code != 302:
            raise AssertionError(f"connexion de {name} refusée ({response.status_code})")

    def api(self, method: str, path: str, **kwargs) -> requests.Response:
        headers = {"X-XSRFToken": self.http.cookies.get("_xsrf", path="/hub/") or ""}
        return self.http.request(method, f"{self.room.url}/hub/api{path}", headers=headers, timeout=60, **kwargs)

    def token(self, user: str | None = None) -> str:
        response = self.api("POST", f"/users/{user or self.name}/tokens", json={"note": "tests", "expires_in": 7200})
        response.raise_for_status()
        return response.json()["token"]


class UserServer:
    """A user's single-user server behind the hub, with the API of tests/browser's LabServer."""

    def __init__(self, room: Classroom, name: str, token: str):
        self.url = f"{room.url}/user/{name}"
        self.token = token
        self.name = name

    def api(self, method: str, path: str, timeout: float = 30, **kwargs):
        response = requests.request(method, f"{self.url}{path}", timeout=timeout,
                                    headers={"Authorization": f"token {self.token}"}, **kwargs)
        response.raise_for_status()
        return response.json() if response.content else None

    def shutdown_kernels(self) -> None:
        for session in self.api("GET", "/api/sessions"):
            self.api("DELETE", f"/api/sessions/{session['id']}")
        for kernel in self.api("GET", "/api/kernels"):
            self.api("DELETE", f"/api/kernels/{kernel['id']}")
