"""Tie strength after Granovetter (1973): values worked out by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from reseau.errors import ReseauError
from reseau.ties import (
    STRONG_MIN,
    WEAK_MIN,
    classify_tie,
    network_profile,
    score_contacts,
    sectors_only_through,
    sectors_reached,
    tie_strength,
)

rating = st.integers(min_value=0, max_value=4) | st.floats(min_value=0, max_value=4)


def test_thresholds_match_mean_ratings():
    # mean rating 2.5 -> 2.5 / 4; mean rating 0.5 -> 0.5 / 4
    assert STRONG_MIN == 2.5 / 4 == 0.625
    assert WEAK_MIN == 0.5 / 4 == 0.125


@pytest.mark.parametrize(
    "ratings, expected",
    [
        ((0, 0, 0, 0), 0.0),
        ((4, 4, 4, 4), 1.0),
        ((2, 2, 2, 2), 0.5),
        ((3, 2, 3, 2), 10 / 16),  # mean 2.5
        ((1, 0, 1, 0), 2 / 16),  # mean 0.5
        ((4, 0, 0, 0), 0.25),
        ((1, 1, 1, 0), 3 / 16),
    ],
)
def test_equal_weights(ratings, expected):
    assert tie_strength(*ratings) == pytest.approx(expected, abs=1e-12)


def test_weights_are_normalised():
    # weights 2,1,1,0 sum to 4: (2*4 + 1*2 + 1*0 + 0*4) / 4 = 2.5, / 4 = 0.625
    w = {"frequency": 2, "intimacy": 1, "emotion": 1, "reciprocity": 0}
    assert tie_strength(4, 2, 0, 4, weights=w) == pytest.approx(0.625)
    # multiplying every weight changes nothing
    w10 = {k: 10 * v for k, v in w.items()}
    assert tie_strength(4, 2, 0, 4, weights=w10) == pytest.approx(0.625)
    # only emotion counts
    only_emotion = {"frequency": 0, "intimacy": 0, "emotion": 3, "reciprocity": 0}
    assert tie_strength(4, 4, 1, 4, weights=only_emotion) == pytest.approx(0.25)


def test_series_and_arrays_elementwise():
    f = pd.Series([4, 0, 3], index=["a", "b", "c"])
    i = pd.Series([4, 0, 2], index=["a", "b", "c"])
    out = tie_strength(f, i, 1, pd.Series([4, 2, 3], index=["a", "b", "c"]))
    assert isinstance(out, pd.Series)
    assert list(out.index) == ["a", "b", "c"]
    assert out.tolist() == pytest.approx([13 / 16, 3 / 16, 9 / 16])
    arr = tie_strength(np.array([4, 0]), np.array([4, 0]), np.array([4, 0]), np.array([4, 1]))
    assert isinstance(arr, np.ndarray)
    assert arr.tolist() == pytest.approx([1.0, 1 / 16])


def test_scalar_returns_python_float():
    assert type(tie_strength(1, 2, 3, 4)) is float


@pytest.mark.parametrize(
    "strength, expected",
    [(0.0, "absent"), (0.1249, "absent"), (0.125, "faible"), (0.5, "faible"), (0.6249, "faible"),
     (0.625, "fort"), (1.0, "fort")],
)
def test_classify_boundaries(strength, expected):
    assert classify_tie(strength) == expected


def test_classify_weighted_boundary_is_strong_despite_rounding():
    # weights 0.1/0.2/0.3/0.4 on ratings giving exactly 2.5 in exact arithmetic:
    # 0.1*1 + 0.2*2 + 0.3*3 + 0.4*3 = 2.6 -> not the boundary; use 1,3,2,3 with 0.1..0.4:
    # 0.1 + 0.6 + 0.6 + 1.2 = 2.5 exactly in real numbers.
    w = {"frequency": 0.1, "intimacy": 0.2, "emotion": 0.3, "reciprocity": 0.4}
    s = tie_strength(1, 3, 2, 3, weights=w)
    assert s == pytest.approx(0.625)
    assert classify_tie(s) == "fort"


def test_classify_series():
    s = pd.Series([0.0, 0.2, 0.7], index=[10, 11, 12])
    out = classify_tie(s)
    assert out.tolist() == ["absent", "faible", "fort"]
    assert list(out.index) == [10, 11, 12]


@given(rating, rating, rating, rating)
def test_strength_in_unit_interval(f, i, e, r):
    s = tie_strength(f, i, e, r)
    assert 0.0 <= s <= 1.0


@given(rating, rating, rating, rating, st.sampled_from(["frequency", "intimacy", "emotion", "reciprocity"]),
       st.floats(min_value=0, max_value=4))
def test_strength_monotone_in_each_criterion(f, i, e, r, which, bump):
    base = {"frequency": f, "intimacy": i, "emotion": e, "reciprocity": r}
    raised = dict(base)
    raised[which] = min(4.0, base[which] + bump)
    assert tie_strength(**raised) >= tie_strength(**base) - 1e-12


def _contacts():
    return pd.DataFrame(
        {
            "name": ["Ana", "Bruno", "Chloé", "David", "Emma"],
            "sector": ["BTP", "Banque", "BTP", "Santé", "Conseil"],
            "frequency": [4, 3, 1, 1, 0],
            "intimacy": [4, 2, 0, 1, 0],
            "emotion": [3, 3, 1, 0, 0],
            "reciprocity": [3, 2, 0, 1, 1],
        }
    )


def test_score_contacts_adds_columns_and_leaves_input():
    contacts = _contacts()
    before = contacts.copy()
    scored = score_contacts(contacts)
    pd.testing.assert_frame_equal(contacts, before)
    # Ana 14/16, Bruno 10/16, Chloé 2/16, David 3/16, Emma 1/16
    assert scored["strength"].tolist() == pytest.approx([14 / 16, 10 / 16, 2 / 16, 3 / 16, 1 / 16])
    assert scored["tie"].tolist() == ["fort", "fort", "faible", "faible", "absent"]


def test_network_profile_by_hand():
    profile = network_profile(score_contacts(_contacts()))
    assert profile["n_contacts"] == 5
    assert (profile["n_strong"], profile["n_weak"], profile["n_absent"]) == (2, 2, 1)
    assert profile["share_strong"] == pytest.approx(0.4)
    assert profile["share_weak"] == pytest.approx(0.4)
    assert profile["share_absent"] == pytest.approx(0.2)
    # strong: BTP, Banque; weak: BTP, Santé -> only weak: Santé
    assert profile["sectors_strong"] == 2
    assert profile["sectors_weak"] == 2
    assert profile["sectors_only_weak"] == 1
    assert sectors_only_through(score_contacts(_contacts())) == ["Santé"]
    assert sectors_only_through(score_contacts(_contacts()), "fort") == ["Banque"]
    # reached through strong or weak ties: BTP, Banque, Santé (Conseil only through an absent tie)
    assert profile["sectors_reached"] == 3
    assert sectors_reached(score_contacts(_contacts())) == ["BTP", "Banque", "Santé"]
    assert profile["n_unknown_sector"] == 0


def test_unknown_sectors_count_in_ties_not_in_sectors():
    # Same ratings as _contacts(): Ana fort, Bruno fort, Chloé faible, David faible, Emma absent.
    # Bruno's sector is « non renseigné », Chloé's missing, Emma's blank: 3 unknown.
    contacts = _contacts()
    contacts["sector"] = ["BTP", "non renseigné", None, "Santé", " "]
    scored = score_contacts(contacts)
    profile = network_profile(scored)
    assert (profile["n_strong"], profile["n_weak"], profile["n_absent"]) == (2, 2, 1)
    assert profile["n_unknown_sector"] == 3
    # strong: BTP only (Bruno unknown); weak: Santé only (Chloé unknown)
    assert (profile["sectors_strong"], profile["sectors_weak"], profile["sectors_only_weak"]) == (1, 1, 1)
    assert profile["sectors_reached"] == 2
    assert sectors_reached(scored) == ["BTP", "Santé"]
    assert sectors_reached(scored, ("faible",)) == ["Santé"]
    assert sectors_only_through(scored, "faible") == ["Santé"]
    assert sectors_only_through(scored, "fort") == ["BTP"]
    # an import with no sector at all reaches no known sector
    contacts["sector"] = "non renseigné"
    scored = score_contacts(contacts)
    assert sectors_reached(scored) == [] and sectors_only_through(scored) == []
    assert network_profile(scored)["n_unknown_sector"] == 5


# ---- bad input: a ReseauError (a ValueError) whose French message names field, row, value


def test_rating_out_of_range_names_field_and_value():
    with pytest.raises(ReseauError) as err:
        tie_strength(5, 1, 1, 1)
    assert isinstance(err.value, ValueError)
    msg = str(err.value)
    assert "fréquence" in msg and "5" in msg and "entre 0 et 4" in msg


def test_negative_rating_in_series_names_row():
    with pytest.raises(ReseauError) as err:
        tie_strength(1, pd.Series([1, -1], index=["x", "y"]), 1, 1)
    msg = str(err.value)
    assert "intimité" in msg and "ligne y" in msg and "-1" in msg
    assert err.value.row == "y"


def test_text_rating_not_coerced():
    contacts = _contacts().astype({"emotion": object})
    contacts.loc[2, "emotion"] = "3"
    with pytest.raises(ReseauError) as err:
        score_contacts(contacts)
    msg = str(err.value)
    assert "émotion" in msg and "ligne 2" in msg and "'3'" in msg


def test_missing_rating_is_refused():
    contacts = _contacts().astype({"reciprocity": float})
    contacts.loc[1, "reciprocity"] = np.nan
    with pytest.raises(ReseauError, match="pas encore noté"):
        score_contacts(contacts)


def test_boolean_rating_refused():
    with pytest.raises(ReseauError, match="émotion"):
        tie_strength(1, 1, True, 1)


def test_missing_column():
    with pytest.raises(ReseauError) as err:
        score_contacts(_contacts().drop(columns=["emotion"]))
    assert "manquante" in str(err.value) and "emotion" in str(err.value)


@pytest.mark.parametrize(
    "weights, fragment",
    [
        ({"frequency": 1, "intimacy": 1, "emotion": 1, "reciprocity": -1}, "-1"),
        ({"frequency": 0, "intimacy": 0, "emotion": 0, "reciprocity": 0}, "nuls"),
        ({"frequency": 1, "intimacy": 1, "emotion": 1}, "réciprocité"),
        ({"frequency": 1, "intimacy": 1, "emotion": 1, "reciprocity": 1, "age": 1}, "age"),
        ({"frequency": "1", "intimacy": 1, "emotion": 1, "reciprocity": 1}, "'1'"),
    ],
)
def test_bad_weights(weights, fragment):
    with pytest.raises(ReseauError) as err:
        tie_strength(1, 1, 1, 1, weights=weights)
    assert fragment in str(err.value)


@pytest.mark.parametrize("bad", [-0.1, 1.5, "fort", float("nan")])
def test_classify_bad_strength(bad):
    with pytest.raises(ReseauError, match="force du lien"):
        classify_tie(bad)


def test_profile_of_empty_network():
    empty = score_contacts(_contacts().iloc[0:0])
    with pytest.raises(ReseauError, match="vide"):
        network_profile(empty)


def test_mismatched_lengths():
    with pytest.raises(ReseauError, match="même nombre"):
        tie_strength(np.array([1, 2]), np.array([1, 2, 3]), 1, 1)


def test_classify_series_out_of_range_names_row():
    with pytest.raises(ReseauError) as err:
        classify_tie(pd.Series([0.2, 1.2], index=["a", "b"]))
    assert "ligne b" in str(err.value) and "1.2" in str(err.value)
    with pytest.raises(ReseauError, match="ligne a"):
        classify_tie(pd.Series(["fort", 0.3], index=["a", "b"]))
