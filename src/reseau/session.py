"""The training as a certified programme states it: its objectives, and which graded work evaluates each.

One source of truth for the facilitator guide (formation/guide_formateur.md, checked by the tests),
the class report (entry positioning and end results per objective) and the end-of-training
certificate.  Objectives O1 to O5 follow the modules 1 to 5.
"""

from __future__ import annotations

__all__ = ["TITLE", "OBJECTIVES", "TEST_ACCOUNT_PREFIX", "is_test_account", "ASSIGNMENT_OBJECTIVES", "POSITIONING", "POSITIONING_PER_OBJECTIVE", "SATISFACTION",
           "ACQUIRED", "IN_PROGRESS", "objectives_of"]

#: The training's title, as on the certificate.
TITLE = "Bâtir sa stratégie de réseaux d'affaires : choisir un club et tirer parti des liens faibles"

#: The learning objectives (« objectifs pédagogiques »), one per module.
OBJECTIVES: dict[str, str] = {
    "O1": "Identifier ses attentes vis-à-vis d'un réseau et choisir, avec l'aide de la CCI, le type de club qui y "
          "répond.",
    "O2": "Évaluer le temps et le budget d'une adhésion, et la juger comme un investissement.",
    "O3": "Mesurer la force d'un lien sur les quatre critères : fréquence, intimité, émotion, réciprocité.",
    "O4": "Expliquer pourquoi les liens faibles jettent des ponts vers l'information nouvelle, en lisant "
          "correctement les études de Granovetter.",
    "O5": "Établir le diagnostic de son réseau et un plan d'action daté.",
}

#: Share of an objective's points from which the certificate says « acquis », then « en cours d'acquisition ».
ACQUIRED = 0.7
IN_PROGRESS = 0.4

#: The entry positioning questionnaire: not an evaluation of learning, its starting point.
POSITIONING = "00_positionnement"
#: Its questions per objective, in the objectives' order (20 questions: four per objective).
POSITIONING_PER_OBJECTIVE = 4

#: The end-of-training satisfaction questionnaire (not graded; collected through the same cycle).
SATISFACTION = "10_satisfaction"

#: Which objectives each graded assignment evaluates (the quizzes and exercises after each module).
ASSIGNMENT_OBJECTIVES: dict[str, tuple[str, ...]] = {
    "01_quiz_choisir_son_reseau": ("O1",),
    "02_quiz_temps_et_budget": ("O2",),
    "03_budget_et_temps": ("O2",),
    "04_choisir_un_club": ("O1", "O2"),
    "05_quiz_force_des_liens": ("O3",),
    "06_force_des_liens": ("O3",),
    "07_quiz_liens_faibles_ponts": ("O4",),
    "08_ponts_et_liens_faibles": ("O4",),
    "09_quiz_ma_strategie": ("O5",),
}


def objectives_of(assignment: str, cell: str | None = None) -> tuple[str, ...]:
    """The objectives a graded cell evaluates: for the positioning questionnaire, four questions per
    objective in order (test_reponse_1 to _4 -> O1, _5 to _8 -> O2, ..., _17 to _20 -> O5), so that an entry
    score per objective moves by quarters; otherwise the assignment's."""
    if assignment == POSITIONING:
        if cell is None or not cell.startswith("test_reponse_"):
            return tuple(OBJECTIVES)
        k = int(cell.rsplit("_", 1)[1])
        return (f"O{(k - 1) // POSITIONING_PER_OBJECTIVE + 1}",)
    return ASSIGNMENT_OBJECTIVES.get(assignment, ())


#: The guide's test account (« essai-participant »): its identifier starts with this. It is on the class list (to
#: check the room the day before), never on a certified training's papers.
TEST_ACCOUNT_PREFIX = "essai-"


def is_test_account(identifier: str) -> bool:
    """Whether a class-list identifier is a test account (left out of attendance sheets and access sheets)."""
    return identifier.startswith(TEST_ACCOUNT_PREFIX)
