"""`reseau-cours` (reseau.launcher): which course folder and which JupyterLab settings it opens.

The browser test of the installed wheel (tests/browser/test_wheel_install.py) starts it for real.
"""

from __future__ import annotations

import subprocess
import sys

from grading_helpers import ROOT
from reseau import launcher


def _course(folder):
    (folder / "course").mkdir(parents=True)
    (folder / "exercises").mkdir()
    return folder


def test_the_course_folder_is_found_from_inside_it_or_given(tmp_path, monkeypatch):
    monkeypatch.setenv("RESEAU_RACINE", str(tmp_path / "nulle-part"))  # not the library's own project folder
    root = _course(tmp_path / "reseau")
    assert launcher.find_course(start=root / "course") == root.resolve()
    assert launcher.find_course(explicit=root) == root.resolve()
    assert launcher.find_course(explicit=tmp_path) is None
    assert launcher.find_course(start=tmp_path) is None


def test_the_learners_settings_are_the_projects_then_the_installed_copy(tmp_path):
    assert launcher.settings_dir(ROOT) == ROOT / "deploy" / "jupyter" / "apprenant"
    assert launcher.settings_dir(ROOT, trainer=True) == ROOT / "deploy" / "jupyter" / "formateur"
    # a folder without deploy/ (a learner's course folder): the copy a wheel installs under sys.prefix, if any
    installed = launcher.settings_dir(_course(tmp_path / "c"))
    assert installed is None or installed == launcher.Path(sys.prefix) / "share" / "reseau" / "jupyter" / "apprenant"


def test_jupyterlab_opens_on_the_course():
    cmd = launcher.lab_command(ROOT, ip="127.0.0.1", port=8899, browser=False)
    assert cmd[:3] == [sys.executable, "-m", "jupyterlab"]
    assert f"--ServerApp.root_dir={ROOT}" in cmd and "--LabApp.default_url=/lab/tree/course" in cmd
    assert "--port=8899" in cmd and "--no-browser" in cmd


def test_no_course_folder_is_said_in_french(tmp_path):
    done = subprocess.run([sys.executable, "-m", "reseau.launcher"], cwd=tmp_path, capture_output=True, text=True,
                          timeout=60, env={"PATH": "/usr/bin:/bin", "RESEAU_RACINE": str(tmp_path)})
    assert done.returncode == 2
    assert done.stderr.startswith(f"Erreur : dossier du cours introuvable depuis {tmp_path}.")


def test_make_lab_calls_the_launcher():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = makefile[makefile.index("\nlab: install"):].split("\n\n", 1)[0]
    assert "$(BIN)/reseau-cours" in recipe and "jupyter lab" not in recipe
