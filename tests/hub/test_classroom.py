"""A whole CCI session on the real classroom server, from first login to fetched feedback.

The hub is started as deploy/hub/README.md says, with its defaults: `make hub` in a folder of its
own (real JupyterHub, real configurable-http-proxy from deploy/hub's lock file, one system user per
person, servers in bubblewrap), `IP=127.0.0.1` and free ports being the only settings changed
(tests/hub/hubtools.py).  Debian's Chromium, driven by Playwright, plays the two participants:
- the trainer releases exercise 06 to the exchange (`make release ASSIGNMENT=...`);
- participant A logs in for the first time and chooses a password, lands on module 0, moves a
  widget of module 3, receives exercise 06 in the French exercise panel, answers it right, checks it,
  hands it in;
- participant B submits a wrong answer;
- the trainer collects from the exchange, autogrades in the sandbox, releases the feedback
  (`make collect`, `make autograde`, `make feedback`);
- both open their feedback (« Voir mon retour »); the test reads 13 / 13 for A and B's lower grade from it.
From A's kernel and A's terminal, nothing private can be read: B's home, the class list, the hub's state,
deploy/, solutions/, the gradebook, the workspace (test_isolation.py probes each).
The hub is restarted mid-session: accounts, work and grades are still there.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
import time
from pathlib import Path

import nbformat
import pytest

from browser import jlab
from browser.test_course_in_browser import tie_rater_home_end
from browser.test_exercise_validate import RIGHT, WRONG, answer_cells, answers

from .hubtools import HubSession, UserServer

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "deploy" / "hub"))
ASSIGNMENT = "06_force_des_liens"
NOTEBOOK = f"{ASSIGNMENT}/force_des_liens.ipynb"
MAX_SCORE = 13
SCORE = re.compile(r'<meta name="reseau-points" content="([\d.]+)">\s*<meta name="reseau-points-max" content="([\d.]+)">')
PASSWORDS = {}


def module0_title() -> str:
    nb = nbformat.read(ROOT / "course" / "00_bienvenue.ipynb", as_version=4)
    first = next(c for c in nb.cells if c.cell_type == "markdown")
    return next(line for line in first.source.splitlines() if line.startswith("# "))[2:].strip()


def new_page(chromium):
    """A fresh browser context (a participant's own browser) and its tab."""
    context = chromium.new_context(viewport={"width": 1400, "height": 1000}, locale="fr-FR")
    context.set_default_timeout(60_000)
    return context, context.new_page()


def login(page, room, name: str, password: str) -> None:
    """The hub's login page, as a participant sees it; the first password typed becomes theirs."""
    page.goto(f"{room.url}/hub/login")
    assert "Connexion à la formation" in page.locator("h1").first.inner_text()
    page.fill("#username_input", name)
    page.fill("#password_input", password)
    page.click("#login_submit")
    page.wait_for_url(re.compile(rf"/user/{re.escape(name)}/lab"), timeout=180_000)


def user_server(room, name: str) -> UserServer:
    trainer = HubSession(room, room.trainer, PASSWORDS[room.trainer])
    return UserServer(room, name, trainer.token(name))


def open_assignments(page):
    """The French exercise panel, opened as a learner opens it; returns the assignment's row."""
    dialogs = page.locator(".jp-Dialog")
    for _ in range(5):  # a dialog left by a restored layout (kernel choice...): answered as a learner would
        if not dialogs.count():
            break
        snap_text = dialogs.first.inner_text()[:200]
        print(f"dialogue fermé : {snap_text!r}")
        page.keyboard.press("Escape")
        page.wait_for_timeout(300)
    jlab.open_exercise_panel(page)
    return jlab.exercise_row(page, ASSIGNMENT)


def fetch(page) -> None:
    row = open_assignments(page)
    row.get_by_role("button", name="Recevoir").click()
    row.locator(".reseau-exercice-etat", has_text=re.compile("^en cours$")).wait_for(timeout=60_000)


def submit(page) -> None:
    row = open_assignments(page)
    row.get_by_role("button", name="Rendre").click()
    row.locator(".reseau-exercice-date").wait_for(timeout=60_000)  # « rendu le 6 décembre à 14:05 »


def fetch_feedback(page) -> str:
    """« Voir mon retour » in the panel (nbgrader fetch_feedback, then the page in JupyterLab); returns the
    state the panel showed (« corrigé : 13 / 13 »)."""
    row = open_assignments(page)
    button = row.get_by_role("button", name="Voir mon retour")
    button.wait_for(timeout=60_000)
    state = row.locator(".reseau-exercice-etat").inner_text()
    button.click()
    page.locator(".jp-HTMLViewer iframe").wait_for(timeout=60_000)
    return state


def answer(page, server, right: bool) -> None:
    jlab.open_notebook(page, server, NOTEBOOK)
    code = answers()
    if not right:
        code["tie_strength"] = code["tie_strength"].replace(RIGHT, WRONG)
    for grade_id, index in answer_cells().items():
        jlab.fill_cell(page, index, code[grade_id])
    jlab.save(page)


def feedback_score(server: UserServer) -> tuple[float, float]:
    """The score written in the feedback the participant fetched (their own file, through their server)."""
    folder = server.api("GET", f"/api/contents/{ASSIGNMENT}/feedback")
    stamps = sorted(item["path"] for item in folder["content"] if item["type"] == "directory")
    assert stamps, "aucun retour récupéré"
    html = server.api("GET", f"/api/contents/{stamps[-1]}/force_des_liens.html?content=1&type=file&format=text")
    found = SCORE.search(html["content"])
    assert found, "pas de note dans le retour"
    return float(found.group(1)), float(found.group(2))


PROBE = """
import os
for label, path in {targets!r}:
    try:
        if os.path.isdir(path):
            os.listdir(path)
        else:
            open(path, "rb").read(1)
        print("LISIBLE", label)
    except PermissionError:
        print("REFUS", label)
    except FileNotFoundError:
        print("ABSENT", label)
    except Exception as err:
        print("AUTRE", label, type(err).__name__)
print("PROJET", sorted(os.listdir({project!r})))
from ipykernel.connect import get_connection_info
info = get_connection_info(unpack=True)
print("NOYAU", info["transport"], info["ip"])
"""


def probe_from_kernel(page, server, targets: list[tuple[str, str]], project: Path) -> str:
    """Run the probe in a notebook of the participant's, in their own kernel, and return what it printed
    (one line per target, then what the sandbox shows of the project's folder)."""
    code = PROBE.format(targets=targets, project=str(project))
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)])
    server.api("PUT", "/api/contents/sonde.ipynb", json={"type": "notebook", "format": "json",
                                                         "content": json.loads(nbformat.writes(nb))})
    jlab.open_notebook(page, server, "sonde.ipynb")
    jlab.run_all(page)
    page.locator(".jp-Notebook .jp-OutputArea-output").first.wait_for(timeout=60_000)
    return page.locator(".jp-Notebook .jp-OutputArea-output").first.inner_text()


SHELL_PROBE = """sonde() {
  if cat "$2" >/dev/null 2>&1 || ls "$2" >/dev/null 2>&1; then echo "RESULTAT:$1:lisible"
  else echo "RESULTAT:$1:$(cat "$2" 2>&1 >/dev/null)"; fi
}
"""


def probe_from_terminal(server: UserServer, targets: list[tuple[str, str]]) -> dict[str, str]:
    """The probe typed in the participant's terminal (JupyterLab's, over its websocket): `cat`, else `ls`.

    Returns {label: "lisible" or the error that `cat` printed}."""
    import shlex

    import websocket

    script = SHELL_PROBE + "".join(f"sonde {i} {shlex.quote(path)}\n" for i, (_, path) in enumerate(targets))
    script += "echo FIN-SONDE\n"
    server.api("PUT", "/api/contents/sonde.sh", json={"type": "file", "format": "text", "content": script})
    name = server.api("POST", "/api/terminals")["name"]
    url = server.url.replace("http://", "ws://") + f"/terminals/websocket/{name}"
    conn = websocket.create_connection(url, header=[f"Authorization: token {server.token}"], timeout=60)
    out = ""
    try:
        conn.send(json.dumps(["stdin", "sh ~/sonde.sh\r"]))
        deadline = time.monotonic() + 60
        while "FIN-SONDE" not in out and time.monotonic() < deadline:
            message = json.loads(conn.recv())
            if message[0] == "stdout":
                out += message[1]
    finally:
        conn.close()
        server.api("DELETE", f"/api/terminals/{name}")
    results = {}
    for line in out.splitlines():
        found = re.search(r"RESULTAT:(\d+):(.*)", line)
        if found:
            results[targets[int(found.group(1))][0]] = found.group(2).strip()
    assert len(results) == len(targets), f"sonde incomplète :\n{out}"
    return results


def test_a_session_from_first_login_to_fetched_feedback(classroom, chromium, snap):
    room = classroom
    a, b = room.participants
    PASSWORDS.update({a: "motdepasse-A1", b: "motdepasse-B2", room.trainer: "formateur-123"})
    # the trainer logs in once (first use sets the password) and releases exercise 01
    HubSession(room, room.trainer, PASSWORDS[room.trainer])
    released = room.make("release", f"ASSIGNMENT={ASSIGNMENT}")
    assert f"distribué : {ASSIGNMENT}" in released.stdout

    ctx_a, page_a = new_page(chromium)
    try:
        login(page_a, room, a, PASSWORDS[a])
        server_a = user_server(room, a)
        # module 0 opens by itself, from A's own copy of the course
        tab = page_a.locator(".jp-NotebookPanel").filter(has=page_a.locator(".jp-Notebook .jp-Cell")).first
        tab.wait_for(state="visible", timeout=120_000)
        assert module0_title() in page_a.locator(".jp-Notebook .jp-MarkdownOutput h1").first.inner_text()
        assert {i["name"] for i in server_a.api("GET", "/api/contents/course")["content"]} >= {
            p.name for p in (ROOT / "course").glob("0*.ipynb")}
        snap(page_a, "module0")
        # module 3: run it, move the tie rater as a learner does
        path3 = ROOT / "course" / "03_force_des_liens.ipynb"
        jlab.open_notebook(page_a, server_a, "course/03_force_des_liens.ipynb")
        jlab.run_all(page_a)
        assert jlab.cell_problems(page_a) == []
        tie_rater_home_end(page_a, path3)
        snap(page_a, "module3")
        server_a.shutdown_kernels()
        # exercise 06 from the French panel, right answers, checked, handed in
        fetch(page_a)
        answer(page_a, server_a, right=True)
        dialog = jlab.check_answers(page_a)
        assert dialog.locator(".reseau-verification-echec").count() == 0, dialog.inner_text()
        assert "réussies" in dialog.locator(".reseau-verification-resume").inner_text()
        jlab.close_dialog(page_a)
        submit(page_a)
        snap(page_a, "soumis_A")
        server_a.shutdown_kernels()
    except BaseException:
        snap(page_a, "echec_A")
        raise

    ctx_b, page_b = new_page(chromium)
    try:
        login(page_b, room, b, PASSWORDS[b])
        server_b = user_server(room, b)
        fetch(page_b)
        answer(page_b, server_b, right=False)
        submit(page_b)
        server_b.shutdown_kernels()
    except BaseException:
        snap(page_b, "echec_B")
        raise

    # no trainer command: the classroom's grading service grades both copies and releases their feedback, and
    # each participant's panel shows the grade, then the feedback page
    wait_for_graded(room, ASSIGNMENT, {a, b})
    shown = {}
    for page, name in ((page_a, a), (page_b, b)):
        try:
            shown[name] = fetch_feedback(page)
        except BaseException:
            snap(page, f"echec_retours_{name[:2]}")
            raise
    server_a, server_b = user_server(room, a), user_server(room, b)
    assert feedback_score(server_a) == (MAX_SCORE, MAX_SCORE)
    score_b, max_b = feedback_score(server_b)
    assert max_b == MAX_SCORE and score_b < MAX_SCORE
    assert shown == {a: f"corrigé : {MAX_SCORE} / {MAX_SCORE}", b: f"corrigé : {score_b:g} / {MAX_SCORE}".replace(".", ",")}
    # the trainer's own cycle still works and agrees (the service already collected and graded both copies)
    room.make("collect")
    graded = room.make("autograde")
    assert f"{a} / {ASSIGNMENT} : déjà corrigé ({MAX_SCORE} / {MAX_SCORE})" in graded.stdout, graded.stdout
    room.make("feedback")
    # the hub restarts mid-session: nothing is lost
    room.restart()
    page_a.goto(f"{room.url}/user/{a}/lab?reset")
    page_a.locator(".jp-LabShell").wait_for(timeout=120_000)
    assert fetch_feedback(page_a) == f"corrigé : {MAX_SCORE} / {MAX_SCORE}"

    # and once more after a restart: A logs in again with the same password, work and grades are there
    room.restart()
    ctx_a.close()
    ctx_a, page_a = new_page(chromium)
    login(page_a, room, a, PASSWORDS[a])
    server_a = user_server(room, a)
    saved = server_a.api("GET", f"/api/contents/{NOTEBOOK}")
    sources = ["".join(cell["source"]) for cell in saved["content"]["cells"]]
    assert any(answers()["tie_strength"] in source for source in sources), "le travail de A a disparu"
    assert feedback_score(server_a) == (MAX_SCORE, MAX_SCORE)
    regraded = room.make("autograde")
    assert f"{a} / {ASSIGNMENT} : déjà corrigé ({MAX_SCORE} / {MAX_SCORE})" in regraded.stdout
    ctx_a.close()
    ctx_b.close()


def wait_for_graded(room, assignment: str, learners: set[str], copies: int = 1, timeout: float = 300) -> list[dict]:
    """The attempts journal of the service (rendus.csv in the trainer's workspace), once each of `learners` has
    `copies` graded copies of `assignment` there."""
    import csv

    deadline = time.monotonic() + timeout
    while True:
        rows = []
        path = room.workspace / "rendus.csv"
        if path.exists():
            with open(path, encoding="utf-8") as fh:
                rows = [r for r in csv.DictReader(fh) if r["exercice"] == assignment and r["statut"] == "corrigé"]
        counts = {name: sum(1 for r in rows if r["participant"] == name) for name in learners}
        if all(n >= copies for n in counts.values()):
            return rows
        assert time.monotonic() < deadline, f"copies non corrigées en {timeout} s : {counts}\n{room.log_tail()}"
        time.sleep(1)


QUIZ = "01_quiz_choisir_son_reseau"
QUIZ_NB = "quiz_choisir_son_reseau.ipynb"
#: B's answers to quiz 01 (the key is B, C, D, C, B, A): right on 1, 3 and 4, so 3 / 6
B_QUIZ = {"reponse_1": 'reponse_1 = "b"', "reponse_2": "reponse_2 = A", "reponse_3": 'reponse_3 = " d "',
          "reponse_4": "reponse_4 = c", "reponse_5": "reponse_5 = E", "reponse_6": "reponse_6 = 4"}


def hand_in(server: UserServer, assignment: str, nb, fetch: bool = True) -> None:
    """What a participant's « Recevoir » then « Rendre » do, through nbgrader's own server API (any nbgrader client)."""
    form = {"course_id": "reseau", "assignment_id": assignment}
    if fetch:
        fetched = server.api("POST", "/assignments/fetch", data=form)
        assert fetched["success"], fetched
    server.api("PUT", f"/api/contents/{assignment}/{QUIZ_NB}",
               json={"type": "notebook", "format": "json", "content": json.loads(nbformat.writes(nb))})
    submitted = server.api("POST", "/assignments/submit", data=form)
    assert submitted["success"], submitted


def fetched_feedback(server: UserServer, assignment: str, notebook: str) -> str:
    """nbgrader's fetch_feedback, then the page the participant now has in their folder."""
    done = server.api("POST", "/assignments/fetch_feedback", data={"course_id": "reseau", "assignment_id": assignment})
    assert done["success"], done
    folder = server.api("GET", f"/api/contents/{assignment}/feedback")
    stamps = sorted(item["path"] for item in folder["content"] if item["type"] == "directory")
    page = server.api("GET", f"/api/contents/{stamps[-1]}/{notebook}?content=1&type=file&format=text")
    return page["content"]


#: cell index of each answer cell in the released quiz 01 (a Markdown question, the answer, its check)
QUIZ_CELLS = {f"reponse_{k}": 3 * k for k in range(1, 7)}
A_QUIZ = {"reponse_1": "reponse_1 = B", "reponse_2": "reponse_2 = C", "reponse_3": "reponse_3 = D",
          "reponse_4": "reponse_4 = C", "reponse_5": "reponse_5 = B", "reponse_6": "reponse_6 = A"}


def hand_in_quiz_in_the_panel(chromium, room, name: str, answers: dict[str, str]):
    """A participant in Chromium: « Recevoir » quiz 01 in the French panel, « Ouvrir », answers typed, « Rendre »;
    then, with no trainer command, the panel shows the grade. Returns (browser context, page, the state shown)."""
    context, page = new_page(chromium)
    login(page, room, name, PASSWORDS[name])
    server = user_server(room, name)
    jlab.open_exercise_panel(page)
    row = jlab.exercise_row(page, QUIZ)
    row.get_by_role("button", name="Recevoir").click()
    row.locator(".reseau-exercice-etat", has_text=re.compile("^en cours$")).wait_for(timeout=60_000)
    # the notebook alone in a fresh layout (the panel's « Ouvrir » is tested in tests/browser/test_exercise_panel.py)
    jlab.open_notebook(page, server, f"{QUIZ}/{QUIZ_NB}")
    released = nbformat.read(ROOT / "exercises" / QUIZ / QUIZ_NB, as_version=4)
    for grade_id, index in QUIZ_CELLS.items():
        assert released.cells[index].metadata["nbgrader"]["grade_id"] == grade_id
        jlab.fill_cell(page, index, answers[grade_id])
    jlab.save(page)
    jlab.open_exercise_panel(page)
    row = jlab.exercise_row(page, QUIZ)
    row.get_by_role("button", name="Rendre").click()
    state = row.locator(".reseau-exercice-etat", has_text=re.compile("^corrigé"))
    state.wait_for(timeout=240_000)  # graded by the service; the panel refreshes by itself
    server.shutdown_kernels()
    return context, page, state.inner_text()


def test_a_quiz_is_graded_on_submit_held_answers_revealed_and_the_room_seen_live(classroom, chromium):
    """Quiz 01 handed in through the French panel by A (all right) and B (3 / 6), with the quizzes' answers held
    (autograder/correction.ini edited as the guide says): both see their grade in the panel without any trainer
    command, B's feedback keeps the right answers until the trainer reveals them in the live view, which shows
    the counts the two copies imply."""
    import requests

    from grading_helpers import learner_notebook
    from reseau.autograde.retour import HELD

    room = classroom
    a, b = room.participants
    for name, password in ((a, "motdepasse-A1"), (b, "motdepasse-B2"), (room.trainer, "formateur-123")):
        PASSWORDS.setdefault(name, password)
    settings = room.project / "autograder" / "correction.ini"
    settings.write_text(settings.read_text(encoding="utf-8").replace(
        "reponses_des_quiz = tout de suite", "reponses_des_quiz = après révélation"), encoding="utf-8")
    trainer = HubSession(room, room.trainer, PASSWORDS[room.trainer])
    room.make("release", f"ASSIGNMENT={QUIZ}")
    contexts = []
    try:
        for name, answers, expected in ((a, A_QUIZ, "corrigé : 6 / 6"), (b, B_QUIZ, "corrigé : 3 / 6")):
            context, _, state = hand_in_quiz_in_the_panel(chromium, room, name, answers)
            contexts.append(context)
            assert state == expected
    finally:
        for context in contexts:
            context.close()
    servers = {name: user_server(room, name) for name in (a, b)}
    for name in (a, b):
        deadline = time.monotonic() + 300
        while True:
            try:
                servers[name].api("GET", "/api/status")
                break
            except requests.RequestException:
                assert time.monotonic() < deadline, f"le serveur de {name} n'a pas démarré"
                time.sleep(1)
    rows = wait_for_graded(room, QUIZ, {a, b})
    assert {(r["participant"], r["note"], r["sur"]) for r in rows} == {(a, "6", "6"), (b, "3", "6")}
    page_a, page_b = fetched_feedback(servers[a], QUIZ, QUIZ_NB.replace(".ipynb", ".html")), \
        fetched_feedback(servers[b], QUIZ, QUIZ_NB.replace(".ipynb", ".html"))
    assert SCORE.search(page_a).groups() == ("6", "6") and SCORE.search(page_b).groups() == ("3", "6")
    assert page_b.count(HELD) == 3 and "la bonne réponse est" not in page_b  # held: Q2, Q5, Q6 lost
    # the live view, as the trainer projects it
    live = trainer.http.get(f"{room.url}/services/suivi/donnees.json", timeout=60)
    assert live.status_code == 200, live.text[:500]
    (quiz,) = [e for e in live.json()["exercices"] if e["exercice"] == QUIZ]
    assert quiz["rendu"] == sorted([a, b]) and quiz["corrige"] == sorted([a, b]) and quiz["recu"] == sorted([a, b])
    assert [(q["reussite"], q["sur"]) for q in quiz["questions"]] == [(2, 2), (1, 2), (2, 2), (2, 2), (1, 2), (1, 2)]
    assert [q["lettres"] for q in quiz["lettres"]] == [
        {"B": 2}, {"A": 1, "C": 1}, {"D": 2}, {"C": 2}, {"B": 1, "E": 1}, {"A": 1}]  # B's « 4 » is no letter
    assert quiz["reponses_retenues"] is True
    shown = trainer.http.get(f"{room.url}/services/suivi/", timeout=60)
    assert shown.status_code == 200 and "Suivi en direct de la salle" in shown.text
    # a participant is refused the live view
    refused = HubSession(room, a, PASSWORDS[a]).http.get(f"{room.url}/services/suivi/donnees.json", timeout=60)
    assert refused.status_code == 403 and "Accès refusé" in refused.content.decode("utf-8")
    # the live view in the trainer's browser (a browser's fetch() is checked against forgery, a plain HTTP client's
    # is not: the page once stayed on « Chargement… » in Chromium while the JSON above was fine)
    context, page = new_page(chromium)
    try:
        login(page, room, room.trainer, PASSWORDS[room.trainer])
        page.goto(f"{room.url}/services/suivi/")
        section = page.locator("#salle section", has_text="Quiz du module 1").filter(
            has_text="reçu : 2 · rendu : 2 · corrigé : 2")
        section.wait_for(timeout=60_000)
        assert "(connexion perdue" not in page.locator("#etat").inner_text()
        assert "Question 2" in section.inner_text() and "1 / 2 (50" in section.inner_text()
        # the trainer reveals the answers from the page: B's feedback, fetched again, now gives them
        with page.expect_navigation(timeout=300_000):
            section.get_by_role("button", name="Révéler les réponses").click()
        assert page.url.rstrip("/").endswith("/services/suivi"), page.url
        page.locator("#salle section").first.wait_for(timeout=60_000)
    finally:
        context.close()
    page_b = fetched_feedback(servers[b], QUIZ, QUIZ_NB.replace(".ipynb", ".html"))
    assert "Question 2 : la bonne réponse est C." in page_b and HELD not in page_b
    # B hands in again, all right: the last copy counts
    hand_in(servers[b], QUIZ, learner_notebook(QUIZ), fetch=False)
    rows = wait_for_graded(room, QUIZ, {b}, copies=2)
    assert [r["note"] for r in rows if r["participant"] == b] == ["3", "6"]


def test_a_wrong_password_is_refused_after_the_first_login(classroom):
    """The first password typed is the participant's; another one is refused afterwards."""
    import requests

    name = classroom.participants[0]
    PASSWORDS.setdefault(name, "motdepasse-A1")
    HubSession(classroom, name, PASSWORDS[name])  # the first use (if not done yet) sets the password
    session = requests.Session()
    session.get(f"{classroom.url}/hub/login", timeout=30)
    response = session.post(f"{classroom.url}/hub/login?next=",
                            data={"username": name, "password": "pas-le-bon-mot",
                                  "_xsrf": session.cookies.get("_xsrf", path="/hub/")},
                            allow_redirects=False, timeout=60)
    assert response.status_code != 302
    assert "Identifiant ou mot de passe incorrect" in response.text


def test_someone_not_on_the_class_list_cannot_log_in(classroom):
    import requests

    session = requests.Session()
    session.get(f"{classroom.url}/hub/login", timeout=30)
    response = session.post(f"{classroom.url}/hub/login?next=",
                            data={"username": "intrus-x", "password": "un-mot-de-passe",
                                  "_xsrf": session.cookies.get("_xsrf", path="/hub/")},
                            allow_redirects=False, timeout=60)
    assert response.status_code != 302


def test_roles_limits_and_idle_culler_of_the_running_classroom(classroom):
    """Trainers are hub admins and nbgrader instructors, participants are not; each server runs as its
    own user inside its own cgroup with the memory and CPU limits set by make hub; the culler runs."""
    import pwd
    import time

    import requests

    room = classroom
    PASSWORDS.setdefault(room.trainer, "formateur-123")
    trainer = HubSession(room, room.trainer, PASSWORDS[room.trainer])
    a, b = room.participants
    info = trainer.api("GET", f"/users/{room.trainer}").json()
    assert info["admin"] is True and "formgrade-reseau" in info["groups"]
    for name in (a, b):
        info = trainer.api("GET", f"/users/{name}").json()
        assert info["admin"] is False and info["groups"] == ["nbgrader-reseau"]
    assert "idle-culler" in trainer.api("GET", "/services").json()
    # B's server (started now if the session test did not leave it running)
    if not trainer.api("GET", f"/users/{b}").json().get("servers"):
        trainer.api("POST", f"/users/{b}/server").raise_for_status()
    token = trainer.token(b)
    deadline = time.monotonic() + 300
    while requests.get(f"{room.url}/user/{b}/api/status", headers={"Authorization": f"token {token}"},
                       timeout=30).status_code != 200:
        assert time.monotonic() < deadline, "le serveur de B n'a pas démarré"
        time.sleep(1)
    uid = pwd.getpwnam(b).pw_uid
    pids = [p for p in os.listdir("/proc") if p.isdigit() and _uid(p) == uid]
    assert pids, "aucun processus de B"
    memory = 2048 * 1024 * 1024  # make hub's default (MEMOIRE_MO), deploy/hub/README.md § 5
    v2 = Path("/sys/fs/cgroup/reseau") / b
    if (v2 / "memory.max").exists():
        assert int((v2 / "memory.max").read_text()) == memory
        assert (v2 / "cpu.max").read_text().split() == ["100000", "100000"]  # 1 core
        members = set((v2 / "cgroup.procs").read_text().split())
    else:
        group = Path("/sys/fs/cgroup/memory/reseau") / b
        # the kernel rounds the limit down to whole pages
        assert memory - 4096 < int((group / "memory.limit_in_bytes").read_text()) <= memory
        cpu = Path("/sys/fs/cgroup/cpu/reseau") / b
        assert (cpu / "cpu.cfs_quota_us").read_text().strip() == "100000"
        members = set((group / "cgroup.procs").read_text().split())
    assert set(pids) <= members, "des processus de B échappent à son groupe de contrôle"


def _uid(pid: str) -> int:
    try:
        with open(f"/proc/{pid}/status") as fh:
            return int(next(line for line in fh if line.startswith("Uid:")).split()[1])
    except (OSError, StopIteration):
        return -1


# ------------------------------------------------------------------------------------------- isolation
def private_targets(room) -> list[tuple[str, str]]:
    """What no participant may read, wherever the guide put it (the project's copy, the hub's defaults)."""
    import classe

    b = room.participants[1]
    return [("accueil de B", f"/home/{b}"), ("fichier de B", f"/home/{b}/.reseau-cours.json"),
            ("liste de la classe", str(room.class_list)), ("dossier deploy", str(room.project / "deploy")),
            ("dossier du serveur", str(room.project / "deploy" / "hub")),
            ("état du serveur", str(classe.DEFAULT_STATE)),
            ("base du serveur", str(classe.DEFAULT_STATE / "jupyterhub.sqlite")),
            ("mots de passe", str(classe.DEFAULT_STATE / "mots_de_passe.dbm")),
            ("solutions", str(room.project / "solutions")),
            ("carnet de notes", str(room.workspace / "gradebook.db")),
            ("espace de correction", str(room.workspace)), ("dépôt git", str(room.project / ".git")),
            ("tests du projet", str(room.project / "tests")), ("guide du formateur", str(room.project / "formation"))]


def needed_targets(room, name: str) -> list[tuple[str, str]]:
    """What a participant's server needs to read: their copy of the course, the course's data, the
    nbgrader settings of the class (course id, exchange), the exchange itself."""
    import classe

    return [("son cours", f"/home/{name}/course/00_bienvenue.ipynb"),
            ("données du cours", str(room.project / "datasets" / "clubs.csv")),
            ("réglages nbgrader", str(classe.SANDBOX_NBGRADER_CONFIG / "nbgrader_config.py")),
            ("dossier d'échange", "/srv/nbgrader/exchange/reseau/outbound")]


def test_a_participant_reads_nothing_private_from_a_notebook_or_a_terminal(classroom, chromium):
    room = classroom
    a = room.participants[0]
    PASSWORDS.setdefault(a, "motdepasse-A1")
    PASSWORDS.setdefault(room.trainer, "formateur-123")
    HubSession(room, room.trainer, PASSWORDS[room.trainer])
    ctx, page = new_page(chromium)
    try:
        login(page, room, a, PASSWORDS[a])
        server = user_server(room, a)
        private, needed = private_targets(room), needed_targets(room, a)
        printed = probe_from_kernel(page, server, private + needed, room.project)
        # of the project, only Python's environment, the library, its data and the lab extension are there
        assert "PROJET ['.venv', 'datasets', 'labextension', 'src']" in printed, printed
        # the kernel talks to its server over Unix sockets in the participant's private /tmp, not over
        # loopback ports that another participant's kernel could take first (bench_hub found that race)
        assert re.search(r"^NOYAU ipc /tmp/jupyter-runtime/kernel-[0-9a-f-]+-ipc$", printed, re.M), printed
        for label, _ in private:
            assert re.search(rf"^(REFUS|ABSENT) {re.escape(label)}$", printed, re.M), printed
        for label, _ in needed:
            assert f"LISIBLE {label}" in printed, printed
        server.shutdown_kernels()
        typed = probe_from_terminal(server, private + needed)
        for label, _ in private:
            assert typed[label] != "lisible" and re.search("Permission denied|No such file", typed[label]), typed
        for label, _ in needed:
            assert typed[label] == "lisible", typed
    finally:
        ctx.close()


# ------------------------------------------------------------------------------------------- hub pages
def stock_sentences() -> set[str]:
    """Every English phrase of JupyterHub's own templates (text between tags, Jinja removed), two words or
    more: none of them may reach a participant."""
    from jupyterhub._data import DATA_FILES_PATH

    phrases = set()
    for template in (Path(DATA_FILES_PATH) / "templates").glob("*.html"):
        text = re.sub(r"{#.*?#}|{%.*?%}|{{.*?}}", "\n", template.read_text(encoding="utf-8"), flags=re.S)
        text = re.sub(r"<script.*?</script>|<style.*?</style>", "\n", text, flags=re.S)
        for chunk in re.split(r"<[^>]*>|\n\s*\n", text):
            chunk = " ".join(chunk.split())
            for sentence in re.split(r"(?<=[.?!])\s+", chunk):
                if len(re.findall(r"[A-Za-z]{2,}", sentence)) >= 2 and not re.search(r"[éèàçêû]", sentence):
                    phrases.add(sentence.rstrip(".:"))
    return phrases


def visible_text(html: str) -> str:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style"]):
        tag.decompose()
    return " ".join(soup.get_text(" ").split())


def assert_french(html: str, expected: str, page: str) -> None:
    text = visible_text(html)
    assert expected in text, f"{page} : « {expected} » absent de : {text[:600]}"
    english = sorted(p for p in stock_sentences() if p in text)
    assert not english, f"{page} : anglais de JupyterHub : {english}"
    assert '<html lang="fr">' in html, page


def test_every_hub_page_a_participant_meets_is_french(classroom):
    import requests

    room = classroom
    a, b = room.participants
    PASSWORDS.setdefault(a, "motdepasse-A1")
    assert {"Server not running", "Would you like to start it?", "Event log"} <= stock_sentences()
    anonymous = requests.get(f"{room.url}/hub/login", timeout=30)
    assert_french(anonymous.content.decode("utf-8"), "Connexion à la formation", "connexion")
    session = HubSession(room, a, PASSWORDS[a])
    pages = {
        "accueil": ("/hub/home", "Votre espace de travail contient le cours"),
        "page introuvable": ("/hub/cette-page-n-existe-pas", "Page introuvable"),
        "administration": ("/hub/admin", "Accès refusé"),
        "espace d'un autre": (f"/hub/user/{b}/lab", "Page introuvable"),  # the hub does not say who exists
        "jetons": ("/hub/token", "Page réservée aux formateurs"),
    }
    for label, (path, expected) in pages.items():
        response = session.http.get(f"{room.url}{path}", timeout=60)
        assert_french(response.content.decode("utf-8"), expected, label)
    assert session.http.get(f"{room.url}/hub/cette-page-n-existe-pas", timeout=60).status_code == 404
    assert session.http.get(f"{room.url}/hub/admin", timeout=60).status_code == 403
    # the server stopped (by the idle culler, or by a restart): the page says it restarts by itself and does
    session.api("DELETE", f"/users/{a}/server").raise_for_status()
    deadline = time.monotonic() + 120
    while session.api("GET", f"/users/{a}").json().get("servers"):
        assert time.monotonic() < deadline, "le serveur de A ne s'est pas arrêté"
        time.sleep(1)
    stopped = session.http.get(f"{room.url}/hub/user/{a}/lab", timeout=60)
    assert_french(stopped.content.decode("utf-8"), "Votre espace de travail redémarre", "serveur arrêté")
    assert f"/hub/spawn/{a}" in stopped.text and "setTimeout" in stopped.text
    assert 'id="start"' in stopped.text  # a button too, for a browser that blocks the script
    # its start, with the progress and its log
    import threading

    starting = threading.Thread(target=session.api, args=("POST", f"/users/{a}/server"))
    starting.start()
    pending = None
    deadline = time.monotonic() + 30
    while pending is None and starting.is_alive() and time.monotonic() < deadline:
        response = session.http.get(f"{room.url}/hub/spawn-pending/{a}", allow_redirects=False, timeout=60)
        # before the start registers, the hub answers with its « not running » page: wait for the progress page
        if response.status_code == 200 and 'id="progress-bar"' in response.text:
            pending = response.content.decode("utf-8")
        time.sleep(0.05)
    starting.join()
    assert pending is not None, "la page de démarrage n'a pas pu être lue pendant le démarrage"
    assert_french(pending, "Votre espace de travail démarre", "démarrage")
    assert "Journal du démarrage" in visible_text(pending)
    # a server error, rendered by the hub's own template machinery with the classroom's templates
    assert_french(render_hub_error(room, 500), "Le serveur a rencontré un problème", "erreur 500")
    assert_french(render_hub_error(room, 403), "Accès refusé", "erreur 403")
    logout = session.http.get(f"{room.url}/hub/logout", timeout=60)  # JupyterHub then shows the login page
    assert_french(logout.content.decode("utf-8"), "Connexion à la formation", "déconnexion")
    assert "/hub/login" in logout.url


def render_hub_error(room, status: int) -> str:
    """error.html as JupyterHub renders it (its loader: the classroom's templates, then its own)."""
    from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PrefixLoader
    from jupyterhub._data import DATA_FILES_PATH

    stock = FileSystemLoader(str(Path(DATA_FILES_PATH) / "templates"))
    env = Environment(loader=ChoiceLoader([FileSystemLoader(str(ROOT / "deploy" / "hub" / "templates")),
                                           PrefixLoader({"templates": stock}, "/"), stock]), autoescape=True)
    return env.get_template("error.html").render(
        status_code=status, status_message="Internal Server Error", message="Traceback (most recent call last)",
        base_url="/hub/", prefix="/", static_url=lambda *a, **k: "/hub/static/x", user=None, parsed_scopes=set(),
        login_url="/hub/login", logout_url="/hub/logout", xsrf_token="x")


def test_a_stopped_server_comes_back_by_itself_when_its_owner_returns(classroom, chromium):
    """No "Launch Server" step: a participant whose server stopped reopens their space and lands in the lab,
    having seen only French pages on the way."""
    room = classroom
    a = room.participants[0]
    PASSWORDS.setdefault(a, "motdepasse-A1")
    session = HubSession(room, a, PASSWORDS[a])
    if not session.api("GET", f"/users/{a}").json().get("servers"):
        session.api("POST", f"/users/{a}/server")
    deadline = time.monotonic() + 300
    while not (session.api("GET", f"/users/{a}").json().get("servers", {}).get("", {}).get("ready")):
        assert time.monotonic() < deadline, "le serveur de A n'a pas démarré"
        time.sleep(1)
    session.api("DELETE", f"/users/{a}/server").raise_for_status()
    while session.api("GET", f"/users/{a}").json().get("servers"):
        assert time.monotonic() < deadline, "le serveur de A ne s'est pas arrêté"
        time.sleep(1)
    ctx, page = new_page(chromium)
    seen = []
    page.on("load", lambda p: seen.append((p.url, p.locator("body").inner_text()[:400])))
    try:
        login(page, room, a, PASSWORDS[a])
        page.locator(".jp-LabShell").wait_for(timeout=120_000)
    finally:
        ctx.close()
    texts = " ".join(text for _, text in seen)
    assert "Lancer" not in texts and "Launch" not in texts
    english = sorted(p for p in stock_sentences() if p in texts)
    assert not english, english


def test_a_second_classroom_on_the_same_machine_is_refused_while_the_first_runs(classroom):
    """Accounts, exchange and state are the machine's: a second `make hub` (other ports: the first one's are
    taken) stops before touching anything, in French, naming the running hub's process and how to stop it."""
    import classe
    from .hubtools import free_port_pair

    room = classroom
    if room.proc is None:
        room.start()
    running = classe.running_hub(classe.DEFAULT_STATE)
    assert running is not None
    other = free_port_pair()
    # other ports, as a trainer would pick them if the guide's were taken: the only settings changed
    second = room.make("hub", "IP=127.0.0.1", f"PORT={other}", f"PORT_INTERNE={other + 1}", check=False, timeout=300)
    assert second.returncode != 0, second.stdout
    assert f"Un serveur de classe tourne déjà sur cette machine (processus {running}" in second.stdout, second.stdout
    assert f"sudo kill {running}" in second.stdout
    assert classe.running_hub(classe.DEFAULT_STATE) == running  # the first one is untouched


# ------------------------------------------------------------------------------------- end of the session
def test_the_end_of_the_session_archives_then_removes_everything_of_the_class(classroom):
    """Last test of the module: `make fin-de-session SESSION=...`, as the guide says, after Ctrl+C."""
    import dbm
    import pwd
    import sqlite3
    import tarfile

    import classe

    room = classroom
    everyone = [room.trainer, *room.participants]
    uids = {name: pwd.getpwnam(name).pw_uid for name in everyone}
    room.stop_hub()
    refused = room.make("fin-de-session", check=False)  # no certificates made yet: nothing is removed
    assert refused.returncode != 0 and "Aucune attestation" in refused.stdout and "Rien n'a été" in refused.stdout
    assert all(pwd.getpwnam(name) for name in everyone)
    shutil.copyfile(room.project / "formation" / "session.exemple.ini", room.project / "formation" / "session.ini")
    done = room.make("fin-de-session", "SESSION=formation/session.ini")
    found = re.search(r"Archive de la session : (\S+\.tar\.gz)", done.stdout)
    assert found, done.stdout
    archive = Path(found.group(1))
    assert archive.parent == room.project / "archives" and archive.stat().st_mode & 0o077 == 0
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        stem = names[0].split("/")[0]
        grades = tar.extractfile(f"{stem}/notes.csv").read().decode("utf-8")
        class_list = tar.extractfile(f"{stem}/participants.csv").read().decode("utf-8")
    for name in room.participants:
        assert name in grades and name in class_list
        assert any(n.startswith(f"{stem}/attestations/") and n.endswith(".pdf") and name in n for n in names), names
    assert any(n.startswith(f"{stem}/rapport/") and n.endswith(".md") for n in names), names
    # nothing of the class is left
    for name in everyone:
        with pytest.raises(KeyError):
            pwd.getpwnam(name)
        assert not Path(f"/home/{name}").exists()
    assert not [p for p in os.listdir("/proc") if p.isdigit() and _uid(p) in uids.values()]
    exchange = Path("/srv/nbgrader/exchange/reseau")
    left = [p for p in exchange.rglob("*") if p.lstat().st_uid in uids.values()
            or any(p.name.startswith(f"{n}+") for n in everyone)]
    assert not left, left
    assert not list((exchange / "feedback").glob("*"))
    with dbm.open(str(classe.DEFAULT_STATE / "mots_de_passe.dbm"), "r") as db:
        assert not {k.decode() for k in db.keys()} & set(everyone)
    with sqlite3.connect(str(classe.DEFAULT_STATE / "jupyterhub.sqlite")) as con:
        assert not {row[0] for row in con.execute("select name from users")} & set(everyone)
    for name in everyone:
        for base in ("/sys/fs/cgroup/reseau", "/sys/fs/cgroup/memory/reseau", "/sys/fs/cgroup/cpu/reseau"):
            assert not (Path(base) / name).exists()
    again = room.make("fin-de-session", "SESSION=formation/session.ini")
    assert "Rien à retirer" in again.stdout and "Archive" not in again.stdout
