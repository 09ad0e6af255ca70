"""« Me noter » on the server side (reseau.selfgrade): who is offered it, and the French result it answers.

The full grading of a notebook through the command line (``self-check --json``, what the button runs) is
checked on a quiz worked out by hand: module 2's quiz with every answer right but question 1 → the
released « ... »: one point lost of the quiz's total, its reason « pas encore de réponse ».
"""

from __future__ import annotations

import json
import subprocess
import sys

import nbformat
import pytest

from grading_helpers import ROOT, learner_notebook, notebook_path
from reseau.selfgrade import french_result, self_paced


def test_offered_to_self_paced_learners_only():
    assert self_paced({"HOME": "/home/marie", "PATH": "/usr/bin"})
    # the classroom server's spawner sets JupyterHub's variables: the grade comes when the notebook is handed in
    assert not self_paced({"JUPYTERHUB_API_TOKEN": "x", "JUPYTERHUB_SERVICE_PREFIX": "/user/marie/"})


def test_french_result_gives_the_total_each_question_and_each_reason():
    report = {"note": 1.5, "sur": 3, "attention": [], "questions": [
        {"id": "a", "titre": "Question 1 : Quel club ?", "points": 1, "sur": 1, "motif": None},
        {"id": "b", "titre": "Question 2 : Combien ?", "points": 0, "sur": 1,
         "motif": "Question 2 : la bonne réponse est C. Parce que. Source : le texte."},
        {"id": "c", "titre": "La force est juste", "points": 0.5, "sur": 1, "motif": "AssertionError : à moitié"}]}
    result = french_result(report)
    assert result["titre"] == "Votre note : 1,5 / 3"
    assert not result["reussi"]
    assert result["resume"].startswith("2 questions à revoir : le motif est écrit sous chacune.")
    assert [(q["titre"], q["points"], q["sur"], q["motif"]) for q in result["questions"]] == [
        ("Question 1 : Quel club ?", 1, 1, None),
        ("Question 2 : Combien ?", 0, 1, "Question 2 : la bonne réponse est C. Parce que. Source : le texte."),
        ("La force est juste", 0.5, 1, "à moitié")]
    full = french_result({"note": 3, "sur": 3, "attention": [], "questions": []})
    assert full["reussi"] and full["titre"] == "Votre note : 3 / 3" and full["resume"] == "Toutes les questions sont réussies."


@pytest.mark.bac_a_sable
def test_self_check_json_on_the_command_line(tmp_path):
    name = "02_quiz_temps_et_budget"
    nb = learner_notebook(name, {"reponse_1": "reponse_1 = ..."})
    total = sum(1 for c in nb.cells if c.metadata.get("nbgrader", {}).get("solution"))
    path = tmp_path / notebook_path(name).name
    nbformat.write(nb, path)
    env = {k: v for k, v in __import__("os").environ.items() if k not in {"RESEAU_DB_URL", "RESEAU_NO_SANDBOX"}}
    env["RESEAU_WORKSPACE"] = str(tmp_path / "ws")
    done = subprocess.run([sys.executable, "-m", "reseau.autograde", "self-check", str(path), "--json"], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert (report["note"], report["sur"]) == (total - 1, total)
    (lost,) = [q for q in report["questions"] if q["points"] < q["sur"]]
    assert lost["id"] == "test_reponse_1" and lost["titre"].startswith("Question 1 : ")
    assert "pas encore de réponse" in lost["motif"]
