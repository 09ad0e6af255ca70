"""The classroom's grading settings (`autograder/correction.ini`) and the answers the trainer holds.

One settings file, read by the grading service of the classroom server (`reseau.autograde.service`)
and by `make feedback` alike:
- ``automatique``: grade each submission as it arrives (default: oui);
- ``reponses_des_quiz``: a quiz's feedback gives the right answers « tout de suite » (default) or
  « après révélation », once the trainer has revealed them (`reveal`, the live view's button);
- the section « sans correction automatique »: assignments the service leaves to the trainer.
What has been revealed is session state, kept in the workspace (``reponses_revelees.json``).
"""

from __future__ import annotations

import configparser
import json
import os
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ReseauError
from .paths import AUTOGRADER_DIR, SOLUTIONS_DIR, assignments, workspace_dir

SETTINGS_FILE = AUTOGRADER_DIR / "correction.ini"
#: Environment variable naming another settings file (the tests use it).
SETTINGS_ENV = "RESEAU_CORRECTION"
REVEALED_FILE = "reponses_revelees.json"
_YES, _NO = {"oui", "yes", "vrai", "1"}, {"non", "no", "faux", "0"}
_AT_ONCE, _HELD = "tout de suite", "apres revelation"


def _plain(text: str) -> str:
    """Lower case, accents off, spaces collapsed: « Après  Révélation » -> « apres revelation »."""
    decomposed = unicodedata.normalize("NFKD", text.strip().lower())
    return " ".join("".join(ch for ch in decomposed if not unicodedata.combining(ch)).split())


@dataclass(frozen=True)
class CorrectionSettings:
    automatic: bool = True
    answers_at_once: bool = True
    manual: frozenset[str] = field(default_factory=frozenset)

    def grades_automatically(self, assignment: str) -> bool:
        return self.automatic and assignment not in self.manual


def settings_path() -> Path:
    return Path(os.environ.get(SETTINGS_ENV) or SETTINGS_FILE)


def read_settings(path: Path | str | None = None) -> CorrectionSettings:
    """The settings file, checked: a bad value is a French error naming the line's key, the value and the file."""
    path = Path(path) if path is not None else settings_path()
    if not path.is_file():
        return CorrectionSettings()
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str
    try:
        parser.read_string(path.read_text(encoding="utf-8"))
    except (configparser.Error, UnicodeDecodeError) as err:
        raise ReseauError(f"{path.name} est illisible ({type(err).__name__}) : reprenez le modèle du projet "
                          "(autograder/correction.ini).", value=str(path)) from None
    section = parser["correction"] if parser.has_section("correction") else {}
    raw = section.get("automatique", "oui")
    if _plain(raw) not in _YES | _NO:
        raise ReseauError(f"{path.name}, réglage « automatique » : « {raw} » n'est ni « oui » ni « non ».",
                          field="automatique", value=raw)
    answers = section.get("reponses_des_quiz", _AT_ONCE)
    if _plain(answers) not in {_AT_ONCE, _HELD}:
        raise ReseauError(f"{path.name}, réglage « reponses_des_quiz » : « {answers} » n'est ni « tout de suite » "
                          "ni « après révélation ».", field="reponses_des_quiz", value=answers)
    manual = set()
    if parser.has_section("sans correction automatique"):
        known = set(assignments())
        for name, value in parser["sans correction automatique"].items():
            if name not in known:
                raise ReseauError(f"{path.name}, section « sans correction automatique » : « {name} » n'est pas un "
                                  f"quiz ou un exercice du cours ({', '.join(sorted(known))}).",
                                  field="assignment", value=name)
            if _plain(value) not in _YES | _NO:
                raise ReseauError(f"{path.name}, « {name} = {value} » : écrivez « {name} = non ».",
                                  field=name, value=value)
            if _plain(value) in _NO:
                manual.add(name)
    return CorrectionSettings(automatic=_plain(raw) in _YES, answers_at_once=_plain(answers) == _AT_ONCE,
                              manual=frozenset(manual))


def is_quiz(assignment: str) -> bool:
    """A quiz (or the positioning questionnaire): its checks are `reseau.quiz`'s letters and numbers, and its
    feedback gives the right answers."""
    import nbformat

    from ..verification import notebook_kind

    sources = []
    for path in sorted((SOLUTIONS_DIR / assignment).glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "code" and cell.metadata.get("nbgrader", {}).get("grade"):
                sources.append(cell.source)
    return notebook_kind(sources) == "quiz"


def revealed(workspace: Path | None = None) -> set[str]:
    try:
        data = json.loads((workspace_dir(workspace) / REVEALED_FILE).read_text(encoding="utf-8"))
        return set(data) if isinstance(data, list) else set()
    except (OSError, ValueError):
        return set()


def reveal(assignment: str, workspace: Path | None = None) -> None:
    """Mark a quiz's answers as revealed (the caller then regenerates and releases its feedback)."""
    from .journal import atomic_write_text

    ws = workspace_dir(workspace)
    ws.mkdir(parents=True, exist_ok=True)
    atomic_write_text(ws / REVEALED_FILE, json.dumps(sorted(revealed(ws) | {assignment}), ensure_ascii=False))


def answers_held(assignment: str, workspace: Path | None = None, settings: CorrectionSettings | None = None) -> bool:
    """True while a quiz's right answers stay out of its feedback (held, and not revealed yet)."""
    settings = settings or read_settings()
    return not settings.answers_at_once and is_quiz(assignment) and assignment not in revealed(workspace)
