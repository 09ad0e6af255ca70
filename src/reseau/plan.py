"""The learner's printable personal action plan (module 5), in French.

`action_plan` gathers four parts: the diagnosis of the learner's network (shares of
strong and weak ties, sectors reached, sectors reached only through weak ties, what is
missing), the chosen club with its yearly time and cost, the reciprocity plan (the
source text's « renvoi d'ascenseur » : what I can give before I ask), and the next steps
with dates and rhythm.  `save_action_plan` writes it to a file.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .budget import MembershipPlan
from .clubs import SLOTS, club_plan
from .errors import ReseauError
from .fmt import agree, count, euros, hours, number, percents
from .ties import (
    CRITERIA,
    TIE_CLASSES,
    UNKNOWN_SECTOR,
    check_ratings,
    network_profile,
    score_contacts,
    sectors_only_through,
    sectors_reached,
)

__all__ = ["FORMATS", "network_advice", "unknown_sector_note", "rated_contacts", "action_plan", "save_action_plan",
           "action_plan_pdf", "french_date",
           "save_ratings", "load_ratings"]

#: Output formats of `action_plan`.
FORMATS: tuple[str, ...] = ("markdown", "html")

_MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
           "novembre", "décembre")


def french_date(day: dt.date) -> str:
    """« 3 décembre 2025 »."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def rated_contacts(contacts: Any) -> pd.DataFrame:
    """The rated contacts, scored: accepts the result of `score_contacts` or raw ratings (NaN = not rated).

    Raises a French `ReseauError` when the table is empty or when no contact is rated.
    """
    if not isinstance(contacts, pd.DataFrame):
        raise ReseauError(
            f"Attendu : le tableau de vos contacts notés (DataFrame), reçu : {type(contacts).__name__}. "
            "Notez vos contacts (widget du module 5 ou score_contacts(...)) puis relancez la cellule.",
            value=type(contacts).__name__,
        )
    if len(contacts) == 0:
        raise ReseauError(
            "Votre réseau est vide : ajoutez vos contacts (ou importez votre fichier LinkedIn Connections.csv), "
            "notez-les sur les quatre critères, puis relancez la cellule.",
            field="contacts",
            value=0,
        )
    if "tie" in contacts.columns:
        scored = contacts[contacts["tie"].isin(TIE_CLASSES)]
    elif all(c in contacts.columns for c in CRITERIA):
        rated = contacts[contacts[list(CRITERIA)].notna().all(axis=1)]
        scored = score_contacts(rated) if len(rated) else rated
    else:
        missing = [c for c in CRITERIA if c not in contacts.columns]
        raise ReseauError(
            "Vos contacts ne sont pas notés : il manque les colonnes " + ", ".join(missing)
            + ". Notez chaque contact de 0 à 4 sur la fréquence, l'intimité, l'émotion et la réciprocité.",
            field=missing[0],
            value=missing,
        )
    if len(scored) == 0:
        raise ReseauError(
            f"Aucun de vos {len(contacts)} contacts n'est encore noté : donnez à chacun ses quatre notes "
            "(fréquence, intimité, émotion, réciprocité, de 0 à 4) avec le widget du module 5, puis relancez la cellule.",
            field="tie",
            value=len(contacts),
        )
    if "sector" not in scored.columns:
        scored = scored.assign(sector=UNKNOWN_SECTOR)
    return scored


def unknown_sector_note(n_unknown: int) -> str:
    """The French sentence saying that contacts without a sector are left out of the sector figures."""
    return (f"Secteur non renseigné pour {count(n_unknown, 'contact')} (un import LinkedIn n'en donne pas) : "
            "ils comptent dans les liens, pas dans les secteurs atteints")


def network_advice(profile: pd.Series, only_weak: list[str]) -> list[str]:
    """What the network lacks, in French sentences (from `network_profile` and the weak-only sectors)."""
    advice = []
    if profile["n_strong"] == 0:
        advice.append("Aucun lien fort : cultivez deux ou trois relations de confiance, qui pourront vous recommander.")
    if profile["share_weak"] < 0.5:
        advice.append("Moins de la moitié de vos liens sont faibles : or ce sont eux qui apportent l'information "
                      "nouvelle (Granovetter, 1973). Un club vous aidera à en créer.")
    if profile.get("sectors_weak", 0) and not only_weak:
        advice.append("Vos liens faibles restent dans les secteurs de vos liens forts : cherchez des contacts "
                      "dans d'autres secteurs.")
    unknown = int(profile.get("n_unknown_sector", 0))
    if unknown:
        advice.append(("Renseignez le secteur du contact qui n'en a pas : vous saurez quel secteur il vous ouvre."
                      if unknown == 1 else f"Renseignez le secteur des {unknown} contacts qui n'en ont pas : "
                      "vous saurez quels secteurs ils vous ouvrent."))
    if profile["n_absent"]:
        advice.append("1 contact sans lien réel (« absent ») : relancez-le ou retirez-le." if profile["n_absent"] == 1
                      else f"{profile['n_absent']} contacts sans lien réel (« absent ») : relancez-les ou retirez-les.")
    if not advice:
        advice.append("Votre réseau est équilibré : entretenez vos liens forts et continuez à créer des liens faibles.")
    return advice


#: How the learner names each list in module 5 (notebook variable, what it holds).
_TEXT_LISTS: dict[str, tuple[str, str]] = {
    "gives": ("je_donne", "ce que je peux offrir"),
    "asks": ("je_demande", "ce que je demanderai ensuite"),
}


def _texts(field: str, values: Any) -> list[str]:
    variable, meaning = _TEXT_LISTS.get(field, (field, field))
    if values is None:
        return []
    if isinstance(values, str):
        values = [values]
    if not isinstance(values, Iterable):
        raise ReseauError(
            f"Dans {variable} ({meaning}) : attendu une liste de phrases entre crochets, par exemple "
            f"[\"une recommandation\"], reçu : {values!r}. Corrigez puis relancez la cellule.",
            field=field, value=values)
    out = []
    for i, v in enumerate(values, start=1):
        if not isinstance(v, str):
            raise ReseauError(
                f"Dans {variable} ({meaning}), l'élément n° {i} n'est pas une phrase : {v!r}. "
                "Attendu : un texte entre guillemets, par exemple \"une recommandation\". "
                "Corrigez cet élément puis relancez la cellule.",
                field=field, row=i, value=v)
        if v.strip():
            out.append(v.strip())
    return out


def _club_lines(chosen_club: pd.Series | None, plan: MembershipPlan | None) -> tuple[list[str], str | None]:
    """Lines of the club section, and a short rhythm phrase for the next steps."""
    if chosen_club is None and plan is None:
        return (["Pas encore de club choisi : utilisez le chercheur de clubs (module 1) et le simulateur de budget "
                 "(module 2), ou demandez conseil au service réseaux de votre CCI."], None)
    lines = []
    if plan is None:
        plan = club_plan(chosen_club)
    if not isinstance(plan, MembershipPlan):
        raise ReseauError(f"Attendu : une adhésion MembershipPlan(...), reçu : {type(plan).__name__}.",
                          field="plan", value=type(plan).__name__)
    slot = None
    if chosen_club is not None:
        name = chosen_club.get("name", "club choisi")
        details = [str(chosen_club[k]) for k in ("kind", "town") if k in chosen_club and pd.notna(chosen_club[k])]
        lines.append(f"Club choisi : « {name} »" + (f" ({', '.join(details)})" if details else ""))
        slot = SLOTS.get(chosen_club.get("slot"), None)
    rhythm = (f"{number(plan.meetings_per_month, 1, strip=True)} "
              f"{agree(plan.meetings_per_month, 'réunion')} par mois") + (f", au {slot}" if slot else "")
    lines.append(f"Rythme : {rhythm}, {number(plan.months_per_year, 1, strip=True)} mois par an"
                 + (" ; membre du bureau : une réunion de plus par mois" if plan.board else ""))
    lines.append(f"Temps par an : {number(plan.meetings_per_year, 1, strip=True)} réunions, {hours(plan.hours_per_year)} "
                 f"trajets compris (soit {hours(plan.hours_per_month)} par mois)")
    cost = f"Coût par an : {euros(plan.cash_cost)} (cotisation {euros(plan.fee)}, repas et interclubs compris)"
    if plan.time_cost:
        cost += f" ; avec la valeur de mon temps : {euros(plan.total_cost)}"
    lines.append(cost)
    return lines, rhythm


def action_plan(
    scored_contacts: pd.DataFrame,
    chosen_club: pd.Series | None = None,
    plan: MembershipPlan | None = None,
    gives: list[str] | None = None,
    asks: list[str] | None = None,
    *,
    owner_name: str = "",
    fmt: str = "markdown",
    start: dt.date | None = None,
) -> str:
    """The learner's personal action plan, in French, as Markdown or HTML.

    `scored_contacts`: the result of `score_contacts` (or raw ratings; unrated rows are left
    out).  `chosen_club`: a row of `load_clubs()` / `recommend_clubs(...)`, or None.  `plan`:
    the membership to plan for (default: `club_plan(chosen_club)`).  `gives` / `asks`: what I
    can offer and what I will ask.  `start`: the date the plan starts (default: today).
    """
    if fmt not in FORMATS:
        raise ReseauError(f"Format inconnu : {fmt!r}. Choisissez « markdown » ou « html ».", field="fmt", value=fmt)
    if chosen_club is not None and not isinstance(chosen_club, (pd.Series, dict)):
        raise ReseauError(
            "Attendu pour le club : une ligne du tableau des clubs, par exemple clubs.iloc[0], ou None.",
            field="chosen_club", value=type(chosen_club).__name__,
        )
    if isinstance(chosen_club, dict):
        chosen_club = pd.Series(chosen_club)
    scored = rated_contacts(scored_contacts)
    n_unrated = len(scored_contacts) - len(scored)
    gives_list = _texts("gives", gives)
    asks_list = _texts("asks", asks)
    start = start or dt.date.today()

    profile = network_profile(scored)
    only_weak = sectors_only_through(scored, "faible")
    reached = sectors_reached(scored)

    sections: list[tuple[str, list[str]]] = []
    shares = percents(profile["share_strong"], profile["share_weak"], profile["share_absent"])
    diag = [
        f"Contacts notés : {profile['n_contacts']}" + (f" ({n_unrated} {agree(n_unrated, 'non noté')}, {agree(n_unrated, 'laissé')} de côté)"
                                                     if n_unrated else ""),
        f"Liens forts : {profile['n_strong']} ({shares[0]}) ; "
        f"liens faibles : {profile['n_weak']} ({shares[1]}) ; "
        f"liens absents : {profile['n_absent']} ({shares[2]})",
        f"Secteurs atteints : {len(reached)}" + (f" ({', '.join(reached)})" if reached else ""),
        "Secteurs atteints seulement par des liens faibles : " + (", ".join(only_weak) if only_weak else "aucun"),
    ]
    if profile["n_unknown_sector"]:
        diag.append(unknown_sector_note(profile["n_unknown_sector"]))
    diag += [f"Ce qui manque : {a}" for a in network_advice(profile, only_weak)]
    sections.append(("1. Diagnostic de mon réseau", diag))

    club_lines, rhythm = _club_lines(chosen_club, plan)
    sections.append(("2. Mon club", club_lines))

    recip = ["Principe : donner avant de demander. Le « renvoi d'ascenseur » vient d'autant mieux que j'ai rendu "
             "service d'abord."]
    if gives_list:
        recip += [f"Ce que je peux offrir : {g}" for g in gives_list]
    else:
        recip.append("Ce que je peux offrir : à compléter (une recommandation, une information sur le territoire, "
                     "un savoir-faire, une mise en relation).")
    if asks_list:
        recip += [f"Ce que je demanderai ensuite : {a}" for a in asks_list]
    else:
        recip.append("Ce que je demanderai ensuite : à compléter (un contact, un conseil, une recommandation).")
    sections.append(("3. Renvoi d'ascenseur : ce que je donne avant de demander", recip))

    # Next steps: weak ties to revive first, those that reach sectors no strong tie reaches.
    weak = scored[scored["tie"] == "faible"].copy()
    weak["_rare"] = weak["sector"].isin(only_weak)
    weak = weak.sort_values(["_rare", "strength"], ascending=[False, False], kind="mergesort")
    names = [str(n) for n in weak.get("name", pd.Series(dtype=object)).head(3)]
    club_name = f"« {chosen_club['name']} »" if chosen_club is not None and "name" in chosen_club else "le club visé"
    steps: list[tuple[str, str]] = [
        (french_date(start + dt.timedelta(days=7)),
         f"Contacter le service réseaux de la CCI ou {club_name} pour assister à une réunion en invité."),
        (french_date(start + dt.timedelta(days=14)),
         "Reprendre contact avec " + (", ".join(names) if names else "deux ou trois liens faibles")
         + " (un appel, un café)."),
        (french_date(start + dt.timedelta(days=30)),
         "Première réunion : offrir " + (f"« {gives_list[0]} »" if gives_list else "un service")
         + " avant de demander quoi que ce soit."),
        ("Chaque mois",
         f"Être présent à chaque réunion ({rhythm or 'au moins une par mois'}) : sans présence ni convivialité, "
         "pas d'empathie, pas de réseau et encore moins d'affaires."),
        (french_date(start + dt.timedelta(days=91)),
         "Formuler une première demande : " + (f"« {asks_list[0]} »" if asks_list else "un contact ou un conseil") + "."),
        (french_date(start + dt.timedelta(days=182)),
         "Bilan à six mois : nouveaux contacts, services rendus et reçus, coût par nouveau contact."),
        (french_date(start + dt.timedelta(days=365)),
         "Bilan annuel : renouveler l'adhésion ou changer de club ; noter à nouveau mes contacts."),
    ]

    title = "Mon plan d'action réseau" + (f" — {owner_name.strip()}" if owner_name and owner_name.strip() else "")
    made = f"Établi le {french_date(start)}."
    if fmt == "markdown":
        out = [f"# {title}", "", f"_{made}_", ""]
        for head, lines in sections:
            out += [f"## {head}", ""] + [f"- {line}" for line in lines] + [""]
        out += ["## 4. Mes prochaines étapes", "", "| Quand | Quoi |", "|---|---|"]
        out += [f"| {when} | {what} |" for when, what in steps]
        return "\n".join(out) + "\n"
    esc = lambda text: html.escape(text, quote=False)  # noqa: E731
    out = ["<!DOCTYPE html>", '<html lang="fr"><head><meta charset="utf-8">', f"<title>{esc(title)}</title></head><body>",
           f"<h1>{esc(title)}</h1>", f"<p><em>{esc(made)}</em></p>"]
    for head, lines in sections:
        out.append(f"<h2>{esc(head)}</h2><ul>" + "".join(f"<li>{esc(line)}</li>" for line in lines) + "</ul>")
    out.append("<h2>4. Mes prochaines étapes</h2><table border='1' cellpadding='4'>"
               "<tr><th>Quand</th><th>Quoi</th></tr>"
               + "".join(f"<tr><td>{esc(when)}</td><td>{esc(what)}</td></tr>" for when, what in steps) + "</table>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


#: What the printed plan leaves room for, by hand: (heading, number of lines to write on).
PAPER_SECTIONS: tuple[tuple[str, int], ...] = (
    ("Les contacts que je relance (nom, date, ce que je leur propose)", 5),
    ("Ce que j'ai fait, et quand", 6),
    ("Mes notes", 6),
)


def action_plan_pdf(text: str, *, subtitle: str = "Plan établi avec le cours « Bâtir sa stratégie de réseaux "
                                                  "d'affaires »") -> bytes:
    """The action plan printed (reseau.printing, Typst): its Markdown, then ruled lines to write on by hand."""
    from .printing import french_typography, markdown_pdf, typst_string, writing_lines

    after = "".join(f"#heading(level: 2)[#{typst_string(french_typography(heading))}]\n\n" + writing_lines(n)
                    for heading, n in PAPER_SECTIONS)
    return markdown_pdf(text, subtitle=subtitle, after="#heading(level: 1)[À compléter à la main]\n\n" + after)


def save_action_plan(text: str, path: str | Path) -> Path:
    """Write the plan to `path` (Markdown or HTML as text in UTF-8; `.pdf`: typeset), creating its folder; return
    the path written."""
    if not isinstance(text, str) or not text.strip():
        raise ReseauError("Le plan d'action est vide : créez-le d'abord avec action_plan(...).", field="text", value=text)
    target = Path(path)
    if target.suffix == "":
        raise ReseauError(
            f"Donnez un nom de fichier avec son extension, par exemple « mon_plan.md » ou « mon_plan.html » (reçu : {path}).",
            field="path", value=str(path),
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.suffix.lower() == ".pdf":  # printed: the same Markdown, typeset, with lines to write on
        target.write_bytes(action_plan_pdf(text))
        return target
    target.write_text(text, encoding="utf-8")
    return target


# --------------------------------------------------------------------------- saved ratings
#: Columns of a ratings file (module 5's contact-rating widget writes one in the learner's folder).
RATINGS_COLUMNS = ("name", "company", *CRITERIA)
#: The optional last column of a ratings file: the sector the learner gave the contact (empty: not given).
SECTOR_COLUMN = "sector"


def _rating_keys(contacts: pd.DataFrame) -> list[tuple[str, str, int]]:
    """One key per contact: its name, its company and its rank among namesakes of that company."""
    seen: dict[tuple[str, str], int] = {}
    keys = []
    company = contacts["company"] if "company" in contacts else pd.Series([""] * len(contacts), index=contacts.index)
    for name, comp in zip(contacts["name"], company):
        base = (str(name).strip(), "" if pd.isna(comp) else str(comp).strip())
        seen[base] = seen.get(base, 0) + 1
        keys.append((*base, seen[base]))
    return keys


def save_ratings(contacts: pd.DataFrame, path: str | Path, *, keep: pd.DataFrame | None = None) -> Path:
    """Write the ratings of `contacts` (NaN = not rated: empty cell) to the CSV file `path`, atomically.

    `keep`: rows of the file read earlier that match no contact (another list), written back unchanged.
    """
    target = Path(path)
    table = pd.DataFrame({"name": contacts["name"].astype(str),
                          "company": contacts["company"] if "company" in contacts else ""})
    for c in CRITERIA:
        table[c] = contacts[c].to_numpy(dtype=float)
    sectors = contacts[SECTOR_COLUMN] if SECTOR_COLUMN in contacts else pd.Series([""] * len(contacts))
    table[SECTOR_COLUMN] = [("" if pd.isna(x) or str(x).strip() == UNKNOWN_SECTOR else str(x).strip())
                            for x in sectors]
    if keep is not None and len(keep):
        kept = keep.reindex(columns=[*RATINGS_COLUMNS, SECTOR_COLUMN]).fillna({SECTOR_COLUMN: ""})
        table = pd.concat([table, kept], ignore_index=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partiel")
    table.to_csv(partial, index=False, encoding="utf-8")
    partial.replace(target)
    return target


def load_ratings(contacts: pd.DataFrame, path: str | Path) -> tuple[pd.DataFrame, int, pd.DataFrame]:
    """The ratings saved in `path` put back on `contacts` (matched by name, company and rank), with the sector
    the learner gave (optional last column `sector`; an older file without it keeps the contacts' sectors).

    Returns (contacts with the saved ratings, number of contacts whose ratings were restored, rows of the
    file that match no contact).  A file that is not a ratings file, or holds a rating that is not a number
    from 0 to 4, raises a French `ReseauError` naming the file, the line, the field and the value.
    """
    target = Path(path)
    try:
        saved = pd.read_csv(target, dtype={"name": str, "company": str, SECTOR_COLUMN: str}, keep_default_na=False,
                            na_values={c: [""] for c in CRITERIA}, encoding="utf-8")
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as err:
        why = ("il n'est pas en UTF-8" if isinstance(err, UnicodeDecodeError) else
               "il est vide" if isinstance(err, pd.errors.EmptyDataError) else "ses lignes n'ont pas toutes les mêmes colonnes")
        raise ReseauError(
            f"Le fichier de notes « {target.name} » est illisible ({why}). Supprimez-le pour "
            "repartir de notes vides, ou remettez la version enregistrée par le widget.",
            field="path", value=str(target)) from None
    missing = [c for c in RATINGS_COLUMNS if c not in saved.columns]
    if missing:
        raise ReseauError(
            f"Le fichier de notes « {target.name} » n'a pas les colonnes {', '.join(missing)} : ce n'est pas un "
            "fichier écrit par le widget de notation. Supprimez-le ou choisissez un autre nom de fichier.",
            field=missing[0], value=missing)
    saved.index = range(2, len(saved) + 2)  # line numbers of the file (line 1 is the header)
    for c in CRITERIA:
        given = saved[c][saved[c].notna()]
        given = pd.Series([x.item() if hasattr(x, "item") else x for x in given], index=given.index, dtype=object)
        if len(given):
            check_ratings(c, given, where=f"le fichier « {target.name} »")
    out = contacts.copy()
    by_key = {key: row for key, (_, row) in zip(_rating_keys(saved), saved.iterrows())}
    restored = 0
    used = set()
    for i, key in zip(out.index, _rating_keys(out)):
        row = by_key.get(key)
        if row is None:
            continue
        used.add(key)
        values = [row[c] for c in CRITERIA]
        for c, v in zip(CRITERIA, values):
            out.loc[i, c] = float(v) if pd.notna(v) else np.nan
        sector = str(row.get(SECTOR_COLUMN, "") or "").strip()
        if sector:
            out.loc[i, SECTOR_COLUMN] = sector
        restored += all(pd.notna(v) for v in values)
    unmatched = saved[[key not in used for key in _rating_keys(saved)]]
    return out, restored, unmatched.reset_index(drop=True)
