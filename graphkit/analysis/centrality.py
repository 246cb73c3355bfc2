"""Who is central: degree, betweenness, closeness, eigenvector and PageRank for every actor, per layer.

Each measure names the projection it runs on (graphkit.analysis.projections); `MEASURES`
holds that statement and a one-line meaning for analysts, and the report prints both.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

import networkx as nx
import numpy as np
import pandas as pd

from graphkit.analysis import _compiled
from graphkit.analysis._compiled import COMPILED_THRESHOLD
from graphkit.analysis._progress import progress
from graphkit.analysis.projections import LAYERS, Tabled, counted, project, shared, tabled, undirected

SAMPLE_THRESHOLD = 5000
"""Above this many actors, betweenness and closeness are estimated from a fixed-seed sample of actors."""
SAMPLES = 500
"""How many source actors sampled betweenness, and sampled closeness, use on each layer."""
SNAPSHOT_SAMPLES = 200
"""How many source actors sampled betweenness uses on each snapshot over time (at most `SAMPLES`).

The snapshots are ranked and compared with each other, not read to the layers' precision; nine
snapshots at `SAMPLES` cost more than the four layers (measured in docs/performance.md)."""
CLOSENESS_EPSILON = 0.1
"""The error sampled closeness states, as a share of a group's diameter (see `closeness_confidence`)."""
BETWEENNESS_EPSILON = 0.1
"""The error sampled betweenness states, on its normalized scale (see `betweenness_confidence`)."""


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
    if G.number_of_nodes() > COMPILED_THRESHOLD:
        keep = counted(G, layer, certainties=certainties, as_of=as_of)
        simple = partial(undirected, G, layer, certainties=certainties, as_of=as_of)
        return _tabled_layer(simple, tabled(G), keep, layer, notes, sample_threshold, samples, seed), notes
    directed = project(G, layer, certainties=certainties, as_of=as_of)
    simple = undirected(G, layer, certainties=certainties, as_of=as_of)
    values = {
        "degree": dict(simple.degree()),
        "in_degree": dict(directed.in_degree()),
        "out_degree": dict(directed.out_degree()),
        "relations": dict(simple.degree(weight="weight")),
        "betweenness": _betweenness(simple, layer, notes, sample_threshold, samples, seed),
        "closeness": _closeness(simple, layer, notes, sample_threshold, samples, seed),
        "eigenvector": _eigenvector(simple, layer, notes),
        "pagerank": _pagerank(directed, layer, notes),
    }
    return values, notes


@dataclass(frozen=True)
class _Projected:
    """The projections of some tabled relations as arrays of node indexes: what `project` and `undirected` hold."""

    nodes: list[str]
    first: np.ndarray  # undirected pairs: first < second
    second: np.ndarray
    weight: np.ndarray  # relations per pair
    tail: np.ndarray  # directed pairs (a symmetric relation both ways)
    head: np.ndarray
    arc_weight: np.ndarray

    @classmethod
    def of(cls, table: Tabled, keep: np.ndarray) -> _Projected:
        n = len(table.nodes)
        source, target, both = table.source[keep], table.target[keep], ~table.directed[keep]
        pairs, weight = np.unique(np.minimum(source, target) * n + np.maximum(source, target), return_counts=True)
        arcs = np.concatenate([source * n + target, target[both] * n + source[both]])
        arcs, arc_weight = np.unique(arcs, return_counts=True)
        return cls(table.nodes, pairs // n, pairs % n, weight, arcs // n, arcs % n, arc_weight)

    def edges(self) -> list[tuple[int, int]]:
        return list(zip(self.first.tolist(), self.second.tolist(), strict=True))

    def by_node(self, values: np.ndarray) -> dict[str, int]:
        return dict(zip(self.nodes, values.tolist(), strict=True))

    def matrix(self, weighted: bool):
        """The undirected projection's adjacency as a sparse matrix in node order, weighted or not."""
        import scipy.sparse as sparse

        n = len(self.nodes)
        values = (self.weight if weighted else np.ones(len(self.weight))).astype(float)
        rows, cols = np.concatenate([self.first, self.second]), np.concatenate([self.second, self.first])
        return sparse.coo_array((np.concatenate([values, values]), (rows, cols)), shape=(n, n)).tocsr()

    def pagerank(self, label: str, notes: list[str]) -> dict[str, float]:
        arcs = zip(self.tail.tolist(), self.head.tolist(), self.arc_weight.astype(float).tolist(), strict=True)
        rank = partial(_compiled.pagerank_of, self.nodes, list(arcs), **PAGERANK)
        return _converged(rank, self.nodes, label, notes)

    def betweenness(self, label: str, notes: list[str], sample_threshold: int, samples: int, seed: int) -> dict:
        k = _sources(len(self.nodes), label, notes, sample_threshold, samples, seed)
        return _compiled.betweenness_of(self.nodes, self.edges(), k, seed)

    def closeness(self, label: str, notes: list[str], sample_threshold: int, samples: int, seed: int) -> dict:
        if len(self.nodes) <= sample_threshold:
            return _compiled.closeness_of(self.nodes, self.edges())
        _closeness_note(label, notes, sample_threshold, samples, seed)
        return _compiled.closeness_sampled_of(self.nodes, self.edges(), samples, seed)

    def eigenvector(self, label: str, notes: list[str], simple: Callable[[], nx.Graph]) -> dict[str, float]:
        """`_eigenvector`: the same power iteration, notes and fallback (on `simple()`, built only then)."""
        import scipy.sparse.csgraph as csgraph

        if len(self.first) == 0:
            return dict.fromkeys(self.nodes, 0.0)
        matrix = self.matrix(weighted=True)
        count, group = csgraph.connected_components(matrix, directed=False)
        _groups_note(int((np.bincount(group) > 1).sum()), label, notes)
        try:
            return _compiled.eigenvector_of(self.nodes, matrix, max_iter=1000, tol=1e-9)
        except nx.PowerIterationFailedConvergence:
            pass
        # networkx's ARPACK fallback (eigenvector_centrality_numpy) refuses a disconnected graph
        return _arpack(simple(), label, notes) if count == 1 else _unconverged(self.nodes, label, notes)

    def degree(self) -> dict[str, int]:
        n = len(self.nodes)
        return self.by_node(np.bincount(self.first, minlength=n) + np.bincount(self.second, minlength=n))


def _tabled_layer(
    simple: Callable[[], nx.Graph],
    table: Tabled,
    keep: np.ndarray,
    layer: str,
    notes: list[str],
    sample_threshold: int,
    samples: int,
    seed: int,
) -> dict[str, dict[str, float]]:
    """`_layer`'s measures above COMPILED_THRESHOLD actors, from the tabled relations `keep` selects, no graph built.

    The same definitions, notes and samples as `_layer`, in igraph, scipy and numpy;
    `simple()` builds the undirected projection, only if eigenvector centrality must fall back to ARPACK.
    """
    p = _Projected.of(table, keep)
    n = len(p.nodes)
    relations = np.bincount(p.first, p.weight, minlength=n) + np.bincount(p.second, p.weight, minlength=n)
    return {
        "degree": p.degree(),
        "in_degree": p.by_node(np.bincount(p.head, minlength=n)),
        "out_degree": p.by_node(np.bincount(p.tail, minlength=n)),
        "relations": p.by_node(relations.astype(np.int64)),
        "betweenness": p.betweenness(layer, notes, sample_threshold, samples, seed),
        "closeness": p.closeness(layer, notes, sample_threshold, samples, seed),
        "eigenvector": p.eigenvector(layer, notes, simple),
        "pagerank": p.pagerank(layer, notes),
    }


def _betweenness(
    simple: nx.Graph, label: str, notes: list[str], sample_threshold: int, samples: int, seed: int
) -> dict[str, float]:
    """Normalized, unweighted betweenness of a projection; sampled (k sources, fixed seed) above the threshold."""
    n = simple.number_of_nodes()
    k = _sources(n, label, notes, sample_threshold, samples, seed)
    if n > COMPILED_THRESHOLD:
        return _compiled.betweenness(simple, k=k, seed=seed)
    if k is None:
        return nx.betweenness_centrality(simple, normalized=True)
    return nx.betweenness_centrality(simple, k=k, normalized=True, seed=seed)


def _sources(n: int, label: str, notes: list[str], sample_threshold: int, samples: int, seed: int) -> int | None:
    """How many source actors betweenness samples on a graph of n actors (None: every one), noted when sampled."""
    if n <= sample_threshold:
        return None
    k = min(samples, n)
    note = (
        f"betweenness ({label}): estimated from {k} sampled source actors (seed {seed}), "
        f"since the graph has more than {sample_threshold} actors"
        + _bound(f"each actor's value is within ± {BETWEENNESS_EPSILON}", betweenness_confidence(k))
    )
    if note not in notes:
        notes.append(note)
    return k


def _closeness(
    simple: nx.Graph, label: str, notes: list[str], sample_threshold: int, samples: int, seed: int
) -> dict[str, float]:
    """Closeness (Wasserman–Faust) of a projection; estimated from sampled actors above the threshold, noted.

    Exact: networkx, or igraph above COMPILED_THRESHOLD actors (the same values). Above
    `sample_threshold`: `_compiled.closeness_sampled`, exact in groups of at most `samples` actors.
    """
    n = simple.number_of_nodes()
    if n <= sample_threshold:
        return _compiled.closeness(simple) if n > COMPILED_THRESHOLD else nx.closeness_centrality(simple)
    _closeness_note(label, notes, sample_threshold, samples, seed)
    return _compiled.closeness_sampled(simple, samples, seed)


def _closeness_note(label: str, notes: list[str], sample_threshold: int, samples: int, seed: int) -> None:
    within = f"each actor's mean distance is within ± {CLOSENESS_EPSILON} × its group's diameter"
    note = (
        f"closeness ({label}): estimated from the distances to {samples} sampled actors of each connected group "
        f"(seed {seed}), since the graph has more than {sample_threshold} actors"
        + _bound(within, closeness_confidence(samples))
    )
    if note not in notes:
        notes.append(note)


def closeness_confidence(samples: int, epsilon: float = CLOSENESS_EPSILON) -> float:
    """The probability that a sampled mean distance is within ± epsilon × the diameter: 1 - 2 exp(-2 k eps²)."""
    return 1 - 2 * math.exp(-2 * samples * epsilon**2)


def betweenness_confidence(samples: int, epsilon: float = BETWEENNESS_EPSILON) -> float:
    """The probability that an actor's sampled normalized betweenness is within ± epsilon of the exact value.

    The estimate is the mean, over the sampled sources other than the actor (at least k - 1,
    drawn without replacement), of the share of the other actors whose shortest paths from the
    source pass through it, each in [0, 1]; Hoeffding bounds it: 1 - 2 exp(-2 (k - 1) eps²).

    >>> round(betweenness_confidence(500), 4), round(betweenness_confidence(200), 3)
    (0.9999, 0.963)
    """
    return 1 - 2 * math.exp(-2 * max(samples - 1, 0) * epsilon**2)


def _bound(within: str, probability: float) -> str:
    """A sampled measure's stated bound, with its probability rounded down to 0.01 %; none when Hoeffding gives none."""
    if probability <= 0:  # too few samples for the bound to say anything
        return ""
    return f"; {within} with probability over {math.floor(probability * 10000) / 100:g}% (Hoeffding)"


def _eigenvector(simple: nx.Graph, layer: str, notes: list[str]) -> dict[str, float]:
    """Power iteration on the weighted undirected projection; ARPACK if it fails to converge; else NaN, noted.

    A layer without relations has no meaningful eigenvector: every actor scores 0.
    """
    if simple.number_of_edges() == 0:
        return dict.fromkeys(simple, 0.0)
    _groups_note(sum(1 for part in nx.connected_components(simple) if len(part) > 1), layer, notes)
    power_iteration = (
        _compiled.eigenvector if simple.number_of_nodes() > COMPILED_THRESHOLD else nx.eigenvector_centrality
    )
    try:
        return power_iteration(simple, max_iter=1000, tol=1e-9, weight="weight")
    except nx.PowerIterationFailedConvergence:
        return _arpack(simple, layer, notes)


def _groups_note(groups: int, layer: str, notes: list[str]) -> None:
    if groups > 1:
        notes.append(
            f"eigenvector ({layer}): the related actors form {groups} separate groups; scores concentrate in the "
            "most central one and are near zero elsewhere by construction: compare them within a group"
        )


def _arpack(simple: nx.Graph, layer: str, notes: list[str]) -> dict[str, float]:
    """Eigenvector centrality by ARPACK, when power iteration did not converge; else NaN. Noted either way."""
    try:
        values = nx.eigenvector_centrality_numpy(simple, weight="weight", max_iter=10000)
        notes.append(f"eigenvector ({layer}): power iteration did not converge; computed with ARPACK instead")
        return values
    except Exception:  # ARPACK's own non-convergence, a degenerate matrix, or a disconnected graph
        return _unconverged(list(simple), layer, notes)


def _unconverged(nodes: list[str], layer: str, notes: list[str]) -> dict[str, float]:
    notes.append(f"eigenvector ({layer}): did not converge by power iteration or ARPACK; left empty (NaN)")
    return dict.fromkeys(nodes, math.nan)


def _pagerank(directed: nx.DiGraph, layer: str, notes: list[str]) -> dict[str, float]:
    """PageRank of the weighted directed projection (damping 0.85); NaN, noted, if it fails to converge."""
    return _converged(partial(_pagerank_values, directed), list(directed), layer, notes)


def _converged(rank: Callable[[], dict[str, float]], nodes: list[str], layer: str, notes: list[str]) -> dict:
    """`rank()`, or NaN for every actor, noted, when its power iteration does not converge."""
    try:
        return rank()
    except nx.PowerIterationFailedConvergence:
        notes.append(f"pagerank ({layer}): did not converge in 1000 iterations; left empty (NaN)")
        return dict.fromkeys(nodes, math.nan)


def _pagerank_values(directed: nx.DiGraph) -> dict[str, float]:
    """PageRank of a directed projection weighted by number of relations (damping 0.85, tight tolerance)."""
    if directed.number_of_nodes() == 0:
        return {}
    return nx.pagerank(directed, weight="weight", **PAGERANK)


PAGERANK = {"alpha": 0.85, "max_iter": 1000, "tol": 1e-10}
"""networkx's PageRank options graphkit uses: damping 0.85, a tight tolerance."""
