"""A Python without Linux's extras, on Linux (test helper): what a learner's Windows or macOS laptop lacks.

`portable_python(folder)` makes a throwaway virtual environment (no pip, nothing downloaded) whose
site-packages (1) adds the project's .venv site-packages (so the same libraries and the editable
`reseau`) and (2) holds a ``sitecustomize`` that, in *every* interpreter started from it (the
self-check, its spawned workers, the judge, the learner's kernel: they all use ``sys.executable``,
and ``-I`` keeps site-packages), makes `fcntl` and `resource`
unimportable, removes `os.fork` (and its relatives) and sets multiprocessing's start method to
spawn.  `portable_env()` is the environment to run it with: bubblewrap off the PATH.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

SITECUSTOMIZE = '''\
import os, sys
for _name in ("fcntl", "resource"):
    sys.modules[_name] = None  # ImportError on import, as on Windows
for _name in ("fork", "forkpty", "register_at_fork"):
    if hasattr(os, _name):
        delattr(os, _name)
import multiprocessing
multiprocessing.set_start_method("spawn", force=True)
'''


def portable_python(folder: Path) -> Path:
    """The interpreter of a throwaway venv without Linux's extras (see the module docstring)."""
    venv = folder / "sans-extras"
    if not (venv / "bin" / "python").exists():
        subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    purelib = Path(sysconfig.get_paths()["purelib"])  # this (the project's) venv's site-packages
    (mine,) = (venv / "lib").glob("python3*/site-packages")
    (mine / "projet.pth").write_text(f"import site; site.addsitedir({str(purelib)!r})\n", encoding="utf-8")
    (mine / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    return venv / "bin" / "python"


def portable_env(folder: Path, **extra: str) -> dict[str, str]:
    """The environment of the portable interpreter: a PATH without bubblewrap (only the two venvs' bin)."""
    bin_dir = folder / "sans-extras" / "bin"
    env = {k: v for k, v in os.environ.items() if k not in {"RESEAU_DB_URL", "RESEAU_NO_SANDBOX", "PYTHONPATH"}}
    env["PATH"] = os.pathsep.join([str(bin_dir), str(Path(sys.executable).parent)])
    assert shutil.which("bwrap", path=env["PATH"]) is None
    env.update(extra)
    return env
