"""The checks used inside the graded exercises' test cells (reseau.grading)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import reseau.ties
from reseau.grading import (
    check_frame_columns,
    check_int,
    check_learner_function,
    check_real,
    check_text,
    check_text_list,
)
from reseau.ties import tie_strength as imported_alias


def own_tie_strength(frequency, intimacy, emotion, reciprocity):
    return (frequency + intimacy + emotion + reciprocity) / 16


def test_own_function_accepted():
    check_learner_function(own_tie_strength, "tie_strength")


def wraps_module(f, i, e, r):
    return reseau.ties.tie_strength(f, i, e, r)


def wraps_alias(f, i, e, r):
    return imported_alias(f, i, e, r)


def uses_other_library_helper(f, i, e, r):
    # the exercises allow other library helpers (e.g. club_plan in exercise 4)
    return reseau.ties.classify_tie(0.5) and (f + i + e + r) / 16


@pytest.mark.parametrize("obj", [reseau.ties.tie_strength, imported_alias, wraps_module, wraps_alias,
                                 lambda *a: reseau.ties.tie_strength(*a)])
def test_library_function_refused(obj):
    with pytest.raises(AssertionError, match="bibliothèque reseau"):
        check_learner_function(obj, "tie_strength")


def test_rewritten_module_name_refused():
    def sneaky(*a):
        return imported_alias(*a)

    sneaky.__module__ = "__main__"
    with pytest.raises(AssertionError, match="bibliothèque reseau"):
        check_learner_function(sneaky, "tie_strength")


def test_other_library_helpers_allowed():
    check_learner_function(uses_other_library_helper, "tie_strength")


@pytest.mark.parametrize("obj", [3, "tie_strength", int, print])
def test_not_a_function(obj):
    with pytest.raises(AssertionError, match="doit être une fonction"):
        check_learner_function(obj, "tie_strength")


class AlwaysEqual(float):
    def __eq__(self, other):
        return True


class Liar:
    def __eq__(self, other):
        return True


@pytest.mark.parametrize("value", [AlwaysEqual(0.1), Liar(), "0.625", True, None])
def test_check_real_refuses_doctored_or_wrong_types(value):
    with pytest.raises(AssertionError, match="doit être un nombre"):
        check_real(value, 0.625, what="x")


def test_check_real_values():
    check_real(0.625, 10 / 16, what="x")
    check_real(np.float64(0.1 + 0.2), 0.3, what="x")
    check_real(12200.000001, 12200, what="x")  # relative tolerance 1e-6
    with pytest.raises(AssertionError, match="n'a pas la valeur attendue. Divisez"):
        check_real(2.5, 0.625, what="x", hint="Divisez par 4.")
    with pytest.raises(AssertionError, match="NaN"):
        check_real(float("nan"), 0.625, what="x")


_NON_FINITE = [float("inf"), float("-inf"), float("nan"), np.inf, -np.inf, np.nan, np.float32("inf"),
               np.float16("-inf"), np.float32("nan"), pd.Series([1.0, np.inf]).iloc[1],
               pd.DataFrame({"x": [np.nan]})["x"].iloc[0], np.float64(np.inf), float("inf") - float("inf")]


@pytest.mark.parametrize("value", _NON_FINITE)
@pytest.mark.parametrize("expected", [12, 0.625, 0, -3660, 1e300, float("inf"), float("-inf"), float("nan")])
def test_check_real_never_matches_a_non_finite_number(value, expected):
    # inf - inf is NaN and NaN <= x is False, but inf <= inf is True: 3 / 13 came from a function returning inf
    with pytest.raises(AssertionError, match="l'infini|NaN"):
        check_real(value, expected, what="x")


@pytest.mark.parametrize("expected", [float("inf"), float("-inf"), float("nan")])
def test_check_real_finite_value_against_a_non_finite_expected(expected):
    with pytest.raises(AssertionError, match="n'a pas la valeur attendue"):
        check_real(1e308, expected, what="x")


def test_check_real_infinity_message_in_french():
    with pytest.raises(AssertionError, match=r"^break_even\(3660, 0\) vaut l'infini : vérifiez qu'aucun calcul ne "
                                             r"divise par zéro\.$"):
        check_real(float("inf"), 12200, what="break_even(3660, 0)")


@pytest.mark.parametrize("value", [float("inf"), np.float64("-inf"), np.nan])
def test_check_int_refuses_non_finite(value):
    with pytest.raises(AssertionError, match="nombre entier"):
        check_int(value, 11, what="n_strong")


def test_other_checks():
    check_int(np.int64(3), 3, what="n")
    with pytest.raises(AssertionError, match="nombre entier"):
        check_int(3.0, 3, what="n")
    check_text("fort", "fort", what="t")
    with pytest.raises(AssertionError, match="un texte"):
        check_text(Liar(), "fort", what="t")
    check_text_list(["a", "b"], ["a", "b"], what="l")
    with pytest.raises(AssertionError, match="pas dans le bon ordre"):
        check_text_list(["b", "a"], ["a", "b"], what="l")
    check_text_list(["b", "a"], ["a", "b"], what="l", ordered=False)
    with pytest.raises(AssertionError, match="liste de textes"):
        check_text_list(("a", "b"), ["a", "b"], what="l")
    check_frame_columns(pd.DataFrame({"a": [1]}), ["a"], what="df", rows=1)
    with pytest.raises(AssertionError, match="la ou les colonnes : b"):
        check_frame_columns(pd.DataFrame({"a": [1]}), ["a", "b"], what="df")
    with pytest.raises(AssertionError, match="devrait avoir 2 lignes"):
        check_frame_columns(pd.DataFrame({"a": [1]}), ["a"], what="df", rows=2)


def test_text_flags_say_what_the_text_check_cannot_vouch_for():
    from reseau.grading import text_flags

    names = ["tie_strength", "scored", "share_weak"]
    honest = ["import pandas as pd\nfrom reseau.data import load_contacts",
              "def tie_strength(f, i, e, r):\n    total = f + i + e + r\n    return total / 16",
              "contacts = load_contacts()\nscored = contacts.copy()\nscored['strength'] = 0.5\nscored.head()",
              "share_weak = 0.74\nprint(f'{share_weak:.0%}')"]
    assert text_flags(honest, names) == []
    twice = honest + ["def tie_strength(f, i, e, r):\n    return 0.5"]
    assert text_flags(twice, names) == ["« tie_strength » est défini 2 fois dans le carnet"]
    imported_then_defined = ["from reseau.ties import tie_strength", honest[1]]
    assert text_flags(imported_then_defined, names) == ["« tie_strength » est défini 2 fois dans le carnet"]
    nested = ("« scored » est défini ailleurs qu'au premier niveau d'une cellule (dans une fonction, une boucle, une "
              "condition...)")
    assert text_flags(["def _f():\n    global scored\n    scored = 1\n_f()"], names) == [nested]
    assert text_flags(["if True:\n    scored = 1"], names) == [nested]
    assert text_flags(["for scored in [1]:\n    pass"], names) == [nested]
    assert text_flags(["with open('x') as scored:\n    pass"], names) == [nested]
    assert text_flags(["(scored := 1)"], names) == [nested]
    assert text_flags(["def tie_strength(f, i, e, r:\n    return 0"], names) == [
        "1 cellule de code illisible (erreur de syntaxe) : le contrôle de copie ne la lit pas"]
    assert text_flags(["x = (", "y = )"], names) == [
        "2 cellules de code illisibles (erreur de syntaxe) : le contrôle de copie ne les lit pas"]
    assert text_flags(["%timeit 1\nshare_weak = 0.5"], names) == []  # a magic line is not a syntax error
