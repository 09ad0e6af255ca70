"""The orchestrator of `make autograde`: a class graded in parallel, in one process.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from .cycle import run_nbgrader
from .gradebook import _record_zero, _submission_scores, gradebook_exists, refresh_csv
from .paths import TIMEOUT_MARK, _expected_notebooks, _submissions, _submitted_dir, notebook_timeout, workspace_dir


#: Words of the reasons worth printing during the run (the sandbox stopped something).
_SANDBOX_WORDS = ("noyau", "dépassé", "Sortie trop longue", "non exécutée", "trafiqué", "MemoryError",
                  "BlockingIOError", "PermissionError", "FileNotFoundError", "OSError", "ConnectionRefused")

def _nbgrader_failure(log: str) -> str:
    import re

    if TIMEOUT_MARK in log:
        return (f"la correction de ce carnet a dépassé le temps total permis ({notebook_timeout():g} s) et a été "
                "arrêtée (trop de cellules lentes ?) : note 0 en attendant une vérification.")
    lines = [ln.strip() for ln in log.splitlines() if ln.strip()]
    raised = [ln for ln in lines if re.match(r"^[A-Za-z_][\w.]*(Error|Exception|Exit)\b", ln)]
    errors = [ln for ln in lines if "| ERROR]" in ln and "Please see" not in ln and "There was an error" not in ln
              and "Traceback" not in ln]
    detail = (raised[-1] if raised else errors[-1].split("]", 1)[-1].strip() if errors
              else (lines[-1] if lines else ""))[:300]
    return f"la correction automatique de ce carnet a échoué ({detail}) : note 0 en attendant une vérification."

def autograde(*, workspace: Path | None = None, assignment: str | None = None,
              student: str | None = None, force: bool = False, sandbox: bool = True) -> dict[tuple[str, str], bool]:
    """Autograde every submission (or one), one learner at a time so one failure stops no one.

    Each learner's notebooks are checked first (`grading_journal.check_submission`): a
    broken, empty, misnamed or linked file scores 0 with a French reason instead of stopping
    the run.  The rest goes through `nbgrader autograde`, whose kernels run in the sandbox
    (`reseau.sandbox`) unless `sandbox` is False or RESEAU_NO_SANDBOX=1 (the trainer's
    explicit choice, printed as a warning).  Without a working sandbox, grading is refused
    (`SandboxUnavailable`, French message with the install command).

    A submission already graded in an earlier run, unchanged since, is not graded again
    unless `force`: a run killed halfway is completed by the next one.  The journal
    (``journal_correction.json``), the reasons (``motifs.csv``) and ``grades.csv`` are
    rewritten after every learner.

    Returns {(learner, assignment): True when graded (or refused with a reason), False on failure}.
    """
    from . import sandbox as sb
    from .journal import STATUS_FAILED, STATUS_GRADED, STATUS_REJECTED, Journal, cell_reasons, write_reasons_csv
    from .submissions import check_submission, fingerprint

    ws = workspace_dir(workspace)
    unsafe = (not sandbox) or sb.sandbox_disabled()
    env_extra = {sb.NO_SANDBOX_ENV: "1"} if unsafe else {}
    if unsafe:
        print("!" * 100, file=sys.stderr)
        print(sb.NO_SANDBOX_WARNING, file=sys.stderr)
        print("!" * 100, file=sys.stderr)
    else:
        sb.require_sandbox()
    journal = Journal(ws)
    if gradebook_exists(ws):
        refresh_csv(ws)  # a run killed earlier may have left a CSV behind the gradebook
    done: dict[tuple[str, str], bool] = {}
    for learner, name in _submissions(ws):
        if (assignment and name != assignment) or (student and learner != student):
            continue
        folder = _submitted_dir(ws) / learner / name
        print_ = fingerprint(folder)
        previous = journal.get(learner, name)
        if (not force and previous and previous.get("statut") in {STATUS_GRADED, STATUS_REJECTED}
                and previous.get("empreinte") == print_ and _submission_scores(ws, learner, name)):
            print(f"{learner} / {name} : déjà corrigé ({previous.get('note', 0):g} / {previous.get('sur', 0):g}), "
                  "copie inchangée")
            done[(learner, name)] = True
            continue
        journal.start(learner, name, print_, sandbox=not unsafe)
        expected = _expected_notebooks(name)
        check = check_submission(folder, expected)
        refused = dict(check.refused)
        if check.whole:
            refused = {nb_id: check.whole for nb_id in expected}
        status = STATUS_GRADED
        message = None
        if not check.gradable:
            shutil.rmtree(ws / "autograded" / learner / name, ignore_errors=True)  # no stale corrected copy
        else:
            runs = [[]] if not refused else [["--notebook", nb_id] for nb_id in check.valid]
            for extra in runs:
                proc = run_nbgrader(["autograde", name, "--student", learner, "--force", *extra], workspace=ws,
                                    check=False, quiet=True, env_extra=env_extra, timeout=notebook_timeout())
                if proc.returncode != 0:
                    status = STATUS_FAILED
                    message = proc.stdout[-4000:]
                    failed = [extra[1]] if extra else check.valid
                    for nb_id in failed:
                        refused[nb_id] = _nbgrader_failure(proc.stdout)
        if refused:
            _record_zero(ws, learner, name, list(refused))
            if status == STATUS_GRADED and not check.valid:
                status = STATUS_REJECTED
        scores = _submission_scores(ws, learner, name)
        reasons = []
        for nb_id in expected:
            these = [s for s in scores if s.notebook == nb_id]
            if nb_id in refused:
                reasons += [{"carnet": nb_id, "question": s.cell, "points": s.score, "sur": s.max_score,
                             "motif": refused[nb_id]} for s in these]
            else:
                reasons += cell_reasons(ws / "autograded" / learner / name / f"{nb_id}.ipynb", these)
        score = sum(s.score for s in scores)
        max_score = sum(s.max_score for s in scores)
        journal.finish(learner, name, status, score=score, max_score=max_score, reasons=reasons, message=message)
        write_reasons_csv(ws, journal)
        refresh_csv(ws)
        done[(learner, name)] = status != STATUS_FAILED
        label = {STATUS_GRADED: "corrigé", STATUS_REJECTED: "REFUSÉ", STATUS_FAILED: "ÉCHEC de la correction"}[status]
        print(f"{learner} / {name} : {label}, {score:g} / {max_score:g}")
        shown = set()
        for r in reasons:
            motif = r["motif"]
            if r["carnet"] in refused or any(k in motif for k in _SANDBOX_WORDS):
                if (r["carnet"], motif) in shown and r["carnet"] in refused:
                    continue
                shown.add((r["carnet"], motif))
                where = r["carnet"] if r["carnet"] in refused else f"{r['question']} ({r['points']:g} / {r['sur']:g})"
                print(f"    {where} : {motif}")
        if status == STATUS_FAILED and message:
            print(message)
    if done:
        print(f"Motifs des points perdus : {ws / 'motifs.csv'}")
    return done
