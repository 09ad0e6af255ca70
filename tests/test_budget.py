"""Membership cost: figures worked out by hand from the source text's framing."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from reseau.budget import (
    PLAN_COLUMNS,
    MembershipPlan,
    break_even_revenue,
    compare_to_campaign,
    cost_per_contact,
    plans_table,
)
from reseau.errors import ReseauError


def test_defaults_one_lunch_a_month():
    plan = MembershipPlan(fee=150)
    assert plan.regular_meetings == 12
    assert plan.board_meetings == 0
    assert plan.meetings_per_year == 12
    assert plan.hours_per_year == 30.0  # 12 x (2 h + 0.5 h)
    assert plan.cash_cost == 150
    assert plan.time_cost == 0
    assert plan.total_cost == 150


def test_full_plan_by_hand():
    plan = MembershipPlan(
        fee=600, meal_cost=30, board=True, interclub_events=2, interclub_cost=50, hourly_value=40
    )
    assert plan.regular_meetings == 12
    assert plan.board_meetings == 12
    assert plan.meetings_per_year == 26
    assert plan.hours_per_year == 65.0  # 26 x 2.5
    assert plan.cash_cost == 1060  # 600 + 12 x 30 + 2 x 50
    assert plan.time_cost == 2600.0  # 65 x 40
    assert plan.total_cost == 3660.0


def test_weekly_breakfast_referral_group():
    # weekly breakfast, 11 months, 1.5 h + 0.5 h travel, 1 300 EUR, 15 EUR breakfast
    plan = MembershipPlan(fee=1300, meetings_per_month=4, months_per_year=11, meal_cost=15,
                          meeting_hours=1.5, hourly_value=50)
    assert plan.regular_meetings == 44
    assert plan.hours_per_year == 88.0
    assert plan.cash_cost == 1300 + 44 * 15 == 1960
    assert plan.time_cost == 4400.0
    assert plan.hours_per_month == pytest.approx(88 / 12)


def test_board_meetings_only_when_on_board():
    assert MembershipPlan(fee=200, board_meetings_per_month=2).board_meetings == 0
    assert MembershipPlan(fee=200, board=True, board_meetings_per_month=2).board_meetings == 24


def test_no_rounding_inside():
    plan = MembershipPlan(fee=100.1, meal_cost=0.05, meeting_hours=1.1, travel_hours=0.2)
    assert plan.cash_cost == 100.1 + 0.05 * 12
    assert plan.hours_per_year == 12 * (1.1 + 0.2)


def test_plan_is_frozen():
    plan = MembershipPlan(fee=150)
    with pytest.raises(dataclasses.FrozenInstanceError):
        plan.fee = 200  # type: ignore[misc]


def test_cost_per_contact_and_break_even():
    plan = MembershipPlan(fee=600, meal_cost=30, board=True, interclub_events=2, interclub_cost=50,
                          hourly_value=40)
    assert cost_per_contact(plan, 20) == pytest.approx(183.0)  # 3 660 / 20
    assert break_even_revenue(plan, 0.3) == pytest.approx(12200.0)  # 3 660 / 0.3
    assert break_even_revenue(plan, 1) == pytest.approx(3660.0)


def test_compare_to_campaign():
    plan = MembershipPlan(fee=1200)  # 1 200 EUR, no time value
    table = compare_to_campaign(plan, new_contacts=15, campaign_cost=3000, campaign_contacts=25)
    assert list(table.index) == ["club", "campagne"]
    assert table.loc["club", "annual_cost"] == 1200
    assert table.loc["club", "cost_per_contact"] == pytest.approx(80.0)
    assert table.loc["campagne", "cost_per_contact"] == pytest.approx(120.0)


def test_plans_table():
    table = plans_table({"A": MembershipPlan(fee=150), "B": MembershipPlan(fee=2000, meal_cost=40)})
    assert list(table.columns) == list(PLAN_COLUMNS)
    assert list(table.index) == ["A", "B"]
    assert table.loc["B", "cash_cost"] == 2000 + 12 * 40
    assert table.loc["A", "hours_per_year"] == 30.0


numbers = st.floats(min_value=0, max_value=500, allow_nan=False)


@given(
    st.floats(min_value=0, max_value=5000), st.sampled_from([1, 2, 4]), st.integers(1, 12), numbers,
    st.booleans(), st.integers(0, 10), numbers, st.floats(min_value=0, max_value=200),
    st.sampled_from(["fee", "meal_cost", "interclub_events", "interclub_cost", "hourly_value",
                     "meeting_hours", "travel_hours", "meetings_per_month", "months_per_year"]),
)
def test_costs_grow_with_every_input(fee, per_month, months, meal, board, events, event_cost, hour, which):
    plan = MembershipPlan(fee=fee, meetings_per_month=per_month, months_per_year=months, meal_cost=meal,
                          board=board, interclub_events=events, interclub_cost=event_cost, hourly_value=hour)
    bigger = dataclasses.replace(plan, **{which: min(getattr(plan, which) + 1, 12 if which == "months_per_year" else 10_000)})
    assert bigger.total_cost >= plan.total_cost
    assert bigger.cash_cost >= plan.cash_cost
    assert bigger.hours_per_year >= plan.hours_per_year


@pytest.mark.parametrize(
    "kwargs, fragment",
    [
        ({"fee": -10}, "cotisation annuelle"),
        ({"fee": "600"}, "'600'"),
        ({"fee": 100, "meal_cost": -1}, "coût du repas"),
        ({"fee": 100, "months_per_year": 13}, "mois d'activité par an » (colonne months_per_year) : 13"),
        ({"fee": 100, "board": 1}, "membre du bureau"),
        ({"fee": float("nan")}, "nan"),
        ({"fee": 100, "hourly_value": -5}, "valeur d'une heure"),
    ],
)
def test_bad_plan(kwargs, fragment):
    with pytest.raises(ReseauError) as err:
        MembershipPlan(**kwargs)
    assert isinstance(err.value, ValueError)
    assert fragment in str(err.value)


@pytest.mark.parametrize("margin", [0, -0.2, 1.5, "30%"])
def test_bad_margin(margin):
    with pytest.raises(ReseauError, match="taux de marge"):
        break_even_revenue(MembershipPlan(fee=150), margin)


def test_bad_contacts_and_plan():
    with pytest.raises(ReseauError, match="nouveaux contacts"):
        cost_per_contact(MembershipPlan(fee=150), 0)
    with pytest.raises(ReseauError, match="MembershipPlan"):
        cost_per_contact({"fee": 150}, 3)
    with pytest.raises(ReseauError, match="coût de la campagne"):
        compare_to_campaign(MembershipPlan(fee=150), 3, -1, 10)
    with pytest.raises(ReseauError, match="Le club « X »"):
        plans_table({"X": 3})
    with pytest.raises(ReseauError, match="non vide"):
        plans_table({})


def test_cost_per_attended_meeting_by_hand():
    from reseau.budget import cost_per_attended_meeting

    plan = MembershipPlan(fee=600, meal_cost=30, interclub_events=2, interclub_cost=50)  # 14 meetings a year
    # full attendance: (600 + 360 + 100) / 14
    assert cost_per_attended_meeting(plan, 1) == pytest.approx(1060 / 14)
    # half: the fee stays, meals and inter-club costs halve: (600 + 180 + 50) / 7
    assert cost_per_attended_meeting(plan, 0.5) == pytest.approx(830 / 7)
    # a quarter: (600 + 90 + 25) / 3.5
    assert cost_per_attended_meeting(plan, 0.25) == pytest.approx(715 / 3.5)
    with pytest.raises(ReseauError, match="part des réunions suivies"):
        cost_per_attended_meeting(plan, 0)
    with pytest.raises(ReseauError, match="1.5"):
        cost_per_attended_meeting(plan, 1.5)
    with pytest.raises(ReseauError, match="aucune réunion"):
        cost_per_attended_meeting(MembershipPlan(fee=100, meetings_per_month=0), 1)
