"""Issue 10: the grading engine: parallel workers that share nothing, its command line, its layout."""

from __future__ import annotations

import ast
import io
import os
import subprocess
import sys
from contextlib import redirect_stdout
from pathlib import Path

import nbformat
import pytest

from grading_helpers import ROOT, learner_notebook, write_submission
from reseau import autograde as ag
from reseau.autograde.progress import Progress
from reseau.autograde.sandbox import SANDBOX_UIDS

A1 = "06_force_des_liens"
LEARNER_LIBRARY = ["ties", "budget", "clubs", "network", "data", "widgets", "charts", "plan", "fmt", "grading",
                   "remote", "errors", "synth"]


def test_the_learner_library_never_imports_the_grading_engine():
    for name in LEARNER_LIBRARY:
        tree = ast.parse((ROOT / "src" / "reseau" / f"{name}.py").read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                target = ("." * node.level) + (node.module or "")
                names = [a.name for a in node.names]
                assert "autograde" not in target and "autograde" not in names, (name, target, names)
            elif isinstance(node, ast.Import):
                assert not any("autograde" in a.name for a in node.names), name
    # and at run time: the learner's modules load neither the engine nor nbgrader
    code = ("import sys, reseau.ties, reseau.budget, reseau.clubs, reseau.network, reseau.data, reseau.widgets, "
            "reseau.charts, reseau.plan, reseau.fmt, reseau.grading\n"
            "print(sorted(m for m in sys.modules if m.startswith(('reseau.autograde', 'nbgrader'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_jobs_must_be_a_whole_number_of_notebooks(capsys):
    for bad in ("0", "-1", "deux", "1.5"):
        with pytest.raises(SystemExit) as exit_:
            ag.main(["autograde", "--jobs", bad])
        assert exit_.value.code == 2
        err = capsys.readouterr().err
        assert f"--jobs attend un nombre entier de carnets (1 ou plus), reçu : « {bad} »" in err


def test_progress_bar_in_a_terminal_plain_lines_elsewhere():
    out = io.StringIO()
    with redirect_stdout(out):
        with Progress(3, bar=True) as progress:
            progress.line("alice / 01 : corrigé, 13 / 13")
            progress.advance()
            progress.advance()
    text = out.getvalue()
    assert "alice / 01 : corrigé, 13 / 13" in text
    assert "Correction : 2/3 copies" in text and "écoulé" in text and "reste" in text
    out = io.StringIO()
    with redirect_stdout(out):
        with Progress(3, bar=False) as progress:
            progress.line("alice / 01 : corrigé, 13 / 13")
            progress.advance()
    assert out.getvalue() == "alice / 01 : corrigé, 13 / 13\n"


# What each learner's first answer cell does: work for 3 s while it looks around, then say what it saw.
PROBE = '''import os, time, pathlib
_debut = time.time()
pathlib.Path("~/trace-{who}.txt").expanduser().write_text("{who}")
pathlib.Path("/tmp/trace-{who}.txt").write_text("{who}")
time.sleep(3)
print("SONDE", os.getuid(), _debut, time.time(), sorted(os.listdir(os.path.expanduser("~"))), sorted(os.listdir("/tmp")))
'''


def _probe(ws: Path, learner: str) -> tuple[int, float, float, list, list]:
    nb = nbformat.read(ws / "autograded" / learner / A1 / "force_des_liens.ipynb", as_version=4)
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.get("name") == "stdout" and out["text"].startswith("SONDE"):
                parts = out["text"].split(" ", 4)
                uid, start, end = int(parts[1]), float(parts[2]), float(parts[3])
                home, tmp = parts[4].strip().split("] [")
                return uid, start, end, home, tmp
    raise AssertionError(f"no probe output for {learner}")


@pytest.mark.bac_a_sable
def test_two_learners_graded_at_once_share_nothing(tmp_path, monkeypatch, new_workspace):
    monkeypatch.delenv("RESEAU_NO_SANDBOX", raising=False)
    ws = tmp_path / "ws"
    new_workspace(ws)
    for who in ("ana", "ben"):
        nb = learner_notebook(A1)
        first = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("solution"))
        first.source = PROBE.format(who=who) + first.source
        write_submission(ws, who, A1, nb)
    with redirect_stdout(io.StringIO()):
        done = ag.autograde(workspace=ws, jobs=2)
    assert done == {("ana", A1): True, ("ben", A1): True}
    ana, ben = _probe(ws, "ana"), _probe(ws, "ben")
    assert ana[1] < ben[2] and ben[1] < ana[2], "the two notebooks did not run at the same time"
    for who, seen, other in (("ana", ana, "ben"), ("ben", ben, "ana")):
        assert f"trace-{who}.txt" in seen[3] and f"trace-{other}.txt" not in seen[3]  # private home
        assert f"trace-{who}.txt" in seen[4] and f"trace-{other}.txt" not in seen[4]  # private /tmp
    if os.geteuid() == 0:
        assert ana[0] != ben[0] and ana[0] in SANDBOX_UIDS and ben[0] in SANDBOX_UIDS
    # the probe did not cost a point: the reference answers follow it in the same cell
    totals = {}
    for s in ag.gradebook_scores(workspace=ws):
        totals[s.student] = totals.get(s.student, 0) + s.score
    assert totals == {"ana": 13, "ben": 13}


def test_workers_report_every_outcome_and_run_at_most_jobs_at_once(tmp_path):
    """The pool on plain tasks: done, an exception, a worker that dies, one past its deadline."""
    import time

    from reseau.autograde.workers import DONE, FAILED, TIMED_OUT, Task, run_tasks

    def work(name, seconds, then=None):
        def run(uid, ready):
            ready()
            start = time.time()
            time.sleep(seconds)
            (tmp_path / f"{name}.txt").write_text(f"{start} {time.time()} {uid}")
            if then == "raise":
                raise ValueError("une erreur dans la tâche")
            if then == "exit":
                os._exit(3)
        return run

    tasks = [Task("a", work("a", 0.5)), Task("b", work("b", 0.5)), Task("c", work("c", 0.5, "raise")),
             Task("d", work("d", 0.5, "exit")), Task("e", work("e", 30)), Task("f", work("f", 0.5))]
    started = time.monotonic()
    outcomes = {o.key: o for o in run_tasks(tasks, jobs=2, uids=[1, 2, 3], deadline=3, lookahead=1)}
    elapsed = time.monotonic() - started
    assert {k: o.status for k, o in outcomes.items()} == {"a": DONE, "b": DONE, "c": FAILED, "d": FAILED,
                                                          "e": TIMED_OUT, "f": DONE}
    assert "ValueError: une erreur dans la tâche" in outcomes["c"].detail
    assert "code 3" in outcomes["d"].detail
    assert elapsed < 10  # the 30 s task was stopped at its 3 s deadline
    spans = sorted(tuple(float(x) for x in (tmp_path / f"{k}.txt").read_text().split()[:2]) for k in "abcdf")
    for i, (start, _) in enumerate(spans):  # never more than two tasks running at once
        assert sum(1 for s, e in spans if s <= start < e) <= 2, spans
    assert len({(tmp_path / f"{k}.txt").read_text().split()[2] for k in "ab"}) == 2  # one uid per worker


@pytest.mark.bac_a_sable
def test_every_learner_keeps_their_own_data_files_and_submission_time(tmp_path, monkeypatch, new_workspace):
    """Each learner's data files that the assignment declares reach their sandbox, and their timestamp reaches the
    gradebook, for every learner of the run (not only the first ones); a file it does not declare never does
    (issue 22: only the notebook runs), and the journal lists it."""
    import datetime

    from nbgrader.api import Gradebook

    from reseau.autograde import convert, paths
    from reseau.autograde.journal import Journal

    declared = lambda assignment: ["mes_notes.txt"] if assignment == A1 else []  # noqa: E731
    monkeypatch.setattr(convert, "declared_data_files", declared)
    monkeypatch.setattr(paths, "declared_data_files", declared)
    monkeypatch.delenv("RESEAU_NO_SANDBOX", raising=False)
    ws = new_workspace(tmp_path / "ws")
    learners = ("ana", "ben", "cem", "dia")
    for day, who in enumerate(learners, start=20):
        nb = learner_notebook(A1)
        first = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("solution"))
        first.source = ('import os\nprint("FICHIER", open("mes_notes.txt").read(), os.path.exists("aide.py"))\n'
                        + first.source)
        path = write_submission(ws, who, A1, nb)
        (path.parent / "mes_notes.txt").write_text(f"notes de {who}", encoding="utf-8")
        (path.parent / "aide.py").write_text("print('aide')", encoding="utf-8")
        (path.parent / "timestamp.txt").write_text(f"2026-11-{day} 10:00:00.000000 UTC", encoding="utf-8")
    with redirect_stdout(io.StringIO()):
        ag.autograde(workspace=ws, jobs=2)
    totals = {}
    for s in ag.gradebook_scores(workspace=ws):
        totals[s.student] = totals.get(s.student, 0) + s.score
    assert totals == {who: 13 for who in learners}
    with Gradebook(ag.gradebook_url(ws), ag.COURSE_ID) as gb:
        stamps = {who: gb.find_submission(A1, who).timestamp for who in learners}
    assert stamps == {who: datetime.datetime(2026, 11, day, 10, 0) for day, who in enumerate(learners, start=20)}
    for who in learners:
        graded = nbformat.read(ws / "autograded" / who / A1 / "force_des_liens.ipynb", as_version=4)
        printed = [o.get("text", "") for c in graded.cells for o in c.get("outputs", [])]
        assert Journal(ws).get(who, A1)["fichiers_ecartes"] == ["aide.py"]
        assert f"FICHIER notes de {who} False\n" in printed


def test_declared_data_files_are_released_with_the_assignment_and_never_code(tmp_path, monkeypatch):
    """The data files an assignment declares: the files beside its notebook in solutions/<assignment>/ (released
    with it), but never a kind Python, IPython, Jupyter or matplotlib loads on its own.  None today."""
    from reseau.autograde import paths

    folder = tmp_path / "solutions" / "99_essai"
    for relative in ("essai.ipynb", "donnees.csv", "cartes/reseau.json", "aide.py", "outil.pth", "matplotlibrc",
                     "ipython_config.json", ".ipython/profile_default/startup/x.csv", "__pycache__/x.csv",
                     ".ipynb_checkpoints/donnees-checkpoint.csv", "style.mplstyle", "lib.so"):
        (folder / relative).parent.mkdir(parents=True, exist_ok=True)
        (folder / relative).write_text("x", encoding="utf-8")
    monkeypatch.setattr(paths, "SOLUTIONS_DIR", tmp_path / "solutions")
    assert paths.declared_data_files("99_essai") == ["cartes/reseau.json", "donnees.csv"]
    submitted = tmp_path / "copie"
    for relative in ("essai.ipynb", "donnees.csv", "timestamp.txt", "aide.py", ".ipython/x.py"):
        (submitted / relative).parent.mkdir(parents=True, exist_ok=True)
        (submitted / relative).write_text("x", encoding="utf-8")
    assert paths.left_out_files(submitted, "99_essai") == [".ipython/x.py", "aide.py"]
    monkeypatch.undo()
    for assignment in paths.assignments():
        assert paths.declared_data_files(assignment) == []
