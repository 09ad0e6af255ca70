"""A real classroom server for the tests and the benchmark, started the way the guide starts it.

deploy/hub/README.md, word for word: the project is in a folder of its own (here a copy of this working
tree, as `git clone` would give it, under /var/tmp), the class list is written to
deploy/hub/participants.csv, and the trainer types `make hub` there: it installs the environment
(.venv) and the proxy, creates the accounts and starts JupyterHub with its defaults (state in
/var/lib/reseau-classe, exchange in /srv/nbgrader/exchange).  The only settings changed are those the
guide shows: `IP=127.0.0.1` and free ports (`PORT`, `PORT_INTERNE`).  The trainer's commands are
`make release`, `make collect`, `make autograde`, `make feedback` in that folder.  `cleanup()`
stops the hub and ends the session (`make fin-de-session`, without certificates), then removes the copy.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]
#: The first `make hub` of a copy installs its environment (pip) and the proxy (npm) before it starts.
START_TIMEOUT = 900
#: Variables of the test run that the trainer's shell would not have (they would point the copy elsewhere).
_FOREIGN = ("RESEAU_WORKSPACE", "RESEAU_EXCHANGE", "RESEAU_RELEASE", "RESEAU_HUB_SETTINGS", "VIRTUAL_ENV",
            "JUPYTER_CONFIG_PATH", "JUPYTER_PATH", "PYTHONPATH", "MAKEFLAGS", "MFLAGS", "MAKELEVEL")


def free_port_pair() -> int:
    """A port p such that p and the three next ports (hub API, proxy API) are free on loopback."""
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


def copy_project(dest: Path) -> Path:
    """The files a `git clone` of this working tree would give (tracked and new, not ignored), in `dest`."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                            check=True, stdout=subprocess.PIPE).stdout.decode("utf-8").split("\0")
    for rel in filter(None, listed):
        src = ROOT / rel
        if not src.is_file():
            continue  # deleted in the working tree
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, target, follow_symlinks=False)
    return dest


def trainer_env() -> dict[str, str]:
    """The trainer's shell: this environment without the test run's own settings."""
    env = {k: v for k, v in os.environ.items() if k not in _FOREIGN}
    venv_bin = str(ROOT / ".venv" / "bin")
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if p != venv_bin)
    return env


@dataclass
class Classroom:
    tmp: Path
    participants: list[str]
    trainer: str
    port: int
    proc: subprocess.Popen | None = None

    @property
    def project(self) -> Path:
        return self.tmp / "reseau"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def class_list(self) -> Path:
        return self.project / "deploy" / "hub" / "participants.csv"

    @property
    def workspace(self) -> Path:
        return self.project / "autograder" / "workspace"

    def write_class_list(self) -> None:
        """As the guide says: copy the template to deploy/hub/participants.csv, then fill it in."""
        shutil.copyfile(self.project / "deploy" / "hub" / "participants.exemple.csv", self.class_list)
        rows = ["identifiant,prenom,nom,role", f"{self.trainer},Claire,Martin,formateur"]
        rows += [f"{name},Prénom{i},Nom{i},participant" for i, name in enumerate(self.participants)]
        self.class_list.write_text("\n".join(rows) + "\n", encoding="utf-8")

    def make_args(self) -> list[str]:
        # the settings the guide shows: listen on loopback only, on free ports (the machine's 8000/8081
        # may be taken by another server)
        return ["make", "hub", "IP=127.0.0.1", f"PORT={self.port}", f"PORT_INTERNE={self.port + 1}"]

    def start(self) -> None:
        log = open(self.tmp / "hub.log", "ab")
        self.proc = subprocess.Popen(self.make_args(), cwd=self.project, env=trainer_env(), stdout=log,
                                     stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if self.proc.poll() is not None:
                raise AssertionError(f"make hub s'est arrêté au démarrage (code {self.proc.returncode}) :\n"
                                     + self.log_tail())
            try:
                if requests.get(f"{self.url}/hub/api/", timeout=2).status_code == 200:
                    return
            except requests.RequestException:
                pass
            if time.monotonic() > deadline:
                raise AssertionError(f"le hub n'a pas répondu en {START_TIMEOUT} s :\n{self.log_tail()}")
            time.sleep(0.5)

    def stop_hub(self) -> None:
        """Stop the hub and its proxy and services (as Ctrl+C does); the participants' servers keep running.

        Waits for the whole process group, not for make alone: make dies at the first signal while JupyterHub
        is still stopping its services, and a hub left behind kept the machine's classroom state open."""
        if self.proc is None:
            return
        group = self.proc.pid  # make leads its own session and group (start_new_session)

        def alive() -> bool:
            self.proc.poll()  # reap make, whose zombie would count as a member
            try:
                os.killpg(group, 0)
            except ProcessLookupError:
                return False
            return True

        for sig, wait in ((signal.SIGINT, 30), (signal.SIGTERM, 15), (signal.SIGKILL, 10)):
            if not alive():
                break
            try:
                os.killpg(group, sig)
            except ProcessLookupError:
                break
            deadline = time.monotonic() + wait
            while alive() and time.monotonic() < deadline:
                time.sleep(0.2)
        assert not alive(), f"le groupe de processus du hub ({group}) survit à SIGKILL"
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

    def make(self, target: str, *settings: str, check: bool = True, timeout: float = 900
             ) -> subprocess.CompletedProcess:
        """A trainer's command, typed in the project's folder: `make <target> [NAME=value ...]`."""
        proc = subprocess.run(["make", "--no-print-directory", target, *settings], cwd=self.project,
                              env=trainer_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              timeout=timeout)
        if check and proc.returncode != 0:
            raise AssertionError(f"« make {target} {' '.join(settings)} » a échoué :\n{proc.stdout}")
        return proc

    def cleanup(self) -> None:
        """Stop the hub, end the session as the guide does (without certificates), remove the copy."""
        self.stop_hub()
        everyone = [self.trainer, *self.participants]
        if self.class_list.is_file():
            self.make("fin-de-session", "SANS_ATTESTATIONS=1", check=False)
        for name in everyone:  # whatever the end of session could not remove
            subprocess.run(["pkill", "-KILL", "-u", name], check=False, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
            subprocess.run(["userdel", "--remove", name], check=False, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
        artifacts = ROOT / "test-artifacts"
        try:  # the hub's log outlives the copy, for whoever reads a failure
            artifacts.mkdir(exist_ok=True)
            shutil.copyfile(self.tmp / "hub.log", artifacts / f"hub-{self.tmp.name}.log")
        except OSError:
            pass
        shutil.rmtree(self.tmp, ignore_errors=True)


def new_classroom(participants: int = 2) -> Classroom:
    """A copy of the project in /var/tmp (outside any home: the guide clones it anywhere) and its class."""
    tag = secrets.token_hex(3)
    tmp = Path("/var/tmp") / f"reseau-essai-{tag}"
    tmp.mkdir(mode=0o700)
    copy_project(tmp / "reseau")
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
