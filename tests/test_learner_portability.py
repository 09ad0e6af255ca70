"""The learner's side of the kit runs on Windows and macOS: no Linux-only module, paths built portably.

Python's POSIX-only modules (fcntl, pwd, grp, resource, termios) are made unimportable in a fresh
interpreter, as on Windows; every module a learner's notebook or the « Vérifier mes réponses » button
uses must still import, and the widget that saves ratings must still work.  The README's self-paced
route is two commands on every platform.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LEARNER_MODULES = ["reseau", "reseau.widgets", "reseau.quiz", "reseau.verification", "reseau.panel", "reseau.plan",
                   "reseau.charts", "reseau.data", "reseau.network", "reseau.grading", "reseau.remote",
                   "reseau.fmt", "reseau.ties", "reseau.budget", "reseau.clubs", "reseau.selfgrade", "reseau.launcher",
                   "reseau.project", "reseau.workspace_lock", "reseau.autograde.portable"]

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


def test_readme_self_paced_route_is_two_commands_on_every_platform():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("### Apprendre seul sur Windows, macOS ou Linux"):text.index("## Ce que contient le kit")]
    rows = [line for line in section.splitlines() if line.startswith(("| Windows", "| macOS", "| Linux"))]
    assert len(rows) == 3
    for row in rows:  # one install command, one launch command, nothing copied by hand
        install, launch = [cell.strip() for cell in row.strip("|").split("|")[1:]]
        assert install.startswith(("`py -m pip install .`", "`python3 -m pip install .`", "`pipx install .`")), row
        assert launch == "`reseau-cours`", row
    assert "Copy-Item" not in section and "cp -R" not in section and "JUPYTER_CONFIG_PATH" not in section
    assert "demandent Linux" not in text
    # what the wheel carries (pyproject's data files) exists in the project
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'reseau-cours = "reseau.launcher:main"' in pyproject
    for path in ("labextension/prebuilt/package.json", "labextension/jupyter-config/reseau.json",
                 "deploy/jupyter/apprenant/jupyter_server_config.json",
                 "deploy/jupyter/apprenant/labconfig/page_config.json",
                 "deploy/jupyter/apprenant/settings/overrides.json"):
        assert path in pyproject, path
        assert (ROOT / path).exists(), path
