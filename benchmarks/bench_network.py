"""Benchmark: edge_table and removal_curve on a 300-node graph and on the community.

Prints seconds per call, and the ratio with networkx's own local_bridges search.
"""

from __future__ import annotations

import time

import networkx as nx

from reseau.network import edge_table, removal_curve


def best_of(fn, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> None:
    for name, G in [("dense 300/1500", nx.gnm_random_graph(300, 1500, seed=1)),
                    ("sparse 300/400", nx.gnm_random_graph(300, 400, seed=2))]:
        ours = best_of(lambda: edge_table(G))
        theirs = best_of(lambda: list(nx.local_bridges(G, with_span=True)), repeat=1)
        print(f"edge_table {name}: {ours * 1000:.1f} ms; nx.local_bridges: {theirs * 1000:.1f} ms; "
              f"ratio nx / ours: {theirs / ours:.1f}x")
    try:
        from reseau.data import load_community
    except ImportError:
        return
    G = load_community()
    print(f"community ({G.number_of_nodes()} nodes, {G.number_of_edges()} ties):")
    print(f"  edge_table: {best_of(lambda: edge_table(G)) * 1000:.1f} ms")
    print(f"  removal_curve weak_first, 20 steps: {best_of(lambda: removal_curve(G, order='weak_first')) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
