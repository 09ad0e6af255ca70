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
    return re.sub(r"[ \u00a0\u202f\n]+", " ", text.replace("-\n", ""))


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
    assert "columns: 1," in numbered and "[#\"0\"]" not in numbered  # the club column only, no 0 / 1 column
    named = html_table_to_typst(pd.DataFrame({"cotisation": [300]}, index=pd.Index(["mentorat"], name="famille"))
                                .to_html())
    assert '[#strong[#"famille"]], [#strong[#"cotisation"]], [#"mentorat"], [#"300"]' in named


def test_a_folded_answer_is_printed_under_its_label():
    text = _flat(_text(markdown_pdf("# Essai\n\nQuelle femme relie les deux groupes ?\n\n<details>\n"
                                    "<summary>Éléments de réponse (à ouvrir après avoir cherché)</summary>\n\n"
                                    "Ruth et Pearl assistent aux deux séries d'événements.\n\n</details>\n")))
    assert "Éléments de réponse (à ouvrir après avoir cherché) Ruth et Pearl" in text
