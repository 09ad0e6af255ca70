"""Checks on a learner's submitted files *before* nbgrader reads them, and their fingerprint.

`check_submission` looks at a learner's folder (expected file name, no symbolic link, not
empty, UTF-8, valid JSON, a valid notebook; the nbgrader metadata is left to nbgrader,
which repairs duplicated ids and changed cell types), so that a broken file is recorded
with a French reason instead of crashing.  `fingerprint` tells a changed submission from
one already graded.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path


#: A submitted notebook larger than this is refused (bytes).
MAX_NOTEBOOK_BYTES = 50 * 1024 * 1024

def fingerprint(folder: Path) -> str:
    """SHA-256 of every file name and content in `folder` (links hashed as links, never followed)."""
    digest = hashlib.sha256()
    if not folder.is_dir():
        return ""
    for root, dirs, files in os.walk(folder, followlinks=False):
        dirs.sort()
        for name in sorted(files + [d for d in dirs if (Path(root) / d).is_symlink()]):
            path = Path(root) / name
            digest.update(str(path.relative_to(folder)).encode("utf-8", "surrogateescape") + b"\0")
            if path.is_symlink():
                digest.update(b"link:" + os.readlink(path).encode("utf-8", "surrogateescape"))
            elif path.is_file():
                with open(path, "rb") as fh:
                    for chunk in iter(lambda: fh.read(1 << 20), b""):
                        digest.update(chunk)
            digest.update(b"\0")
    return digest.hexdigest()

@dataclass
class SubmissionCheck:
    """The result of `check_submission`: which notebooks nbgrader may grade, and why others may not."""

    valid: list[str] = field(default_factory=list)  # notebook ids (file names without .ipynb)
    refused: dict[str, str] = field(default_factory=dict)  # notebook id -> French reason
    whole: str | None = None  # a reason that refuses the whole submission

    @property
    def gradable(self) -> bool:
        return self.whole is None and bool(self.valid)

def _check_notebook(path: Path) -> str | None:
    """None when nbgrader can read `path`, else the French reason it cannot."""
    import nbformat

    size = path.stat().st_size
    if size == 0:
        return "le fichier du carnet est vide (0 octet) : la copie n'a pas été enregistrée."
    if size > MAX_NOTEBOOK_BYTES:
        return (f"le fichier du carnet est trop gros ({size / 1e6:.0f} Mo, au plus "
                f"{MAX_NOTEBOOK_BYTES / 1e6:.0f} Mo) : effacez les sorties (Kernel > Restart & Clear Output).")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        return (f"le fichier n'est pas un texte UTF-8 (octet invalide à la position {err.start}) : il a été "
                "abîmé ou réenregistré dans un autre encodage. Demandez à l'apprenant de le rendre à nouveau.")
    try:
        json.loads(text)
    except ValueError as err:
        line = getattr(err, "lineno", "?")
        col = getattr(err, "colno", "?")
        return (f"le fichier n'est pas un carnet lisible (JSON invalide, ligne {line}, colonne {col}) : il a été "
                "abîmé ou modifié hors de Jupyter. Demandez à l'apprenant de le rendre à nouveau.")
    try:
        nb = nbformat.reads(text, as_version=4)
        nbformat.validate(nb)
    except Exception as err:  # noqa: BLE001 - nbformat raises several kinds
        first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        return f"la structure du carnet est invalide ({first[:200]}) : rendez le carnet tel qu'enregistré par Jupyter."
    return None

def check_submission(folder: Path, expected: list[str]) -> SubmissionCheck:
    """Check a learner's folder for the notebooks `expected` (ids, without .ipynb)."""
    result = SubmissionCheck()
    for root, dirs, files in os.walk(folder, followlinks=False):
        for name in dirs + files:
            path = Path(root) / name
            if path.is_symlink():
                result.whole = (f"la copie contient un lien symbolique (« {path.relative_to(folder)} ») : refusé, "
                                "car il pourrait désigner un fichier du formateur. Rendez de vrais fichiers.")
                return result
    present = sorted(p.name for p in folder.glob("*.ipynb"))
    for nb_id in expected:
        path = folder / f"{nb_id}.ipynb"
        if not path.is_file():
            others = [p for p in present if p[:-6] not in expected]
            if others:
                reason = (f"carnet mal nommé : « {others[0]} » au lieu de « {nb_id}.ipynb ». Renommez-le avec son "
                          "nom d'origine puis relancez la correction de cet apprenant.")
            else:
                reason = f"aucun carnet « {nb_id}.ipynb » dans la copie rendue."
            result.refused[nb_id] = reason
            continue
        problem = _check_notebook(path)
        if problem:
            result.refused[nb_id] = problem
        else:
            result.valid.append(nb_id)
    return result
