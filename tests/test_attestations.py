"""End-of-training certificates (Code du travail, article L6353-1): one PDF per participant, checked by its text.

A simulated class: the gradebook's scores are made up here (the grading cycle itself is tested elsewhere),
and every figure the certificate prints is worked out by hand below.  Offline: Typst's wheel typesets,
pypdf reads the text back.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from pypdf import PdfReader

from reseau.autograde import attestation as att
from reseau.autograde.gradebook import CellScore
from reseau.errors import ReseauError
from reseau.session import OBJECTIVES, TITLE

SESSION = """[session]
organisme = CCI Artois, service formation continue
lieu = Arras
debut = 2026-12-03
fin = 2026-12-04
duree_heures = 7
signataire = Claire Martin, formatrice
"""
CLASS = "identifiant,prenom,nom,role\nalice,Alice,Dupont,participant\nbruno,Bruno,Martin,participant\n" \
        "fanny,Fanny,Leroy,formateur\n"


def _quiz(student, name, right, total):
    return [CellScore(name, student, name, f"test_reponse_{k}", 1.0 if k <= right else 0.0, 1.0)
            for k in range(1, total + 1)]


def _scores():
    return [
        # Alice: positioning 7 / 20 (O1 questions 1-4 all right, O2 questions 5-7 right and 8 wrong, nothing else)
        *_quiz("alice", "00_positionnement", 7, 20),
        *_quiz("alice", "01_quiz_choisir_son_reseau", 5, 6),          # O1
        CellScore("04_choisir_un_club", "alice", "n", "test_fits_all", 8.0, 10.0),  # O1 and O2
        *_quiz("alice", "02_quiz_temps_et_budget", 2, 8),             # O2
        CellScore("06_force_des_liens", "alice", "n", "test_scored", 10.0, 13.0),   # O3
        # Bruno: only quiz 05, all wrong
        *_quiz("bruno", "05_quiz_force_des_liens", 0, 8),
    ]
# Alice, by hand: O1 (5 + 8) / (6 + 10) = 13/16 = 81,25 % -> « 81 % », acquis (>= 70 %);
# O2 (8 + 2) / (10 + 8) = 10/18 = 55,6 % -> « 56 % », en cours d'acquisition (>= 40 %);
# O3 10/13 = 76,9 % -> « 77 % », acquis; O4 and O5: non évalué.  Entry per objective: O1 4/4 = 100 %, O2 3/4 = 75 %,
# O3 to O5 0/4 = 0 %; over the five: (100 + 75 + 0 + 0 + 0) / 5 = 35 % (= 7 / 20).
# Bruno: O3 0 / 8 = 0 % -> non acquis; the others non évalué.


@pytest.fixture
def files(tmp_path, monkeypatch):
    (tmp_path / "session.ini").write_text(SESSION, encoding="utf-8")
    (tmp_path / "classe.csv").write_text(CLASS, encoding="utf-8")
    scores = _scores()
    monkeypatch.setattr(att, "gradebook_scores", lambda workspace=None: scores)
    return tmp_path, scores


def _text(path) -> str:
    reader = PdfReader(str(path))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return re.sub(r"[ \u00a0\u202f]+", " ", text.replace("-\n", "").replace("\n", " "))


def _make(tmp_path, **kwargs):
    return att.make_certificates(tmp_path / "session.ini", tmp_path / "classe.csv", workspace=tmp_path / "ws",
                                 today=dt.date(2026, 12, 4), **kwargs)


def test_one_certificate_per_participant_with_what_article_l6353_1_requires(files):
    tmp_path, _ = files
    paths = _make(tmp_path).paths
    assert [p.name for p in paths] == ["attestation_alice.pdf", "attestation_bruno.pdf"]  # not the trainer
    text = _text(paths[0])
    assert len(PdfReader(str(paths[0])).pages) == 1
    assert "Attestation de fin de formation" in text and "article L6353-1 du Code du travail" in text
    assert "CCI Artois, service formation continue atteste qu'Alice Dupont a suivi la formation" in text
    assert " ".join(TITLE.split()) in text
    assert "Action de formation (Code du travail, article L6313-1, 1°)" in text  # the nature of the action
    assert "du 3 décembre 2026 au 4 décembre 2026" in text and "Durée : 7 heures" in text
    for code, objective in OBJECTIVES.items():
        assert f"{code} " in text and " ".join(objective.split()[:5]) in text, code
    assert re.search(r"O1 .*? 81 % acquis", text)
    assert re.search(r"O2 .*? 56 % en cours d'acquisition", text)
    assert re.search(r"O3 .*? 77 % acquis", text)
    assert re.search(r"O4 .*? — non évalué", text) and re.search(r"O5 .*? — non évalué", text)
    assert "Positionnement à l'entrée : 35 % des points" in text
    assert "Quiz du module 1 : choisir son réseau 5 / 6" in text
    assert "Fait à Arras, le 4 décembre 2026." in text and "Claire Martin, formatrice" in text
    assert "Signature et cachet de l'organisme :" in text  # with a box below it for both
    assert "alice" not in text.replace("Alice", "") and "Identifiant" not in text  # the name, never the login
    bruno = _text(paths[1])
    assert "atteste que Bruno Martin" in bruno and re.search(r"O3 .*? 0 % non acquis", bruno)
    assert "Positionnement" not in bruno  # he did not take it


def test_french_typography_in_the_certificate(files):
    tmp_path, _ = files
    raw = "\n".join(p.extract_text() for p in PdfReader(str(_make(tmp_path).paths[0])).pages)
    assert "Durée\u00a0:" in raw or "Durée :" in raw
    assert not re.search(r"\S:", raw.replace("https:", "")), "deux-points collé au mot précédent"


@pytest.mark.parametrize("line, field", [
    ("debut = 2026-12-03\n", "debut"), ("duree_heures = 7\n", "duree_heures"), ("lieu = Arras\n", "lieu"),
])
def test_a_missing_session_field_is_named_and_nothing_is_written(files, line, field):
    tmp_path, _ = files
    (tmp_path / "session.ini").write_text(SESSION.replace(line, ""), encoding="utf-8")
    with pytest.raises(ReseauError) as err:
        _make(tmp_path)
    assert err.value.field == field and f"« {field} »" in str(err.value)
    assert not (tmp_path / "ws" / "attestations").exists()


def test_a_bad_date_or_duration_is_named(files):
    tmp_path, _ = files
    (tmp_path / "session.ini").write_text(SESSION.replace("2026-12-04", "04/12/2026"), encoding="utf-8")
    with pytest.raises(ReseauError, match="Date invalide pour « fin ».*AAAA-MM-JJ"):
        _make(tmp_path)
    (tmp_path / "session.ini").write_text(SESSION.replace("duree_heures = 7", "duree_heures = sept"), encoding="utf-8")
    with pytest.raises(ReseauError, match="Durée invalide.*« sept »"):
        _make(tmp_path)


def test_a_participant_with_no_grade_and_the_trainer_are_left_out_with_a_warning_naming_them(files):
    tmp_path, _ = files
    # the guide's test account, never submitted, and a participant who did not come
    (tmp_path / "classe.csv").write_text(CLASS + "essai-participant,Essai,Participant,participant\n"
                                         "chloe,Chloé,Petit,participant\n", encoding="utf-8")
    run = _make(tmp_path)
    assert [p.name for p in run.paths] == ["attestation_alice.pdf", "attestation_bruno.pdf"]
    assert [name for name, _ in run.left_out] == ["Fanny Leroy", "Essai Participant", "Chloé Petit"]
    warning = run.warning
    assert warning.startswith("Attention : pas d'attestation pour Fanny Leroy (formatrice ou formateur) ; "
                              "Essai Participant (compte d'essai) ; Chloé Petit (aucun quiz ni exercice noté")
    # what to do next, on the class server (hand in) and without it (collect and grade)
    assert "qu'il clique « Rendre » dans « Mes quiz et exercices »" in warning and "make autograde" in warning


def test_the_test_account_never_gets_a_certificate_even_with_a_grade(files):
    tmp_path, scores = files
    (tmp_path / "classe.csv").write_text(CLASS + "essai-participant,Essai,Participant,participant\n", encoding="utf-8")
    scores += _quiz("essai-participant", "01_quiz_choisir_son_reseau", 6, 6)  # the trainer tried « Rendre » with it
    run = _make(tmp_path)
    assert [p.name for p in run.paths] == ["attestation_alice.pdf", "attestation_bruno.pdf"]
    assert ("Essai Participant", "compte d'essai") in run.left_out


def test_the_command_prints_the_warning_in_french_and_succeeds(files, capsys, monkeypatch):
    from reseau.autograde import cli

    tmp_path, _ = files
    monkeypatch.setenv("RESEAU_WORKSPACE", str(tmp_path / "ws"))
    (tmp_path / "classe.csv").write_text(CLASS + "chloe,Chloé,Petit,participant\n", encoding="utf-8")
    status = cli.main(["attestations", "--session", str(tmp_path / "session.ini"),
                       "--participants", str(tmp_path / "classe.csv")])
    out, err = capsys.readouterr()
    assert status in (0, None)
    assert "2 attestations écrites" in out and "attestation_alice.pdf" in out
    assert "pas d'attestation pour Fanny Leroy (formatrice ou formateur) ; Chloé Petit" in err


def test_nobody_with_a_grade_is_an_error_and_no_file(files):
    tmp_path, scores = files
    scores[:] = [s for s in scores if s.assignment == "00_positionnement"]  # the questionnaire certifies nothing
    with pytest.raises(ReseauError, match="Aucun participant de la liste n'a de quiz ou d'exercice noté"):
        _make(tmp_path)
    assert not (tmp_path / "ws" / "attestations").exists()


def test_five_quizzes_and_four_exercises_fit_on_one_page(files):
    tmp_path, scores = files
    works = ["01_quiz_choisir_son_reseau", "02_quiz_temps_et_budget", "03_budget_et_temps", "04_choisir_un_club",
             "05_quiz_force_des_liens", "06_force_des_liens", "07_quiz_liens_faibles_ponts",
             "08_ponts_et_liens_faibles", "09_quiz_ma_strategie"]
    scores[:] = [s for s in scores if s.student == "bruno"]  # Bruno: 0 / 8 at quiz 05 already
    scores += [CellScore(w, "bruno", w, "test_un", 1.0, 2.0) for w in works if w != "05_quiz_force_des_liens"]
    path = _make(tmp_path).paths[0]
    assert path.name == "attestation_bruno.pdf"
    assert len(PdfReader(str(path)).pages) == 1
    text = _text(path)
    assert text.count(" / 2") == 8 and "0 / 8" in text  # every work listed
    assert "Quiz du module 5 : ma stratégie de réseau 1 / 2" in text and "Claire Martin, formatrice" in text  # the last work and the signatory


def test_a_learner_missing_from_the_class_list_gets_an_error(files):
    tmp_path, _ = files
    (tmp_path / "classe.csv").write_text(CLASS.replace("bruno,Bruno,Martin,participant\n", ""), encoding="utf-8")
    with pytest.raises(ReseauError, match="Apprenant inconnu de la liste de la classe : « bruno »"):
        _make(tmp_path)


def test_a_malformed_class_list_gets_the_class_list_error(files):
    tmp_path, _ = files
    (tmp_path / "classe.csv").write_text("identifiant,prenom,nom\nAlice Dupont,Alice,Dupont\n", encoding="utf-8")
    with pytest.raises(ReseauError) as err:
        _make(tmp_path)
    assert "ligne 2" in str(err.value) and not (tmp_path / "ws" / "attestations").exists()


def test_a_new_run_replaces_the_previous_certificates_together(files):
    tmp_path, scores = files
    _make(tmp_path)
    (tmp_path / "classe.csv").write_text(CLASS.replace("bruno,Bruno,Martin,participant\n", ""), encoding="utf-8")
    scores[:] = [s for s in scores if s.student == "alice"]
    paths = _make(tmp_path).paths
    assert [p.name for p in paths] == ["attestation_alice.pdf"]
    assert not list((tmp_path / "ws").glob("*.partiel"))


def test_the_class_report_lists_each_learner_with_the_certificate_file(files):
    from reseau.autograde import report

    tmp_path, scores = files
    ws = tmp_path / "ws"
    lines = report._certificates_section(ws, ["alice", "bruno"])
    assert "Pas encore d'attestations" in " ".join(lines)
    _make(tmp_path)
    lines = report._certificates_section(ws, ["alice", "bruno", "chloe"])
    assert "| alice | ../attestations/attestation_alice.pdf |" in lines  # relative to rapport/
    assert "| chloe | absente : relancez make attestations |" in lines


def test_a_participant_who_handed_in_only_blank_copies_has_no_grade(files):
    from grading_helpers import learner_notebook, write_submission

    tmp_path, _ = files
    # Bruno's only work, quiz 05, handed in untouched
    write_submission(tmp_path / "ws", "bruno", "05_quiz_force_des_liens",
                     learner_notebook("05_quiz_force_des_liens", correct=False))
    run = _make(tmp_path)
    assert [p.name for p in run.paths] == ["attestation_alice.pdf"]
    assert "Bruno Martin (aucun quiz ni exercice noté, copie vide non comptée)" in run.warning
