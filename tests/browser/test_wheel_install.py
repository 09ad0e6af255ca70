"""Issue 25: the self-paced route is two commands, `pip install .` and `reseau-cours`, nothing copied by hand.

The project's wheel is built (offline: `pip wheel --no-build-isolation --no-deps`), then installed with
pip into a fresh virtual environment, with `--no-deps --no-index`: its dependencies are not downloaded
but seen from this project's .venv, whose site-packages the fresh environment reads through a plain
path line in a .pth file (so the editable `reseau` of .venv, and .venv's shared Jupyter folders, are
NOT seen: the library, the JupyterLab extension and the learner's settings come from the wheel alone).
`reseau-cours` is started from a folder holding only `course/` and `exercises/` (no deploy/): the
learner's JupyterLab opens on the course, in French (in a browser set to English), with « Vérifier mes
réponses » and « Me noter » in a quiz's toolbar, and without nbgrader's trainer menu.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import sysconfig
import time
import urllib.request
from pathlib import Path

import pytest

from . import jlab
from .conftest import ROOT, LabServer, _free_port, _require_chromium, _write_config

QUIZ = "exercises/01_quiz_choisir_son_reseau/quiz_choisir_son_reseau.ipynb"


def _run(cmd: list[str], **kw) -> None:
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=600, **kw)
    assert done.returncode == 0, (cmd, done.stdout[-2000:], done.stderr[-2000:])


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """A fresh venv with the project's wheel installed by pip: its bin folder."""
    _require_chromium()
    tmp = tmp_path_factory.mktemp("roue")
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-w",
          str(tmp / "dist"), str(ROOT)], cwd=tmp)
    (wheel,) = (tmp / "dist").glob("reseau-*.whl")
    venv = tmp / "neuf"
    _run([sys.executable, "-m", "venv", str(venv)])
    (site,) = (venv / "lib").glob("python3*/site-packages")
    (site / "dependances.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    _run([str(venv / "bin" / "python"), "-m", "pip", "install", "--no-deps", "--no-index", str(wheel)])
    return tmp, venv / "bin"


def test_reseau_cours_without_a_course_folder_says_so_in_french(installed, tmp_path):
    _, bin_dir = installed
    done = subprocess.run([str(bin_dir / "reseau-cours"), "--sans-navigateur"], cwd=tmp_path, capture_output=True,
                          text=True, timeout=60, env=dict(os.environ, RESEAU_RACINE=""))
    assert done.returncode == 2
    assert "Erreur : dossier du cours introuvable" in done.stderr and "reseau-cours --dossier" in done.stderr


def test_wheel_and_reseau_cours_open_the_french_course_with_both_buttons(installed, browser, screenshot):
    tmp, bin_dir = installed
    root = tmp / "cours"
    shutil.copytree(ROOT / "course", root / "course", ignore=shutil.ignore_patterns("mes_notes_*", "mon_plan_*"))
    shutil.copytree(ROOT / "exercises", root / "exercises")
    _write_config(tmp / "config")
    token, port = secrets.token_hex(16), _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "RESEAU_"))}
    env.update({"JUPYTER_TOKEN": token, "JUPYTER_CONFIG_DIR": str(tmp / "config"), "JUPYTER_DATA_DIR": str(tmp / "data"),
                "JUPYTER_RUNTIME_DIR": str(tmp / "runtime"), "IPYTHONDIR": str(tmp / "ipython"),
                "PATH": str(bin_dir) + os.pathsep + env.get("PATH", "")})
    log = tmp / "reseau-cours.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen([str(bin_dir / "reseau-cours"), "--sans-navigateur", f"--port={port}"], cwd=root,
                                env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            assert proc.poll() is None, log.read_text(errors="replace")[-3000:]
            try:
                urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2)
                break
            except OSError:
                assert time.monotonic() < deadline, log.read_text(errors="replace")[-3000:]
                time.sleep(0.25)
        text = log.read_text(errors="replace")
        assert f"{root}" in text  # serving the course folder
        # the wheel's own extension and settings: nothing from the repository's deploy/ or labextension/
        assert (bin_dir.parent / "share" / "jupyter" / "labextensions" / "reseau-lab" / "package.json").is_file()
        assert (bin_dir.parent / "share" / "reseau" / "jupyter" / "apprenant" / "labconfig" / "page_config.json").is_file()
        listed = _lab_paths(bin_dir, env)
        assert re.search(re.escape(str(bin_dir.parent / "share" / "jupyter" / "labextensions")) + r"\n\s+reseau-lab ",
                         listed), listed
        # the suite's Chromium (one Playwright per process), in a browser set to English
        context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US")
        page = context.new_page()
        try:
            page.goto(f"{url}/?token={token}")  # the server's first page: default_url
            page.wait_for_url(re.compile(r"/lab/tree/course"), timeout=60_000)  # the course is the first page
            page.locator(".lm-MenuBar-itemLabel", has_text=re.compile("^Aide$")).wait_for(timeout=60_000)
            menus = [t.strip() for t in page.locator(".lm-MenuBar-itemLabel").all_inner_texts()]
            assert menus[:2] == ["Fichier", "Édition"], menus
            assert "Nbgrader" not in menus
            server = LabServer(url=url, token=token, root=root, log=log)
            jlab.open_notebook(page, server, QUIZ)
            toolbar = page.locator(".jp-NotebookPanel-toolbar")
            toolbar.locator(".reseau-me-noter-button").wait_for(state="visible", timeout=30_000)
            assert toolbar.locator(".reseau-verifier-button").inner_text().strip() == "Vérifier mes réponses"
            assert toolbar.locator(".reseau-me-noter-button").inner_text().strip() == "Me noter"
            screenshot(page, "roue_reseau_cours")
        finally:
            context.close()
    finally:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(20)
        except (OSError, subprocess.TimeoutExpired):
            os.killpg(proc.pid, signal.SIGKILL)


def _lab_paths(bin_dir: Path, env: dict) -> str:
    """`jupyter labextension list` of the fresh environment (where each extension was found)."""
    done = subprocess.run([str(bin_dir / "python"), "-m", "jupyterlab.labextensions", "list"], capture_output=True,
                          text=True, timeout=120, env=env)
    return done.stdout + done.stderr
