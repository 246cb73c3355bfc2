"""How centrality changes: degree, betweenness and PageRank as of several dates.

A snapshot as of a day holds the standing relations whose dates show they held on that
day and the events of the twelve months up to it (graphkit.rules, `SNAPSHOT_WINDOW`).
Undated relations are left out of every snapshot: including
them would claim they held on every date, which nothing in the sources says. Most
relations are undated, so snapshots are sparse: they show the dated record, not the
whole network.
"""

from __future__ import annotations

import functools
import itertools

import networkx as nx
import numpy as np
import pandas as pd

from graphkit.analysis._compiled import COMPILED_THRESHOLD
from graphkit.analysis._progress import progress
from graphkit.analysis.centrality import (
    SAMPLE_THRESHOLD,
    SNAPSHOT_SAMPLES,
    _betweenness,
    _pagerank,
    _Projected,
)
from graphkit.analysis.projections import (
    Tabled,
    counted,
    counted_relations,
    net_stance,
    project,
    tabled,
    undirected,
)
from graphkit.dates import date_bounds
from graphkit.rules import ENDED_UNKNOWN

FIRST_YEAR = 2021
"""Snapshots start on 1 January of this year by default (the Taliban took Kabul in August 2021)."""
OVER_TIME = ("degree", "betweenness", "pagerank")
SNAPSHOT_WINDOW = "12m"
"""A snapshot counts standing relations that hold on its day and events of the twelve months up to it."""


def snapshot_dates(G: nx.MultiDiGraph, first_year: int = FIRST_YEAR, last_year: int | None = None) -> list[str]:
    """1 January of each year from `first_year` to `last_year`, then 31 December of `last_year`.

    `last_year` defaults to the latest year any counted relation starts or ends in (or
    `first_year` if none is dated). The closing 31 December shows that year's events,
    which a 1 January snapshot would miss.

    >>> G = nx.MultiDiGraph()
    >>> G.add_edge("a", "b", key="r1", directed=True, polarity=1, certainty="confirmed", start="2023-05", end="")
    'r1'
    >>> snapshot_dates(G)
    ['2021-01-01', '2022-01-01', '2023-01-01', '2023-12-31']
    """
    if last_year is None:
        years = [
            date_bounds(value)[0].year
            for _, _, _, data in counted_relations(G)
            for value in (data["start"], data["end"])
            if value and value != ENDED_UNKNOWN
        ]
        last_year = max([first_year, *years])
    return [f"{year}-01-01" for year in range(first_year, last_year + 1)] + [f"{last_year}-12-31"]


def over_time(
    G: nx.MultiDiGraph,
    dates: list[str] | None = None,
    *,
    layer: str = "all",
    certainties: frozenset[str] | None = None,
    sample_threshold: int = SAMPLE_THRESHOLD,
    samples: int = SNAPSHOT_SAMPLES,
    seed: int = 0,
) -> pd.DataFrame:
    """Degree, betweenness and PageRank of every actor as of each date (default `snapshot_dates`).

    Each snapshot is projected like the full graph (see `graphkit.analysis.centrality`):
    degree and betweenness on the undirected projection, PageRank on the weighted directed
    one, counting only standing relations that held that day and events of the twelve
    months before it; undated relations never count.

    Long format: one row per (date, actor), sorted, with columns date, actor, degree,
    betweenness, pagerank. `df.attrs["relations_held"]` maps each date to the number of
    counted relations in its snapshot; `df.attrs["notes"]` as in `centrality`.

    >>> G = nx.MultiDiGraph()
    >>> G.add_edge("a", "b", key="r1", directed=True, polarity=1, certainty="confirmed", start="2022", end="")
    'r1'
    >>> table = over_time(G, ["2021-06-01", "2022-06-01"])
    >>> table.set_index(["date", "actor"])["degree"].to_dict()
    {('2021-06-01', 'a'): 0, ('2021-06-01', 'b'): 0, ('2022-06-01', 'a'): 1, ('2022-06-01', 'b'): 1}
    """
    dates = snapshot_dates(G) if dates is None else sorted(dates)
    notes: list[str] = []
    held: dict[str, int] = {}
    frames = []
    nodes = sorted(G.nodes)
    for day in progress(dates, desc="over time"):
        sampling = (notes, sample_threshold, samples, seed)
        if len(nodes) > COMPILED_THRESHOLD:
            keep = counted(G, layer, certainties=certainties, as_of=day, window=SNAPSHOT_WINDOW)
            held[day] = int(keep.sum())
            degree, between, rank = _measured(tabled(G), keep, layer, day, *sampling)
        else:
            held[day] = len(counted_relations(G, layer, certainties=certainties, as_of=day, window=SNAPSHOT_WINDOW))
            directed = project(G, layer, certainties=certainties, as_of=day, window=SNAPSHOT_WINDOW)
            simple = undirected(G, layer, certainties=certainties, as_of=day, window=SNAPSHOT_WINDOW)
            degree = dict(simple.degree())
            between = _betweenness(simple, f"{layer}, every snapshot", *sampling)
            rank = _pagerank(directed, f"{layer}, {day}", notes)
        frames.append(
            pd.DataFrame(
                {
                    "date": day,
                    "actor": nodes,
                    "degree": [degree[n] for n in nodes],
                    "betweenness": [between[n] for n in nodes],
                    "pagerank": [rank[n] for n in nodes],
                }
            )
        )
    columns = ["date", "actor", *OVER_TIME]
    table = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)
    table.attrs["relations_held"] = held
    table.attrs["notes"] = notes
    return table


def _measured(
    table: Tabled,
    keep: np.ndarray,
    layer: str,
    day: str,
    notes: list[str],
    sample_threshold: int,
    samples: int,
    seed: int,
) -> tuple[dict[str, int], dict[str, float], dict[str, float]]:
    """A snapshot's degree, betweenness and PageRank from the tabled relations it keeps, with no graph built.

    The measures of `over_time`'s projections, computed as `centrality` computes them above
    COMPILED_THRESHOLD actors (igraph and scipy): the same definitions, notes and sample.
    """
    projected = _Projected.of(table, keep)
    between = projected.betweenness(f"{layer}, every snapshot", notes, sample_threshold, samples, seed)
    return projected.degree(), between, projected.pagerank(f"{layer}, {day}", notes)


STANCES = {1: "friends", -1: "enemies", 0: "neutral"}
"""A signed pair's sign in words."""
_PLURAL = {"friend": "friends", "enemy": "enemies", "mixed": "mixed", "neutral": "neutral"}


@functools.cache
def _stance(positive: int, negative: int, neutral: int) -> str:
    """A pair of the signed projection, by its counts, as the report words it: projections.net_stance, in the plural."""
    return _PLURAL[net_stance(positive, negative, neutral)]


def _stances_of(keys: np.ndarray, pairs: np.ndarray, stances: np.ndarray) -> np.ndarray:
    """The stance of each pair in `keys` in a snapshot of these sorted `pairs`: "none" for a pair not in it."""
    where = np.minimum(np.searchsorted(pairs, keys), max(len(pairs) - 1, 0))
    found = (pairs[where] == keys) if len(pairs) else np.zeros(len(keys), dtype=bool)
    result = np.full(len(keys), "none", dtype=object)
    result[found] = stances[where[found]]
    return result


def _relations_of(
    keys: np.ndarray, pairs: np.ndarray, stances: np.ndarray, which: np.ndarray, kept: np.ndarray, table: Tabled
) -> dict[int, tuple[str, ...]]:
    """The ids of a snapshot's relations between each pair of `keys`, in id order (as `signed` lists them)."""
    of_pair = pairs[which]
    chosen = np.isin(of_pair, keys)
    found: dict[int, list[str]] = {}
    for pair, index in zip(of_pair[chosen].tolist(), kept[chosen].tolist(), strict=True):
        found.setdefault(pair, []).append(table.by_id[index][2])
    return {pair: tuple(ids) for pair, ids in found.items()}


def sign_changes(
    G: nx.MultiDiGraph, dates: list[str] | None = None, *, certainties: frozenset[str] | None = None
) -> pd.DataFrame:
    """Pairs whose stance changed from one snapshot to the next (default `snapshot_dates`).

    A pair's stance as of a day is the sign of its relations that held that day (events:
    within the twelve months up to it) on the
    signed projection, worded by `projections.net_stance` ("friends", "enemies", "mixed" when
    cooperative and hostile relations cancel out, "neutral"), or "none" when no dated
    relation held. One row per change: a, b (sorted ids), before (date), since (date), was, now,
    relations (ids that held on `since`). Sorted by `since`, then ids.

    >>> G = nx.MultiDiGraph()
    >>> G.add_edge("a", "b", key="r1", directed=True, polarity=-1, certainty="confirmed", start="2003", end="2025-04")
    'r1'
    >>> G.add_edge("a", "b", key="r2", directed=True, polarity=1, certainty="confirmed", start="2025-07", end="")
    'r2'
    >>> sign_changes(G, ["2025-01-01", "2025-12-31"])[["a", "b", "was", "now"]].to_dict("records")
    [{'a': 'a', 'b': 'b', 'was': 'enemies', 'now': 'friends'}]
    """
    dates = snapshot_dates(G) if dates is None else sorted(dates)
    table = tabled(G)
    nodes, n = table.nodes, len(table.nodes)
    snapshots = []  # each day's pairs (a * n + b, a < b, as node indexes), their stances and relations
    for day in dates:
        kept = np.flatnonzero(counted(G, certainties=certainties, as_of=day, window=SNAPSHOT_WINDOW))
        source, target, sign = table.source[kept], table.target[kept], table.sign[kept]
        pairs, which = np.unique(np.minimum(source, target) * n + np.maximum(source, target), return_inverse=True)
        counts = [np.bincount(which[sign == value], minlength=len(pairs)).tolist() for value in (1, -1, 0)]
        stances = np.array([_stance(*c) for c in zip(*counts, strict=True)], dtype=object)
        snapshots.append((pairs, stances, which, kept))
    rows = []
    for (before, earlier), (since, later) in itertools.pairwise(zip(dates, snapshots, strict=True)):
        every = np.union1d(earlier[0], later[0])  # sorted by ids, since nodes are
        was, now = (_stances_of(every, *snapshot[:2]) for snapshot in (earlier, later))
        changed = every[was != now]
        relations = _relations_of(changed, *later, table)
        for key, old, new in zip(changed.tolist(), was[was != now].tolist(), now[was != now].tolist(), strict=True):
            a, b = nodes[key // n], nodes[key % n]
            row = {"a": a, "b": b, "before": before, "since": since, "was": old, "now": new}
            rows.append(row | {"relations": relations.get(key, ())})
    return pd.DataFrame(rows, columns=["a", "b", "before", "since", "was", "now", "relations"])
