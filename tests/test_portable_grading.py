"""Issue 25: a learner's self-check without Linux's extras gives the trainer's grades.

The self-check runs in a Python where `fcntl` and `resource` cannot be imported, `os.fork` does not
exist, multiprocessing spawns, and bubblewrap is off the PATH (`portable_env`: in every process the
self-check starts, its workers, its judge and the learner's kernel included).  On the four exercises
and the five quizzes, three copies each: the reference answers (full marks), the released notebook
untouched (0), and a partial copy whose grade is worked out by hand below.  The same copies are then
graded by the trainer's sandboxed Linux path (`autograde`, bubblewrap, forked workers and judges):
every question gets the same points on both paths.
"""

from __future__ import annotations

import json
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest

from grading_helpers import ROOT, learner_notebook, notebook_path, write_submission
from portable_env import portable_env, portable_python
from reseau import autograde as ag

EXERCISES = ["03_budget_et_temps", "04_choisir_un_club", "06_force_des_liens", "08_ponts_et_liens_faibles"]
QUIZZES = ["01_quiz_choisir_son_reseau", "02_quiz_temps_et_budget", "05_quiz_force_des_liens",
           "07_quiz_liens_faibles_ponts", "09_quiz_ma_strategie"]

# -- partial copies, worked out by hand ---------------------------------------------------------------------
# 03 (13 points): break_even multiplies instead of dividing: test_break_even (2 points) lost: 11.
# 04 (10 points): annual_hours left at 0: test_annual_hours (1 point) lost: 9.
# 06 (13 points): weak_only keeps every weak sector, share_weak divides by strong + weak only:
#     test_weak_only_sectors (2) and test_share_weak (1) lost: 10.
# 08 (12 points): the conclusion says « forts »: test_glue (1 point) lost: 11.
PARTIAL_EXERCISES = {
    "03_budget_et_temps": ({"break_even": 'def break_even(total, margin_rate):\n'
                                          '    """Chiffre d\'affaires de remboursement."""\n'
                                          '    return total * margin_rate'}, 11, {"test_break_even"}),
    "04_choisir_un_club": ({"annual_hours": "annual_hours = 0.0\nprint(\"Heures par an :\", annual_hours)"}, 9,
                           {"test_annual_hours"}),
    "06_force_des_liens": ({"weak_only": 'weak_only_sectors = sorted(set(scored.loc[scored["tie"] == "faible", '
                                         '"sector"]))',
                            "share": "share_weak = n_weak / (n_strong + n_weak)"}, 10,
                           {"test_weak_only_sectors", "test_share_weak"}),
    "08_ponts_et_liens_faibles": ({"glue": 'glue = "forts"'}, 11, {"test_glue"}),
}
TOTALS = {"03_budget_et_temps": 13, "04_choisir_un_club": 10, "06_force_des_liens": 13,
          "08_ponts_et_liens_faibles": 12}


def _quiz_answers(name: str) -> list[str]:
    """The right answers, as the solution writes them (« reponse_2 = C » -> "C")."""
    source = nbformat.read(notebook_path(name, ROOT / "solutions"), as_version=4)
    out = []
    for cell in source.cells:
        if cell.metadata.get("nbgrader", {}).get("solution"):
            (line,) = [x for x in cell.source.splitlines() if x.strip() and "..." not in x and not x.startswith("###")]
            out.append(line.split("=", 1)[1].strip())
    return out


def _wrong(answer: str) -> str:
    """A well-formed wrong answer: another letter, or another number."""
    if answer.strip('"').isalpha():
        return "B" if answer.strip('"').upper() != "B" else "A"
    return str(float(answer.replace(",", ".")) + 7)


def _quiz_partial(name: str):
    """Question 1 answered wrong but well formed, question 2 left as released (« ... »), the rest right: N - 2."""
    right = _quiz_answers(name)
    answers = {"reponse_1": f"reponse_1 = {_wrong(right[0])}", "reponse_2": "reponse_2 = ..."}
    return learner_notebook(name, answers), len(right) - 2, {"test_reponse_1", "test_reponse_2"}


def _copies() -> dict[tuple[str, str], tuple[object, float, set[str]]]:
    """(assignment, kind) -> (notebook, expected total, questions expected to lose points)."""
    out = {}
    for name in EXERCISES + QUIZZES:
        full = TOTALS[name] if name in TOTALS else len(_quiz_answers(name))
        out[(name, "honnete")] = (learner_notebook(name), full, set())
        out[(name, "vide")] = (learner_notebook(name, correct=False), 0, None)  # None: every question
        if name in PARTIAL_EXERCISES:
            answers, total, lost = PARTIAL_EXERCISES[name]
            out[(name, "partielle")] = (learner_notebook(name, answers), total, lost)
        else:
            out[(name, "partielle")] = _quiz_partial(name)
    return out


# One interpreter per assignment grades its three copies, each with the self-check API (the command line is
# tested in test_me_noter.py); the per-question points come back as JSON.
SCRIPT = """
import json, sys
from pathlib import Path
from reseau.autograde.selfcheck import self_check_report
ws, out = Path(sys.argv[1]), {}
for path in sys.argv[2:]:
    out[Path(path).parent.name] = self_check_report(path, keep=ws)
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def both_paths(tmp_path_factory, new_workspace):
    base = tmp_path_factory.mktemp("portable")
    python = portable_python(base)
    copies = _copies()
    by_assignment: dict[str, list[str]] = {}
    for (name, kind), (nb, _, _) in copies.items():
        folder = base / "copies" / name / kind
        folder.mkdir(parents=True)
        path = folder / notebook_path(name).name
        nbformat.write(nb, path)
        by_assignment.setdefault(name, []).append(str(path))

    def portable(name: str) -> dict:
        done = subprocess.run([str(python), "-c", SCRIPT, str(base / "ws" / name), *by_assignment[name]], cwd=ROOT,
                              env=portable_env(base, RESEAU_WORKSPACE=str(base / "espace")), capture_output=True,
                              text=True, timeout=1500)
        assert done.returncode == 0, done.stderr[-3000:]
        return json.loads(done.stdout.strip().splitlines()[-1])

    with ThreadPoolExecutor(2) as pool:
        reports = dict(zip(by_assignment, pool.map(portable, by_assignment)))
    # the trainer's path on the same copies: sandboxed (bubblewrap), forked workers and judges
    ws = new_workspace(base / "linux")
    for (name, kind), (nb, _, _) in copies.items():
        write_submission(ws, kind, name, nb)
    done = ag.autograde(workspace=ws, quiet=True)
    assert all(done.values()), done
    linux: dict[tuple[str, str], dict[str, float]] = {}
    for s in ag.gradebook_scores(workspace=ws):
        linux.setdefault((s.assignment, s.student), {})[s.cell] = s.score
    return copies, reports, linux


@pytest.mark.bac_a_sable
@pytest.mark.parametrize("name", EXERCISES + QUIZZES)
def test_portable_self_check_gives_the_hand_worked_grades_and_the_sandboxed_ones(both_paths, name):
    copies, reports, linux = both_paths
    for kind in ("honnete", "vide", "partielle"):
        _, total, lost = copies[(name, kind)]
        report = reports[name][kind]
        assert (report["note"], kind) == (total, kind)
        points = {q["id"]: q["points"] for q in report["questions"]}
        assert points == linux[(name, kind)], (name, kind)  # question by question, the trainer's grades
        losing = {q["id"] for q in report["questions"] if q["points"] < q["sur"]}
        assert losing == (set(points) if lost is None else lost), (name, kind)
        for q in report["questions"]:  # every lost question says why, in French
            assert (q["motif"] is None) == (q["points"] >= q["sur"]), q
        if kind == "honnete":
            assert report["note"] == report["sur"] and not report["attention"]


@pytest.mark.bac_a_sable
@pytest.mark.parametrize("name", QUIZZES)
def test_portable_quiz_result_gives_the_right_answer_and_its_source(both_paths, name):
    copies, reports, _ = both_paths
    questions = {q["id"]: q for q in reports[name]["partielle"]["questions"]}
    right = _quiz_answers(name)[0].strip('"')
    first = questions["test_reponse_1"]
    assert first["titre"].startswith("Question 1 : ")
    assert f"Question 1 : la bonne réponse est {right.replace('.', ',')}" in first["motif"]
    assert "Source :" in first["motif"]
    second = questions["test_reponse_2"]["motif"]  # left as released (« ... »): not answered yet
    assert "Question 2 : pas encore de réponse" in second and "bonne réponse" not in second, second
