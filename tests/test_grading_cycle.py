"""End to end: the trainer's cycle through nbgrader on a simulated class.

Expected scores are worked out by hand from the points of each test cell:
assignment 01 has 8 graded cells worth 1+2+1+2+2+2+2+1 = 13 points.
"""

from __future__ import annotations

import csv

import pytest

from grading_helpers import ROOT, learner_notebook, write_submission
from reseau import autograde as ag
from reseau.errors import ReseauError

pytestmark = pytest.mark.bac_a_sable  # skipped without bubblewrap (French line), mandatory under CI=true

A1 = "06_force_des_liens"
ALL = ["06_force_des_liens", "03_budget_et_temps", "08_ponts_et_liens_faibles", "04_choisir_un_club"]
MAX = {"06_force_des_liens": 13, "03_budget_et_temps": 13, "08_ponts_et_liens_faibles": 12, "04_choisir_un_club": 10}

# Known mistakes: sectors of weak ties without removing those of strong ties (test_weak_only_sectors, 2 pts)
# and the share of weak ties among existing ties only (test_share_weak, 1 pt): 13 - 3 = 10.
PARTIAL = {
    "weak_only": 'weak_only_sectors = sorted(set(scored.loc[scored["tie"] == "faible", "sector"]))',
    "share": "share_weak = n_weak / (n_strong + n_weak)",
}
# An error in the scoring cell: scored is never defined, so Q3 to Q6 fail (2+2+2+1 = 7): 13 - 7 = 6.
BROKEN_SCORED = 'contacts = load_contacts()\nraise ValueError("oups")\nscored = contacts'


@pytest.fixture(scope="module")
def graded_class(tmp_path_factory, new_workspace):
    # the gradebook needs the assignments: a copy of the session's, generated once
    ws = new_workspace(tmp_path_factory.mktemp("workspace"))
    for name in ALL:
        write_submission(ws, "alice", name, learner_notebook(name))
    write_submission(ws, "bruno", A1, learner_notebook(A1, correct=False))
    write_submission(ws, "chloe", A1, learner_notebook(A1, PARTIAL))
    write_submission(ws, "david", A1, learner_notebook(A1, {"scored": BROKEN_SCORED}))
    done = ag.autograde(workspace=ws)
    ag.generate_feedback(workspace=ws)
    csv_path = ag.export_grades(workspace=ws)
    report = ag.class_report(workspace=ws)
    return ws, done, csv_path, report


def _scores(ws):
    totals: dict[tuple[str, str], float] = {}
    for s in ag.gradebook_scores(workspace=ws):
        totals[(s.student, s.assignment)] = totals.get((s.student, s.assignment), 0) + s.score
    return totals


def test_every_submission_graded(graded_class):
    ws, done, _, _ = graded_class
    assert done == {("alice", n): True for n in ALL} | {(x, A1): True for x in ("bruno", "chloe", "david")}


def test_scores_worked_out_by_hand(graded_class):
    ws, *_ = graded_class
    scores = _scores(ws)
    for name in ALL:
        assert scores[("alice", name)] == MAX[name], name  # the reference answers get full marks
    assert scores[("bruno", A1)] == 0  # the blank notebook
    assert scores[("chloe", A1)] == 10
    assert scores[("david", A1)] == 6


def test_partial_learner_loses_exactly_the_mistaken_cells(graded_class):
    ws, *_ = graded_class
    lost = {s.cell: s.max_score - s.score for s in ag.gradebook_scores(workspace=ws)
            if s.student == "chloe" and s.score < s.max_score}
    assert lost == {"test_weak_only_sectors": 2, "test_share_weak": 1}


def test_exported_csv_holds_the_same_figures(graded_class):
    _, _, csv_path, _ = graded_class
    with open(csv_path, encoding="utf-8") as fh:
        rows = {(r["student_id"], r["assignment"]): (float(r["score"]), float(r["max_score"])) for r in csv.DictReader(fh)}
    assert rows[("alice", A1)] == (13, 13)
    assert rows[("bruno", A1)] == (0, 13)
    assert rows[("chloe", A1)] == (10, 13)
    assert rows[("david", A1)] == (6, 13)
    assert rows[("alice", "04_choisir_un_club")] == (10, 10)


def test_feedback_is_french_and_says_what_to_look_at(graded_class):
    ws, *_ = graded_class
    html = (ws / "feedback" / "chloe" / A1 / "force_des_liens.html").read_text(encoding="utf-8")
    assert "weak_only_sectors ne contient pas les bons éléments" in html
    assert "retirez ceux des liens forts" in html
    assert (ws / "feedback" / "bruno" / A1 / "force_des_liens.html").exists()


def test_feedback_shows_no_hidden_test(graded_class):
    """Points and the French message of each failed check, but not the hidden tests' code, inputs or seeds."""
    ws, *_ = graded_class
    source = (ROOT / "solutions" / A1 / "force_des_liens.ipynb").read_text(encoding="utf-8")
    assert "BEGIN HIDDEN TESTS" in source and "seed=1973" in source  # what must not leak
    for learner in ("alice", "bruno", "chloe", "david"):
        html = (ws / "feedback" / learner / A1 / "force_des_liens.html").read_text(encoding="utf-8")
        for secret in ("HIDDEN TESTS", "seed=1973", "random_ratings(", "import reseau.ties as _ref"):
            assert secret not in html, (learner, secret)
        for code in ("check_learner_function", "from reseau.grading", "tie_strength(0, 0, 0, 0)", "def "):
            assert code not in html, (learner, code)  # no test-cell code at all, visible or hidden
    bruno = (ws / "feedback" / "bruno" / A1 / "force_des_liens.html").read_text(encoding="utf-8")
    assert '<p class="note">0 / 13</p>' in bruno


def test_feedback_page_is_french_with_each_question_its_points_and_reason(graded_class):
    """The page `make feedback` writes: the title, the total, every question by its title with its points, the
    French reason under each lost one; no code, no English from nbgrader, no script, nothing from outside."""
    from html.parser import HTMLParser

    from reseau.autograde.report import question_labels

    ws, *_ = graded_class
    page = (ws / "feedback" / "chloe" / A1 / "force_des_liens.html").read_text(encoding="utf-8")

    class Text(HTMLParser):
        def __init__(self):
            super().__init__()
            self.parts, self.tags, self.metas = [], [], {}

        def handle_starttag(self, tag, attrs):
            self.tags.append((tag, dict(attrs)))
            if tag == "meta" and dict(attrs).get("name"):
                self.metas[dict(attrs)["name"]] = dict(attrs).get("content")

        def handle_data(self, data):
            self.parts.append(data)

    parsed = Text()
    parsed.feed(page)
    text = " ".join(" ".join(parsed.parts).split())
    assert parsed.metas["reseau-points"] == "10" and parsed.metas["reseau-points-max"] == "13"  # chloe: 10 / 13
    assert "Votre retour : " in text and "10 / 13" in text
    labels = {cell: label for (name, cell), label in question_labels().items() if name == A1}
    assert len(labels) == 8
    for label in labels.values():
        assert label in text, label
    # chloe's copy answers weak_only_sectors and share_weak wrong (13 - 10 = 3 points: 2 + 1), each with its
    # check's French message under it
    assert "rangée. 0 / 2 weak_only_sectors ne contient pas les bons éléments" in text
    assert "elle est juste. 0 / 1 share_weak n'a pas la valeur attendue" in text
    assert "2 questions à revoir : la raison est écrite sous chacune." in text
    for english in ("Score", "Test cell", "Student's answer", "Traceback", "Grade cell", "Comments"):
        assert english not in text, english
    tags = {tag for tag, _ in parsed.tags}
    assert "script" not in tags and "link" not in tags and "img" not in tags and "iframe" not in tags
    assert "http://" not in page and "https://" not in page and "mathjax" not in page.lower()
    assert '<html lang="fr">' in page
    # readable by everyone, as nbgrader's page was: the exchange copies the file with its mode to the participants
    assert (ws / "feedback" / "chloe" / A1 / "force_des_liens.html").stat().st_mode & 0o444 == 0o444


def test_class_report(graded_class):
    ws, _, _, report = graded_class
    text = report.read_text(encoding="utf-8")
    assert "rapport partiel" not in text
    plain = text.replace("\u00a0", " ")
    assert "4 copies corrigées ; moyenne 7,25 / 13." in plain  # (13 + 0 + 10 + 6) / 4
    # each question is shown with what it checks, in French, and its rate: sectors 1 learner of 4
    assert "| test_weak_only_sectors | La liste des secteurs atteints seulement par des liens faibles est juste et rangée. | 2 | 25 % |" in plain
    with open(report.parent / "taux_de_reussite.csv", encoding="utf-8") as fh:
        rates = {(r["exercice"], r["question"]): float(r["taux"]) for r in csv.DictReader(fh)}
    # bounds: alice, chloe, david pass; bruno (blank) fails -> 3/4
    assert rates[(A1, "test_tie_strength_bounds")] == 0.75
    # sectors: only alice -> 1/4; scored table: alice and chloe -> 2/4
    assert rates[(A1, "test_weak_only_sectors")] == 0.25
    assert rates[(A1, "test_scored")] == 0.5
    assert (report.parent / f"notes_{A1}.png").stat().st_size > 0


def test_report_says_when_it_is_partial(graded_class, tmp_path):
    ws, *_ = graded_class
    write_submission(ws, "emma", A1, learner_notebook(A1))  # collected, not graded yet
    text = ag.class_report(workspace=ws, out_dir=tmp_path).read_text(encoding="utf-8")
    assert "rapport partiel" in text and "emma / 06_force_des_liens" in text


def test_collect_folder(tmp_path):
    src = tmp_path / "copies" / "farid" / A1
    src.mkdir(parents=True)
    import nbformat

    nbformat.write(learner_notebook(A1), src / "force_des_liens.ipynb")
    ws = tmp_path / "ws"
    assert ag.collect_folder(tmp_path / "copies", workspace=ws) == [("farid", A1)]
    assert (ws / "submitted" / "farid" / A1 / "force_des_liens.ipynb").exists()
    (tmp_path / "copies" / "farid" / "exo9").mkdir()
    with pytest.raises(ReseauError, match="Exercice inconnu « exo9 »"):
        ag.collect_folder(tmp_path / "copies", workspace=ws)


def test_self_check(tmp_path, capsys, monkeypatch):
    """A learner's own grade, each lost question with the French message of its check; the second call
    reuses the gradebook (no new generation); a changed source is generated again."""
    import nbformat

    from reseau.autograde import selfcheck

    nb_path = tmp_path / "force_des_liens.ipynb"
    nbformat.write(learner_notebook(A1, PARTIAL), nb_path)
    score, max_score, reasons = ag.self_check(nb_path, keep=tmp_path / "auto")
    assert (score, max_score) == (10, 13)
    assert set(reasons) == {"test_weak_only_sectors", "test_share_weak"}
    out = capsys.readouterr().out
    assert "Total : 10 / 13" in out and "test_share_weak" in out and "à revoir" in out
    assert f"      → {reasons['test_share_weak']}" in out and "relancez make self-check" in out
    assert "<" not in reasons["test_share_weak"] and "assert" not in reasons["test_share_weak"]

    generated = []
    real = selfcheck.generate_exercises
    monkeypatch.setattr(selfcheck, "generate_exercises", lambda *a, **k: generated.append(a) or real(*a, **k))
    nbformat.write(learner_notebook(A1), nb_path)
    assert ag.self_check(nb_path, keep=tmp_path / "auto")[:2] == (13, 13)
    assert generated == []  # solutions/ unchanged: the gradebook was reused
    stamps = tmp_path / "auto" / selfcheck.SOURCE_STAMP
    stamps.write_text(stamps.read_text(encoding="utf-8").replace(":", "x:"), encoding="utf-8")
    assert ag.self_check(nb_path, keep=tmp_path / "auto")[:2] == (13, 13)
    assert len(generated) == 1  # a source that changed since is generated again


def test_collect_lms_zip(tmp_path):
    """An LMS zip of <learner>_<notebook>.ipynb files lands in submitted/<learner>/<assignment>/."""
    import zipfile

    import nbformat

    archive = tmp_path / "telechargement.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for learner in ("dupont-marie", "martin-paul"):
            zf.writestr(f"{learner}_force_des_liens.ipynb", nbformat.writes(learner_notebook(A1)))
    ws = tmp_path / "ws"
    assert ag.collect_zip(archive, A1, workspace=ws) == [("dupont-marie", A1), ("martin-paul", A1)]
    for learner in ("dupont-marie", "martin-paul"):
        assert (ws / "submitted" / learner / A1 / "force_des_liens.ipynb").exists()
    with pytest.raises(ReseauError, match="Quiz ou exercice inconnu"):
        ag.collect_zip(archive, "09_inconnu", workspace=ws)
    (tmp_path / "pas_un_zip.zip").write_text("bonjour", encoding="utf-8")
    with pytest.raises(ReseauError, match="pas une archive zip"):
        ag.collect_zip(tmp_path / "pas_un_zip.zip", A1, workspace=ws)


def test_autograde_on_a_workspace_that_never_generated_the_assignment_says_what_to_do(tmp_path):
    """A copy collected into a workspace where `make exercises` never ran: before, nbgrader's English
    MissingEntry traceback; now a French line naming the assignment and the command to run, exit code 2."""
    import os
    import subprocess
    import sys

    ws = tmp_path / "espace"
    write_submission(ws, "dupont-marie", "06_force_des_liens", learner_notebook("06_force_des_liens"))
    proc = subprocess.run([sys.executable, "-m", "reseau.autograde", "autograde"], cwd=ROOT,
                          env={**os.environ, "RESEAU_WORKSPACE": str(ws)}, capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr and "MissingEntry" not in proc.stderr
    assert ("Ce quiz ou exercice n'a jamais été généré dans l'espace de correction" in proc.stderr
            and "« 06_force_des_liens »" in proc.stderr and "make exercises" in proc.stderr), proc.stderr


def test_nbgraders_missing_entry_is_said_in_french_whatever_the_command():
    from reseau.autograde.cli import missing_entry_message

    said = missing_entry_message("No such submission: 06_force_des_liens for dupont-marie")
    assert "« 06_force_des_liens » de « dupont-marie »" in said and "make exercises" in said
    assert "No such" not in said
