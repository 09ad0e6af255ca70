"""Printable handouts (« supports ») of the course: one PDF per module, plus the example action plan of module 5;
`main` also writes the trainer's pack into supports/formateur/ (reseau.trainer_pack).

`make supports` (python -m reseau.handouts [--out supports]) runs each module headless (as the tests do), then
prints what a participant reads: the module's title, its objectives and key ideas, its text, the tables and
charts its cells display (never the code), and its « En résumé » in an « À retenir » box.  The action plan
that module 5 writes is printed too.  Typesetting: reseau.printing (Typst, offline).

Written for paper, from the same source as the notebook: in a course source, text between `<!-- carnet -->` and
`<!-- /carnet -->` is for the notebook only (an instruction about a cell, a slider, a file), and
`<!-- papier : ... -->` holds what the handout prints instead (both invisible in JupyterLab and the slides).
A cell tagged `carnet-seulement` is left out of the handout; a line printed by a cell that names the folder the
modules ran in (a temporary folder) is never printed.
"""

from __future__ import annotations

import argparse
import base64
import os
import re
import sys
import tempfile
from pathlib import Path

from .errors import ReseauError
from .plan import action_plan_pdf
from .printing import compile_pdf, french_typography, html_table_to_typst, markdown_pdf, markdown_to_typst, typst_string
from .session import OBJECTIVES

ROOT = Path(__file__).resolve().parents[2]
COURSE = ROOT / "course"
#: Module number -> the objective it serves (O1 for module 1 ...; module 0 has none).
MODULE_OBJECTIVE = {str(k): f"O{k}" for k in range(1, 6)}


def _execute(path: Path, folder: Path):
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    km = None
    if os.name == "posix":
        from jupyter_client import KernelManager

        # the kernel talks over Unix sockets in the run's own folder: nothing on the machine's ports, and no
        # English warning about unencrypted TCP printed in the trainer's terminal
        km = KernelManager(kernel_name="python3", transport="ipc",
                           connection_file=str(folder / f"noyau-{path.stem}.json"))
    try:
        NotebookClient(nb, km=km, kernel_name="python3", timeout=180,
                       resources={"metadata": {"path": str(folder)}}).execute()
    finally:
        if km is not None and km.has_kernel:  # a kernel manager given to nbclient is ours to stop
            km.shutdown_kernel(now=True)
    return nb


def _intro(markdown: str) -> tuple[str, dict[str, str]]:
    """The module's title and its « **Label** : text » lines (Ce que vous allez faire / apprendre, Durée...)."""
    title = re.search(r"^# (.+)$", markdown, re.M).group(1).strip()
    fields = {m.group(1).strip(): " ".join(m.group(2).split())
              for m in re.finditer(r"^\*\*([^*\n]+)\*\* : (.*?)(?=\n\*\*[^*\n]+\*\* :|\n\s*\n|\Z)", markdown,
                                   re.M | re.S)}
    return title, fields


#: Notebook-only text in a course source, and the text printed instead (see the module docstring).
NOTEBOOK_ONLY = re.compile(r"(^|\n)?<!-- carnet -->.*?<!-- /carnet -->(\n?)", re.S)
PAPER_ONLY = re.compile(r"<!-- papier :[ ]?(.*?)\s*-->", re.S)
#: Tag of a cell left out of the handout.
NOTEBOOK_CELL_TAG = "carnet-seulement"


#: A folded answer of an activity (<details><summary>label</summary> answer </details>).
FOLDED_ANSWER = re.compile(r"<details>\s*<summary>(.*?)</summary>(.*?)</details>", re.S)


def split_answers(source: str) -> tuple[str, list[str]]:
    """A Markdown cell without its folded answers (a line says where they are printed), and those answers: on
    paper they go to the handout's last page, away from the questions."""
    answers = [m.group(2).strip() for m in FOLDED_ANSWER.finditer(source)]
    text = FOLDED_ANSWER.sub("*Éléments de réponse : à la dernière page de ce support, à lire après avoir cherché.*",
                             source)
    return text, answers


def paper_markdown(source: str) -> str:
    """A Markdown cell as printed: notebook-only text dropped, paper-only text shown."""
    def drop(m: re.Match) -> str:
        # a block of its own lines goes with its line break; inside a line, the line break after it stays
        # (« … les deux groupes ?<!-- carnet -->…<!-- /carnet -->\n4. La colonne » keeps item 4 on its line)
        return (m.group(1) or "") if m.group(1) is not None else m.group(2)

    return PAPER_ONLY.sub(lambda m: m.group(1), NOTEBOOK_ONLY.sub(drop, source))


def module_typst(nb, folder: Path | str | None = None) -> tuple[str, str, str, dict[str, bytes]]:
    """(title, subtitle, Typst body, image files) of one executed module notebook; `folder`: where it ran (a line
    of output naming it is not printed)."""
    cells = [c for c in nb.cells if NOTEBOOK_CELL_TAG not in c.get("metadata", {}).get("tags", [])]
    hidden = {str(folder), str(Path(folder).resolve())} if folder else set()
    answers: list[str] = []
    for cell in cells:
        if cell.cell_type == "markdown":
            cell.source, found = split_answers(paper_markdown(cell.source))
            answers += found
    title, fields = _intro(cells[0].source)
    number = title.split(".")[0].strip()
    subtitle = f"Support de formation · module {number}" + (f" · durée : {fields['Durée']}" if "Durée" in fields else "")
    files: dict[str, bytes] = {}
    headings, body, summary = [], [], ""
    rest = re.sub(r"^# .+$", "", cells[0].source, count=1, flags=re.M)
    rest = re.sub(r"^\*\*([^*\n]+)\*\* : (.*?)(?=\n\*\*[^*\n]+\*\* :|\n\s*\n|\Z)", "", rest, flags=re.M | re.S)
    if rest.strip():
        body.append(markdown_to_typst(rest))
    for cell in cells[1:]:
        if cell.cell_type == "markdown":
            source = cell.source
            parts = re.split(r"^## \d\.\d+ En résumé\s*$", source, maxsplit=1, flags=re.M)
            if len(parts) == 2:  # the module's summary: the « À retenir » box, without « Quiz / Suite » links
                source = parts[0]
                summary = re.split(r"^\*\*(?:Quiz|Exercice|Suite)", parts[1], flags=re.M)[0]
            headings += [h.strip() for h in re.findall(r"^## \d\.\d+ (.+)$", source, re.M)]
            if source.strip():
                body.append(markdown_to_typst(source))
            continue
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "image/png" in data:
                name = f"figure-{len(files) + 1}.png"
                files[name] = base64.b64decode(data["image/png"])
                body.append(f'#align(center, image("{name}", width: 85%))\n\n')
            elif "<table" in data.get("text/html", ""):
                body.append(html_table_to_typst(data["text/html"]))
            elif output.get("output_type") == "stream" and output.get("name") == "stdout" and output["text"].strip():
                lines = [line.rstrip() for line in output["text"].strip().splitlines()
                         if not any(where in line for where in hidden)]
                text = "\n".join(lines[:25])
                if not text.strip():
                    continue
                body.append(f"#block(inset: (left: 8pt), stroke: (left: 1pt + luma(180)))"
                            f"[#text(size: 9pt)[#{typst_string(french_typography(text))}]]\n\n")
    objectives = []
    if "Ce que vous allez apprendre" in fields:
        objectives.append("#strong[#" + typst_string(french_typography("Ce que vous allez apprendre :")) + "] "
                          + markdown_to_typst(fields["Ce que vous allez apprendre"]).strip())
    if number in MODULE_OBJECTIVE:
        code = MODULE_OBJECTIVE[number]
        objectives.append(f"#emph[#{typst_string(french_typography(f'Objectif {code[1]} de la formation : {OBJECTIVES[code]}'))}]")
    head = "#heading(level: 1)[Objectifs]\n\n" + "\n\n".join(objectives) + "\n\n"
    if headings:
        head += "#heading(level: 1)[Idées clés]\n\n#list(" + ", ".join(
            f"[#{typst_string(french_typography(h))}]" for h in headings) + ")\n\n"
    tail = f"#a-retenir[{markdown_to_typst(summary).strip()}]\n" if summary.strip() else ""
    if answers:  # the activities' answers, on a page of their own after the summary
        tail += ("\n#pagebreak()\n#heading(level: 1)[Éléments de réponse]\n\n"
                 + "".join(markdown_to_typst(a) for a in answers))
    return title, subtitle, head + "#heading(level: 1)[Le module]\n\n" + "".join(body) + tail, files


def build_handouts(out: Path, *, modules: list[str] | None = None) -> list[Path]:
    """Write one PDF per module (and the example action plan) into `out`; return their paths."""
    out.mkdir(parents=True, exist_ok=True)
    paths = sorted(COURSE.glob("0*.ipynb"))
    if modules:
        paths = [p for p in paths if p.stem in modules]
        if not paths:
            raise ReseauError(f"Module inconnu : {', '.join(modules)}. Les modules sont : "
                              f"{', '.join(p.stem for p in sorted(COURSE.glob('0*.ipynb')))}.", value=modules)
    written = []
    with tempfile.TemporaryDirectory(prefix="reseau-supports-") as tmp:
        for path in paths:
            nb = _execute(path, Path(tmp))
            title, subtitle, body, files = module_typst(nb, tmp)
            target = out / f"support_{path.stem}.pdf"
            target.write_bytes(compile_pdf(body, title=title, subtitle=subtitle, files=files))
            written.append(target)
        plan = Path(tmp) / "mon_plan_d_action.md"
        if plan.exists():
            target = out / "plan_d_action_exemple.pdf"
            target.write_bytes(action_plan_pdf(plan.read_text(encoding="utf-8"),
                                               subtitle="Exemple produit par le module 5 (liste de contacts de Claire)"))
            written.append(target)
    return written


def main(argv: list[str] | None = None) -> int:
    from .trainer_pack import build_trainer_pack

    parser = argparse.ArgumentParser(prog="python -m reseau.handouts",
                                     description="Les supports imprimables du cours : un PDF par module, et le "
                                                 "dossier du formateur (émargement, fiches d'accès, activités, quiz "
                                                 "sur papier et corrigés) dans formateur/.")
    parser.add_argument("--out", type=Path, default=ROOT / "supports", help="dossier de sortie (supports/)")
    parser.add_argument("--participants", help="la liste de la classe (CSV du serveur de classe) : émargement et "
                                               "fiches d'accès")
    parser.add_argument("--session", help="le fichier de la session (modèle : formation/session.exemple.ini)")
    parser.add_argument("--adresse", help="l'adresse du serveur de classe, pour les fiches d'accès")
    parser.add_argument("--sans-modules", action="store_true", help="seulement le dossier du formateur")
    parser.add_argument("modules", nargs="*", help="seulement ces modules (par exemple 03_force_des_liens)")
    args = parser.parse_args(argv)
    try:
        written, notes = build_trainer_pack(args.out / "formateur", participants=args.participants,
                                            session=args.session, address=args.adresse)
        if not args.sans_modules:
            written = build_handouts(args.out, modules=args.modules or None) + written
        for path in written:
            print(f"écrit : {path}")
        for note in notes:
            print(f"Remarque : {note}")
    except ReseauError as err:
        print(f"Erreur : {err}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
