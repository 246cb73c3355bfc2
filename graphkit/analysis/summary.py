"""Every analysis step the report shows, run once on one graph: what the Markdown, CSV and charts format.

`analyse` runs the steps (centrality, communities, balance, brokerage, change over time,
contradictions, source sensitivity, key findings) inside `unchanged(G)`, so projections
are shared, and returns an `Analysis`: the report's modules only read it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property, partial

import networkx as nx
import pandas as pd

from graphkit.analysis._progress import progress
from graphkit.analysis.brokerage import brokerage
from graphkit.analysis.centrality import SAMPLE_THRESHOLD, SAMPLES, SNAPSHOT_SAMPLES, centrality
from graphkit.analysis.communities import communities
from graphkit.analysis.contradictions import Contradiction, contradictions
from graphkit.analysis.projections import counted_relations, signed, unchanged, undirected
from graphkit.analysis.sensitivity import ranking, source_sensitivity, source_shares
from graphkit.analysis.signed_network import balance, enemy_of_enemy, signed_degree
from graphkit.analysis.temporal import over_time, sign_changes
from graphkit.errors import GraphkitError, UsageError
from graphkit.query import evidence_order
from graphkit.rules import counted_levels, polarity_of
from graphkit.vocab import vocabulary

PICTURE_LIMIT = 300
"""The graph picture shows at most this many actors (those with most counterparts)."""


@dataclass(frozen=True)
class Overview:
    """Counts that open the report."""

    actors: int
    relations: int
    by_certainty: dict[str, int]  # every level, strongest first
    levels: frozenset[str]  # the levels that count here
    counted: int
    dated: int  # counted relations with a start or an end
    pairs: int  # related pairs of actors (undirected projection)
    components: int
    isolated: int
    by_polarity: dict[str, int]  # counted relations per polarity, in the vocabulary's order
    corroborated: int  # counted relations stated by two or more independent documents


@dataclass(frozen=True)
class Finding:
    """One sentence of the report's Key findings, and the relations it rests on."""

    kind: str
    text: str
    actors: tuple[str, ...]
    relations: tuple[str, ...]


@dataclass(frozen=True)
class Analysis:
    graph: nx.MultiDiGraph
    overview: Overview
    table: pd.DataFrame  # centrality
    groups: pd.DataFrame  # communities
    broker: pd.DataFrame
    signs: pd.DataFrame
    triads: pd.DataFrame
    pairs: pd.DataFrame  # enemy of my enemy
    history: pd.DataFrame  # over time
    changes: pd.DataFrame  # sign changes
    contradictions: tuple[Contradiction, ...]
    sensitivity: pd.DataFrame
    shares: pd.DataFrame
    pictured: nx.Graph  # the signed projection of the actors the graph picture shows
    top: int
    seed: int
    sample_threshold: int
    samples: int
    certainties: frozenset[str] | None
    findings: tuple[Finding, ...] = field(default=())

    def name(self, actor: str) -> str:
        return str(self.graph.nodes[actor].get("name", actor))

    @cached_property
    def relation(self) -> dict[str, dict]:
        """Edge attributes by relation id."""
        return {key: data for _, _, key, data in self.graph.edges(keys=True, data=True)}

    def ranked(self, values: pd.Series) -> list[tuple[str, float]]:
        """The top actors of a column (`ranking`: above zero, ties by id)."""
        return ranking(values, self.top)

    def evidence(self, relation_ids: Sequence[str], sign: int | None = None) -> str:
        """The best-attested of these relations (of that sign, if any has it): graphkit.query's evidence order."""
        data = self.relation
        matching = [k for k in relation_ids if sign is None or data[k]["polarity"] == sign] or list(relation_ids)
        return min(matching, key=lambda k: evidence_order(data[k], k))


def analyse(
    G: nx.MultiDiGraph,
    *,
    dates: Sequence[str] | None = None,
    top: int = 10,
    seed: int = 0,
    certainties: frozenset[str] | None = None,
    sample_threshold: int = SAMPLE_THRESHOLD,
    samples: int = SAMPLES,
) -> Analysis:
    """Run every step of the report on `G` (see graphkit.report.write_report for the options)."""
    if G.number_of_nodes() == 0:
        raise GraphkitError("Nothing to report: the graph has no actors.")
    if top < 1:
        raise UsageError(f"top must be at least 1, not {top}.")
    common = {"certainties": certainties}
    sampling = {"sample_threshold": sample_threshold, "samples": samples, "seed": seed}
    snapshots = sampling | {"samples": min(samples, SNAPSHOT_SAMPLES)}  # they rank: a smaller sample does
    days = None if dates is None else list(dates)
    steps = {
        "centrality": partial(centrality, G, **common, **sampling),
        "communities": partial(communities, G, **common, seed=seed),
        "signed degree": partial(signed_degree, G, **common),
        "balance": partial(balance, G, **common),
        "enemy of my enemy": partial(enemy_of_enemy, G, **common),
        "over time": partial(over_time, G, days, **common, **snapshots),
        "sign changes": partial(sign_changes, G, days, **common),
        "contradictions": partial(contradictions, G, **common),
        "source sensitivity": partial(source_sensitivity, G, top=top, **common, **sampling),
        "source shares": partial(source_shares, G, **common),
        "overview": partial(overview, G, **common),
    }
    with unchanged(G):  # some forty projections of G follow, several alike: share the work
        done = {name: step() for name, step in progress(steps.items(), desc="analysis", total=len(steps))}
        result = Analysis(
            graph=G,
            overview=done["overview"],
            table=done["centrality"],
            groups=done["communities"],
            broker=brokerage(G, groups=done["communities"], **common),
            signs=done["signed degree"],
            triads=done["balance"],
            pairs=done["enemy of my enemy"],
            history=done["over time"],
            changes=done["sign changes"],
            contradictions=tuple(done["contradictions"]),
            sensitivity=done["source sensitivity"],
            shares=done["source shares"],
            pictured=pictured(G, done["centrality"]["degree_all"], certainties=certainties),
            top=top,
            seed=seed,
            sample_threshold=sample_threshold,
            samples=samples,
            certainties=certainties,
        )
        from graphkit.analysis.findings import key_findings

        return replace(result, findings=tuple(key_findings(result)))


def overview(G: nx.MultiDiGraph, *, certainties: frozenset[str] | None = None) -> Overview:
    """The counts that open the report (see `Overview`)."""
    vocab = vocabulary()
    by_certainty = dict.fromkeys(vocab.certainty_order(), 0)
    for _, _, _, data in G.edges(keys=True, data=True):
        by_certainty[data["certainty"]] += 1
    counted = counted_relations(G, certainties=certainties)
    by_polarity = dict.fromkeys(vocab.polarity, 0)
    for *_, data in counted:
        by_polarity[polarity_of(data)] += 1
    simple = undirected(G, certainties=certainties)
    return Overview(
        actors=G.number_of_nodes(),
        relations=G.number_of_edges(),
        by_certainty=by_certainty,
        levels=counted_levels() if certainties is None else certainties,
        counted=len(counted),
        dated=sum(1 for *_, d in counted if d["start"] or d["end"]),
        pairs=simple.number_of_edges(),
        components=nx.number_connected_components(simple) if simple.number_of_nodes() else 0,
        isolated=sum(1 for n in simple if simple.degree(n) == 0),
        by_polarity=by_polarity,
        corroborated=sum(1 for *_, d in counted if d.get("corroboration", 1) > 1),
    )


def pictured(G: nx.MultiDiGraph, degree: pd.Series, *, certainties: frozenset[str] | None = None) -> nx.Graph:
    """The signed projection of the actors the picture shows: those with a counted relation, at most PICTURE_LIMIT."""
    simple = signed(G, certainties=certainties)
    connected = sorted((a for a in simple if simple.degree(a) > 0), key=lambda a: (-degree[a], a))
    keep = set(connected[:PICTURE_LIMIT])
    # A predicate, not `simple.subgraph(keep)`: given a set less than half the graph's size, networkx
    # iterates the set itself, whose order changes from run to run, and so would the layout.
    return nx.subgraph_view(simple, filter_node=keep.__contains__)
