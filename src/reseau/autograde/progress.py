"""Progress of a grading run: a bar in a terminal (tqdm), one plain line per learner elsewhere.

In a terminal, the bar shows how many submissions are graded, the elapsed time and an
estimate of the time left, and each learner's line is printed above it.  When the output
is not a terminal (CI, a log file, `make autograde > journal.txt`), there is no bar: one
plain line per learner, as before.
"""

from __future__ import annotations

import sys


class Progress:
    """`line(text)` prints a learner's line; `advance()` counts one submission done."""

    def __init__(self, total: int, *, bar: bool | None = None, quiet: bool = False):
        self.quiet = quiet
        self.bar = None
        if bar is None:
            bar = sys.stdout.isatty() and not quiet
        if bar and total:
            from tqdm import tqdm

            import shutil

            tqdm.monitor_interval = 0  # no monitor thread: workers are forked from this process
            size = shutil.get_terminal_size((0, 0))
            sized = size.columns > 0 and size.lines > 0  # a terminal that says its size (not all do)
            self.bar = tqdm(total=total, desc="Correction", unit=" copie", file=sys.stdout, dynamic_ncols=sized,
                            ncols=None if sized else 100, nrows=None if sized else 24,
                            bar_format="{desc} : {n_fmt}/{total_fmt} copies |{bar}| {elapsed} écoulé, "
                                       "reste ~{remaining}")

    def line(self, text: str) -> None:
        if self.quiet:
            return
        if self.bar is not None:
            self.bar.write(text, file=sys.stdout)
        else:
            print(text, flush=True)

    def advance(self) -> None:
        if self.bar is not None:
            self.bar.update(1)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc) -> bool:
        self.close()
        return False
