"""report.md: formats what graphkit.analysis.summary.analyse computed, and nothing more.

It opens with the Key findings (graphkit.analysis.findings), then what the sources cover,
how the rankings rest on single documents and where the sources contradict each other,
then the method and the per-measure tables.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

from graphkit.analysis import LAYERS, MEASURES, OVER_TIME, TIES
from graphkit.analysis.sensitivity import SENSITIVITY_MEASURES
from graphkit.analysis.summary import Analysis
from graphkit.report.charts import CHARTED, NAMED
from graphkit.rules import describe_levels
from graphkit.vocab import vocabulary

QUOTE_LIMIT = 200
"""Quotes longer than this are shortened in the report (the full quote is in the data and the explorer)."""


_MARKDOWN_SPECIAL = set("\\`*_{}[]<>|~&#")
_ESCAPED = str.maketrans({ch: "\\" + ch for ch in _MARKDOWN_SPECIAL})


LISTED = 100
"""The most items a list of the report shows; past it the report says how many more and where all are.
At a million relations the contradictions alone ran to 2.9 million lines (400 MB of Markdown)."""


def _unlisted(count: int, what: str, where: str) -> list[str]:
    return [f"Not listed: {count} more {what} ({where} lists them all).", ""] if count > 0 else []


def md(text: object) -> str:
    """Text safe inside Markdown (and a table cell): punctuation that formats is escaped, lines joined.

    >>> md("A|B *x* [y]")
    'A\\\\|B \\\\*x\\\\* \\\\[y\\\\]'
    """
    return " ".join(str(text).split()).translate(_ESCAPED)  # a backslash before each of _MARKDOWN_SPECIAL


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


def markdown(r: Analysis, charts: list[str]) -> str:
    """The whole report.md."""
    lines: list[str] = ["# graphkit network report", ""]
    sections = (_findings, _overview, _coverage, _sensitivity, _contradictions, _method, _top, _communities)
    sections += (_balance, _enemies, _signed, _brokers, _time)
    for section in sections:
        lines += section(r)
    lines += _charts_md(r, charts)
    return "\n".join(lines).rstrip("\n") + "\n"


def _ids(ids: Sequence[str]) -> str:
    return "[" + ", ".join(md(i) for i in ids) + "]"


def _quoted(r: Analysis, relation_id: str) -> str:
    """A relation as 'id (type, certainty): “quote”', the quote shortened past QUOTE_LIMIT characters."""
    data = r.relation[relation_id]
    quote = data["quote"]
    if len(quote) > QUOTE_LIMIT:
        quote = quote[: QUOTE_LIMIT - 1].rstrip() + "…"
    return f"{md(relation_id)} ({md(data['relation'])}, {data['certainty']}): “{md(quote)}”"


def _findings(r: Analysis) -> list[str]:
    lines = [
        "## Key findings",
        "",
        "Generated from the analyses below; the ids in brackets are the relations each rests on (see the "
        "explorer or `graphkit show` for their quotes).",
        "",
    ]
    if not r.findings:
        return [*lines, "Nothing stands out: too few counted relations.", ""]
    lines += [f"{n}. {md(f.text)} {_ids(f.relations)}" for n, f in enumerate(r.findings, 1)]
    return [*lines, ""]


def _overview(r: Analysis) -> list[str]:
    o = r.overview
    vocab = vocabulary()
    left_out = [c for c in vocab.certainty_order() if c not in o.levels]
    lines = [
        "## The data",
        "",
        f"{o.actors} actors, {o.relations} relations ("
        + ", ".join(f"{c} {n}" for c, n in o.by_certainty.items())
        + ").",
        "",
    ]
    lines.append(f"**{o.counted} relations count** ({describe_levels(o.levels)}).")
    if left_out:
        lines[-1] += (
            f" {' and '.join(left_out).capitalize()} relations ({sum(o.by_certainty[c] for c in left_out)}) "
            "do not count in any measure below."
        )
    uncounted = [c for c in vocab.certainty_order() if not vocab.certainty[c].counts]
    lines[-1] += (
        f" By default {' and '.join(uncounted)} relations never count: they record what was planned or "
        "what a party denies, not a tie."
    )
    polarities = ", ".join(f"{n} {p}" for p, n in o.by_polarity.items())
    lines += [
        "",
        f"The counted relations link {o.pairs} pairs of actors, in {o.components} connected "
        f"component(s); {o.isolated} actor(s) have no counted relation. By polarity: {polarities}. "
        f"{o.corroborated} of them are stated by two or more independent documents (different author or outlet); "
        f"the rest rest on one.",
        "",
    ]
    return lines


def _coverage(r: Analysis) -> list[str]:
    shares = r.shares
    documents = r.sensitivity.attrs.get("documents_total", 0)
    lines = [
        "## What the sources cover",
        "",
        f"Every measure below counts what {documents} source document(s) chose to report, not the region as it "
        "is: an actor a document is about gathers relations from it, and an actor no document discusses does "
        'not appear. Read a high rank as "much discussed in these sources", and check below whether it rests '
        "on one document. The actors with most counted relations, and how much of each comes from its main "
        "document:",
        "",
    ]
    ranked = r.ranked(shares["relations"])
    rows = [
        [
            md(r.name(x)),
            str(int(shares.at[x, "relations"])),
            str(int(shares.at[x, "documents"])),
            md(shares.at[x, "main_document"]),
            f"{shares.at[x, 'main_share']:.0%}",
        ]
        for x, _ in ranked
    ]
    lines += _table(["Actor", "Counted relations", "Documents", "Main document", "Share from it"], rows)
    return lines


def _sensitivity(r: Analysis) -> list[str]:
    table = r.sensitivity
    considered = table.attrs.get("documents", [])
    total = table.attrs.get("documents_total", 0)
    names = {"degree": "Degree", "betweenness": "Betweenness", "pagerank": "PageRank"}
    measures = ", ".join(names[m] for m in SENSITIVITY_MEASURES)
    lines = [
        "## Source sensitivity",
        "",
        f"The main rankings ({measures}; layer all) recomputed leaving out each source document in turn, with all "
        f"its relations. A position **rests on one document** when the actor leaves the top {r.top} without it.",
        "",
    ]
    if len(considered) < total:
        lines += [
            f"Bounded: {len(considered)} of {total} documents were left out in turn, those with most counted "
            "relations; the others were not tested.",
            "",
        ]
    change = table.attrs.get("change_samples", 0)
    if change:
        lines += [
            "Betweenness without a document: its value in the ranking above plus the change leaving the document "
            f"out makes, estimated from {change} sampled source actors (seed {r.seed}), the same with and without it.",
            "",
        ]
    resting = table[table["rests_on"].map(len) > 0]
    if not len(table):
        return [*lines, "No actor ranks above zero.", ""]
    lines += [f"{len(resting)} of {len(table)} top-{r.top} positions rest on one document.", ""]
    rows = [
        [
            names[row.measure],
            str(row.rank),
            md(r.name(row.actor)),
            ", ".join(
                f"{md(doc)} (→ {'#' + str(rank) if rank else 'nothing'})"
                for doc, rank in zip(row.rests_on, row.ranks_without, strict=True)
            ),
        ]
        for row in resting.itertuples(index=False)
    ]
    if rows:
        lines += _table(["Ranking", "#", "Actor", "Falls out without (its rank then)"], rows)
    return lines


def _contradictions(r: Analysis) -> list[str]:
    found = r.contradictions
    lines = [
        "## Contradictions",
        "",
        "Where the sources disagree (`graphkit contradictions` lists the same): **opposed stances**, a pair with "
        "a cooperative and a hostile relation that held at the same time by their dates, from different "
        "documents or claimants (an act at the very start or end of the other relation is a change of stance, "
        "not a contradiction; undated relations cannot be shown to hold together); **denied**, a relation "
        "reported and denied by a party to it; **dates differ**, one relation dated differently by independent "
        "documents.",
        "",
    ]
    if not found:
        return [*lines, "None found.", ""]
    for number, item in enumerate(found[:LISTED], 1):
        head = f"{number}. **{item.kind}**: {md(r.name(item.a))} – {md(r.name(item.b))}"
        if item.first or item.last:
            head += f", held together {item.first or '…'} – {item.last or 'still'}"
        lines.append(head)
        indent = " " * len(f"{number}. ")
        for claim in item.claims:
            source = f"[{md(claim.source_doc)}]" + (f", claimant {md(claim.claimant)}" if claim.claimant else "")
            lines.append(f"{indent}- {_quoted(r, claim.relation_id)} {source}")
    return [*lines, "", *_unlisted(len(found) - LISTED, "contradictions", "`graphkit contradictions`")]


def _method(r: Analysis) -> list[str]:
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
        "relations (+1 cooperative, −1 hostile, 0 neutral or rivalry): friends (+), enemies (−) or neutral (0: "
        "only neutral relations or rivalry, or as many cooperative as hostile ones).",
        "",
        _layers_text() + " Parallel relations between two actors are kept as one edge "
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


def _layers_text() -> str:
    """The layers in words, from the vocabulary's polarities."""
    polarity = vocabulary().polarity
    layers = [p for p in LAYERS if p != "all"]
    described = "; ".join(
        f"**{p}** only {polarity[p].label} relations ({md(polarity[p].description.rstrip('.'))})" for p in layers
    )
    return (
        f"Layers: **all** counts every counted relation; {described}. Competition is not enmity: rivalry has a "
        "layer of its own and adds no sign in the signed projection, so the hostile layer, structural balance "
        "and enemy of my enemy hold only hostile relations."
    )


def _top(r: Analysis) -> list[str]:
    lines = [f"## Top actors per measure (top {r.top}, by layer)", ""]
    for m in MEASURES.values():
        lines += [f"### {m.label}", "", f"{md(m.meaning)} Runs on the {md(m.projection)}.", ""]
        columns = [r.ranked(r.table[f"{m.name}_{layer}"]) for layer in LAYERS]
        rows = []
        for i in range(max((len(c) for c in columns), default=0)):
            cells = [f"{md(r.name(c[i][0]))} ({_number(c[i][1])})" if i < len(c) else "" for c in columns]
            rows.append([str(i + 1), *cells])
        lines += _table(["#", *LAYERS], rows) if rows else ["No actor scores above zero.", ""]
        if m.name in CHARTED:
            lines += [f"![Top actors by {m.label.lower()}](top_{m.name}.png)", ""]
    return lines


def _communities(r: Analysis) -> list[str]:
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


def _balance(r: Analysis) -> list[str]:
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
    for number, row in enumerate(unbalanced.head(LISTED).itertuples(index=False), 1):
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
                f"[{', '.join(ids)}]; e.g. {_quoted(r, r.evidence(ids, sign))}"
            )
    if len(unbalanced):
        lines += ["", *_unlisted(len(unbalanced) - LISTED, "unbalanced triangles", "`graphkit.analysis.balance`")]
    return lines


def _enemies(r: Analysis) -> list[str]:
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
        for row in shown.head(LISTED).itertuples(index=False)
    ]
    lines += _table(["Actor", "Actor", "Shared enemies", "Tie", "Relations between them"], rows)
    lines += _unlisted(len(shown) - LISTED, "such pairs", "`graphkit.analysis.enemy_of_enemy`")
    rest = len(pairs) - len(shown)
    if rest:
        lines += [f"Not listed: {rest} unconnected pairs with a single shared enemy (see `enemy_of_enemy`).", ""]
    return lines


def _signed(r: Analysis) -> list[str]:
    lines = ["## Friends and enemies per actor", "", "Counterparts by the sign of the pair (signed projection).", ""]
    signs = r.signs
    for column, title in (("negative_degree", "Most enemies"), ("positive_degree", "Most friends")):
        ranked = r.ranked(signs[column])
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


def _brokers(r: Analysis) -> list[str]:
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
    ranked = r.ranked(broker["effective_size"])
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
    bridging = broker[broker["bridge"]]
    # Columns as dicts, not a cell lookup per actor: thousands of bridges at 100,000 relations
    own, others, participation = (bridging[c].to_dict() for c in ("community", "other_communities", "participation"))
    bridges = sorted(bridging.index, key=lambda a: (-others[a], -participation[a], a))
    rows = [[md(r.name(a)), str(int(own[a])), str(int(others[a])), _number(participation[a])] for a in bridges]
    lines += ["### Actors bridging communities", ""]
    lines += (
        _table(["Actor", "Own community", "Other communities reached", "Participation"], rows[:LISTED])
        if rows
        else ["None.", ""]
    )
    return lines + _unlisted(len(rows) - LISTED, "bridging actors", "`graphkit.analysis.brokerage`")


def _time(r: Analysis) -> list[str]:
    history = r.history
    dated, total = r.overview.dated, r.overview.counted
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
        chosen = r.ranked(peak)
        if not chosen:
            continue
        label = MEASURES[measure].label
        rows = [[md(r.name(a)), *(_number(wide.at[a, d]) for d in dates)] for a, _ in chosen]
        lines += [f"### {label} over time", "", *_table(["Actor", *dates], rows)]
    lines += ["![Centrality over time](over_time.png)", ""]
    return lines + _stances(r)


def _stances(r: Analysis) -> list[str]:
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
        lines += ["Pairs that changed sign:", "", *_table(header, rows(flips.head(LISTED)))]
        lines += _unlisted(len(flips) - LISTED, "pairs that changed sign", "`graphkit.analysis.sign_changes`")
    if len(others):
        shown = others.head(2 * r.top)
        lines += ["Ties that began or ended:", "", *_table(header, rows(shown))]
        if len(others) > len(shown):
            lines += [f"Not listed: {len(others) - len(shown)} more (see `sign_changes`).", ""]
    return lines


def _charts_md(r: Analysis, charts: list[str]) -> list[str]:
    shown = r.pictured.number_of_nodes()
    n = r.graph.number_of_nodes()
    connected = int((r.table["degree_all"] > 0).sum())
    which = "those with most counterparts" if shown < connected else "every actor with a counted relation"
    return [
        "## The network",
        "",
        f"The signed projection: {shown} of {n} actors ({which}; layout seed {r.seed}). Node colour: actor kind; "
        f"node size: PageRank (all); edge colour: green friends, red enemies, grey neutral or rivals; the {NAMED} "
        "actors with most counterparts are named. In the bar and line charts each actor keeps one colour "
        "throughout.",
        "",
        "![The network](graph.png)",
        "",
        "Charts written: " + ", ".join(charts) + ".",
        "",
    ]
