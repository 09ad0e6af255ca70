"""Issue 11: the plain-data format between a learner's kernel and the judge (reseau.remote).

Values cross as tagged JSON and are rebuilt with exact types; anything else arrives as
`Unsupported`; malformed data is refused; the kernel's `answer` serves names and calls.
"""

from __future__ import annotations

import json
import math

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from reseau import remote
from reseau.grading import call_each, check_learner_function, check_real, source_facts


def _round_trip(value):
    return remote.decode(remote.loads(remote.dumps(remote.encode(value))))


@pytest.mark.parametrize("value", [
    None, True, False, 0, -7, 10 ** 30, 0.1, -2.5e-300, "", "liens faibles – « ponts »", [], [1, "a", None],
    (1, (2, 3)), {"a": 1, 2: [3], (1, 2): "t"}, {1, 2, 3}, frozenset({"x"}),
    np.int64(3), np.float64(0.625), np.bool_(True), np.int32(-5), np.float32(1.5), np.uint8(200),
])
def test_plain_values_come_back_equal_with_their_exact_type(value):
    back = _round_trip(value)
    assert type(back) is type(value)
    assert back == value


def test_nan_and_infinities_travel_as_tagged_strings():
    text = remote.dumps(remote.encode([math.nan, math.inf, -math.inf, np.float64("nan")]))
    assert "NaN" not in text and "Infinity" not in text
    back = remote.decode(remote.loads(text))
    assert math.isnan(back[0]) and back[1] == math.inf and back[2] == -math.inf and math.isnan(back[3])
    assert type(back[3]) is np.float64


def test_arrays_series_frames_and_graphs_keep_values_dtypes_and_labels():
    array = np.arange(6, dtype=np.int64).reshape(2, 3)
    back = _round_trip(array)
    assert type(back) is np.ndarray and back.dtype == np.int64 and back.shape == (2, 3)
    assert (back == array).all()
    series = pd.Series([0.25, np.nan], index=["Alice", "Bob"], name="strength")
    back = _round_trip(series)
    assert type(back) is pd.Series and back.dtype == np.float64 and back.name == "strength"
    assert list(back.index) == ["Alice", "Bob"] and back.iloc[0] == 0.25 and math.isnan(back.iloc[1])
    frame = pd.DataFrame({"name": ["A", "B"], "n": [1, 2], "ok": [True, False], "x": [0.5, 1.5]},
                         index=[10, 20])
    back = _round_trip(frame)
    assert type(back) is pd.DataFrame
    assert list(back.columns) == ["name", "n", "ok", "x"] and list(back.index) == [10, 20]
    assert back["n"].dtype == np.int64 and back["ok"].dtype == bool and back["x"].dtype == np.float64
    assert back["name"].tolist() == ["A", "B"]
    graph = nx.Graph()
    graph.add_edge("A", "B", tie="faible")
    graph.add_node("C", sector="BTP")
    back = _round_trip(graph)
    assert type(back) is nx.Graph
    assert back.edges["A", "B"]["tie"] == "faible" and back.nodes["C"]["sector"] == "BTP"


def test_the_library_data_crosses_unchanged():
    from reseau.data import load_clubs, load_contacts

    for frame in (load_contacts(), load_clubs()):
        back = _round_trip(frame)
        assert back.shape == frame.shape and list(back.columns) == list(frame.columns)
        assert back.astype(object).equals(frame.astype(object))


class _EqualToEverything:
    def __eq__(self, other):
        return True

    __hash__ = object.__hash__


class _Float(float):
    def __eq__(self, other):
        return True

    __hash__ = float.__hash__


class _Frame(pd.DataFrame):
    pass


def _self_list():
    items: list = []
    items.append(items)
    return items


@pytest.mark.parametrize("value, type_name", [
    (_EqualToEverything(), "_EqualToEverything"), (_Float(0.5), "_Float"), (_Frame({"a": [1]}), "_Frame"),
    (type("S", (str,), {})("fort"), "S"), (10 ** 100_000, "int"), (_self_list(), "list"),
    (["x"] * (remote.MAX_ITEMS + 1), "list"), ("x" * (64 * remote.MAX_ITEMS + 64), "str"),
    (object(), "object"),
], ids=["egal-a-tout", "sous-classe-float", "sous-classe-dataframe", "sous-classe-str", "entier-enorme",
        "liste-recursive", "liste-enorme", "texte-enorme", "objet"])
def test_other_values_arrive_as_unsupported_which_no_check_accepts(value, type_name):
    back = remote.decode(remote.loads(remote.dumps(remote._encode_or_mark(value))))
    assert type(back) is remote.Unsupported and back.type_name == type_name
    assert back != back and not (back == 0.5)
    with pytest.raises(AssertionError, match=f"pas un objet de type {type_name}"):
        check_real(back, 0.5, what="share_weak")


@pytest.mark.parametrize("text", [
    '{"t": "float", "v": NaN}', '{"t": "int", "v": 12}', '{"t": "int", "v": "1e5"}', '{"t": "bool", "v": 1}',
    '{"t": "list", "v": {"a": 1}}', '{"t": "set", "v": [{"t": "list", "v": []}]}', '{"t": "mystere"}',
    '{"t": "ndarray", "dtype": "int64", "shape": [3], "v": ["1", "2"]}',
    '{"t": "ndarray", "dtype": "object_", "shape": [1], "v": ["1"]}',
    '{"t": "frame", "columns": {"range": [0, 1, 1], "name": {"t": "none"}}, "index": {"range": [0, 2, 1], '
    '"name": {"t": "none"}}, "cols": [{"dtype": "int64", "v": ["1"]}]}',
    '{"t": "np", "dtype": "int8", "v": "1000"}',
    "[" * 100_000 + "]" * 100_000,
    '{"t": "str", "v": "x"',
], ids=lambda text: text[:40])
def test_malformed_data_is_refused(text):
    with pytest.raises(remote.Malformed):
        remote.decode(remote.loads(text))


def test_the_item_budget_bounds_what_the_judge_rebuilds():
    data = remote.encode(list(range(1000)))
    with pytest.raises(remote.Malformed, match="volumineuse"):
        remote.decode(data, max_items=500)


def test_sets_and_dicts_are_capped_against_crafted_hash_collisions():
    colliding = [{"t": "int", "v": str(k * ((1 << 61) - 1))} for k in range(1, remote.MAX_HASHED + 2)]
    with pytest.raises(remote.Malformed, match="trop grand"):
        remote.decode({"t": "set", "v": colliding})
    assert len(remote.decode({"t": "set", "v": colliding[:100]})) == 100


# -- the kernel's side -----------------------------------------------------------------------------------
def tie_strength(frequency, intimacy, emotion, reciprocity):
    return (frequency + intimacy + emotion + reciprocity) / 16


def _answer(ns, request):
    return json.loads(remote.answer(ns, json.dumps(request)))


def test_the_kernel_describes_values_functions_modules_and_missing_names():
    ns = {"share_weak": 0.74, "tie_strength": tie_strength, "pd": pd}
    values = _answer(ns, {"op": "names", "names": ["share_weak", "tie_strength", "pd", "scored"]})["values"]
    assert values["share_weak"] == {"t": "float", "v": 0.74}
    assert values["tie_strength"] == {"t": "function", "facts": {"function": True, "copied": False}}
    assert values["pd"] == {"t": "module", "name": "pandas"}
    assert values["scored"] == {"t": "absent"}


def test_the_kernel_runs_calls_in_order_and_stops_at_the_first_error():
    calls = [[remote.encode([4, 4, 4, 4]), remote.encode({})], [remote.encode([3, 2, 3, 2]), remote.encode({})],
             [remote.encode(["x", 1, 1, 1]), remote.encode({})], [remote.encode([0, 0, 0, 0]), remote.encode({})]]
    reply = _answer({"tie_strength": tie_strength}, {"op": "call", "name": "tie_strength", "calls": calls})
    assert [remote.decode(r) for r in reply["results"]] == [1.0, 0.625]
    assert reply["raised"]["type"] == "TypeError"


def test_the_kernel_follows_the_notebook_helpers_a_function_calls():
    ns: dict = {}
    exec("import reseau.ties as _t\n_f = lambda *a: _t.tie_strength(*a)\n"
         "def tie_strength(f, i, e, r):\n    return _f(f, i, e, r)\n"
         "def classify_tie(s):\n    return 'fort' if _f(s, s, s, s) >= 0.625 else 'faible'", ns)
    assert remote.function_facts(ns["tie_strength"], "tie_strength") == {"function": True, "copied": True}
    assert remote.function_facts(ns["classify_tie"], "classify_tie") == {"function": True, "copied": False}
    exec("from reseau.clubs import club_plan\ndef fits(club):\n    return club_plan(club).cash_cost <= 1500", ns)
    assert remote.function_facts(ns["fits"], "fits") == {"function": True, "copied": False}


def test_the_kernel_reports_a_library_function_as_copied():
    from reseau.ties import tie_strength as library

    values = _answer({"tie_strength": library}, {"op": "names", "names": ["tie_strength"]})["values"]
    assert values["tie_strength"]["facts"] == {"function": True, "copied": True}


def test_remote_functions_in_the_judge_batch_their_calls_and_carry_their_facts():
    seen = []

    def channel(name, calls):
        seen.append((name, len(calls)))
        return [tie_strength(*args) for args, _ in calls]

    proxy = remote.RemoteFunction("tie_strength", {"function": True, "copied": False}, channel)
    assert call_each(proxy, [(4, 4, 4, 4), (0, 0, 0, 0), (3, 2, 3, 2)]) == [1.0, 0.0, 0.625]
    assert seen == [("tie_strength", 3)]  # one round trip for all the calls
    assert proxy(2, 2, 2, 2) == 0.5
    check_learner_function(proxy, "tie_strength")
    copied = remote.RemoteFunction("tie_strength", {"function": True, "copied": True}, channel)
    with pytest.raises(AssertionError, match="reprend la fonction de la bibliothèque"):
        check_learner_function(copied, "tie_strength")
    assert call_each(tie_strength, [(4, 4, 4, 4)]) == [1.0]  # a local function: plain calls


@pytest.mark.parametrize("sources, expected", [
    (["def tie_strength(f, i, e, r):\n    return (f + i + e + r) / 16"], (True, False)),
    (["tie_strength = lambda f, i, e, r: (f + i + e + r) / 16"], (True, False)),
    (["x = 1"], (False, False)),
    (["from reseau.ties import tie_strength as ts\ndef tie_strength(*a):\n    return ts(*a)"], (True, True)),
    (["import reseau.ties as rt", "def tie_strength(*a):\n    return rt.tie_strength(*a)"], (True, True)),
    (["import reseau", "def tie_strength(*a):\n    return reseau.ties.tie_strength(*a)"], (True, True)),
    (["def tie_strength(*a):\n    return __import__('reseau.ties').ties.tie_strength(*a)"], (True, True)),
    (["from reseau.ties import tie_strength", "def tie_strength(f, i, e, r):\n    return (f + i + e + r) / 16"],
     (True, False)),
    (["from reseau.clubs import club_plan\ndef fits(club):\n    return club_plan(club).cash_cost <= 1500"],
     (True, False)),
    (["%matplotlib inline\ndef tie_strength(f, i, e, r):\n    return 0.5", "def oops(:"], (True, False)),
    (["import reseau.ties as _t\n_f = lambda *a: _t.tie_strength(*a)",
      "def tie_strength(f, i, e, r):\n    return _f(f, i, e, r)"], (True, True)),
    (["from reseau.ties import tie_strength as _ts\n_g = _ts",
      "def _h(*a):\n    return _g(*a)\ndef tie_strength(*a):\n    return _h(*a)"], (True, True)),
    (['def tie_strength(f, i, e, r):\n    """La force d\'un lien du reseau."""\n    return (f + i + e + r) / 16'],
     (True, False)),
])
def test_the_notebook_text_tells_an_own_function_from_the_library(sources, expected):
    name = "fits" if "fits" in sources[0] else "tie_strength"
    facts = source_facts(sources, name)
    assert (facts["function"], facts["copied"]) == expected


def test_an_unanswered_quiz_line_reaches_the_judge_as_itself():
    """« reponse_1 = ... » (a quiz answer left as released) travels as Ellipsis: the check then says « pas encore »."""
    from reseau.quiz import letter

    assert remote.decode(remote.encode(...)) is Ellipsis
    assert remote.decode(remote.encode([1, ..., None])) == [1, ..., None]
    with pytest.raises(AssertionError, match="Question 1 : pas encore de réponse"):
        letter(remote.decode(remote.encode(...)), 1, "ABCD")
