"""French formatting of the numbers learners read: "1 060 €", "65 h", "62,5 %".

One place for the French conventions: a no-break space as thousands separator and
before the unit, a decimal comma.  Widgets, charts and the action plan all use it.
"""

from __future__ import annotations

import math
import numbers

__all__ = ["NBSP", "number", "euros", "hours", "percent", "plain"]

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


def plain(text: str) -> str:
    """`text` with no-break spaces turned into ordinary spaces (for tests and plain files)."""
    return text.replace(NBSP, " ").replace("\u202f", " ")
