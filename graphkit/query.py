"""Questions analysts ask of the graph: paths with evidence, neighbours, dossiers, search, timelines.

Functions take the MultiDiGraph from `build_graph` first, then actor ids, then options,
and return plain dataclasses; rendering them is the CLI's business.
"""

from __future__ import annotations

import functools
import heapq
import itertools
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass, field, fields, replace
from types import MappingProxyType
from typing import TYPE_CHECKING

from graphkit.dates import date_bounds
from graphkit.rules import AFTER_ALL, EdgeFilter, Moment, span, temporal_in
from graphkit.text import fold
from graphkit.vocab import vocabulary

if TYPE_CHECKING:
    import networkx as nx

    from graphkit.columns import ColumnarGraph

# networkx is imported where it is used: a cached `path` (one shortest path, searched here) does without it.


@dataclass(frozen=True)
class Hop:
    """One relation as seen from one of its two actors, with its evidence.

    `source` and `target` are the relation's as curated in relations.csv; `focal_role`
    says which of them it is seen from ("source" or "target"): the queried actor, or the
    actor a path hop leaves from. `direction` is "forward" when the relation runs from
    that actor to the other, "backward" when it runs the other way, "symmetric" for a
    two-way relation type.
    """

    source: str
    target: str
    focal_role: str
    relation: str
    direction: str
    start: str
    end: str
    temporal: str  # "event" or "state": how its dates read (graphkit.rules)
    certainty: str
    source_doc: str
    source_title: str
    quote: str
    note: str
    claimant: str  # who makes the claim: an actor id or a claimant label; '' when the text states it
    credibility: str  # the Admiralty grade 1-6 of the information, '' if not graded
    source_reliability: str  # the Admiralty grade A-F of its source, '' if not graded
    corroboration: int  # independent documents that state it (graphkit.provenance); 1: it rests on one
    corroborated_by: tuple[str, ...]  # the relations that state the same thing from other documents
    relation_id: str
    alternatives: int = 0  # on a path hop: the other relations between the same two actors that also qualify
    others: tuple[Hop, ...] = field(default=(), compare=False, repr=False)  # those relations, best first

    @property
    def focal(self) -> str:
        """The actor the relation is seen from."""
        return self.source if self.focal_role == "source" else self.target

    @property
    def other(self) -> str:
        """The actor at the relation's other end."""
        return self.target if self.focal_role == "source" else self.source

    def as_dict(self) -> dict:
        """The relation's fields as JSON and CSV show them (`HOP_COLUMNS`)."""
        return {name: getattr(self, name) for name in HOP_COLUMNS}


HOP_COLUMNS = tuple(f.name for f in fields(Hop) if f.name not in ("alternatives", "others"))
"""A relation's columns in JSON and CSV: the stored source and target, the focal actor's side, the evidence."""


def _hop(u: str, v: str, key: str, data: dict, focal: str) -> Hop:
    """Relation `key` from `u` to `v` (as stored) seen from `focal`, one of the two."""
    role = "source" if u == focal else "target"
    direction = "symmetric" if not data["directed"] else "forward" if role == "source" else "backward"
    return Hop(
        u,
        v,
        role,
        data["relation"],
        direction,
        data["start"],
        data["end"],
        temporal_in(data),
        data["certainty"],
        data["source_doc"],
        data.get("source_title", ""),
        data["quote"],
        data["note"],
        data.get("claimant", ""),
        data.get("credibility", ""),
        data.get("source_reliability", ""),
        data.get("corroboration", 1),
        tuple(data.get("corroborated_by", ())),
        key,
    )


def evidence_order(data: dict, key: str, moment: Moment | None = None) -> tuple:
    """Sort key, best evidence first: higher certainty, then nearer in time, then more specific, then by id.

    Nearer in time means: with a `moment`, the fewest days between the relation's dates
    and that day (0 if it holds then); without one, the fewest days before the present
    (a standing relation that still holds first, then the latest). Undated relations come
    after dated ones. Specificity is the vocabulary's (`hosts` and `funds` before
    `cooperates_with`). Used for path hops, dossiers, stances and briefs alike.
    """
    vocab = vocabulary()
    first, last = span(data["start"], data["end"], temporal_in(data))
    if first > last:  # undated: on no known day
        distance = AFTER_ALL + 1
    elif moment is None:
        distance = AFTER_ALL - last
    else:
        day_first, day_last = moment.states
        distance = max(first - day_last, day_first - last, 0)
    specificity = vocab.relations[data["relation"]].specificity
    return (-vocab.certainty[data["certainty"]].rank, distance, -specificity, key)


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
        self._node, self.adjacency = graph._node, _BothWays(graph._succ, graph._pred)
        self._filter = edge_filter
        self._accepts = edge_filter.accepts
        self.moment = edge_filter.moment
        self._directed = directed
        self._rank = {name: level.rank for name, level in vocabulary().certainty.items()}
        self._strongest = max(self._rank.values())

    @functools.cached_property
    def graph(self) -> nx.Graph:
        """The links as a networkx graph, for its searches (`--k`, `--all`)."""
        import networkx as nx

        # networkx's path searches refuse multigraphs but read nothing beyond `_node` and
        # `_adj`; an inner value is handed only to `weight` (and `hop`), which read it here.
        simple = nx.Graph()
        simple._node, simple._adj = self._node, self.adjacency
        return simple

    def relations(self, a: str, b: str, between: _Between | None = None) -> list[tuple[str, str, str, dict]]:
        """The qualifying relations that link `a` to `b`, as (source, target, key, data) as curated."""
        outgoing, incoming = between or self.adjacency[a][b]
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
        return sum(self.weight(a, b, self.adjacency[a][b]) for a, b in itertools.pairwise(path))

    def hop(self, a: str, b: str, between: _Between) -> int | None:
        """A search's weight function counting hops: 1 if anything links the pair, else None."""
        return 1 if self.relations(a, b, between) else None

    def neighbours(self, actor: str, forward: bool, seen: dict, bound: float) -> Iterator[tuple[str, float | None]]:
        """`actor`'s counterparts, each with the weight of its link from the actor (`forward`) or to it.

        Those `seen` at `bound` or nearer are left out: no link can bring them nearer (`_bidirectional_dijkstra`).
        """
        row = self.adjacency[actor]
        weight = self.weight
        for other in row:
            if seen.get(other, _FAR) <= bound:
                continue
            outgoing, incoming = row[other]
            if forward:
                yield other, weight(actor, other, (outgoing, incoming))
            else:  # the other's row holds the same two dicts, the other way round
                yield other, weight(other, actor, (incoming, outgoing))

    def columnar_neighbours(
        self, graph: ColumnarGraph
    ) -> Callable[[int, bool, dict, float], list[tuple[int, float | None]]]:
        """`neighbours` on a columnar graph's actor numbers, reading its columns directly.

        Each pair's relations are summed up once (how many qualify, their best certainty,
        and the same for the symmetric ones), relations alike in every attribute the filter
        reads (`EdgeFilter.reads`), their certainty and direction being judged once.
        """
        directed, strongest, rank, accepts = self._directed, self._strongest, self._rank, self._accepts
        names = tuple(dict.fromkeys((*self._filter.reads, "certainty", "directed")))
        spans = graph.row_spans(names)
        judged: dict[tuple, tuple[bool, int, bool]] = {}
        summaries: dict[int, tuple[int, int, int, int]] = {-1: (0, _NO_RANK, 0, _NO_RANK)}

        def summary(group: int) -> tuple[int, int, int, int]:
            """(qualifying relations, best rank, symmetric qualifying relations, best rank) of one ordered pair."""
            found = summaries.get(group)
            if found is None:
                count = symmetric = 0
                best = best_symmetric = _NO_RANK
                for row, key in spans(group):
                    judgement = judged.get(key)
                    if judgement is None:
                        data = graph.relation(row)
                        if accepts(data):  # as `weight`: only a qualifying relation's certainty and direction
                            judgement = (True, rank[data["certainty"]], not data["directed"])
                        else:
                            judgement = (False, _NO_RANK, False)
                        judged[key] = judgement
                    if judgement[0]:
                        count += 1
                        if judgement[1] > best:
                            best = judgement[1]
                        if judgement[2]:
                            symmetric += 1
                            if judgement[1] > best_symmetric:
                                best_symmetric = judgement[1]
                found = summaries[group] = (count, best, symmetric, best_symmetric)
            return found

        def neighbours(actor: int, forward: bool, seen: dict, bound: float) -> list[tuple[int, float | None]]:
            found = []
            near = seen.get
            for other, (out_group, in_group) in graph.counterparts(actor).items():
                if near(other, _FAR) <= bound:
                    continue
                ahead, back = summary(out_group), summary(in_group)
                if not forward:
                    ahead, back = back, ahead
                # as `relations`: every qualifying relation one way, the symmetric ones only (if directed) the other
                count = ahead[0] + back[2 if directed else 0]
                if not count:
                    found.append((other, None))
                    continue
                best = max(ahead[1], back[3 if directed else 1])
                found.append((other, _link_weight(best, count, strongest)))
            return found

        return neighbours


_NO_RANK = -(1 << 62)  # below every certainty rank: the best of no relations
_FAR = float("inf")


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


_LEAST_WEIGHT = 1


def _link_weight(best: int, relations: int, strongest: int) -> float:
    """1 per hop, plus a tie-breaker below 0.005 that prefers strong, well-attested links.

    Among equally short paths the one whose links are more certain (`best`: the highest
    certainty rank among them) and backed by more relations wins; no number of
    tie-breakers can outweigh a whole hop (up to 100 hops). Never below `_LEAST_WEIGHT`.
    """
    return 1 + 0.004 * (strongest - best) / max(strongest, 1) + 0.001 / relations


def _hops(links: _Links, nodes: list[str]) -> list[Hop]:
    """Each hop's best relation (`evidence_order` on the filter's day), the others under it."""
    hops = []
    for a, b in itertools.pairwise(nodes):
        relations = sorted(links.relations(a, b), key=lambda r: evidence_order(r[3], r[2], links.moment))
        best, *others = (_hop(u, v, key, data, a) for u, v, key, data in relations)
        hops.append(replace(best, alternatives=len(others), others=tuple(others)))
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

    Among equally short paths the best attested comes first. Each hop shows the best
    qualifying relation between its two actors (`evidence_order`: certainty, then
    nearness to the filter's `as_of`, then specificity); `others` holds the rest, best
    first, and `alternatives` counts them.
    """
    for actor in (source, target):
        if actor not in graph:
            import networkx as nx

            raise nx.NodeNotFound(f"unknown actor '{actor}'")
    if k < 1:
        raise ValueError(f"k must be at least 1, not {k}")
    links = _Links(graph, edge_filter or EdgeFilter(), directed)
    if source == target:
        raise no_path()(f"{source} and {target} are the same actor")
    if k == 1 and not all_shortest:
        found = [path] if (path := _shortest(graph, links, source, target)) else []
    else:
        import networkx as nx

        simple = links.graph
        try:
            if all_shortest:
                # Every path of the fewest hops, the best attested first.
                found = sorted(
                    nx.all_shortest_paths(simple, source, target, weight=links.hop),
                    key=lambda p: (links.length(p), p),
                )
            else:  # the first of the k shortest is `_shortest`'s path: `path` agrees with `path --k`
                found = list(itertools.islice(nx.shortest_simple_paths(simple, source, target, weight=links.weight), k))
        except nx.NetworkXNoPath:
            found = []
    if max_hops is not None:
        found = [p for p in found if len(p) - 1 <= max_hops]
    if not found:
        raise no_path()(f"no connection between {source} and {target}")
    return [_hops(links, p) for p in found]


def no_path() -> type[Exception]:
    """networkx's NetworkXNoPath, which `paths` raises, imported only when there is no path."""
    import networkx as nx

    return nx.NetworkXNoPath


def _shortest(graph: nx.MultiDiGraph | ColumnarGraph, links: _Links, source: str, target: str) -> list[str] | None:
    """The shortest path, as networkx's `shortest_simple_paths` finds it first; None if there is none.

    On a columnar graph the search reads the columns by actor number (`columnar_neighbours`)
    rather than through dicts made for every pair it weighs.
    """
    if not hasattr(graph, "counterparts"):  # a networkx graph
        return _bidirectional_dijkstra(source, target, links.neighbours)
    number = graph.number
    found = _bidirectional_dijkstra(number(source), number(target), links.columnar_neighbours(graph))
    return None if found is None else [graph.actor_id(n) for n in found]


def _bidirectional_dijkstra(
    source, target, neighbours: Callable[[object, bool, dict, float], Iterable[tuple]]
) -> list | None:
    """networkx's `_bidirectional_dijkstra` (networkx.algorithms.simple_paths, the first search of
    `shortest_simple_paths`), step for step, so the same path: the same order of expansion, the same
    tie-breaking counter, the same sums. Tested against networkx's search.

    `neighbours(v, forward, seen, bound)` gives v's counterparts in the order networkx reads them,
    each with the weight of the link from v (forward) or to v (None when nothing links them), but
    not those `seen` at `bound` (v's distance plus the least weight a link has) or nearer: networkx
    weighs them and then does nothing with them (no path through v can be shorter), and sparing
    their weights spares reading their relations.
    """
    dists: tuple[dict, dict] = ({}, {})
    paths: tuple[dict, dict] = ({source: [source]}, {target: [target]})
    fringe: tuple[list, list] = ([], [])
    seen: tuple[dict, dict] = ({source: 0}, {target: 0})
    counter = itertools.count()
    heapq.heappush(fringe[0], (0, next(counter), source))
    heapq.heappush(fringe[1], (0, next(counter), target))
    final_distance, final_path = 0, None
    direction = 1
    while fringe[0] and fringe[1]:
        direction = 1 - direction
        distance, _, v = heapq.heappop(fringe[direction])
        done, seen_here, paths_here = dists[direction], seen[direction], paths[direction]
        if v in done:
            continue
        done[v] = distance
        if v in dists[1 - direction]:
            return final_path
        other_seen = seen[1 - direction]
        # Every actor done is seen no farther than v: left out by `neighbours`, as networkx skips it.
        for w, weight in neighbours(v, direction == 0, seen_here, distance + _LEAST_WEIGHT):
            if weight is None:
                continue
            length = distance + weight
            if w not in seen_here or length < seen_here[w]:
                seen_here[w] = length
                heapq.heappush(fringe[direction], (length, next(counter), w))
                paths_here[w] = paths_here[v] + [w]
                if w in other_seen:
                    total = seen[0][w] + seen[1][w]
                    if final_path is None or final_distance > total:
                        final_distance = total
                        final_path = paths[0][w] + paths[1][w][-2::-1]
    return None


@dataclass(frozen=True)
class Paths:
    """`paths`' answer as the CLI shows it: each path a list of hops."""

    found: list[list[Hop]]

    def as_json(self) -> list:
        """Each hop: `from` and `to` as travelled, the chosen relation as stored, then every relation of the hop."""
        return [
            [
                {"from": h.focal, "to": h.other, **h.as_dict(), "alternatives": h.alternatives}
                | {"relations": [r.as_dict() for r in (h, *h.others)]}
                for h in hops
            ]
            for hops in self.found
        ]

    def table(self) -> tuple[list[str], list[list]]:
        columns = ["path", "hop", "from", "to", *HOP_COLUMNS, "alternatives"]
        rows = [
            [n, i, h.focal, h.other, *(getattr(h, c) for c in HOP_COLUMNS), h.alternatives]
            for n, hops in enumerate(self.found, 1)
            for i, h in enumerate(hops, 1)
        ]
        return columns, rows


@dataclass(frozen=True)
class Neighbor:
    id: str
    name: str
    kind: str
    depth: int
    via: str  # the actor this one was reached from
    hop: Hop

    def as_dict(self) -> dict:
        """The neighbour (`id` ... `via`) and the relation that reached it, stored source and target kept."""
        return {"id": self.id, "name": self.name, "kind": self.kind, "depth": self.depth, "via": self.via} | (
            self.hop.as_dict()
        )


NEIGHBOR_COLUMNS = ("id", "name", "kind", "depth", "via", *HOP_COLUMNS)


@dataclass(frozen=True)
class Neighbors:
    """`neighbors`' answer: the actor asked about, what the filter counts, and the neighbours."""

    actor: str
    found: list[Neighbor]
    counted: str

    def as_json(self) -> list:
        return [n.as_dict() for n in self.found]

    def table(self) -> tuple[list[str], list[list]]:
        return list(NEIGHBOR_COLUMNS), [list(n.as_dict().values()) for n in self.found]


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
    accepts = (edge_filter or EdgeFilter()).accepts
    seen = {actor}
    frontier = [actor]
    result: list[Neighbor] = []
    for level in range(1, depth + 1):
        if not frontier:  # the graph is exhausted: deeper levels would find nothing
            break
        reached: list[str] = []
        for node in frontier:
            for u, v, key, data in _incident(graph, node, direction, accepts):
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


def neighbourhood(
    graph: nx.MultiDiGraph,
    actors: tuple[str, ...] | list[str],
    *,
    edge_filter: EdgeFilter | None = None,
    depth: int = 1,
) -> nx.MultiDiGraph:
    """The actors `neighbors` reaches from any of `actors` within `depth`, those actors, and the relations among them.

    The actors are exactly `actors` plus what `neighbors(graph, a, depth=depth)` returns for
    each; the relations kept are those among them of every certainty level that the filter
    otherwise passes (as `graphkit html` keeps them), so a page can widen its view.
    """
    edge_filter = edge_filter or EdgeFilter()
    keep = set(actors)
    for actor in actors:
        keep.update(n.id for n in neighbors(graph, actor, edge_filter=edge_filter, depth=depth))
    import networkx as nx

    from graphkit.graph import filtered

    inside = graph.subgraph(keep)
    return nx.MultiDiGraph(filtered(inside, edge_filter.widened()))


def _incident(graph: nx.MultiDiGraph, node: str, direction: str, accepts=None):
    """`node`'s relations (u, v, key, data) in `out_edges` then `in_edges` order, those `accepts` passes.

    "out": those it is the source of and symmetric ones it is the target of; "in" the
    reverse; "both": all. Reads only `_succ` and `_pred`, so a MultiDiGraph, a view of one
    and a `graphkit.columns.ColumnarGraph` serve alike.
    """
    outgoing = ((node, v, k, d) for v, keyed in graph._succ[node].items() for k, d in keyed.items())
    incoming = ((u, node, k, d) for u, keyed in graph._pred[node].items() for k, d in keyed.items())
    if direction == "out":
        found = itertools.chain(outgoing, (e for e in incoming if not e[3]["directed"]))
    elif direction == "in":
        found = itertools.chain(incoming, (e for e in outgoing if not e[3]["directed"]))
    else:
        found = itertools.chain(outgoing, incoming)
    return found if accepts is None else (e for e in found if accepts(e[3]))


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
    beyond_limit: int = 0  # counted relations not shown because of `limit`

    def as_json(self) -> dict:
        return self.as_dict()

    def table(self) -> tuple[list[str], list[list]]:
        return list(HOP_COLUMNS), [list(h.as_dict().values()) for h in self.relations]

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
    limit: int | None = None,
) -> Dossier:
    """What the dataset says about one actor: the relations the filter counts, grouped by type and direction.

    `ranks` (measure -> (rank, value), e.g. from graphkit.cache.load_ranks) is shown as given.
    `limit` keeps that many relations, the best evidence first (`evidence_order`), before grouping.
    """
    edge_filter = edge_filter or EdgeFilter()
    attrs = graph.nodes[actor]
    incident = list(_incident(graph, actor, "both"))
    counted = [(u, v, k, d) for u, v, k, d in incident if edge_filter.accepts(d)]
    counted.sort(key=lambda e: evidence_order(e[3], e[2], edge_filter.moment))
    kept = counted if limit is None else counted[:limit]
    hops = [_hop(u, v, k, d, actor) for u, v, k, d in kept]
    hops.sort(key=lambda h: (h.relation, h.direction, _date_key(h.start, h.end), h.other, h.relation_id))
    about = (actor, attrs["name"], attrs["kind"], list(attrs["aliases"]), attrs["description"])
    left_out = len(incident) - len(counted)
    return Dossier(
        *about,
        hops,
        dict(ranks or {}),
        graph.number_of_nodes(),
        left_out,
        edge_filter.describe(),
        len(counted) - len(kept),
    )


@dataclass(frozen=True)
class SearchResult:
    actors: list[dict]
    relations: list[Hop]

    def as_dict(self) -> dict:
        return {"actors": self.actors, "relations": [h.as_dict() for h in self.relations]}

    def as_json(self) -> dict:
        return self.as_dict()

    def table(self) -> tuple[list[str], list[list]]:
        rows = [["actor", a["id"], "", "", a["name"]] for a in self.actors]
        rows += [["relation", h.relation_id, h.source, h.target, h.quote] for h in self.relations]
        return ["type", "id", "source", "target", "text"], rows


@dataclass(frozen=True)
class Timeline:
    """`timeline`'s answer: relations in date order, undated last."""

    hops: list[Hop]

    def as_json(self) -> list:
        return [h.as_dict() for h in self.hops]

    def table(self) -> tuple[list[str], list[list]]:
        return list(HOP_COLUMNS), [list(h.as_dict().values()) for h in self.hops]


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
    from graphkit.graph import filtered

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
