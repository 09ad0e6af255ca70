"""Finding the clubs that fit a business owner: goals, budget, time and time slots.

The four goals are the source text's: développer son business, s'informer sur
l'actualité du territoire, rompre l'isolement et trouver de l'entraide, se retrouver
autour d'une passion.  Costs and hours come from `MembershipPlan` (one source of truth).
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable
from typing import Any

import pandas as pd

from .budget import PLAN_LIMITS, MembershipPlan
from .errors import ReseauError, invalid_value, missing_columns

__all__ = ["GOALS", "SLOTS", "CLUB_COLUMNS", "PLAN_FIELDS", "parse_goals", "club_plan", "recommend_clubs"]

#: Goal codes (as written in clubs.csv) and their French wording from the source text.
GOALS: dict[str, str] = {
    "affaires": "développer son business",
    "territoire": "s'informer sur l'actualité du territoire",
    "entraide": "rompre l'isolement et trouver de l'entraide",
    "passion": "se retrouver autour d'une passion",
}
#: Time-slot codes and their French wording.
SLOTS: dict[str, str] = {
    "petit-dejeuner": "petit-déjeuner",
    "dejeuner": "déjeuner",
    "soiree": "soirée",
}
#: Columns recommend_clubs needs in the clubs table.
CLUB_COLUMNS: tuple[str, ...] = (
    "club_id",
    "name",
    "goals",
    "slot",
    "meetings_per_month",
    "months_per_year",
    "meeting_hours",
    "fee",
    "meal_cost",
    "interclub_events",
    "interclub_cost",
)
_GOAL_SEP = ";"


def parse_goals(cell: Any, *, row: Any = None) -> frozenset[str]:
    """Read a goals cell such as "affaires;territoire" into a set of goal codes."""
    if not isinstance(cell, str) or not cell.strip():
        raise invalid_value("goals", cell, "une liste d'objectifs séparés par « ; » parmi " + ", ".join(GOALS), row=row)
    goals = [g.strip() for g in cell.split(_GOAL_SEP)]
    for g in goals:
        if g not in GOALS:
            raise invalid_value("goals", g, "un objectif parmi " + ", ".join(GOALS), row=row)
    return frozenset(goals)


def _check_choice(field: str, values: Any, allowed: dict[str, str]) -> list[str]:
    if isinstance(values, str):
        values = [values]
    if not isinstance(values, Iterable):
        raise invalid_value(field, values, "une liste parmi " + ", ".join(allowed))
    out = []
    for v in values:
        if v not in allowed:
            raise invalid_value(field, v, "une valeur parmi " + ", ".join(allowed))
        out.append(v)
    return out


#: Columns of a club that club_plan reads (board_meetings_per_month is optional).
PLAN_FIELDS: tuple[str, ...] = ("fee", "meetings_per_month", "months_per_year", "meeting_hours", "meal_cost",
                                "interclub_events", "interclub_cost")


def _expected_phrase(err: ReseauError) -> str:
    """The precise « Attendu : ... » phrase of a MembershipPlan error."""
    if err.field in PLAN_LIMITS:
        return PLAN_LIMITS[err.field][2]
    message = str(err)
    if "Attendu : " in message:
        return message.split("Attendu : ", 1)[1].split(". Corrigez", 1)[0]
    return "une valeur valide (voir le dictionnaire des données)"


def club_plan(club: pd.Series | dict[str, Any], *, row: Any = None, **overrides: Any) -> MembershipPlan:
    """The MembershipPlan of one row of clubs.csv (not on the board, no time value unless overridden)."""
    if not isinstance(club, (pd.Series, dict)):
        raise ReseauError(
            f"Attendu : une ligne du tableau des clubs (par exemple clubs.iloc[0]), reçu : {type(club).__name__}.",
            field="club", row=row, value=type(club).__name__,
        )
    missing = [f for f in PLAN_FIELDS if f not in club and f not in overrides]
    if missing:
        where = "la ligne du club" + (f" {row}" if row is not None else "")
        raise missing_columns(missing, where=where)
    params: dict[str, Any] = {}
    for field in PLAN_FIELDS:
        if field in overrides:
            continue
        value = club[field]
        if isinstance(value, numbers.Integral) and not isinstance(value, bool):
            value = int(value)
        elif isinstance(value, numbers.Real) and not isinstance(value, bool):
            value = float(value)
        params[field] = value
    if "board_meetings_per_month" in club:
        value = club["board_meetings_per_month"]
        params["board_meetings_per_month"] = float(value) if isinstance(value, numbers.Real) and not isinstance(value, bool) else value
    params.update(overrides)
    try:
        return MembershipPlan(**params)
    except ReseauError as err:
        raise invalid_value(err.field or "fee", err.value, _expected_phrase(err), row=row) from None


def recommend_clubs(
    clubs: pd.DataFrame,
    goals: Iterable[str] | str,
    *,
    max_cash_cost: float | None = None,
    max_hours_per_month: float | None = None,
    slots: Iterable[str] | str | None = None,
) -> pd.DataFrame:
    """The clubs that serve at least one of `goals` and fit the limits, best first.

    Ranked by number of goals matched (most first), then annual cash cost (lowest
    first), then name.  Adds columns `goals_matched`, `cash_cost` (euros a year) and
    `hours_per_month`, computed through `MembershipPlan`.
    """
    if not isinstance(clubs, pd.DataFrame):
        raise ReseauError(
            f"Attendu : le tableau des clubs (DataFrame), reçu : {type(clubs).__name__}. Chargez-le avec load_clubs().",
            value=type(clubs).__name__,
        )
    missing = [c for c in CLUB_COLUMNS if c not in clubs.columns]
    if missing:
        raise missing_columns(missing, where="le tableau des clubs")
    wanted = _check_choice("goals", goals, GOALS)
    if not wanted:
        raise ReseauError(
            "Choisissez au moins un objectif parmi : " + ", ".join(GOALS) + ".", field="goals", value=[]
        )
    wanted_slots = _check_choice("slots", slots, SLOTS) if slots is not None else None
    for field, limit in (("max_cash_cost", max_cash_cost), ("max_hours_per_month", max_hours_per_month)):
        if limit is not None and (
            not isinstance(limit, numbers.Real) or isinstance(limit, bool) or math.isnan(limit) or limit < 0
        ):
            raise invalid_value(field, limit, "un nombre positif ou nul, ou None pour ne pas limiter")

    matched, cash, hours = [], [], []
    for label, club in clubs.iterrows():
        club_goals = parse_goals(club["goals"], row=label)
        if club["slot"] not in SLOTS:
            raise invalid_value("slot", club["slot"], "un créneau parmi " + ", ".join(SLOTS), row=label)
        plan = club_plan(club, row=label)
        matched.append(len(club_goals.intersection(wanted)))
        cash.append(plan.cash_cost)
        hours.append(plan.hours_per_month)
    result = clubs.copy()
    result["goals_matched"] = matched
    result["cash_cost"] = cash
    result["hours_per_month"] = hours
    keep = result["goals_matched"] > 0
    if max_cash_cost is not None:
        keep &= result["cash_cost"] <= max_cash_cost
    if max_hours_per_month is not None:
        keep &= result["hours_per_month"] <= max_hours_per_month
    if wanted_slots is not None:
        keep &= result["slot"].isin(wanted_slots)
    result = result[keep]
    return result.sort_values(
        ["goals_matched", "cash_cost", "name"], ascending=[False, True, True], kind="mergesort"
    ).reset_index(drop=True)
