"""The trainer's printed pack (`make supports`): what the guide (formation/guide_formateur.md) asks to print.

- the attendance sheets (« feuilles d'émargement »), one per half-day, from the class list and the session file;
- one sheet per participant with their identifier and the room's address (never a password: each participant
  chooses theirs at the first login);
- each quiz and the positioning questionnaire on paper, and, in a separate file, its answer key: both read from
  the quiz notebooks of solutions/ (generated from sources/solutions/), the questions, their options and the
  keyed answer with its explanation (the `expect(...)` of the hidden test): one source of truth;
- the cards of activity 1 (objectives from `clubs.GOALS`, families from module 1's table, section 1.3) and the
  rating grid of activity 2 (levels from `widgets.SCALES`, thresholds from `reseau.ties`).

Typesetting: reseau.printing (Typst, offline).  Every text reaches Typst as a string literal.
"""

from __future__ import annotations

import ast
import datetime as dt
import math
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import ReseauError
from .fmt import number
from .printing import compile_pdf, french_typography, markdown_pdf, typst_string
from .session import POSITIONING, TEST_ACCOUNT_PREFIX, TITLE, is_test_account

ROOT = Path(__file__).resolve().parents[2]
SOLUTIONS = ROOT / "solutions"
COURSE = ROOT / "course"
#: Hours a day may hold in one half-day; beyond, the day has a morning and an afternoon sheet.
HALF_DAY_MAX_HOURS = 4.0


def _t(text: str) -> str:
    """Typst markup printing `text` as written, French typography applied."""
    return "#" + typst_string(french_typography(text))


# --- quizzes on paper ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Question:
    number: int
    stem: str        # Markdown: the question and its options, without the notebook's typing instructions
    key: str         # the keyed answer as printed: « B » or « 2 »
    explanation: str


def paper_assignments() -> list[str]:
    """The assignments that have a paper version: the positioning questionnaire and the quizzes."""
    return sorted(p.name for p in SOLUTIONS.iterdir()
                  if p.is_dir() and (p.name == POSITIONING or "_quiz_" in p.name) and any(p.glob("*.ipynb")))


def _notebook(assignment: str):
    import nbformat

    path = next((SOLUTIONS / assignment).glob("*.ipynb"), None)
    if path is None:
        raise ReseauError(f"Quiz introuvable : {assignment}. Les quiz sont : {', '.join(paper_assignments())}.",
                          value=assignment)
    return nbformat.read(path, as_version=4)


def _paper_stem(markdown: str) -> str:
    """A question's Markdown cell for paper: its heading dropped, no « Tapez ... » or `reponse_` instruction."""
    body = re.sub(r"^## Question \d+\s*$", "", markdown.strip(), count=1, flags=re.M)
    paragraphs = [p for p in re.split(r"\n\s*\n", body)
                  if p.strip() and not p.strip().startswith("Tapez") and "reponse_" not in p]
    return "\n\n".join(p.strip() for p in paragraphs)


def _expected(test_source: str) -> tuple[int, str, str] | None:
    """(question, keyed answer, explanation) of the `expect(...)` call of a quiz's test cell."""
    source = test_source.replace("### BEGIN HIDDEN TESTS", "").replace("### END HIDDEN TESTS", "")
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "expect" and len(node.args) == 4:
            value, question, why = (ast.literal_eval(a) for a in node.args[1:])
            key = value if isinstance(value, str) else number(value, 3, strip=True)
            return int(question), key, why
    return None


def quiz_questions(assignment: str) -> tuple[str, list[Question]]:
    """(title, questions) of a quiz or of the positioning questionnaire, read from its notebook in solutions/."""
    cells = _notebook(assignment).cells
    title = cells[0].source.strip().splitlines()[0].lstrip("# ").strip()
    stems: dict[int, str] = {}
    keys: dict[int, tuple[str, str]] = {}
    for cell in cells:
        if cell.cell_type == "markdown":
            match = re.match(r"\s*## Question (\d+)", cell.source)
            if match:
                stems[int(match.group(1))] = _paper_stem(cell.source)
        elif cell.metadata.get("nbgrader", {}).get("grade"):
            found = _expected(cell.source)
            if found:
                keys[found[0]] = found[1:]
    missing = sorted(set(stems) ^ set(keys))
    if missing:
        raise ReseauError(f"{assignment} : la question {missing[0]} n'a pas à la fois un énoncé et une réponse "
                          "attendue (expect). Vérifiez sa source dans sources/solutions/.", value=assignment)
    return title, [Question(n, stems[n], *keys[n]) for n in sorted(stems)]


def quiz_paper_markdown(assignment: str) -> str:
    """The paper version of a quiz: questions and options, a line to answer each; never the answers."""
    title, questions = quiz_questions(assignment)
    lines = [f"# {title}", "", "Nom et prénom : ______________________________________________", "",
             "Pour chaque question, entourez **une seule** lettre, ou écrivez le nombre demandé, puis reportez votre "
             "réponse sur la ligne « Réponse ». Dès que le réseau revient, recopiez vos réponses dans le quiz, dans "
             "JupyterLab, puis cliquez « Rendre » : c'est cette copie qui est notée.", ""]
    for q in questions:
        lines += [f"## Question {q.number}", "", q.stem, "", "Réponse : ____________", ""]
    return "\n".join(lines)


def answer_key_markdown(assignment: str) -> str:
    """The answer key of a quiz, for the debrief: each question's keyed answer and its explanation and source."""
    title, questions = quiz_questions(assignment)
    lines = [f"# Corrigé : {title}", "", "| question | réponse |", "|---|---|"]
    lines += [f"| {q.number} | {q.key} |" for q in questions]
    lines.append("")
    for q in questions:
        lines += [f"**Question {q.number} : {q.key}.** {q.explanation}", ""]
    return "\n".join(lines)


# --- attendance sheets and identifier sheets ----------------------------------------------------------------

def half_days(session) -> list[tuple[dt.date | None, str]]:
    """(date, « matin » / « après-midi » / « demi-journée ») of each half-day of the session (None: no session).

    A day of the session holds the training's hours shared equally; beyond HALF_DAY_MAX_HOURS it has a morning
    and an afternoon, each signed."""
    if session is None:
        return [(None, "demi-journée")]
    days = [session.debut + dt.timedelta(days=k) for k in range((session.fin - session.debut).days + 1)]
    per_day = session.duree_heures / len(days)
    parts = ["matin", "après-midi"] if per_day > HALF_DAY_MAX_HOURS else ["demi-journée"]
    return [(day, part) for day in days for part in parts]


def attendance_typst(participants, trainers, session) -> str:
    """Typst body of the attendance sheets: one page per half-day, a signature box per participant."""
    from .plan import french_date

    sheets = half_days(session)
    pages = []
    for k, (day, part) in enumerate(sheets, start=1):
        when = (f"{french_date(day)}, {part}" if day else "date : ____ / ____ / ________, matin / après-midi (entourez)")
        info = [("Formation :", TITLE),
                ("Organisme :", session.organisme if session else "______________________________"),
                ("Lieu :", session.lieu if session else "______________________________"),
                ("Demi-journée :", f"{when} (feuille {k} sur {len(sheets)})"),
                ("Horaires :", "de ______ à ______")]
        rows = ", ".join(f"[{_t(p.last_name)}], [{_t(p.first_name)}], []" for p in participants)
        trainer_names = ", ".join(t.full_name for t in trainers) or (session.signataire if session else "")
        heading = _t("Feuille d'émargement : " + when)
        pages.append(
            f"#heading(level: 1)[{heading}]\n\n"
            "#table(columns: (auto, 1fr), stroke: none, inset: (x: 0pt, y: 2pt), column-gutter: 8pt, "
            + ", ".join(f"strong[{_t(a)}], [{_t(b)}]" for a, b in info) + ")\n\n"
            "#v(4pt)\n"
            "#table(columns: (1fr, 1fr, 1.4fr), rows: (auto, ..range(" + str(len(participants)) + ").map(_ => 1.15cm)), "
            "inset: 5pt, stroke: 0.5pt + luma(120), fill: (x, y) => if y == 0 { luma(230) }, "
            f"strong[{_t('Nom')}], strong[{_t('Prénom')}], strong[{_t('Signature du participant')}]"
            + (", " + rows if rows else "") + ")\n\n"
            "#v(8pt)\n"
            f"#grid(columns: (1fr, 1fr), column-gutter: 12pt, [{_t('Formateur ou formatrice : ' + trainer_names)}], "
            f"[{_t('Signature du formateur :')} #v(2pt) #rect(width: 100%, height: 1.6cm, stroke: 0.5pt + luma(120))])\n")
    return "\n#pagebreak()\n".join(pages)


def identifier_typst(participants, address: str) -> str:
    """Typst body of the identifier sheets: one card per participant (three to a page, to cut)."""
    where = address or "______________________________________ (le formateur l'écrit au tableau)"
    cards = []
    for p in participants:
        cards.append(
            "#block(width: 100%, height: 7.6cm, breakable: false, inset: 14pt, "
            "stroke: (paint: luma(120), thickness: 0.6pt, dash: \"dashed\"))["
            f"#text(size: 13pt, weight: \"bold\")[{_t('Votre accès à la formation')}] #v(6pt)\n"
            f"{_t('Participant : ' + p.full_name)} \\\n"
            f"{_t('Identifiant :')} #text(size: 15pt, weight: \"bold\", font: \"DejaVu Sans Mono\")[{_t(p.identifier)}] \\\n"
            f"{_t('Adresse à taper dans le navigateur :')} #text(size: 12pt, weight: \"bold\")[{_t(where)}] #v(6pt)\n"
            + _t("Mot de passe : vous le choisissez vous-même à votre première connexion (8 caractères au moins) ; "
                 "il n'est écrit nulle part, gardez-le pour vous. Oublié ? Le formateur vous en fait choisir un "
                 "nouveau.") + "]\n#v(0.4cm)\n")
    return "".join(cards)


# --- activity 1: cards; activity 2: rating grid -------------------------------------------------------------

def network_families() -> list[tuple[str, str, str]]:
    """(family, rhythm, fee) of each family of networks: module 1's table (section 1.3), read from course/."""
    import nbformat

    path = COURSE / "01_choisir_son_reseau.ipynb"
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type == "markdown" and re.search(r"^## 1\.3 ", cell.source, re.M):
            rows = [r for r in cell.source.splitlines() if r.startswith("|")][2:]  # header and rule dropped
            return [tuple(c.strip().replace("**", "") for c in r.strip("|").split("|")) for r in rows]
    raise ReseauError("Le tableau des familles de réseaux (module 1, section 1.3) est introuvable.", value=str(path))


def cards_typst() -> str:
    """Typst body of activity 1's cards: four « objectif » cards and one « famille » card per family."""
    from .clubs import GOALS

    def card(kind: str, title: str, lines: list[str]) -> str:
        text = " \\\n".join(_t(x) for x in lines)
        return ("[#block(width: 100%, height: 5.6cm, breakable: false, inset: 10pt, "
                "stroke: (paint: luma(90), thickness: 0.8pt, dash: \"dashed\"))[#set par(justify: false)\n"
                f"#text(size: 8pt, fill: luma(90))[{_t(kind)}] #v(2pt) "
                f"#text(size: 14pt, weight: \"bold\")[{_t(title)}] #v(4pt) #text(size: 10pt)[{text}]]]")

    goals = [card("Carte objectif", goal[:1].upper() + goal[1:], []) for goal in GOALS.values()]
    families = [card("Carte famille", family[:1].upper() + family[1:], [f"Rythme : {rhythm}", f"Cotisation : {fee}"])
                for family, rhythm, fee in network_families()]
    grid = "#grid(columns: (1fr, 1fr), gutter: 8pt, {})\n"
    return (f"#heading(level: 1)[{_t('Cartes « objectif » (une série par groupe)')}]\n\n" + grid.format(", ".join(goals))
            + "\n#pagebreak()\n"
            + f"#heading(level: 1)[{_t('Cartes « famille » (une série par groupe)')}]\n\n"
            + grid.format(", ".join(families)))


def rating_grid_typst() -> str:
    """Typst body of activity 2's grid: three contacts rated 0 to 4 on the four criteria, with each level's
    meaning and the thresholds of the course (reseau.ties)."""
    from .ties import RATING_MAX, RATING_MIN, STRONG_MIN, WEAK_MIN
    from .widgets import CRITERIA_LABELS, SCALES

    out_of = 4 * RATING_MAX
    strong, weak = math.ceil(STRONG_MIN * out_of - 1e-9), math.ceil(WEAK_MIN * out_of - 1e-9)
    levels = range(RATING_MIN, RATING_MAX + 1)
    legend = [f"strong[{_t('Niveau')}]"] + [f"strong[{_t(CRITERIA_LABELS[c])}]" for c in SCALES]
    for level in levels:
        legend.append(f"[{_t(str(level))}]")
        legend += [f"[#text(size: 8pt)[{_t(SCALES[c][level])}]]" for c in SCALES]
    headers = ["Contact (initiales)", *(CRITERIA_LABELS[c] + " (0 à 4)" for c in SCALES),
               f"Total sur {out_of}", f"Force (total ÷ {out_of})", "Lien : fort, faible ou absent", "Secteur"]
    grid_cells = [f"[#text(size: 8.5pt, weight: \"bold\")[{_t(h)}]]" for h in headers] + ["[]"] * (3 * len(headers))
    rule = (f"Force = total ÷ {out_of}. Lien fort à partir de {number(STRONG_MIN, 3, strip=True)} (total de {strong} "
            f"ou plus), faible à partir de {number(WEAK_MIN, 3, strip=True)} (total de {weak} ou plus), absent en "
            "dessous.")
    steps = ("Choisissez trois contacts professionnels : un que vous voyez souvent, un de temps en temps, un "
             "rencontré une fois ou deux. Notez chacun de 0 à 4 sur les quatre critères (le sens de chaque niveau "
             "est dans le tableau en bas de la page), additionnez, divisez par " + str(out_of) + ".")
    return ("#set par(justify: false)\n"
            f"{_t('Nom et prénom : ______________________________________')}\n\n{_t(steps)}\n\n"
            f"#heading(level: 1)[{_t('Ma grille')}]\n\n"
            f"#table(columns: (1.3fr, 1fr, 1fr, 1fr, 1fr, 1fr, 1fr, 1.1fr, 1.3fr), rows: (auto, 1.6cm, 1.6cm, 1.6cm), "
            f"inset: 4pt, stroke: 0.5pt + luma(120), fill: (x, y) => if y == 0 {{ luma(230) }}, {', '.join(grid_cells)})\n\n"
            f"#text(size: 9.5pt)[{_t(rule)}]\n\n"
            f"#heading(level: 1)[{_t('Ce que veut dire chaque niveau')}]\n\n"
            f"#table(columns: (auto, 1fr, 1fr, 1fr, 1fr), inset: 4pt, stroke: 0.5pt + luma(160), "
            f"fill: (x, y) => if y == 0 {{ luma(230) }}, {', '.join(legend)})\n\n"
            + _t("Par deux : comparez vos notes avec votre voisin. Sur quel critère hésitez-vous ? Puis : lequel de "
                 "vos trois contacts vous ouvre un secteur ou un cercle que les autres n'atteignent pas ?") + "\n")


# --- the pack -----------------------------------------------------------------------------------------------

def build_trainer_pack(out: Path, *, participants: Path | str | None = None, session: Path | str | None = None,
                       address: str | None = None) -> tuple[list[Path], list[str]]:
    """Write the trainer's pack into `out`; return (the PDFs written, French notes on what was skipped and why).

    Without a class list, the attendance and identifier sheets are skipped (the note says how to get them)."""
    from .autograde.attestation import _class_list, read_session

    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    notes: list[str] = []

    def write(name: str, pdf: bytes) -> None:
        (out / name).write_bytes(pdf)
        written.append(out / name)

    the_session = read_session(session) if session else None
    if participants:
        people = _class_list(participants)
        tests = [p for p in people if not p.trainer and is_test_account(p.identifier)]
        learners = sorted((p for p in people if not p.trainer and not is_test_account(p.identifier)),
                          key=lambda p: (p.last_name.lower(), p.first_name.lower()))
        if tests:
            notes.append(f"Compte{'s' if len(tests) > 1 else ''} d'essai laissé{'s' if len(tests) > 1 else ''} hors "
                         f"des feuilles d'émargement et des fiches d'accès : "
                         f"{', '.join(p.identifier for p in tests)} (un identifiant qui commence par "
                         f"« {TEST_ACCOUNT_PREFIX} » ; renommez-le si c'est un vrai participant).")
        trainers = [p for p in people if p.trainer]
        write("emargement.pdf", compile_pdf(attendance_typst(learners, trainers, the_session),
                                            title="Feuilles d'émargement", subtitle=TITLE))
        where = address or (the_session.adresse if the_session else "")
        write("fiches_identifiant.pdf", compile_pdf(identifier_typst(learners, where), title="Fiches d'accès",
                                                    subtitle="Une fiche par participant, à découper"))
        if not where:
            notes.append("Fiches d'accès sans adresse du serveur (une ligne à compléter) : donnez-la avec "
                         "ADRESSE=http://... ou la ligne « adresse = ... » du fichier de session.")
        if the_session is None:
            notes.append("Feuilles d'émargement sans dates, lieu ni organisme (à compléter à la main) : donnez le "
                         "fichier de la session avec SESSION=formation/session.ini (modèle : "
                         "formation/session.exemple.ini).")
    else:
        notes.append("Feuilles d'émargement et fiches d'accès non écrites : il faut la liste de la classe. Relancez "
                     "avec make supports PARTICIPANTS=deploy/hub/participants.csv SESSION=formation/session.ini "
                     "(modèles : deploy/hub/participants.exemple.csv et formation/session.exemple.ini).")
    write("activite_1_cartes.pdf", compile_pdf(cards_typst(), title="Activité 1 : quel club pour quel objectif ?",
                                               subtitle="Cartes à imprimer et découper, une série par groupe"))
    write("activite_2_grille.pdf", compile_pdf(rating_grid_typst(),
                                               title="Activité 2 : noter trois de ses contacts",
                                               subtitle="Une grille par participant"))
    for assignment in paper_assignments():
        write(f"quiz_papier_{assignment}.pdf",
              markdown_pdf(quiz_paper_markdown(assignment), subtitle="Version papier, à rendre au formateur"))
        write(f"corrige_{assignment}.pdf",
              markdown_pdf(answer_key_markdown(assignment), subtitle="Pour le formateur : à ne pas distribuer avant "
                                                                     "la correction"))
    return written, notes
