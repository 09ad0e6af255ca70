"""The no-code quizzes (one per module 1 to 5): their form, their checks, and the real grading cycle.

A quiz answer is one letter or one number typed in place of `...` in a one-line cell; the visible test
checks the form only (what « Vérifier mes réponses » shows), the hidden test the answer, and the
feedback explains a wrong answer with its source.  Expected totals are worked out by hand: one point
per question.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from nbgrader.validator import Validator

from grading_helpers import SOLUTIONS, learner_notebook, notebook_path, write_submission
from reseau import autograde as ag
from reseau.quiz import expect, letter, number

QUIZZES = ["01_quiz_choisir_son_reseau", "02_quiz_temps_et_budget", "05_quiz_force_des_liens",
           "07_quiz_liens_faibles_ponts", "09_quiz_ma_strategie"]
#: The entry positioning questionnaire is built and graded like the quizzes (20 questions, four per objective).
POSITIONING = "00_positionnement"
QUESTIONNAIRES = [POSITIONING, *QUIZZES]
MODULE = {"01_quiz_choisir_son_reseau": 1, "02_quiz_temps_et_budget": 2, "05_quiz_force_des_liens": 3,
          "07_quiz_liens_faibles_ponts": 4, "09_quiz_ma_strategie": 5}


def _cells(name, base=SOLUTIONS):
    return nbformat.read(notebook_path(name, base), as_version=4).cells


def _answer_cells(name, base=SOLUTIONS):
    return [c for c in _cells(name, base) if c.metadata.get("nbgrader", {}).get("solution")]


def _reference(name) -> dict[str, str]:
    """grade_id -> the right answer as written in the solution (« reponse_2 = C » -> "C")."""
    out = {}
    for cell in _answer_cells(name):
        (line,) = [x for x in cell.source.splitlines() if x.strip() and "..." not in x and not x.startswith("###")]
        out[cell.metadata["nbgrader"]["grade_id"]] = line.split("=", 1)[1].strip()
    return out


# ------------------------------------------------------------------------------------ the checks
def test_letter_accepts_a_letter_in_any_form_and_refuses_the_rest_in_french():
    for value in ("B", "b", " B ", "B"):
        letter(value, 2, "ABCD")
    for value, words in [(..., "pas encore de réponse"), ("E", "une seule lettre parmi A, B, C ou D"),
                         ("AB", "vous avez écrit 'AB'"), (2, "vous avez écrit 2"), (None, "pas encore de réponse")]:
        with pytest.raises(AssertionError, match=words):
            letter(value, 2, "ABCD")


def test_number_accepts_integers_and_decimals_and_explains_the_decimal_comma():
    for value in (4, 4.0, "4", " 2,5 ", 2.5):
        number(value, 3)
    with pytest.raises(AssertionError, match=r"un point et non une virgule \(par exemple : reponse_3 = 2\.5\)"):
        number((2, 5), 3)  # what Python makes of « reponse_3 = 2,5 »
    for value in ("quatre", True, float("nan"), [4]):
        with pytest.raises(AssertionError, match="répondez par un nombre"):
            number(value, 3)


def test_expect_gives_the_right_answer_and_the_explanation_only_when_wrong():
    expect("c", "C", 4, "Parce que.")
    expect("4", 4, 3, "Parce que.")
    with pytest.raises(AssertionError) as err:
        expect("A", "C", 4, "Les groupes de recommandation servent à cela. Source : presse régionale.")
    assert str(err.value) == ("Question 4 : la bonne réponse est C. Les groupes de recommandation servent à cela. "
                              "Source : presse régionale.")
    with pytest.raises(AssertionError, match="la bonne réponse est 16,7"):
        expect(55.6, 16.7, 2, "x")


# ------------------------------------------------------------------------------------ the notebooks
@pytest.mark.parametrize("name", QUESTIONNAIRES)
def test_quiz_has_its_one_point_questions_each_checked_in_form_then_in_answer(name):
    """A quiz has 6 to 10 questions; the positioning questionnaire 20 (four per objective)."""
    cells = _cells(name)
    answers = _answer_cells(name)
    assert len(answers) == 20 if name == POSITIONING else 6 <= len(answers) <= 10, (name, len(answers))
    tests = [c for c in cells if c.metadata.get("nbgrader", {}).get("grade")]
    assert len(tests) == len(answers) and all(c.metadata["nbgrader"]["points"] == 1 for c in tests)
    for k, (answer, test) in enumerate(zip(answers, tests), start=1):
        assert answer.metadata["nbgrader"]["grade_id"] == f"reponse_{k}"
        visible, hidden = test.source.split("### BEGIN HIDDEN TESTS")
        assert re.search(rf"^(letter\(reponse_{k}, {k}, \"[A-F]+\"\)|number\(reponse_{k}, {k}\))$", visible, re.M)
        assert f"expect(reponse_{k}, " in hidden and "Source :" in hidden, (name, k)
        # the explanation: two or three sentences (at least two full stops before the source)
        explanation = "".join(re.findall(r'"([^"]*)"', hidden.split(f"expect(reponse_{k}, ", 1)[1]))
        assert explanation.count(". ") >= 2, (name, k, explanation)


#: What each questionnaire announces (« **Durée** : … minutes »): a quiz 10 minutes, the positioning 15 (20 questions).
DURATION = {POSITIONING: 15}
#: The lines under every question that a participant glances at rather than reads: its heading, the
#: positioning's objective label and the typing instruction (the same words twenty times over).
_GLANCED = re.compile(r"^(## Question \d+|\*Objectif \d : .*\*|Tapez .*)$")


@pytest.mark.parametrize("name", QUESTIONNAIRES)
def test_quiz_is_short_enough_for_its_announced_duration(name):
    """About 150 words read per minute plus 20 s per answer fit in the announced duration: 10 minutes and 6
    answers leave room for 1 200 words; 15 minutes and 20 answers (6 min 40 s of answering) for 1 250."""
    minutes = DURATION.get(name, 10)
    cells = _cells(name, ag.EXERCISES_DIR)
    words = sum(len(line.split()) for c in cells if c.cell_type == "markdown"
                for line in c.source.splitlines() if not _GLANCED.match(line.strip()))
    answers = len(_answer_cells(name, ag.EXERCISES_DIR))
    assert words <= 150 * minutes - 50 * answers, f"{name} : {words} mots à lire, {answers} réponses"
    intro = cells[0].source
    title = "# Questionnaire de positionnement" if name == POSITIONING else f"Quiz du module {MODULE[name]}"
    assert f"**Durée** : {minutes} minutes" in intro and title in intro


@pytest.mark.parametrize("name", QUESTIONNAIRES)
def test_released_quiz_asks_one_line_per_answer_and_hides_the_answers(name):
    released = _answer_cells(name, ag.EXERCISES_DIR)
    assert [c.source for c in released] == [f"reponse_{k} = ..." for k in range(1, len(released) + 1)]
    text = "\n".join(c.source for c in _cells(name, ag.EXERCISES_DIR))
    assert "expect(" not in text and "la bonne réponse" not in text and "BEGIN" not in text
    for cell in _cells(name, ag.EXERCISES_DIR):
        if cell.cell_type == "markdown" and cell.source.startswith("## Question"):
            assert re.search(r"Tapez (une lettre parmi [A-F](, [A-F])* ?(ou|,) ?[A-F]|un nombre)", cell.source), (
                name, cell.source[:60])


def test_exercises_keep_the_usual_stub():
    """Only a placeholder line `name = ...` before a solution region changes what the learner sees."""
    cell = next(c for c in _cells("06_force_des_liens", ag.EXERCISES_DIR)
                if c.metadata.get("nbgrader", {}).get("grade_id") == "tie_strength")
    assert 'raise NotImplementedError("Remplacez ces deux lignes par votre réponse.")' in cell.source


@pytest.mark.parametrize("name", QUESTIONNAIRES)
def test_solution_scores_full_and_released_quiz_fails_every_form_check(name):
    assert not Validator().validate(str(notebook_path(name, SOLUTIONS))).get("failed")
    result = Validator().validate(str(notebook_path(name, ag.EXERCISES_DIR)))
    assert len(result.get("failed", [])) == len(_answer_cells(name))
    assert all("pas encore de réponse" in "".join(f["error"]) for f in result["failed"])


def test_validate_shows_the_form_message_not_the_answer(tmp_path):
    nb = learner_notebook(QUIZZES[0], {"reponse_1": "reponse_1 = E", "reponse_2": "reponse_2 = A"}, correct=True)
    path = tmp_path / "quiz.ipynb"
    nbformat.write(nb, path)
    result = Validator().validate(str(path))
    (failed,) = result["failed"]  # reponse_2 = A is wrong but well formed: Validate says nothing of it
    error = "".join(failed["error"])
    assert "Question 1 : répondez par une seule lettre parmi A, B, C ou D" in error and "&#39;E&#39;" in error
    assert "bonne réponse" not in error


# ------------------------------------------------------------------------------------ the grading cycle
# Chloé's quiz 1, worked out by hand: q1 "b" (right, lower case, quoted) 1; q2 A (wrong: C) 0; q3 " d " (right,
# quoted with spaces) 1; q4 c (right, unquoted lower case) 1; q5 E (not a choice: form fails) 0; q6 4 (a number
# for a letter question) 0.  Total 3 of 6.
CHLOE = {"reponse_1": 'reponse_1 = "b"', "reponse_2": "reponse_2 = A", "reponse_3": 'reponse_3 = " d "',
         "reponse_4": "reponse_4 = c", "reponse_5": "reponse_5 = E", "reponse_6": "reponse_6 = 4"}


@pytest.fixture(scope="module")
def graded_quizzes(tmp_path_factory, new_workspace):
    ws = new_workspace(tmp_path_factory.mktemp("workspace-quiz"))
    for name in QUESTIONNAIRES:
        write_submission(ws, "alice", name, learner_notebook(name))
        write_submission(ws, "bruno", name, learner_notebook(name, correct=False))
    write_submission(ws, "chloe", QUIZZES[0], learner_notebook(QUIZZES[0], CHLOE, correct=False))
    write_submission(ws, "alice", "10_satisfaction", learner_notebook("10_satisfaction"))  # graded too: 0 points
    done = ag.autograde(workspace=ws)
    assert all(done.values()), done
    ag.generate_feedback(workspace=ws)
    totals: dict[tuple[str, str], float] = {}
    for s in ag.gradebook_scores(workspace=ws):
        totals[(s.student, s.assignment)] = totals.get((s.student, s.assignment), 0) + s.score
    return ws, totals


@pytest.mark.bac_a_sable
def test_quizzes_graded_end_to_end(graded_quizzes):
    ws, totals = graded_quizzes
    for name in QUESTIONNAIRES:
        assert totals[("alice", name)] == len(_answer_cells(name)), name  # the solution: full marks
        assert totals[("bruno", name)] == 0, name                           # the released quiz: 0
    assert totals[("chloe", QUIZZES[0])] == 3


@pytest.mark.bac_a_sable
def test_feedback_explains_each_wrong_answer_with_its_source(graded_quizzes):
    ws, _ = graded_quizzes
    html = (ws / "feedback" / "chloe" / QUIZZES[0] / "quiz_choisir_son_reseau.html").read_text(encoding="utf-8")
    text = re.sub(r"<[^>]+>", "", html).replace("&#39;", "'").replace("&quot;", '"')
    assert "Question 2 : la bonne réponse est C." in text and "ne distribue pas de subventions" in text
    assert "Source : texte de référence, premier paragraphe" in text
    assert "Question 5 : répondez par une seule lettre parmi A, B, C ou D" in text
    assert "Question 1 : la bonne réponse" not in text  # right answers get no explanation


@pytest.mark.bac_a_sable
def test_held_answers_stay_out_of_the_quiz_feedback_until_the_trainer_reveals_them(graded_quizzes, tmp_path,
                                                                                   monkeypatch):
    """autograder/correction.ini « reponses_des_quiz = après révélation »: chloe's feedback on quiz 01 keeps her
    points (3 / 6) but no right answer; once the trainer reveals them, the regenerated page gives them."""
    from reseau.autograde import correction
    from reseau.autograde.retour import HELD

    ws, _ = graded_quizzes
    settings = tmp_path / "correction.ini"
    settings.write_text("[correction]\nautomatique = oui\nreponses_des_quiz = Après révélation\n", encoding="utf-8")
    monkeypatch.setenv(correction.SETTINGS_ENV, str(settings))
    page = ws / "feedback" / "chloe" / QUIZZES[0] / "quiz_choisir_son_reseau.html"
    ag.generate_feedback(workspace=ws, assignment=QUIZZES[0])
    held = re.sub(r"<[^>]+>", "", page.read_text(encoding="utf-8"))
    assert '<meta name="reseau-points" content="3">' in page.read_text(encoding="utf-8")
    assert "la bonne réponse est C" not in held and "ne distribue pas de subventions" not in held
    assert held.count(HELD) == 3  # chloe lost three of the six questions (3 / 6)
    correction.reveal(QUIZZES[0], ws)
    ag.generate_feedback(workspace=ws, assignment=QUIZZES[0])
    shown = re.sub(r"<[^>]+>", "", page.read_text(encoding="utf-8"))
    assert "Question 2 : la bonne réponse est C." in shown and HELD not in shown
    # an exercise is never held: its reasons say what to look at, not an answer to debate
    assert not correction.answers_held("06_force_des_liens", ws)


def test_the_correction_settings_file_is_checked_in_french(tmp_path):
    from reseau.autograde.correction import read_settings
    from reseau.errors import ReseauError

    default = read_settings(Path(__file__).resolve().parents[1] / "autograder" / "correction.ini")
    assert default.automatic and default.answers_at_once and not default.manual
    path = tmp_path / "correction.ini"
    path.write_text("[correction]\nautomatique = Non\n[sans correction automatique]\n06_force_des_liens = non\n",
                    encoding="utf-8")
    settings = read_settings(path)
    assert not settings.automatic and settings.manual == {"06_force_des_liens"}
    path.write_text("[correction]\nautomatique = oui\n[sans correction automatique]\n06_force_des_liens = non\n",
                    encoding="utf-8")
    assert read_settings(path).grades_automatically("01_quiz_choisir_son_reseau")
    assert not read_settings(path).grades_automatically("06_force_des_liens")
    for text, words in (("[correction]\nautomatique = peut-être\n", "« peut-être » n'est ni « oui » ni « non »"),
                        ("[correction]\nreponses_des_quiz = jamais\n", "« jamais » n'est ni « tout de suite »"),
                        ("[sans correction automatique]\n06_force = non\n", "« 06_force » n'est pas un quiz")):
        path.write_text(text, encoding="utf-8")
        with pytest.raises(ReseauError, match=re.escape(words)):
            read_settings(path)


def test_positioning_asks_four_questions_per_objective_in_order():
    """Questions 1-4 say « Objectif 1 », 5-8 « Objectif 2 », ..., 17-20 « Objectif 5 », as objectives_of maps them;
    the keyed letters are spread evenly (five of each) so that no letter is a safe guess."""
    from collections import Counter

    from reseau.session import OBJECTIVES, objectives_of

    questions = [c.source for c in _cells(POSITIONING) if c.cell_type == "markdown"
                 and c.source.startswith("## Question")]
    assert len(questions) == 20 == 4 * len(OBJECTIVES)
    for k, text in enumerate(questions, start=1):
        (objective,) = objectives_of(POSITIONING, f"test_reponse_{k}")
        assert objective == f"O{(k + 3) // 4}" and f"*Objectif {objective[1]} :" in text, (k, text[:80])
    keys = Counter(_reference(POSITIONING).values())
    assert keys == {"A": 5, "B": 5, "C": 5, "D": 5}, keys


@pytest.mark.bac_a_sable
def test_class_report_sets_entry_beside_end_per_objective(graded_quizzes):
    """Alice: every questionnaire right (100 % → 100 %); Bruno: every copy handed in blank, so nothing evaluated
    (— → —, not 0 %); Chloé: quiz 1 only, 3 / 6."""
    ws, _ = graded_quizzes
    text = ag.class_report(workspace=ws).read_text(encoding="utf-8").replace("\u00a0", " ")
    assert "## Acquis par objectif" in text
    assert "| alice | 100 % → 100 % | 100 % → 100 % | 100 % → 100 % | 100 % → 100 % | 100 % → 100 % |" in text
    assert "| bruno | — → — | — → — | — → — | — → — | — → — |" in text
    assert "| chloe | — → 50 % | — → — | — → — | — → — | — → — |" in text
    assert "| Question 2 : Le texte de référence cite quatre grandes attentes" in text  # quiz questions by their stem
    # the satisfaction questionnaire: its own anonymous section, not a graded assignment's
    assert "## Satisfaction (évaluation à chaud)" in text and "1 questionnaire rendu" in text
    assert "## 10_satisfaction" not in text and "alice (" not in text
    # the same record as one PDF, charts included
    from pypdf import PdfReader

    pdf = PdfReader(str(ws / "rapport" / "rapport.pdf"))
    printed = " ".join(page.extract_text() for page in pdf.pages).replace("\u00a0", " ")
    assert "Rapport de la classe" in printed and "Acquis par objectif" in printed and "Satisfaction" in printed
    assert sum(len(page.images) for page in pdf.pages) >= len(QUESTIONNAIRES)  # one chart per questionnaire


# --------------------------------------------------------------------------- evidence that discriminates
def _all_questions():
    """(assignment, question) of the positioning questionnaire and of every quiz, as the paper versions read them."""
    from reseau.trainer_pack import paper_assignments, quiz_questions

    return [(name, q) for name in paper_assignments() for q in quiz_questions(name)[1]]


def _options(stem: str) -> dict[str, str]:
    found = re.findall(r"^- \*\*([A-E])\.\*\* (.+?)(?=^- \*\*[A-E]\.\*\*|\Z)", stem, re.M | re.S)
    return {letter: " ".join(text.split()) for letter, text in found}


def test_the_keyed_option_is_the_longest_in_at_most_a_third_of_the_questions():
    """A participant must not find the answer by picking the longest option (a tie counts as longest)."""
    lettered = [(name, q, _options(q.stem)) for name, q in _all_questions()]
    lettered = [(name, q, options) for name, q, options in lettered if options]
    assert len(lettered) >= 40  # every letter question of the questionnaire and the five quizzes
    longest = [f"{name} Q{q.number}" for name, q, options in lettered
               if len(options[q.key]) == max(len(t) for t in options.values())]
    assert len(longest) * 3 <= len(lettered), longest


def test_no_two_questions_repeat_each_other():
    """Two stems sharing most of their words ask the same thing twice (quiz 01 Q5 repeated quiz 02 Q1: 9 of
    their 11 words, « jamais le matin »).  The positioning's objective label (« *Objectif 5 : diagnostic et plan
    d'action* ») is the same over four questions and is not part of what they ask."""
    import itertools

    stems = [(f"{name} Q{q.number}", re.sub(r"^\*Objectif \d : [^*]*\*\s*", "", q.stem.split("\n- **A.**")[0]))
             for name, q in _all_questions()]
    words = {label: {w.lower() for w in re.findall(r"[\wÀ-ÿ']{4,}", stem)} for label, stem in stems}
    for (a, _), (b, _) in itertools.combinations(stems, 2):
        shared = len(words[a] & words[b]) / len(words[a] | words[b])
        assert shared < 0.4, (a, b, round(shared, 2))
    quoted = [re.findall(r"« ([^»]{8,}?) »", stem) for _, stem in stems]
    seen: dict[str, str] = {}
    for (label, _), quotes in zip(stems, quoted):
        for quote in quotes:
            key = quote.split(",")[0].strip().lower()  # « jamais le matin » and « jamais le matin, jamais… »
            assert key not in seen or seen[key] == label, (seen.get(key), label, quote)
            seen[key] = label


def _significant_words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[\wÀ-ÿ]{5,}", text.replace("**", ""))}


def test_the_keyed_option_rarely_echoes_a_word_of_its_stem_that_no_distractor_echoes():
    """« Seul à votre compte » -> « rompre l'isolement », « recommandations » -> « groupe de recommandation »:
    a word of the stem found in the keyed option only points to it.  Words every option shares (liens, réseau)
    are no cue; a word only the key shares is one, tolerated in at most a fifth of the questions (some are the
    very thing asked, « Le confrère : trois critères sur quatre »)."""
    cued, lettered = [], 0
    for name, q in _all_questions():
        options = _options(q.stem)
        if q.key not in options:
            continue
        lettered += 1
        # the positioning's objective label (« *Objectif 1 : choisir son réseau* ») is not part of the question
        stem = _significant_words(re.sub(r"^\*Objectif \d : [^*]*\*\s*", "", q.stem.split("\n- **A.**")[0]))
        others = set().union(*(stem & _significant_words(t) for k, t in options.items() if k != q.key))
        if (stem & _significant_words(options[q.key])) - others:
            cued.append(f"{name} Q{q.number}")
    assert lettered >= 40
    assert len(cued) * 5 <= lettered, cued


def test_no_quiz_keys_the_same_answer_twice():
    """Quiz 01 Q5 and Q6 both keyed « un réseau d'accompagnement » for a beginner looking for a mentor: one fact
    asked twice.  Within a quiz, two keyed options never say the same thing (parenthesis and case aside)."""
    for name in {name for name, _ in _all_questions()}:
        keyed: dict[str, int] = {}
        for _, q in ((n, q) for n, q in _all_questions() if n == name):
            text = _options(q.stem).get(q.key)
            if text is None:
                continue
            words = " ".join(re.sub(r"\([^)]*\)", "", text).lower().strip(" .").split())
            assert words not in keyed, (name, keyed.get(words), q.number, text)
            keyed[words] = q.number
