"""A learner grades their own notebook against the hidden tests (`make self-check`).
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

from ..errors import ReseauError
from .cycle import generate_exercises
from .gradebook import DB_URL_ENV, gradebook_scores
from .paths import AUTOGRADER_DIR, SOLUTIONS_DIR, _assignment_of, workspace_dir
from .pipeline import autograde


class _quiet_stderr:
    """Silence the no-sandbox banner for a learner's own self-check (it is meant for trainers)."""

    def __init__(self, active: bool):
        self.active = active

    def __enter__(self):
        if self.active:
            import io

            self._saved, sys.stderr = sys.stderr, io.StringIO()
        return self

    def __exit__(self, *exc):
        if self.active:
            sys.stderr = self._saved
        return False

def self_check(notebook: Path | str, *, keep: Path | None = None, sandbox: bool = True,
               wait: bool = False, quiet: bool = False) -> tuple[float, float, dict[str, str]]:
    """Grade one learner's notebook against the hidden tests, in a private workspace.

    Prints the score of each question, and under each question lost the French reason (the
    message of the check that failed); returns (score, max_score, {question: reason} for the
    questions that lost points).  No HTML feedback: nbgrader's shows the hidden tests' code.
    The workspace (``auto-evaluation`` in the grading workspace, or `keep`) keeps its gradebook
    between calls: the assignment is generated again only when its source in solutions/
    has changed since.  The workspace is locked for the run (`reseau.workspace_lock`;
    `wait`: wait for another self-check).
    """
    report = self_check_report(notebook, keep=keep, sandbox=sandbox, wait=wait, quiet=quiet)
    reasons = {q["id"]: q["motif"] for q in report["questions"] if q["motif"]}
    return report["note"], report["sur"], reasons


def self_check_report(notebook: Path | str, *, keep: Path | None = None, sandbox: bool = True,
                      wait: bool = False, quiet: bool = True) -> dict:
    """`self_check`, answered as data (« Me noter », ``self-check --json``).

    ``{"carnet", "exercice", "note", "sur", "attention": [French reasons of a refused copy],
    "questions": [{"id", "titre", "points", "sur", "motif"}]}``: each question in the notebook's order,
    its French title (`reseau.autograde.report.question_labels`) and, when it lost points, the French
    reason (for a quiz: the right answer and its source, as in the trainer's feedback).
    """
    from ..workspace_lock import workspace_lock

    notebook = Path(notebook).resolve()
    if not notebook.is_file():
        raise ReseauError(f"Carnet introuvable : {notebook}. Donnez le chemin de votre carnet d'exercice.",
                          value=str(notebook))
    name = _assignment_of(notebook)
    ws = Path(keep) if keep is not None else workspace_dir() / "auto-evaluation"
    with workspace_lock(ws, "self-check", wait=wait), _private_gradebook():
        return _self_check(notebook, name, ws=ws, sandbox=sandbox, quiet=quiet)


class _private_gradebook:
    """A self-check keeps its grades in its own SQLite file, never in the trainer's RESEAU_DB_URL."""

    def __enter__(self):
        self._saved = os.environ.pop(DB_URL_ENV, None)
        return self

    def __exit__(self, *exc):
        if self._saved is not None:
            os.environ[DB_URL_ENV] = self._saved
        return False


#: In a self-check workspace: the fingerprint of each assignment's source when it was last generated.
SOURCE_STAMP = "sources.json"
LEARNER = "moi"


def _prepare_workspace(ws: Path, name: str) -> None:
    """The gradebook knows the assignment as it is in solutions/ now; the previous self-check is gone."""
    import json

    from ..workspace_lock import LOCK_NAME, PORTABLE_LOCK_NAME
    from .gradebook import gradebook_exists
    from .submissions import fingerprint

    stamp_file = ws / SOURCE_STAMP
    import hashlib

    config = hashlib.sha256((AUTOGRADER_DIR / "nbgrader_config.py").read_bytes()).hexdigest()
    current = fingerprint(SOLUTIONS_DIR / name) + ":" + config
    try:
        stamps = json.loads(stamp_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        stamps = {}
    if stamps.get(name) == current and gradebook_exists(ws):
        for sub in ("submitted", "autograded", "feedback"):
            shutil.rmtree(ws / sub / LEARNER, ignore_errors=True)
        return
    for old in ws.iterdir():  # a fresh workspace, but the lock file stays (it is held)
        if old.name in (LOCK_NAME, PORTABLE_LOCK_NAME):
            continue
        if old.is_dir() and not old.is_symlink():
            shutil.rmtree(old)
        else:
            old.unlink()
    with tempfile.TemporaryDirectory() as tmp:
        generate_exercises(Path(tmp), workspace=ws, only=[name])
    stamp_file.write_text(json.dumps({name: current}), encoding="utf-8")


def _self_check(notebook: Path, name: str, *, ws: Path, sandbox: bool, quiet: bool) -> dict:
    from . import sandbox as sb

    _prepare_workspace(ws, name)
    dest = ws / "submitted" / LEARNER / name
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy2(notebook, dest / notebook.name)
    # your own code on your own machine: the sandbox when it works, else a plain run (said once)
    use_sandbox = sandbox and not sb.sandbox_disabled() and sb.sandbox_problem() is None
    say = (lambda *a: None) if quiet else print
    if sandbox and not use_sandbox and not sb.sandbox_disabled():
        say("Remarque : auto-évaluation sans bac à sable (bubblewrap absent ou indisponible) ; "
            "c'est votre propre code, sur votre machine.")
    with _quiet_stderr(not use_sandbox):
        autograde(workspace=ws, assignment=name, student=LEARNER, force=True, sandbox=use_sandbox, jobs=1,
                  progress=False, quiet=True)
    cells = [s for s in gradebook_scores(workspace=ws) if s.assignment == name and s.student == LEARNER]
    if not cells:
        raise ReseauError("La correction n'a rien noté : vérifiez que votre carnet s'ouvre et s'exécute.", value=name)
    from .journal import Journal
    from .report import question_labels

    entry = Journal(ws).get(LEARNER, name) or {}
    refused = {r["motif"] for r in entry.get("motifs", []) if entry.get("statut") != "corrigé"}
    reasons = {r["question"]: r["motif"] for r in entry.get("motifs", [])}
    if not refused:  # the whole reason (the journal keeps 500 characters): a quiz's explanation ends with its source
        from .journal import cell_reasons
        from .paths import _expected_notebooks

        for nb_id in _expected_notebooks(name):
            graded = ws / "autograded" / LEARNER / name / f"{nb_id}.ipynb"
            these = [s for s in cells if s.notebook == nb_id]
            reasons.update({r["question"]: r["motif"] for r in cell_reasons(graded, these, limit=None)})
    labels = question_labels(name)
    for motif in sorted(refused):
        say(f"Attention : {motif}")
    say(f"\nAuto-évaluation de {notebook.name} :")
    questions = []
    for s in cells:
        mark = "réussi" if s.score >= s.max_score else "à revoir"
        say(f"  {s.cell:32s} {s.score:g} / {s.max_score:g}  {mark}")
        reason = reasons.get(s.cell) if s.score < s.max_score else None
        if reason and not refused:
            say(f"      → {reason}")
        questions.append({"id": s.cell, "titre": labels.get((name, s.cell), s.cell), "points": s.score,
                          "sur": s.max_score, "motif": reason})
    score = sum(s.score for s in cells)
    max_score = sum(s.max_score for s in cells)
    say(f"Total : {score:g} / {max_score:g}")
    if score < max_score:
        say("Corrigez les questions « à revoir » dans votre carnet, enregistrez-le, puis relancez make self-check.")
    return {"carnet": notebook.name, "exercice": name, "note": score, "sur": max_score,
            "attention": sorted(refused), "questions": questions}
