"""The course's interactive widgets (ipywidgets 8).

Design: each widget's logic is a pure function (`club_finder_view`, `budget_view`,
`tie_view`, `removal_view`, `network_diagnosis`) that returns what is displayed: numbers
and French HTML in a dict.  Tests call those functions directly.  Each widget class only
wires ipywidgets controls to its function, in the manner of `interactive_output`:

    finder = ClubFinder(clubs)
    finder.controls["max_cash_cost"].value = 800     # as a learner would move the slider
    finder.outputs["result"].value                   # the HTML the learner reads
    finder.last                                      # the dict of the last update

What does not change is computed once in `__init__`; an update is cheap (target < 50 ms).
A widget displays itself when it is the last value of a notebook cell.
"""

from __future__ import annotations

import html
import math
from pathlib import Path
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import ipywidgets as W
import numpy as np
import pandas as pd

from . import charts
from .budget import MembershipPlan, break_even_revenue, compare_to_campaign, cost_per_contact
from .clubs import GOALS, SLOTS, recommend_clubs
from .errors import ReseauError
from .fmt import COLUMN_HEADERS, agree, count, euros, french_table, hours, number, percent, percents
from .fmt import strength as fmt_strength
from .plan import load_ratings, network_advice, rated_contacts, save_ratings, unknown_sector_note
from .ties import (
    CRITERIA,
    FREQUENCY_SCALE,
    RATING_MAX,
    RATING_MIN,
    UNKNOWN_SECTOR,
    check_ratings,
    classify_tie,
    network_profile,
    score_contacts,
    sectors_only_through,
    tie_strength,
)

if TYPE_CHECKING:  # networkx is imported where a graph is drawn or built: modules 0 to 3 never need it
    import networkx as nx

__all__ = [
    "CRITERIA_LABELS",
    "SCALES",
    "CLUB_TABLE_HEADERS",
    "club_finder_view",
    "budget_view",
    "level_meaning",
    "tie_view",
    "removal_view",
    "network_diagnosis",
    "prepare_contacts",
    "ClubFinder",
    "BudgetPlanner",
    "TieRater",
    "RemovalExperiment",
    "ContactRater",
]

#: French names of the four criteria, as the source text words them.
CRITERIA_LABELS: dict[str, str] = {
    "frequency": "Fréquence",
    "intimacy": "Intimité",
    "emotion": "Émotion",
    "reciprocity": "Réciprocité",
}

#: What each level of each criterion means (French).  Frequency comes from ties.FREQUENCY_SCALE.
SCALES: dict[str, dict[int, str]] = {
    "frequency": dict(FREQUENCY_SCALE),
    "intimacy": {
        0: "aucune confidence, on ne se connaît pas vraiment",
        1: "on parle de la pluie et du beau temps",
        2: "on parle métier et un peu de soi",
        3: "on se confie sur des sujets personnels",
        4: "on se dit tout : un(e) confident(e)",
    },
    "emotion": {
        0: "indifférence",
        1: "sympathie polie",
        2: "estime, plaisir de se voir",
        3: "amitié, empathie réelle",
        4: "très grande proximité affective",
    },
    "reciprocity": {
        0: "aucun service échangé",
        1: "un service rendu ou reçu, une fois",
        2: "quelques services, dans les deux sens",
        3: "des services réguliers, dans les deux sens",
        4: "on peut tout se demander, et on le fait",
    },
}

#: Columns of recommend_clubs the club finder shows, in order.
CLUB_TABLE_COLUMNS: tuple[str, ...] = ("name", "kind", "town", "goals_matched", "goals", "slot",
                                       "meetings_per_month", "cash_cost", "hours_per_month")
#: Headers that differ from fmt.COLUMN_HEADERS in the club finder's table.
_CLUB_TABLE_OVERRIDES: dict[str, str] = {"name": "club", "goals": "objectifs du club"}


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


#: French headers of the club finder's table (column of recommend_clubs -> header), from fmt.COLUMN_HEADERS.
CLUB_TABLE_HEADERS: dict[str, str] = {
    c: _capital(_CLUB_TABLE_OVERRIDES.get(c, COLUMN_HEADERS.get(c, c))) for c in CLUB_TABLE_COLUMNS
}

_TIE_WORDS = {"fort": "lien fort", "faible": "lien faible", "absent": "lien absent"}
_STYLE_WIDE = {"description_width": "230px"}
_LAYOUT_WIDE = W.Layout(width="560px")


def _esc(text: Any) -> str:
    return html.escape(str(text), quote=False)


def _box(title: str, body: str, colour: str = "#1f618d") -> str:
    return (
        f'<div style="border-left:4px solid {colour};padding:4px 10px;margin:4px 0">'
        f"<b>{_esc(title)}</b><br>{body}</div>"
    )


def _ul(lines: Iterable[str]) -> str:
    return "<ul style='margin:2px 0'>" + "".join(f"<li>{line}</li>" for line in lines) + "</ul>"


def _join_fr(words: list[str]) -> str:
    """« a, b et c »."""
    words = [w for w in words if w]
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " et " + words[-1]


# --------------------------------------------------------------------------- base class
class _Widget:
    """Controls wired to a pure view function; subclasses define `_compute()`."""

    controls: dict[str, W.Widget]
    outputs: dict[str, W.Widget]
    box: W.Box
    last: dict[str, Any]

    def _wire(self) -> None:
        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        self.update()

    def _on_change(self, _change: Any = None) -> None:
        self.update()

    def update(self) -> dict[str, Any]:
        """Recompute from the controls' current values and refresh the outputs."""
        self.last = self._compute()
        self.outputs["result"].value = self.last["html"]
        return self.last

    def _compute(self) -> dict[str, Any]:  # pragma: no cover - abstract
        raise NotImplementedError

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.box._repr_mimebundle_(**kwargs)

    def _ipython_display_(self) -> None:  # pragma: no cover - only in a notebook
        from IPython.display import display

        display(self.box)


# --------------------------------------------------------------------------- 1. club finder
def _nice_max(value: float, step: float) -> float:
    return max(step, math.ceil(value / step) * step)


def _club_table(result: pd.DataFrame) -> pd.DataFrame:
    """The clubs as the finder shows them: fmt.french_table (codes in words), capitalised headers."""
    shown = french_table(result[[c for c in CLUB_TABLE_COLUMNS if c in result]], _CLUB_TABLE_OVERRIDES)
    shown.columns = [_capital(str(h)) for h in shown.columns]
    return shown.reset_index(drop=True)


def _club_table_html(found: pd.DataFrame) -> str:
    """The ranked clubs as HTML, amounts and durations formatted from the numbers (not from the
    table's French text, where « 2,5 » is no longer a number)."""
    shown = _club_table(found)
    formats = {"Coût par an": ("cash_cost", euros), "Heures par mois": ("hours_per_month", hours),
               "Réunions par mois": ("meetings_per_month", lambda v: number(v, 1, strip=True))}
    for header, (column, write) in formats.items():
        if header in shown and column in found:
            shown[header] = [write(float(v)) for v in found[column]]
    shown.index = range(1, len(shown) + 1)
    return shown.to_html(border=0, classes="reseau-table", escape=True)


def club_finder_view(
    clubs: pd.DataFrame,
    goals: Iterable[str],
    max_cash_cost: float | None,
    max_hours_per_month: float | None,
    slots: Iterable[str] | None,
) -> dict[str, Any]:
    """What the club finder shows: the ranked clubs (French headers) or what to relax.

    Returns keys: table (DataFrame with French headers, best first), n (clubs found),
    message (French sentence), html.
    """
    goals = list(goals)
    slots = None if slots is None else list(slots)
    if not goals:
        message = "Cochez au moins un objectif : le club doit servir ce que vous attendez d'un réseau."
        return {"table": _club_table(clubs.iloc[0:0].assign(slot=[])), "n": 0, "message": message,
                "html": _box("Aucun objectif choisi", _esc(message), "#d68910")}
    if slots is not None and not slots:
        message = "Cochez au moins un créneau (petit-déjeuner, déjeuner ou soirée)."
        return {"table": _club_table(clubs.iloc[0:0].assign(slot=[])), "n": 0, "message": message,
                "html": _box("Aucun créneau choisi", _esc(message), "#d68910")}
    found = recommend_clubs(clubs, goals, max_cash_cost=max_cash_cost,
                            max_hours_per_month=max_hours_per_month, slots=slots)
    table = _club_table(found)
    if len(found):
        best = found.iloc[0]
        message = (
            f"{count(len(found), 'club')} {agree(len(found), 'correspond', 'correspondent')}. "
            f"Le premier, « {best['name']} », sert "
            + (f"{int(best['goals_matched'])} de vos {len(goals)} objectifs" if len(goals) > 1 else "votre objectif")
            + f" pour {euros(best['cash_cost'])} par an "
            f"et {hours(best['hours_per_month'])} par mois."
        )
        body = _esc(message) + _club_table_html(found)
        return {"table": table, "n": len(found), "message": message,
                "html": _box("Clubs qui vous correspondent", body)}
    # Nothing fits: try relaxing one limit at a time and say what it would take.
    hints = []
    if max_cash_cost is not None:
        alt = recommend_clubs(clubs, goals, max_hours_per_month=max_hours_per_month, slots=slots)
        if len(alt):
            cheapest = alt.sort_values("cash_cost").iloc[0]
            hints.append(f"porter votre budget à {euros(cheapest['cash_cost'])} par an "
                         f"(club « {cheapest['name']} »)")
    if max_hours_per_month is not None:
        alt = recommend_clubs(clubs, goals, max_cash_cost=max_cash_cost, slots=slots)
        if len(alt):
            lightest = alt.sort_values("hours_per_month").iloc[0]
            hints.append(f"accepter {hours(lightest['hours_per_month'])} par mois "
                         f"(club « {lightest['name']} »)")
    if slots is not None:
        alt = recommend_clubs(clubs, goals, max_cash_cost=max_cash_cost, max_hours_per_month=max_hours_per_month)
        other = sorted(set(alt["slot"]) - set(slots), key=list(SLOTS).index)
        if other:
            hints.append("cocher le créneau " + " ou ".join(SLOTS[s] for s in other))
    if hints:
        message = "Aucun club ne correspond à tous vos critères. Pour en trouver, vous pouvez : " + " ; ou ".join(hints) + "."
    else:
        message = ("Aucun club ne correspond, même en relâchant un seul critère. Cochez d'autres objectifs, "
                   "ou augmentez à la fois le budget et le temps disponible.")
    return {"table": table, "n": 0, "message": message, "hints": hints,
            "html": _box("Aucun club trouvé", _esc(message), "#d68910")}


class ClubFinder(_Widget):
    """Goal and slot checkboxes, budget and time sliders -> the ranked clubs.

    Controls: "goal_<code>" for each goal of clubs.GOALS, "slot_<code>" for each slot of
    clubs.SLOTS, "max_cash_cost" (€ a year), "max_hours_per_month" (hours).
    Output: "result" (HTML).
    """

    def __init__(self, clubs: pd.DataFrame | None = None, *, goals: Iterable[str] = ("affaires",),
                 max_cash_cost: float | None = None, max_hours_per_month: float | None = None) -> None:
        if clubs is None:
            from .data import load_clubs

            clubs = load_clubs()
        self.clubs = clubs
        # Precomputed once: the range of costs and hours over all clubs, for the sliders.
        everything = recommend_clubs(clubs, list(GOALS))
        top_cost = _nice_max(float(everything["cash_cost"].max()) if len(everything) else 2000, 500)
        top_hours = _nice_max(float(everything["hours_per_month"].max()) if len(everything) else 10, 5)
        goals = set(goals)
        self.controls = {}
        for code, text in GOALS.items():
            self.controls[f"goal_{code}"] = W.Checkbox(value=code in goals, description=text.capitalize(),
                                                       indent=False, layout=W.Layout(width="380px"))
        self.controls["max_cash_cost"] = W.IntSlider(
            value=int(top_cost if max_cash_cost is None else max_cash_cost), min=0, max=int(top_cost), step=50,
            description="Budget maximal (€ par an)", style=_STYLE_WIDE, layout=_LAYOUT_WIDE,
            continuous_update=False)
        self.controls["max_hours_per_month"] = W.FloatSlider(
            value=top_hours if max_hours_per_month is None else max_hours_per_month, min=0, max=top_hours,
            step=0.5, description="Temps maximal (heures par mois)", style=_STYLE_WIDE, layout=_LAYOUT_WIDE,
            continuous_update=False)
        for code, text in SLOTS.items():
            self.controls[f"slot_{code}"] = W.Checkbox(value=True, description=text.capitalize(), indent=False,
                                                       layout=W.Layout(width="160px"))
        self.outputs = {"result": W.HTML()}
        goal_box = W.VBox([W.HTML("<b>Ce que j'attends d'un réseau</b>")]
                          + [self.controls[f"goal_{c}"] for c in GOALS])
        slot_box = W.VBox([W.HTML("<b>Créneaux possibles pour moi</b>"),
                           W.HBox([self.controls[f"slot_{c}"] for c in SLOTS])])
        self.box = W.VBox([goal_box, self.controls["max_cash_cost"], self.controls["max_hours_per_month"],
                           slot_box, self.outputs["result"]])
        self._wire()

    def _compute(self) -> dict[str, Any]:
        return club_finder_view(
            self.clubs,
            [c for c in GOALS if self.controls[f"goal_{c}"].value],
            self.controls["max_cash_cost"].value,
            self.controls["max_hours_per_month"].value,
            [s for s in SLOTS if self.controls[f"slot_{s}"].value],
        )


# --------------------------------------------------------------------------- 2. budget planner
def budget_view(
    *,
    fee: float,
    meetings_per_month: float = 1,
    meal_cost: float = 0,
    board: bool = False,
    interclub_events: float = 0,
    interclub_cost: float = 0,
    hourly_value: float = 0,
    new_contacts: float = 10,
    margin_rate: float = 0.3,
    campaign_cost: float = 1500,
    campaign_contacts: float = 15,
    months_per_year: float = 12,
    meeting_hours: float = 2.0,
    travel_hours: float = 0.5,
) -> dict[str, Any]:
    """The budget planner's figures for one year of membership, and their French HTML.

    `margin_rate` is a fraction (0.3 for 30 %).  Returns keys: plan (MembershipPlan),
    meetings_per_year, hours_per_year, hours_per_month, cash_cost, time_cost, total_cost,
    cost_per_contact, break_even_revenue, comparison (DataFrame of compare_to_campaign), html.
    """
    plan = MembershipPlan(
        fee=fee, meetings_per_month=meetings_per_month, months_per_year=months_per_year, meal_cost=meal_cost,
        meeting_hours=meeting_hours, travel_hours=travel_hours, board=bool(board),
        interclub_events=interclub_events, interclub_cost=interclub_cost, hourly_value=hourly_value,
    )
    per_contact = cost_per_contact(plan, new_contacts)
    revenue = break_even_revenue(plan, margin_rate)
    comparison = compare_to_campaign(plan, new_contacts, campaign_cost, campaign_contacts)
    club_unit, campaign_unit = comparison["cost_per_contact"]
    if club_unit < campaign_unit:
        verdict = (f"Le club revient moins cher par nouveau contact que la campagne "
                   f"({euros(club_unit)} contre {euros(campaign_unit)}).")
    elif club_unit > campaign_unit:
        verdict = (f"La campagne revient moins cher par nouveau contact que le club "
                   f"({euros(campaign_unit)} contre {euros(club_unit)}) : mais un contact de club "
                   "vous connaît, il peut vous recommander.")
    else:
        verdict = f"Le club et la campagne coûtent autant par nouveau contact ({euros(club_unit)})."
    lines = [
        f"Réunions par an : <b>{number(plan.meetings_per_year, 1, strip=True)}</b> "
        f"({number(plan.regular_meetings, 1, strip=True)} du club, {number(plan.board_meetings, 1, strip=True)} "
        f"de bureau, {number(plan.interclub_events, 1, strip=True)} interclubs)",
        f"Temps par an : <b>{hours(plan.hours_per_year)}</b>, trajets compris "
        f"(soit {hours(plan.hours_per_month)} par mois)",
        f"Dépenses par an : <b>{euros(plan.cash_cost)}</b> (cotisation, repas, interclubs)",
        f"Valeur de votre temps : {euros(plan.time_cost)} ; coût total : <b>{euros(plan.total_cost)}</b> par an",
        f"Coût d'un nouveau contact : <b>{euros(per_contact)}</b>",
        f"Chiffre d'affaires supplémentaire pour rentrer dans vos frais (marge de {percent(margin_rate)}) : "
        f"<b>{euros(revenue)}</b> par an",
    ]
    body = _ul(lines) + _esc(verdict)
    return {
        "plan": plan,
        "meetings_per_year": plan.meetings_per_year,
        "hours_per_year": plan.hours_per_year,
        "hours_per_month": plan.hours_per_month,
        "cash_cost": plan.cash_cost,
        "time_cost": plan.time_cost,
        "total_cost": plan.total_cost,
        "cost_per_contact": per_contact,
        "break_even_revenue": revenue,
        "comparison": comparison,
        "verdict": verdict,
        "html": _box("Votre adhésion sur un an", body),
    }


class BudgetPlanner(_Widget):
    """Sliders for one membership -> yearly meetings, hours, cost, cost per contact, break-even,
    and a bar chart comparing the club with a phone campaign.

    Controls: fee, meetings_per_month, meal_cost, board (checkbox), interclub_events, interclub_cost,
    hourly_value, new_contacts, margin_rate (in %), campaign_cost, campaign_contacts.
    Outputs: "result" (HTML), "chart" (HTML bars of charts.campaign_bars_html, fast enough for a
    slider) unless `chart=False`; `.figure()` gives the same comparison as a matplotlib figure.
    """

    def __init__(self, *, fee: int = 600, meetings_per_month: int = 1, meal_cost: int = 30, board: bool = False,
                 interclub_events: int = 2, interclub_cost: int = 50, hourly_value: int = 0, new_contacts: int = 10,
                 margin_rate_percent: int = 30, campaign_cost: int = 1500, campaign_contacts: int = 15,
                 chart: bool = True) -> None:
        def slider(value: int, low: int, high: int, step: int, text: str) -> W.IntSlider:
            return W.IntSlider(value=value, min=low, max=high, step=step, description=text, style=_STYLE_WIDE,
                               layout=_LAYOUT_WIDE, continuous_update=False)

        self.controls = {
            "fee": slider(fee, 0, 2500, 50, "Cotisation (€ par an)"),
            "meetings_per_month": slider(meetings_per_month, 1, 4, 1, "Réunions par mois"),
            "meal_cost": slider(meal_cost, 0, 80, 5, "Repas (€ par réunion)"),
            "board": W.Checkbox(value=board, description="Je suis membre du bureau (+1 réunion par mois)",
                                indent=False),
            "interclub_events": slider(interclub_events, 0, 12, 1, "Événements interclubs (par an)"),
            "interclub_cost": slider(interclub_cost, 0, 200, 10, "Coût d'un interclub (€)"),
            "hourly_value": slider(hourly_value, 0, 150, 5, "Valeur d'une heure de mon temps (€)"),
            "new_contacts": slider(new_contacts, 1, 60, 1, "Nouveaux contacts attendus (par an)"),
            "margin_rate": slider(margin_rate_percent, 5, 100, 5, "Taux de marge (%)"),
            "campaign_cost": slider(campaign_cost, 0, 10000, 100, "Campagne téléphonique (€)"),
            "campaign_contacts": slider(campaign_contacts, 1, 200, 1, "Contacts obtenus par la campagne"),
        }
        self.outputs: dict[str, W.Widget] = {"result": W.HTML()}
        self._chart = chart
        if chart:
            self.outputs["chart"] = W.HTML()
        club = W.VBox([W.HTML("<b>Le club</b>")] + [self.controls[k] for k in (
            "fee", "meetings_per_month", "meal_cost", "board", "interclub_events", "interclub_cost", "hourly_value")])
        invest = W.VBox([W.HTML("<b>Le retour attendu, et la campagne à comparer</b>")] + [self.controls[k] for k in (
            "new_contacts", "margin_rate", "campaign_cost", "campaign_contacts")])
        self.box = W.VBox([club, invest, self.outputs["result"]] + ([self.outputs["chart"]] if chart else []))
        self._wire()

    def _compute(self) -> dict[str, Any]:
        c = self.controls
        return budget_view(
            fee=c["fee"].value, meetings_per_month=c["meetings_per_month"].value, meal_cost=c["meal_cost"].value,
            board=c["board"].value, interclub_events=c["interclub_events"].value,
            interclub_cost=c["interclub_cost"].value, hourly_value=c["hourly_value"].value,
            new_contacts=c["new_contacts"].value, margin_rate=c["margin_rate"].value / 100,
            campaign_cost=c["campaign_cost"].value, campaign_contacts=c["campaign_contacts"].value,
        )

    def update(self) -> dict[str, Any]:
        result = super().update()
        if self._chart:
            self.outputs["chart"].value = charts.campaign_bars_html(result["comparison"])
        return result

    def figure(self):
        """The matplotlib chart of the current comparison (charts.campaign_chart), e.g. to print it."""
        return charts.campaign_chart(self.last["comparison"])


# --------------------------------------------------------------------------- 3. tie rater
def level_meaning(criterion: str, value: float) -> str:
    """What a rating means (SCALES); a rating between two levels (2.5) says so."""
    v = float(value)
    if v.is_integer():
        return SCALES[criterion][int(v)]
    return f"entre les niveaux {math.floor(v)} et {math.ceil(v)}"


def tie_view(frequency: float, intimacy: float, emotion: float, reciprocity: float) -> dict[str, Any]:
    """Strength (0-1) and class of one tie from its four ratings (0-4), with French HTML."""
    ratings = {"frequency": frequency, "intimacy": intimacy, "emotion": emotion, "reciprocity": reciprocity}
    strength = tie_strength(frequency, intimacy, emotion, reciprocity)
    tie = classify_tie(strength)
    meanings = {c: level_meaning(c, ratings[c]) for c in CRITERIA}
    colour = charts.TIE_COLOURS[tie]
    body = (
        f"Force du lien : <b>{fmt_strength(strength)}</b> (sur 1) → "
        f"<b style='color:{colour}'>{_TIE_WORDS[tie]}</b>"
        + _ul(f"{CRITERIA_LABELS[c]} : {number(ratings[c], 1, strip=True)} — {_esc(meanings[c])}" for c in CRITERIA)
    )
    return {"strength": strength, "tie": tie, "meanings": meanings, "html": _box("Votre lien", body, colour)}


class TieRater(_Widget):
    """Four sliders 0-4 (frequency, intimacy, emotion, reciprocity) -> strength and class.

    Controls: "frequency", "intimacy", "emotion", "reciprocity".  Outputs: "result" (HTML) and
    "meaning_<criterion>" (Label: what the chosen level means).
    """

    def __init__(self, frequency: int = 2, intimacy: int = 1, emotion: int = 1, reciprocity: int = 1) -> None:
        start = {"frequency": frequency, "intimacy": intimacy, "emotion": emotion, "reciprocity": reciprocity}
        self.controls = {
            c: W.IntSlider(value=start[c], min=RATING_MIN, max=RATING_MAX, step=1, description=CRITERIA_LABELS[c],
                           style={"description_width": "90px"}, layout=W.Layout(width="300px"))
            for c in CRITERIA
        }
        self.outputs = {"result": W.HTML()}
        for c in CRITERIA:
            self.outputs[f"meaning_{c}"] = W.Label()
        rows = [W.HBox([self.controls[c], self.outputs[f"meaning_{c}"]]) for c in CRITERIA]
        self.box = W.VBox(rows + [self.outputs["result"]])
        self._wire()

    def _compute(self) -> dict[str, Any]:
        return tie_view(*(self.controls[c].value for c in CRITERIA))

    def update(self) -> dict[str, Any]:
        result = super().update()
        for c in CRITERIA:
            self.outputs[f"meaning_{c}"].value = result["meanings"][c]
        return result


# --------------------------------------------------------------------------- 4. removal experiment
def removal_view(curves: Mapping[str, pd.DataFrame], order: str, share: float) -> dict[str, Any]:
    """Look up the share of members left in the largest group after removing `share` of the ties.

    `curves` maps "weak_first" and "strong_first" to `network.removal_curve` tables; the
    nearest computed step is used.  Returns keys: removed_share, giant_share, other_share
    (the other order at the same step), html.
    """
    if order not in curves:
        raise ReseauError(f"Ordre inconnu : {order!r}. Choisissez parmi : " + ", ".join(curves) + ".",
                          field="order", value=order)
    table = curves[order]
    removed = table["removed_share"].to_numpy(dtype=float)
    i = int(np.argmin(np.abs(removed - share)))
    giant = float(table["giant_share"].iloc[i])
    other_order = next((o for o in curves if o != order), None)
    other = None
    if other_order is not None:
        other_table = curves[other_order]
        j = int(np.argmin(np.abs(other_table["removed_share"].to_numpy(dtype=float) - removed[i])))
        other = float(other_table["giant_share"].iloc[j])
    shown = percents(removed[i], giant, *([other] if other is not None else []))
    text = (f"Après avoir retiré <b>{shown[0]}</b> des liens ({charts.ORDER_LABELS.get(order, order)}), "
            f"<b>{shown[1]}</b> des membres restent dans le plus grand groupe.")
    if other is not None:
        text += (f"<br>Dans l'autre ordre ({charts.ORDER_LABELS.get(other_order, other_order)}), "
                 f"il en resterait {shown[2]}.")
    return {"removed_share": float(removed[i]), "giant_share": giant, "other_share": other,
            "html": _box("Le réseau après le retrait", text)}


class RemovalExperiment(_Widget):
    """Toggle weak-first / strong-first and a slider for the share of ties removed.

    Both removal curves are computed once (`network.removal_curve`); an update is a lookup.
    Controls: "order" (ToggleButtons, values "weak_first"/"strong_first"), "share" (0-1).
    Outputs: "result" (HTML), "chart" (Image of both curves, drawn once) unless `chart=False`.
    """

    def __init__(self, G: nx.Graph | None = None, *, weight: str = "weight", steps: int = 20,
                 curves: Mapping[str, pd.DataFrame] | None = None, chart: bool = True) -> None:
        if curves is None:
            from .network import removal_curve

            if G is None:
                from .data import load_community

                G = load_community()
            curves = {order: removal_curve(G, weight=weight, order=order, steps=steps)
                      for order in ("weak_first", "strong_first")}
        self.curves = dict(curves)
        shares = np.unique(np.concatenate([t["removed_share"].to_numpy(dtype=float) for t in self.curves.values()]))
        # evenly spaced steps (removal_curve rounds each step to whole edges, so raw gaps vary slightly);
        # the lookup takes the nearest computed step, and the French readout is in the result below
        step = float(shares.max() - shares.min()) / (len(shares) - 1) if len(shares) > 1 else 0.05
        self.controls = {
            "order": W.ToggleButtons(options=[("Liens faibles d'abord", "weak_first"),
                                              ("Liens forts d'abord", "strong_first")],
                                     value="weak_first", description="Retirer :",
                                     style={"button_width": "180px"}),
            "share": W.FloatSlider(value=0.0, min=float(shares.min()), max=float(shares.max()), step=round(step, 6),
                                   description="Part des liens retirés", readout=False,
                                   style={"description_width": "160px"}, layout=W.Layout(width="520px")),
        }
        self.outputs: dict[str, W.Widget] = {"result": W.HTML()}
        if chart:
            fig = charts.removal_chart(self.curves)
            self.outputs["chart"] = W.Image(value=charts.figure_png(fig), format="png", layout=W.Layout(width="560px"))
        self.box = W.VBox([self.controls["order"], self.controls["share"], self.outputs["result"]]
                          + ([self.outputs["chart"]] if chart else []))
        self._wire()

    def _compute(self) -> dict[str, Any]:
        return removal_view(self.curves, self.controls["order"].value, self.controls["share"].value)


# --------------------------------------------------------------------------- 5. my contacts
def _is_empty(cell: Any) -> bool:
    """A truly empty cell: missing (None, NaN) or blank text."""
    if isinstance(cell, str):
        return not cell.strip()
    return cell is None or (isinstance(cell, float) and math.isnan(cell)) or cell is pd.NA or cell is pd.NaT


def prepare_contacts(contacts: pd.DataFrame) -> pd.DataFrame:
    """A copy of `contacts` ready to rate: missing criteria columns added empty (NaN), a
    missing sector filled with « non renseigné » (left out of the sector figures), and a
    `name` column guaranteed.

    Only truly empty rating cells mean « à noter »; any other rating must be a number from
    0 to 4 (ties.check_ratings): « trois » or 7 raises a French ReseauError naming the row
    (index label of `contacts`), the field and the value.
    """
    if not isinstance(contacts, pd.DataFrame):
        raise ReseauError(
            f"Attendu : un tableau de contacts (DataFrame), reçu : {type(contacts).__name__}. "
            "Chargez-le avec load_contacts() ou load_linkedin_connections(chemin).",
            value=type(contacts).__name__,
        )
    ratings = {}
    for c in CRITERIA:
        if c not in contacts:
            ratings[c] = np.full(len(contacts), np.nan)
            continue
        column = contacts[c].astype(object).map(lambda x: np.nan if _is_empty(x) else x)
        given = column[column.notna()]
        if len(given):
            check_ratings(c, given, where="vos contacts")
        ratings[c] = column.to_numpy(dtype=float)
    out = contacts.copy().reset_index(drop=True)
    for c in CRITERIA:
        out[c] = ratings[c]
    if "sector" not in out:
        out["sector"] = UNKNOWN_SECTOR
    out["sector"] = out["sector"].fillna(UNKNOWN_SECTOR)
    if "name" not in out:
        first = out.get("first_name", pd.Series([""] * len(out)))
        last = out.get("last_name", pd.Series([""] * len(out)))
        out["name"] = (first.fillna("").astype(str) + " " + last.fillna("").astype(str)).str.strip()
        out.loc[out["name"] == "", "name"] = [f"Contact {i + 1}" for i in out.index[out["name"] == ""]]
    return out


def network_diagnosis(contacts: pd.DataFrame) -> dict[str, Any]:
    """Live diagnosis of a learner's contacts (rated ones only; NaN = not rated yet).

    Returns keys: n_rated, n_unrated, profile (Series of ties.network_profile, or None when
    nothing is rated), only_weak (sectors reached only through weak ties), scored, advice
    (list of French sentences), html.
    """
    contacts = prepare_contacts(contacts)
    rated_mask = contacts[list(CRITERIA)].notna().all(axis=1)
    n_rated = int(rated_mask.sum())
    n_unrated = len(contacts) - n_rated
    if n_rated == 0:
        message = ("Aucun contact n'est encore noté : choisissez un contact dans la liste et donnez-lui ses "
                   "quatre notes (fréquence, intimité, émotion, réciprocité)." if len(contacts) else
                   "Votre liste de contacts est vide : ajoutez des contacts pour établir un diagnostic.")
        return {"n_rated": 0, "n_unrated": n_unrated, "profile": None, "only_weak": [], "scored": None,
                "advice": [message], "html": _box("Diagnostic de votre réseau", _esc(message), "#d68910")}
    scored = score_contacts(contacts[rated_mask])
    profile = network_profile(scored)
    only_weak = sectors_only_through(scored, "faible")
    advice = network_advice(profile, only_weak)
    shares = percents(profile["share_strong"], profile["share_weak"], profile["share_absent"])
    lines = [
        f"Contacts notés : <b>{n_rated}</b>" + (f" ({n_unrated} à noter)" if n_unrated else ""),
        f"Liens forts : <b>{profile['n_strong']}</b> ({shares[0]}) ; "
        f"liens faibles : <b>{profile['n_weak']}</b> ({shares[1]}) ; "
        f"liens absents : {profile['n_absent']} ({shares[2]})",
        f"Secteurs atteints par des liens forts : {profile['sectors_strong']} ; par des liens faibles : "
        f"{profile['sectors_weak']}",
        "Secteurs atteints seulement par des liens faibles : "
        + (_esc(", ".join(only_weak)) if only_weak else "aucun"),
    ]
    if profile["n_unknown_sector"]:
        lines.append(_esc(unknown_sector_note(profile["n_unknown_sector"])))
    body = _ul(lines) + "<b>À retenir</b>" + _ul(_esc(a) for a in advice)
    return {"n_rated": n_rated, "n_unrated": n_unrated, "profile": profile, "only_weak": only_weak,
            "scored": scored, "advice": advice, "html": _box("Diagnostic de votre réseau", body)}


def _sector_suggestions(contacts: pd.DataFrame) -> list[str]:
    """Sectors to suggest when the learner gives a contact its sector: those of the list, then the course's."""
    from .data import load_contacts

    own = [s for s in contacts["sector"].dropna().astype(str) if s.strip() and s != UNKNOWN_SECTOR]
    try:
        course = list(load_contacts()["sector"].dropna().astype(str))
    except ReseauError:  # the course's data missing: the list's own sectors only
        course = []
    return sorted(set(own) | set(course))


class ContactRater(_Widget):
    """Pick one of my contacts, rate it with four sliders, give it a sector, read the live diagnosis.

    Controls: "contact" (Dropdown; value = row number in `.contacts`), the four criteria and "sector" (a text
    box with suggestions: a LinkedIn export has no sector, and the sectors reached only through weak ties can
    only be found once contacts have one; empty = « non renseigné »).
    Outputs: "tie" (HTML: the selected contact's strength), "result" (HTML: the diagnosis).
    `.contacts` holds the ratings as edited (NaN = not rated yet); `.scored()` gives the rated
    contacts scored, ready for `plan.action_plan`.

    `save_to`: a CSV file (in the learner's folder) where every rating is saved as it is given, and
    from which the ratings are restored when the widget is built again (after a kernel restart).
    Outputs then include "saved" (HTML: where the ratings are kept, how many were restored).
    """

    def __init__(self, contacts: pd.DataFrame | None = None, *, save_to: str | Path | None = None) -> None:
        if contacts is None:
            from .data import load_contacts

            contacts = load_contacts()
        self.contacts = prepare_contacts(contacts)
        if len(self.contacts) == 0:
            raise ReseauError("La liste de contacts est vide : ajoutez au moins un contact avant de la noter.",
                              value=0)
        self.save_to = Path(save_to) if save_to is not None else None
        self._other_rows = None
        saved_note = ""
        if self.save_to is not None:
            if self.save_to.exists():
                self.contacts, restored, self._other_rows = load_ratings(self.contacts, self.save_to)
                saved_note = (f"Notes reprises du fichier « {_esc(self.save_to.name)} » : "
                              f"{count(restored, 'contact noté', 'contacts notés')}. ")
            saved_note += (f"Chaque note est enregistrée dans « {_esc(self.save_to.name)} », à côté de ce carnet : "
                           "elle sera reprise la prochaine fois que vous exécuterez cette cellule.")
        company = self.contacts["company"] if "company" in self.contacts else pd.Series([""] * len(self.contacts))
        options = [
            (f"{name} ({comp})" if isinstance(comp, str) and comp else str(name), i)
            for i, (name, comp) in enumerate(zip(self.contacts["name"], company))
        ]
        self.controls = {"contact": W.Dropdown(options=options, value=0, description="Contact",
                                               layout=W.Layout(width="420px"))}
        for c in CRITERIA:  # half points allowed (2,5); the value is shown in French in the label beside
            self.controls[c] = W.FloatSlider(value=0, min=RATING_MIN, max=RATING_MAX, step=0.5, readout=False,
                                             description=CRITERIA_LABELS[c], style={"description_width": "90px"},
                                             layout=W.Layout(width="300px"))
        self.controls["sector"] = W.Combobox(value="", options=_sector_suggestions(self.contacts),
                                             placeholder="à renseigner : tapez ou choisissez", ensure_option=False,
                                             continuous_update=False, description="Secteur",
                                             style={"description_width": "90px"}, layout=W.Layout(width="420px"))
        self.outputs = {"tie": W.HTML(), "result": W.HTML()}
        if self.save_to is not None:
            self.outputs["saved"] = W.HTML(f"<i>{saved_note}</i>")
        self._meaning = {c: W.Label() for c in CRITERIA}
        self._syncing = False
        rows = [W.HBox([self.controls[c], self._meaning[c]]) for c in CRITERIA]
        self.box = W.VBox([self.controls["contact"]] + rows + [self.controls["sector"], self.outputs["tie"],
                                                               self.outputs["result"]]
                          + ([self.outputs["saved"]] if "saved" in self.outputs else []))
        self.controls["contact"].observe(self._on_pick, names="value")
        for c in CRITERIA:
            self.controls[c].observe(self._on_rate, names="value")
        self.controls["sector"].observe(self._on_sector, names="value")
        self._load_selected()
        self.update()

    # The selected contact's ratings go into the sliders without counting as a rating.
    def _load_selected(self) -> None:
        row = self.contacts.loc[self.controls["contact"].value]
        self._syncing = True
        try:
            for c in CRITERIA:
                value = row[c]
                self.controls[c].value = 0.0 if pd.isna(value) else float(value)  # exact, never rounded
            sector = row["sector"]
            self.controls["sector"].value = "" if pd.isna(sector) or sector == UNKNOWN_SECTOR else str(sector)
        finally:
            self._syncing = False

    def _on_pick(self, _change: Any = None) -> None:
        self._load_selected()
        self.update()

    def _on_rate(self, change: Any = None) -> None:
        if self._syncing:
            return
        i = self.controls["contact"].value
        moved = [c for c in CRITERIA if change is not None and getattr(change, "owner", None) is self.controls[c]]
        if not moved and isinstance(change, dict):
            moved = [c for c in CRITERIA if change.get("owner") is self.controls[c]]
        rated = self.contacts.loc[i, list(CRITERIA)].notna().all()
        # Moving one slider of a contact not rated yet rates it on all four criteria; for a rated
        # contact only the moved criterion changes (the others keep their exact value, e.g. 2.3).
        for c in (moved if rated and moved else CRITERIA):
            self.contacts.loc[i, c] = float(self.controls[c].value)
        if self.save_to is not None:
            save_ratings(self.contacts, self.save_to, keep=self._other_rows)
        self.update()

    def _on_sector(self, _change: Any = None) -> None:
        if self._syncing:
            return
        i = self.controls["contact"].value
        text = " ".join(str(self.controls["sector"].value).split())
        self.contacts.loc[i, "sector"] = text or UNKNOWN_SECTOR
        if self.save_to is not None:
            save_ratings(self.contacts, self.save_to, keep=self._other_rows)
        self.update()

    def set_sector(self, contact: int, sector: str) -> dict[str, Any]:
        """Give one contact (row number) its sector as a learner would in the « Secteur » box; returns the
        diagnosis.  An empty sector means « non renseigné »."""
        self.controls["contact"].value = contact
        self.controls["sector"].value = sector
        self._on_sector()
        return self.last

    def _compute(self) -> dict[str, Any]:
        return network_diagnosis(self.contacts)

    def update(self) -> dict[str, Any]:
        result = super().update()
        i = self.controls["contact"].value
        row = self.contacts.loc[i]
        for c in CRITERIA:
            value = self.controls[c].value
            self._meaning[c].value = f"{number(value, 2, strip=True)} : {level_meaning(c, value)}"
        if row[list(CRITERIA)].isna().any():
            self.outputs["tie"].value = (f"<i>{_esc(row['name'])} n'est pas encore noté : bougez un curseur "
                                         "pour lui donner ses quatre notes.</i>")
        else:
            tie = tie_view(*(self.controls[c].value for c in CRITERIA))
            self.outputs["tie"].value = (f"{_esc(row['name'])} : force {fmt_strength(tie['strength'])} → "
                                         f"<b>{_TIE_WORDS[tie['tie']]}</b>")
        return result

    def rate(self, contact: int, frequency: float, intimacy: float, emotion: float,
             reciprocity: float, sector: str | None = None) -> dict[str, Any]:
        """Rate one contact (row number) as a learner would with the controls, and give it `sector` if given;
        returns the diagnosis."""
        self.controls["contact"].value = contact
        self._syncing = True
        try:
            for c, v in zip(CRITERIA, (frequency, intimacy, emotion, reciprocity)):
                self.controls[c].value = v
        finally:
            self._syncing = False
        self._on_rate()
        if sector is not None:
            self.set_sector(contact, sector)
        return self.last

    def scored(self) -> pd.DataFrame:
        """The rated contacts, scored (strength and tie columns), for plan.action_plan.

        With no contact rated yet, a French ReseauError says how many contacts wait for their ratings
        (not that the network is empty)."""
        return rated_contacts(self.contacts)
