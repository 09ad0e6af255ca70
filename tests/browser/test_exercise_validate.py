"""An exercise checked with the French « Vérifier mes réponses » button, in the learner's JupyterLab.

The learner's version (exercises/06_force_des_liens) is opened from the server's temporary
copy; every answer cell is filled with the correct answer taken from the solutions notebook
(the nbgrader source, markers removed), as a learner pasting code would; the French check
must say every check passes.  Then one answer is made wrong (the mean of the ratings not
divided by 4 again): the French dialog must name the question and show the French message
of the failed check, without any Python traceback, and list exactly the cells nbgrader's
own validator finds failing on the same saved notebook.  nbgrader's English Validate button
is not there for a learner.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbgrader.validator import Validator

from reseau.verification import AFTER_SUCCESS, TITLE

from . import jlab

ROOT = Path(__file__).resolve().parents[2]
EXERCISE = "exercises/06_force_des_liens/force_des_liens.ipynb"
SOLUTION = ROOT / "solutions" / "06_force_des_liens" / "force_des_liens.ipynb"
#: The wrong answer (a strength up to 4, not 1) and the French hint its visible test shows.
RIGHT, WRONG = "/ 4 / 4", "/ 4"
FAILING_TEST = "test_tie_strength_bounds"
FRENCH_HINT = "La force doit rester entre 0 et 1 : avez-vous divisé la moyenne par 4 ?"
QUESTION = "Question 1 : la force d'un lien (3 points)"
MARKERS = {"### BEGIN SOLUTION", "### END SOLUTION"}
#: What a raw Python traceback looks like; none of it may reach the learner's dialog.
TRACEBACK_MARKS = ("Traceback", "AssertionError", "---->", "File \"")


def _grade_id(cell) -> str | None:
    return cell.metadata.get("nbgrader", {}).get("grade_id")


def answers() -> dict[str, str]:
    """grade_id -> the correct code of each answer cell, from the solutions notebook."""
    nb = nbformat.read(SOLUTION, as_version=4)
    return {
        _grade_id(cell): "\n".join(line for line in cell.source.splitlines() if line.strip() not in MARKERS)
        for cell in nb.cells
        if cell.cell_type == "code" and cell.metadata.get("nbgrader", {}).get("solution")
    }


def answer_cells() -> dict[str, int]:
    """grade_id -> index of each answer cell in the learner's notebook."""
    nb = nbformat.read(ROOT / EXERCISE, as_version=4)
    return {_grade_id(cell): i for i, cell in enumerate(nb.cells)
            if cell.cell_type == "code" and cell.metadata.get("nbgrader", {}).get("solution")}


def visible_checks() -> int:
    nb = nbformat.read(ROOT / EXERCISE, as_version=4)
    return sum(1 for c in nb.cells if c.cell_type == "code" and c.metadata.get("nbgrader", {}).get("grade"))


def test_the_wrong_answer_is_caught_by_a_visible_test_with_a_french_hint():
    nb = nbformat.read(ROOT / EXERCISE, as_version=4)
    test_cell = next(c for c in nb.cells if _grade_id(c) == FAILING_TEST)
    assert FRENCH_HINT in test_cell.source
    assert RIGHT in answers()["tie_strength"]


def _no_traceback(text: str) -> None:
    for mark in TRACEBACK_MARKS:
        assert mark not in text, f"le dialogue montre une trace Python ({mark!r}) :\n{text}"


def test_french_check_passes_right_answers_and_explains_a_wrong_one_in_french(page, lab_server, screenshot):
    right = answers()
    cells = answer_cells()
    assert set(right) == set(cells) and cells
    total = visible_checks()
    jlab.open_notebook(page, lab_server, EXERCISE)
    try:
        assert page.locator(".jp-Notebook .jp-Cell").count() == len(
            nbformat.read(ROOT / EXERCISE, as_version=4).cells)
        title = page.locator(".jp-Notebook .jp-MarkdownOutput h1").first
        assert title.inner_text().startswith("Exercice du module 3"), "le titre de l'exercice ne s'affiche pas en titre"
        # nbgrader's English Validate button is disabled for learners; the French one replaces it
        assert page.locator(".jp-NotebookPanel-toolbar .validate-button").count() == 0
        for grade_id, index in cells.items():
            jlab.fill_cell(page, index, right[grade_id])

        dialog = jlab.check_answers(page)
        assert dialog.locator(".jp-Dialog-header").inner_text().strip() == TITLE[True]
        assert dialog.locator(".reseau-verification-resume").inner_text().strip() == (
            f"Les {total} vérifications de base sont réussies. " + AFTER_SUCCESS["exercice"])
        assert dialog.locator(".reseau-verification-echec").count() == 0
        assert dialog.locator(".jp-Dialog-button.jp-mod-accept").inner_text().strip() == "Fermer"
        screenshot(page, "exercice_01_verification_reussie")
        jlab.close_dialog(page)

        jlab.fill_cell(page, cells["tie_strength"], right["tie_strength"].replace(RIGHT, WRONG))
        dialog = jlab.check_answers(page)
        shown = dialog.inner_text()
        _no_traceback(shown)
        assert dialog.locator(".jp-Dialog-header").inner_text().strip() == TITLE[False]
        failures = dialog.locator(".reseau-verification-echec")
        first = failures.first
        assert first.locator(".reseau-verification-question").inner_text().strip() == QUESTION
        message = first.locator(".reseau-verification-message").inner_text()
        assert "tie_strength(4, 4, 4, 4) n'a pas la valeur attendue." in message, message
        assert FRENCH_HINT in message, message
        # the same verdict as nbgrader's validator on the notebook the button saved
        failed = Validator().validate(str(lab_server.root / EXERCISE)).get("failed", [])
        assert failed and failures.count() == len(failed), shown
        assert dialog.locator(".reseau-verification-resume").inner_text().strip() == (
            f"{total - len(failed)} vérifications réussies sur {total} ; à revoir :")
        screenshot(page, "exercice_01_verification_echec")
        jlab.close_dialog(page)
    except BaseException:
        screenshot(page, "exercice_01-echec")
        raise
