"""nbgrader's Autograde converter, used through its Python API and split around execution.

`nbgrader autograde` runs, for each learner, two passes over each notebook: *sanitize*
(clear outputs, repair ids, put back the locked cells from the gradebook, check metadata)
and *autograde* (execute, tidy outputs, save the scores to the gradebook).  Here, with one
configuration loaded once for the whole class, the work is split by who may write:

    record(learner, assignment, notebooks)   grading process: the submission in the gradebook
    grade(submitted, uid, ready)             a worker: sanitize, execute, tidy, write the graded notebook
    save(learner, assignment, graded)        grading process: the scores in the gradebook
    close(learner, assignment)               grading process: the graded files read-only

Workers only read the gradebook; the preprocessors that write it (SaveAutoGrades,
AssignLatePenalties) run in the grading process, one call at a time: SQLite has one writer.
The preprocessors are those of `autograder/nbgrader_config.py`, in their order (the two
writers, which change nothing in the notebook, come last).  This module follows nbgrader
0.9's converter (`nbgrader.converters.Autograde`): `init_assignment`,
`init_single_notebook_resources`, `write_single_notebook`, `set_permissions`.
"""

from __future__ import annotations

import logging
import os
import shutil
from contextlib import contextmanager
from pathlib import Path

from .paths import AUTOGRADER_DIR, PROJECT_ROOT, declared_data_files, workspace_dir
from .sandbox import NO_SANDBOX_ENV

CONFIG_FILE = AUTOGRADER_DIR / "nbgrader_config.py"


def _set_env(values: dict[str, str | None]) -> None:
    """Set each variable; None removes it."""
    for key, value in values.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


@contextmanager
def _env(**values: str | None):
    """These environment variables for the duration (None: unset), then as they were."""
    saved = {key: os.environ.get(key) for key in values}
    try:
        _set_env(values)
        yield
    finally:
        _set_env(saved)


def load_config(workspace: Path, *, sandbox: bool = True, release: Path | None = None):
    """The nbgrader configuration of `autograder/nbgrader_config.py`, for this workspace (and release folder)."""
    from traitlets.config.loader import PyFileConfigLoader

    values = {"RESEAU_WORKSPACE": str(workspace), NO_SANDBOX_ENV: None if sandbox else "1"}
    if release is not None:
        values["RESEAU_RELEASE"] = str(Path(release).resolve())
    with _env(**values):
        config = PyFileConfigLoader(CONFIG_FILE.name, path=str(AUTOGRADER_DIR)).load_config()
    config.SandboxKernelManager.sandbox = sandbox
    return config


class NbgraderLog(logging.Handler):
    """nbgrader's own log while its converters run in this process: kept, not printed.

    Its warnings (« Removing existing assignment ») mean nothing to a trainer; its errors are
    given back in French by the caller, with `last_error`.
    """

    def __init__(self):
        super().__init__(level=logging.INFO)
        self.records: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.ERROR:
            self.records.append(record.getMessage())

    def last_error(self) -> str:
        """The exception nbgrader reported (its last line naming an error), else its first error line."""
        import re

        lines = [ln.strip() for record in self.records for ln in record.splitlines() if ln.strip()]
        raised = [ln for ln in lines if re.match(r"^[A-Za-z_][\w.]*(Error|Exception)\b", ln)]
        return (raised[-1] if raised else lines[0] if lines else "")[:300]


def quiet_logger(name: str) -> tuple[logging.Logger, NbgraderLog]:
    """A logger for an nbgrader converter that prints nothing and keeps its errors."""
    log = logging.getLogger(f"reseau.autograde.nbgrader.{name}")
    log.propagate = False
    log.setLevel(logging.INFO)
    handler = NbgraderLog()
    log.handlers = [handler]
    return log, handler


def _is_execute(preprocessor) -> bool:
    from nbgrader.preprocessors import Execute

    return isinstance(preprocessor, type) and issubclass(preprocessor, Execute)


def _writes_gradebook(preprocessor) -> bool:
    from nbgrader.preprocessors import AssignLatePenalties, SaveAutoGrades

    return isinstance(preprocessor, type) and issubclass(preprocessor, (SaveAutoGrades, AssignLatePenalties))


class Converter:
    """nbgrader's Autograde for one workspace, driven one learner and one notebook at a time."""

    def __init__(self, workspace: Path | None = None, *, sandbox: bool = True):
        from nbconvert.writers import FilesWriter
        from nbgrader.converters import Autograde
        from nbgrader.coursedir import CourseDirectory

        self.workspace = workspace_dir(workspace)
        self.sandbox = sandbox
        self.config = load_config(self.workspace, sandbox=sandbox)
        self.judge_socket: str | None = None  # the run's judge zygote (pipeline), where test cells run
        self.libraries: dict[str, Path] = {}  # assignment -> the grading kernel's reseau (pipeline, withhold)
        coursedir = CourseDirectory(config=self.config)
        coursedir.root = str(PROJECT_ROOT)
        self.coursedir = coursedir
        self.nbgrader = Autograde(coursedir=coursedir, config=self.config)
        self.nbgrader.log, self.nbgrader_log = quiet_logger("autograde")
        self.nbgrader.force = True
        self.nbgrader.writer = FilesWriter(parent=self.nbgrader, config=self.config)
        self.nbgrader.exporter = self.nbgrader.exporter_class(parent=self.nbgrader, config=self.config)
        after = [p for p in self.nbgrader.autograde_preprocessors if not _is_execute(p)]
        self.tidy = [p for p in after if not _writes_gradebook(p)]
        self.writers = [p for p in after if _writes_gradebook(p)]

    def __reduce__(self):
        """Pickled for a spawned worker (no fork: reseau.autograde.portable): rebuilt there from its settings."""
        return (_rebuild_converter, (str(self.workspace), self.sandbox, self.judge_socket))

    def submitted(self, learner: str, assignment: str) -> Path:
        return Path(self.coursedir.format_path(self.coursedir.submitted_directory, learner, assignment))

    def graded(self, learner: str, assignment: str) -> Path:
        return Path(self.coursedir.format_path(self.coursedir.autograded_directory, learner, assignment))

    def record(self, learner: str, assignment: str, notebooks: list[str]) -> list[Path]:
        """Grading process: the submission in the gradebook, its other files copied; the notebooks to grade.

        `notebooks`: ids (without .ipynb) of the notebooks to grade; the assignment's others
        score 0 (nbgrader's rule for a missing file; the caller records the reason).  The
        graded folder starts afresh.
        """
        converter = self.nbgrader
        shutil.rmtree(self.graded(learner, assignment), ignore_errors=True)
        source = self.submitted(learner, assignment)
        converter.notebooks = [str(source / f"{nb}.ipynb") for nb in notebooks]
        converter._sanitizing = True  # nbgrader reads the submission (files, timestamp) from submitted/
        with _cwd(PROJECT_ROOT):
            converter.init_assignment(assignment, learner)
        return [Path(path) for path in converter.notebooks]

    def grade(self, submitted: Path, *, uid: int, ready=None) -> Path:
        """A worker: sanitize, execute (sandboxed kernel, `uid`), tidy; write the graded notebook; return its path.

        Reads the gradebook (the locked cells), never writes it.
        """
        import nbformat

        from .execution import run_notebook

        converter = self.nbgrader
        converter.exporter._preprocessors = []  # this module runs the preprocessors itself
        with _cwd(PROJECT_ROOT):
            converter._sanitizing = True
            resources = converter.init_single_notebook_resources(str(submitted))
            resources["metadata"] = {"name": submitted.stem, "path": str(submitted.parent)}
            nb, resources = self._run(converter.sanitize_preprocessors, nbformat.read(submitted, as_version=4),
                                      resources)
            # nbgrader writes the sanitized notebook and reads it back: the same round trip
            nb = nbformat.reads(converter.exporter.from_notebook_node(nb, resources=resources)[0], as_version=4)
        graded = self.graded(resources["nbgrader"]["student"], resources["nbgrader"]["assignment"]) / submitted.name
        graded.parent.mkdir(parents=True, exist_ok=True)
        assignment = resources["nbgrader"]["assignment"]
        nb = run_notebook(nb, graded.parent, self.config, uid=uid, ready=ready, judge=self.judge_socket,
                          data_files=declared_data_files(assignment), library=self.libraries.get(assignment))
        with _cwd(PROJECT_ROOT):
            converter._sanitizing = False
            resources = converter.init_single_notebook_resources(str(graded))
            resources["metadata"] = {"name": graded.stem, "path": str(graded.parent)}
            nb, resources = self._run(self.tidy, nb, resources)
            output, resources = converter.exporter.from_notebook_node(nb, resources=resources)
            converter.write_single_notebook(output, resources)
        return graded

    def _run(self, preprocessors, nb, resources):
        for cls in preprocessors:
            preprocessor = cls(parent=self.nbgrader.exporter)
            if getattr(preprocessor, "enabled", True):
                nb, resources = preprocessor(nb, resources)
        return nb, resources

    def save(self, learner: str, assignment: str, graded: Path) -> None:
        """Grading process: the scores of a graded notebook in the gradebook."""
        import nbformat

        import json

        from nbformat.v4.rwbase import rejoin_lines

        converter = self.nbgrader
        with open(graded, encoding="utf-8") as fh:
            nb = rejoin_lines(nbformat.from_dict(json.load(fh)))  # written and validated by the worker
        with _cwd(PROJECT_ROOT):
            converter._sanitizing = False
            resources = converter.init_single_notebook_resources(str(graded))
            self._run(self.writers, nb, resources)

    def close(self, learner: str, assignment: str) -> None:
        """The learner's graded files read-only, as nbgrader leaves them."""
        self.nbgrader.set_permissions(assignment, learner)


def _rebuild_converter(workspace: str, sandbox: bool, judge_socket: str | None) -> Converter:
    converter = Converter(Path(workspace), sandbox=sandbox)
    converter.judge_socket = judge_socket
    return converter


@contextmanager
def _cwd(path: Path):
    """Where nbgrader's converters run: in the project's root, with the venv's `alembic` on PATH
    (nbgrader runs it to create a gradebook); SQLAlchemy's autoflush notes inside nbgrader silenced."""
    import sys
    import warnings

    saved = os.getcwd()
    os.chdir(path)
    try:
        with warnings.catch_warnings(), _env(PATH=str(Path(sys.executable).parent) + os.pathsep +
                                                 os.environ.get("PATH", "")):
            warnings.simplefilter("ignore", category=Warning)
            yield
    finally:
        os.chdir(saved)
