"""End-of-training certificates (« attestations de fin de formation »), one PDF per participant.

Code du travail, article L6353-1: at the end of a training the provider gives each trainee a certificate
stating the objectives, the nature and the duration of the action and the results of the evaluation of
learning.  The objectives and what evaluates each come from `reseau.session`; the results from the
gradebook (`report.objective_results`); the trainee from the class list (the classroom server's CSV,
read and checked by deploy/hub/classe.py); the session's place, dates, duration and provider from a
small INI file (formation/session.exemple.ini).  PDFs are typeset by Typst (the `typst` wheel: no system
library, works on Windows and macOS), with formation/modeles/attestation.typ.

All or nothing for the class's data: a missing field or an unknown learner raises a French `ReseauError` naming
it, and no file is written; otherwise every PDF is written, then moved in place together.  Whoever the class list
names but cannot be certified (a trainer, a participant with no graded work: the guide's test account, someone
who did not come) is left out, and the run's French warning names them (`CertificateRun.warning`).
"""

from __future__ import annotations

import configparser
import datetime as dt
import importlib.util
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from ..errors import ReseauError
from ..fmt import number, percent
from ..printing import french_typography as typo
from ..plan import french_date
from ..session import (ACQUIRED, IN_PROGRESS, OBJECTIVES, POSITIONING, SATISFACTION, TITLE,
                       is_test_account)
from .gradebook import gradebook_scores
from .paths import PROJECT_ROOT, SOLUTIONS_DIR, workspace_dir
from .report import blank_copies, objective_results

TEMPLATE = PROJECT_ROOT / "formation" / "modeles" / "attestation.typ"
#: Fields of the session file, with what each is for (the French error names the missing one).
SESSION_FIELDS = {
    "organisme": "le nom de l'organisme de formation (par exemple « CCI Artois, service formation »)",
    "lieu": "la ville de la session",
    "debut": "la date du premier jour, au format AAAA-MM-JJ",
    "fin": "la date du dernier jour, au format AAAA-MM-JJ",
    "duree_heures": "la durée de la formation en heures (par exemple 7 ou 3,5)",
    "signataire": "le nom et la qualité de la personne qui signe (par exemple « Claire Martin, formatrice »)",
}
NATURE = "Action de formation (Code du travail, article L6313-1, 1°)"


@dataclass(frozen=True)
class Session:
    organisme: str
    lieu: str
    debut: dt.date
    fin: dt.date
    duree_heures: float
    signataire: str
    nature: str = NATURE
    adresse: str = ""  # optional: the classroom server's address, printed on the participants' access sheets




def read_session(path: Path | str) -> Session:
    """The session file (INI, section [session]); every field checked, a French error names a bad one."""
    path = Path(path)
    if not path.is_file():
        raise ReseauError(f"Fichier de session introuvable : {path}. Copiez formation/session.exemple.ini, "
                          "remplissez-le, puis relancez (make attestations SESSION=chemin/du/fichier.ini).",
                          field="session", value=str(path))
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read_string(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, configparser.Error) as err:
        why = "il n'est pas en UTF-8" if isinstance(err, UnicodeDecodeError) else "une ligne n'est pas « champ = valeur »"
        raise ReseauError(f"Le fichier de session {path.name} est illisible ({why}) : "
                          "il doit commencer par la ligne [session], puis une ligne « champ = valeur » par champ.",
                          field="session", value=str(path)) from None
    if not parser.has_section("session"):
        raise ReseauError(f"Le fichier de session {path.name} n'a pas de section [session] : ajoutez cette ligne "
                          "en tête du fichier.", field="session", value=str(path))
    values = {k: v.strip() for k, v in parser.items("session")}
    for field, what in SESSION_FIELDS.items():
        if not values.get(field):
            raise ReseauError(f"Le fichier de session {path.name} ne donne pas « {field} » : {what}. Ajoutez la ligne "
                              f"« {field} = ... » puis relancez.", field=field, value=values.get(field))
    dates = {}
    for field in ("debut", "fin"):
        try:
            dates[field] = dt.date.fromisoformat(values[field])
        except ValueError:
            raise ReseauError(f"Date invalide pour « {field} » dans {path.name} : « {values[field]} ». "
                              "Écrivez-la au format AAAA-MM-JJ, par exemple 2026-12-03.",
                              field=field, value=values[field]) from None
    if dates["fin"] < dates["debut"]:
        raise ReseauError(f"Dans {path.name}, la fin ({values['fin']}) précède le début ({values['debut']}).",
                          field="fin", value=values["fin"])
    raw = values["duree_heures"].replace(",", ".")
    try:
        hours = float(raw)
    except ValueError:
        hours = -1.0
    if not 0 < hours <= 200:
        raise ReseauError(f"Durée invalide dans {path.name} : « {values['duree_heures']} ». Donnez un nombre "
                          "d'heures, par exemple 7 ou 3,5.", field="duree_heures", value=values["duree_heures"])
    return Session(values["organisme"], values["lieu"], dates["debut"], dates["fin"], hours, values["signataire"],
                   values.get("nature") or NATURE, values.get("adresse", ""))


def _class_list(path: Path | str):
    """Everyone on the class list (participants and trainers), read and checked by the classroom server's reader."""
    import sys

    classe = sys.modules.get("reseau_classe")
    if classe is None:
        spec = importlib.util.spec_from_file_location("reseau_classe", PROJECT_ROOT / "deploy" / "hub" / "classe.py")
        classe = importlib.util.module_from_spec(spec)
        sys.modules["reseau_classe"] = classe  # dataclasses look their module up while the file runs
        spec.loader.exec_module(classe)
    try:
        people = classe.read_class_list(path)
    except classe.ClasseError as err:
        raise ReseauError(str(err), field="participants", value=str(path)) from None
    return people


def _full_name(person) -> str:
    return f"{person.first_name} {person.last_name}".strip() or person.identifier


@dataclass(frozen=True)
class CertificateRun:
    """What `make_certificates` did: the PDFs written, and who was left out and why (French)."""
    paths: list[Path]
    left_out: list[tuple[str, str]]  # (full name, French reason)

    @property
    def warning(self) -> str | None:
        """The French warning naming everyone of the class list without a certificate, or None."""
        if not self.left_out:
            return None
        names = " ; ".join(f"{name} ({why})" for name, why in self.left_out)
        return (f"Attention : pas d'attestation pour {names}. Un participant sans note a la sienne dès qu'il a rendu "
                "un quiz corrigé : sur le serveur de classe, qu'il clique « Rendre » dans « Mes quiz et exercices » "
                "(la correction est automatique) ; sans serveur, collectez et corrigez ses copies (make collect, "
                "make autograde). Puis relancez make attestations.")


def _titles() -> dict[str, str]:
    """{assignment: its French title}: the first heading of its notebook."""
    import nbformat

    titles = {}
    for folder in sorted(SOLUTIONS_DIR.iterdir()):
        for path in folder.glob("*.ipynb"):
            first = nbformat.read(path, as_version=4).cells[0].source.strip().splitlines()
            titles[folder.name] = first[0].lstrip("# ").strip() if first else folder.name
    return titles


def appreciation(share: float | None) -> str:
    """The word for an objective's result (thresholds in reseau.session)."""
    if share is None:
        return "non évalué"
    if share >= ACQUIRED:
        return "acquis"
    if share >= IN_PROGRESS:
        return "en cours d'acquisition"
    return "non acquis"


def _elided(word: str, name: str) -> str:
    """« que Bruno » but « qu'Alice », « de Bruno » but « d'Émile » (before a vowel or a mute h)."""
    if name[:1].lower() in "aeiouyhàâéèêëîïôöùûü":
        return f"{word[:-1]}'{name}"
    return f"{word} {name}"


def _dates(session: Session) -> str:
    if session.debut == session.fin:
        return f"le {french_date(session.debut)}"
    return f"du {french_date(session.debut)} au {french_date(session.fin)}"


def certificate_data(person, session: Session, results: dict, works: list[tuple[str, str]],
                     today: dt.date) -> dict:
    """Everything one certificate says, as the Typst template reads it (French, typography applied)."""
    full_name = _full_name(person)
    duration = f"{number(session.duree_heures, 1, strip=True)} heures"
    objectives = []
    for code, text in OBJECTIVES.items():
        entry, end = results.get(code, (None, None))
        objectives.append({"code": code, "texte": typo(text),
                           "resultat": "—" if end is None else percent(end, 0),
                           "appreciation": appreciation(end)})
    entry_known = [v[0] for v in results.values() if v[0] is not None]
    data = {
        "titre_document": "Attestation de fin de formation",
        "base_legale": "délivrée en application de l'article L6353-1 du Code du travail",
        "organisme": session.organisme,
        "lieu_date": f"{session.lieu}, le {french_date(today)}",
        "phrase_stagiaire": typo(f"{session.organisme} atteste {_elided('que', full_name)} a suivi la formation ci-dessous, "
                                 f"{_dates(session)}, pour une durée de {duration}."),
        "identite": [[typo("Stagiaire :"), full_name],
                     [typo("Intitulé :"), typo(TITLE)], [typo("Nature de l'action :"), typo(session.nature)],
                     [typo("Dates :"), _dates(session)], [typo("Durée :"), duration], [typo("Lieu :"), session.lieu]],
        "titre_objectifs": "Objectifs de la formation et résultats de l'évaluation des acquis",
        "entetes": ["", "Objectif", "Résultat", "Appréciation"],
        "objectifs": objectives,
        "explication_resultats": typo(
            "Résultat : part des points obtenus aux quiz et exercices notés qui évaluent l'objectif. Appréciation : "
            f"acquis à partir de {percent(ACQUIRED, 0)}, en cours d'acquisition à partir de {percent(IN_PROGRESS, 0)}"
            " ; non évalué si aucun travail n'a été rendu pour cet objectif."
            + (f" Positionnement à l'entrée : {percent(sum(entry_known) / len(entry_known), 0)} des points."
               if entry_known else "")),
        "titre_travaux": "Travaux évalués",
        "travaux": [[typo(t), s] for t, s in works],
        "fait_a": typo(f"Fait à {session.lieu}, le {french_date(today)}."),
        "signataire": session.signataire,
        "cachet": typo("Signature et cachet de l'organisme :"),
        "pied": typo(f"{session.organisme} — attestation de fin de formation {_elided('de', full_name)}"),
    }
    return data


def render(data: dict) -> bytes:
    """The certificate as PDF bytes (Typst, offline, fonts embedded in the wheel)."""
    import typst

    return typst.compile(TEMPLATE.read_bytes(), root=str(TEMPLATE.parent),
                         sys_inputs={"donnees": json.dumps(data, ensure_ascii=False)})


def make_certificates(session_file: Path | str, class_list: Path | str, *, workspace: Path | None = None,
                      out_dir: Path | None = None, today: dt.date | None = None) -> CertificateRun:
    """Write one certificate per participant of the class list with graded work into `out_dir`
    (workspace/attestations); return the paths and who was left out.  Nothing is written unless every
    certificate can be; an error if nobody can have one."""
    ws = workspace_dir(workspace)
    out_dir = Path(out_dir) if out_dir is not None else ws / "attestations"
    session = read_session(session_file)
    people = _class_list(class_list)
    blank = blank_copies(workspace=ws)  # handed in untouched: not evaluated (nor listed among the works)
    scores = [s for s in gradebook_scores(workspace=ws)
              if s.assignment != SATISFACTION and (s.student, s.assignment) not in blank]
    known = {p.identifier for p in people}
    strangers = sorted({s.student for s in scores} - known)
    if strangers:
        raise ReseauError(f"Apprenant inconnu de la liste de la classe : « {strangers[0]} » a des notes mais n'est pas "
                          f"dans {Path(class_list).name}. Ajoutez-le à la liste (ou retirez ses copies), puis relancez.",
                          field="identifiant", value=strangers[0])
    graded = {s.student for s in scores if s.assignment != POSITIONING}
    left_out = [(_full_name(p), "formatrice ou formateur") for p in people if p.trainer]
    left_out += [(_full_name(p), "compte d'essai") for p in people if not p.trainer and is_test_account(p.identifier)]
    people = [p for p in people if not p.trainer and not is_test_account(p.identifier)]
    left_out += [(_full_name(p), "aucun quiz ni exercice noté, copie vide non comptée")
                 for p in people if p.identifier not in graded]
    people = [p for p in people if p.identifier in graded]
    if not people:
        raise ReseauError("Aucun participant de la liste n'a de quiz ou d'exercice noté : aucune attestation ne peut "
                          "donner les résultats de l'évaluation des acquis. Collectez et corrigez les copies "
                          "(make collect, make autograde), puis relancez.", field="identifiant",
                          value=str(class_list))
    results = objective_results(scores)
    titles = _titles()
    today = today or dt.date.today()
    pdfs = {}
    for person in people:
        mine = [s for s in scores if s.student == person.identifier and s.assignment != POSITIONING]
        works = []
        for name in sorted({s.assignment for s in mine}):
            got = sum(s.score for s in mine if s.assignment == name)
            out_of = sum(s.max_score for s in mine if s.assignment == name)
            works.append((titles.get(name, name), f"{number(got, 1, strip=True)} / {number(out_of, 1, strip=True)}"))
        data = certificate_data(person, session, results[person.identifier], works, today)
        pdfs[f"attestation_{person.identifier}.pdf"] = render(data)
    partial = out_dir.with_name(out_dir.name + ".partiel")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    for name, pdf in pdfs.items():
        (partial / name).write_bytes(pdf)
    if out_dir.exists():
        shutil.rmtree(out_dir)
    os.replace(partial, out_dir)
    return CertificateRun(sorted(out_dir.glob("*.pdf")), left_out)
