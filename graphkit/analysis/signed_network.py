"""Friends and enemies: structural balance, "enemy of my enemy" pairs, positive and negative ties.

All three run on `signed`, the signed undirected projection: a pair's sign is the sign of
the sum of the polarities of its counted relations (+1 friends, -1 enemies, 0 neutral:
only neutral relations, or as many cooperative as hostile ones). Neutral pairs are not
friends or enemies, so a triangle with a neutral side is left out of balance.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import networkx as nx
import pandas as pd

from graphkit.analysis.projections import signed

_SYMBOL = {1: "+", -1: "-"}
TIES = ("friends", "mixed", "neutral", "unconnected")
"""How two actors that share an enemy relate: see `enemy_of_enemy`."""


def balance(G: nx.MultiDiGraph, *, certainties: frozenset[str] | None = None, as_of: str | None = None) -> pd.DataFrame:
    """Every triangle of friends and enemies, and whether it is balanced (Heider; Cartwright–Harary).

    A triangle is balanced when the product of its three signs is positive: "+++" (three
    friends) and "+--" (two friends with a common enemy). "++-" (A's two friends are
    enemies) and "---" (three mutual enemies) are unbalanced; under Davis' weak balance
    "---" would pass, and the `kind` column lets a reader apply that rule instead.

    One row per triangle: a, b, c (ids, sorted), kind (its signs, "+" first), balanced,
    sign_ab, sign_bc, sign_ac and the relation ids of each pair (relations_ab, ...).
    Unbalanced triangles first, then by actor ids. `df.attrs["neutral_triangles"]`
    counts triangles left out because one side is neutral.

    >>> G = nx.MultiDiGraph()
    >>> for key, (u, v, p) in enumerate([("a", "b", 1), ("b", "c", 1), ("a", "c", -1)]):
    ...     _ = G.add_edge(u, v, key=f"r{key}", directed=True, polarity=p, certainty="confirmed", start="", end="")
    >>> balance(G)[["a", "b", "c", "kind", "balanced"]].to_dict("records")
    [{'a': 'a', 'b': 'b', 'c': 'c', 'kind': '++-', 'balanced': False}]
    """
    graph = signed(G, certainties=certainties, as_of=as_of)
    rows = []
    neutral = 0
    for a, b, c in _triangles(graph):
        ab, bc, ac = graph.edges[a, b], graph.edges[b, c], graph.edges[a, c]
        signs = (ab["sign"], bc["sign"], ac["sign"])
        if 0 in signs:
            neutral += 1
            continue
        rows.append(
            {
                "a": a,
                "b": b,
                "c": c,
                "kind": "".join(sorted(_SYMBOL[s] for s in signs)),
                "balanced": signs[0] * signs[1] * signs[2] > 0,
                "sign_ab": signs[0],
                "sign_bc": signs[1],
                "sign_ac": signs[2],
                "relations_ab": tuple(ab["relations"]),
                "relations_bc": tuple(bc["relations"]),
                "relations_ac": tuple(ac["relations"]),
            }
        )
    columns = ["a", "b", "c", "kind", "balanced", "sign_ab", "sign_bc", "sign_ac"]
    columns += ["relations_ab", "relations_bc", "relations_ac"]
    table = pd.DataFrame(rows, columns=columns)
    table = table.sort_values(["balanced", "a", "b", "c"], kind="stable").reset_index(drop=True)
    table.attrs["neutral_triangles"] = neutral
    return table


def _triangles(graph: nx.Graph) -> Iterator[tuple[str, str, str]]:
    """Every triangle (a, b, c) with a < b < c, ordered by a, then b, then c.

    For each later neighbour b of a, the third actors are the later neighbours of a that
    are also b's, found by walking whichever of the two lists is shorter. Trying every pair
    of a's neighbours instead costs the square of a hub's thousands of counterparts.
    """
    for a in sorted(graph):
        later = sorted(n for n in graph[a] if n > a)
        rest = set(later)
        for i, b in enumerate(later):
            neighbours = graph[b]
            if len(neighbours) < len(later) - i - 1:
                third = sorted(c for c in neighbours if c > b and c in rest)
            else:
                third = [c for c in later[i + 1 :] if c in neighbours]
            for c in third:
                yield a, b, c


def enemy_of_enemy(
    G: nx.MultiDiGraph, *, certainties: frozenset[str] | None = None, as_of: str | None = None
) -> pd.DataFrame:
    """Pairs of actors with a common enemy and no hostile tie between them, and how they do relate.

    `tie`: "friends" (their relations sum to cooperative: the proverb holds), "mixed"
    (as many cooperative as hostile relations), "neutral" (only neutral relations, such as
    talks), or "unconnected" (no counted relation: a possible alignment the sources do not
    record). One row per pair: a, c (sorted ids), shared_enemies (ids), tie, relations
    (ids between a and c). Most shared enemies first, then by tie as in `TIES`, then ids.

    >>> G = nx.MultiDiGraph()
    >>> for key, (u, v) in enumerate([("a", "b"), ("c", "b")]):
    ...     _ = G.add_edge(u, v, key=f"r{key}", directed=True, polarity=-1, certainty="confirmed", start="", end="")
    >>> enemy_of_enemy(G)[["a", "c", "shared_enemies", "tie"]].to_dict("records")
    [{'a': 'a', 'c': 'c', 'shared_enemies': ('b',), 'tie': 'unconnected'}]
    """
    graph = signed(G, certainties=certainties, as_of=as_of)
    adjacency = dict(graph.adjacency())  # each actor's counterparts and their pair's attributes
    enemies = {n: {m for m, attrs in ties.items() if attrs["sign"] < 0} for n, ties in adjacency.items()}
    shared: dict[tuple[str, str], set[str]] = {}
    for enemy in sorted(graph):
        for a, c in itertools.combinations(sorted(enemies[enemy]), 2):
            shared.setdefault((a, c), set()).add(enemy)
    rows = []
    for (a, c), common in shared.items():
        attrs = adjacency[a].get(c)
        if attrs is None:
            tie, relations = "unconnected", ()
        elif attrs["sign"] < 0:
            continue
        else:
            relations = tuple(attrs["relations"])
            tie = "friends" if attrs["sign"] > 0 else "mixed" if attrs["positive"] else "neutral"
        rows.append({"a": a, "c": c, "shared_enemies": tuple(sorted(common)), "tie": tie, "relations": relations})
    rows.sort(key=lambda r: (-len(r["shared_enemies"]), TIES.index(r["tie"]), r["a"], r["c"]))
    return pd.DataFrame(rows, columns=["a", "c", "shared_enemies", "tie", "relations"])


def signed_degree(
    G: nx.MultiDiGraph, *, certainties: frozenset[str] | None = None, as_of: str | None = None
) -> pd.DataFrame:
    """Each actor's friends, enemies and neutral counterparts (pairs by sign), and its relations by polarity.

    Columns: positive_degree, negative_degree, neutral_degree (distinct counterparts whose
    pair sign is +1, -1, 0 on the signed projection), positive_relations,
    negative_relations, neutral_relations (counted relations of each polarity).
    Index: actor id, sorted.
    """
    graph = signed(G, certainties=certainties, as_of=as_of)
    rows = {}
    adjacency = dict(graph.adjacency())
    for node in sorted(adjacency):
        signs = [0, 0, 0]  # pairs of sign +1, -1, 0 (indexed by the sign)
        positive = negative = neutral = 0
        for t in adjacency[node].values():
            signs[t["sign"]] += 1
            positive, negative, neutral = positive + t["positive"], negative + t["negative"], neutral + t["neutral"]
        rows[node] = {
            "positive_degree": signs[1],
            "negative_degree": signs[-1],
            "neutral_degree": signs[0],
            "positive_relations": positive,
            "negative_relations": negative,
            "neutral_relations": neutral,
        }
    columns = ["positive_degree", "negative_degree", "neutral_degree"]
    columns += ["positive_relations", "negative_relations", "neutral_relations"]
    table = pd.DataFrame.from_dict(rows, orient="index", columns=columns).reindex(sorted(graph))
    table.index.name = "actor"
    return table
