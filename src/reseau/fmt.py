"""French formatting of what learners read: numbers ("1 060 €", "65 h", "62,5 %") and tables.

One place for the French conventions: a no-break space as thousands separator and
before the unit, a decimal comma.  Widgets, charts and the action plan all use it.
`french_table` shows a table with French headers (one mapping, `COLUMN_HEADERS`),
slot and goal codes in words and True/False as oui/non.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping
from typing import Any

import pandas as pd

from .clubs import GOALS, SLOTS, parse_goals
from .errors import FIELD_LABELS, ReseauError, strip_ansi  # noqa: F401  (strip_ansi: re-exported)

__all__ = ["NBSP", "strip_ansi", "number", "euros", "hours", "percent", "strength", "plain", "COLUMN_HEADERS", "french_table"]

#: No-break space: keeps "1 060 €" on one line in HTML and in print.
NBSP = "\u00a0"

def number(value: float, decimals: int = 0, *, strip: bool = False) -> str:
    """`value` with French separators: number(1060) -> "1 060", number(0.5625, 2) -> "0,56".

    With `strip`, trailing decimal zeros go: number(65.0, 1, strip=True) -> "65".
    Not-a-number gives "—".
    """
    if not isinstance(value, numbers.Real) or isinstance(value, bool) or not math.isfinite(float(value)):
        return "—"
    text = f"{float(value):,.{decimals}f}"
    if strip and "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", "-0.0") or (text.startswith("-") and float(text.replace(",", "")) == 0):
        text = text[1:]
    return text.replace(",", NBSP).replace(".", ",")


def count(n: int, singular: str, plural: str | None = None) -> str:
    """`n` and its noun, agreed: count(1, "club") -> "1 club", count(9, "club") -> "9 clubs",
    count(0, "club") -> "0 club" (French: singular below 2), count(3, "nœud", "nœuds")."""
    word = singular if abs(n) < 2 else (plural or singular + "s")
    return f"{number(n)} {word}"


def agree(n: float, singular: str, plural: str | None = None) -> str:
    """The word alone, agreed with `n`: agree(1, "correspond", "correspondent") -> "correspond"."""
    return singular if abs(n) < 2 else (plural or singular + "s")


def euros(value: float, decimals: int = 0) -> str:
    """An amount in euros: euros(1060) -> "1 060 €", euros(40.77, 2) -> "40,77 €"."""
    return f"{number(value, decimals)}{NBSP}€"


def hours(value: float, decimals: int = 1) -> str:
    """A duration in hours, trailing zeros dropped: hours(65) -> "65 h", hours(5.4167) -> "5,4 h"."""
    return f"{number(value, decimals, strip=True)}{NBSP}h"


def percent(share: float, decimals: int = 1) -> str:
    """A share in [0, 1] as a percentage: percent(0.625) -> "62,5 %", percent(0.5) -> "50 %"."""
    if not isinstance(share, numbers.Real) or isinstance(share, bool):
        return "—"
    return f"{number(100 * float(share), decimals, strip=True)}{NBSP}%"


def percents(*shares: float, decimals: int = 1) -> list[str]:
    """Shares read side by side, in one style: no decimals when every one is whole at `decimals`
    (« 25 % », « 50 % »), else `decimals` for all (« 18,0 % » beside « 73,8 % », never « 18 % »)."""
    whole = all(isinstance(x, numbers.Real) and not isinstance(x, bool) and math.isfinite(float(x))
                and round(100 * float(x), decimals) == round(100 * float(x)) for x in shares)
    if whole:
        return [percent(x, 0) for x in shares]
    return [f"{number(100 * float(x), decimals)}{NBSP}%" if isinstance(x, numbers.Real) and not isinstance(x, bool)
            else "—" for x in shares]


def strength(value: float) -> str:
    """A tie strength (0-1), exact up to 5 decimals so a threshold never looks crossed:
    strength(0.625) -> "0,625", strength(0.3125) -> "0,3125", strength(0.5) -> "0,5"."""
    return number(value, 5, strip=True)


def plain(text: str) -> str:
    """`text` with no-break spaces turned into ordinary spaces (for tests and plain files)."""
    return text.replace(NBSP, " ").replace("\u202f", " ")


#: French header of every column a learner may see in a table (column name -> header).
#: The field labels of error messages (errors.FIELD_LABELS) come first; the rest are table columns.
COLUMN_HEADERS: dict[str, str] = {
    **FIELD_LABELS,
    # contacts and ties
    "name": "nom",
    "company": "entreprise",
    "met_at": "rencontré(e) lors de",
    "position": "poste",
    "connected_on": "en relation depuis le",
    "tie": "lien",
    "first_name": "prénom",
    "last_name": "nom de famille",
    # clubs and memberships
    "kind": "type de réseau",
    "town": "ville",
    "members": "membres",
    "goals_matched": "objectifs servis",
    "cash_cost": "coût par an",
    "hours_per_month": "heures par mois",
    "regular_meetings": "réunions du club par an",
    "board_meetings": "réunions de bureau par an",
    "meetings_per_year": "réunions par an",
    "hours_per_year": "heures par an",
    "time_cost": "valeur du temps par an",
    "total_cost": "coût total par an",
    "annual_cost": "coût par an",
    "cost_per_contact": "coût par contact",
    "option": "option",
    # networks
    "source": "membre 1",
    "target": "membre 2",
    "u": "personne 1",
    "v": "personne 2",
    "weight": "poids",
    "embeddedness": "contacts communs",
    "overlap": "chevauchement des voisinages",
    "local_bridge": "pont local",
    "span": "portée",
    "removed_share": "part des liens retirés",
    "giant_share": "part dans le plus grand groupe",
}


def _cell_fr(column: Any, value: Any) -> Any:
    """One cell as a learner reads it: slot and goal codes in words, booleans as oui/non."""
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return "oui" if value else "non"
    if column == "slot" and isinstance(value, str):
        return SLOTS.get(value, value)
    if column == "goals" and isinstance(value, str):
        try:
            codes = parse_goals(value)
        except ReseauError:
            return value  # shown as written: displaying is not checking
        return ", ".join(text for code, text in GOALS.items() if code in codes)
    return value


def _column_fr(column: Any, values: pd.Series | pd.Index) -> Any:
    if pd.api.types.is_float_dtype(values.dtype):
        # decimal comma: strengths exact (fmt.strength), other reals up to 4 decimals
        if column == "strength":
            return values.map(strength)
        return values.map(lambda v: "∞" if v == math.inf else number(v, 4, strip=True))
    translate = column in ("slot", "goals") or values.dtype == bool or (
        values.dtype == object and any(isinstance(v, bool) or type(v).__name__ == "bool_" for v in values))
    if not translate:
        return values
    return values.map(lambda v: _cell_fr(column, v))


def french_table(table: pd.DataFrame, headers: Mapping[str, str] | None = None) -> pd.DataFrame:
    """A copy of `table` as learners read it, for display in a notebook or a widget.

    Columns (and the index name) get their French header from `COLUMN_HEADERS`, or from
    `headers` (which wins: for columns made in a notebook).  Slot codes ("petit-dejeuner")
    and goal codes ("affaires;territoire") become words, in the columns and in the index;
    True/False become « oui » / « non »; real numbers are written with a decimal comma
    (up to 4 decimals; a tie strength exactly).  Other columns are left as they are.
    """
    if not isinstance(table, pd.DataFrame):
        raise ReseauError(
            f"Attendu : un tableau pandas (DataFrame), reçu : {type(table).__name__}.",
            field="table", value=type(table).__name__,
        )
    names = {**COLUMN_HEADERS, **(dict(headers) if headers else {})}
    out = table.copy()
    for column in out.columns:
        out[column] = _column_fr(column, out[column])
    if not isinstance(out.index, pd.MultiIndex):
        index_name = out.index.name
        out.index = _column_fr(index_name, out.index)
        out.index.name = names.get(index_name, index_name) if index_name is not None else None
    return out.rename(columns=lambda c: names.get(c, c))
