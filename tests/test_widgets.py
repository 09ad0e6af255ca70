"""The course widgets: set controls from Python as a learner would, read what is displayed.

Every expected figure is worked out by hand in the comments (no browser needed).
"""

from __future__ import annotations

import re

import ipywidgets as W
import matplotlib
import networkx as nx
import numpy as np
import pandas as pd
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from reseau import charts, widgets  # noqa: E402
from reseau.errors import ReseauError  # noqa: E402
from reseau.fmt import euros, hours, number, percent, plain  # noqa: E402


def shown(widget: W.HTML) -> str:
    """The displayed HTML with no-break spaces made plain."""
    return plain(widget.value)


# --------------------------------------------------------------------------- French numbers
def test_french_formatting():
    assert plain(euros(1060)) == "1 060 €"
    assert plain(euros(3533.333)) == "3 533 €"
    assert plain(euros(40.77, 2)) == "40,77 €"
    assert plain(hours(65)) == "65 h"
    assert plain(hours(65 / 12)) == "5,4 h"
    assert plain(percent(0.625)) == "62,5 %"
    assert plain(percent(0.5)) == "50 %"
    # side by side, one style: 18 % beside 73,8 % would read as two precisions (issue 12)
    from reseau.fmt import percents
    assert [plain(x) for x in percents(0.18, 0.738, 0.082)] == ["18,0 %", "73,8 %", "8,2 %"]
    assert [plain(x) for x in percents(0.25, 0.5, 0.25)] == ["25 %", "50 %", "25 %"]
    assert [plain(x) for x in percents(1 / 3, 2 / 3, 0)] == ["33,3 %", "66,7 %", "0,0 %"]
    assert plain(percent(9 / 54)) == "16,7 %"
    assert number(0.3125, 2) == "0,31"
    assert number(float("nan")) == "—"


def test_french_table_headers_codes_and_booleans():
    from reseau.fmt import french_table

    table = pd.DataFrame({
        "name": ["Club A", "Club B"],
        "slot": ["petit-dejeuner", "soiree"],
        "goals": ["affaires;territoire", "passion"],
        "local_bridge": [True, False],
        "span": [2.0, 5.0],
        "frequency": [4, 1],
        "à moi": [1, 2],
    })
    before = table.copy()
    shown = french_table(table)
    pd.testing.assert_frame_equal(table, before)  # input untouched
    assert list(shown.columns) == ["nom", "créneau", "objectifs", "pont local", "portée", "fréquence", "à moi"]
    assert list(shown["créneau"]) == ["petit-déjeuner", "soirée"]
    assert list(shown["objectifs"]) == ["développer son business, s'informer sur l'actualité du territoire",
                                        "se retrouver autour d'une passion"]
    assert list(shown["pont local"]) == ["oui", "non"]
    assert list(shown["portée"]) == ["2", "5"] and list(shown["fréquence"]) == [4, 1]
    # a notebook's own column names win; a slot index is translated too
    by_slot = pd.DataFrame({"slot": ["dejeuner", "soiree"], "n": [3, 2]}).set_index("slot")
    shown = french_table(by_slot, {"n": "nombre de clubs"})
    assert shown.index.name == "créneau" and list(shown.index) == ["déjeuner", "soirée"]
    assert list(shown.columns) == ["nombre de clubs"]
    # every English column of the course's tables has a French header
    from reseau.fmt import COLUMN_HEADERS
    from reseau.network import EDGE_TABLE_COLUMNS

    for column in ("name", "sector", "strength", "tie", "u", "v", *EDGE_TABLE_COLUMNS):
        assert column in COLUMN_HEADERS
    with pytest.raises(ReseauError, match="DataFrame"):
        french_table([1, 2])


# --------------------------------------------------------------------------- 1. club finder
@pytest.fixture
def clubs() -> pd.DataFrame:
    # cash cost = fee + meal * meetings/month * months + interclub events * cost
    # hours/month = (meetings/month * months + interclub events) * (meeting hours + 0.5 travel) / 12
    #   A: 200 + 25*12 = 500 €;            12 * 2.5 / 12 = 2.5 h
    #   B: 1300 + 15*44 + 2*40 = 2 040 €;  46 * 2.5 / 12 = 9.58 h
    #   C: 600 + 40*20 + 3*60 = 1 580 €;   23 * 3.5 / 12 = 6.71 h
    return pd.DataFrame([
        dict(club_id="A", name="Club A", kind="club local", goals="affaires;territoire", slot="dejeuner",
             meetings_per_month=1, months_per_year=12, meeting_hours=2, fee=200, meal_cost=25,
             board_meetings_per_month=1, interclub_events=0, interclub_cost=0, members=30, town="Arras"),
        dict(club_id="B", name="Club B", kind="groupe de recommandation", goals="affaires", slot="petit-dejeuner",
             meetings_per_month=4, months_per_year=11, meeting_hours=2, fee=1300, meal_cost=15,
             board_meetings_per_month=1, interclub_events=2, interclub_cost=40, members=40, town="Lens"),
        dict(club_id="C", name="Club C", kind="club service", goals="entraide;passion", slot="soiree",
             meetings_per_month=2, months_per_year=10, meeting_hours=3, fee=600, meal_cost=40,
             board_meetings_per_month=1, interclub_events=3, interclub_cost=60, members=25, town="Béthune"),
    ])


def test_club_finder_ranks_with_french_headers(clubs):
    finder = widgets.ClubFinder(clubs, goals=["affaires"])
    table = finder.last["table"]
    assert list(table["Club"]) == ["Club A", "Club B"]  # 1 goal matched each; cheaper first
    assert {"Club", "Coût par an", "Heures par mois", "Créneau", "Objectifs servis"} <= set(table.columns)
    assert list(table["Créneau"]) == ["déjeuner", "petit-déjeuner"]
    assert list(table["Objectifs du club"]) == ["développer son business, s'informer sur l'actualité du territoire",
                                                "développer son business"]
    html = shown(finder.outputs["result"])
    assert "2 clubs correspondent" in html
    assert "500 €" in html and "2 040 €" in html and "2,5 h" in html


def _table_rows(html: str) -> list[list[str]]:
    """The cells of the HTML table the learner sees, row by row (no-break spaces as spaces)."""
    body = html[html.index("<tbody>"):html.index("</tbody>")]
    return [[plain(re.sub(r"<[^>]+>", "", cell)).strip() for cell in re.findall(r"<td>(.*?)</td>", row, re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]


def test_club_finder_table_shows_each_clubs_hours_cost_and_rhythm(clubs):
    """Every cell of the « Heures par mois » column is the club's own duration (it once read « — h »)."""
    finder = widgets.ClubFinder(clubs, goals=["affaires"])
    html = shown(finder.outputs["result"])
    header = re.findall(r"<th>(.*?)</th>", html[html.index("<thead>"):html.index("</thead>")])
    rows = _table_rows(html)
    hours_col, cost_col, rhythm_col = (header.index(h) - 1 for h in ("Heures par mois", "Coût par an",
                                                                    "Réunions par mois"))
    # worked out in the fixture's comment: A 12 × 2,5 / 12 = 2,5 h ; B 46 × 2,5 / 12 = 9,58… h, shown to 1 decimal
    assert [r[hours_col] for r in rows] == ["2,5 h", "9,6 h"]
    assert [r[cost_col] for r in rows] == ["500 €", "2 040 €"]
    assert [r[rhythm_col] for r in rows] == ["1", "4"]
    assert "—" not in html
    one = widgets.ClubFinder(clubs, goals=["passion"])
    assert "1 club correspond. Le premier, « Club C », sert votre objectif pour 1 580 € par an" in plain(
        shown(one.outputs["result"]))


def test_club_finder_budget_and_time_sliders(clubs):
    finder = widgets.ClubFinder(clubs, goals=["affaires"])
    finder.controls["max_hours_per_month"].value = 5  # B needs 9.58 h a month
    assert list(finder.last["table"]["Club"]) == ["Club A"]
    finder.controls["max_hours_per_month"].value = 10
    finder.controls["goal_entraide"].value = True  # C now matches too
    assert list(finder.last["table"]["Club"]) == ["Club A", "Club C", "Club B"]
    finder.controls["max_cash_cost"].value = 1600  # B costs 2 040 €
    assert list(finder.last["table"]["Club"]) == ["Club A", "Club C"]


def test_club_finder_says_what_to_relax(clubs):
    finder = widgets.ClubFinder(clubs, goals=["affaires"])
    finder.controls["max_cash_cost"].value = 300
    html = shown(finder.outputs["result"])
    assert finder.last["n"] == 0
    assert "Aucun club ne correspond" in html
    assert "porter votre budget à 500 € par an (club « Club A »)" in html
    # only breakfast and evening, budget back up: B (breakfast) fits once the hours allow it
    finder.controls["max_cash_cost"].value = 2500
    finder.controls["max_hours_per_month"].value = 5
    finder.controls["slot_dejeuner"].value = False
    html = shown(finder.outputs["result"])
    assert "accepter 9,6 h par mois (club « Club B »)" in html
    assert "cocher le créneau déjeuner" in html


def test_club_finder_without_goal_or_slot(clubs):
    finder = widgets.ClubFinder(clubs, goals=["affaires"])
    finder.controls["goal_affaires"].value = False
    assert "Cochez au moins un objectif" in shown(finder.outputs["result"])
    finder.controls["goal_affaires"].value = True
    for slot in ("petit-dejeuner", "dejeuner", "soiree"):
        finder.controls[f"slot_{slot}"].value = False
    assert "Cochez au moins un créneau" in shown(finder.outputs["result"])


def test_club_finder_labels_are_french(clubs):
    finder = widgets.ClubFinder(clubs)
    assert finder.controls["goal_entraide"].description == "Rompre l'isolement et trouver de l'entraide"
    assert finder.controls["max_cash_cost"].description == "Budget maximal (€ par an)"
    assert finder.controls["slot_petit-dejeuner"].description == "Petit-déjeuner"


# --------------------------------------------------------------------------- 2. budget planner
def test_budget_planner_hand_worked_example():
    planner = widgets.BudgetPlanner(fee=500, meal_cost=0, interclub_events=0, interclub_cost=0)
    c = planner.controls
    c["fee"].value = 600
    c["meal_cost"].value = 30
    c["board"].value = True
    c["interclub_events"].value = 2
    c["interclub_cost"].value = 50
    c["new_contacts"].value = 10
    c["margin_rate"].value = 30
    c["campaign_cost"].value = 1500
    c["campaign_contacts"].value = 15
    # 600 + 30*12 + 2*50 = 1 060 €; 12 + 12 board + 2 = 26 meetings; 26 * 2.5 h = 65 h
    last = planner.last
    assert last["cash_cost"] == 1060
    assert last["meetings_per_year"] == 26
    assert last["hours_per_year"] == 65
    html = shown(planner.outputs["result"])
    assert "Réunions par an : <b>26</b> (12 du club, 12 de bureau, 2 interclubs)" in html
    assert "Temps par an : <b>65 h</b>" in html
    assert "Dépenses par an : <b>1 060 €</b>" in html
    # 1 060 / 10 contacts = 106 €; 1 060 / 0.30 = 3 533 €; campaign 1 500 / 15 = 100 €
    assert "Coût d'un nouveau contact : <b>106 €</b>" in html
    assert "(marge de 30 %) : <b>3 533 €</b>" in html
    assert "La campagne revient moins cher par nouveau contact que le club (100 € contre 106 €)" in html
    bars = shown(planner.outputs["chart"])
    assert "Le club comparé à une campagne téléphonique" in bars
    assert "106 €" in bars and "100 €" in bars and "1 500 €" in bars


def test_budget_planner_time_value_changes_the_verdict():
    planner = widgets.BudgetPlanner(fee=600, meal_cost=30, board=True, interclub_events=2, interclub_cost=50,
                                    campaign_cost=3000, campaign_contacts=10)
    planner.controls["hourly_value"].value = 40
    # time 65 h * 40 € = 2 600 €; total 3 660 €; per contact 366 €; campaign 3 000 / 10 = 300 €
    assert planner.last["total_cost"] == 3660
    html = shown(planner.outputs["result"])
    assert "Valeur de votre temps : 2 600 € ; coût total : <b>3 660 €</b>" in html
    assert "Coût d'un nouveau contact : <b>366 €</b>" in html
    planner.controls["new_contacts"].value = 20  # 3 660 / 20 = 183 € < 300 €
    assert "Le club revient moins cher par nouveau contact que la campagne (183 € contre 300 €)" in shown(
        planner.outputs["result"])


def test_budget_view_is_pure_and_the_chart_is_french():
    result = widgets.budget_view(fee=600, meal_cost=30, board=True, interclub_events=2, interclub_cost=50,
                                 new_contacts=10, margin_rate=0.3, campaign_cost=1500, campaign_contacts=15)
    assert result["cost_per_contact"] == pytest.approx(106)
    assert result["break_even_revenue"] == pytest.approx(1060 / 0.3)
    fig = charts.campaign_chart(result["comparison"])
    try:
        titles = [ax.get_title() for ax in fig.axes]
        assert titles == ["Coût total sur un an", "Coût d'un nouveau contact"]
        assert fig.axes[1].get_ylabel() == "Coût (€ par nouveau contact)"
    finally:
        plt.close(fig)


def test_budget_planner_labels_are_french():
    planner = widgets.BudgetPlanner()
    assert planner.controls["fee"].description == "Cotisation (€ par an)"
    assert planner.controls["margin_rate"].description == "Taux de marge (%)"


# --------------------------------------------------------------------------- 3. tie rater
def test_tie_rater_updates_strength_and_class():
    rater = widgets.TieRater()
    # defaults 2, 1, 1, 1 -> 5 / 16 = 0.3125 -> faible
    assert rater.last["strength"] == pytest.approx(0.3125)
    assert "Force du lien : <b>0,3125</b>" in shown(rater.outputs["result"])
    assert "lien faible" in shown(rater.outputs["result"])
    for criterion, value in zip(("frequency", "intimacy", "emotion", "reciprocity"), (4, 4, 3, 3)):
        rater.controls[criterion].value = value
    # 14 / 16 = 0.875 -> fort
    assert rater.last["tie"] == "fort"
    assert "Force du lien : <b>0,875</b>" in shown(rater.outputs["result"])
    assert "lien fort" in shown(rater.outputs["result"])
    assert rater.outputs["meaning_frequency"].value == "au moins deux fois par semaine"
    for criterion, value in zip(("frequency", "intimacy", "emotion", "reciprocity"), (0, 0, 1, 0)):
        rater.controls[criterion].value = value
    # 1 / 16 = 0.0625 < 0.125 -> absent
    assert rater.last["tie"] == "absent"
    assert rater.outputs["meaning_frequency"].value == "une fois par an ou moins"


def test_tie_rater_labels_carry_meaning():
    rater = widgets.TieRater()
    assert [rater.controls[c].description for c in ("frequency", "intimacy", "emotion", "reciprocity")] == [
        "Fréquence", "Intimité", "Émotion", "Réciprocité"]
    assert all(len(widgets.SCALES[c]) == 5 for c in widgets.SCALES)
    rater.controls["frequency"].value = 2
    assert "le rythme d'un club" in rater.outputs["meaning_frequency"].value


# --------------------------------------------------------------------------- 4. removal experiment
@pytest.fixture
def two_triangles() -> nx.Graph:
    # two strong triangles joined by one weak bridge c-d: 7 edges, 6 members
    G = nx.Graph()
    for u, v in [("a", "b"), ("b", "c"), ("a", "c"), ("d", "e"), ("e", "f"), ("d", "f")]:
        G.add_edge(u, v, weight=0.9)
    G.add_edge("c", "d", weight=0.2)
    return G


def test_removal_experiment_by_hand(two_triangles):
    exp = widgets.RemovalExperiment(two_triangles, steps=7, chart=False)
    exp.controls["share"].value = 1 / 7
    # weak first: the bridge goes first -> two groups of 3: 3/6 = 50 %
    assert exp.last["giant_share"] == pytest.approx(0.5)
    html = shown(exp.outputs["result"])
    assert "Après avoir retiré <b>14,3 %</b> des liens (liens faibles retirés d'abord)" in html
    # one style in the sentence: 14,3 % sets one decimal for the others too
    assert "<b>50,0 %</b> des membres restent dans le plus grand groupe" in html
    # strong first: one triangle edge goes, everyone is still connected: 100 %
    assert "il en resterait 100,0 %" in html
    exp.controls["order"].value = "strong_first"
    assert exp.last["giant_share"] == pytest.approx(1.0)
    assert exp.last["other_share"] == pytest.approx(0.5)


def test_removal_view_is_a_lookup_of_the_nearest_step():
    curves = {
        "weak_first": pd.DataFrame({"removed_share": [0.0, 0.5, 1.0], "giant_share": [1.0, 0.4, 0.2]}),
        "strong_first": pd.DataFrame({"removed_share": [0.0, 0.5, 1.0], "giant_share": [1.0, 0.9, 0.2]}),
    }
    view = widgets.removal_view(curves, "weak_first", 0.45)
    assert view["removed_share"] == 0.5 and view["giant_share"] == 0.4 and view["other_share"] == 0.9
    with pytest.raises(ReseauError):
        widgets.removal_view(curves, "random", 0.5)


def test_removal_experiment_chart_is_drawn_once(two_triangles):
    exp = widgets.RemovalExperiment(two_triangles, steps=7)
    png = exp.outputs["chart"].value
    assert png[:4] == b"\x89PNG"
    exp.controls["share"].value = 3 / 7
    assert exp.outputs["chart"].value == png
    assert exp.controls["order"].options[0][0] == "Liens faibles d'abord"


def test_removal_chart_is_french(two_triangles):
    from reseau.network import removal_curve

    curves = {o: removal_curve(two_triangles, order=o, steps=7) for o in ("weak_first", "strong_first")}
    fig = charts.removal_chart(curves, marker=0.5)
    try:
        ax = fig.axes[0]
        assert ax.get_xlabel() == "Part des liens retirés (%)"
        assert ax.get_ylabel() == "Membres dans le plus grand groupe (%)"
        assert [t.get_text() for t in ax.get_legend().get_texts()] == [
            "liens faibles retirés d'abord", "liens forts retirés d'abord"]
    finally:
        plt.close(fig)


# --------------------------------------------------------------------------- 5. my contacts
@pytest.fixture
def my_contacts() -> pd.DataFrame:
    # Alice 4 4 3 3 = 0.875 fort; Bruno 1 0 1 1 = 0.1875 faible; Chloé 2 1 1 2 = 0.375 faible; Denis unrated
    return pd.DataFrame({
        "contact_id": ["K1", "K2", "K3", "K4"],
        "name": ["Alice", "Bruno", "Chloé", "Denis"],
        "company": ["Maçonnerie Lefebvre", "Banque du Nord", "Épicerie Fine", ""],
        "sector": ["bâtiment", "banque", "commerce", "bâtiment"],
        "frequency": [4, 1, 2, np.nan],
        "intimacy": [4, 0, 1, np.nan],
        "emotion": [3, 1, 1, np.nan],
        "reciprocity": [3, 1, 2, np.nan],
    })


def test_contact_rater_live_diagnosis(my_contacts):
    rater = widgets.ContactRater(my_contacts)
    html = shown(rater.outputs["result"])
    assert "Contacts notés : <b>3</b> (1 à noter)" in html
    # 1 strong of 3 = 33,3 %, 2 weak = 66,7 %
    assert "Liens forts : <b>1</b> (33,3 %) ; liens faibles : <b>2</b> (66,7 %)" in html
    assert "Secteurs atteints seulement par des liens faibles : banque, commerce" in html
    assert "Alice : force 0,875" in shown(rater.outputs["tie"])
    # pick Denis: not rated yet; sliders show 0 and rating nothing
    rater.controls["contact"].value = 3
    assert "n'est pas encore noté" in shown(rater.outputs["tie"])
    assert rater.contacts.loc[3, ["frequency", "intimacy", "emotion", "reciprocity"]].isna().all()
    # rate Denis 0 0 0 1 = 0.0625 -> absent: 4 rated, 1 strong 25 %, 2 weak 50 %, 1 absent 25 %
    rater.controls["reciprocity"].value = 1
    assert list(rater.contacts.loc[3, ["frequency", "intimacy", "emotion", "reciprocity"]]) == [0, 0, 0, 1]
    html = shown(rater.outputs["result"])
    assert "Contacts notés : <b>4</b>" in html and "à noter" not in html
    assert "Liens forts : <b>1</b> (25 %) ; liens faibles : <b>2</b> (50 %) ; liens absents : 1 (25 %)" in html
    assert "sans lien réel" in html
    # raise Bruno to a strong tie: banque is no longer reached only through weak ties
    rater.rate(1, 4, 3, 3, 3)  # 13 / 16 = 0.8125
    html = shown(rater.outputs["result"])
    assert "Liens forts : <b>2</b> (50 %) ; liens faibles : <b>1</b> (25 %)" in html
    assert "Secteurs atteints seulement par des liens faibles : commerce" in html
    # re-picking Alice puts her ratings back in the sliders without changing them
    rater.controls["contact"].value = 0
    assert [rater.controls[c].value for c in ("frequency", "intimacy", "emotion", "reciprocity")] == [4, 4, 3, 3]
    assert len(rater.scored()) == 4


def test_contact_rater_on_an_unrated_import():
    imported = pd.DataFrame({"name": ["Sophie Gosselin", "Grégory Marcq"], "company": ["Caron", None]})
    rater = widgets.ContactRater(imported)
    assert "Aucun contact n'est encore noté" in shown(rater.outputs["result"])
    assert rater.controls["contact"].options[1][0] == "Grégory Marcq"
    rater.rate(0, 2, 2, 2, 2)
    assert "Contacts notés : <b>1</b> (1 à noter)" in shown(rater.outputs["result"])
    assert "Aucun lien fort" in shown(rater.outputs["result"])  # 8 / 16 = 0.5 is weak, not strong
    with pytest.raises(ReseauError, match="vide"):
        widgets.ContactRater(imported.iloc[0:0])


def test_prepare_contacts_refuses_text_ratings_and_keeps_empty_cells_unrated():
    contacts = pd.DataFrame({
        "name": ["Alice", "Bruno", "Chloé"],
        "sector": ["bâtiment", None, "commerce"],
        "frequency": [4, None, 2],
        "intimacy": [4, "", 1],
        "emotion": [3, "  ", 1],
        "reciprocity": [3, np.nan, "trois"],
    }, index=[10, 11, 12])
    with pytest.raises(ReseauError) as err:
        widgets.prepare_contacts(contacts)
    message = str(err.value)
    assert "réciprocité" in message and "ligne 12" in message and "'trois'" in message
    assert (err.value.field, err.value.row, err.value.value) == ("reciprocity", 12, "trois")
    with pytest.raises(ReseauError, match="ligne 10"):
        widgets.prepare_contacts(contacts.assign(reciprocity=[7, np.nan, 2]))  # out of 0-4
    with pytest.raises(ReseauError, match="'3'"):
        widgets.prepare_contacts(contacts.assign(reciprocity=["3", np.nan, 2]))  # text, even of a digit
    prepared = widgets.prepare_contacts(contacts.assign(reciprocity=[3, np.nan, 2.5]))
    # Bruno: every cell empty (None, "", blank, NaN) -> not rated yet; his sector is unknown
    assert prepared.loc[1, list(widgets.CRITERIA_LABELS)].isna().all()
    assert prepared.loc[1, "sector"] == "non renseigné"
    assert prepared.loc[2, "reciprocity"] == 2.5 and prepared["frequency"].dtype == float


def test_contact_rater_keeps_half_points_exact():
    contacts = pd.DataFrame({"name": ["Alice", "Bruno"], "sector": ["bâtiment", "banque"],
                             "frequency": [2.5, 1], "intimacy": [2.3, 0], "emotion": [3, 1], "reciprocity": [2, 1]})
    rater = widgets.ContactRater(contacts)
    assert isinstance(rater.controls["frequency"], W.FloatSlider) and rater.controls["frequency"].step == 0.5
    assert rater.controls["frequency"].value == 2.5  # not rounded to 2
    # (2.5 + 2.3 + 3 + 2) / 16 = 9.8 / 16 = 0.6125 -> faible (just under 0.625)
    assert "Alice : force 0,6125 → <b>lien faible</b>" in shown(rater.outputs["tie"])
    assert rater._meaning["frequency"].value == "2,5 : entre les niveaux 2 et 3"
    # moving emotion to 3.5 changes emotion only: intimacy keeps its exact 2.3
    rater.controls["emotion"].value = 3.5
    assert list(rater.contacts.loc[0, ["frequency", "intimacy", "emotion", "reciprocity"]]) == [2.5, 2.3, 3.5, 2]
    # (2.5 + 2.3 + 3.5 + 2) / 16 = 10.3 / 16 = 0.64375 -> fort
    assert "Alice : force 0,64375 → <b>lien fort</b>" in shown(rater.outputs["tie"])
    assert widgets.tie_view(2.5, 2, 2, 2)["meanings"]["frequency"] == "entre les niveaux 2 et 3"
    assert "Fréquence : 2,5 —" in plain(widgets.tie_view(2.5, 2, 2, 2)["html"])


def test_linkedin_import_without_sectors_gives_no_sector_advice():
    # an import: no sector column; Anne 3 3 3 3 = 0.75 fort, Paul 1 1 1 1 = 0.25 faible
    imported = pd.DataFrame({"name": ["Anne", "Paul"], "company": ["A", "B"]})
    rater = widgets.ContactRater(imported)
    rater.rate(0, 3, 3, 3, 3)
    rater.rate(1, 1, 1, 1, 1)
    html = shown(rater.outputs["result"])
    assert "Liens forts : <b>1</b> (50 %) ; liens faibles : <b>1</b> (50 %)" in html
    assert "par des liens forts : 0 ; par des liens faibles : 0" in html
    assert "Secteur non renseigné pour 2 contacts" in html
    assert "restent dans les secteurs de vos liens forts" not in html
    assert "Renseignez le secteur des 2 contacts" in html


def test_unrated_import_says_no_contact_is_rated_yet_not_that_the_network_is_empty():
    """Module 5 with source = "linkedin" and nothing rated: the plan cell said « Votre réseau est vide »."""
    from reseau.data import data_path, load_linkedin_connections
    from reseau.plan import action_plan

    imported = load_linkedin_connections(data_path("linkedin_connections_sample.csv"))
    rater = widgets.ContactRater(imported)
    with pytest.raises(ReseauError) as err:
        action_plan(rater.scored(), None, None, [], [])
    message = str(err.value)
    assert "Aucun de vos 32 contacts n'est encore noté" in message and "vide" not in message
    rater.rate(0, 2, 2, 2, 2)
    assert list(rater.scored()["tie"]) == ["faible"]  # 8 / 16 = 0,5: weak


def test_ratings_are_saved_as_given_and_restored_by_a_new_widget(tmp_path, my_contacts):
    """A kernel restart builds the widget again: the ratings come back from the learner's file."""
    path = tmp_path / "mes_notes_exemple.csv"
    rater = widgets.ContactRater(my_contacts, save_to=path)
    assert "Notes reprises" not in shown(rater.outputs["saved"])
    rater.rate(3, 0, 0, 0, 1)           # Denis, not rated before: 1 / 16 = 0,0625 absent
    rater.controls["contact"].value = 0
    rater.controls["emotion"].value = 1.5  # Alice's emotion only: 4 4 1,5 3
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "name,company,frequency,intimacy,emotion,reciprocity,sector"
    assert lines[1] == "Alice,Maçonnerie Lefebvre,4.0,4.0,1.5,3.0,bâtiment" and lines[4] == "Denis,,0.0,0.0,0.0,1.0,bâtiment"
    again = widgets.ContactRater(my_contacts, save_to=path)  # the module run again
    assert list(again.contacts.loc[0, list(widgets.CRITERIA_LABELS)]) == [4, 4, 1.5, 3]
    assert list(again.contacts.loc[3, list(widgets.CRITERIA_LABELS)]) == [0, 0, 0, 1]
    assert "Notes reprises du fichier « mes_notes_exemple.csv » : 4 contacts notés" in shown(again.outputs["saved"])
    # Alice (4 + 4 + 1,5 + 3) / 16 = 0,78125 strong; Denis absent: 4 rated, 1 strong, 2 weak, 1 absent
    assert "Liens forts : <b>1</b> (25 %) ; liens faibles : <b>2</b> (50 %) ; liens absents : 1 (25 %)" in shown(
        again.outputs["result"])
    # a shorter list (Alice only) keeps the other rows of the file instead of dropping them
    short = widgets.ContactRater(my_contacts.iloc[[0]], save_to=path)
    short.rate(0, 1, 1, 1, 1)
    text = path.read_text(encoding="utf-8")
    assert "Alice,Maçonnerie Lefebvre,1.0,1.0,1.0,1.0,bâtiment" in text and "Denis,,0.0,0.0,0.0,1.0,bâtiment" in text


def test_module_5_on_the_sample_linkedin_export_with_sectors_finds_what_only_weak_ties_reach(tmp_path):
    """A LinkedIn export has no sector: the learner gives each contact one in the widget, and the diagnosis
    (and quiz 09's situation, « aucun secteur atteint seulement par des liens faibles ») can then be read."""
    from reseau.data import data_path, load_linkedin_connections
    from reseau.plan import action_plan

    imported = load_linkedin_connections(data_path("linkedin_connections_sample.csv"))
    assert imported["sector"].isna().all()
    path = tmp_path / "mes_notes_linkedin.csv"
    rater = widgets.ContactRater(imported, save_to=path)
    assert isinstance(rater.controls["sector"], W.Combobox) and "Banque et assurance" in rater.controls["sector"].options
    # rows of the sample: 0 Sophie Gosselin (Caron Informatique), 1 Amandine Lecomte (Fromagerie Leroy),
    # 2 Aurélie Cuvelier (Agence Cuvelier Assurances), 4 Damien Wallart, 5 Vincent Cuvelier (Pixel Carvin)
    rater.rate(0, 3, 3, 3, 3, sector="Numérique et informatique")   # 12 / 16 = 0,75: strong
    rater.rate(1, 3, 3, 3, 3, sector="Industrie agroalimentaire")   # strong
    rater.rate(2, 1, 1, 1, 1, sector="Banque et assurance")         # 4 / 16 = 0,25: weak
    rater.rate(4, 1, 1, 1, 1, sector="Numérique et informatique")   # weak, in a sector a strong tie reaches
    rater.rate(5, 1, 1, 1, 1)                                        # weak, no sector given
    # by hand: strong ties reach {numérique, agroalimentaire}, weak ties {banque, numérique}: banque only
    assert rater.last["only_weak"] == ["Banque et assurance"]
    html = shown(rater.outputs["result"])
    assert "Secteurs atteints seulement par des liens faibles : Banque et assurance" in html
    assert "Secteur non renseigné pour 1 contact" in html  # Vincent
    plan = action_plan(rater.scored(), None, None, ["un conseil"], ["une mise en relation"], fmt="markdown")
    assert "Secteurs atteints seulement par des liens faibles : Banque et assurance" in plan
    # the sectors are saved with the ratings and come back with them
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0].endswith(",sector") and lines[3] == "Aurélie Cuvelier,Agence Cuvelier Assurances,1.0,1.0,1.0,1.0,Banque et assurance"
    again = widgets.ContactRater(imported, save_to=path)
    assert again.last["only_weak"] == ["Banque et assurance"]
    again.controls["contact"].value = 2
    assert again.controls["sector"].value == "Banque et assurance"  # shown when the contact is picked
    # quiz 09 Q8's situation: every sector reached by a weak tie is reached by a strong one too
    again.set_sector(2, "Numérique et informatique")
    assert again.last["only_weak"] == []
    assert "Secteurs atteints seulement par des liens faibles : aucun" in shown(again.outputs["result"])
    again.set_sector(2, "")  # emptied: back to « non renseigné »
    assert again.contacts.loc[2, "sector"] == "non renseigné"


def test_a_sector_column_added_to_the_linkedin_export_is_read(tmp_path):
    export = tmp_path / "Connections.csv"
    export.write_text("Notes:\n\nFirst Name,Last Name,Company,Position,Connected On,Secteur\n"
                      "Anne,Roux,Roux SA,Gérante,07 Dec 2025,Immobilier\nPaul,Petit,,,08 Dec 2025,\n", encoding="utf-8")
    from reseau.data import load_linkedin_connections

    imported = load_linkedin_connections(export)
    assert imported.loc[0, "sector"] == "Immobilier" and pd.isna(imported.loc[1, "sector"])


def test_an_older_ratings_file_without_sectors_is_still_read(tmp_path, my_contacts):
    path = tmp_path / "mes_notes.csv"
    path.write_text("name,company,frequency,intimacy,emotion,reciprocity\nDenis,,1,1,1,1\n", encoding="utf-8")
    rater = widgets.ContactRater(my_contacts, save_to=path)
    assert list(rater.contacts.loc[3, list(widgets.CRITERIA_LABELS)]) == [1, 1, 1, 1]
    assert rater.contacts.loc[3, "sector"] == "bâtiment"  # the list's own sector, kept


def test_a_damaged_ratings_file_gets_a_french_error_naming_line_field_and_value(tmp_path, my_contacts):
    path = tmp_path / "mes_notes.csv"
    path.write_text("name,company,frequency,intimacy,emotion,reciprocity\n"
                    "Alice,Maçonnerie Lefebvre,4,4,3,3\nBruno,Banque du Nord,1,0,9,1\n", encoding="utf-8")
    with pytest.raises(ReseauError) as err:
        widgets.ContactRater(my_contacts, save_to=path)
    assert "émotion" in str(err.value) and "ligne 3" in str(err.value) and "9" in str(err.value)
    assert "mes_notes.csv" in str(err.value)
    path.write_bytes("name,company\nAlice,Maçonnerie\n".encode("latin-1"))  # not what the widget writes
    with pytest.raises(ReseauError, match="« mes_notes.csv » est illisible \\(il n'est pas en UTF-8\\)"):
        widgets.ContactRater(my_contacts, save_to=path)
    path.write_text("nom;note\nAlice;3\n", encoding="utf-8")
    with pytest.raises(ReseauError, match="n'a pas les colonnes name, company, frequency"):
        widgets.ContactRater(my_contacts, save_to=path)


def test_intimacy_scale_wording():
    assert widgets.SCALES["intimacy"][3] == "on se confie sur des sujets personnels"


# --------------------------------------------------------------------------- on the course datasets
def test_widgets_on_the_course_datasets():
    from reseau.data import load_clubs, load_community, load_contacts

    finder = widgets.ClubFinder(load_clubs())
    assert finder.last["n"] > 0
    exp = widgets.RemovalExperiment(load_community(), chart=False)
    exp.controls["share"].value = 0.5
    weak_first = exp.last["giant_share"]
    exp.controls["order"].value = "strong_first"
    # Onnela et al. (2007): removing weak ties first breaks the network more
    assert weak_first < exp.last["giant_share"]
    rater = widgets.ContactRater(load_contacts())
    assert rater.last["n_rated"] > 0
    assert isinstance(finder._repr_mimebundle_(), dict)


def test_strength_shown_exactly_at_the_threshold():
    from reseau.fmt import strength

    # 10 / 16 = 0.625 exactly: the text must not round it below the threshold (0,62)
    assert strength(0.625) == "0,625"
    assert strength(9 / 16) == "0,5625"
    assert strength(0.5) == "0,5"
    assert "Force du lien : <b>0,625</b>" in shown(widgets.TieRater(3, 2, 3, 2).outputs["result"])


def test_french_table_writes_reals_with_a_decimal_comma():
    from reseau.fmt import french_table

    shown = french_table(pd.DataFrame({"strength": [0.625, 0.5625], "overlap": [1 / 3, 0.0], "fee": [150, 2400],
                                       "span": [3.0, float("inf")]}))
    assert list(shown["force du lien"]) == ["0,625", "0,5625"]
    assert [plain(v) for v in shown[shown.columns[1]]] == ["0,3333", "0"]
    assert list(shown["portée"]) == ["3", "∞"]  # a bridge: no other path between its ends
    assert list(shown[shown.columns[2]]) == [150, 2400]  # integers left as they are
