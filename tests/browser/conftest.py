"""Fixtures of the real-browser tests: the learner's JupyterLab, the trainer's, one headless Chromium.

Each server runs from the project's own environment (this interpreter's `jupyter lab`) on a
free loopback port, with a random token and a temporary COPY of `course/` and `exercises/`,
so the repository is never touched.  It is started as `make lab` starts it: the learner's
(`lab_server`) with JUPYTER_CONFIG_PATH=deploy/jupyter/apprenant, the trainer's
(`trainer_server`, started only when a test asks for it) with deploy/jupyter/formateur as
`make lab FORMATEUR=1` does.  On top of that, a throw-away user configuration
(JUPYTER_CONFIG_DIR: news and update checks off, every notebook cell rendered) that a
learner's own ~/.jupyter would be.  Servers are stopped at the end, whatever happens.

The browser is Debian's Chromium (`/usr/bin/chromium`, or $RESEAU_CHROMIUM), driven by
Playwright through `executable_path`: no browser is ever downloaded.  When it is missing
the tests are skipped with a French message saying how to install it, except under
CI=true, where a missing browser fails the run.

Screenshots go to `test-artifacts/screenshots/` (git-ignored); the terminal summary says where.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

# Playwright must never fetch a browser of its own.
os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("RESEAU_CHROMIUM", "/usr/bin/chromium"))
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
MISSING_CHROMIUM = ("Chromium est absent : installez-le avec « apt-get install chromium » "
                    "pour lancer les tests dans le navigateur.")
SERVER_START_TIMEOUT = 90  # seconds
#: The configuration folders `make lab` and `make lab FORMATEUR=1` put on JUPYTER_CONFIG_PATH.
LEARNER_CONFIG = ROOT / "deploy" / "jupyter" / "apprenant"
TRAINER_CONFIG = ROOT / "deploy" / "jupyter" / "formateur"

#: test id -> seconds, shown in the terminal summary.
BROWSER_TIMES: dict[str, float] = {}
_SCREENSHOTS_TAKEN: list[Path] = []


MISSING_PLAYWRIGHT = ("Playwright est absent de l'environnement : lancez « make install » "
                      "(ou « .venv/bin/pip install -e '.[test]' ») pour les tests dans le navigateur.")


def _missing(message: str) -> None:
    """Skip, except in CI (CI=true), where what the browser tests need must be there."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def _require_chromium() -> None:
    if not (CHROMIUM.exists() and os.access(CHROMIUM, os.X_OK)):
        _missing(MISSING_CHROMIUM)
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        _missing(MISSING_PLAYWRIGHT)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class LabServer:
    """A running JupyterLab: its base URL, token and the folder it serves."""

    url: str
    token: str
    root: Path
    log: Path

    def api(self, method: str, path: str, timeout: float = 10) -> object:
        request = urllib.request.Request(f"{self.url}{path}", method=method,
                                         headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read()
        return json.loads(body) if body else None

    def shutdown_kernels(self) -> None:
        """Shut down every kernel (keeps 2 cores free for the next notebook)."""
        for session in self.api("GET", "/api/sessions"):
            self.api("DELETE", f"/api/sessions/{session['id']}")
        for kernel in self.api("GET", "/api/kernels"):
            self.api("DELETE", f"/api/kernels/{kernel['id']}")

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


def _write_config(config_dir: Path) -> None:
    """Throw-away Jupyter configuration: no news, no update check, nothing fetched."""
    (config_dir / "labconfig").mkdir(parents=True)
    (config_dir / "jupyter_server_config.json").write_text(json.dumps({
        "LabApp": {
            "news_url": None,
            "check_for_updates_class": "jupyterlab.NeverCheckForUpdate",
            "extension_manager": "readonly",
        },
    }), encoding="utf-8")
    (config_dir / "labconfig" / "page_config.json").write_text(json.dumps({
        "disabledExtensions": {"@jupyterlab/apputils-extension:announcements": True},
    }), encoding="utf-8")
    settings = config_dir / "lab" / "user-settings" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True)
    (settings / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False}), encoding="utf-8")
    # render every cell of a notebook (JupyterLab 4 otherwise only renders the cells near the
    # viewport, so counts and locators would depend on the window size and on timing)
    notebook = config_dir / "lab" / "user-settings" / "@jupyterlab" / "notebook-extension"
    notebook.mkdir(parents=True)
    (notebook / "tracker.jupyterlab-settings").write_text(json.dumps({"windowingMode": "none"}), encoding="utf-8")


def _stop(proc: subprocess.Popen, server: LabServer | None) -> None:
    if proc.poll() is None and server is not None:
        try:  # clean shutdown: the server stops its kernels too
            server.api("POST", "/api/shutdown", timeout=5)
            proc.wait(timeout=15)
        except Exception:  # noqa: BLE001 - fall through to signals
            pass
    for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
        if proc.poll() is not None:
            break
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            break
        try:
            proc.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            continue


def _start_lab(config_path: Path, prefix: str):
    """Start JupyterLab with `config_path` on JUPYTER_CONFIG_PATH (as `make lab` does); yield it, then stop it."""
    tmp = Path(tempfile.mkdtemp(prefix=prefix))
    root = tmp / "root"
    # the course as a new learner gets it: not the developer's own ratings, plan or LinkedIn export
    shutil.copytree(ROOT / "course", root / "course",
                    ignore=shutil.ignore_patterns("mes_notes_*", ".mes_notes_*", "mon_plan_d_action.*", "Connections.csv"))
    shutil.copytree(ROOT / "exercises", root / "exercises")
    _write_config(tmp / "config")
    bin_dir = str(Path(sys.executable).parent)
    env = dict(os.environ)
    env.update({
        "JUPYTER_CONFIG_DIR": str(tmp / "config"),
        "JUPYTER_CONFIG_PATH": str(config_path),
        "JUPYTER_DATA_DIR": str(tmp / "data"),
        "JUPYTER_RUNTIME_DIR": str(tmp / "runtime"),
        "IPYTHONDIR": str(tmp / "ipython"),
        "PATH": bin_dir + os.pathsep + env.get("PATH", ""),
        "PYTHONUNBUFFERED": "1",
        "RESEAU_WORKSPACE": str(tmp / "correction"),  # « Me noter »'s self-check, never in the repository
    })
    env.pop("JUPYTER_PATH", None)  # sys.prefix/share/jupyter (labextensions, kernels) stays on the path
    token = secrets.token_hex(24)
    port = _free_port()
    cmd = [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
           "--ServerApp.port_retries=0", f"--ServerApp.token={token}", f"--ServerApp.root_dir={root}"]
    if os.geteuid() == 0:
        cmd.append("--allow-root")
    log = tmp / "jupyterlab.log"
    server = LabServer(url=f"http://127.0.0.1:{port}", token=token, root=root, log=log)
    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd, cwd=root, env=env, stdout=out, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while True:
            if proc.poll() is not None:
                pytest.fail(f"JupyterLab s'est arrêté au démarrage (code {proc.returncode}) :\n"
                            f"{server.log_tail()}", pytrace=False)
            try:
                server.api("GET", "/api/status", timeout=2)
                break
            except (urllib.error.URLError, ConnectionError, OSError):
                if time.monotonic() > deadline:
                    pytest.fail(f"JupyterLab n'a pas répondu en {SERVER_START_TIMEOUT} s :\n{server.log_tail()}",
                                pytrace=False)
                time.sleep(0.25)
        yield server
    finally:
        _stop(proc, server)
        shutil.rmtree(tmp, ignore_errors=True)


@pytest.fixture(scope="package")
def lab_server():
    """The learner's JupyterLab (as `make lab`), serving a temporary copy of course/ and exercises/."""
    _require_chromium()
    for old in SCREENSHOTS.glob("*.png"):  # no stale picture from an earlier run
        old.unlink()
    yield from _start_lab(LEARNER_CONFIG, "reseau-lab-")


@pytest.fixture(scope="package")
def trainer_server(lab_server):
    """The trainer's JupyterLab (as `make lab FORMATEUR=1`); started after the learner's."""
    yield from _start_lab(TRAINER_CONFIG, "reseau-lab-formateur-")


def launch_chromium():
    """Headless Debian Chromium driven by Playwright (never a downloaded browser): a generator that
    yields the browser and closes it (for a fixture)."""
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()
    finally:
        playwright.stop()


@pytest.fixture(scope="package")
def browser(lab_server):
    """Headless Debian Chromium driven by Playwright (never a downloaded browser)."""
    yield from launch_chromium()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """A failed browser test's report shows the page's JavaScript errors and JupyterLab's log."""
    outcome = yield
    report = outcome.get_result()
    if report.when == "call" and report.failed:
        page_errors = getattr(item, "reseau_page_errors", None)
        if page_errors is not None:
            report.sections.append(("JavaScript errors", "\n".join(page_errors) or "(none)"))
        for name in ("lab_server", "trainer_server"):
            server = getattr(item, "funcargs", {}).get(name)
            if isinstance(server, LabServer):
                report.sections.append((f"JupyterLab log (end, {name})", server.log_tail()))


def _tab(browser, server: LabServer, request, locale: str = "fr-FR"):
    """A fresh browser tab (browser language `locale`), logged in to `server`; kernels are shut down afterwards."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale=locale)
    context.set_default_timeout(30_000)
    tab = context.new_page()
    page_errors: list[str] = []
    request.node.reseau_page_errors = page_errors  # shown in the report if the test fails
    tab.on("pageerror", lambda exc: page_errors.append(str(exc)))
    start = time.perf_counter()
    try:
        yield tab
    finally:
        BROWSER_TIMES[request.node.name] = time.perf_counter() - start
        context.close()
        try:
            server.shutdown_kernels()
        except Exception:  # noqa: BLE001 - best effort; the server is stopped at the end anyway
            pass


@pytest.fixture
def page(browser, lab_server, request):
    """A tab of the learner's JupyterLab."""
    yield from _tab(browser, lab_server, request)


@pytest.fixture
def english_page(browser, lab_server, request):
    """A tab of the learner's JupyterLab in a browser set to English: French must come from the project's settings."""
    yield from _tab(browser, lab_server, request, locale="en-US")


@pytest.fixture
def trainer_page(browser, trainer_server, request):
    """A tab of the trainer's JupyterLab, in a browser set to English."""
    yield from _tab(browser, trainer_server, request, locale="en-US")


@pytest.fixture
def screenshot(request):
    """Call with a Playwright page (or locator) to save test-artifacts/screenshots/<name>.png."""

    def take(target, name: str | None = None) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name or request.node.callspec.id}.png"
        target.screenshot(path=str(path))
        if path not in _SCREENSHOTS_TAKEN:
            _SCREENSHOTS_TAKEN.append(path)
        return path

    return take


def pytest_terminal_summary(terminalreporter):
    """Say where the screenshots are, and how long each browser test took."""
    if BROWSER_TIMES:
        terminalreporter.section("browser tests (JupyterLab + Chromium): time per test")
        for name, seconds in BROWSER_TIMES.items():
            terminalreporter.write_line(f"{name:<48} {seconds:6.1f} s")
    if _SCREENSHOTS_TAKEN:
        terminalreporter.write_line(f"Captures d'écran ({len(_SCREENSHOTS_TAKEN)}) : {SCREENSHOTS}")
