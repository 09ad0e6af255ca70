"""Build simulated learners' submissions from the released notebooks (test helpers)."""

from __future__ import annotations

from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS = ROOT / "solutions"
EXERCISES = ROOT / "exercises"


def notebook_path(assignment: str, base: Path = EXERCISES) -> Path:
    (path,) = sorted((base / assignment).glob("*.ipynb"))
    return path


def learner_notebook(assignment: str, answers: dict[str, str] | None = None, *, correct=True):
    """The released notebook, with solution cells answered.

    `correct=True` fills every solution cell with the reference answer (a collection of grade_ids:
    only those cells, the others keep the released stub); `answers` then overrides cells by grade_id
    (a wrong answer, an error...).
    """
    released = nbformat.read(notebook_path(assignment), as_version=4)
    source = nbformat.read(notebook_path(assignment, SOLUTIONS), as_version=4)
    reference = {
        c.metadata["nbgrader"]["grade_id"]: c.source
        for c in source.cells
        if c.metadata.get("nbgrader", {}).get("solution")
    }
    for cell in released.cells:
        meta = cell.metadata.get("nbgrader", {})
        if not meta.get("solution"):
            continue
        gid = meta["grade_id"]
        if correct is True or (correct is not False and gid in correct):
            cell.source = reference[gid]
        if answers and gid in answers:
            cell.source = answers[gid]
    return released


def write_submission(workspace: Path, learner: str, assignment: str, nb) -> Path:
    dest = workspace / "submitted" / learner / assignment
    dest.mkdir(parents=True, exist_ok=True)
    path = dest / notebook_path(assignment).name
    nbformat.write(nb, path)
    return path
