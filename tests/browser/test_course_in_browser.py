"""Every course module in a real browser: JupyterLab + headless Chromium, driven like a learner.

For each notebook of course/: open it, Run > Run All Cells, check that no cell shows an
error and that its widgets render, then use its main widget as a learner would (keyboard on
a slider, a click on a box, a pick in a list) and check that the displayed result becomes
exactly what the library's pure view function computes for that input.  A screenshot of
the widget after the interaction goes to test-artifacts/screenshots/<module>.png.
"""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import nbformat
import pytest

from reseau import charts
from reseau.clubs import GOALS, SLOTS
from reseau.data import load_clubs, load_community, load_contacts
from reseau.fmt import strength as strength_text
from reseau.network import removal_curve
from reseau.ties import CRITERIA, RATING_MAX, RATING_MIN
from reseau.widgets import (
    BudgetPlanner,
    ClubFinder,
    RemovalExperiment,
    TieRater,
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


def widget_call(path: Path, widget: type) -> dict:
    """The arguments the notebook gives `widget`: its signature's defaults, overridden by the
    literal keyword arguments of the first `Widget(...)` call in the notebook's code cells."""
    params = {name: p.default for name, p in inspect.signature(widget).parameters.items()
              if p.default is not inspect.Parameter.empty}
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type != "code":
            continue
        code = "\n".join(line for line in cell.source.splitlines() if not line.lstrip().startswith(("%", "!")))
        for node in ast.walk(ast.parse(code)):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == widget.__name__:
                params.update({k.arg: ast.literal_eval(k.value) for k in node.keywords if k.arg})
                return params
    raise AssertionError(f"{path.name} : aucun appel à {widget.__name__}(...)")


def changes(cell, before_html: str, after_html: str) -> None:
    """The output shows `before_html`'s figures; after the action it shows `after_html`'s, which differ."""
    assert jlab.html_text(before_html) != jlab.html_text(after_html), "l'action ne change rien au résultat attendu"
    jlab.wait_for_html(cell, after_html)


# --------------------------------------------------------------------------- one scenario per module
def tie_rater_keyboard(page, path):
    """Module 0: the tie rater; the learner presses → on the « Fréquence » slider (one step up)."""
    start = {c: widget_call(path, TieRater)[c] for c in CRITERIA}
    cell = jlab.code_cell(page, "TieRater(")
    jlab.wait_for_html(cell, tie_view(**start)["html"])
    step = jlab.slider_step(cell, "Fréquence")
    jlab.press_slider(cell, "Fréquence", "ArrowRight")
    moved = {**start, "frequency": start["frequency"] + step}
    assert jlab.slider_value(cell, "Fréquence") == moved["frequency"]
    changes(cell, tie_view(**start)["html"], tie_view(**moved)["html"])
    assert tie_view(**moved)["meanings"]["frequency"] in jlab.slider_row(cell, "Fréquence").inner_text()
    return cell


def club_finder_tick_and_budget(page, path):
    """Module 1: the club finder; tick the « entraide » goal, then raise the budget by two steps."""
    clubs = load_clubs()
    args = widget_call(path, ClubFinder)
    goals, slots = list(args["goals"]), list(SLOTS)
    assert "entraide" not in goals
    cell = jlab.code_cell(page, "ClubFinder(")
    before = club_finder_view(clubs, goals, args["max_cash_cost"], args["max_hours_per_month"], slots)["html"]
    jlab.wait_for_html(cell, before)
    jlab.checkbox(cell, GOALS["entraide"].capitalize()).check()
    goals = [g for g in GOALS if g in {*goals, "entraide"}]
    ticked = club_finder_view(clubs, goals, args["max_cash_cost"], args["max_hours_per_month"], slots)["html"]
    changes(cell, before, ticked)
    budget = "Budget maximal (€ par an)"
    raised = args["max_cash_cost"] + 2 * jlab.slider_step(cell, budget)
    jlab.press_slider(cell, budget, "ArrowRight", times=2)
    assert jlab.slider_value(cell, budget) == raised
    changes(cell, ticked, club_finder_view(clubs, goals, raised, args["max_hours_per_month"], slots)["html"])
    return cell


def budget_planner_fee_and_board(page, path):
    """Module 2: the budget planner; the fee one step up with the keyboard, then (un)tick « membre du bureau »."""
    args = widget_call(path, BudgetPlanner)
    args.pop("chart")
    args["margin_rate"] = args.pop("margin_rate_percent") / 100
    cell = jlab.code_cell(page, "BudgetPlanner(")
    jlab.wait_for_html(cell, budget_view(**args)["html"])
    fee = "Cotisation (€ par an)"
    jlab.press_slider(cell, fee, "ArrowRight")
    fee_up = {**args, "fee": args["fee"] + jlab.slider_step(cell, fee)}
    assert jlab.slider_value(cell, fee) == fee_up["fee"]
    changes(cell, budget_view(**args)["html"], budget_view(**fee_up)["html"])
    jlab.wait_for_html(cell, charts.campaign_bars_html(budget_view(**fee_up)["comparison"]))
    jlab.checkbox(cell, "Je suis membre du bureau").click()
    board = {**fee_up, "board": not fee_up["board"]}
    changes(cell, budget_view(**fee_up)["html"], budget_view(**board)["html"])
    jlab.wait_for_html(cell, charts.campaign_bars_html(budget_view(**board)["comparison"]))
    return cell


def tie_rater_home_end(page, path):
    """Module 3: the tie rater; « Émotion » to the top (End key), « Intimité » one step down (←)."""
    start = {c: widget_call(path, TieRater)[c] for c in CRITERIA}
    cell = jlab.code_cell(page, "TieRater(")
    jlab.wait_for_html(cell, tie_view(**start)["html"])
    jlab.press_slider(cell, "Émotion", "End")
    top = {**start, "emotion": RATING_MAX}
    changes(cell, tie_view(**start)["html"], tie_view(**top)["html"])
    jlab.press_slider(cell, "Intimité", "ArrowLeft")
    down = {**top, "intimacy": max(RATING_MIN, top["intimacy"] - jlab.slider_step(cell, "Intimité"))}
    assert (jlab.slider_value(cell, "Émotion"), jlab.slider_value(cell, "Intimité")) == (
        down["emotion"], down["intimacy"])
    changes(cell, tie_view(**top)["html"], tie_view(**down)["html"])
    return cell


def removal_experiment_toggle_and_slider(page, path):
    """Module 4: the removal experiment; pick « Liens forts d'abord », remove ten slider steps of ties."""
    args = widget_call(path, RemovalExperiment)
    community = load_community()
    curves = {order: removal_curve(community, weight=args["weight"], order=order, steps=args["steps"])
              for order in ("weak_first", "strong_first")}
    cell = jlab.code_cell(page, "RemovalExperiment(")
    jlab.wait_for_html(cell, removal_view(curves, "weak_first", 0.0)["html"])
    assert cell.locator("img").first.evaluate("img => img.naturalWidth") > 0, "le graphique ne s'affiche pas"
    cell.locator(".widget-toggle-buttons button", has_text="Liens forts d'abord").click()
    changes(cell, removal_view(curves, "weak_first", 0.0)["html"], removal_view(curves, "strong_first", 0.0)["html"])
    step = jlab.slider_step(cell, "Part des liens retirés")
    jlab.press_slider(cell, "Part des liens retirés", "ArrowRight", times=10)
    changes(cell, removal_view(curves, "strong_first", 0.0)["html"],
            removal_view(curves, "strong_first", 10 * step)["html"])
    return cell


def contact_rater_pick_and_rate(page, path):
    """Module 5: my contacts; pick in the list the first contact whose tie changes class when its
    « Réciprocité » goes up by one point, then press → on that slider (one point = 1 / step presses)."""
    contacts = prepare_contacts(load_contacts())
    cell = jlab.code_cell(page, "mon_reseau = ContactRater(load_contacts(), save_to=")
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
    wait_for_text(cell, f"{row['name']} : force {strength_text(before['strength'])} → {tie_word(before['tie'])}")
    assert jlab.slider_value(cell, "Réciprocité") == ratings_of(i)["reciprocity"]
    jlab.press_slider(cell, "Réciprocité", "ArrowRight", times=presses)
    assert jlab.slider_value(cell, "Réciprocité") == raised(ratings_of(i))["reciprocity"]
    rated = contacts.copy()
    rated.loc[i, "reciprocity"] = raised(ratings_of(i))["reciprocity"]
    changes(cell, network_diagnosis(contacts)["html"], network_diagnosis(rated)["html"])
    after = tie_view(**raised(ratings_of(i)))
    wait_for_text(cell, f"{row['name']} : force {strength_text(after['strength'])} → {tie_word(after['tie'])}")
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
        cell = SCENARIOS[path.stem](page, path)
        assert jlab.cell_problems(page) == []
        screenshot(cell, path.stem)
    except BaseException:
        screenshot(page, f"{path.stem}-echec")
        raise
