"""Printed documents (Typst, offline), checked by the text read back from each PDF.

The converter prints text exactly as written (a `#`, `*` or `$` is never taken for markup) with French
typography; the handouts (`make supports`) carry each module's title, objectives, key ideas, charts and
« À retenir », and no code; module 5's action plan and the class report come as PDF too.
"""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from reseau.errors import ReseauError
from reseau.printing import french_typography, markdown_pdf
from reseau.session import OBJECTIVES

NBSP = "\u00a0"


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages)


def _flat(text: str) -> str:
    # a zero-width space (U+200B) lets a code name break in a narrow table column: invisible, not text
    return re.sub(r"[ \u00a0\u202f\n]+", " ", text.replace("-\n", "").replace("\u200b", ""))


def test_french_typography_puts_no_break_spaces_where_french_wants_them():
    assert french_typography("Durée : 30 min ; prêt ? oui ! « bien »") == (
        f"Durée{NBSP}: 30{NBSP}min{NBSP}; prêt{NBSP}? oui{NBSP}! «{NBSP}bien{NBSP}»")
    assert french_typography("à 9:30, https://cci.fr") == "à 9:30, https://cci.fr"  # no space invented
    assert french_typography("1 695 € par an, 18 % des liens, 30 min, 12 345 678 contacts, en 2026 12 clubs") == (
        f"1{NBSP}695{NBSP}€ par an, 18{NBSP}% des liens, 30{NBSP}min, 12{NBSP}345{NBSP}678 contacts, "
        f"en 2026 12 clubs")


def test_markdown_prints_as_written_with_its_structure():
    pdf = markdown_pdf("# Le titre : essai\n\nUn **gras**, un *italique*, un `code`, # dièse, $ dollar, * étoile.\n\n"
                       "- premier point\n- second point\n\n| club | cotisation |\n|---|---|\n| Club A | 1 300 € |\n\n"
                       "> une citation\n")
    text = _flat(_text(pdf))
    assert "Le titre : essai" in text
    assert "Un gras, un italique, un code, # dièse, $ dollar, * étoile." in text
    assert "premier point" in text and "second point" in text
    assert "club cotisation Club A 1 300 €" in text and "une citation" in text
    assert f"titre{NBSP}: essai" in _text(pdf)  # the no-break space is in the PDF itself


@pytest.fixture(scope="module")
def handouts(tmp_path_factory):
    from reseau.handouts import build_handouts

    out = tmp_path_factory.mktemp("supports")
    return {p.name: p for p in build_handouts(out)}


def test_one_handout_per_module_and_the_example_plan(handouts):
    assert sorted(handouts) == ["plan_d_action_exemple.pdf", "support_00_bienvenue.pdf",
                                "support_01_choisir_son_reseau.pdf", "support_02_temps_et_budget.pdf",
                                "support_03_force_des_liens.pdf", "support_04_liens_faibles_ponts.pdf",
                                "support_05_ma_strategie.pdf"]


def test_a_module_handout_has_the_cci_layout_and_no_code(handouts):
    path = handouts["support_03_force_des_liens.pdf"]
    reader = PdfReader(str(path))
    text = _flat(_text(path.read_bytes()))
    assert 2 <= len(reader.pages) <= 6
    assert text.startswith("3. La force des liens Support de formation · module 3 · durée : 30 minutes")
    assert "Objectifs" in text and " ".join(OBJECTIVES["O3"].split()) in text
    assert "Idées clés" in text and "Granovetter (1973) et sa définition" in text
    assert "À retenir" in text and text.index("À retenir") > text.index("Le module")
    assert "Mark Granovetter (1973) : la force d'un lien combine" in text  # the summary, in the box
    assert "Quiz : 05_quiz_force_des_liens" not in text  # links to the next notebook are not printed
    for code in ("import ", "load_contacts(", "strength_chart(", "%matplotlib"):
        assert code not in text, code
    assert "Claire" in text and "contacts de Claire" in text  # a displayed table
    assert sum(len(page.images) for page in reader.pages) >= 1  # the strength chart


def test_the_example_action_plan_is_printed(handouts):
    text = _flat(_text(handouts["plan_d_action_exemple.pdf"].read_bytes()))
    assert text.startswith("Mon plan d'action réseau")
    assert "Diagnostic de mon réseau" in text and "Contacts notés : 61" in text


def test_action_plan_saved_as_pdf_from_the_notebook(tmp_path):
    from reseau.plan import save_action_plan

    text = "# Mon plan d'action réseau — Camille Dupont\n\n## 1. Diagnostic\n\n- Contacts notés : 3\n"
    path = save_action_plan(text, tmp_path / "mon_plan_d_action.pdf")
    read = _flat(_text(path.read_bytes()))
    assert path.read_bytes().startswith(b"%PDF") and "Mon plan d'action réseau — Camille Dupont" in read
    assert "Contacts notés : 3" in read
    with pytest.raises(ReseauError, match="plan d'action est vide"):
        save_action_plan("  ", tmp_path / "vide.pdf")


def test_displayed_tables_keep_a_named_index_and_drop_pandas_row_numbers():
    import pandas as pd

    from reseau.printing import html_table_to_typst

    numbered = html_table_to_typst(pd.DataFrame({"club": ["A", "B"]}).to_html())
    assert re.search(r"columns: \(\d+fr,\)", numbered) and "[#\"0\"]" not in numbered  # the club column only
    named = html_table_to_typst(pd.DataFrame({"cotisation": [300]}, index=pd.Index(["mentorat"], name="famille"))
                                .to_html())
    assert '[#strong[#"famille"]], [#strong[#"cotisation"]], [#"mentorat"], [#"300"]' in named


def test_a_folded_answer_is_printed_under_its_label():
    text = _flat(_text(markdown_pdf("# Essai\n\nQuelle femme relie les deux groupes ?\n\n<details>\n"
                                    "<summary>Éléments de réponse (à ouvrir après avoir cherché)</summary>\n\n"
                                    "Ruth et Pearl assistent aux deux séries d'événements.\n\n</details>\n")))
    assert "Éléments de réponse (à ouvrir après avoir cherché) Ruth et Pearl" in text


def test_table_numbers_get_french_thousands_separators():
    from reseau.printing import table_number

    assert table_number("1300") == f"1{NBSP}300" and table_number("2400") == f"2{NBSP}400"
    assert table_number("12345678") == f"12{NBSP}345{NBSP}678"
    assert table_number("1300,5") == f"1{NBSP}300,5" and table_number("-2010") == f"-2{NBSP}010"
    assert table_number("300") == "300" and table_number("82,5") == "82,5" and table_number("A1300") == "A1300"
    assert table_number("1974", "année") == "1974"  # a column of years keeps its digits together


def test_paper_markdown_drops_notebook_only_text_and_shows_paper_only_text():
    from reseau.handouts import paper_markdown

    source = ("Avant. <!-- carnet -->Exécutez la cellule ci-dessous.<!-- /carnet --><!-- papier : Sur papier. -->\n"
              "<!-- carnet -->\nBougez les curseurs.\n<!-- /carnet -->\nAprès.")
    assert paper_markdown(source) == "Avant. Sur papier.\nAprès."
    # notebook-only text at the end of a list item: the next item keeps its own line
    listed = "3. Lesquelles ?<!-- carnet --> Ajoutez une cellule.<!-- /carnet -->\n4. Pourquoi ?"
    assert paper_markdown(listed) == "3. Lesquelles ?\n4. Pourquoi ?"


#: What a handout must not say: it is read on paper, where there is no cell, slider or file beside it.
NOTEBOOK_WORDS = ["cellule ci-dessous", "cellule grise ci-dessous", "curseur", "ajoutez une cellule", "réexécutez",
                  "relancez cette cellule", "relancez les cellules", "Exécutez la cellule", "chemin ci-dessous",
                  "simulateur ci-dessous", "à côté de ce carnet", "mon_reseau", "choix =", "widget ci-dessous", "le widget vous", "nx.",
                  "relations importées", "Cochez vos objectifs", "Faites l'expérience", "[lignes"]


def test_handouts_are_written_for_paper(handouts):
    for name, path in handouts.items():
        text = _flat(_text(path.read_bytes()))
        for words in NOTEBOOK_WORDS:
            assert words.lower() not in text.lower(), (name, words)
    module5 = _flat(_text(handouts["support_05_ma_strategie.pdf"].read_bytes()))
    assert "reseau-supports-" not in module5 and "/tmp" not in module5 and "mon_plan_d_action.md" not in module5
    assert "Plan enregistré dans" not in module5  # the line that printed the temporary folder
    assert "Ce support montre la liste d'exemple" in module5  # the paper text instead of the notebook's
    assert "Voici le diagnostic du réseau que vous avez choisi" in module5 and "de le réseau" not in module5
    module4 = _text(handouts["support_04_liens_faibles_ponts.pdf"].read_bytes())
    # item 4 of the Davis activity starts its own line (the notebook-only text before it once swallowed the break)
    assert re.search(r"relient les deux groupes\s?\?\n4\. La colonne", module4.replace(NBSP, " ")), module4
    module0 = _flat(_text(handouts["support_00_bienvenue.pdf"].read_bytes()))
    assert "Bonjour ! Votre première cellule a bien été exécutée." not in module0  # a notebook-only cell's output
    assert "Pour exécuter une cellule grise, cliquez dedans" in module0


def test_handout_tables_have_thousands_separators(handouts):
    module2 = _flat(_text(handouts["support_02_temps_et_budget.pdf"].read_bytes()))
    # the referral groups of the dataset: fee 1 300 € a year, 2 010 € all-in (datasets/clubs.csv)
    assert "Les Lève-Tôt de la Scarpe 1 300 46 115 2 010" in module2
    assert "Cercle Progrès Dirigeants des Collines 2 400 11 82,5 2 880" in module2
    module1 = _flat(_text(handouts["support_01_choisir_son_reseau.pdf"].read_bytes()))
    assert "club de progrès de dirigeants 1 2 400 2 400 1" in module1
    assert not re.search(r"\b\d{4} \d{3}\b", module2)  # never « 1300 46 » style bare thousands


def _text_runs(reader, page):
    """(x where a run of text starts, x where it ends, y) of each run of a page, from the fonts' glyph widths
    (pypdf's layout mode; x from the leftmost run of the page)."""
    from pypdf._text_extraction import _layout_mode
    from pypdf.generic import ContentStream

    groups = _layout_mode.text_show_operations(iter(ContentStream(page.get_contents(), reader, "bytes").operations),
                                               page._layout_mode_fonts())
    return [(g["tx"], g["displaced_tx"], round(g["ty"])) for g in groups if g["text"].strip()]


def test_handout_text_stays_inside_the_page_and_its_table_cells(handouts):
    # A4 is 595 pt wide, the margins 2 cm (57 pt) each side: 482 pt of text, a few points of slack for the
    # glyph widths' rounding.  Module 0's course-plan table used to run 30 pt past the page, over its neighbour.
    for name, path in handouts.items():
        reader = PdfReader(str(path))
        for number, page in enumerate(reader.pages, start=1):
            runs = _text_runs(reader, page)
            assert max(end for _, end, _ in runs) - min(start for start, _, _ in runs) <= 490, (name, number)
            lines: dict[int, list] = {}
            for start, end, y in runs:
                lines.setdefault(y, []).append((start, end))
            for y, row in lines.items():
                row.sort()
                for (_, end), (start, _) in zip(row, row[1:]):
                    assert end - start <= 2, (name, number, y)  # a cell's text never runs over the next one


def test_the_printed_action_plan_leaves_lines_to_write_on(handouts):
    from pypdf.generic import ContentStream

    from reseau.plan import PAPER_SECTIONS

    path = handouts["plan_d_action_exemple.pdf"]
    text = _flat(_text(path.read_bytes()))
    assert "À compléter à la main" in text
    assert "Les contacts que je relance (nom, date, ce que je leur propose)" in text and "Mes notes" in text
    reader = PdfReader(str(path))
    drawn = sum(1 for page in reader.pages
                for _, op in ContentStream(page.get_contents(), reader).operations if op == b"l")
    assert drawn >= sum(n for _, n in PAPER_SECTIONS) == 17  # 5 + 6 + 6 ruled lines, at least


def test_the_davis_activity_prints_its_answers_on_a_page_of_their_own(handouts):
    reader = PdfReader(str(handouts["support_04_liens_faibles_ponts.pdf"]))
    pages = [_flat(p.extract_text()) for p in reader.pages]
    asked = next(i for i, p in enumerate(pages) if "Quelles femmes relient les deux groupes ?" in p)
    assert "Éléments de réponse : à la dernière page de ce support" in pages[asked]
    answer = "comme Ruth DeSand, Pearl Oglethorpe, Dorothy Murchison ou Verne Sanderson"
    assert [i for i, p in enumerate(pages) if answer in p] == [len(pages) - 1]  # the last page, alone
    assert pages[-1].split("Éléments de réponse", 1)[0].strip() in ("", "4. Les liens faibles jettent des ponts")
    assert "À retenir" not in pages[-1]


def test_module_3_prints_the_example_its_strength_comes_from(handouts):
    text = _flat(_text(handouts["support_03_force_des_liens.pdf"].read_bytes()))
    # (2 + 2 + 2 + 1) / 16 = 7 / 16 = 0,4375: at least 0,125, under 0,625, a weak tie
    assert ("Exemple : fréquence 2, intimité 2, émotion 2, réciprocité 1 ; force = (2 + 2 + 2 + 1) ÷ 16 = 0,4375 "
            "→ lien faible") in text
    assert "weights" not in text and "tie_strength" not in text  # a code name, for the notebook only


def _ruled_lines(path) -> int:
    from pypdf.generic import ContentStream

    reader = PdfReader(str(path))
    return sum(1 for page in reader.pages for _, op in ContentStream(page.get_contents(), reader).operations
               if op == b"l")


def test_module_5_leaves_lines_for_what_one_gives_asks_and_three_dated_actions(handouts):
    """In the half-day, each participant writes their three dated actions on module 5's handout."""
    path = handouts["support_05_ma_strategie.pdf"]
    text = _flat(_text(path.read_bytes()))
    assert "Ce que je donne d'abord" in text and "Ce que je demanderai ensuite" in text
    assert "Mes trois prochaines actions datées (la date, l'action, avec qui)" in text
    assert _ruled_lines(path) >= 2 + 2 + 3
    assert "Mon plan d'action réseau — Claire" in _flat(_text(handouts["plan_d_action_exemple.pdf"].read_bytes()))


def test_module_4_prints_the_removal_experiment_s_result_that_the_community_gives(handouts):
    """The widget shows nothing on paper: its result is written, and it is what the community's data give."""
    from reseau.data import load_community
    from reseau.network import removal_curve

    text = _flat(_text(handouts["support_04_liens_faibles_ponts.pdf"].read_bytes()))
    assert ("Une fois retirés 40 % de ses liens en commençant par les plus faibles, le plus grand groupe encore relié "
            "ne compte plus que 4 % des membres : la communauté a éclaté. En commençant par les plus forts, il en "
            "garde 97 %.") in text
    community = load_community()
    weak = removal_curve(community, order="weak_first", steps=10).iloc[4]  # 4 steps of 10: 40 % of the ties
    strong = removal_curve(community, order="strong_first", steps=10).iloc[4]
    assert abs(weak["removed_share"] - 0.4) < 0.01 and abs(strong["removed_share"] - 0.4) < 0.01
    assert round(100 * weak["giant_share"]) == 4 and round(100 * strong["giant_share"]) == 97


def test_printing_a_module_says_nothing_in_english_in_the_trainer_s_terminal(tmp_path, capfd):
    """`make supports` runs each module in a kernel: on Linux it talks over Unix sockets (ipykernel warns in
    English about unencrypted TCP otherwise) and is stopped at the end (no « Parent appears to have exited »)."""
    from reseau.handouts import build_handouts

    written = build_handouts(tmp_path, modules=["00_bienvenue"])
    assert [p.name for p in written] == ["support_00_bienvenue.pdf"]
    out, err = capfd.readouterr()
    assert "WARNING" not in out + err and "TCP" not in out + err, out + err
