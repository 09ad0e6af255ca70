"""The session's record: objectives (one source), entry positioning beside end results per objective.

Figures worked out by hand from made-up cell scores.
"""

from __future__ import annotations

from reseau.autograde.gradebook import CellScore
from reseau.autograde.report import _objectives_section, objective_results
from reseau.session import ASSIGNMENT_OBJECTIVES, OBJECTIVES, POSITIONING, SATISFACTION, objectives_of


def _cell(student, assignment, cell, score, max_score=1.0):
    return CellScore(assignment, student, assignment, cell, score, max_score)


def test_every_graded_assignment_evaluates_an_objective_and_every_objective_is_evaluated():
    from reseau.autograde import assignments

    graded = [a for a in assignments() if a not in (POSITIONING, SATISFACTION)]
    assert set(ASSIGNMENT_OBJECTIVES) == set(graded)
    assert {o for objs in ASSIGNMENT_OBJECTIVES.values() for o in objs} == set(OBJECTIVES)
    # four questions per objective, in order: 1-4 O1, 5-8 O2, 9-12 O3, 13-16 O4, 17-20 O5
    assert [objectives_of(POSITIONING, f"test_reponse_{k}") for k in (1, 4, 5, 8, 9, 12, 13, 16, 17, 20)] == [
        ("O1",), ("O1",), ("O2",), ("O2",), ("O3",), ("O3",), ("O4",), ("O4",), ("O5",), ("O5",)]
    assert objectives_of(POSITIONING) == tuple(OBJECTIVES)  # the questionnaire as a whole


def test_entry_and_end_shares_per_objective():
    scores = [
        # Alice at entry: O1 questions 1 to 4 -> 1 of 4 (25 %); O2 questions 5 to 8 -> 3 of 4 (75 %)
        *[_cell("alice", POSITIONING, f"test_reponse_{k}", 1 if k in (2, 5, 6, 8) else 0) for k in range(1, 9)],
        # Alice at the end: quiz 01 (O1) 5 of 6; exercise 04 (O1 and O2) 8 of 10; quiz 02 (O2) 6 of 8
        *[_cell("alice", "01_quiz_choisir_son_reseau", f"test_reponse_{k}", 1 if k <= 5 else 0) for k in range(1, 7)],
        _cell("alice", "04_choisir_un_club", "test_fits_all", 8, 10),
        *[_cell("alice", "02_quiz_temps_et_budget", f"test_reponse_{k}", 1 if k <= 6 else 0) for k in range(1, 9)],
    ]
    results = objective_results(scores)
    # O1 end: (5 + 8) / (6 + 10) = 13 / 16 = 0.8125; O2 end: (8 + 6) / (10 + 8) = 14 / 18 = 0.777…
    assert results["alice"]["O1"] == (0.25, 13 / 16)
    assert results["alice"]["O2"] == (0.75, 14 / 18)
    assert results["alice"]["O3"] == (None, None)
    text = "\n".join(_objectives_section(scores)).replace("\u00a0", " ")
    assert "| alice | 25 % → 81 % | 75 % → 78 % | — → — | — → — | — → — |" in text
    assert f"| O2 | {OBJECTIVES['O2']} | 75 % | 78 % |" in text


def test_satisfaction_summary_reads_the_answers_handed_in(tmp_path):
    """Three questionnaires, worked out by hand: Alice the reference answers (5 4 4 5 3 4 5), Chloé 2, 7 (out of
    range), "4" (a text), the rest blank; Bruno blank.  Statement 1: (5 + 2) / 2 = 3,5; statement 2: Alice's 4 only."""
    import nbformat

    from grading_helpers import learner_notebook, write_submission
    from reseau.autograde.report import _satisfaction_section, satisfaction_summary

    write_submission(tmp_path, "alice", SATISFACTION, learner_notebook(SATISFACTION))
    write_submission(tmp_path, "bruno", SATISFACTION, learner_notebook(SATISFACTION, correct=False))
    chloe = learner_notebook(SATISFACTION, {"note_1": "note_1 = 2", "note_2": "note_2 = 7", "note_3": 'note_3 = "4"',
                                            "ce_que_j_ai_apprecie": 'ce_que_j_ai_apprecie = "Le débat sur les clubs"',
                                            "a_ameliorer": 'a_ameliorer = ""'}, correct=False)
    write_submission(tmp_path, "chloe", SATISFACTION, chloe)
    summary = satisfaction_summary(workspace=tmp_path)
    assert summary["respondents"] == 3
    assert [values for _, values in summary["statements"]] == [[5, 2], [4], [4], [5], [3], [4], [5]]
    assert summary["statements"][0][0].startswith("« Les objectifs de la formation")
    (liked, liked_texts), (better, better_texts) = summary["comments"]
    assert liked_texts == ["Les exemples de clubs et le chercheur de clubs.", "Le débat sur les clubs"]
    assert better_texts == ["Plus de temps pour les exercices."]  # Chloé's empty text is not a comment
    assert summary["left_out"] == ["note_2 = 7", "note_3 = '4'"]
    text = "\n".join(_satisfaction_section(summary)).replace("\u00a0", " ")
    assert "3 questionnaires rendus" in text
    assert "| « Les objectifs de la formation, annoncés au début, ont été atteints. » | 3,5 | 2 |" in text
    assert "- Le débat sur les clubs" in text
    assert "chloe" not in text and "alice" not in text  # anonymous in the report
    nbformat.validate(chloe)


def test_copies_handed_in_untouched_are_not_evaluated(tmp_path):
    """A blank copy (every answer cell as released) says nothing of what its learner knows: the objectives leave it
    out.  Alice: exercise 06 blank, quiz 01 answered; Bruno: quiz 01 blank; Chloé: quiz 01 with one answer."""
    from grading_helpers import learner_notebook, write_submission
    from reseau.autograde.report import blank_copies

    write_submission(tmp_path, "alice", "06_force_des_liens", learner_notebook("06_force_des_liens", correct=False))
    write_submission(tmp_path, "alice", "01_quiz_choisir_son_reseau", learner_notebook("01_quiz_choisir_son_reseau"))
    write_submission(tmp_path, "bruno", "01_quiz_choisir_son_reseau",
                     learner_notebook("01_quiz_choisir_son_reseau", correct=False))
    write_submission(tmp_path, "chloe", "01_quiz_choisir_son_reseau",
                     learner_notebook("01_quiz_choisir_son_reseau", {"reponse_4": "reponse_4 = C"}, correct=False))
    blank = blank_copies(workspace=tmp_path)
    assert blank == {("alice", "06_force_des_liens"), ("bruno", "01_quiz_choisir_son_reseau")}
    scores = [_cell("alice", "06_force_des_liens", "test_scored", 0, 13),
              _cell("alice", "01_quiz_choisir_son_reseau", "test_reponse_1", 1),
              _cell("bruno", "01_quiz_choisir_son_reseau", "test_reponse_1", 0),
              _cell("chloe", "01_quiz_choisir_son_reseau", "test_reponse_4", 1),
              _cell("chloe", "01_quiz_choisir_son_reseau", "test_reponse_1", 0)]
    results = objective_results(scores, blank)
    assert results["alice"]["O3"] == (None, None)   # the blank exercise: not a 0
    assert results["alice"]["O1"] == (None, 1.0)
    assert results["bruno"]["O1"] == (None, None)
    assert results["chloe"]["O1"] == (None, 0.5)    # one answer given: evaluated, 1 of 2
