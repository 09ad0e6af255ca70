"""Benchmark: autograding a class of simulated learners on every assignment.

    python benchmarks/bench_autograde.py [--learners 30] [--assignments 01_force_des_liens ...]

Builds a temporary workspace, submits N learners per assignment (one in three
leaves the exercise blank, the others answer with the reference solutions), runs
the trainer's `autograde` step, and prints seconds per notebook for each assignment.
No assertion: figures are read, not tested.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from grading_helpers import learner_notebook, write_submission  # noqa: E402

from reseau import autograde as ag  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--learners", type=int, default=30)
    parser.add_argument("--assignments", nargs="*", default=None)
    args = parser.parse_args()
    names = args.assignments or ag.assignments()
    with tempfile.TemporaryDirectory() as tmp:
        ws = Path(tmp) / "ws"
        t0 = time.perf_counter()
        ag.generate_exercises(Path(tmp) / "release", workspace=ws)
        print(f"generate_assignment (all {len(ag.assignments())}): {time.perf_counter() - t0:.1f} s")
        total_nb, total_s = 0, 0.0
        for name in names:
            for i in range(args.learners):
                nb = learner_notebook(name, correct=(i % 3 != 0))
                write_submission(ws, f"apprenant{i:02d}", name, nb)
            t0 = time.perf_counter()
            done = ag.autograde(workspace=ws, assignment=name)
            elapsed = time.perf_counter() - t0
            ok = sum(done.values())
            total_nb += len(done)
            total_s += elapsed
            print(f"{name}: {len(done)} notebooks ({ok} graded) in {elapsed:.1f} s = {elapsed / max(len(done), 1):.2f} s per notebook")
        print(f"all: {total_nb} notebooks in {total_s:.1f} s = {total_s / max(total_nb, 1):.2f} s per notebook")


if __name__ == "__main__":
    main()
