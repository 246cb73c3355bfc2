"""From the MultiDiGraph of relations to the simple graphs that measures run on.

Every measure in graphkit.analysis runs on one of the projections below, never on the
MultiDiGraph itself, so that collapsing parallel relations and ignoring direction are
choices made here, by name, and stated in the report:

- `project`: a DiGraph. One edge u → v per ordered pair; `weight` = the number of counted
  relations from u to v. A symmetric relation (`directed` False, e.g. allied_with)
  counts in both directions.
- `undirected`: a Graph. One edge per pair; `weight` = the number of counted relations
  between the two actors, in either direction, each relation counted once.

Which relations count: those whose certainty `counts` in the vocabulary (confirmed,
reported, alleged; not proposed or denied) unless `include_uncounted`; with `as_of`,
only those that held on that day (graphkit.graph.holds_on: an undated relation never
does). Self-loops are left out: no measure here gives them a meaning. Every actor is a
node of every projection, connected or not, so that tables cover every actor.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TypeVar

import networkx as nx
import numpy as np

from graphkit.dates import date_bounds
from graphkit.errors import UsageError
from graphkit.graph import holds_on, relation_tuples
from graphkit.vocab import vocabulary

_T = TypeVar("_T")

LAYERS = ("all", "cooperative", "hostile")
"""The layers tables and the report show: every counted relation, or only those of one polarity."""

_POLARITY = {"cooperative": 1, "hostile": -1, "neutral": 0}


def counts(data: dict, *, include_uncounted: bool = False, as_of: str | None = None) -> bool:
    """Whether one relation (edge attributes) counts as a connection in analysis.

    >>> counts({"certainty": "proposed", "start": "", "end": ""})
    False
    >>> counts({"certainty": "confirmed", "start": "2024", "end": ""}, as_of="2023-06-01")
    False
    """
    if not include_uncounted and not vocabulary().certainty[data["certainty"]].counts:
        return False
    return as_of is None or holds_on(data["start"], data["end"], as_of)


def counted_relations(
    G: nx.MultiDiGraph,
    layer: str = "all",
    *,
    include_uncounted: bool = False,
    as_of: str | None = None,
) -> list[tuple[str, str, str, dict]]:
    """The relations (u, v, relation id, attributes) that a projection of this layer is built from, by id."""
    if layer != "all" and layer not in _POLARITY:
        raise UsageError(f"Unknown layer '{layer}'. Choose one of: all, {', '.join(_POLARITY)}.")
    if as_of is not None:
        try:
            first_day, last_day = (day.toordinal() for day in date_bounds(as_of))
        except ValueError:
            raise UsageError(f"Bad date '{as_of}': use YYYY, YYYY-MM or YYYY-MM-DD.") from None
    table = _table(G)
    keep = ~table.loop
    if layer in _POLARITY:
        keep &= table.polarity == _POLARITY[layer]
    if not include_uncounted:
        keep &= table.counts
    if as_of is not None:  # graphkit.graph.holds_on, for every relation at once; undated ones never hold
        keep &= table.dated & (table.first <= last_day) & (table.last >= first_day)
    by_id = table.by_id
    return [by_id[i] for i in np.flatnonzero(keep).tolist()]


@dataclass
class _Table:
    """A graph's relations sorted by id, and as arrays what projections select them by.

    A report asks for some forty projections of one graph, seven of them snapshots on
    different days; selecting each projection's relations with array comparisons, rather
    than a test per relation and projection, took the report on 100,000 relations from
    about 75 to about 55 seconds.
    """

    by_id: list[tuple[str, str, str, dict]]
    loop: np.ndarray  # source and target are one actor
    polarity: np.ndarray  # +1, -1, 0
    counts: np.ndarray  # the certainty counts (vocabulary)
    dated: np.ndarray  # has a start or an end
    first: np.ndarray  # first day the start allows (ordinal); the smallest int64 without start
    last: np.ndarray  # last day the end allows; the largest int64 without end

    @classmethod
    def of(cls, G: nx.MultiDiGraph) -> _Table:
        by_id = sorted(relation_tuples(G), key=lambda e: e[2])
        levels = vocabulary().certainty
        earliest, latest = np.iinfo(np.int64).min, np.iinfo(np.int64).max
        first = [_first_day(data["start"]) if data["start"] else earliest for *_, data in by_id]
        last = [_last_day(data["end"]) if data["end"] else latest for *_, data in by_id]
        return cls(
            by_id,
            loop=np.array([u == v for u, v, _, _ in by_id], dtype=bool),
            polarity=np.array([data["polarity"] for *_, data in by_id], dtype=np.int8),
            counts=np.array([levels[data["certainty"]].counts for *_, data in by_id], dtype=bool),
            dated=np.array([bool(data["start"] or data["end"]) for *_, data in by_id], dtype=bool),
            first=np.array(first, dtype=np.int64),
            last=np.array(last, dtype=np.int64),
        )


@lru_cache(maxsize=65536)
def _first_day(value: str) -> int:
    return date_bounds(value)[0].toordinal()


@lru_cache(maxsize=65536)
def _last_day(value: str) -> int:
    return date_bounds(value)[1].toordinal()


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
    each asked for once, are not kept).
    """
    scope = _UNCHANGED.get()
    if scope is not None and scope.graph is G:  # already inside one for G (`graphkit build`): share with it
        yield
        return
    token = _UNCHANGED.set(_Unchanged(G, _Table.of(G)))
    try:
        yield
    finally:
        _UNCHANGED.reset(token)


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
    include_uncounted: bool = False,
    as_of: str | None = None,
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
    key = ("project", layer, include_uncounted, as_of)
    return shared(G, key, lambda: _project(G, layer, include_uncounted, as_of))


def _project(G: nx.MultiDiGraph, layer: str, include_uncounted: bool, as_of: str | None) -> nx.DiGraph:
    pairs: dict[tuple[str, str], dict] = {}
    for u, v, key, data in counted_relations(G, layer, include_uncounted=include_uncounted, as_of=as_of):
        for pair in ((u, v),) if data["directed"] else ((u, v), (v, u)):
            attrs = pairs.get(pair)
            if attrs is None:
                pairs[pair] = {"weight": 1, "relations": [key]}
            else:
                attrs["weight"] += 1
                attrs["relations"].append(key)
    simple = _with_nodes(G, nx.DiGraph())
    simple.add_edges_from((u, v, attrs) for (u, v), attrs in pairs.items())
    return simple


def undirected(
    G: nx.MultiDiGraph,
    layer: str = "all",
    *,
    include_uncounted: bool = False,
    as_of: str | None = None,
) -> nx.Graph:
    """One undirected edge per pair of related actors, weighted by the number of relations between them.

    Each counted relation adds 1 to its pair's `weight` whatever its direction (a pair
    tied by A → B and B → A has weight 2); `relations` lists their ids.

    >>> G = nx.MultiDiGraph()
    >>> G.add_edge("a", "b", key="r1", directed=True, polarity=-1, certainty="confirmed", start="", end="")
    'r1'
    >>> G.add_edge("b", "a", key="r2", directed=False, polarity=1, certainty="denied", start="", end="")
    'r2'
    >>> undirected(G).edges["a", "b"]["weight"], undirected(G, include_uncounted=True).edges["a", "b"]["weight"]
    (1, 2)
    """
    key = ("undirected", layer, include_uncounted, as_of)
    return shared(G, key, lambda: _undirected(G, layer, include_uncounted, as_of))


def _undirected(G: nx.MultiDiGraph, layer: str, include_uncounted: bool, as_of: str | None) -> nx.Graph:
    pairs: dict[tuple[str, str], dict] = {}
    for u, v, key, _ in counted_relations(G, layer, include_uncounted=include_uncounted, as_of=as_of):
        attrs = pairs.get((u, v)) or pairs.get((v, u))
        if attrs is None:
            pairs[u, v] = {"weight": 1, "relations": [key]}
        else:
            attrs["weight"] += 1
            attrs["relations"].append(key)
    simple = _with_nodes(G, nx.Graph())
    simple.add_edges_from((u, v, attrs) for (u, v), attrs in pairs.items())
    return simple


def signed(
    G: nx.MultiDiGraph,
    *,
    include_uncounted: bool = False,
    as_of: str | None = None,
) -> nx.Graph:
    """One undirected edge per related pair, with the sign of the relations between them.

    The rule: `sign` is the sign of the sum of the polarities (+1 cooperative, -1 hostile,
    0 neutral) of the pair's counted relations, in either direction. +1: friends;
    -1: enemies; 0: linked only by neutral relations (talks, deployments, construction)
    or by as many cooperative as hostile ones. `positive`, `negative` and `neutral` count
    the relations of each polarity; `relations` lists their ids. Without `as_of` every
    counted relation counts, whenever it held.

    >>> G = nx.MultiDiGraph()
    >>> for key, polarity in [("r1", 1), ("r2", -1), ("r3", -1)]:
    ...     _ = G.add_edge("a", "b", key=key, directed=True, polarity=polarity, certainty="confirmed", start="", end="")
    >>> S = signed(G)
    >>> S.edges["a", "b"]["sign"], S.edges["a", "b"]["negative"]
    (-1, 2)
    """
    return shared(G, ("signed", include_uncounted, as_of), lambda: _signed(G, include_uncounted, as_of))


def _signed(G: nx.MultiDiGraph, include_uncounted: bool, as_of: str | None) -> nx.Graph:
    pairs: dict[tuple[str, str], dict] = {}
    column = {1: "positive", -1: "negative", 0: "neutral"}
    for u, v, key, data in counted_relations(G, "all", include_uncounted=include_uncounted, as_of=as_of):
        attrs = pairs.get((u, v)) or pairs.get((v, u))
        if attrs is None:
            attrs = pairs[u, v] = {"positive": 0, "negative": 0, "neutral": 0, "relations": []}
        attrs[column[data["polarity"]]] += 1
        attrs["relations"].append(key)
    for attrs in pairs.values():
        total = attrs["positive"] - attrs["negative"]
        attrs["sign"] = (total > 0) - (total < 0)
    simple = _with_nodes(G, nx.Graph())
    simple.add_edges_from((u, v, attrs) for (u, v), attrs in pairs.items())
    return simple
