"""Where the course folder is: the one place that says it (the library, the grading, the launcher).

In a clone installed with ``pip install -e .`` (``make install``), the library sits in the
project's ``src/`` and the course folder is two levels up.  Installed from a wheel (``pip
install .``), the library sits in site-packages: `reseau-cours` (`reseau.launcher`) then
finds the course folder and says where it is in ``RESEAU_RACINE``, which every process it
starts (the JupyterLab server, the learner's kernels, « Me noter ») inherits.
"""

from __future__ import annotations

import os
from pathlib import Path

#: The course folder, set by `reseau-cours` for the processes it starts.
ROOT_ENV = "RESEAU_RACINE"


def project_root() -> Path:
    """$RESEAU_RACINE if set, else the folder this library was installed from (``src/..``)."""
    env = os.environ.get(ROOT_ENV, "").strip()
    if env:
        return Path(env).expanduser().resolve()
    return Path(__file__).resolve().parents[2]


def is_course_folder(folder: Path) -> bool:
    """A folder holding the course: its modules (course/) and its quizzes and exercises (exercises/)."""
    return (folder / "course").is_dir() and (folder / "exercises").is_dir()
