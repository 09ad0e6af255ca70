"""The learner's side of the kit runs on Windows and macOS: no Linux-only module, paths built portably.

Python's POSIX-only modules (fcntl, pwd, grp, resource, termios) are made unimportable in a fresh
interpreter, as on Windows; every module a learner's notebook or the « Vérifier mes réponses » button
uses must still import, and the widget that saves ratings must still work.  The README's route without
`make` names files that exist.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LEARNER_MODULES = ["reseau", "reseau.widgets", "reseau.quiz", "reseau.verification", "reseau.panel", "reseau.plan",
                   "reseau.charts", "reseau.data", "reseau.network", "reseau.grading", "reseau.remote",
                   "reseau.fmt", "reseau.ties", "reseau.budget", "reseau.clubs"]

PROBE = """
import sys
for name in ("fcntl", "pwd", "grp", "resource", "termios"):
    sys.modules[name] = None  # ImportError on import, as on Windows
import importlib, pathlib, tempfile
for module in MODULES:
    importlib.import_module(module)
from reseau.data import load_contacts
from reseau.widgets import ContactRater
folder = pathlib.Path(tempfile.mkdtemp())
rater = ContactRater(load_contacts(), save_to=folder / "mes_notes.csv")
rater.rate(0, 1, 1, 1, 1)
again = ContactRater(load_contacts(), save_to=folder / "mes_notes.csv")
print(list(again.contacts.loc[0, ["frequency", "intimacy", "emotion", "reciprocity"]]))
"""


def test_learner_modules_need_no_posix_only_module():
    code = f"MODULES = {LEARNER_MODULES!r}\n" + PROBE
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == "[1.0, 1.0, 1.0, 1.0]"


def test_readme_route_without_make_names_files_that_exist():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("### Apprendre seul sur Windows ou macOS"):text.index("## Ce que contient le kit")]
    assert "py -m venv .venv" in section and "python3 -m venv .venv" in section and "pip install -e ." in section
    for path in ("labextension/prebuilt", "labextension/jupyter-config/reseau.json", "deploy/jupyter/apprenant"):
        assert path in section.replace("\\", "/"), path
        assert (ROOT / path).exists(), path
    assert (ROOT / "labextension/prebuilt/package.json").exists()
    # the two routes start the learner's JupyterLab on the course folder
    assert len(re.findall(r"--LabApp\.default_url=/lab/tree/course", section)) == 2
