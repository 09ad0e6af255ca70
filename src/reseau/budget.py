"""The time and money a club membership costs, as the source text frames it.

A club meets at least once a month, for lunch or in the evening; joining the board
adds at least one more monthly meeting; inter-club events come on top.  Fees run
from 150 to over 2,000 euros a year, and the membership is an investment, "au même
titre qu'une page de publicité ou une campagne téléphonique".
"""

from __future__ import annotations

import math
import numbers
from dataclasses import asdict, dataclass, fields

import pandas as pd

from .errors import ReseauError, invalid_value

__all__ = [
    "MembershipPlan",
    "cost_per_contact",
    "cost_per_attended_meeting",
    "break_even_revenue",
    "compare_to_campaign",
    "plans_table",
    "PLAN_COLUMNS",
    "PLAN_LIMITS",
]

#: Allowed range of each numeric MembershipPlan field (loaders check club files with it too).
PLAN_LIMITS: dict[str, tuple[float, float | None, str]] = {
    # field: (minimum, maximum or None, French unit phrase)
    "fee": (0, None, "un montant en euros par an, positif ou nul"),
    "meetings_per_month": (0, 31, "un nombre de réunions par mois entre 0 et 31"),
    "months_per_year": (0, 12, "un nombre de mois entre 0 et 12"),
    "meal_cost": (0, None, "un montant en euros par réunion, positif ou nul"),
    "meeting_hours": (0, 24, "une durée en heures entre 0 et 24"),
    "travel_hours": (0, 24, "une durée en heures entre 0 et 24"),
    "board_meetings_per_month": (0, 31, "un nombre de réunions par mois entre 0 et 31"),
    "interclub_events": (0, 366, "un nombre d'événements par an entre 0 et 366"),
    "interclub_cost": (0, None, "un montant en euros par événement, positif ou nul"),
    "hourly_value": (0, None, "un montant en euros par heure, positif ou nul"),
}


def _check_number(field: str, value: object, low: float, high: float | None, expected: str) -> None:
    if (
        not isinstance(value, numbers.Real)
        or isinstance(value, bool)
        or not math.isfinite(value)
        or value < low
        or (high is not None and value > high)
    ):
        raise invalid_value(field, value, expected)


@dataclass(frozen=True)
class MembershipPlan:
    """One year of membership in a club, for one business owner.

    All amounts are euros, durations hours.  Nothing is rounded.
    """

    fee: float
    meetings_per_month: float = 1
    months_per_year: float = 12
    meal_cost: float = 0
    meeting_hours: float = 2.0
    travel_hours: float = 0.5
    board: bool = False
    board_meetings_per_month: float = 1
    interclub_events: float = 0
    interclub_cost: float = 0
    hourly_value: float = 0

    def __post_init__(self) -> None:
        for name, (low, high, expected) in PLAN_LIMITS.items():
            _check_number(name, getattr(self, name), low, high, expected)
        if not isinstance(self.board, bool):
            raise invalid_value("board", self.board, "True (membre du bureau) ou False")

    @property
    def regular_meetings(self) -> float:
        """Regular meetings a year."""
        return self.meetings_per_month * self.months_per_year

    @property
    def board_meetings(self) -> float:
        """Board meetings a year (0 when not on the board)."""
        return self.board_meetings_per_month * self.months_per_year if self.board else 0

    @property
    def meetings_per_year(self) -> float:
        """All meetings a year: regular, board and inter-club."""
        return self.regular_meetings + self.board_meetings + self.interclub_events

    @property
    def hours_per_year(self) -> float:
        """Hours a year, meetings and travel."""
        return self.meetings_per_year * (self.meeting_hours + self.travel_hours)

    @property
    def hours_per_month(self) -> float:
        """Average hours a month over a calendar year (hours_per_year / 12)."""
        return self.hours_per_year / 12

    @property
    def cash_cost(self) -> float:
        """Euros paid a year: fee, meals at regular meetings, inter-club events."""
        return self.fee + self.meal_cost * self.regular_meetings + self.interclub_cost * self.interclub_events

    @property
    def time_cost(self) -> float:
        """The owner's time a year, valued at `hourly_value`."""
        return self.hours_per_year * self.hourly_value

    @property
    def total_cost(self) -> float:
        """Cash cost plus time cost."""
        return self.cash_cost + self.time_cost

    def summary(self) -> dict[str, float]:
        """The plan's yearly figures, keyed as in `PLAN_COLUMNS`."""
        return {name: getattr(self, name) for name in PLAN_COLUMNS}


#: Columns of `plans_table`, in order.
PLAN_COLUMNS: tuple[str, ...] = (
    "fee",
    "regular_meetings",
    "board_meetings",
    "interclub_events",
    "meetings_per_year",
    "hours_per_year",
    "hours_per_month",
    "cash_cost",
    "time_cost",
    "total_cost",
)


def _require_plan(plan: object) -> MembershipPlan:
    if not isinstance(plan, MembershipPlan):
        raise ReseauError(
            f"Attendu : une adhésion décrite par MembershipPlan(...), reçu : {type(plan).__name__}. "
            "Créez-la par exemple avec MembershipPlan(fee=600, meal_cost=30).",
            value=type(plan).__name__,
        )
    return plan


def _positive(field: str, value: object, expected: str) -> float:
    if not isinstance(value, numbers.Real) or isinstance(value, bool) or not math.isfinite(value) or value <= 0:
        raise invalid_value(field, value, expected)
    return float(value)


def cost_per_contact(plan: MembershipPlan, new_contacts: float) -> float:
    """Total yearly cost divided by the new contacts the membership brings."""
    _require_plan(plan)
    n = _positive("new_contacts", new_contacts, "un nombre de nouveaux contacts strictement positif")
    return plan.total_cost / n


def cost_per_attended_meeting(plan: MembershipPlan, attendance: float) -> float:
    """Euros paid per meeting actually attended, when only a share `attendance` (in (0, 1]) is attended.

    The fee is paid whatever the attendance; meals and inter-club costs only for the
    meetings attended.  Cash cost only (time is not counted).
    """
    _require_plan(plan)
    share = _positive("attendance", attendance, "une part des réunions suivies entre 0 (exclu) et 1, par exemple 0.75")
    if share > 1:
        raise invalid_value("attendance", attendance, "une part des réunions suivies entre 0 (exclu) et 1, par exemple 0.75")
    if plan.meetings_per_year == 0:
        raise ReseauError(
            "Cette adhésion ne prévoit aucune réunion dans l'année : indiquez au moins une réunion par mois.",
            field="meetings_per_month",
            value=0,
        )
    paid = plan.fee + share * (plan.meal_cost * plan.regular_meetings + plan.interclub_cost * plan.interclub_events)
    return paid / (plan.meetings_per_year * share)


def break_even_revenue(plan: MembershipPlan, margin_rate: float) -> float:
    """Extra revenue a year whose gross margin (at `margin_rate`, in (0, 1]) pays the plan back."""
    _require_plan(plan)
    rate = _positive("margin_rate", margin_rate, "un taux de marge entre 0 (exclu) et 1, par exemple 0.3 pour 30 %")
    if rate > 1:
        raise invalid_value("margin_rate", margin_rate, "un taux de marge entre 0 (exclu) et 1, par exemple 0.3 pour 30 %")
    return plan.total_cost / rate


def compare_to_campaign(
    plan: MembershipPlan, new_contacts: float, campaign_cost: float, campaign_contacts: float
) -> pd.DataFrame:
    """The club and a phone (or advertising) campaign side by side.

    Index: "club", "campagne"; columns: annual_cost, new_contacts, cost_per_contact.
    """
    _require_plan(plan)
    club_contacts = _positive("new_contacts", new_contacts, "un nombre de nouveaux contacts strictement positif")
    cost = campaign_cost
    if not isinstance(cost, numbers.Real) or isinstance(cost, bool) or not math.isfinite(cost) or cost < 0:
        raise invalid_value("campaign_cost", cost, "un montant en euros positif ou nul")
    camp_contacts = _positive("campaign_contacts", campaign_contacts, "un nombre de contacts strictement positif")
    return pd.DataFrame(
        {
            "annual_cost": [plan.total_cost, float(cost)],
            "new_contacts": [club_contacts, camp_contacts],
            "cost_per_contact": [plan.total_cost / club_contacts, float(cost) / camp_contacts],
        },
        index=pd.Index(["club", "campagne"], name="option"),
    )


def plans_table(plans: dict[str, MembershipPlan]) -> pd.DataFrame:
    """Several plans side by side: one row per plan (named by its key), columns `PLAN_COLUMNS`."""
    if not isinstance(plans, dict) or not plans:
        raise ReseauError(
            "Attendu : un dictionnaire non vide {nom du club: MembershipPlan(...)}.",
            field="plans",
            value=plans if not isinstance(plans, dict) else {},
        )
    rows = {}
    for name, plan in plans.items():
        if not isinstance(plan, MembershipPlan):
            raise ReseauError(
                f"Le club « {name} » n'est pas décrit par MembershipPlan(...) (reçu : {type(plan).__name__}).",
                field="plans",
                row=name,
                value=type(plan).__name__,
            )
        rows[name] = plan.summary()
    table = pd.DataFrame.from_dict(rows, orient="index", columns=list(PLAN_COLUMNS))
    table.index.name = "club"
    return table


def plan_fields() -> list[str]:
    """Names of MembershipPlan's fields, in order (for widgets and loaders)."""
    return [f.name for f in fields(MembershipPlan)]


def plan_as_dict(plan: MembershipPlan) -> dict[str, object]:
    """The plan's inputs as a plain dict."""
    return asdict(_require_plan(plan))
