"""« Me noter »: a self-paced learner grades their saved notebook from JupyterLab, in French.

The `reseau.verification` server extension answers on ``reseau/me-noter`` with the handler
below.  POST {"path": "<notebook>"} runs the learner's self-check (``python -m
reseau.autograde self-check NOTEBOOK --json``: the hidden tests and the judge, on the
portable path where Linux's extras are missing) in a separate process, off the server's
event loop, and answers the French result made by `french_result`:

    {"reussi": bool, "titre": str, "resume": str, "note": float, "sur": float,
     "questions": [{"titre": str, "points": float, "sur": float, "motif": str | None}],
     "attention": [str]}

GET answers {"disponible": bool}: the button is shown to self-paced learners only.  On
the classroom server (the hub's spawner sets ``JUPYTERHUB_*`` variables) the grade comes
from handing the notebook in, so the button stays hidden and POST is refused.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

#: Where the handler answers (under the server's base URL).
ROUTE = "reseau/me-noter"
#: The longest a self-check may take from the button (seconds).
TIMEOUT = 900


def self_paced(environ: dict | None = None) -> bool:
    """True unless this server was started by the classroom server (JupyterHub's ``JUPYTERHUB_*`` variables)."""
    environ = os.environ if environ is None else environ
    return not any(key.startswith("JUPYTERHUB_") for key in environ)


def _points(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def _reason(motif: str | None) -> str | None:
    """A check's own French message without Python's name for it (« AssertionError : »)."""
    return motif.removeprefix("AssertionError : ") if motif else motif


def french_result(report: dict) -> dict[str, Any]:
    """The dialog's content, from `reseau.autograde.selfcheck.self_check_report`'s answer."""
    note, sur = report["note"], report["sur"]
    questions = [{"titre": q["titre"], "points": q["points"], "sur": q["sur"],
                  "motif": _reason(q["motif"]) if q["points"] < q["sur"] else None} for q in report["questions"]]
    lost = sum(1 for q in questions if q["points"] < q["sur"])
    if report.get("attention"):
        resume = "Votre copie n'a pas pu être notée en entier : " + " ".join(report["attention"])
    elif not lost:
        resume = "Toutes les questions sont réussies."
    else:
        resume = (f"{lost} question{'s' if lost > 1 else ''} à revoir : le motif est écrit sous chacune. "
                  "Corrigez votre carnet, enregistrez-le, puis cliquez à nouveau sur « Me noter ».")
    return {"reussi": note >= sur and not report.get("attention"), "titre": f"Votre note : {_points(note)} / "
            f"{_points(sur)}", "resume": resume, "note": note, "sur": sur, "questions": questions,
            "attention": list(report.get("attention", []))}


def impossible(message: str) -> dict[str, Any]:
    """The dialog when the self-check could not grade the notebook (its French reason)."""
    return {"reussi": False, "titre": "Notation impossible", "resume": message, "note": 0, "sur": 0,
            "questions": [], "attention": []}


def grade(path: Path) -> dict[str, Any]:
    """Run the self-check of `path` in a separate process; its French result (or why it failed)."""
    cmd = [sys.executable, "-m", "reseau.autograde", "self-check", str(path), "--json", "--attendre"]
    try:
        done = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, text=True, encoding="utf-8",
                              timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return impossible(f"La notation a duré plus de {TIMEOUT // 60} minutes et a été arrêtée : une cellule "
                          "tourne-t-elle sans fin ? Corrigez-la, enregistrez, puis réessayez.")
    lines = done.stdout.strip().splitlines()
    if done.returncode == 0 and lines:
        try:
            return french_result(json.loads(lines[-1]))
        except (ValueError, KeyError, TypeError):
            pass
    said = [ln.removeprefix("Erreur : ") for ln in done.stderr.strip().splitlines() if ln.startswith("Erreur : ")]
    return impossible(said[-1] if said else "La notation n'a pas pu se faire. Enregistrez le carnet et réessayez ; "
                      "si cela recommence, lancez « python -m reseau.autograde self-check » avec votre carnet "
                      "pour voir l'erreur.")


# --------------------------------------------------------------------------- Jupyter server handler
def handler_class():
    from jupyter_server.base.handlers import APIHandler
    from tornado import web

    class SelfGradeHandler(APIHandler):
        """GET: is « Me noter » offered here; POST {"path"}: grade that saved notebook (French result)."""

        @web.authenticated
        def get(self) -> None:
            self.finish(json.dumps({"disponible": self_paced()}))

        @web.authenticated
        async def post(self) -> None:
            if not self_paced():
                raise web.HTTPError(403, "Sur le serveur de la classe, la note vient quand vous rendez le carnet.")
            data = self.get_json_body() or {}
            rel = data.get("path")
            if not isinstance(rel, str) or not rel:
                raise web.HTTPError(400, "chemin du carnet manquant")
            root = Path(self.serverapp.root_dir).resolve()
            path = (root / rel).resolve()
            if root not in path.parents or path.suffix != ".ipynb":
                raise web.HTTPError(400, "carnet hors du dossier du cours")
            from tornado.ioloop import IOLoop

            result = await IOLoop.current().run_in_executor(None, grade, path)
            self.set_header("Content-Type", "application/json")
            self.finish(json.dumps(result, ensure_ascii=False))

    return SelfGradeHandler
