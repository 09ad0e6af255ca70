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
    assert "emplois trouvés via" not in text
    assert "le réseau rétrécit sans éclater" in text and "presque entier" not in text
    assert "## 4.8 Un vrai réseau de co-présence : les femmes du Sud" in text and "Breiger (1974)" in text


def test_one_term_for_each_notion():
    for stem, text in _texts().items():
        assert "recouvrement" not in text.lower(), stem  # « chevauchement des voisinages », as in the exercises
        assert "écart" not in text, stem                 # « portée » for the span
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
    assert "mon_reseau = ContactRater(linkedin)" in code[0] and "mon_reseau = ContactRater(load_contacts())" in code[0]
    assert any("mon_reseau.last" in c for c in cells) and any("action_plan(mon_reseau.scored()" in c for c in cells)
    text = "\n".join(cells)
    assert "RGPD" in text and "course/Connections.csv" in text
    ignored = (COURSE.parent / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert "course/Connections.csv" in ignored
