"""The facilitator guide (formation/guide_formateur.md): a programme as a certified training states it, and two
timed plans whose every minute agrees with what the notebooks announce.

Each plan row's start, end and duration are read back; a row naming a notebook must last what that notebook's
« Durée » says (within its range for « 30 à 45 minutes »); the half-day lasts 3 h 30, the day 7 h (lunch apart).
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from reseau.session import OBJECTIVES

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "formation" / "guide_formateur.md"
TEXT = GUIDE.read_text(encoding="utf-8")
HEADINGS = ["## 1. Le programme de la formation", "## 2. La veille de la session",
            "## 3. Plan d'une demi-journée (3 h 30)", "## 4. Plan d'une journée (7 h)",
            "## 5. Les activités en groupe, sans ordinateur", "## 6. Ce qu'il faut dire aux moments clés",
            "## 7. Adapter la formation aux participants qui ne codent pas", "## 8. Après la session"]


def _section(number: int) -> str:
    start = TEXT.index(HEADINGS[number - 1])
    end = TEXT.index(HEADINGS[number]) if number < len(HEADINGS) else len(TEXT)
    return TEXT[start:end]


def _announced() -> dict[str, tuple[int, int]]:
    """{notebook stem or assignment: (min, max) minutes} from each notebook's « **Durée** : … »."""
    found = {}
    paths = [*sorted((ROOT / "course").glob("0*.ipynb")), *sorted((ROOT / "exercises").glob("*/*.ipynb"))]
    for path in paths:
        first = nbformat.read(path, as_version=4).cells[0].source
        m = re.search(r"\*\*Durée\*\* : (\d+)(?: à (\d+))? minutes", first)
        assert m, f"{path.name} n'annonce pas sa durée"
        key = path.stem if path.parent.name == "course" else path.parent.name
        found[key] = (int(m.group(1)), int(m.group(2) or m.group(1)))
    return found


def _minutes(clock: str) -> int:
    h, m = re.fullmatch(r"(\d+) h (\d\d)", clock.strip()).groups()
    return int(h) * 60 + int(m)


def _rows(section: str) -> list[dict]:
    rows = []
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 6 and re.match(r"\d+ h \d\d", cells[0]):
            rows.append(dict(zip(("start", "end", "duration", "sequence", "support", "objective"), cells)))
    return rows


def test_the_guide_has_its_sections_and_is_linked_from_the_readme():
    for heading in HEADINGS:
        assert heading in TEXT, heading
    assert "formation/guide_formateur.md" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_programme_states_what_a_certified_training_states():
    programme = _section(1)
    for item in ("Objectifs pédagogiques", "Public visé", "Prérequis", "Durée", "Modalités pédagogiques",
                 "Modalités d'évaluation", "L6353-1"):
        assert item in programme, item
    for code, text in OBJECTIVES.items():  # the objectives are the library's (reseau.session), word for word
        assert f"{code} — {text}" in " ".join(programme.split()), code


@pytest.mark.parametrize("number, total", [(3, 210), (4, 420)])
def test_plan_rows_follow_each_other_and_add_up(number, total):
    rows = _rows(_section(number))
    assert rows
    counted = 0
    for previous, row in zip([None, *rows], rows):
        length = _minutes(row["end"]) - _minutes(row["start"])
        assert row["duration"] == f"{length} min", row
        if previous is not None:
            assert row["start"] == previous["end"], (previous, row)
        if not row["sequence"].startswith("déjeuner"):
            counted += length
    assert counted == total


@pytest.mark.parametrize("number", [3, 4])
def test_each_notebook_in_a_plan_lasts_what_it_announces(number):
    announced = _announced()
    for row in _rows(_section(number)):
        names = re.findall(r"`([0-9]{2}_[a-z_]+)`", row["support"])
        for name in names:
            low, high = announced[name]
            length = int(row["duration"].split()[0])
            if "accueil (5 min)" in row["sequence"]:
                length -= 5
            if "satisfaction (5 min)" in row["sequence"]:  # the rest of that slot: summing up, certificates
                length = 5
            assert low <= length <= high, (name, row["duration"], announced[name])


def test_the_day_covers_every_module_and_quiz_and_the_half_day_the_first_four_modules():
    day = {n for row in _rows(_section(4)) for n in re.findall(r"`([0-9]{2}_[a-z_]+)`", row["support"])}
    half = {n for row in _rows(_section(3)) for n in re.findall(r"`([0-9]{2}_[a-z_]+)`", row["support"])}
    modules = {p.stem for p in (ROOT / "course").glob("0*.ipynb")}
    quizzes = {p.name for p in (ROOT / "exercises").iterdir() if "_quiz_" in p.name}
    assert modules | quizzes | {"00_positionnement"} <= day
    assert {"01_choisir_son_reseau", "02_temps_et_budget", "03_force_des_liens", "04_liens_faibles_ponts",
            "00_positionnement"} <= half
    # what the half-day leaves out is listed as personal work after it
    after = _section(3)[_section(3).index("Travail personnel"):]
    for name in modules - half - {"00_bienvenue"} | (quizzes - half):
        assert f"`{name}`" in after, name


@pytest.mark.parametrize("number", [3, 4])
def test_each_plan_has_two_group_activities_without_a_computer_and_breaks(number):
    rows = _rows(_section(number))
    assert sum("sans ordinateur" in r["sequence"] for r in rows) >= 2
    assert any(r["sequence"] == "pause" for r in rows)


def test_every_printable_the_guide_names_is_written_by_make_supports(tmp_path):
    """The guide tells the trainer to send or print files of supports/: each is one `make supports` writes."""
    from reseau.handouts import COURSE
    from reseau.trainer_pack import build_trainer_pack, paper_assignments

    named = set(re.findall(r"`supports/([\w/]+\.pdf)`", TEXT))
    assert "support_00_bienvenue.pdf" in named  # module 0, sent before the half-day
    handouts = {f"support_{p.stem}.pdf" for p in COURSE.glob("0*.ipynb")} | {"plan_d_action_exemple.pdf"}
    assert named <= handouts | {f"formateur/{n}" for n in ("emargement.pdf", "fiches_identifiant.pdf")}
    pack = " ".join(p.name for p in build_trainer_pack(tmp_path)[0])
    for pattern in re.findall(r"`((?:quiz_papier|corrige)_\*\.pdf)`", TEXT):  # quiz_papier_*.pdf, corrige_*.pdf
        prefix = pattern.split("*")[0]
        assert all(f"{prefix}{name}.pdf" in pack for name in paper_assignments()), pattern
