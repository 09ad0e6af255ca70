"""A quiz answered in the learner's JupyterLab and checked with « Vérifier mes réponses ».

The learner types letters and numbers in the one-line answer cells of the module 1 quiz
(exercises/01_quiz_choisir_son_reseau), one of them not among the choices: the French dialog
names that question and says what form is expected, without a traceback and without telling
whether any answer is right (a wrong but well-formed answer passes: the button checks the form
only; the answers are checked at grading).  Corrected, every check passes.
"""

from __future__ import annotations

from pathlib import Path

import nbformat

from reseau.verification import AFTER_SUCCESS, FORM_TITLE, TITLE

from . import jlab
from .test_exercise_validate import _no_traceback

ROOT = Path(__file__).resolve().parents[2]
QUIZ = "exercises/01_quiz_choisir_son_reseau/quiz_choisir_son_reseau.ipynb"
#: Q1 E is not a choice; Q2 A is wrong (C) but well formed; the others are right, in the forms a learner types.
TYPED = {"reponse_1": "reponse_1 = E", "reponse_2": "reponse_2 = A", "reponse_3": "reponse_3 = D",
         "reponse_4": 'reponse_4 = "c"', "reponse_5": "reponse_5 = b", "reponse_6": "reponse_6 = A"}


def _answer_cells() -> dict[str, int]:
    nb = nbformat.read(ROOT / QUIZ, as_version=4)
    return {c.metadata["nbgrader"]["grade_id"]: i for i, c in enumerate(nb.cells)
            if c.metadata.get("nbgrader", {}).get("solution")}


def test_quiz_form_check_in_the_browser(page, lab_server, screenshot):
    cells = _answer_cells()
    assert set(cells) == set(TYPED)
    jlab.open_notebook(page, lab_server, QUIZ)
    try:
        title = page.locator(".jp-Notebook .jp-MarkdownOutput h1").first
        assert title.inner_text().startswith("Quiz du module 1")
        for grade_id, index in cells.items():
            jlab.fill_cell(page, index, TYPED[grade_id])
        dialog = jlab.check_answers(page)
        shown = dialog.inner_text()
        _no_traceback(shown)
        assert dialog.locator(".jp-Dialog-header").inner_text().strip() == TITLE[False]
        failures = dialog.locator(".reseau-verification-echec")
        assert failures.count() == 1, shown
        assert failures.first.locator(".reseau-verification-question").inner_text().strip() == "Question 1"
        message = failures.first.locator(".reseau-verification-message").inner_text()
        assert "Question 1 : répondez par une seule lettre parmi A, B, C ou D" in message, message
        assert "bonne réponse" not in shown and "Source" not in shown
        assert dialog.locator(".reseau-verification-resume").inner_text().strip() == (
            "5 vérifications réussies sur 6 ; à revoir :")
        screenshot(page, "quiz_01_forme_a_revoir")
        jlab.close_dialog(page)

        jlab.fill_cell(page, cells["reponse_1"], "reponse_1 = B")
        dialog = jlab.check_answers(page)
        # all six answers well written: never « right », the grade comes when the quiz is handed in
        assert dialog.locator(".jp-Dialog-header").inner_text().strip() == FORM_TITLE
        assert dialog.locator(".reseau-verification-resume").inner_text().strip() == (
            "Vos 6 réponses sont bien écrites. " + AFTER_SUCCESS["quiz"])
        screenshot(page, "quiz_01_forme_correcte")
        jlab.close_dialog(page)
    except BaseException:
        screenshot(page, "quiz_01-echec")
        raise
