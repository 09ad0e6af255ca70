"""Cheating on one's own grade from inside the learner's kernel gains nothing: the tests run in the judge.

Each cheater answers everything right except the share of weak ties (1 point): if the
trick worked, they would get 13 / 13; parried, they get 12 / 13, as an honest learner with
the same mistake.
"""

from __future__ import annotations


import pytest

from grading_helpers import learner_notebook, write_submission
from reseau import autograde as ag

pytestmark = pytest.mark.bac_a_sable  # skipped without bubblewrap (French line), mandatory under CI=true

A1 = "06_force_des_liens"
WRONG_SHARE = {"share": "share_weak = 0.5"}

# every closeness check passes
PATCH_ISCLOSE = "import math\nmath.isclose = lambda *a, **k: True\n"
# test cells rewritten to `pass` (they would be, if they ran in the learner's kernel)
TRANSFORMER = '''
def _t(lines):
    src = "".join(lines)
    if "check_" in src or "assert" in src:
        return ["pass\\n"]
    return lines
get_ipython().input_transformers_post.append(_t)
'''


def _cheater(trick: str):
    nb = learner_notebook(A1, WRONG_SHARE)
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == "tie_strength":
            cell.source = trick + cell.source
    return nb


def test_known_tricks_do_not_earn_points(tmp_path, monkeypatch, new_workspace):
    monkeypatch.delenv("RESEAU_NO_SANDBOX", raising=False)
    ws = tmp_path / "ws"
    new_workspace(ws)
    write_submission(ws, "honnete", A1, learner_notebook(A1, WRONG_SHARE))
    write_submission(ws, "isclose", A1, _cheater(PATCH_ISCLOSE))
    write_submission(ws, "transfo", A1, _cheater(TRANSFORMER))
    ag.autograde(workspace=ws)
    totals: dict[str, float] = {}
    for s in ag.gradebook_scores(workspace=ws):
        totals[s.student] = totals.get(s.student, 0) + s.score
    assert totals == {"honnete": 12, "isclose": 12, "transfo": 12}


BIG_OUTPUTS = '''
from IPython.display import display
display("petit", metadata={"m": "y" * 30_000_000})
_h = display("a", display_id=True)
_h.update("z" * 30_000_000)
'''
BIG_ERROR = 'raise Exception("x" * 30_000_000)\n'


def test_output_cap_counts_errors_metadata_and_display_updates(tmp_path, monkeypatch, new_workspace):
    """Huge outputs by other routes than print are capped too: the graded notebook stays small."""
    monkeypatch.delenv("RESEAU_NO_SANDBOX", raising=False)
    ws = tmp_path / "ws"
    new_workspace(ws)
    nb = learner_notebook(A1)
    for cell in nb.cells:
        gid = cell.metadata.get("nbgrader", {}).get("grade_id")
        if gid == "tie_strength":
            cell.source = BIG_OUTPUTS + cell.source
        if gid == "share":  # the share of weak ties is never defined: that question (1 point) is lost
            cell.source = BIG_ERROR
    write_submission(ws, "bavard", A1, nb)
    write_submission(ws, "honnete", A1, learner_notebook(A1))
    ag.autograde(workspace=ws)
    totals: dict[str, float] = {}
    for s in ag.gradebook_scores(workspace=ws):
        totals[s.student] = totals.get(s.student, 0) + s.score
    assert totals == {"bavard": 12, "honnete": 13}
    graded = ws / "autograded" / "bavard" / A1 / "force_des_liens.ipynb"
    assert graded.stat().st_size < 5_000_000, graded.stat().st_size
