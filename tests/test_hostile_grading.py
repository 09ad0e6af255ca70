"""Issue 5: the corpus of hostile submissions, graded in ONE batch with honest learners, in the sandbox.

For each hostile submission: the run completes, the attacked question scores 0 with a
French reason (journal and motifs.csv), the honest learners get exactly their hand-worked
grades, and nothing outside the sandbox changes (hashes before and after; the gradebook
is checked through its content: no manual score forged, no grade of another learner
changed).  See tests/hostile_corpus.py for the cases and why 12 / 13 proves an attack failed.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
import os
import socket
import sqlite3
import threading
from pathlib import Path

import pytest

from grading_helpers import ROOT
from hostile_corpus import A1, HONEST, KERNEL_ATTACKS, TAMPERING, UNREADABLE, build_corpus
from reseau import autograde as ag
from reseau.autograde.sandbox import NOBODY, SANDBOX_UIDS
from reseau.autograde.journal import Journal

pytestmark = pytest.mark.bac_a_sable  # skipped without bubblewrap (French line), mandatory under CI=true

MAX = 13
#: Short limits for the test: a hung cell stops after 5 s, a memory bomb at 2 GB.
TEST_ENV = {
    "RESEAU_CELL_TIMEOUT": "5",
    "RESEAU_SANDBOX_MEMORY_MB": "2048",
    "RESEAU_SANDBOX_PROCESSES": "64",
    "RESEAU_SANDBOX_CPU_SECONDS": "120",
    "RESEAU_MAX_OUTPUT_KB": "256",
}
#: A word of the French reason expected for test_share_weak, per in-kernel attack.
REASON_WORD = {
    "boucle_infinie": "dépassé",
    "boucle_qui_avale_ctrl_c": "Temps dépassé",
    "sys_exit": "SystemExit",
    "os_exit": "noyau Python s'est arrêté",
    "plantage_du_noyau": "noyau Python s'est arrêté",
    "bombe_memoire": "MemoryError",
    "bombe_fork": "BlockingIOError",
    "affiche_100_mo": "Sortie trop longue",
    "ecrit_le_carnet_de_notes": "unable to open database",
    "efface_le_carnet_de_notes": "FileNotFoundError",
    "lit_les_solutions": "FileNotFoundError",
    "lit_un_autre_apprenant": "FileNotFoundError",
    "reseau": "Error",
    "objet_egal_a_tout": "share_weak doit être un nombre",
    "sous_classe_de_float": "share_weak doit être un nombre",
    "redefinit_les_noms_des_tests": "n'a pas la valeur attendue",
}
SHARE_WEAK = "0.7377049180327869"


def _hash_tree(*roots: Path) -> dict[str, str]:
    """SHA-256 of every file under `roots` (links as links; caches skipped)."""
    out = {}
    for root in roots:
        if root.is_file():
            out[str(root)] = hashlib.sha256(root.read_bytes()).hexdigest()
            continue
        for dirpath, dirs, files in os.walk(root, followlinks=False):
            dirs[:] = [d for d in dirs if d not in {"__pycache__", ".ipynb_checkpoints"}]
            for name in files:
                path = Path(dirpath) / name
                if path.is_symlink():
                    out[str(path)] = "link:" + os.readlink(path)
                else:
                    out[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def _outside_files(ws: Path) -> list[Path]:
    return [ROOT / "solutions", ROOT / "src", ROOT / "datasets", ROOT / "exercises",
            ROOT / "autograder" / "nbgrader_config.py", ROOT / "tests" / "fixtures", ws / "submitted",
            ws / "canari.txt"]


def _grade_rows(ws: Path) -> list[tuple]:
    con = sqlite3.connect(f"file:{ws / 'gradebook.db'}?mode=ro", uri=True)
    try:
        return sorted(con.execute(
            "SELECT student.id, base_cell.name, grade.auto_score, grade.manual_score FROM grade "
            "JOIN submitted_notebook ON grade.notebook_id = submitted_notebook.id "
            "JOIN submitted_assignment ON submitted_notebook.assignment_id = submitted_assignment.id "
            "JOIN student ON submitted_assignment.student_id = student.id "
            "JOIN base_cell ON grade.cell_id = base_cell.id").fetchall())
    finally:
        con.close()


class _Server:
    """A TCP server on 127.0.0.1 that would hand out the right answer: no one must reach it."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(5)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections += 1
            conn.sendall(SHARE_WEAK.encode())
            conn.close()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, new_workspace):
    ws = tmp_path_factory.mktemp("hostile-ws")
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("RESEAU_NO_SANDBOX", raising=False)  # the corpus must never run outside the sandbox
        for key, value in TEST_ENV.items():
            mp.setenv(key, value)
        new_workspace(ws)
        server = _Server()
        kinds = build_corpus(ws, port=server.port)
        (ws / "canari.txt").write_text("ne pas toucher\n", encoding="utf-8")
        before = _hash_tree(*_outside_files(ws))
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            done = ag.autograde(workspace=ws, jobs=2)  # in parallel, as on the trainer's 2-core machine
        after = _hash_tree(*_outside_files(ws))
        print(out.getvalue())
        yield {"ws": ws, "done": done, "kinds": kinds, "before": before, "after": after, "server": server,
               "log": out.getvalue(), "mp": mp}
        server.sock.close()


def _scores(ws: Path) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    for s in ag.gradebook_scores(workspace=ws):
        out.setdefault(s.student, {})[s.cell] = s.score
    return out


def _reasons(ws: Path, learner: str) -> dict[str, str]:
    entry = Journal(ws).get(learner, A1)
    return {r["question"]: r["motif"] for r in entry["motifs"]}


def test_the_whole_batch_completes(corpus):
    assert set(corpus["done"]) == {(name, A1) for name in corpus["kinds"]}
    assert all(corpus["done"].values()), corpus["log"]
    assert Journal(corpus["ws"]).unfinished() == []


def test_honest_learners_get_exactly_their_grade(corpus):
    scores = _scores(corpus["ws"])
    for name, total in HONEST.items():
        assert sum(scores[name].values()) == total, name
    lost = {cell for cell, score in scores["chloe"].items() if score == 0}
    assert lost == {"test_weak_only_sectors", "test_share_weak"}


@pytest.mark.parametrize("case", sorted(KERNEL_ATTACKS))
def test_kernel_attack_scores_0_with_a_reason(corpus, case):
    scores = _scores(corpus["ws"])[case]
    assert scores["test_share_weak"] == 0
    assert sum(scores.values()) == MAX - 1, scores  # the rest of the notebook is graded normally
    reason = _reasons(corpus["ws"], case)["test_share_weak"]
    assert REASON_WORD[case] in reason, reason


@pytest.mark.parametrize("case", TAMPERING)
def test_tampering_gains_nothing(corpus, case):
    scores = _scores(corpus["ws"])[case]
    assert scores["test_share_weak"] == 0
    assert sum(scores.values()) == MAX - 1
    assert "n'a pas la valeur attendue" in _reasons(corpus["ws"], case)["test_share_weak"]


@pytest.mark.parametrize("case", sorted(UNREADABLE))
def test_unreadable_submission_scores_0_with_a_reason(corpus, case):
    scores = _scores(corpus["ws"])[case]
    assert sum(scores.values()) == 0 and len(scores) == 8
    entry = Journal(corpus["ws"]).get(case, A1)
    assert entry["statut"] == "refusé"
    assert all(UNREADABLE[case] in r["motif"] for r in entry["motifs"]), entry["motifs"]
    assert UNREADABLE[case] in corpus["log"]


def test_nothing_outside_the_sandbox_changed(corpus):
    before, after = corpus["before"], corpus["after"]
    assert before == after
    assert len(before) > 50
    assert corpus["server"].connections == 0
    ws = corpus["ws"]
    con = sqlite3.connect(ws / "gradebook.db")
    assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert con.execute("SELECT COUNT(*) FROM grade WHERE manual_score IS NOT NULL").fetchone() == (0,)
    con.close()


def test_no_sandboxed_process_is_left(corpus):
    leftovers = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                status = Path(f"/proc/{entry}/status").read_text()
            except OSError:
                continue
            uid = int(next(line for line in status.splitlines() if line.startswith("Uid:")).split()[1])
            if (uid in SANDBOX_UIDS or uid == NOBODY) and os.geteuid() == 0:
                leftovers.append(entry)
    assert leftovers == []


def test_a_huge_output_is_cut(corpus):
    nb = corpus["ws"] / "autograded" / "affiche_100_mo" / A1 / "force_des_liens.ipynb"
    assert nb.stat().st_size < 2_000_000


def test_reasons_csv_and_grades_csv_reflect_the_gradebook(corpus):
    ws = corpus["ws"]
    with open(ws / "grades.csv", encoding="utf-8") as fh:
        rows = {r["student_id"]: float(r["score"]) for r in csv.DictReader(fh) if r["assignment"] == A1}
    totals = {name: sum(cells.values()) for name, cells in _scores(ws).items()}
    assert rows == totals
    with open(ws / "motifs.csv", encoding="utf-8") as fh:
        motifs = list(csv.DictReader(fh))
    assert any(r["apprenant"] == "boucle_infinie" and r["question"] == "test_share_weak" for r in motifs)


def test_regrading_one_learner_changes_no_one_else(corpus):
    ws = corpus["ws"]
    before = _grade_rows(ws)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        done = ag.autograde(workspace=ws, student="ecrit_le_carnet_de_notes", force=True)
    assert done == {("ecrit_le_carnet_de_notes", A1): True}
    assert _grade_rows(ws) == before  # the same grades for them, and for everyone else


def test_grading_twice_gives_the_same_grades(corpus):
    ws = corpus["ws"]
    before = _grade_rows(ws)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        ag.autograde(workspace=ws)  # nothing changed: every copy is kept as graded
    assert out.getvalue().count("déjà corrigé") == len(corpus["kinds"])
    assert _grade_rows(ws) == before


def test_report_is_complete(corpus, tmp_path):
    text = ag.class_report(workspace=corpus["ws"], out_dir=tmp_path).read_text(encoding="utf-8")
    assert "rapport partiel" not in text and "échec" not in text
    assert f"{len(corpus['kinds'])} copies corrigées" in text


def test_a_kernel_stopped_while_others_ran_is_graded_again_alone(corpus):
    journal = Journal(corpus["ws"])
    for kind in ("os_exit", "plantage_du_noyau", "boucle_qui_avale_ctrl_c"):
        assert journal.get(kind, A1).get("recorrige_seul") is True, kind
        assert f"{kind} / {A1} : corrigé, " in corpus["log"] and "(recorrigé seul" in corpus["log"]
    assert "recorrige_seul" not in journal.get("alice", A1)  # an honest copy is graded once


def test_journal_is_valid_json_written_by_the_grader(corpus):
    data = json.loads((corpus["ws"] / "journal_correction.json").read_text(encoding="utf-8"))
    assert all(e["bac_a_sable"] for e in data["copies"].values())
