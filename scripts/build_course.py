"""Generate the course notebooks (course/0*.ipynb) from this one source, without outputs.

Developer note: edit the text here, then run
    make course   (or .venv/bin/python scripts/build_course.py)
and commit both this script and the regenerated .ipynb files.  Headings numbered
"N.k" are stable anchors: course/README.md refers to them.
"""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

# RESEAU_COURSE_OUT lets the tests build into a temporary folder and compare with course/.
HERE = Path(os.environ.get("RESEAU_COURSE_OUT") or Path(__file__).resolve().parent.parent / "course")

SETUP = """%matplotlib inline
import pandas as pd
pd.set_option("display.max_columns", 20)"""


def md(text: str):
    return new_markdown_cell(text.strip("\n"))


def code(text: str):
    return new_code_cell(text.strip("\n"))


def write(name: str, cells: list) -> None:
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"{name[:2]}-{i:02d}"
    nbformat.validate(nb)
    nbformat.write(nb, HERE / f"{name}.ipynb")


# =========================================================================== 00
write("00_bienvenue", [
    md("""
# 0. Bienvenue : se repérer dans JupyterLab

**Ce que vous allez faire** : exécuter vos premières cellules, manipuler un curseur, découvrir le plan du cours.
**Ce que vous allez apprendre** : lire et exécuter un cahier (notebook) JupyterLab, ouvrir un exercice noté et le vérifier.
**Ce qu'il vous faut** : rien d'autre que ce navigateur. Aucune connaissance en programmation n'est demandée.
**Durée** : 10 minutes.

> « Bâtir une stratégie de réseaux ne s'improvise pas : il faut savoir mêler empathie, confiance, partage
> d'informations, savoir-faire et aussi renvoi d'ascenseur. »
>
> Ce cours vous aide à répondre à la question : **comment tirer parti d'un réseau business ou d'un club d'affaires ?**
"""),
    md("""
## 0.1 Exécuter une cellule

Un cahier est une suite de **cellules** : des cellules de texte (comme celle-ci) et des cellules de calcul
(grisées, marquées `[ ]` à gauche).

- Cliquez dans la cellule grise ci-dessous, puis appuyez sur **Maj + Entrée** (la touche « Shift » et « Entrée »
  en même temps) : la cellule s'exécute et le résultat s'affiche juste en dessous.
- Vous pouvez aussi cliquer sur le bouton ▶ de la barre d'outils.
- Exécutez toujours les cellules **dans l'ordre, de haut en bas**. En cas de doute : menu *Exécuter* →
  *Redémarrer le noyau et exécuter toutes les cellules*.
"""),
    code(SETUP + """
print("Bonjour ! Votre première cellule a bien été exécutée.")"""),
    md("""
## 0.2 Utiliser un widget

Un **widget** est un petit tableau de bord : vous bougez un curseur, le résultat se met à jour tout seul.
Exécutez la cellule ci-dessous, puis déplacez les curseurs : ils notent un lien avec une personne de 0 à 4
sur quatre critères (nous y reviendrons au module 3).
"""),
    code("""
from reseau.widgets import TieRater

TieRater()"""),
    md("""
## 0.3 Ouvrir et vérifier un exercice

Les exercices notés sont dans des cahiers à part (dossier des devoirs de la formation, par exemple
`01_force_des_liens`). Dans un exercice :

1. Écrivez votre réponse à la place de la ligne `raise NotImplementedError()` ou dans la cellule de texte prévue.
2. Exécutez toutes les cellules (Maj + Entrée sur chacune, ou *Exécuter → Exécuter toutes les cellules*).
3. Cliquez sur le bouton **« Vérifier mes réponses »** de la barre d'outils du cahier d'exercice : il enregistre
   et relance tout le cahier, puis vous dit, question par question, ce qui est à revoir. Les messages d'aide
   vous disent quoi regarder.
4. Enregistrez (Ctrl + S) puis rendez le devoir comme l'indique votre formateur.

Un message d'erreur n'est pas grave : lisez-le, il indique la valeur en cause et ce qu'il faut corriger.
"""),
    md("""
## 0.4 Le plan du cours

| Module | Cahier | Ce que vous ferez | Durée | Exercice noté |
|---|---|---|---|---|
| 0 | `00_bienvenue` | prendre en main JupyterLab | 10 min | — |
| 1 | `01_choisir_son_reseau` | clarifier vos objectifs, trouver les clubs qui vous correspondent | 25 min | `04_choisir_un_club` |
| 2 | `02_temps_et_budget` | chiffrer le temps et l'argent d'une adhésion | 30 min | `02_budget_et_temps` |
| 3 | `03_force_des_liens` | mesurer la force d'un lien | 30 min | `01_force_des_liens` |
| 4 | `04_liens_faibles_ponts` | comprendre pourquoi les liens faibles jettent des ponts | 40 min | `03_ponts_et_liens_faibles` |
| 5 | `05_ma_strategie` | cartographier votre réseau et écrire votre plan d'action | 40 min | `04_choisir_un_club` |

Total : environ 3 heures, pauses comprises.
"""),
    md("""
## 0.5 En résumé

- **Maj + Entrée** exécute une cellule ; on avance de haut en bas.
- Les widgets se manipulent à la souris ; le résultat se met à jour seul.
- Dans un exercice, le bouton **« Vérifier mes réponses »** vérifie votre travail.

**Suite** : ouvrez `01_choisir_son_reseau.ipynb`.
"""),
])

# =========================================================================== 01
write("01_choisir_son_reseau", [
    md("""
# 1. Choisir son réseau

**Ce que vous allez faire** : préciser ce que vous attendez d'un réseau, parcourir les types de clubs, utiliser
le chercheur de clubs.
**Ce que vous allez apprendre** : le rôle d'orientation de la CCI, les quatre grands objectifs d'un réseau,
les différences entre familles de réseaux (rythme, créneau, cotisation).
**Ce qu'il vous faut** : le module 0.
**Durée** : 25 minutes.
"""),
    code(SETUP + """
from reseau.clubs import GOALS, SLOTS
from reseau.data import load_clubs
from reseau.fmt import french_table
from reseau.widgets import ClubFinder"""),
    md("""
## 1.1 La CCI, une porte d'entrée avec une vision large

Pour choisir, il faut d'abord **trouver un interlocuteur avec une vision large**. La CCI constitue naturellement
une **porte d'entrée** pour un chef d'entreprise qui souhaite intégrer un club ou un réseau d'affaires : elle connaît
les réseaux de son territoire et peut l'**orienter vers le club qui répondra précisément à ses attentes**.

Concrètement, les CCI tiennent des annuaires de réseaux, organisent des forums de clubs et des « Journées des
réseaux » (la CCI Meurthe-et-Moselle en recense environ 160 ; la CCI Artois anime un service réseaux et un forum des
clubs d'affaires). On compte environ 10 000 réseaux d'affaires en France, selon A. Bosetti (Place des Réseaux) :
d'où l'intérêt d'être orienté.
"""),
    md("""
## 1.2 Les quatre grands objectifs

Avant de choisir un club, demandez-vous ce que vous en attendez. Le texte de référence cite quatre attentes
(la liste n'est pas fermée : « etc. ») :
"""),
    code("""
pd.DataFrame({"code": list(GOALS), "objectif": list(GOALS.values())})"""),
    md("""
## 1.3 Les familles de réseaux

Les clubs du jeu de données de ce cours sont **fictifs** (les noms réels sont des marques), mais leurs chiffres
reprennent les fourchettes publiées pour chaque famille :

| Famille | Rythme | Cotisation |
|---|---|---|
| groupe de recommandation d'affaires | chaque semaine, **au petit-déjeuner** (dès 7 h – 7 h 30), environ 2 h, présence obligatoire, un seul membre par métier | environ 1 300 € par an |
| mouvement de jeunes dirigeants | une plénière mensuelle (conférence et repas), des groupes de travail 1 à 2 fois par mois ; on n'y vient pas pour faire des affaires | 1 500 à 1 600 € par an, plus des week-ends de formation |
| club de progrès de dirigeants | clubs d'une vingtaine de membres, une dizaine de journées avec un expert par an ; faire des affaires entre membres y est interdit | non publiée |
| club service | chaque semaine ou tous les quinze jours, petit-déjeuner, déjeuner ou soirée | non publiée |
| réseau d'accompagnement (mentorat) | une rencontre mensuelle avec un mentor bénévole pendant 2 ans | gratuit pour les lauréats (prêt d'honneur) |
| club d'entreprises local | une ou deux fois par mois, souvent petit-déjeuner ou déjeuner | 120 à 300 € par an pour une petite entreprise |
"""),
    code("""
clubs = load_clubs()
familles = clubs.groupby("kind").agg(
    clubs=("name", "count"),
    cotisation_min=("fee", "min"),
    cotisation_max=("fee", "max"),
    reunions_par_mois=("meetings_per_month", "max"),
)
french_table(familles, {"kind": "famille de réseau", "clubs": "nombre de clubs",
                        "cotisation_min": "cotisation min (€/an)", "cotisation_max": "cotisation max (€/an)",
                        "reunions_par_mois": "réunions par mois"})"""),
    md("""
## 1.4 Le chercheur de clubs

Cochez vos objectifs, réglez votre budget maximal (en euros par an : cotisation, repas et interclubs) et le temps
que vous pouvez y consacrer (en heures par mois, trajets compris), puis les créneaux possibles pour vous.
Les clubs sont classés : d'abord ceux qui servent le plus de vos objectifs, puis les moins chers.
Si aucun club ne convient, le widget vous dit quel critère relâcher.
"""),
    code("""
ClubFinder(clubs, goals=["affaires", "territoire"], max_cash_cost=800, max_hours_per_month=4)"""),
    md("""
## 1.5 En résumé

- La CCI oriente le chef d'entreprise vers le club qui correspond à ses attentes.
- Quatre grandes attentes : développer son business, s'informer sur le territoire, rompre l'isolement et trouver
  de l'entraide, partager une passion.
- Les familles de réseaux diffèrent par leur rythme, leur créneau, leur cotisation et leurs règles.

**Exercice noté** : `04_choisir_un_club`. **Suite** : `02_temps_et_budget.ipynb`.
"""),
])

# =========================================================================== 02
write("02_temps_et_budget", [
    md("""
# 2. Le temps et le budget d'une adhésion

**Ce que vous allez faire** : chiffrer une année d'adhésion (réunions, heures, euros) et la comparer à une
campagne téléphonique.
**Ce que vous allez apprendre** : le rythme des clubs, le coût caché du temps, pourquoi l'assiduité conditionne
le retour sur investissement.
**Ce qu'il vous faut** : le module 1.
**Durée** : 30 minutes.
"""),
    code(SETUP + """
from reseau.budget import MembershipPlan, compare_to_campaign, cost_per_attended_meeting, plans_table
from reseau.charts import campaign_chart
from reseau.clubs import club_plan
from reseau.data import load_clubs
from reseau.fmt import euros, french_table, hours, number, percent
from reseau.widgets import BudgetPlanner"""),
    md("""
## 2.1 Le rythme des réunions

En moyenne, un club se réunit **au moins une fois par mois**, le plus souvent **pour un déjeuner ou une soirée**.

⚠️ **Correction du texte de référence** : il affirme que ce n'est « jamais le matin, jamais l'après-midi ».
C'est inexact pour le matin : les **groupes de recommandation d'affaires** se réunissent **chaque semaine au
petit-déjeuner**, dès 7 h – 7 h 30, et certains clubs locaux aussi. Vérifiez le créneau de chaque club.
"""),
    code("""
clubs = load_clubs()
creneaux = clubs.groupby("slot").agg(clubs=("name", "count"), reunions_par_mois=("meetings_per_month", "mean"))
french_table(creneaux, {"clubs": "nombre de clubs", "reunions_par_mois": "réunions par mois (moyenne)"}).round(1)"""),
    md("""
## 2.2 Le bureau et les interclubs

- Si vous entrez au **conseil d'administration** ou au **bureau**, comptez **au moins une réunion de plus par mois**.
- À ces rendez-vous réguliers s'ajoutent les **opérations interclubs** (rencontres entre plusieurs clubs).

Exemple chiffré : cotisation 600 €, un déjeuner par mois à 30 €, membre du bureau, 2 interclubs à 50 €.
Chaque réunion compte 2 h plus 30 min de trajet.
"""),
    code("""
exemple = MembershipPlan(fee=600, meal_cost=30, board=True, interclub_events=2, interclub_cost=50)
pd.DataFrame({"adhésion exemple": {
    "réunions du club par an": number(exemple.regular_meetings),
    "réunions de bureau par an": number(exemple.board_meetings),
    "interclubs par an": number(exemple.interclub_events),
    "réunions au total": number(exemple.meetings_per_year),
    "temps par an (trajets compris)": hours(exemple.hours_per_year),
    "dépenses par an": euros(exemple.cash_cost),
}})"""),
    md("""
12 + 12 + 2 = **26 réunions**, 26 × 2,5 h = **65 heures**, et 600 + 12 × 30 + 2 × 50 = **1 060 €** par an.

## 2.3 Être fidèle aux rendez-vous

Si l'on s'engage dans un club, il faut être **certain de pouvoir être fidèle aux rendez-vous** et de participer
**régulièrement** aux événements. La chaîne est simple : **sans présence ni convivialité, pas d'empathie ; sans
empathie, pas de réseau ; sans réseau, encore moins de business.**

Ce qu'une absence coûte : la **cotisation est payée que vous veniez ou non**, alors que les **repas et les
interclubs ne se paient que si vous venez**. Le **coût par réunion suivie** compte donc :

> (cotisation + repas et interclubs des réunions où vous venez) ÷ nombre de réunions où vous venez

(en euros seulement : votre temps n'est pas compté ici). Pour l'adhésion exemple (26 réunions par an) : en venant
à toutes, (600 + 12 × 30 + 2 × 50) ÷ 26 ≈ **41 €** ; en venant à une sur deux, (600 + 6 × 30 + 1 × 50) ÷ 13 ≈
**64 €**. Chaque absence renchérit les réunions suivies.
"""),
    code("""
parts = [1.0, 0.75, 0.5, 0.25]
pd.DataFrame({
    "part des réunions suivies": [percent(p) for p in parts],
    "réunions suivies": [number(p * exemple.meetings_per_year, 1, strip=True) for p in parts],
    "coût par réunion suivie": [euros(cost_per_attended_meeting(exemple, p)) for p in parts],
})"""),
    md("""
## 2.4 La cotisation : de 150 à plus de 2 000 € par an

Le prix de l'adhésion est **très variable** : les tarifs vont **de 150 à plus de 2 000 € par an**. Les fourchettes
publiées le confirment (environ 120 € pour un petit club local, 1 300 € pour un groupe de recommandation,
1 500 à 1 600 € pour un mouvement de jeunes dirigeants, plus la formation). Dans nos clubs fictifs :
"""),
    code("""
pd.DataFrame({"cotisation par an": {
    "la plus basse": euros(clubs["fee"].min()),
    "médiane": euros(clubs["fee"].median()),
    "la plus haute": euros(clubs["fee"].max()),
}})"""),
    code("""
plans = {row["name"]: club_plan(row) for _, row in clubs.head(6).iterrows()}
table = plans_table(plans)[["fee", "meetings_per_year", "hours_per_year", "cash_cost"]]
french_table(table, {"fee": "cotisation (€/an)", "cash_cost": "dépenses par an (€)"}).round(1)"""),
    md("""
## 2.5 Un investissement, comme une page de publicité

Il faut toujours se rappeler que l'adhésion est **un investissement, au même titre qu'une page de publicité ou une
campagne téléphonique**. Deux questions le rendent concret :

- **Coût d'un nouveau contact** = coût total de l'année ÷ nouveaux contacts obtenus ;
- **Chiffre d'affaires pour rentrer dans ses frais** = coût total ÷ taux de marge.

Le simulateur ci-dessous compare le club avec une campagne téléphonique. Donnez une valeur à votre heure pour
compter aussi votre temps.
"""),
    code("""
planner = BudgetPlanner(fee=600, meal_cost=30, board=True, interclub_events=2, interclub_cost=50)
planner"""),
    md("""
## 2.6 Le graphique de comparaison

Le même calcul, en graphique, pour les réglages actuels du simulateur (réexécutez la cellule après avoir bougé
les curseurs) :
"""),
    code("""
campaign_chart(planner.last["comparison"])"""),
    md("""
## 2.7 En résumé

- Au moins une réunion par mois (déjeuner ou soirée, petit-déjeuner pour les groupes de recommandation),
  plus le bureau et les interclubs.
- Sans assiduité ni convivialité, pas d'empathie, pas de réseau, pas d'affaires.
- Cotisation de 150 à plus de 2 000 € par an : un investissement à comparer à une publicité ou une campagne.

**Exercice noté** : `02_budget_et_temps`. **Suite** : `03_force_des_liens.ipynb`.
"""),
])

# =========================================================================== 03
write("03_force_des_liens", [
    md("""
# 3. La force des liens

**Ce que vous allez faire** : noter un lien sur quatre critères, puis noter tout un carnet de contacts.
**Ce que vous allez apprendre** : la définition de Granovetter (1973), la différence entre liens absents, faibles
et forts, ce que la recherche dit de la mesure de la force d'un lien.
**Ce qu'il vous faut** : le module 0.
**Durée** : 30 minutes.
"""),
    code(SETUP + """
from reseau.charts import strength_chart
from reseau.data import load_contacts
from reseau.fmt import french_table, number, percent
from reseau.ties import CRITERIA, STRONG_MIN, WEAK_MIN, network_profile, score_contacts, tie_strength, classify_tie
from reseau.widgets import TieRater"""),
    md("""
## 3.1 Ce qu'apporte un réseau : des liens faibles

> « Un réseau permet de développer ce que l'on appelle des **liens faibles**, à savoir entrer en contact avec des
> personnes que vous n'auriez jamais rencontrées sans démarche pro-active. »
> — Thierry Lowys, responsable réseaux & filières, CCI Artois
"""),
    md("""
## 3.2 Granovetter (1973) et sa définition

La « force des liens faibles » (*The Strength of Weak Ties*) est l'idée du sociologue américain
**Mark Granovetter**, publiée en **1973** (American Journal of Sociology, vol. 78, n° 6, p. 1360-1380).

⚠️ **Correction du texte de référence** : il écrit « Marc Garnovetter » ; le nom exact est **Mark Granovetter**.

Sa définition (p. 1361) : la force d'un lien est « une combinaison (probablement linéaire) de la **quantité de
temps**, de l'**intensité émotionnelle**, de l'**intimité** (les confidences mutuelles) et des **services
réciproques** qui caractérisent le lien ». Il ajoute que ces critères sont « en partie indépendants », même s'ils
vont souvent ensemble.
"""),
    md("""
## 3.3 Les quatre critères

Le texte de référence retient les mêmes quatre critères :

| Critère du texte | Dans la définition de Granovetter | Lien fort / lien faible |
|---|---|---|
| la **fréquence** | la quantité de temps | on consacre naturellement plus de temps à un lien fort |
| l'**intimité** | l'intimité (confidences mutuelles) | presque inexistante avec un lien faible |
| l'**émotion** | l'intensité émotionnelle | l'empathie caractérise les liens forts |
| la **réciprocité** des services rendus | les services réciproques | plus élevée dans un lien fort |

Dans ce cours, chaque critère est noté de 0 à 4 ; la **force** est la moyenne des quatre notes divisée par 4
(entre 0 et 1), une combinaison linéaire comme le propose Granovetter.
"""),
    code("""
# Exemple : on voit ce contact une fois par mois (2), on parle métier (2), avec estime (2), un service échangé (1)
force = tie_strength(frequency=2, intimacy=2, emotion=2, reciprocity=1)   # (2 + 2 + 2 + 1) / 16 = 0,4375
print(f"Force du lien : {number(force, 4, strip=True)} → lien {classify_tie(force)}")"""),
    md("""
## 3.4 Liens absents, faibles et forts

- **lien fort** : force d'au moins 0,625 (moyenne des notes d'au moins 2,5 sur 4) ;
- **lien faible** : force d'au moins 0,125 (on se connaît, on se croise, sans intimité) ;
- **lien absent** : en dessous (on s'est vu une fois, sans suite).

Ces seuils sont un choix pédagogique : la recherche ne fixe pas de frontière universelle.
"""),
    code("""
pd.DataFrame({"force à partir de": {"lien faible": number(WEAK_MIN, 3, strip=True),
                                    "lien fort": number(STRONG_MIN, 3, strip=True)}})"""),
    md("""
## 3.5 Ce que dit la recherche sur la mesure

- Selon **Marsden et Campbell (1984, Social Forces)**, le meilleur indicateur isolé de la force d'un lien serait
  la **proximité émotionnelle** ; la fréquence et l'ancienneté surestimeraient les liens avec les voisins et les
  collègues (on les voit souvent sans être proches). À retenir avec prudence : voir souvent quelqu'un ne suffit pas.
- **Gilbert et Karahalios (2009, CHI)** ont fait noter par 35 personnes 2 184 de leurs liens Facebook ; leur
  modèle, sur sept dimensions (intensité, intimité, durée, services réciproques, structure, soutien émotionnel,
  distance sociale), distingue liens forts et liens faibles dans **plus de 85 %** des cas.

Vous pouvez donner plus de poids à un critère (par exemple l'émotion) avec l'argument `weights` de
`tie_strength`.
"""),
    md("""
## 3.6 Le noteur de liens

Pensez à une personne de votre entourage professionnel et notez votre lien. Le sens de chaque niveau s'affiche
à côté du curseur.
"""),
    code("""
TieRater()"""),
    md("""
## 3.7 Noter un carnet de contacts

Voici le carnet de **Claire**, cheffe d'une entreprise du bâtiment près d'Arras (un personnage fictif) :
61 contacts, chacun noté par elle sur les quatre critères. Les huit premiers :
"""),
    code("""
contacts = load_contacts()
notes = score_contacts(contacts)
french_table(notes[["name", "sector", *CRITERIA, "strength", "tie"]].head(8)).round(3)"""),
    code("""
strength_chart(notes)"""),
    code("""
p = network_profile(notes)
pd.DataFrame({"carnet de Claire": {
    "contacts": p["n_contacts"],
    "liens forts": f"{p['n_strong']} ({percent(p['share_strong'])})",
    "liens faibles": f"{p['n_weak']} ({percent(p['share_weak'])})",
    "liens absents": f"{p['n_absent']} ({percent(p['share_absent'])})",
    "secteurs atteints par des liens forts": p["sectors_strong"],
    "secteurs atteints par des liens faibles": p["sectors_weak"],
    "secteurs atteints seulement par des liens faibles": p["sectors_only_weak"],
}})"""),
    md("""
## 3.8 En résumé

- Mark Granovetter (1973) : la force d'un lien combine temps, intensité émotionnelle, intimité et services
  réciproques : les quatre critères du texte (fréquence, émotion, intimité, réciprocité).
- Un lien est fort, faible ou absent ; l'émotion serait le meilleur indicateur isolé (Marsden et Campbell, 1984).

**Exercice noté** : `01_force_des_liens`. **Suite** : `04_liens_faibles_ponts.ipynb`.
"""),
])

# =========================================================================== 04
write("04_liens_faibles_ponts", [
    md("""
# 4. Les liens faibles jettent des ponts

**Ce que vous allez faire** : repérer les ponts d'un petit réseau, observer un réseau d'affaires, retirer des
liens pour voir ce qui tient, lire les chiffres de Granovetter sur la recherche d'emploi.
**Ce que vous allez apprendre** : la fermeture triadique, la triade interdite, les ponts et ponts locaux, le
chevauchement des voisinages, et pourquoi les liens faibles donnent accès à l'information nouvelle, avec les
nuances de la recherche récente.
**Ce qu'il vous faut** : le module 3.
**Durée** : 40 minutes.
"""),
    code(SETUP + """
import networkx as nx
from reseau.charts import job_finding_chart, network_chart
from reseau.data import load_community
from reseau.fmt import french_table, number
from reseau.network import co_attendance, edge_table, neighborhood_overlap
from reseau.widgets import RemovalExperiment"""),
    md("""
## 4.1 La fermeture triadique et la triade interdite

Si A connaît B et C, B et C ont de bonnes chances de finir par se rencontrer : c'est la **fermeture triadique**.
Granovetter va plus loin : selon lui, si A a un **lien fort** avec B et un **lien fort** avec C, un lien entre B
et C est très probable. La situation « A fort avec B, A fort avec C, B et C inconnus » est la **triade interdite**.

Le **coefficient de clustering** de A mesure la part des paires de ses contacts qui se connaissent.
"""),
    code("""
G = nx.Graph([("A", "B"), ("A", "C"), ("A", "D"), ("A", "E"), ("C", "D")])
avant = nx.clustering(G, "A")          # 1 paire liée sur 6 : 1/6
G.add_edges_from([("B", "C"), ("D", "E")])
apres = nx.clustering(G, "A")          # 3 paires liées sur 6 : 1/2
print(f"Clustering de A : {number(avant, 3)} avant, {number(apres, 3)} après")"""),
    md("""
## 4.2 Ponts et ponts locaux

- Un **pont** est un lien dont la suppression sépare ses deux extrémités : c'est le seul chemin entre deux groupes.
- Un **pont local** relie deux personnes qui n'ont **aucun contact commun** ; sa **portée** (*span*) est la
  distance entre elles une fois le lien retiré.

Conséquence de la triade interdite : **aucun lien fort n'est un pont** (sauf pour qui n'a pas deux liens forts).
Les ponts, qui relient des groupes autrement isolés, sont donc des **liens faibles** : c'est le sens de
« jeter des ponts » dans le texte de référence.
"""),
    md("""
## 4.3 Exemple détaillé : le chevauchement des voisinages

Le **chevauchement des voisinages** d'un lien A–B est la part des contacts de A ou de B (sauf A et B) qu'ils ont en
commun : chevauchement(A, B) = contacts communs ÷ contacts de l'un ou de l'autre. Il vaut **0 exactement pour un pont
local**.

Dans le petit réseau ci-dessous : A connaît B, C, D ; B connaît A, C, E. Contacts communs : {C} ; contacts de l'un ou
de l'autre (hors A et B) : {C, D, E}. Chevauchement(A, B) = 1/3. Le lien A–D, lui, est un pont local : A et D n'ont
aucun contact commun, et sans ce lien le plus court chemin A–B–E–G–F–D compte 5 liens.
"""),
    code("""
petit = nx.Graph([("A", "B"), ("A", "C"), ("A", "D"), ("B", "C"), ("B", "E"),
                  ("D", "F"), ("F", "G"), ("F", "H"), ("G", "H"), ("E", "G")])
print("chevauchement(A, B) =", number(neighborhood_overlap(petit, "A", "B"), 3))
french_table(edge_table(petit, weight=None)).round(3)"""),
    md("""
## 4.4 Le réseau d'une communauté d'affaires

Une communauté fictive de 227 chefs d'entreprise, membres de plusieurs clubs. Liens forts en rouge, liens faibles
en bleu pointillé. Les liens forts se concentrent dans les clubs ; les liens faibles relient les clubs entre eux.
"""),
    code("""
communaute = load_community()
network_chart(communaute, title="Communauté d'affaires fictive : liens forts et liens faibles")"""),
    code("""
liens = edge_table(communaute)
liens["lien"] = [communaute.edges[u, v]["tie"] for u, v in zip(liens["u"], liens["v"])]
resume = liens.groupby("lien").agg(liens=("u", "count"), chevauchement_moyen=("overlap", "mean"),
                                   part_de_ponts_locaux=("local_bridge", "mean"))
french_table(resume, {"liens": "nombre de liens", "chevauchement_moyen": "chevauchement moyen des voisinages",
                      "part_de_ponts_locaux": "part de ponts locaux"}).round(3)"""),
    md("""
## 4.5 L'expérience du retrait des liens (Onnela et al., 2007)

**Onnela et ses collègues (2007, PNAS)** ont étudié un réseau d'appels téléphoniques, la force d'un lien étant la
durée des appels. Deux résultats : le chevauchement des voisinages augmente avec la force du lien (comme dans le
tableau ci-dessus), et **retirer d'abord les liens faibles fait éclater le réseau**, alors qu'en retirant d'abord les
liens forts, **le réseau rétrécit sans éclater**. Faites l'expérience sur notre communauté :
"""),
    code("""
RemovalExperiment(communaute)"""),
    md("""
## 4.6 Trouver un emploi grâce à un contact (Granovetter, 1974)

Dans *Getting a Job* (1974), Granovetter a interrogé des personnes ayant trouvé leur emploi. Parmi les **54** qui
l'avaient trouvé grâce à un contact, **9** (16,7 %) voyaient ce contact **souvent**, **30** (55,6 %) **de temps en
temps** et **15** (27,8 %) **rarement**. L'information utile venait donc surtout de liens peu fréquentés.
"""),
    code("""
job_finding_chart()"""),
    md("""
## 4.7 Des liens faibles « beaucoup plus utiles » ? Les nuances de la recherche

Le texte de référence dit que Granovetter « démontre que les liens faibles sont beaucoup plus utiles que les liens
forts, car ils permettent de jeter des ponts entre des acteurs isolés, ce qui permet d'aller directement vers
l'information stratégique, notamment en nous ouvrant d'autres horizons ». L'idée est juste, la formule trop forte :

- Granovetter montre surtout que les liens faibles sont **plus souvent des ponts**, donc porteurs d'**information
  nouvelle** (d'autres horizons) ; les liens forts gardent leur valeur : confiance, entraide, recommandation.
- **Rajkumar et al. (2022, Science)** : des expériences aléatoires sur LinkedIn (plus de 20 millions de personnes,
  5 ans, 2 milliards de nouveaux liens, 600 000 nouveaux emplois) montrent une courbe en **U inversé** : les liens
  **modérément faibles** aident le plus à changer d'emploi (selon le nombre de contacts communs) ; selon l'intensité
  des échanges, ce sont les plus faibles ; l'effet est plus net dans les métiers du numérique.
- **Neal (2024, Network Science)**, sur 56 réseaux réels : la triade interdite n'est pas toujours respectée ; là où
  elle ne l'est pas, ce sont les liens qui **font pont** qui apportent l'information nouvelle, **quelle que soit
  leur force**.

À retenir : ce qui compte, c'est d'avoir des liens qui **relient à d'autres cercles** ; les liens faibles le font
plus souvent.
"""),
    md("""
## 4.8 Un vrai réseau de co-présence : les femmes du Sud (Davis, années 1930)

Données réelles livrées avec networkx : 18 femmes d'une ville du Sud des États-Unis et leur présence à 14
événements mondains dans les années 1930 (Davis, Gardner et Gardner). Ce n'est pas un club d'affaires, mais la même
logique : on relie deux femmes qui ont assisté à un même événement, et le poids est le nombre d'événements partagés
(la co-présence, comme entre les membres d'un club). Breiger (1974) a montré comment passer ainsi des présences aux
liens entre personnes.
"""),
    code("""
presences = nx.davis_southern_women_graph()
copresence = co_attendance(presences)
paires = edge_table(copresence).sort_values("weight", ascending=False).reset_index(drop=True)
french_table(paires[["u", "v", "weight", "overlap"]].head(8), {"weight": "événements partagés"}).round(3)"""),
    code("""
network_chart(copresence, weight="weight", labels=False,
              title="Femmes du Sud (années 1930) : épaisseur = nombre d'événements partagés")"""),
    md("""
## 4.9 En résumé

- Selon Granovetter, deux liens forts autour d'une même personne se referment le plus souvent en triangle : un lien
  fort est donc rarement un pont (la triade interdite ; Neal, 2024, montre qu'elle n'est pas toujours respectée).
- Les ponts locaux (chevauchement des voisinages nul) sont le plus souvent des liens faibles ; selon Onnela et al.
  (2007), retirer d'abord les liens faibles fait éclater le réseau, retirer d'abord les liens forts le fait
  seulement rétrécir.
- Les liens faibles apportent l'information nouvelle : parmi les 54 personnes qui ont trouvé leur emploi par un
  contact (Granovetter, 1974), 27,8 % voyaient ce contact rarement, 55,6 % de temps en temps et 16,7 % souvent ;
  les liens modérément faibles aident le plus (Rajkumar et al., 2022).

**Exercice noté** : `03_ponts_et_liens_faibles`. **Suite** : `05_ma_strategie.ipynb`.
"""),
])

# =========================================================================== 05
write("05_ma_strategie", [
    md("""
# 5. Ma stratégie de réseau

**Ce que vous allez faire** : noter vos propres contacts (ou importer votre fichier LinkedIn), lire le diagnostic
de votre réseau, choisir un club dans votre budget et votre temps, préparer le renvoi d'ascenseur, écrire votre
plan d'action personnel dans un fichier.
**Ce que vous allez apprendre** : passer de la théorie (modules 1 à 4) à un plan daté.
**Ce qu'il vous faut** : les modules 1 à 4 ; si vous le souhaitez, l'export LinkedIn `Connections.csv`.
**Durée** : 40 minutes.
"""),
    code(SETUP + """
from reseau.clubs import club_plan, recommend_clubs
from reseau.data import data_path, load_clubs, load_contacts, load_linkedin_connections
from reseau.errors import ReseauError
from reseau.fmt import euros, hours, number
from reseau.plan import action_plan, save_action_plan
from reseau.widgets import ContactRater"""),
    md("""
## 5.1 Cartographier mon réseau

Deux façons de travailler, au choix :

- **le carnet d'exemple** : les 61 contacts fictifs de Claire (module 3), déjà notés ;
- **vos propres relations** : votre export LinkedIn (section 5.2), que vous notez vous-même.

Écrivez votre choix dans la cellule ci-dessous : `source = "exemple"` ou `source = "linkedin"`. La suite du cahier
(le diagnostic en 5.3, le plan d'action en 5.6) utilise **une seule variable, `mon_reseau`**, créée à partir de ce
choix à la fin de la section 5.2 : vos notes vont donc jusqu'au plan d'action.
"""),
    code("""
source = "exemple"   # ou "linkedin" pour noter vos propres relations"""),
    md("""
## 5.2 Importer mes relations LinkedIn

Sur LinkedIn : *Préférences → Confidentialité des données → Obtenir une copie de vos données → Relations*.
Vous recevez un fichier `Connections.csv`. Déposez-le dans le dossier de ce cahier (`course/`), puis remplacez
le chemin ci-dessous par `"Connections.csv"`. Ici, un exemple fictif.

**Données personnelles (RGPD)** : ce fichier contient les noms, entreprises et postes de vos relations. Gardez-le sur
votre poste, ne l'envoyez à personne et ne le déposez pas dans un dossier partagé ; le dépôt du cours est réglé
pour ne jamais l'enregistrer (`course/Connections.csv` est ignoré par git). Supprimez-le après la formation si vous
n'en avez plus besoin.

LinkedIn ne donne ni secteur ni notes : à vous de noter chaque relation (un contact non noté est laissé de côté
dans le diagnostic). Sans secteur, une relation compte dans vos liens mais pas dans les secteurs atteints ; le
diagnostic vous le signale.
"""),
    code("""
fichier = data_path("linkedin_connections_sample.csv")   # votre export : fichier = "Connections.csv"
linkedin = load_linkedin_connections(fichier)
print(len(linkedin), "relations importées")"""),
    md("""
**Noter mes contacts.** Selon votre choix en 5.1, `mon_reseau` est le carnet d'exemple ou vos relations LinkedIn.
Choisissez un contact dans la liste, puis notez-le avec les quatre curseurs (par pas de 0,5) ; le diagnostic se met
à jour. Si vous changez `source`, relancez la cellule de 5.1 puis celle-ci : les notes données dans l'autre carnet
ne sont pas reprises.
"""),
    code("""
if source == "linkedin":
    mon_reseau = ContactRater(linkedin)          # vos relations, à noter une par une
elif source == "exemple":
    mon_reseau = ContactRater(load_contacts())   # le carnet de Claire, déjà noté
else:
    raise ReseauError(f"Choix inconnu : source = {source!r}. " + 'Écrivez source = "exemple" ou '
                      'source = "linkedin" dans la cellule de 5.1, puis relancez les cellules.')
mon_reseau"""),
    md("""
## 5.3 Le diagnostic

Le diagnostic de `mon_reseau`, le réseau que vous avez choisi en 5.1 et noté en 5.2 (relancez cette cellule après
avoir modifié des notes) :
"""),
    code("""
diagnostic = mon_reseau.last
print("Contacts notés :", diagnostic["n_rated"])
print("Secteurs atteints seulement par des liens faibles :", ", ".join(diagnostic["only_weak"]) or "aucun")
for conseil in diagnostic["advice"]:
    print("-", conseil)"""),
    md("""
## 5.4 Choisir un club dans mon budget et mon temps

Indiquez vos objectifs, votre budget (€ par an) et votre temps disponible (heures par mois). On prend le premier
club proposé ; changez `choix = 0` pour un autre rang.
"""),
    code("""
propositions = recommend_clubs(load_clubs(), ["affaires", "territoire"], max_cash_cost=800, max_hours_per_month=4)
choix = 0
club = propositions.iloc[choix]
adhesion = club_plan(club)
print(f"Club choisi : {club['name']} ({club['kind']}, {club['town']})")
print(f"{number(adhesion.meetings_per_year)} réunions, {hours(adhesion.hours_per_year)} et {euros(adhesion.cash_cost)} par an")"""),
    md("""
## 5.5 Le renvoi d'ascenseur : donner avant de demander

Une stratégie de réseau mêle **empathie, confiance, partage d'informations, savoir-faire et renvoi d'ascenseur**.
Le renvoi d'ascenseur fonctionne d'autant mieux que l'on a **rendu service d'abord**. Écrivez ce que vous pouvez
offrir, puis ce que vous demanderez ensuite :
"""),
    code("""
je_donne = [
    "une recommandation auprès de mes clients du bâtiment",
    "une information sur les marchés publics du territoire",
]
je_demande = [
    "une mise en relation avec un acheteur de la grande distribution",
]"""),
    md("""
## 5.6 Mon plan d'action

Le plan réunit le diagnostic de `mon_reseau` (vos notes, sur le carnet d'exemple ou vos relations LinkedIn), le
club choisi (temps et coût), le renvoi d'ascenseur (`je_donne`, `je_demande`) et les prochaines étapes datées. Il est enregistré dans le fichier `mon_plan_d_action.md`, à côté de ce cahier (ouvrez-le, imprimez-le).
Remplacez le nom par le vôtre.
"""),
    code("""
from IPython.display import Markdown

texte = action_plan(mon_reseau.scored(), club, adhesion, je_donne, je_demande, owner_name="Camille Dupont")
chemin = save_action_plan(texte, "mon_plan_d_action.md")
print("Plan enregistré dans :", chemin.resolve())
Markdown(texte)"""),
    md("""
## 5.7 En résumé

- Cartographier son réseau, c'est noter chaque lien sur les quatre critères et repérer les secteurs atteints
  seulement par des liens faibles.
- Choisir un club, c'est accorder objectifs, budget et temps, puis s'engager à être présent.
- Donner avant de demander : le renvoi d'ascenseur se prépare.

**Exercice noté** : `04_choisir_un_club` (et, pour réviser, les trois autres). Bonne route dans vos réseaux !
"""),
])

if __name__ == "__main__":
    print("Notebooks written to", HERE)
