"""The class report: success rate of each question, distribution of scores (Markdown, CSV, PNG).
"""

from __future__ import annotations

import csv
from pathlib import Path

from .gradebook import gradebook_scores
from .journal import STATUS_RUNNING, Journal
from .paths import SOLUTIONS_DIR, _submissions, assignments, workspace_dir


def question_labels() -> dict[tuple[str, str], str]:
    """{(assignment, test cell id): the French one-line docstring that says what the cell checks}."""
    import nbformat

    labels = {}
    for name in assignments():
        for path in (SOLUTIONS_DIR / name).glob("*.ipynb"):
            for cell in nbformat.read(path, as_version=4).cells:
                meta = cell.metadata.get("nbgrader", {})
                if meta.get("grade") and cell.cell_type == "code":
                    first = cell.source.strip().splitlines()[0] if cell.source.strip() else ""
                    labels[(name, meta["grade_id"])] = first.strip('"').strip() or meta["grade_id"]
    return labels

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
    from ..fmt import number, percent

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
    for name in sorted({s.assignment for s in scores}):
        cells = [s for s in scores if s.assignment == name]
        students = sorted({s.student for s in cells})
        max_total = sum({(s.notebook, s.cell): s.max_score for s in cells}.values())
        totals = {st: sum(s.score for s in cells if s.student == st) for st in students}
        mean = sum(totals.values()) / len(totals)
        lines += [f"## {name}", "",
                  f"{len(students)} {'copie corrigée' if len(students) < 2 else 'copies corrigées'} ; moyenne {number(mean, 2, strip=True)} / {number(max_total, 1, strip=True)}.",
                  "", "| question | ce qu'elle vérifie | points | taux de réussite |", "|---|---|---:|---:|"]
        for cell in dict.fromkeys(s.cell for s in cells):
            these = [s for s in cells if s.cell == cell]
            ok = sum(1 for s in these if s.score >= s.max_score)
            rate = ok / len(these)
            label = labels.get((name, cell), cell)
            lines.append(f"| {cell} | {label} | {number(these[0].max_score, 1, strip=True)} | {percent(rate, 0)} |")
            rates_rows.append((name, cell, label, these[0].max_score, len(these), ok, rate))
        fig, ax = plt.subplots(figsize=(6, 3.5))
        ax.hist(list(totals.values()), bins=range(0, int(max_total) + 2), color="#2a6f97", edgecolor="white",
                align="left")
        ax.set_title(f"Répartition des notes : {name}")
        ax.set_xlabel(f"Note (points sur {max_total:g})")
        ax.set_ylabel("Nombre d'apprenants")
        fig.tight_layout()
        chart = out_dir / f"notes_{name}.png"
        fig.savefig(chart, dpi=100)
        plt.close(fig)
        lines += ["", f"![Répartition des notes]({chart.name})", ""]
    with open(out_dir / "taux_de_reussite.csv", "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["exercice", "question", "ce_qu_elle_verifie", "points", "copies", "réussites", "taux"])
        for row in rates_rows:
            writer.writerow([row[0], row[1], row[2], f"{row[3]:g}", row[4], row[5], f"{row[6]:.4f}"])
    report = out_dir / "rapport.md"
    report.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return report
