"""The report's PNG charts, drawn with matplotlib's Agg renderer from what graphkit.analysis computed.

One colour per actor across every bar and line chart (`actor_colours`), names never cut
short, and PNGs saved without metadata that could change between runs.
"""

from __future__ import annotations

import io

import networkx as nx

from graphkit.analysis import LAYERS, MEASURES, OVER_TIME
from graphkit.analysis.summary import Analysis
from graphkit.vocab import vocabulary

CHARTED = ("degree", "betweenness", "closeness", "eigenvector", "pagerank")
"""Measures that get a top-actors chart."""
OVER_TIME_LINES = 6
"""Actors per panel of the over-time chart."""
NAMED = 25
"""The graph picture names this many actors (those with most counterparts)."""


def _png(figure) -> bytes:
    """The figure as PNG bytes with no metadata that could change between runs."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(figure)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=100, metadata={"Software": None})
    return buffer.getvalue()


def charts(a: Analysis) -> dict[str, bytes]:
    """Every chart as PNG bytes by file name, drawn with matplotlib's Agg renderer and default style."""
    import matplotlib.style
    from matplotlib import rc_context

    colours = actor_colours(a)
    with matplotlib.style.context("default"), rc_context({"font.family": "DejaVu Sans", "font.size": 9}):
        drawn = {f"top_{m}.png": _png(_top_chart(a, m, colours)) for m in CHARTED}
        drawn["graph.png"] = _png(_graph_chart(a))
        drawn["over_time.png"] = _png(_time_chart(a, colours))
    return drawn


def _over_time_ranked(a: Analysis, measure: str) -> list[str]:
    history = a.history
    dates = list(history.attrs.get("relations_held", {}))
    if not dates:
        return []
    wide = history.pivot(index="actor", columns="date", values=measure)[dates]
    return [actor for actor, _ in a.ranked(wide.max(axis=1))[:OVER_TIME_LINES]]


def actor_colours(a: Analysis) -> dict[str, str]:
    """One colour per charted actor, the same in every chart: the most connected get the first colours.

    The palette is matplotlib's tab20, tab20b and tab20c (60 colours), repeated beyond that.
    """
    from matplotlib import colormaps
    from matplotlib.colors import to_hex

    palette = [to_hex(c) for name in ("tab20", "tab20b", "tab20c") for c in colormaps[name].colors]
    charted = {x for m in CHARTED for layer in LAYERS for x, _ in a.ranked(a.table[f"{m}_{layer}"])}
    charted |= {x for m in OVER_TIME for x in _over_time_ranked(a, m)}
    degree = a.table["degree_all"]
    order = sorted(charted, key=lambda x: (-degree[x], x))
    return {actor: palette[i % len(palette)] for i, actor in enumerate(order)}


def _top_chart(a: Analysis, measure: str, colours: dict[str, str]):
    from matplotlib.figure import Figure

    figure = Figure(figsize=(4.2 * len(LAYERS), 4.8), layout="constrained")
    axes = figure.subplots(1, len(LAYERS))
    for ax, layer in zip(axes, LAYERS, strict=True):
        ranked = a.ranked(a.table[f"{measure}_{layer}"])[::-1]
        ax.barh(range(len(ranked)), [v for _, v in ranked], color=[colours[x] for x, _ in ranked])
        ax.set_yticks(range(len(ranked)), [a.name(x) for x, _ in ranked])
        ax.set_title(layer)
        if not ranked:
            ax.text(0.5, 0.5, "no actor above zero", ha="center", va="center", transform=ax.transAxes)
    figure.suptitle(f"{MEASURES[measure].label}: top {a.top} actors per layer (one colour per actor in every chart)")
    return figure


def _graph_chart(a: Analysis):
    from matplotlib.collections import LineCollection
    from matplotlib.figure import Figure

    G = a.graph
    simple: nx.Graph = a.pictured
    nodes = sorted(simple)
    position = nx.spring_layout(simple, seed=a.seed, k=3 / max(len(nodes), 1) ** 0.5, iterations=300)
    kinds = vocabulary().kinds
    figure = Figure(figsize=(14, 11), layout="constrained")
    ax = figure.subplots()
    colours = {1: "#2ca02c", -1: "#d62728", 0: "#aaaaaa"}
    edges = sorted(simple.edges(data="sign"), key=lambda e: (e[2] == 0, min(e[0], e[1]), max(e[0], e[1])))
    lines = LineCollection(
        [(position[u], position[v]) for u, v, _ in edges],
        colors=[colours[sign] for _, _, sign in edges],
        linewidths=0.8,
        alpha=0.5,
        zorder=1,
    )
    ax.add_collection(lines)
    rank = a.table["pagerank_all"].fillna(0)
    largest = max(float(rank.max()), 1e-9)
    for kind, spec in kinds.items():
        members = [n for n in nodes if G.nodes[n].get("kind") == kind]
        if members:
            ax.scatter(
                [position[n][0] for n in members],
                [position[n][1] for n in members],
                s=[30 + 900 * float(rank[n]) / largest for n in members],
                c=spec.color,
                label=spec.label,
                edgecolors="white",
                linewidths=0.5,
                zorder=2,
            )
    degree = a.table["degree_all"]
    for actor in sorted(nodes, key=lambda x: (-degree[x], x))[:NAMED]:
        x, y = position[actor]
        ax.annotate(
            a.name(actor),
            (x, y),
            fontsize=8,
            ha="center",
            va="bottom",
            xytext=(0, 6),
            textcoords="offset points",
            zorder=3,
        )
    if nodes:
        legend = ax.legend(loc="lower left", fontsize=8)
        for handle in legend.legend_handles:
            handle.set_sizes([40])
    else:
        ax.text(0.5, 0.5, "no counted relations", ha="center", va="center", transform=ax.transAxes)
    ax.set_axis_off()
    ax.set_title("Actors and their counted relations (green friends, red enemies, grey neutral or rivals)")
    return figure


def _time_chart(a: Analysis, colours: dict[str, str]):
    from matplotlib.figure import Figure

    history = a.history
    figure = Figure(figsize=(15, 5), layout="constrained")
    axes = figure.subplots(1, len(OVER_TIME))
    dates = list(history.attrs.get("relations_held", {}))
    for ax, measure in zip(axes, OVER_TIME, strict=True):
        ax.set_title(f"{MEASURES[measure].label} (dated relations only)")
        if not dates:
            continue
        wide = history.pivot(index="actor", columns="date", values=measure)[dates]
        for actor in _over_time_ranked(a, measure):
            values = wide.loc[actor].to_numpy()
            ax.plot(range(len(dates)), values, marker="o", color=colours[actor], label=a.name(actor))
        ax.set_xticks(range(len(dates)), dates, rotation=45, ha="right")
        if ax.get_legend_handles_labels()[0]:
            ax.legend(fontsize=7)
    return figure
