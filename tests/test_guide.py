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

from reseau.session import ASSIGNMENT_OBJECTIVES, OBJECTIVES

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


def _short_path() -> dict[str, dict]:
    """The half-day's « parcours court » table: {module: {minutes, presented, after}} (sections as "N.k")."""
    section = _section(3)
    table = section[section.index("### Parcours court"):section.index("### Après la demi-journée")]
    found = {}
    for line in table.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[0].startswith("`0"):
            found[cells[0].strip("`")] = {"minutes": int(re.fullmatch(r"(\d+) min", cells[1]).group(1)),
                                          "presented": re.findall(r"\b\d\.\d\b", cells[2]),
                                          "after": re.findall(r"\b(\d\.\d) \(", cells[3])}
    return found


def _sections(stem: str) -> list[str]:
    """The « ## N.k » sections of a course module, in order."""
    nb = nbformat.read(ROOT / "course" / f"{stem}.ipynb", as_version=4)
    return [m for c in nb.cells if c.cell_type == "markdown" for m in re.findall(r"^## (\d\.\d) ", c.source, re.M)]


def _quiz_source(objective: str) -> str:
    """The source of the quiz that evaluates an objective (one quiz per objective)."""
    (name,) = [a for a, objs in ASSIGNMENT_OBJECTIVES.items() if "_quiz_" in a and objs == (objective,)]
    return "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "sources" / "solutions" / name).glob("*.md"))


@pytest.mark.parametrize("number", [3, 4])
def test_each_notebook_in_a_plan_lasts_what_it_announces(number):
    """A quiz or questionnaire gets the time it announces; a module too, except in the half-day, where it gets its
    short path's time (never more than the module announces)."""
    announced = _announced()
    short = _short_path() if number == 3 else {}
    for row in _rows(_section(number)):
        for name in re.findall(r"`([0-9]{2}_[a-z_]+)`", row["support"]):
            low, high = announced[name]
            length = int(row["duration"].split()[0])
            if "accueil (5 min)" in row["sequence"]:
                length -= 5
            if name in short:
                assert length == short[name]["minutes"] <= low, (name, row["duration"], short[name], low)
                continue
            assert low <= length <= high, (name, row["duration"], announced[name])


def test_the_half_day_short_path_cuts_whole_sections_that_no_quiz_asks_about():
    """Each module's short path splits its real sections in two (presented, read after), and every section a
    quiz names is presented: the quizzes taken in the room ask only what was shown."""
    short = _short_path()
    assert set(short) == {p.stem for p in (ROOT / "course").glob("0*.ipynb")} - {"00_bienvenue"}
    for stem, path in short.items():
        sections = _sections(stem)
        assert sorted(path["presented"] + path["after"]) == sorted(sections), (stem, path, sections)
        assert not set(path["presented"]) & set(path["after"]), stem
    # a section a quiz asks about or cites as its source (« module 1, section 1.4 ; module 5, sections 5.4 et
    # 5.7 »), in any quiz taken in the room, is presented
    presented = {n for path in short.values() for n in path["presented"]}
    cited = {n for k in range(1, 6)
             for group in re.findall(r"sections? (\d\.\d(?:(?:, | et )\d\.\d)*)", _quiz_source(f"O{k}"))
             for n in re.findall(r"\d\.\d", group)}
    assert cited and cited <= presented, sorted(cited - presented)
    # what is read after is in the table of what follows the half-day, for the time the cuts take
    announced = _announced()
    after = _section(3)[_section(3).index("### Après la demi-journée"):]
    reading = re.search(r"\| (\d+) min \| sections à lire après", after)
    plan = re.search(r"\| (\d+) min \| plan d'action avec ses propres contacts", after)
    assert reading and plan
    cut = sum(announced[stem][1] - path["minutes"] for stem, path in short.items())
    assert int(reading.group(1)) + int(plan.group(1)) == cut


@pytest.mark.parametrize("number", [3, 4])
def test_every_objective_is_evaluated_by_a_quiz_inside_the_plan(number):
    """Each objective has a graded quiz inside the plan's time, after its module was taught and after the
    positioning: nothing the certificate reports waits for work done after the session."""
    rows = _rows(_section(number))
    first: dict[str, tuple[str, int]] = {}
    taught: dict[str, int] = {}
    positioning = next(i for i, r in enumerate(rows) if "`00_positionnement`" in r["support"])
    for i, row in enumerate(rows):
        for name in re.findall(r"`([0-9]{2}_[a-z_]+)`", row["support"]):
            if (ROOT / "course" / f"{name}.ipynb").exists() and name != "00_bienvenue":
                taught.setdefault(f"O{int(name[:2])}", i)
            if "_quiz_" in name:
                for objective in ASSIGNMENT_OBJECTIVES[name]:
                    first.setdefault(objective, (name, i))
                    assert objective in row["objective"], (name, row)
    assert set(first) == set(OBJECTIVES), set(OBJECTIVES) - set(first)
    for objective, (name, i) in first.items():
        assert positioning < taught[objective] < i, (objective, name)


@pytest.mark.parametrize("number", [3, 4])
def test_the_positioning_follows_a_guided_first_login(number):
    """Nobody logs in, fetches and answers alone before a walk-through: the first row is the guided first login."""
    rows = _rows(_section(number))
    assert "première connexion guidée" in rows[0]["sequence"], rows[0]
    assert "`00_positionnement`" in rows[1]["support"], rows[1]


def test_the_day_and_the_half_day_cover_every_module_and_quiz():
    day = {n for row in _rows(_section(4)) for n in re.findall(r"`([0-9]{2}_[a-z_]+)`", row["support"])}
    half = {n for row in _rows(_section(3)) for n in re.findall(r"`([0-9]{2}_[a-z_]+)`", row["support"])}
    modules = {p.stem for p in (ROOT / "course").glob("0*.ipynb")}
    quizzes = {p.name for p in (ROOT / "exercises").iterdir() if "_quiz_" in p.name}
    assert modules | quizzes | {"00_positionnement"} <= day
    assert (modules - {"00_bienvenue"}) | quizzes | {"00_positionnement"} <= half
    # what the half-day leaves out (the exercises) is offered after it
    after = _section(3)[_section(3).index("### Après la demi-journée"):]
    exercises = {p.name for p in (ROOT / "exercises").iterdir() if p.name in ASSIGNMENT_OBJECTIVES} - quizzes
    assert exercises
    for name in exercises - half:
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


@pytest.mark.parametrize("stem", sorted(_short_path()))
def test_the_short_path_runs_on_its_own_slide_after_slide(stem, tmp_path):
    """In the half-day the trainer runs only the presented sections' cells (Maj + Entrée, slide after slide): none
    of them may need a cell of a section left for later (a NameError in front of the room)."""
    from nbclient import NotebookClient

    presented = set(_short_path()[stem]["presented"])
    nb = nbformat.read(ROOT / "course" / f"{stem}.ipynb", as_version=4)
    kept, section = [], None
    for cell in nb.cells:
        found = re.match(r"## (\d\.\d) ", cell.source) if cell.cell_type == "markdown" else None
        if found:
            section = found.group(1)
        if section is None or section in presented:
            kept.append(cell)
    assert len(kept) < len(nb.cells) or not _short_path()[stem]["after"]
    nb.cells = kept
    NotebookClient(nb, kernel_name="python3", timeout=120, resources={"metadata": {"path": str(tmp_path)}}).execute()
