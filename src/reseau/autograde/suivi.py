"""The trainer's live view of the room (« Suivi en direct »): a page of the classroom server, trainers only.

A JupyterHub-managed service « suivi » (`deploy/hub/jupyterhub_config.py`), behind the hub's login:
JupyterHub grants it to the trainers' group only, a participant is refused.  To project during the
session, in large type, refreshed by itself every 3 seconds:
- per quiz and exercise, in course order: who has received it (its folder is in their home), handed
  it in (a copy in the exchange) and been graded (the gradebook);
- per question, the share of the graded room that got its points;
- for each quiz question, how many chose each letter (from the last copy of each participant);
- when the quizzes' answers are held (`autograder/correction.ini`), « Révéler les réponses » per quiz:
  the answers go into every feedback of that quiz, released again.
`room_state` computes it all from the files (gradebook, exchange, homes); the page asks it for JSON.
"""

from __future__ import annotations

import ast
import html
import json
import os
import signal
import sys
from pathlib import Path

from .paths import COURSE_ID, SOLUTIONS_DIR, assignments, exchange_root, workspace_dir

#: Seconds between two refreshes of the projected page.
REFRESH_SECONDS = 3


def _title(assignment: str) -> str:
    import nbformat

    for path in sorted((SOLUTIONS_DIR / assignment).glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "markdown":
                for line in cell.source.splitlines():
                    if line.startswith("# "):
                        return line[2:].strip()
    return assignment


def quiz_letter(source: str, name: str) -> str | None:
    """The letter a participant gave `name` in a quiz answer cell (`reponse_2 = B`, `reponse_2 = "b"`), or None."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    found = None
    for node in tree.body:
        if (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)
                and node.targets[0].id == name):
            value = node.value
            if isinstance(value, ast.Name) and len(value.id) == 1:
                found = value.id.upper()
            elif isinstance(value, ast.Constant) and isinstance(value.value, str) and len(value.value.strip()) == 1:
                found = value.value.strip().upper()
            else:
                found = None
    return found if found and found.isalpha() else None


def _answer_cells(assignment: str) -> list[str]:
    """The grade ids of a quiz's answer cells, in order (`reponse_1`...)."""
    import nbformat

    ids = []
    for path in sorted((SOLUTIONS_DIR / assignment).glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            meta = cell.metadata.get("nbgrader", {})
            if cell.cell_type == "code" and meta.get("solution") and str(meta.get("grade_id", "")).startswith("reponse_"):
                ids.append(meta["grade_id"])
    return ids


def room_state(*, workspace: Path | None = None, exchange: Path | None = None,
               participants: dict[str, Path] | None = None) -> dict:
    """What the live view shows, as JSON-ready data.  `participants`: {identifier: home folder}."""
    from .correction import answers_held, is_quiz, read_settings
    from .gradebook import gradebook_exists, gradebook_scores
    from .report import question_labels

    ws = workspace_dir(workspace)
    root = exchange or exchange_root()
    participants = participants or {}
    settings = read_settings()
    scores = gradebook_scores(workspace=ws) if gradebook_exists(ws) else []
    labels = question_labels()
    inbound = root / COURSE_ID / "inbound"
    handed: dict[str, set[str]] = {}
    if inbound.is_dir():
        for entry in inbound.iterdir():
            parts = entry.name.split("+")
            if len(parts) >= 3 and (not participants or parts[0] in participants):
                handed.setdefault(parts[1], set()).add(parts[0])
    out = []
    for name in assignments():
        released = (root / COURSE_ID / "outbound" / name).is_dir()
        received = sorted(p for p, home in participants.items() if (home / name).is_dir())
        graded_scores = [s for s in scores if s.assignment == name and (not participants or s.student in participants)]
        graded = sorted({s.student for s in graded_scores})
        questions = []
        cells: dict[str, list] = {}
        for s in graded_scores:
            cells.setdefault(s.cell, []).append(s)
        order = [cell for (a, cell) in labels if a == name]
        for cell in sorted(cells, key=lambda c: order.index(c) if c in order else len(order)):
            got = sum(1 for s in cells[cell] if s.score >= s.max_score)
            questions.append({"question": labels.get((name, cell), cell), "reussite": got, "sur": len(cells[cell])})
        quiz = is_quiz(name)
        letters = []
        if quiz:
            import nbformat

            answers = _answer_cells(name)
            counts = [{} for _ in answers]
            for learner in graded:
                for path in (ws / "submitted" / learner / name).glob("*.ipynb"):
                    try:
                        nb = nbformat.read(path, as_version=4)
                    except Exception:  # noqa: BLE001 - an unreadable copy counts for no letter
                        continue
                    by_id = {c.metadata.get("nbgrader", {}).get("grade_id"): c.source for c in nb.cells}
                    for k, cell_id in enumerate(answers):
                        letter = quiz_letter(by_id.get(cell_id, ""), cell_id)
                        if letter:
                            counts[k][letter] = counts[k].get(letter, 0) + 1
            letters = [{"question": f"Question {k + 1}", "lettres": dict(sorted(c.items()))}
                       for k, c in enumerate(counts)]
        out.append({"exercice": name, "titre": _title(name), "distribue": released, "quiz": quiz,
                    "recu": received, "rendu": sorted(handed.get(name, set())), "corrige": graded,
                    "questions": questions, "lettres": letters,
                    "automatique": settings.grades_automatically(name),
                    "reponses_retenues": quiz and answers_held(name, ws, settings)})
    return {"participants": len(participants), "exercices": out}


PAGE = """<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<title>Suivi en direct de la salle</title>
<style>
body {{ font-family: "DejaVu Sans", Arial, sans-serif; font-size: 1.5rem; margin: 1rem 2rem; color: #111; }}
h1 {{ font-size: 2.2rem; margin: .2rem 0 1rem; }}
section {{ border-top: 3px solid #444; padding: .5rem 0 1rem; }}
h2 {{ font-size: 1.8rem; margin: .3rem 0; }}
.compte {{ font-size: 1.6rem; }}
table {{ border-collapse: collapse; margin: .4rem 0; }}
td, th {{ padding: .2rem .8rem; border-bottom: 1px solid #bbb; text-align: left; }}
td.nombre {{ text-align: right; font-weight: bold; }}
button {{ font-size: 1.4rem; padding: .3rem 1rem; }}
.discret {{ color: #555; font-size: 1.1rem; }}
</style>
</head>
<body>
<h1>Suivi en direct de la salle</h1>
<p class="discret">Mis à jour toutes les {refresh} secondes. <span id="etat"></span></p>
<main id="salle">Chargement…</main>
<script>
var xsrf = {xsrf};
function esc(t) {{ var d = document.createElement("div"); d.textContent = String(t); return d.innerHTML; }}
function pct(a, b) {{ return b ? Math.round(100 * a / b) + "\u00a0%" : "—"; }}
function rendre(data) {{
  var html = "";
  data.exercices.forEach(function (e) {{
    if (!e.distribue && !e.rendu.length && !e.corrige.length) {{ return; }}
    html += "<section><h2>" + esc(e.titre) + "</h2>";
    html += "<p class='compte'>reçu : " + e.recu.length + " · rendu : " + e.rendu.length + " · corrigé : " +
            e.corrige.length + (data.participants ? " (sur " + data.participants + " participants)" : "") + "</p>";
    if (e.questions.length) {{
      html += "<table><tr><th>question</th><th>réussie par</th></tr>";
      e.questions.forEach(function (q) {{
        html += "<tr><td>" + esc(q.question) + "</td><td class='nombre'>" + q.reussite + " / " + q.sur + " (" +
                pct(q.reussite, q.sur) + ")</td></tr>";
      }});
      html += "</table>";
    }}
    if (e.lettres.length && e.corrige.length) {{
      html += "<table><tr><th>réponses choisies</th><th></th></tr>";
      e.lettres.forEach(function (q) {{
        var parts = Object.keys(q.lettres).map(function (l) {{ return l + "\u00a0: " + q.lettres[l]; }});
        html += "<tr><td>" + esc(q.question) + "</td><td class='nombre lettres'>" + esc(parts.join(" · ") || "—") +
                "</td></tr>";
      }});
      html += "</table>";
    }}
    if (e.reponses_retenues) {{
      html += "<form method='post' action='reveler/" + encodeURIComponent(e.exercice) + "'>" +
              "<input type='hidden' name='_xsrf' value='" + esc(xsrf) + "'>" +
              "<button type='submit'>Révéler les réponses</button> <span class='discret'>les participants " +
              "verront les bonnes réponses dans leur retour</span></form>";
    }}
    html += "</section>";
  }});
  document.getElementById("salle").innerHTML = html || "<p>Aucun quiz ni exercice distribué pour l'instant.</p>";
}}
function charger() {{
  // a browser's fetch() is checked against cross-site forgery by the hub's login: it carries the page's token
  fetch("donnees.json", {{credentials: "same-origin", headers: {{"X-XSRFToken": xsrf}}}})
    .then(function (r) {{ if (!r.ok) {{ throw new Error(r.status); }} return r.json(); }})
    .then(function (data) {{ rendre(data); document.getElementById("etat").textContent = ""; }})
    .catch(function () {{ document.getElementById("etat").textContent = "(connexion perdue, nouvel essai…)"; }});
}}
charger();
setInterval(charger, {refresh_ms});
</script>
</body>
</html>
"""


def _participants_from_env() -> dict[str, Path]:
    """{identifier: home} of the class's participants (trainers excluded), from the class list the hub uses."""
    path = os.environ.get("RESEAU_PARTICIPANTS")
    if not path:
        return {}
    import csv
    import pwd

    out = {}
    with open(path, encoding="utf-8-sig") as fh:
        text = fh.read()
    delimiter = ";" if text.splitlines()[0].count(";") > text.splitlines()[0].count(",") else ","
    for row in csv.DictReader(text.splitlines(), delimiter=delimiter):
        row = {k.strip().lower().replace("ô", "o"): (v or "").strip() for k, v in row.items() if k}
        if (row.get("role") or "participant").lower() == "formateur" or not row.get("identifiant"):
            continue
        try:
            out[row["identifiant"]] = Path(pwd.getpwnam(row["identifiant"]).pw_dir)
        except KeyError:
            out[row["identifiant"]] = Path("/home") / row["identifiant"]
    return out


def make_app():
    """The tornado application of the service (JupyterHub's OAuth: trainers only)."""
    import asyncio

    from jupyterhub.services.auth import HubOAuth, HubOAuthCallbackHandler, HubOAuthenticated
    from jupyterhub.utils import url_path_join
    from tornado import web

    prefix = os.environ.get("JUPYTERHUB_SERVICE_PREFIX", "/services/suivi/")
    # the one instance that HubOAuthenticated handlers and the OAuth callback share (the callback checks the
    # code verifier that the redirect to the hub stored)
    auth = HubOAuth.instance(api_token=os.environ["JUPYTERHUB_API_TOKEN"], cache_max_age=60)

    class Base(HubOAuthenticated, web.RequestHandler):
        pass

    class Page(Base):
        @web.authenticated
        def get(self):
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.finish(PAGE.format(refresh=REFRESH_SECONDS, refresh_ms=REFRESH_SECONDS * 1000,
                                    xsrf=json.dumps(self.xsrf_token.decode("ascii"))))

    class Data(Base):
        @web.authenticated
        def get(self):
            self.set_header("Content-Type", "application/json; charset=utf-8")
            self.set_header("Cache-Control", "no-store")
            self.finish(json.dumps(room_state(participants=_participants_from_env()), ensure_ascii=False))

    class Reveal(Base):
        @web.authenticated
        async def post(self, assignment):
            if assignment not in assignments():
                raise web.HTTPError(404)
            proc = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "reseau.autograde.service", "reveler", assignment,
                stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
            out, _ = await proc.communicate()
            if proc.returncode != 0:
                self.set_status(500)
                self.finish(f"<p>La révélation a échoué : {html.escape(out.decode('utf-8', 'replace')[-500:])}</p>")
                return
            self.redirect(prefix)

    return web.Application([
        (prefix, Page), (url_path_join(prefix, "donnees.json"), Data),
        (url_path_join(prefix, r"reveler/([\w-]+)"), Reveal),
        (url_path_join(prefix, "oauth_callback"), HubOAuthCallbackHandler),
    ], cookie_secret=os.urandom(32), xsrf_cookies=True, login_url=auth.login_url)


def main() -> None:
    from urllib.parse import urlparse

    from tornado.ioloop import IOLoop

    parent = os.getppid()  # the hub, before anything slow
    url = urlparse(os.environ.get("JUPYTERHUB_SERVICE_URL", "http://127.0.0.1:10101"))
    make_app().listen(url.port, url.hostname)
    print(f"[suivi] en service sur {url.hostname}:{url.port}", flush=True)
    # stopped by the hub (SIGINT, then SIGTERM): leave at once, without a traceback, whatever the launch ignored
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    from tornado.ioloop import PeriodicCallback

    from .service import hub_is_gone

    PeriodicCallback(lambda: hub_is_gone(parent) and IOLoop.current().stop(), 2000).start()  # the hub was killed
    try:
        IOLoop.current().start()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
