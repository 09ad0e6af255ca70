"""Tiny helpers to write nbgrader source notebooks from Python (authoring tool).

Used by `scripts/build_solutions.py`; the notebooks it writes in `solutions/` are the
nbgrader sources, and `exercises/` is generated from them by nbgrader.
"""

from __future__ import annotations

from textwrap import dedent

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

SCHEMA = 3


def _clean(text: str) -> str:
    return dedent(text).strip("\n")


def md(text: str, grade_id: str | None = None):
    """A markdown cell; locked (read-only) when it has a grade_id."""
    cell = new_markdown_cell(_clean(text))
    if grade_id:
        cell.metadata["nbgrader"] = {"grade": False, "solution": False, "locked": True,
                                     "grade_id": grade_id, "schema_version": SCHEMA}
    return cell


def given(grade_id: str, src: str):
    """Read-only code the learner runs as it is."""
    cell = new_code_cell(_clean(src))
    cell.metadata["nbgrader"] = {"grade": False, "solution": False, "locked": True,
                                 "grade_id": grade_id, "schema_version": SCHEMA}
    return cell


def solution(grade_id: str, src: str):
    """A cell the learner completes (### BEGIN/END SOLUTION marks what is removed)."""
    cell = new_code_cell(_clean(src))
    cell.metadata["nbgrader"] = {"grade": False, "solution": True, "locked": False,
                                 "grade_id": grade_id, "schema_version": SCHEMA}
    return cell


def test(grade_id: str, points: int, src: str):
    """A locked, graded test cell worth `points`."""
    cell = new_code_cell(_clean(src))
    cell.metadata["nbgrader"] = {"grade": True, "solution": False, "locked": True,
                                 "grade_id": grade_id, "points": points, "schema_version": SCHEMA}
    return cell


def notebook(cells) -> nbformat.NotebookNode:
    nb = new_notebook(cells=list(cells))
    nb.metadata["kernelspec"] = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
    nb.metadata["language_info"] = {"name": "python"}
    # stable cell ids keep the files (and their diffs) identical from one build to the next
    for i, cell in enumerate(nb.cells):
        cell["id"] = cell.metadata.get("nbgrader", {}).get("grade_id", f"cell-{i:02d}")
    return nb


def write(nb: nbformat.NotebookNode, path) -> None:
    nbformat.validate(nb)
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        nbformat.write(nb, fh)
