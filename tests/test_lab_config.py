"""The learner's and the trainer's JupyterLab configuration (deploy/jupyter/), without a browser.

The learner folder disables exactly nbgrader's trainer plugins, by ids that exist in the
installed nbgrader lab extension (a rename in nbgrader fails here); its server config
disables the trainer's server extensions and keeps what learners use; both folders select
the French language pack; `make lab` uses the learner folder, `make lab FORMATEUR=1` the
trainer's; the prebuilt reseau-lab extension is installed and matches its source.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from jupyter_core.paths import jupyter_config_path, jupyter_path
from jupyter_server.config_manager import BaseJSONConfigManager
from jupyter_server.extension.config import ExtensionConfigManager
from jupyterlab_server.config import get_federated_extensions
from traitlets.config.loader import PyFileConfigLoader

ROOT = Path(__file__).resolve().parents[1]
LEARNER = ROOT / "deploy" / "jupyter" / "apprenant"
TRAINER = ROOT / "deploy" / "jupyter" / "formateur"
NBGRADER_LAB = "@jupyter/nbgrader"
#: nbgrader's trainer tools in JupyterLab: the « Nbgrader » menu, « Create Assignment », the
#: formgrader, the course list and the English Validate button (replaced by the French one).
TRAINER_PLUGINS = {f"{NBGRADER_LAB}:{name}" for name in
                   ("menu", "create-assignment", "formgrader", "course-list", "validate-assignment")}
#: nbgrader's English assignment list: the learner gets the French panel of reseau-lab instead
#: (its server API stays: the panel goes through it).
ASSIGNMENT_LIST = f"{NBGRADER_LAB}:assignment-list"
#: Jupytext edits the notebooks' text sources (sources/), RISE projects a module as slides: trainer's tools.
AUTHORING_EXTENSIONS = {"jupyterlab-jupytext", "jupyterlab-rise"}
TRAINER_SERVER = {"nbgrader.server_extensions.formgrader", "nbgrader.server_extensions.course_list",
                  "jupyterlab_jupytext", "jupyterlab_rise"}
LEARNER_SERVER = {"nbgrader.server_extensions.assignment_list", "nbgrader.server_extensions.validate_assignment",
                  "reseau.verification", "reseau.panel"}


def _json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _federated() -> dict:
    return get_federated_extensions(jupyter_path("labextensions"))


def _nbgrader_bundle() -> str:
    ext = _federated()[NBGRADER_LAB]
    static = Path(ext["ext_path"]) / "static"
    return "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in static.glob("*.js"))


def test_learner_page_config_disables_exactly_the_trainer_plugins_and_the_english_list():
    disabled = _json(LEARNER / "labconfig" / "page_config.json")["disabledExtensions"]
    assert {k for k, v in disabled.items() if v} == TRAINER_PLUGINS | AUTHORING_EXTENSIONS | {ASSIGNMENT_LIST}
    for name in AUTHORING_EXTENSIONS:
        assert name in _federated(), f"{name} n'est plus installé : mettez à jour deploy/jupyter/"
    # the « Exercices » menu opens the French panel
    menus = _json(LEARNER / "settings" / "overrides.json")["@jupyterlab/mainmenu-extension:plugin"]["menus"]
    assert [item["command"] for menu in menus if menu["label"] == "Exercices" for item in menu["items"]] == [
        "reseau:exercices"]


def test_disabled_plugin_ids_exist_in_the_installed_nbgrader_lab_extension():
    bundle = _nbgrader_bundle()
    for plugin in TRAINER_PLUGINS | {ASSIGNMENT_LIST}:
        assert f'"{plugin}"' in bundle, f"nbgrader n'a plus de module {plugin} : mettez à jour deploy/jupyter/"


def test_the_trainer_folder_disables_nothing():
    assert not (TRAINER / "labconfig").exists()
    enabled = _json(TRAINER / "jupyter_server_config.json")["ServerApp"]["jpserver_extensions"]
    assert all(enabled.values())


def _effective_server_extensions(monkeypatch, folder: Path | None) -> dict[str, bool]:
    """The server extensions a server started with `folder` on JUPYTER_CONFIG_PATH enables."""
    if folder is None:
        monkeypatch.delenv("JUPYTER_CONFIG_PATH", raising=False)
    else:
        monkeypatch.setenv("JUPYTER_CONFIG_PATH", str(folder))
    monkeypatch.setenv("JUPYTER_CONFIG_DIR", str(ROOT / "nonexistent-user-config"))
    return ExtensionConfigManager(read_config_path=jupyter_config_path()).get_jpserver_extensions()


def test_learner_server_disables_the_trainer_server_extensions(monkeypatch):
    learner = _effective_server_extensions(monkeypatch, LEARNER)
    assert all(learner.get(name) is False for name in TRAINER_SERVER), learner
    assert all(learner.get(name) is True for name in LEARNER_SERVER), learner
    # language servers (completion, diagnostics) are an editor's tool; their start-up scan costs every
    # participant's server CPU when a whole room logs in at once (benchmarks/bench_hub.py)
    assert learner.get("jupyter_lsp") is False, learner
    trainer = _effective_server_extensions(monkeypatch, TRAINER)
    assert all(trainer.get(name) is True for name in TRAINER_SERVER | LEARNER_SERVER), trainer


def test_disabled_server_extensions_exist_in_nbgrader():
    import importlib

    for name in TRAINER_SERVER | LEARNER_SERVER:
        assert hasattr(importlib.import_module(name), "_load_jupyter_server_extension") or hasattr(
            importlib.import_module(name), "load_jupyter_server_extension"), name


@pytest.mark.parametrize("folder", [LEARNER, TRAINER], ids=["apprenant", "formateur"])
def test_french_language_pack_is_selected(folder):
    config = PyFileConfigLoader("jupyter_server_config.py", path=str(folder)).load_config()
    settings = Path(config.LabApp.app_settings_dir)
    assert settings == folder / "settings"
    overrides = _json(settings / "overrides.json")
    assert overrides["@jupyterlab/translation-extension:plugin"]["locale"] == "fr_FR"
    assert overrides["@jupyterlab/apputils-extension:notification"] == {"fetchNews": "false",
                                                                       "checkForUpdates": False}
    server = _json(folder / "jupyter_server_config.json")["LabApp"]
    assert server["news_url"] is None and server["check_for_updates_class"] == "jupyterlab.NeverCheckForUpdate"


def test_language_pack_is_declared_once_and_installed():
    import jupyterlab_language_pack_fr_FR as pack

    deps = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    assert [d for d in deps if d.startswith("jupyterlab-language-pack")] == ["jupyterlab-language-pack-fr-FR"]
    catalog = Path(pack.__file__).parent / "locale" / "fr_FR" / "LC_MESSAGES" / "jupyterlab.json"
    assert _json(catalog)["menu\x04File"] == ["Fichier"]


def _make_n(*args: str) -> str:
    return subprocess.run(["make", "-n", "-C", str(ROOT), "lab", *args], capture_output=True, text=True,
                          check=True).stdout


def test_make_lab_uses_the_learner_folder_and_formateur_the_trainer_folder():
    from reseau.launcher import settings_dir

    # make lab calls reseau-cours on this folder; FORMATEUR=1 adds --formateur; the launcher picks the folder
    learner, trainer = _make_n(), _make_n("FORMATEUR=1")
    assert f'reseau-cours --dossier "{ROOT}"' in learner and "--formateur" not in learner
    assert f'reseau-cours --dossier "{ROOT}"' in trainer and "--formateur" in trainer
    assert (settings_dir(ROOT), settings_dir(ROOT, trainer=True)) == (LEARNER, TRAINER)
    sys.path.insert(0, str(ROOT / "tests"))
    try:
        from browser.conftest import LEARNER_CONFIG, TRAINER_CONFIG
    finally:
        sys.path.remove(str(ROOT / "tests"))
    assert (LEARNER_CONFIG, TRAINER_CONFIG) == (LEARNER, TRAINER)


def test_reseau_lab_extension_is_installed_and_built_from_its_source():
    installed = _federated()["reseau-lab"]
    prebuilt = ROOT / "labextension" / "prebuilt"
    assert Path(installed["ext_path"]).resolve() == prebuilt.resolve() or _json(
        Path(installed["ext_path"]) / "package.json") == _json(prebuilt / "package.json")
    load = _json(prebuilt / "package.json")["jupyterlab"]["_build"]["load"]
    assert (prebuilt / load).is_file()
    source = (ROOT / "labextension" / "src" / "index.ts").read_text(encoding="utf-8")
    bundle = "\n".join(p.read_text(encoding="utf-8") for p in (prebuilt / "static").glob("*.js"))
    # the minifier writes some non-ASCII characters as \xNN or \uNNNN escapes
    bundle = re.sub(r"\\(?:x([0-9a-fA-F]{2})|u([0-9a-fA-F]{4}))", lambda m: chr(int(m[1] or m[2], 16)), bundle)
    labels = re.findall(r"^const (?:LABEL|BUSY_LABEL) = '([^']+)';", source, re.M)
    assert labels == ["Vérifier mes réponses", "Vérification en cours…"]
    for text in [*labels, "reseau-lab:verifier"]:
        assert text in bundle, f"labextension/prebuilt est plus ancien que src/index.ts : lancez make labextension ({text})"


def test_pyproject_installs_every_prebuilt_file():
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["data-files"]
    listed = {f for patterns in data.values() for pattern in patterns for f in ROOT.glob(pattern)}
    prebuilt = {p for p in (ROOT / "labextension" / "prebuilt").rglob("*") if p.is_file()}
    assert prebuilt <= listed
    assert data["share/jupyter/labextensions/reseau-lab/static"] == ["labextension/prebuilt/static/*"]
