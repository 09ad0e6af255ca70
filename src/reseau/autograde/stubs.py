"""nbgrader's ClearSolutions, taught the quizzes' placeholder line.

A solution region that comes right after a placeholder line such as `reponse_3 = ...` is removed without
the usual code stub (« # VOTRE CODE ICI / raise NotImplementedError »): the placeholder already says what
to type, so the learner sees one line, `reponse_3 = ...`.  Every other solution region gets the stub as
before.  `autograder/nbgrader_config.py` puts this class in place of ClearSolutions in GenerateAssignment.
"""

from __future__ import annotations

import re

from nbgrader.preprocessors import ClearSolutions

PLACEHOLDER = re.compile(r"^\s*[A-Za-z_]\w*\s*=\s*\.\.\.\s*(#.*)?$")


class ClearSolutionsAfterPlaceholder(ClearSolutions):
    """ClearSolutions, except that a region after a `name = ...` line leaves no stub."""

    def _replace_solution_region(self, cell, language):
        lines = cell.source.split("\n")
        kept, in_region, removed, placeholder_regions = [], False, False, False
        for line in lines:
            if not in_region and self.begin_solution_delimeter in line:
                previous = next((x for x in reversed(kept) if x.strip()), "")
                if PLACEHOLDER.match(previous):
                    in_region, removed, placeholder_regions = True, True, True
                    continue
                kept.append(line)
            elif in_region:
                if self.end_solution_delimeter in line:
                    in_region = False
            else:
                kept.append(line)
        if in_region:
            raise RuntimeError("no end solution delimiter")
        if placeholder_regions:
            cell.source = "\n".join(kept)
        replaced = super()._replace_solution_region(cell, language)
        return replaced or removed


def preprocessors(default: list) -> list:
    """GenerateAssignment's preprocessor list with ClearSolutions replaced by ClearSolutionsAfterPlaceholder."""
    return [ClearSolutionsAfterPlaceholder if p is ClearSolutions else p for p in default]
