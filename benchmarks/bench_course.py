"""Course timings: each notebook's headless run time and each widget's mean update time.

Targets: under 10 s per notebook (top to bottom, fresh kernel) and under 50 ms per widget
update, on the course datasets (community network for the removal experiment).  Prints
only; no assertions.  Run: .venv/bin/python benchmarks/bench_course.py
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from reseau import widgets
from reseau.data import load_clubs, load_community, load_contacts

ROOT = Path(__file__).resolve().parents[1]
REPEAT = 30


def bench_notebooks() -> None:
    print("Notebooks (exécution complète, noyau neuf ; cible < 10 s)")
    for path in sorted((ROOT / "course").glob("[0-9][0-9]_*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        with tempfile.TemporaryDirectory() as tmp:
            start = time.perf_counter()
            NotebookClient(nb, kernel_name="python3", timeout=300, resources={"metadata": {"path": tmp}}).execute()
            seconds = time.perf_counter() - start
        print(f"  {path.stem:<28} {seconds:6.2f} s")


def _mean_ms(action, values) -> float:
    times = []
    for i in range(REPEAT):
        value = values[i % len(values)]
        start = time.perf_counter()
        action(value)
        times.append(time.perf_counter() - start)
    return 1000 * statistics.mean(times)


def bench_widgets() -> None:
    print(f"Widgets (moyenne de {REPEAT} mises à jour ; cible < 50 ms)")
    clubs, community, contacts = load_clubs(), load_community(), load_contacts()

    start = time.perf_counter()
    finder = widgets.ClubFinder(clubs)
    build = time.perf_counter() - start
    ms = _mean_ms(lambda v: setattr(finder.controls["max_cash_cost"], "value", v), [300, 800, 1500, 2500, 100])
    print(f"  {'ClubFinder (budget)':<34} {ms:6.1f} ms   (création {build * 1000:.0f} ms)")

    start = time.perf_counter()
    planner = widgets.BudgetPlanner()
    build = time.perf_counter() - start
    ms = _mean_ms(lambda v: setattr(planner.controls["fee"], "value", v), [150, 600, 1300, 2000])
    print(f"  {'BudgetPlanner (cotisation)':<34} {ms:6.1f} ms   (création {build * 1000:.0f} ms)")

    start = time.perf_counter()
    rater = widgets.TieRater()
    build = time.perf_counter() - start
    ms = _mean_ms(lambda v: setattr(rater.controls["emotion"], "value", v), [0, 1, 2, 3, 4])
    print(f"  {'TieRater (émotion)':<34} {ms:6.1f} ms   (création {build * 1000:.0f} ms)")

    start = time.perf_counter()
    removal = widgets.RemovalExperiment(community)
    build = time.perf_counter() - start
    ms = _mean_ms(lambda v: setattr(removal.controls["share"], "value", v), [0.1, 0.3, 0.5, 0.7, 0.9])
    print(f"  {'RemovalExperiment (part retirée)':<34} {ms:6.1f} ms   (création {build * 1000:.0f} ms, "
          f"{community.number_of_nodes()} membres, {community.number_of_edges()} liens)")

    start = time.perf_counter()
    mine = widgets.ContactRater(contacts)
    build = time.perf_counter() - start
    ms = _mean_ms(lambda v: setattr(mine.controls["intimacy"], "value", v), [0, 1, 2, 3, 4])
    print(f"  {'ContactRater (intimité)':<34} {ms:6.1f} ms   (création {build * 1000:.0f} ms, "
          f"{len(contacts)} contacts)")
    ms = _mean_ms(lambda v: setattr(mine.controls["contact"], "value", v), list(range(10)))
    print(f"  {'ContactRater (choix du contact)':<34} {ms:6.1f} ms")


if __name__ == "__main__":
    bench_widgets()
    bench_notebooks()
