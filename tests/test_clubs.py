"""The club finder: ranking worked out by hand on a small table."""

from __future__ import annotations

import pandas as pd
import pytest

from reseau.clubs import GOALS, SLOTS, recommend_clubs
from reseau.errors import ReseauError


def _clubs() -> pd.DataFrame:
    rows = [
        # id, name, goals, slot, per month, months, hours, fee, meal, events, event cost
        ("C1", "Petit-déj Pro", "affaires", "petit-dejeuner", 4, 11, 1.5, 1300, 15, 0, 0),
        ("C2", "Club Soirée", "affaires;territoire;entraide", "soiree", 1, 10, 2.5, 400, 40, 2, 60),
        ("C3", "Déjeuner des dirigeants", "territoire;entraide", "dejeuner", 1, 12, 2.0, 150, 25, 0, 0),
        ("C4", "Golf & affaires", "passion;affaires", "soiree", 2, 12, 3.0, 2100, 0, 1, 100),
    ]
    return pd.DataFrame(rows, columns=["club_id", "name", "goals", "slot", "meetings_per_month",
                                       "months_per_year", "meeting_hours", "fee", "meal_cost",
                                       "interclub_events", "interclub_cost"])


# by hand (travel 0.5 h per meeting, not on the board):
# C1: cash 1300 + 44*15 = 1960; hours 44*2.0 = 88 a year -> 7.333/month
# C2: cash 400 + 10*40 + 2*60 = 920; hours 12*3.0 = 36 -> 3.0/month
# C3: cash 150 + 12*25 = 450; hours 12*2.5 = 30 -> 2.5/month
# C4: cash 2100 + 0 + 100 = 2200; hours 25*3.5 = 87.5 -> 7.2917/month


def test_ranking_by_goals_then_cost():
    out = recommend_clubs(_clubs(), ["affaires", "entraide"])
    assert out["club_id"].tolist() == ["C2", "C3", "C1", "C4"]
    assert out["goals_matched"].tolist() == [2, 1, 1, 1]
    assert out["cash_cost"].tolist() == pytest.approx([920, 450, 1960, 2200])
    assert out["hours_per_month"].tolist() == pytest.approx([3.0, 2.5, 88 / 12, 87.5 / 12])


def test_limits_and_slots():
    clubs = _clubs()
    assert recommend_clubs(clubs, "affaires", max_cash_cost=1000)["club_id"].tolist() == ["C2"]
    assert recommend_clubs(clubs, ["affaires"], max_hours_per_month=3)["club_id"].tolist() == ["C2"]
    assert recommend_clubs(clubs, ["affaires"], slots=["petit-dejeuner"])["club_id"].tolist() == ["C1"]
    assert recommend_clubs(clubs, ["passion"], slots="dejeuner").empty


def test_goals_not_served_are_left_out():
    out = recommend_clubs(_clubs(), ["passion"])
    assert out["club_id"].tolist() == ["C4"]


def test_input_untouched():
    clubs = _clubs()
    before = clubs.copy()
    recommend_clubs(clubs, ["affaires"])
    pd.testing.assert_frame_equal(clubs, before)


def test_four_goals_of_the_source_text():
    assert set(GOALS) == {"affaires", "territoire", "entraide", "passion"}
    assert "isolement" in GOALS["entraide"] and "passion" in GOALS["passion"]
    assert set(SLOTS) == {"petit-dejeuner", "dejeuner", "soiree"}


def test_unknown_goal():
    with pytest.raises(ReseauError) as err:
        recommend_clubs(_clubs(), ["golf"])
    assert "objectifs" in str(err.value) and "'golf'" in str(err.value)


def test_unknown_slot_filter():
    with pytest.raises(ReseauError, match="'matin'"):
        recommend_clubs(_clubs(), ["affaires"], slots=["matin"])


def test_bad_cell_in_table_names_row():
    clubs = _clubs()
    clubs.loc[2, "goals"] = "territoire;voyage"
    with pytest.raises(ReseauError) as err:
        recommend_clubs(clubs, ["affaires"])
    assert "ligne 2" in str(err.value) and "'voyage'" in str(err.value)

    clubs = _clubs()
    clubs.loc[1, "slot"] = "matin"
    with pytest.raises(ReseauError, match="ligne 1"):
        recommend_clubs(clubs, ["affaires"])

    clubs = _clubs()
    clubs.loc[3, "fee"] = -5
    with pytest.raises(ReseauError) as err:
        recommend_clubs(clubs, ["affaires"])
    assert "ligne 3" in str(err.value) and "-5" in str(err.value)

    clubs = _clubs().astype({"meal_cost": object})
    clubs.loc[0, "meal_cost"] = "quinze"
    with pytest.raises(ReseauError) as err:
        recommend_clubs(clubs, ["affaires"])
    assert "ligne 0" in str(err.value) and "quinze" in str(err.value)


def test_missing_column_and_bad_limits():
    with pytest.raises(ReseauError, match="manquante"):
        recommend_clubs(_clubs().drop(columns=["fee"]), ["affaires"])
    with pytest.raises(ReseauError, match="budget maximal"):
        recommend_clubs(_clubs(), ["affaires"], max_cash_cost=-1)
    with pytest.raises(ReseauError, match="au moins un objectif"):
        recommend_clubs(_clubs(), [])


def test_club_plan_missing_columns_is_a_french_error():
    from reseau.clubs import club_plan

    with pytest.raises(ReseauError) as err:
        club_plan({"fee": 600})
    message = str(err.value)
    assert "manquante" in message and "réunions par mois" in message and "coût du repas" in message
    assert "cotisation annuelle" not in message  # fee is there
    with pytest.raises(ReseauError, match="ligne du club 2"):
        club_plan(_clubs().drop(columns=["meal_cost"]).iloc[2], row=2)


def test_club_plan_keeps_the_precise_expected_phrase_and_adds_the_row():
    from reseau.clubs import club_plan

    club = _clubs().iloc[3].copy()
    club["fee"] = -5
    with pytest.raises(ReseauError) as err:
        club_plan(club, row=3)
    message = str(err.value)
    assert "ligne 3" in message and "-5" in message
    assert "Attendu : un montant en euros par an, positif ou nul." in message
    assert err.value.field == "fee" and err.value.row == 3
    club = _clubs().iloc[0].copy()
    club["months_per_year"] = 13
    with pytest.raises(ReseauError) as err:
        club_plan(club, row=0)
    assert "Attendu : un nombre de mois entre 0 et 12." in str(err.value) and "ligne 0" in str(err.value)
    # C3 by hand: 150 + 12 * 25 = 450 € a year
    assert club_plan(_clubs().iloc[2]).cash_cost == 450
