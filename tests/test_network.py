"""Tests for reseau.network.

Expected values are worked out by hand (see the comments) or taken from published sources:
Easley & Kleinberg ch. 3 (overlap, local bridges, span), Borgatti 1997 (structural holes),
Breiger 1974 / Davis's Southern Women data (co-attendance, cross-checked against
networkx's reference `bipartite.weighted_projected_graph`).
"""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reseau.errors import ReseauError
from reseau.network import (
    clustering,
    co_attendance,
    edge_table,
    embeddedness,
    neighborhood_overlap,
    removal_curve,
    structural_holes,
)

# Words that say what to do next in the package's French messages.
_FRENCH_ADVICE = ("relancez", "Corrigez", "Vérifiez", "Ajoutez", "Supprimez", "Donnez", "Passez", "Convertissez", "Retirez")


def assert_french_error(excinfo: pytest.ExceptionInfo, *fragments: str) -> None:
    err = excinfo.value
    assert isinstance(err, ReseauError)
    assert isinstance(err, ValueError)
    message = str(err)
    for fragment in fragments:
        assert fragment in message, (fragment, message)
    assert any(word in message for word in _FRENCH_ADVICE), message


# ---------------------------------------------------------------------------
# Easley & Kleinberg worked example (DOMAIN.md, section 2)
# ---------------------------------------------------------------------------


@pytest.fixture
def star_plus() -> nx.Graph:
    """A linked to B, C, D, E, plus C-D."""
    return nx.Graph([("A", "B"), ("A", "C"), ("A", "D"), ("A", "E"), ("C", "D")])


@pytest.fixture
def closed() -> nx.Graph:
    """The same graph with B-C and D-E added."""
    return nx.Graph([("A", "B"), ("A", "C"), ("A", "D"), ("A", "E"), ("C", "D"), ("B", "C"), ("D", "E")])


def test_clustering_worked_example(star_plus: nx.Graph, closed: nx.Graph) -> None:
    # 4 neighbours of A -> 6 pairs; 1 linked pair (C-D), then 3 (C-D, B-C, D-E).
    assert clustering(star_plus, "A") == pytest.approx(1 / 6)
    assert clustering(closed, "A") == pytest.approx(1 / 2)


def test_overlap_by_hand_first_graph(star_plus: nx.Graph) -> None:
    # N(A) = {B, C, D, E}, N(C) = {A, D}: common {D}, union minus {A, C} = {B, D, E}.
    assert neighborhood_overlap(star_plus, "A", "C") == pytest.approx(1 / 3)
    assert neighborhood_overlap(star_plus, "C", "A") == pytest.approx(1 / 3)
    assert neighborhood_overlap(star_plus, "A", "D") == pytest.approx(1 / 3)
    # A-B is a local bridge: no common neighbour, union minus {A, B} = {C, D, E}.
    assert neighborhood_overlap(star_plus, "A", "B") == 0.0
    # C-D: common {A}, union minus {C, D} = {A}.
    assert neighborhood_overlap(star_plus, "C", "D") == 1.0
    # Non-adjacent pairs: B-E share A and nothing else; B-C: common {A}, union {A, D}.
    assert neighborhood_overlap(star_plus, "B", "E") == 1.0
    assert neighborhood_overlap(star_plus, "B", "C") == pytest.approx(1 / 2)
    assert embeddedness(star_plus, "A", "C") == 1
    assert embeddedness(star_plus, "A", "B") == 0
    assert embeddedness(star_plus, "B", "E") == 1


def test_overlap_by_hand_closed_graph(closed: nx.Graph) -> None:
    # N(A) = {B, C, D, E}, N(C) = {A, B, D}: common {B, D}; union minus {A, C} = {B, D, E}.
    assert neighborhood_overlap(closed, "A", "C") == pytest.approx(2 / 3)
    # Onnela: n / ((k_A - 1) + (k_C - 1) - n) = 2 / (3 + 2 - 2).
    assert neighborhood_overlap(closed, "A", "C") == pytest.approx(2 / (3 + 2 - 2))
    # A-B: common {C}; union minus {A, B} = {C, D, E}.
    assert neighborhood_overlap(closed, "A", "B") == pytest.approx(1 / 3)
    # C-D: common {A}; union minus {C, D} = {A, B, E}.
    assert neighborhood_overlap(closed, "C", "D") == pytest.approx(1 / 3)
    # Non-adjacent B-D: N(B) = {A, C}, N(D) = {A, C, E}: common {A, C}, union {A, C, E}.
    assert neighborhood_overlap(closed, "B", "D") == pytest.approx(2 / 3)
    assert embeddedness(closed, "A", "C") == 2


def test_overlap_empty_denominator() -> None:
    # Two nodes linked only to each other: N(u) ∪ N(v) \ {u, v} is empty.
    G = nx.Graph([("u", "v")])
    G.add_node("w")
    assert neighborhood_overlap(G, "u", "v") == 0.0
    assert neighborhood_overlap(G, "u", "w") == 0.0  # union minus {u, w} = {v}, no common neighbour


def test_overlap_is_not_jaccard(closed: nx.Graph) -> None:
    # networkx's Jaccard counts A and C themselves in the union: 2 / 5 instead of 2 / 3.
    (_, _, jaccard), = nx.jaccard_coefficient(closed, [("A", "C")])
    assert jaccard == pytest.approx(2 / 5)
    assert neighborhood_overlap(closed, "A", "C") != pytest.approx(jaccard)


def test_edge_table_worked_example(star_plus: nx.Graph) -> None:
    table = edge_table(star_plus)
    assert list(table.columns) == ["u", "v", "embeddedness", "overlap", "local_bridge", "span"]
    assert list(zip(table["u"], table["v"])) == list(star_plus.edges())
    rows = {frozenset((u, v)): r for u, v, r in zip(table["u"], table["v"], table.itertuples())}
    # A-B and A-E: bridges (B and E hang on A only).
    for leaf in ("B", "E"):
        r = rows[frozenset(("A", leaf))]
        assert (r.embeddedness, r.overlap, r.local_bridge, r.span) == (0, 0.0, True, math.inf)
    # A-C, A-D: one common neighbour, overlap 1/3, span 2 (through the common neighbour).
    for other in ("C", "D"):
        r = rows[frozenset(("A", other))]
        assert r.embeddedness == 1 and r.overlap == pytest.approx(1 / 3)
        assert not r.local_bridge
        assert r.span == 2.0
    r = rows[frozenset(("C", "D"))]
    assert (r.embeddedness, r.overlap, r.span) == (1, 1.0, 2.0)
    assert table["local_bridge"].dtype == bool
    assert table["span"].dtype == float
    assert table["embeddedness"].dtype == np.int64


def test_edge_table_span_on_cycles() -> None:
    # In a cycle of n nodes every edge is a local bridge (n >= 4) whose span is n - 1.
    for n in (4, 5, 7):
        table = edge_table(nx.cycle_graph(n))
        assert table["local_bridge"].all()
        assert (table["overlap"] == 0.0).all()
        assert (table["span"] == n - 1).all()
    # Triangle: each edge closed by the third node.
    table = edge_table(nx.cycle_graph(3))
    assert (~table["local_bridge"]).all() and (table["span"] == 2.0).all() and (table["overlap"] == 1.0).all()


def test_edge_table_weight_column() -> None:
    G = nx.Graph()
    G.add_edge("a", "b", weight=2.0)
    G.add_edge("b", "c", weight=0.5)
    G.add_edge("a", "c", weight=1)
    G.add_edge("c", "d", weight=3)
    table = edge_table(G)
    assert list(table.columns) == ["u", "v", "weight", "embeddedness", "overlap", "local_bridge", "span"]
    assert table["weight"].tolist() == [2.0, 1.0, 0.5, 3.0]  # order of G.edges(): a-b, a-c, b-c, c-d
    assert table["weight"].dtype == float
    assert "weight" not in edge_table(G, weight=None).columns
    # Another attribute name.
    nx.set_edge_attributes(G, {e: 7 for e in G.edges()}, "calls")
    assert (edge_table(G, weight="calls")["weight"] == 7.0).all()
    assert "weight" not in edge_table(G, weight="absent").columns


def test_edge_table_empty_and_edgeless() -> None:
    G = nx.Graph()
    G.add_nodes_from([1, 2])
    table = edge_table(G)
    assert len(table) == 0
    assert list(table.columns) == ["u", "v", "embeddedness", "overlap", "local_bridge", "span"]


def test_edge_table_spans_on_larger_graphs_match_networkx() -> None:
    # speed is measured by benchmarks/bench_network.py, not asserted here
    dense = nx.gnm_random_graph(300, 1500, seed=1)
    sparse = nx.gnm_random_graph(300, 400, seed=2)  # many local bridges needing a search for the span
    for G in (dense, sparse):
        table = edge_table(G)
        assert len(table) == G.number_of_edges()
        expected = {frozenset((u, v)): span for u, v, span in nx.local_bridges(G, with_span=True)}
        got = {frozenset((u, v)): span for u, v, span in table.loc[table["local_bridge"], ["u", "v", "span"]].itertuples(index=False)}
        assert got == expected


# ---------------------------------------------------------------------------
# Properties on random graphs
# ---------------------------------------------------------------------------


@st.composite
def random_graphs(draw: st.DrawFn) -> nx.Graph:
    n = draw(st.integers(min_value=2, max_value=12))
    pairs = [(i, j) for i in range(n) for j in range(i + 1, n)]
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=len(pairs)))
    G = nx.Graph()
    G.add_nodes_from(range(n))
    G.add_edges_from(chosen)
    return G


@settings(max_examples=150, deadline=None)
@given(random_graphs())
def test_overlap_zero_iff_local_bridge_and_span_inf_iff_bridge(G: nx.Graph) -> None:
    table = edge_table(G)
    bridges = {frozenset(e) for e in nx.bridges(G)}
    reference = {frozenset((u, v)): s for u, v, s in nx.local_bridges(G, with_span=True)}
    for u, v, ov, local, span, emb in zip(
        table["u"], table["v"], table["overlap"], table["local_bridge"], table["span"], table["embeddedness"]
    ):
        edge = frozenset((u, v))
        assert 0.0 <= ov <= 1.0
        assert (ov == 0.0) == bool(local)
        assert bool(local) == (edge in reference)
        assert (emb == 0) == bool(local)
        assert (span == math.inf) == (edge in bridges)
        if local:
            assert span == reference[edge]  # networkx's own span for local bridges
            assert span >= 3
        else:
            assert span == 2.0
        assert ov == pytest.approx(neighborhood_overlap(G, u, v))
        assert emb == embeddedness(G, u, v)


@settings(max_examples=100, deadline=None)
@given(random_graphs(), st.data())
def test_overlap_in_unit_interval_for_any_pair(G: nx.Graph, data: st.DataObject) -> None:
    nodes = list(G.nodes)
    u = data.draw(st.sampled_from(nodes))
    v = data.draw(st.sampled_from([x for x in nodes if x != u]))
    ov = neighborhood_overlap(G, u, v)
    assert 0.0 <= ov <= 1.0
    assert ov == neighborhood_overlap(G, v, u)


# ---------------------------------------------------------------------------
# removal_curve (Onnela et al. 2007)
# ---------------------------------------------------------------------------


@pytest.fixture
def two_cliques() -> nx.Graph:
    """Two 4-cliques of strong ties (1.0), one weak tie a1-b1 (0.1), and a path b4-p1 (0.3)-p2 (0.2)."""
    G = nx.Graph()
    for side in ("a", "b"):
        nodes = [f"{side}{i}" for i in range(1, 5)]
        G.add_edges_from(((x, y) for i, x in enumerate(nodes) for y in nodes[i + 1 :]), weight=1.0)
    G.add_edge("a1", "b1", weight=0.1)
    G.add_edge("b4", "p1", weight=0.3)
    G.add_edge("p1", "p2", weight=0.2)
    return G


def test_two_cliques_edge_order(two_cliques: nx.Graph) -> None:
    # Precondition for the hand computations below: G.edges() follows node insertion order.
    assert list(two_cliques.edges()) == [
        ("a1", "a2"), ("a1", "a3"), ("a1", "a4"), ("a1", "b1"), ("a2", "a3"), ("a2", "a4"), ("a3", "a4"),
        ("b1", "b2"), ("b1", "b3"), ("b1", "b4"), ("b2", "b3"), ("b2", "b4"), ("b3", "b4"),
        ("b4", "p1"), ("p1", "p2"),
    ]


def test_removal_weak_first_by_hand(two_cliques: nx.Graph) -> None:
    # 10 nodes, 15 edges, one edge per step.  Weak first: a1-b1, p1-p2, b4-p1, then the clique
    # edges in edge order.  After a1-b1: {a}=4 | {b, p}=6 -> 0.6; after p1-p2: {b, p1}=5 -> 0.5;
    # after b4-p1: two cliques of 4 -> 0.4; clique A then falls apart (a2-a3-a4 triangle, 3 < 4);
    # clique B stays whole until b1-b4 (12th edge) -> {b2,b3,b4}=3; b2-b3 (13th) -> 3;
    # b2-b4 (14th) -> {b3, b4} = 2; all removed -> 1/10.
    curve = removal_curve(two_cliques, order="weak_first", steps=15)
    expected = [1.0, 0.6, 0.5, 0.4, 0.4, 0.4, 0.4, 0.4, 0.4, 0.4, 0.4, 0.4, 0.3, 0.3, 0.2, 0.1]
    assert curve["giant_share"].tolist() == pytest.approx(expected)
    assert curve["removed_share"].tolist() == pytest.approx([k / 15 for k in range(16)])
    assert curve["edges_removed"].tolist() == list(range(16))


def test_removal_strong_first_by_hand(two_cliques: nx.Graph) -> None:
    # Strong first: the 12 clique edges in edge order, then b4-p1, p1-p2, a1-b1.
    # a1-a2, a1-a3: still connected; a1-a4: triangle a2-a3-a4 cut off -> 7/10; clique A's other
    # edges only split the triangle; b1-b2, b1-b3 keep b1 (via b4); b1-b4 -> {b2,b3,b4,p1,p2}=5;
    # b2-b3 -> 5; b2-b4 -> {b3,b4,p1,p2}=4; b3-b4 -> {b4,p1,p2}=3; b4-p1 -> {p1,p2} and {a1,b1} = 2;
    # p1-p2 -> {a1, b1} = 2; a1-b1 -> 1.
    curve = removal_curve(two_cliques, order="strong_first", steps=15)
    expected = [1.0, 1.0, 1.0, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.5, 0.5, 0.4, 0.3, 0.2, 0.2, 0.1]
    assert curve["giant_share"].tolist() == pytest.approx(expected)


def test_removal_weak_first_breaks_the_bridge_first(two_cliques: nx.Graph) -> None:
    # steps=5: three edges per step.  At 20 % removed, weak first leaves 4 of 10 nodes together,
    # strong first 7 of 10 (the values at k = 3, 6, 9, 12, 15 above).
    weak = removal_curve(two_cliques, order="weak_first", steps=5)
    strong = removal_curve(two_cliques, order="strong_first", steps=5)
    assert weak["giant_share"].tolist() == pytest.approx([1.0, 0.4, 0.4, 0.4, 0.3, 0.1])
    assert strong["giant_share"].tolist() == pytest.approx([1.0, 0.7, 0.7, 0.5, 0.3, 0.1])
    assert weak["removed_share"].tolist() == pytest.approx([0.0, 0.2, 0.4, 0.6, 0.8, 1.0])
    # A single removal of the weakest tie already splits the graph.
    one = removal_curve(two_cliques, order="weak_first", steps=15)
    assert one.loc[1, "giant_share"] < 1.0


def test_removal_curve_shape_and_input_untouched(two_cliques: nx.Graph) -> None:
    before = sorted(two_cliques.edges(data="weight"))
    curve = removal_curve(two_cliques)  # defaults: weight="weight", weak_first, 20 steps
    assert sorted(two_cliques.edges(data="weight")) == before
    assert list(curve.columns) == ["removed_share", "edges_removed", "giant_share"]
    assert len(curve) == 21
    assert (curve.iloc[0]["removed_share"], curve.iloc[0]["giant_share"]) == (0.0, 1.0)
    assert curve.iloc[-1]["removed_share"] == 1.0
    assert curve.iloc[-1]["giant_share"] == pytest.approx(1 / 10)
    assert curve["removed_share"].is_monotonic_increasing
    assert curve["giant_share"].is_monotonic_decreasing
    # 15 edges in 20 steps: floor(k * 15 / 20) edges removed at step k.
    assert curve["edges_removed"].tolist() == [k * 15 // 20 for k in range(21)]
    assert curve["removed_share"].tolist() == pytest.approx([(k * 15 // 20) / 15 for k in range(21)])


def test_removal_curve_steps_one_and_numpy_int(two_cliques: nx.Graph) -> None:
    curve = removal_curve(two_cliques, steps=np.int64(1), order="strong_first")
    assert curve["giant_share"].tolist() == pytest.approx([1.0, 0.1])


def test_removal_ties_broken_by_edge_order() -> None:
    # Path 0-1-2-3, all weights equal: the first edge in G.edges() goes first either way.
    G = nx.path_graph(4)
    nx.set_edge_attributes(G, 1.0, "weight")
    for order in ("weak_first", "strong_first"):
        curve = removal_curve(G, order=order, steps=3)
        # remove 0-1 -> {1,2,3}; then 1-2 -> {2,3}; then 2-3 -> singletons.
        assert curve["giant_share"].tolist() == pytest.approx([1.0, 0.75, 0.5, 0.25])


# ---------------------------------------------------------------------------
# Structural holes (Borgatti 1997)
# ---------------------------------------------------------------------------


@pytest.fixture
def borgatti() -> nx.Graph:
    return nx.Graph(
        [("A", "B"), ("A", "F"), ("A", "G"), ("A", "E"), ("E", "G"),
         ("F", "G"), ("B", "G"), ("B", "D"), ("D", "G"), ("G", "C")]
    )


def test_structural_holes_borgatti(borgatti: nx.Graph) -> None:
    holes = structural_holes(borgatti)
    assert list(holes.columns) == ["constraint", "effective_size", "efficiency"]
    assert list(holes.index) == list(borgatti.nodes())
    assert holes.loc["G", "effective_size"] == pytest.approx(4.667, abs=1e-3)
    assert holes.loc["A", "effective_size"] == pytest.approx(2.5, abs=1e-3)
    assert holes.loc["C", "effective_size"] == pytest.approx(1.0, abs=1e-3)
    assert holes.loc["G", "constraint"] == pytest.approx(0.400, abs=1e-3)
    assert holes.loc["A", "constraint"] == pytest.approx(0.595, abs=1e-3)
    assert holes.loc["C", "constraint"] == pytest.approx(1.0, abs=1e-3)
    # Efficiency = effective size / degree: G has 6 alters, A 4, C 1.
    assert holes.loc["G", "efficiency"] == pytest.approx(4.667 / 6, abs=1e-3)
    assert holes.loc["A", "efficiency"] == pytest.approx(2.5 / 4, abs=1e-3)
    assert holes.loc["C", "efficiency"] == pytest.approx(1.0, abs=1e-3)


def test_structural_holes_isolated_node_is_nan(borgatti: nx.Graph) -> None:
    borgatti.add_node("Z")
    holes = structural_holes(borgatti)
    assert holes.loc["Z"].isna().all()
    assert holes.drop(index="Z").notna().all().all()


def test_structural_holes_weighted_equal_weights_match_unweighted(borgatti: nx.Graph) -> None:
    # With every weight equal, Burt's weighted measures reduce to the unweighted ones.
    nx.set_edge_attributes(borgatti, 2.0, "weight")
    weighted = structural_holes(borgatti, weight="weight")
    plain = structural_holes(borgatti)
    assert np.allclose(weighted.to_numpy(), plain.to_numpy())


# ---------------------------------------------------------------------------
# co_attendance (Breiger 1974)
# ---------------------------------------------------------------------------


def test_co_attendance_small_table() -> None:
    attendance = pd.DataFrame(
        {
            "person": ["Ann", "Bob", "Cyd", "Ann", "Bob", "Cyd", "Dan"],
            "event": ["e1", "e1", "e1", "e2", "e2", "e3", "e4"],
        }
    )
    # e1: Ann, Bob, Cyd; e2: Ann, Bob; e3: Cyd alone; e4: Dan alone.
    P = co_attendance(attendance)
    assert list(P.nodes) == ["Ann", "Bob", "Cyd", "Dan"]
    assert P["Ann"]["Bob"]["weight"] == 2
    assert P["Ann"]["Cyd"]["weight"] == 1
    assert P["Bob"]["Cyd"]["weight"] == 1
    assert P.number_of_edges() == 3
    assert P.degree("Dan") == 0


def test_co_attendance_from_bipartite_graph() -> None:
    B = nx.Graph()
    B.add_nodes_from(["Ann", "Bob", "Cyd"], bipartite=0)
    B.add_nodes_from(["e1", "e2"], bipartite=1)
    B.add_edges_from([("Ann", "e1"), ("e1", "Bob"), ("Ann", "e2"), ("Bob", "e2")])
    P = co_attendance(B)
    assert sorted(P.nodes) == ["Ann", "Bob", "Cyd"]
    assert P["Ann"]["Bob"]["weight"] == 2
    assert P.number_of_edges() == 1


def test_co_attendance_davis_southern_women() -> None:
    B = nx.davis_southern_women_graph()
    P = co_attendance(B)
    women = [n for n, d in B.nodes(data=True) if d["bipartite"] == 0]
    assert P.number_of_nodes() == 18
    assert set(P.nodes) == set(women)
    # Evelyn: E1-E6, E8, E9; Laura: E1-E3, E5-E8 -> E1, E2, E3, E5, E6, E8 = 6 shared events.
    assert P["Evelyn Jefferson"]["Laura Mandeville"]["weight"] == 6
    reference = nx.bipartite.weighted_projected_graph(B, women)
    assert P["Evelyn Jefferson"]["Theresa Anderson"]["weight"] == reference["Evelyn Jefferson"]["Theresa Anderson"]["weight"]
    assert {frozenset((u, v)): w for u, v, w in P.edges(data="weight")} == {
        frozenset((u, v)): w for u, v, w in reference.edges(data="weight")
    }


def test_co_attendance_same_result_from_table_and_graph() -> None:
    B = nx.davis_southern_women_graph()
    table = pd.DataFrame(
        [(w, e) for w, e in B.edges() if B.nodes[w]["bipartite"] == 0]
        + [(e, w) for w, e in B.edges() if B.nodes[w]["bipartite"] == 1],
        columns=["person", "event"],
    )
    from_table = co_attendance(table)
    from_graph = co_attendance(B)
    assert set(from_table.nodes) == set(from_graph.nodes)
    assert {frozenset((u, v)): w for u, v, w in from_table.edges(data="weight")} == {
        frozenset((u, v)): w for u, v, w in from_graph.edges(data="weight")
    }


# ---------------------------------------------------------------------------
# Error paths
# ---------------------------------------------------------------------------


def test_unknown_node_errors(star_plus: nx.Graph) -> None:
    with pytest.raises(ReseauError) as excinfo:
        neighborhood_overlap(star_plus, "A", "Zoé")
    assert_french_error(excinfo, "'Zoé'", "nœud", "n'est pas dans le graphe")
    assert excinfo.value.field == "node" and excinfo.value.value == "Zoé"
    with pytest.raises(ReseauError) as excinfo:
        embeddedness(star_plus, "Yann", "A")
    assert_french_error(excinfo, "'Yann'")
    with pytest.raises(ReseauError) as excinfo:
        clustering(star_plus, "X")
    assert_french_error(excinfo, "'X'")
    with pytest.raises(ReseauError) as excinfo:
        neighborhood_overlap(star_plus, ["A"], "B")  # unhashable: still a French error
    assert_french_error(excinfo, "['A']")


def test_same_node_twice(star_plus: nx.Graph) -> None:
    with pytest.raises(ReseauError) as excinfo:
        neighborhood_overlap(star_plus, "A", "A")
    assert_french_error(excinfo, "'A'", "identiques")


def test_not_a_graph_directed_multigraph(star_plus: nx.Graph) -> None:
    with pytest.raises(ReseauError) as excinfo:
        edge_table([("A", "B")])
    assert_french_error(excinfo, "list", "nx.Graph")
    with pytest.raises(ReseauError) as excinfo:
        edge_table(nx.DiGraph(star_plus))
    assert_french_error(excinfo, "DiGraph", "orienté", "to_undirected")
    with pytest.raises(ReseauError) as excinfo:
        structural_holes(nx.MultiGraph(star_plus))
    assert_french_error(excinfo, "MultiGraph", "nx.Graph(G)")
    with pytest.raises(ReseauError) as excinfo:
        neighborhood_overlap(nx.DiGraph(star_plus), "A", "B")
    assert_french_error(excinfo, "DiGraph")


def test_edge_table_missing_weight_names_the_edge() -> None:
    G = nx.Graph()
    G.add_edge("Alice", "Bruno", weight=1.0)
    G.add_edge("Bruno", "Chloé")
    with pytest.raises(ReseauError) as excinfo:
        edge_table(G)
    assert_french_error(excinfo, "('Bruno', 'Chloé')", "poids")
    assert excinfo.value.field == "weight" and excinfo.value.row == ("Bruno", "Chloé")


@pytest.mark.parametrize("bad", ["fort", float("nan"), True, None])
def test_edge_table_invalid_weight(bad: object) -> None:
    G = nx.Graph()
    G.add_edge("Alice", "Bruno", weight=1.0)
    G.add_edge("Bruno", "Chloé", weight=bad)
    with pytest.raises(ReseauError) as excinfo:
        edge_table(G)
    assert_french_error(excinfo, "('Bruno', 'Chloé')", repr(bad), "Poids invalide")


def test_edge_table_self_loop() -> None:
    G = nx.Graph([("A", "B"), ("B", "B")])
    with pytest.raises(ReseauError) as excinfo:
        edge_table(G)
    assert_french_error(excinfo, "'B'", "boucle")


@pytest.mark.parametrize("order", ["weak", "faibles_d_abord", None, 1])
def test_removal_bad_order(two_cliques: nx.Graph, order: object) -> None:
    with pytest.raises(ReseauError) as excinfo:
        removal_curve(two_cliques, order=order)
    assert_french_error(excinfo, repr(order), "ordre de retrait", "weak_first", "strong_first")


@pytest.mark.parametrize("steps", [0, -3, 2.5, 20.0, True, "20", None])
def test_removal_bad_steps(two_cliques: nx.Graph, steps: object) -> None:
    with pytest.raises(ReseauError) as excinfo:
        removal_curve(two_cliques, steps=steps)
    assert_french_error(excinfo, repr(steps), "nombre d'étapes")


def test_removal_without_weights(star_plus: nx.Graph) -> None:
    with pytest.raises(ReseauError) as excinfo:
        removal_curve(star_plus)
    assert_french_error(excinfo, "'weight'", "poids")
    with pytest.raises(ReseauError) as excinfo:
        removal_curve(star_plus, weight=None)
    assert_french_error(excinfo, "None", "poids")


def test_removal_missing_weight_on_one_edge(two_cliques: nx.Graph) -> None:
    del two_cliques["b4"]["p1"]["weight"]
    with pytest.raises(ReseauError) as excinfo:
        removal_curve(two_cliques)
    assert_french_error(excinfo, "('b4', 'p1')")


def test_removal_without_edges() -> None:
    G = nx.Graph()
    G.add_nodes_from("ab")
    with pytest.raises(ReseauError) as excinfo:
        removal_curve(G)
    assert_french_error(excinfo, "aucun lien", "2 nœud")
    with pytest.raises(ReseauError) as excinfo:
        removal_curve(nx.Graph())
    assert_french_error(excinfo, "aucun lien")


def test_structural_holes_weight_errors(borgatti: nx.Graph) -> None:
    with pytest.raises(ReseauError) as excinfo:
        structural_holes(borgatti, weight="weight")
    assert_french_error(excinfo, "'weight'", "weight=None")
    borgatti["A"]["B"]["weight"] = 2.0
    with pytest.raises(ReseauError) as excinfo:
        structural_holes(borgatti, weight="weight")
    assert_french_error(excinfo, "poids")
    assert excinfo.value.row is not None and excinfo.value.row != ("A", "B")


def test_co_attendance_missing_columns() -> None:
    with pytest.raises(ReseauError) as excinfo:
        co_attendance(pd.DataFrame({"person": ["Ann"], "evenement": ["e1"]}))
    assert_french_error(excinfo, "« événement » (colonne event)", "manquante")
    with pytest.raises(ReseauError) as excinfo:
        co_attendance(pd.DataFrame({"nom": ["Ann"]}))
    assert_french_error(excinfo, "« personne » (colonne person)", "« événement » (colonne event)")


def test_co_attendance_duplicate_row_names_both_rows() -> None:
    table = pd.DataFrame(
        {"person": ["Ann", "Bob", "Ann"], "event": ["e1", "e1", "e1"]},
        index=[10, 11, 12],
    )
    with pytest.raises(ReseauError) as excinfo:
        co_attendance(table)
    assert_french_error(excinfo, "Ligne 12", "ligne 10", "'Ann'", "'e1'", "double", "drop_duplicates")
    assert excinfo.value.row == 12


@pytest.mark.parametrize("blank", ["", "   ", None, float("nan")])
def test_co_attendance_blank_person(blank: object) -> None:
    table = pd.DataFrame({"person": ["Ann", blank], "event": ["e1", "e1"]}, dtype=object)
    with pytest.raises(ReseauError) as excinfo:
        co_attendance(table)
    assert_french_error(excinfo, "« personne »", "ligne 1", repr(blank))
    assert excinfo.value.row == 1


@pytest.mark.parametrize("blank", ["", None, float("nan")])
def test_co_attendance_blank_event(blank: object) -> None:
    table = pd.DataFrame({"person": ["Ann", "Bob"], "event": [blank, "e1"]}, dtype=object)
    with pytest.raises(ReseauError) as excinfo:
        co_attendance(table)
    assert_french_error(excinfo, "« événement »", "ligne 0", repr(blank))


def test_co_attendance_wrong_type() -> None:
    with pytest.raises(ReseauError) as excinfo:
        co_attendance([("Ann", "e1")])
    assert_french_error(excinfo, "list", "DataFrame")


def test_co_attendance_graph_without_bipartite_attribute() -> None:
    B = nx.Graph([("Ann", "e1")])
    B.nodes["Ann"]["bipartite"] = 0
    with pytest.raises(ReseauError) as excinfo:
        co_attendance(B)
    assert_french_error(excinfo, "'e1'", "bipartite")


def test_co_attendance_graph_edge_between_two_people() -> None:
    B = nx.Graph()
    B.add_nodes_from(["Ann", "Bob"], bipartite=0)
    B.add_node("e1", bipartite=1)
    B.add_edges_from([("Ann", "e1"), ("Ann", "Bob")])
    with pytest.raises(ReseauError) as excinfo:
        co_attendance(B)
    assert_french_error(excinfo, "('Ann', 'Bob')", "deux personnes")
