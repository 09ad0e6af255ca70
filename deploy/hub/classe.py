"""The classroom server of the reseau course: class list, system accounts, course copies, spawner.

Used by `make hub` (``python deploy/hub/classe.py demarrer``) and imported by
`jupyterhub_config.py` next to it.  Everything a trainer reads is French; see README.md here.

Model (The Littlest JupyterHub's): one JupyterHub on one Linux server, run as root; one system
user per participant and per trainer (private home, 0700); each single-user server starts
inside bubblewrap as root, which then drops to that user (`reseau._sandbox_launcher`), with:
the system, Python and the course library read-only; /home as on the host (other homes stay
0700, so unreadable); the project's solutions/, autograder/ and .git replaced by empty
root-only folders; nbgrader's exchange read-write; a cgroup per user (memory, CPU, processes).
"""

from __future__ import annotations

import argparse
import csv
import grp
import hashlib
import io
import json
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROJECT_ROOT = HERE.parents[1]
if str(PROJECT_ROOT / "src") not in sys.path:
    sys.path.insert(0, str(PROJECT_ROOT / "src"))

from reseau.autograde import COURSE_ID  # noqa: E402  (the course id: one setting, shared with nbgrader)
from reseau.errors import ReseauError  # noqa: E402
COURSE_DIR = PROJECT_ROOT / "course"
#: Where a participant's server keeps its runtime files and its kernels' Unix sockets: their private /tmp.
SANDBOX_RUNTIME_DIR = "/tmp/jupyter-runtime"
#: The Jupyter configuration folders of a learner's and a trainer's JupyterLab (the same as `make lab`'s).
LEARNER_CONFIG = PROJECT_ROOT / "deploy" / "jupyter" / "apprenant"
TRAINER_CONFIG = PROJECT_ROOT / "deploy" / "jupyter" / "formateur"
PROXY_DIR = HERE
PROXY_BIN = HERE / "node_modules" / ".bin" / "configurable-http-proxy"

#: System group of every account this server created (participants and trainers).
CLASS_GROUP = "reseau-classe"
#: JupyterHub groups, named as nbgrader's JupyterHub integration expects (course id "reseau").
INSTRUCTORS_GROUP = "formgrade-reseau"
STUDENTS_GROUP = "nbgrader-reseau"

#: The hub's state (database, passwords, cookie secret, the settings written for the users' servers):
#: outside the project, root only; no user's sandbox shows it (their nbgrader settings are bound alone).
DEFAULT_STATE = Path("/var/lib/reseau-classe")
DEFAULT_EXCHANGE = Path("/srv/nbgrader/exchange")
DEFAULT_HOMES = Path("/home")
DEFAULT_MEMORY_MB = 2048
DEFAULT_CPUS = 1.0
DEFAULT_PROCESSES = 256
DEFAULT_IDLE_SECONDS = 3600

#: An identifier: a Linux user name that nbgrader's exchange and file names accept too.
IDENTIFIER = re.compile(r"^[a-z][a-z0-9-]{1,30}$")
ROLES = {"participant", "formateur"}
COLUMNS = ("identifiant", "prenom", "nom", "role")
_COLUMN_ALIASES = {"prénom": "prenom", "rôle": "role"}
#: Names that must never become an account of the class.
RESERVED = {"root", "admin", "nobody", "jupyter", "jupyterhub", "formateur-root", "postgres", "www-data"}

# Files of course/ that belong to the learner, never overwritten nor copied from the trainer's copy.
_PRIVATE = ("mon_plan_d_action.", "Connections.csv", "mes_notes_")


class ClasseError(ValueError):
    """A French message for the trainer: what is wrong, where, and what to do."""


# ---------------------------------------------------------------------------------------------
# The class list


@dataclass(frozen=True)
class Person:
    identifier: str
    first_name: str
    last_name: str
    role: str = "participant"
    row: int = 0

    @property
    def trainer(self) -> bool:
        return self.role == "formateur"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


def read_class_list(path: Path | str, extra_trainers: str = "") -> list[Person]:
    """Read and check the whole class list (CSV, `,` or `;`, UTF-8); raise ClasseError on any bad row.

    Columns: identifiant, prenom, nom, and optionally role (participant or formateur).
    `extra_trainers` (the FORMATEURS variable) adds trainer accounts: "id1,id2".
    Nothing is created here: the caller provisions only a list that passed every check.
    """
    path = Path(path)
    if not path.is_file():
        raise ClasseError(f"Liste de la classe introuvable : {path}. Copiez le modèle "
                          f"deploy/hub/participants.exemple.csv, remplissez-le, puis relancez "
                          f"(make hub PARTICIPANTS=chemin/du/fichier.csv).")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise ClasseError(f"{path.name} n'est pas un fichier texte UTF-8 (octet {err.start}). Dans votre "
                          "tableur, enregistrez-le au format « CSV UTF-8 ».") from None
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise ClasseError(f"{path.name} est vide : la première ligne doit être l'en-tête "
                          "« identifiant,prenom,nom,role », puis une ligne par personne.")
    delimiter = ";" if lines[0].count(";") > lines[0].count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [_COLUMN_ALIASES.get(h.strip().lower(), h.strip().lower()) for h in next(reader)]
    unknown = [h for h in header if h not in COLUMNS]
    if unknown:
        raise ClasseError(f"{path.name}, ligne 1 : colonne inconnue « {unknown[0]} ». Colonnes attendues : "
                          "identifiant, prenom, nom et, si besoin, role.")
    missing = [c for c in COLUMNS[:3] if c not in header]
    if missing:
        raise ClasseError(f"{path.name}, ligne 1 : il manque la colonne « {missing[0]} ». En-tête attendu : "
                          "identifiant,prenom,nom,role.")
    people: list[Person] = []
    seen: dict[str, int] = {}
    for number, values in enumerate(reader, start=2):
        if not any(v.strip() for v in values):
            continue  # a blank line
        if len(values) != len(header):
            raise ClasseError(f"{path.name}, ligne {number} : {len(values)} valeurs pour {len(header)} colonnes "
                              f"({delimiter.join(values)!r}). Vérifiez les séparateurs de cette ligne.")
        row = dict(zip(header, (v.strip() for v in values)))
        person = _person(row, number, path.name)
        if person.identifier in seen:
            raise ClasseError(f"{path.name}, ligne {number} : l'identifiant « {person.identifier} » est déjà "
                              f"celui de la ligne {seen[person.identifier]}. Chaque personne a son propre "
                              "identifiant : ajoutez par exemple l'initiale du prénom.")
        seen[person.identifier] = number
        people.append(person)
    for name in (n.strip() for n in extra_trainers.split(",")):
        if not name:
            continue
        _check_identifier(name, "FORMATEURS", "variable FORMATEURS")
        if name in seen:
            people = [Person(p.identifier, p.first_name, p.last_name, "formateur", p.row)
                      if p.identifier == name else p for p in people]
        else:
            people.append(Person(name, name, "", "formateur", 0))
            seen[name] = 0
    if not any(not p.trainer for p in people):
        raise ClasseError(f"{path.name} ne contient aucun participant : ajoutez une ligne par participant.")
    if not any(p.trainer for p in people):
        raise ClasseError(f"{path.name} ne contient aucun formateur : ajoutez votre propre ligne avec le rôle "
                          "« formateur », ou lancez make hub FORMATEURS=votre-identifiant.")
    return people


def _check_identifier(value: str, where: str, label: str) -> None:
    if not IDENTIFIER.match(value):
        raise ClasseError(
            f"{where} : identifiant « {value} » refusé ({label}). Un identifiant fait 2 à 31 caractères : "
            "lettres minuscules sans accent, chiffres et tirets, en commençant par une lettre "
            "(par exemple « dupont-marie »).")
    if value in RESERVED:
        raise ClasseError(f"{where} : l'identifiant « {value} » est réservé au système. Choisissez-en un autre "
                          "(par exemple « nom-prenom »).")
    try:
        existing = pwd.getpwnam(value)
    except KeyError:
        return
    if not _in_class_group(existing):
        raise ClasseError(f"{where} : « {value} » est déjà un compte de cette machine qui n'appartient pas à la "
                          "classe. Choisissez un autre identifiant (par exemple « nom-prenom »).")


def _person(row: dict[str, str], number: int, name: str) -> Person:
    where = f"{name}, ligne {number}"
    identifier = row["identifiant"]
    _check_identifier(identifier, where, "colonne identifiant")
    for column, label in (("prenom", "prénom"), ("nom", "nom")):
        if not row[column]:
            raise ClasseError(f"{where} : le {label} de « {identifier} » est vide (colonne {column}). "
                              "Complétez-le.")
        if any(ch in row[column] for ch in ":\n\r") or len(row[column]) > 60:
            raise ClasseError(f"{where} : {label} « {row[column]} » refusé (colonne {column}) : pas de « : », "
                              "60 caractères au plus.")
    role = (row.get("role") or "participant").lower()
    if role not in ROLES:
        raise ClasseError(f"{where} : rôle « {row.get('role')} » inconnu (colonne role). Écrivez « participant » "
                          "ou « formateur » (ou laissez vide pour un participant).")
    return Person(identifier, row["prenom"], row["nom"], role, number)


def _in_class_group(entry: pwd.struct_passwd) -> bool:
    try:
        group = grp.getgrnam(CLASS_GROUP)
    except KeyError:
        return False
    return entry.pw_name in group.gr_mem or entry.pw_gid == group.gr_gid


# ---------------------------------------------------------------------------------------------
# System accounts, exchange, state


def provision(people: list[Person], *, homes: Path = DEFAULT_HOMES) -> list[str]:
    """Create the system accounts that do not exist yet (private homes); returns the names created.

    If one creation fails, the accounts created by this call are removed again: nothing is
    left half-made.
    """
    _require_root()
    if _run(["getent", "group", CLASS_GROUP], check=False).returncode != 0:
        _run(["groupadd", "--system", CLASS_GROUP])
    created: list[str] = []
    try:
        for person in people:
            try:
                pwd.getpwnam(person.identifier)
                continue
            except KeyError:
                pass
            home = homes / person.identifier
            _run(["useradd", "--create-home", "--home-dir", str(home), "--shell", "/bin/bash",
                  "--comment", person.full_name or person.identifier, "--user-group",
                  "--groups", CLASS_GROUP, "--key", "UMASK=077", person.identifier])
            created.append(person.identifier)
            os.chmod(home, 0o700)
    except Exception:
        for name in created:
            _run(["userdel", "--remove", name], check=False)
        raise
    for person in people:  # homes made before (or by hand) are made private too
        home = Path(pwd.getpwnam(person.identifier).pw_dir)
        if home.is_dir():
            os.chmod(home, 0o700)
    return created


def remove_accounts(people: list[Person]) -> list[str]:
    """Delete the class's system accounts, their processes and their homes; return the names removed."""
    _require_root()
    removed = []
    for person in people:
        try:
            entry = pwd.getpwnam(person.identifier)
        except KeyError:
            continue
        if not _in_class_group(entry):
            continue
        subprocess.run(["pkill", "-KILL", "-u", person.identifier], check=False)
        for _ in range(50):  # userdel refuses a user with a process still running
            if subprocess.run(["pgrep", "-u", person.identifier], stdout=subprocess.DEVNULL).returncode != 0:
                break
            import time

            time.sleep(0.1)
        _run(["userdel", "--remove", person.identifier], check=False)
        home = Path(entry.pw_dir)
        if home.is_dir() and home.parent == DEFAULT_HOMES:
            shutil.rmtree(home, ignore_errors=True)
        removed.append(person.identifier)
    return removed


# ---------------------------------------------------------------------------------------------
# The end of a session: archive what a certified training keeps, then remove the class


@dataclass
class Leftovers:
    """What a class leaves on the machine after its session, by kind (names or paths)."""

    accounts: list[str]
    homes: list[str]
    processes: list[str]
    exchange: list[str]
    passwords: list[str]
    hub_users: list[str]
    cgroups: list[str]

    def empty(self) -> bool:
        return not any(vars(self).values())


def _uids(people: list[Person]) -> dict[int, str]:
    out = {}
    for person in people:
        try:
            entry = pwd.getpwnam(person.identifier)
        except KeyError:
            continue
        if _in_class_group(entry):
            out[entry.pw_uid] = person.identifier
    return out


def _exchange_files(people: list[Person], exchange: Path, uids: dict[int, str]) -> list[Path]:
    """Submissions of the class in nbgrader's exchange (named `<id>+...` or owned by one of them), and the
    feedback released to it (named by a hash of each copy: all of the course's feedback is the class's)."""
    course = exchange / COURSE_ID
    names = {p.identifier for p in people}
    found: list[Path] = []
    inbound = course / "inbound"
    if inbound.is_dir():
        for entry in sorted(inbound.iterdir()):
            if entry.name.split("+", 1)[0] in names or _owner(entry) in uids:
                found.append(entry)
    feedback = course / "feedback"
    if feedback.is_dir():
        found += sorted(feedback.iterdir())
    if exchange.is_dir():
        for path in sorted(exchange.rglob("*")):
            if _owner(path) in uids and not any(path == f or f in path.parents for f in found):
                found.append(path)
    return found


def _owner(path: Path) -> int:
    try:
        return path.lstat().st_uid
    except OSError:
        return -1


def _password_keys(state: Path) -> list[str]:
    import dbm

    base = state / "mots_de_passe.dbm"
    if not any(Path(f"{base}{ext}").is_file() for ext in ("", ".db", ".pag", ".dir", ".dat")):
        return []
    try:
        with dbm.open(str(base), "r") as db:
            return sorted(k.decode("utf-8", "replace") for k in db.keys())
    except Exception:  # noqa: BLE001 (an unreadable file: nothing we can list)
        return []


def _hub_db_url(state: Path) -> str | None:
    db = state / "jupyterhub.sqlite"
    return f"sqlite:///{db}" if db.is_file() else None


def _hub_users(state: Path) -> list[str]:
    url = _hub_db_url(state)
    if url is None:
        return []
    import sqlite3

    with sqlite3.connect(str(state / "jupyterhub.sqlite")) as con:
        try:
            return sorted(row[0] for row in con.execute("select name from users"))
        except sqlite3.Error:
            return []


def _cgroup_folders(names: set[str]) -> list[Path]:
    root = Path("/sys/fs/cgroup")
    out = []
    for controller in ("", "memory", "cpu", "pids", "cpu,cpuacct"):
        base = root / controller / "reseau" if controller else root / "reseau"
        for name in sorted(names):
            if (base / name).is_dir():
                out.append(base / name)
    return out


def leftovers(people: list[Person], *, state: Path, exchange: Path) -> Leftovers:
    names = {p.identifier for p in people}
    uids = _uids(people)
    homes = [str(Path(pwd.getpwuid(uid).pw_dir)) for uid in uids
             if Path(pwd.getpwuid(uid).pw_dir).is_dir()]
    homes += [str(DEFAULT_HOMES / n) for n in sorted(names) if (DEFAULT_HOMES / n).is_dir()
              and str(DEFAULT_HOMES / n) not in homes and _owner(DEFAULT_HOMES / n) not in (0, -1)
              and _owner(DEFAULT_HOMES / n) not in _other_uids(names)]
    processes = []
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                if os.stat(f"/proc/{pid}").st_uid in uids:
                    processes.append(pid)
            except OSError:
                continue
    return Leftovers(
        accounts=sorted(uids.values()), homes=sorted(homes), processes=sorted(processes, key=int),
        exchange=[str(p) for p in _exchange_files(people, exchange, uids)],
        passwords=[k for k in _password_keys(state) if k in names],
        hub_users=[u for u in _hub_users(state) if u in names],
        cgroups=[str(p) for p in _cgroup_folders(names)])


def _other_uids(names: set[str]) -> set[int]:
    """uids of accounts that exist and are not in `names` (a home owned by one of them is not the class's)."""
    return {e.pw_uid for e in pwd.getpwall() if e.pw_name not in names}


def archive_session(people: list[Person], class_list: Path, out_dir: Path, *, session: Path | None = None,
                    without_certificates: bool = False, today=None) -> Path:
    """One dated archive of what a certified training keeps: grades, class report, certificates, the class list.

    Grades (grades.csv, nbgrader's export, and the gradebook itself) and the report are made afresh from
    the grading workspace; certificates are those `make attestations` wrote, or are made here from
    `session`.  Without certificates (and without `without_certificates`), nothing is archived nor removed.
    """
    import datetime as dt
    import tarfile
    import tempfile

    from reseau.autograde import paths
    from reseau.autograde.cycle import export_grades
    from reseau.autograde.report import class_report
    from reseau.errors import ReseauError
    from reseau.workspace_lock import workspace_lock

    ws = paths.workspace_dir()
    gradebook = ws / "gradebook.db"
    today = today or dt.date.today()
    with workspace_lock(ws, "fin-de-session"):
        certificates = sorted((ws / "attestations").glob("*.pdf"))
        if session is not None:
            from reseau.autograde.attestation import make_certificates

            try:
                made = make_certificates(session, class_list, workspace=ws)
            except ReseauError as err:
                raise ClasseError(f"Les attestations n'ont pas pu être faites : {err}") from None
            certificates = made.paths
            if made.warning:
                print(made.warning)
        if not certificates and not without_certificates:
            raise ClasseError(
                "Aucune attestation de fin de formation dans l'espace de correction : faites-les d'abord "
                "(make fin-de-session SESSION=formation/session.ini les fait, ou make attestations), car une "
                "formation certifiée doit les garder. Pour terminer sans attestation : make fin-de-session "
                "SANS_ATTESTATIONS=1. Rien n'a été archivé ni supprimé.")
        out_dir.mkdir(parents=True, exist_ok=True)
        os.chmod(out_dir, 0o700)
        stem = f"session-{today.isoformat()}"
        target = out_dir / f"{stem}.tar.gz"
        number = 2
        while target.exists():
            target = out_dir / f"{stem}-{number}.tar.gz"
            number += 1
        with tempfile.TemporaryDirectory(prefix="reseau-archive-") as tmp:
            folder = Path(tmp) / stem
            folder.mkdir()
            shutil.copyfile(class_list, folder / "participants.csv")
            if gradebook.is_file():
                shutil.copyfile(export_grades(workspace=ws), folder / "notes.csv")
                shutil.copyfile(gradebook, folder / "gradebook.db")
                report = class_report(workspace=ws, out_dir=folder / "rapport")
                if not report.is_file():
                    raise ClasseError("Le rapport de la classe n'a pas pu être écrit.")
            if certificates:
                (folder / "attestations").mkdir()
                for pdf in certificates:
                    shutil.copyfile(pdf, folder / "attestations" / pdf.name)
            partial = target.with_name(f".{target.name}.partiel")
            with tarfile.open(partial, "w:gz") as tar:
                tar.add(folder, arcname=stem)
            os.chmod(partial, 0o600)
            os.replace(partial, target)
    return target


def end_session(people: list[Person], class_list: Path, *, state: Path, exchange: Path, archives: Path,
                session: Path | None = None, without_certificates: bool = False) -> tuple[Path | None, Leftovers]:
    """Archive, then remove the class: accounts, homes, processes, exchange files, passwords, hub users,
    cgroups.  Returns the archive (None when nothing was left to remove) and what was removed."""
    _require_root()
    pid_file = state / "jupyterhub.pid"
    if pid_file.is_file():
        try:
            pid = int(pid_file.read_text().strip())
            os.kill(pid, 0)
            running = Path(f"/proc/{pid}/cmdline").read_bytes().find(b"jupyterhub") >= 0
        except (ValueError, OSError):
            running = False
        if running:
            raise ClasseError("Le serveur de classe tourne encore : arrêtez-le d'abord (Ctrl+C dans le terminal de "
                              "make hub), puis relancez make fin-de-session. Rien n'a été archivé ni supprimé.")
    found = leftovers(people, state=state, exchange=exchange)
    if found.empty():
        return None, found
    archive = archive_session(people, class_list, archives, session=session,
                              without_certificates=without_certificates)
    remove_accounts(people)
    for path in map(Path, found.homes):
        shutil.rmtree(path, ignore_errors=True)
    for path in sorted(map(Path, found.exchange), key=lambda p: len(p.parts), reverse=True):
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    if found.passwords:
        import dbm

        with dbm.open(str(state / "mots_de_passe.dbm"), "w") as db:
            for name in found.passwords:
                del db[name.encode("utf-8")]
    if found.hub_users:
        from jupyterhub import orm

        db = orm.new_session_factory(_hub_db_url(state))()
        try:
            for name in found.hub_users:
                user = orm.User.find(db, name)
                if user is not None:
                    db.delete(user)
            db.commit()
        finally:
            db.close()
    for group in map(Path, found.cgroups):
        try:
            group.rmdir()
        except OSError:
            pass
    return archive, found


def precompile_library() -> None:
    """Write the course library's bytecode (__pycache__) once, as root: every participant's kernel reads the
    library read-only, and would otherwise compile its modules again at each start (CPU that a whole room
    logging in at once waits for)."""
    import compileall

    import reseau

    compileall.compile_dir(str(Path(reseau.__file__).resolve().parent), quiet=1, workers=1)


def prepare_exchange(exchange: Path) -> None:
    """nbgrader's exchange root: world-writable, as nbgrader's own documentation sets it up."""
    exchange.mkdir(parents=True, exist_ok=True)
    os.chmod(exchange, 0o777)


def prepare_state(state: Path) -> None:
    state.mkdir(parents=True, exist_ok=True)
    os.chmod(state, 0o700)


def _require_root() -> None:
    if os.geteuid() != 0:
        raise ClasseError("Le serveur de classe crée un compte système par participant : lancez-le en root "
                          "(sudo make hub).")


def _run(cmd: list[str], check: bool = True) -> subprocess.CompletedProcess:
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if check and proc.returncode != 0:
        raise ClasseError(f"La commande « {' '.join(cmd)} » a échoué : {proc.stdout.strip()}")
    return proc


# ---------------------------------------------------------------------------------------------
# The participant's own copy of the course


def content_fingerprint(path: Path) -> str:
    """What a learner changes in a file: for a notebook its cells' types and sources (not outputs)."""
    data = path.read_bytes()
    if path.suffix == ".ipynb":
        try:
            cells = json.loads(data.decode("utf-8")).get("cells", [])
            data = json.dumps([[c.get("cell_type"), "".join(c.get("source", ""))] for c in cells],
                              ensure_ascii=False).encode("utf-8")
        except (ValueError, AttributeError):
            pass  # not a readable notebook: compare the bytes
    return hashlib.sha256(data).hexdigest()


MANIFEST = ".reseau-cours.json"
UPDATE_SUFFIX = ".mise-a-jour"


def sync_course(source: Path, home: Path, uid: int = -1, gid: int = -1) -> dict[str, list[str]]:
    """Give `home/course` the trainer's course without ever losing the learner's work.

    For each notebook of `source` (the project's course/; its other files, the trainer's README and anyone's
    private files, are not delivered):
    - absent from the learner's copy: copied;
    - present, and its content (a notebook's cell sources) is still the version delivered last
      time: replaced by the new version if the course changed (outputs are not work: a re-run
      makes them again);
    - present and changed by the learner, while the course changed too: the learner's file is
      kept untouched and the new version is written next to it as `<nom>.mise-a-jour.ipynb`.
    What was delivered is remembered in `home/.reseau-cours.json`.  Returns the relative paths
    {"copies": [...], "mis_a_jour": [...], "a_cote": [...]}.
    """
    target = home / "course"
    manifest_path = home / MANIFEST
    try:
        delivered = json.loads(manifest_path.read_text(encoding="utf-8"))
        if not isinstance(delivered, dict):
            delivered = {}
    except (OSError, ValueError):
        delivered = {}
    report: dict[str, list[str]] = {"copies": [], "mis_a_jour": [], "a_cote": []}
    made_dirs = []
    for src in sorted(source.rglob("*")):
        rel = src.relative_to(source)
        if (not src.is_file() or src.is_symlink() or any(part.startswith(".") for part in rel.parts)
                or rel.name.startswith(_PRIVATE) or UPDATE_SUFFIX in rel.name or src.suffix != ".ipynb"):
            continue  # the participant's file browser shows only the course's notebooks
        key = rel.as_posix()
        dest = target / rel
        new = content_fingerprint(src)
        if not dest.parent.is_dir():
            dest.parent.mkdir(parents=True, exist_ok=True)
            made_dirs.append(dest.parent)
        if dest.is_symlink():
            continue  # never follow a link the learner made
        if not dest.exists():
            _copy(src, dest)
            report["copies"].append(key)
        else:
            mine = content_fingerprint(dest)
            if mine == new:
                pass
            elif delivered.get(key) == mine:
                _copy(src, dest)
                report["mis_a_jour"].append(key)
            elif delivered.get(key) != new:
                side = dest.with_name(f"{dest.stem}{UPDATE_SUFFIX}{dest.suffix}")
                _copy(src, side)
                _own(side, uid, gid)
                report["a_cote"].append(key)
        delivered[key] = new
        _own(dest, uid, gid)
    for folder in [target, *made_dirs]:
        _own(folder, uid, gid)
    tmp = manifest_path.with_suffix(".tmp")
    tmp.write_text(json.dumps(delivered, indent=1, sort_keys=True), encoding="utf-8")
    os.replace(tmp, manifest_path)
    _own(manifest_path, uid, gid)
    return report


def _copy(src: Path, dest: Path) -> None:
    tmp = dest.with_name(f".{dest.name}.copie")
    shutil.copyfile(src, tmp)
    os.replace(tmp, dest)


def _own(path: Path, uid: int, gid: int) -> None:
    if uid >= 0 and path.exists() and not path.is_symlink():
        os.chown(path, uid, gid)


# ---------------------------------------------------------------------------------------------
# Limits: one cgroup per participant


def cgroup_dirs(name: str, memory_mb: int, cpus: float, processes: int) -> list[Path]:
    """Create (or update) the cgroup(s) of one user's server; return the folders to join.

    cgroup v2 (a modern Debian or Ubuntu server): /sys/fs/cgroup/reseau/<name> with memory.max,
    cpu.max and pids.max.  cgroup v1: one folder per controller.  Returns [] when neither is
    writable (the caller then falls back to per-process limits and says so).
    """
    root = Path("/sys/fs/cgroup")
    v2 = root / "cgroup.controllers"
    try:
        if v2.exists() and "memory" in v2.read_text():
            parent = root / "reseau"
            parent.mkdir(exist_ok=True)
            wanted = [c for c in ("memory", "cpu", "pids") if c in v2.read_text()]
            (parent / "cgroup.subtree_control").write_text(" ".join(f"+{c}" for c in wanted))
            group = parent / name
            group.mkdir(exist_ok=True)
            (group / "memory.max").write_text(str(memory_mb * 1024 * 1024))
            if (group / "cpu.max").exists():
                (group / "cpu.max").write_text(f"{int(cpus * 100000)} 100000")
            if (group / "pids.max").exists():
                (group / "pids.max").write_text(str(processes))
            return [group]
        out = []
        for controller, settings in (
                ("memory", {"memory.limit_in_bytes": str(memory_mb * 1024 * 1024)}),
                ("cpu", {"cpu.cfs_period_us": "100000", "cpu.cfs_quota_us": str(int(cpus * 100000))}),
                ("pids", {"pids.max": str(processes)})):
            base = root / controller
            if not base.is_dir():
                continue
            group = base / "reseau" / name
            group.mkdir(parents=True, exist_ok=True)
            for key, value in settings.items():
                (group / key).write_text(value)
            out.append(group)
        return out
    except OSError:
        return []


def join_cgroups(groups: list[Path]) -> None:
    """In the child, before exec: move this process into the user's cgroup(s)."""
    for group in groups:
        with open(group / "cgroup.procs", "w") as fh:
            fh.write("0")


# ---------------------------------------------------------------------------------------------
# The single-user server's command: bubblewrap, then the launcher that becomes the user


#: Where the sandbox shows a user's Jupyter settings (their real folders, in the project or the hub's
#: state, stay out of sight): the JupyterLab settings (learner's or trainer's) and nbgrader's.
SANDBOX_JUPYTER_CONFIG = Path("/reseau-classe/jupyter")
SANDBOX_NBGRADER_CONFIG = Path("/reseau-classe/nbgrader")
_SYSTEM_TOPS = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/etc")


def _under(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def visible_project_parts() -> list[Path]:
    """What a user's server needs and sees of the machine beyond the system: an allow-list, resolved.

    Python (the interpreter's installation and the virtual environment, read-only), the course
    library (the folder holding the `reseau` package), the course's datasets, and the lab extensions
    installed as links.  Nothing else of the project: not deploy/ (the class list, the hub's code),
    not solutions/, autograder/, .git, nor the hub's state.
    """
    import reseau
    from reseau import data as _data

    wanted = {Path(sys.prefix), Path(sys.base_prefix), Path(sys.exec_prefix), Path(sys.base_exec_prefix),
              Path(os.path.realpath(sys.executable)).parent.parent,
              Path(reseau.__file__).resolve().parents[1], _data.data_dir()}
    labext = Path(sys.prefix) / "share" / "jupyter" / "labextensions"
    if labext.is_dir():
        wanted |= {Path(os.path.realpath(p)) for p in labext.iterdir() if p.is_symlink()}
    resolved = sorted({Path(os.path.realpath(p)) for p in wanted if Path(p).is_dir()})
    project = PROJECT_ROOT.resolve()
    out: list[Path] = []
    for folder in resolved:
        if _under(project, folder):
            continue  # a folder holding the whole project (never bound whole)
        if any(_under(folder, top) for top in map(Path, _SYSTEM_TOPS)) or any(_under(folder, b) for b in out):
            continue  # already visible
        out = [b for b in out if not _under(b, folder)] + [folder]
    return sorted(out)


def server_command(entry: pwd.struct_passwd, home: Path, *, homes: list[Path], exchange: Path,
                   jupyter_config: Path, nbgrader_config: Path, memory_mb: int | None, processes: int,
                   tmp_mb: int) -> list[str]:
    """bwrap (as root) -> reseau's launcher (limits, then setuid to the user) -> jupyterhub-singleuser.

    The user sees: the system read-only; Python, the course library and its datasets read-only
    (`visible_project_parts`); the homes of the class read-write (each is 0700: another's is
    unreadable); nbgrader's exchange; its own private /tmp; and its Jupyter settings, read-only, at
    SANDBOX_JUPYTER_CONFIG and SANDBOX_NBGRADER_CONFIG.  Nothing else of the project or of the hub's
    state exists in the sandbox (an open is "No such file or directory").
    """
    from reseau.autograde import sandbox

    bwrap = sandbox._bwrap()
    if bwrap is None:
        raise ClasseError("bubblewrap est absent : installez-le avec « sudo apt-get install bubblewrap ».")
    args = [bwrap, "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try",
            "--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID", "--hostname", "classe"]
    made: set[str] = {"/"}

    def parents(target: Path) -> list[str]:
        return sandbox.parent_dirs(target, made)

    args += ["--proc", "/proc", "--dev", "/dev", "--size", str(tmp_mb * 1024 * 1024), "--perms", "1777",
             "--tmpfs", "/tmp"]
    made.update({"/tmp", "/proc", "/dev"})
    for top in _SYSTEM_TOPS:
        p = Path(top)
        if p.is_symlink():
            args += ["--symlink", os.readlink(p), top]
        elif p.is_dir():
            args += ["--ro-bind", top, top]
        made.add(top)
    for folder in visible_project_parts():
        args += parents(folder) + ["--ro-bind", str(folder), str(folder)]
        made.add(str(folder))
    for real, seen in ((jupyter_config, SANDBOX_JUPYTER_CONFIG), (nbgrader_config, SANDBOX_NBGRADER_CONFIG)):
        args += parents(seen) + ["--ro-bind", str(real), str(seen)]
        made.add(str(seen))
    for folder in sorted(set(homes) | {home}):
        if folder.is_dir() and str(folder) not in made:
            args += parents(folder) + ["--bind", str(folder), str(folder)]
            made.add(str(folder))
    args += parents(exchange) + ["--bind", str(exchange), str(exchange)]
    made.add(str(exchange))
    limits = {"processes": processes, "open_files": 4096}
    if memory_mb:
        limits["memory_bytes"] = memory_mb * 1024 * 1024
    config = {"limits": limits, "uid": entry.pw_uid, "gid": entry.pw_gid, "dedicated_user": True,
              "home": str(home), "source": None, "keep_output": True}
    import reseau

    launcher = Path(reseau.__file__).resolve().parent / "_sandbox_launcher.py"
    # the environment's own paths, resolved: a project reached through a link is not bound at the link
    bin_dir = Path(os.path.realpath(sys.prefix)) / "bin"
    python = bin_dir / Path(sys.executable).name
    # jupyterhub-singleuser through reseau._singleuser (it imports only what it uses); the code run by -c
    # first drops the working directory (the participant's home) from the import path
    single_user = [str(python), "-c", "import sys; sys.path.pop(0); import reseau._singleuser as s; s.main()"]
    return args + ["--chdir", str(home), "--", str(python), "-I", "-S", str(launcher), json.dumps(config),
                   "--", *single_user]


# ---------------------------------------------------------------------------------------------
# Checks before anything starts


#: The oldest Node.js that the pinned configurable-http-proxy runs on (its dependencies' "engines").
NODE_MIN_MAJOR = 18
#: The one install line of the guide: Debian's Node.js comes without npm (a package of its own), NodeSource's
#: carries npm and conflicts with Debian's npm package, so npm is installed only when it is missing.
INSTALL_LINE = ("sudo apt-get install -y git make python3 python3-venv bubblewrap nodejs && "
                "{ command -v npm >/dev/null || sudo apt-get install -y npm; }")


def check_node() -> None:
    """Node.js (at least NODE_MIN_MAJOR) and npm, for the proxy; a French message saying what to install."""
    node = shutil.which("node") or shutil.which("nodejs")
    if node is None:
        raise ClasseError("Node.js est absent (la commande « node » est introuvable) : le serveur de classe en a "
                          "besoin pour son proxy. Installez-le avec « sudo apt-get install -y nodejs », puis "
                          "relancez make hub.")
    try:
        version = subprocess.run([node, "--version"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                 text=True, timeout=30).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        version = ""
    found = re.match(r"v?(\d+)\.", version)
    if not found or int(found.group(1)) < NODE_MIN_MAJOR:
        raise ClasseError(f"Node.js {version or '(version illisible)'} est trop ancien : le proxy du serveur de "
                          f"classe demande Node.js {NODE_MIN_MAJOR} ou plus récent (Debian 12 : 18 ; Ubuntu 22.04 : "
                          "installez celui de NodeSource, https://github.com/nodesource/distributions). "
                          "Puis relancez make hub.")
    if shutil.which("npm") is None:
        raise ClasseError("npm est absent : le Node.js de Debian ne le contient pas. Installez-le avec "
                          "« sudo apt-get install -y npm » (le Node.js de NodeSource le contient déjà), puis "
                          "relancez make hub.")


def ensure_proxy() -> Path:
    """configurable-http-proxy, pinned by deploy/hub/package-lock.json, installed in deploy/hub/node_modules."""
    check_node()
    lock = HERE / "package-lock.json"
    stamp = HERE / "node_modules" / ".reseau-lock.sha256"
    digest = hashlib.sha256(lock.read_bytes()).hexdigest()
    if PROXY_BIN.exists() and stamp.exists() and stamp.read_text() == digest:
        return PROXY_BIN
    print("Installation du proxy de JupyterHub (configurable-http-proxy, version figée par package-lock.json)…")
    proc = subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=HERE,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if proc.returncode != 0 or not PROXY_BIN.exists():
        raise ClasseError("L'installation du proxy (npm ci dans deploy/hub) a échoué :\n"
                          f"{proc.stdout.strip()[-1500:]}\nVérifiez l'accès au registre npm, puis relancez make hub.")
    stamp.write_text(digest)
    return PROXY_BIN


#: The single-user servers listen on ports below the kernel's ephemeral range (Linux: 32768 and up by
#: default): a kernel's ZMQ sockets bind ephemeral ports, and JupyterHub's own pick (a free ephemeral port,
#: bound later by the server) could be taken in between by a kernel of the room (seen with 20 arrivals).
SERVER_PORTS = range(20000, 30000)


def server_port(uid: int) -> int:
    """A free loopback port for a user's server, outside the ephemeral range, stable for the user when free."""
    first = SERVER_PORTS.start + uid % len(SERVER_PORTS)
    for k in range(len(SERVER_PORTS)):
        port = SERVER_PORTS.start + (first - SERVER_PORTS.start + k) % len(SERVER_PORTS)
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
        return port
    raise ClasseError("Aucun port libre pour le serveur d'un participant entre 20000 et 29999.")


def check_port(ip: str, port: int, label: str, variable: str) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the servers do: TIME_WAIT is not "in use"
        try:
            s.bind((ip, port))
        except OSError:
            raise ClasseError(f"Le port {port} ({label}) est déjà utilisé sur {ip} : un autre serveur y répond "
                              f"(un serveur de classe déjà lancé ?). Arrêtez-le, ou choisissez un autre port : "
                              f"make hub {variable}={port + 10}.") from None


def check_sandbox() -> None:
    from reseau.autograde import sandbox

    problem = sandbox.sandbox_problem()
    if problem:
        raise ClasseError("Les serveurs des participants démarrent dans un bac à sable : " + problem)


def lan_address() -> str:
    """This machine's address on its network (no packet is sent), else 127.0.0.1."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("10.255.255.255", 1))
            return s.getsockname()[0]
        except OSError:
            return "127.0.0.1"


# ---------------------------------------------------------------------------------------------
# Command line: make hub


def settings_from_env(args: argparse.Namespace) -> dict:
    return {
        "participants": str(Path(args.participants).resolve()),
        "state": str(Path(args.etat).resolve()),
        "exchange": str(Path(args.echange).resolve()),
        "ip": args.ip,
        "port": args.port,
        "hub_port": args.port_interne,
        "proxy_api_port": args.port_interne + 1,
        "suivi_port": args.port_interne + 2,
        "trainers": args.formateurs,
        "memory_mb": args.memoire_mo,
        "cpus": args.cpu,
        "idle_seconds": args.inactivite,
        "ssl_cert": str(Path(args.certificat).resolve()) if args.certificat else "",
        "ssl_key": str(Path(args.cle).resolve()) if args.cle else "",
    }


def running_hub(state: Path) -> int | None:
    """The pid of a JupyterHub still running on this state folder (its pid file names a live jupyterhub), else None."""
    try:
        pid = int((state / "jupyterhub.pid").read_text().strip())
        command = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except (OSError, ValueError):
        return None
    return pid if any(b"jupyterhub" in part for part in command[:4]) else None


def check_no_running_hub(state: Path) -> None:
    """One classroom per machine: its accounts, exchange and state are the machine's."""
    pid = running_hub(state)
    if pid is not None:
        raise ClasseError(f"Un serveur de classe tourne déjà sur cette machine (processus {pid}, état {state}). "
                          "Arrêtez-le d'abord : Ctrl+C dans son terminal, ou « sudo kill " + str(pid) + " », "
                          "puis relancez make hub.")


def start(args: argparse.Namespace) -> int:
    _require_root()
    settings = settings_from_env(args)
    people = read_class_list(args.participants, args.formateurs)
    if bool(args.certificat) != bool(args.cle):
        raise ClasseError("Pour HTTPS, donnez le certificat ET sa clé : make hub CERTIFICAT=fullchain.pem CLE=privkey.pem.")
    for label, given in (("CERTIFICAT", args.certificat), ("CLE", args.cle)):
        if given and not Path(given).is_file():
            raise ClasseError(f"{label} : fichier introuvable ({given}). Donnez le chemin du fichier PEM.")
    check_no_running_hub(Path(settings["state"]))
    check_port(args.ip, args.port, "adresse des participants", "PORT")
    check_port("127.0.0.1", settings["hub_port"], "API interne du hub", "PORT_INTERNE")
    check_port("127.0.0.1", settings["proxy_api_port"], "API du proxy", "PORT_INTERNE")
    check_port("127.0.0.1", settings["suivi_port"], "suivi en direct", "PORT_INTERNE")
    check_node()
    check_sandbox()
    ensure_proxy()
    created = provision(people)
    precompile_library()
    prepare_exchange(Path(settings["exchange"]))
    prepare_state(Path(settings["state"]))
    (Path(settings["state"]) / "reglages.json").write_text(json.dumps(settings, indent=1), encoding="utf-8")
    participants = [p for p in people if not p.trainer]
    trainers = [p for p in people if p.trainer]
    host = lan_address() if args.ip == "0.0.0.0" else args.ip
    scheme = "https" if args.certificat else "http"
    print(f"Classe : {len(participants)} participant(s), formateur(s) : {', '.join(p.identifier for p in trainers)}"
          + (f" ; comptes créés : {', '.join(created)}" if created else ""))
    print(f"Adresse à donner aux participants : {scheme}://{host}:{args.port}/")
    print("Chacun entre son identifiant et choisit son mot de passe à la première connexion.")
    print(f"Suivi en direct de la salle (formateurs) : {scheme}://{host}:{args.port}/services/suivi/")
    print("Pour arrêter le serveur : Ctrl+C dans ce terminal (comptes, travaux et notes sont conservés).")
    sys.stdout.flush()
    env = dict(os.environ)
    env["RESEAU_HUB_SETTINGS"] = str(Path(settings["state"]) / "reglages.json")
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    cmd = [sys.executable, "-m", "jupyterhub", "-f", str(HERE / "jupyterhub_config.py")]
    # Ctrl+C stops the hub and its services even when make was started in the background (a shell then has
    # the children ignore SIGINT: the services outlived the hub's stop and it waited for them)
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    os.chdir(settings["state"])
    os.execve(sys.executable, cmd, env)
    return 0  # not reached


def _print_end(archive: Path | None, found: Leftovers) -> None:
    if archive is None:
        print("Rien à retirer : la session est déjà terminée (aucun compte, dossier personnel, processus, fichier "
              "d'échange, mot de passe, utilisateur du hub ni groupe de contrôle de la classe).")
        return
    import tarfile

    print(f"Archive de la session : {archive}")
    with tarfile.open(archive) as tar:
        kept = sorted({n.split("/")[1] for n in tar.getnames() if n.count("/") >= 1})
    labels = {"notes.csv": "les notes", "gradebook.db": "le carnet de notes", "rapport": "le rapport de la classe",
              "attestations": "les attestations", "participants.csv": "la liste de la classe"}
    print(f"  elle contient {', '.join(labels.get(k, k) for k in kept)} : gardez-la avec les documents de la formation.")
    rows = [("comptes supprimés", found.accounts), ("dossiers personnels supprimés", found.homes),
            ("processus arrêtés", found.processes), ("fichiers retirés du dossier d'échange", found.exchange),
            ("mots de passe effacés", found.passwords), ("utilisateurs retirés du hub", found.hub_users),
            ("groupes de contrôle supprimés", found.cgroups)]
    for label, items in rows:
        names = [str(Path(i).relative_to("/sys/fs/cgroup")) if i.startswith("/sys/fs/cgroup/")
                 else Path(i).name if "/" in i else i for i in items[:12]]
        shown = ", ".join(names) + (" ..." if len(items) > 12 else "")
        print(f"  {label} : {len(items)}{' (' + shown + ')' if items else ''}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="classe.py", description="Le serveur de classe (JupyterHub) du cours.")
    sub = parser.add_subparsers(dest="command", required=True)
    for name in ("demarrer", "verifier", "retirer", "fin-de-session"):
        p = sub.add_parser(name)
        p.add_argument("--participants", default=str(HERE / "participants.csv"))
        p.add_argument("--formateurs", default="")
        if name in ("demarrer", "fin-de-session"):
            p.add_argument("--etat", default=str(DEFAULT_STATE))
            p.add_argument("--echange", default="")
        if name == "fin-de-session":
            p.add_argument("--archives", default=str(PROJECT_ROOT / "archives"))
            p.add_argument("--session", default="", help="fichier de la session : les attestations sont faites")
            p.add_argument("--sans-attestations", action="store_true")
        if name == "demarrer":
            p.add_argument("--ip", default="0.0.0.0")
            p.add_argument("--port", type=int, default=8000)
            p.add_argument("--port-interne", type=int, default=8081)
            p.add_argument("--memoire-mo", type=int, default=DEFAULT_MEMORY_MB)
            p.add_argument("--cpu", type=float, default=DEFAULT_CPUS)
            p.add_argument("--inactivite", type=int, default=DEFAULT_IDLE_SECONDS)
            p.add_argument("--certificat", default="", help="certificat HTTPS (PEM), avec --cle")
            p.add_argument("--cle", default="", help="clé privée du certificat HTTPS (PEM)")
    args = parser.parse_args(argv)
    try:
        if args.command == "demarrer":
            args.echange = args.echange or str(DEFAULT_EXCHANGE)
            return start(args)
        people = read_class_list(args.participants, args.formateurs)
        if args.command == "verifier":
            print(f"Liste correcte : {sum(not p.trainer for p in people)} participant(s), "
                  f"{sum(p.trainer for p in people)} formateur(s).")
        elif args.command == "retirer":
            removed = remove_accounts(people)
            print(f"Comptes supprimés (avec leur dossier) : {', '.join(removed) or 'aucun'}")
        else:
            state = Path(args.etat)
            exchange = Path(args.echange) if args.echange else _last_exchange(state)
            archive, found = end_session(people, Path(args.participants), state=state, exchange=exchange,
                                         archives=Path(args.archives), session=Path(args.session) if args.session
                                         else None, without_certificates=args.sans_attestations)
            _print_end(archive, found)
    except (ClasseError, ReseauError) as err:
        print(f"Erreur : {err}", file=sys.stderr)
        return 2
    return 0


def _last_exchange(state: Path) -> Path:
    """The exchange the last `make hub` used (written in the state's settings), else nbgrader's default."""
    try:
        return Path(json.loads((state / "reglages.json").read_text(encoding="utf-8"))["exchange"])
    except (OSError, ValueError, KeyError, TypeError):
        return DEFAULT_EXCHANGE


if __name__ == "__main__":
    sys.exit(main())
