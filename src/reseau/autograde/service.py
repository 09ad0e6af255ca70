"""The classroom's grading service: each submission graded as it arrives, its French feedback handed back.

Started by the classroom server (`deploy/hub/jupyterhub_config.py`, a JupyterHub-managed service
« correction », as root), it watches nbgrader's exchange.  A participant's « Rendre » (nbgrader's
submit) puts a copy in ``<exchange>/reseau/inbound/<participant>+<assignment>+<time>+<random>``;
within a second the service, for every assignment with new copies whose automatic grading is on
(`autograder/correction.ini`):
1. collects them into the trainer's workspace (nbgrader's collect, --update: the last copy counts);
2. grades them with the project's engine (`pipeline.autograde`: sandbox, judge, parallel workers),
   only the new or changed copies;
3. writes each one's French feedback (`cycle.generate_feedback`) and releases it to the exchange,
   where the participant's panel fetches it.
All of it under the workspace's lock (waiting for a trainer's command in progress, and making the
trainer's commands wait), in the same workspace as `make autograde`: both give the same grades.
Each copy handed in is one line of the attempts journal, ``rendus.csv`` in the workspace.  What was
seen is remembered in ``correction_automatique.json``: a restart (of the service or of the hub)
resumes where it stopped; a copy whose grading failed is reported and tried again on the next one.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import json
import os
import signal
import sys
import time
from pathlib import Path

from ..errors import ReseauError
from .paths import COURSE_ID, exchange_root, workspace_dir

STATE_FILE = "correction_automatique.json"
ATTEMPTS_FILE = "rendus.csv"
ATTEMPT_COLUMNS = ["rendu_le", "participant", "exercice", "copie", "statut", "note", "sur", "corrige_le"]
#: Seconds between two looks at the exchange.
INTERVAL = 1.0


def inbound_copies(exchange: Path | None = None) -> list[tuple[str, str, str]]:
    """(participant, assignment, entry name) of every copy in the exchange's inbound folder, oldest first."""
    inbound = (exchange or exchange_root()) / COURSE_ID / "inbound"
    if not inbound.is_dir():
        return []
    out = []
    for entry in inbound.iterdir():
        parts = entry.name.split("+")
        if entry.is_dir() and len(parts) >= 3:
            out.append((parts[0], parts[1], entry.name))
    return sorted(out, key=lambda c: c[2].split("+")[2])


def _load_state(ws: Path) -> dict:
    try:
        state = json.loads((ws / STATE_FILE).read_text(encoding="utf-8"))
        return state if isinstance(state, dict) else {}
    except (OSError, ValueError):
        return {}


def _save_state(ws: Path, state: dict) -> None:
    from .journal import atomic_write_text

    atomic_write_text(ws / STATE_FILE, json.dumps(state, ensure_ascii=False, indent=1, sort_keys=True))


def _handed_in_at(entry: str) -> str:
    """The local time of a copy, from nbgrader's UTC timestamp in its name."""
    raw = entry.split("+")[2]
    for fmt in ("%Y-%m-%d %H:%M:%S.%f %Z", "%Y-%m-%d %H:%M:%S.%f", "%Y-%m-%d %H:%M:%S %Z"):
        try:
            stamp = dt.datetime.strptime(raw, fmt).replace(tzinfo=dt.timezone.utc)
            return stamp.astimezone().strftime("%Y-%m-%d %H:%M:%S")
        except ValueError:
            continue
    return raw


def _append_attempts(ws: Path, rows: list[dict]) -> None:
    path = ws / ATTEMPTS_FILE
    new = not path.exists()
    with open(path, "a", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=ATTEMPT_COLUMNS)
        if new:
            writer.writeheader()
        writer.writerows(rows)


def _totals(ws: Path, learner: str, assignment: str) -> tuple[float, float] | None:
    from .gradebook import _submission_scores

    scores = _submission_scores(ws, learner, assignment)
    if not scores:
        return None
    return sum(s.score for s in scores), sum(s.max_score for s in scores)


def grade_new_copies(workspace: Path | None = None, *, exchange: Path | None = None, wait: bool = True,
                     log=print) -> list[dict]:
    """One pass: grade every new copy of the exchange whose automatic grading is on; return the attempts written."""
    from ..workspace_lock import workspace_lock
    from .correction import read_settings
    from .cycle import collect_exchange, generate_feedback, release_feedback
    from .pipeline import autograde

    ws = workspace_dir(workspace)
    ws.mkdir(parents=True, exist_ok=True)
    state = _load_state(ws)
    seen = state.setdefault("copies", {})
    fresh = [c for c in inbound_copies(exchange) if c[2] not in seen]
    if not fresh:
        return []
    settings = read_settings()
    by_assignment: dict[str, list[tuple[str, str, str]]] = {}
    for learner, assignment, entry in fresh:
        by_assignment.setdefault(assignment, []).append((learner, assignment, entry))
    rows = []
    for assignment, copies in sorted(by_assignment.items()):
        if not settings.grades_automatically(assignment):
            for learner, _, entry in copies:
                seen[entry] = "manuel"
                rows.append({"rendu_le": _handed_in_at(entry), "participant": learner, "exercice": assignment,
                             "copie": entry, "statut": "correction par le formateur", "note": "", "sur": "",
                             "corrige_le": ""})
            continue
        learners = sorted({c[0] for c in copies})
        quiet = io.StringIO()
        try:
            with workspace_lock(ws, "correction automatique", wait=wait, say=lambda m: None), \
                    contextlib.redirect_stdout(quiet):
                collect_exchange(assignment, workspace=ws)
                autograde(workspace=ws, assignment=assignment, quiet=True, progress=False)  # the new copies
                for learner in learners:
                    generate_feedback(workspace=ws, assignment=assignment, student=learner)
                release_feedback(workspace=ws, assignment=assignment)
        except ReseauError as err:
            log(f"correction automatique de {assignment} impossible : {err}")
            continue  # tried again with the next copy
        done_at = dt.datetime.now().strftime("%Y-%m-%d %H:%M:%S")
        for learner, _, entry in copies:
            totals = _totals(ws, learner, assignment)
            seen[entry] = "corrige" if totals else "echec"
            rows.append({"rendu_le": _handed_in_at(entry), "participant": learner, "exercice": assignment,
                         "copie": entry, "statut": "corrigé" if totals else "non corrigé (voir le journal)",
                         "note": f"{totals[0]:g}" if totals else "", "sur": f"{totals[1]:g}" if totals else "",
                         "corrige_le": done_at})
            log(f"corrigé : {learner} / {assignment}" + (f" : {totals[0]:g} / {totals[1]:g}" if totals else ""))
    _append_attempts(ws, rows)
    _save_state(ws, state)
    return rows


def hub_is_gone(parent: int) -> bool:
    """Whether the process that started this service (JupyterHub) is no longer its parent: a hub killed outright
    (SIGKILL, a crash) cannot stop its services, which would go on grading and holding the workspace's lock."""
    return os.getppid() != parent


def run(workspace: Path | None = None, *, interval: float = INTERVAL) -> None:
    """The service's loop: look at the exchange every `interval` seconds, grade what is new, until the hub that
    started it is gone."""
    def log(message: str) -> None:
        print(f"[correction] {dt.datetime.now():%H:%M:%S} {message}", flush=True)

    parent = os.getppid()
    log(f"en service : dossier d'échange {exchange_root()}, espace de correction {workspace_dir(workspace)}")
    while not hub_is_gone(parent):
        try:
            grade_new_copies(workspace, log=log)
        except Exception as err:  # noqa: BLE001 - the service keeps going; the next pass tries again
            log(f"erreur ({type(err).__name__}) : {err}")
        time.sleep(interval)


def reveal_answers(assignment: str, workspace: Path | None = None) -> int:
    """The live view's « Révéler les réponses »: the quiz's feedback regenerated with its answers, released again.
    Returns the number of feedback pages written."""
    from ..workspace_lock import workspace_lock
    from .correction import reveal
    from .cycle import generate_feedback, release_feedback

    ws = workspace_dir(workspace)
    with workspace_lock(ws, "révélation des réponses", wait=True, say=lambda m: None), \
            contextlib.redirect_stdout(io.StringIO()):
        reveal(assignment, ws)
        if not (ws / "autograded").is_dir() or not any((ws / "autograded").glob(f"*/{assignment}")):
            return 0
        generate_feedback(workspace=ws, assignment=assignment)
        release_feedback(workspace=ws, assignment=assignment)
    return len(list((ws / "feedback").glob(f"*/{assignment}/*.html")))


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["reveler"] and len(args) == 2:
        try:
            pages = reveal_answers(args[1])
        except ReseauError as err:
            print(f"Erreur : {err}", file=sys.stderr)
            return 2
        print(f"réponses révélées : {args[1]} ({pages} retours republiés)")
        return 0
    # stopped by the hub (SIGINT, then SIGTERM): leave at once, whatever the launch ignored
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        run()
    except KeyboardInterrupt:
        return 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
