"""From the MultiDiGraph of relations to the simple graphs that measures run on.

Every measure in graphkit.analysis runs on one of the projections below, never on the
MultiDiGraph itself, so that collapsing parallel relations and ignoring direction are
choices made here, by name, and stated in the report:

- `project`: a DiGraph. One edge u → v per ordered pair; `weight` = the number of counted
  relations from u to v. A symmetric relation (`directed` False, e.g. allied_with)
  counts in both directions.
- `undirected`: a Graph. One edge per pair; `weight` = the number of counted relations
  between the two actors, in either direction, each relation counted once.

Which relations count, and when they hold, is graphkit.rules' decision: by default the
certainty levels the vocabulary counts (confirmed, reported, alleged; not proposed or
denied), else the `certainties` given; with `as_of`, only relations that held that day
(standing relations within their dates, events within their period or `window`; an
undated relation never holds). Self-loops are left out: no measure here gives them a
meaning. Every actor is a node of every projection, connected or not, so that tables
cover every actor.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TypeVar

import networkx as nx
import numpy as np

from graphkit.errors import UsageError
from graphkit.graph import relation_tuples
from graphkit.rules import EVENT, Moment, counted_levels, overlaps, polarity_of, span, temporal_in
from graphkit.vocab import vocabulary

_T = TypeVar("_T")

LAYERS = ("all", *vocabulary().layers())
"""The layers tables and the report show: every counted relation, or only those of one polarity.

The vocabulary says which polarities are layers (`layer = true`): cooperative, hostile and
rivalry, so competition (competes_with) is ranked apart from hostility, never in it.
"""


def counted_relations(
    G: nx.MultiDiGraph,
    layer: str = "all",
    *,
    certainties: frozenset[str] | None = None,
    as_of: str | None = None,
    window: str | None = None,
) -> list[tuple[str, str, str, dict]]:
    """The relations (u, v, relation id, attributes) that a projection of this layer is built from, by id."""
    keep = counted(G, layer, certainties=certainties, as_of=as_of, window=window)
    by_id = _table(G).by_id
    return [by_id[i] for i in np.flatnonzero(keep).tolist()]


def counted(
    G: nx.MultiDiGraph,
    layer: str = "all",
    *,
    certainties: frozenset[str] | None = None,
    as_of: str | None = None,
    window: str | None = None,
) -> np.ndarray:
    """Which of `tabled(G)`'s relations `counted_relations` gives, as a boolean array."""
    polarities = list(vocabulary().polarity)
    if layer != "all" and layer not in polarities:
        raise UsageError(f"Unknown layer '{layer}'. Choose one of: all, {', '.join(polarities)}.")
    table = _table(G)
    keep = ~table.loop
    if layer != "all":
        keep &= table.polarity == polarities.index(layer)
    levels = counted_levels() if certainties is None else certainties
    keep &= np.isin(table.certainty, [table.levels.index(c) for c in levels if c in table.levels])
    if as_of is not None:  # graphkit.rules' spans and overlap, for every relation at once
        moment = Moment(as_of, window)
        keep &= np.where(
            table.event,
            overlaps(table.first, table.last, *moment.events),
            overlaps(table.first, table.last, *moment.states),
        )
    return keep


@dataclass
class _Table:
    """A graph's relations sorted by id, and as arrays what projections select them by.

    A report asks for some forty projections of one graph, seven of them snapshots on
    different days; selecting each projection's relations with array comparisons, rather
    than a test per relation and projection, took the report on 100,000 relations from
    about 75 to about 55 seconds.
    """

    by_id: list[tuple[str, str, str, dict]]
    levels: list[str]  # certainty names; `certainty` holds indexes into it
    loop: np.ndarray  # source and target are one actor
    polarity: np.ndarray  # index into the vocabulary's polarities (graphkit.rules.polarity_of)
    certainty: np.ndarray  # index into `levels`
    event: np.ndarray  # an event, not a standing relation
    first: np.ndarray  # first day it is known to hold (graphkit.rules.span), as an ordinal
    last: np.ndarray  # last day it is known to hold
    nodes: list[str]  # every actor, sorted
    source: np.ndarray  # index of the relation's source actor in `nodes`
    target: np.ndarray
    directed: np.ndarray
    sign: np.ndarray  # the relation's polarity sign: +1, -1 or 0

    @classmethod
    def of(cls, G: nx.MultiDiGraph) -> _Table:
        by_id = sorted(relation_tuples(G), key=lambda e: e[2])
        levels = list(vocabulary().certainty)
        index = {name: i for i, name in enumerate(levels)}
        polarities = {name: i for i, name in enumerate(vocabulary().polarity)}
        spans = [span(data["start"], data["end"], temporal_in(data)) for *_, data in by_id]
        nodes = sorted(G.nodes)
        position = {node: i for i, node in enumerate(nodes)}
        return cls(
            by_id,
            levels,
            loop=np.array([u == v for u, v, _, _ in by_id], dtype=bool),
            polarity=np.array([polarities[polarity_of(data)] for *_, data in by_id], dtype=np.int8),
            certainty=np.array([index[data["certainty"]] for *_, data in by_id], dtype=np.int16),
            event=np.array([temporal_in(data) == EVENT for *_, data in by_id], dtype=bool),
            first=np.array([first for first, _ in spans], dtype=np.int64),
            last=np.array([last for _, last in spans], dtype=np.int64),
            nodes=nodes,
            source=np.array([position[u] for u, *_ in by_id], dtype=np.int64),
            target=np.array([position[v] for _, v, *_ in by_id], dtype=np.int64),
            directed=np.array([bool(data["directed"]) for *_, data in by_id], dtype=bool),
            sign=np.array([data["polarity"] for *_, data in by_id], dtype=np.int8),
        )


@dataclass
class _Unchanged:
    graph: nx.MultiDiGraph
    table: _Table
    built: dict[tuple, object] = field(default_factory=dict)  # see `shared`


_UNCHANGED: ContextVar[_Unchanged | None] = ContextVar("graphkit_unchanged_graph", default=None)


@contextmanager
def unchanged(G: nx.MultiDiGraph) -> Iterator[None]:
    """A block in which `G` does not change and its projections are only read, so work on them is shared.

    Inside it, the relations are sorted and tabled once (`_Table`), and each projection
    without `as_of` is built once and handed to every caller that asks for it (snapshots,
    each asked for once, are not kept); the objects alive on entry are out of the cyclic
    garbage collector's way (`_settled`).
    """
    scope = _UNCHANGED.get()
    if scope is not None and scope.graph is G:  # already inside one for G (`graphkit build`): share with it
        yield
        return
    token = _UNCHANGED.set(_Unchanged(G, _Table.of(G)))
    try:
        with _settled():
            yield
    finally:
        _UNCHANGED.reset(token)


@contextmanager
def _settled() -> Iterator[None]:
    """The objects alive on entry (the graph, its table) are left out of the cyclic collector's scans in the block.

    They live through the block, and there are millions of them at 100,000 relations: each
    full collection walked them all and freed nothing (1.6 s of a report's CPU, nine
    collections). Frozen, and with the youngest generation collected after 10,000 new objects
    rather than 700, the collector takes under half of that, in the same memory
    (docs/performance.md, "Report").
    """
    thresholds = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(max(thresholds[0], 10_000), *thresholds[1:])
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()


Tabled = _Table
"""The type `tabled` returns."""


def tabled(G: nx.MultiDiGraph) -> _Table:
    """`G`'s relations as arrays (`_Table`), made once inside `unchanged(G)`."""
    return _table(G)


def _table(G: nx.MultiDiGraph) -> _Table:
    scope = _UNCHANGED.get()
    return scope.table if scope is not None and scope.graph is G else _Table.of(G)


def shared(G: nx.MultiDiGraph, key: tuple, build: Callable[[], _T]) -> _T:
    """`build()`, or inside `unchanged(G)` what was built for the same `key` before.

    For projections and a layer's measures, which callers only read. `key` ends with the
    `as_of` date; nothing dated is kept (snapshots are each asked for once).
    """
    scope = _UNCHANGED.get()
    if scope is None or scope.graph is not G or key[-1] is not None:  # key[-1]: as_of
        return build()
    if key not in scope.built:
        scope.built[key] = build()
    return scope.built[key]


def _with_nodes(G: nx.MultiDiGraph, simple: nx.Graph) -> nx.Graph:
    nodes = G.nodes
    simple.add_nodes_from(
        (node, {k: nodes[node][k] for k in ("name", "kind") if k in nodes[node]}) for node in sorted(nodes)
    )
    return simple


# The projections below gather each pair's attributes in a dict and add the edges in one go, in
# the order their pairs first occur: the same graph, adjacency order included, as adding and
# updating edges one relation at a time, in a fraction of the time.


def project(
    G: nx.MultiDiGraph,
    layer: str = "all",
    *,
    certainties: frozenset[str] | None = None,
    as_of: str | None = None,
    window: str | None = None,
) -> nx.DiGraph:
    """Collapse parallel relations into one directed edge per ordered pair, weighted by their number.

    `weight` is the number of counted relations from u to v (a symmetric relation counts
    both ways) and `relations` lists their ids, so parallel relations are neither lost
    nor turned into extra edges. `layer` is "all", "cooperative", "hostile" or "neutral".

    >>> G = nx.MultiDiGraph()
    >>> G.add_edge("a", "b", key="r1", directed=True, polarity=1, certainty="confirmed", start="", end="")
    'r1'
    >>> G.add_edge("a", "b", key="r2", directed=False, polarity=1, certainty="alleged", start="", end="")
    'r2'
    >>> D = project(G)
    >>> D.edges["a", "b"]["weight"], D.edges["a", "b"]["relations"], D.edges["b", "a"]["weight"]
    (2, ['r1', 'r2'], 1)
    """
    key = ("project", layer, certainties, window, as_of)
    return shared(G, key, lambda: _project(G, layer, certainties, as_of, window))


def _project(
    G: nx.MultiDiGraph, layer: str, certainties: frozenset[str] | None, as_of: str | None, window: str | None
) -> nx.DiGraph:
    pairs = directed_pairs(counted_relations(G, layer, certainties=certainties, as_of=as_of, window=window))
    simple = _with_nodes(G, nx.DiGraph())
    simple.add_edges_from((u, v, attrs) for (u, v), attrs in pairs.items())
    return simple


def directed_pairs(relations: list[tuple[str, str, str, dict]]) -> dict[tuple[str, str], dict]:
    """The edges of `project` from its counted relations: (u, v) to weight and relation ids, in order of occurrence."""
    pairs: dict[tuple[str, str], dict] = {}
    for u, v, key, data in relations:
        for pair in ((u, v),) if data["directed"] else ((u, v), (v, u)):
            attrs = pairs.get(pair)
            if attrs is None:
                pairs[pair] = {"weight": 1, "relations": [key]}
            else:
                attrs["weight"] += 1
                attrs["relations"].append(key)
    return pairs


def undirected(
    G: nx.MultiDiGraph,
    layer: str = "all",
    *,
    certainties: frozenset[str] | None = None,
    as_of: str | None = None,
    window: str | None = None,
) -> nx.Graph:
    """One undirected edge per pair of related actors, weighted by the number of relations between them.

    Each counted relation adds 1 to its pair's `weight` whatever its direction (a pair
    tied by A → B and B → A has weight 2); `relations` lists their ids.

    >>> G = nx.MultiDiGraph()
    >>> G.add_edge("a", "b", key="r1", directed=True, polarity=-1, certainty="confirmed", start="", end="")
    'r1'
    >>> G.add_edge("b", "a", key="r2", directed=False, polarity=1, certainty="denied", start="", end="")
    'r2'
    >>> from graphkit.rules import every_level
    >>> undirected(G).edges["a", "b"]["weight"], undirected(G, certainties=every_level()).edges["a", "b"]["weight"]
    (1, 2)
    """
    key = ("undirected", layer, certainties, window, as_of)
    return shared(G, key, lambda: _undirected(G, layer, certainties, as_of, window))


def _undirected(
    G: nx.MultiDiGraph, layer: str, certainties: frozenset[str] | None, as_of: str | None, window: str | None
) -> nx.Graph:
    pairs = undirected_pairs(counted_relations(G, layer, certainties=certainties, as_of=as_of, window=window))
    simple = _with_nodes(G, nx.Graph())
    simple.add_edges_from((u, v, attrs) for (u, v), attrs in pairs.items())
    return simple


def undirected_pairs(relations: list[tuple[str, str, str, dict]]) -> dict[tuple[str, str], dict]:
    """The edges of `undirected` from its counted relations: pair to weight and relation ids, in order of occurrence."""
    pairs: dict[tuple[str, str], dict] = {}
    for u, v, key, _ in relations:
        attrs = pairs.get((u, v)) or pairs.get((v, u))
        if attrs is None:
            pairs[u, v] = {"weight": 1, "relations": [key]}
        else:
            attrs["weight"] += 1
            attrs["relations"].append(key)
    return pairs


def net_sign(positive: int, negative: int) -> int:
    """A pair's sign from how many cooperative and hostile relations it has: the sign of their polarities' sum.

    The one definition of friends (+1) and enemies (-1) for the signed projection, the
    report and `graphkit.questions.stance_of`; neutral relations add nothing.

    >>> net_sign(2, 1), net_sign(1, 3), net_sign(2, 2), net_sign(0, 0)
    (1, -1, 0, 0)
    """
    total = positive - negative
    return (total > 0) - (total < 0)


def net_stance(positive: int, negative: int, neutral: int) -> str:
    """A pair's stance from its counted relations of each polarity: friend, enemy, mixed or neutral.

    The sign of `net_sign` names friends and enemies; a sum of zero is "mixed" when
    cooperative and hostile relations cancel out, "neutral" when only neutral relations
    (talks, deployments, rivalry) tie the pair, "none" when nothing does. The one rule
    `graphkit stance`, `between` and the report's stance changes share.

    >>> net_stance(2, 1, 0), net_stance(1, 1, 0), net_stance(0, 0, 2), net_stance(0, 0, 0)
    ('friend', 'mixed', 'neutral', 'none')
    """
    sign = net_sign(positive, negative)
    if sign:
        return "friend" if sign > 0 else "enemy"
    if positive:
        return "mixed"
    return "neutral" if neutral else "none"


def signed(
    G: nx.MultiDiGraph,
    *,
    certainties: frozenset[str] | None = None,
    as_of: str | None = None,
    window: str | None = None,
) -> nx.Graph:
    """One undirected edge per related pair, with the sign of the relations between them.

    The rule: `sign` is the sign of the sum of the polarities (+1 cooperative, -1 hostile,
    0 neutral or rivalry) of the pair's counted relations, in either direction. +1:
    friends; -1: enemies; 0: linked only by neutral relations (talks, deployments,
    construction) or rivalry, or by as many cooperative as hostile ones. `positive`,
    `negative` and `neutral` count the relations of sign +1, -1 and 0; `rivalry` those of
    the rivalry polarity among them (competition is not enmity: it adds no sign). `relations`
    lists their ids. Without `as_of` every counted relation counts, whenever it held.

    >>> G = nx.MultiDiGraph()
    >>> for key, polarity in [("r1", 1), ("r2", -1), ("r3", -1)]:
    ...     _ = G.add_edge("a", "b", key=key, directed=True, polarity=polarity, certainty="confirmed", start="", end="")
    >>> S = signed(G)
    >>> S.edges["a", "b"]["sign"], S.edges["a", "b"]["negative"]
    (-1, 2)
    """
    key = ("signed", certainties, window, as_of)
    return shared(G, key, lambda: _signed(G, certainties, as_of, window))


def _signed(G: nx.MultiDiGraph, certainties: frozenset[str] | None, as_of: str | None, window: str | None) -> nx.Graph:
    pairs = signed_pairs(counted_relations(G, "all", certainties=certainties, as_of=as_of, window=window))
    simple = _with_nodes(G, nx.Graph())
    simple.add_edges_from((u, v, attrs) for (u, v), attrs in pairs.items())
    return simple


def signed_pairs(relations: list[tuple[str, str, str, dict]]) -> dict[tuple[str, str], dict]:
    """The edges of `signed` from its counted relations (layer all): pair to counts, sign and ids, in order."""
    pairs: dict[tuple[str, str], dict] = {}
    column = {1: "positive", -1: "negative", 0: "neutral"}
    for u, v, key, data in relations:
        attrs = pairs.get((u, v)) or pairs.get((v, u))
        if attrs is None:
            attrs = pairs[u, v] = {"positive": 0, "negative": 0, "neutral": 0, "rivalry": 0, "relations": []}
        attrs[column[data["polarity"]]] += 1
        attrs["rivalry"] += polarity_of(data) == "rivalry"
        attrs["relations"].append(key)
    for attrs in pairs.values():
        attrs["sign"] = net_sign(attrs["positive"], attrs["negative"])
    return pairs


def without(
    G: nx.MultiDiGraph, relation_ids: set[str], *, certainties: frozenset[str] | None = None
) -> tuple[nx.DiGraph, nx.Graph]:
    """The directed and undirected projections (layer all) as if these relations were not in `G`.

    Built from copies of the full projections by taking each left-out counted relation's 1
    off its pairs' weights (an edge whose weight reaches 0 goes), which is what projecting
    `G` without them gives, at the cost of a copy: leaving out one document at a time
    (graphkit.analysis.sensitivity) on 100,000 relations needs no new projection.
    `relations` lists stay those of the full projections.
    """
    directed = project(G, certainties=certainties).copy()
    simple = undirected(G, certainties=certainties).copy()
    for u, v, key, data in counted_relations(G, certainties=certainties):
        if key not in relation_ids:
            continue
        for graph, pairs in ((simple, ((u, v),)), (directed, ((u, v),) if data["directed"] else ((u, v), (v, u)))):
            for a, b in pairs:
                attrs = graph.edges[a, b]
                attrs["weight"] -= 1
                if attrs["weight"] == 0:
                    graph.remove_edge(a, b)
    return directed, simple
