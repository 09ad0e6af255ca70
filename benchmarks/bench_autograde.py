"""Benchmark: our grading engine against stock nbgrader, on the same simulated class.

    python benchmarks/bench_autograde.py [--learners 30] [--assignments 06_force_des_liens ...] [--jobs N]

The class: N learners on every assignment; one in three leaves the exercise blank, one in
ten answers with an error in one cell (a `ValueError` raised in the first answer), the
others answer with the reference solutions.  The same submissions are graded twice, in
one run, in two separate workspaces:

- stock: `nbgrader autograde <assignment>` (one process per assignment, nbgrader's own
  Execute, no sandbox), with a minimal nbgrader configuration (same course, same cell
  time limit);
- ours: `reseau.autograde.autograde` (the trainer's `make autograde`: sandbox on,
  `--jobs` workers).

It prints seconds per notebook for each, the ratio ours / stock, the jobs used and
whether every cell got the same grade on both sides.  Then the judge's cost: the class graded
by ours once more with the test cells run in the learners' kernels (as stock nbgrader does),
against the judge run above.  A second line compares a learner's
`self-check` of one notebook with `nbgrader validate` of the same notebook (both run the
hidden tests: validate on the source notebook with the learner's answers), and a third the same
self-check on the portable path (what a Windows or macOS laptop lacks taken away).  No assertion:
figures are read, not tested.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from grading_helpers import learner_notebook, notebook_path, write_submission  # noqa: E402

from reseau import autograde as ag  # noqa: E402

STOCK_CONFIG = """\
c = get_config()
c.CourseDirectory.course_id = {course!r}
c.CourseDirectory.root = {root!r}
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = {release!r}
c.CourseDirectory.submitted_directory = {ws!r} + "/submitted"
c.CourseDirectory.autograded_directory = {ws!r} + "/autograded"
c.CourseDirectory.feedback_directory = {ws!r} + "/feedback"
c.CourseDirectory.db_url = "sqlite:///" + {ws!r} + "/gradebook.db"
c.Execute.timeout = 30
"""

ERROR_ANSWER = 'raise ValueError("erreur de l\'apprenant")'


def class_notebook(name: str, i: int):
    """Learner i's notebook: blank one in three, an error one in ten, else the reference answers."""
    if i % 3 == 0:
        return learner_notebook(name, correct=False)
    nb = learner_notebook(name)
    if i % 10 == 1:
        first = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("solution"))
        first.source = ERROR_ANSWER
    return nb


def nbgrader_cmd() -> str:
    candidate = Path(sys.executable).parent / "nbgrader"
    return str(candidate) if candidate.exists() else "nbgrader"


def run_stock(config_dir: Path, *args: str) -> None:
    env = dict(os.environ, PATH=str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", ""))
    env.pop("RESEAU_WORKSPACE", None)
    proc = subprocess.run([nbgrader_cmd(), *args], cwd=config_dir, env=env, text=True,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if proc.returncode != 0:
        raise SystemExit(f"stock nbgrader {' '.join(args)} failed:\n{proc.stdout[-3000:]}")


def stock_scores(ws: Path) -> dict[tuple[str, str, str, str], float]:
    from nbgrader.api import Gradebook

    out = {}
    with Gradebook(f"sqlite:///{ws}/gradebook.db", ag.COURSE_ID) as gb:
        for assignment in gb.assignments:
            for submission in gb.assignment_submissions(assignment.name):
                for nb in submission.notebooks:
                    for grade in nb.grades:
                        out[(submission.student.id, assignment.name, nb.name, grade.name)] = float(grade.score)
    return out


def our_scores(ws: Path) -> dict[tuple[str, str, str, str], float]:
    return {(s.student, s.assignment, s.notebook, s.cell): s.score for s in ag.gradebook_scores(workspace=ws)}


def bench_class(names: list[str], learners: int, jobs: int, tmp: Path) -> None:
    stock_dir, ours = tmp / "stock", tmp / "ours"
    stock_dir.mkdir()
    (stock_dir / "nbgrader_config.py").write_text(STOCK_CONFIG.format(
        course=ag.COURSE_ID, root=str(ROOT), release=str(tmp / "release-stock"), ws=str(stock_dir)))
    for name in names:
        run_stock(stock_dir, "generate_assignment", name, "--force")
    ag.generate_exercises(tmp / "release-ours", workspace=ours)
    for name in names:
        for i in range(learners):
            nb = class_notebook(name, i)
            write_submission(stock_dir, f"apprenant{i:02d}", name, nb)
            write_submission(ours, f"apprenant{i:02d}", name, nb)
    count = learners * len(names)

    t0 = time.perf_counter()
    for name in names:
        run_stock(stock_dir, "autograde", name, "--force")
    stock_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    done = ag.autograde(workspace=ours, jobs=jobs, progress=False, quiet=True)
    ours_s = time.perf_counter() - t0

    # the judge's cost: the same class graded by ours again, test cells in the learners' kernels
    from reseau.autograde.execution import SandboxExecute

    in_kernel = tmp / "ours-tests-dans-le-noyau"
    ag.generate_exercises(tmp / "release-in-kernel", workspace=in_kernel)
    for name in names:
        for i in range(learners):
            write_submission(in_kernel, f"apprenant{i:02d}", name, class_notebook(name, i))
    SandboxExecute.tests_in_judge = False
    try:
        t0 = time.perf_counter()
        ag.autograde(workspace=in_kernel, jobs=jobs, progress=False, quiet=True)
        kernel_s = time.perf_counter() - t0
    finally:
        SandboxExecute.tests_in_judge = True

    a, b = stock_scores(stock_dir), our_scores(ours)
    same = a == b and len(a) > 0
    diff = sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))
    print(f"class: {count} notebooks ({', '.join(names)}); stock nbgrader {stock_s / count:.2f} s per notebook, "
          f"ours (sandbox, --jobs {jobs}) {ours_s / count:.2f} s per notebook; ratio ours / stock "
          f"{ours_s / stock_s:.2f}; identical grades: {'yes' if same else 'NO'} ({len(a)} cells); "
          f"graded {sum(done.values())} / {len(done)}")
    for key in diff[:10]:
        print(f"    differs: {key}: stock {a.get(key)} ours {b.get(key)}")
    c = our_scores(in_kernel)
    print(f"judge: ours with the test cells in the judge {ours_s / count:.2f} s per notebook, in the learners' "
          f"kernels {kernel_s / count:.2f} s; the judge adds {100 * (ours_s - kernel_s) / kernel_s:+.0f} % to the "
          f"class time; identical grades: {'yes' if c == b else 'NO'}")


def bench_self_check(name: str, tmp: Path) -> None:
    """`make self-check` of one notebook vs `nbgrader validate` of the same answers (hidden tests included).

    Both as the commands a learner runs, a second time (the first self-check builds its gradebook).
    """
    import nbformat

    work = tmp / "self"
    work.mkdir()
    nb = learner_notebook(name)
    learner = work / notebook_path(name).name
    nbformat.write(nb, learner)
    # validate runs the notebook as it is: give it the source notebook (hidden tests) with the learner's answers
    source = nbformat.read(notebook_path(name, ROOT / "solutions"), as_version=4)
    answers = {c.metadata["nbgrader"]["grade_id"]: c.source for c in nb.cells
               if c.metadata.get("nbgrader", {}).get("solution")}
    for cell in source.cells:
        gid = cell.metadata.get("nbgrader", {}).get("grade_id")
        if gid in answers:
            cell.source = answers[gid]
    with_tests = work / "avec_tests" / learner.name
    with_tests.parent.mkdir()
    nbformat.write(source, with_tests)
    env = dict(os.environ, PATH=str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", ""),
               RESEAU_WORKSPACE=str(work / "ws"))
    ours = [sys.executable, "-m", "reseau.autograde", "self-check", str(learner)]
    subprocess.run(ours, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, check=True)  # the first call builds the rest
    t0 = time.perf_counter()
    mine = subprocess.run(ours, cwd=ROOT, env=env, text=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    ours_s = time.perf_counter() - t0
    total = next((ln.strip() for ln in mine.stdout.splitlines() if ln.startswith("Total")), mine.stdout[-300:])
    t0 = time.perf_counter()
    proc = subprocess.run([nbgrader_cmd(), "validate", str(with_tests)], cwd=work, env=env, text=True,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    validate_s = time.perf_counter() - t0
    passed = "Success" in proc.stdout
    print(f"self-check: {name}, `make self-check` (sandbox on): {ours_s:.2f} s ({total}); `nbgrader validate` "
          f"(hidden tests included, no sandbox): {validate_s:.2f} s ({'passed' if passed else 'failed'}); "
          f"ratio {ours_s / validate_s:.2f}")
    # the same self-check on the portable path (a learner's Windows or macOS laptop): no fcntl, resource, fork,
    # bubblewrap; spawned worker, portable judge, kernel started directly (tests/portable_env.py)
    from portable_env import portable_env, portable_python

    python = portable_python(work)
    portable_cmd = [str(python), "-m", "reseau.autograde", "self-check", str(learner)]
    penv = portable_env(work, RESEAU_WORKSPACE=str(work / "ws-portable"))
    subprocess.run(portable_cmd, cwd=ROOT, env=penv, stdout=subprocess.DEVNULL, check=True)  # builds its gradebook
    t0 = time.perf_counter()
    portable = subprocess.run(portable_cmd, cwd=ROOT, env=penv, text=True, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT)
    portable_s = time.perf_counter() - t0
    ptotal = next((ln.strip() for ln in portable.stdout.splitlines() if ln.startswith("Total")), portable.stdout[-300:])
    print(f"self-check, portable path (no fcntl, resource, fork nor bubblewrap; spawn): {portable_s:.2f} s ({ptotal}); "
          f"against the Linux path {portable_s / ours_s:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--learners", type=int, default=30)
    parser.add_argument("--assignments", nargs="*", default=None)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--sans-self-check", action="store_true")
    args = parser.parse_args()
    # By default the four Python exercises (the figures in autograder/README.md: 30 learners x 4 = 120
    # notebooks); the quizzes run one line per answer and would only dilute the comparison.
    names = args.assignments or [name for name in ag.assignments() if "_quiz_" not in name]
    with tempfile.TemporaryDirectory() as tmp:
        bench_class(names, args.learners, args.jobs, Path(tmp))
        if not args.sans_self_check:
            # the tie-strength exercise, as in the figures published before the renumbering
            bench_self_check("06_force_des_liens" if "06_force_des_liens" in names else names[0], Path(tmp))
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
