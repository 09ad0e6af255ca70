"""Loading the course's datasets, and a learner's own LinkedIn export, checked cell by cell.

The files live in the project's ``datasets/`` folder (see ``datasets/README.md``), found from
this package's location, never from the current working directory; set the environment
variable ``RESEAU_DATA_DIR`` to read them from another folder.

Nothing is coerced or dropped silently: a missing column, a cell that is not a number, a
rating outside 0-4, a negative fee, an unknown goal or slot, a duplicate id, a tie to an
unknown member, a duplicate tie or a self-loop raises `ReseauError`, whose French message
names the file, the column, the line of the file (the header is line 1) and the value.
Only blank lines are skipped, and spaces around a cell are ignored.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .budget import PLAN_LIMITS
from .clubs import GOALS, SLOTS, parse_goals
from .errors import ReseauError, field_label, invalid_value, missing_columns
from .ties import CRITERIA, RATING_MAX, RATING_MIN, check_ratings, classify_tie, tie_strength

if TYPE_CHECKING:  # networkx is imported where a graph is drawn or built: modules 0 to 3 never need it
    import networkx as nx

__all__ = [
    "DATA_ENV",
    "CLUBS_FILE",
    "CONTACTS_FILE",
    "MEMBERS_FILE",
    "TIES_FILE",
    "LINKEDIN_SAMPLE_FILE",
    "LINKEDIN_COLUMNS",
    "CONTACT_COLUMNS",
    "data_dir",
    "data_path",
    "load_clubs",
    "load_contacts",
    "load_community_tables",
    "load_community",
    "load_linkedin_connections",
]

#: Environment variable naming another folder to read the datasets from.
DATA_ENV = "RESEAU_DATA_DIR"
CLUBS_FILE = "clubs.csv"
CONTACTS_FILE = "contacts.csv"
MEMBERS_FILE = "community_members.csv"
TIES_FILE = "community_ties.csv"
LINKEDIN_SAMPLE_FILE = "linkedin_connections_sample.csv"

#: Columns of a LinkedIn Connections.csv export (URL and Email Address may be missing).
LINKEDIN_COLUMNS: tuple[str, ...] = (
    "First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On",
)
_LINKEDIN_REQUIRED: tuple[str, ...] = ("First Name", "Last Name", "Company", "Position", "Connected On")
#: Columns of the contacts table returned by load_contacts (and by load_linkedin_connections, which adds
#: `position` and `connected_on`).
CONTACT_COLUMNS: tuple[str, ...] = ("contact_id", "name", "company", "sector", "met_at", *CRITERIA)

_CLUB_REQUIRED: tuple[str, ...] = (
    "club_id", "name", "goals", "slot", "meetings_per_month", "months_per_year", "meeting_hours",
    "fee", "meal_cost", "interclub_events", "interclub_cost",
)
# Numeric club columns: (minimum, maximum or None, French phrase), shared with MembershipPlan.
_CLUB_NUMBERS: dict[str, tuple[float, float | None, str]] = {
    name: PLAN_LIMITS[name]
    for name in ("meetings_per_month", "months_per_year", "meeting_hours", "fee", "meal_cost",
                 "board_meetings_per_month", "interclub_events", "interclub_cost")
}
_CLUB_NUMBERS["members"] = (1, None, "un nombre entier de membres, au moins 1")
_INTEGER_COLUMNS = frozenset({"members"})
_RATING_EXPECTED = f"une note entre {RATING_MIN} et {RATING_MAX} (un nombre)"
_NUMBER_RE = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
_INT_RE = re.compile(r"[+-]?\d+")
_MONTHS_EN = {m: i for i, m in enumerate(
    ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), start=1)}
_LINKEDIN_DATE_RE = re.compile(r"(\d{1,2}) ([A-Za-z]{3}) (\d{4})")


# --------------------------------------------------------------------------------------------
# Paths
# --------------------------------------------------------------------------------------------
def data_dir() -> Path:
    """The folder of the datasets: $RESEAU_DATA_DIR if set, else the project's datasets/ folder."""
    env = os.environ.get(DATA_ENV, "").strip()
    if env:
        return Path(env).expanduser().resolve()
    from .project import project_root

    return project_root() / "datasets"


def data_path(name: str) -> Path:
    """Path of one dataset file, e.g. data_path("clubs.csv")."""
    return data_dir() / name


def _resolve(path: str | os.PathLike[str] | None, default: str) -> Path:
    return data_path(default) if path is None else Path(path).expanduser()


# --------------------------------------------------------------------------------------------
# Reading a CSV file as text, keeping each record's line number
# --------------------------------------------------------------------------------------------
@dataclass
class _Table:
    """A CSV file read as text: header, cells (str, stripped) and each record's line in the file."""

    path: Path
    header: list[str]
    rows: list[list[str]]
    lines: list[int]

    @property
    def where(self) -> str:
        return self.path.name

    def column(self, name: str) -> list[str]:
        i = self.header.index(name)
        return [row[i] for row in self.rows]


def _read_text(path: Path) -> str:
    if not path.is_file():
        hint = (
            f" Vérifiez le chemin, ou la variable d'environnement {DATA_ENV} (actuellement « {os.environ[DATA_ENV]} »)."
            if os.environ.get(DATA_ENV, "").strip() else
            " Vérifiez le chemin ; les jeux de données du cours se régénèrent avec « make data »."
        )
        raise ReseauError(f"Fichier introuvable : {path.resolve()}.{hint}", field="path", value=str(path))
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise ReseauError(
            f"Le fichier {path.name} n'est pas encodé en UTF-8 (octet invalide en position {err.start}). "
            "Dans Excel, enregistrez-le avec « Fichier > Enregistrer sous > CSV UTF-8 (délimité par des virgules) ».",
            field="path",
            value=str(path),
        ) from None


def _parse(text: str, path: Path, *, first_line: int = 1) -> _Table:
    """Parse CSV text whose first line is line `first_line` of the file; blank lines are skipped."""
    reader = csv.reader(io.StringIO(text, newline=""))
    records: list[tuple[int, list[str]]] = []
    previous = 0
    try:
        for record in reader:
            start = previous + 1
            previous = reader.line_num
            if all(not cell.strip() for cell in record):
                continue
            records.append((start + first_line - 1, [cell.strip() for cell in record]))
    except csv.Error as err:
        raise ReseauError(
            f"Fichier {path.name} illisible comme CSV, ligne {previous + first_line} : {err}. "
            "Vérifiez les guillemets de cette ligne.",
            row=previous + first_line,
            value=str(err),
        ) from None
    if not records:
        raise ReseauError(
            f"Le fichier {path.name} est vide : il doit commencer par une ligne d'en-tête (les noms des colonnes).",
            value=str(path),
        )
    header_line, header = records[0]
    if len(header) == 1 and ";" in header[0]:
        raise ReseauError(
            f"Le fichier {path.name} utilise le point-virgule comme séparateur (ligne {header_line}) : "
            "le cours attend des virgules. Dans Excel, enregistrez-le au format "
            "« CSV UTF-8 (délimité par des virgules) ».",
            row=header_line,
            value=header[0],
        )
    seen: dict[str, int] = {}
    for name in header:
        if name in seen:
            raise ReseauError(
                f"Colonne en double dans {path.name}, ligne {header_line} : {field_label(name)} apparaît deux fois. "
                "Renommez ou supprimez l'une des deux.",
                field=name,
                row=header_line,
                value=name,
            )
        seen[name] = 1
    rows, lines = [], []
    for line, record in records[1:]:
        if len(record) != len(header):
            raise ReseauError(
                f"Ligne {line} de {path.name} : {len(record)} valeurs au lieu de {len(header)} "
                f"(une par colonne de l'en-tête). Une virgule dans un nom doit être entre guillemets.",
                row=line,
                value=len(record),
            )
        rows.append(record)
        lines.append(line)
    return _Table(path, header, rows, lines)


def _read_table(path: Path, required: Iterable[str]) -> _Table:
    table = _parse(_read_text(path), path)
    missing = [c for c in required if c not in table.header]
    if missing:
        raise missing_columns(missing, where=table.where)
    return table


# --------------------------------------------------------------------------------------------
# Cell checks
# --------------------------------------------------------------------------------------------
def _text(table: _Table, column: str, *, required: bool) -> pd.Series:
    """A text column; empty cells are an error when `required`, else missing values (NaN)."""
    values: list[Any] = []
    for cell, line in zip(table.column(column), table.lines):
        if not cell:
            if required:
                raise invalid_value(column, cell, "une valeur non vide", row=line, where=table.where)
            values.append(np.nan)
        else:
            values.append(cell)
    return pd.Series(values, name=column, dtype=object)


def _number(cell: str, column: str, line: int, where: str, expected: str, *, integer: bool = False) -> int | float:
    """Read one number (integer text gives int, decimal text float); anything else is an error."""
    if _INT_RE.fullmatch(cell):
        return int(cell)
    if not integer and _NUMBER_RE.fullmatch(cell):
        value = float(cell)
        if math.isfinite(value):
            return value
    hint = " ; le séparateur décimal est le point (2.5, pas 2,5)" if re.fullmatch(r"[+-]?\d+,\d+", cell) else ""
    kind = "un nombre entier" if integer else "un nombre"
    raise invalid_value(column, cell, f"{kind} ({expected}){hint}", row=line, where=where)


def _as_series(values: list[int | float], column: str) -> pd.Series:
    """int64 when every cell was written as an integer, else float64."""
    dtype = "int64" if all(isinstance(v, int) for v in values) else "float64"
    return pd.Series(values, name=column, dtype=dtype)


def _numbers(table: _Table, column: str, low: float, high: float | None, expected: str) -> pd.Series:
    integer = column in _INTEGER_COLUMNS
    values = []
    for cell, line in zip(table.column(column), table.lines):
        if not cell:
            raise invalid_value(column, cell, expected, row=line, where=table.where)
        value = _number(cell, column, line, table.where, expected, integer=integer)
        if value < low or (high is not None and value > high):
            raise invalid_value(column, value, expected, row=line, where=table.where)
        values.append(value)
    return _as_series(values, column)


def _ratings(table: _Table, column: str, *, unrated: str) -> pd.Series:
    """One criterion's ratings (0-4); an empty cell is refused with the `unrated` wording."""
    values: list[int | float] = []
    for cell, line in zip(table.column(column), table.lines):
        if not cell:
            raise ReseauError(
                f"{unrated} dans {table.where}, ligne {line} : {field_label(column)} est vide. "
                f"Donnez une note de {RATING_MIN} à {RATING_MAX} à chacun des quatre critères "
                "(fréquence, intimité, émotion, réciprocité) puis relancez la cellule.",
                field=column,
                row=line,
                value=cell,
            )
        values.append(_number(cell, column, line, table.where, _RATING_EXPECTED))
    # check_ratings names the row by index label: index the ratings by their line in the file.
    check_ratings(column, pd.Series(values, index=table.lines, dtype=object), where=table.where)
    return _as_series(values, column)


def _unique_ids(table: _Table, column: str) -> pd.Series:
    ids = _text(table, column, required=True)
    first_line: dict[str, int] = {}
    for value, line in zip(ids, table.lines):
        if value in first_line:
            raise ReseauError(
                f"Identifiant en double dans {table.where} : « {value} » ({field_label(column)}) apparaît "
                f"ligne {first_line[value]} et ligne {line}. Chaque ligne doit avoir son propre identifiant.",
                field=column,
                row=line,
                value=value,
            )
        first_line[value] = line
    return ids


def _frame(table: _Table, columns: dict[str, pd.Series]) -> pd.DataFrame:
    """The checked columns in the file's column order; other columns kept as text."""
    data = {}
    for name in table.header:
        data[name] = columns[name] if name in columns else _text(table, name, required=False)
    frame = pd.DataFrame(data, columns=table.header)
    frame.attrs["source"] = str(table.path)
    return frame


# --------------------------------------------------------------------------------------------
# Loaders
# --------------------------------------------------------------------------------------------
def load_clubs(path: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """The clubs table (default: datasets/clubs.csv), every cell checked.

    Required columns: those `recommend_clubs` needs (club_id, name, goals, slot,
    meetings_per_month, months_per_year, meeting_hours, fee, meal_cost, interclub_events,
    interclub_cost); kind, board_meetings_per_month, members and town are checked when present.
    Amounts are euros (fee a year, meal per meeting, interclub cost per event), durations hours.
    """
    table = _read_table(_resolve(path, CLUBS_FILE), _CLUB_REQUIRED)
    columns: dict[str, pd.Series] = {"club_id": _unique_ids(table, "club_id")}
    columns["name"] = _text(table, "name", required=True)
    goals = _text(table, "goals", required=True)
    for cell, line in zip(goals, table.lines):
        try:
            parse_goals(cell, row=line)
        except ReseauError as err:
            raise invalid_value(
                "goals", err.value, "des objectifs séparés par « ; » parmi " + ", ".join(GOALS),
                row=line, where=table.where,
            ) from None
    columns["goals"] = goals
    slots = _text(table, "slot", required=True)
    for cell, line in zip(slots, table.lines):
        if cell not in SLOTS:
            raise invalid_value("slot", cell, "un créneau parmi " + ", ".join(SLOTS), row=line, where=table.where)
    columns["slot"] = slots
    for name, (low, high, expected) in _CLUB_NUMBERS.items():
        if name in table.header:
            columns[name] = _numbers(table, name, low, high, expected)
    for name in ("kind", "town"):
        if name in table.header:
            columns[name] = _text(table, name, required=True)
    return _frame(table, columns)


def load_contacts(path: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """One owner's contacts (default: datasets/contacts.csv), every contact rated 0-4 on the four criteria.

    Required columns: contact_id, name, sector and the four criteria (frequency, intimacy,
    emotion, reciprocity); company and met_at are optional.  An empty rating is an error
    (« contact non noté »); an empty sector, company or met_at is a missing value (NaN).
    """
    table = _read_table(_resolve(path, CONTACTS_FILE), ("contact_id", "name", "sector", *CRITERIA))
    columns: dict[str, pd.Series] = {"contact_id": _unique_ids(table, "contact_id")}
    columns["name"] = _text(table, "name", required=True)
    for c in CRITERIA:
        columns[c] = _ratings(table, c, unrated="Contact non noté")
    return _frame(table, columns)


def load_community_tables(
    members_path: str | os.PathLike[str] | None = None,
    ties_path: str | os.PathLike[str] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The community's members and ties tables (default: datasets/community_*.csv), checked.

    Members: member_id (unique), name, sector, club_id required; company and town optional.
    Ties: source and target (known member ids, no self-loop, each pair once in either
    direction) and the four ratings (0-4, none empty).
    """
    members_table = _read_table(_resolve(members_path, MEMBERS_FILE), ("member_id", "name", "sector", "club_id"))
    ids = _unique_ids(members_table, "member_id")
    members = _frame(members_table, {
        "member_id": ids,
        "name": _text(members_table, "name", required=True),
        "club_id": _text(members_table, "club_id", required=True),
    })

    ties_table = _read_table(_resolve(ties_path, TIES_FILE), ("source", "target", *CRITERIA))
    known = set(ids)
    members_file = members_table.where
    ends = {end: _text(ties_table, end, required=True) for end in ("source", "target")}
    pairs: dict[frozenset[str], int] = {}
    for i, line in enumerate(ties_table.lines):
        u, v = ends["source"].iloc[i], ends["target"].iloc[i]
        for end, member in (("source", u), ("target", v)):
            if member not in known:
                raise invalid_value(
                    end, member, f"l'identifiant d'un membre de {members_file} (membre inconnu)",
                    row=line, where=ties_table.where,
                )
        if u == v:
            raise ReseauError(
                f"Lien d'un membre avec lui-même dans {ties_table.where}, ligne {line} : « {u} » - « {v} ». "
                "Un lien relie deux membres différents : supprimez cette ligne.",
                field="target",
                row=line,
                value=v,
            )
        key = frozenset((u, v))
        if key in pairs:
            raise ReseauError(
                f"Lien en double dans {ties_table.where} : « {u} » - « {v} » apparaît ligne {pairs[key]} "
                f"et ligne {line} (dans un sens ou dans l'autre). Gardez une seule ligne par paire de membres.",
                field="target",
                row=line,
                value=(u, v),
            )
        pairs[key] = line
    columns = dict(ends)
    for c in CRITERIA:
        columns[c] = _ratings(ties_table, c, unrated="Lien non noté")
    ties = _frame(ties_table, columns)
    return members, ties


def _py(value: Any) -> Any:
    """numpy scalars to plain Python values (graph attributes print cleanly)."""
    if isinstance(value, np.generic):
        return value.item()
    return value


def load_community(
    members_path: str | os.PathLike[str] | None = None,
    ties_path: str | os.PathLike[str] | None = None,
) -> nx.Graph:
    """The community as an undirected graph.

    Nodes: member ids, with the other member columns as attributes (name, company, sector,
    club_id, town).  Edges: the four ratings, `strength` (tie_strength, in [0, 1]), `tie`
    (« fort », « faible » or « absent », classify_tie) and `weight` (= strength).
    """
    import networkx as nx

    members, ties = load_community_tables(members_path, ties_path)
    graph = nx.Graph(name="communauté d'affaires (fictive)")
    attributes = [c for c in members.columns if c != "member_id"]
    for record in members.itertuples(index=False):
        row = dict(zip(members.columns, record))
        graph.add_node(row["member_id"], **{c: _py(row[c]) for c in attributes})
    strength = tie_strength(*(ties[c] for c in CRITERIA))
    tie = classify_tie(strength)
    for i in range(len(ties)):
        s = float(strength.iloc[i])
        graph.add_edge(
            ties["source"].iloc[i],
            ties["target"].iloc[i],
            **{c: _py(ties[c].iloc[i]) for c in CRITERIA},
            strength=s,
            tie=str(tie.iloc[i]),
            weight=s,
        )
    return graph


# --------------------------------------------------------------------------------------------
# LinkedIn export
# --------------------------------------------------------------------------------------------
_LINKEDIN_HELP = (
    "Un export LinkedIn (fichier Connections.csv) commence par quelques lignes de notes (« Notes: » puis une "
    "phrase sur les adresses e-mail manquantes et une ligne vide), puis la ligne d'en-tête "
    "« First Name,Last Name,URL,Email Address,Company,Position,Connected On », puis une ligne par relation. "
    "Pour l'obtenir : sur LinkedIn, Vous (ou Moi) > Préférences et confidentialité > Confidentialité des données > "
    "Obtenir une copie de vos données > cochez « Relations » (Connections) > Demander l'archive ; LinkedIn vous "
    "envoie un lien de téléchargement par e-mail. Ouvrez l'archive .zip et donnez le chemin de Connections.csv, "
    "sans l'avoir modifié ni ré-enregistré avec Excel."
)


def _linkedin_date(cell: str, line: int, where: str) -> dt.datetime:
    match = _LINKEDIN_DATE_RE.fullmatch(cell)
    if match:
        day, month, year = match.groups()
        month_number = _MONTHS_EN.get(month.capitalize())
        if month_number is not None:
            try:
                return dt.datetime(int(year), month_number, int(day))
            except ValueError:
                pass
    raise invalid_value(
        "Connected On", cell,
        "une date au format de LinkedIn, par exemple « 07 Dec 2025 » (jour, mois abrégé en anglais, année)",
        row=line, where=where,
    )


def load_linkedin_connections(path: str | os.PathLike[str]) -> pd.DataFrame:
    """A LinkedIn ``Connections.csv`` export as a contacts table, ready for the learner to rate.

    The preamble (notes, of any length) is skipped by finding the header line that starts
    with ``First Name``; the URL and Email Address columns may be missing; e-mails are not
    kept.  Columns: contact_id (L001...), name (first + last), company, sector (empty: to fill
    in, in the rating widget or in a « Secteur » column the learner adds to the file), met_at (« LinkedIn »), the four criteria (empty, NaN: to rate from 0 to 4), position
    and connected_on (datetime).
    """
    source = Path(path).expanduser()
    text = _read_text(source)
    physical = text.split("\n")
    header_index = next(
        (i for i, line in enumerate(physical) if line.strip().lstrip('"').startswith("First Name")), None
    )
    if header_index is None:
        raise ReseauError(
            f"Le fichier {source.name} ne ressemble pas à un export LinkedIn : aucune ligne ne commence par "
            f"« First Name ». {_LINKEDIN_HELP}",
            field="First Name",
            value=str(source),
        )
    table = _parse("\n".join(physical[header_index:]), source, first_line=header_index + 1)
    missing = [c for c in _LINKEDIN_REQUIRED if c not in table.header]
    if missing:
        raise missing_columns(missing, where=table.where)

    first = table.column("First Name")
    last = table.column("Last Name")
    names = [" ".join(p for p in (f, l) if p) or np.nan for f, l in zip(first, last)]
    dates = [_linkedin_date(cell, line, table.where) for cell, line in zip(table.column("Connected On"), table.lines)]
    n = len(table.rows)
    nan_column = pd.Series([np.nan] * n, dtype=object)
    sector_column = next((h for h in table.header if h.strip().lower() in ("secteur", "sector")), None)
    frame = pd.DataFrame({
        "contact_id": pd.Series([f"L{i:03d}" for i in range(1, n + 1)], dtype=object),
        "name": pd.Series(names, dtype=object),
        "company": _text(table, "Company", required=False),
        "sector": _text(table, sector_column, required=False) if sector_column else nan_column,
        "met_at": pd.Series(["LinkedIn"] * n, dtype=object),
        **{c: pd.Series([np.nan] * n, dtype="float64") for c in CRITERIA},
        "position": _text(table, "Position", required=False),
        "connected_on": pd.Series(pd.to_datetime(dates), dtype="datetime64[ns]"),
    })
    frame.attrs["source"] = str(source)
    return frame
