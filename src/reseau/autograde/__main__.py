"""`python -m reseau.autograde <command>`: the trainer's grading cycle (see `reseau.autograde.cli`)."""

import sys

# jsonschema, which nbformat (so nbgrader) imports, loads the optional `rfc3987_syntax` for its "iri"
# format checks, and that module compiles 38 grammars when imported: two seconds at the start of
# every grading command, a learner's self-check included.  Neither nbformat nor nbgrader checks
# formats, so the grading commands do without it (jsonschema then simply lacks that checker).
sys.modules.setdefault("rfc3987_syntax", None)

from .cli import main  # noqa: E402

sys.exit(main())
