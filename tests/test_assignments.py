"""The graded exercises: sources validate, learner versions are generated and fail as they should."""

from __future__ import annotations

import filecmp
import json

import pytest
from nbgrader.validator import Validator

from grading_helpers import EXERCISES, ROOT, SOLUTIONS, notebook_path
from reseau.autograde import assignments, generate_exercises

ASSIGNMENTS = ["06_force_des_liens", "03_budget_et_temps", "08_ponts_et_liens_faibles", "04_choisir_un_club"]


def test_four_assignments_exist():
    assert assignments() == ASSIGNMENTS
    for name in ASSIGNMENTS:
        assert notebook_path(name, EXERCISES).name == notebook_path(name, SOLUTIONS).name


def _graded_cells(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    return [c for c in nb["cells"] if c.get("metadata", {}).get("nbgrader", {}).get("grade")]


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_six_to_twelve_graded_cells_with_docstrings(name):
    cells = _graded_cells(notebook_path(name, SOLUTIONS))
    assert 6 <= len(cells) <= 12
    for cell in cells:
        assert cell["metadata"]["nbgrader"]["points"] > 0
        first = "".join(cell["source"]).splitlines()[0]
        assert first.startswith('"""') and first.endswith('"""'), first  # one-line docstring


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_solution_validates(name):
    result = Validator().validate(str(notebook_path(name, SOLUTIONS)))
    assert not result.get("failed") and not result.get("type_changed") and not result.get("changed"), result


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_released_version_fails_every_test(name):
    validator = Validator(invert=True)
    result = validator.validate(str(notebook_path(name, EXERCISES)))
    assert not result.get("passed"), f"tests passing on a blank notebook: {result.get('passed')}"


def test_solutions_match_their_sources(tmp_path):
    """solutions/ is exactly what Jupytext builds from sources/solutions/ (edit the source, `make solutions`)."""
    import subprocess
    import sys

    subprocess.run([sys.executable, str(ROOT / "scripts" / "notebooks.py"), "solutions", "--out", str(tmp_path)],
                   check=True, capture_output=True)
    assert sorted(p.parent.name for p in tmp_path.glob("*/*.ipynb")) == sorted(ASSIGNMENTS)
    for name in ASSIGNMENTS:
        fresh = notebook_path(name, tmp_path)
        assert fresh.read_bytes() == notebook_path(name, SOLUTIONS).read_bytes(), (
            f"solutions/{name} differs from its source in sources/solutions/: run `make solutions`")


def test_exercises_are_exactly_what_nbgrader_generates(tmp_path):
    release = tmp_path / "release"
    generate_exercises(release, workspace=tmp_path / "ws")
    for name in ASSIGNMENTS:
        fresh = notebook_path(name, release)
        committed = notebook_path(name, EXERCISES)
        assert filecmp.cmp(fresh, committed, shallow=False), (
            f"exercises/{name} differs from nbgrader generate_assignment: run `make exercises`")


@pytest.mark.parametrize("name", assignments())
def test_test_cells_name_only_the_learners_answers(name):
    """The judge asks the learner's kernel for every name a test cell uses without defining it: those must be
    answers (assigned or defined in a solution cell), never data or constants of the notebook the learner
    could change."""
    import ast

    from reseau._judge import free_names

    cells = json.loads(notebook_path(name, SOLUTIONS).read_text(encoding="utf-8"))["cells"]
    answers: set[str] = set()
    for cell in cells:
        if cell["metadata"].get("nbgrader", {}).get("solution") and cell["cell_type"] == "code":
            for node in ast.walk(ast.parse("".join(cell["source"]))):
                if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
                    answers.add(node.id)
                elif isinstance(node, ast.FunctionDef):
                    answers.add(node.name)
    tests = [c for c in cells if c["cell_type"] == "code" and c["metadata"].get("nbgrader", {}).get("grade")
             and not c["metadata"]["nbgrader"].get("solution")]
    assert tests
    for cell in tests:
        names = free_names(ast.parse("".join(cell["source"])))
        assert names, cell["metadata"]["nbgrader"]["grade_id"]  # every test checks some answer
        assert set(names) <= answers, (cell["metadata"]["nbgrader"]["grade_id"], set(names) - answers)
