"""The exchange route of the grading cycle, refused with a French message when it cannot work.

The whole route (release, fetch, submit, collect, feedback) runs in tests/hub/test_classroom.py
on a real classroom server; here, what a trainer sees when a step comes too early or names an
exercise that does not exist.
"""

from __future__ import annotations

import pytest

from reseau import autograde as ag
from reseau.errors import ReseauError


def test_collect_before_any_release_says_to_release_first(tmp_path, monkeypatch):
    monkeypatch.setenv("RESEAU_EXCHANGE", str(tmp_path / "echange"))
    with pytest.raises(ReseauError) as err:
        ag.collect_exchange(workspace=tmp_path / "ws")
    assert "Aucun exercice distribué" in str(err.value)
    assert str(tmp_path / "echange") in str(err.value) and "make release" in str(err.value)


def test_collect_of_an_assignment_not_released_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("RESEAU_EXCHANGE", str(tmp_path / "echange"))
    (tmp_path / "echange" / "reseau" / "outbound" / "06_force_des_liens").mkdir(parents=True)
    with pytest.raises(ReseauError, match="Aucun exercice distribué"):
        ag.collect_exchange("03_budget_et_temps", workspace=tmp_path / "ws")


@pytest.mark.parametrize("call", [
    lambda ws: ag.release_assignments("05_inconnu", workspace=ws),
    lambda ws: ag.collect_exchange("05_inconnu", workspace=ws),
])
def test_an_unknown_assignment_is_named_with_the_list_of_exercises(tmp_path, monkeypatch, call):
    monkeypatch.setenv("RESEAU_EXCHANGE", str(tmp_path / "echange"))
    with pytest.raises(ReseauError) as err:
        call(tmp_path / "ws")
    message = str(err.value)
    assert "« 05_inconnu »" in message
    assert ("Les quiz et exercices sont : 00_positionnement, 01_quiz_choisir_son_reseau, 02_quiz_temps_et_budget, "
            "03_budget_et_temps, 04_choisir_un_club, 05_quiz_force_des_liens, 06_force_des_liens, "
            "07_quiz_liens_faibles_ponts, 08_ponts_et_liens_faibles, 09_quiz_ma_strategie, 10_satisfaction.") in message
    assert not (tmp_path / "echange").exists()


def test_feedback_is_not_released_without_a_classroom_exchange(tmp_path, monkeypatch):
    monkeypatch.setenv("RESEAU_EXCHANGE", str(tmp_path / "absent"))
    assert ag.release_feedback(workspace=tmp_path / "ws") == []
    assert not (tmp_path / "absent").exists()
