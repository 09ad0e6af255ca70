"""Benchmark: scoring 100,000 contacts must stay vectorised.

Prints the time of `score_contacts` on 100,000 random contacts and, as a ratio,
how it compares with a plain Python loop over `tie_strength` on 2,000 contacts.
No assertion: figures are read, not tested.
"""

from __future__ import annotations

import random
import time

import pandas as pd

from reseau.ties import CRITERIA, score_contacts, tie_strength

N = 100_000
LOOP_N = 2_000


def main() -> None:
    rng = random.Random(20261126)
    contacts = pd.DataFrame(
        {c: [rng.randint(0, 4) for _ in range(N)] for c in CRITERIA}
        | {"sector": [f"S{rng.randint(1, 30)}" for _ in range(N)]}
    )
    best = float("inf")
    for _ in range(5):
        t0 = time.perf_counter()
        score_contacts(contacts)
        best = min(best, time.perf_counter() - t0)
    sample = contacts.head(LOOP_N)
    t0 = time.perf_counter()
    for row in sample.itertuples(index=False):
        tie_strength(row.frequency, row.intimacy, row.emotion, row.reciprocity)
    loop = (time.perf_counter() - t0) / LOOP_N * N
    print(f"score_contacts, {N} contacts: {best * 1000:.1f} ms (best of 5)")
    print(f"per contact: {best / N * 1e6:.2f} µs")
    print(f"scalar loop, extrapolated to {N}: {loop * 1000:.0f} ms; ratio loop / vectorised: {loop / best:.0f}x")


if __name__ == "__main__":
    main()
