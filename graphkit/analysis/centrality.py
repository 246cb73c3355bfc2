"""Who is central: degree, betweenness, closeness, eigenvector and PageRank for every actor, per layer.

Each measure names the projection it runs on (graphkit.analysis.projections); `MEASURES`
holds that statement and a one-line meaning for analysts, and the report prints both.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import partial

import networkx as nx
import pandas as pd

from graphkit.analysis import _compiled
from graphkit.analysis._compiled import COMPILED_THRESHOLD
from graphkit.analysis._progress import progress
from graphkit.analysis.projections import LAYERS, project, shared, undirected

SAMPLE_THRESHOLD = 5000
"""Above this many actors, betweenness is estimated from a fixed-seed sample of source actors."""
SAMPLES = 500
"""How many source actors sampled betweenness uses."""


@dataclass(frozen=True)
class Measure:
    name: str
    label: str
    projection: str  # the graph it runs on, in words
    meaning: str  # what it tells an analyst, in one line


MEASURES: dict[str, Measure] = {
    m.name: m
    for m in [
        Measure(
            "degree",
            "Degree",
            "undirected projection, unweighted: distinct counterpart actors",
            "How many different actors this one is tied to: breadth of involvement.",
        ),
        Measure(
            "in_degree",
            "In-degree",
            "directed projection, unweighted: distinct actors with a relation towards it (symmetric: both ways)",
            "How many actors act on this one (attack, fund, recognize, host it...): a target or a beneficiary.",
        ),
        Measure(
            "out_degree",
            "Out-degree",
            "directed projection, unweighted: distinct actors it has a relation towards (symmetric: both ways)",
            "How many actors this one acts on: an initiator.",
        ),
        Measure(
            "relations",
            "Relations",
            "undirected projection, weighted: number of counted relations the actor takes part in",
            "How much the sources say about this actor's ties; parallel relations each count here, and only here.",
        ),
        Measure(
            "betweenness",
            "Betweenness",
            "undirected projection, unweighted (one hop per related pair), normalized",
            "How often the actor lies on the shortest chain between two others: a go-between or choke point.",
        ),
        Measure(
            "closeness",
            "Closeness",
            "undirected projection, unweighted, scaled by the share of actors it can reach (Wasserman–Faust)",
            "How few steps separate the actor from everyone it can reach: quick access to the whole network.",
        ),
        Measure(
            "eigenvector",
            "Eigenvector",
            "undirected projection, weighted by number of relations; power iteration",
            "Ties to actors that are themselves well tied: embeddedness in the core of the network.",
        ),
        Measure(
            "pagerank",
            "PageRank",
            "directed projection, weighted by number of relations, damping 0.85",
            "Attention received from actors that themselves receive attention: who the network acts upon most.",
        ),
    ]
}


def centrality(
    G: nx.MultiDiGraph,
    layers: tuple[str, ...] = LAYERS,
    *,
    certainties: frozenset[str] | None = None,
    as_of: str | None = None,
    sample_threshold: int = SAMPLE_THRESHOLD,
    samples: int = SAMPLES,
    seed: int = 0,
) -> pd.DataFrame:
    """Every measure in `MEASURES` for every actor on each layer, as columns like `betweenness_hostile`.

    Index: actor id, sorted. Columns grouped by measure, then layer. Measures run on the
    projections `MEASURES` names; by default the certainty levels graphkit.rules counts
    (not proposed or denied), else `certainties`. `df.attrs["notes"]` says where a measure was estimated
    (sampled betweenness) or could not be computed (NaN).

    >>> G = nx.MultiDiGraph()
    >>> for key, leaf in [("r1", "a"), ("r2", "b"), ("r3", "c")]:
    ...     _ = G.add_edge("hub", leaf, key=key, directed=False, polarity=1, certainty="confirmed", start="", end="")
    >>> table = centrality(G, layers=("all",))
    >>> table.loc["hub", "betweenness_all"], table.loc["a", "degree_all"]
    (np.float64(1.0), np.int64(1))
    """
    notes: list[str] = []
    columns: dict[str, pd.Series] = {}
    nodes = sorted(G.nodes)
    for layer in progress(layers, desc="centrality"):
        # Inside `unchanged(G)` a layer is measured once: `graphkit build`'s explorer and report share it.
        key = ("centrality", layer, certainties, sample_threshold, samples, seed, as_of)
        measure = partial(_layer, G, layer, certainties, as_of, sample_threshold, samples, seed)
        values, layer_notes = shared(G, key, measure)
        notes += [note for note in layer_notes if note not in notes]
        for name, by_node in values.items():
            columns[f"{name}_{layer}"] = pd.Series(by_node).reindex(nodes)
    table = pd.DataFrame({f"{m}_{layer}": columns[f"{m}_{layer}"] for m in MEASURES for layer in layers}, index=nodes)
    table.index.name = "actor"
    table.attrs["notes"] = notes
    return table


def _layer(
    G: nx.MultiDiGraph,
    layer: str,
    certainties: frozenset[str] | None,
    as_of: str | None,
    sample_threshold: int,
    samples: int,
    seed: int,
) -> tuple[dict[str, dict[str, float]], list[str]]:
    """Each measure's values on one layer, and the notes on how they were computed."""
    notes: list[str] = []
    directed = project(G, layer, certainties=certainties, as_of=as_of)
    simple = undirected(G, layer, certainties=certainties, as_of=as_of)
    values = {
        "degree": dict(simple.degree()),
        "in_degree": dict(directed.in_degree()),
        "out_degree": dict(directed.out_degree()),
        "relations": dict(simple.degree(weight="weight")),
        "betweenness": _betweenness(simple, layer, notes, sample_threshold, samples, seed),
        "closeness": _closeness(simple),
        "eigenvector": _eigenvector(simple, layer, notes),
        "pagerank": _pagerank(directed, layer, notes),
    }
    return values, notes


def _betweenness(
    simple: nx.Graph, label: str, notes: list[str], sample_threshold: int, samples: int, seed: int
) -> dict[str, float]:
    """Normalized, unweighted betweenness of a projection; sampled (k sources, fixed seed) above the threshold."""
    n = simple.number_of_nodes()
    compiled = n > COMPILED_THRESHOLD
    if n <= sample_threshold:
        return _compiled.betweenness(simple) if compiled else nx.betweenness_centrality(simple, normalized=True)
    note = (
        f"betweenness ({label}): estimated from {min(samples, n)} sampled source actors (seed {seed}), "
        f"since the graph has more than {sample_threshold} actors"
    )
    if note not in notes:
        notes.append(note)
    if compiled:
        return _compiled.betweenness(simple, k=min(samples, n), seed=seed)
    return nx.betweenness_centrality(simple, k=min(samples, n), normalized=True, seed=seed)


def _closeness(simple: nx.Graph) -> dict[str, float]:
    """Closeness (Wasserman–Faust) of a projection; compiled above COMPILED_THRESHOLD actors, same values."""
    if simple.number_of_nodes() > COMPILED_THRESHOLD:
        return _compiled.closeness(simple)
    return nx.closeness_centrality(simple)


def _eigenvector(simple: nx.Graph, layer: str, notes: list[str]) -> dict[str, float]:
    """Power iteration on the weighted undirected projection; ARPACK if it fails to converge; else NaN, noted.

    A layer without relations has no meaningful eigenvector: every actor scores 0.
    """
    if simple.number_of_edges() == 0:
        return dict.fromkeys(simple, 0.0)
    groups = sum(1 for part in nx.connected_components(simple) if len(part) > 1)
    if groups > 1:
        notes.append(
            f"eigenvector ({layer}): the related actors form {groups} separate groups; scores concentrate in the "
            "most central one and are near zero elsewhere by construction: compare them within a group"
        )
    power_iteration = (
        _compiled.eigenvector if simple.number_of_nodes() > COMPILED_THRESHOLD else nx.eigenvector_centrality
    )
    try:
        return power_iteration(simple, max_iter=1000, tol=1e-9, weight="weight")
    except nx.PowerIterationFailedConvergence:
        pass
    try:
        values = nx.eigenvector_centrality_numpy(simple, weight="weight", max_iter=10000)
        notes.append(f"eigenvector ({layer}): power iteration did not converge; computed with ARPACK instead")
        return values
    except Exception:  # ARPACK's own non-convergence, or a degenerate matrix
        notes.append(f"eigenvector ({layer}): did not converge by power iteration or ARPACK; left empty (NaN)")
        return dict.fromkeys(simple, math.nan)


def _pagerank(directed: nx.DiGraph, layer: str, notes: list[str]) -> dict[str, float]:
    """PageRank of the weighted directed projection (damping 0.85); NaN, noted, if it fails to converge."""
    try:
        return _pagerank_values(directed)
    except nx.PowerIterationFailedConvergence:
        notes.append(f"pagerank ({layer}): did not converge in 1000 iterations; left empty (NaN)")
        return dict.fromkeys(directed, math.nan)


def _pagerank_values(directed: nx.DiGraph) -> dict[str, float]:
    """PageRank of a directed projection weighted by number of relations (damping 0.85, tight tolerance)."""
    if directed.number_of_nodes() == 0:
        return {}
    return nx.pagerank(directed, alpha=0.85, weight="weight", max_iter=1000, tol=1e-10)
