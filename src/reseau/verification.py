"""The learner's answer check, in French: nbgrader's validator, its result told in French.

nbgrader's own Validate button (lab extension) hard-codes its English texts and shows raw
Python tracebacks.  The « Vérifier mes réponses » button of the `reseau-lab` JupyterLab
extension (`labextension/`) asks the server extension below instead.  That handler is
nbgrader's `ValidateAssignmentHandler` itself (same configuration, same path checks, same
`nbgrader.validator.Validator`, so the same answers and visible tests as nbgrader's
Validate); only its answer is turned into French by `french_report`:

    {"reussi": bool, "titre": str, "resume": str,
     "total": int, "reussies": int,
     "echecs": [{"question": str, "verification": str, "message": str}, ...]}

`titre` and `resume` are the dialog's title and sentence; each failed check names its
question (the nearest heading above the test cell), what the check verifies (the first
line of the test cell's docstring) and the check's own French message (the text of the
`AssertionError` raised by `reseau.grading`), never the traceback.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path
from typing import Any

import nbformat

__all__ = ["french_report", "error_message", "question_titles", "verify"]

#: Where the handler answers (under the server's base URL).
ROUTE = "reseau/verifier"

from .errors import strip_ansi  # noqa: E402  (one pattern for terminal colour codes; no pandas in the server)
#: The last line of a Python traceback: "ValueError: message" (dotted names allowed).
_EXCEPTION_LINE = re.compile(r"^([A-Za-z_][\w.]*(?:Error|Exception|Exit|Interrupt|Warning)|TempsDepasse):\s?(.*)$")
_NAME_ERROR = re.compile(r"name '([^']+)' is not defined")

#: The dialog's title.  A success never says the answers are right: the visible checks of a quiz check the
#: form only, those of an exercise the basics; the grade comes from the hidden checks, when the notebook is
#: handed in (or at the trainer's correction).
TITLE = {True: "Vérifications de base réussies", False: "Certaines réponses sont à revoir"}
FORM_TITLE = "Vos réponses sont bien écrites"
#: What a success says next, by kind of notebook (see `notebook_kind`).
AFTER_SUCCESS = {
    "quiz": ("Cette vérification ne dit pas si elles sont justes : votre note viendra quand vous rendrez le quiz "
             "(ou à la correction du formateur)."),
    "questionnaire": "Vous pouvez rendre le questionnaire.",
    "exercice": ("Elles ne disent pas tout : d'autres vérifications, cachées, essaieront votre travail sur d'autres "
                 "données quand vous rendrez le carnet (ou à la correction du formateur) ; votre note viendra "
                 "alors."),
}
TITLE_IMPOSSIBLE = "Vérification impossible"
NO_RESPONSE = "Vous n'avez pas encore répondu à cette question."
PARTIAL = "Une partie seulement des vérifications de cette cellule est réussie."


def _is_check(cell: dict) -> bool:
    """A visible test cell: a graded code cell (nbgrader's « autograder tests »)."""
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return cell.get("cell_type") == "code" and bool(meta.get("grade"))


def _source(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def question_titles(nb: dict) -> list[str]:
    """For every cell, the text of the nearest Markdown heading at or above it ("" before the first)."""
    titles, current = [], ""
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "markdown":
            for line in _source(cell).splitlines():
                heading = re.match(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$", line)
                if heading:
                    current = heading.group(1).strip()
                    break
        titles.append(current)
    return titles


def _docstring(source: str) -> str:
    """The first line of the test cell's docstring (what the check verifies), or ""."""
    try:
        doc = ast.get_docstring(ast.parse(source))
    except SyntaxError:
        return ""
    return doc.strip().splitlines()[0] if doc else ""


def error_message(raw_error: str) -> str:
    """The French message of a failed check, from nbgrader's raw error text (traceback and stderr).

    The message of an `AssertionError` is the check's own French text and is kept whole;
    the usual Python errors of a learner (name not defined, answer not written yet) get a
    French sentence; any other error is named with its Python message, without traceback.
    """
    text = strip_ansi(raw_error or "").strip()
    if not text or text == "You did not provide a response.":
        return NO_RESPONSE
    if text == "Partial credit; passed some but not all of the tests":
        return PARTIAL
    lines = text.splitlines()
    found = None
    for i in range(len(lines) - 1, -1, -1):
        match = _EXCEPTION_LINE.match(lines[i].strip())
        if match:
            found = (match.group(1), "\n".join([match.group(2), *lines[i + 1:]]).strip())
            break
    if found is None:  # only stderr, no exception
        return f"Cette vérification a écrit un message d'erreur : {lines[-1].strip()}"
    name, value = found
    short = name.rsplit(".", 1)[-1]
    if short == "AssertionError":
        return value or "Cette vérification a échoué (sans message)."
    if short == "NotImplementedError":
        return ("Vous n'avez pas encore répondu : remplacez « # VOTRE CODE ICI » et la ligne « raise "
                "NotImplementedError(...) » par votre réponse, puis exécutez la cellule.")
    if short == "NameError":
        missing = _NAME_ERROR.search(value)
        what = f"« {missing.group(1)} »" if missing else "Un nom utilisé par la vérification"
        return (f"{what} n'existe pas : écrivez votre réponse dans la cellule prévue, avec ce nom exact, "
                "et exécutez-la.")
    if short == "TempsDepasse":
        return value
    return f"Votre réponse provoque une erreur Python pendant cette vérification : {short} : {value}".rstrip(" :")


def notebook_kind(check_sources: list[str]) -> str:
    """« quiz » when the visible checks are `reseau.quiz`'s form checks (letters, numbers), « questionnaire »
    when they only check ratings (the satisfaction questionnaire, not graded), else « exercice »."""
    if check_sources and all("from reseau.quiz import rating" in src for src in check_sources):
        return "questionnaire"
    if check_sources and all("from reseau.quiz import" in src for src in check_sources):
        return "quiz"
    return "exercice"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n > 1 else ''}"


def french_report(nb: dict, output: dict) -> dict[str, Any]:
    """What the learner's dialog shows, from the notebook checked and nbgrader's handler output.

    `output` is what nbgrader's validate endpoint answers: {"success": bool, "value": ...},
    where `value` is `Validator.validate`'s result (or an English error text on failure).
    """
    cells = nb.get("cells", [])
    checks = [i for i, cell in enumerate(cells) if _is_check(cell)]
    titles = question_titles(nb)
    by_source = {_source(cells[i]).strip(): i for i in checks}
    base = {"total": len(checks), "reussies": 0, "echecs": []}
    value = output.get("value")
    if not output.get("success") or not isinstance(value, dict):
        return {**base, "reussi": False, "titre": TITLE_IMPOSSIBLE,
                "resume": ("La vérification n'a pas pu se faire. Enregistrez le carnet (Ctrl + S) et "
                           "réessayez ; si cela recommence, prévenez votre formateur.")}
    if value.get("type_changed"):
        return {**base, "reussi": False, "titre": TITLE_IMPOSSIBLE,
                "resume": (f"Le type de {_plural(len(value['type_changed']), 'cellule')} de l'exercice a été "
                           "changé (code ou texte). Remettez le type d'origine (menu Édition > Annuler, ou "
                           "repartez d'une copie neuve du carnet), puis vérifiez à nouveau.")}
    if value.get("changed"):
        echecs = []
        for item in value["changed"]:
            i = by_source.get(item.get("source", "").strip())
            echecs.append({"question": titles[i] if i is not None else "",
                           "verification": "",
                           "message": "Cette cellule de l'exercice a été modifiée : remettez-la comme à l'origine."})
        return {**base, "reussi": False, "echecs": echecs, "titre": TITLE_IMPOSSIBLE,
                "resume": (f"{_plural(len(echecs), 'cellule')} de l'exercice, qui ne devai"
                           f"{'en' if len(echecs) > 1 else ''}t pas changer, "
                           f"{'ont' if len(echecs) > 1 else 'a'} été modifiée{'s' if len(echecs) > 1 else ''}.")}
    echecs = []
    failed_checks = set()
    for item in value.get("failed", []):
        source = item.get("source", "").strip()
        i = by_source.get(source)
        if i is not None:
            failed_checks.add(i)
        echecs.append({"question": titles[i] if i is not None else "",
                       "verification": _docstring(source),
                       "message": error_message(item.get("raw_error", ""))})
    passed = len(checks) - len(failed_checks)
    total = len(checks)
    kind = notebook_kind([_source(cells[i]) for i in checks])
    title = TITLE[not echecs]
    if not echecs and kind != "exercice":
        title = FORM_TITLE
        resume = (f"Vos {total} réponses sont bien écrites. " if total > 1 else "Votre réponse est bien écrite. "
                  ) + AFTER_SUCCESS[kind]
    elif not echecs:
        resume = (f"Les {total} vérifications de base sont réussies. " if total > 1 else
                  "La vérification de base est réussie. " if total == 1 else
                  "Ce carnet ne contient aucune vérification. ") + AFTER_SUCCESS[kind]
    else:
        resume = (f"{passed} vérification{'s' if passed > 1 else ''} réussie{'s' if passed > 1 else ''} "
                  f"sur {total} ; à revoir :")
    return {"total": total, "reussies": passed, "echecs": echecs, "reussi": not echecs,
            "titre": title, "resume": resume}


def verify(path: str | Path, config: Any = None) -> dict[str, Any]:
    """Check a saved notebook with nbgrader's Validator and report in French (outside JupyterLab)."""
    from nbgrader.validator import Validator

    path = Path(path)
    try:
        value = Validator(config=config).validate(str(path))
        output = {"success": True, "value": value}
    except Exception as exc:  # noqa: BLE001 - reported in French, like the server's handler does
        output = {"success": False, "value": repr(exc)}
    return french_report(json.loads(path.read_text(encoding="utf-8")), output)


# --------------------------------------------------------------------------- Jupyter server extension
def _handler_class():
    from nbgrader.server_extensions.validate_assignment.handlers import ValidateAssignmentHandler
    from tornado import web

    class FrenchValidateHandler(ValidateAssignmentHandler):
        """nbgrader's validate handler, answering in French (POST {"path": "<notebook>"})."""

        @property
        def root_dir(self) -> str:
            return self.serverapp.root_dir

        @web.authenticated
        def post(self) -> None:
            data = self.get_json_body() or {}
            path = data.get("path")
            if not isinstance(path, str) or not path:
                raise web.HTTPError(400, "chemin du carnet manquant")
            output = self.validate_notebook(path)
            try:
                nb = nbformat.read(str(Path(self.root_dir, path)), as_version=4)
            except Exception:  # noqa: BLE001 - unreadable notebook: nbgrader's output says it failed
                nb, output = {"cells": []}, {"success": False, "value": ""}
            self.set_header("Content-Type", "application/json")
            self.finish(json.dumps(french_report(nb, output), ensure_ascii=False))

    return FrenchValidateHandler


def _jupyter_server_extension_points() -> list[dict[str, str]]:
    return [{"module": "reseau.verification"}]


def _load_jupyter_server_extension(serverapp) -> None:
    from jupyter_server.utils import url_path_join

    from . import selfgrade

    web_app = serverapp.web_app
    route = url_path_join(web_app.settings["base_url"], ROUTE)
    grading = url_path_join(web_app.settings["base_url"], selfgrade.ROUTE)  # « Me noter » (self-paced learners)
    web_app.add_handlers(".*$", [(route, _handler_class()), (grading, selfgrade.handler_class())])
    serverapp.log.info("reseau : vérification en français des exercices sur /%s", ROUTE)
