"""The course's charts (matplotlib), with French titles, axis labels and units.

Every function returns a `matplotlib.figure.Figure` built without pyplot, so nothing is
shown twice in a notebook and nothing is left open in pyplot's registry; none calls
`plt.show()`.  A notebook displays the returned figure as the cell's value.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter

from .errors import ReseauError
from .fmt import euros, number, percents

if TYPE_CHECKING:  # networkx is imported where a graph is drawn or built: modules 0 to 3 never need it
    import networkx as nx

__all__ = [
    "TIE_COLOURS",
    "GRANOVETTER_1974",
    "ORDER_LABELS",
    "TIE_HATCHES",
    "TIE_LINES",
    "GROUP_MARKERS",
    "group_styles",
    "figure_png",
    "campaign_chart",
    "campaign_bars_html",
    "strength_chart",
    "removal_chart",
    "network_chart",
    "job_finding_chart",
]

#: One colour per tie class, used by every chart.
TIE_COLOURS: dict[str, str] = {"fort": "#c0392b", "faible": "#2e86c1", "absent": "#aab7b8"}

#: What tells the tie classes apart where colour is lost (a handout printed in black and white): the hatching of
#: their bars in `strength_chart`, and the line of their edges in `network_chart` (style, width).
TIE_HATCHES: dict[str, str] = {"absent": "", "faible": "///", "fort": "xx"}
TIE_LINES: dict[str, dict[str, Any]] = {"fort": {"style": "solid", "width": 2.2},
                                        "faible": {"style": "dashed", "width": 0.9}}

#: One marker shape per group of `network_chart` (e.g. per club): ten shapes for ten clubs, told apart without colour.
GROUP_MARKERS: tuple[str, ...] = ("o", "s", "^", "D", "v", "p", "*", "h", "X", "P")
#: The outline of every node: dark, so that a light-filled node stays visible on white paper.
NODE_EDGE = "#1b2631"

#: Granovetter, Getting a Job (1974): how often the 54 job-finders who found their job
#: through a contact saw that contact (counts; shares 16.7 / 55.6 / 27.8 %).
GRANOVETTER_1974: dict[str, int] = {"souvent": 9, "de temps en temps": 30, "rarement": 15}

#: French names of the two removal orders of `reseau.network.removal_curve`.
ORDER_LABELS: dict[str, str] = {
    "weak_first": "liens faibles retirés d'abord",
    "strong_first": "liens forts retirés d'abord",
}


def figure_png(fig: Figure, dpi: int = 80) -> bytes:
    """The figure as PNG bytes (for an `ipywidgets.Image`)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


def _figure(width: float = 7.0, height: float = 4.0) -> Figure:
    return Figure(figsize=(width, height), layout="constrained")


def _french_ticks(fig: Figure, *, x: bool = True) -> Figure:
    """Decimal commas on the numeric axes ("0,2", "1 500"); `x=False` for category bars."""
    formatter = FuncFormatter(lambda value, _pos: number(value, 2, strip=True))
    for ax in fig.axes:
        ax.yaxis.set_major_formatter(formatter)
        if x:
            ax.xaxis.set_major_formatter(formatter)
    return fig


def campaign_chart(comparison: pd.DataFrame) -> Figure:
    """Bars comparing the club with a campaign (the table of `budget.compare_to_campaign`).

    Left: the yearly cost (€ per year); right: the cost of one new contact (€ per contact).
    """
    needed = {"annual_cost", "new_contacts", "cost_per_contact"}
    if not isinstance(comparison, pd.DataFrame) or not needed.issubset(comparison.columns):
        raise ReseauError(
            "Attendu : le tableau rendu par compare_to_campaign(...) (colonnes annual_cost, new_contacts, "
            "cost_per_contact).",
            value=type(comparison).__name__,
        )
    names = {"club": "Club", "campagne": "Campagne téléphonique"}
    labels = [names.get(str(i), str(i)) for i in comparison.index]
    colours = ["#1f618d", "#d68910", "#7d3c98", "#239b56"][: len(labels)]
    fig = _figure(8, 3.6)
    ax_cost, ax_unit = fig.subplots(1, 2)
    for ax, column, title, unit in (
        (ax_cost, "annual_cost", "Coût total sur un an", "Coût (€ par an)"),
        (ax_unit, "cost_per_contact", "Coût d'un nouveau contact", "Coût (€ par nouveau contact)"),
    ):
        values = comparison[column].to_numpy(dtype=float)
        bars = ax.bar(labels, values, color=colours)
        ax.set_title(title)
        ax.set_ylabel(unit)
        top = float(np.nanmax(values)) if len(values) else 0.0
        ax.set_ylim(0, top * 1.2 if top > 0 else 1)
        for bar, value in zip(bars, values):
            ax.annotate(
                euros(value),
                (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                ha="center",
                va="bottom",
                fontsize=9,
            )
    fig.suptitle("Le club comparé à une campagne téléphonique")
    return _french_ticks(fig, x=False)


def campaign_bars_html(comparison: pd.DataFrame) -> str:
    """The same comparison as `campaign_chart`, as light HTML bars (for a live widget: < 1 ms).

    Rendering a matplotlib figure takes about 0.1 s, too slow for a slider; these bars
    carry the same French titles, labels and units.
    """
    needed = {"annual_cost", "cost_per_contact"}
    if not isinstance(comparison, pd.DataFrame) or not needed.issubset(comparison.columns):
        raise ReseauError(
            "Attendu : le tableau rendu par compare_to_campaign(...) (colonnes annual_cost, cost_per_contact).",
            value=type(comparison).__name__,
        )
    names = {"club": "Club", "campagne": "Campagne téléphonique"}
    colours = {"club": "#1f618d", "campagne": "#d68910"}
    parts = ["<div style='font-size:13px'><b>Le club comparé à une campagne téléphonique</b>"]
    for column, title in (("annual_cost", "Coût total sur un an (€ par an)"),
                          ("cost_per_contact", "Coût d'un nouveau contact (€ par nouveau contact)")):
        values = comparison[column].astype(float)
        top = float(values.max()) if len(values) and values.max() > 0 else 1.0
        parts.append(f"<div style='margin-top:6px'>{title}</div>")
        for option, value in values.items():
            width = max(0.0, 100.0 * value / top)
            parts.append(
                "<div style='display:flex;align-items:center;gap:6px;margin:2px 0'>"
                f"<span style='width:170px'>{names.get(str(option), str(option))}</span>"
                f"<span style='display:inline-block;height:14px;width:{width * 3:.0f}px;"
                f"background:{colours.get(str(option), '#7f8c8d')}'></span>"
                f"<span>{euros(value)}</span></div>"
            )
    parts.append("</div>")
    return "".join(parts)


def strength_chart(scored: pd.DataFrame, *, bins: int = 16) -> Figure:
    """Distribution of tie strengths (result of `ties.score_contacts`), coloured by class."""
    from .ties import STRONG_MIN, WEAK_MIN

    if not isinstance(scored, pd.DataFrame) or not {"strength", "tie"}.issubset(scored.columns):
        raise ReseauError(
            "Attendu : les contacts notés par score_contacts(...) (colonnes strength et tie).",
            value=type(scored).__name__,
        )
    fig = _figure(7, 3.8)
    ax = fig.subplots()
    edges = np.linspace(0, 1, bins + 1)
    data = [scored.loc[scored["tie"] == t, "strength"].to_numpy(dtype=float) for t in ("absent", "faible", "fort")]
    _, _, bar_sets = ax.hist(
        data,
        bins=edges,
        stacked=True,
        color=[TIE_COLOURS[t] for t in ("absent", "faible", "fort")],
        label=[f"lien {t} ({len(d)})" for t, d in zip(("absent", "faible", "fort"), data)],
        edgecolor="white",
    )
    for tie, bars in zip(("absent", "faible", "fort"), bar_sets):  # hatched: the classes stay apart in grey
        for bar in bars:
            bar.set_hatch(TIE_HATCHES[tie])
    for threshold, text in ((WEAK_MIN, "seuil faible"), (STRONG_MIN, "seuil fort")):
        ax.axvline(threshold, color="black", linestyle=":", linewidth=1)
        ax.annotate(f"{text} ({number(threshold, 3, strip=True)})", (threshold, 0.97),
                    xycoords=("data", "axes fraction"), rotation=90, ha="right", va="top", fontsize=8)
    ax.set_xlim(0, 1)
    ax.set_xlabel("Force du lien (0 = aucun lien, 1 = lien le plus fort)")
    ax.set_ylabel("Nombre de contacts")
    ax.set_title(f"Force des liens de {len(scored)} contacts")
    ax.legend(loc="upper right", fontsize=8)
    return _french_ticks(fig)


def removal_chart(curves: Mapping[str, pd.DataFrame], *, marker: float | None = None) -> Figure:
    """Share of members left in the largest group as ties are removed, one line per order.

    `curves` maps "weak_first" / "strong_first" to tables of `network.removal_curve`
    (columns removed_share and giant_share, both in [0, 1]).
    """
    styles = {"weak_first": (TIE_COLOURS["faible"], "-", "o"), "strong_first": (TIE_COLOURS["fort"], "--", "s")}
    fig = _figure(7, 4)
    ax = fig.subplots()
    for order, table in curves.items():
        colour, style, shape = styles.get(order, ("grey", "-", "o"))
        ax.plot(
            100 * table["removed_share"].to_numpy(dtype=float),
            100 * table["giant_share"].to_numpy(dtype=float),
            style,
            marker=shape,
            markersize=3,
            color=colour,
            label=ORDER_LABELS.get(order, order),
        )
    if marker is not None:
        ax.axvline(100 * marker, color="black", linestyle=":", linewidth=1)
    ax.set_xlim(0, 100)
    ax.set_ylim(0, 105)
    ax.set_xlabel("Part des liens retirés (%)")
    ax.set_ylabel("Membres dans le plus grand groupe (%)")
    ax.set_title("Que reste-t-il du réseau quand on retire des liens ?")
    ax.legend(loc="lower left")
    ax.grid(alpha=0.3)
    return _french_ticks(fig)


def group_styles(groups: list) -> dict[Any, tuple[str, tuple[float, float, float, float]]]:
    """{group: (marker, fill colour)} for the groups of `network_chart`, legible in black and white.

    Each group has its own marker shape (`GROUP_MARKERS`, cycled beyond ten) and a fill taken from viridis at
    grey levels spread evenly from dark to light (Rec. 601 luma, what a greyscale print keeps), interleaved so
    that groups next to each other in the legend get far-apart greys: with ten clubs, two fills differ by at
    least 0.07 of the grey scale (0.4 between neighbours in the legend), and by shape anyway."""
    cmap = matplotlib.colormaps["viridis"]
    xs = np.linspace(0.0, 1.0, 256)
    luma = cmap(xs)[:, :3] @ _LUMA  # increasing along viridis
    n = len(groups)
    levels = np.linspace(luma[0], luma[-1], n) if n > 1 else np.array([luma[0]])
    half = (n + 1) // 2
    order = [k for pair in zip(range(half), range(half, n)) for k in pair] + ([half - 1] if n % 2 else [])
    return {g: (GROUP_MARKERS[i % len(GROUP_MARKERS)],
                tuple(float(x) for x in cmap(float(np.interp(levels[order[i]], luma, xs)))))
            for i, g in enumerate(groups)}


#: Weights of R, G, B in a grey level (ITU-R BT.601 luma, as a black and white print or photocopy renders colours).
_LUMA = np.array([0.299, 0.587, 0.114])


def _marker_size(marker: str, size: float) -> float:
    """Stars and crosses look smaller than a disc of the same area: drawn a little larger."""
    return size * {"*": 1.8, "X": 1.2, "P": 1.2}.get(marker, 1.0)


def network_chart(
    G: nx.Graph,
    *,
    title: str = "Le réseau de la communauté",
    tie_attr: str = "tie",
    weight: str | None = None,
    labels: bool = False,
    seed: int = 7,
    pos: Mapping | None = None,
    colour_by: str | None = None,
    group_names: Mapping[Any, str] | None = None,
    group_title: str = "Club",
) -> Figure:
    """Draw a network with strong ties (thick solid red lines) told apart from weak ties (thin dashed blue).

    Edges without `tie_attr` are drawn grey, with a width growing with `weight` when given.
    `colour_by`: a node attribute (e.g. "club_id"); members of one group share a marker shape and a fill, so the
    ties between groups can be seen; `group_names` gives the legend's words for each value (e.g. club names),
    `group_title` the legend's title.  Everything stays legible printed in black and white: groups differ by
    shape and grey level (`group_styles`), ties by line style and width (`TIE_LINES`), and the legends name both.
    """
    import networkx as nx

    if not isinstance(G, nx.Graph) or G.number_of_nodes() == 0:
        raise ReseauError(
            "Attendu : un réseau networkx non vide (par exemple load_community()).",
            value=type(G).__name__,
        )
    fig = _figure(7.5, 6)
    ax = fig.subplots()
    if pos is None:
        pos = nx.spring_layout(G, seed=seed, weight=weight)
    groups: dict[str, list] = {"fort": [], "faible": [], "autre": []}
    for u, v, data in G.edges(data=True):
        tie = data.get(tie_attr)
        if tie == "absent":
            continue
        groups[tie if tie in ("fort", "faible") else "autre"].append((u, v))
    if groups["autre"]:
        widths = [1.0] * len(groups["autre"])
        if weight is not None:
            values = np.array([G.edges[e].get(weight, 1.0) for e in groups["autre"]], dtype=float)
            widths = list(0.5 + 3.5 * values / values.max()) if values.max() > 0 else widths
        nx.draw_networkx_edges(G, pos, edgelist=groups["autre"], width=widths, edge_color="#7f8c8d", alpha=0.7, ax=ax)
    for tie, alpha in (("faible", 0.8), ("fort", 1.0)):
        if groups[tie]:
            nx.draw_networkx_edges(G, pos, edgelist=groups[tie], width=TIE_LINES[tie]["width"],
                                   style=TIE_LINES[tie]["style"], edge_color=TIE_COLOURS[tie], alpha=alpha, ax=ax)
    size = 60 if not labels else 90
    group_handles = []
    if colour_by is None:
        nx.draw_networkx_nodes(G, pos, node_size=size, node_color="#34495e", edgecolors=NODE_EDGE, linewidths=0.5,
                               ax=ax)
    else:
        values = {n: G.nodes[n].get(colour_by) for n in G.nodes}
        missing = [n for n, v in values.items() if v is None]
        if missing:
            raise ReseauError(
                f"Le membre « {missing[0]} » n'a pas d'attribut « {colour_by} » : impossible de colorer le réseau "
                f"par « {colour_by} ». Retirez colour_by=... ou complétez les membres.",
                field=colour_by, row=missing[0], value=None)
        names = dict(group_names or {})
        for group, (marker, fill) in group_styles(sorted(set(values.values()), key=str)).items():
            label = str(names.get(group, group))
            nx.draw_networkx_nodes(G, pos, nodelist=[n for n, v in values.items() if v == group], node_shape=marker,
                                   node_size=_marker_size(marker, size), node_color=[fill], edgecolors=NODE_EDGE,
                                   linewidths=0.5, label=label, ax=ax)
            group_handles.append(Line2D([], [], marker=marker, linestyle="", markerfacecolor=fill,
                                        markeredgecolor=NODE_EDGE, markeredgewidth=0.5,
                                        markersize=7 * _marker_size(marker, 1.0) ** 0.5, label=label))
    if labels:  # each name under its node, dark on a light box: legible over the lines, in black and white too
        ys = [y for _, y in pos.values()]
        below = 0.035 * ((max(ys) - min(ys)) or 1.0)
        nx.draw_networkx_labels(G, {n: (x, y - below) for n, (x, y) in pos.items()}, font_size=7,
                                font_color="#1b2631", verticalalignment="top",
                                bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.8, "pad": 0.6}, ax=ax)
    handles = []
    for tie, words in (("fort", "lien fort : trait plein épais"), ("faible", "lien faible : trait fin pointillé")):
        if groups[tie]:
            handles.append(Line2D([], [], color=TIE_COLOURS[tie], linewidth=TIE_LINES[tie]["width"],
                                  linestyle=TIE_LINES[tie]["style"], label=f"{words} ({len(groups[tie])})"))
    if handles:
        ax.add_artist(ax.legend(handles=handles, loc="lower right", fontsize=8))
    if group_handles:
        ax.legend(handles=group_handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=7,
                  title=f"{group_title} (forme des membres)", title_fontsize=8, frameon=False)
    ax.set_title(title)
    ax.set_axis_off()
    return fig


def job_finding_chart(counts: Mapping[str, int] | None = None) -> Figure:
    """Granovetter (1974): how often job-finders saw the contact who led them to their job."""
    counts = dict(GRANOVETTER_1974 if counts is None else counts)
    total = sum(counts.values())
    fig = _figure(7, 3.8)
    ax = fig.subplots()
    names = list(counts)
    shares = [100 * counts[k] / total for k in names]
    bars = ax.bar(names, shares, color=[TIE_COLOURS["fort"], "#8e44ad", TIE_COLOURS["faible"]][: len(names)])
    labels = percents(*(counts[k] / total for k in names))
    for bar, name, label in zip(bars, names, labels):
        ax.annotate(
            f"{label}\n({counts[name]} sur {total})",
            (bar.get_x() + bar.get_width() / 2, bar.get_height()),
            ha="center",
            va="bottom",
            fontsize=9,
        )
    ax.set_ylim(0, max(shares) * 1.3)
    ax.set_xlabel("Fréquence des rencontres avec le contact qui a donné l'information")
    ax.set_ylabel("Part des personnes (%)")
    ax.set_title(f"Trouver un emploi grâce à un contact (Granovetter, 1974, {total} personnes)")
    return _french_ticks(fig, x=False)
