"""The personal action plan (reseau.plan), on a 4-contact network built by hand.

Contacts (ratings frequency, intimacy, emotion, reciprocity -> strength = sum / 16):
  Alice   bâtiment  4 4 3 3 -> 14/16 = 0.875  fort
  Bruno   banque    1 0 1 1 ->  3/16 = 0.1875 faible
  Chloé   commerce  2 1 1 2 ->  6/16 = 0.375  faible
  Denis   bâtiment  0 0 0 1 ->  1/16 = 0.0625 absent
Shares: strong 1/4 = 25 %, weak 2/4 = 50 %, absent 25 %.  Sectors reached (strong or weak):
bâtiment, banque, commerce = 3; only through weak ties: banque, commerce.
Club: fee 600, meal 30, board, 2 inter-club events at 50 € -> 600 + 12*30 + 2*50 = 1 060 €;
12 + 12 + 2 = 26 meetings; 26 * (2 + 0.5) = 65 h (5,4 h a month).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from reseau.budget import MembershipPlan
from reseau.errors import ReseauError
from reseau.fmt import plain
from reseau.plan import action_plan, french_date, save_action_plan
from reseau.ties import score_contacts

START = dt.date(2025, 12, 1)


@pytest.fixture
def contacts() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "contact_id": ["K1", "K2", "K3", "K4"],
            "name": ["Alice", "Bruno", "Chloé", "Denis"],
            "sector": ["bâtiment", "banque", "commerce", "bâtiment"],
            "frequency": [4, 1, 2, 0],
            "intimacy": [4, 0, 1, 0],
            "emotion": [3, 1, 1, 0],
            "reciprocity": [3, 1, 2, 1],
        }
    )


@pytest.fixture
def club() -> pd.Series:
    return pd.Series(
        {
            "club_id": "C9", "name": "Club des Entrepreneurs du Ternois", "kind": "club local", "town": "Saint-Pol",
            "goals": "affaires;territoire", "slot": "dejeuner", "meetings_per_month": 1, "months_per_year": 12,
            "meeting_hours": 2.0, "fee": 600, "meal_cost": 30, "board_meetings_per_month": 1,
            "interclub_events": 2, "interclub_cost": 50,
        }
    )


def _plan_text(contacts, club, **kw) -> str:
    plan = MembershipPlan(fee=600, meal_cost=30, board=True, interclub_events=2, interclub_cost=50)
    return plain(action_plan(score_contacts(contacts), club, plan, ["une recommandation chez mon banquier"],
                             ["un contact dans la grande distribution"], owner_name="Mme Martin", start=START, **kw))


def test_diagnosis_figures_by_hand(contacts, club):
    text = _plan_text(contacts, club)
    assert "# Mon plan d'action réseau — Mme Martin" in text
    assert "Contacts notés : 4" in text
    assert "Liens forts : 1 (25 %) ; liens faibles : 2 (50 %) ; liens absents : 1 (25 %)" in text
    assert "Secteurs atteints : 3 (banque, bâtiment, commerce)" in text
    assert "Secteurs atteints seulement par des liens faibles : banque, commerce" in text
    # one absent tie: the plan says what to do with it
    assert "1 contact sans lien réel (« absent ») : relancez-le ou retirez-le." in text


def test_club_time_and_cost_by_hand(contacts, club):
    text = _plan_text(contacts, club)
    assert "Club choisi : « Club des Entrepreneurs du Ternois » (club local, Saint-Pol)" in text
    assert "Temps par an : 26 réunions, 65 h trajets compris (soit 5,4 h par mois)" in text
    assert "Coût par an : 1 060 € (cotisation 600 €" in text
    assert "membre du bureau" in text


def test_plan_defaults_to_the_clubs_own_figures(contacts, club):
    # no plan given: club_plan(club) -> not on the board: 12 + 2 = 14 meetings, 35 h, 1 060 € still
    text = plain(action_plan(score_contacts(contacts), club, None, [], [], start=START))
    assert "Temps par an : 14 réunions, 35 h" in text
    assert "Coût par an : 1 060 €" in text


def test_reciprocity_and_next_steps(contacts, club):
    text = _plan_text(contacts, club)
    assert "Renvoi d'ascenseur" in text
    assert "Ce que je peux offrir : une recommandation chez mon banquier" in text
    assert "Ce que je demanderai ensuite : un contact dans la grande distribution" in text
    # dates from the start date: +7 days, +14 days, +30 days, +91 days, +365 days
    assert "| 8 décembre 2025 |" in text
    assert "| 15 décembre 2025 |" in text
    assert "| 31 décembre 2025 | Première réunion : offrir « une recommandation chez mon banquier »" in text
    assert "| 2 mars 2026 |" in text
    assert "| 1 décembre 2026 |" in text
    # weak ties to revive: those reaching sectors only weak ties reach, strongest first
    assert "Reprendre contact avec Chloé, Bruno" in text
    assert "| Chaque mois | Être présent à chaque réunion (1 réunion par mois, au déjeuner)" in text


def test_html_format(contacts, club):
    text = _plan_text(contacts, club, fmt="html")
    assert text.startswith("<!DOCTYPE html>")
    assert '<html lang="fr">' in text
    assert "<h2>1. Diagnostic de mon réseau</h2>" in text
    assert "Liens forts : 1 (25 %)" in text
    assert "<td>8 décembre 2025</td>" in text


def test_no_club_yet_is_not_an_error(contacts):
    text = plain(action_plan(score_contacts(contacts), None, None, [], [], start=START))
    assert "Pas encore de club choisi" in text
    assert "Ce que je peux offrir : à compléter" in text


def test_raw_ratings_with_unrated_contacts(contacts):
    raw = contacts.copy()
    raw.loc[3, ["frequency", "intimacy", "emotion", "reciprocity"]] = np.nan
    text = plain(action_plan(raw, None, None, [], [], start=START))
    assert "Contacts notés : 3 (1 non noté, laissé de côté)" in text
    assert "Liens forts : 1 (33,3 %) ; liens faibles : 2 (66,7 %) ; liens absents : 0 (0,0 %)" in text


def test_empty_network_says_what_to_do():
    empty = pd.DataFrame(columns=["name", "sector", "frequency", "intimacy", "emotion", "reciprocity"])
    with pytest.raises(ReseauError, match="Votre réseau est vide"):
        action_plan(empty, None, None, [], [])


def test_unrated_network_says_what_to_do(contacts):
    raw = contacts.copy()
    raw[["frequency", "intimacy", "emotion", "reciprocity"]] = np.nan
    with pytest.raises(ReseauError, match="Aucun de vos 4 contacts n'est encore noté") as info:
        action_plan(raw, None, None, [], [])
    assert "quatre notes" in str(info.value)


def test_contacts_without_any_rating_column():
    with pytest.raises(ReseauError, match="ne sont pas notés"):
        action_plan(pd.DataFrame({"name": ["A"], "sector": ["x"]}), None, None, [], [])


def test_bad_format_and_bad_gives(contacts):
    with pytest.raises(ReseauError, match="Format inconnu"):
        action_plan(score_contacts(contacts), fmt="pdf")
    # the learner's own words (the notebook's je_donne / je_demande) and the faulty item, 1-based
    with pytest.raises(ReseauError) as err:
        action_plan(score_contacts(contacts), gives=["une recommandation", 42])
    message = str(err.value)
    assert "je_donne" in message and "l'élément n° 2" in message and "42" in message
    assert "gives" not in message and err.value.row == 2
    with pytest.raises(ReseauError) as err:
        action_plan(score_contacts(contacts), asks=[None])
    assert "je_demande" in str(err.value) and "l'élément n° 1" in str(err.value) and "asks" not in str(err.value)
    with pytest.raises(ReseauError, match="je_demande"):
        action_plan(score_contacts(contacts), asks=12)


def test_unknown_sectors_are_left_out_and_said(contacts):
    # A LinkedIn import has no sector: prepare_contacts fills « non renseigné ».  Same ratings as above:
    # 1 strong, 2 weak, 1 absent, but no known sector: 0 reached, none only through weak ties, and
    # no claim that weak ties "stay in the sectors of strong ties".
    imported = contacts.assign(sector="non renseigné")
    text = plain(action_plan(score_contacts(imported), start=START))
    assert "Liens forts : 1 (25 %) ; liens faibles : 2 (50 %)" in text
    assert "Secteurs atteints : 0\n" in text
    assert "Secteurs atteints seulement par des liens faibles : aucun" in text
    assert "Secteur non renseigné pour 4 contacts" in text
    assert "restent dans les secteurs de vos liens forts" not in text
    assert "Renseignez le secteur des 4 contacts" in text
    # Bruno (weak, banque) unknown: reached bâtiment (Alice) and commerce (Chloé); only weak: commerce
    mixed = contacts.copy()
    mixed.loc[1, "sector"] = None
    text = plain(action_plan(score_contacts(mixed), start=START))
    assert "Secteurs atteints : 2 (bâtiment, commerce)" in text
    assert "Secteurs atteints seulement par des liens faibles : commerce" in text
    assert "Secteur non renseigné pour 1 contact " in text


def test_save_action_plan(tmp_path, contacts, club):
    text = action_plan(score_contacts(contacts), club, None, ["x"], ["y"], start=START)
    path = save_action_plan(text, tmp_path / "sous-dossier" / "mon_plan.md")
    assert path.read_text(encoding="utf-8") == text
    with pytest.raises(ReseauError, match="extension"):
        save_action_plan(text, tmp_path / "mon_plan")
    with pytest.raises(ReseauError, match="vide"):
        save_action_plan("", tmp_path / "vide.md")


def test_french_date():
    assert french_date(dt.date(2026, 8, 15)) == "15 août 2026"
