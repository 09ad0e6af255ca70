"""« Me noter » in the learner's JupyterLab: the full French result of a quiz, beside « Vérifier mes réponses ».

The learner answers the module 1 quiz as in test_quiz_validate.py: Q1 « E » (not a choice), Q2 « A »
(wrong: the answer is C), Q3 to Q6 right.  Worked out by hand: 4 points of 6.  « Me noter » saves the
notebook, grades it with the hidden tests (the self-check) and shows the grade, each question with its
points, and under the two lost ones the reason: the form expected for Q1, the right answer and its source
for Q2 (as the trainer's feedback gives them).  On the classroom server (JupyterHub's variables set by its
spawner) the button is not there: the grade comes when the notebook is handed in.
"""

from __future__ import annotations

import os

import pytest

from . import jlab
from .test_exercise_validate import _no_traceback
from .test_quiz_validate import QUIZ, TYPED, _answer_cells


def test_me_noter_gives_the_grade_and_each_reason(page, lab_server, screenshot):
    cells = _answer_cells()
    jlab.open_notebook(page, lab_server, QUIZ)
    try:
        toolbar = page.locator(".jp-NotebookPanel-toolbar")
        check = toolbar.locator(".reseau-verifier-button")
        grade = toolbar.locator(".reseau-me-noter-button")
        grade.wait_for(state="visible", timeout=30_000)
        assert check.inner_text().strip() == "Vérifier mes réponses"
        assert grade.inner_text().strip() == "Me noter"
        # beside each other: « Me noter » is the next toolbar item
        assert page.evaluate("""() => {
            const a = document.querySelector('.jp-NotebookPanel-toolbar .reseau-verifier-button').closest('.jp-Toolbar-item');
            return a.nextElementSibling.querySelector('.reseau-me-noter-button') !== null;
        }""")
        for grade_id, index in cells.items():
            jlab.fill_cell(page, index, TYPED[grade_id])
        grade.click()
        dialog = page.locator(".jp-Dialog").filter(has=page.locator(".reseau-note"))
        dialog.wait_for(state="visible", timeout=300_000)
        shown = dialog.inner_text()
        _no_traceback(shown)
        assert dialog.locator(".jp-Dialog-header").inner_text().strip() == "Votre note : 4 / 6"
        questions = dialog.locator(".reseau-note-question")
        assert questions.count() == 6, shown
        titles = [questions.nth(k).locator(".reseau-verification-question").inner_text() for k in range(6)]
        assert all(t.startswith(f"Question {k + 1} : ") for k, t in enumerate(titles)), titles
        points = [questions.nth(k).locator(".reseau-note-points").inner_text().strip() for k in range(6)]
        assert points == ["0 / 1", "0 / 1", "1 / 1", "1 / 1", "1 / 1", "1 / 1"]
        lost = dialog.locator(".reseau-note-perdue")
        assert lost.count() == 2
        first = lost.nth(0).locator(".reseau-verification-message").inner_text()
        assert "Question 1 : répondez par une seule lettre parmi A, B, C ou D" in first, first
        second = lost.nth(1).locator(".reseau-verification-message").inner_text()
        assert "Question 2 : la bonne réponse est C." in second and "ne distribue pas de subventions" in second
        assert "Source : texte de référence, premier paragraphe" in second
        assert dialog.locator(".reseau-verification-message").count() == 2  # right answers: no reason
        screenshot(page, "me_noter_quiz_01")
        jlab.close_dialog(page)
    except BaseException:
        screenshot(page, "me_noter-echec")
        raise


@pytest.fixture(scope="module")
def classroom_lab():
    """The learner's JupyterLab as the classroom server's spawner starts it: JupyterHub's variables set."""
    from .conftest import LEARNER_CONFIG, _require_chromium, _start_lab

    _require_chromium()
    os.environ["JUPYTERHUB_USER"] = "marie"  # _start_lab passes the environment on to the server
    try:
        servers = _start_lab(LEARNER_CONFIG, "reseau-lab-classe-")
        server = next(servers)
    finally:
        del os.environ["JUPYTERHUB_USER"]
    yield server
    next(servers, None)


def test_me_noter_is_hidden_on_the_classroom_server(browser, classroom_lab, request):
    from .conftest import _tab

    for page in _tab(browser, classroom_lab, request):
        jlab.open_notebook(page, classroom_lab, QUIZ)
        toolbar = page.locator(".jp-NotebookPanel-toolbar")
        toolbar.locator(".reseau-verifier-button").wait_for(state="visible", timeout=30_000)
        page.wait_for_timeout(2000)  # the button would show once the server has answered
        assert not toolbar.locator(".reseau-me-noter-button").is_visible()
        assert classroom_lab.api("GET", "/reseau/me-noter") == {"disponible": False}
