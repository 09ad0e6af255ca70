"""The package's single error type and the helpers that word its French messages.

Every message a learner or trainer can read is French and names the field, the row
(when there is one) and the offending value, then says what to do next.
"""

from __future__ import annotations

import re

from typing import Any

__all__ = ["ReseauError", "FIELD_LABELS", "field_label", "describe_row", "invalid_value", "missing_columns"]

#: French names of the fields that learners meet in data and function arguments.
FIELD_LABELS: dict[str, str] = {
    "frequency": "fréquence",
    "intimacy": "intimité",
    "emotion": "émotion",
    "reciprocity": "réciprocité",
    "strength": "force du lien",
    "weights": "pondérations",
    "fee": "cotisation annuelle",
    "meetings_per_month": "réunions par mois",
    "months_per_year": "mois d'activité par an",
    "meal_cost": "coût du repas",
    "meeting_hours": "durée d'une réunion",
    "travel_hours": "temps de trajet",
    "board": "membre du bureau",
    "board_meetings_per_month": "réunions de bureau par mois",
    "interclub_events": "événements interclubs par an",
    "interclub_cost": "coût d'un événement interclubs",
    "hourly_value": "valeur d'une heure",
    "new_contacts": "nouveaux contacts",
    "margin_rate": "taux de marge",
    "attendance": "part des réunions suivies",
    "campaign_cost": "coût de la campagne",
    "campaign_contacts": "contacts de la campagne",
    "goals": "objectifs",
    "slot": "créneau",
    "slots": "créneaux",
    "max_cash_cost": "budget maximal",
    "max_hours_per_month": "temps maximal par mois",
    "sector": "secteur",
    "id": "identifiant",
    "member_id": "identifiant du membre",
    "club_id": "identifiant du club",
    "contact_id": "identifiant du contact",
    "order": "ordre de retrait",
    "steps": "nombre d'étapes",
    "person": "personne",
    "event": "événement",
}


def field_label(field: str) -> str:
    """Return « french label » (column `field`) for a field name."""
    label = FIELD_LABELS.get(field)
    if label is None or label == field:
        return f"« {field} »"
    return f"« {label} » (colonne {field})"


def describe_row(row: Any) -> str:
    """Word a row reference: an int/str index label, or None for a single value."""
    if row is None:
        return ""
    return f", ligne {row}"


class ReseauError(ValueError):
    """Invalid input to a `reseau` function, with a French message.

    Attributes keep the parts of the message so that code (and tests) can inspect them.
    """

    def __init__(self, message: str, *, field: str | None = None, row: Any = None, value: Any = None) -> None:
        super().__init__(message)
        self.field = field
        self.row = row
        self.value = value


def invalid_value(field: str, value: Any, expected: str, *, row: Any = None, where: str | None = None) -> ReseauError:
    """Build (not raise) the error for one bad value.

    `expected` is a French phrase such as "un nombre entre 0 et 4".
    `where` optionally names the table or file ("contacts.csv").
    """
    place = f" dans {where}" if where else ""
    message = (
        f"Valeur invalide pour {field_label(field)}{place}{describe_row(row)} : {value!r}. "
        f"Attendu : {expected}. Corrigez cette valeur puis relancez la cellule."
    )
    return ReseauError(message, field=field, row=row, value=value)


def missing_columns(missing: list[str], *, where: str | None = None) -> ReseauError:
    """Build the error for a table that lacks required columns."""
    place = f" dans {where}" if where else " dans le tableau"
    names = ", ".join(field_label(c) for c in missing)
    message = (
        f"{'Colonnes manquantes' if len(missing) > 1 else 'Colonne manquante'}{place} : {names}. "
        "Ajoutez ces colonnes (ou vérifiez leur orthographe) puis relancez la cellule."
    )
    return ReseauError(message, field=missing[0] if missing else None, value=missing)


_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def strip_ansi(text: str) -> str:
    """`text` without terminal colour codes (Jupyter's tracebacks carry them): what a reader sees.

    Here, at the ground of the library, so that the Jupyter server's extension (reseau.verification)
    uses it without importing pandas into every participant's server."""
    return _ANSI.sub("", text)
