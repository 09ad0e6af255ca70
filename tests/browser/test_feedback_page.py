"""The French feedback page in Chromium: it shows the grade and the reasons, and asks nothing of any server.

Built by `reseau.autograde.retour.feedback_page` (what `make feedback` and the classroom's grading service
write) for a copy of exercise 06 with two questions lost, opened from a file with every request refused:
nothing is requested (no script, font, style or MathJax from outside), and what is seen is French.
"""

from __future__ import annotations

import json

from reseau.autograde.gradebook import CellScore
from reseau.autograde.retour import feedback_page

A1 = "06_force_des_liens"


def graded_copy(tmp_path):
    """A graded notebook as nbgrader leaves it: two test cells, one with the check's French error."""
    cells = [
        {"cell_type": "markdown", "metadata": {}, "source": "# Exercice du module 3 : mesurer la force de ses liens"},
        {"cell_type": "code", "metadata": {"nbgrader": {"grade": True, "grade_id": "test_bornes", "points": 1}},
         "source": "check()", "outputs": [], "execution_count": 1},
        {"cell_type": "code", "metadata": {"nbgrader": {"grade": True, "grade_id": "test_part", "points": 2}},
         "source": "check()", "execution_count": 2, "outputs": [{
             "output_type": "error", "ename": "AssertionError",
             "evalue": "share_weak n'a pas la valeur attendue. Divisez le nombre de liens faibles par le total.",
             "traceback": ["\x1b[0;31mAssertionError\x1b[0m Traceback (most recent call last)", "..."]}]},
    ]
    path = tmp_path / "force_des_liens.ipynb"
    path.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}), encoding="utf-8")
    return path


def test_the_feedback_page_requests_nothing_and_reads_in_french(browser, tmp_path):
    scores = [CellScore(A1, "emma", "force_des_liens", "test_bornes", 1, 1),
              CellScore(A1, "emma", "force_des_liens", "test_part", 0, 2)]
    labels = {"test_bornes": "La force vaut 0 sans aucune note et 1 notée 4 partout.",
              "test_part": "La part des liens faibles est juste."}
    page_file = tmp_path / "retour.html"
    page_file.write_text(feedback_page(graded_copy(tmp_path), scores, labels, assignment=A1), encoding="utf-8")
    context = browser.new_context(locale="fr-FR")
    requested = []

    def refuse(route):
        if not route.request.url.startswith("file://"):
            requested.append(route.request.url)
            route.abort()
        else:
            route.continue_()

    context.route("**/*", refuse)
    try:
        tab = context.new_page()
        tab.goto(page_file.as_uri())
        text = tab.locator("body").inner_text()
    finally:
        context.close()
    assert requested == []
    assert "Votre retour : Exercice du module 3 : mesurer la force de ses liens" in text
    assert "1 / 3" in text  # 1 point of 1 + 0 of 2
    assert "La part des liens faibles est juste." in text and "0 / 2" in text
    assert "share_weak n'a pas la valeur attendue" in text
    assert "1 question à revoir" in text
    for english in ("Score", "Traceback", "Test cell", "Student", "most recent call"):
        assert english not in text, english
