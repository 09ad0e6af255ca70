"""The participant's French exercise panel in the learner's JupyterLab (Chromium), on a real exchange.

The trainer's side runs as on the classroom server: quiz 01 generated in a temporary grading
workspace and released to a temporary nbgrader exchange; later `python -m reseau.autograde collect`,
`autograde` (in the sandbox) and `feedback` with RESEAU_WORKSPACE and RESEAU_EXCHANGE set.  The
learner's JupyterLab gets the classroom's nbgrader settings (course id, exchange) as the hub writes
them, here in the folder it serves.  In the browser (time zone Europe/Paris): menu « Exercices » >
« Mes quiz et exercices », « Recevoir », « Ouvrir », answers typed in the notebook (the last one left
unsaved: « Rendre » saves first), « Rendre »; the trainer grades; the panel shows « corrigé : 4 / 6 »
by itself, and « Voir mon retour » opens the feedback page in JupyterLab's HTML viewer.

Grade worked out by hand: the right letters are B, C, D, C, B, A (solutions/01_quiz_choisir_son_reseau);
the participant answers B, C, A, C, B and leaves question 6 unanswered: 1 + 1 + 0 + 1 + 1 + 0 = 4 / 6.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from . import jlab
from .conftest import ROOT

QUIZ = "01_quiz_choisir_son_reseau"
NOTEBOOK = f"{QUIZ}/quiz_choisir_son_reseau.ipynb"
TITLE = "Quiz du module 1 : choisir son réseau"
#: cell index of each answer in the released notebook -> what the participant types
ANSWERS = {3: "reponse_1 = B", 6: "reponse_2 = C", 9: "reponse_3 = A", 12: "reponse_4 = C"}
UNSAVED = (15, "reponse_5 = B")  # typed last, not saved: « Rendre » must save it
EXPECTED = "corrigé : 4 / 6"
ZONE = "Europe/Paris"
MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre"]
#: nbgrader's English assignment list, which the panel replaces
ENGLISH = ("Fetch", "Submit", "Released, downloaded, and submitted assignments", "Validate", "UTC",
           "Assignments", "feedback")


@pytest.fixture
def classroom(lab_server, tmp_path, monkeypatch):
    """Quiz 01 released to a temporary exchange; the learner's server told where it is."""
    from reseau import autograde as ag

    exchange, ws, release = tmp_path / "echange", tmp_path / "ws", tmp_path / "release"
    monkeypatch.setenv("RESEAU_EXCHANGE", str(exchange))
    monkeypatch.setenv("RESEAU_WORKSPACE", str(ws))
    ag.generate_exercises(release, workspace=ws, only=[QUIZ])
    ag.run_nbgrader(["release_assignment", QUIZ, "--force"], workspace=ws, release=release, quiet=True)
    # what deploy/hub/jupyterhub_config.py writes for every participant's server
    config = lab_server.root / "nbgrader_config.py"
    config.write_text("c = get_config()\nc.CourseDirectory.course_id = 'reseau'\n"
                      f"c.Exchange.root = {str(exchange)!r}\n", encoding="utf-8")
    try:
        yield exchange
    finally:
        config.unlink()
        shutil.rmtree(lab_server.root / QUIZ, ignore_errors=True)


def trainer(*args: str) -> str:
    """One of the trainer's commands (python -m reseau.autograde ...), in the test's workspace and exchange."""
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")
    proc = subprocess.run([sys.executable, "-m", "reseau.autograde", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, f"{args}: {proc.stdout}\n{proc.stderr}"
    return proc.stdout


def french_local_time(stamp: str) -> str:
    """nbgrader's "2026-12-06 05:31:14.123456 UTC" as the panel must show it in Paris: « 6 décembre à 06:31 »."""
    moment = datetime.strptime(stamp.strip(), "%Y-%m-%d %H:%M:%S.%f %Z").replace(tzinfo=ZoneInfo("UTC"))
    local = moment.astimezone(ZoneInfo(ZONE))
    return f"{local.day} {MONTHS[local.month - 1]} à {local:%H:%M}"


@pytest.fixture
def paris_page(browser, lab_server, request):
    """A tab of the learner's JupyterLab in a browser whose clock is in Paris."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="fr-FR", timezone_id=ZONE)
    context.set_default_timeout(30_000)
    tab = context.new_page()
    errors: list[str] = []
    request.node.reseau_page_errors = errors
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        yield tab
    finally:
        context.close()
        try:
            lab_server.shutdown_kernels()
        except Exception:  # noqa: BLE001 - best effort
            pass


def open_panel(page):
    page.keyboard.press("Escape")
    jlab.menu(page, "Exercices", "Mes quiz et exercices")
    panel = page.locator("#reseau-exercices")
    panel.wait_for(state="visible")
    return panel


def test_the_server_answers_in_json_and_refuses_in_french(lab_server, classroom):
    """The learner's server (started as `make lab`) serves reseau.panel: states, and a refusal with its status."""
    import json
    import urllib.error
    import urllib.request

    states = lab_server.api("GET", "/reseau/exercices")
    assert states["cours"] == "reseau" and states["erreur"] is None
    assert [(e["id"], e["titre"], e["libelle"]) for e in states["exercices"]] == [(QUIZ, TITLE, "à recevoir")]
    request = urllib.request.Request(f"{lab_server.url}/reseau/exercices/{QUIZ}/rendre", method="POST", data=b"",
                                     headers={"Authorization": f"token {lab_server.token}"})
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(request, timeout=10)
    assert err.value.code == 409
    assert json.loads(err.value.read()) == {"erreur": f"Recevez d'abord « {TITLE} » avant de le rendre."}


@pytest.mark.bac_a_sable  # the trainer's autograde runs the copy in the sandbox
def test_receive_open_hand_in_and_see_the_grade_in_the_french_panel(paris_page, lab_server, classroom, screenshot):
    page, exchange = paris_page, classroom
    page.goto(f"{lab_server.url}/lab?reset&token={lab_server.token}")
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile("^Exercices$")).wait_for()
    panel = open_panel(page)
    row = panel.locator(f'.reseau-exercice[data-exercice="{QUIZ}"]')
    row.wait_for()
    assert row.locator(".reseau-exercice-titre").inner_text() == TITLE
    assert row.locator(".reseau-exercice-etat").inner_text() == "à recevoir"
    assert row.locator("button").all_inner_texts() == ["Recevoir"]

    # « Recevoir »: nbgrader fetch, into the folder the learner's JupyterLab serves
    row.get_by_role("button", name="Recevoir").click()
    row.locator(".reseau-exercice-etat", has_text=re.compile("^en cours$")).wait_for()
    assert row.locator("button").all_inner_texts() == ["Ouvrir", "Rendre"]
    assert row.locator("button.jp-mod-accept").all_inner_texts() == ["Rendre"]  # the next step stands out
    assert (lab_server.root / NOTEBOOK).is_file()

    # « Ouvrir »: the notebook itself
    row.get_by_role("button", name="Ouvrir").click()
    page.locator(".jp-NotebookPanel .jp-Notebook .jp-Cell").first.wait_for()
    jlab.kernel_ready(page, lab_server, NOTEBOOK)
    # opened beside the panel, which stays in sight with its « Rendre » (once, it opened over it, in a tab)
    assert "quiz_choisir_son_reseau.ipynb" in page.locator(".lm-TabBar-tab.jp-mod-current").all_inner_texts()
    assert row.get_by_role("button", name="Rendre").is_visible()
    for index, source in ANSWERS.items():
        jlab.fill_cell(page, index, source)
    jlab.save(page)
    jlab.fill_cell(page, *UNSAVED)
    assert page.locator(".lm-TabBar-tab.jp-mod-current.jp-mod-dirty").count() == 1  # not saved yet

    # « Rendre »: saves the open notebook, then nbgrader submit
    panel = open_panel(page)
    row.get_by_role("button", name="Rendre").click()
    row.locator(".reseau-exercice-etat", has_text=re.compile("^rendu$")).wait_for(timeout=60_000)
    submitted = sorted((exchange / "reseau" / "inbound").glob(f"*+{QUIZ}+*"))
    assert len(submitted) == 1
    assert "reponse_5 = B" in (submitted[0] / "quiz_choisir_son_reseau.ipynb").read_text(encoding="utf-8")
    stamp = (submitted[0] / "timestamp.txt").read_text(encoding="utf-8")
    date = row.locator(".reseau-exercice-date").inner_text()
    assert date == f"rendu le {french_local_time(stamp)}", (date, stamp)
    assert row.locator("button").all_inner_texts() == ["Ouvrir", "Rendre"]  # no « Voir mon retour » yet
    assert row.locator("button.jp-mod-accept").count() == 0  # nothing to do but wait
    assert row.locator(".reseau-exercice-attente").inner_text() == "correction en cours…"
    message = panel.locator(".reseau-exercices-message")
    assert message.inner_text() == (f"« {TITLE} » est rendu le {french_local_time(stamp)} ; "
                                    "votre note s’affichera ici dès qu’il sera corrigé.")
    screenshot(page, "panneau_exercices_rendu")

    # the trainer's cycle; the panel shows the grade by itself (no click, no reload)
    assert "collecté" in trainer("collect")
    trainer("autograde")
    trainer("feedback")
    started = time.monotonic()
    row.locator(".reseau-exercice-etat", has_text=EXPECTED).wait_for(timeout=20_000)
    waited = time.monotonic() - started
    assert waited < 15, f"le panneau a mis {waited:.0f} s à montrer la note"
    assert row.locator(".reseau-exercice-etat").inner_text() == EXPECTED
    assert row.locator("button").all_inner_texts() == ["Ouvrir", "Rendre", "Voir mon retour"]
    assert message.inner_text() == ""  # « … s’affichera ici » is over
    assert row.locator("button.jp-mod-accept").all_inner_texts() == ["Voir mon retour"]
    text = panel.inner_text()
    for word in ENGLISH:
        assert word not in text, f"« {word} » dans le panneau :\n{text}"
    assert not re.search(r"\d\d:\d\d:\d\d", text), text  # no seconds, no microseconds
    screenshot(page, "panneau_exercices_corrige")

    # « Voir mon retour »: nbgrader fetch_feedback, then the page in JupyterLab's HTML viewer
    row.get_by_role("button", name="Voir mon retour").click()
    viewer = page.locator(".jp-HTMLViewer iframe")
    viewer.wait_for(timeout=30_000)
    # no « Faire confiance au HTML » offered to a participant: the page has no script to trust
    assert page.locator(".jp-HTMLViewer .jp-Toolbar").first.is_hidden()
    fetched = list((lab_server.root / QUIZ / "feedback").glob("*/quiz_choisir_son_reseau.html"))
    assert len(fetched) == 1 and fetched[0].parent.name == stamp
    assert page.locator(".lm-TabBar-tab.jp-mod-current").inner_text().strip() == "quiz_choisir_son_reseau.html"
    html = fetched[0].read_text(encoding="utf-8")
    meta = re.search(r'<meta name="reseau-points" content="([0-9.]+)"', html)
    assert (meta and float(meta.group(1)) == 4) or "Score: 4.0 / 6.0" in html
    # the page shown (its iframe fills in after the tab opens) says 4 / 6
    frame = page.frame_locator(".jp-HTMLViewer iframe")
    frame.get_by_text(re.compile(r"4(?:[.,]0)?\s*/\s*6")).first.wait_for(timeout=30_000)
    screenshot(page, "panneau_exercices_retour")
