"""The learner's JupyterLab is French and has no trainer tools; the trainer's has them all.

Both servers are started as `make lab` and `make lab FORMATEUR=1` start them (see
conftest.py), and opened in a browser set to English, so the French comes from the
project's settings, not from the browser.  The menu words are those of JupyterLab's French
language pack.
"""

from __future__ import annotations

import re
import time

from . import jlab

#: nbgrader's trainer tools as they show in JupyterLab.
NBGRADER_MENU = "Nbgrader"
CREATE_ASSIGNMENT = "Create Assignment"


def _open_lab(page, server) -> list[str]:
    """Open JupyterLab; once its menu bar is complete (stable for 1.5 s), return the menu names."""
    page.goto(f"{server.url}/lab/tree/course?reset&token={server.token}")
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(f"^{jlab.fr('Help', 'menu')}$")).wait_for()
    page.locator(".jp-SideBar.jp-mod-right .lm-TabBar-tab").first.wait_for(state="attached")
    labels, since = None, time.monotonic()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        now = [t.strip() for t in page.locator(".lm-MenuBar-itemLabel").all_inner_texts()]
        if now != labels:
            labels, since = now, time.monotonic()
        elif time.monotonic() - since > 1.5:
            break
        time.sleep(0.25)
    return labels


def _right_tabs(page) -> list[str]:
    return [t.strip() for t in page.locator(".jp-SideBar.jp-mod-right .lm-TabBar-tab").evaluate_all(
        "tabs => tabs.map(t => (t.getAttribute('title') || '') + ' ' + t.textContent)")]


def test_learner_lab_is_french_without_trainer_tools(english_page, lab_server, screenshot):
    page = english_page
    assert page.evaluate("navigator.language") == "en-US"
    menus = _open_lab(page, lab_server)
    assert menus[:2] == ["Fichier", "Édition"], menus
    assert menus[:2] == [jlab.fr("File", "menu"), jlab.fr("Edit", "menu")]
    assert jlab.fr("Run", "menu") in menus
    assert NBGRADER_MENU not in menus, menus
    assert not [t for t in _right_tabs(page) if CREATE_ASSIGNMENT in t], _right_tabs(page)
    assert page.locator("#nbgrader-create_assignemnt").count() == 0
    screenshot(page, "interface_apprenant")
    # the learner can still switch language: Paramètres > Langue offers English
    jlab.menu(page, jlab.fr("Settings", "menu"), jlab.fr("Language", "menu"))
    assert page.locator(".lm-Menu-itemLabel", has_text="English").count() > 0
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    # instead of nbgrader's English assignment list: the French exercise panel, in the command palette
    page.keyboard.press("Control+Shift+C")
    page.locator(".lm-CommandPalette-input").fill("Liste des devoirs")
    assert page.locator(".lm-CommandPalette-item", has_text="Liste des devoirs (nbgrader)").count() == 0
    page.locator(".lm-CommandPalette-input").fill("Mes quiz")
    page.locator(".lm-CommandPalette-item", has_text="Mes quiz et exercices").click()
    page.locator("#reseau-exercices").wait_for(state="visible")
    # and in its own menu, « Exercices », where a learner looks for it (deploy/jupyter/apprenant's overrides)
    jlab.open_exercise_panel(page)
    assert page.locator("#nbgrader-assignment-list").count() == 0


def test_trainer_lab_is_french_with_every_nbgrader_tool(trainer_page, trainer_server, screenshot):
    assert trainer_page.evaluate("navigator.language") == "en-US"
    menus = _open_lab(trainer_page, trainer_server)
    assert menus[:2] == ["Fichier", "Édition"], menus
    assert NBGRADER_MENU in menus, menus
    assert [t for t in _right_tabs(trainer_page) if CREATE_ASSIGNMENT in t], _right_tabs(trainer_page)
    screenshot(trainer_page, "interface_formateur")
