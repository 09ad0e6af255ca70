"""An exercise checked with nbgrader's Validate button, in JupyterLab in headless Chromium.

The learner's version (exercises/01_force_des_liens) is opened from the server's temporary
copy; every answer cell is filled with the correct answer taken from the solutions notebook
(the nbgrader source, markers removed), as a learner pasting code would; Validate must say
the notebook passes.  Then one answer is made wrong (the mean of the ratings not divided by
4 again): Validate must fail and show the French hint of the failing test cell.
"""

from __future__ import annotations

from pathlib import Path

import nbformat

from . import jlab

ROOT = Path(__file__).resolve().parents[2]
EXERCISE = "exercises/01_force_des_liens/force_des_liens.ipynb"
SOLUTION = ROOT / "solutions" / "01_force_des_liens" / "force_des_liens.ipynb"
#: The wrong answer (a strength up to 4, not 1) and the French hint its visible test shows.
RIGHT, WRONG = "/ 4 / 4", "/ 4"
FAILING_TEST = "test_tie_strength_bounds"
FRENCH_HINT = "La force doit rester entre 0 et 1 : avez-vous divisé la moyenne par 4 ?"
MARKERS = {"### BEGIN SOLUTION", "### END SOLUTION"}


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


def test_the_wrong_answer_is_caught_by_a_visible_test_with_a_french_hint():
    nb = nbformat.read(ROOT / EXERCISE, as_version=4)
    test_cell = next(c for c in nb.cells if _grade_id(c) == FAILING_TEST)
    assert FRENCH_HINT in test_cell.source
    assert RIGHT in answers()["tie_strength"]


def test_validate_button_passes_a_right_answer_and_fails_a_wrong_one_in_french(page, lab_server, screenshot):
    right = answers()
    cells = answer_cells()
    assert set(right) == set(cells) and cells
    jlab.open_notebook(page, lab_server, EXERCISE)
    try:
        assert page.locator(".jp-Notebook .jp-Cell").count() == len(
            nbformat.read(ROOT / EXERCISE, as_version=4).cells)
        title = page.locator(".jp-Notebook .jp-MarkdownOutput h1").first
        assert title.inner_text().startswith("Exercice 1"), "le titre de l'exercice ne s'affiche pas en titre"
        for grade_id, index in cells.items():
            jlab.fill_cell(page, index, right[grade_id])

        dialog = jlab.validate(page)
        message = dialog.locator("#validation-message")
        assert "validation-success" in message.get_attribute("class"), message.inner_text()
        assert "Success! Your notebook passes all the tests." in message.inner_text()
        screenshot(page, "exercice_01_validate_reussi")
        jlab.close_dialog(page)

        jlab.fill_cell(page, cells["tie_strength"], right["tie_strength"].replace(RIGHT, WRONG))
        dialog = jlab.validate(page)
        message = dialog.locator("#validation-message")
        assert "validation-failed" in message.get_attribute("class"), message.inner_text()
        shown = message.inner_text()
        assert "tie_strength(4, 4, 4, 4) n'a pas la valeur attendue." in shown, shown
        assert FRENCH_HINT in shown, shown
        screenshot(page, "exercice_01_validate_echec")
        jlab.close_dialog(page)
    except BaseException:
        screenshot(page, "exercice_01-echec")
        raise
