"""`reseau-cours`: open the learner's JupyterLab on the course, on every platform (and `make lab`).

    reseau-cours [--dossier DOSSIER] [--formateur] [--ip IP] [--port PORT] [--sans-navigateur]

The course folder (the one holding ``course/`` and ``exercises/``) is DOSSIER, else the
current folder or one of its parents, else the folder the library was installed from
(`reseau.project`); not found: a French message and status 2.  The JupyterLab settings are
the learner's (French, without trainer tools: ``deploy/jupyter/apprenant``), or the
trainer's with ``--formateur``: from the course folder when it has them (a clone), else from
the copy a wheel installs in ``<prefix>/share/reseau/jupyter`` (pyproject's data files).
JupyterLab then starts with ``JUPYTER_CONFIG_PATH`` on those settings, the course folder
as its root and ``course/`` as its first page; ``RESEAU_RACINE`` and ``RESEAU_DATA_DIR``
tell the library, the kernels and « Me noter » where the course is.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from .project import ROOT_ENV, is_course_folder, project_root

#: Where a wheel installs the JupyterLab settings (under sys.prefix), one folder per profile.
SHARE = Path("share") / "reseau" / "jupyter"
PROFILES = {False: "apprenant", True: "formateur"}


def find_course(start: Path | None = None, explicit: Path | None = None) -> Path | None:
    """The course folder: `explicit` if it is one, else `start` (the current folder) or a parent, else the
    library's own project folder; None when none holds the course."""
    if explicit is not None:
        explicit = explicit.expanduser().resolve()
        return explicit if is_course_folder(explicit) else None
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if is_course_folder(folder):
            return folder
    installed = project_root()
    return installed if is_course_folder(installed) else None


def settings_dir(root: Path, trainer: bool = False) -> Path | None:
    """The JupyterLab settings of the profile: the course folder's deploy/jupyter, else the installed copy."""
    name = PROFILES[trainer]
    for folder in (root / "deploy" / "jupyter" / name, Path(sys.prefix) / SHARE / name):
        if (folder / "jupyter_server_config.json").is_file():
            return folder
    return None


def lab_command(root: Path, *, ip: str = "127.0.0.1", port: int | None = None, browser: bool = True) -> list[str]:
    """The JupyterLab command on the course folder."""
    cmd = [sys.executable, "-m", "jupyterlab", f"--ServerApp.root_dir={root}", "--LabApp.default_url=/lab/tree/course",
           f"--ip={ip}"]
    if port is not None:
        cmd.append(f"--port={port}")
    if not browser:
        cmd.append("--no-browser")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    return cmd


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="reseau-cours", description="Ouvre le cours dans JupyterLab (en français).")
    parser.add_argument("--dossier", type=Path, help="le dossier du cours (par défaut : le dossier courant)")
    parser.add_argument("--formateur", action="store_true", help="le JupyterLab du formateur, avec les outils nbgrader")
    parser.add_argument("--ip", default="127.0.0.1", help="adresse d'écoute (par défaut : 127.0.0.1)")
    parser.add_argument("--port", type=int, default=None, help="port (par défaut : 8888, ou le suivant libre)")
    parser.add_argument("--sans-navigateur", action="store_true", help="ne pas ouvrir le navigateur")
    args = parser.parse_args(argv)
    root = find_course(explicit=args.dossier)
    if root is None:
        where = args.dossier or Path.cwd()
        print(f"Erreur : dossier du cours introuvable depuis {where}. Placez-vous dans le dossier du projet (celui "
              "qui contient « course » et « exercises »), par exemple « cd reseau », puis relancez reseau-cours ; "
              "ou donnez-le : reseau-cours --dossier CHEMIN.", file=sys.stderr)
        return 2
    settings = settings_dir(root, args.formateur)
    if settings is None:
        print("Erreur : les réglages de JupyterLab du cours sont introuvables (deploy/jupyter). Réinstallez le "
              "projet : pip install . dans son dossier.", file=sys.stderr)
        return 2
    env = dict(os.environ, JUPYTER_CONFIG_PATH=str(settings), **{ROOT_ENV: str(root)})
    env.setdefault("RESEAU_DATA_DIR", str(root / "datasets"))
    cmd = lab_command(root, ip=args.ip, port=args.port, browser=not args.sans_navigateur)
    try:
        return subprocess.call(cmd, env=env)
    except KeyboardInterrupt:
        return 0


if __name__ == "__main__":
    sys.exit(main())
