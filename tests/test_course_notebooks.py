"""Every course notebook runs top to bottom, headless, from a foreign working directory.

Each notebook is executed with nbclient (kernel python3) with its working directory set to
an empty temporary folder, which proves that data paths do not depend on the cwd.  Any
error fails the test.  Run times are gathered in `NOTEBOOK_TIMES` and printed by the
`pytest_terminal_summary` hook of tests/conftest.py (target: under 10 s each).
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

COURSE = Path(__file__).resolve().parents[1] / "course"
NOTEBOOKS = sorted(COURSE.glob("[0-9][0-9]_*.ipynb"))

#: Column names of the library's tables that must never reach a learner untranslated.
ENGLISH_COLUMNS = ("name", "sector", "frequency", "intimacy", "emotion", "reciprocity", "strength", "tie", "u", "v",
                   "weight", "embeddedness", "overlap", "local_bridge", "span", "slot", "goals", "fee", "kind",
                   "cash_cost", "meetings_per_year", "hours_per_year")

#: notebook name -> seconds, filled as the tests run (read by conftest.py).
NOTEBOOK_TIMES: dict[str, float] = {}


def test_the_six_modules_are_there():
    assert [p.stem[:2] for p in NOTEBOOKS] == ["00", "01", "02", "03", "04", "05"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_is_committed_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    assert nb.metadata["kernelspec"]["name"] == "python3"
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, f"{path.name}: sorties enregistrées"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs_headless(path, tmp_path):
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, kernel_name="python3", timeout=120,
                            resources={"metadata": {"path": str(tmp_path)}})
    start = time.perf_counter()
    client.execute()  # raises CellExecutionError on any error
    NOTEBOOK_TIMES[path.stem] = time.perf_counter() - start
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors
    # Tables shown to learners have French headers, words for codes and oui/non (fmt.french_table).
    shown = "\n".join(o.get("data", {}).get("text/html", "") for c in nb.cells if c.cell_type == "code"
                      for o in c.outputs)
    english = re.findall(r"<th>(%s)</th>" % "|".join(ENGLISH_COLUMNS), shown)
    assert not english, f"{path.stem} : en-têtes anglais affichés {sorted(set(english))}"
    for raw in ("<td>True</td>", "<td>False</td>", "petit-dejeuner", "soiree"):
        assert raw not in shown, f"{path.stem} : {raw} affiché"
    if path.stem == "02_temps_et_budget":  # numbers rounded before french_table, not after (it writes text)
        assert "1,5714" not in shown and "1,57" in shown
    if path.stem == "03_force_des_liens":  # one style of percentages in the table: no decimals
        assert "(18\u00a0%)" in shown and "(74\u00a0%)" in shown and "73,8" not in shown
    if path.stem == "05_ma_strategie":
        plan = tmp_path / "mon_plan_d_action.md"
        assert plan.exists() and "Mon plan d'action réseau" in plan.read_text(encoding="utf-8")


def _headings() -> dict[str, str]:
    """Stable headings "N.k Title" of all notebooks, keyed by their number."""
    found = {}
    for path in NOTEBOOKS:
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "markdown":
                for line in cell.source.splitlines():
                    m = re.match(r"^## (\d\.\d) (.+)$", line)
                    if m:
                        found[m.group(1)] = m.group(2).strip()
    return found


def test_readme_checklist_points_to_existing_cells():
    headings = _headings()
    readme = (COURSE / "README.md").read_text(encoding="utf-8")
    rows = [line for line in readme.splitlines() if re.match(r"^\| \d+ \|", line)]
    assert len(rows) >= 29  # every sentence of the source text
    for row in rows:
        cell_column = row.split("|")[4]
        for number, title in re.findall(r"(\d\.\d)(?: à \d\.\d)?(?: ([^;(]+))?", cell_column):
            assert number in headings, f"README : la cellule {number} n'existe pas ({row})"
            if title.strip():
                assert headings[number].startswith(title.strip().rstrip(" ?")), (number, title, headings[number])


def test_slips_of_the_source_text_are_corrected():
    text = {p.stem: "\n".join(c.source for c in nbformat.read(p, as_version=4).cells) for p in NOTEBOOKS}
    assert "Mark Granovetter" in text["03_force_des_liens"]
    assert "Marc Garnovetter" in text["03_force_des_liens"]  # the slip is named, then corrected
    assert "petit-déjeuner" in text["02_temps_et_budget"] and "jamais le matin" in text["02_temps_et_budget"]
    # « jamais l'après-midi » is corrected too: progress clubs meet for whole days
    assert "jamais l'après-midi ?" in text["02_temps_et_budget"] and "**journée entière**" in text["02_temps_et_budget"]
    assert "clubs de progrès de dirigeants" in text["02_temps_et_budget"]
    # the fees found stop near 1 600 € (others not found: no ceiling taught); weekly meals take referral groups
    # past 2 000 € a year all-in, so the range holds; the 2 400 € maximum of the data is illustrative
    assert "publiées le confirment" not in text["02_temps_et_budget"] and "**n'ont pas été trouvées**" in text["02_temps_et_budget"]
    assert "**1 916 à 2 129 € par an** tout compris" in text["02_temps_et_budget"]
    assert "**2 400 €**" in text["02_temps_et_budget"] and "**illustrative**" in text["02_temps_et_budget"]
    # mentoring: free for laureates, the 300 € of the data is an illustrative membership fee
    assert "**gratuit pour les lauréats**" in text["01_choisir_son_reseau"]
    assert "cotisation de 300 €" in text["01_choisir_son_reseau"] and "**illustrative**" in text["01_choisir_son_reseau"]
    assert "16,7 %" in text["04_liens_faibles_ponts"] and "55,6 %" in text["04_liens_faibles_ponts"]
    assert "27,8 %" in text["04_liens_faibles_ponts"]
    for stem, body in text.items():
        assert "Durée" in body and "En résumé" in body, stem


def test_notebooks_match_their_sources(tmp_path):
    """course/*.ipynb are exactly what Jupytext builds from sources/course/*.md (edit the source, `make course`)."""
    import subprocess
    import sys

    script = COURSE.parent / "scripts" / "notebooks.py"
    subprocess.run([sys.executable, str(script), "course", "--out", str(tmp_path)], check=True, capture_output=True)
    built = sorted(p.name for p in tmp_path.glob("*.ipynb"))
    assert built == [p.name for p in NOTEBOOKS], "un carnet sans source, ou une source sans carnet : `make course`"
    for path in NOTEBOOKS:
        assert (tmp_path / path.name).read_bytes() == path.read_bytes(), f"{path.name} : lancez `make course`"


def _texts() -> dict[str, str]:
    return {p.stem: "\n".join(c.source for c in nbformat.read(p, as_version=4).cells) for p in NOTEBOOKS}


def test_module_4_claims_are_attributed_and_worded_with_care():
    text = _texts()["04_liens_faibles_ponts"]
    assert "Selon Granovetter, deux liens forts" in text and "se referment le plus souvent en triangle" in text
    assert "presque toujours en triangle" not in text
    assert "parmi les 54 personnes qui ont trouvé leur emploi par un\n  contact" in text
    assert "27,8 % voyaient ce contact rarement, 55,6 % de temps en temps et 16,7 % souvent" in text
    # the sample of Getting a Job, and "occasionally" said as « de temps en temps », not « peu fréquentés »
    # Granovetter's "professional, technical and managerial" workers, not « professions libérales »
    assert "hommes\ncadres, ingénieurs, techniciens et dirigeants** (*professional, technical and managerial*)" in text
    assert "Boston" in text and "fin des années 1960" in text and "Newton" in text
    assert "**de temps en temps** (occasionnellement)" in text and "peu fréquentés" not in text
    # no strong tie is a bridge: Strong Triadic Closure, about local bridges, « le plus souvent »
    assert "**fermeture triadique forte**" in text and "Easley et Kleinberg" in text and "chap. 3" in text
    assert "tout **pont local** auquel A participe" in text and "**sous cette hypothèse**" in text
    assert "sont donc des **liens faibles**" not in text and "sont donc **le plus souvent des liens faibles**" in text
    # Neal (2024), worded as the facts sheet words it
    assert "Neal (2024, *Network Science*, « The not-so-forbidden triad »)" in text and "**56 réseaux réels**" in text
    assert "**quelle que soit leur\n  force**" in text
    # a question on the Davis data
    assert "**À vous de réfléchir : qui fait le pont entre les deux groupes ?**" in text
    assert "emplois trouvés via" not in text
    assert "le réseau rétrécit sans éclater" in text and "presque entier" not in text
    assert "## 4.8 Un vrai réseau de co-présence : les femmes du Sud" in text and "Breiger (1974)" in text


def _markdown() -> dict[str, str]:
    """The Markdown cells of every notebook: the course (by stem) and the exercises (by folder)."""
    paths = {p.stem: p for p in NOTEBOOKS}
    paths.update({p.parent.name: p for p in (COURSE.parent / "solutions").glob("0[3468]_*/*.ipynb")})
    return {name: "\n".join(c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "markdown")
            for name, path in paths.items()}


def test_one_term_for_each_notion():
    for stem, text in _texts().items():
        assert "recouvrement" not in text.lower(), stem  # « chevauchement des voisinages », as in the exercises
        assert "écart" not in text, stem                 # « portée » for the span
    for name, text in _markdown().items():
        # « carnet » is the notebook; Claire's contacts are a « carnet d'adresses » or a « liste »
        assert "cahier" not in text, name
        assert not re.search(r"carnet (de contacts|de Claire|d'exemple)", text), name
        assert not re.findall(r"chevauchement(?!\s+des\s+voisinages)", text), name
        assert "clustering" not in text.replace("*clustering coefficient*", "").replace("`nx.clustering`", ""), name
    text = _texts()
    assert "coefficient de regroupement" in text["04_liens_faibles_ponts"]
    text = _texts()
    assert "chevauchement des voisinages" in text["04_liens_faibles_ponts"] and "portée" in text["04_liens_faibles_ponts"]
    # contacts.csv belongs to Claire, a woman running a building firm (datasets/README.md, exercises)
    assert "Claire" in text["03_force_des_liens"] and "chef d'entreprise fictif" not in text["03_force_des_liens"]
    assert "Thierry Lowys" in text["03_force_des_liens"] and "LOWYS" not in text["03_force_des_liens"]


def test_cost_per_attended_meeting_comes_from_the_library():
    code = "\n".join(c.source for c in nbformat.read(COURSE / "02_temps_et_budget.ipynb", as_version=4).cells
                     if c.cell_type == "code")
    assert "cost_per_attended_meeting(exemple, p)" in code and "percent(p)" in code
    assert "cash_cost /" not in code and ":.0%" not in code


def test_module_5_uses_the_learners_choice_everywhere():
    cells = [c.source for c in nbformat.read(COURSE / "05_ma_strategie.ipynb", as_version=4).cells]
    code = [c for c in cells if "ContactRater(" in c and "import" not in c]
    assert len(code) == 1, "un seul ContactRater, gardé dans mon_reseau"
    assert 'mon_reseau = ContactRater(linkedin, save_to="mes_notes_linkedin.csv")' in code[0]
    assert 'mon_reseau = ContactRater(load_contacts(), save_to="mes_notes_exemple.csv")' in code[0]
    assert any("mon_reseau.last" in c for c in cells) and any("action_plan(mon_reseau.scored()" in c for c in cells)
    text = "\n".join(cells)
    assert "RGPD" in text and "course/Connections.csv" in text
    # privacy advice for where the file lives (own computer or the classroom server), and no git for learners
    assert "**sur votre ordinateur**" in text and "**sur le serveur de la formation**" in text
    assert "puis **Supprimer**" in text and "case « Secteur »" in text
    assert "git" not in "\n".join(c.source for c in nbformat.read(COURSE / "05_ma_strategie.ipynb", as_version=4).cells
                                  if c.cell_type == "markdown")
    ignored = (COURSE.parent / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert "course/Connections.csv" in ignored and "course/mes_notes_*.csv" in ignored  # the learner's ratings


def test_constructed_data_are_said_to_be_constructed():
    """The business community and Claire's contacts are built for the course, not a survey (datasets/README.md)."""
    text = _markdown()
    for name in ("03_force_des_liens", "04_liens_faibles_ponts", "05_ma_strategie", "06_force_des_liens",
                 "08_ponts_et_liens_faibles"):
        flat = " ".join(text[name].split())
        assert "données construites pour l'exemple" in flat or "construite pour l'exemple" in flat, name


#: module -> (quiz, exercises in order) that follow it (numbering of the graded notebooks = course order).
FOLLOW_UP = {
    "00_bienvenue": (None, []),
    "01_choisir_son_reseau": ("01_quiz_choisir_son_reseau", []),
    "02_temps_et_budget": ("02_quiz_temps_et_budget", ["03_budget_et_temps", "04_choisir_un_club"]),
    "03_force_des_liens": ("05_quiz_force_des_liens", ["06_force_des_liens"]),
    "04_liens_faibles_ponts": ("07_quiz_liens_faibles_ponts", ["08_ponts_et_liens_faibles"]),
    "05_ma_strategie": ("09_quiz_ma_strategie", []),
}


def test_every_module_ends_with_its_quiz_exercises_and_next_module():
    stems = [p.stem for p in NOTEBOOKS]
    for i, path in enumerate(NOTEBOOKS):
        last = nbformat.read(path, as_version=4).cells[-1].source
        quiz, exercises = FOLLOW_UP[path.stem]
        names = ([quiz] if quiz else []) + exercises + stems[i + 1:i + 2]
        places = [last.find(f"`{n}") for n in names]
        assert -1 not in places and places == sorted(places), (path.stem, names, last)
        if not exercises:
            assert "**Exercice" not in last, path.stem
    assert "Pas encore d'exercice : l'exercice sur le choix d'un club vient après le module 2" in (
        nbformat.read(NOTEBOOKS[1], as_version=4).cells[-1].source)


def _minutes(text: str) -> tuple[int, int]:
    """« 45 min » -> (45, 45); « 30 à 45 minutes » -> (30, 45)."""
    m = re.search(r"(\d+)(?: à (\d+))? min", text)
    return int(m.group(1)), int(m.group(2) or m.group(1))


def test_the_plan_of_module_0_is_truthful():
    text = _texts()["00_bienvenue"]
    rows = [line.split("|")[1:-1] for line in text.splitlines() if re.match(r"^\| \d \| `", line)]
    assert [r[0].strip() for r in rows] == ["0", "1", "2", "3", "4", "5"]
    total = 0
    for row, path in zip(rows, NOTEBOOKS):
        assert row[1].strip() == f"`{path.stem}`"
        duration = _minutes(row[3])[0]
        body = _texts()[path.stem]
        assert f"**Durée** : {duration} minutes" in body, (path.stem, duration)  # the module says the same
        quiz, exercises = FOLLOW_UP[path.stem]
        assert row[4].strip() == (f"`{quiz}`" if quiz else "—"), path.stem
        cell = row[5]
        assert [name for name in re.findall(r"`(\d\d_[a-z_]+)`", cell)] == exercises, path.stem
        for name in exercises:  # the exercise's duration, as its introduction gives it
            intro = nbformat.read(next((COURSE.parent / "solutions" / name).glob("*.ipynb")), as_version=4).cells[0]
            said = _minutes(re.search(r"\*\*Durée\*\* : ([^.*]+)", intro.source).group(1))
            low, high = said
            shown = f"{low} à {high} min" if low != high else f"{low} min"
            assert f"`{name}` ({shown})" in cell, (name, shown)
        total += duration
    assert total == 175 and "175 min, soit 2 h 55" in text
    assert "50 min" in text and "5 × 10 min" in text
    assert "**parcours sans code** (modules et quiz) | **225 min, soit 3 h 45**" in text
    assert "150 à 180 min, soit 2 h 30 à 3 h" in text
    assert "**parcours complet** (modules, quiz et exercices) | **375 à 405 min, soit 6 h 15 à 6 h 45**" in text
    assert "3 heures, pauses comprises" not in text
    assert "**aucune programmation**" in text and "**une lettre**" in text and "**un peu de Python**" in text


def _module_5(source: str, extra: str | None = None) -> nbformat.NotebookNode:
    """Module 5 with `source = "<source>"` in 5.1, and `extra` run right after the rating widget's cell."""
    nb = nbformat.read(COURSE / "05_ma_strategie.ipynb", as_version=4)
    (choice,) = [c for c in nb.cells if c.cell_type == "code" and c.source.startswith('source = "exemple"')]
    choice.source = choice.source.replace('source = "exemple"', f'source = "{source}"', 1)
    if extra:
        index = next(i for i, c in enumerate(nb.cells) if "mon_reseau = ContactRater(" in c.source)
        nb.cells.insert(index + 1, nbformat.v4.new_code_cell(extra))
    return nb


def _run(nb, folder) -> None:
    NotebookClient(nb, kernel_name="python3", timeout=120, resources={"metadata": {"path": str(folder)}}).execute()


def test_module_5_ratings_persist_between_runs(tmp_path):
    """Rated once, the LinkedIn contacts keep their ratings when the module is run again (a kernel restart)."""
    # first run: the learner rates two relations (4 4 3 3 = 14/16 strong; 1 0 1 1 = 3/16 weak)
    _run(_module_5("linkedin", "mon_reseau.rate(0, 4, 4, 3, 3)\nmon_reseau.rate(1, 1, 0, 1, 1)"), tmp_path)
    assert (tmp_path / "mes_notes_linkedin.csv").exists()
    (tmp_path / "mon_plan_d_action.md").unlink()
    # second run, nothing rated in it: the plan still counts the two ratings, read back from the file
    _run(_module_5("linkedin"), tmp_path)
    plan = (tmp_path / "mon_plan_d_action.md").read_text(encoding="utf-8").replace("\u00a0", " ")
    assert "- Contacts notés : 2\n" in plan
    assert "Liens forts : 1 (50 %) ; liens faibles : 1 (50 %) ; liens absents : 0 (0 %)" in plan


def test_module_5_unrated_linkedin_import_says_what_to_do(tmp_path):
    """32 relations imported, none rated: the plan cell says so (it once said « Votre réseau est vide »)."""
    from nbclient.exceptions import CellExecutionError

    with pytest.raises(CellExecutionError) as err:
        _run(_module_5("linkedin"), tmp_path)
    assert "Aucun de vos 32 contacts n'est encore noté" in str(err.value)
    assert "Votre réseau est vide" not in str(err.value)


def test_a_notebook_edited_in_jupyterlab_goes_back_to_its_source_unchanged(tmp_path):
    """`scripts/notebooks.py import` turns each committed notebook back into a source that rebuilds it exactly."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("notebooks", COURSE.parent / "scripts" / "notebooks.py")
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    solutions = sorted((COURSE.parent / "solutions").glob("*/*.ipynb"))
    for path in [*NOTEBOOKS, *solutions]:
        tool.import_notebook(path, sources_root=tmp_path / "sources")
    for kind, committed in (("course", NOTEBOOKS), ("solutions", solutions)):
        rebuilt = tool.build(kind, tmp_path / kind, sources_root=tmp_path / "sources")
        assert len(rebuilt) == len(committed)
        for path in committed:
            relative = path.relative_to(COURSE.parent / kind)
            assert (tmp_path / kind / relative).read_bytes() == path.read_bytes(), relative


def test_no_bold_or_italics_marks_show_as_text_in_the_course():
    """A list item or line that starts with an HTML comment (« - <!-- carnet -->… **Maj + Entrée** ») is raw HTML
    for CommonMark, as for JupyterLab: its « ** » were shown to learners as they are."""
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark").enable("table")
    for path in NOTEBOOKS:
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type != "markdown":
                continue
            shown = re.sub(r"<!--.*?-->", "", parser.render(cell.source), flags=re.S)
            shown = re.sub(r"<code>.*?</code>|<pre>.*?</pre>", "", shown, flags=re.S)
            assert "**" not in re.sub(r"<[^>]+>", "", shown), (path.name, cell.source[:80])
