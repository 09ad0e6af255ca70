"""The orchestrator of `make autograde`: a class graded in parallel, in one process.

For each submission, in the grading process:

1. skip it when it was graded before and has not changed (a killed run resumes here);
2. check its files (`submissions.check_submission`): a broken file scores 0 with a reason;
3. record it in the gradebook and sanitize its notebooks (`convert.Converter.prepare`);
4. execute each notebook in a worker, side by side with others (`workers.run_tasks`,
   `execution.run_notebook`, each kernel in its own sandbox);
5. save the scores to the gradebook and write the graded notebook (`convert.Converter.finish`);
6. record the outcome in the journal, the reasons in ``motifs.csv``, the grade in ``grades.csv``.

Only this process writes the gradebook, the journal and the CSV files.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

from .gradebook import (_record_zero, _submission_scores, append_csv, gradebook_exists, refresh_csv,
                        require_assignments, shared_engines)
from .journal import STATUS_FAILED, STATUS_GRADED, STATUS_REJECTED, Journal, cell_reasons, write_reasons_csv
from .paths import (TIMEOUT_MARK, _expected_notebooks, _submissions, _submitted_dir, left_out_files,
                    notebook_timeout, workspace_dir)
from .progress import Progress
from .submissions import check_submission, fingerprint

#: Words of the reasons worth printing during the run (the sandbox stopped something).
_SANDBOX_WORDS = ("noyau", "dépassé", "Sortie trop longue", "non exécutée", "trafiqué", "MemoryError",
                  "BlockingIOError", "PermissionError", "FileNotFoundError", "OSError", "ConnectionRefused")
#: Kernels started ahead of need, beyond the running ones (each one waits for a free worker).
LOOKAHEAD = 1


def default_jobs() -> int:
    """The number of cores this process may use: the default number of workers."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def _nbgrader_failure(log: str) -> str:
    import re

    if TIMEOUT_MARK in log:
        return (f"la correction de ce carnet a dépassé le temps total permis ({notebook_timeout():g} s) et a été "
                "arrêtée (trop de cellules lentes ?) : note 0 ; ouvrez la copie pour voir quelle cellule est lente.")
    lines = [ln.strip() for ln in log.splitlines() if ln.strip()]
    raised = [ln for ln in lines if re.match(r"^[A-Za-z_][\w.]*(Error|Exception|Exit)\b", ln)]
    errors = [ln for ln in lines if "| ERROR]" in ln and "Please see" not in ln and "There was an error" not in ln
              and "Traceback" not in ln]
    detail = (raised[-1] if raised else errors[-1].split("]", 1)[-1].strip() if errors
              else (lines[-1] if lines else ""))[:300]
    return (f"la correction automatique de ce carnet a échoué ({detail}) : note 0 pour l'instant ; recorrigez cette "
            "copie (make autograde TOUT=1 APPRENANT=...) et, si l'échec revient, ouvrez-la.")

@dataclass
class _Submission:
    """One learner's copy of one assignment, while it is graded."""

    learner: str
    assignment: str
    refused: dict[str, str] = field(default_factory=dict)  # notebook id -> French reason of its 0
    valid: list[str] = field(default_factory=list)
    rejected: bool = False
    status: str = STATUS_GRADED
    message: str | None = None
    remaining: int = 0
    alone: bool = False  # graded again alone (stopped by a limit while others ran)


def autograde(*, workspace: Path | None = None, assignment: str | None = None, student: str | None = None,
              force: bool = False, sandbox: bool = True, jobs: int | None = None, progress: bool | None = None,
              quiet: bool = False) -> dict[tuple[str, str], bool]:
    """Autograde every submission (or one learner's, or one assignment's), `jobs` notebooks at a time.

    Each learner's notebooks are checked first (`submissions.check_submission`): a broken,
    empty, misnamed or linked file scores 0 with a French reason instead of stopping the
    run.  The rest is graded with nbgrader's Autograde (`convert`), each notebook executed
    by a worker (`workers`) whose kernel runs in the sandbox (`sandbox`) unless `sandbox`
    is False or RESEAU_NO_SANDBOX=1 (the trainer's explicit choice, printed as a warning).
    Without a working sandbox, grading is refused (`SandboxUnavailable`, French message
    with the install command).  A notebook still running after `notebook_timeout()`
    seconds, or whose worker fails, scores 0 with a reason; the others go on.

    A submission already graded in an earlier run, unchanged since, is not graded again
    unless `force`: a run killed halfway is completed by the next one.  After every learner,
    the journal (``journal_correction.json``) and ``motifs.csv`` are rewritten and the
    learner's grade is appended to ``grades.csv``, which is rewritten whole once at the end.

    `jobs`: notebooks executed at once (default: the number of cores).  `progress`: a
    progress bar (default: when the output is a terminal).  `quiet`: print nothing.
    Returns {(learner, assignment): True when graded (or refused with a reason), False on failure}.
    """
    from . import sandbox as sb

    ws = workspace_dir(workspace)
    unsafe = (not sandbox) or sb.sandbox_disabled()
    if unsafe:
        print("!" * 100, file=sys.stderr)
        print(sb.NO_SANDBOX_WARNING, file=sys.stderr)
        print("!" * 100, file=sys.stderr)
    else:
        sb.require_sandbox()
    require_assignments({name for learner, name in _submissions(ws)
                         if not (assignment and name != assignment) and not (student and learner != student)}, ws)
    journal = Journal(ws)
    if gradebook_exists(ws):
        refresh_csv(ws)  # a run killed earlier may have left a CSV behind the gradebook
    done: dict[tuple[str, str], bool] = {}
    todo = []
    with Progress(0, bar=False, quiet=quiet) as out:
        for learner, name in _submissions(ws):
            if (assignment and name != assignment) or (student and learner != student):
                continue
            previous = journal.get(learner, name)
            if (not force and previous and previous.get("statut") in {STATUS_GRADED, STATUS_REJECTED}
                    and previous.get("empreinte") == fingerprint(_submitted_dir(ws) / learner / name)
                    and _submission_scores(ws, learner, name)):
                out.line(f"{learner} / {name} : déjà corrigé ({previous.get('note', 0):g} / "
                         f"{previous.get('sur', 0):g}), copie inchangée")
                done[(learner, name)] = True
            else:
                todo.append((learner, name))
    if todo:
        jobs = max(1, int(jobs)) if jobs else default_jobs()
        from .cgroups import describe, remove_stale

        remove_stale()  # the groups a killed run left behind
        if not quiet and not unsafe:
            print(f"Bac à sable : {describe()}.")
        try:
            with Progress(len(todo), bar=progress, quiet=quiet) as out:
                _grade(ws, todo, journal, done, jobs=jobs, sandbox=not unsafe, out=out)
        finally:
            refresh_csv(ws)  # whole and in order, even after Ctrl+C (a kill leaves it to the next run)
    if done and not quiet:
        print(f"Motifs des points perdus : {ws / 'motifs.csv'}")
    return done


def _grade(ws: Path, todo: list[tuple[str, str]], journal: Journal, done: dict, *, jobs: int, sandbox: bool,
           out: Progress) -> None:
    """Grade `todo` (learner, assignment) pairs: record and save here, sanitize and execute in workers."""
    with shared_engines():
        _grade_all(ws, todo, journal, done, jobs=jobs, sandbox=sandbox, out=out)


def _grade_all(ws: Path, todo: list[tuple[str, str]], journal: Journal, done: dict, *, jobs: int, sandbox: bool,
               out: Progress) -> None:
    from . import sandbox as sb
    from .convert import Converter
    from .judge import JudgeServer

    converter = Converter(ws, sandbox=sandbox)
    uids = (sb.free_sandbox_uids(jobs + LOOKAHEAD + 1) if sandbox and os.geteuid() == 0
            else [getattr(os, "getuid", lambda: 0)()] * (jobs + LOOKAHEAD + 1))  # Windows has no uid
    judge_uid = uids.pop()  # the judges' own uid: no kernel of this run shares it
    import shutil
    import tempfile

    from .execution import SandboxExecute
    from .withhold import build_library

    libraries = Path(tempfile.mkdtemp(prefix="reseau-bibliotheque-"))
    try:
        os.chmod(libraries, 0o755)
        # the answer key stays out of the exam room: each assignment's kernels get a library without its references
        # (unless the test cells run in the kernels, as only benchmarks/bench_autograde.py makes them, to compare)
        converter.libraries = {name: build_library(name, libraries / name / "reseau")
                               for name in sorted({name for _, name in todo})} if SandboxExecute.tests_in_judge else {}
        with JudgeServer(sandbox=sandbox, uid=judge_uid, workspace=ws) as judge:
            converter.judge_socket = judge.socket_path
            _run_all(ws, todo, journal, done, jobs=jobs, sandbox=sandbox, out=out, converter=converter, uids=uids)
    finally:
        shutil.rmtree(libraries, ignore_errors=True)


def _run_all(ws: Path, todo: list[tuple[str, str]], journal: Journal, done: dict, *, jobs: int, sandbox: bool,
             out: Progress, converter, uids: list[int]) -> None:
    from .workers import DONE, TIMED_OUT, Task, run_tasks

    def close(sub: _Submission) -> None:
        _close(ws, sub, journal, converter, out)
        done[(sub.learner, sub.assignment)] = sub.status != STATUS_FAILED

    def tasks():
        for learner, name in todo:
            sub = _open(ws, learner, name, journal, sandbox=sandbox)
            try:
                notebooks = converter.record(learner, name, sub.valid) if sub.valid else []
            except Exception as err:  # noqa: BLE001 - an nbgrader error on one copy stops no one
                _fail(sub, sub.valid, _nbgrader_failure(f"{type(err).__name__}: {err}"), repr(err))
                notebooks = []
            sub.remaining = len(notebooks)
            if not notebooks:
                close(sub)
            for path in notebooks:
                yield Task((sub, path), _runner(converter, path))

    alone: list[Task] = []  # notebooks stopped by a limit while others ran: graded again, alone

    def settle(outcome, *, may_retry: bool) -> None:
        sub, path = outcome.key
        graded = converter.graded(sub.learner, sub.assignment) / path.name
        if may_retry and (outcome.status == TIMED_OUT or
                          (outcome.status == DONE and _stopped_by_a_limit(graded, limits))):
            alone.append(Task((sub, path), _runner(converter, path)))
            sub.alone = True
            return
        if outcome.status == DONE:
            try:
                converter.save(sub.learner, sub.assignment, graded)
            except Exception as err:  # noqa: BLE001
                _fail(sub, [path.stem], _nbgrader_failure(f"{type(err).__name__}: {err}"), repr(err))
        elif outcome.status == TIMED_OUT:
            _fail(sub, [path.stem], _nbgrader_failure(TIMEOUT_MARK), f"{TIMEOUT_MARK}: {outcome.detail}")
        else:
            _fail(sub, [path.stem], _nbgrader_failure(outcome.detail), outcome.detail[-4000:])
        if sub.refused.get(path.stem):
            graded.unlink(missing_ok=True)  # no half-graded copy beside a 0
        sub.remaining -= 1
        if sub.remaining == 0:
            close(sub)

    deadline = notebook_timeout()
    # A kernel stopped (memory), a notebook over its deadline: with other learners' kernels on the same
    # machine, the cause may be theirs.  Such a notebook is graded once more, alone, and that grade is
    # the one kept.  A cell over its time limit too, when more notebooks run at once than there are
    # cores (with a core each, another kernel cannot slow a cell down to its limit).
    limits = _LIMIT_ERRORS | ({"TempsDepasse"} if jobs > default_jobs() else set())
    for outcome in run_tasks(tasks(), jobs=jobs, uids=uids, deadline=deadline, lookahead=LOOKAHEAD):
        settle(outcome, may_retry=jobs > 1)
    for outcome in run_tasks(alone, jobs=1, uids=uids, deadline=deadline, lookahead=0):
        settle(outcome, may_retry=False)


#: Errors of a notebook stopped by a limit (a kernel or a judge that died: memory, processes) rather than by its
#: answers.
_LIMIT_ERRORS = {"NoyauArrete", "JugeArrete"}


def _stopped_by_a_limit(graded: Path, limits: set[str]) -> bool:
    import json

    try:
        with open(graded, encoding="utf-8") as fh:
            cells = json.load(fh).get("cells", [])
    except (OSError, ValueError):
        return False
    return any(out.get("ename") in limits for cell in cells for out in cell.get("outputs", []))


def _runner(converter, path: Path):
    import functools

    return functools.partial(_run_one, converter, path)  # picklable: spawned workers (no fork) receive it


def _run_one(converter, path: Path, uid: int, ready) -> None:
    shared_engines.forget()  # a worker opens its own connections to the gradebook
    converter.grade(path, uid=uid, ready=ready)


def _open(ws: Path, learner: str, name: str, journal: Journal, *, sandbox: bool) -> _Submission:
    """Start a submission: journal entry, file checks."""
    folder = _submitted_dir(ws) / learner / name
    journal.start(learner, name, fingerprint(folder), sandbox=sandbox, left_out=left_out_files(folder, name))
    expected = _expected_notebooks(name)
    check = check_submission(folder, expected)
    sub = _Submission(learner, name)
    sub.refused = {nb_id: check.whole for nb_id in expected} if check.whole else dict(check.refused)
    sub.valid = list(check.valid) if check.gradable else []
    sub.rejected = not sub.valid
    if not check.gradable:
        import shutil

        shutil.rmtree(ws / "autograded" / learner / name, ignore_errors=True)  # no stale graded copy
    return sub


def _fail(sub: _Submission, notebooks: list[str], reason: str, message: str) -> None:
    sub.status = STATUS_FAILED
    sub.message = message
    for nb_id in notebooks:
        sub.refused[nb_id] = reason


def _close(ws: Path, sub: _Submission, journal: Journal, converter, out: Progress) -> None:
    """Finish a submission: zeros with reasons, journal, motifs.csv, grades.csv, its line."""
    learner, name = sub.learner, sub.assignment
    if sub.refused:
        _record_zero(ws, learner, name, list(sub.refused))
        if sub.status == STATUS_GRADED and sub.rejected:
            sub.status = STATUS_REJECTED
    if (ws / "autograded" / learner / name).is_dir():
        converter.close(learner, name)
    scores = _submission_scores(ws, learner, name)
    reasons = []
    for nb_id in _expected_notebooks(name):
        these = [s for s in scores if s.notebook == nb_id]
        if nb_id in sub.refused:
            reasons += [{"carnet": nb_id, "question": s.cell, "points": s.score, "sur": s.max_score,
                         "motif": sub.refused[nb_id]} for s in these]
        else:
            reasons += cell_reasons(ws / "autograded" / learner / name / f"{nb_id}.ipynb", these)
    score = sum(s.score for s in scores)
    max_score = sum(s.max_score for s in scores)
    from .withhold import look_at

    look = [flag for nb_id in _expected_notebooks(name) if nb_id not in sub.refused
            for flag in look_at(ws / "autograded" / learner / name / f"{nb_id}.ipynb", name)]
    journal.finish(learner, name, sub.status, score=score, max_score=max_score, reasons=reasons,
                   message=sub.message, alone=sub.alone, look=look)
    write_reasons_csv(ws, journal)
    append_csv(ws, learner, name)
    label = {STATUS_GRADED: "corrigé", STATUS_REJECTED: "REFUSÉ", STATUS_FAILED: "ÉCHEC de la correction"}[sub.status]
    out.line(f"{learner} / {name} : {label}, {score:g} / {max_score:g}"
             + (" (recorrigé seul : arrêté par une limite pendant que d'autres copies tournaient)" if sub.alone else ""))
    shown = set()
    for r in reasons:
        motif = r["motif"]
        if r["carnet"] in sub.refused or any(k in motif for k in _SANDBOX_WORDS):
            if (r["carnet"], motif) in shown and r["carnet"] in sub.refused:
                continue
            shown.add((r["carnet"], motif))
            where = r["carnet"] if r["carnet"] in sub.refused else f"{r['question']} ({r['points']:g} / {r['sur']:g})"
            out.line(f"    {where} : {motif}")
    if sub.status == STATUS_FAILED and sub.message:
        out.line(sub.message)
    note = (journal.get(learner, name) or {}).get("fichiers_ecartes_note")
    if note:
        out.line(f"    {note}")
    if look:
        out.line(f"    à regarder : {' ; '.join(look)}.")
    out.advance()
