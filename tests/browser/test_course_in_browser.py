"""Every course module in a real browser: JupyterLab + headless Chromium, driven like a learner.

For each notebook of course/: open it, Run > Run All Cells, check that no cell shows an
error and that its widgets render, then use its main widget as a learner would (keyboard on
a slider, a click on a box, a pick in a list) and check that the displayed result becomes
exactly what the library's pure view function computes for that input.  A screenshot of
the widget after the interaction goes to test-artifacts/screenshots/<module>.png.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from reseau import charts
from reseau.clubs import GOALS, SLOTS
from reseau.data import load_clubs, load_community, load_contacts
from reseau.fmt import number
from reseau.network import removal_curve
from reseau.ties import CRITERIA
from reseau.widgets import (
    SCALES,
    budget_view,
    club_finder_view,
    network_diagnosis,
    prepare_contacts,
    removal_view,
    tie_view,
)

from . import jlab

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "course").glob("[0-9][0-9]_*.ipynb"))


def changes(cell, before_html: str, after_html: str) -> None:
    """The output shows `before_html`'s figures; after the action it shows `after_html`'s, which differ."""
    assert jlab.html_text(before_html) != jlab.html_text(after_html), "l'action ne change rien au résultat attendu"
    jlab.wait_for_html(cell, after_html)


# --------------------------------------------------------------------------- one scenario per module
def tie_rater_keyboard(page):
    """Module 0: the tie rater; the learner presses → on the « Fréquence » slider (2 → 3)."""
    cell = jlab.code_cell(page, "TieRater()")
    jlab.wait_for_html(cell, tie_view(2, 1, 1, 1)["html"])
    jlab.press_slider(cell, "Fréquence", "ArrowRight")
    assert jlab.slider_value(cell, "Fréquence") == 3
    changes(cell, tie_view(2, 1, 1, 1)["html"], tie_view(3, 1, 1, 1)["html"])
    assert SCALES["frequency"][3] in jlab.slider_row(cell, "Fréquence").inner_text()
    return cell


def club_finder_tick_and_budget(page):
    """Module 1: the club finder; tick the « entraide » goal, then raise the budget by 2 × 50 €."""
    clubs = load_clubs()
    goals, slots = ["affaires", "territoire"], list(SLOTS)
    cell = jlab.code_cell(page, "ClubFinder(clubs")
    before = club_finder_view(clubs, goals, 800, 4, slots)["html"]
    jlab.wait_for_html(cell, before)
    jlab.checkbox(cell, GOALS["entraide"].capitalize()).check()
    goals = [g for g in GOALS if g in {"affaires", "territoire", "entraide"}]
    ticked = club_finder_view(clubs, goals, 800, 4, slots)["html"]
    jlab.wait_for_html(cell, ticked)
    jlab.press_slider(cell, "Budget maximal (€ par an)", "ArrowRight", times=2)
    assert jlab.slider_value(cell, "Budget maximal (€ par an)") == 900
    changes(cell, ticked, club_finder_view(clubs, goals, 900, 4, slots)["html"])
    return cell


def budget_planner_fee_and_board(page):
    """Module 2: the budget planner; fee 600 → 650 € with the keyboard, then untick « membre du bureau »."""
    base = dict(fee=600, meetings_per_month=1, meal_cost=30, board=True, interclub_events=2, interclub_cost=50,
                hourly_value=0, new_contacts=10, margin_rate=0.3, campaign_cost=1500, campaign_contacts=15)
    cell = jlab.code_cell(page, "planner = BudgetPlanner(")
    jlab.wait_for_html(cell, budget_view(**base)["html"])
    jlab.press_slider(cell, "Cotisation (€ par an)", "ArrowRight")
    fee_up = budget_view(**{**base, "fee": 650})
    changes(cell, budget_view(**base)["html"], fee_up["html"])
    jlab.wait_for_html(cell, charts.campaign_bars_html(fee_up["comparison"]))
    jlab.checkbox(cell, "Je suis membre du bureau").uncheck()
    no_board = budget_view(**{**base, "fee": 650, "board": False})
    changes(cell, fee_up["html"], no_board["html"])
    jlab.wait_for_html(cell, charts.campaign_bars_html(no_board["comparison"]))
    return cell


def tie_rater_home_end(page):
    """Module 3: the tie rater; « Émotion » to the top (End), « Intimité » down one step (←)."""
    cell = jlab.code_cell(page, "TieRater()")
    jlab.wait_for_html(cell, tie_view(2, 1, 1, 1)["html"])
    jlab.press_slider(cell, "Émotion", "End")
    jlab.wait_for_html(cell, tie_view(2, 1, 4, 1)["html"])
    jlab.press_slider(cell, "Intimité", "ArrowLeft")
    assert (jlab.slider_value(cell, "Émotion"), jlab.slider_value(cell, "Intimité")) == (4, 0)
    changes(cell, tie_view(2, 1, 4, 1)["html"], tie_view(2, 0, 4, 1)["html"])
    return cell


def removal_experiment_toggle_and_slider(page):
    """Module 4: the removal experiment; pick « Liens forts d'abord », remove ten slider steps of ties."""
    community = load_community()
    curves = {order: removal_curve(community, weight="weight", order=order, steps=20)
              for order in ("weak_first", "strong_first")}
    cell = jlab.code_cell(page, "RemovalExperiment(communaute)")
    jlab.wait_for_html(cell, removal_view(curves, "weak_first", 0.0)["html"])
    assert cell.locator(".widget-image img, img.widget-image").first.evaluate("img => img.naturalWidth") > 0
    cell.locator(".widget-toggle-buttons button", has_text="Liens forts d'abord").click()
    jlab.wait_for_html(cell, removal_view(curves, "strong_first", 0.0)["html"])
    step = jlab.slider_step(cell, "Part des liens retirés")
    jlab.press_slider(cell, "Part des liens retirés", "ArrowRight", times=10)
    changes(cell, removal_view(curves, "strong_first", 0.0)["html"],
            removal_view(curves, "strong_first", 10 * step)["html"])
    return cell


def contact_rater_pick_and_rate(page):
    """Module 5: my contacts; pick in the list the first contact whose tie changes class when its
    « Réciprocité » goes up by one point, then press → on that slider (one point = 1 / step presses)."""
    contacts = prepare_contacts(load_contacts())
    cell = jlab.code_cell(page, "mon_reseau = ContactRater(load_contacts())")
    jlab.wait_for_html(cell, network_diagnosis(contacts)["html"])
    step = jlab.slider_step(cell, "Réciprocité")

    def ratings_of(i):
        return {c: float(contacts.loc[i, c]) for c in CRITERIA}

    presses = max(1, round(1 / step))

    def raised(r):
        return {**r, "reciprocity": r["reciprocity"] + presses * step}

    i = next(i for i in contacts.index if raised(ratings_of(i))["reciprocity"] <= 4
             and tie_view(**ratings_of(i))["tie"] != tie_view(**raised(ratings_of(i)))["tie"])
    row = contacts.loc[i]
    cell.locator(".widget-dropdown select").select_option(label=f"{row['name']} ({row['company']})")
    before = tie_view(**ratings_of(i))
    wait_for_text(cell, f"{row['name']} : force {number(before['strength'], 2)} → {tie_word(before['tie'])}")
    assert jlab.slider_value(cell, "Réciprocité") == ratings_of(i)["reciprocity"]
    jlab.press_slider(cell, "Réciprocité", "ArrowRight", times=presses)
    assert jlab.slider_value(cell, "Réciprocité") == raised(ratings_of(i))["reciprocity"]
    rated = contacts.copy()
    rated.loc[i, "reciprocity"] = raised(ratings_of(i))["reciprocity"]
    changes(cell, network_diagnosis(contacts)["html"], network_diagnosis(rated)["html"])
    after = tie_view(**raised(ratings_of(i)))
    wait_for_text(cell, f"{row['name']} : force {number(after['strength'], 2)} → {tie_word(after['tie'])}")
    return cell


def tie_word(tie: str) -> str:
    return {"fort": "lien fort", "faible": "lien faible", "absent": "lien absent"}[tie]


def wait_for_text(cell, text: str) -> None:
    cell.locator(".widget-html-content", has_text=text.replace("\u00a0", " ")).first.wait_for(
        timeout=jlab.UPDATE_TIMEOUT * 1000)


SCENARIOS = {
    "00_bienvenue": tie_rater_keyboard,
    "01_choisir_son_reseau": club_finder_tick_and_budget,
    "02_temps_et_budget": budget_planner_fee_and_board,
    "03_force_des_liens": tie_rater_home_end,
    "04_liens_faibles_ponts": removal_experiment_toggle_and_slider,
    "05_ma_strategie": contact_rater_pick_and_rate,
}


def test_every_module_has_a_browser_scenario():
    assert sorted(SCENARIOS) == [p.stem for p in NOTEBOOKS]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_module_runs_and_its_widget_responds(path, page, lab_server, screenshot):
    jlab.open_notebook(page, lab_server, f"course/{path.name}")
    try:
        jlab.run_all(page)
        assert jlab.cell_problems(page) == [], f"{path.name} : des cellules affichent une erreur"
        assert page.locator(".jp-Notebook .jupyter-widgets").count() > 0, f"{path.name} : aucun widget affiché"
        cell = SCENARIOS[path.stem](page)
        assert jlab.cell_problems(page) == []
        screenshot(cell, path.stem)
    except BaseException:
        screenshot(page, f"{path.stem}-echec")
        raise
