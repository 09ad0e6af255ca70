"""Checks for the no-code quizzes (one per module): answers are a letter or a number.

A quiz question is three cells in its nbgrader source (`sources/solutions/NN_quiz_*/`):
- the question (Markdown) and its choices, saying exactly what to type;
- the answer cell, a solution cell whose released form is the placeholder line `reponse_3 = ...`
  (`reseau.autograde.stubs` removes the solution region after such a line instead of stubbing it);
- a test cell: the visible part checks only the form (`letter` / `number`), which is all the
  « Vérifier mes réponses » button shows; the hidden part (`### BEGIN HIDDEN TESTS`) checks the answer
  with `expect`, whose French explanation, with its source, is what the feedback shows for a wrong answer.

The letters A to F are names here so that a learner may type `reponse_1 = B` without quotes (the setup
cell imports them, lower case too); `"B"` works as well.
"""

from __future__ import annotations

import math
import re
from typing import Any

__all__ = ["A", "B", "C", "D", "E", "F", "a", "b", "c", "d", "e", "f", "letter", "number", "expect", "rating", "comment"]

A, B, C, D, E, F = "A", "B", "C", "D", "E", "F"
a, b, c, d, e, f = A, B, C, D, E, F

_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")


def _not_answered(value: Any, question: int, what: str) -> str | None:
    # no example value here: it could be read as a hint for this very question
    if value is Ellipsis or value is None:
        return (f"Question {question} : pas encore de réponse. Dans la ligne reponse_{question} = ..., remplacez "
                f"les trois points par {what}, puis exécutez la cellule.")
    return None


def _as_letter(value: Any) -> str | None:
    if type(value) is str and len(value.strip()) == 1 and value.strip().isalpha():
        return value.strip().upper()
    return None


def _as_number(value: Any) -> float | None:
    if type(value) in (int, float) and not (type(value) is float and not math.isfinite(value)):
        return float(value)
    if type(value) is str and _NUMBER.match(value.strip()):
        return float(value.strip().replace(",", "."))
    return None


def letter(value: Any, question: int, choices: str = "ABCD") -> None:
    """The form check: the answer to `question` is one letter among `choices` (case and quotes ignored)."""
    listed = ", ".join(choices[:-1]) + " ou " + choices[-1]
    message = _not_answered(value, question, f"une lettre parmi {listed}")
    if message is None and _as_letter(value) not in set(choices):
        message = (f"Question {question} : répondez par une seule lettre parmi {listed}, sans autre texte ; "
                   f"vous avez écrit {value!r}.")
    assert message is None, message


def number(value: Any, question: int) -> None:
    """The form check: the answer to `question` is a number (a whole number or a decimal)."""
    message = _not_answered(value, question, "un nombre")
    if message is None and type(value) is tuple and len(value) == 2 and all(type(v) is int for v in value):
        message = (f"Question {question} : pour un nombre décimal, écrivez un point et non une virgule "
                   f"(par exemple : reponse_{question} = {value[0]}.{value[1]}).")
    if message is None and _as_number(value) is None:
        message = (f"Question {question} : répondez par un nombre, sans unité ni guillemets ; "
                   f"vous avez écrit {value!r}.")
    assert message is None, message


def expect(value: Any, expected: str | float, question: int, explanation: str) -> None:
    """The hidden check: the answer is `expected`; otherwise the feedback gives it with `explanation`."""
    if isinstance(expected, str):
        right = _as_letter(value) == expected
        shown = expected
    else:
        got = _as_number(value)
        right = got is not None and math.isclose(got, float(expected), rel_tol=1e-9, abs_tol=1e-9)
        shown = f"{expected:g}".replace(".", ",")
    assert right, f"Question {question} : la bonne réponse est {shown}. {explanation}"


def rating(value: Any, question: int, name: str = "note") -> None:
    """The satisfaction questionnaire's form check: a whole number from 1 (pas du tout d'accord) to 5."""
    if value is Ellipsis or value is None:
        message = (f"Question {question} : pas encore de réponse. Remplacez les trois points par une note de 1 à 5, "
                   f"par exemple : {name}_{question} = 4")
    elif type(value) is int and 1 <= value <= 5:
        return
    else:
        message = (f"Question {question} : donnez une note entière de 1 (pas du tout d'accord) à 5 (tout à fait "
                   f"d'accord), par exemple : {name}_{question} = 4 ; vous avez écrit {value!r}.")
    raise AssertionError(message)


def comment(value: Any, name: str) -> None:
    """A free-text answer: a text between quotes (an empty text "" is allowed: nothing to say)."""
    if value is Ellipsis or value is None:
        raise AssertionError(f"{name} : pas encore de réponse. Écrivez votre texte entre guillemets, par exemple : "
                             f'{name} = "Les exemples concrets" (ou {name} = "" si vous n\'avez rien à ajouter).')
    if type(value) is not str:
        raise AssertionError(f'{name} : écrivez votre texte entre guillemets, par exemple : {name} = "Les exemples '
                             f'concrets" ; vous avez écrit {value!r}.')
