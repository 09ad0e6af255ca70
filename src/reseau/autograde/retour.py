"""The learner's feedback page, in French: what `make feedback` and the classroom's grading service hand back.

nbgrader's own feedback is the graded notebook as HTML, in English ("Score", "Test cell", "Student's
answer"), with the test cells' code, cell numbers, Python tracebacks and MathJax loaded from the
internet.  `feedback_page` writes instead, from the graded copy and the gradebook: the title, the
total, each question by its title with its points, and under each lost question the French reason
of its check; no code, no English, no script, nothing loaded from anywhere (one self-contained page).
nbgrader's GenerateFeedback still runs first (it writes the files its exchange needs beside the page:
timestamp, submission secret); `cycle.generate_feedback` then replaces each HTML page with this one.

A quiz's reasons give the right answer and its source.  When the trainer holds the answers
(`autograder/correction.ini`, « reponses_des_quiz = après révélation »), a quiz's page gives the
points only, until the answers are revealed.

The page carries its score for machines too: ``<meta name="reseau-points" content="11">`` and
``<meta name="reseau-points-max" content="13">`` (the participants' exercise panel reads them).
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from ..errors import strip_ansi
from ..fmt import number

#: Errors whose French message is the grader's own (sandbox, judge): the reason is the message itself.
OWN_ERRORS = {"NoyauArrete", "CelluleNonExecutee", "TempsDepasse", "SortieTropLongue", "JugeArrete", "CarnetMuet",
              "ReponseIllisible", "ReponseTropLongue"}
#: What a held quiz answer says instead of the right answer.
HELD = "La bonne réponse sera donnée par le formateur, après le débat en salle."
NO_ANSWER = ("Vous n'avez pas encore répondu à cette question : écrivez votre réponse dans la cellule prévue, "
             "exécutez-la, enregistrez, puis rendez à nouveau.")


def _source(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def check_reason(outputs: list) -> str:
    """The French reason of a lost check, from its test cell's outputs in the graded copy."""
    errors = [o for o in outputs if o.get("output_type") == "error"]
    for out in errors:  # the grader's own reasons first (a timeout also leaves a KeyboardInterrupt)
        if out.get("ename") in OWN_ERRORS:
            return strip_ansi(str(out.get("evalue", ""))).strip()
    for out in errors:
        name = str(out.get("ename", "")).rsplit(".", 1)[-1]
        value = strip_ansi(str(out.get("evalue", ""))).strip()
        if name == "AssertionError":
            return value or "Cette vérification a échoué."
        if name == "NotImplementedError":
            return NO_ANSWER
        if name == "NameError":
            missing = re.search(r"name '([^']+)' is not defined", value)
            what = f"« {missing.group(1)} »" if missing else "un nom utilisé par la vérification"
            return (f"La vérification ne trouve pas {what} : écrivez votre réponse dans la cellule prévue, avec ce "
                    "nom exact, exécutez-la, puis rendez à nouveau.")
        if name == "CellTimeoutError":
            return "Temps dépassé : la vérification a été interrompue."
        return (f"Votre réponse provoque une erreur Python ({name}) pendant cette vérification : exécutez votre "
                "cellule de réponse pour voir l'erreur, corrigez-la, puis rendez à nouveau.")
    if any(o.get("output_type") == "stream" and o.get("name") == "stderr" for o in outputs):
        return "La vérification a écrit un message d'erreur : exécutez votre cellule de réponse pour le voir."
    return "Cette vérification n'a pas donné tous ses points."


def _title(nb: dict, assignment: str) -> str:
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "markdown":
            for line in _source(cell).splitlines():
                heading = re.match(r"^\s{0,3}#\s+(.*?)\s*#*\s*$", line)
                if heading:
                    return heading.group(1).strip()
    return assignment


def _points(value: float) -> str:
    return number(value, 2, strip=True)


def feedback_page(graded_nb: Path, scores: list, labels: dict[str, str], *, assignment: str,
                  held: bool = False) -> str:
    """The HTML page of one graded notebook.

    `scores`: the gradebook's CellScore of this notebook (one per graded cell); `labels`: {grade_id:
    the question's French title} (`report.question_labels`); `held`: a quiz whose right answers the
    trainer holds (each lost question then says so instead of giving the answer).
    """
    try:
        nb = json.loads(graded_nb.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        nb = {"cells": []}
    cells = {c.get("metadata", {}).get("nbgrader", {}).get("grade_id"): c for c in nb.get("cells", [])}
    order = [c.get("metadata", {}).get("nbgrader", {}).get("grade_id") for c in nb.get("cells", [])]
    graded = sorted(scores, key=lambda s: order.index(s.cell) if s.cell in order else len(order))
    total = sum(s.score for s in graded)
    total_max = sum(s.max_score for s in graded)
    title = _title(nb, assignment)
    rows = []
    for number_, s in enumerate(graded, start=1):
        label = labels.get(s.cell) or f"Question {number_}"
        full = s.score >= s.max_score
        mark = "✔" if full else "✘"
        reason = ""
        if not full:
            text = HELD if held else check_reason(cells.get(s.cell, {}).get("outputs", []))
            reason = f'<p class="motif">{html.escape(text, quote=False)}</p>'
        rows.append(
            f'<li class="{"juste" if full else "a-revoir"}"><div class="ligne"><span class="marque">{mark}</span>'
            f'<span class="question">{html.escape(label, quote=False)}</span>'
            f'<span class="points">{_points(s.score)} / {_points(s.max_score)}</span></div>{reason}</li>')
    lost = sum(1 for s in graded if s.score < s.max_score)
    summary = ("Toutes les questions ont leurs points. Bravo !" if graded and not lost else
               f"{lost} question{'s' if lost > 1 else ''} à revoir : la raison est écrite sous chacune."
               if graded else "Aucune question notée dans ce carnet.")
    if held and lost:
        summary += " Les bonnes réponses seront données par le formateur, après le débat."
    return f"""<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="reseau-points" content="{total:g}">
<meta name="reseau-points-max" content="{total_max:g}">
<title>Votre retour : {html.escape(title)}</title>
<style>
body {{ font-family: "DejaVu Sans", Arial, sans-serif; max-width: 46rem; margin: 1.5rem auto; padding: 0 1rem;
       color: #1d2430; line-height: 1.45; }}
h1 {{ font-size: 1.4rem; margin-bottom: .2rem; }}
.note {{ font-size: 2rem; font-weight: bold; margin: .6rem 0; }}
ol {{ list-style: none; padding: 0; }}
li {{ border: 1px solid #d0d6de; border-radius: 6px; padding: .6rem .8rem; margin: .5rem 0; }}
li.juste {{ border-left: 6px solid #2e7d32; }}
li.a-revoir {{ border-left: 6px solid #c62828; }}
.ligne {{ display: flex; gap: .6rem; align-items: baseline; }}
.question {{ flex: 1; }}
.points {{ white-space: nowrap; font-weight: bold; }}
.motif {{ margin: .4rem 0 0 1.6rem; }}
</style>
</head>
<body>
<h1>Votre retour : {html.escape(title, quote=False)}</h1>
<p class="note">{_points(total)} / {_points(total_max)}</p>
<p class="resume">{html.escape(summary, quote=False)}</p>
<ol>
{chr(10).join(rows)}
</ol>
<p class="pied">Vous pouvez corriger votre carnet et le rendre à nouveau : c'est la dernière copie rendue qui compte.</p>
</body>
</html>
"""
