"""Brokers: actors whose ties span otherwise separate parts of the network (Burt; Guimerà–Amaral)."""

from __future__ import annotations

from collections import Counter

import networkx as nx
import pandas as pd

from graphkit.analysis import _compiled
from graphkit.analysis._compiled import COMPILED_THRESHOLD
from graphkit.analysis.communities import communities as find_communities
from graphkit.analysis.projections import undirected


def brokerage(
    G: nx.MultiDiGraph,
    *,
    layer: str = "all",
    groups: pd.DataFrame | None = None,
    seed: int = 0,
    certainties: frozenset[str] | None = None,
    as_of: str | None = None,
) -> pd.DataFrame:
    """Burt's constraint and effective size, and how many communities an actor's ties reach into.

    Constraint and effective size (networkx) run on the undirected projection of `layer`
    weighted by number of relations: a tie backed by more relations is a larger
    investment. Low constraint and high effective size mark a broker whose counterparts
    are not tied to each other; both are NaN for an actor without counted relations.

    Community bridging uses `groups` (a `communities` table; computed on the same layer
    with `seed` when not given) and distinct counterparts: `other_communities` is the
    number of communities other than its own that its counterparts belong to, `bridge`
    whether that is at least two, and `participation` the participation coefficient
    1 - Σ_s (k_s / k)², 0 when all counterparts are in one community.

    Columns: constraint, effective_size, community, other_communities, bridge,
    participation. Index: actor id, sorted.

    >>> G = nx.MultiDiGraph()
    >>> for key, (u, v) in enumerate([("hub", "a"), ("hub", "b"), ("a", "b"), ("hub", "x"), ("x", "y")]):
    ...     _ = G.add_edge(u, v, key=key, directed=False, polarity=1, certainty="confirmed", start="", end="")
    >>> table = brokerage(G)
    >>> round(table.loc["hub", "effective_size"], 3), table.loc["a", "other_communities"]
    (np.float64(2.333), np.int64(0))
    """
    simple = undirected(G, layer, certainties=certainties, as_of=as_of)
    if groups is None:
        groups = find_communities(G, layer=layer, seed=seed, certainties=certainties, as_of=as_of)
    community = groups["community"].to_dict()
    if simple.number_of_nodes() > COMPILED_THRESHOLD:  # networkx's effective size needs actors² of memory
        constraint, effective = _compiled.structural_holes(simple, "weight")
    else:
        constraint = nx.constraint(simple, weight="weight")
        effective = nx.effective_size(simple, weight="weight")
    rows = {}
    for node in sorted(simple):
        reached = Counter(community[other] for other in simple[node])
        degree = sum(reached.values())
        others = len([c for c in reached if c != community[node]])
        rows[node] = {
            "constraint": constraint[node],
            "effective_size": effective[node],
            "community": community[node],
            "other_communities": others,
            "bridge": others >= 2,
            "participation": 1 - sum((k / degree) ** 2 for k in reached.values()) if degree else 0.0,
        }
    columns = ["constraint", "effective_size", "community", "other_communities", "bridge", "participation"]
    table = pd.DataFrame.from_dict(rows, orient="index", columns=columns).reindex(sorted(simple))
    table.index.name = "actor"
    return table
