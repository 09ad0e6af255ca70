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


def test_network_chart_colours_members_by_club_so_ties_between_clubs_show():
    """Two clubs of three (a triangle each) joined by one weak tie: one colour per club, a legend per club."""
    import networkx as nx

    from reseau.charts import network_chart
    from reseau.errors import ReseauError

    G = nx.Graph()
    for club, members in (("C01", "abc"), ("C02", "def")):
        for m in members:
            G.add_node(m, club_id=club)
    G.add_edges_from([("a", "b"), ("b", "c"), ("a", "c"), ("d", "e"), ("e", "f"), ("d", "f")], tie="fort")
    G.add_edge("c", "d", tie="faible")
    fig = network_chart(G, colour_by="club_id", group_names={"C01": "Club des Alouettes", "C02": "Club du Ternois"})
    try:
        ax = fig.axes[0]
        (nodes,) = [c for c in ax.collections if c.get_offsets().shape[0] == 6 and len(c.get_facecolors()) == 6]
        colours = [tuple(c) for c in nodes.get_facecolors()]
        assert colours[0] == colours[1] == colours[2] and colours[3] == colours[4] == colours[5]
        assert colours[0] != colours[3]
        legend_texts = {t.get_text() for legend in [ax.get_legend(), *ax.artists] if legend is not None
                        for t in legend.get_texts()}
        assert {"Club des Alouettes", "Club du Ternois", "lien fort (6)", "lien faible (1)"} <= legend_texts
    finally:
        plt.close(fig)
    G.nodes["f"].pop("club_id")
    with pytest.raises(ReseauError, match="« f » n'a pas d'attribut « club_id »"):
        network_chart(G, colour_by="club_id")


def test_a_labelled_network_shows_each_name_in_dark_type_beside_its_node():
    import matplotlib.colors as mcolors
    import networkx as nx

    from reseau.charts import network_chart
    from reseau.network import co_attendance

    davis = co_attendance(nx.davis_southern_women_graph())
    fig = network_chart(davis, weight="weight", labels=True, title="Femmes du Sud")
    try:
        texts = [t for t in fig.axes[0].texts if t.get_text()]
        names = {t.get_text() for t in texts}
        assert len(names) == 18 and {"Ruth DeSand", "Evelyn Jefferson", "Nora Fayette"} <= names
        for t in texts:  # dark on a light box: legible over the lines, and in black and white
            assert sum(mcolors.to_rgb(t.get_color())) < 0.6
            assert t.get_bbox_patch() is not None and sum(mcolors.to_rgb(t.get_bbox_patch().get_facecolor())) > 2.9
    finally:
        import matplotlib.pyplot as plt

        plt.close(fig)
