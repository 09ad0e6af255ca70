"""The graded exercises: sources validate, learner versions are generated and fail as they should."""

from __future__ import annotations

import filecmp
import json

import nbformat

import pytest
from nbgrader.validator import Validator

from grading_helpers import EXERCISES, ROOT, SOLUTIONS, notebook_path
from reseau.autograde import assignments, generate_exercises

#: The Python exercises (the quizzes have their own tests: tests/test_quizzes.py).
ASSIGNMENTS = ["03_budget_et_temps", "04_choisir_un_club", "06_force_des_liens", "08_ponts_et_liens_faibles"]
#: Every assignment, numbered in the order a learner meets them: the entry positioning questionnaire, then
#: each module's quiz, then its exercises.
IN_ORDER = ["00_positionnement", "01_quiz_choisir_son_reseau", "02_quiz_temps_et_budget", "03_budget_et_temps", "04_choisir_un_club",
            "05_quiz_force_des_liens", "06_force_des_liens", "07_quiz_liens_faibles_ponts",
            "08_ponts_et_liens_faibles", "09_quiz_ma_strategie", "10_satisfaction"]
#: What each module's last cell says comes next (quiz, then exercises), after which module.
FOLLOW = {"01_choisir_son_reseau": ["01_quiz_choisir_son_reseau"],
          "02_temps_et_budget": ["02_quiz_temps_et_budget", "03_budget_et_temps", "04_choisir_un_club"],
          "03_force_des_liens": ["05_quiz_force_des_liens", "06_force_des_liens"],
          "04_liens_faibles_ponts": ["07_quiz_liens_faibles_ponts", "08_ponts_et_liens_faibles"],
          "05_ma_strategie": ["09_quiz_ma_strategie", "10_satisfaction"]}


def test_assignments_exist_in_course_order():
    assert assignments() == IN_ORDER
    for name in IN_ORDER:
        assert notebook_path(name, EXERCISES).name == notebook_path(name, SOLUTIONS).name


def test_each_module_ends_by_naming_its_quiz_and_exercises_in_order():
    """Read one after the other, the modules' last cells name every assignment once, in numbering order."""
    named = []
    for module, expected in FOLLOW.items():
        last = nbformat.read(ROOT / "course" / f"{module}.ipynb", as_version=4).cells[-1].source
        found = [name for name in IN_ORDER if name in last]
        assert found == expected, (module, found)
        positions = [last.index(name) for name in found]
        assert positions == sorted(positions), (module, "dans l'ordre : le quiz, puis les exercices")
        named += found
    assert named == IN_ORDER[1:]  # all but the entry positioning, which the trainer runs before module 0


def test_exercises_use_only_what_earlier_modules_taught():
    """The club-choice exercise (04) uses the budget of module 2: it comes after exercise 03, not after module 1."""
    text = "\n".join(c.source for c in nbformat.read(notebook_path("04_choisir_un_club", SOLUTIONS), as_version=4).cells)
    assert "exercice 4" not in text.lower() and "exercice 2)" not in text
    assert "Exercice des modules 1 et 2" in text


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
    assert sorted(p.parent.name for p in tmp_path.glob("*/*.ipynb")) == IN_ORDER
    for name in IN_ORDER:
        fresh = notebook_path(name, tmp_path)
        assert fresh.read_bytes() == notebook_path(name, SOLUTIONS).read_bytes(), (
            f"solutions/{name} differs from its source in sources/solutions/: run `make solutions`")


def test_exercises_are_exactly_what_nbgrader_generates(tmp_path):
    release = tmp_path / "release"
    generate_exercises(release, workspace=tmp_path / "ws")
    for name in IN_ORDER:
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
