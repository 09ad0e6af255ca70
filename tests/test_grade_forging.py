"""Issue 11: grade integrity.  The test cells run in the judge, never in the learner's kernel.

The second hostile corpus (tests/forging_corpus.py: forgers on exercises 01 and 02, most with answers all
wrong or blank, some with right answers; issue 22 added non-finite numbers, files handed in beside the
notebook and the library's references reached by many routes) is graded in ONE batch with honest learners: each scores exactly what its real answers are worth, worked out by hand in
the corpus's docstring.  While it runs, every piece of code sent to a learner's kernel is
recorded: no test cell's code is among it, nor any check of reseau.grading.
"""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import pytest

from forging_corpus import A1, A2, build_file_forgers, build_forgers, files_beside, forger_01, PRELUDES
from grading_helpers import ROOT, write_submission
from reseau import autograde as ag
from reseau.autograde.journal import Journal

pytestmark = pytest.mark.bac_a_sable  # skipped without bubblewrap (French line), mandatory under CI=true

#: Short limits for the test: a function that hangs stops after 5 s.
TEST_ENV = {"RESEAU_CELL_TIMEOUT": "5", "RESEAU_SANDBOX_MEMORY_MB": "2048", "RESEAU_SANDBOX_CPU_SECONDS": "120"}


def _test_sources(assignment: str) -> list[str]:
    (path,) = sorted((ROOT / "solutions" / assignment).glob("*.ipynb"))
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return ["".join(c["source"]) for c in cells if c["cell_type"] == "code"
            and c["metadata"].get("nbgrader", {}).get("grade") and not c["metadata"]["nbgrader"].get("solution")]


def _recording(mp, log: Path) -> None:
    """Record every execute request sent to a kernel (code and user expressions), in the workers too."""
    from jupyter_client.asynchronous.client import AsyncKernelClient as KernelClient

    original = KernelClient.execute

    def execute(self, code="", silent=False, store_history=True, user_expressions=None, *args, **kwargs):
        with open(log, "a", encoding="utf-8") as fh:
            fh.write(json.dumps({"code": code, "expressions": user_expressions or {}}) + "\n")
        return original(self, code, silent, store_history, user_expressions, *args, **kwargs)

    mp.setattr(KernelClient, "execute", execute)


@pytest.fixture(scope="module")
def graded(tmp_path_factory, new_workspace):
    ws = tmp_path_factory.mktemp("forgers-ws")
    log = tmp_path_factory.mktemp("kernel-log") / "executed.jsonl"
    forgers = build_forgers()
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("RESEAU_NO_SANDBOX", raising=False)
        for key, value in TEST_ENV.items():
            mp.setenv(key, value)
        new_workspace(ws)
        for learner, (assignment, nb, _) in forgers.items():
            write_submission(ws, learner, assignment, nb)
        for learner, (assignment, nb, files, _) in build_file_forgers().items():
            _write_beside(write_submission(ws, learner, assignment, nb).parent, files)
        _recording(mp, log)
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            done = ag.autograde(workspace=ws, jobs=2)
    sent = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    yield {"ws": ws, "done": done, "forgers": forgers, "sent": sent, "log": out.getvalue()}


def _write_beside(folder: Path, files: dict[str, str]) -> None:
    for relative, text in files.items():
        (folder / relative).parent.mkdir(parents=True, exist_ok=True)
        (folder / relative).write_text(text, encoding="utf-8")


def _totals(ws: Path) -> dict[str, float]:
    totals: dict[str, float] = {}
    for s in ag.gradebook_scores(workspace=ws):
        totals[s.student] = totals.get(s.student, 0) + s.score
    return totals


def test_the_corpus_covers_the_family():
    forgers = build_forgers()
    cheats = [name for name in forgers if name.startswith("f")]
    assert len(cheats) >= 30
    assert {forgers[name][0] for name in cheats} == {A1, A2}


def test_the_batch_completes(graded):
    assert all(graded["done"].values()), graded["log"]
    assert len(graded["done"]) == len(graded["forgers"]) + len(build_file_forgers())
    assert Journal(graded["ws"]).unfinished() == []


@pytest.mark.parametrize("learner", sorted(build_forgers()))
def test_each_scores_exactly_what_its_answers_are_worth(graded, learner):
    expected = graded["forgers"][learner][2]
    assignment = graded["forgers"][learner][0]
    assert _totals(graded["ws"]).get(learner) == expected, Journal(graded["ws"]).get(learner, assignment)


@pytest.mark.parametrize("learner", sorted(build_file_forgers()))
def test_files_beside_the_notebook_earn_nothing(graded, learner):
    """Only the notebook runs: startup files, configurations, sitecustomize, modules named like the notebook's
    imports, user site-packages, matplotlib's configuration handed in beside it never reach the kernel."""
    assignment, _, files, expected = build_file_forgers()[learner]
    assert _totals(graded["ws"]).get(learner) == expected, Journal(graded["ws"]).get(learner, assignment)
    entry = Journal(graded["ws"]).get(learner, assignment)
    assert entry["fichiers_ecartes"] == sorted(files)  # the trainer sees what was left out


def test_files_left_out_are_named_in_french_in_the_journal_and_the_run(graded):
    entry = Journal(graded["ws"]).get("fichiers1-sitecustomize", A1)
    assert entry["fichiers_ecartes"] == ["sitecustomize.py", "usercustomize.py"]
    assert entry["fichiers_ecartes_note"] == ("2 fichiers rendus à côté du carnet, laissés de côté (seul le carnet "
                                              "est exécuté) : sitecustomize.py, usercustomize.py.")
    assert "fichiers1-sitecustomize / 06_force_des_liens" in graded["log"]
    assert "laissés de côté (seul le carnet est exécuté) : sitecustomize.py, usercustomize.py." in graded["log"]
    assert "fichiers_ecartes" not in Journal(graded["ws"]).get("honnete-01-complet", A1)


def test_no_test_cell_ran_in_a_learner_kernel(graded):
    sent = graded["sent"]
    assert sent, "no execute request recorded: the recording did not reach the workers"
    code = "\n".join(entry["code"] for entry in sent)
    for assignment in (A1, A2):
        for source in _test_sources(assignment):
            assert source.strip() not in code
    # lines only test cells have (the forgers' own code names the checks too)
    for marker in ("BEGIN HIDDEN", "from reseau.grading import", "check_learner_function(tie_strength",
                   "random_ratings(seed=", "random_plans(seed="):
        assert marker not in code
    # what the kernel is asked instead: plain-data questions, through reseau.remote.answer
    expressions = [e for entry in sent for e in entry["expressions"].values()]
    assert expressions and all(e.startswith("__import__('reseau.remote'") for e in expressions)
    assert not any("check_" in e for e in expressions)


def test_reasons_say_what_happened_in_french(graded):
    ws = graded["ws"]
    motifs = {r["question"]: r["motif"] for r in Journal(ws).get("f1-fonction_qui_dort", A1)["motifs"]}
    assert "a tourné plus de 5 s" in motifs["test_tie_strength_bounds"]
    motifs = {r["question"]: r["motif"] for r in Journal(ws).get("f1-fonction_qui_ment_sur_sa_provenance", A1)["motifs"]}
    assert "reprend la fonction de la bibliothèque reseau" in motifs["test_tie_strength_bounds"]
    motifs = {r["question"]: r["motif"] for r in Journal(ws).get("f1-tableaux_sous_classes", A1)["motifs"]}
    assert "doit être un tableau pandas (DataFrame), pas un objet de type _D" in motifs["test_scored"]
    motifs = {r["question"]: r["motif"] for r in Journal(ws).get("f2-import_trafique", A2)["motifs"]}
    assert "NotImplementedError" in motifs["test_meetings_simple"]


def test_self_check_uses_the_judge_too(tmp_path, monkeypatch):
    monkeypatch.delenv("RESEAU_NO_SANDBOX", raising=False)
    for key, value in TEST_ENV.items():
        monkeypatch.setenv(key, value)
    log = tmp_path / "executed.jsonl"
    _recording(monkeypatch, log)
    import nbformat

    path = tmp_path / "copie" / "force_des_liens.ipynb"
    path.parent.mkdir()
    nbformat.write(forger_01(PRELUDES["transformateur_d_entree"]), path)
    with contextlib.redirect_stdout(io.StringIO()):
        score, maximum, reasons = ag.self_check(path, keep=tmp_path / "ws")
    assert (score, maximum) == (0, 13)
    code = "\n".join(json.loads(line)["code"] for line in log.read_text(encoding="utf-8").splitlines())
    assert code and "from reseau.grading import" not in code and "BEGIN HIDDEN" not in code


#: right on the four visible examples only: the hidden tests (random ratings) fail
ONLY_THE_EXAMPLES = (
    "def tie_strength(frequency, intimacy, emotion, reciprocity):\n"
    "    known = {(0, 0, 0, 0): 0.0, (4, 4, 4, 4): 1.0, (3, 2, 3, 2): 0.625, (4, 0, 0, 0): 0.25}\n"
    "    return known.get((frequency, intimacy, emotion, reciprocity), 0.5)"
)


def test_feedback_names_no_hidden_input(tmp_path, monkeypatch, new_workspace):
    from grading_helpers import learner_notebook
    from reseau.grading import random_ratings

    monkeypatch.delenv("RESEAU_NO_SANDBOX", raising=False)
    ws = new_workspace(tmp_path / "ws")
    write_submission(ws, "emma", A1, learner_notebook(A1, {"tie_strength": ONLY_THE_EXAMPLES}))
    with contextlib.redirect_stdout(io.StringIO()):
        ag.autograde(workspace=ws)
        ag.generate_feedback(workspace=ws)
    # bounds 1 + classify 1 + 2; the mean test fails on hidden ratings; scored calls tie_strength on whole
    # columns (unhashable: the cell fails), so the four questions after it score 0: 4 / 13
    assert _totals(ws) == {"emma": 4}
    html = (ws / "feedback" / "emma" / A1 / "force_des_liens.html").read_text(encoding="utf-8")
    assert "tie_strength, sur les notes des tests cachés n&#39;a pas la valeur attendue" in html or \
        "tie_strength, sur les notes des tests cachés n'a pas la valeur attendue" in html
    hidden = list(random_ratings(seed=1973, n=25)) + list(random_ratings(seed=1360, n=10, integers=False))
    for ratings in hidden:
        if ratings not in {(0, 0, 0, 0), (4, 4, 4, 4), (3, 2, 3, 2), (4, 0, 0, 0)}:
            assert str(ratings) not in html, ratings


#: An honest learner's share cell that checks, in the grading kernel, that nothing but the notebook reached it:
#: right (13 / 13) only if so, 0.5 (12 / 13) otherwise.
PROBE_SHARE = (
    "import os, sys\n"
    "from IPython import get_ipython\n"
    "import matplotlib\n"
    "_profile = get_ipython().profile_dir.location\n"
    "_startup = os.path.join(_profile, 'startup')\n"
    "_clean = (sys.flags.safe_path and sys.flags.no_user_site and '' not in sys.path\n"
    "          and os.getcwd() not in sys.path and os.path.realpath('.') not in map(os.path.realpath, sys.path)\n"
    "          and _profile.startswith(os.environ['IPYTHONDIR'])\n"
    "          and [f for f in (os.listdir(_startup) if os.path.isdir(_startup) else []) if f != 'README'] == []\n"
    "          and matplotlib.get_configdir() == os.environ['MPLCONFIGDIR']\n"
    "          and os.environ['JUPYTER_CONFIG_DIR'] != os.path.join(os.path.expanduser('~'), '.jupyter')\n"
    "          and not any(os.path.lexists(n) for n in ('sitecustomize.py', 'pandas.py', 'reseau.py', '.ipython',\n"
    "                                                   'ipython_config.py', 'matplotlibrc', '.local', 'aide.pth'))\n"
    "          and 'sitecustomize_aide' not in sys.modules and 'aide_mpl' not in sys.modules)\n"
    "share_weak = n_weak / len(scored) if _clean else 0.5\n"
)


def _all_files(assignment: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for files in files_beside(assignment).values():
        out.update(files)
    return out


def test_only_the_notebook_runs_through_every_collect(tmp_path, monkeypatch, new_workspace):
    """The exchange, a folder and an LMS zip: files beside the notebook never run, the kernel starts clean.

    The forger (wrong answers, every kind of file beside them) would score 6 had a file run: 0.  The probe
    (right answers, the same files beside, its share cell checks the kernel) scores 13 only with a clean kernel.
    """
    import zipfile

    import nbformat

    from grading_helpers import learner_notebook

    monkeypatch.delenv("RESEAU_NO_SANDBOX", raising=False)
    for key, value in TEST_ENV.items():
        monkeypatch.setenv(key, value)
    exchange = tmp_path / "echange"
    monkeypatch.setenv("RESEAU_EXCHANGE", str(exchange))
    ws = new_workspace(tmp_path / "ws")
    probe = learner_notebook(A1, {"share": PROBE_SHARE})
    files = _all_files(A1)
    # the exchange: what nbgrader submit leaves in inbound/ (the learner's whole folder, and its timestamp)
    (exchange / "reseau" / "outbound" / A1).mkdir(parents=True)
    for learner, nb in (("echange-faux", forger_01()), ("echange-sonde", probe)):
        box = exchange / "reseau" / "inbound" / f"{learner}+{A1}+2026-12-01 10:00:00.000000 UTC+abc{learner[-3:]}"
        box.mkdir(parents=True)
        nbformat.write(nb, box / "force_des_liens.ipynb")
        (box / "timestamp.txt").write_text("2026-12-01 10:00:00.000000 UTC", encoding="utf-8")
        _write_beside(box, files)
    with contextlib.redirect_stdout(io.StringIO()):
        collected = ag.collect_exchange(A1, workspace=ws)
    assert sorted(collected) == [("echange-faux", A1), ("echange-sonde", A1)]
    # a folder
    for learner, nb in (("dossier-faux", forger_01()), ("dossier-sonde", probe)):
        folder = tmp_path / "copies" / learner / A1
        folder.mkdir(parents=True)
        nbformat.write(nb, folder / "force_des_liens.ipynb")
        _write_beside(folder, files)
    assert ag.collect_folder(tmp_path / "copies", workspace=ws) == [("dossier-faux", A1), ("dossier-sonde", A1)]
    # an LMS zip: its other files never match <learner>_<notebook>.ipynb
    archive = tmp_path / "lms.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("remise/zip-faux_force_des_liens.ipynb", nbformat.writes(forger_01()))
        zf.writestr("remise/zip-sonde_force_des_liens.ipynb", nbformat.writes(probe))
        for relative, text in files.items():
            zf.writestr(f"remise/zip-faux_{relative}", text)
            zf.writestr(f"remise/{relative}", text)
    with contextlib.redirect_stdout(io.StringIO()):
        assert ag.collect_zip(archive, A1, workspace=ws) == [("zip-faux", A1), ("zip-sonde", A1)]
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        done = ag.autograde(workspace=ws, jobs=2)
    assert all(done.values()) and len(done) == 6, out.getvalue()
    totals = _totals(ws)
    assert totals == {"echange-faux": 0, "echange-sonde": 13, "dossier-faux": 0, "dossier-sonde": 13,
                      "zip-faux": 0, "zip-sonde": 13}, out.getvalue()
    journal = Journal(ws)
    for learner in ("dossier-faux", "dossier-sonde"):
        assert journal.get(learner, A1)["fichiers_ecartes"] == sorted(files)
    for learner in ("echange-faux", "echange-sonde"):  # nbgrader's collect leaves compiled files out itself
        assert journal.get(learner, A1)["fichiers_ecartes"] == sorted(f for f in files if "__pycache__" not in f)


def test_self_check_runs_only_the_notebook(tmp_path, monkeypatch):
    """A learner's self-check grades as the trainer does: the probe's kernel is clean, files beside it never run."""
    import nbformat

    from grading_helpers import learner_notebook

    monkeypatch.delenv("RESEAU_NO_SANDBOX", raising=False)
    for key, value in TEST_ENV.items():
        monkeypatch.setenv(key, value)
    folder = tmp_path / "copie"
    folder.mkdir()
    _write_beside(folder, _all_files(A1))
    nbformat.write(learner_notebook(A1, {"share": PROBE_SHARE}), folder / "force_des_liens.ipynb")
    with contextlib.redirect_stdout(io.StringIO()):
        assert ag.self_check(folder / "force_des_liens.ipynb", keep=tmp_path / "ws")[:2] == (13, 13)
    nbformat.write(forger_01(), folder / "force_des_liens.ipynb")
    with contextlib.redirect_stdout(io.StringIO()):
        assert ag.self_check(folder / "force_des_liens.ipynb", keep=tmp_path / "ws")[:2] == (0, 13)
