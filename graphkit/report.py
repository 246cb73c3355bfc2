"""The analysis report: a CSV of every actor's measures, a Markdown summary and PNG charts.

Everything is computed by graphkit.analysis; this module only formats and writes, the
files switched into place together (graphkit.files.staged) and byte-identical on rerun: sorted rows, fixed
rounding, fixed seeds, no timestamps, and PNGs saved without software metadata.
"""

from __future__ import annotations

import io
import math
import os
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, partial
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd

from graphkit.analysis import (
    LAYERS,
    MEASURES,
    OVER_TIME,
    TIES,
    balance,
    brokerage,
    centrality,
    communities,
    counted_relations,
    enemy_of_enemy,
    over_time,
    sign_changes,
    signed,
    signed_degree,
    undirected,
)
from graphkit.analysis._progress import progress
from graphkit.analysis.centrality import SAMPLE_THRESHOLD, SAMPLES
from graphkit.analysis.projections import unchanged
from graphkit.errors import GraphkitError, UsageError
from graphkit.files import staged, write_bytes, write_text
from graphkit.output import to_csv
from graphkit.rules import counted_levels, describe_levels
from graphkit.vocab import vocabulary

PRECISION = 6
"""Decimal places of every float in centrality.csv."""
CHARTED = ("degree", "betweenness", "closeness", "eigenvector", "pagerank")
"""Measures that get a top-actors chart."""
PICTURE_LIMIT = 300
"""The graph picture shows at most this many actors (those with most counterparts)."""


@dataclass(frozen=True)
class _Results:
    graph: nx.MultiDiGraph
    table: pd.DataFrame  # centrality
    groups: pd.DataFrame
    broker: pd.DataFrame
    signs: pd.DataFrame
    triads: pd.DataFrame
    pairs: pd.DataFrame
    history: pd.DataFrame
    changes: pd.DataFrame
    top: int
    seed: int
    sample_threshold: int
    samples: int
    certainties: frozenset[str] | None

    def name(self, actor: str) -> str:
        return str(self.graph.nodes[actor].get("name", actor))

    @cached_property
    def relation(self) -> dict[str, dict]:
        """Edge attributes by relation id."""
        return {key: data for _, _, key, data in self.graph.edges(keys=True, data=True)}


def write_report(
    G: nx.MultiDiGraph,
    out_dir: str | os.PathLike,
    *,
    dates: Sequence[str] | None = None,
    top: int = 10,
    seed: int = 0,
    certainties: frozenset[str] | None = None,
    sample_threshold: int = SAMPLE_THRESHOLD,
    samples: int = SAMPLES,
) -> list[Path]:
    """Analyse the graph and write centrality.csv, report.md and PNG charts into `out_dir`.

    `dates`: the as-of dates of the change-over-time tables (default: 1 January of each
    year from 2021 to the latest year in the data, and 31 December of that year). `top`:
    how many actors each ranking shows. `seed` fixes Louvain and the graph layout (and
    sampled betweenness on graphs above `sample_threshold` actors). Returns the written
    paths, sorted.
    """
    if G.number_of_nodes() == 0:
        raise GraphkitError("Nothing to report: the graph has no actors.")
    if top < 1:
        raise UsageError(f"top must be at least 1, not {top}.")
    out = Path(out_dir)
    common = {"certainties": certainties}
    sampling = {"sample_threshold": sample_threshold, "samples": samples, "seed": seed}
    steps = {
        "centrality": partial(centrality, G, **common, **sampling),
        "communities": partial(communities, G, **common, seed=seed),
        "signed degree": partial(signed_degree, G, **common),
        "balance": partial(balance, G, **common),
        "enemy of my enemy": partial(enemy_of_enemy, G, **common),
        "over time": partial(over_time, G, None if dates is None else list(dates), **common, **sampling),
        "sign changes": partial(sign_changes, G, None if dates is None else list(dates), **common),
    }
    # Some forty projections of G follow, several alike; G does not change meanwhile: share the work.
    with unchanged(G):
        done = {name: step() for name, step in progress(steps.items(), desc="report", total=len(steps))}
        results = _Results(
            graph=G,
            table=done["centrality"],
            groups=done["communities"],
            broker=brokerage(G, groups=done["communities"], **common),
            signs=done["signed degree"],
            triads=done["balance"],
            pairs=done["enemy of my enemy"],
            history=done["over time"],
            changes=done["sign changes"],
            top=top,
            seed=seed,
            sample_threshold=sample_threshold,
            samples=samples,
            certainties=certainties,
        )
        with staged(out, owns=_ours):  # the old report or the new one, never a mix
            written = [write_text(out / "centrality.csv", _centrality_csv(results))]
            charts = _charts(results)
            for name, data in progress(charts.items(), desc="charts", total=len(charts)):
                written.append(write_bytes(out / name, data))
            written.append(write_text(out / "report.md", _markdown(results, sorted(charts))))
    return sorted(written)


def _ours(name: str) -> bool:
    """The names a report writes into its directory (a rerun may replace them all)."""
    return name in ("report.md", "centrality.csv") or name.endswith(".png")


# --- centrality.csv ---------------------------------------------------------------------------


def _centrality_csv(results: _Results) -> str:
    """One row per actor (by id): id, name, kind, every centrality column, then signed and brokerage measures."""
    G = results.graph
    table = results.table.copy()
    table = table.join(results.signs[["positive_degree", "negative_degree", "neutral_degree"]])
    table = table.join(results.groups[["community", "core"]])
    table = table.join(results.broker[["constraint", "effective_size", "other_communities", "participation"]])
    floats = table.select_dtypes("float").columns
    table[floats] = table[floats].round(PRECISION) + 0.0  # + 0.0 turns -0.0 into 0.0
    table.insert(0, "kind", [G.nodes[n].get("kind", "") for n in table.index])
    table.insert(0, "name", [G.nodes[n].get("name", n) for n in table.index])
    header = ["id", *table.columns]
    return to_csv(header, table.itertuples(index=True, name=None), float_format=f"%.{PRECISION}f")


# --- report.md --------------------------------------------------------------------------------

_MARKDOWN_SPECIAL = set("\\`*_{}[]<>|~&#")


def md(text: object) -> str:
    """Text safe inside Markdown (and a table cell): punctuation that formats is escaped, lines joined.

    >>> md("A|B *x* [y]")
    'A\\\\|B \\\\*x\\\\* \\\\[y\\\\]'
    """
    flat = " ".join(str(text).split())
    return "".join("\\" + ch if ch in _MARKDOWN_SPECIAL else ch for ch in flat)


def _number(value: float) -> str:
    """Counts as integers, measures to three decimals, a missing value as a dash."""
    if isinstance(value, int | np.integer):
        return str(int(value))
    if math.isnan(value):
        return "–"
    return f"{value:.3f}"


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return [*lines, ""]


def _ranked(series: pd.Series, top: int) -> list[tuple[str, float]]:
    """The `top` actors with the highest non-zero values, ties by id."""
    values = [(actor, value) for actor, value in series.items() if not pd.isna(value) and value > 0]
    return sorted(values, key=lambda av: (-av[1], av[0]))[:top]


def _markdown(r: _Results, charts: list[str]) -> str:
    lines: list[str] = ["# graphkit network report", ""]
    for section in (_overview, _method, _top, _communities, _balance, _enemies, _signed, _brokers, _time, _charts_md):
        lines += section(r, charts) if section is _charts_md else section(r)
    return "\n".join(lines).rstrip("\n") + "\n"


def _overview(r: _Results) -> list[str]:
    G = r.graph
    vocab = vocabulary()
    counted = list(counted_relations(G, certainties=r.certainties))
    by_certainty = {c: 0 for c in vocab.certainty_order()}
    for _, _, _, data in G.edges(keys=True, data=True):
        by_certainty[data["certainty"]] += 1
    levels = counted_levels() if r.certainties is None else r.certainties
    left_out = [c for c in vocab.certainty_order() if c not in levels]
    simple = undirected(G, certainties=r.certainties)
    components = nx.number_connected_components(simple) if simple.number_of_nodes() else 0
    isolated = sum(1 for n in simple if simple.degree(n) == 0)
    lines = [
        f"{G.number_of_nodes()} actors, {G.number_of_edges()} relations ("
        + ", ".join(f"{c} {n}" for c, n in by_certainty.items())
        + ").",
        "",
    ]
    lines.append(f"**{len(counted)} relations count** ({describe_levels(levels)}).")
    if left_out:
        lines[-1] += (
            f" {' and '.join(left_out).capitalize()} relations ({sum(by_certainty[c] for c in left_out)}) "
            "do not count in any measure below."
        )
    uncounted = [c for c in vocab.certainty_order() if not vocab.certainty[c].counts]
    lines[-1] += (
        f" By default {' and '.join(uncounted)} relations never count: they record what was planned or "
        "what a party denies, not a tie."
    )
    lines += [
        "",
        f"The counted relations link {simple.number_of_edges()} pairs of actors, in {components} connected "
        f"component(s); {isolated} actor(s) have no counted relation.",
        "",
    ]
    return lines


def _method(r: _Results) -> list[str]:
    lines = [
        "## How the measures are computed",
        "",
        "Measures never run on the multigraph of relations itself. Each runs on a named projection "
        "(graphkit.analysis.projections), built from counted relations only:",
        "",
        "- **directed projection**: one edge A → B per ordered pair, weight = number of relations from A to B; "
        "a symmetric relation (allied with, cooperates with, clashes with, trades with, negotiates with, "
        "competes with) counts in both directions.",
        "- **undirected projection**: one edge per pair, weight = number of relations between the two actors "
        "in either direction, each relation counted once.",
        "- **signed projection**: the undirected pairs, each with the sign of the sum of the polarities of its "
        "relations (+1 cooperative, −1 hostile, 0 neutral): friends (+), enemies (−) or neutral (0: only "
        "neutral relations, or as many cooperative as hostile ones).",
        "",
        "Layers: **all** counts every counted relation; **cooperative** only relations of polarity +1; "
        "**hostile** only those of polarity −1. Parallel relations between two actors are kept as one edge "
        "whose weight is their number: they add weight, never extra edges, and none is dropped. "
        "Without a date, every counted relation counts whenever it held (a designation that ended still counts). "
        "With a date (the snapshots below), a **standing relation** (a designation, a recognition, an alliance, "
        "a base) counts if its dates show it held that day, and an **event** (an attack, a clash, talks, a "
        "delisting) counts if it happened in the twelve months up to that day; undated relations never count "
        "in a snapshot. Which relation types are events is set in the vocabulary "
        "(graphkit.rules explains the rule).",
        "",
    ]
    rows = [[m.label, md(m.projection), md(m.meaning)] for m in MEASURES.values()]
    rows += [
        [
            "Communities",
            "undirected projection (all), weighted; Louvain, seed " + str(r.seed),
            "Groups of actors that deal more with each other than with the rest, as friends or enemies.",
        ],
        ["k-core", "undirected projection (all), unweighted", "The densest nucleus an actor belongs to."],
        ["Balance, enemy of my enemy, signed degree", "signed projection", "Who is friend or enemy of whom."],
        [
            "Constraint, effective size",
            "undirected projection (all), weighted",
            "Burt's brokerage: ties to actors that are not tied to each other.",
        ],
    ]
    lines += _table(["Measure", "Runs on", "What it tells an analyst"], rows)
    notes = list(r.table.attrs.get("notes", [])) + list(r.history.attrs.get("notes", []))
    n = r.graph.number_of_nodes()
    if n > r.sample_threshold:
        notes.insert(0, f"The graph has {n} actors (more than {r.sample_threshold}): betweenness is sampled.")
    else:
        notes.insert(0, f"Betweenness is exact (sampling starts above {r.sample_threshold} actors).")
    lines += ["Notes:", ""] + [f"- {md(note)}" for note in notes] + [""]
    return lines


def _top(r: _Results) -> list[str]:
    lines = [f"## Top actors per measure (top {r.top}, by layer)", ""]
    for m in MEASURES.values():
        lines += [f"### {m.label}", "", f"{md(m.meaning)} Runs on the {md(m.projection)}.", ""]
        columns = [_ranked(r.table[f"{m.name}_{layer}"], r.top) for layer in LAYERS]
        rows = []
        for i in range(max((len(c) for c in columns), default=0)):
            cells = [f"{md(r.name(c[i][0]))} ({_number(c[i][1])})" if i < len(c) else "" for c in columns]
            rows.append([str(i + 1), *cells])
        lines += _table(["#", *LAYERS], rows) if rows else ["No actor scores above zero.", ""]
        if m.name in CHARTED:
            lines += [f"![Top actors by {m.label.lower()}](top_{m.name}.png)", ""]
    return lines


def _communities(r: _Results) -> list[str]:
    lines = ["## Communities", ""]
    degree = r.table["degree_all"]
    groups = r.groups
    alone = []
    for number, members in groups.groupby("community", sort=True):
        actors = sorted(members.index, key=lambda a: (-degree[a], a))
        if len(actors) == 1:
            alone.append(actors[0])
            continue
        names = ", ".join(md(r.name(a)) for a in actors)
        lines.append(f"- **Community {number}** ({len(actors)} actors): {names}")
    if alone:
        lines.append(f"- Alone in a community of their own: {', '.join(md(r.name(a)) for a in sorted(alone))}")
    lines.append("")
    if len(groups):
        k = int(groups["core"].max())
        core = sorted(groups.index[groups["core"] == k], key=lambda a: (-degree[a], a))
        lines += [
            f"**Main k-core (k = {k})**: the largest group in which every actor is tied to at least {k} others "
            f"of the group: {', '.join(md(r.name(a)) for a in core)}.",
            "",
        ]
    return lines


def _sign_word(sign: int) -> str:
    return {1: "friends", -1: "enemies", 0: "neutral"}[sign]


def _evidence(r: _Results, relation_ids: Sequence[str], sign: int) -> str:
    """The best-attested relation of the pair's sign, as 'id: “quote”'."""
    vocab = vocabulary()
    data = r.relation
    matching = [k for k in relation_ids if data[k]["polarity"] == sign] or list(relation_ids)
    best = min(matching, key=lambda k: (-vocab.certainty[data[k]["certainty"]].rank, k))
    quote = data[best]["quote"]
    if len(quote) > 200:
        quote = quote[:199].rstrip() + "…"
    return f"{best} ({data[best]['relation']}, {data[best]['certainty']}): “{md(quote)}”"


def _balance(r: _Results) -> list[str]:
    triads = r.triads
    lines = [
        "## Structural balance",
        "",
        "A triangle of three actors who are all friends or enemies is balanced when the product of its signs is "
        "positive: +++ (three friends) or +−− (two friends with a common enemy). ++− (two of an actor's friends "
        "are enemies) and −−− (three mutual enemies) are unbalanced: such a triangle is under strain, and one "
        "side is expected to shift. Triangles with a neutral side are left out. Under Davis' weaker rule, −−− "
        "counts as balanced.",
        "",
    ]
    counts = triads["kind"].value_counts().to_dict() if len(triads) else {}
    balanced = int(triads["balanced"].sum()) if len(triads) else 0
    rows = [
        [k.replace("-", "−"), "balanced" if k in ("+++", "+--") else "unbalanced", str(counts.get(k, 0))]
        for k in ("+++", "+--", "++-", "---")
    ]
    lines += _table(["Triangle", "Under strong balance", "Count"], rows)
    total = len(triads)
    share = f" ({balanced / total:.0%} balanced)" if total else ""
    lines += [
        f"{total} signed triangles{share}; {triads.attrs.get('neutral_triangles', 0)} more have a neutral side "
        "and are left out.",
        "",
    ]
    unbalanced = triads[~triads["balanced"]] if total else triads
    if len(unbalanced):
        lines += ["### Unbalanced triangles", ""]
    for number, row in enumerate(unbalanced.itertuples(index=False), 1):
        names = ", ".join(f"**{md(r.name(a))}**" for a in (row.a, row.b, row.c))
        item = f"{number}. "
        lines.append(f"{item}{names} ({row.kind.replace('-', '−')})")
        for x, y, sign, ids in (
            (row.a, row.b, row.sign_ab, row.relations_ab),
            (row.b, row.c, row.sign_bc, row.relations_bc),
            (row.a, row.c, row.sign_ac, row.relations_ac),
        ):
            lines.append(
                f"{' ' * len(item)}- {md(r.name(x))} – {md(r.name(y))}: {_sign_word(sign)} "
                f"[{', '.join(ids)}]; e.g. {_evidence(r, ids, sign)}"
            )
    if len(unbalanced):
        lines.append("")
    return lines


def _enemies(r: _Results) -> list[str]:
    pairs = r.pairs
    lines = [
        "## Enemy of my enemy",
        "",
        "Pairs of actors that share an enemy and have no hostile tie to each other. **friends**: the proverb "
        "holds; **unconnected**: the sources record no tie, a possible alignment to watch; **neutral**: only "
        "neutral relations (talks, deployments); **mixed**: as many cooperative as hostile relations.",
        "",
    ]
    if not len(pairs):
        return [*lines, "No such pairs.", ""]
    counts = pairs["tie"].value_counts().to_dict()
    lines += [f"{len(pairs)} pairs: " + ", ".join(f"{counts.get(t, 0)} {t}" for t in TIES) + ".", ""]
    shown = pairs[(pairs["tie"] != "unconnected") | (pairs["shared_enemies"].map(len) > 1)]
    rows = [
        [
            md(r.name(row.a)),
            md(r.name(row.c)),
            ", ".join(md(r.name(e)) for e in row.shared_enemies),
            row.tie,
            ", ".join(row.relations),
        ]
        for row in shown.itertuples(index=False)
    ]
    lines += _table(["Actor", "Actor", "Shared enemies", "Tie", "Relations between them"], rows)
    rest = len(pairs) - len(shown)
    if rest:
        lines += [f"Not listed: {rest} unconnected pairs with a single shared enemy (see `enemy_of_enemy`).", ""]
    return lines


def _signed(r: _Results) -> list[str]:
    lines = ["## Friends and enemies per actor", "", "Counterparts by the sign of the pair (signed projection).", ""]
    signs = r.signs
    for column, title in (("negative_degree", "Most enemies"), ("positive_degree", "Most friends")):
        ranked = _ranked(signs[column], r.top)
        rows = [
            [
                md(r.name(a)),
                str(int(signs.at[a, "positive_degree"])),
                str(int(signs.at[a, "negative_degree"])),
                str(int(signs.at[a, "neutral_degree"])),
            ]
            for a, _ in ranked
        ]
        lines += [f"### {title}", "", *_table(["Actor", "Friends", "Enemies", "Neutral"], rows)]
    return lines


def _brokers(r: _Results) -> list[str]:
    broker = r.broker
    lines = [
        "## Brokerage",
        "",
        "**Effective size**: the number of an actor's counterparts, discounted for ties among them: how many "
        "separate circles it reaches. **Constraint** (Burt): how much its ties lead back to the same few, "
        "interconnected actors; low constraint marks a broker. Both on the undirected projection weighted by "
        "number of relations. **Bridges**: actors whose counterparts are in at least two communities other than "
        "their own; **participation** (0–1) is how evenly its counterparts spread over communities.",
        "",
    ]
    degree = r.table["degree_all"]
    connected = broker[degree.reindex(broker.index) >= 2]
    ranked = _ranked(broker["effective_size"], r.top)
    low = sorted(((a, v) for a, v in connected["constraint"].items() if not pd.isna(v)), key=lambda av: (av[1], av[0]))[
        : r.top
    ]
    rows = [
        [
            md(r.name(a)),
            _number(broker.at[a, "effective_size"]),
            _number(broker.at[a, "constraint"]),
            str(int(degree[a])),
        ]
        for a, _ in ranked
    ]
    lines += ["### Largest effective size", "", *_table(["Actor", "Effective size", "Constraint", "Degree"], rows)]
    rows = [[md(r.name(a)), _number(v), str(int(degree[a]))] for a, v in low]
    lines += ["### Lowest constraint (actors with at least two counterparts)", ""]
    lines += _table(["Actor", "Constraint", "Degree"], rows)
    bridges = broker[broker["bridge"]]
    bridges = sorted(
        bridges.index, key=lambda a: (-bridges.at[a, "other_communities"], -bridges.at[a, "participation"], a)
    )
    rows = [
        [
            md(r.name(a)),
            str(int(broker.at[a, "community"])),
            str(int(broker.at[a, "other_communities"])),
            _number(broker.at[a, "participation"]),
        ]
        for a in bridges
    ]
    lines += ["### Actors bridging communities", ""]
    lines += (
        _table(["Actor", "Own community", "Other communities reached", "Participation"], rows)
        if rows
        else ["None.", ""]
    )
    return lines


def _time(r: _Results) -> list[str]:
    history = r.history
    dated = sum(1 for _, _, _, d in counted_relations(r.graph, certainties=r.certainties) if d["start"] or d["end"])
    total = sum(1 for _ in counted_relations(r.graph, certainties=r.certainties))
    lines = [
        "## Change over time",
        "",
        f"Each snapshot holds the counted standing relations whose dates show they held on that day and the "
        f"events of the twelve months up to it; **undated "
        f"relations are left out of every snapshot**, since nothing says when they held. {dated} of {total} "
        "counted relations are dated, so these tables follow the dated record, not the whole network. "
        "Degree and betweenness on the undirected projection, PageRank on the directed one, as above.",
        "",
    ]
    held = history.attrs.get("relations_held", {})
    dates = list(held)
    if not dates:
        return [*lines, "No snapshot dates.", ""]
    lines += _table(["", *dates], [["Relations held", *(str(held[d]) for d in dates)]])
    for measure in OVER_TIME:
        wide = history.pivot(index="actor", columns="date", values=measure)[dates]
        peak = wide.max(axis=1)
        chosen = _ranked(peak, r.top)
        if not chosen:
            continue
        label = MEASURES[measure].label
        rows = [[md(r.name(a)), *(_number(wide.at[a, d]) for d in dates)] for a, _ in chosen]
        lines += [f"### {label} over time", "", *_table(["Actor", *dates], rows)]
    lines += ["![Centrality over time](over_time.png)", ""]
    return lines + _stances(r)


def _stances(r: _Results) -> list[str]:
    """Pairs whose stance changed between snapshots: flips first, then ties that began or ended."""
    changes = r.changes
    lines = [
        "### Changes of stance",
        "",
        "A pair's stance as of a date is the sign of its dated relations that held then (signed projection); "
        "none: no dated relation held.",
        "",
    ]
    if not len(changes):
        return [*lines, "No pair changed stance between snapshots.", ""]
    flips = changes[(changes["was"] != "none") & (changes["now"] != "none")]
    others = changes[(changes["was"] == "none") | (changes["now"] == "none")]
    header = ["Actor", "Actor", "Between", "Was", "Now", "Relations holding then"]

    def rows(frame: pd.DataFrame) -> list[list[str]]:
        return [
            [
                md(r.name(c.a)),
                md(r.name(c.b)),
                f"{c.before} and {c.since}",
                f"**{c.was}**",
                f"**{c.now}**",
                ", ".join(c.relations),
            ]
            for c in frame.itertuples(index=False)
        ]

    if len(flips):
        lines += ["Pairs that changed sign:", "", *_table(header, rows(flips))]
    if len(others):
        shown = others.head(2 * r.top)
        lines += ["Ties that began or ended:", "", *_table(header, rows(shown))]
        if len(others) > len(shown):
            lines += [f"Not listed: {len(others) - len(shown)} more (see `sign_changes`).", ""]
    return lines


def _charts_md(r: _Results, charts: list[str]) -> list[str]:
    shown = _pictured(r).number_of_nodes()
    n = r.graph.number_of_nodes()
    connected = int((r.table["degree_all"] > 0).sum())
    which = "those with most counterparts" if shown < connected else "every actor with a counted relation"
    return [
        "## The network",
        "",
        f"The signed projection: {shown} of {n} actors ({which}; layout seed {r.seed}). Node colour: actor kind; "
        "node size: PageRank (all); edge colour: green friends, red enemies, grey neutral; the 25 actors with most "
        "counterparts are named.",
        "",
        "![The network](graph.png)",
        "",
        "Charts written: " + ", ".join(charts) + ".",
        "",
    ]


# --- charts ------------------------------------------------------------------------------------


def _png(figure) -> bytes:
    """The figure as PNG bytes with no metadata that could change between runs."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(figure)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=100, metadata={"Software": None})
    return buffer.getvalue()


def _charts(r: _Results) -> dict[str, bytes]:
    """Every chart as PNG bytes by file name, drawn with matplotlib's Agg renderer and default style."""
    import matplotlib.style
    from matplotlib import rc_context

    with matplotlib.style.context("default"), rc_context({"font.family": "DejaVu Sans", "font.size": 9}):
        charts = {f"top_{m}.png": _png(_top_chart(r, m)) for m in CHARTED}
        charts["graph.png"] = _png(_graph_chart(r))
        charts["over_time.png"] = _png(_time_chart(r))
    return charts


def _short(name: str, limit: int = 32) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"


def _top_chart(r: _Results, measure: str):
    from matplotlib.figure import Figure

    figure = Figure(figsize=(12, 4.5), layout="constrained")
    axes = figure.subplots(1, len(LAYERS))
    for ax, layer in zip(axes, LAYERS, strict=True):
        ranked = _ranked(r.table[f"{measure}_{layer}"], r.top)
        names = [_short(r.name(a)) for a, _ in ranked][::-1]
        ax.barh(
            range(len(names)),
            [v for _, v in ranked][::-1],
            color={"all": "#555555", "cooperative": "#2ca02c", "hostile": "#d62728"}[layer],
        )
        ax.set_yticks(range(len(names)), names)
        ax.set_title(layer)
        if not ranked:
            ax.text(0.5, 0.5, "no actor above zero", ha="center", va="center", transform=ax.transAxes)
    figure.suptitle(f"{MEASURES[measure].label}: top {r.top} actors per layer")
    return figure


def _pictured(r: _Results) -> nx.Graph:
    """The signed projection of the actors the picture shows: those with a counted relation, at most PICTURE_LIMIT."""
    simple = signed(r.graph, certainties=r.certainties)
    degree = r.table["degree_all"]
    connected = sorted((a for a in simple if simple.degree(a) > 0), key=lambda a: (-degree[a], a))
    keep = set(connected[:PICTURE_LIMIT])
    # A predicate, not `simple.subgraph(keep)`: given a set less than half the graph's size, networkx
    # iterates the set itself, whose order changes from run to run, and so would the layout.
    return nx.subgraph_view(simple, filter_node=keep.__contains__)


def _graph_chart(r: _Results):
    from matplotlib.collections import LineCollection
    from matplotlib.figure import Figure

    G = r.graph
    simple = _pictured(r)
    nodes = sorted(simple)
    position = nx.spring_layout(simple, seed=r.seed, k=3 / max(len(nodes), 1) ** 0.5, iterations=300)
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
    rank = r.table["pagerank_all"].fillna(0)
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
    degree = r.table["degree_all"]
    for actor in sorted(nodes, key=lambda a: (-degree[a], a))[:25]:
        x, y = position[actor]
        ax.annotate(
            _short(r.name(actor), 28),
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
    ax.set_title("Actors and their counted relations (green friends, red enemies, grey neutral)")
    return figure


def _time_chart(r: _Results):
    from matplotlib.figure import Figure

    history = r.history
    figure = Figure(figsize=(12, 4.5), layout="constrained")
    axes = figure.subplots(1, len(OVER_TIME))
    dates = list(history.attrs.get("relations_held", {}))
    for ax, measure in zip(axes, OVER_TIME, strict=True):
        ax.set_title(f"{MEASURES[measure].label} (dated relations only)")
        if not dates:
            continue
        wide = history.pivot(index="actor", columns="date", values=measure)[dates]
        for actor, _ in _ranked(wide.max(axis=1), 6):
            ax.plot(range(len(dates)), wide.loc[actor].to_numpy(), marker="o", label=_short(r.name(actor), 24))
        ax.set_xticks(range(len(dates)), dates, rotation=45, ha="right")
        if ax.get_legend_handles_labels()[0]:
            ax.legend(fontsize=7)
    return figure
