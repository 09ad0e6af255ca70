"""Issue 22: the answer key is not in the exam room.

In the grading kernel, the `reseau` library has no reference implementation of what the assignment being
graded grades (`reseau.autograde.withhold`); the judge keeps the real library.  The references of each
Python exercise, worked out by hand from its hidden tests in solutions/ (what they import from
reseau.ties, reseau.budget, reseau.clubs and reseau.network, minus what the released notebook imports):

- 03_budget_et_temps: MembershipPlan, break_even_revenue, compare_to_campaign, plans_table (budget), club_plan
  (clubs: not given in exercise 03);
- 04_choisir_un_club: GOALS, parse_goals, recommend_clubs (clubs); club_plan and load_clubs are given (the
  notebook imports them), and load_clubs checks the goals with parse_goals and GOALS: their code stays, under
  private names only the library uses;
- 06_force_des_liens: tie_strength, classify_tie, score_contacts, network_profile, sectors_only_through (ties);
- 08_ponts_et_liens_faibles: neighborhood_overlap, edge_table (network); removal_curve is given.
"""

from __future__ import annotations

import contextlib
import io
import json
import subprocess
import sys

import pytest

import reseau.data
from grading_helpers import learner_notebook, notebook_path, write_submission
from reseau import autograde as ag
from reseau.autograde import withhold
from reseau.autograde.journal import Journal

EXPECTED = {
    "03_budget_et_temps": {"reseau.budget": {"MembershipPlan", "break_even_revenue", "compare_to_campaign",
                                             "plans_table"},
                           "reseau.clubs": {"club_plan"}},
    "04_choisir_un_club": {"reseau.clubs": {"GOALS", "parse_goals", "recommend_clubs"}},
    "06_force_des_liens": {"reseau.ties": {"tie_strength", "classify_tie", "score_contacts", "network_profile",
                                           "sectors_only_through"}},
    "08_ponts_et_liens_faibles": {"reseau.network": {"neighborhood_overlap", "edge_table"}},
}
MESSAGE = ("pendant la correction, cette fonction de la bibliothèque n'est pas disponible : c'est la vôtre qui "
           "est notée")


@pytest.mark.parametrize("assignment", sorted(EXPECTED))
def test_each_exercise_withholds_exactly_its_references(assignment):
    found = {module: set(names) for module, names in withhold.withheld_references(assignment).items()}
    assert found == EXPECTED[assignment]


def test_helpers_of_the_released_notebooks_are_given_and_quizzes_withhold_nothing():
    assert withhold.given_helpers("04_choisir_un_club") == {("reseau.clubs", "club_plan"), ("reseau.data", "load_clubs")}
    assert withhold.given_helpers("08_ponts_et_liens_faibles") == {("reseau.network", "removal_curve"),
                                                                   ("reseau.data", "load_community")}
    # load_clubs checks each club's goals with parse_goals and GOALS: in exercise 04 their code stays, under
    # private names, for it; no other helper given uses a reference
    assert withhold.reserved("04_choisir_un_club") == {("reseau.clubs", "parse_goals"), ("reseau.clubs", "GOALS")}
    for assignment in ("03_budget_et_temps", "06_force_des_liens", "08_ponts_et_liens_faibles"):
        assert withhold.reserved(assignment) == set()
    for assignment in ("00_positionnement", "05_quiz_force_des_liens", "10_satisfaction"):
        assert withhold.withheld_references(assignment) == {}


def _in_copy(library, code: str) -> str:
    """Run `code` with the copy `library` (a `reseau` folder) first on the path; its printed output."""
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                          env={"PYTHONPATH": str(library.parent), "PATH": "/usr/bin:/bin",
                               "RESEAU_DATA_DIR": str(reseau.data.data_dir())})
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_the_copy_has_no_code_of_the_references(tmp_path):
    library = withhold.build_library("06_force_des_liens", tmp_path / "reseau")
    text = (library / "ties.py").read_text(encoding="utf-8")
    assert "def tie_strength" not in text and "def score_contacts" not in text and "def network_profile" not in text
    assert "def check_ratings" in text  # the rest of the module stays
    out = _in_copy(library, (
        "import reseau.ties as t, reseau.data as d\n"
        "print(t.__file__.startswith(" + repr(str(library)) + "))\n"
        "try:\n    t.tie_strength(1, 2, 3, 4)\nexcept Exception as err:\n    print(type(err).__name__, err)\n"
        "try:\n    t.score_contacts.attribut\nexcept Exception as err:\n    print(type(err).__name__)\n"
        "print(t.check_ratings is not None, len(d.load_contacts()))\n"))
    assert out.splitlines() == ["True", f"WithheldError tie_strength : {MESSAGE}.", "WithheldError", "True 61"]  # 61 contacts in datasets/contacts.csv


def test_a_helper_that_uses_a_reference_keeps_working(tmp_path, monkeypatch):
    """Were score_contacts a helper given by the notebook, it would still work (tie_strength and classify_tie
    kept for it under private names), while tie_strength itself stays withheld."""
    monkeypatch.setattr(withhold, "given_helpers", lambda a: frozenset({("reseau.ties", "score_contacts")}))
    monkeypatch.setattr(withhold, "withheld_references",
                        lambda a: {"reseau.ties": ("classify_tie", "network_profile", "tie_strength")})
    assert withhold.reserved("06_force_des_liens") == {("reseau.ties", "tie_strength"),
                                                       ("reseau.ties", "classify_tie")}
    library = withhold.build_library("06_force_des_liens", tmp_path / "reseau")
    out = _in_copy(library, (
        "import reseau.ties as t, reseau.data as d\n"
        "s = t.score_contacts(d.load_contacts())\n"
        "print(round(float(s['strength'].iloc[0]), 6), s['tie'].iloc[0])\n"
        "try:\n    t.tie_strength(1, 2, 3, 4)\nexcept Exception as err:\n    print(type(err).__name__)\n"))
    import reseau.data
    import reseau.ties

    real = reseau.ties.score_contacts(reseau.data.load_contacts())
    assert out.splitlines() == [f"{round(float(real['strength'].iloc[0]), 6)} {real['tie'].iloc[0]}",
                                "WithheldError"]


def _reference_answer(assignment: str, grade_id: str) -> str:
    import nbformat

    from grading_helpers import SOLUTIONS

    source = nbformat.read(notebook_path(assignment, SOLUTIONS), as_version=4)
    return next(c.source for c in source.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)


#: Put first in the first answer of a notebook: prints, from the grading kernel, what its library withholds.
PROBE = (
    "import importlib as _il, json as _js\n"
    "_w = {}\n"
    "for _m in ('reseau.ties', 'reseau.budget', 'reseau.clubs', 'reseau.network'):\n"
    "    _mod = _il.import_module(_m)\n"
    "    _names = sorted(k for k, v in vars(_mod).items() if type(v).__name__ == 'Withheld'\n"
    "                    and object.__getattribute__(v, '_where') == _m + '.' + k)\n"
    "    if _names:\n"
    "        _w[_m] = _names\n"
    "print('RETENUES', _js.dumps(_w, sort_keys=True))\n"
)


def _probe_output(ws, learner: str, assignment: str) -> dict:
    path = ws / "autograded" / learner / assignment / notebook_path(assignment).name
    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        for out in cell.get("outputs", []):
            text = out.get("text", "")
            text = "".join(text) if isinstance(text, list) else text
            for line in text.splitlines():
                if line.startswith("RETENUES "):
                    return {m: set(names) for m, names in json.loads(line[len("RETENUES "):]).items()}
    raise AssertionError(f"no probe output in {path}")


@pytest.mark.bac_a_sable
def test_the_grading_kernel_withholds_them_and_the_released_notebooks_still_run(tmp_path, monkeypatch,
                                                                                new_workspace):
    """The four Python exercises, answered right, each with the probe: full marks (the released notebook runs
    with the kernel's library, helpers included; the judge's real library computes the expected answers), and
    the kernel's library withholds exactly the references.  A learner calling a reference loses its points,
    with the French reason."""
    monkeypatch.delenv("RESEAU_NO_SANDBOX", raising=False)
    monkeypatch.setenv("RESEAU_CELL_TIMEOUT", "20")
    ws = new_workspace(tmp_path / "ws")
    for assignment in EXPECTED:
        nb = learner_notebook(assignment)
        first = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("solution"))
        first.source = PROBE + first.source
        write_submission(ws, "sonde", assignment, nb)
    overlap_by_the_library = ("from reseau.network import neighborhood_overlap\n"
                              "def overlap(G, u, v):\n    return neighborhood_overlap(G, u, v)")
    write_submission(ws, "emprunt", "08_ponts_et_liens_faibles",
                     learner_notebook("08_ponts_et_liens_faibles", {"overlap": overlap_by_the_library}))
    # right, but overlap defined twice: the grade stands, the trainer is told to look
    twice = "def overlap(G, u, v):\n    return 0.0\n" + _reference_answer("08_ponts_et_liens_faibles", "overlap")
    write_submission(ws, "deux-fois", "08_ponts_et_liens_faibles",
                     learner_notebook("08_ponts_et_liens_faibles", {"overlap": twice}))
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        done = ag.autograde(workspace=ws, jobs=2)
    assert all(done.values()), out.getvalue()
    scores = ag.gradebook_scores(workspace=ws)
    for assignment in EXPECTED:
        these = [s for s in scores if s.student == "sonde" and s.assignment == assignment]
        assert these and sum(s.score for s in these) == sum(s.max_score for s in these), (assignment, out.getvalue())
        assert _probe_output(ws, "sonde", assignment) == EXPECTED[assignment]
    twice_scores = [s for s in scores if s.student == "deux-fois"]
    assert sum(s.score for s in twice_scores) == sum(s.max_score for s in twice_scores)
    entry = Journal(ws).get("deux-fois", "08_ponts_et_liens_faibles")
    assert entry["a_regarder"] == ["« overlap » est défini 2 fois dans le carnet"]
    assert "    à regarder : « overlap » est défini 2 fois dans le carnet." in out.getvalue()
    from reseau.autograde.report import _look_section

    section = _look_section(Journal(ws), {(s.student, s.assignment) for s in scores})
    assert section[0] == "## Copies à regarder"
    assert "- deux-fois / 08_ponts_et_liens_faibles : « overlap » est défini 2 fois dans le carnet." in section
    assert not any(line.startswith("- sonde") for line in section)
    motifs = {r["question"]: r["motif"] for r in Journal(ws).get("emprunt", "08_ponts_et_liens_faibles")["motifs"]}
    # the three overlap tests, then n_local_bridges and the means, all computed with overlap: 0
    assert {"test_overlap_example", "test_overlap_local_bridge", "test_overlap_random"} <= set(motifs)
    assert MESSAGE in motifs["test_overlap_example"] or "reprend la fonction de la bibliothèque" in \
        motifs["test_overlap_example"]


def test_references_and_helpers_are_read_from_the_source_notebook(tmp_path, monkeypatch):
    """A test cell's imports, in any form, are references; what the released notebook imports is given; an
    import inside a solution region (removed from the released notebook) gives nothing."""
    def cell(source, **meta):
        return {"cell_type": "code", "source": source, "metadata": {"nbgrader": meta} if meta else {},
                "outputs": [], "execution_count": None}

    cells = [
        cell("from reseau.data import load_contacts\nfrom reseau.network import removal_curve"),
        cell("def f(x):\n    ### BEGIN SOLUTION\n    from reseau.ties import classify_tie\n    return x\n"
             "    ### END SOLUTION", solution=True, grade=False, grade_id="f"),
        cell("import reseau.ties as _ref\nfrom reseau import network as _net\nimport reseau.budget\n"
             "from reseau.ties import score_contacts as _s, classify_tie\nfrom reseau.data import load_contacts\n"
             "_ref.tie_strength(1, 1, 1, 1)\n_net.edge_table(None)\nreseau.budget.plans_table({})\n"
             "_net.removal_curve(None)\n", grade=True, solution=False, grade_id="t", points=1),
    ]
    folder = tmp_path / "99_essai_references"
    folder.mkdir()
    (folder / "essai.ipynb").write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4,
                                                    "nbformat_minor": 5}), encoding="utf-8")
    monkeypatch.setattr(withhold, "SOLUTIONS_DIR", tmp_path)
    assert withhold.given_helpers("99_essai_references") == {("reseau.data", "load_contacts"),
                                                             ("reseau.network", "removal_curve")}
    found = {m: set(n) for m, n in withhold.withheld_references("99_essai_references").items()}
    assert found == {"reseau.ties": {"tie_strength", "score_contacts", "classify_tie"},
                     "reseau.network": {"edge_table"}, "reseau.budget": {"plans_table"}}
