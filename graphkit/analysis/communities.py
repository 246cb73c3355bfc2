"""Groups of actors more tied to each other than to the rest: Louvain communities and k-cores."""

from __future__ import annotations

import networkx as nx
import pandas as pd

from graphkit.analysis.projections import undirected


def communities(
    G: nx.MultiDiGraph,
    *,
    layer: str = "all",
    seed: int = 0,
    resolution: float = 1.0,
    certainties: frozenset[str] | None = None,
    as_of: str | None = None,
) -> pd.DataFrame:
    """Each actor's Louvain community and k-core number, on the undirected projection of `layer`.

    Louvain (networkx, fixed `seed`) runs on the undirected projection weighted by number
    of relations: on the "all" layer a community gathers actors that deal with each other,
    as friends or as enemies. Communities are numbered from 1, largest first (ties by
    their first actor id); an actor with no counted relation is a community of its own.
    `core` is the largest k such that the actor belongs to a subgraph where every actor
    has at least k distinct counterparts (unweighted).

    Columns: community, community_size, core. Index: actor id, sorted.

    >>> G = nx.MultiDiGraph()
    >>> for key, (u, v) in enumerate([("a", "b"), ("b", "c"), ("a", "c"), ("x", "y")]):
    ...     _ = G.add_edge(u, v, key=key, directed=False, polarity=1, certainty="confirmed", start="", end="")
    >>> table = communities(G)
    >>> table["community"].to_dict(), table["core"].to_dict()["a"]
    ({'a': 1, 'b': 1, 'c': 1, 'x': 2, 'y': 2}, 2)
    """
    simple = undirected(G, layer, certainties=certainties, as_of=as_of)
    found = nx.community.louvain_communities(simple, weight="weight", resolution=resolution, seed=seed)
    ordered = sorted((sorted(group) for group in found), key=lambda members: (-len(members), members[0]))
    rows = {}
    for number, members in enumerate(ordered, 1):
        for actor in members:
            rows[actor] = {"community": number, "community_size": len(members)}
    core = nx.core_number(simple)
    table = pd.DataFrame.from_dict(rows, orient="index", columns=["community", "community_size"]).reindex(
        sorted(simple)
    )
    table["core"] = pd.Series(core).reindex(table.index)
    table.index.name = "actor"
    return table
