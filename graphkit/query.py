"""Questions analysts ask of the graph: paths with evidence, neighbours, dossiers, search, timelines.

Functions take the MultiDiGraph from `build_graph` first, then actor ids, then options,
and return plain dataclasses; rendering them is the CLI's business.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass
from types import MappingProxyType

import networkx as nx

from graphkit.dates import date_bounds
from graphkit.graph import filtered
from graphkit.rules import EdgeFilter, temporal_in
from graphkit.text import fold
from graphkit.vocab import vocabulary


@dataclass(frozen=True)
class Hop:
    """One relation as traversed from `source` to `target`.

    `direction` is "forward" when the relation runs source → target as curated,
    "backward" when it runs the other way, "symmetric" for a two-way relation type.
    """

    source: str
    target: str
    relation: str
    direction: str
    start: str
    end: str
    temporal: str  # "event" or "state": how its dates read (graphkit.rules)
    certainty: str
    source_doc: str
    quote: str
    note: str
    claimant: str  # who makes the claim: an actor id or a claimant label; '' when the text states it
    relation_id: str
    alternatives: int = 0  # other relations between the same two actors that also qualify

    def as_dict(self) -> dict:
        return asdict(self)


def _hop(u: str, v: str, key: str, data: dict, traversed_from: str) -> Hop:
    direction = "forward" if u == traversed_from else "backward"
    if not data["directed"]:
        direction = "symmetric"
    other = v if u == traversed_from else u
    return Hop(
        traversed_from,
        other,
        data["relation"],
        direction,
        data["start"],
        data["end"],
        temporal_in(data),
        data["certainty"],
        data["source_doc"],
        data["quote"],
        data["note"],
        data.get("claimant", ""),
        key,
    )


def _evidence_order(data: dict, key: str) -> tuple:
    """Strongest evidence first: higher certainty, then dated, then stable by id."""
    rank = vocabulary().certainty[data["certainty"]].rank
    return (-rank, 0 if (data["start"] or data["end"]) else 1, key)


_NO_RELATIONS: Mapping = MappingProxyType({})
_Between = tuple[Mapping, Mapping]  # the relations from one actor to another, and back


class _Links:
    """Who is connected to whom, worked out pair by pair as a path search reaches them.

    Two actors are linked when some relation between them passes the filter; undirected by
    default, as analysts ask. With `directed`, a directed relation links its source to its
    target only, and a symmetric relation links both ways. Linking every pair up front
    took ten times as long as a search on 100,000 relations.
    """

    def __init__(self, graph: nx.MultiDiGraph, edge_filter: EdgeFilter, directed: bool) -> None:
        # networkx's path searches refuse multigraphs but read nothing beyond `_node` and
        # `_adj`; an inner value is handed only to `weight` (and `hop`), which read it here.
        self.graph = nx.Graph()
        self.graph._node, self.graph._adj = graph._node, _BothWays(graph._succ, graph._pred)
        self._accepts = edge_filter.accepts
        self._directed = directed
        self._rank = {name: level.rank for name, level in vocabulary().certainty.items()}
        self._strongest = max(self._rank.values())

    def relations(self, a: str, b: str, between: _Between | None = None) -> list[tuple[str, str, str, dict]]:
        """The qualifying relations that link `a` to `b`, as (source, target, key, data) as curated."""
        outgoing, incoming = between or self.graph._adj[a][b]
        found = [(a, b, key, data) for key, data in outgoing.items() if self._accepts(data)]
        for key, data in incoming.items():
            if not (self._directed and data["directed"]) and self._accepts(data):  # a directed one runs b -> a only
                found.append((b, a, key, data))
        return found

    def weight(self, a: str, b: str, between: _Between) -> float | None:
        """A search's weight function: `_link_weight` of the pair, None if nothing links them."""
        relations = self.relations(a, b, between)
        if not relations:
            return None
        best = max(self._rank[data["certainty"]] for *_, data in relations)
        return _link_weight(best, len(relations), self._strongest)

    def length(self, path: list[str]) -> float:
        """The summed weight of a path's links."""
        return sum(self.weight(a, b, self.graph._adj[a][b]) for a, b in itertools.pairwise(path))

    def hop(self, a: str, b: str, between: _Between) -> int | None:
        """A search's weight function counting hops: 1 if anything links the pair, else None."""
        return 1 if self.relations(a, b, between) else None


class _BothWays(Mapping):
    """actor -> counterpart -> (relations from the actor to it, relations from it to the actor).

    networkx's own union view orders counterparts by hash, which changes from run to run;
    here those the actor is the source of come first, in the graph's order, so that ties
    between equally short paths break the same way every time.
    """

    def __init__(self, succ: dict, pred: dict) -> None:
        self._succ, self._pred = succ, pred

    def __getitem__(self, actor: str) -> _Counterparts:
        return _Counterparts(self._succ[actor], self._pred[actor])

    def __iter__(self) -> Iterator[str]:
        return iter(self._succ)

    def __len__(self) -> int:
        return len(self._succ)


class _Counterparts(Mapping):
    """One actor's row of `_BothWays`."""

    def __init__(self, outgoing: dict, incoming: dict) -> None:
        self._outgoing, self._incoming = outgoing, incoming

    def __getitem__(self, other: str) -> _Between:
        outgoing = self._outgoing.get(other, _NO_RELATIONS)
        incoming = self._incoming.get(other, _NO_RELATIONS)
        if outgoing is _NO_RELATIONS and incoming is _NO_RELATIONS:
            raise KeyError(other)
        return outgoing, incoming

    def __iter__(self) -> Iterator[str]:
        yield from self._outgoing
        yield from (other for other in self._incoming if other not in self._outgoing)

    def __len__(self) -> int:
        return len(self._outgoing.keys() | self._incoming.keys())


def _link_weight(best: int, relations: int, strongest: int) -> float:
    """1 per hop, plus a tie-breaker below 0.005 that prefers strong, well-attested links.

    Among equally short paths the one whose links are more certain (`best`: the highest
    certainty rank among them) and backed by more relations wins; no number of
    tie-breakers can outweigh a whole hop (up to 100 hops).
    """
    return 1 + 0.004 * (strongest - best) / max(strongest, 1) + 0.001 / relations


def _hops(links: _Links, nodes: list[str]) -> list[Hop]:
    hops = []
    for a, b in itertools.pairwise(nodes):
        relations = sorted(links.relations(a, b), key=lambda r: _evidence_order(r[3], r[2]))
        u, v, key, data = relations[0]
        hop = _hop(u, v, key, data, a)
        hops.append(Hop(**{**hop.as_dict(), "alternatives": len(relations) - 1}))
    return hops


def paths(
    graph: nx.MultiDiGraph,
    source: str,
    target: str,
    *,
    edge_filter: EdgeFilter | None = None,
    directed: bool = False,
    all_shortest: bool = False,
    k: int = 1,
    max_hops: int | None = None,
) -> list[list[Hop]]:
    """Shortest connections from source to target, each a list of hops with their evidence.

    `k` > 1 gives the k shortest simple paths; `all_shortest` every path of the shortest
    length. Raises nx.NetworkXNoPath when there is none within `max_hops`, nx.NodeNotFound
    for an actor id the graph lacks, ValueError for `k` < 1.

    Among equally short paths the best attested comes first. Each hop shows the
    strongest qualifying relation between its two actors; `alternatives` counts the others.
    """
    for actor in (source, target):
        if actor not in graph:
            raise nx.NodeNotFound(f"unknown actor '{actor}'")
    if k < 1:
        raise ValueError(f"k must be at least 1, not {k}")
    links = _Links(graph, edge_filter or EdgeFilter(), directed)
    simple, weight = links.graph, links.weight
    if source == target:
        raise nx.NetworkXNoPath(f"{source} and {target} are the same actor")
    try:
        if all_shortest:
            # Every path of the fewest hops, the best attested first.
            found = sorted(
                nx.all_shortest_paths(simple, source, target, weight=links.hop),
                key=lambda p: (links.length(p), p),
            )
        else:  # the first of the k shortest is the one shortest: one search, and `path` agrees with `path --k`
            found = list(itertools.islice(nx.shortest_simple_paths(simple, source, target, weight=weight), k))
    except nx.NetworkXNoPath:
        found = []
    if max_hops is not None:
        found = [p for p in found if len(p) - 1 <= max_hops]
    if not found:
        raise nx.NetworkXNoPath(f"no connection between {source} and {target}")
    return [_hops(links, p) for p in found]


@dataclass(frozen=True)
class Neighbor:
    id: str
    name: str
    kind: str
    depth: int
    via: str  # the actor this one was reached from
    hop: Hop

    def as_dict(self) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "depth": self.depth,
            "via": self.via,
            **{k: v for k, v in self.hop.as_dict().items() if k not in ("source", "target", "alternatives")},
        }


def neighbors(
    graph: nx.MultiDiGraph,
    actor: str,
    *,
    edge_filter: EdgeFilter | None = None,
    direction: str = "both",
    depth: int = 1,
) -> list[Neighbor]:
    """Actors related to `actor`, one entry per qualifying relation, nearest first.

    `direction` "out" follows relations the actor is the source of, "in" those it is the
    target of (symmetric relations count as both); beyond depth 1 the same rule applies
    from each newly reached actor.
    """
    view = filtered(graph, edge_filter or EdgeFilter())
    seen = {actor}
    frontier = [actor]
    result: list[Neighbor] = []
    for level in range(1, depth + 1):
        reached: list[str] = []
        for node in frontier:
            for u, v, key, data in _incident(view, node, direction):
                other = v if u == node else u
                if other in seen and other not in reached:
                    continue
                hop = _hop(u, v, key, data, node)
                attrs = graph.nodes[other]
                result.append(Neighbor(other, attrs["name"], attrs["kind"], level, node, hop))
                if other not in reached:
                    reached.append(other)
        seen.update(reached)
        frontier = reached
    return sorted(result, key=lambda n: (n.depth, n.hop.relation, n.id, n.hop.relation_id))


def _incident(view: nx.MultiDiGraph, node: str, direction: str):
    if direction in ("out", "both"):
        yield from view.out_edges(node, keys=True, data=True)
    if direction in ("in", "both"):
        yield from view.in_edges(node, keys=True, data=True)
    if direction == "out":
        yield from (e for e in view.in_edges(node, keys=True, data=True) if not e[3]["directed"])
    if direction == "in":
        yield from (e for e in view.out_edges(node, keys=True, data=True) if not e[3]["directed"])


@dataclass(frozen=True)
class Dossier:
    id: str
    name: str
    kind: str
    aliases: list[str]
    description: str
    relations: list[Hop]  # every relation of the actor, as seen from it
    ranks: dict[str, tuple[int, float]]  # measure -> (rank among all actors, value); empty if not computed
    actors: int  # how many actors the ranks are among
    left_out: int = 0  # the actor's relations the filter did not count
    counted: str = ""  # which relations count, in words (EdgeFilter.describe)

    def as_dict(self) -> dict:
        plain = {k: v for k, v in asdict(self).items() if k not in ("relations", "ranks")}
        return {
            **plain,
            "ranks": {m: {"rank": r, "value": v} for m, (r, v) in self.ranks.items()},
            "relations": [h.as_dict() for h in self.relations],
        }


def dossier(
    graph: nx.MultiDiGraph,
    actor: str,
    ranks: dict[str, tuple[int, float]] | None = None,
    edge_filter: EdgeFilter | None = None,
) -> Dossier:
    """What the dataset says about one actor: the relations the filter counts, grouped by type and direction.

    `ranks` (measure -> (rank, value), e.g. from graphkit.cache.load_ranks) is shown as given.
    """
    edge_filter = edge_filter or EdgeFilter()
    attrs = graph.nodes[actor]
    incident = list(_incident(graph, actor, "both"))
    hops = [_hop(u, v, k, d, actor) for u, v, k, d in incident if edge_filter.accepts(d)]
    hops.sort(key=lambda h: (h.relation, h.direction, _date_key(h.start, h.end), h.target, h.relation_id))
    about = (actor, attrs["name"], attrs["kind"], list(attrs["aliases"]), attrs["description"])
    left_out = len(incident) - len(hops)
    return Dossier(*about, hops, dict(ranks or {}), graph.number_of_nodes(), left_out, edge_filter.describe())


@dataclass(frozen=True)
class SearchResult:
    actors: list[dict]
    relations: list[Hop]

    def as_dict(self) -> dict:
        return {"actors": self.actors, "relations": [h.as_dict() for h in self.relations]}


def search(graph: nx.MultiDiGraph, text: str) -> SearchResult:
    """Actors whose id, name or alias contains `text`, and relations whose quote or note does.

    Case, accents, dash and quote styles are ignored.
    """
    needle = fold(text)
    actors = []
    for node, attrs in sorted(graph.nodes(data=True)):
        surfaces = [node.replace("_", " "), attrs["name"], *attrs["aliases"]]
        matched = [s for s in surfaces if needle in fold(s)]
        if matched:
            actors.append({"id": node, "name": attrs["name"], "kind": attrs["kind"], "matched": matched})
    relations = [
        _hop(u, v, k, d, u)
        for u, v, k, d in sorted(graph.edges(keys=True, data=True), key=lambda e: e[2])
        if needle in fold(d["quote"]) or needle in fold(d["note"])
    ]
    return SearchResult(actors, relations)


def timeline(graph: nx.MultiDiGraph, actor: str | None = None, edge_filter: EdgeFilter | None = None) -> list[Hop]:
    """Relations (of `actor`, or all) in date order by start, then end; undated ones last."""
    view = filtered(graph, edge_filter or EdgeFilter())
    if actor is None:
        hops = [_hop(u, v, k, d, u) for u, v, k, d in view.edges(keys=True, data=True)]
    else:
        hops = [_hop(u, v, k, d, actor) for u, v, k, d in _incident(view, actor, "both")]
    return sorted(hops, key=lambda h: (_date_key(h.start, h.end), h.relation_id))


def _date_key(start: str, end: str) -> tuple:
    """Sort key: dated relations by their earliest day, undated after all of them."""
    if start:
        return (0, date_bounds(start)[0].isoformat(), end)
    if end:
        return (0, date_bounds(end)[0].isoformat(), end)
    return (1, "", "")
