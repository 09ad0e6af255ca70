"""A whole CCI session on the real classroom server, from first login to fetched feedback.

The hub is started as `make hub` starts it (real JupyterHub, real configurable-http-proxy from
deploy/hub's lock file, one system user per person, servers in bubblewrap), on free loopback
ports.  Debian's Chromium, driven by Playwright, plays the two participants:
- the trainer releases exercise 01 to the exchange (the command behind `make release`);
- participant A logs in for the first time and chooses a password, lands on module 0, moves a
  widget of module 3, fetches exercise 01 from the Assignments tab, answers it right, checks it,
  submits;
- participant B submits a wrong answer;
- the trainer collects from the exchange, autogrades in the sandbox, releases the feedback
  (`make collect`, `make autograde`, `make feedback`);
- both fetch their feedback; the test reads 13 / 13 for A and B's lower grade from it.
From A's kernel, B's home, solutions/ and the gradebook are unreadable (permission errors).
The hub is restarted mid-session: accounts, work and grades are still there.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import nbformat

from browser import jlab
from browser.test_course_in_browser import tie_rater_home_end
from browser.test_exercise_validate import RIGHT, WRONG, answer_cells, answers

from .hubtools import HubSession, UserServer

ROOT = Path(__file__).resolve().parents[2]
ASSIGNMENT = "06_force_des_liens"
NOTEBOOK = f"{ASSIGNMENT}/force_des_liens.ipynb"
MAX_SCORE = 13
SCORE = re.compile(r"\(Score: ([\d.]+) / ([\d.]+)\)")
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
    """The Assignments tab (nbgrader's assignment list), opened as a learner opens it."""
    dialogs = page.locator(".jp-Dialog")
    for _ in range(5):  # a dialog left by a restored layout (kernel choice...): answered as a learner would
        if not dialogs.count():
            break
        snap_text = dialogs.first.inner_text()[:200]
        print(f"dialogue fermé : {snap_text!r}")
        page.keyboard.press("Escape")
        page.wait_for_timeout(300)
    jlab.open_assignment_list(page)
    panel = page.locator("#released_assignments_list").first
    panel.wait_for(state="attached", timeout=60_000)
    return page


def fetch(page) -> None:
    open_assignments(page)
    row = page.locator("#released_assignments_list .list_item", has_text=ASSIGNMENT)
    row.get_by_role("button", name="Fetch").click()
    page.locator("#fetched_assignments_list .list_item", has_text=ASSIGNMENT).wait_for(timeout=60_000)


def submit(page) -> None:
    open_assignments(page)
    row = page.locator("#fetched_assignments_list .list_item", has_text=ASSIGNMENT).first
    row.get_by_role("button", name="Submit").click()
    page.locator("#submitted_assignments_list .list_item", has_text=ASSIGNMENT).first.wait_for(timeout=60_000)


def fetch_feedback(page) -> None:
    open_assignments(page)
    button = page.locator("#submitted_assignments_list .list_item", has_text=ASSIGNMENT).get_by_role(
        "button", name="Fetch Feedback").first
    button.wait_for(timeout=60_000)
    button.click()


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
    except Exception as err:
        print("AUTRE", label, type(err).__name__)
"""


def probe_from_kernel(page, server, targets: list[tuple[str, str]]) -> str:
    """Run the probe in a notebook of A's, in A's own kernel, and return what it printed."""
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(PROBE.format(targets=targets))])
    server.api("PUT", "/api/contents/sonde.ipynb", json={"type": "notebook", "format": "json",
                                                         "content": json.loads(nbformat.writes(nb))})
    jlab.open_notebook(page, server, "sonde.ipynb")
    jlab.run_all(page)
    return page.locator(".jp-Notebook .jp-OutputArea-output").first.inner_text()


def test_a_session_from_first_login_to_fetched_feedback(classroom, chromium, snap):
    room = classroom
    a, b = room.participants
    PASSWORDS.update({a: "motdepasse-A1", b: "motdepasse-B2", room.trainer: "formateur-123"})
    # the trainer logs in once (first use sets the password) and releases exercise 01
    HubSession(room, room.trainer, PASSWORDS[room.trainer])
    released = room.run_trainer("release", "--assignment", ASSIGNMENT)
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
        # exercise 01 from the Assignments tab, right answers, checked, submitted
        fetch(page_a)
        answer(page_a, server_a, right=True)
        dialog = jlab.check_answers(page_a)
        assert dialog.locator(".reseau-verification-echec").count() == 0, dialog.inner_text()
        assert "réussies" in dialog.locator(".reseau-verification-resume").inner_text()
        jlab.close_dialog(page_a)
        submit(page_a)
        snap(page_a, "soumis_A")
        # what A's kernel cannot read
        b_home = f"/home/{b}"
        targets = [("accueil de B", b_home), ("solutions", str(ROOT / "solutions")),
                   ("carnet de notes", str(room.tmp / "ws" / "gradebook.db")),
                   ("espace de correction", str(ROOT / "autograder" / "workspace"))]
        printed = probe_from_kernel(page_a, server_a, targets)
        for label, _ in targets:
            assert f"REFUS {label}" in printed, printed
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

    # the hub restarts mid-session: nothing is lost
    room.restart()
    collected = room.run_trainer("collect")
    assert f"collecté : {a} / {ASSIGNMENT}" in collected.stdout
    assert f"collecté : {b} / {ASSIGNMENT}" in collected.stdout
    graded = room.run_trainer("autograde")
    assert f"{a} / {ASSIGNMENT} : corrigé, {MAX_SCORE} / {MAX_SCORE}" in graded.stdout, graded.stdout
    room.run_trainer("feedback")

    for page, name in ((page_a, a), (page_b, b)):
        page.goto(f"{room.url}/user/{name}/lab?reset")
        page.locator(".jp-LabShell").wait_for(timeout=120_000)
        try:
            fetch_feedback(page)
        except BaseException:
            snap(page, f"echec_retours_{name[:2]}")
            raise
    server_a, server_b = user_server(room, a), user_server(room, b)
    assert feedback_score(server_a) == (MAX_SCORE, MAX_SCORE)
    score_b, max_b = feedback_score(server_b)
    assert max_b == MAX_SCORE and score_b < MAX_SCORE

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
    regraded = room.run_trainer("autograde")
    assert f"{a} / {ASSIGNMENT} : déjà corrigé ({MAX_SCORE} / {MAX_SCORE})" in regraded.stdout
    ctx_a.close()
    ctx_b.close()


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
    memory = 1536 * 1024 * 1024  # --memoire-mo 1536 (hubtools)
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
