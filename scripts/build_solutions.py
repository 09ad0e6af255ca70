"""Write the nbgrader source notebooks of the graded exercises into `solutions/`.

This script is the authoring source of the exercises: edit it, run `make solutions`,
then `make exercises` (nbgrader generate_assignment) to refresh the learners'
versions.  Tests check that `solutions/` and `exercises/` match what the two steps
produce.

Visible tests let a learner check the basics with the « Vérifier mes réponses » button
(nbgrader's validator, reported in French by reseau.verification); hidden
tests (### BEGIN HIDDEN TESTS) compare the learner's answer with the library's
reference functions on fresh, seeded random inputs.
"""

from __future__ import annotations

import sys
from pathlib import Path
from textwrap import indent

sys.path.insert(0, str(Path(__file__).resolve().parent))

from nbbuild import given, md, notebook, solution, test, write  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent

HOW_TO = """
**Comment faire cet exercice**
- Exécutez les cellules dans l'ordre (Maj + Entrée).
- Dans chaque cellule « VOTRE CODE ICI », remplacez les deux lignes par votre réponse.
- Les cellules de test (verrouillées) vérifient vos réponses : si une cellule de test affiche une erreur,
  lisez le message en français, il vous dit quoi regarder.
- Pour tout vérifier d'un coup : bouton **« Vérifier mes réponses »** de la barre d'outils du carnet.
- Certains tests sont cachés : ils seront lancés à la correction, sur d'autres valeurs. Une réponse qui suit
  la bonne méthode les réussit ; une réponse recopiée « à la main » non.
"""
# Indented like the f-strings it goes into, so that dedent() leaves the whole cell flush left
# (otherwise the intro's title stays indented and Markdown shows it as a code block).
HOW_TO = "\n" + indent(HOW_TO.strip("\n"), " " * 8)


# --------------------------------------------------------------------------------------
# 1. Tie strength
# --------------------------------------------------------------------------------------
def tie_strength_assignment():
    return notebook([
        md(f"""
        # Exercice 1 : mesurer la force de ses liens

        **Ce que vous allez faire** : écrire les deux règles du module 3 (la force d'un lien et sa classe),
        puis les appliquer aux contacts d'une dirigeante pour savoir combien de liens forts et faibles elle a,
        et quels secteurs elle n'atteint que par ses liens faibles.

        **Durée** : 30 à 45 minutes. **Barème** : 13 points.

        **Rappel** (module 3) : chaque lien est noté de 0 à 4 sur les quatre critères de Granovetter (1973),
        repris par la CCI : la **fréquence**, l'**intimité**, l'**émotion** et la **réciprocité** des services rendus.
        {HOW_TO}
        """, "intro"),
        given("imports", """
        import pandas as pd
        from reseau.data import load_contacts
        """),
        md("""
        ## Question 1 : la force d'un lien (3 points)

        La force d'un lien est la **moyenne des quatre notes, divisée par 4**, pour obtenir un nombre entre
        0 (aucun lien) et 1 (le lien le plus fort possible).

        Exemple : fréquence 3, intimité 2, émotion 3, réciprocité 2 → moyenne 2,5 → force 2,5 / 4 = 0,625.

        Complétez la fonction `tie_strength`.
        """, "q1"),
        solution("tie_strength", """
        def tie_strength(frequency, intimacy, emotion, reciprocity):
            \"\"\"Force du lien, entre 0 et 1, à partir des quatre notes (de 0 à 4).\"\"\"
            ### BEGIN SOLUTION
            return (frequency + intimacy + emotion + reciprocity) / 4 / 4
            ### END SOLUTION
        """),
        test("test_tie_strength_bounds", 1, """
        \"\"\"La force vaut 0 pour un lien sans aucune note et 1 pour un lien noté 4 partout.\"\"\"
        from reseau.grading import check_learner_function, check_real
        check_learner_function(tie_strength, "tie_strength")
        check_real(tie_strength(0, 0, 0, 0), 0.0, what="tie_strength(0, 0, 0, 0)",
                   hint="Un lien noté 0 partout a une force nulle.")
        check_real(tie_strength(4, 4, 4, 4), 1.0, what="tie_strength(4, 4, 4, 4)",
                   hint="La force doit rester entre 0 et 1 : avez-vous divisé la moyenne par 4 ?")
        """),
        test("test_tie_strength_mean", 2, """
        \"\"\"La force est la moyenne des quatre notes divisée par 4, chaque critère comptant autant.\"\"\"
        from reseau.grading import check_learner_function, check_real
        check_learner_function(tie_strength, "tie_strength")
        check_real(tie_strength(3, 2, 3, 2), 0.625, what="tie_strength(3, 2, 3, 2)",
                   hint="Faites la moyenne des quatre notes, puis divisez par 4.")
        check_real(tie_strength(4, 0, 0, 0), 0.25, what="tie_strength(4, 0, 0, 0)",
                   hint="Chaque critère compte pour un quart : la fréquence seule ne fait pas un lien fort.")
        ### BEGIN HIDDEN TESTS
        import reseau.ties as _ref
        from reseau.grading import call_each, random_ratings
        _rs = list(random_ratings(seed=1973, n=25)) + list(random_ratings(seed=1360, n=10, integers=False))
        for _r, _got in zip(_rs, call_each(tie_strength, _rs)):
            check_real(_got, _ref.tie_strength(*_r), what="tie_strength, sur les notes des tests cachés",
                       hint="Vérifiez votre formule sur d'autres notes : les quatre critères comptent autant.")
        ### END HIDDEN TESTS
        """),
        md("""
        ## Question 2 : la classe d'un lien (3 points)

        Trois classes, d'après la force :
        - **« fort »** à partir de 0,625 (moyenne des notes de 2,5 ou plus) ;
        - **« faible »** à partir de 0,125 (moyenne de 0,5 ou plus) et en dessous de 0,625 ;
        - **« absent »** en dessous de 0,125.

        Attention aux seuils : une force de **exactement** 0,625 est un lien fort.
        Complétez la fonction `classify_tie` : elle renvoie le texte `"fort"`, `"faible"` ou `"absent"`.
        """, "q2"),
        solution("classify_tie", """
        def classify_tie(strength):
            \"\"\"Classe du lien : "fort", "faible" ou "absent".\"\"\"
            ### BEGIN SOLUTION
            if strength >= 0.625:
                return "fort"
            if strength >= 0.125:
                return "faible"
            return "absent"
            ### END SOLUTION
        """),
        test("test_classify_thresholds", 1, """
        \"\"\"Les deux seuils : 0,625 est déjà « fort », 0,125 est déjà « faible ».\"\"\"
        from reseau.grading import check_learner_function, check_text
        check_learner_function(classify_tie, "classify_tie")
        check_text(classify_tie(0.9), "fort", what="classify_tie(0.9)")
        check_text(classify_tie(0.625), "fort", what="classify_tie(0.625)",
                   hint="Au seuil exact, le lien est déjà fort : utilisez >= plutôt que >.")
        check_text(classify_tie(0.125), "faible", what="classify_tie(0.125)",
                   hint="Au seuil exact de 0,125, le lien est déjà faible : utilisez >= plutôt que >.")
        check_text(classify_tie(0.1), "absent", what="classify_tie(0.1)")
        """),
        test("test_classify_random", 2, """
        \"\"\"La classe est juste pour toutes les forces entre 0 et 1.\"\"\"
        from reseau.grading import check_learner_function, check_text
        check_learner_function(classify_tie, "classify_tie")
        check_text(classify_tie(0.3), "faible", what="classify_tie(0.3)",
                   hint="Entre 0,125 et 0,625, le lien est faible.")
        ### BEGIN HIDDEN TESTS
        import random as _random
        import reseau.ties as _ref
        from reseau.grading import call_each
        _rng = _random.Random(2009)
        _ss = [0.0, 0.124, 0.126, 0.624, 0.626, 1.0] + [_rng.random() for _ in range(40)]
        for _s, _got in zip(_ss, call_each(classify_tie, [(_s,) for _s in _ss])):
            check_text(_got, _ref.classify_tie(_s), what="classify_tie, sur les forces des tests cachés",
                       hint="Vérifiez l'ordre de vos conditions et les deux seuils.")
        ### END HIDDEN TESTS
        """),
        md("""
        ## Question 3 : noter tous les contacts (2 points)

        La cellule charge les contacts de Claire, dirigeante d'une PME du bâtiment. Créez le tableau `scored` :
        une copie de `contacts` avec deux colonnes en plus :
        - `strength` : la force de chaque lien, calculée avec **votre** fonction `tie_strength` ;
        - `tie` : sa classe, calculée avec **votre** fonction `classify_tie`.

        Aide : `contacts["frequency"]` est la colonne des fréquences ; votre fonction `tie_strength` accepte des
        colonnes entières. Pour appliquer `classify_tie` à chaque ligne d'une colonne : `colonne.apply(classify_tie)`.
        """, "q3"),
        solution("scored", """
        contacts = load_contacts()
        ### BEGIN SOLUTION
        scored = contacts.copy()
        scored["strength"] = tie_strength(contacts["frequency"], contacts["intimacy"],
                                          contacts["emotion"], contacts["reciprocity"])
        scored["tie"] = scored["strength"].apply(classify_tie)
        ### END SOLUTION
        scored.head()
        """),
        test("test_scored", 2, """
        \"\"\"Le tableau scored garde tous les contacts et leur ajoute la force et la classe justes.\"\"\"
        from reseau.grading import check_frame_columns
        from reseau.data import load_contacts as _load
        _contacts = _load()
        check_frame_columns(scored, ["name", "sector", "strength", "tie"], what="le tableau scored", rows=len(_contacts))
        assert scored["strength"].between(0, 1).all(), (
            "Certaines forces ne sont pas entre 0 et 1 : avez-vous divisé la moyenne par 4 ?")
        ### BEGIN HIDDEN TESTS
        import numpy as _np
        from reseau.ties import score_contacts as _score
        _expected = _score(_contacts)
        assert _np.allclose(scored["strength"].to_numpy(dtype=float), _expected["strength"].to_numpy()), (
            "Les forces de scored ne sont pas les bonnes : calculez-les avec tie_strength sur les quatre colonnes.")
        assert list(scored["tie"]) == list(_expected["tie"]), (
            "Les classes de scored ne sont pas les bonnes : appliquez classify_tie à la colonne strength.")
        ### END HIDDEN TESTS
        """),
        md("""
        ## Question 4 : compter les liens forts, faibles et absents (2 points)

        Comptez dans `scored` les liens de chaque classe : `n_strong` (forts), `n_weak` (faibles),
        `n_absent` (absents). Aide : `(scored["tie"] == "fort").sum()` compte les lignes où la classe est « fort ».
        """, "q4"),
        solution("counts", """
        ### BEGIN SOLUTION
        n_strong = int((scored["tie"] == "fort").sum())
        n_weak = int((scored["tie"] == "faible").sum())
        n_absent = int((scored["tie"] == "absent").sum())
        ### END SOLUTION
        print("Liens forts :", n_strong, "- liens faibles :", n_weak, "- liens absents :", n_absent)
        """),
        test("test_counts", 2, """
        \"\"\"Les trois nombres de liens sont des entiers qui font le total des contacts, et ils sont justes.\"\"\"
        from reseau.grading import INT_TYPES, check_int
        from reseau.data import load_contacts as _load
        _n = len(_load())
        for _name, _value in [("n_strong", n_strong), ("n_weak", n_weak), ("n_absent", n_absent)]:
            assert type(_value) in INT_TYPES, f"{_name} doit être un nombre entier (un compte de contacts)."
        assert n_strong + n_weak + n_absent == _n, (
            f"Vos trois nombres ne font pas le total des {_n} contacts : chaque contact est dans une seule classe.")
        ### BEGIN HIDDEN TESTS
        from reseau.ties import network_profile as _profile, score_contacts as _score
        _p = _profile(_score(_load()))
        check_int(n_strong, _p["n_strong"], what="n_strong", hint="Comptez les lignes dont la classe est « fort ».")
        check_int(n_weak, _p["n_weak"], what="n_weak", hint="Comptez les lignes dont la classe est « faible ».")
        check_int(n_absent, _p["n_absent"], what="n_absent", hint="Comptez les lignes dont la classe est « absent ».")
        ### END HIDDEN TESTS
        """),
        md("""
        ## Question 5 : les secteurs que seuls les liens faibles atteignent (2 points)

        C'est l'idée de Granovetter : les liens faibles « jettent des ponts » vers d'autres milieux.
        Faites la liste `weak_only_sectors` des secteurs (colonne `sector`) où Claire a au moins un lien
        **faible** et **aucun** lien fort, rangée par ordre alphabétique (`sorted(...)`).

        Aide : `set(scored.loc[scored["tie"] == "faible", "sector"])` donne l'ensemble des secteurs des liens
        faibles ; la différence de deux ensembles s'écrit `a - b`.
        """, "q5"),
        solution("weak_only", """
        ### BEGIN SOLUTION
        strong_sectors = set(scored.loc[scored["tie"] == "fort", "sector"])
        weak_sectors = set(scored.loc[scored["tie"] == "faible", "sector"])
        weak_only_sectors = sorted(weak_sectors - strong_sectors)
        ### END SOLUTION
        weak_only_sectors
        """),
        test("test_weak_only_sectors", 2, """
        \"\"\"La liste des secteurs atteints seulement par des liens faibles est juste et rangée.\"\"\"
        assert isinstance(weak_only_sectors, list), "weak_only_sectors doit être une liste : utilisez sorted(...)."
        assert weak_only_sectors == sorted(weak_only_sectors), "Rangez la liste par ordre alphabétique avec sorted(...)."
        ### BEGIN HIDDEN TESTS
        from reseau.grading import check_text_list
        from reseau.ties import score_contacts as _score, sectors_only_through as _only
        from reseau.data import load_contacts as _load
        check_text_list(weak_only_sectors, _only(_score(_load()), "faible"), what="weak_only_sectors",
                        hint="Gardez les secteurs des liens faibles, puis retirez ceux des liens forts.")
        ### END HIDDEN TESTS
        """),
        md("""
        ## Question 6 : la part des liens faibles (1 point)

        Calculez `share_weak`, la part des liens faibles dans tous les contacts de Claire : un nombre entre 0 et 1
        (par exemple 0,5 pour la moitié).
        """, "q6"),
        solution("share", """
        ### BEGIN SOLUTION
        share_weak = n_weak / len(scored)
        ### END SOLUTION
        print(f"Part des liens faibles : {share_weak:.0%}")
        """),
        test("test_share_weak", 1, """
        \"\"\"La part des liens faibles est un nombre entre 0 et 1, et elle est juste.\"\"\"
        from reseau.grading import check_real
        assert isinstance(share_weak, (int, float)) and 0 <= share_weak <= 1, (
            "share_weak doit être un nombre entre 0 et 1 : divisez le nombre de liens faibles par le nombre de contacts.")
        ### BEGIN HIDDEN TESTS
        from reseau.ties import network_profile as _profile, score_contacts as _score
        from reseau.data import load_contacts as _load
        check_real(share_weak, _profile(_score(_load()))["share_weak"], what="share_weak",
                   hint="Divisez le nombre de liens faibles par le nombre total de contacts.")
        ### END HIDDEN TESTS
        """),
        md("""
        ## Pour finir

        Vous savez maintenant mesurer un lien et diagnostiquer un réseau. Au module 5, vous ferez la même chose
        sur **vos** contacts. Enregistrez le carnet (Ctrl + S) puis cliquez sur **« Vérifier mes réponses »**.
        """, "end"),
    ])


# --------------------------------------------------------------------------------------
# 2. Budget and time
# --------------------------------------------------------------------------------------
THREE_CLUBS = ["C02", "C05", "C11"]


def budget_assignment():
    return notebook([
        md(f"""
        # Exercice 2 : le temps et le budget d'une adhésion

        **Ce que vous allez faire** : calculer ce que coûte vraiment une année dans un club, en réunions, en heures
        et en euros (bureau et interclubs compris), comparer trois clubs, comparer un club avec une campagne
        téléphonique, et trouver le chiffre d'affaires qui rembourse l'adhésion.

        **Durée** : 45 minutes. **Barème** : 13 points.

        **Rappel** (module 2) : un club se réunit au moins une fois par mois ; entrer au bureau ajoute au moins une
        réunion mensuelle ; les interclubs s'ajoutent ; la cotisation va de 150 à plus de 2 000 € par an, et c'est
        un investissement, « au même titre qu'une page de publicité ou une campagne téléphonique ».
        {HOW_TO}
        """, "intro"),
        given("imports", """
        import pandas as pd
        from reseau.data import load_clubs
        """),
        md("""
        ## Question 1 : le nombre de réunions dans l'année (2 points)

        Une année compte :
        - les réunions régulières : `meetings_per_month × months_per_year` ;
        - les réunions de bureau, **seulement si** `board` vaut `True` : `board_meetings_per_month × months_per_year` ;
        - les événements interclubs : `interclub_events`.

        Complétez `meetings_per_year`.
        """, "q1"),
        solution("meetings_per_year", """
        def meetings_per_year(meetings_per_month, months_per_year, board, board_meetings_per_month, interclub_events):
            \"\"\"Nombre de réunions dans l'année : régulières, de bureau (si membre du bureau) et interclubs.\"\"\"
            ### BEGIN SOLUTION
            regular = meetings_per_month * months_per_year
            board_meetings = board_meetings_per_month * months_per_year if board else 0
            return regular + board_meetings + interclub_events
            ### END SOLUTION
        """),
        test("test_meetings_simple", 1, """
        \"\"\"Un club mensuel sur 12 mois, sans bureau ni interclub, fait 12 réunions par an.\"\"\"
        from reseau.grading import check_learner_function, check_real
        check_learner_function(meetings_per_year, "meetings_per_year")
        check_real(meetings_per_year(1, 12, False, 1, 0), 12, what="meetings_per_year(1, 12, False, 1, 0)",
                   hint="Une réunion par mois pendant 12 mois.")
        check_real(meetings_per_year(1, 12, False, 2, 0), 12, what="meetings_per_year(1, 12, False, 2, 0)",
                   hint="Sans être au bureau (board = False), on n'ajoute pas de réunion de bureau.")
        """),
        test("test_meetings_board", 1, """
        \"\"\"Le bureau et les interclubs s'ajoutent aux réunions régulières.\"\"\"
        from reseau.grading import check_learner_function, check_real
        check_learner_function(meetings_per_year, "meetings_per_year")
        check_real(meetings_per_year(1, 12, True, 1, 2), 26, what="meetings_per_year(1, 12, True, 1, 2)",
                   hint="12 réunions régulières, 12 de bureau et 2 interclubs.")
        ### BEGIN HIDDEN TESTS
        from reseau.budget import MembershipPlan as _Plan
        from reseau.grading import call_each, random_plans
        _ps = list(random_plans(seed=150, n=20))
        _got = call_each(meetings_per_year, [(_p["meetings_per_month"], _p["months_per_year"], _p["board"],
                                              _p["board_meetings_per_month"], _p["interclub_events"]) for _p in _ps])
        for _p, _value in zip(_ps, _got):
            check_real(_value, _Plan(**_p).meetings_per_year, what="meetings_per_year(...)",
                       hint="Vérifiez le cas board = True avec 2 réunions de bureau par mois.")
        ### END HIDDEN TESTS
        """),
        md("""
        ## Question 2 : les heures dans l'année (1 point)

        Chaque réunion prend sa durée **plus** le trajet aller-retour : `meetings × (meeting_hours + travel_hours)`.
        """, "q2"),
        solution("hours_per_year", """
        def hours_per_year(meetings, meeting_hours, travel_hours):
            \"\"\"Heures passées dans l'année, réunions et trajets compris.\"\"\"
            ### BEGIN SOLUTION
            return meetings * (meeting_hours + travel_hours)
            ### END SOLUTION
        """),
        test("test_hours", 1, """
        \"\"\"Les heures comptent la réunion et le trajet, pour chaque réunion.\"\"\"
        from reseau.grading import check_learner_function, check_real
        check_learner_function(hours_per_year, "hours_per_year")
        check_real(hours_per_year(26, 2, 0.5), 65, what="hours_per_year(26, 2, 0.5)",
                   hint="N'oubliez pas le trajet : (2 + 0,5) heures par réunion.")
        ### BEGIN HIDDEN TESTS
        from reseau.budget import MembershipPlan as _Plan
        from reseau.grading import call_each, random_plans
        _refs = [(_p, _Plan(**_p)) for _p in random_plans(seed=2000, n=20)]
        _got = call_each(hours_per_year, [(_r.meetings_per_year, _p["meeting_hours"], _p["travel_hours"])
                                          for _p, _r in _refs])
        for (_p, _ref), _value in zip(_refs, _got):
            check_real(_value, _ref.hours_per_year, what="hours_per_year(...)", hint="Réunion plus trajet, fois le nombre de réunions.")
        ### END HIDDEN TESTS
        """),
        md("""
        ## Question 3 : le coût en euros (2 points)

        Ce que l'on paie dans l'année : la cotisation `fee`, plus le repas `meal_cost` de chaque réunion
        **régulière** (`regular_meetings`), plus le coût `interclub_cost` de chaque événement interclubs.
        """, "q3"),
        solution("cash_cost", """
        def cash_cost(fee, meal_cost, regular_meetings, interclub_events, interclub_cost):
            \"\"\"Coût en euros de l'année : cotisation, repas des réunions régulières, interclubs.\"\"\"
            ### BEGIN SOLUTION
            return fee + meal_cost * regular_meetings + interclub_cost * interclub_events
            ### END SOLUTION
        """),
        test("test_cash_cost", 2, """
        \"\"\"Le coût en euros additionne cotisation, repas et interclubs.\"\"\"
        from reseau.grading import check_learner_function, check_real
        check_learner_function(cash_cost, "cash_cost")
        check_real(cash_cost(600, 30, 12, 2, 50), 1060, what="cash_cost(600, 30, 12, 2, 50)",
                   hint="Cotisation + repas × réunions régulières + coût d'un interclub × nombre d'interclubs.")
        ### BEGIN HIDDEN TESTS
        from reseau.budget import MembershipPlan as _Plan
        from reseau.grading import call_each, random_plans
        _refs = [(_p, _Plan(**_p)) for _p in random_plans(seed=2024, n=20)]
        _got = call_each(cash_cost, [(_p["fee"], _p["meal_cost"], _r.regular_meetings, _p["interclub_events"],
                                      _p["interclub_cost"]) for _p, _r in _refs])
        for (_p, _ref), _value in zip(_refs, _got):
            check_real(_value, _ref.cash_cost, what="cash_cost(...)",
                       hint="Vérifiez chaque terme : le repas se paie à chaque réunion régulière.")
        ### END HIDDEN TESTS
        """),
        md("""
        ## Question 4 : le coût total, temps compris (1 point)

        Votre temps a une valeur : `hourly_value` euros par heure. Le coût total est le coût en euros plus
        les heures multipliées par cette valeur.
        """, "q4"),
        solution("total_cost", """
        def total_cost(cash, hours, hourly_value):
            \"\"\"Coût total : euros dépensés plus temps passé, valorisé à hourly_value euros de l'heure.\"\"\"
            ### BEGIN SOLUTION
            return cash + hours * hourly_value
            ### END SOLUTION
        """),
        test("test_total_cost", 1, """
        \"\"\"Le coût total ajoute au coût en euros la valeur du temps passé.\"\"\"
        from reseau.grading import check_learner_function, check_real
        check_learner_function(total_cost, "total_cost")
        check_real(total_cost(1060, 65, 40), 3660, what="total_cost(1060, 65, 40)",
                   hint="Euros dépensés + heures × valeur d'une heure.")
        ### BEGIN HIDDEN TESTS
        from reseau.budget import MembershipPlan as _Plan
        from reseau.grading import call_each, random_plans
        _refs = [(_p, _Plan(**_p)) for _p in random_plans(seed=7830, n=20)]
        _got = call_each(total_cost, [(_r.cash_cost, _r.hours_per_year, _p["hourly_value"]) for _p, _r in _refs])
        for (_p, _ref), _value in zip(_refs, _got):
            check_real(_value, _ref.total_cost, what="total_cost(...)", hint="Euros dépensés + heures × valeur d'une heure.")
        ### END HIDDEN TESTS
        """),
        md(f"""
        ## Question 5 : comparer trois clubs (3 points)

        La cellule suivante garde trois clubs du fichier des clubs : {", ".join(THREE_CLUBS)}. Écrivez
        `club_cash_cost(club)` : le coût en euros d'une année dans le club décrit par la ligne `club`, **sans être
        au bureau**. Utilisez vos fonctions ; `club["fee"]` donne la cotisation du club, `club["meal_cost"]` son repas,
        et ainsi de suite (voir le dictionnaire des données, `datasets/README.md`).

        Puis donnez dans `cheapest` le nom (colonne `name`) du club le moins cher des trois.
        """, "q5"),
        given("three_clubs", f"""
        clubs = load_clubs()
        three = clubs[clubs["club_id"].isin({THREE_CLUBS!r})].set_index("club_id")
        three[["name", "kind", "slot", "meetings_per_month", "months_per_year", "fee", "meal_cost",
               "interclub_events", "interclub_cost"]]
        """),
        solution("club_cash_cost", """
        def club_cash_cost(club):
            \"\"\"Coût en euros d'une année dans ce club (ligne du fichier des clubs), sans être au bureau.\"\"\"
            ### BEGIN SOLUTION
            regular = club["meetings_per_month"] * club["months_per_year"]
            return cash_cost(club["fee"], club["meal_cost"], regular, club["interclub_events"], club["interclub_cost"])
            ### END SOLUTION
        """),
        given("comparison", """
        comparison = pd.DataFrame({"name": three["name"], "cash_cost": three.apply(club_cash_cost, axis=1)})
        comparison
        """),
        test("test_club_cash_cost", 2, f"""
        \"\"\"Le coût en euros de chacun des trois clubs est juste.\"\"\"
        from reseau.data import load_clubs as _load
        from reseau.grading import call_each, check_learner_function, check_real
        check_learner_function(club_cash_cost, "club_cash_cost")
        _clubs = _load()
        _three = _clubs[_clubs["club_id"].isin({THREE_CLUBS!r})].set_index("club_id")
        for _id, _club in _three.iterrows():
            _value = club_cash_cost(_club)
            assert float(_value) >= float(_club["fee"]), (
                f"Le coût du club {{_id}} est inférieur à sa cotisation : la cotisation fait partie du coût.")
        ### BEGIN HIDDEN TESTS
        from reseau.clubs import club_plan as _club_plan
        _rows = [_club for _, _club in _clubs.iterrows()]
        for _club, _value in zip(_rows, call_each(club_cash_cost, [(_club,) for _club in _rows])):
            check_real(_value, _club_plan(_club).cash_cost, what=f"club_cash_cost (club {{_club['club_id']}})",
                       hint="Réunions régulières = réunions par mois × mois dans l'année ; ajoutez repas et interclubs.")
        ### END HIDDEN TESTS
        """),
        solution("cheapest", """
        ### BEGIN SOLUTION
        cheapest = comparison.sort_values("cash_cost").iloc[0]["name"]
        ### END SOLUTION
        print("Le moins cher :", cheapest)
        """),
        test("test_cheapest", 1, f"""
        \"\"\"cheapest est le nom du moins cher des trois clubs.\"\"\"
        from reseau.data import load_clubs as _load
        _clubs = _load()
        _three = _clubs[_clubs["club_id"].isin({THREE_CLUBS!r})]
        assert isinstance(cheapest, str), "cheapest doit être le nom du club (un texte), pris dans la colonne name."
        assert cheapest in set(_three["name"]), "cheapest doit être le nom d'un des trois clubs du tableau."
        ### BEGIN HIDDEN TESTS
        from reseau.budget import plans_table as _table
        from reseau.clubs import club_plan as _club_plan
        _t = _table({{_c["name"]: _club_plan(_c) for _, _c in _three.iterrows()}})
        assert cheapest == _t["cash_cost"].idxmin(), "Ce n'est pas le club le moins cher : comparez la colonne cash_cost."
        ### END HIDDEN TESTS
        """),
        md("""
        ## Question 6 : un club ou une campagne téléphonique ? (2 points)

        Une adhésion vous coûte au total 3 660 € par an (temps compris) et vous apporte 20 nouveaux contacts
        d'affaires. Une campagne téléphonique coûte 2 400 € et apporte 12 contacts.
        Calculez le coût d'un nouveau contact pour chacun (`club_cost_per_contact`, `campaign_cost_per_contact`),
        puis écrivez dans `better` le texte `"club"` ou `"campagne"` : l'option où un contact coûte le moins.
        """, "q6"),
        solution("campaign", """
        ### BEGIN SOLUTION
        club_cost_per_contact = 3660 / 20
        campaign_cost_per_contact = 2400 / 12
        better = "club" if club_cost_per_contact < campaign_cost_per_contact else "campagne"
        ### END SOLUTION
        print(club_cost_per_contact, campaign_cost_per_contact, better)
        """),
        test("test_campaign", 2, """
        \"\"\"Le coût d'un contact est juste pour le club et pour la campagne, et le choix suit.\"\"\"
        from reseau.grading import check_real, check_text
        assert better in ("club", "campagne"), 'better doit valoir "club" ou "campagne".'
        ### BEGIN HIDDEN TESTS
        from reseau.budget import MembershipPlan as _Plan, compare_to_campaign as _compare
        _plan = _Plan(fee=3660)
        _t = _compare(_plan, new_contacts=20, campaign_cost=2400, campaign_contacts=12)
        check_real(club_cost_per_contact, _t.loc["club", "cost_per_contact"], what="club_cost_per_contact",
                   hint="Divisez le coût total du club par le nombre de nouveaux contacts.")
        check_real(campaign_cost_per_contact, _t.loc["campagne", "cost_per_contact"], what="campaign_cost_per_contact",
                   hint="Divisez le coût de la campagne par le nombre de contacts qu'elle apporte.")
        check_text(better, _t["cost_per_contact"].idxmin(), what="better",
                   hint="Choisissez l'option dont le contact coûte le moins.")
        ### END HIDDEN TESTS
        """),
        md("""
        ## Question 7 : le chiffre d'affaires qui rembourse l'adhésion (2 points)

        Si votre marge brute est de 30 % (`margin_rate = 0.3`), chaque euro de chiffre d'affaires vous rapporte
        0,30 €. Écrivez `break_even(total, margin_rate)` : le chiffre d'affaires supplémentaire dont la marge paie
        le coût total `total`.
        """, "q7"),
        solution("break_even", """
        def break_even(total, margin_rate):
            \"\"\"Chiffre d'affaires supplémentaire dont la marge (taux margin_rate) rembourse le coût total.\"\"\"
            ### BEGIN SOLUTION
            return total / margin_rate
            ### END SOLUTION
        """),
        test("test_break_even", 2, """
        \"\"\"Le chiffre d'affaires de remboursement, à 30 % puis à d'autres marges.\"\"\"
        from reseau.grading import check_learner_function, check_real
        check_learner_function(break_even, "break_even")
        check_real(break_even(3660, 0.3), 12200, what="break_even(3660, 0.3)",
                   hint="Il faut que marge × chiffre d'affaires = coût total : divisez, ne multipliez pas.")
        ### BEGIN HIDDEN TESTS
        from reseau.budget import MembershipPlan as _Plan, break_even_revenue as _be
        from reseau.grading import call_each, random_plans
        import random as _random
        _rng = _random.Random(42)
        _cases = [(_Plan(**_p), _rng.choice([0.1, 0.25, 0.4, 0.55, 1.0])) for _p in random_plans(seed=1300, n=15)]
        _got = call_each(break_even, [(_plan.total_cost, _m) for _plan, _m in _cases])
        for (_plan, _m), _value in zip(_cases, _got):
            check_real(_value, _be(_plan, _m), what="break_even, avec les taux de marge des tests cachés",
                       hint="Coût total divisé par le taux de marge.")
        ### END HIDDEN TESTS
        """),
        md("""
        ## Pour finir

        Une adhésion se juge comme un investissement : en euros **et** en heures. Le module 5 vous fera choisir
        un club dans **votre** budget et **votre** temps. Enregistrez (Ctrl + S) puis cliquez sur **« Vérifier mes réponses »**.
        """, "end"),
    ])


# --------------------------------------------------------------------------------------
# 3. Bridges and weak ties
# --------------------------------------------------------------------------------------
def bridges_assignment():
    return notebook([
        md(f"""
        # Exercice 3 : les ponts et les liens faibles

        **Ce que vous allez faire** : mesurer le chevauchement des voisinages d'un lien, trouver les ponts locaux
        d'une communauté d'entreprises, et lire en un nombre ce que montre l'expérience de suppression des liens
        (Onnela et al., 2007).

        **Durée** : 45 minutes. **Barème** : 12 points.

        **Rappel** (module 4) : deux personnes reliées ont souvent des relations en commun. Le **chevauchement**
        (neighbourhood overlap) d'un lien A–B est : nombre de voisins communs de A et B, divisé par le nombre de
        personnes reliées à A ou à B (sans compter A et B eux-mêmes). Il vaut 0 pour un **pont local** : un lien
        dont les deux bouts n'ont aucun voisin commun.
        {HOW_TO}
        """, "intro"),
        given("imports", """
        import networkx as nx
        from reseau.data import load_community
        from reseau.network import removal_curve

        # Le petit exemple du module 4 : A connaît B, C, D et E ; C et D se connaissent.
        example = nx.Graph([("A", "B"), ("A", "C"), ("A", "D"), ("A", "E"), ("C", "D")])
        """),
        md("""
        ## Question 1 : le chevauchement d'un lien (4 points)

        Écrivez `overlap(G, u, v)`. Dans un graphe `G` de networkx, `set(G[u])` est l'ensemble des voisins de `u`.
        Avec deux ensembles `a` et `b` : `a & b` est leur intersection, `a | b` leur réunion, `a - {u, v}` retire u et v.
        Si le dénominateur est vide (personne d'autre autour de u et v), le chevauchement vaut 0.
        """, "q1"),
        solution("overlap", """
        def overlap(G, u, v):
            \"\"\"Chevauchement des voisinages de u et v : voisins communs / voisins de l'un ou de l'autre.\"\"\"
            ### BEGIN SOLUTION
            nu, nv = set(G[u]), set(G[v])
            union = (nu | nv) - {u, v}
            if not union:
                return 0.0
            return len((nu & nv) - {u, v}) / len(union)
            ### END SOLUTION
        """),
        test("test_overlap_example", 1, """
        \"\"\"Sur le petit exemple, le lien A–C a un chevauchement de 1/3.\"\"\"
        import networkx as nx
        from reseau.grading import check_learner_function, check_real
        _example = nx.Graph([("A", "B"), ("A", "C"), ("A", "D"), ("A", "E"), ("C", "D")])  # l'exemple du module 4
        check_learner_function(overlap, "overlap")
        check_real(overlap(_example, "A", "C"), 1 / 3, what='overlap(example, "A", "C")',
                   hint="A et C ont un voisin commun (D) ; autour d'eux il y a B, D et E.")
        """),
        test("test_overlap_local_bridge", 1, """
        \"\"\"Un pont local (aucun voisin commun) a un chevauchement nul.\"\"\"
        import networkx as nx
        from reseau.grading import check_learner_function, check_real
        _example = nx.Graph([("A", "B"), ("A", "C"), ("A", "D"), ("A", "E"), ("C", "D")])  # l'exemple du module 4
        check_learner_function(overlap, "overlap")
        check_real(overlap(_example, "A", "B"), 0.0, what='overlap(example, "A", "B")',
                   hint="A et B n'ont aucun voisin commun : le chevauchement est nul.")
        check_real(overlap(nx.Graph([("X", "Y")]), "X", "Y"), 0.0, what="overlap d'un lien isolé",
                   hint="Quand personne d'autre n'entoure u et v, renvoyez 0 (pas de division par zéro).")
        """),
        test("test_overlap_random", 2, """
        \"\"\"Le chevauchement est juste sur d'autres réseaux, pour chaque lien.\"\"\"
        import networkx as nx
        from reseau.grading import check_learner_function, check_real
        _example = nx.Graph([("A", "B"), ("A", "C"), ("A", "D"), ("A", "E"), ("C", "D")])  # l'exemple du module 4
        check_learner_function(overlap, "overlap")
        check_real(overlap(_example, "C", "D"), 1.0, what='overlap(example, "C", "D")',
                   hint="C et D ont A pour voisin commun, et personne d'autre autour d'eux : comptez sans C ni D.")
        ### BEGIN HIDDEN TESTS
        from reseau.grading import call_each, random_graph
        from reseau.network import neighborhood_overlap as _ref
        for _seed in range(5):
            _G = random_graph(seed=100 + _seed, n=12, p=0.3)
            _edges = list(_G.edges())
            for (_u, _v), _got in zip(_edges, call_each(overlap, [(_G, _u, _v) for _u, _v in _edges])):
                check_real(_got, _ref(_G, _u, _v), what="overlap, sur les réseaux des tests cachés",
                           hint="Vérifiez que vous retirez u et v de la réunion des voisinages.")
        ### END HIDDEN TESTS
        """),
        md("""
        ## Question 2 : les ponts locaux de la communauté (2 points)

        La cellule charge la communauté d'entreprises du module 4 : chaque lien porte sa classe dans l'attribut
        `tie` (« fort », « faible » ou « absent »). Comptez dans `n_local_bridges` les liens dont le chevauchement
        est nul (utilisez votre fonction `overlap` et une boucle `for u, v in community.edges():`).
        """, "q2"),
        given("community", """
        community = load_community()
        print(community.number_of_nodes(), "membres,", community.number_of_edges(), "liens")
        """),
        solution("local_bridges", """
        ### BEGIN SOLUTION
        n_local_bridges = sum(1 for u, v in community.edges() if overlap(community, u, v) == 0)
        ### END SOLUTION
        print("Ponts locaux :", n_local_bridges)
        """),
        test("test_local_bridges", 2, """
        \"\"\"Le nombre de ponts locaux de la communauté est un entier juste.\"\"\"
        from reseau.data import load_community as _load
        from reseau.grading import INT_TYPES, check_int
        assert type(n_local_bridges) in INT_TYPES, "n_local_bridges doit être un nombre entier."
        assert 0 <= n_local_bridges <= _load().number_of_edges(), "n_local_bridges ne peut dépasser le nombre de liens."
        ### BEGIN HIDDEN TESTS
        from reseau.network import edge_table as _edges
        check_int(n_local_bridges, int(_edges(_load())["local_bridge"].sum()), what="n_local_bridges",
                  hint="Comptez les liens dont le chevauchement vaut exactement 0.")
        ### END HIDDEN TESTS
        """),
        md("""
        ## Question 3 : le chevauchement des liens forts et des liens faibles (2 points)

        Calculez `mean_overlap_strong`, le chevauchement moyen des liens forts, et `mean_overlap_weak`, celui des
        liens faibles. Aide : `community.edges[u, v]["tie"]` donne la classe du lien u–v ; la moyenne d'une liste
        `x` est `sum(x) / len(x)`.
        """, "q3"),
        solution("mean_overlaps", """
        ### BEGIN SOLUTION
        strong = [overlap(community, u, v) for u, v in community.edges() if community.edges[u, v]["tie"] == "fort"]
        weak = [overlap(community, u, v) for u, v in community.edges() if community.edges[u, v]["tie"] == "faible"]
        mean_overlap_strong = sum(strong) / len(strong)
        mean_overlap_weak = sum(weak) / len(weak)
        ### END SOLUTION
        print(f"Liens forts : {mean_overlap_strong:.2f} - liens faibles : {mean_overlap_weak:.2f}")
        """),
        test("test_mean_overlaps", 2, """
        \"\"\"Les chevauchements moyens des liens forts et faibles sont justes (et les forts chevauchent plus).\"\"\"
        from reseau.grading import check_real
        assert 0 <= mean_overlap_weak <= 1 and 0 <= mean_overlap_strong <= 1, "Un chevauchement moyen est entre 0 et 1."
        ### BEGIN HIDDEN TESTS
        from reseau.network import edge_table as _edges
        from reseau.data import load_community as _load
        _G = _load()
        _t = _edges(_G)
        _t["tie"] = [_G.edges[_u, _v]["tie"] for _u, _v in zip(_t["u"], _t["v"])]
        check_real(mean_overlap_strong, _t.loc[_t["tie"] == "fort", "overlap"].mean(), what="mean_overlap_strong",
                   hint="Ne gardez que les liens dont la classe est « fort ».")
        check_real(mean_overlap_weak, _t.loc[_t["tie"] == "faible", "overlap"].mean(), what="mean_overlap_weak",
                   hint="Ne gardez que les liens dont la classe est « faible ».")
        ### END HIDDEN TESTS
        """),
        md("""
        ## Question 4 : l'expérience de suppression (3 points)

        La cellule retire les liens de la communauté, 5 % par 5 %, une fois en commençant par les plus **faibles**,
        une fois en commençant par les plus **forts**, et note la part des membres encore dans le plus grand groupe
        relié (`giant_share`). Lisez dans les deux tableaux la valeur de `giant_share` quand la moitié des liens
        a été retirée (`removed_share` = 0,5), dans `giant_weak_first` et `giant_strong_first`, puis calculez
        `gap = giant_strong_first - giant_weak_first`.

        Aide : `curve.loc[curve["removed_share"] == 0.5, "giant_share"].iloc[0]` lit une valeur.
        """, "q4"),
        given("curves", """
        curve_weak = removal_curve(community, order="weak_first", steps=20)
        curve_strong = removal_curve(community, order="strong_first", steps=20)
        curve_weak.head()
        """),
        solution("removal", """
        ### BEGIN SOLUTION
        giant_weak_first = float(curve_weak.loc[curve_weak["removed_share"].round(6) == 0.5, "giant_share"].iloc[0])
        giant_strong_first = float(curve_strong.loc[curve_strong["removed_share"].round(6) == 0.5, "giant_share"].iloc[0])
        gap = giant_strong_first - giant_weak_first
        ### END SOLUTION
        print(f"Faibles d'abord : {giant_weak_first:.0%} - forts d'abord : {giant_strong_first:.0%}")
        """),
        test("test_removal", 2, """
        \"\"\"Les parts du plus grand groupe après avoir retiré la moitié des liens sont justes.\"\"\"
        from reseau.grading import check_real
        ### BEGIN HIDDEN TESTS
        from reseau.data import load_community as _load
        from reseau.network import removal_curve as _curve
        _w = _curve(_load(), order="weak_first", steps=20)
        _s = _curve(_load(), order="strong_first", steps=20)
        check_real(giant_weak_first, _w.iloc[10]["giant_share"], what="giant_weak_first",
                   hint="Lisez la ligne où removed_share vaut 0,5 dans curve_weak.")
        check_real(giant_strong_first, _s.iloc[10]["giant_share"], what="giant_strong_first",
                   hint="Lisez la ligne où removed_share vaut 0,5 dans curve_strong.")
        ### END HIDDEN TESTS
        assert 0 < giant_weak_first <= 1 and 0 < giant_strong_first <= 1, "Une part est entre 0 et 1."
        """),
        test("test_gap", 1, """
        \"\"\"L'écart entre les deux expériences est juste.\"\"\"
        from reseau.grading import check_real
        check_real(gap, giant_strong_first - giant_weak_first, what="gap",
                   hint="gap = giant_strong_first - giant_weak_first.")
        """),
        md("""
        ## Question 5 : votre conclusion (1 point)

        D'après l'expérience, quels liens tiennent le réseau ensemble ? Écrivez dans `glue` le texte `"faibles"`
        ou `"forts"`.
        """, "q5"),
        solution("glue", """
        ### BEGIN SOLUTION
        glue = "faibles"
        ### END SOLUTION
        """),
        test("test_glue", 1, """
        \"\"\"La conclusion correspond à l'expérience : retirer ces liens-là casse le réseau.\"\"\"
        assert glue in ("faibles", "forts"), 'glue doit valoir "faibles" ou "forts".'
        ### BEGIN HIDDEN TESTS
        assert glue == "faibles", (
            "Relisez les deux courbes : quels liens, une fois retirés, font éclater le réseau le plus vite ?")
        ### END HIDDEN TESTS
        """),
        md("""
        ## Pour finir

        Les liens forts se regroupent (leurs bouts ont beaucoup d'amis communs) ; les liens faibles relient les
        groupes entre eux : ce sont les « ponts » de Granovetter. Enregistrez (Ctrl + S) puis cliquez sur **« Vérifier mes réponses »**.
        """, "end"),
    ])


# --------------------------------------------------------------------------------------
# 4. Choosing a club
# --------------------------------------------------------------------------------------
PROFILE = {"goals": ["affaires", "entraide"], "max_cash_cost": 1500, "max_hours_per_month": 6,
           "slots": ["dejeuner", "soiree"]}


def _karim(source: str) -> str:
    """Karim's profile written into a test cell: the tests never read the constants of the learner's notebook."""
    p = PROFILE
    return (source.replace("@GOALS@", repr(p["goals"])).replace("@MAX_CASH@", repr(p["max_cash_cost"]))
            .replace("@MAX_HOURS@", repr(p["max_hours_per_month"])).replace("@SLOTS@", repr(p["slots"])))


def choose_club_assignment():
    p = PROFILE
    return notebook([
        md(f"""
        # Exercice 4 : choisir un club

        **Ce que vous allez faire** : trouver, dans le fichier des clubs, ceux qui répondent aux attentes de Karim,
        artisan électricien : ses objectifs, son budget, son temps et ses créneaux ; les classer, puis choisir.

        **Durée** : 30 à 45 minutes. **Barème** : 10 points.

        **Le profil de Karim**
        - objectifs : développer son business (`"affaires"`) et rompre l'isolement, trouver de l'entraide (`"entraide"`) ;
        - budget : {p["max_cash_cost"]} € par an au plus (cotisation, repas et interclubs) ;
        - temps : {p["max_hours_per_month"]} heures par mois au plus, trajets compris ;
        - créneaux possibles : le déjeuner (`"dejeuner"`) et la soirée (`"soiree"`) ; pas le petit-déjeuner.
        {HOW_TO}
        """, "intro"),
        given("imports", f"""
        import pandas as pd
        from reseau.data import load_clubs
        from reseau.clubs import club_plan

        clubs = load_clubs()
        GOALS_WANTED = {p["goals"]!r}
        MAX_CASH_COST = {p["max_cash_cost"]}
        MAX_HOURS_PER_MONTH = {p["max_hours_per_month"]}
        SLOTS_OK = {p["slots"]!r}
        clubs[["club_id", "name", "kind", "goals", "slot", "fee"]]
        """),
        md("""
        ## Question 1 : combien d'objectifs un club sert-il ? (2 points)

        Dans le fichier, la colonne `goals` d'un club liste ses objectifs séparés par des points-virgules, par
        exemple `"affaires;territoire"`. Écrivez `goals_matched(club_goals, wanted)` : le nombre d'objectifs de
        la liste `wanted` que le club sert. Aide : `"affaires;territoire".split(";")` donne `["affaires", "territoire"]`.
        """, "q1"),
        solution("goals_matched", """
        def goals_matched(club_goals, wanted):
            \"\"\"Nombre d'objectifs de la liste wanted que sert un club (colonne goals, séparée par des ;).\"\"\"
            ### BEGIN SOLUTION
            served = set(club_goals.split(";"))
            return len(served & set(wanted))
            ### END SOLUTION
        """),
        test("test_goals_matched", 1, """
        \"\"\"Le nombre d'objectifs servis est juste sur deux exemples.\"\"\"
        from reseau.grading import check_int, check_learner_function
        check_learner_function(goals_matched, "goals_matched")
        check_int(goals_matched("affaires;territoire", ["affaires", "entraide"]), 1,
                  what='goals_matched("affaires;territoire", ["affaires", "entraide"])')
        check_int(goals_matched("passion", ["affaires"]), 0, what='goals_matched("passion", ["affaires"])',
                  hint="Un club qui ne sert aucun des objectifs compte 0.")
        """),
        test("test_goals_matched_random", 1, """
        \"\"\"Le nombre d'objectifs servis est juste pour tous les clubs du fichier.\"\"\"
        from reseau.grading import check_int, check_learner_function
        check_learner_function(goals_matched, "goals_matched")
        check_int(goals_matched("entraide;affaires;passion", ["affaires", "entraide"]), 2,
                  what='goals_matched("entraide;affaires;passion", ["affaires", "entraide"])')
        ### BEGIN HIDDEN TESTS
        import random as _random
        from reseau.clubs import GOALS as _GOALS, parse_goals as _parse
        from reseau.data import load_clubs as _load
        from reseau.grading import call_each
        _rng = _random.Random(4)
        _cases = [(_cell, _rng.sample(sorted(_GOALS), _rng.randint(1, 4))) for _cell in _load()["goals"]]
        for (_cell, _wanted), _got in zip(_cases, call_each(goals_matched, _cases)):
            check_int(_got, len(_parse(_cell) & set(_wanted)),
                      what="goals_matched, avec les objectifs des tests cachés", hint="Comptez les objectifs en commun.")
        ### END HIDDEN TESTS
        """),
        md("""
        ## Question 2 : le club rentre-t-il dans le budget, le temps et les créneaux ? (3 points)

        Écrivez `fits(club)` : `True` si le club (une ligne du fichier) coûte au plus `MAX_CASH_COST` euros par an,
        prend au plus `MAX_HOURS_PER_MONTH` heures par mois, et se réunit à un créneau de `SLOTS_OK` ; `False` sinon.
        Pour le coût et le temps, `club_plan(club)` décrit l'adhésion (vue à l'exercice 2) :
        `club_plan(club).cash_cost` et `club_plan(club).hours_per_month`.
        """, "q2"),
        solution("fits", """
        def fits(club):
            \"\"\"Vrai si le club tient dans le budget, le temps et les créneaux de Karim.\"\"\"
            ### BEGIN SOLUTION
            plan = club_plan(club)
            return bool(plan.cash_cost <= MAX_CASH_COST and plan.hours_per_month <= MAX_HOURS_PER_MONTH
                        and club["slot"] in SLOTS_OK)
            ### END SOLUTION
        """),
        test("test_fits_visible", 1, """
        \"\"\"fits renvoie True ou False, et refuse un club du petit-déjeuner.\"\"\"
        from reseau.data import load_clubs as _load
        from reseau.grading import check_learner_function
        check_learner_function(fits, "fits")
        _clubs = _load()
        _breakfast = _clubs[_clubs["slot"] == "petit-dejeuner"].iloc[0]
        assert fits(_breakfast) is False, (
            "Un club du petit-déjeuner ne convient pas à Karim : fits doit renvoyer False (un booléen).")
        """),
        test("test_fits_all", 2, _karim("""
        \"\"\"fits donne la bonne réponse pour chaque club du fichier.\"\"\"
        from reseau.data import load_clubs as _load
        from reseau.grading import call_each, check_learner_function
        check_learner_function(fits, "fits")
        _rows = [_club for _, _club in _load().iterrows()]
        _answers = call_each(fits, [(_club,) for _club in _rows])
        assert all(type(_a) is bool for _a in _answers), "fits doit renvoyer True ou False pour chaque club."
        ### BEGIN HIDDEN TESTS
        from reseau.clubs import club_plan as _plan
        for _club, _answer in zip(_rows, _answers):
            _p = _plan(_club)
            _expected = _p.cash_cost <= @MAX_CASH@ and _p.hours_per_month <= @MAX_HOURS@ and _club["slot"] in @SLOTS@
            assert _answer == _expected, (
                f"fits se trompe pour le club {_club['club_id']} : vérifiez les trois conditions (budget, temps, créneau).")
        ### END HIDDEN TESTS
        """)),
        md("""
        ## Question 3 : le classement (3 points)

        La cellule suivante ajoute au tableau les colonnes `goals_matched`, `fits`, `cash_cost` et `hours_per_month`.
        Faites le tableau `ranked` : seulement les clubs qui conviennent (`fits` vrai) et servent au moins un
        objectif, rangés par nombre d'objectifs servis (le plus grand d'abord) puis par coût (le moins cher d'abord).
        Aide : `table.sort_values(["goals_matched", "cash_cost"], ascending=[False, True])`.
        """, "q3"),
        given("table", """
        table = clubs.copy()
        table["goals_matched"] = [goals_matched(g, GOALS_WANTED) for g in clubs["goals"]]
        table["fits"] = [fits(club) for _, club in clubs.iterrows()]
        table["cash_cost"] = [club_plan(club).cash_cost for _, club in clubs.iterrows()]
        table["hours_per_month"] = [club_plan(club).hours_per_month for _, club in clubs.iterrows()]
        table[["club_id", "name", "goals_matched", "fits", "cash_cost", "hours_per_month"]]
        """),
        solution("ranked", """
        ### BEGIN SOLUTION
        ranked = table[table["fits"] & (table["goals_matched"] > 0)].sort_values(
            ["goals_matched", "cash_cost"], ascending=[False, True])
        ### END SOLUTION
        ranked[["club_id", "name", "goals_matched", "cash_cost", "hours_per_month"]]
        """),
        test("test_ranked", 3, _karim("""
        \"\"\"Le classement garde les bons clubs, dans le bon ordre.\"\"\"
        from reseau.grading import check_frame_columns, check_text_list
        check_frame_columns(ranked, ["club_id", "goals_matched", "cash_cost"], what="le tableau ranked")
        assert (ranked["goals_matched"] > 0).all(), "Gardez seulement les clubs qui servent au moins un objectif."
        ### BEGIN HIDDEN TESTS
        from reseau.clubs import recommend_clubs as _recommend
        from reseau.data import load_clubs as _load
        _expected = _recommend(_load(), @GOALS@, max_cash_cost=@MAX_CASH@, max_hours_per_month=@MAX_HOURS@,
                               slots=@SLOTS@)
        check_text_list(list(ranked["club_id"]), list(_expected["club_id"]), what="la liste des clubs de ranked",
                        hint="Filtrez sur fits et goals_matched, puis triez par objectifs (décroissant) et coût (croissant).")
        ### END HIDDEN TESTS
        """)),
        md("""
        ## Question 4 : le choix (1 point)

        Écrivez dans `choice` l'identifiant (`club_id`) du club en tête du classement.
        """, "q4"),
        solution("choice", """
        ### BEGIN SOLUTION
        choice = ranked.iloc[0]["club_id"]
        ### END SOLUTION
        print("Karim choisit :", choice)
        """),
        test("test_choice", 1, _karim("""
        \"\"\"Le club choisi est le premier du classement.\"\"\"
        from reseau.data import load_clubs as _load_clubs
        assert isinstance(choice, str) and choice in set(_load_clubs()["club_id"]), "choice doit être un identifiant de club, comme \\"C01\\"."
        ### BEGIN HIDDEN TESTS
        from reseau.clubs import recommend_clubs as _recommend
        from reseau.data import load_clubs as _load
        _expected = _recommend(_load(), @GOALS@, max_cash_cost=@MAX_CASH@, max_hours_per_month=@MAX_HOURS@,
                               slots=@SLOTS@)
        assert choice == _expected.iloc[0]["club_id"], "Ce n'est pas le club en tête du classement."
        ### END HIDDEN TESTS
        """)),
        md("""
        ## Question 5 : le temps à prévoir (1 point)

        Combien d'heures par an Karim passera-t-il dans ce club (réunions et trajets, sans le bureau) ?
        Écrivez-le dans `annual_hours`. Aide : `club_plan(...)` a aussi `hours_per_year`.
        """, "q5"),
        solution("annual_hours", """
        ### BEGIN SOLUTION
        annual_hours = club_plan(clubs[clubs["club_id"] == choice].iloc[0]).hours_per_year
        ### END SOLUTION
        print("Heures par an :", annual_hours)
        """),
        test("test_annual_hours", 1, _karim("""
        \"\"\"Le nombre d'heures par an du club choisi est juste.\"\"\"
        from reseau.grading import check_real
        ### BEGIN HIDDEN TESTS
        from reseau.clubs import club_plan as _plan, recommend_clubs as _recommend
        from reseau.data import load_clubs as _load
        _best = _recommend(_load(), @GOALS@, max_cash_cost=@MAX_CASH@, max_hours_per_month=@MAX_HOURS@,
                           slots=@SLOTS@).iloc[0]
        check_real(annual_hours, _plan(_best).hours_per_year, what="annual_hours",
                   hint="Prenez hours_per_year du club choisi.")
        ### END HIDDEN TESTS
        assert annual_hours > 0, "annual_hours doit être un nombre d'heures positif."
        """)),
        md("""
        ## Pour finir

        Choisir un club, c'est croiser ses objectifs avec son budget et son temps : la CCI peut vous y aider.
        Enregistrez (Ctrl + S) puis cliquez sur **« Vérifier mes réponses »**.
        """, "end"),
    ])


ASSIGNMENTS = {
    "01_force_des_liens": ("force_des_liens", tie_strength_assignment),
    "02_budget_et_temps": ("budget_et_temps", budget_assignment),
    "03_ponts_et_liens_faibles": ("ponts_et_liens_faibles", bridges_assignment),
    "04_choisir_un_club": ("choisir_un_club", choose_club_assignment),
}


def build(out: Path) -> list[Path]:
    """Write every source notebook under `out/<assignment>/<notebook>.ipynb`."""
    written = []
    for assignment, (name, make) in ASSIGNMENTS.items():
        folder = out / assignment
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{name}.ipynb"
        write(make(), path)
        written.append(path)
    return written


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "solutions"
    for p in build(target):
        print(p.relative_to(target.parent) if target.parent in p.parents else p)
