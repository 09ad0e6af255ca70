"""`python -m reseau.autograde <command>`: the trainer's grading cycle (see `reseau.autograde.cli`)."""

import sys

from .cli import main

sys.exit(main())
