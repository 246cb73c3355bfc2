"""How centrality changes: degree, betweenness and PageRank as of several dates.

A snapshot as of a day holds the standing relations whose dates show they held on that
day and the events of the twelve months up to it (graphkit.rules, `SNAPSHOT_WINDOW`).
Undated relations are left out of every snapshot: including
them would claim they held on every date, which nothing in the sources says. Most
relations are undated, so snapshots are sparse: they show the dated record, not the
whole network.
"""

from __future__ import annotations

import itertools

import networkx as nx
import pandas as pd

from graphkit.analysis._progress import progress
from graphkit.analysis.centrality import SAMPLE_THRESHOLD, SAMPLES, _betweenness, _pagerank
from graphkit.analysis.projections import counted_relations, net_stance, project, signed, undirected
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
    samples: int = SAMPLES,
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
    for day in progress(dates, desc="over time"):
        directed = project(G, layer, certainties=certainties, as_of=day, window=SNAPSHOT_WINDOW)
        simple = undirected(G, layer, certainties=certainties, as_of=day, window=SNAPSHOT_WINDOW)
        held[day] = sum(w for _, _, w in simple.edges(data="weight"))
        nodes = sorted(simple)
        degree = dict(simple.degree())
        between = _betweenness(simple, f"{layer}, every snapshot", notes, sample_threshold, samples, seed)
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


STANCES = {1: "friends", -1: "enemies", 0: "neutral"}
"""A signed pair's sign in words."""
_PLURAL = {"friend": "friends", "enemy": "enemies", "mixed": "mixed", "neutral": "neutral"}


def _stance(pair: dict) -> str:
    """A pair of the signed projection as the report words it: projections.net_stance, in the plural."""
    return _PLURAL[net_stance(pair["positive"], pair["negative"], pair["neutral"])]


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
    snapshots = [signed(G, certainties=certainties, as_of=day, window=SNAPSHOT_WINDOW) for day in dates]
    rows = []
    for (before, earlier), (since, later) in itertools.pairwise(zip(dates, snapshots, strict=True)):
        pairs = {tuple(sorted(e)) for e in earlier.edges} | {tuple(sorted(e)) for e in later.edges}
        for a, b in sorted(pairs):
            was = _stance(earlier.edges[a, b]) if earlier.has_edge(a, b) else "none"
            now = _stance(later.edges[a, b]) if later.has_edge(a, b) else "none"
            if was != now:
                relations = tuple(later.edges[a, b]["relations"]) if later.has_edge(a, b) else ()
                rows.append(
                    {"a": a, "b": b, "before": before, "since": since, "was": was, "now": now, "relations": relations}
                )
    return pd.DataFrame(rows, columns=["a", "b", "before", "since", "was", "now", "relations"])
