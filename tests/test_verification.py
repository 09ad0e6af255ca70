"""The French answer check (reseau.verification): nbgrader's validator result, told in French."""

from __future__ import annotations

from pathlib import Path

import nbformat

from reseau.verification import NO_RESPONSE, PARTIAL, TITLE, TITLE_IMPOSSIBLE, error_message, french_report, verify

ROOT = Path(__file__).resolve().parents[1]
EXERCISE = ROOT / "exercises" / "06_force_des_liens" / "force_des_liens.ipynb"
RED, RESET = "\x1b[0;31m", "\x1b[0m"
TRACEBACK_MARKS = ("Traceback", "AssertionError", "---->", "File \"", "Error:")


def _traceback(ename: str, evalue: str) -> str:
    """An IPython traceback as nbgrader's validator passes it on (raw_error: ANSI colours included)."""
    return "\n".join([
        f"{RED}---------------------------------------------------------------------------{RESET}",
        f"{RED}{ename}{RESET}                            Traceback (most recent call last)",
        "Cell In[4], line 5",
        f"{RED}---->{RESET} 5 check_real(tie_strength(4, 4, 4, 4), 1.0)",
        f"{RED}{ename}{RESET}: {evalue}",
    ])


def _notebook() -> dict:
    md = lambda text: {"cell_type": "markdown", "metadata": {}, "source": text}  # noqa: E731
    code = lambda text, grade: {"cell_type": "code", "metadata": {"nbgrader": {"grade": grade}},  # noqa: E731
                                "source": text, "outputs": []}
    return {"cells": [
        md("# Exercice"),
        md("## Question 1 : la force\n\nTexte."),
        code("def f(): ...", False),
        code('"""La force vaut 1 en haut."""\nassert f() == 1, "f() doit valoir 1."', True),
        md("Une remarque, sans titre."),
        code('"""La force est une moyenne."""\nassert f() == 2', True),
        md("## Question 2 : la classe"),
        code("assert g()", True),
    ]}


def _failed(nb: dict, index: int, raw_error: str) -> dict:
    return {"source": nb["cells"][index]["source"].strip(), "error": "<html>", "raw_error": raw_error}


def _no_traceback(report: dict) -> None:
    text = repr(report)
    for mark in TRACEBACK_MARKS:
        assert mark not in text, (mark, text)


def test_assertion_message_is_kept_whole_without_the_traceback():
    message = "tie_strength(4, 4, 4, 4) n'a pas la valeur attendue.\nLa force doit rester entre 0 et 1."
    assert error_message(_traceback("AssertionError", message)) == message


def test_usual_python_errors_get_a_french_sentence():
    assert "« scored » n'existe pas" in error_message(_traceback("NameError", "name 'scored' is not defined"))
    assert "Vous n'avez pas encore répondu" in error_message(
        _traceback("NotImplementedError", "Remplacez ces deux lignes par votre réponse."))
    other = error_message(_traceback("TypeError", "unsupported operand type(s)"))
    assert other.startswith("Votre réponse provoque une erreur Python") and "TypeError : unsupported" in other
    assert error_message("You did not provide a response.") == NO_RESPONSE
    assert error_message("Partial credit; passed some but not all of the tests") == PARTIAL
    assert error_message(_traceback("AssertionError", "")) == "Cette vérification a échoué (sans message)."


def test_report_of_a_passing_notebook():
    report = french_report(_notebook(), {"success": True, "value": {}})
    assert report == {"total": 3, "reussies": 3, "echecs": [], "reussi": True, "titre": "Vérifications de base réussies",
                      "resume": "Les 3 vérifications de base sont réussies. Elles ne disent pas tout : d'autres "
                                "vérifications, cachées, essaieront votre travail sur d'autres données quand vous "
                                "rendrez le carnet (ou à la correction du formateur) ; votre note viendra alors."}


def test_a_quiz_whose_answers_are_well_written_is_never_told_they_are_right():
    """A quiz's visible checks look at the form only (a letter among those offered): the dialog says the answers
    are well written and that the grade comes when the quiz is handed in, never that they are right."""
    nb = {"cells": [
        {"cell_type": "markdown", "source": "## Question 1", "metadata": {}},
        {"cell_type": "code", "source": "reponse_1 = A", "metadata": {"nbgrader": {"solution": True}}},
        {"cell_type": "code", "source": "from reseau.quiz import letter\nletter(reponse_1, 1, \"ABCD\")",
         "metadata": {"nbgrader": {"grade": True, "points": 1}}},
        {"cell_type": "code", "source": "reponse_2 = B", "metadata": {"nbgrader": {"solution": True}}},
        {"cell_type": "code", "source": "from reseau.quiz import letter\nletter(reponse_2, 2, \"ABC\")",
         "metadata": {"nbgrader": {"grade": True, "points": 1}}}]}
    report = french_report(nb, {"success": True, "value": {}})
    assert report["reussi"] and report["titre"] == "Vos réponses sont bien écrites"
    assert report["resume"] == ("Vos 2 réponses sont bien écrites. Cette vérification ne dit pas si elles sont "
                                "justes : votre note viendra quand vous rendrez le quiz (ou à la correction du "
                                "formateur).")
    for words in ("justes.", "correctes", "réussi", "bonnes réponses"):
        assert words not in report["titre"] + report["resume"].replace("ne dit pas si elles sont justes", "")
    satisfaction = {"cells": [{"cell_type": "code", "source": "from reseau.quiz import rating\nrating(note_1, 1)",
                               "metadata": {"nbgrader": {"grade": True, "points": 0}}}]}
    assert french_report(satisfaction, {"success": True, "value": {}})["resume"] == (
        "Votre réponse est bien écrite. Vous pouvez rendre le questionnaire.")


def test_report_names_the_question_the_check_and_its_french_message():
    nb = _notebook()
    value = {"failed": [_failed(nb, 3, _traceback("AssertionError", "f() doit valoir 1.")),
                        _failed(nb, 5, _traceback("AssertionError", "")),
                        _failed(nb, 7, _traceback("NameError", "name 'g' is not defined"))]}
    report = french_report(nb, {"success": True, "value": value})
    assert (report["reussi"], report["titre"], report["reussies"], report["total"]) == (False, TITLE[False], 0, 3)
    assert report["resume"] == "0 vérification réussie sur 3 ; à revoir :"
    assert [e["question"] for e in report["echecs"]] == ["Question 1 : la force", "Question 1 : la force",
                                                         "Question 2 : la classe"]
    assert [e["verification"] for e in report["echecs"]] == ["La force vaut 1 en haut.", "La force est une moyenne.",
                                                             ""]
    assert report["echecs"][0]["message"] == "f() doit valoir 1."
    assert "« g » n'existe pas" in report["echecs"][2]["message"]
    _no_traceback(report)


def test_report_when_a_check_cell_was_changed_or_validation_crashed():
    nb = _notebook()
    changed = french_report(nb, {"success": True, "value": {"changed": [{"source": nb["cells"][3]["source"]}]}})
    assert changed["titre"] == TITLE_IMPOSSIBLE and not changed["reussi"]
    assert changed["echecs"][0]["question"] == "Question 1 : la force"
    assert changed["resume"] == "1 cellule de l'exercice, qui ne devait pas changer, a été modifiée."
    typed = french_report(nb, {"success": True, "value": {"type_changed": [{"source": "x"}, {"source": "y"}]}})
    assert typed["titre"] == TITLE_IMPOSSIBLE and "2 cellules" in typed["resume"]
    crash = french_report(nb, {"success": False, "value": 'Traceback (most recent call last):\n  File "x"\nKeyError'})
    assert crash["titre"] == TITLE_IMPOSSIBLE and "prévenez votre formateur" in crash["resume"]
    _no_traceback(crash)


def test_verify_runs_nbgrader_validator_on_an_untouched_exercise(tmp_path):
    """Every visible check of a fresh exercise fails, each with a French message and its question."""
    copy = tmp_path / EXERCISE.name
    copy.write_bytes(EXERCISE.read_bytes())
    report = verify(copy)
    nb = nbformat.read(EXERCISE, as_version=4)
    checks = [c for c in nb.cells if c.cell_type == "code" and c.metadata.get("nbgrader", {}).get("grade")]
    assert (report["total"], report["reussies"], len(report["echecs"])) == (len(checks), 0, len(checks))
    assert all(e["question"].startswith("Question ") and e["message"] for e in report["echecs"])
    _no_traceback(report)
