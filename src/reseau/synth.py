"""The seeded generator of the course's synthetic datasets (``make data``).

Run ``python -m reseau.synth --out DIR`` (default: the project's ``datasets/``) to write:

- ``clubs.csv``: fictional clubs of the kinds found in France (DOMAIN.md section 4), with
  rhythms and fees in the published ranges (the source text: "de 150 à plus de 2 000 €");
- ``contacts.csv``: one fictional business owner's contacts rated on Granovetter's four
  criteria (a few strong ties in few sectors, many weak ties reaching many sectors);
- ``community_members.csv`` and ``community_ties.csv``: a fictional local business
  community where strong ties close triangles inside clubs and weak ties bridge clubs;
- ``linkedin_connections_sample.csv``: fictional connections in the real LinkedIn export format.

Every person, company and club is invented.  Determinism: only ``random.Random(seed)``
(never numpy's generator), the ``csv`` module with ``\\n`` line endings, UTF-8, numbers
written by explicit formatting: regenerating gives byte-identical files.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import re
import sys
import unicodedata
from collections.abc import Sequence
from pathlib import Path

__all__ = [
    "SEED",
    "DEFAULT_OUT",
    "FILES",
    "CLUB_HEADER",
    "CONTACT_HEADER",
    "MEMBER_HEADER",
    "TIE_HEADER",
    "LINKEDIN_HEADER",
    "LINKEDIN_PREAMBLE",
    "generate",
    "write_datasets",
    "main",
]

#: The seed of the committed datasets (the year of Granovetter's article).
SEED = 1973
#: Where `make data` writes: the project's datasets/ folder (found from this file, not the working directory).
DEFAULT_OUT = Path(__file__).resolve().parents[2] / "datasets"
#: File names, by dataset.
FILES: dict[str, str] = {
    "clubs": "clubs.csv",
    "contacts": "contacts.csv",
    "members": "community_members.csv",
    "ties": "community_ties.csv",
    "linkedin": "linkedin_connections_sample.csv",
}

CLUB_HEADER: tuple[str, ...] = (
    "club_id", "name", "kind", "goals", "slot", "meetings_per_month", "months_per_year", "meeting_hours",
    "fee", "meal_cost", "board_meetings_per_month", "interclub_events", "interclub_cost", "members", "town",
)
CONTACT_HEADER: tuple[str, ...] = (
    "contact_id", "name", "company", "sector", "met_at", "frequency", "intimacy", "emotion", "reciprocity",
)
MEMBER_HEADER: tuple[str, ...] = ("member_id", "name", "company", "sector", "club_id", "town")
TIE_HEADER: tuple[str, ...] = ("source", "target", "frequency", "intimacy", "emotion", "reciprocity")
LINKEDIN_HEADER: tuple[str, ...] = (
    "First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On",
)
#: The lines LinkedIn writes before the header of Connections.csv (then a blank line).
LINKEDIN_PREAMBLE: tuple[str, ...] = (
    "Notes:",
    '"When exporting your connection data, you may notice that some of the email addresses are missing. '
    "You will only see email addresses for connections who have allowed their connections to see or download "
    "their email address using this setting https://www.linkedin.com/psettings/privacy/email. "
    'You can learn more here https://www.linkedin.com/help/linkedin/answer/261"',
    "",
)

# --------------------------------------------------------------------------------------------
# Clubs: a curated, fictional list.  Figures follow DOMAIN.md section 4 (regional press, club
# sites, Bosetti / Place des Réseaux); where no source gives a figure (meals, the leaders'
# progress club's and service clubs' fees), the value is illustrative and within the source
# text's range.
# --------------------------------------------------------------------------------------------
REFERRAL = "groupe de recommandation"
YOUNG = "mouvement de jeunes dirigeants"
PROGRESS = "club de progrès de dirigeants"
SERVICE = "club service"
MENTORING = "réseau d'accompagnement (mentorat)"
CCI_CLUB = "club d'affaires de CCI"
LOCAL = "club d'entreprises local"
SECTOR_CLUB = "club sectoriel"
WOMEN = "réseau de femmes cheffes d'entreprise"
PASSION = "club passion"

# (name, kind, goals, slot, meetings/month, months/year, hours, fee, meal, board/month,
#  interclub events/year, interclub cost, members, town)
_CLUBS: tuple[tuple, ...] = (
    ("Les Lève-Tôt de la Scarpe", REFERRAL, "affaires", "petit-dejeuner", 4, 11, 2.0, 1300, 15, 1, 2, 25, 48, "Arras"),
    ("Cercle Recommandation Béthune Aurore", REFERRAL, "affaires", "petit-dejeuner", 4, 11, 2.0, 1250, 14, 1, 2, 25, 42, "Béthune"),
    ("Groupe Recommandation Gohelle Matin", REFERRAL, "affaires", "petit-dejeuner", 4, 11, 2.0, 1350, 16, 1, 3, 25, 55, "Lens"),
    ("Jeunes Pousses Dirigeantes de l'Artois", YOUNG, "entraide;territoire", "soiree", 2, 11, 3.0, 1550, 35, 1, 2, 60, 46, "Arras"),
    ("Relève Dirigeante Lys-Audomarois", YOUNG, "entraide;territoire", "soiree", 2, 11, 3.0, 1500, 32, 1, 2, 60, 34, "Saint-Omer"),
    ("Cercle Progrès Dirigeants des Collines", PROGRESS, "entraide", "dejeuner", 1, 10, 7.0, 2400, 40, 1, 1, 80, 20, "Saint-Pol-sur-Ternoise"),
    ("Club Service Arras Beffroi d'Argent", SERVICE, "entraide;territoire", "dejeuner", 4, 10, 1.5, 450, 30, 1, 3, 40, 35, "Arras"),
    ("Club Service Val de Lawe", SERVICE, "entraide;territoire", "soiree", 2, 11, 2.5, 520, 40, 1, 4, 45, 28, "Béthune"),
    ("Club Service Gohelle Horizon", SERVICE, "entraide;territoire", "soiree", 2, 10, 2.5, 480, 38, 1, 3, 45, 31, "Liévin"),
    ("Tremplin Entrepreneurs Artois", MENTORING, "entraide;territoire", "soiree", 1, 11, 2.0, 300, 25, 1, 2, 30, 60, "Arras"),
    ("Club Affaires Val de Scarpe", CCI_CLUB, "affaires;territoire", "dejeuner", 1, 10, 2.0, 250, 30, 1, 3, 30, 120, "Arras"),
    ("Club Affaires Gohelle Entreprendre", CCI_CLUB, "affaires;territoire", "dejeuner", 1, 10, 2.0, 220, 28, 1, 3, 30, 95, "Lens"),
    ("Club des Entreprises du Ternois Vert", LOCAL, "affaires;territoire;entraide", "petit-dejeuner", 1, 11, 1.5, 150, 12, 1, 1, 20, 65, "Saint-Pol-sur-Ternoise"),
    ("Entreprendre en Pays de la Lys", LOCAL, "affaires;territoire", "dejeuner", 2, 10, 1.5, 180, 25, 1, 2, 20, 45, "Aire-sur-la-Lys"),
    ("Club des Entreprises du Parc des Alouettes", LOCAL, "affaires;territoire", "dejeuner", 1, 10, 2.0, 200, 26, 1, 2, 20, 52, "Bruay-la-Buissière"),
    ("Cercle des Bâtisseurs de l'Artois", SECTOR_CLUB, "affaires;territoire", "soiree", 1, 10, 2.5, 350, 40, 1, 2, 35, 40, "Arras"),
    ("Club Numérique Gohelle-Artois", SECTOR_CLUB, "affaires;territoire", "soiree", 1, 11, 2.0, 300, 20, 1, 2, 15, 55, "Lens"),
    ("Club Agroalimentaire des Sept Collines", SECTOR_CLUB, "affaires;territoire", "dejeuner", 1, 10, 2.5, 400, 30, 1, 2, 35, 30, "Hesdin"),
    ("Cercle des Entrepreneuses de la Scarpe", WOMEN, "affaires;entraide", "soiree", 1, 11, 2.5, 240, 35, 1, 2, 35, 38, "Arras"),
    ("Golf & Affaires du Ternois", PASSION, "passion;affaires", "soiree", 1, 10, 4.0, 900, 45, 1, 2, 60, 35, "Saint-Pol-sur-Ternoise"),
    ("Cercle Œnologie et Entreprises de l'Artois", PASSION, "passion;affaires", "soiree", 1, 10, 2.5, 350, 50, 1, 1, 60, 26, "Arras"),
)

#: The clubs whose members make up the community network (C01, C04, ...), with the main
#: sector of the sector clubs.
_COMMUNITY_CLUBS: tuple[str, ...] = ("C01", "C04", "C07", "C10", "C11", "C13", "C16", "C17", "C19", "C20")
_CLUB_SECTOR: dict[str, str] = {"C16": "Bâtiment et travaux publics", "C17": "Numérique et informatique"}

SECTORS: tuple[str, ...] = (
    "Bâtiment et travaux publics",
    "Expertise comptable et audit",
    "Banque et assurance",
    "Numérique et informatique",
    "Commerce de détail",
    "Industrie agroalimentaire",
    "Transport et logistique",
    "Conseil et formation",
    "Santé et services à la personne",
    "Immobilier",
    "Hôtellerie et restauration",
    "Communication et marketing",
    "Droit (avocats, notaires)",
    "Industrie et mécanique",
)

# Company-name patterns by sector ({n} a family name, {p} a place).
_COMPANY_PATTERNS: dict[str, tuple[str, ...]] = {
    "Bâtiment et travaux publics": ("Maçonnerie {n}", "{n} Charpente", "{n} Rénovation", "Couverture {n} & Fils", "Électricité {n}", "Menuiserie {n}"),
    "Expertise comptable et audit": ("Cabinet {n} Expertise", "{n} & Associés Audit", "Compta {p}"),
    "Banque et assurance": ("Agence {n} Assurances", "Banque des Collines (agence de {p})", "Cabinet de courtage {n}"),
    "Numérique et informatique": ("{n} Informatique", "Pixel {p}", "Octet & Co {p}", "{n} Solutions Web"),
    "Commerce de détail": ("Maison {n}", "Épicerie fine {n}", "Boutique {p} Déco", "Fleurs {n}"),
    "Industrie agroalimentaire": ("Conserverie {n}", "Biscuiterie de {p}", "Brasserie {n}", "Fromagerie {n}"),
    "Transport et logistique": ("Transports {n}", "Logistique {p}", "{n} Express Fret"),
    "Conseil et formation": ("{n} Conseil", "Formation {p} Compétences", "Cap RH {n}"),
    "Santé et services à la personne": ("Pharmacie {n}", "Aide à domicile {p}", "Cabinet infirmier {n}"),
    "Immobilier": ("Agence {n} Immobilier", "{p} Habitat Conseil", "Cabinet {n} Syndic"),
    "Hôtellerie et restauration": ("Hôtel du Beffroi de {p}", "Restaurant {n}", "Traiteur {n}"),
    "Communication et marketing": ("Agence {n} Communication", "Studio {p} Graphique", "Imprimerie {n}"),
    "Droit (avocats, notaires)": ("Étude {n} notaires", "Cabinet d'avocats {n}", "{n} Avocats Conseils"),
    "Industrie et mécanique": ("Mécanique {n}", "Usinage de {p}", "{n} Métallerie"),
}

_FIRST_NAMES: tuple[str, ...] = (
    "Amandine", "Antoine", "Aurélie", "Benoît", "Camille", "Cédric", "Céline", "Christophe", "Claire", "Damien",
    "Delphine", "Élodie", "Emmanuel", "Fabien", "Florence", "François", "Frédéric", "Gaëlle", "Grégory", "Hélène",
    "Isabelle", "Jérôme", "Julie", "Julien", "Karine", "Laurent", "Léa", "Ludovic", "Manon", "Marion",
    "Mathieu", "Mélanie", "Nadia", "Nicolas", "Olivier", "Pauline", "Philippe", "Rachid", "Sabrina", "Samuel",
    "Sandrine", "Sébastien", "Sophie", "Stéphane", "Thomas", "Valérie", "Vincent", "Virginie", "Yasmine", "Zoé",
)
_LAST_NAMES: tuple[str, ...] = (
    "Bailleul", "Bécourt", "Bouchez", "Bultel", "Caron", "Carpentier", "Cuvelier", "Dambrine", "Decroix", "Dehaene",
    "Delannoy", "Delattre", "Delbecq", "Deprez", "Descamps", "Dewailly", "Duflos", "Duhamel", "Dumoulin", "Facon",
    "Flament", "Gosselin", "Hanquez", "Hennebelle", "Herbaut", "Lagache", "Lecomte", "Lefebvre", "Lemaire", "Lemoine",
    "Leprêtre", "Leroy", "Level", "Marcq", "Merlin", "Mortreux", "Obert", "Pruvost", "Plouvier", "Poulain",
    "Queval", "Ramery", "Sagot", "Senez", "Tillier", "Vandamme", "Vasseur", "Verhaeghe", "Wallart", "Wattebled",
)
_TOWNS: tuple[str, ...] = (
    "Arras", "Béthune", "Lens", "Liévin", "Bruay-la-Buissière", "Saint-Pol-sur-Ternoise", "Hénin-Beaumont",
    "Avion", "Aire-sur-la-Lys", "Saint-Omer", "Bapaume", "Carvin", "Noeux-les-Mines", "Hesdin",
)
_MONTHS_EN: tuple[str, ...] = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
#: Job titles (masculine, feminine).
_POSITIONS: tuple[tuple[str, str], ...] = (
    ("Gérant", "Gérante"), ("Directeur commercial", "Directrice commerciale"),
    ("Chargé d'affaires entreprises", "Chargée d'affaires entreprises"),
    ("Expert-comptable associé", "Experte-comptable associée"),
    ("Responsable des ressources humaines", "Responsable des ressources humaines"),
    ("Fondateur", "Fondatrice"), ("Consultant en transformation numérique", "Consultante en transformation numérique"),
    ("Conseiller en gestion de patrimoine", "Conseillère en gestion de patrimoine"),
    ("Responsable achats", "Responsable achats"), ("Chef de projet", "Cheffe de projet"),
    ("Responsable marketing", "Responsable marketing"), ("Notaire associé", "Notaire associée"),
    ("Directeur d'agence", "Directrice d'agence"), ("Développeur web indépendant", "Développeuse web indépendante"),
    ("Acheteur", "Acheteuse"), ("Président", "Présidente"),
)
_FEMININE: frozenset[str] = frozenset({
    "Amandine", "Aurélie", "Camille", "Céline", "Claire", "Delphine", "Élodie", "Florence", "Gaëlle", "Hélène",
    "Isabelle", "Julie", "Karine", "Léa", "Manon", "Marion", "Mélanie", "Nadia", "Pauline", "Sabrina",
    "Sandrine", "Sophie", "Valérie", "Virginie", "Yasmine", "Zoé",
})

# The owner whose contacts.csv this is (fictional): described in datasets/README.md.
_EGO_SECTOR = "Bâtiment et travaux publics"
#: Sectors of the owner's strong ties: her trade, her family's and her close friends' (few on purpose).
_STRONG_SECTORS: tuple[str, ...] = (
    "Bâtiment et travaux publics", "Bâtiment et travaux publics", "Bâtiment et travaux publics",
    "Commerce de détail", "Expertise comptable et audit", "Santé et services à la personne",
)
_MET_STRONG: tuple[str, ...] = ("famille", "ancien collègue", "ancien collègue", "ami d'enfance", "associé", "club")
_MET_WEAK: tuple[str, ...] = (
    "club", "club", "club", "salon", "salon", "LinkedIn", "LinkedIn", "client", "client", "fournisseur",
    "forum des réseaux CCI", "ancien collègue", "conférence", "recommandation",
)
_MET_ABSENT: tuple[str, ...] = ("LinkedIn", "LinkedIn", "salon", "carte de visite échangée")


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------
def _hours(x: float) -> str:
    return f"{x:.1f}"


def _euros(x: int) -> str:
    return f"{int(x):d}"


class _Names:
    """Unique fictional full names drawn from the first- and last-name pools."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[tuple[str, str]] = set()

    def draw(self) -> tuple[str, str]:
        while True:
            pair = (self.rng.choice(_FIRST_NAMES), self.rng.choice(_LAST_NAMES))
            if pair not in self.used:
                self.used.add(pair)
                return pair


def _elided(text: str) -> str:
    """French elision of « de » before a vowel: « agence de Avion » -> « agence d'Avion », « de Aire » -> « d'Aire »."""
    return re.sub(r"\bde ([AEIOUYÂÉÈÊÎÔÛaeiouyâéèêîôû])", r"d'\1", text)


def _company(rng: random.Random, sector: str, last: str) -> str:
    pattern = rng.choice(_COMPANY_PATTERNS[sector])
    return _elided(pattern.format(n=rng.choice(_LAST_NAMES) if rng.random() < 0.5 else last, p=rng.choice(_TOWNS)))


def _ratings(rng: random.Random, kind: str) -> tuple[int, int, int, int]:
    """Four ratings 0-4 (frequency, intimacy, emotion, reciprocity) for a tie of class `kind`.

    strong: mean >= 2.5; weak: mean between 0.75 and 2.25; absent: mean < 0.5.  The four
    criteria are correlated ("highly intracorrelated", Granovetter 1973) through a shared level.
    """
    while True:
        if kind == "fort":
            level = rng.choice((3, 3, 3, 4))
            r = tuple(max(0, min(4, level + rng.choice((-1, -1, 0, 0, 0, 1)))) for _ in range(4))
            if sum(r) >= 10:
                return r  # type: ignore[return-value]
        elif kind == "faible":
            level = rng.choice((1, 1, 2))
            r = tuple(max(0, min(4, level + rng.choice((-1, 0, 0, 1)))) for _ in range(4))
            if 3 <= sum(r) <= 9:
                return r  # type: ignore[return-value]
        else:
            r = [0, 0, 0, 0]
            if rng.random() < 0.6:
                r[rng.randrange(4)] = 1
            return tuple(r)  # type: ignore[return-value]


# --------------------------------------------------------------------------------------------
# Datasets
# --------------------------------------------------------------------------------------------
def _clubs() -> list[list[str]]:
    rows = []
    for i, c in enumerate(_CLUBS, start=1):
        name, kind, goals, slot, mpm, mpy, hours, fee, meal, board, events, ecost, members, town = c
        rows.append([
            f"C{i:02d}", name, kind, goals, slot, str(mpm), str(mpy), _hours(hours), _euros(fee), _euros(meal),
            str(board), str(events), _euros(ecost), str(members), town,
        ])
    return rows


def _contacts(rng: random.Random) -> list[list[str]]:
    names = _Names(rng)
    n_strong, n_weak, n_absent = 11, 45, 5
    people: list[tuple[str, str]] = []  # (class, sector)
    people += [("fort", rng.choice(_STRONG_SECTORS)) for _ in range(n_strong)]
    # Weak ties reach every sector but the ego's core: two contacts in each, then at random.
    weak_sectors = [s for s in SECTORS if s != "Industrie et mécanique"]
    weak = [s for s in weak_sectors for _ in range(2)]
    weak += [rng.choice(weak_sectors) for _ in range(n_weak - len(weak))]
    people += [("faible", s) for s in weak]
    people += [("absent", rng.choice(weak_sectors)) for _ in range(n_absent)]
    rng.shuffle(people)
    rows = []
    for i, (kind, sector) in enumerate(people, start=1):
        first, last = names.draw()
        met = rng.choice({"fort": _MET_STRONG, "faible": _MET_WEAK, "absent": _MET_ABSENT}[kind])
        rows.append([f"K{i:03d}", f"{first} {last}", _company(rng, sector, last), sector, met,
                     *(str(x) for x in _ratings(rng, kind))])
    return rows


def _community(rng: random.Random, clubs: list[list[str]]) -> tuple[list[list[str]], list[list[str]]]:
    names = _Names(rng)
    club_town = {row[0]: row[-1] for row in clubs}
    club_size = {row[0]: int(row[13]) for row in clubs}
    members: list[list[str]] = []
    by_club: dict[str, list[str]] = {}
    for club in _COMMUNITY_CLUBS:
        size = min(rng.randint(19, 25), club_size[club])
        by_club[club] = []
        for _ in range(size):
            mid = f"M{len(members) + 1:03d}"
            first, last = names.draw()
            main = _CLUB_SECTOR.get(club)
            sector = main if main and rng.random() < 0.8 else rng.choice(SECTORS)
            town = club_town[club] if rng.random() < 0.6 else rng.choice(_TOWNS)
            members.append([mid, f"{first} {last}", _company(rng, sector, last), sector, club, town])
            by_club[club].append(mid)

    edges: dict[frozenset[str], tuple[int, int, int, int]] = {}

    def add(u: str, v: str, kind: str) -> bool:
        key = frozenset((u, v))
        if u == v or key in edges:
            return False
        edges[key] = _ratings(rng, kind)
        return True

    # Inside each club: tables of 4-5 members who know each other well (triadic closure),
    # linked to each other by a few weaker club acquaintances.
    for club in _COMMUNITY_CLUBS:
        ids = list(by_club[club])
        rng.shuffle(ids)
        n_tables = max(1, round(len(ids) / 4.5))
        tables = [ids[t::n_tables] for t in range(n_tables)]
        for table in tables:
            for a in range(len(table)):
                for b in range(a + 1, len(table)):
                    add(table[a], table[b], "fort" if rng.random() < 0.9 else "faible")
        for t in range(len(tables) - 1):
            add(rng.choice(tables[t]), rng.choice(tables[t + 1]), "faible")
        extra = len(ids) // 4
        while extra:
            t1, t2 = rng.sample(range(len(tables)), 2) if len(tables) > 1 else (0, 0)
            if add(rng.choice(tables[t1]), rng.choice(tables[t2]), "faible"):
                extra -= 1
    # Between clubs: weak bridges (a member met at a CCI forum, a client in another club...).
    all_ids = [m[0] for m in members]
    club_of = {m[0]: m[4] for m in members}
    bridges = round(0.62 * len(all_ids))
    while bridges:
        u, v = rng.sample(all_ids, 2)
        if club_of[u] != club_of[v] and add(u, v, "faible"):
            bridges -= 1
    # The whole community must be connected: join any stray component by one more weak bridge.
    while True:
        components = _components(all_ids, edges)
        if len(components) == 1:
            break
        add(rng.choice(sorted(components[0])), rng.choice(sorted(components[1])), "faible")

    ties = []
    for key, ratings in edges.items():
        u, v = sorted(key)
        ties.append([u, v, *(str(x) for x in ratings)])
    ties.sort(key=lambda row: (row[0], row[1]))
    return members, ties


def _components(nodes: list[str], edges: dict[frozenset[str], tuple[int, int, int, int]]) -> list[set[str]]:
    """Connected components (largest first, ties by smallest id), without networkx."""
    adj: dict[str, set[str]] = {n: set() for n in nodes}
    for key in edges:
        u, v = sorted(key)
        adj[u].add(v)
        adj[v].add(u)
    seen: set[str] = set()
    comps = []
    for n in nodes:
        if n in seen:
            continue
        comp, stack = {n}, [n]
        while stack:
            for w in adj[stack.pop()]:
                if w not in comp:
                    comp.add(w)
                    stack.append(w)
        seen |= comp
        comps.append(comp)
    comps.sort(key=lambda c: (-len(c), min(c)))
    return comps


def _ascii_slug(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return "-".join("".join(ch if ch.isalnum() else " " for ch in folded.lower()).split())


def _linkedin(rng: random.Random) -> list[list[str]]:
    names = _Names(rng)
    start, end = dt.date(2013, 3, 1).toordinal(), dt.date(2025, 12, 7).toordinal()
    dates = sorted((dt.date.fromordinal(rng.randint(start, end)) for _ in range(32)), reverse=True)
    rows = []
    for day in dates:
        first, last = names.draw()
        sector = rng.choice(SECTORS)
        slug = f"{_ascii_slug(first)}-{_ascii_slug(last)}-{rng.randrange(16**6):06x}"
        email = f"{_ascii_slug(first)}.{_ascii_slug(last)}@example.com" if rng.random() < 0.12 else ""
        company = _company(rng, sector, last) if rng.random() < 0.94 else ""
        position = rng.choice(_POSITIONS)[first in _FEMININE] if company else ""
        rows.append([
            first, last, f"https://www.linkedin.com/in/{slug}", email, company, position,
            f"{day.day:02d} {_MONTHS_EN[day.month - 1]} {day.year}",
        ])
    return rows


def generate(seed: int = SEED) -> dict[str, tuple[tuple[str, ...], list[list[str]]]]:
    """All datasets as {key: (header, rows of str)}; the same seed gives the same rows."""
    rng = random.Random(seed)
    clubs = _clubs()
    contacts = _contacts(rng)
    members, ties = _community(rng, clubs)
    linkedin = _linkedin(rng)
    return {
        "clubs": (CLUB_HEADER, clubs),
        "contacts": (CONTACT_HEADER, contacts),
        "members": (MEMBER_HEADER, members),
        "ties": (TIE_HEADER, ties),
        "linkedin": (LINKEDIN_HEADER, linkedin),
    }


def write_datasets(out: Path | str = DEFAULT_OUT, seed: int = SEED) -> list[Path]:
    """Write the five CSV files into `out` (created if needed); return their paths."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for key, (header, rows) in generate(seed).items():
        path = out / FILES[key]
        with path.open("w", encoding="utf-8", newline="") as f:
            if key == "linkedin":
                f.write("\n".join(LINKEDIN_PREAMBLE) + "\n")
            writer = csv.writer(f, lineterminator="\n")
            writer.writerow(header)
            writer.writerows(rows)
        written.append(path)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``python -m reseau.synth [--out DIR] [--seed N]``."""
    parser = argparse.ArgumentParser(
        prog="python -m reseau.synth",
        description="Régénère les jeux de données synthétiques (fictifs) du cours.",
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT,
                        help=f"dossier de sortie (par défaut : {DEFAULT_OUT})")
    parser.add_argument("--seed", type=int, default=SEED,
                        help=f"graine du générateur (par défaut : {SEED}, celle des fichiers livrés)")
    args = parser.parse_args(argv)
    for path in write_datasets(args.out, args.seed):
        print(f"écrit : {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
