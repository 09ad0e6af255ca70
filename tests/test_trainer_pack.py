"""The trainer's printed pack (`make supports`, reseau.trainer_pack), checked on each PDF's text.

The keys below are read by hand from the quiz sources (sources/solutions/*/…md), never from the code's output.
"""

from __future__ import annotations

import re

import pytest
from pypdf import PdfReader

from reseau import trainer_pack as tp
from reseau.session import TITLE

CLASS = ("identifiant,prenom,nom,role\nmartin-claire,Claire,Martin,formateur\ndupont-marie,Marie,Dupont,participant\n"
         "bernard-luc,Luc,Bernard,participant\nessai-participant,Essai,Participant,participant\n")
SESSION = """[session]
organisme = CCI Artois, service formation continue
lieu = Arras
debut = 2026-12-03
fin = 2026-12-03
duree_heures = 7
signataire = Claire Martin, formatrice
adresse = http://192.168.1.10:8000
"""


def _pages(path) -> list[str]:
    return [re.sub(r"[ \u00a0\u202f\n]+", " ", p.extract_text().replace("-\n", "")) for p in PdfReader(str(path)).pages]


def _text(path) -> str:
    return " ".join(_pages(path))


@pytest.fixture(scope="module")
def pack(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pack")
    (folder / "classe.csv").write_text(CLASS, encoding="utf-8")
    (folder / "session.ini").write_text(SESSION, encoding="utf-8")
    written, notes = tp.build_trainer_pack(folder / "formateur", participants=folder / "classe.csv",
                                           session=folder / "session.ini")
    return {p.name: p for p in written}, notes


def test_the_pack_has_every_printable_the_guide_asks_for(pack):
    files, notes = pack
    quizzes = ["00_positionnement", "01_quiz_choisir_son_reseau", "02_quiz_temps_et_budget", "05_quiz_force_des_liens",
               "07_quiz_liens_faibles_ponts", "09_quiz_ma_strategie"]
    assert sorted(files) == sorted(["emargement.pdf", "fiches_identifiant.pdf", "activite_1_cartes.pdf",
                                    "activite_2_grille.pdf", *(f"quiz_papier_{q}.pdf" for q in quizzes),
                                    *(f"corrige_{q}.pdf" for q in quizzes)])
    # class list, session and address all given: the only note names the test account left out
    assert notes == ["Compte d'essai laissé hors des feuilles d'émargement et des fiches d'accès : essai-participant "
                     "(un identifiant qui commence par « essai- » ; renommez-le si c'est un vrai participant)."]


def test_attendance_sheet_one_page_per_half_day_with_the_names_of_the_class_list(pack):
    files, _ = pack
    pages = _pages(files["emargement.pdf"])
    assert len(pages) == 2  # 7 hours on one day: morning and afternoon, each signed
    assert "Feuille d'émargement : 3 décembre 2026, matin" in pages[0]
    assert "Feuille d'émargement : 3 décembre 2026, après-midi" in pages[1]
    for page in pages:
        assert " ".join(TITLE.split()) in page and "Lieu : Arras" in page
        assert "CCI Artois, service formation continue" in page
        assert "Nom Prénom Signature du participant" in page
        # sorted by last name; the trainer signs below, not in the participants' table
        assert re.search(r"Bernard Luc .*Dupont Marie", page)
        assert "Essai" not in page  # the guide's test account signs nothing
        assert "Formateur ou formatrice : Claire Martin" in page and "Signature du formateur" in page
        assert "martin-claire" not in page and "dupont-marie" not in page  # names, not login identifiers
        assert page.count("Martin") == 1  # Claire Martin is the trainer only


def test_access_sheet_per_participant_gives_identifier_and_address_and_no_password(pack):
    files, _ = pack
    text = _text(files["fiches_identifiant.pdf"])
    for name, identifier in [("Luc Bernard", "bernard-luc"), ("Marie Dupont", "dupont-marie")]:
        assert f"Participant : {name} Identifiant : {identifier}" in text
    assert text.count("Adresse à taper dans le navigateur : http://192.168.1.10:8000") == 2  # the two participants
    assert "martin-claire" not in text  # the trainer has no access sheet here
    assert "essai-participant" not in text  # nor the test account
    # the password: chosen by the participant, never printed
    assert text.count("Mot de passe : vous le choisissez vous-même à votre première connexion") == 2
    assert not re.search(r"Mot de passe : (?!vous le choisissez)", text)


def test_paper_quiz_has_questions_and_options_but_neither_keys_nor_notebook_instructions(pack):
    files, _ = pack
    text = _text(files["quiz_papier_01_quiz_choisir_son_reseau.pdf"])
    assert text.startswith("Quiz du module 1 : choisir son réseau")
    assert "Nom et prénom :" in text
    assert text.count("Réponse : ") == 6 and "Question 6" in text and "Question 7" not in text
    assert "B. Elle connaît les réseaux du territoire et l'oriente." in text
    for word in ("Tapez", "reponse_", "exécutez", "cellule", "Vérifier mes réponses", "Corrigé", "Source :"):
        assert word not in text, word
    numbers = _text(files["quiz_papier_02_quiz_temps_et_budget.pdf"])
    assert "combien de réunions par mois devez-vous prévoir au minimum" in numbers
    assert "point et non une virgule" not in numbers


def test_answer_key_is_separate_and_gives_each_key_with_its_explanation(pack):
    files, _ = pack
    text = _text(files["corrige_01_quiz_choisir_son_reseau.pdf"])
    assert text.startswith("Corrigé : Quiz du module 1 : choisir son réseau")
    # keys read from the quiz source: Q1 B (the CCI orients), Q2 C (a subsidy is not one of the four), Q4 C
    assert "question réponse 1 B 2 C" in text and re.search(r"\b4 C\b", text)
    assert "Question 1 : B. La CCI est une « porte d'entrée »" in text
    assert "Source : texte de référence" in text
    numbers = _text(files["corrige_02_quiz_temps_et_budget.pdf"])
    assert "Question 2 : 2." in numbers  # the board: its own monthly meeting on top of the club's
    overlap = _text(files["corrige_07_quiz_liens_faibles_ponts.pdf"])
    assert "Question 3 : 0." in overlap  # a local bridge's ends share no contact


def test_activity_cards_and_rating_grid(pack):
    files, _ = pack
    cards = _text(files["activite_1_cartes.pdf"])
    for goal in ("Développer son business", "S'informer sur l'actualité du territoire",
                 "Rompre l'isolement et trouver de l'entraide", "Se retrouver autour d'une passion"):
        assert goal in cards
    assert cards.count("Carte objectif") == 4 and cards.count("Carte famille") == 6  # module 1's six families
    assert "Groupe de recommandation d'affaires" in cards and "Cotisation : environ 1 300 € par an" in cards
    grid = _text(files["activite_2_grille.pdf"])
    assert "Fréquence (0 à 4)" in grid and "Réciprocité (0 à 4)" in grid and "Total sur 16" in grid
    assert "Secteur" in grid
    # the course's thresholds: strong from 0,625 = 10/16, weak from 0,125 = 2/16
    assert "Lien fort à partir de 0,625 (total de 10 ou plus), faible à partir de 0,125 (total de 2 ou plus)" in grid
    assert "environ une fois par mois (le rythme d'un club)" in grid  # frequency level 2, as the guide says
    assert len(PdfReader(str(files["activite_2_grille.pdf"])).pages) == 1


def test_without_a_class_list_the_sheets_are_skipped_and_the_note_says_how(tmp_path):
    written, notes = tp.build_trainer_pack(tmp_path)
    names = {p.name for p in written}
    assert "emargement.pdf" not in names and "fiches_identifiant.pdf" not in names
    assert "activite_1_cartes.pdf" in names and "corrige_09_quiz_ma_strategie.pdf" in names
    assert len(notes) == 1 and notes[0].startswith("Feuilles d'émargement et fiches d'accès non écrites")
    assert "PARTICIPANTS=deploy/hub/participants.csv" in notes[0]


def test_without_a_session_file_the_attendance_sheet_has_blanks_to_fill(tmp_path):
    (tmp_path / "classe.csv").write_text(CLASS, encoding="utf-8")
    written, notes = tp.build_trainer_pack(tmp_path / "out", participants=tmp_path / "classe.csv")
    pages = _pages(tmp_path / "out" / "emargement.pdf")
    assert len(pages) == 1 and "matin / après-midi (entourez)" in pages[0] and "Marie" in pages[0]
    assert any("SESSION=formation/session.ini" in n for n in notes)
    assert any("ADRESSE=" in n for n in notes)


def test_a_session_of_two_half_days_on_two_days():
    from reseau.autograde.attestation import Session
    import datetime as dt

    two_days = Session("CCI", "Arras", dt.date(2026, 12, 3), dt.date(2026, 12, 4), 7.0, "Claire")
    assert tp.half_days(two_days) == [(dt.date(2026, 12, 3), "demi-journée"), (dt.date(2026, 12, 4), "demi-journée")]
    one_half = Session("CCI", "Arras", dt.date(2026, 12, 3), dt.date(2026, 12, 3), 3.5, "Claire")
    assert tp.half_days(one_half) == [(dt.date(2026, 12, 3), "demi-journée")]


def test_the_command_prints_in_french_what_it_skipped(tmp_path, capsys):
    from reseau import handouts

    assert handouts.main(["--out", str(tmp_path), "--sans-modules"]) == 0
    out = capsys.readouterr().out
    assert "formateur/activite_1_cartes.pdf" in out
    assert "Remarque : Feuilles d'émargement et fiches d'accès non écrites" in out
