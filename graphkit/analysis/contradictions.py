"""Conflicting claims: where the sources disagree, each item citing the relations and their quotes.

Three kinds, each found with graphkit.rules' spans (when a relation holds) and
graphkit.provenance's rule for "the same thing":

- **opposed stances**: one pair of actors with a cooperative and a hostile relation that
  held at the same time (their dated spans overlap), stated by different documents or by
  different claimants. An act at the very start or end of the other relation (a delisting
  in the month the listing ended) marks a change of stance, not a contradiction. Undated
  relations cannot be shown to hold together, so they never make this kind. Rivalry
  (competes_with) is not hostility and never opposes cooperation.
- **denied**: a relation reported and denied by a party to it (certainty `denied`), with
  the counted relations that state the same thing at the same time (both undated, or
  dated spans that overlap: a denial is not pinned on another occasion).
- **dates differ**: the same relation type between the same pair, stated by two
  independent documents with dates that do not overlap, where each document dates it
  only once: likely one fact dated differently (or two facts; the quotes tell).
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass

import networkx as nx

from graphkit.analysis.projections import counted_relations, tabled, unchanged
from graphkit.provenance import claim_key
from graphkit.rules import (
    AFTER_ALL,
    BEFORE_ALL,
    ENDED_UNKNOWN,
    EVENT,
    NO_DAY,
    Span,
    counted_levels,
    overlaps,
    polarity_of,
    span,
    temporal_in,
)

KINDS = ("opposed stances", "denied", "dates differ")
"""The kinds of contradiction, in the order they are listed."""


@dataclass(frozen=True)
class Claim:
    """One relation a contradiction cites, with what an analyst needs to weigh it."""

    relation_id: str
    source: str
    target: str
    relation: str
    directed: bool
    polarity: str
    certainty: str
    start: str
    end: str
    temporal: str
    source_doc: str
    claimant: str
    quote: str


@dataclass(frozen=True)
class Contradiction:
    """Claims about one pair of actors (`a` < `b`) that cannot all hold as stated.

    `first` and `last` (ISO dates, "" when open) bound when opposed stances held together.
    """

    kind: str
    a: str
    b: str
    claims: tuple[Claim, ...]
    first: str = ""
    last: str = ""

    @property
    def relations(self) -> tuple[str, ...]:
        return tuple(c.relation_id for c in self.claims)

    def as_dict(self) -> dict:
        return {**asdict(self), "relations": list(self.relations)}


def _claim(u: str, v: str, key: str, data: dict) -> Claim:
    return Claim(
        key,
        u,
        v,
        data["relation"],
        data["directed"],
        polarity_of(data),
        data["certainty"],
        data["start"],
        data["end"],
        temporal_in(data),
        data["source_doc"],
        data.get("claimant", ""),
        data["quote"],
    )


def _span(data: dict) -> tuple[int, int]:
    return span(data["start"], data["end"], temporal_in(data))


def _apart(x: dict, y: dict) -> bool:
    """Whether two relations come from different documents or different named claimants."""
    claimants = x.get("claimant", ""), y.get("claimant", "")
    return x["source_doc"] != y["source_doc"] or (all(claimants) and claimants[0] != claimants[1])


def _turning_point(event: dict, state: dict) -> bool:
    """Whether an event falls in the period the other relation starts or ends in: it changed the stance."""
    when = _span(event)
    edges = [state["start"], "" if state["end"] == ENDED_UNKNOWN else state["end"]]
    return any(overlaps(*when, *span(edge, "", EVENT)) for edge in edges if edge)


def _together(
    x: dict, y: dict, first: tuple[int, int] | None = None, second: tuple[int, int] | None = None
) -> tuple[int, int] | None:
    """The days both relations held, if their dated spans overlap beyond a turning point (spans: `_span`'s)."""
    first, second = first or _span(x), second or _span(y)
    if NO_DAY in (first, second) or not overlaps(*first, *second):
        return None
    events = [temporal_in(x) == EVENT, temporal_in(y) == EVENT]
    if events[0] != events[1] and _turning_point(*((x, y) if events[0] else (y, x))):
        return None
    return max(first[0], second[0]), min(first[1], second[1])


def _iso(day: int) -> str:
    return "" if day in (BEFORE_ALL, AFTER_ALL) else dt.date.fromordinal(day).isoformat()


def _pair(u: str, v: str) -> tuple[str, str]:
    return (u, v) if u <= v else (v, u)


def _opposed(relations: Sequence[tuple[str, str, str, dict]], spans: dict[str, Span]) -> list[Contradiction]:
    by_pair: dict[tuple[str, str], tuple[list, list]] = {}
    for u, v, key, data in relations:
        polarity = polarity_of(data)
        if polarity in ("cooperative", "hostile"):
            when = spans[key]
            if when != NO_DAY:  # undated relations never held together with anything (`_together`): left out
                sides = by_pair.setdefault(_pair(u, v), ([], []))
                sides[polarity == "hostile"].append((when, (u, v, key, data)))
    found = []
    for (a, b), (friendly, hostile) in sorted(by_pair.items()):
        # A sweep over spans by first day: only the hostile relations that start before a friendly one
        # ends can overlap it (`_together` is None for the rest), so only those are compared.
        hostile.sort(key=lambda h: h[0][0])
        starts = [when[0] for when, _ in hostile]
        cited: dict[str, tuple[str, str, str, dict]] = {}
        first = last = None
        for x_when, x in friendly:
            for index in range(bisect.bisect_right(starts, x_when[1])):
                y_when, y = hostile[index]
                if y_when[1] < x_when[0]:
                    continue
                known = first is not None and x[2] in cited and y[2] in cited
                if known and max(x_when[0], y_when[0]) >= first and min(x_when[1], y_when[1]) <= last:
                    continue  # both cited already, and the days they could share add nothing to the bounds
                if not _apart(x[3], y[3]):
                    continue
                held = _together(x[3], y[3], x_when, y_when)
                if held is not None:
                    cited[x[2]], cited[y[2]] = x, y
                    first = held[0] if first is None else min(first, held[0])
                    last = held[1] if last is None else max(last, held[1])
        if cited:
            claims = tuple(_claim(*cited[key]) for key in sorted(cited))
            found.append(Contradiction("opposed stances", a, b, claims, _iso(first), _iso(last)))
    return found


def _denied(
    everything: Sequence[tuple[str, str, str, dict]], counted: Iterable[str], keyed: _Keyed, when: dict[str, Span]
) -> list[Contradiction]:
    claims: dict[tuple, list[tuple[str, str, str, dict]]] = {}
    for relation in everything:
        if relation[3]["certainty"] in counted:
            claims.setdefault(keyed(relation), []).append(relation)
    found = []
    for relation in everything:
        if relation[3]["certainty"] != "denied":
            continue
        same = [m for m in claims.get(keyed(relation), []) if _same_occasion(when[relation[2]], when[m[2]])]
        cited = [relation, *sorted(same, key=lambda m: m[2])]
        found.append(Contradiction("denied", *_pair(relation[0], relation[1]), tuple(_claim(*m) for m in cited)))
    return found


def _same_occasion(first: tuple[int, int], second: tuple[int, int]) -> bool:
    if NO_DAY in (first, second):
        return first == second
    return bool(overlaps(*first, *second))


def _dates_differ(
    relations: Sequence[tuple[str, str, str, dict]], keyed: _Keyed, when: dict[str, Span]
) -> list[Contradiction]:
    groups: dict[tuple, list[tuple[str, str, str, dict]]] = {}
    for relation in relations:
        if when[relation[2]] != NO_DAY:
            groups.setdefault(keyed(relation), []).append(relation)
    found = []
    for members in groups.values():
        per_document: dict[str, list] = {}
        for member in members:
            per_document.setdefault(member[3]["source_doc"], []).append(member)
        once = sorted((m[0] for m in per_document.values() if len(m) == 1), key=lambda m: m[2])
        for x, y in itertools.combinations(once, 2):
            if not overlaps(*when[x[2]], *when[y[2]]) and _apart(x[3], y[3]):
                found.append(Contradiction("dates differ", *_pair(x[0], x[1]), (_claim(*x), _claim(*y))))
    return found


class _Keyed:
    """Each relation's `claim_key` (time and certainty aside), worked out once for the kinds that group by it."""

    def __init__(self) -> None:
        self.keys: dict[str, tuple] = {}

    def __call__(self, relation: tuple[str, str, str, dict]) -> tuple:
        u, v, key, data = relation
        found = self.keys.get(key)
        if found is None:
            found = self.keys[key] = claim_key(data["relation"], u, v, "confirmed")
        return found


def contradictions(G: nx.MultiDiGraph, *, certainties: frozenset[str] | None = None) -> list[Contradiction]:
    """Every contradiction among the graph's relations (see the module), by kind, then pair, then ids.

    Opposed stances and differing dates are sought among the relations that count
    (`certainties`, default graphkit.rules' counted levels); denied relations are listed
    whatever counts, with the counted relations they deny.

    >>> G = nx.MultiDiGraph()
    >>> common = dict(directed=True, certainty="confirmed", end="", quote="...", note="")
    >>> _ = G.add_edge("a", "b", "r1", relation="supports", polarity=1, start="2023", source_doc="x", **common)
    >>> _ = G.add_edge("a", "b", "r2", relation="attacks", polarity=-1, start="2024-05", source_doc="y", **common)
    >>> G.edges["a", "b", "r2"]["temporal"] = "event"  # r1: a standing relation
    >>> [(c.kind, c.relations, c.first, c.last) for c in contradictions(G)]
    [('opposed stances', ('r1', 'r2'), '2024-05-01', '2024-05-31')]
    """
    with unchanged(G):  # the relations tabled once, with their spans (graphkit.rules.span, as `_span`)
        table = tabled(G)
        counted = [r for r in counted_relations(G, certainties=certainties) if r[0] != r[1]]
    levels = counted_levels() if certainties is None else certainties
    everything = table.by_id
    spans = zip(table.first.tolist(), table.last.tolist(), strict=True)
    keyed, when = _Keyed(), {key: span for (_, _, key, _), span in zip(everything, spans, strict=True)}
    found = _opposed(counted, when) + _denied(everything, levels, keyed, when) + _dates_differ(counted, keyed, when)
    return sorted(found, key=lambda c: (KINDS.index(c.kind), c.a, c.b, c.relations))


def contradicted(found: Iterable[Contradiction]) -> dict[str, tuple[str, ...]]:
    """Relation id -> the kinds of contradiction it takes part in: what the explorer badges."""
    kinds: dict[str, set[str]] = {}
    for item in found:
        for relation_id in item.relations:
            kinds.setdefault(relation_id, set()).add(item.kind)
    return {key: tuple(k for k in KINDS if k in kinds[key]) for key in sorted(kinds)}
