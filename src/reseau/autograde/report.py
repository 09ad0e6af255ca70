"""The class report: success rate of each question, distribution of scores (Markdown, CSV, PNG).
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from .gradebook import gradebook_scores
from .journal import STATUS_RUNNING, Journal
from .paths import EXERCISES_DIR, SOLUTIONS_DIR, _submissions, _submitted_dir, assignments, workspace_dir


def _question_stem(markdown: str) -> str:
    """« Question 3 : <the stem's first sentence> » from a quiz question's Markdown cell."""
    lines = [x.strip() for x in markdown.strip().splitlines()]
    title = lines[0].lstrip("#").strip() if lines else ""
    body = " ".join(x for x in lines[1:] if x and not x.startswith(("*Objectif", "- **", "Tapez")))
    body = body.replace("**", "")
    match = re.search(r"^(.+?[.?!])(\s|$)", body)
    sentence = (match.group(1) if match else body).strip()
    if len(sentence) > 110:
        sentence = sentence[:107].rsplit(" ", 1)[0] + "…"
    return f"{title} : {sentence}" if sentence.strip(" ?.") else title


def question_labels(only: str | None = None) -> dict[tuple[str, str], str]:
    """{(assignment, test cell id): what the cell checks, in French}: an exercise test's one-line docstring,
    or, for a quiz (no docstring), « Question N : » and the first sentence of its question.  `only`: one
    assignment's."""
    import nbformat

    labels = {}
    for name in [only] if only else assignments():
        for path in (SOLUTIONS_DIR / name).glob("*.ipynb"):
            question = ""
            for cell in nbformat.read(path, as_version=4).cells:
                if cell.cell_type == "markdown" and cell.source.lstrip().startswith("## Question"):
                    question = _question_stem(cell.source)
                meta = cell.metadata.get("nbgrader", {})
                if meta.get("grade") and cell.cell_type == "code":
                    first = cell.source.strip().splitlines()[0] if cell.source.strip() else ""
                    if first.startswith('"""'):
                        labels[(name, meta["grade_id"])] = first.strip('"').strip() or meta["grade_id"]
                    else:
                        labels[(name, meta["grade_id"])] = question or meta["grade_id"]
    return labels


def blank_copies(*, workspace: Path | None = None) -> set[tuple[str, str]]:
    """(learner, assignment) of the copies handed in untouched: every answer cell as released.

    Such a copy says nothing of what its learner knows (a participant who does not code may hand an exercise in
    without opening it): the objectives and the certificate leave it out, as if it had not been handed in."""
    import nbformat

    released: dict[str, dict[str, str]] = {}
    blank = set()
    root = _submitted_dir(workspace)
    for learner, name in _submissions(workspace):
        if name not in released:
            path = next((EXERCISES_DIR / name).glob("*.ipynb"), None)
            cells = nbformat.read(path, as_version=4).cells if path else []
            released[name] = {c.metadata["nbgrader"]["grade_id"]: c.source for c in cells
                              if c.metadata.get("nbgrader", {}).get("solution")}
        if not released[name]:
            continue
        for path in (root / learner / name).glob("*.ipynb"):
            try:
                cells = nbformat.read(path, as_version=4).cells
            except Exception:  # noqa: BLE001 - a damaged copy is not a blank one: it is graded (0) and said so
                continue
            answers = {c.metadata.get("nbgrader", {}).get("grade_id"): c.source for c in cells
                       if c.metadata.get("nbgrader", {}).get("solution")}
            if all(answers.get(gid, "").strip() == source.strip() for gid, source in released[name].items()):
                blank.add((learner, name))
    return blank


def objective_results(scores, blank: set[tuple[str, str]] = frozenset()
                      ) -> dict[str, dict[str, tuple[float | None, float | None]]]:
    """{learner: {objective: (entry share, end share)}}: the share of points won, at entry on the positioning
    questionnaire's questions of that objective, at the end on the quizzes and exercises that evaluate it
    (reseau.session); None where the learner handed in nothing for it (or only copies in `blank`)."""
    from ..session import OBJECTIVES, POSITIONING, objectives_of

    won: dict[tuple[str, str, str], list[float]] = {}
    for s in scores:
        if (s.student, s.assignment) in blank:  # handed in untouched: not evaluated
            continue
        when = "entree" if s.assignment == POSITIONING else "fin"
        for objective in objectives_of(s.assignment, s.cell):
            pair = won.setdefault((s.student, objective, when), [0.0, 0.0])
            pair[0] += s.score
            pair[1] += s.max_score

    def share(key):
        got = won.get(key)
        return None if not got or got[1] == 0 else got[0] / got[1]

    learners = sorted({s.student for s in scores})
    return {learner: {o: (share((learner, o, "entree")), share((learner, o, "fin"))) for o in OBJECTIVES}
            for learner in learners}

def score_histogram(totals: list[float], max_total: float, name: str):
    """The distribution of an assignment's total scores: one bar per whole point (a half point counts with the
    point below it), its height a number of learners: whole numbers on both axes, never « 0,5 apprenant »."""
    import math

    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    top = max(1, math.ceil(max_total))
    fig, ax = plt.subplots(figsize=(6, 3.5))
    ax.hist([min(math.floor(t), top) for t in totals], bins=range(0, top + 2), color="#2a6f97",
            edgecolor="white", align="left")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlim(-0.6, top + 0.6)
    ax.set_title(f"Répartition des notes : {name}")
    ax.set_xlabel(f"Note (points sur {max_total:g})".replace(".", ","))
    ax.set_ylabel("Nombre d'apprenants")
    fig.tight_layout()
    return fig


def class_report(*, workspace: Path | None = None, out_dir: Path | None = None) -> Path:
    """Write the class report (Markdown, CSV of success rates, PNG charts); return the Markdown path.

    For each assignment: the success rate of each question (share of learners with
    full marks on that test cell), and the distribution of total scores.  Submissions
    collected but not graded are listed, and the report then says it is partial.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ws = workspace_dir(workspace)
    out_dir = Path(out_dir) if out_dir is not None else ws / "rapport"
    out_dir.mkdir(parents=True, exist_ok=True)
    from ..fmt import count, number, percent

    scores = gradebook_scores(workspace=ws)
    labels = question_labels()
    # a copy is pending when the gradebook has no grade for it, or when a grading run left it
    # unfinished (killed halfway: the journal says « en cours »); its partial zeros are left out
    running = {(e.get("apprenant"), e.get("exercice")) for e in Journal(ws).entries.values()
               if e.get("statut") == STATUS_RUNNING}
    graded = {(s.student, s.assignment) for s in scores} - running
    pending = [pair for pair in _submissions(ws) if pair not in graded]
    scores = [s for s in scores if (s.student, s.assignment) in graded]

    lines = ["# Rapport de la classe", ""]
    if pending:
        lines += [
            "**Attention : rapport partiel.** Ces copies ont été collectées mais pas (encore) corrigées :",
            "",
            *[f"- {learner} / {name}" for learner, name in pending],
            "",
            "Relancez `make autograde` puis `make report` pour un rapport complet.",
            "",
        ]
    rates_rows = []
    from ..session import SATISFACTION

    for name in sorted({s.assignment for s in scores} - {SATISFACTION}):  # satisfaction: its own section
        cells = [s for s in scores if s.assignment == name]
        students = sorted({s.student for s in cells})
        max_total = sum({(s.notebook, s.cell): s.max_score for s in cells}.values())
        totals = {st: sum(s.score for s in cells if s.student == st) for st in students}
        mean = sum(totals.values()) / len(totals)
        lines += [f"## {name}", "",
                  f"{count(len(students), 'copie corrigée', 'copies corrigées')} ; moyenne {number(mean, 2, strip=True)} / {number(max_total, 1, strip=True)}.",
                  "", "| question | ce qu'elle vérifie | points | taux de réussite |", "|---|---|---:|---:|"]
        for cell in dict.fromkeys(s.cell for s in cells):
            these = [s for s in cells if s.cell == cell]
            ok = sum(1 for s in these if s.score >= s.max_score)
            rate = ok / len(these)
            label = labels.get((name, cell), cell)
            lines.append(f"| {cell} | {label} | {number(these[0].max_score, 1, strip=True)} | {percent(rate, 0)} |")
            rates_rows.append((name, cell, label, these[0].max_score, len(these), ok, rate))
        fig = score_histogram(list(totals.values()), max_total, name)
        chart = out_dir / f"notes_{name}.png"
        fig.savefig(chart, dpi=100)
        plt.close(fig)
        lines += ["", f"![Répartition des notes]({chart.name})", ""]
    lines += _look_section(Journal(ws), graded)
    blank = blank_copies(workspace=ws)
    lines += _objectives_section(scores, blank)
    lines += _satisfaction_section(satisfaction_summary(workspace=ws))
    lines += _certificates_section(ws, sorted({s.student for s in scores}))
    with open(out_dir / "taux_de_reussite.csv", "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["exercice", "question", "ce_qu_elle_verifie", "points", "copies", "réussites", "taux"])
        for row in rates_rows:
            writer.writerow([row[0], row[1], row[2], f"{row[3]:g}", row[4], row[5], f"{row[6]:.4f}"])
    report = out_dir / "rapport.md"
    text = "\n".join(lines) + "\n"
    report.write_text(text, encoding="utf-8")
    # the same record, printed (reseau.printing): the charts beside it go into the PDF
    from ..printing import markdown_pdf

    charts = {p.name: p.read_bytes() for p in out_dir.glob("notes_*.png")}
    pdf = markdown_pdf(text, subtitle="Le relevé de la session : notes, acquis par objectif, satisfaction",
                       files=charts)
    (out_dir / "rapport.pdf").write_bytes(pdf)
    return report


def _look_section(journal: Journal, graded: set[tuple[str, str]]) -> list[str]:
    """« Copies à regarder »: what the anti-copy text check could not vouch for (the grades stand)."""
    rows = [(e["apprenant"], e["exercice"], e["a_regarder"]) for e in journal.entries.values()
            if e.get("a_regarder") and (e.get("apprenant"), e.get("exercice")) in graded]
    if not rows:
        return []
    lines = ["## Copies à regarder", "",
             "La note de ces copies est celle de la correction ; le contrôle de copie (un nom noté défini plusieurs "
             "fois ou hors du premier niveau, une cellule illisible) ne peut pas s'en porter garant : ouvrez-les.", ""]
    lines += [f"- {learner} / {name} : {' ; '.join(flags)}." for learner, name, flags in sorted(rows)]
    return lines + [""]


def _objectives_section(scores, blank: set[tuple[str, str]] = frozenset()) -> list[str]:
    """The report's « Acquis par objectif »: entry positioning beside end results, per objective and per learner."""
    from ..fmt import percent
    from ..session import OBJECTIVES

    results = objective_results(scores, blank)
    if not results:
        return []

    def shown(value):
        return "—" if value is None else percent(value, 0)

    def mean(values):
        values = [v for v in values if v is not None]
        return sum(values) / len(values) if values else None

    lines = ["## Acquis par objectif", "",
             "Part des points obtenus : à l'entrée (questionnaire de positionnement) et en fin de formation (quiz et "
             "exercices de l'objectif). « — » : rien de rendu pour cet objectif (une copie rendue sans aucune "
             "réponse ne compte pas).", "",
             "| objectif | intitulé | entrée (moyenne) | fin (moyenne) |", "|---|---|---:|---:|"]
    for key, text in OBJECTIVES.items():
        entry = mean(r[key][0] for r in results.values())
        end = mean(r[key][1] for r in results.values())
        lines.append(f"| {key} | {text} | {shown(entry)} | {shown(end)} |")
    lines += ["", "| apprenant | " + " | ".join(f"{key} entrée → fin" for key in OBJECTIVES) + " |",
              "|---|" + "---:|" * len(OBJECTIVES)]
    for learner, row in results.items():
        lines.append(f"| {learner} | " + " | ".join(f"{shown(row[k][0])} → {shown(row[k][1])}" for k in OBJECTIVES)
                     + " |")
    return lines + [""]


def _literal(source: str, name: str):
    """The value the learner gave `name` in an answer cell (its last assignment), or Ellipsis if unreadable."""
    import ast

    try:
        tree = ast.parse(source)
    except SyntaxError:
        return ...
    value = ...
    for node in tree.body:
        if (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)
                and node.targets[0].id == name):
            try:
                value = ast.literal_eval(node.value)
            except (ValueError, SyntaxError):
                value = ...
    return value


def satisfaction_summary(*, workspace: Path | None = None) -> dict:
    """The satisfaction questionnaires handed in: per statement the mean rating (1-5) and the number of answers,
    the free-text answers, and the answers left out because they were not in the expected form (what was
    written, without the learner's name: the report shows the class, not who said what).

    Read from the submitted notebooks' answer cells (never run: a literal read of `note_k = 4`)."""
    import nbformat

    from ..session import SATISFACTION

    source = next((SOLUTIONS_DIR / SATISFACTION).glob("*.ipynb"), None)
    if source is None:
        return {}
    statements, texts = [], []
    for cell in nbformat.read(source, as_version=4).cells:
        gid = cell.metadata.get("nbgrader", {}).get("grade_id", "")
        if cell.cell_type == "markdown" and cell.source.startswith("## Question"):
            lines = [x for x in cell.source.splitlines()[1:] if x.strip()]
            question = lines[0].strip() if lines else gid
        elif cell.metadata.get("nbgrader", {}).get("solution"):
            (statements if gid.startswith("note_") else texts).append((gid, question))
    ratings = {gid: [] for gid, _ in statements}
    comments = {gid: [] for gid, _ in texts}
    left_out, respondents = [], 0
    root = _submitted_dir(workspace)
    for path in sorted(root.glob(f"*/{SATISFACTION}/*.ipynb")) if root.is_dir() else []:
        try:
            cells = {c.metadata.get("nbgrader", {}).get("grade_id"): c.source
                     for c in nbformat.read(path, as_version=4).cells}
        except Exception:  # noqa: BLE001 - a damaged notebook is named, never a traceback
            left_out.append("un carnet illisible")
            continue
        respondents += 1
        for gid in ratings:
            value = _literal(cells.get(gid, ""), gid)
            if type(value) is int and 1 <= value <= 5:
                ratings[gid].append(value)
            elif value is not ...:
                left_out.append(f"{gid} = {value!r}")
        for gid in comments:
            value = _literal(cells.get(gid, ""), gid)
            if type(value) is str and value.strip():
                comments[gid].append(value.strip())
    return {"respondents": respondents,
            "statements": [(question, ratings[gid]) for gid, question in statements],
            "comments": [(question, comments[gid]) for gid, question in texts],
            "left_out": left_out}


def _satisfaction_section(summary: dict) -> list[str]:
    from ..fmt import count, number

    if not summary or not summary.get("respondents"):
        return []
    lines = ["## Satisfaction (évaluation à chaud)", "",
             f"{count(summary['respondents'], 'questionnaire rendu', 'questionnaires rendus')} ; notes de 1 (pas du tout d'accord) à 5 (tout à fait "
             "d'accord).", "", "| affirmation | moyenne | réponses |", "|---|---:|---:|"]
    for question, values in summary["statements"]:
        mean = number(sum(values) / len(values), 1) if values else "—"
        lines.append(f"| {question} | {mean} | {len(values)} |")
    for question, texts in summary["comments"]:
        lines += ["", f"**{question}**", ""]
        lines += [f"- {text}" for text in texts] or ["- (aucune réponse)"]
    if summary["left_out"]:
        lines += ["", "Réponses hors forme, non comptées (sans nom : le questionnaire est anonyme dans ce rapport) : "
                  + " ; ".join(summary["left_out"]) + "."]
    return lines + [""]


def _certificates_section(ws: Path, learners: list[str]) -> list[str]:
    """The learners and their end-of-training certificate files (make attestations), or what to run."""
    if not learners:
        return []
    folder = ws / "attestations"
    lines = ["## Attestations de fin de formation", ""]
    if not folder.is_dir():
        return lines + ["Pas encore d'attestations : `make attestations SESSION=formation/session.ini "
                        "PARTICIPANTS=deploy/hub/participants.csv` (guide du formateur, section 8).", ""]
    lines += ["| apprenant | attestation |", "|---|---|"]
    for learner in learners:
        path = folder / f"attestation_{learner}.pdf"
        # the report lives in rapport/, the certificates beside it in attestations/
        lines.append(f"| {learner} | {'../attestations/' + path.name if path.is_file() else 'absente : relancez make attestations'} |")
    return lines + [""]
