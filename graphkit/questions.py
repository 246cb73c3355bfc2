"""The questions analysts ask of two actors or of one: how they relate over time, who stands
where, whom they share, what changed, and a cited one-page brief.

Which relations count and when they hold is graphkit.rules' decision (`EdgeFilter`,
`Moment`); the best evidence for a claim is graphkit.query's `evidence_order`. Functions
take the MultiDiGraph first, then actor ids, then options, and return plain dataclasses
that graphkit.present renders as text, JSON or CSV.

**A pair's stance.** From the relations between two actors that count and hold (the
filter's certainty levels, its `as_of` day and `window`), in either direction: the sign
of the sum of their polarities, as in the report's signed projection
(`graphkit.analysis.projections.net_sign`; terrorist designations count as hostile,
delistings and recognitions as cooperative, as the vocabulary says). A positive sum is
`friend`, a negative one `enemy`; a sum of zero is `mixed` when cooperative and hostile
relations balance, `neutral` when only neutral ones (talks, deployments, construction)
hold, and `none` when nothing holds. `mixed` and `neutral` split the projection's sign 0,
which the report calls neutral, so that "they cancel out" is not read as "they only talk".
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from graphkit.dates import date_bounds
from graphkit.errors import GraphkitError, UsageError
from graphkit.query import Hop, _date_key, _hop, _incident, evidence_order
from graphkit.rules import AFTER_ALL, BEFORE_ALL, ENDED_UNKNOWN, EdgeFilter, span, temporal_in
from graphkit.vocab import vocabulary

if TYPE_CHECKING:
    import networkx as nx

STANCES = ("friend", "enemy", "mixed", "neutral", "none")
"""A pair's net stance (see the module's docstring); `none`: no relation counts or holds."""

CHANGE_WINDOW = "12m"
"""`changes` reads each date as the report's snapshots do (graphkit.analysis.temporal.SNAPSHOT_WINDOW, the same
span, a test checks): standing relations that hold that day, events of the twelve months up to it."""

Edge = tuple[str, str, str, dict]  # (source, target, relation id, attributes) as stored


def stance_of(relations: Iterable[dict]) -> str:
    """The net stance of a pair from the attributes of its relations that count and hold.

    >>> stance_of([{"polarity": 1}, {"polarity": -1}, {"polarity": -1}])
    'enemy'
    >>> stance_of([{"polarity": 1}, {"polarity": -1}]), stance_of([{"polarity": 0}]), stance_of([])
    ('mixed', 'neutral', 'none')
    """
    from graphkit.analysis.projections import net_stance

    polarities = [data["polarity"] for data in relations]
    return net_stance(polarities.count(1), polarities.count(-1), polarities.count(0))


def _between(graph: nx.MultiDiGraph, a: str, b: str) -> list[Edge]:
    """Every relation between two actors, both directions, as stored."""
    found = [(a, b, key, data) for key, data in graph._succ[a].get(b, {}).items()]
    if a != b:
        found += [(b, a, key, data) for key, data in graph._succ[b].get(a, {}).items()]
    return found


def _counterparts(graph: nx.MultiDiGraph, actor: str, edge_filter: EdgeFilter) -> dict[str, list[Edge]]:
    """The actor's counted relations grouped by the actor at the other end (self-loops left out)."""
    by_other: dict[str, list[Edge]] = {}
    for u, v, key, data in _incident(graph, actor, "both"):
        if u != v and edge_filter.accepts(data):
            by_other.setdefault(v if u == actor else u, []).append((u, v, key, data))
    return by_other


def _iso(ordinal: int) -> str:
    """A day as YYYY-MM-DD; '' for the open ends before and after all days."""
    if ordinal <= BEFORE_ALL or ordinal >= AFTER_ALL:
        return ""
    return dt.date.fromordinal(ordinal).isoformat()


def _date_order(hop: Hop) -> tuple:
    return (_date_key(hop.start, hop.end), hop.relation_id)


def _best(relations: list[Edge], polarity: int, focal: str, edge_filter: EdgeFilter) -> Hop | None:
    chosen = [e for e in relations if e[3]["polarity"] == polarity]
    if not chosen:
        return None
    u, v, key, data = min(chosen, key=lambda e: evidence_order(e[3], e[2], edge_filter.moment))
    return _hop(u, v, key, data, focal)


# --- between ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """Days over which the same dated relations hold between two actors, and their net stance."""

    first: str  # YYYY-MM-DD, '' when it reaches back before every date
    last: str  # YYYY-MM-DD, '' when it still holds
    stance: str
    cooperative: int
    hostile: int
    neutral: int
    relations: tuple[str, ...]  # ids of the relations that hold throughout


@dataclass(frozen=True)
class Between:
    """Everything between two actors: each relation with its evidence, and the stance by period."""

    a: str
    b: str
    relations: list[Hop]  # seen from `a`; dated ones in date order, then undated
    periods: list[Period]  # from the dated relations only
    stance: str  # from every relation listed, dated or not
    counted: str  # which relations count, in words

    def as_json(self) -> dict:
        return {
            "a": self.a,
            "b": self.b,
            "stance": self.stance,
            "counted": self.counted,
            "periods": [vars(p) | {"relations": list(p.relations)} for p in self.periods],
            "relations": [h.as_dict() for h in self.relations],
        }

    def table(self) -> tuple[list[str], list[list]]:
        from graphkit.query import HOP_COLUMNS

        return list(HOP_COLUMNS), [[getattr(h, c) for c in HOP_COLUMNS] for h in self.relations]


def between(graph: nx.MultiDiGraph, a: str, b: str, *, edge_filter: EdgeFilter | None = None) -> Between:
    """Every relation between `a` and `b` that the filter counts, and their net stance per period.

    The periods cut time wherever a dated relation between them starts or stops holding
    (graphkit.rules.span: events within their period, standing relations until their
    end); each lists the relations that hold throughout it and their stance
    (`stance_of`). Periods in which nothing dated holds are left out. Undated relations
    hold on no known day, so they are in `relations` and the overall `stance` but in no
    period. Raises GraphkitError (exit 1) when nothing between them counts.
    """
    edge_filter = edge_filter or EdgeFilter()
    edges = [e for e in _between(graph, a, b) if edge_filter.accepts(e[3])]
    if not edges:
        names = f"{graph.nodes[a]['name']} and {graph.nodes[b]['name']}"
        raise GraphkitError(f"No relation between {names} counts (filters: {edge_filter.describe()}).")
    hops = sorted((_hop(u, v, key, data, a) for u, v, key, data in edges), key=_date_order)
    spans = {key: span(data["start"], data["end"], temporal_in(data)) for _, _, key, data in edges}
    dated = {key: s for key, s in spans.items() if s[0] <= s[1]}
    cuts = sorted({first for first, _ in dated.values()} | {last + 1 for _, last in dated.values()})
    by_key = {key: data for _, _, key, data in edges}
    periods = []
    for first, following in itertools.pairwise(cuts):
        holding = sorted(key for key, (f, last) in dated.items() if f <= first and last >= following - 1)
        if not holding:
            continue
        polarities = [by_key[key]["polarity"] for key in holding]
        periods.append(
            Period(
                _iso(first),
                _iso(following - 1),
                stance_of(by_key[key] for key in holding),
                polarities.count(1),
                polarities.count(-1),
                polarities.count(0),
                tuple(holding),
            )
        )
    return Between(a, b, hops, periods, stance_of(data for *_, data in edges), edge_filter.describe())


# --- stance ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Counterpart:
    """One actor's stance towards another, with the strongest evidence on each side."""

    id: str
    name: str
    kind: str
    stance: str
    cooperative: int
    hostile: int
    neutral: int
    was: str  # the stance a year before (see `Stances.since`)
    changed: bool
    best_cooperative: Hop | None
    best_hostile: Hop | None


@dataclass(frozen=True)
class Stances:
    actor: str
    counterparts: list[Counterpart]  # friends, enemies, mixed, neutral; more relations first
    as_of: str  # '' when every counted relation counts, whenever it held
    since: str  # the day `was` is read on (YYYY-MM-DD)
    counted: str

    def as_json(self) -> dict:
        rows = [
            vars(c)
            | {
                "best_cooperative": c.best_cooperative.as_dict() if c.best_cooperative else None,
                "best_hostile": c.best_hostile.as_dict() if c.best_hostile else None,
            }
            for c in self.counterparts
        ]
        return {"actor": self.actor, "as_of": self.as_of, "since": self.since, "counted": self.counted} | {
            "counterparts": rows
        }

    def table(self) -> tuple[list[str], list[list]]:
        columns = ["id", "name", "kind", "stance", "cooperative", "hostile", "neutral", "was", "changed"]
        columns += ["best_cooperative", "best_hostile"]
        rows = [
            [getattr(c, name) for name in columns[:-2]]
            + [h.relation_id if h else "" for h in (c.best_cooperative, c.best_hostile)]
            for c in self.counterparts
        ]
        return columns, rows


_STANCE_ORDER = {name: i for i, name in enumerate(STANCES)}


def latest_day(graph: nx.MultiDiGraph, edge_filter: EdgeFilter | None = None) -> str:
    """The latest day any counted relation starts or ends on (its period's first day), as YYYY-MM-DD.

    What "now" means for the record: a stance "changed in the last year" without an
    `as_of` is read against a year before this day. '' when no counted relation is dated.
    """
    levels = (edge_filter or EdgeFilter()).certainties
    days = [
        date_bounds(value)[0]
        for *_, data in graph.edges(keys=True, data=True)
        if data["certainty"] in levels
        for value in (data["start"], data["end"])
        if value and value != ENDED_UNKNOWN
    ]
    return max(days).isoformat() if days else ""


def _year_before(day: str) -> str:
    """The day a year before `day`'s last day (29 February reads as 28 February)."""
    last = date_bounds(day)[1]
    try:
        return last.replace(year=last.year - 1).isoformat()
    except ValueError:
        return last.replace(year=last.year - 1, day=28).isoformat()


def stance(graph: nx.MultiDiGraph, actor: str, *, edge_filter: EdgeFilter | None = None) -> Stances:
    """One row per actor `actor` has a counted relation with: the net stance (`stance_of`), its evidence.

    With the filter's `as_of`, only relations that hold that day count (events: in their
    period, or the filter's `window` before it), and `was` is the stance a year before
    that day under the same rule. Without it, every counted relation counts, dated or
    not, and `was` leaves out what started in the last year of the record (after the day
    a year before `latest_day`). `best_cooperative` and `best_hostile` are each side's
    strongest relation (`evidence_order`). Raises GraphkitError (exit 1) when no relation counts.
    """
    edge_filter = edge_filter or EdgeFilter()
    current = _counterparts(graph, actor, edge_filter)
    if not current:
        raise GraphkitError(
            f"{graph.nodes[actor]['name']} has no relations that count (filters: {edge_filter.describe()})."
        )
    if edge_filter.as_of:
        since = _year_before(edge_filter.as_of)
        earlier = _counterparts(graph, actor, replace(edge_filter, as_of=since))
    else:
        reference = latest_day(graph, edge_filter)
        since = _year_before(reference) if reference else ""
        cutoff = date_bounds(since)[1] if since else dt.date.max
        earlier = {
            other: [e for e in edges if not e[3]["start"] or date_bounds(e[3]["start"])[0] <= cutoff]
            for other, edges in current.items()
        }
    rows = []
    for other, edges in current.items():
        polarities = [data["polarity"] for *_, data in edges]
        now = stance_of(data for *_, data in edges)
        was = stance_of(data for *_, data in earlier.get(other, []))
        attrs = graph.nodes[other]
        rows.append(
            Counterpart(
                other,
                attrs["name"],
                attrs["kind"],
                now,
                polarities.count(1),
                polarities.count(-1),
                polarities.count(0),
                was,
                was != now,
                _best(edges, 1, actor, edge_filter),
                _best(edges, -1, actor, edge_filter),
            )
        )
    rows.sort(key=lambda c: (_STANCE_ORDER[c.stance], -(c.cooperative + c.hostile + c.neutral), c.id))
    return Stances(actor, rows, edge_filter.as_of or "", since, edge_filter.describe())


# --- common ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Shared:
    """An actor related to both A and B, with the relations on each side."""

    id: str
    name: str
    kind: str
    stance_a: str  # its stance with A, from the relations listed
    stance_b: str
    with_a: tuple[Hop, ...]  # seen from A, best evidence first
    with_b: tuple[Hop, ...]


@dataclass(frozen=True)
class Common:
    a: str
    b: str
    shared: list[Shared]  # most relations first
    counted_a: str  # which relations count on A's side, in words
    counted_b: str

    def as_json(self) -> dict:
        rows = [
            {k: v for k, v in vars(s).items() if k not in ("with_a", "with_b")}
            | {"with_a": [h.as_dict() for h in s.with_a], "with_b": [h.as_dict() for h in s.with_b]}
            for s in self.shared
        ]
        return {"a": self.a, "b": self.b, "counted_a": self.counted_a, "counted_b": self.counted_b, "shared": rows}

    def table(self) -> tuple[list[str], list[list]]:
        """One row per relation: the shared actor, which side (A's or B's id), the relation as stored."""
        from graphkit.query import HOP_COLUMNS

        columns = ["id", "name", "kind", "side", *HOP_COLUMNS]
        rows = [
            [s.id, s.name, s.kind, side, *(getattr(h, c) for c in HOP_COLUMNS)]
            for s in self.shared
            for side, hops in ((self.a, s.with_a), (self.b, s.with_b))
            for h in hops
        ]
        return columns, rows


def common(
    graph: nx.MultiDiGraph,
    a: str,
    b: str,
    *,
    edge_filter: EdgeFilter | None = None,
    a_filter: EdgeFilter | None = None,
    b_filter: EdgeFilter | None = None,
) -> Common:
    """Actors with a counted relation to both `a` and `b` (other than `a` and `b`), and those relations.

    `a_filter` and `b_filter` choose each side's relations (default: `edge_filter`): for
    "hosted by A and attacking B", a relation filter of `hosts` on A's side and `attacks`
    on B's. Raises GraphkitError (exit 1) when no actor is related to both.
    """
    edge_filter = edge_filter or EdgeFilter()
    a_filter, b_filter = a_filter or edge_filter, b_filter or edge_filter
    with_a = _counterparts(graph, a, a_filter)
    with_b = _counterparts(graph, b, b_filter)
    rows = []
    for other in sorted(with_a.keys() & with_b.keys() - {a, b}):
        sides = []
        for focal, edges, side_filter in ((a, with_a[other], a_filter), (b, with_b[other], b_filter)):
            ordered = sorted(edges, key=lambda e, f=side_filter: evidence_order(e[3], e[2], f.moment))
            sides.append(tuple(_hop(u, v, key, data, focal) for u, v, key, data in ordered))
        attrs = graph.nodes[other]
        rows.append(
            Shared(
                other,
                attrs["name"],
                attrs["kind"],
                stance_of(data for *_, data in with_a[other]),
                stance_of(data for *_, data in with_b[other]),
                *sides,
            )
        )
    if not rows:
        names = f"{graph.nodes[a]['name']} and {graph.nodes[b]['name']}"
        raise GraphkitError(
            f"No actor is related to both {names} (filters: {a_filter.describe()}"
            + (f"; for {graph.nodes[b]['name']}: {b_filter.describe()}" if b_filter != a_filter else "")
            + ")."
        )
    rows.sort(key=lambda s: (-(len(s.with_a) + len(s.with_b)), s.id))
    return Common(a, b, rows, a_filter.describe(), b_filter.describe())


# --- changes --------------------------------------------------------------------------------


@dataclass(frozen=True)
class StanceChange:
    a: str
    b: str
    was: str  # as of `Changes.first`
    now: str  # as of `Changes.last`
    relations_then: tuple[str, ...]  # ids that held on the first day
    relations_now: tuple[str, ...]  # ids that hold on the last day


@dataclass(frozen=True)
class RankMove:
    actor: str
    measure: str
    rank_then: int
    rank_now: int
    moved: int  # places up (positive) or down (negative)
    gained: tuple[str, ...]  # ids of its relations that hold on the last day and did not on the first
    lost: tuple[str, ...]  # ids of its relations that held on the first day and no longer do


@dataclass(frozen=True)
class Changes:
    first: str  # YYYY-MM-DD
    last: str
    actor: str  # '' for every actor
    began: list[Hop]  # relations whose start falls in the range, in date order
    ended: list[Hop]
    stances: list[StanceChange]
    ranks: list[RankMove]
    counted: str

    def as_json(self) -> dict:
        return {
            "from": self.first,
            "to": self.last,
            "actor": self.actor,
            "counted": self.counted,
            "began": [h.as_dict() for h in self.began],
            "ended": [h.as_dict() for h in self.ended],
            "stances": [
                vars(s) | {"relations_then": list(s.relations_then), "relations_now": list(s.relations_now)}
                for s in self.stances
            ],
            "ranks": [vars(r) | {"gained": list(r.gained), "lost": list(r.lost)} for r in self.ranks],
        }

    def table(self) -> tuple[list[str], list[list]]:
        """One row per change: `change` is began, ended, stance or rank; relations keep their stored ends."""
        from graphkit.query import HOP_COLUMNS

        columns = ["change", *HOP_COLUMNS, "was", "now"]
        blank = [""] * len(HOP_COLUMNS)
        rows = [["began", *(getattr(h, c) for c in HOP_COLUMNS), "", ""] for h in self.began]
        rows += [["ended", *(getattr(h, c) for c in HOP_COLUMNS), "", ""] for h in self.ended]
        position = {c: i for i, c in enumerate(HOP_COLUMNS)}
        for s in self.stances:
            row = list(blank)
            row[position["source"]], row[position["target"]] = s.a, s.b
            row[position["relation_id"]] = "|".join(s.relations_now)
            rows.append(["stance", *row, s.was, s.now])
        for r in self.ranks:
            row = list(blank)
            row[position["source"]], row[position["relation"]] = r.actor, r.measure
            row[position["relation_id"]] = "|".join([*(f"+{k}" for k in r.gained), *(f"-{k}" for k in r.lost)])
            rows.append(["rank", *row, r.rank_then, r.rank_now])
        return columns, rows


def changes(
    graph: nx.MultiDiGraph,
    first: str,
    last: str,
    actor: str | None = None,
    *,
    edge_filter: EdgeFilter | None = None,
    top: int = 5,
) -> Changes:
    """What changed from the first day of `first` to the last day of `last` (partial dates allowed).

    - relations that began (start) or ended (end) in the range;
    - pairs whose stance (`stance_of`) differs between the two days, each read like a
      report snapshot: standing relations that hold that day, events of the `CHANGE_WINDOW` up to it;
    - per centrality measure of graphkit.analysis.over_time, the `top` actors whose rank
      moved most between the two days, with their relations that began or ended meanwhile.

    With `actor`, only its relations, its pairs and its ranks. The filter's relation,
    polarity and certainty choices apply; its own `as_of` is ignored (the two days replace it).
    """
    edge_filter = edge_filter or EdgeFilter()
    try:
        day_first, day_last = date_bounds(first)[0], date_bounds(last)[1]
    except ValueError as exc:
        raise UsageError(f"Bad date '{exc}': use YYYY, YYYY-MM or YYYY-MM-DD.") from None
    if day_first > day_last:
        raise UsageError(f"--from {first} is after --to {last}.")
    timeless = replace(edge_filter, as_of=None, window=None)
    edges = [
        (u, v, key, data)
        for u, v, key, data in (_incident(graph, actor, "both") if actor else graph.edges(keys=True, data=True))
        if timeless.accepts(data)
    ]

    def within(value: str) -> bool:
        return bool(value) and value != ENDED_UNKNOWN and day_first <= date_bounds(value)[0] <= day_last

    def seen(u: str, v: str, key: str, data: dict) -> Hop:
        return _hop(u, v, key, data, actor if actor else u)

    began = sorted((seen(*e) for e in edges if within(e[3]["start"])), key=_date_order)
    ended = sorted((seen(*e) for e in edges if within(e[3]["end"])), key=_date_order)
    then, now = day_first.isoformat(), day_last.isoformat()
    held = [_pairs(edges, replace(timeless, as_of=day, window=CHANGE_WINDOW)) for day in (then, now)]
    stances = []
    for pair in sorted(held[0].keys() | held[1].keys()):
        before, after = held[0].get(pair, []), held[1].get(pair, [])
        was, is_now = stance_of(before), stance_of(after)
        if was != is_now:
            ids = [tuple(sorted(data["_key"] for data in side)) for side in (before, after)]
            stances.append(StanceChange(*pair, was, is_now, *ids))
    ranks = _rank_moves(graph, then, now, actor, timeless, top)
    return Changes(then, now, actor or "", began, ended, stances, ranks, timeless.describe())


def _pairs(edges: list[Edge], edge_filter: EdgeFilter) -> dict[tuple[str, str], list[dict]]:
    """The relations that pass the filter, by pair of actors (ids sorted); each dict gets its id as `_key`."""
    pairs: dict[tuple[str, str], list[dict]] = {}
    for u, v, key, data in edges:
        if u != v and edge_filter.accepts(data):
            pairs.setdefault(tuple(sorted((u, v))), []).append({"polarity": data["polarity"], "_key": key})
    return pairs


def _rank_moves(
    graph: nx.MultiDiGraph,
    then: str,
    now: str,
    actor: str | None,
    edge_filter: EdgeFilter,
    top: int,
) -> list[RankMove]:
    """Each measure's biggest rank moves between two days (ranks: 1 + the actors strictly ahead).

    The evidence of a move: the actor's relations that hold on one day and not the other.
    """
    from graphkit.analysis import OVER_TIME, over_time
    from graphkit.graph import narrowed

    counted = narrowed(graph, edge_filter)
    counted.add_nodes_from(graph.nodes(data=True))
    table = over_time(counted, [then, now], certainties=edge_filter.certainties)
    held: dict[str, dict[str, set[str]]] = {then: {}, now: {}}
    for day in (then, now):
        on_day = replace(edge_filter, as_of=day, window=CHANGE_WINDOW)
        for u, v, key, data in counted.edges(keys=True, data=True):
            if u != v and on_day.accepts(data):
                for node in (u, v):
                    held[day].setdefault(node, set()).add(key)
    moves = []
    for measure in OVER_TIME:
        ranks = {}
        for day in (then, now):
            values = table[table["date"] == day].set_index("actor")[measure].to_dict()
            ordered = sorted(values.values(), reverse=True)
            ranks[day] = {a: 1 + sum(1 for x in ordered if x > value) for a, value in values.items()}
            ranks[day + "/value"] = values
        rows = []
        for node in sorted(ranks[then]):
            if actor and node != actor:
                continue
            if not (ranks[then + "/value"][node] or ranks[now + "/value"][node]):
                continue  # unconnected on both days: its rank says nothing
            shift = ranks[then][node] - ranks[now][node]
            if shift or actor:
                before, after = held[then].get(node, set()), held[now].get(node, set())
                gained, lost = tuple(sorted(after - before)), tuple(sorted(before - after))
                rows.append(RankMove(node, measure, ranks[then][node], ranks[now][node], shift, gained, lost))
        rows.sort(key=lambda r: (-abs(r.moved), r.actor))
        moves.extend(rows[:top])
    return moves


# --- brief ----------------------------------------------------------------------------------

CONTESTED = ("alleged", "denied")
"""Certainty levels a brief lists as contested: accusations and claims, and what a party denies."""


@dataclass(frozen=True)
class Brief:
    """What a one-page brief on an actor says; graphkit.present.brief_markdown writes it out."""

    id: str
    name: str
    kind: str
    aliases: list[str]
    description: str
    counted: str
    stances: Stances
    timeline: list[Hop]  # the latest dated relations that count, in date order
    ranks: dict[str, tuple[int, float]]
    actors: int
    recent: Changes | None  # the year up to `as_of` or the record's latest day; None when nothing is dated
    contested: list[Hop]  # alleged and denied relations, best evidence first
    sources: dict[str, str]  # source id -> title, for every source the brief cites

    def as_json(self) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "aliases": self.aliases,
            "description": self.description,
            "counted": self.counted,
            "stances": self.stances.as_json(),
            "timeline": [h.as_dict() for h in self.timeline],
            "ranks": {m: {"rank": r, "value": v} for m, (r, v) in self.ranks.items()},
            "recent": self.recent.as_json() if self.recent else None,
            "contested": [h.as_dict() for h in self.contested],
            "sources": self.sources,
        }


def brief(
    graph: nx.MultiDiGraph,
    actor: str,
    *,
    ranks: dict[str, tuple[int, float]] | None = None,
    edge_filter: EdgeFilter | None = None,
    counterparts: int = 3,
    timeline: int = 8,
    contested: int = 5,
) -> Brief:
    """The facts of a one-page brief on `actor`, each traceable to a relation id and its source.

    Its counterparts by stance (`stance`, at most `counterparts` of each), its latest
    `timeline` dated relations, its centrality `ranks` as given (graphkit.cache.load_ranks),
    what changed in the year up to the filter's `as_of` or the record's `latest_day`
    (`changes`, for this actor), and up to `contested` alleged or denied relations, which
    are listed whatever the filter's certainty levels, as what they are.
    """
    edge_filter = edge_filter or EdgeFilter()
    attrs = graph.nodes[actor]
    stances = stance(graph, actor, edge_filter=edge_filter)
    kept: list[Counterpart] = []
    for name in STANCES:
        kept += [c for c in stances.counterparts if c.stance == name][:counterparts]
    stances = replace(stances, counterparts=kept)
    incident = list(_incident(graph, actor, "both"))
    dated = [
        _hop(u, v, key, data, actor)
        for u, v, key, data in incident
        if edge_filter.accepts(data) and (data["start"] or data["end"])
    ]
    latest = sorted(dated, key=_date_order)[-timeline:] if timeline else []
    reference = edge_filter.as_of or latest_day(graph, edge_filter)
    recent = None
    if reference:
        since = (date_bounds(_year_before(reference))[1] + dt.timedelta(days=1)).isoformat()
        recent = changes(graph, since, date_bounds(reference)[1].isoformat(), actor, edge_filter=edge_filter)
    disputed = sorted(
        (e for e in incident if e[3]["certainty"] in CONTESTED),
        key=lambda e: evidence_order(e[3], e[2], edge_filter.moment),
    )[:contested]
    disputed_hops = [_hop(u, v, key, data, actor) for u, v, key, data in disputed]
    cited = [h for c in kept for h in (c.best_cooperative, c.best_hostile) if h] + latest + disputed_hops
    if recent:
        cited += recent.began + recent.ended
    sources = {h.source_doc: h.source_title for h in sorted(cited, key=lambda h: h.source_doc)}
    return Brief(
        actor,
        attrs["name"],
        attrs["kind"],
        list(attrs["aliases"]),
        attrs["description"],
        edge_filter.describe(),
        stances,
        latest,
        dict(ranks or {}),
        graph.number_of_nodes(),
        recent,
        disputed_hops,
        sources,
    )


def likelihood(certainty: str) -> str:
    """The word a brief puts before a claim: the certainty level's own label, nothing stronger or weaker."""
    return vocabulary().certainty[certainty].label.capitalize()
