"""The command line: `python -m reseau.autograde <command>` (the Makefile's grading targets).
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import sys

from ..errors import ReseauError
from ..fmt import count
from .cycle import (collect_exchange, collect_folder, collect_zip, export_grades, generate_exercises, generate_feedback,
                    release_assignments, release_feedback)
from .paths import PROJECT_ROOT, workspace_dir
from .pipeline import autograde
from .report import class_report
from .selfcheck import self_check


def _jobs(value: str) -> int:
    if not value.strip().isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"--jobs attend un nombre entier de carnets (1 ou plus), reçu : « {value} »")
    return int(value)


def missing_entry_message(english: str) -> str:
    """French for nbgrader's MissingEntry ("No such assignment: X", "No such submission: X for Y"...)."""
    import re

    found = re.search(r"No such (\w+): (\S+)(?: for (\S+))?", english)
    what = f"« {found.group(2)} »" + (f" de « {found.group(3)} »" if found and found.group(3) else "") if found else ""
    return (f"le carnet de notes de l'espace de correction ({workspace_dir()}) ne contient pas {what or 'ce qui est demandé'}"
            " : lancez d'abord make exercises (ou make release pour le serveur de classe), collectez les copies "
            "(make collect), puis relancez la même commande.")


def main(argv: list[str] | None = None) -> int:
    from ..workspace_lock import EXIT_BUSY, WorkspaceBusy, workspace_lock

    parser = argparse.ArgumentParser(prog="python -m reseau.autograde",
                                     description="Le cycle de correction des exercices (nbgrader).",
                                     epilog=f"Code de sortie {EXIT_BUSY} : l'espace de correction est occupé par une "
                                            "autre commande (relancez plus tard, ou avec --attendre).")
    waits = argparse.ArgumentParser(add_help=False)  # every command: one at a time on a workspace
    waits.add_argument("--attendre", action="store_true",
                       help="si une autre commande occupe l'espace de correction, attendre sa fin au lieu d'abandonner")
    sub = parser.add_subparsers(dest="command", required=True)
    add = functools.partial(sub.add_parser, parents=[waits])  # --attendre on every command
    add("exercises", help="génère exercises/ à partir de solutions/")
    p = add("release", help="génère les exercices et les distribue par le dossier d'échange")
    p.add_argument("--assignment", help="un seul exercice (sinon tous)")
    p = add("collect", help="collecte les copies (dossier, zip d'une plateforme, ou dossier d'échange)")
    p.add_argument("source", nargs="?", help="dossier ou zip ; sans lui, le dossier d'échange du serveur de classe")
    p.add_argument("--assignment", help="exercice (obligatoire pour un zip)")
    p = add("autograde", help="corrige les copies collectées (dans le bac à sable)")
    p.add_argument("--tout", action="store_true", help="recorrige aussi les copies déjà corrigées et inchangées")
    p.add_argument("--apprenant", help="ne corrige que cet apprenant")
    p.add_argument("--exercice", help="ne corrige que cet exercice")
    p.add_argument("--sans-bac-a-sable", action="store_true",
                   help="DANGEREUX : exécute le code des apprenants sans bac à sable, avec vos droits")
    p.add_argument("--jobs", type=_jobs, default=None, metavar="N",
                   help="nombre de carnets corrigés en même temps (par défaut : le nombre de cœurs)")
    add("feedback", help="produit les retours HTML")
    add("export", help="exporte les notes en CSV")
    add("report", help="rapport de la classe")
    p = add("attestations", help="une attestation de fin de formation (PDF) par participant")
    p.add_argument("--session", required=True, help="le fichier de la session (modèle : formation/session.exemple.ini)")
    p.add_argument("--participants", required=True, help="la liste de la classe (CSV du serveur de classe)")
    p = add("self-check", help="un apprenant corrige son propre carnet")
    p.add_argument("notebook")
    p.add_argument("--sans-bac-a-sable", action="store_true", help="sans bac à sable (votre propre code)")
    p.add_argument("--json", action="store_true", help="le résultat en JSON (le bouton « Me noter »)")
    args = parser.parse_args(argv)
    held = contextlib.ExitStack()  # the workspace's lock, for the whole command
    try:
        if args.command != "self-check":  # self_check locks its own workspace
            held.enter_context(workspace_lock(workspace_dir(), args.command, wait=args.attendre))
        if args.command == "exercises":
            for path in generate_exercises():
                print(path.relative_to(PROJECT_ROOT))
        elif args.command == "release":
            release_assignments(args.assignment)
        elif args.command == "collect" and not args.source:
            collect_exchange(args.assignment)
        elif args.command == "collect":
            if args.source.endswith(".zip"):
                if not args.assignment:
                    raise ReseauError("Pour un zip, précisez l'exercice : --assignment 06_force_des_liens.")
                collect_zip(args.source, args.assignment)
            else:
                for learner, name in collect_folder(args.source):
                    print(f"collecté : {learner} / {name}")
        elif args.command == "autograde":
            done = autograde(force=args.tout, student=args.apprenant, assignment=args.exercice,
                             sandbox=not args.sans_bac_a_sable, jobs=args.jobs)
            if not done:
                print("Aucune copie à corriger : collectez d'abord les copies (make collect SOURCE=...).")
        elif args.command == "feedback":
            generate_feedback()
            release_feedback()
        elif args.command == "export":
            print(f"Notes exportées : {export_grades()}")
        elif args.command == "report":
            print(f"Rapport : {class_report()}")
        elif args.command == "attestations":
            from .attestation import make_certificates

            run = make_certificates(args.session, args.participants)
            paths = run.paths
            print(f"{count(len(paths), 'attestation écrite', 'attestations écrites')} dans "
                  f"{paths[0].parent if paths else workspace_dir()} :")
            for path in paths:
                print(f"  {path.name}")
            if run.warning:
                print(run.warning, file=sys.stderr)
        elif args.command == "self-check":
            if args.json:
                import json

                from .selfcheck import self_check_report

                report = self_check_report(args.notebook, sandbox=not args.sans_bac_a_sable, wait=args.attendre)
                print(json.dumps(report, ensure_ascii=False))
            else:
                self_check(args.notebook, sandbox=not args.sans_bac_a_sable, wait=args.attendre)
    except WorkspaceBusy as err:
        print(f"Erreur : {err}", file=sys.stderr)
        return EXIT_BUSY
    except ReseauError as err:
        print(f"Erreur : {err}", file=sys.stderr)
        return 2
    except Exception as err:  # nbgrader's MissingEntry, whichever command meets it: said in French
        if type(err).__name__ != "MissingEntry":
            raise
        print(f"Erreur : {missing_entry_message(str(err))}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"\nInterrompu : « {args.command} » s'est arrêté à votre demande. Relancez la même commande : "
              "ce qui était fini est gardé, le reste sera repris.", file=sys.stderr)
        return 130
    finally:
        held.close()
    return 0
