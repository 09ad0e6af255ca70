"""Build the course's notebooks from their Jupytext sources (MyST Markdown), without outputs.

Developer note: every notebook has one text source under `sources/`:
    sources/course/NN_name.md                 -> course/NN_name.ipynb        (make course)
    sources/solutions/ASSIGNMENT/name.md      -> solutions/ASSIGNMENT/name.ipynb  (make solutions)
`exercises/` is then generated from `solutions/` by nbgrader (make exercises).  Edit the `.md` file (as
text, or in JupyterLab: right click > Ouvrir avec > Notebook, which Jupytext saves back to the `.md`),
then run the make target and commit both.  Usage:
    python scripts/notebooks.py course|solutions [--out FOLDER]
    python scripts/notebooks.py import NOTEBOOK.ipynb   # write a notebook edited as .ipynb back to its source
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import jupytext
import nbformat

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "sources"
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def _normalise(nb: nbformat.NotebookNode, stem: str, kind: str) -> nbformat.NotebookNode:
    """The committed form: no outputs, no Jupytext header, stable cell ids (so rebuilds are identical)."""
    rise = nb.metadata.get("rise")  # the slideshow's settings (RISE), kept: they are part of the source
    nb.metadata = nbformat.NotebookNode({"kernelspec": dict(KERNELSPEC), "language_info": {"name": "python"}})
    if rise:
        nb.metadata["rise"] = rise
    nb.nbformat, nb.nbformat_minor = 4, 5
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if kind == "course":
            cell["id"] = f"{stem[:2]}-{i:02d}"
        else:
            cell["id"] = grade_id or f"cell-{i:02d}"
    nbformat.validate(nb)
    return nb


def sources(kind: str, sources_root: Path = SOURCES) -> list[Path]:
    """The sources of one kind ("course" or "solutions"), in order."""
    return sorted((sources_root / kind).rglob("*.md"))


def target(source: Path, kind: str, out: Path, sources_root: Path = SOURCES) -> Path:
    return out / source.relative_to(sources_root / kind).with_suffix(".ipynb")


def build(kind: str, out: Path | None = None, sources_root: Path = SOURCES) -> list[Path]:
    """Write every notebook of `kind` into `out` (the committed folder by default); return their paths."""
    out = out or ROOT / kind
    written = []
    for source in sources(kind, sources_root):
        nb = _normalise(jupytext.read(source), source.stem, kind)
        path = target(source, kind, out, sources_root)
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="\n") as fh:
            nbformat.write(nb, fh)
        written.append(path)
    return written


def import_notebook(notebook: Path, sources_root: Path = SOURCES) -> Path:
    """Write a notebook edited in JupyterLab (course/ or solutions/) back to its Jupytext source
    (under `sources_root`, sources/ by default)."""
    notebook = notebook.resolve()
    for kind in ("course", "solutions"):
        try:
            relative = notebook.relative_to(ROOT / kind)
        except ValueError:
            continue
        source = (sources_root / kind / relative).with_suffix(".md")
        nb = nbformat.read(notebook, as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "code":
                cell.outputs, cell.execution_count = [], None
        if "rise" in nb.metadata:  # Jupytext keeps only the notebook metadata it is told to keep
            nb.metadata.setdefault("jupytext", {})["notebook_metadata_filter"] = "rise"
        source.parent.mkdir(parents=True, exist_ok=True)
        jupytext.write(nb, source, fmt="md:myst")
        return source
    raise SystemExit(f"Erreur : {notebook} n'est ni dans course/ ni dans solutions/.")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Génère les carnets depuis leurs sources (sources/).")
    parser.add_argument("kind", choices=["course", "solutions", "import"])
    parser.add_argument("notebook", nargs="?", help="avec import : le carnet .ipynb modifié")
    parser.add_argument("--out", type=Path, help="dossier de sortie (par défaut course/ ou solutions/)")
    args = parser.parse_args(argv)
    if args.kind == "import":
        if not args.notebook:
            parser.error("précisez le carnet : python scripts/notebooks.py import course/01_choisir_son_reseau.ipynb")
        print(f"Source mise à jour : {import_notebook(Path(args.notebook)).relative_to(ROOT)}")
        return 0
    for path in build(args.kind, args.out):
        print(f"écrit : {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
