"""The seeded generator and the committed datasets it wrote (datasets/)."""

from __future__ import annotations

import csv
import re
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

from reseau import synth
from reseau.clubs import GOALS, SLOTS
from reseau.ties import CRITERIA, classify_tie, network_profile, score_contacts, sectors_only_through, tie_strength

DATASETS = Path(__file__).resolve().parents[1] / "datasets"
CSV_FILES = sorted(synth.FILES.values())


def read(name: str) -> pd.DataFrame:
    return pd.read_csv(DATASETS / name, dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def community() -> nx.Graph:
    members = read("community_members.csv")
    ties = pd.read_csv(DATASETS / "community_ties.csv")
    graph = nx.Graph()
    for row in members.itertuples(index=False):
        graph.add_node(row.member_id, club_id=row.club_id)
    strength = tie_strength(*(ties[c] for c in CRITERIA))
    for (u, v), s in zip(zip(ties["source"], ties["target"]), strength):
        graph.add_edge(u, v, strength=float(s), tie=classify_tie(float(s)))
    return graph


# ---------------------------------------------------------------- determinism
def test_regenerating_gives_byte_identical_files(tmp_path):
    assert synth.main(["--out", str(tmp_path)]) == 0
    for name in CSV_FILES:
        assert (tmp_path / name).read_bytes() == (DATASETS / name).read_bytes(), name


def test_cli_module_writes_the_same_files(tmp_path):
    out = tmp_path / "nouveau" / "dossier"
    subprocess.run([sys.executable, "-m", "reseau.synth", "--out", str(out)], check=True, capture_output=True)
    for name in CSV_FILES:
        assert (out / name).read_bytes() == (DATASETS / name).read_bytes(), name


def test_default_output_is_the_project_datasets_folder():
    assert synth.DEFAULT_OUT == DATASETS


def test_another_seed_gives_other_contacts():
    assert synth.generate(synth.SEED + 1)["contacts"] != synth.generate(synth.SEED)["contacts"]
    assert synth.generate(synth.SEED + 1)["clubs"] == synth.generate(synth.SEED)["clubs"]


@pytest.mark.parametrize("name", CSV_FILES)
def test_files_are_utf8_with_unix_line_endings(name):
    raw = (DATASETS / name).read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    assert b"\r" not in raw
    assert raw.endswith(b"\n")
    raw.decode("utf-8")


def test_readme_documents_every_file_and_column():
    readme = (DATASETS / "README.md").read_text(encoding="utf-8")
    for name in CSV_FILES:
        assert name in readme
    for header in (synth.CLUB_HEADER, synth.CONTACT_HEADER, synth.MEMBER_HEADER, synth.TIE_HEADER):
        for column in header:
            assert f"`{column}`" in readme, column
    for code in (*GOALS, *SLOTS):
        assert f"`{code}`" in readme
    assert "make data" in readme


# ---------------------------------------------------------------- clubs.csv
def test_clubs_schema_and_ranges():
    clubs = read("clubs.csv")
    assert tuple(clubs.columns) == synth.CLUB_HEADER
    assert 18 <= len(clubs) <= 22
    assert list(clubs["club_id"]) == [f"C{i:02d}" for i in range(1, len(clubs) + 1)]
    assert clubs["name"].is_unique
    fees = clubs["fee"].astype(int)
    assert fees.between(150, 2500).all()
    assert fees.min() == 150 and fees.max() > 2000  # "de 150 à plus de 2 000 €"
    assert clubs["months_per_year"].astype(int).between(10, 12).all()
    assert clubs["meetings_per_month"].astype(int).isin([1, 2, 4]).all()
    assert clubs["meeting_hours"].astype(float).between(1, 8).all()
    assert clubs["meal_cost"].astype(int).between(0, 60).all()
    assert clubs["board_meetings_per_month"].astype(int).ge(1).all()  # "au moins une autre réunion mensuelle"
    assert clubs["members"].astype(int).between(15, 150).all()
    assert clubs["slot"].isin(list(SLOTS)).all()
    for cell in clubs["goals"]:
        assert set(cell.split(";")) <= set(GOALS)
    assert clubs["kind"].nunique() >= 8


def test_clubs_slots_follow_the_source_text_and_its_correction():
    clubs = read("clubs.csv")
    assert clubs["slot"].isin(["dejeuner", "soiree"]).mean() > 0.7  # "pour un déjeuner ou une soirée"
    referral = clubs[clubs["kind"] == "groupe de recommandation"]
    assert len(referral) >= 2
    assert (referral["slot"] == "petit-dejeuner").all()  # BNI-kind groups meet at breakfast (DOMAIN.md)
    assert (referral["meetings_per_month"] == "4").all()
    assert referral["members"].astype(int).between(40, 60).all()
    young = clubs[clubs["kind"] == "mouvement de jeunes dirigeants"]
    assert not young["goals"].str.contains("affaires").any()  # explicitly not for doing business
    passion = clubs[clubs["kind"] == "club passion"]
    assert passion["goals"].str.contains("passion").all() and len(passion) >= 2


# ---------------------------------------------------------------- contacts.csv
def test_contacts_schema_and_ratings():
    contacts = read("contacts.csv")
    assert tuple(contacts.columns) == synth.CONTACT_HEADER
    assert 50 <= len(contacts) <= 70
    assert list(contacts["contact_id"]) == [f"K{i:03d}" for i in range(1, len(contacts) + 1)]
    assert contacts["name"].is_unique
    assert 8 <= contacts["sector"].nunique() <= 14
    for c in CRITERIA:
        assert contacts[c].isin(["0", "1", "2", "3", "4"]).all()
    assert contacts["met_at"].str.len().gt(0).all()


def test_contacts_strong_few_weak_many_and_sectors_only_through_weak_ties():
    contacts = pd.read_csv(DATASETS / "contacts.csv")
    scored = score_contacts(contacts)
    profile = network_profile(scored)
    assert 0 < profile["n_strong"] < profile["n_weak"]
    assert profile["share_strong"] <= 0.3
    assert 2 <= profile["n_absent"] <= 8
    assert profile["sectors_strong"] <= 4
    assert profile["sectors_weak"] >= 2 * profile["sectors_strong"]
    assert len(sectors_only_through(scored, "faible")) >= 5


# ---------------------------------------------------------------- community
def test_community_members_schema_and_clubs():
    members = read("community_members.csv")
    clubs = read("clubs.csv").set_index("club_id")
    assert tuple(members.columns) == synth.MEMBER_HEADER
    assert 180 <= len(members) <= 260
    assert list(members["member_id"]) == [f"M{i:03d}" for i in range(1, len(members) + 1)]
    assert members["name"].is_unique
    assert members["club_id"].isin(clubs.index).all()
    sizes = members["club_id"].value_counts()
    assert 8 <= len(sizes) <= 12
    for club, size in sizes.items():
        assert size <= int(clubs.loc[club, "members"])  # a sample of the club's members
    assert members["sector"].isin(synth.SECTORS).all()


def test_community_ties_schema_no_duplicates_no_loops():
    ties = read("community_ties.csv")
    members = set(read("community_members.csv")["member_id"])
    assert tuple(ties.columns) == synth.TIE_HEADER
    assert set(ties["source"]) | set(ties["target"]) <= members
    assert (ties["source"] != ties["target"]).all()
    pairs = {frozenset(p) for p in zip(ties["source"], ties["target"])}
    assert len(pairs) == len(ties)
    for c in CRITERIA:
        assert ties[c].isin(["0", "1", "2", "3", "4"]).all()
    mean_degree = 2 * len(ties) / len(members)
    assert 3 <= mean_degree <= 6


def test_community_is_connected_with_no_absent_ties(community):
    assert nx.is_connected(community)
    assert {d["tie"] for _, _, d in community.edges(data=True)} == {"fort", "faible"}


def test_strong_ties_inside_clubs_weak_ties_bridge_them(community):
    club = nx.get_node_attributes(community, "club_id")
    between = [d["tie"] for u, v, d in community.edges(data=True) if club[u] != club[v]]
    within = [d["tie"] for u, v, d in community.edges(data=True) if club[u] == club[v]]
    assert between and set(between) == {"faible"}
    assert within.count("fort") / len(within) > 0.7
    assert nx.transitivity(community) > 0.3


def _overlap(graph: nx.Graph, u: str, v: str) -> float:
    nu, nv = set(graph[u]), set(graph[v])
    union = (nu | nv) - {u, v}
    return len(nu & nv) / len(union) if union else 0.0


def test_neighbourhood_overlap_rises_with_tie_strength(community):
    overlap = {"fort": [], "faible": []}
    for u, v, d in community.edges(data=True):
        overlap[d["tie"]].append(_overlap(community, u, v))
    strong = sum(overlap["fort"]) / len(overlap["fort"])
    weak = sum(overlap["faible"]) / len(overlap["faible"])
    assert strong > weak
    assert strong > 2 * weak


def _giant_after_removing(graph: nx.Graph, edges) -> int:
    h = graph.copy()
    h.remove_edges_from(edges)
    return max(len(c) for c in nx.connected_components(h))


def test_removing_weak_ties_first_fragments_the_network(community):
    edges = sorted(community.edges(data="strength"), key=lambda e: e[2])
    half = len(edges) // 2
    weak_first = _giant_after_removing(community, [(u, v) for u, v, _ in edges[:half]])
    strong_first = _giant_after_removing(community, [(u, v) for u, v, _ in edges[::-1][:half]])
    assert weak_first < strong_first
    assert strong_first > 0.5 * community.number_of_nodes()
    assert weak_first < 0.1 * community.number_of_nodes()


# ---------------------------------------------------------------- LinkedIn sample
def test_linkedin_sample_has_the_real_export_layout():
    lines = (DATASETS / "linkedin_connections_sample.csv").read_text(encoding="utf-8").split("\n")
    assert lines[0] == "Notes:"
    assert lines[1].startswith('"When exporting your connection data') and lines[1].endswith('"')
    assert lines[2] == ""
    assert lines[3] == "First Name,Last Name,URL,Email Address,Company,Position,Connected On"
    rows = list(csv.reader(lines[4:-1]))
    assert 25 <= len(rows) <= 40
    assert all(len(r) == 7 for r in rows)
    assert all(re.fullmatch(r"\d{2} [A-Z][a-z]{2} \d{4}", r[6]) for r in rows)
    assert all(r[2].startswith("https://www.linkedin.com/in/") for r in rows)
    emails = [r[3] for r in rows if r[3]]
    assert len(emails) < 0.25 * len(rows)
    assert all(e.endswith("@example.com") for e in emails)  # reserved domain: nobody's real address


def test_committed_data_match_the_figures_the_data_dictionary_teaches():
    """datasets/README.md and the course quote these figures: the data must keep them."""
    import networkx as nx

    from reseau.data import load_community, load_contacts
    from reseau.network import edge_table, removal_curve
    from reseau.ties import network_profile, score_contacts, sectors_only_through

    scored = score_contacts(load_contacts())
    profile = network_profile(scored)
    assert (profile["n_strong"], profile["n_weak"], profile["n_absent"]) == (11, 45, 5)
    assert profile["sectors_strong"] == 4 and profile["sectors_only_weak"] == 9
    assert sectors_only_through(scored) == [
        "Banque et assurance", "Communication et marketing", "Conseil et formation", "Droit (avocats, notaires)",
        "Hôtellerie et restauration", "Immobilier", "Industrie agroalimentaire", "Numérique et informatique",
        "Transport et logistique",
    ]
    G = load_community()
    assert (G.number_of_nodes(), G.number_of_edges()) == (227, 652) and nx.is_connected(G)
    ties = [d["tie"] for _, _, d in G.edges(data=True)]
    assert (ties.count("fort"), ties.count("faible"), ties.count("absent")) == (382, 270, 0)
    table = edge_table(G)
    table["tie"] = ties
    assert round(table.loc[table["tie"] == "fort", "overlap"].mean(), 2) == 0.43
    assert round(table.loc[table["tie"] == "faible", "overlap"].mean(), 2) == 0.07
    # half the ties removed (row 10 of 20 steps): 5 members left weak-first, 214 of 227 strong-first
    assert round(removal_curve(G, order="weak_first").iloc[10]["giant_share"] * 227) == 5
    assert round(removal_curve(G, order="strong_first").iloc[10]["giant_share"] * 227) == 214


# ---------------------------------------------------------------- French names
def test_company_names_elide_de_before_a_vowel():
    assert synth._elided("Banque des Collines (agence de Avion)") == "Banque des Collines (agence d'Avion)"
    assert synth._elided("Biscuiterie de Aire-sur-la-Lys") == "Biscuiterie d'Aire-sur-la-Lys"
    assert synth._elided("Usinage de Lens") == "Usinage de Lens" and synth._elided("Hôtel du Beffroi de Arras") \
        == "Hôtel du Beffroi d'Arras"
    for name in CSV_FILES:
        text = (DATASETS / name).read_text(encoding="utf-8")
        assert not re.search(r"\bde [AEIOUYÉ]", text), name  # « agence de Avion » was in contacts.csv
    assert "Banque des Collines (agence d'Avion)" in (DATASETS / "contacts.csv").read_text(encoding="utf-8")
