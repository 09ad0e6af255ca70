"""A learner grades their own notebook against the hidden tests (`make self-check`).
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

from ..errors import ReseauError
from .cycle import generate_feedback, run_nbgrader
from .gradebook import DB_URL_ENV, gradebook_scores
from .paths import AUTOGRADER_DIR, _assignment_of
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
               wait: bool = False) -> tuple[float, float, Path]:
    """Grade one learner's notebook against the hidden tests, in a private temporary workspace.

    Prints the score of each question and returns (score, max_score, feedback HTML path).
    The workspace is locked for the run (`reseau.workspace_lock`; `wait`: wait for another self-check).
    """
    from ..workspace_lock import workspace_lock

    notebook = Path(notebook).resolve()
    if not notebook.is_file():
        raise ReseauError(f"Carnet introuvable : {notebook}. Donnez le chemin de votre carnet d'exercice.",
                          value=str(notebook))
    name = _assignment_of(notebook)
    ws = Path(keep) if keep is not None else AUTOGRADER_DIR / "workspace" / "auto-evaluation"
    with workspace_lock(ws, "self-check", wait=wait), _private_gradebook():
        return _self_check(notebook, name, ws=ws, sandbox=sandbox)

class _private_gradebook:
    """A self-check keeps its grades in its own SQLite file, never in the trainer's RESEAU_DB_URL."""

    def __enter__(self):
        self._saved = os.environ.pop(DB_URL_ENV, None)
        return self

    def __exit__(self, *exc):
        if self._saved is not None:
            os.environ[DB_URL_ENV] = self._saved
        return False

def _self_check(notebook: Path, name: str, *, ws: Path, sandbox: bool) -> tuple[float, float, Path]:
    from ..workspace_lock import LOCK_NAME

    for old in ws.iterdir():  # a fresh workspace, but the lock file stays (it is held)
        if old.name == LOCK_NAME:
            continue
        if old.is_dir() and not old.is_symlink():
            shutil.rmtree(old)
        else:
            old.unlink()
    with tempfile.TemporaryDirectory() as tmp:
        run_nbgrader(["generate_assignment", name, "--force"], workspace=ws, release=Path(tmp), quiet=True)
    dest = ws / "submitted" / "moi" / name
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy2(notebook, dest / notebook.name)
    from . import sandbox as sb

    # your own code on your own machine: the sandbox when it works, else a plain run (said once)
    use_sandbox = sandbox and not sb.sandbox_disabled() and sb.sandbox_problem() is None
    if sandbox and not use_sandbox and not sb.sandbox_disabled():
        print("Remarque : auto-évaluation sans bac à sable (bubblewrap absent ou indisponible) ; "
              "c'est votre propre code, sur votre machine.")
    with _quiet_stderr(not use_sandbox):
        autograde(workspace=ws, assignment=name, force=True, sandbox=use_sandbox)
    generate_feedback(workspace=ws)
    cells = [s for s in gradebook_scores(workspace=ws) if s.assignment == name]
    if not cells:
        raise ReseauError("La correction n'a rien noté : vérifiez que votre carnet s'ouvre et s'exécute.", value=name)
    from .journal import Journal

    entry = Journal(ws).get("moi", name) or {}
    refused = {r["motif"] for r in entry.get("motifs", []) if entry.get("statut") != "corrigé"}
    for motif in sorted(refused):
        print(f"Attention : {motif}")
    print(f"\nAuto-évaluation de {notebook.name} :")
    for s in cells:
        mark = "réussi" if s.score >= s.max_score else "à revoir"
        print(f"  {s.cell:32s} {s.score:g} / {s.max_score:g}  {mark}")
    score = sum(s.score for s in cells)
    max_score = sum(s.max_score for s in cells)
    feedback = ws / "feedback" / "moi" / name / notebook.with_suffix(".html").name
    print(f"Total : {score:g} / {max_score:g}")
    print(f"Le détail, avec les messages des tests : {feedback}")
    return score, max_score, feedback
