"""Fixtures of the classroom-server tests: a real JupyterHub (real proxy, real system users) and Chromium.

What the classroom needs (root, bubblewrap that works, Node.js and npm, Debian's Chromium and
Playwright) is checked first; when something is missing the tests are skipped with a French
notice saying what to install, except under CI=true, where a missing part fails the run.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from browser.conftest import CHROMIUM, SCREENSHOTS, launch_chromium

from .hubtools import new_classroom


def _missing(message: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def require_classroom_parts(browser: bool = True) -> None:
    if os.geteuid() != 0:
        _missing("Le serveur de classe crée des comptes système : ces tests demandent root (sudo make test).")
    for tool in ("node", "npm"):
        if shutil.which(tool) is None:
            _missing("Node.js est absent : installez-le (« apt-get install nodejs », puis « apt-get install npm » s'il manque) pour tester le serveur "
                     "de classe.")
    from reseau.autograde import sandbox

    problem = sandbox.sandbox_problem()
    if problem:
        _missing(f"Bac à sable indisponible : {problem}")
    if browser:
        if not (CHROMIUM.exists() and os.access(CHROMIUM, os.X_OK)):
            _missing("Chromium est absent : installez-le avec « apt-get install chromium ».")
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            _missing("Playwright est absent de l'environnement : lancez « make install ».")


@pytest.fixture(scope="module")
def classroom():
    """A running classroom server: two participants and one trainer, on free loopback ports."""
    require_classroom_parts()
    room = new_classroom(participants=2)
    try:
        room.start()
        yield room
    finally:
        room.cleanup()


@pytest.fixture(scope="module")
def chromium(classroom):
    yield from launch_chromium()


@pytest.fixture
def snap(request):
    """snap(page, name): a screenshot in test-artifacts/screenshots/hub_<name>.png."""

    def take(page, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"hub_{name}.png"
        page.screenshot(path=str(path))
        return path

    return take
