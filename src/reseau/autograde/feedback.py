"""What a learner's feedback shows: every question's points and the French message of each failed check,
never the hidden tests.

nbgrader's feedback is the graded notebook as HTML: its test cells hold the hidden tests again (their
code, inputs and seeds) and the tracebacks of failed checks quote the lines around the failure.
`HideHiddenTests` (in ``c.GenerateFeedback.preprocessors``, `autograder/nbgrader_config.py`) removes
the hidden region of each test cell, says so in French, and cuts each error of a test cell down to its
message (the check's French sentence).  Visible tests stay as they are.
"""

from __future__ import annotations

from nbgrader import utils
from nbgrader.preprocessors import ClearHiddenTests
from traitlets import Bool, Unicode

#: What stands in a test cell where its hidden tests were.
HIDDEN_NOTE = "# Tests cachés : leur code n'est pas montré ; le message ci-dessous dit ce qui est à revoir."


class HideHiddenTests(ClearHiddenTests):
    """nbgrader's ClearHiddenTests for feedback: hidden regions out, test errors reduced to their message."""

    enforce_metadata = Bool(False, help="A learner's cell may hold the markers: no error for it.").tag(config=True)
    note = Unicode(HIDDEN_NOTE, help="The line that replaces a hidden test region.").tag(config=True)

    def preprocess_cell(self, cell, resources, cell_index):
        if cell.cell_type != "code":
            return cell, resources
        test = utils.is_grade(cell) and not utils.is_solution(cell)
        try:
            removed = self._remove_hidden_test_region(cell)
        except RuntimeError:  # unbalanced markers: a test cell shows nothing, a learner's cell stays
            if not test:
                return cell, resources
            cell.source, removed = "", True
        if removed:
            cell.source = (cell.source.rstrip("\n") + "\n" + self.note).lstrip("\n")
        if test:
            for output in cell.get("outputs", []):
                if output.get("output_type") == "error":
                    output["traceback"] = [f"{output.get('ename', 'Erreur')}: {output.get('evalue', '')}"]
        return cell, resources
