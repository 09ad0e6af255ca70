"""The participant's French exercise panel, server side: states of the quizzes and exercises, and actions.

The `reseau-lab` JupyterLab extension (labextension/src/panel.ts) shows, for each quiz and exercise
released in nbgrader's exchange, in course order (assignment names sort in course order), its French
title and its state, with the buttons « Recevoir », « Ouvrir », « Rendre » and « Voir mon retour ».  This
server extension answers it:

    GET  /reseau/exercices                     -> {"exercices": [...], "cours": "reseau", "erreur": null}
                                                  (one object per quiz or exercise: see `ExercisePanel._state`)
    POST /reseau/exercices/<id>/recevoir       -> nbgrader fetch_assignment
    POST /reseau/exercices/<id>/rendre         -> nbgrader submit
    POST /reseau/exercices/<id>/retour         -> nbgrader fetch_feedback (when not fetched yet or updated),
                                                  then {"retour": "<path of the feedback HTML>"}

Everything goes through nbgrader's own assignment-list manager
(`nbgrader.server_extensions.assignment_list.handlers.AssignmentList`: the same configuration, exchange
and Python API as nbgrader's « Assignments » tab, whose server API stays available to any nbgrader
client).  The grade is read from the feedback HTML: `<meta name="reseau-points" content="11">` and
`<meta name="reseau-points-max" content="13">` (reseau's French feedback page), else nbgrader's stock
"(Score: 8.0 / 13.0)"; as soon as the feedback is in the exchange, before the participant fetches it,
so that a grade given by the classroom's grading service shows up by itself.

Messages are French (learner-facing); the JSON keys are French words too (they are the panel's).
"""

from __future__ import annotations

import json
import os
import re
import threading
from datetime import datetime, timezone
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

__all__ = ["ExercisePanel", "feedback_score", "notebook_title", "parse_timestamp", "ROUTE"]

#: Where the handlers answer (under the server's base URL).
ROUTE = "reseau/exercices"

#: The states, as the panel shows them.
A_RECEVOIR = "à recevoir"
EN_COURS = "en cours"
RENDU = "rendu"
CORRIGE = "corrigé"

_STOCK_SCORE = re.compile(r"\(Score:\s*([0-9]+(?:\.[0-9]+)?)\s*/\s*([0-9]+(?:\.[0-9]+)?)\)")
_NUMBER = re.compile(r"^\s*[0-9]+(?:\.[0-9]+)?\s*$")


# --------------------------------------------------------------------------- reading files
class _Meta(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "meta":
            values = dict(attrs)
            name = values.get("name")
            if name and name.startswith("reseau-") and values.get("content") is not None:
                self.meta.setdefault(name, values["content"] or "")


def feedback_score(html: str) -> tuple[float, float] | None:
    """(points, maximum) written in a notebook's feedback HTML, or None when it holds none.

    reseau's feedback page carries them in `<meta name="reseau-points">` and `<meta name="reseau-points-max">`
    (a dot for decimals); nbgrader's stock page says "(Score: 8.0 / 13.0)" first for the whole notebook.
    """
    parser = _Meta()
    try:
        parser.feed(html)
        parser.close()
    except Exception:  # noqa: BLE001 - a broken page: try the stock pattern
        pass
    points, maximum = parser.meta.get("reseau-points"), parser.meta.get("reseau-points-max")
    if points is not None and maximum is not None and _NUMBER.match(points) and _NUMBER.match(maximum):
        return float(points), float(maximum)
    found = _STOCK_SCORE.search(html)
    if found:
        return float(found.group(1)), float(found.group(2))
    return None


def notebook_title(path: str | Path) -> str | None:
    """The first Markdown heading of a notebook (« Quiz du module 1 : choisir son réseau »), or None."""
    try:
        nb = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    for cell in nb.get("cells", []):
        if cell.get("cell_type") != "markdown":
            continue
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else str(source)
        for line in source.splitlines():
            if line.startswith("#"):
                title = line.lstrip("#").strip()
                title = re.sub(r"[*_`]", "", title).strip()
                if title:
                    return title
    return None


def parse_timestamp(stamp: str) -> str | None:
    """nbgrader's submission timestamp ("2026-12-06 05:31:14.123456 UTC") as ISO 8601 in UTC
    ("2026-12-06T05:31:14+00:00", to the second), or None when it cannot be read."""
    text = stamp.strip()
    if text.endswith(" UTC"):
        text = text[:-4]
    for fmt in ("%Y-%m-%d %H:%M:%S.%f", "%Y-%m-%d %H:%M:%S"):
        try:
            moment = datetime.strptime(text, fmt).replace(tzinfo=timezone.utc)
        except ValueError:
            continue
        return moment.replace(microsecond=0).isoformat()
    return None


def _fallback_title(assignment_id: str) -> str:
    words = re.sub(r"^\d+_", "", assignment_id).replace("_", " ").strip()
    return words[:1].upper() + words[1:] if words else assignment_id


def _number(value: float) -> str:
    """11.0 -> "11", 10.5 -> "10,5" (French decimal comma)."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


# --------------------------------------------------------------------------- the panel's model
class ExercisePanel:
    """The participant's quizzes and exercises, through nbgrader's assignment-list manager.

    `manager` is nbgrader's `AssignmentList` (the one nbgrader's own server extension uses, when loaded);
    its `root_dir` is the folder the participant's JupyterLab serves.
    """

    def __init__(self, manager: Any) -> None:
        self.manager = manager
        self._lock = threading.Lock()  # nbgrader's manager changes the working directory

    @property
    def root_dir(self) -> str:
        return self.manager.root_dir

    # -- configuration --------------------------------------------------------------------------
    def _settings(self) -> tuple[str | None, str]:
        """(course id, exchange root) from nbgrader's configuration in the participant's server."""
        from nbgrader.coursedir import CourseDirectory
        from nbgrader.exchange import ExchangeFactory

        with self.manager.get_assignment_dir_config() as config:
            course_id = CourseDirectory(config=config).course_id or None
            lister = ExchangeFactory(config=config).List(config=config)
            return course_id, lister.root

    # -- states ---------------------------------------------------------------------------------
    def states(self) -> dict[str, Any]:
        """Every quiz and exercise of the course, in course order, with its state (see module docstring)."""
        with self._lock:
            course_id, exchange = self._settings()
            if not os.path.isdir(exchange):  # no classroom server here (make lab on one's own machine)
                return {"cours": course_id, "exercices": [], "erreur": None}
            released = self.manager.list_released_assignments(course_id=course_id)
            submitted = self.manager.list_submitted_assignments(course_id=course_id)
        if not released.get("success") or not submitted.get("success"):
            return {"cours": course_id, "exercices": [], "erreur": (
                "Le dossier d'échange des exercices est inaccessible : prévenez votre formateur.")}
        by_id: dict[tuple[str, str], dict[str, Any]] = {}
        for item in released["value"]:
            by_id.setdefault((item["course_id"], item["assignment_id"]), {})["distribue"] = item
        for item in submitted["value"]:
            by_id.setdefault((item["course_id"], item["assignment_id"]), {})["rendus"] = item["submissions"]
        exercises = [self._state(course, name, parts, exchange)
                     for (course, name), parts in sorted(by_id.items(), key=lambda kv: (kv[0][1], kv[0][0]))]
        return {"cours": course_id, "exercices": exercises, "erreur": None}

    def _state(self, course_id: str, assignment_id: str, parts: dict[str, Any], exchange: str) -> dict[str, Any]:
        release = parts.get("distribue")
        submissions = parts.get("rendus") or []
        local = self._local_dir(assignment_id)
        fetched = local is not None
        notebooks: list[str] = []
        title = None
        if fetched:
            notebooks = sorted(os.path.relpath(p, self.root_dir) for p in map(str, local.glob("*.ipynb")))
            for nb in notebooks:
                title = title or notebook_title(Path(self.root_dir, nb))
        if title is None and release is not None:
            for nb in release.get("notebooks", []):
                path = nb["path"] if os.path.isabs(nb["path"]) else os.path.join(self.root_dir, nb["path"])
                title = title or notebook_title(path)
        state: dict[str, Any] = {
            "id": assignment_id,
            "cours": course_id,
            "titre": title or _fallback_title(assignment_id),
            "distribue": release is not None,
            "recu": fetched,
            "dossier": os.path.relpath(local, self.root_dir) if fetched else None,
            "carnets": notebooks,
            "rendus": len(submissions),
            "rendu_le": None,
            "note": None,
            "retour": None,
        }
        last = submissions[-1] if submissions else None
        if last is not None:
            state["rendu_le"] = parse_timestamp(last["timestamp"])
            ready, state["note"] = self._grade(last, course_id, exchange)
            state["retour"] = self._feedback_file(last) if ready else None
        if state["note"] is not None:
            note = state["note"]
            state["etat"] = CORRIGE
            state["libelle"] = f"corrigé : {_number(note['points'])} / {_number(note['max'])}"
        elif state["retour"] is not None:  # a feedback page without a readable grade: still graded
            state["etat"] = CORRIGE
            state["libelle"] = CORRIGE
        elif last is not None:
            state["etat"] = RENDU
            state["libelle"] = RENDU
        elif fetched:
            state["etat"] = EN_COURS
            state["libelle"] = EN_COURS
        else:
            state["etat"] = A_RECEVOIR
            state["libelle"] = A_RECEVOIR
        return state

    def _local_dir(self, assignment_id: str) -> Path | None:
        folder = Path(self.root_dir, assignment_id)
        return folder if folder.is_dir() else None

    def _grade(self, submission: dict[str, Any], course_id: str,
               exchange: str) -> tuple[bool, dict[str, float] | None]:
        """(feedback ready, grade): ready once every notebook of the submission has feedback (fetched, or
        waiting in the exchange); the grade is the sum of the feedback pages' points, None if one has none."""
        notebooks = submission.get("notebooks") or []
        if not notebooks:
            return False, None
        points = maximum = 0.0
        graded = True
        for nb in notebooks:
            html = None
            if nb.get("has_exchange_feedback"):  # the newest (the grading service may have regraded)
                html = _read(_exchange_feedback_path(exchange, course_id, submission, nb))
            if html is None and nb.get("has_local_feedback") and nb.get("local_feedback_path"):
                html = _read(nb["local_feedback_path"])
            if html is None:
                return False, None
            score = feedback_score(html)
            if score is None:
                graded = False
                continue
            points += score[0]
            maximum += score[1]
        return True, ({"points": points, "max": maximum} if graded else None)

    def _feedback_file(self, submission: dict[str, Any]) -> str | None:
        """Where the submission's feedback (first notebook) is, or will be once fetched, relative to the root."""
        notebooks = submission.get("notebooks") or []
        if not notebooks:
            return None
        folder = Path(self.root_dir, submission["assignment_id"], "feedback", submission["timestamp"])
        return os.path.relpath(folder / f"{notebooks[0]['notebook_id']}.html", self.root_dir)

    # -- actions --------------------------------------------------------------------------------
    def _find(self, assignment_id: str) -> dict[str, Any]:
        for item in self.states()["exercices"]:
            if item["id"] == assignment_id:
                return item
        raise PanelError(404, f"Le quiz ou l'exercice « {assignment_id} » n'est pas distribué.")

    def fetch(self, assignment_id: str) -> dict[str, Any]:
        """« Recevoir »: nbgrader fetch_assignment."""
        item = self._find(assignment_id)
        if item["recu"]:
            return item
        with self._lock:
            out = self.manager.fetch_assignment(item["cours"], assignment_id)
        if not out.get("success"):
            raise PanelError(500, f"« {item['titre']} » n'a pas pu être reçu. Réessayez ; si cela recommence, "
                                  "prévenez votre formateur.", out.get("value"))
        return self._find(assignment_id)

    def submit(self, assignment_id: str) -> dict[str, Any]:
        """« Rendre »: nbgrader submit (the panel saved the open notebook first)."""
        item = self._find(assignment_id)
        if not item["recu"]:
            raise PanelError(409, f"Recevez d'abord « {item['titre']} » avant de le rendre.")
        with self._lock:
            out = self.manager.submit_assignment(item["cours"], assignment_id)
        if not out.get("success"):
            raise PanelError(500, f"« {item['titre']} » n'a pas pu être rendu. Réessayez ; si cela recommence, "
                                  "prévenez votre formateur.", out.get("value"))
        return self._find(assignment_id)

    def feedback(self, assignment_id: str) -> dict[str, Any]:
        """« Voir mon retour »: nbgrader fetch_feedback unless already fetched and unchanged; the HTML's path."""
        item = self._find(assignment_id)
        if item["retour"] is None:
            raise PanelError(409, f"Le retour de « {item['titre']} » n'est pas encore prêt.")
        path = Path(self.root_dir, item["retour"])
        with self._lock:
            course_id, _ = self._settings()
            submitted = self.manager.list_submitted_assignments(course_id=course_id)
            last = [s for a in submitted.get("value", []) if a["assignment_id"] == assignment_id
                    for s in a["submissions"]][-1:]
            stale = bool(last) and (not last[0].get("has_local_feedback") or last[0].get("feedback_updated"))
            if stale or not path.is_file():
                out = self.manager.fetch_feedback(item["cours"], assignment_id)
                if not out.get("success"):
                    raise PanelError(500, f"Le retour de « {item['titre']} » n'a pas pu être récupéré. Réessayez ; "
                                          "si cela recommence, prévenez votre formateur.", out.get("value"))
        if not path.is_file():
            raise PanelError(500, f"Le retour de « {item['titre']} » est introuvable : prévenez votre formateur.")
        return dict(item, retour=item["retour"])


class PanelError(Exception):
    """A refused or failed action: an HTTP status and the French message the panel shows."""

    def __init__(self, status: int, message: str, detail: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.detail = detail


def _read(path: str | Path) -> str | None:
    try:
        return Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None


def _exchange_feedback_path(exchange: str, course_id: str, submission: dict[str, Any], nb: dict[str, Any]) -> str:
    """Where nbgrader release_feedback put this notebook's feedback in the exchange (nbgrader 0.9's naming,
    as its ExchangeList and ExchangeFetchFeedback compute it)."""
    from nbgrader.utils import make_unique_key, notebook_hash

    secret_file = os.path.join(submission["path"], "submission_secret.txt")
    if os.path.isfile(secret_file):
        with open(secret_file) as fh:
            digest = notebook_hash(secret=fh.read(), notebook_id=nb["notebook_id"])
    else:
        key = make_unique_key(course_id, submission["assignment_id"], nb["notebook_id"], submission["student_id"],
                              submission["timestamp"])
        digest = notebook_hash(os.path.join(submission["path"], f"{nb['notebook_id']}.ipynb"), key)
        legacy = notebook_hash(os.path.join(submission["path"], f"{nb['notebook_id']}.ipynb"))
        if not os.path.isfile(os.path.join(exchange, course_id, "feedback", f"{digest}.html")):
            digest = legacy
    return os.path.join(exchange, course_id, "feedback", f"{digest}.html")


# --------------------------------------------------------------------------- Jupyter server extension
def _handlers():
    from jupyter_server.base.handlers import APIHandler
    from tornado import web

    class _Base(APIHandler):
        @property
        def panel(self) -> ExercisePanel:
            return self.settings["reseau_exercise_panel"]

        def _answer(self, call) -> None:
            try:
                body = call()
            except PanelError as err:
                if err.detail:
                    self.log.error("reseau : %s\n%s", err.message, err.detail)
                self.set_status(err.status)
                body = {"erreur": err.message}
            self.set_header("Content-Type", "application/json")
            self.finish(json.dumps(body, ensure_ascii=False))

    class ListHandler(_Base):
        @web.authenticated
        def get(self) -> None:
            self._answer(self.panel.states)

    class ActionHandler(_Base):
        @web.authenticated
        def post(self, assignment_id: str, action: str) -> None:
            call = {"recevoir": self.panel.fetch, "rendre": self.panel.submit, "retour": self.panel.feedback}[action]
            self._answer(lambda: call(assignment_id))

    return ListHandler, ActionHandler


def _jupyter_server_extension_points() -> list[dict[str, str]]:
    return [{"module": "reseau.panel"}]


def _load_jupyter_server_extension(serverapp) -> None:
    from jupyter_server.utils import url_path_join
    from nbgrader.server_extensions.assignment_list.handlers import AssignmentList

    web_app = serverapp.web_app
    manager = web_app.settings.get("assignment_list_manager")
    if manager is None:  # nbgrader's assignment-list server extension is off: the same manager, our own
        manager = AssignmentList(parent=serverapp)
        manager.root_dir = serverapp.root_dir
    web_app.settings["reseau_exercise_panel"] = ExercisePanel(manager)
    base = url_path_join(web_app.settings["base_url"], ROUTE)
    list_handler, action_handler = _handlers()
    web_app.add_handlers(".*$", [
        (base, list_handler),
        (url_path_join(base, r"(?P<assignment_id>[A-Za-z0-9_.-]+)/(?P<action>recevoir|rendre|retour)"),
         action_handler),
    ])
    serverapp.log.info("reseau : panneau des exercices sur /%s", ROUTE)
