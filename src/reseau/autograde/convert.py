"""nbgrader's Autograde converter, used through its Python API and split around execution.

`nbgrader autograde` runs, for each learner, two passes over each notebook: *sanitize*
(clear outputs, repair ids, put back the locked cells from the gradebook) and *autograde*
(execute, then save the scores to the gradebook).  Here both passes run in the grading
process, for the whole class, with one configuration loaded once, except the execution
itself, which a worker runs (`reseau.autograde.workers`):

    prepare(learner, assignment, notebooks)  -> the sanitized notebooks, ready to execute
    finish(learner, assignment, notebook, executed)  -> scores saved, graded notebook written

so the gradebook (SQLite has one writer) is only ever written here, one call at a time.
The preprocessors are those of `autograder/nbgrader_config.py`, in the same order; only
the execute preprocessor runs elsewhere.  This module follows nbgrader 0.9's converter
(`nbgrader.converters.Autograde`): `init_assignment`, `init_single_notebook_resources`,
`write_single_notebook`, `set_permissions`.
"""

from __future__ import annotations

import os
import shutil
from contextlib import contextmanager
from pathlib import Path

from .paths import AUTOGRADER_DIR, PROJECT_ROOT, workspace_dir
from .sandbox import NO_SANDBOX_ENV

CONFIG_FILE = AUTOGRADER_DIR / "nbgrader_config.py"


@contextmanager
def _env(**values: str | None):
    saved = {key: os.environ.get(key) for key in values}
    try:
        for key, value in values.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def load_config(workspace: Path, *, sandbox: bool = True):
    """The nbgrader configuration of `autograder/nbgrader_config.py`, for this workspace."""
    from traitlets.config.loader import PyFileConfigLoader

    with _env(RESEAU_WORKSPACE=str(workspace), **{NO_SANDBOX_ENV: None if sandbox else "1"}):
        config = PyFileConfigLoader(CONFIG_FILE.name, path=str(AUTOGRADER_DIR)).load_config()
    config.SandboxKernelManager.sandbox = sandbox
    return config


def _is_execute(preprocessor) -> bool:
    from nbgrader.preprocessors import Execute

    return isinstance(preprocessor, type) and issubclass(preprocessor, Execute)


class Converter:
    """nbgrader's Autograde for one workspace, driven one learner and one notebook at a time."""

    def __init__(self, workspace: Path | None = None, *, sandbox: bool = True):
        from nbconvert.writers import FilesWriter
        from nbgrader.converters import Autograde
        from nbgrader.coursedir import CourseDirectory

        self.workspace = workspace_dir(workspace)
        self.config = load_config(self.workspace, sandbox=sandbox)
        coursedir = CourseDirectory(config=self.config)
        coursedir.root = str(PROJECT_ROOT)
        self.coursedir = coursedir
        self.nbgrader = Autograde(coursedir=coursedir, config=self.config)
        self.nbgrader.force = True
        self.nbgrader.writer = FilesWriter(parent=self.nbgrader, config=self.config)
        self.nbgrader.exporter = self.nbgrader.exporter_class(parent=self.nbgrader, config=self.config)
        self.execute_class = next(p for p in self.nbgrader.autograde_preprocessors if _is_execute(p))
        self.after_execution = [p for p in self.nbgrader.autograde_preprocessors if not _is_execute(p)]

    def submitted(self, learner: str, assignment: str) -> Path:
        return Path(self.coursedir.format_path(self.coursedir.submitted_directory, learner, assignment))

    def graded(self, learner: str, assignment: str) -> Path:
        return Path(self.coursedir.format_path(self.coursedir.autograded_directory, learner, assignment))

    def _use(self, sanitizing: bool, preprocessors) -> None:
        converter = self.nbgrader
        converter._sanitizing = sanitizing
        converter.exporter._preprocessors = []
        for pp in preprocessors:
            converter.exporter.register_preprocessor(pp)

    def prepare(self, learner: str, assignment: str, notebooks: list[str]) -> list[Path]:
        """Record the submission in the gradebook and sanitize these notebooks (ids, without .ipynb).

        The graded folder starts afresh.  Notebooks of the assignment not listed score 0
        (nbgrader's rule for a missing file; the caller records the reason).  Returns the
        sanitized notebooks, written in the graded folder, ready to execute.
        """
        converter = self.nbgrader
        dest = self.graded(learner, assignment)
        shutil.rmtree(dest, ignore_errors=True)
        source = self.submitted(learner, assignment)
        converter.notebooks = [str(source / f"{nb}.ipynb") for nb in notebooks]
        with _cwd(PROJECT_ROOT):
            converter.init_assignment(assignment, learner)
            self._use(True, converter.sanitize_preprocessors)
            out = []
            for path in converter.notebooks:
                resources = converter.init_single_notebook_resources(path)
                output, resources = converter.exporter.from_filename(path, resources=resources)
                converter.write_single_notebook(output, resources)
                out.append(dest / Path(path).name)
        return out

    def finish(self, learner: str, assignment: str, notebook: Path, executed) -> None:
        """Save the scores of an executed notebook to the gradebook; write the graded notebook."""
        converter = self.nbgrader
        with _cwd(PROJECT_ROOT):
            self._use(False, self.after_execution)
            resources = converter.init_single_notebook_resources(str(notebook))
            resources["metadata"] = {"name": notebook.stem, "path": str(notebook.parent)}
            output, resources = converter.exporter.from_notebook_node(executed, resources=resources)
            converter.write_single_notebook(output, resources)

    def close(self, learner: str, assignment: str) -> None:
        """The learner's graded files read-only, as nbgrader leaves them."""
        self.nbgrader.set_permissions(assignment, learner)


@contextmanager
def _cwd(path: Path):
    """In the project's root, as nbgrader's converters run; SQLAlchemy's autoflush notes inside nbgrader silenced."""
    import warnings

    saved = os.getcwd()
    os.chdir(path)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", category=Warning)
            yield
    finally:
        os.chdir(saved)
