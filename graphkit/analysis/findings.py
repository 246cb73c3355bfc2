"""Key findings: a handful of sentences generated from the analyses, each citing the relations behind it.

What an analyst reads first: who brokers between which communities, which stances
changed and when, the unbalanced triangles that signal tension, where the sources
contradict each other, which central claims rest on one document, and which top
positions fall without one document. Each finding names its actors and cites relation
ids that support it (a test checks they exist and touch those actors). Same analysis,
same sentences: every choice below is a sort with ties broken by id.
"""

from __future__ import annotations

import itertools
from collections import Counter
from typing import TYPE_CHECKING

from graphkit.analysis.projections import counted_relations, undirected
from graphkit.analysis.temporal import STANCES
from graphkit.rules import corroboration_of, polarity_of

if TYPE_CHECKING:
    from graphkit.analysis.summary import Analysis, Finding

CITED = 4
"""At most this many relation ids cited as examples in one finding."""
MEASURE_LABELS = {"degree": "degree", "betweenness": "betweenness", "pagerank": "PageRank"}


def key_findings(a: Analysis) -> list[Finding]:
    """Five to ten findings, in a fixed order of kinds; a kind with nothing to say is left out."""
    found: list[Finding] = []
    for step in (_brokers, _stances, _tension, _contradictions, _single_sourced, _sensitivity, _rivalry):
        found += step(a)
    return found[:10]


def _finding(kind: str, text: str, actors, relations) -> Finding:
    from graphkit.analysis.summary import Finding

    return Finding(kind, text, tuple(actors), tuple(relations))


def _names(a: Analysis, actors) -> str:
    names = [a.name(x) for x in actors]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _best(a: Analysis, ids, limit: int = CITED) -> list[str]:
    """The best-attested of these relations (graphkit.query's evidence order), at most `limit`."""
    chosen = []
    rest = list(dict.fromkeys(ids))
    while rest and len(chosen) < limit:
        best = a.evidence(rest)
        chosen.append(best)
        rest.remove(best)
    return chosen


def _brokers(a: Analysis) -> list[Finding]:
    broker, groups, degree = a.broker, a.groups, a.table["degree_all"]
    bridges = broker[broker["bridge"]]
    others, degrees = bridges["other_communities"].to_dict(), degree.to_dict()  # not a cell lookup per bridge
    order = sorted(bridges.index, key=lambda x: (-others[x], -degrees[x], x))
    simple = undirected(a.graph, certainties=a.certainties)
    found = []
    for actor in order[:2]:
        own = int(broker.at[actor, "community"])
        reached: dict[int, list[str]] = {}
        for other in sorted(simple[actor], key=lambda x: (-degrees[x], x)):
            community = int(groups.at[other, "community"])
            if community != own:
                reached.setdefault(community, []).append(other)
        leads = sorted(reached.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:3]
        mates = sorted(
            (x for x in groups.index[groups["community"] == own] if x != actor), key=lambda x: (-degrees[x], x)
        )
        cited = [a.evidence(simple.edges[actor, members[0]]["relations"]) for _, members in leads]
        parts = [f"community {c} ({_names(a, members[:2])})" for c, members in leads]
        text = (
            f"{a.name(actor)} brokers between communities: from its own community {own}"
            + (f" (with {_names(a, mates[:2])})" if mates else "")
            + f" it reaches {int(broker.at[actor, 'other_communities'])} others, such as "
            + "; ".join(parts)
            + "."
        )
        found.append(_finding("broker", text, [actor, *(m[0] for _, m in leads)], cited))
    return found


def _stances(a: Analysis) -> list[Finding]:
    changes = a.changes
    if not len(changes):
        return []
    flips = changes[(changes["was"] != "none") & (changes["now"] != "none")]
    if not len(flips):
        return []
    flipped = Counter(zip(flips["a"].tolist(), flips["b"].tolist(), strict=True))  # flips per pair
    pairs = sorted(flipped, key=lambda p: (-flipped[p], p))
    found = []
    for x, y in pairs[:2]:
        steps = flips[(flips["a"] == x) & (flips["b"] == y)]
        said = [f"from {r.was} (as of {r.before}) to {r.now} (as of {r.since})" for r in steps.itertuples()]
        ids = [k for r in steps.itertuples() for k in _best(a, r.relations, 2)]
        text = f"{a.name(x)} and {a.name(y)} changed stance " + ", then ".join(said) + "."
        found.append(_finding("stance", text, [x, y], list(dict.fromkeys(ids))))
    return found


def _tension(a: Analysis) -> list[Finding]:
    triads = a.triads
    if not len(triads):
        return []
    unbalanced = triads[~triads["balanced"]]
    if not len(unbalanced):
        return []
    degree = a.table["degree_all"].to_dict()
    central = min(
        unbalanced.itertuples(index=False), key=lambda t: (-(degree[t.a] + degree[t.b] + degree[t.c]), t.a, t.b, t.c)
    )
    sides = [
        (central.a, central.b, central.sign_ab, central.relations_ab),
        (central.b, central.c, central.sign_bc, central.relations_bc),
        (central.a, central.c, central.sign_ac, central.relations_ac),
    ]
    said = [f"{a.name(x)} and {a.name(y)} are {STANCES[sign]}" for x, y, sign, _ in sides]
    cited = [a.evidence(ids, sign) for _, _, sign, ids in sides]
    text = (
        f"{len(unbalanced)} of {len(triads)} triangles of friends and enemies are unbalanced, a sign of strain; "
        f"among the most central, {_names(a, (central.a, central.b, central.c))} "
        f"({central.kind.replace('-', '−')}): " + ", ".join(said) + "."
    )
    return [_finding("tension", text, [central.a, central.b, central.c], cited)]


def _contradictions(a: Analysis) -> list[Finding]:
    found = []
    opposed = [c for c in a.contradictions if c.kind == "opposed stances"]
    if opposed:
        first = opposed[0]
        span = f"from {first.first or 'the start'} to {first.last or 'today'}"
        text = (
            f"The sources disagree on {len(opposed)} pair(s) of actors: {a.name(first.a)} and {a.name(first.b)} "
            f"had cooperative and hostile relations at the same time ({span}), stated by different documents."
        )
        found.append(_finding("contradiction", text, [first.a, first.b], first.relations))
    denied = [c for c in a.contradictions if c.kind == "denied"]
    if denied:
        pairs = list(dict.fromkeys((c.a, c.b) for c in denied))
        text = (
            f"{len(denied)} reported relation(s) are denied by a party to them, between "
            + "; ".join(_names(a, pair) for pair in pairs[:CITED])
            + ("; and more." if len(pairs) > CITED else ".")
        )
        actors = list(dict.fromkeys(x for pair in pairs for x in pair))
        found.append(_finding("denied", text, actors, [c.relations[0] for c in denied]))
    differ = [c for c in a.contradictions if c.kind == "dates differ"]
    if differ:
        first = differ[0]
        text = f"{len(differ)} relation(s) are dated differently by independent documents, e.g. between " + (
            f"{_names(a, (first.a, first.b))}."
        )
        found.append(_finding("dates differ", text, [first.a, first.b], first.relations))
    return found


def _single_sourced(a: Analysis) -> list[Finding]:
    central = [x for x, _ in a.ranked(a.table["betweenness_all"])]
    if len(central) < 2:
        return []
    rank = {x: i for i, x in enumerate(central)}
    among = [
        (u, v, k, d) for u, v, k, d in counted_relations(a.graph, certainties=a.certainties) if u in rank and v in rank
    ]
    if not among:
        return []
    single = [(u, v, k, d) for u, v, k, d in among if corroboration_of(d) == 1]
    if not single:
        return []
    single.sort(key=lambda r: (rank[r[0]] + rank[r[1]], r[2]))
    examples = _distinct(single)
    said = [f"{a.name(u)} {d['relation'].replace('_', ' ')} {a.name(v)}" for u, v, _, d in examples]
    text = (
        f"{len(single)} of the {len(among)} relations among the {len(central)} actors with most betweenness rest on "
        "a single document; the most central of them: " + "; ".join(said) + "."
    )
    actors = list(dict.fromkeys(x for u, v, *_ in examples for x in (u, v)))
    return [_finding("single-sourced", text, actors, [k for _, _, k, _ in examples])]


def _distinct(relations: list) -> list:
    """The first CITED relations that differ in pair or type: examples, not repeats of one claim."""
    seen, chosen = set(), []
    for u, v, k, d in relations:
        claim = (min(u, v), max(u, v), d["relation"])
        if claim not in seen:
            seen.add(claim)
            chosen.append((u, v, k, d))
    return chosen[:CITED]


def _sensitivity(a: Analysis) -> list[Finding]:
    table = a.sensitivity
    if not len(table):
        return []
    resting = table[table["rests_on"].map(len) > 0]
    if not len(resting):
        return []
    row = min(resting.itertuples(index=False), key=lambda r: (r.rank, list(MEASURE_LABELS).index(r.measure)))
    doc, without = row.rests_on[0], row.ranks_without[0]
    fall = f"falls to #{without}" if without else "drops out entirely"
    from_doc = [k for k in row.relations if a.relation[k]["source_doc"] == doc]
    text = (
        f"{len(resting)} of the {len(table)} top-{a.top} positions by degree, betweenness and PageRank rest on one "
        f"document: without {doc}, {a.name(row.actor)} (#{row.rank} by {MEASURE_LABELS[row.measure]}) {fall}."
    )
    return [_finding("sensitivity", text, [row.actor], _best(a, from_doc))]


def _rivalry(a: Analysis) -> list[Finding]:
    rivals = [
        (u, v, k, d)
        for u, v, k, d in counted_relations(a.graph, certainties=a.certainties)
        if polarity_of(d) == "rivalry"
    ]
    if not rivals:
        return []
    degree = a.table["degree_all"].to_dict()
    rivals.sort(key=lambda r: (-(degree[r[0]] + degree[r[1]]), r[2]))
    examples = _distinct(rivals)
    pairs = "; ".join(_names(a, (u, v)) for u, v, *_ in examples)
    text = (
        f"{len(rivals)} relation(s) record competition, not enmity ({pairs}): they form the rivalry layer and "
        "count neither in the hostile rankings nor in structural balance."
    )
    actors = list(dict.fromkeys(itertools.chain.from_iterable((u, v) for u, v, *_ in examples)))
    return [_finding("rivalry", text, actors, [k for _, _, k, _ in examples])]
