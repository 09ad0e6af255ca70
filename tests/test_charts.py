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
        clubs = {c.get_label(): c for c in ax.collections if c.get_label() in ("Club des Alouettes", "Club du Ternois")}
        assert {k: c.get_offsets().shape[0] for k, c in clubs.items()} == {"Club des Alouettes": 3, "Club du Ternois": 3}
        alouettes, ternois = (tuple(c.get_facecolors()[0]) for c in clubs.values())
        assert alouettes != ternois
        assert _grey(alouettes) < 0.2 and _grey(ternois) > 0.8  # two groups: the darkest and the lightest grey
        legend_texts = {t.get_text() for legend in [ax.get_legend(), *ax.artists] if legend is not None
                        for t in legend.get_texts()}
        assert {"Club des Alouettes", "Club du Ternois", "lien fort : trait plein épais (6)",
                "lien faible : trait fin pointillé (1)"} <= legend_texts
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


# --------------------------------------------------------------------------- legible printed in black and white
def _grey(rgba) -> float:
    """The grey level (0 black, 1 white) a colour prints as: ITU-R BT.601 luma, as a greyscale print renders it."""
    return 0.299 * rgba[0] + 0.587 * rgba[1] + 0.114 * rgba[2]


def _greyscale_render(fig):
    """The figure drawn by Agg, converted to grey levels (rows from the top, values 0 to 1)."""
    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    rgba = np.asarray(canvas.buffer_rgba(), dtype=float) / 255
    return rgba[..., :3] @ np.array([0.299, 0.587, 0.114])


def test_community_graph_of_module_4_reads_in_black_and_white():
    """Module 4 § 4.4: ten clubs told apart without colour (one marker shape each, fills far apart in grey, as
    measured on the rendered figure), strong and weak ties by line style and width, legends naming both."""
    import itertools

    import numpy as np
    from matplotlib.collections import LineCollection, PathCollection

    from reseau.charts import network_chart
    from reseau.data import load_clubs, load_community

    community = load_community()
    clubs = load_clubs()
    every_name = dict(zip(clubs["club_id"], clubs["name"]))  # as module 4 passes it: all 21 clubs of the data set
    fig = network_chart(community, colour_by="club_id", group_names=every_name, title="Communauté")
    names = {c: every_name[c] for _, c in community.nodes(data="club_id")}  # the ten clubs of the community
    try:
        ax = fig.axes[0]
        grey = _greyscale_render(fig)
        height = grey.shape[0]
        groups = {c.get_label(): c for c in ax.collections if isinstance(c, PathCollection)}
        assert set(groups) == set(names.values())  # one collection of nodes per club, named after it
        members = {names[c]: sum(1 for _, v in community.nodes(data="club_id") if v == c) for c in names}
        assert {k: c.get_offsets().shape[0] for k, c in groups.items()} == members

        # 1. one marker shape per club: ten different outlines
        shapes = {k: c.get_paths()[0].vertices.round(3).tobytes() for k, c in groups.items()}
        assert len(set(shapes.values())) == 10

        # 2. grey levels read off the rendered pixels at the members' centres (median over the club's members, as
        # a neighbour's marker may cover one), equal to the fill's luma, and far apart from club to club
        printed = {}
        for name, coll in groups.items():
            xy = ax.transData.transform(coll.get_offsets())
            pixels = [grey[height - 1 - int(round(y)), int(round(x))] for x, y in xy]
            printed[name] = float(np.median(pixels))
            assert abs(printed[name] - _grey(coll.get_facecolors()[0])) < 0.03, name
        gaps = [abs(printed[a] - printed[b]) for a, b in itertools.combinations(printed, 2)]
        assert min(gaps) > 0.06, sorted(printed.items(), key=lambda kv: kv[1])
        assert max(printed.values()) - min(printed.values()) > 0.6  # from dark to light
        legend_order = [t.get_text() for t in ax.get_legend().get_texts()]
        assert legend_order == [names[c] for c in sorted(names)]
        for a, b in zip(legend_order, legend_order[1:]):  # next to each other in the legend: very different greys
            assert abs(printed[a] - printed[b]) > 0.3, (a, b)
        legend_shapes = [h.get_marker() for h in ax.get_legend().legend_handles]
        assert len(set(legend_shapes)) == 10  # the legend shows each club's shape

        # 3. ties: strong solid and thick, weak dashed and thin; the tie legend says so in words
        lines = [c for c in ax.collections if isinstance(c, LineCollection)]
        by_width = {round(float(c.get_linewidths()[0]), 1): c for c in lines}
        strong, weak = by_width[2.2], by_width[0.9]
        ties = [t for _, _, t in community.edges(data="tie")]
        assert len(strong.get_segments()) == ties.count("fort") and len(weak.get_segments()) == ties.count("faible")
        (strong_style,), (weak_style,) = strong.get_linestyle(), weak.get_linestyle()
        assert strong_style[1] is None and weak_style[1] is not None and len(weak_style[1]) >= 2
        tie_words = [t.get_text() for t in ax.artists[0].get_texts()]
        assert tie_words == [f"lien fort : trait plein épais ({ties.count('fort')})",
                             f"lien faible : trait fin pointillé ({ties.count('faible')})"]
    finally:
        plt.close(fig)


def test_tie_classes_are_hatched_and_removal_orders_drawn_apart_without_colour():
    """Module 3's strength histogram: each class its own hatching; module 4's removal chart: each order its own
    line style and marker."""
    from reseau.charts import TIE_HATCHES, removal_chart, strength_chart
    from reseau.data import load_community, load_contacts
    from reseau.network import removal_curve
    from reseau.ties import score_contacts

    fig = strength_chart(score_contacts(load_contacts()))
    try:
        ax = fig.axes[0]
        bars = [{b.get_hatch() for b in container} for container in ax.containers]  # absent, faible, fort
        assert bars == [{TIE_HATCHES["absent"]}, {TIE_HATCHES["faible"]}, {TIE_HATCHES["fort"]}]
        assert len({TIE_HATCHES[t] for t in ("absent", "faible", "fort")}) == 3
        legend = ax.get_legend()  # the legend's swatches carry the same hatching as the bars
        assert [(t.get_text().split(" (")[0], h.get_hatch()) for t, h in zip(legend.get_texts(), legend.legend_handles)] \
            == [("lien absent", TIE_HATCHES["absent"]), ("lien faible", "///"), ("lien fort", "xx")]
    finally:
        plt.close(fig)
    community = load_community()
    curves = {order: removal_curve(community, order=order, steps=5) for order in ("weak_first", "strong_first")}
    fig = removal_chart(curves)
    try:
        weak, strong = fig.axes[0].get_lines()[:2]
        assert weak.get_linestyle() != strong.get_linestyle() and weak.get_marker() != strong.get_marker()
    finally:
        plt.close(fig)
