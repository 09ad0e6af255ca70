"""The participant's French exercise panel, server side (reseau.panel), on a real nbgrader exchange.

A temporary exchange gets quiz 01 and exercise 06 released with nbgrader's own release; the panel,
built on nbgrader's assignment-list manager (as in the participant's server), lists them in course
order with their French titles and states, fetches, submits, sees the grade as soon as nbgrader's
release_feedback puts a feedback page in the exchange, and fetches it for « Voir mon retour ».
"""

from __future__ import annotations

import json
import re
import shutil
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from reseau import panel as rp

ROOT = Path(__file__).resolve().parents[1]
QUIZ = "01_quiz_choisir_son_reseau"
QUIZ_NB = "quiz_choisir_son_reseau"
EXERCISE = "06_force_des_liens"
COURSE = "reseau"


def _page(points: str, maximum: str) -> str:
    """A feedback page as the French one carries its grade (the contract with the grading service)."""
    return (f'<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">'
            f'<meta name="reseau-points" content="{points}"><meta name="reseau-points-max" content="{maximum}">'
            f"<title>Retour</title></head><body><h1>Votre retour</h1><p>{points} / {maximum}</p></body></html>")


@pytest.fixture
def classroom(tmp_path, monkeypatch):
    """An exchange with quiz 01 and exercise 06 released; a participant's folder with nbgrader's config."""
    exchange, home, cache = tmp_path / "echange", tmp_path / "participant", tmp_path / "cache"
    home.mkdir()
    monkeypatch.setenv("JUPYTER_CONFIG_DIR", str(tmp_path / "jupyter-config"))
    monkeypatch.delenv("JUPYTER_CONFIG_PATH", raising=False)
    # what the classroom server writes for every participant's server (deploy/hub/jupyterhub_config.py)
    (home / "nbgrader_config.py").write_text(
        "c = get_config()\n"
        f"c.CourseDirectory.course_id = {COURSE!r}\n"
        f"c.Exchange.root = {str(exchange)!r}\n"
        f"c.Exchange.cache = {str(cache)!r}\n", encoding="utf-8")
    from nbgrader.coursedir import CourseDirectory
    from nbgrader.exchange.default import ExchangeReleaseAssignment
    from traitlets.config import Config

    config = Config()
    config.CourseDirectory.course_id = COURSE
    config.CourseDirectory.root = str(ROOT)
    config.CourseDirectory.release_directory = "exercises"
    config.Exchange.root = str(exchange)
    for name in (EXERCISE, QUIZ):  # released out of order: the panel sorts
        coursedir = CourseDirectory(config=config)
        coursedir.assignment_id = name
        ExchangeReleaseAssignment(coursedir=coursedir, config=config).start()
    from nbgrader.server_extensions.assignment_list.handlers import AssignmentList

    manager = AssignmentList()
    manager.root_dir = str(home)
    monkeypatch.chdir(home)  # a Jupyter server runs in the folder it serves (nbgrader's manager relies on it)
    return rp.ExercisePanel(manager), home, exchange


def release_feedback(exchange: Path, tmp_path: Path, html: str) -> None:
    """What the trainer's cycle (or the grading service) does after grading the last submission: a
    feedback page next to the submission's timestamp and secret, put in the exchange by nbgrader."""
    from nbgrader.coursedir import CourseDirectory
    from nbgrader.exchange.default import ExchangeReleaseFeedback
    from traitlets.config import Config

    inbound = sorted((exchange / COURSE / "inbound").glob(f"*+{QUIZ}+*"))[-1]
    student = inbound.name.split("+")[0]
    feedback = tmp_path / "ws" / "feedback" / student / QUIZ
    if feedback.exists():
        shutil.rmtree(feedback)
    feedback.mkdir(parents=True)
    for name in ("timestamp.txt", "submission_secret.txt"):
        shutil.copy(inbound / name, feedback / name)
    (feedback / f"{QUIZ_NB}.html").write_text(html, encoding="utf-8")
    config = Config()
    config.CourseDirectory.course_id = COURSE
    config.CourseDirectory.root = str(tmp_path / "ws")
    config.CourseDirectory.feedback_directory = "feedback"
    config.Exchange.root = str(exchange)
    coursedir = CourseDirectory(config=config)
    coursedir.assignment_id = QUIZ
    ExchangeReleaseFeedback(coursedir=coursedir, config=config).start()


def _item(states: dict, name: str) -> dict:
    return next(item for item in states["exercices"] if item["id"] == name)


def test_fetch_submit_grade_and_feedback_through_the_panel(classroom, tmp_path):
    panel, home, exchange = classroom
    states = panel.states()
    assert states["cours"] == COURSE
    assert [item["id"] for item in states["exercices"]] == [QUIZ, EXERCISE]
    assert [item["titre"] for item in states["exercices"]] == [
        "Quiz du module 1 : choisir son réseau", "Exercice du module 3 : mesurer la force de ses liens"]
    assert [(item["etat"], item["libelle"], item["recu"]) for item in states["exercices"]] == [
        ("à recevoir", "à recevoir", False)] * 2

    # « Rendre » before « Recevoir » is refused in French
    with pytest.raises(rp.PanelError) as err:
        panel.submit(EXERCISE)
    assert err.value.status == 409
    assert err.value.message == "Recevez d'abord « Exercice du module 3 : mesurer la force de ses liens » avant de le rendre."

    # « Recevoir »: nbgrader fetch puts the notebook in the participant's folder
    item = panel.fetch(QUIZ)
    assert (item["etat"], item["libelle"], item["recu"]) == ("en cours", "en cours", True)
    assert item["dossier"] == QUIZ
    assert item["carnets"] == [f"{QUIZ}/{QUIZ_NB}.ipynb"]
    assert (home / QUIZ / f"{QUIZ_NB}.ipynb").read_bytes() == (ROOT / "exercises" / QUIZ / f"{QUIZ_NB}.ipynb").read_bytes()
    assert _item(panel.states(), EXERCISE)["etat"] == "à recevoir"

    # « Rendre »: nbgrader submit; the time to the second, in UTC (the panel shows it in local time)
    before = datetime.now(timezone.utc).replace(microsecond=0)
    item = panel.submit(QUIZ)
    after = datetime.now(timezone.utc)
    assert (item["etat"], item["libelle"], item["rendus"], item["note"]) == ("rendu", "rendu", 1, None)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", item["rendu_le"]), item["rendu_le"]
    assert before <= datetime.fromisoformat(item["rendu_le"]) <= after
    assert len(list((exchange / COURSE / "inbound").glob(f"*+{QUIZ}+*"))) == 1
    with pytest.raises(rp.PanelError) as err:
        panel.feedback(QUIZ)
    assert err.value.status == 409
    assert err.value.message == "Le retour de « Quiz du module 1 : choisir son réseau » n'est pas encore prêt."

    # feedback released in the exchange: the grade shows before the participant fetches anything
    release_feedback(exchange, tmp_path, _page("4.5", "6"))
    item = _item(panel.states(), QUIZ)
    assert (item["etat"], item["libelle"]) == ("corrigé", "corrigé : 4,5 / 6")
    assert item["note"] == {"points": 4.5, "max": 6.0}
    stamp = (sorted((exchange / COURSE / "inbound").glob(f"*+{QUIZ}+*"))[-1] / "timestamp.txt").read_text()
    assert item["retour"] == f"{QUIZ}/feedback/{stamp}/{QUIZ_NB}.html"
    assert not (home / item["retour"]).exists()

    # « Voir mon retour »: nbgrader fetch_feedback, then the page's path
    item = panel.feedback(QUIZ)
    assert (home / item["retour"]).read_text(encoding="utf-8") == _page("4.5", "6")

    # regraded (the service graded again): the new grade, and « Voir mon retour » fetches the new page
    release_feedback(exchange, tmp_path, _page("6", "6"))
    assert _item(panel.states(), QUIZ)["libelle"] == "corrigé : 6 / 6"
    item = panel.feedback(QUIZ)
    assert (home / item["retour"]).read_text(encoding="utf-8") == _page("6", "6")

    # handed in again: the last copy counts, not graded yet
    item = panel.submit(QUIZ)
    assert (item["etat"], item["libelle"], item["rendus"], item["note"]) == ("rendu", "rendu", 2, None)


def test_the_stock_nbgrader_page_gives_the_grade_too(classroom, tmp_path):
    panel, home, exchange = classroom
    panel.fetch(QUIZ)
    panel.submit(QUIZ)
    release_feedback(exchange, tmp_path, "<html><body><h4>quiz (Score: 8.0 / 13.0)</h4>"
                                         "<li>Test cell (Score: 1.0 / 2.0)</li></body></html>")
    assert _item(panel.states(), QUIZ)["libelle"] == "corrigé : 8 / 13"


def test_a_feedback_page_without_a_grade_is_still_a_feedback(classroom, tmp_path):
    panel, home, exchange = classroom
    panel.fetch(QUIZ)
    panel.submit(QUIZ)
    release_feedback(exchange, tmp_path, "<html><body><p>Votre retour</p></body></html>")
    item = _item(panel.states(), QUIZ)
    assert (item["etat"], item["libelle"], item["note"]) == ("corrigé", "corrigé", None)
    item = panel.feedback(QUIZ)
    assert (home / item["retour"]).read_text(encoding="utf-8") == "<html><body><p>Votre retour</p></body></html>"


def test_an_assignment_not_released_is_refused(classroom):
    panel, _, _ = classroom
    with pytest.raises(rp.PanelError) as err:
        panel.fetch("03_budget_et_temps")
    assert err.value.status == 404
    assert err.value.message == "Le quiz ou l'exercice « 03_budget_et_temps » n'est pas distribué."


def test_no_exchange_yet_means_an_empty_list(tmp_path, monkeypatch):
    home = tmp_path / "participant"
    home.mkdir()
    monkeypatch.setenv("JUPYTER_CONFIG_DIR", str(tmp_path / "jupyter-config"))
    monkeypatch.delenv("JUPYTER_CONFIG_PATH", raising=False)
    (home / "nbgrader_config.py").write_text(
        f"c = get_config()\nc.CourseDirectory.course_id = {COURSE!r}\n"
        f"c.Exchange.root = {str(tmp_path / 'echange')!r}\nc.Exchange.cache = {str(tmp_path / 'cache')!r}\n",
        encoding="utf-8")
    from nbgrader.server_extensions.assignment_list.handlers import AssignmentList

    manager = AssignmentList()
    manager.root_dir = str(home)
    monkeypatch.chdir(home)
    assert rp.ExercisePanel(manager).states() == {"cours": COURSE, "exercices": [], "erreur": None}


@pytest.mark.parametrize(("html", "expected"), [
    (_page("11", "13"), (11.0, 13.0)),
    (_page("10.5", "13"), (10.5, 13.0)),
    # the French page's meta wins over any "Score:" in its text
    (_page("3", "6").replace("<h1>", "<h1>(Score: 1.0 / 2.0)"), (3.0, 6.0)),
    # not a number with a dot: the contract is broken, the stock pattern is tried, then nothing
    (_page("10,5", "13"), None),
    ("<h4>quiz (Score: 8.0 / 13.0)</h4>", (8.0, 13.0)),
    ("<html><body>pas de note</body></html>", None),
])
def test_feedback_score(html, expected):
    assert rp.feedback_score(html) == expected


def test_timestamps_titles_and_numbers():
    assert rp.parse_timestamp("2026-12-06 05:31:14.123456 UTC") == "2026-12-06T05:31:14+00:00"
    assert rp.parse_timestamp("2026-12-06 05:31:14 UTC") == "2026-12-06T05:31:14+00:00"
    assert rp.parse_timestamp("hier") is None
    assert rp.notebook_title(ROOT / "exercises" / "10_satisfaction" / "satisfaction.ipynb") == "Questionnaire de satisfaction"
    assert rp._number(11.0) == "11" and rp._number(10.5) == "10,5" and rp._number(2.25) == "2,25"
    assert rp._fallback_title("04_choisir_un_club") == "Choisir un club"


def test_the_learner_server_enables_the_panel():
    learner = json.loads((ROOT / "deploy" / "jupyter" / "apprenant" / "jupyter_server_config.json").read_text())
    assert learner["ServerApp"]["jpserver_extensions"]["reseau.panel"] is True
    installed = json.loads((ROOT / "labextension" / "jupyter-config" / "reseau.json").read_text())
    assert installed["ServerApp"]["jpserver_extensions"]["reseau.panel"] is True


def test_the_prebuilt_extension_holds_the_panel():
    """labextension/prebuilt was rebuilt after labextension/src/panel.ts (make labextension)."""
    source = (ROOT / "labextension" / "src" / "panel.ts").read_text(encoding="utf-8")
    bundle = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "labextension" / "prebuilt" / "static").glob("*.js"))
    bundle = re.sub(r"\\(?:x([0-9a-fA-F]{2})|u([0-9a-fA-F]{4}))", lambda m: chr(int(m[1] or m[2], 16)), bundle)
    assert re.search(r"^const TITLE = 'Mes quiz et exercices';", source, re.M)
    for text in ("reseau-lab:exercices", "reseau:exercices", "Mes quiz et exercices", "Voir mon retour"):
        assert text in bundle, f"labextension/prebuilt est plus ancien que src/panel.ts : lancez make labextension ({text})"
