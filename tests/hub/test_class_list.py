"""The class list, the participants' copies of the course and the start-up checks of `make hub`.

No server here: the class list is read and checked (every bad row a French error naming the
line and the value, nothing created), the course copy never loses a participant's work, and a
start refused for a bad list, a port in use or a missing Node.js leaves no account behind.
"""

from __future__ import annotations

import json
import os
import pwd
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "deploy" / "hub"))

import classe  # noqa: E402
from classe import ClasseError, read_class_list, sync_course  # noqa: E402

from .hubtools import free_port_pair  # noqa: E402


def write(tmp_path: Path, text: str, name: str = "classe.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


# ------------------------------------------------------------------------------------- the class list
def test_the_committed_template_is_a_valid_class_list():
    people = read_class_list(ROOT / "deploy" / "hub" / "participants.exemple.csv")
    assert [(p.identifier, p.role) for p in people] == [
        ("martin-claire", "formateur"), ("dupont-marie", "participant"),
        ("bernard-luc", "participant"), ("petit-sophie", "participant")]
    assert people[1].full_name == "Marie Dupont"


def test_semicolons_a_byte_order_mark_accents_and_an_empty_role(tmp_path):
    path = write(tmp_path, "\ufeffIdentifiant;Prénom;Nom;Rôle\nformateur-a;Zoé;Lefèvre;Formateur\n"
                           "leroy-eve;Ève;Leroy;\n\n", encoding="utf-8")
    people = read_class_list(path)
    assert [(p.identifier, p.first_name, p.last_name, p.role) for p in people] == [
        ("formateur-a", "Zoé", "Lefèvre", "formateur"), ("leroy-eve", "Ève", "Leroy", "participant")]


def test_trainers_can_come_from_the_formateurs_variable(tmp_path):
    path = write(tmp_path, "identifiant,prenom,nom\nleroy-eve,Ève,Leroy\nmartin-paul,Paul,Martin\n")
    people = read_class_list(path, extra_trainers="martin-paul, durand-anne")
    assert {p.identifier: p.role for p in people} == {
        "leroy-eve": "participant", "martin-paul": "formateur", "durand-anne": "formateur"}


@pytest.mark.parametrize("identifier", [
    "Dupont-Marie", "élodie", "a", "1dupont", "dupont_marie", "dupont+marie", "dupont marie", "d" * 32,
    "dupont.marie", "-dupont",
])
def test_a_bad_identifier_names_the_line_and_the_value(tmp_path, identifier):
    path = write(tmp_path, f"identifiant,prenom,nom,role\nmartin-paul,Paul,Martin,formateur\n"
                           f"{identifier},Marie,Dupont,participant\n")
    with pytest.raises(ClasseError) as err:
        read_class_list(path)
    message = str(err.value)
    assert "ligne 3" in message and f"« {identifier} »" in message and "minuscules" in message


def test_a_duplicate_identifier_names_both_lines(tmp_path):
    path = write(tmp_path, "identifiant,prenom,nom,role\nmartin-paul,Paul,Martin,formateur\n"
                           "dupont-marie,Marie,Dupont,\nleroy-eve,Ève,Leroy,\ndupont-marie,Maria,Dupont,\n")
    with pytest.raises(ClasseError, match=r"ligne 5 : l'identifiant « dupont-marie » est déjà celui de la ligne 3"):
        read_class_list(path)


@pytest.mark.parametrize("text, expected", [
    ("identifiant,prenom,nom,email\nx-y,A,B,a@b.fr\n", "colonne inconnue « email »"),
    ("identifiant,nom\nleroy-eve,Leroy\n", "il manque la colonne « prenom »"),
    ("identifiant,prenom,nom,role\nmartin-paul,Paul,Martin,formateur\nleroy-eve,,Leroy,\n",
     "ligne 3 : le prénom de « leroy-eve » est vide"),
    ("identifiant,prenom,nom,role\nmartin-paul,Paul,Martin,formateur\nleroy-eve,Ève,Leroy,stagiaire\n",
     "ligne 3 : rôle « stagiaire » inconnu"),
    ("identifiant,prenom,nom,role\nmartin-paul,Paul,Martin,formateur\nleroy-eve,Ève\n",
     "ligne 3 : 2 valeurs pour 4 colonnes"),
    ("identifiant,prenom,nom,role\nleroy-eve,Ève,Leroy,participant\n", "aucun formateur"),
    ("identifiant,prenom,nom,role\nmartin-paul,Paul,Martin,formateur\n", "aucun participant"),
    ("", "est vide"),
    ("identifiant,prenom,nom,role\nmartin-paul,Paul,Martin,formateur\nroot,Super,User,\n", "« root » est réservé"),
])
def test_every_bad_list_gets_a_french_message(tmp_path, text, expected):
    with pytest.raises(ClasseError, match=expected):
        read_class_list(write(tmp_path, text))


def test_a_list_saved_in_latin1_is_refused_with_the_fix(tmp_path):
    path = write(tmp_path, "identifiant,prenom,nom,role\nmartin-paul,Paul,Martin,formateur\nleroy-eve,Ève,Leroy,\n",
                 encoding="latin-1")
    with pytest.raises(ClasseError, match="CSV UTF-8"):
        read_class_list(path)


def test_an_existing_system_account_outside_the_class_is_refused(tmp_path):
    existing = next(e.pw_name for e in pwd.getpwall()
                    if classe.IDENTIFIER.match(e.pw_name) and e.pw_name not in classe.RESERVED)
    path = write(tmp_path, f"identifiant,prenom,nom,role\nmartin-paul,Paul,Martin,formateur\n{existing},A,B,\n")
    with pytest.raises(ClasseError, match=f"« {existing} » est déjà un compte de cette machine"):
        read_class_list(path)


def test_a_missing_list_says_where_the_template_is(tmp_path):
    with pytest.raises(ClasseError, match="participants.exemple.csv"):
        read_class_list(tmp_path / "absent.csv")


# ------------------------------------------------------------------------------------- the course copy
def notebook(*sources: str, outputs: bool = False) -> str:
    cells = [{"cell_type": "code", "source": s, "metadata": {}, "execution_count": 1 if outputs else None,
              "outputs": [{"output_type": "stream", "name": "stdout", "text": "42\n"}] if outputs else []}
             for s in sources]
    return json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, ensure_ascii=False)


@pytest.fixture
def course(tmp_path):
    src = tmp_path / "course"
    src.mkdir()
    (src / "00_bienvenue.ipynb").write_text(notebook("print('bienvenue')"))
    (src / "03_force.ipynb").write_text(notebook("x = 1"))
    (src / "05_plan.ipynb").write_text(notebook("plan = 1"))
    (src / "README.md").write_text("le tableau du formateur")  # not a notebook: never delivered
    (src / "mon_plan_d_action.md").write_text("le plan du formateur")  # a learner's file: never copied
    # the trainer's own ratings of module 5 (names of their LinkedIn relations): never copied either
    (src / "mes_notes_linkedin.csv").write_text("name,company,frequency,intimacy,emotion,reciprocity\n")
    home = tmp_path / "home"
    home.mkdir()
    return src, home


def test_first_login_copies_the_course_but_not_a_learners_private_file(course):
    src, home = course
    report = sync_course(src, home)
    assert sorted(report["copies"]) == ["00_bienvenue.ipynb", "03_force.ipynb", "05_plan.ipynb"]
    assert not (home / "course" / "README.md").exists()
    assert (home / "course" / "03_force.ipynb").read_text() == (src / "03_force.ipynb").read_text()
    assert not (home / "course" / "mon_plan_d_action.md").exists()
    assert not (home / "course" / "mes_notes_linkedin.csv").exists()


def test_a_later_login_changes_nothing_when_the_course_did_not_change(course):
    src, home = course
    sync_course(src, home)
    (home / "course" / "03_force.ipynb").write_text(notebook("x = 2  # ma réponse"))
    assert sync_course(src, home) == {"copies": [], "mis_a_jour": [], "a_cote": []}
    assert "ma réponse" in (home / "course" / "03_force.ipynb").read_text()


def test_an_update_replaces_untouched_files_and_keeps_changed_ones_beside_the_new_version(course):
    src, home = course
    sync_course(src, home)
    mine = home / "course"
    (mine / "03_force.ipynb").write_text(notebook("x = 2  # ma réponse"))     # the learner's work
    (mine / "00_bienvenue.ipynb").write_text(notebook("print('bienvenue')", outputs=True))  # only ran it
    (mine / "05_plan.ipynb").unlink()                                           # deleted by mistake
    (src / "03_force.ipynb").write_text(notebook("x = 1", "y = 3"))
    (src / "00_bienvenue.ipynb").write_text(notebook("print('bienvenue !')"))
    (src / "04_nouveau.ipynb").write_text(notebook("z = 0"))
    report = sync_course(src, home)
    assert report == {"copies": ["04_nouveau.ipynb", "05_plan.ipynb"], "mis_a_jour": ["00_bienvenue.ipynb"],
                      "a_cote": ["03_force.ipynb"]}
    assert "ma réponse" in (mine / "03_force.ipynb").read_text()
    assert "y = 3" in (mine / "03_force.mise-a-jour.ipynb").read_text()
    assert "bienvenue !" in (mine / "00_bienvenue.ipynb").read_text()
    # the next login: nothing new, the learner's file still theirs, the side copy not duplicated
    assert sync_course(src, home) == {"copies": [], "mis_a_jour": [], "a_cote": []}
    assert "ma réponse" in (mine / "03_force.ipynb").read_text()


def test_a_link_planted_by_the_learner_is_never_followed(course, tmp_path):
    src, home = course
    sync_course(src, home)
    target = tmp_path / "ailleurs.txt"
    target.write_text("ne pas écraser")
    (home / "course" / "05_plan.ipynb").unlink()
    (home / "course" / "05_plan.ipynb").symlink_to(target)
    (src / "05_plan.ipynb").write_text(notebook("plan = 2"))
    sync_course(src, home)
    assert target.read_text() == "ne pas écraser"


# ------------------------------------------------------------------------------------- refused starts
def start(tmp_path: Path, class_list: Path, port: int, env: dict | None = None) -> subprocess.CompletedProcess:
    # A state and an exchange in the test's folder: these starts must create nothing, which is checked on
    # folders that did not exist before (the machine's default ones may hold a real classroom's state).
    return subprocess.run([sys.executable, str(ROOT / "deploy" / "hub" / "classe.py"), "demarrer", "--ip",
                           "127.0.0.1", "--port", str(port), "--port-interne", str(port + 1), "--participants",
                           str(class_list), "--etat", str(tmp_path / "etat"), "--echange",
                           str(tmp_path / "echange")], env=env or dict(os.environ), capture_output=True,
                          text=True, timeout=120)


def no_account(*names: str) -> bool:
    for name in names:
        try:
            pwd.getpwnam(name)
            return False
        except KeyError:
            continue
    return True


@pytest.fixture
def as_root():
    """These starts go as far as `make hub` goes as root; skipped otherwise, except under CI=true."""
    if os.geteuid() != 0:
        message = "Le serveur de classe se lance en root : lancez ces tests en root (sudo make test)."
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)


def test_a_bad_row_creates_no_account_at_all(tmp_path, as_root):
    path = write(tmp_path, "identifiant,prenom,nom,role\nfo-zz91,Paul,Martin,formateur\npa-zz91,Ève,Leroy,\n"
                           "Mauvais,Luc,Petit,\n")
    proc = start(tmp_path, path, 18990)
    assert proc.returncode == 2
    assert "ligne 4" in proc.stderr and "« Mauvais »" in proc.stderr
    assert no_account("fo-zz91", "pa-zz91")
    assert not (tmp_path / "etat").exists() and not (tmp_path / "echange").exists()


def test_a_port_in_use_is_named_with_the_fix_and_creates_nothing(tmp_path, as_root):
    path = write(tmp_path, "identifiant,prenom,nom,role\nfo-zz92,Paul,Martin,formateur\npa-zz92,Ève,Leroy,\n")
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        proc = start(tmp_path, path, port)
    assert proc.returncode == 2
    assert f"Le port {port}" in proc.stderr and "déjà utilisé" in proc.stderr and f"PORT={port + 10}" in proc.stderr
    assert no_account("fo-zz92", "pa-zz92")


@pytest.mark.parametrize("node_version, npm, expected", [
    (None, False, "« sudo apt-get install -y nodejs »"),          # no Node.js at all
    ("v18.19.0", False, "« sudo apt-get install -y npm »"),      # Debian 12's Node.js: npm is a package apart
    ("v12.22.12", True, "Node.js v12.22.12 est trop ancien"),    # Debian 11's Node.js
])
def test_a_missing_or_old_node_is_named_with_the_install_command_and_creates_nothing(
        tmp_path, as_root, node_version, npm, expected):
    path = write(tmp_path, "identifiant,prenom,nom,role\nfo-zz93,Paul,Martin,formateur\npa-zz93,Ève,Leroy,\n")
    bare = tmp_path / "bin"
    bare.mkdir()
    for tool in ("bwrap", "getent", "useradd", "groupadd", "userdel"):
        found = subprocess.run(["sh", "-c", f"command -v {tool}"], capture_output=True, text=True).stdout.strip()
        if found:
            (bare / tool).symlink_to(found)
    fakes = {"node": f"echo {node_version}" if node_version else None, "npm": "echo 10.2.4" if npm else None}
    for tool, body in fakes.items():
        if body:
            (bare / tool).write_text(f"#!/bin/sh\n{body}\n")
            (bare / tool).chmod(0o755)
    env = dict(os.environ, PATH=str(bare))
    port = free_port_pair()  # the hub's internal ports too: a busy one would be reported before Node.js
    proc = start(tmp_path, path, port, env=env)
    assert proc.returncode == 2
    assert expected in proc.stderr, proc.stderr
    assert no_account("fo-zz93", "pa-zz93")


def test_the_guides_install_line_installs_npm_only_where_it_is_missing():
    """Debian's nodejs has no npm (npm is its own package); NodeSource's nodejs carries npm and conflicts with
    Debian's npm package: the guide's one line asks for npm only when `command -v npm` finds none."""
    guide = (ROOT / "deploy" / "hub" / "README.md").read_text(encoding="utf-8")
    assert classe.INSTALL_LINE in guide
    assert "nodejs npm" not in guide
    first, _, fallback = classe.INSTALL_LINE.partition("&&")
    assert " npm" not in first and "command -v npm" in fallback and "apt-get install -y npm" in fallback


def test_a_users_server_port_is_below_the_kernels_ephemeral_range_and_free():
    """Kernels bind ephemeral ports (32768 and up on Linux): a server port below that range cannot be taken by a
    kernel of the room between JupyterHub's choice and the server's bind. The port follows the uid; a busy one
    is skipped."""
    low = int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    uid = 1234
    port = classe.server_port(uid)
    assert port == 21234 and port < low
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as busy:
        busy.bind(("127.0.0.1", 21234))
        busy.listen()
        assert classe.server_port(uid) == 21235
    assert classe.server_port(10000 + 9999) == 29999
