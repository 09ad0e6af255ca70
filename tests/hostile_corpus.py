"""The corpus of hostile submissions (issue 5), built on assignment 06_force_des_liens.

Every in-kernel attack replaces the answer of the last question (`share`, tested by
`test_share_weak`, 1 point) and is written so that, *if the attack worked*, the learner
would get that point (the right value read from the solutions, another learner, the
network, a patched check...).  So a score of 12 / 13 with `test_share_weak` at 0 proves
the attack failed; the rest of the notebook holds the reference answers (12 points).

Tampering with the notebook itself (locked test edited, deleted, retyped, its grade_id
duplicated) comes with a wrong answer (0.5; the right one is about 0.74): nbgrader's
restored test must still catch it.  Files nbgrader cannot read (invalid JSON, empty,
not UTF-8, misnamed, a symbolic link) score 0 / 13 with a reason.  The raw broken files
are real files in tests/fixtures/hostile/.

The attacks know the exact paths (workspace, solutions, another learner's notebook, a
port on 127.0.0.1 served by the test): the worst case, and nothing outside the test's
own temporary folders is targeted if the sandbox were ever broken.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import nbformat

from grading_helpers import ROOT, learner_notebook, notebook_path, write_submission

A1 = "06_force_des_liens"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "hostile"
WRONG_SHARE = "share_weak = 0.5"

#: In-kernel attacks, in the `share` answer cell.  {workspace}, {solutions}, {victim}, {port}
#: are filled in by `build_corpus`.
KERNEL_ATTACKS: dict[str, str] = {
    "boucle_infinie": "while True:\n    pass",
    "boucle_qui_avale_ctrl_c": (
        "while True:\n"
        "    try:\n"
        "        while True:\n"
        "            pass\n"
        "    except KeyboardInterrupt:\n"
        "        pass"
    ),
    "sys_exit": "import sys\nsys.exit(0)",
    "os_exit": "import os\nos._exit(0)",
    "plantage_du_noyau": "import ctypes\nctypes.string_at(0)",
    "bombe_memoire": "_blocs = []\nwhile True:\n    _blocs.append(b'x' * (64 * 2**20))",
    "bombe_fork": (
        "import os, time\n"
        "while True:\n"
        "    if os.fork() == 0:\n"
        "        while True:\n"
        "            time.sleep(1)"
    ),
    "affiche_100_mo": "for _ in range(100):\n    print('x' * 1_000_000)",
    "ecrit_le_carnet_de_notes": (
        "import sqlite3\n"
        "_con = sqlite3.connect(r'{workspace}/gradebook.db')\n"
        "_con.execute('UPDATE grade SET manual_score = 100')\n"
        "_con.commit()\n"
        "share_weak = n_weak / len(scored)"
    ),
    "efface_le_carnet_de_notes": (
        "import os\n"
        "os.remove(r'{workspace}/gradebook.db')\n"
        "share_weak = n_weak / len(scored)"
    ),
    "lit_les_solutions": (
        "import json\n"
        "_nb = json.load(open(r'{solutions}/06_force_des_liens/force_des_liens.ipynb', encoding='utf-8'))\n"
        "_cell = [c for c in _nb['cells'] if c['metadata'].get('nbgrader', {{}}).get('grade_id') == 'share'][0]\n"
        "exec(''.join(_cell['source']))"
    ),
    "lit_un_autre_apprenant": (
        "import json\n"
        "_nb = json.load(open(r'{victim}', encoding='utf-8'))\n"
        "_cell = [c for c in _nb['cells'] if c['metadata'].get('nbgrader', {{}}).get('grade_id') == 'share'][0]\n"
        "exec(''.join(_cell['source']))"
    ),
    "reseau": (
        "import socket\n"
        "_s = socket.create_connection(('127.0.0.1', {port}), timeout=3)\n"
        "share_weak = float(_s.recv(64).decode())"
    ),
    "objet_egal_a_tout": (
        "class _Tout:\n"
        "    def __eq__(self, other):\n"
        "        return True\n"
        "    __le__ = __ge__ = __eq__\n"
        "    def __hash__(self):\n"
        "        return 0\n"
        "share_weak = _Tout()"
    ),
    "sous_classe_de_float": (
        "class _Faux(float):\n"
        "    def __eq__(self, other):\n"
        "        return True\n"
        "    __hash__ = float.__hash__\n"
        "share_weak = _Faux(0.5)"
    ),
    "redefinit_les_noms_des_tests": (
        "import reseau.grading, reseau.ties\n"
        "reseau.grading.check_real = lambda *a, **k: None\n"
        "reseau.ties.network_profile = lambda *a, **k: {{'share_weak': 0.5}}\n"
        "def check_real(*a, **k):\n"
        "    return None\n"
        "share_weak = 0.5"
    ),
}

#: Tampering with the notebook's cells (with a wrong answer).
TAMPERING = ["modifie_un_test_verrouille", "supprime_un_test_verrouille", "change_le_type_d_une_cellule",
             "grade_id_en_double"]

#: Files nbgrader cannot grade: 0 / 13 and the French reason expected (a substring).
UNREADABLE: dict[str, str] = {
    "json_invalide": "JSON invalide",
    "fichier_vide": "vide",
    "non_utf8": "UTF-8",
    "mauvais_nom": "mal nommé",
    "lien_symbolique": "lien symbolique",
}

#: The honest learners and their hand-worked scores (see test_grading_cycle.py).
HONEST = {"alice": 13, "chloe": 10, "david": 6}
PARTIAL = {
    "weak_only": 'weak_only_sectors = sorted(set(scored.loc[scored["tie"] == "faible", "sector"]))',
    "share": "share_weak = n_weak / (n_strong + n_weak)",
}
BROKEN_SCORED = 'contacts = load_contacts()\nraise ValueError("oups")\nscored = contacts'


def _tampered(case: str):
    nb = learner_notebook(A1, {"share": WRONG_SHARE})
    idx = next(i for i, c in enumerate(nb.cells) if c.metadata.get("nbgrader", {}).get("grade_id") == "test_share_weak")
    cell = nb.cells[idx]
    if case == "modifie_un_test_verrouille":
        cell.source = "# test neutralisé\npass"
    elif case == "supprime_un_test_verrouille":
        del nb.cells[idx]
    elif case == "change_le_type_d_une_cellule":
        nb.cells[idx] = nbformat.v4.new_markdown_cell(cell.source, metadata=cell.metadata)
    elif case == "grade_id_en_double":
        fake = nbformat.v4.new_code_cell("pass", metadata=dict(cell.metadata))
        nb.cells.insert(idx + 1, fake)
    else:
        raise ValueError(case)
    return nb


def build_corpus(ws: Path, *, port: int) -> dict[str, str]:
    """Write every honest and hostile submission into workspace `ws`; return {learner: kind}."""
    kinds: dict[str, str] = {}
    write_submission(ws, "alice", A1, learner_notebook(A1))
    write_submission(ws, "chloe", A1, learner_notebook(A1, PARTIAL))
    write_submission(ws, "david", A1, learner_notebook(A1, {"scored": BROKEN_SCORED}))
    kinds.update({name: "honnête" for name in HONEST})
    victim = ws / "submitted" / "alice" / A1 / notebook_path(A1).name
    values = {"workspace": str(ws), "solutions": str(ROOT / "solutions"), "victim": str(victim), "port": port}
    for case, code in KERNEL_ATTACKS.items():
        write_submission(ws, case, A1, learner_notebook(A1, {"share": code.format(**values)}))
        kinds[case] = "noyau"
    for case in TAMPERING:
        write_submission(ws, case, A1, _tampered(case))
        kinds[case] = "falsification"
    name = notebook_path(A1).name
    for case in UNREADABLE:
        dest = ws / "submitted" / case / A1
        dest.mkdir(parents=True, exist_ok=True)
        if case == "json_invalide":
            shutil.copyfile(FIXTURES / "json_invalide.ipynb", dest / name)
        elif case == "fichier_vide":
            shutil.copyfile(FIXTURES / "vide.ipynb", dest / name)
        elif case == "non_utf8":
            shutil.copyfile(FIXTURES / "non_utf8.ipynb", dest / name)
        elif case == "mauvais_nom":
            nbformat.write(learner_notebook(A1), dest / "force_des_liens (1).ipynb")
        elif case == "lien_symbolique":
            os.symlink(ROOT / "solutions" / A1 / name, dest / name)
        kinds[case] = "illisible"
    return kinds
