"""Tie strength after Granovetter (1973).

Granovetter defined the strength of a tie as "a (probably linear) combination of the
amount of time, the emotional intensity, the intimacy (mutual confiding), and the
reciprocal services which characterize the tie" (AJS 78(6), p. 1361).  The course's
source text names the same four criteria: fréquence, intimité, émotion, réciprocité.

Each criterion is rated from 0 to 4; the strength is the weighted mean of the four
ratings divided by 4, so it lies in [0, 1].
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from .errors import ReseauError, field_label, invalid_value, missing_columns

__all__ = [
    "CRITERIA",
    "RATING_MIN",
    "RATING_MAX",
    "STRONG_MIN",
    "WEAK_MIN",
    "TIE_CLASSES",
    "FREQUENCY_SCALE",
    "normalise_weights",
    "check_ratings",
    "tie_strength",
    "classify_tie",
    "score_contacts",
    "UNKNOWN_SECTOR",
    "known_sectors",
    "sectors_reached",
    "network_profile",
    "sectors_only_through",
]

#: The four criteria, in the order of Granovetter's definition as the source text lists them.
CRITERIA: tuple[str, ...] = ("frequency", "intimacy", "emotion", "reciprocity")
RATING_MIN = 0
RATING_MAX = 4
#: Strength from which a tie is strong: a mean rating of 2.5 or more.
STRONG_MIN = 0.625
#: Strength from which a tie exists (weak): a mean rating of 0.5 or more.
WEAK_MIN = 0.125
#: Class labels, as learners read them.
TIE_CLASSES: tuple[str, ...] = ("fort", "faible", "absent")
#: What a contact's sector reads when it is not known (a LinkedIn import has none).
UNKNOWN_SECTOR = "non renseigné"
#: What each frequency rating means (French, shown to learners).
FREQUENCY_SCALE: dict[int, str] = {
    0: "une fois par an ou moins",
    1: "quelques fois par an",
    2: "environ une fois par mois (le rythme d'un club)",
    3: "environ une fois par semaine",
    4: "au moins deux fois par semaine",
}

# Floating-point slack for the class thresholds: a weighted mean that should be exactly
# 0.625 may come out as 0.62499999999999989 after normalising the weights.
_EPS = 1e-9
_RATING_EXPECTED = f"une note entre {RATING_MIN} et {RATING_MAX} (un nombre)"


def _is_real(x: Any) -> bool:
    return isinstance(x, numbers.Real) and not isinstance(x, (bool, np.bool_))


def normalise_weights(weights: Mapping[str, Any] | None) -> dict[str, float]:
    """Return the four weights normalised to sum to 1 (equal weights when None)."""
    if weights is None:
        return {c: 0.25 for c in CRITERIA}
    if not isinstance(weights, Mapping):
        raise invalid_value("weights", weights, "un dictionnaire {critère: poids}, par exemple {'emotion': 2, ...}")
    unknown = [k for k in weights if k not in CRITERIA]
    if unknown:
        raise invalid_value(
            "weights", unknown[0], "un des critères " + ", ".join(CRITERIA)
        )
    missing = [c for c in CRITERIA if c not in weights]
    if missing:
        raise ReseauError(
            "Il manque le poids de : " + ", ".join(field_label(c) for c in missing)
            + ". Donnez un poids (0 ou plus) à chacun des quatre critères.",
            field="weights",
            value=missing,
        )
    for c in CRITERIA:
        w = weights[c]
        if not _is_real(w) or not np.isfinite(w) or w < 0:
            raise invalid_value("weights", w, f"un poids positif ou nul pour {field_label(c)}")
    total = float(sum(weights[c] for c in CRITERIA))
    if total == 0:
        raise ReseauError(
            "Les quatre poids sont nuls : donnez un poids strictement positif à au moins un critère.",
            field="weights",
            value=dict(weights),
        )
    return {c: float(weights[c]) / total for c in CRITERIA}


def check_ratings(field: str, value: Any, *, where: str | None = None) -> Any:
    """Check one criterion's ratings and return them as float (scalar, ndarray or Series).

    Raises `ReseauError` naming the field, the row (index label) and the value for a
    missing, non-numeric or out-of-range rating.  Nothing is coerced: the text "3" is
    refused, not read as 3.
    """
    if isinstance(value, pd.Series):
        series = value
        if series.dtype == bool or not (pd.api.types.is_numeric_dtype(series.dtype)):
            for label, x in series.items():
                if not _is_real(x):
                    raise invalid_value(field, x, _RATING_EXPECTED, row=label, where=where)
        arr = series.to_numpy(dtype=float, na_value=np.nan)
        labels = list(series.index)
        bad = np.flatnonzero(~((arr >= RATING_MIN) & (arr <= RATING_MAX)))
        if bad.size:
            i = int(bad[0])
            x = series.iloc[i]
            expected = _RATING_EXPECTED if not pd.isna(x) else _RATING_EXPECTED + " ; ce contact n'est pas encore noté"
            raise invalid_value(field, x, expected, row=labels[i], where=where)
        return pd.Series(arr, index=series.index, name=series.name)
    if isinstance(value, (np.ndarray, list, tuple)):
        arr = np.asarray(value, dtype=object)
        flat = arr.ravel()
        for i, x in enumerate(flat):
            if not _is_real(x) or not (RATING_MIN <= x <= RATING_MAX):
                expected = _RATING_EXPECTED
                raise invalid_value(field, x, expected, row=i if arr.ndim else None, where=where)
        return arr.astype(float)
    if not _is_real(value) or not (RATING_MIN <= value <= RATING_MAX):
        raise invalid_value(field, value, _RATING_EXPECTED, where=where)
    return float(value)


def tie_strength(
    frequency: Any,
    intimacy: Any,
    emotion: Any,
    reciprocity: Any,
    *,
    weights: Mapping[str, Any] | None = None,
) -> Any:
    """Strength of a tie in [0, 1]: the weighted mean of the four ratings (0-4) divided by 4.

    Scalars give a float; pandas Series give a Series (index of the first Series);
    arrays give an ndarray, computed element-wise.
    """
    w = normalise_weights(weights)
    values = {
        "frequency": check_ratings("frequency", frequency),
        "intimacy": check_ratings("intimacy", intimacy),
        "emotion": check_ratings("emotion", emotion),
        "reciprocity": check_ratings("reciprocity", reciprocity),
    }
    index = next((v.index for v in values.values() if isinstance(v, pd.Series)), None)
    arrays = {c: (v.to_numpy() if isinstance(v, pd.Series) else v) for c, v in values.items()}
    shapes = {np.shape(a) for a in arrays.values() if np.ndim(a)}
    if len(shapes) > 1:
        raise ReseauError(
            "Les quatre critères n'ont pas le même nombre de notes : donnez une note par contact pour chaque critère.",
            field="frequency",
            value=sorted(shapes),
        )
    total = sum(w[c] * arrays[c] for c in CRITERIA) / RATING_MAX
    if index is not None:
        return pd.Series(np.asarray(total, dtype=float), index=index, name="strength")
    if np.ndim(total):
        return np.asarray(total, dtype=float)
    return float(total)


def _classify_one(s: float) -> str:
    if s >= STRONG_MIN - _EPS:
        return "fort"
    if s >= WEAK_MIN - _EPS:
        return "faible"
    return "absent"


def classify_tie(strength: Any) -> Any:
    """Class of a tie: "fort" from STRONG_MIN (0.625), "faible" from WEAK_MIN (0.125), else "absent".

    A float gives a str; a Series gives a Series of str (same index); an array gives an array.
    """
    expected = "une force entre 0 et 1 (calculée par tie_strength)"
    if isinstance(strength, pd.Series):
        if strength.dtype == bool or not pd.api.types.is_numeric_dtype(strength.dtype):
            for label, x in strength.items():
                if not _is_real(x):
                    raise invalid_value("strength", x, expected, row=label)
        arr = strength.to_numpy(dtype=float, na_value=np.nan)
        bad = np.flatnonzero(~((arr >= 0) & (arr <= 1)))
        if bad.size:
            i = int(bad[0])
            raise invalid_value("strength", strength.iloc[i], expected, row=strength.index[i])
        out = np.where(arr >= STRONG_MIN - _EPS, "fort", np.where(arr >= WEAK_MIN - _EPS, "faible", "absent"))
        return pd.Series(out, index=strength.index, name="tie", dtype=object)
    if isinstance(strength, (np.ndarray, list, tuple)):
        arr = np.asarray(strength, dtype=object)
        for i, x in enumerate(arr.ravel()):
            if not _is_real(x) or not (0 <= x <= 1):
                raise invalid_value("strength", x, expected, row=i)
        arr = arr.astype(float)
        return np.where(arr >= STRONG_MIN - _EPS, "fort", np.where(arr >= WEAK_MIN - _EPS, "faible", "absent")).astype(object)
    if not _is_real(strength) or not (0 <= strength <= 1):
        raise invalid_value("strength", strength, expected)
    return _classify_one(float(strength))


def _require_frame(contacts: Any, columns: tuple[str, ...], where: str) -> None:
    if not isinstance(contacts, pd.DataFrame):
        raise ReseauError(
            f"Attendu : un tableau pandas (DataFrame) de {where}, reçu : {type(contacts).__name__}. "
            "Chargez vos contacts avec load_contacts() ou pd.read_csv(...).",
            value=type(contacts).__name__,
        )
    missing = [c for c in columns if c not in contacts.columns]
    if missing:
        raise missing_columns(missing, where=where)


def score_contacts(contacts: pd.DataFrame, weights: Mapping[str, Any] | None = None) -> pd.DataFrame:
    """Return a copy of `contacts` with `strength` and `tie` columns added (input untouched)."""
    _require_frame(contacts, CRITERIA, "les contacts")
    scored = contacts.copy()
    strength = tie_strength(*(contacts[c] for c in CRITERIA), weights=weights)
    scored["strength"] = strength
    scored["tie"] = classify_tie(strength)
    return scored


def known_sectors(sectors: pd.Series) -> pd.Series:
    """True where the sector is known: not missing, not blank and not « non renseigné »."""
    text = sectors.astype(object).where(sectors.notna(), None)
    return text.map(lambda x: isinstance(x, str) and x.strip() != "" and x.strip() != UNKNOWN_SECTOR).astype(bool)


def sectors_reached(scored: pd.DataFrame, ties: tuple[str, ...] = ("fort", "faible")) -> list[str]:
    """Sorted known sectors reached through ties of the classes `ties` (default: strong or weak).

    Unknown sectors (missing, blank, « non renseigné ») are left out.
    """
    _require_frame(scored, ("tie", "sector"), "les contacts notés (résultat de score_contacts)")
    for t in ties:
        if t not in TIE_CLASSES:
            raise invalid_value("tie", t, "« fort », « faible » ou « absent »")
    mask = scored["tie"].isin(list(ties)) & known_sectors(scored["sector"])
    return sorted(set(scored.loc[mask, "sector"].astype(str).str.strip()))


def network_profile(scored: pd.DataFrame) -> pd.Series:
    """Counts and shares of strong, weak and absent ties, and the sectors each kind reaches.

    Keys: n_contacts, n_strong, n_weak, n_absent, share_strong, share_weak, share_absent,
    sectors_strong, sectors_weak (distinct sectors reached through each kind of tie),
    sectors_only_weak (sectors reached through weak ties and no strong tie), sectors_reached
    (through strong or weak ties) and n_unknown_sector (contacts whose sector is not known:
    they count in the ties, not in the sectors).
    """
    _require_frame(scored, ("tie", "sector"), "les contacts notés (résultat de score_contacts)")
    n = len(scored)
    if n == 0:
        raise ReseauError(
            "Le réseau est vide : ajoutez au moins un contact (et ses quatre notes) avant de demander un profil.",
            field="tie",
            value=0,
        )
    for label, t in scored["tie"].items():
        if t not in TIE_CLASSES:
            raise invalid_value("tie", t, "« fort », « faible » ou « absent » (calculé par score_contacts)", row=label)
    counts = scored["tie"].value_counts()
    n_strong, n_weak, n_absent = (int(counts.get(k, 0)) for k in TIE_CLASSES)
    strong_sectors = set(sectors_reached(scored, ("fort",)))
    weak_sectors = set(sectors_reached(scored, ("faible",)))
    return pd.Series(
        {
            "n_contacts": n,
            "n_strong": n_strong,
            "n_weak": n_weak,
            "n_absent": n_absent,
            "share_strong": n_strong / n,
            "share_weak": n_weak / n,
            "share_absent": n_absent / n,
            "sectors_strong": len(strong_sectors),
            "sectors_weak": len(weak_sectors),
            "sectors_only_weak": len(weak_sectors - strong_sectors),
            "sectors_reached": len(strong_sectors | weak_sectors),
            "n_unknown_sector": int((~known_sectors(scored["sector"])).sum()),
        },
        dtype=object,
        name="profil",
    )


def sectors_only_through(scored: pd.DataFrame, tie: str = "faible") -> list[str]:
    """Sorted sectors reached through ties of class `tie` and through no tie of the other existing class.

    Unknown sectors (missing, blank, « non renseigné ») are left out.
    """
    _require_frame(scored, ("tie", "sector"), "les contacts notés (résultat de score_contacts)")
    if tie not in ("fort", "faible"):
        raise invalid_value("tie", tie, "« fort » ou « faible »")
    other = "fort" if tie == "faible" else "faible"
    return sorted(set(sectors_reached(scored, (tie,))) - set(sectors_reached(scored, (other,))))
