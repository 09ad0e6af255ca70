"""Loaders of reseau.data: the committed datasets load, and every bad file is refused in French."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from reseau import ReseauError
from reseau.clubs import recommend_clubs
from reseau.data import (
    DATA_ENV,
    data_dir,
    load_clubs,
    load_community,
    load_community_tables,
    load_contacts,
    load_linkedin_connections,
)
from reseau.ties import CRITERIA, score_contacts, tie_strength

DATASETS = Path(__file__).resolve().parents[1] / "datasets"
SAMPLE = DATASETS / "linkedin_connections_sample.csv"
LINKEDIN_HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On"


@pytest.fixture(autouse=True)
def _no_env_override(monkeypatch):
    monkeypatch.delenv(DATA_ENV, raising=False)


def lines_of(name: str) -> list[str]:
    return (DATASETS / name).read_text(encoding="utf-8").split("\n")[:-1]


def write(tmp_path: Path, name: str, lines: list[str], *, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding=encoding)
    return path


def _cells(line: str) -> list[str]:
    return next(csv.reader([line]))


def _line(cells: list[str]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(cells)
    return out.getvalue()


def set_cell(lines: list[str], line_no: int, column: str, value: str) -> list[str]:
    """Copy of a CSV's lines with the cell of `column` on line `line_no` (1-based) set to `value`."""
    out = list(lines)
    cells = _cells(out[line_no - 1])
    cells[_cells(lines[0]).index(column)] = value
    out[line_no - 1] = _line(cells)
    return out


def drop_column(lines: list[str], column: str) -> list[str]:
    i = _cells(lines[0]).index(column)
    return [_line([c for j, c in enumerate(_cells(line)) if j != i]) if line else line for line in lines]


def assert_names(err: pytest.ExceptionInfo, *parts: str) -> None:
    message = str(err.value)
    for part in parts:
        assert part in message, f"{part!r} absent de : {message}"


# ================================================================= committed datasets
def test_data_dir_is_the_project_datasets_folder():
    assert data_dir() == DATASETS


def test_loaders_do_not_depend_on_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert len(load_clubs()) > 0
    assert len(load_contacts()) > 0
    assert load_community().number_of_nodes() > 0


def test_env_variable_overrides_the_folder(tmp_path, monkeypatch):
    folder = tmp_path / "mes-donnees"
    folder.mkdir()
    write(folder, "clubs.csv", lines_of("clubs.csv")[:4])
    monkeypatch.setenv(DATA_ENV, str(folder))
    assert data_dir() == folder.resolve()
    assert list(load_clubs()["club_id"]) == ["C01", "C02", "C03"]
    with pytest.raises(ReseauError) as err:
        load_contacts()
    assert_names(err, "introuvable", "contacts.csv", DATA_ENV)


def test_missing_file_is_a_french_error(tmp_path):
    with pytest.raises(ReseauError) as err:
        load_clubs(tmp_path / "absent.csv")
    assert_names(err, "Fichier introuvable", "absent.csv")


def test_load_clubs_types_and_use_with_recommend_clubs():
    clubs = load_clubs()
    assert list(clubs.columns)[:5] == ["club_id", "name", "kind", "goals", "slot"]
    for column in ("fee", "meetings_per_month", "months_per_year", "meal_cost", "members", "interclub_events"):
        assert clubs[column].dtype == np.int64, column
    assert clubs["meeting_hours"].dtype == np.float64
    assert clubs["fee"].between(150, 2500).all()
    best = recommend_clubs(clubs, ["affaires"], slots=["dejeuner", "soiree"])
    assert len(best) > 0 and (best["slot"] != "petit-dejeuner").all()


def test_load_contacts_types_and_scoring():
    contacts = load_contacts()
    assert list(contacts.columns) == [
        "contact_id", "name", "company", "sector", "met_at", "frequency", "intimacy", "emotion", "reciprocity",
    ]
    for c in CRITERIA:
        assert contacts[c].dtype == np.int64
    scored = score_contacts(contacts)
    assert set(scored["tie"]) == {"fort", "faible", "absent"}


def test_load_community_graph_attributes():
    graph = load_community()
    members, ties = load_community_tables()
    assert isinstance(graph, nx.Graph) and not graph.is_directed()
    assert graph.number_of_nodes() == len(members) and graph.number_of_edges() == len(ties)
    assert set(graph.nodes["M001"]) == {"name", "company", "sector", "club_id", "town"}
    expected = tie_strength(*(ties[c] for c in CRITERIA))
    for i, (u, v) in enumerate(zip(ties["source"], ties["target"])):
        d = graph.edges[u, v]
        assert d["strength"] == pytest.approx(float(expected.iloc[i]))
        assert d["weight"] == d["strength"]
        assert d["tie"] in ("fort", "faible", "absent")
        assert set(CRITERIA) <= set(d)
    assert nx.is_connected(graph)


def test_load_community_tables_types():
    members, ties = load_community_tables()
    assert list(members.columns) == ["member_id", "name", "company", "sector", "club_id", "town"]
    assert list(ties.columns) == ["source", "target", *CRITERIA]
    for c in CRITERIA:
        assert ties[c].dtype == np.int64


# ================================================================= clubs.csv errors
CLUBS = lines_of("clubs.csv")


def test_clubs_missing_columns_are_listed(tmp_path):
    path = write(tmp_path, "clubs.csv", drop_column(drop_column(CLUBS, "fee"), "slot"))
    with pytest.raises(ReseauError) as err:
        load_clubs(path)
    assert_names(err, "clubs.csv", "fee", "slot", "manquante")


def test_clubs_non_numeric_cell_names_file_column_line_value(tmp_path):
    path = write(tmp_path, "clubs.csv", set_cell(CLUBS, 4, "fee", "beaucoup"))
    with pytest.raises(ReseauError) as err:
        load_clubs(path)
    assert_names(err, "clubs.csv", "fee", "ligne 4", "'beaucoup'")
    assert err.value.row == 4 and err.value.field == "fee" and err.value.value == "beaucoup"


def test_clubs_decimal_comma_is_explained(tmp_path):
    path = write(tmp_path, "clubs.csv", set_cell(CLUBS, 3, "meeting_hours", "2,5"))
    with pytest.raises(ReseauError) as err:
        load_clubs(path)
    assert_names(err, "meeting_hours", "ligne 3", "'2,5'", "point")


def test_clubs_empty_numeric_cell(tmp_path):
    path = write(tmp_path, "clubs.csv", set_cell(CLUBS, 2, "meal_cost", ""))
    with pytest.raises(ReseauError) as err:
        load_clubs(path)
    assert_names(err, "meal_cost", "ligne 2")


def test_clubs_negative_fee(tmp_path):
    path = write(tmp_path, "clubs.csv", set_cell(CLUBS, 5, "fee", "-50"))
    with pytest.raises(ReseauError) as err:
        load_clubs(path)
    assert_names(err, "clubs.csv", "fee", "ligne 5", "-50")


def test_clubs_months_above_twelve(tmp_path):
    path = write(tmp_path, "clubs.csv", set_cell(CLUBS, 2, "months_per_year", "13"))
    with pytest.raises(ReseauError) as err:
        load_clubs(path)
    assert_names(err, "months_per_year", "ligne 2", "13")


def test_clubs_members_must_be_whole(tmp_path):
    path = write(tmp_path, "clubs.csv", set_cell(CLUBS, 2, "members", "40.5"))
    with pytest.raises(ReseauError) as err:
        load_clubs(path)
    assert_names(err, "members", "ligne 2", "40.5", "entier")


def test_clubs_unknown_goal(tmp_path):
    path = write(tmp_path, "clubs.csv", set_cell(CLUBS, 3, "goals", "affaires;golf"))
    with pytest.raises(ReseauError) as err:
        load_clubs(path)
    assert_names(err, "clubs.csv", "goals", "ligne 3", "'golf'", "territoire")


def test_clubs_unknown_slot(tmp_path):
    path = write(tmp_path, "clubs.csv", set_cell(CLUBS, 6, "slot", "matin"))
    with pytest.raises(ReseauError) as err:
        load_clubs(path)
    assert_names(err, "clubs.csv", "slot", "ligne 6", "'matin'", "petit-dejeuner")


def test_clubs_duplicate_id_names_both_lines(tmp_path):
    path = write(tmp_path, "clubs.csv", set_cell(CLUBS, 6, "club_id", "C02"))
    with pytest.raises(ReseauError) as err:
        load_clubs(path)
    assert_names(err, "clubs.csv", "C02", "ligne 3", "ligne 6", "double")


def test_clubs_empty_name(tmp_path):
    path = write(tmp_path, "clubs.csv", set_cell(CLUBS, 2, "name", ""))
    with pytest.raises(ReseauError) as err:
        load_clubs(path)
    assert_names(err, "name", "ligne 2")


def test_clubs_wrong_number_of_cells(tmp_path):
    lines = list(CLUBS)
    lines[2] += ",en trop"
    path = write(tmp_path, "clubs.csv", lines)
    with pytest.raises(ReseauError) as err:
        load_clubs(path)
    assert_names(err, "Ligne 3", "16 valeurs au lieu de 15")


def test_clubs_semicolon_separator_is_explained(tmp_path):
    path = write(tmp_path, "clubs.csv", [line.replace(",", ";") for line in CLUBS[:3]])
    with pytest.raises(ReseauError) as err:
        load_clubs(path)
    assert_names(err, "point-virgule", "CSV UTF-8")


def test_clubs_not_utf8_is_explained(tmp_path):
    path = write(tmp_path, "clubs.csv", CLUBS, encoding="cp1252")
    with pytest.raises(ReseauError) as err:
        load_clubs(path)
    assert_names(err, "UTF-8", "clubs.csv")


def test_clubs_optional_columns_may_be_absent(tmp_path):
    lines = CLUBS
    for column in ("kind", "board_meetings_per_month", "members", "town"):
        lines = drop_column(lines, column)
    clubs = load_clubs(write(tmp_path, "clubs.csv", lines))
    assert len(clubs) == len(CLUBS) - 1 and "town" not in clubs


# ================================================================= contacts.csv errors
CONTACTS = lines_of("contacts.csv")


def simple_line(lines: list[str]) -> int:
    """A data line (1-based) without quotes, so that set_cell can edit it."""
    return next(i + 1 for i, line in enumerate(lines) if i > 2 and '"' not in line)


@pytest.mark.parametrize("value", ["5", "-1", "4.5"])
def test_contacts_rating_out_of_range(tmp_path, value):
    n = simple_line(CONTACTS)
    path = write(tmp_path, "contacts.csv", set_cell(CONTACTS, n, "emotion", value))
    with pytest.raises(ReseauError) as err:
        load_contacts(path)
    assert_names(err, "contacts.csv", "émotion", "emotion", f"ligne {n}", value, "entre 0 et 4")
    assert err.value.row == n


def test_contacts_non_numeric_rating(tmp_path):
    n = simple_line(CONTACTS)
    path = write(tmp_path, "contacts.csv", set_cell(CONTACTS, n, "frequency", "souvent"))
    with pytest.raises(ReseauError) as err:
        load_contacts(path)
    assert_names(err, "contacts.csv", "frequency", f"ligne {n}", "'souvent'")


def test_contacts_empty_rating_is_an_unrated_contact(tmp_path):
    n = simple_line(CONTACTS)
    path = write(tmp_path, "contacts.csv", set_cell(CONTACTS, n, "reciprocity", ""))
    with pytest.raises(ReseauError) as err:
        load_contacts(path)
    assert_names(err, "non noté", "contacts.csv", f"ligne {n}", "reciprocity")


def test_contacts_duplicate_id(tmp_path):
    n = simple_line(CONTACTS)
    path = write(tmp_path, "contacts.csv", set_cell(CONTACTS, n, "contact_id", "K001"))
    with pytest.raises(ReseauError) as err:
        load_contacts(path)
    assert_names(err, "K001", "ligne 2", f"ligne {n}")


def test_contacts_missing_columns(tmp_path):
    path = write(tmp_path, "contacts.csv", drop_column(drop_column(CONTACTS, "emotion"), "sector"))
    with pytest.raises(ReseauError) as err:
        load_contacts(path)
    assert_names(err, "contacts.csv", "emotion", "sector")


def test_contacts_decimal_ratings_and_blank_lines_keep_file_line_numbers(tmp_path):
    n = simple_line(CONTACTS)
    lines = set_cell(CONTACTS, n, "intimacy", "2.5")
    lines = lines[:3] + [""] + lines[3:]  # a blank line 4: later records move down one line
    contacts = load_contacts(write(tmp_path, "contacts.csv", lines))
    assert len(contacts) == len(CONTACTS) - 1
    assert contacts["intimacy"].dtype == np.float64 and 2.5 in set(contacts["intimacy"])
    bad = set_cell(lines, n + 1, "emotion", "9")
    with pytest.raises(ReseauError) as err:
        load_contacts(write(tmp_path, "contacts.csv", bad))
    assert_names(err, f"ligne {n + 1}", "9")


def test_contacts_with_bom_and_crlf_load(tmp_path):
    path = tmp_path / "contacts.csv"
    path.write_bytes(b"\xef\xbb\xbf" + "\r\n".join(CONTACTS).encode("utf-8") + b"\r\n")
    contacts = load_contacts(path)
    assert list(contacts.columns)[0] == "contact_id"
    pd.testing.assert_frame_equal(contacts, load_contacts())


# ================================================================= community errors
MEMBERS = lines_of("community_members.csv")
TIES = lines_of("community_ties.csv")


def community_files(tmp_path: Path, members=MEMBERS, ties=TIES) -> tuple[Path, Path]:
    return write(tmp_path, "community_members.csv", members), write(tmp_path, "community_ties.csv", ties)


def test_tie_to_unknown_member(tmp_path):
    paths = community_files(tmp_path, ties=set_cell(TIES, 7, "target", "M999"))
    with pytest.raises(ReseauError) as err:
        load_community(*paths)
    assert_names(err, "community_ties.csv", "target", "ligne 7", "'M999'", "inconnu")


def test_tie_self_loop(tmp_path):
    source = _cells(TIES[4])[0]
    paths = community_files(tmp_path, ties=set_cell(TIES, 5, "target", source))
    with pytest.raises(ReseauError) as err:
        load_community(*paths)
    assert_names(err, "lui-même", "community_ties.csv", "ligne 5", source)


def test_duplicate_tie_in_reverse_direction(tmp_path):
    u, v = _cells(TIES[2])[:2]
    ties = TIES + [",".join([v, u, "1", "1", "1", "1"])]
    paths = community_files(tmp_path, ties=ties)
    with pytest.raises(ReseauError) as err:
        load_community_tables(*paths)
    assert_names(err, "double", u, v, "ligne 3", f"ligne {len(ties)}")


def test_tie_rating_out_of_range(tmp_path):
    paths = community_files(tmp_path, ties=set_cell(TIES, 9, "intimacy", "7"))
    with pytest.raises(ReseauError) as err:
        load_community(*paths)
    assert_names(err, "community_ties.csv", "intimacy", "ligne 9", "7")


def test_tie_empty_rating(tmp_path):
    paths = community_files(tmp_path, ties=set_cell(TIES, 9, "frequency", ""))
    with pytest.raises(ReseauError) as err:
        load_community(*paths)
    assert_names(err, "non noté", "ligne 9", "frequency")


def test_tie_non_numeric_rating(tmp_path):
    paths = community_files(tmp_path, ties=set_cell(TIES, 9, "emotion", "forte"))
    with pytest.raises(ReseauError) as err:
        load_community(*paths)
    assert_names(err, "community_ties.csv", "emotion", "ligne 9", "'forte'")


def test_duplicate_member_id(tmp_path):
    n = simple_line(MEMBERS)
    paths = community_files(tmp_path, members=set_cell(MEMBERS, n, "member_id", "M001"))
    with pytest.raises(ReseauError) as err:
        load_community(*paths)
    assert_names(err, "community_members.csv", "M001", "ligne 2", f"ligne {n}")


def test_community_missing_columns(tmp_path):
    paths = community_files(tmp_path, members=drop_column(MEMBERS, "club_id"), ties=TIES)
    with pytest.raises(ReseauError) as err:
        load_community(*paths)
    assert_names(err, "community_members.csv", "club_id")
    paths = community_files(tmp_path, ties=drop_column(TIES, "reciprocity"))
    with pytest.raises(ReseauError) as err:
        load_community(*paths)
    assert_names(err, "community_ties.csv", "reciprocity")


# ================================================================= LinkedIn export
SAMPLE_LINES = SAMPLE.read_text(encoding="utf-8").split("\n")[:-1]
N_SAMPLE = len(SAMPLE_LINES) - 4


def test_linkedin_sample_loads_as_a_contacts_table():
    table = load_linkedin_connections(SAMPLE)
    assert list(table.columns) == [
        "contact_id", "name", "company", "sector", "met_at", *CRITERIA, "position", "connected_on",
    ]
    assert len(table) == N_SAMPLE
    assert table["contact_id"].iloc[0] == "L001" and table["contact_id"].is_unique
    first = _cells(SAMPLE_LINES[4])
    assert table["name"].iloc[0] == f"{first[0]} {first[1]}"
    assert (table["met_at"] == "LinkedIn").all()
    assert table["sector"].isna().all()
    for c in CRITERIA:
        assert table[c].dtype == np.float64 and table[c].isna().all()
    assert pd.api.types.is_datetime64_any_dtype(table["connected_on"])
    day, month, year = first[6].split()
    assert table["connected_on"].iloc[0] == pd.Timestamp(f"{year}-{month}-{day}")


def test_linkedin_table_is_rated_by_the_learner():
    table = load_linkedin_connections(SAMPLE)
    with pytest.raises(ReseauError) as err:
        score_contacts(table)
    assert_names(err, "pas encore noté")
    for c in CRITERIA:
        table[c] = 1.0
    assert (score_contacts(table)["tie"] == "faible").all()


def test_linkedin_longer_preamble(tmp_path):
    lines = ["Notes:", '"Une première note, plus longue, sur plusieurs sujets."', "Autre remarque", "", ""]
    path = write(tmp_path, "Connections.csv", lines + SAMPLE_LINES[3:])
    table = load_linkedin_connections(path)
    pd.testing.assert_frame_equal(table, load_linkedin_connections(SAMPLE))


def test_linkedin_without_preamble_or_url(tmp_path):
    lines = drop_column(SAMPLE_LINES[3:], "URL")
    assert lines[0] == "First Name,Last Name,Email Address,Company,Position,Connected On"
    table = load_linkedin_connections(write(tmp_path, "Connections.csv", lines))
    assert len(table) == N_SAMPLE
    pd.testing.assert_frame_equal(table, load_linkedin_connections(SAMPLE))


def test_linkedin_with_bom_and_crlf(tmp_path):
    path = tmp_path / "Connections.csv"
    path.write_bytes(b"\xef\xbb\xbf" + "\r\n".join(SAMPLE_LINES).encode("utf-8") + b"\r\n")
    pd.testing.assert_frame_equal(load_linkedin_connections(path), load_linkedin_connections(SAMPLE))


def test_linkedin_bad_date_names_line_and_value(tmp_path):
    lines = SAMPLE_LINES[:3] + set_cell(SAMPLE_LINES[3:], 4, "Connected On", "2025-12-07")
    with pytest.raises(ReseauError) as err:
        load_linkedin_connections(write(tmp_path, "Connections.csv", lines))
    assert_names(err, "Connected On", "ligne 7", "'2025-12-07'", "07 Dec 2025")


def test_linkedin_impossible_date(tmp_path):
    lines = SAMPLE_LINES[:3] + set_cell(SAMPLE_LINES[3:], 3, "Connected On", "31 Feb 2024")
    with pytest.raises(ReseauError) as err:
        load_linkedin_connections(write(tmp_path, "Connections.csv", lines))
    assert_names(err, "ligne 6", "'31 Feb 2024'")


def test_linkedin_file_without_header_explains_the_export(tmp_path):
    with pytest.raises(ReseauError) as err:
        load_linkedin_connections(write(tmp_path, "Connections.csv", SAMPLE_LINES[:3] + SAMPLE_LINES[4:]))
    assert_names(err, "export LinkedIn", "First Name", "Connected On", "Obtenir une copie de vos données")


def test_linkedin_missing_required_column(tmp_path):
    lines = drop_column(SAMPLE_LINES[3:], "Company")
    with pytest.raises(ReseauError) as err:
        load_linkedin_connections(write(tmp_path, "Connections.csv", lines))
    assert_names(err, "Connections.csv", "Company")


def test_linkedin_blank_email_company_and_names_are_missing_values(tmp_path):
    lines = SAMPLE_LINES[:4] + [",,,,,,07 Dec 2025", "Zoé,,,,Studio Arras Graphique,,01 Jan 2024"]
    table = load_linkedin_connections(write(tmp_path, "Connections.csv", lines))
    assert pd.isna(table["name"].iloc[0]) and pd.isna(table["company"].iloc[0])
    assert table["name"].iloc[1] == "Zoé" and pd.isna(table["position"].iloc[1])
    assert table["connected_on"].iloc[0] == pd.Timestamp("2025-12-07")
