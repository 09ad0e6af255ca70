"""What the grading process keeps beside the gradebook: the run journal and the reasons of lost points.

- `Journal` (``journal_correction.json`` in the workspace) records, for each submission,
  the fingerprint of the files graded, the status (``en cours``, ``corrigé``, ``refusé``,
  ``échec``), the score and the reason of each lost point.  It is written atomically
  (temporary file, fsync, rename) by the grading process only: a run killed at any point
  leaves either the previous or the next version, and the next run regrades what was
  ``en cours`` or has changed since.
- `cell_reasons` reads the autograded notebook and the gradebook to say, in French, why
  each test cell lost points; `write_reasons_csv` writes them to ``motifs.csv``.
"""

from __future__ import annotations

import csv
import json
import os
import tempfile
import time
from pathlib import Path

from ..fmt import strip_ansi


STATUS_RUNNING = "en cours"

STATUS_GRADED = "corrigé"

STATUS_REJECTED = "refusé"

STATUS_FAILED = "échec"

FINISHED = {STATUS_GRADED, STATUS_REJECTED, STATUS_FAILED}

def atomic_write_text(path: Path, text: str) -> None:
    """Write `text` to `path` so that a reader (or a crash) sees the old or the new file, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise

class Journal:
    """The grading journal of a workspace (``journal_correction.json``)."""

    NAME = "journal_correction.json"

    def __init__(self, workspace: Path):
        self.path = Path(workspace) / self.NAME
        self.entries: dict[str, dict] = {}
        if self.path.exists():
            try:
                data = json.loads(self.path.read_text(encoding="utf-8"))
                self.entries = dict(data.get("copies", {}))
            except (OSError, ValueError):
                self.entries = {}  # unreadable: everything will be regraded

    @staticmethod
    def key(learner: str, assignment: str) -> str:
        return f"{learner}/{assignment}"

    def get(self, learner: str, assignment: str) -> dict | None:
        return self.entries.get(self.key(learner, assignment))

    def save(self) -> None:
        atomic_write_text(self.path, json.dumps({"version": 1, "copies": self.entries}, ensure_ascii=False,
                                                indent=1, sort_keys=True) + "\n")

    def start(self, learner: str, assignment: str, print_: str, *, sandbox: bool,
              left_out: list[str] | None = None) -> None:
        """A submission's grading starts.  `left_out`: its files that never reach the grading kernel
        (`reseau.autograde.paths.left_out_files`), listed for the trainer (a data file handed in by mistake?)."""
        entry = {
            "apprenant": learner, "exercice": assignment, "empreinte": print_, "statut": STATUS_RUNNING,
            "debut": time.strftime("%Y-%m-%d %H:%M:%S"), "bac_a_sable": sandbox,
        }
        if left_out:
            entry["fichiers_ecartes"] = list(left_out)
            entry["fichiers_ecartes_note"] = left_out_note(left_out)
        self.entries[self.key(learner, assignment)] = entry
        self.save()

    def finish(self, learner: str, assignment: str, status: str, *, score: float, max_score: float,
               reasons: list[dict], message: str | None = None, alone: bool = False,
               look: list[str] | None = None) -> None:
        """A submission's grading ends.  `look`: why the trainer should look at it (French, the grade stands)."""
        entry = self.entries.setdefault(self.key(learner, assignment), {"apprenant": learner, "exercice": assignment})
        entry.update({"statut": status, "note": score, "sur": max_score, "motifs": reasons,
                      "fin": time.strftime("%Y-%m-%d %H:%M:%S")})
        entry.pop("a_regarder", None)
        if look:
            entry["a_regarder"] = list(look)
        if message:
            entry["message"] = message
        if alone:  # stopped by a limit while others ran: graded again alone, this grade kept
            entry["recorrige_seul"] = True
        self.save()

    def unfinished(self) -> list[tuple[str, str]]:
        return sorted((e["apprenant"], e["exercice"]) for e in self.entries.values()
                      if e.get("statut") not in FINISHED)

#: Files left out named one by one in the note, at most (the journal's list has them all).
LEFT_OUT_SHOWN = 8


def left_out_note(left_out: list[str]) -> str:
    """The trainer's French note on the files of a submission that were not given to the grading kernel."""
    from ..fmt import agree, count

    shown = ", ".join(left_out[:LEFT_OUT_SHOWN])
    more = len(left_out) - LEFT_OUT_SHOWN
    if more > 0:
        shown += f" et {count(more, 'autre', 'autres')}"
    return (f"{count(len(left_out), 'fichier rendu', 'fichiers rendus')} à côté du carnet, "
            f"{agree(len(left_out), 'laissé', 'laissés')} de côté (seul le carnet est exécuté) : {shown}.")


#: Errors whose French message is the grader's own (sandbox, judge): the reason is the message alone.
_OWN_ERRORS = {"NoyauArrete", "CelluleNonExecutee", "TempsDepasse", "SortieTropLongue", "JugeArrete", "CarnetMuet",
               "ReponseIllisible", "ReponseTropLongue"}

def _reason_from_outputs(outputs: list) -> str:
    for out in outputs:  # the sandbox's own reasons first (a timeout also leaves a KeyboardInterrupt)
        if out.get("output_type") == "error" and out.get("ename") in _OWN_ERRORS:
            return strip_ansi(str(out.get("evalue", ""))).strip()
    for out in outputs:
        if out.get("output_type") == "error":
            ename = out.get("ename", "")
            evalue = strip_ansi(str(out.get("evalue", ""))).strip()
            if ename in _OWN_ERRORS:
                return evalue
            if ename in {"CellTimeoutError"}:
                return "temps dépassé : la cellule a été interrompue."
            return f"{ename} : {evalue}" if evalue else ename
        if out.get("output_type") == "stream" and out.get("name") == "stderr":
            text = strip_ansi(str(out.get("text", ""))).strip().splitlines()
            return "la cellule a écrit sur la sortie d'erreur (notée 0 par nbgrader) : " + (text[0] if text else "")
        if out.get("output_type") == "execute_result":
            return "note partielle renvoyée par le test."
    return "aucun point (sans message d'erreur)."

def cell_reasons(autograded_nb: Path | None, scores: list, *, limit: int | None = 500) -> list[dict]:
    """One dict per graded cell that lost points: notebook, cell, score, max, French reason.

    `scores` are `reseau.autograde.CellScore` of one submission.  Each reason is cut to `limit`
    characters (the journal and motifs.csv; None: whole, as a learner's self-check shows it).
    """
    cells: dict[str, dict] = {}
    causes: dict[str, str] = {}  # test cell -> the error of the answer cell just before it
    if autograded_nb is not None and autograded_nb.exists():
        try:
            nb = json.loads(autograded_nb.read_text(encoding="utf-8"))
            answer_error = None
            for cell in nb.get("cells", []):
                meta = cell.get("metadata", {}).get("nbgrader", {})
                gid = meta.get("grade_id")
                if meta.get("solution") and cell.get("cell_type") == "code":
                    errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
                    answer_error = f"« {gid} » : {_reason_from_outputs(errors)}" if errors else None
                if gid:
                    cells[gid] = cell
                    if meta.get("grade") and answer_error:
                        causes[gid] = answer_error
        except (OSError, ValueError):
            cells = {}
    out = []
    for s in scores:
        if s.score >= s.max_score:
            continue
        cell = cells.get(s.cell)
        reason = _reason_from_outputs(cell.get("outputs", [])) if cell else "cellule absente de la copie corrigée."
        if s.cell in causes and causes[s.cell].split(" : ", 1)[-1] != reason:
            reason += f" (erreur dans la cellule de réponse {causes[s.cell]})"
        out.append({"carnet": s.notebook, "question": s.cell, "points": s.score, "sur": s.max_score,
                    "motif": reason[:limit] if limit is not None else reason})
    return out

def write_reasons_csv(workspace: Path, journal: Journal) -> Path:
    """``motifs.csv``: one row per lost point (or refused submission), from the journal."""
    path = Path(workspace) / "motifs.csv"
    rows = [["apprenant", "exercice", "statut", "carnet", "question", "points", "sur", "motif"]]
    for key in sorted(journal.entries):
        e = journal.entries[key]
        for r in e.get("motifs", []):
            rows.append([e["apprenant"], e["exercice"], e.get("statut", ""), r.get("carnet", ""),
                         r.get("question", ""), f"{r.get('points', 0):g}", f"{r.get('sur', 0):g}", r.get("motif", "")])
    import io

    buf = io.StringIO()
    csv.writer(buf).writerows(rows)
    atomic_write_text(path, buf.getvalue())
    return path
