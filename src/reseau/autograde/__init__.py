"""The trainer's grading engine: nbgrader, sandboxed, in parallel, in one process.

Every step of the cycle is one command (see `autograder/README.md`, in French):

    python -m reseau.autograde exercises          # nbgrader generate_assignment, solutions/ -> exercises/
    python -m reseau.autograde release            # the same, then nbgrader release_assignment (classroom server)
    python -m reseau.autograde collect DOSSIER    # a folder of notebooks, or an LMS zip (nbgrader zip_collect)
    python -m reseau.autograde collect            # without a folder: nbgrader collect, from the exchange
    python -m reseau.autograde autograde          # grade the class: parallel, sandboxed (--jobs N)
    python -m reseau.autograde feedback           # nbgrader generate_feedback (+ release_feedback to the exchange)
    python -m reseau.autograde export             # nbgrader export -> grades.csv
    python -m reseau.autograde report             # class report: success rate per question, score chart
    python -m reseau.autograde self-check CARNET  # a learner grades their own notebook

One module per stage:

- `paths`: the project's folders, the workspace, the assignments, the exchange, the deadline;
- `submissions`: checks on the submitted files before nbgrader reads them, their fingerprint;
- `sandbox`: the kernel manager that starts each learner's kernel in bubblewrap, with limits;
- `cgroups`: a control group per kernel (memory, processes, CPU time of the whole kernel tree);
- `judge`: the judge, where test cells run apart from the learner's kernel (`reseau._judge`, `reseau.remote`);
- `execution`: nbgrader's Execute, hardened (dead kernels, timeouts, output cap), test cells sent to the judge;
- `workers`: the pool of forked workers that run notebooks side by side, kernels started ahead;
- `gradebook`: the gradebook's URL, scores, zeros, grades.csv (written by the grading process only);
- `journal`: the run journal (resumable after a kill) and the reasons of lost points;
- `pipeline`: the orchestrator of `make autograde`;
- `cycle`: generate, release, collect, feedback, export (nbgrader's own commands);
- `report`: the class report;
- `selfcheck`: a learner's own grade;
- `progress`: a progress bar in a terminal, one line per learner elsewhere;
- `cli`: the command line.

The learner-facing library (ties, budget, clubs, network, data, widgets, charts, plan, fmt)
never imports this package; the test cells' checks live apart, in `reseau.grading`.
The workspace (gradebook, submitted, autograded, feedback, grades.csv, report) is
`autograder/workspace/`, or the folder named by the RESEAU_WORKSPACE environment variable.
"""

from __future__ import annotations

from .cycle import (ZIP_REGEXP, collect_exchange, collect_folder, collect_zip, export_grades, generate_exercises,
                    generate_feedback, release_assignments, release_feedback, run_nbgrader)
from .gradebook import (DB_URL_ENV, CellScore, check_gradebook, gradebook_exists, gradebook_scores, gradebook_url,
                        masked_url, refresh_csv)
from .paths import (AUTOGRADER_DIR, COURSE_ID, DEFAULT_EXCHANGE, EXERCISES_DIR, PROJECT_ROOT, SOLUTIONS_DIR,
                    assignments, exchange_root, notebook_timeout, workspace_dir)
from .pipeline import autograde
from .report import class_report, question_labels
from .selfcheck import self_check
from .cli import main

__all__ = [
    "PROJECT_ROOT", "AUTOGRADER_DIR", "SOLUTIONS_DIR", "EXERCISES_DIR", "COURSE_ID", "DEFAULT_EXCHANGE",
    "workspace_dir", "assignments", "exchange_root", "notebook_timeout",
    "DB_URL_ENV", "gradebook_url", "masked_url", "check_gradebook", "gradebook_exists", "CellScore",
    "gradebook_scores", "refresh_csv",
    "run_nbgrader", "generate_exercises", "release_assignments", "collect_exchange", "release_feedback",
    "collect_folder", "collect_zip", "ZIP_REGEXP", "generate_feedback", "export_grades",
    "autograde", "class_report", "question_labels", "self_check", "main",
]
