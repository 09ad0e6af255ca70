"""JupyterHub configuration of the reseau classroom server (started by `make hub`, see README.md here).

Read by ``jupyterhub -f deploy/hub/jupyterhub_config.py``; the settings of one start (ports,
state folder, exchange, limits) come from the JSON file named by RESEAU_HUB_SETTINGS, written by
``classe.py demarrer``.  The class list is read again here, so the hub and the system accounts
always agree.
"""

import asyncio
import json
import os
import pwd
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parents[1] / "src"))

import classe  # noqa: E402
from firstuseauthenticator import FirstUseAuthenticator  # noqa: E402
from jupyterhub.spawner import LocalProcessSpawner  # noqa: E402
from traitlets import Float, Integer, Unicode  # noqa: E402

c = get_config()  # noqa: F821 (provided by traitlets)

settings = json.loads(Path(os.environ["RESEAU_HUB_SETTINGS"]).read_text(encoding="utf-8"))
STATE = Path(settings["state"])
EXCHANGE = Path(settings["exchange"])
people = classe.read_class_list(settings["participants"], settings.get("trainers", ""))
trainers = sorted(p.identifier for p in people if p.trainer)
participants = sorted(p.identifier for p in people if not p.trainer)

# nbgrader's settings for every single-user server: the course id and the exchange.
PARTICIPANT_CONFIG = STATE / "jupyter-classe"
PARTICIPANT_CONFIG.mkdir(exist_ok=True)
os.chmod(PARTICIPANT_CONFIG, 0o755)
(PARTICIPANT_CONFIG / "nbgrader_config.py").write_text(
    "c = get_config()\n"
    f"c.CourseDirectory.course_id = {classe.COURSE_ID!r}\n"
    f"c.Exchange.root = {str(EXCHANGE)!r}\n", encoding="utf-8")
os.chmod(PARTICIPANT_CONFIG / "nbgrader_config.py", 0o644)

# --- the hub and its proxy ------------------------------------------------------------------
c.JupyterHub.ip = settings["ip"]
c.JupyterHub.port = settings["port"]
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = settings["hub_port"]
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{settings['proxy_api_port']}"
c.ConfigurableHTTPProxy.command = [str(classe.PROXY_BIN)]
c.ConfigurableHTTPProxy.pid_file = str(STATE / "proxy.pid")
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(STATE / "jupyterhub.pid")
# A restart of the hub (or a crash) leaves the participants' servers and kernels running.
c.JupyterHub.cleanup_servers = False
c.JupyterHub.template_paths = [str(HERE / "templates")]
c.JupyterHub.shutdown_on_logout = False
# A participant whose server stopped (idle culler, restart) gets it back by coming back: the French
# "not running" page (templates/not_running.html) starts it after this many seconds, no button to press.
c.JupyterHub.implicit_spawn_seconds = 1
if settings.get("ssl_cert") and settings.get("ssl_key"):
    c.JupyterHub.ssl_cert = settings["ssl_cert"]
    c.JupyterHub.ssl_key = settings["ssl_key"]


# --- who may log in ----------------------------------------------------------------------------
class ClassroomAuthenticator(FirstUseAuthenticator):
    """FirstUseAuthenticator, with French messages: the first password typed becomes the password."""

    async def authenticate(self, handler, data):
        username = await super().authenticate(handler, data)
        if getattr(handler, "custom_login_error", None):
            handler.custom_login_error = (
                f"Mot de passe trop court : choisissez-en un d'au moins {self.min_password_length} caractères.")
        return username


c.JupyterHub.authenticator_class = ClassroomAuthenticator
c.ClassroomAuthenticator.dbm_path = str(STATE / "mots_de_passe.dbm")
c.ClassroomAuthenticator.create_users = True
c.ClassroomAuthenticator.min_password_length = 8
c.Authenticator.allowed_users = set(participants + trainers)
c.Authenticator.admin_users = set(trainers)
# nbgrader's JupyterHub groups: instructors of the course, and its students
c.JupyterHub.load_groups = {
    classe.INSTRUCTORS_GROUP: {"users": trainers},
    classe.STUDENTS_GROUP: {"users": participants},
}


# --- each participant's server -------------------------------------------------------------
def class_homes() -> list[Path]:
    homes = []
    for name in participants + trainers:
        try:
            homes.append(Path(pwd.getpwnam(name).pw_dir))
        except KeyError:
            continue
    return homes


class ClassroomSpawner(LocalProcessSpawner):
    """A participant's (or trainer's) JupyterLab: their own system user, in bubblewrap, in a cgroup."""

    memory_mb = Integer(classe.DEFAULT_MEMORY_MB, help="Memory of one user's server and kernels (MB).").tag(
        config=True)
    cpus = Float(classe.DEFAULT_CPUS, help="CPU cores of one user's server and kernels.").tag(config=True)
    processes = Integer(classe.DEFAULT_PROCESSES, help="Processes (and threads) of one user.").tag(config=True)
    tmp_mb = Integer(512, help="Size of the user's private /tmp (RAM, MB).").tag(config=True)
    learner_config = Unicode(str(classe.LEARNER_CONFIG)).tag(config=True)
    trainer_config = Unicode(str(classe.TRAINER_CONFIG)).tag(config=True)

    def _trainer(self) -> bool:
        return self.user.name in trainers

    def make_preexec_fn(self, name):
        groups = list(getattr(self, "_cgroups", []))

        def preexec():
            classe.join_cgroups(groups)

        return preexec

    async def start(self):
        entry = pwd.getpwnam(self.user.name)
        home = Path(entry.pw_dir)
        report = await asyncio.get_running_loop().run_in_executor(
            None, classe.sync_course, classe.COURSE_DIR, home, entry.pw_uid, entry.pw_gid)
        if any(report.values()):
            self.log.info("cours de %s : %s", self.user.name, report)
        self._cgroups = classe.cgroup_dirs(self.user.name, self.memory_mb, self.cpus, self.processes)
        if not self._cgroups:
            self.log.warning("cgroups indisponibles : limites par processus seulement pour %s", self.user.name)
        # the same Jupyter settings as `make lab` (learner) or `make lab FORMATEUR=1` (trainer): French, and
        # nbgrader's trainer tools for trainers only; shown in the sandbox at fixed paths, the real folders
        # (in the project, in the hub's state) staying out of sight
        lab_config = Path(self.trainer_config if self._trainer() else self.learner_config)
        self.environment.update({
            "JUPYTER_CONFIG_PATH": os.pathsep.join([str(classe.SANDBOX_NBGRADER_CONFIG),
                                                    str(classe.SANDBOX_JUPYTER_CONFIG)]),
            "LANG": "fr_FR.UTF-8" if Path("/usr/lib/locale/fr_FR.utf8").exists() else "C.UTF-8",
            "MPLBACKEND": "module://matplotlib_inline.backend_inline",
            # the server's runtime files and its kernels' sockets in the user's private /tmp (a short path:
            # a Unix socket's path is at most 107 characters, whatever the length of the login)
            "JUPYTER_RUNTIME_DIR": classe.SANDBOX_RUNTIME_DIR,
        })
        self.port = classe.server_port(entry.pw_uid)  # never a port a kernel of the room can take meanwhile
        self.cmd = classe.server_command(entry, home, homes=class_homes(), exchange=EXCHANGE,
                                         jupyter_config=lab_config, nbgrader_config=PARTICIPANT_CONFIG,
                                         memory_mb=None if self._cgroups else self.memory_mb,
                                         processes=self.processes, tmp_mb=self.tmp_mb)
        return await super().start()

    async def _signal(self, sig):
        """Signal bubblewrap's whole process group (the server and its kernels), not bwrap alone."""
        try:
            os.killpg(self.pid, sig)
        except ProcessLookupError:
            return False
        except PermissionError:
            return await super()._signal(sig)
        return True


c.JupyterHub.spawner_class = ClassroomSpawner
c.ClassroomSpawner.memory_mb = settings.get("memory_mb", classe.DEFAULT_MEMORY_MB)
c.ClassroomSpawner.cpus = settings.get("cpus", classe.DEFAULT_CPUS)
c.Spawner.default_url = "/lab/tree/course/00_bienvenue.ipynb"
c.Spawner.notebook_dir = "~"
# A whole room logging in at once queues on the CPU: 20 JupyterLabs starting together take about two
# minutes on 2 cores (benchmarks/bench_hub.py); be patient rather than kill them at JupyterHub's 30 s.
c.Spawner.http_timeout = 300
c.Spawner.start_timeout = 300
c.Spawner.args = ["--ServerApp.shutdown_no_activity_timeout=0",
                  # kernels talk to their server over Unix sockets, not loopback TCP ports: with 20 kernels
                  # starting at once, another participant's kernel took a port jupyter_client had just
                  # picked (« Address already in use », the kernel died; benchmarks/bench_hub.py)
                  "--KernelManager.transport=ipc",
                  "--LabApp.news_url=None",
                  "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]

# --- services: the idle culler, the grading of each copy handed in, the trainer's live view ----------------
# environment of the grading services: the hub's exchange, the class list, and the trainer's own workspace
# and gradebook settings when the hub was started with them (so that `make autograde` and the services agree)
GRADING_ENV = {"RESEAU_EXCHANGE": str(EXCHANGE), "RESEAU_PARTICIPANTS": settings["participants"],
               "PATH": str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", "")}
for name in ("RESEAU_WORKSPACE", "RESEAU_DB_URL", "RESEAU_CORRECTION"):
    if os.environ.get(name):
        GRADING_ENV[name] = os.environ[name]
c.JupyterHub.load_roles = [
    {"name": "idle-culler",
     "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
     "services": ["idle-culler"]},
    # the live view is the trainers' (a participant who opens it is refused)
    {"name": "suivi-formateurs", "scopes": ["access:services!service=suivi"], "groups": [classe.INSTRUCTORS_GROUP]},
]
c.JupyterHub.services = [
    {"name": "idle-culler",
     "command": [sys.executable, "-m", "jupyterhub_idle_culler",
                 f"--timeout={int(settings.get('idle_seconds', classe.DEFAULT_IDLE_SECONDS))}"]},
    # every copy handed in is graded as it arrives (autograder/correction.ini turns it off)
    {"name": "correction", "command": [sys.executable, "-m", "reseau.autograde.service"],
     "environment": GRADING_ENV, "cwd": str(classe.PROJECT_ROOT)},
    {"name": "suivi", "url": f"http://127.0.0.1:{settings['suivi_port']}", "oauth_no_confirm": True,
     "display": False, "command": [sys.executable, "-m", "reseau.autograde.suivi"],
     "environment": GRADING_ENV, "cwd": str(classe.PROJECT_ROOT)},
]
