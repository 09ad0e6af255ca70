"""The class report's charts: the score histograms count whole learners."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402

from reseau.autograde.report import score_histogram  # noqa: E402


def test_a_histogram_counts_whole_learners_on_whole_points():
    # three learners on a quiz out of 8: 5, 5 and 7,5 (a half point counts with the point below: 7)
    fig = score_histogram([5.0, 5.0, 7.5], 8.0, "05_quiz_force_des_liens")
    try:
        ax = fig.axes[0]
        heights = {round(p.get_x() + p.get_width() / 2): p.get_height() for p in ax.patches if p.get_height()}
        assert heights == {5: 2, 7: 1}
        bottom, top = ax.get_ylim()
        ticks = [t for t in ax.get_yticks() if bottom <= t <= top]
        assert ticks and all(float(t).is_integer() for t in ticks), ticks  # no « 0,5 apprenant »
        left, right = ax.get_xlim()
        assert all(float(t).is_integer() for t in ax.get_xticks() if left <= t <= right)
        assert ax.get_ylabel() == "Nombre d'apprenants" and ax.get_xlabel() == "Note (points sur 8)"
    finally:
        plt.close(fig)


def test_one_learner_alone_gives_whole_ticks_too():
    fig = score_histogram([3.0], 13.0, "06_force_des_liens")
    try:
        ax = fig.axes[0]
        bottom, top = ax.get_ylim()
        ticks = [t for t in ax.get_yticks() if bottom <= t <= top]
        assert ticks == [0.0, 1.0]  # before: 0,0 0,2 0,4 ... 1,0
    finally:
        plt.close(fig)
