"""The structure of ties: overlap, local bridges, removal of ties, structural holes.

References the course relies on:

* Easley & Kleinberg, *Networks, Crowds, and Markets* (2010), ch. 3 "Strong and Weak Ties":
  a *local bridge* is an edge whose ends have no common neighbour; its *span* is the distance
  between its ends once the edge is removed (infinite for a bridge); the *neighbourhood
  overlap* of A and B is |N(A) ∩ N(B)| / |N(A) ∪ N(B) \\ {A, B}|, which is 0 exactly on local
  bridges.  The *embeddedness* of an edge is the number of common neighbours of its ends.
* Onnela et al. (2007), PNAS 104(18):7332-7336: overlap rises with tie weight; removing the
  weak ties first makes the network fall apart, removing the strong ties first does not.
* Burt's structural holes, as computed by Borgatti (1997), Connections 20(1):35-38:
  constraint, effective size and efficiency (effective size / degree).
* Breiger (1974): a person-event attendance table gives a person-person network whose tie
  weight counts shared events (Davis's "Southern Women" club data is the classic example).

All functions expect an undirected simple graph (`nx.Graph`), leave it untouched and raise
`ReseauError` (a `ValueError`) with a French message on invalid input.
They work with networkx 3.0 to 3.6.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Hashable
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from .errors import ReseauError, invalid_value, missing_columns

__all__ = [
    "REMOVAL_ORDERS",
    "EDGE_TABLE_COLUMNS",
    "embeddedness",
    "neighborhood_overlap",
    "clustering",
    "edge_table",
    "removal_curve",
    "structural_holes",
    "co_attendance",
]

#: Accepted values of `removal_curve(order=...)`.
REMOVAL_ORDERS: tuple[str, ...] = ("weak_first", "strong_first")
#: Columns of `edge_table` (`weight` only when the graph has weights).
EDGE_TABLE_COLUMNS: tuple[str, ...] = ("u", "v", "weight", "embeddedness", "overlap", "local_bridge", "span")

_GRAPH_HINT = "un graphe networkx non orienté et simple (nx.Graph)"


# ---------------------------------------------------------------------------
# Checks
# ---------------------------------------------------------------------------


def _require_graph(G: Any) -> None:
    """Refuse anything but an undirected simple graph."""
    if not isinstance(G, nx.Graph):
        raise ReseauError(
            f"Attendu : {_GRAPH_HINT}, reçu : {type(G).__name__}. "
            "Construisez le graphe avec nx.Graph() (ou co_attendance(...)) puis relancez la cellule.",
            field="graph",
            value=type(G).__name__,
        )
    if G.is_directed():
        raise ReseauError(
            f"Le graphe est orienté ({type(G).__name__}) : ces mesures portent sur des liens non orientés. "
            "Convertissez-le avec G.to_undirected() puis relancez la cellule.",
            field="graph",
            value=type(G).__name__,
        )
    if G.is_multigraph():
        raise ReseauError(
            f"Le graphe a des liens multiples ({type(G).__name__}) : ces mesures demandent au plus un lien "
            "par paire. Convertissez-le avec nx.Graph(G) (ou additionnez les poids) puis relancez la cellule.",
            field="graph",
            value=type(G).__name__,
        )


def _require_node(G: nx.Graph, node: Any) -> None:
    if node not in G:  # `in` is False (not an error) for unhashable values
        examples = ", ".join(repr(n) for n in list(G.nodes)[:5])
        more = " ..." if G.number_of_nodes() > 5 else ""
        raise ReseauError(
            f"Le nœud {node!r} n'est pas dans le graphe (nœuds présents : {examples or 'aucun'}{more}). "
            "Vérifiez l'orthographe du nom (majuscules, espaces) puis relancez la cellule.",
            field="node",
            value=node,
        )


def _require_pair(G: nx.Graph, u: Any, v: Any) -> None:
    _require_graph(G)
    _require_node(G, u)
    _require_node(G, v)
    if u == v:
        raise ReseauError(
            f"Les deux nœuds sont identiques ({u!r}) : le chevauchement des voisinages se mesure entre deux nœuds distincts. "
            "Donnez deux nœuds différents puis relancez la cellule.",
            field="node",
            value=u,
        )


def _is_real(x: Any) -> bool:
    return isinstance(x, numbers.Real) and not isinstance(x, (bool, np.bool_))


def _has_weights(G: nx.Graph, weight: Hashable | None) -> bool:
    """True when at least one edge carries the attribute `weight`."""
    return weight is not None and any(weight in d for _, _, d in G.edges(data=True))


def _edge_weights(G: nx.Graph, weight: Hashable) -> list[float]:
    """The weight of every edge, in the order of G.edges(); every edge must have a finite number."""
    values: list[float] = []
    for u, v, d in G.edges(data=True):
        if weight not in d:
            raise ReseauError(
                f"Le lien ({u!r}, {v!r}) n'a pas de poids (attribut {weight!r}) alors que d'autres liens en ont un. "
                f"Donnez-lui un poids, par exemple G.edges[{u!r}, {v!r}][{weight!r}] = 1.0, "
                "puis relancez la cellule.",
                field="weight",
                row=(u, v),
                value=None,
            )
        w = d[weight]
        if not _is_real(w) or not math.isfinite(w):
            raise ReseauError(
                f"Poids invalide pour le lien ({u!r}, {v!r}) (attribut {weight!r}) : {w!r}. "
                "Attendu : un nombre fini (par exemple une durée d'appel ou une force entre 0 et 1). "
                "Corrigez ce poids puis relancez la cellule.",
                field="weight",
                row=(u, v),
                value=w,
            )
        values.append(float(w))
    return values


# ---------------------------------------------------------------------------
# Pairs of nodes
# ---------------------------------------------------------------------------


def _common(G: nx.Graph, u: Any, v: Any) -> set[Any]:
    return (set(G[u]) & set(G[v])) - {u, v}


def embeddedness(G: nx.Graph, u: Any, v: Any) -> int:
    """Number of common neighbours of `u` and `v` (Easley & Kleinberg's embeddedness of an edge).

    Also defined for a non-adjacent pair.  Unknown node -> `ReseauError`.
    """
    _require_pair(G, u, v)
    return len(_common(G, u, v))


def neighborhood_overlap(G: nx.Graph, u: Any, v: Any) -> float:
    """Neighbourhood overlap |N(u) ∩ N(v)| / |N(u) ∪ N(v) \\ {u, v}|, in [0, 1].

    For an edge this equals Onnela's O_uv = n_uv / ((k_u - 1) + (k_v - 1) - n_uv).  It is 0
    exactly when the edge is a local bridge.  Works for a non-adjacent pair as well; 0.0 when
    the denominator is empty (for instance two nodes linked only to each other).
    Unlike `nx.jaccard_coefficient`, u and v themselves are left out of the union.
    """
    _require_pair(G, u, v)
    union = (set(G[u]) | set(G[v])) - {u, v}
    if not union:
        return 0.0
    return len(_common(G, u, v)) / len(union)


def clustering(G: nx.Graph, node: Any) -> float:
    """Clustering coefficient of `node` (unweighted): share of pairs of its neighbours that are linked.

    A thin wrapper around `nx.clustering` that checks the node and gives a French error.
    """
    _require_graph(G)
    _require_node(G, node)
    return float(nx.clustering(G, node))


# ---------------------------------------------------------------------------
# Edges
# ---------------------------------------------------------------------------


def _span(adj: dict[Any, set[Any]], u: Any, v: Any) -> float:
    """Distance between u and v once the edge u-v is removed (inf if none): bidirectional BFS."""
    dist_u: dict[Any, int] = {u: 0}
    dist_v: dict[Any, int] = {v: 0}
    front_u: list[Any] = [u]
    front_v: list[Any] = [v]
    while front_u and front_v:
        # Expand one whole level of the smaller side; the first meeting is then a shortest path.
        if len(front_u) <= len(front_v):
            mine, other, front, source, target = dist_u, dist_v, front_u, u, v
        else:
            mine, other, front, source, target = dist_v, dist_u, front_v, v, u
        nxt: list[Any] = []
        for x in front:
            dx = mine[x] + 1
            for y in adj[x]:
                if (x == source and y == target) or y in mine:
                    continue  # the removed edge, or already reached from this side
                if y in other:
                    return float(dx + other[y])
                mine[y] = dx
                nxt.append(y)
        if mine is dist_u:
            front_u = nxt
        else:
            front_v = nxt
    return math.inf


def edge_table(G: nx.Graph, weight: Hashable | None = "weight") -> pd.DataFrame:
    """One row per edge, in the order of `G.edges()`.

    Columns:

    * ``u``, ``v``: the ends of the edge;
    * ``weight`` (float): only when at least one edge has the attribute `weight` (then every edge
      must have it); pass ``weight=None`` to leave weights out;
    * ``embeddedness`` (int): number of common neighbours;
    * ``overlap`` (float): neighbourhood overlap, see `neighborhood_overlap`;
    * ``local_bridge`` (bool): the ends have no common neighbour (overlap 0);
    * ``span`` (float): distance between the ends once the edge is removed: 2 when they share a
      neighbour, at least 3 for a local bridge, ``inf`` for a bridge (removing it disconnects them).

    Self-loops are refused (an edge from a node to itself has no overlap nor span).
    """
    _require_graph(G)
    loops = list(nx.selfloop_edges(G))
    if loops:
        node = loops[0][0]
        raise ReseauError(
            f"Le graphe a une boucle sur le nœud {node!r} (un lien de ce nœud vers lui-même) : "
            "le chevauchement des voisinages et la portée n'ont pas de sens pour une boucle. Retirez les boucles avec "
            "G.remove_edges_from(list(nx.selfloop_edges(G))) puis relancez la cellule.",
            field="node",
            row=(node, node),
            value=node,
        )
    with_weight = _has_weights(G, weight)
    weights = _edge_weights(G, weight) if with_weight else []
    adj: dict[Any, set[Any]] = {n: set(nbrs) for n, nbrs in G.adjacency()}
    us: list[Any] = []
    vs: list[Any] = []
    emb: list[int] = []
    overlap: list[float] = []
    local: list[bool] = []
    span: list[float] = []
    for u, v in G.edges():
        nu, nv = adj[u], adj[v]
        common = len(nu & nv)
        # |N(u) ∪ N(v) \ {u, v}| for an edge: (k_u - 1) + (k_v - 1) - common.
        denominator = len(nu) + len(nv) - 2 - common
        us.append(u)
        vs.append(v)
        emb.append(common)
        overlap.append(common / denominator if denominator else 0.0)
        local.append(common == 0)
        span.append(2.0 if common else _span(adj, u, v))
    columns: dict[str, Any] = {"u": pd.Series(us, dtype=object), "v": pd.Series(vs, dtype=object)}
    if with_weight:
        columns["weight"] = pd.Series(weights, dtype=float)
    columns["embeddedness"] = pd.Series(emb, dtype="int64")
    columns["overlap"] = pd.Series(overlap, dtype=float)
    columns["local_bridge"] = pd.Series(local, dtype=bool)
    columns["span"] = pd.Series(span, dtype=float)
    return pd.DataFrame(columns)


# ---------------------------------------------------------------------------
# Removing ties (Onnela et al. 2007)
# ---------------------------------------------------------------------------


def _giant_size(H: nx.Graph) -> int:
    return max((len(c) for c in nx.connected_components(H)), default=0)


def removal_curve(
    G: nx.Graph,
    weight: Hashable = "weight",
    order: str = "weak_first",
    steps: int = 20,
) -> pd.DataFrame:
    """Share of nodes in the giant component as edges are removed by weight (Onnela et al. 2007).

    ``order="weak_first"`` removes edges by ascending weight, ``"strong_first"`` by descending
    weight; equal weights are removed in the order of `G.edges()`.  The curve has ``steps + 1``
    rows, for k = 0, ..., steps: after removing ``floor(k * m / steps)`` of the m edges.

    Columns: ``removed_share`` (share of edges actually removed, float: exactly k / steps when
    steps divides m), ``edges_removed`` (int) and ``giant_share`` (nodes in the largest connected
    component / all nodes, isolated nodes included).  For a connected graph the first row is
    (0, 0, 1.0) and the last (1.0, m, 1 / n).  Works on a copy: `G` is left untouched.
    """
    _require_graph(G)
    if not isinstance(order, str) or order not in REMOVAL_ORDERS:
        raise invalid_value("order", order, "« weak_first » (les liens faibles d'abord) ou « strong_first » (les liens forts d'abord)")
    if not isinstance(steps, numbers.Integral) or isinstance(steps, (bool, np.bool_)) or steps < 1:
        raise invalid_value("steps", steps, "un nombre entier d'étapes, 1 ou plus (par exemple 20)")
    steps = int(steps)
    n = G.number_of_nodes()
    m = G.number_of_edges()
    if m == 0:
        raise ReseauError(
            f"Le graphe n'a aucun lien ({n} {'nœud' if n < 2 else 'nœuds'}) : il n'y a rien à retirer. "
            "Ajoutez des liens (G.add_edge(...)) puis relancez la cellule.",
            field="graph",
            value=m,
        )
    if weight is None or not _has_weights(G, weight):
        raise ReseauError(
            f"Aucun lien du graphe n'a de poids (attribut {weight!r}) : impossible de trier les liens "
            "du plus faible au plus fort. Donnez un poids à chaque lien, par exemple "
            "G.add_edge(u, v, weight=0.8), ou indiquez le bon attribut avec weight=... puis relancez la cellule.",
            field="weight",
            value=weight,
        )
    weights = _edge_weights(G, weight)
    edges = list(G.edges())
    if order == "weak_first":
        ranking = sorted(range(m), key=lambda i: (weights[i], i))
    else:
        ranking = sorted(range(m), key=lambda i: (-weights[i], i))
    H = nx.Graph()
    H.add_nodes_from(G)
    H.add_edges_from(edges)
    removed = 0
    rows: list[tuple[float, int, float]] = []
    for k in range(steps + 1):
        target = k * m // steps
        if target > removed:
            H.remove_edges_from(edges[i] for i in ranking[removed:target])
            removed = target
        rows.append((removed / m, removed, _giant_size(H) / n))
    curve = pd.DataFrame(rows, columns=["removed_share", "edges_removed", "giant_share"])
    return curve.astype({"removed_share": float, "edges_removed": "int64", "giant_share": float})


# ---------------------------------------------------------------------------
# Structural holes (Burt; Borgatti 1997)
# ---------------------------------------------------------------------------


def structural_holes(G: nx.Graph, weight: Hashable | None = None) -> pd.DataFrame:
    """Burt's measures per node: ``constraint``, ``effective_size``, ``efficiency``.

    Index: the nodes, in the order of `G.nodes()`.  `constraint` and `effective_size` come from
    `nx.constraint` and `nx.effective_size` (with `weight` when given: then every edge needs it);
    ``efficiency = effective_size / degree`` (unweighted degree, as in Borgatti 1997).

    Isolated nodes have no alters, so the three measures are undefined: they are ``NaN`` (as
    networkx returns them), not an error.  Use ``.dropna()`` to leave them out.
    """
    _require_graph(G)
    if weight is not None and G.number_of_edges():
        if not _has_weights(G, weight):
            raise ReseauError(
                f"Aucun lien du graphe n'a de poids (attribut {weight!r}). "
                "Passez weight=None pour les mesures non pondérées, ou donnez un poids à chaque lien, "
                "puis relancez la cellule.",
                field="weight",
                value=weight,
            )
        _edge_weights(G, weight)  # every edge must then carry a finite weight
    constraint = nx.constraint(G, weight=weight)
    effective = nx.effective_size(G, weight=weight)
    nodes = list(G.nodes())
    es = np.array([effective[v] for v in nodes], dtype=float)
    degree = np.array([G.degree(v) for v in nodes], dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        efficiency = np.where(degree > 0, es / np.where(degree > 0, degree, 1.0), np.nan)
    return pd.DataFrame(
        {
            "constraint": np.array([constraint[v] for v in nodes], dtype=float),
            "effective_size": es,
            "efficiency": efficiency,
        },
        index=pd.Index(nodes, dtype=object, name="node"),
    )


# ---------------------------------------------------------------------------
# Co-attendance (Breiger 1974)
# ---------------------------------------------------------------------------


def _is_blank(x: Any) -> bool:
    if x is None:
        return True
    if isinstance(x, str):
        return not x.strip()
    try:
        return bool(pd.isna(x))
    except (TypeError, ValueError):
        return False


def _pairs_from_frame(attendance: pd.DataFrame) -> tuple[list[Any], dict[Any, list[Any]]]:
    where = "les présences"
    missing = [c for c in ("person", "event") if c not in attendance.columns]
    if missing:
        raise missing_columns(missing, where=where)
    people: dict[Any, None] = {}
    events: dict[Any, list[Any]] = {}
    seen: dict[tuple[Any, Any], Any] = {}
    for label, person, event in zip(attendance.index, attendance["person"], attendance["event"]):
        if _is_blank(person):
            raise invalid_value("person", person, "le nom (ou l'identifiant) d'une personne, non vide", row=label, where=where)
        if _is_blank(event):
            raise invalid_value("event", event, "le nom (ou l'identifiant) d'un événement, non vide", row=label, where=where)
        try:
            key = (person, event)
            first = seen.get(key)
        except TypeError:
            raise invalid_value("person", person, "un nom ou un identifiant simple (texte ou nombre)", row=label, where=where) from None
        if key in seen:
            raise ReseauError(
                f"Ligne {label} en double dans {where} : {person!r} à l'événement {event!r} figure déjà "
                f"ligne {first}. Une présence ne compte qu'une fois : supprimez l'une des deux lignes "
                "(par exemple avec df.drop_duplicates(['person', 'event'])) puis relancez la cellule.",
                field="person",
                row=label,
                value=key,
            )
        seen[key] = label
        people.setdefault(person, None)
        events.setdefault(event, []).append(person)
    return list(people), events


def _pairs_from_graph(B: nx.Graph) -> tuple[list[Any], dict[Any, list[Any]]]:
    _require_graph(B)
    people: list[Any] = []
    for node, side in B.nodes(data="bipartite"):
        if isinstance(side, (bool, np.bool_)) or side not in (0, 1):
            raise ReseauError(
                f"Le nœud {node!r} n'a pas d'attribut « bipartite » valable (reçu : {side!r}). "
                "Attendu : bipartite=0 pour une personne, bipartite=1 pour un événement, comme dans "
                "nx.davis_southern_women_graph(). Ajoutez-le avec B.add_node(nœud, bipartite=0) puis relancez la cellule.",
                field="node",
                value=node,
            )
        if side == 0:
            people.append(node)
    events: dict[Any, list[Any]] = {}
    for u, v in B.edges():
        su, sv = B.nodes[u]["bipartite"], B.nodes[v]["bipartite"]
        if su == sv:
            kind = "deux personnes" if su == 0 else "deux événements"
            raise ReseauError(
                f"Le lien ({u!r}, {v!r}) relie {kind} : un graphe de présences ne relie qu'une personne "
                "(bipartite=0) à un événement (bipartite=1). Retirez ce lien ou corrigez l'attribut "
                "« bipartite » puis relancez la cellule.",
                field="bipartite",
                row=(u, v),
                value=(u, v),
            )
        person, event = (u, v) if su == 0 else (v, u)
        events.setdefault(event, []).append(person)
    return people, events


def co_attendance(attendance: pd.DataFrame | nx.Graph) -> nx.Graph:
    """Person-person graph whose edge attribute ``weight`` counts the events two people shared.

    `attendance` is either a DataFrame with one row per presence (columns ``person`` and
    ``event``; other columns are ignored) or a bipartite `nx.Graph` whose nodes carry
    ``bipartite=0`` (people) or ``bipartite=1`` (events), like `nx.davis_southern_women_graph()`.
    Every person becomes a node, even one who shared no event.  Nodes come in order of first
    appearance (rows, or graph nodes).  A duplicated (person, event) row is refused, not dropped.
    """
    if isinstance(attendance, pd.DataFrame):
        people, events = _pairs_from_frame(attendance)
    elif isinstance(attendance, nx.Graph):
        people, events = _pairs_from_graph(attendance)
    else:
        raise ReseauError(
            f"Attendu : un tableau pandas (DataFrame) de présences avec les colonnes person et event, "
            f"ou un graphe biparti networkx ; reçu : {type(attendance).__name__}. "
            "Chargez les présences avec pd.read_csv(...) puis relancez la cellule.",
            field="attendance",
            value=type(attendance).__name__,
        )
    P = nx.Graph()
    P.add_nodes_from(people)
    for attendees in events.values():
        for i, a in enumerate(attendees):
            for b in attendees[i + 1 :]:
                if P.has_edge(a, b):
                    P[a][b]["weight"] += 1
                else:
                    P.add_edge(a, b, weight=1)
    return P
