"""Charts: published figures and French labels."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from reseau.charts import GRANOVETTER_1974, job_finding_chart  # noqa: E402


def test_granovetter_1974_counts_are_the_published_ones():
    # Getting a Job (1974): of 54 people who found their job through a contact, 9 saw the contact
    # often, 30 occasionally, 15 rarely: 16.7 %, 55.6 %, 27.8 %.
    assert list(GRANOVETTER_1974.values()) == [9, 30, 15]
    assert sum(GRANOVETTER_1974.values()) == 54


def test_job_finding_chart_bars_and_french_labels():
    fig = job_finding_chart()
    try:
        ax = fig.axes[0]
        heights = [round(p.get_height(), 1) for p in ax.patches]
        assert heights == [16.7, 55.6, 27.8]
        assert [t.get_text() for t in ax.get_xticklabels()] == ["souvent", "de temps en temps", "rarement"]
        assert "Granovetter, 1974, 54 personnes" in ax.get_title()
        assert ax.get_ylabel() == "Part des personnes (%)"
    finally:
        plt.close(fig)


def test_job_finding_chart_with_other_counts():
    fig = job_finding_chart({"souvent": 1, "rarement": 3})
    try:
        assert [p.get_height() for p in fig.axes[0].patches] == pytest.approx([25.0, 75.0])
    finally:
        plt.close(fig)
