"""Compiled equivalents of networkx's betweenness, closeness and eigenvector centrality, for large graphs.

networkx computes these in pure Python: on a projection of 10,000 actors, exact closeness
takes minutes and sampled betweenness tens of seconds per layer and per snapshot. Above
`COMPILED_THRESHOLD` actors, graphkit computes the same quantities with igraph (C) and
scipy (sparse matrices) instead. The definitions are networkx's, including its
normalisation, its choice of sampled sources for a given seed and its convergence test, so
the numbers agree with networkx's to floating-point rounding (closeness exactly). Up to the
threshold networkx itself runs, so small datasets give the same bytes as before.
"""

from __future__ import annotations

import math
import random

import networkx as nx

COMPILED_THRESHOLD = 500
"""Above this many actors, betweenness, closeness and eigenvector centrality run compiled."""


def betweenness(simple: nx.Graph, k: int | None = None, seed: int = 0) -> dict[str, float]:
    """`nx.betweenness_centrality(simple, k=k, normalized=True, seed=seed)` of an undirected simple graph.

    The sampled sources are the ones networkx draws (`random.Random(seed).sample(list(G), k)`);
    igraph's subset betweenness from them counts each path once, networkx twice, hence the 2.
    """
    nodes = list(simple)
    index = {node: i for i, node in enumerate(nodes)}
    return betweenness_of(nodes, [(index[u], index[v]) for u, v in simple.edges()], k, seed)


def betweenness_of(nodes: list[str], edges: list[tuple[int, int]], k: int | None = None, seed: int = 0) -> dict:
    """`betweenness` of the simple undirected graph on `nodes` (in this order) with these edges (node indexes)."""
    import igraph

    graph = igraph.Graph(n=len(nodes), edges=edges)
    n = len(nodes)
    if k is not None and k == n:
        k = None
    if k is None:
        raw = [2 * value for value in graph.betweenness(directed=False)]
        sampled: set[str] = set()
    else:
        chosen = random.Random(seed).sample(nodes, k)
        index = {node: i for i, node in enumerate(nodes)}  # nodes are distinct
        raw = [2 * value for value in graph.betweenness(directed=False, sources=[index[s] for s in chosen])]
        sampled = set(chosen)
    pairs = n - 1  # networkx's N: without endpoints, v is never s or t
    if pairs < 2:
        return {node: float(value) for node, value in zip(nodes, raw, strict=True)}
    if k is None:
        scale = 1 / (pairs * (pairs - 1))
        return {node: value * scale for node, value in zip(nodes, raw, strict=True)}
    scale_source = 1 / ((k - 1) * (pairs - 1)) if k > 1 else math.nan
    scale_other = 1 / (k * (pairs - 1))
    return {
        node: value * (scale_source if node in sampled else scale_other) for node, value in zip(nodes, raw, strict=True)
    }


def closeness(simple: nx.Graph) -> dict[str, float]:
    """`nx.closeness_centrality(simple)` (Wasserman–Faust scaling) of an undirected simple graph.

    igraph gives 1 / (sum of distances to reachable actors); the sum is an integer, recovered
    exactly, and the final formula is networkx's, so the values are networkx's to the bit.
    """
    nodes = list(simple)
    index = {node: i for i, node in enumerate(nodes)}
    return closeness_of(nodes, [(index[u], index[v]) for u, v in simple.edges()])


def closeness_of(nodes: list[str], edges: list[tuple[int, int]]) -> dict[str, float]:
    """`closeness` of the simple undirected graph on `nodes` with these edges (node indexes)."""
    import igraph

    graph = igraph.Graph(n=len(nodes), edges=edges)
    n = len(nodes)
    inverse = graph.closeness(mode="all", normalized=False)
    reach = [0] * n
    for component in graph.connected_components():
        for i in component:
            reach[i] = len(component)
    result = {}
    for i, node in enumerate(nodes):
        value = 0.0
        if n > 1 and reach[i] > 1 and inverse[i] == inverse[i]:  # NaN for an isolated actor
            total = round(1 / inverse[i])
            value = (reach[i] - 1) / total
            value *= (reach[i] - 1) / (n - 1)
        result[node] = value
    return result


def closeness_sampled(simple: nx.Graph, k: int, seed: int = 0) -> dict[str, float]:
    """Closeness (Wasserman–Faust, as `closeness`) from the distances to `k` sampled actors of each connected group.

    In a group of r actors larger than k, an actor's total distance to the other r - 1 is
    estimated as (r - 1) times its mean distance to the sampled actors other than itself
    (Eppstein–Wang); the sample, of the group's actors in node order, is drawn by
    `random.Random(seed)` one group after another, largest first. Groups of at most k
    actors are measured exactly. With a sample drawn without replacement the mean is within
    ± eps × the group's diameter with probability at least 1 - 2 exp(-2 k eps²) (Hoeffding).
    """
    nodes = list(simple)
    index = {node: i for i, node in enumerate(nodes)}
    return closeness_sampled_of(nodes, [(index[u], index[v]) for u, v in simple.edges()], k, seed)


def closeness_sampled_of(nodes: list[str], edges: list[tuple[int, int]], k: int, seed: int = 0) -> dict[str, float]:
    """`closeness_sampled` of the simple undirected graph on `nodes` with these edges (node indexes)."""
    import igraph
    import numpy as np

    n = len(nodes)
    if n < 2:
        return dict.fromkeys(nodes, 0.0)
    graph = igraph.Graph(n=n, edges=edges)
    label = np.array(graph.connected_components().membership)
    sizes = np.bincount(label)
    total = np.zeros(n)
    rng = random.Random(seed)
    for group in sorted(range(len(sizes)), key=lambda g: (-sizes[g], g)):
        r = int(sizes[group])
        if r < 2:
            continue
        members = np.flatnonzero(label == group)
        sources = members if r <= k else np.sort(np.array(rng.sample(members.tolist(), k)))
        sums = np.zeros(r)
        targets = members.tolist()
        for first in range(0, len(sources), 100):  # 100 breadth-first searches at a time bound the memory
            chunk = sources[first : first + 100].tolist()
            sums += np.array(graph.distances(source=chunk, target=targets), dtype=float).sum(axis=0)
        if r <= k:
            total[members] = sums
        else:
            in_sample = np.isin(members, sources)
            total[members] = sums * (r - 1) / (k - in_sample)
    result = {}
    for i, node in enumerate(nodes):
        r = int(sizes[label[i]])
        result[node] = float((r - 1) / total[i]) * ((r - 1) / (n - 1)) if r > 1 and total[i] > 0 else 0.0
    return result


def pagerank_of(nodes: list[str], edges: list[tuple[int, int, float]], *, alpha: float, max_iter: int, tol: float):
    """`nx.pagerank(D, alpha, weight="weight", max_iter, tol)` of the DiGraph on `nodes` with these weighted edges.

    networkx's own computation (`_pagerank_scipy`: uniform start and teleport, dangling
    actors spread evenly, L1 stopping rule) on a matrix built from the edges, without a
    DiGraph. Raises nx.PowerIterationFailedConvergence like networkx.
    """
    import numpy as np
    import scipy.sparse as sparse

    n = len(nodes)
    if n == 0:
        return {}
    rows = np.array([u for u, _, _ in edges], dtype=np.int64)
    cols = np.array([v for _, v, _ in edges], dtype=np.int64)
    weights = np.array([w for _, _, w in edges], dtype=float)
    matrix = sparse.coo_array((weights, (rows, cols)), shape=(n, n)).tocsr()
    out = matrix.sum(axis=1)
    out[out != 0] = 1.0 / out[out != 0]
    matrix = sparse.dia_array((out.T, 0), shape=matrix.shape).tocsr() @ matrix
    x = np.repeat(1.0 / n, n)
    p = np.repeat(1.0 / n, n)
    dangling = np.where(out == 0)[0]
    for _ in range(max_iter):
        last = x
        x = alpha * (x @ matrix + sum(x[dangling]) * p) + (1 - alpha) * p
        if np.absolute(x - last).sum() < n * tol:
            return dict(zip(nodes, map(float, x), strict=True))
    raise nx.PowerIterationFailedConvergence(max_iter)


def eigenvector(simple: nx.Graph, *, max_iter: int, tol: float, weight: str) -> dict[str, float]:
    """`nx.eigenvector_centrality(simple, max_iter, tol, weight=weight)`: power iteration on A + I.

    The same start (uniform), iteration, normalisation (Euclidean) and stopping rule (L1 change
    below n * tol) as networkx, on a sparse matrix. Raises nx.PowerIterationFailedConvergence
    like networkx when it does not converge.
    """
    nodes = list(simple)
    matrix = nx.to_scipy_sparse_array(simple, nodelist=nodes, weight=weight, format="csr")
    return eigenvector_of(nodes, matrix, max_iter=max_iter, tol=tol)


def eigenvector_of(nodes: list[str], matrix, *, max_iter: int, tol: float) -> dict[str, float]:
    """`eigenvector` of the graph on `nodes` whose weighted adjacency is this sparse matrix (in node order)."""
    import numpy as np

    n = len(nodes)
    transposed = matrix.T.tocsr()
    x = np.full(n, 1.0 / n)
    for _ in range(max_iter):
        last = x
        x = last + transposed @ last
        norm = float(np.sqrt(x @ x)) or 1  # networkx's math.hypot, to rounding, without 10,000 Python floats
        x = x / norm
        if float(np.abs(x - last).sum()) < n * tol:
            return dict(zip(nodes, x.tolist(), strict=True))
    raise nx.PowerIterationFailedConvergence(max_iter)


def structural_holes(simple: nx.Graph, weight: str, block: int = 1024) -> tuple[dict[str, float], dict[str, float]]:
    """`(nx.constraint(simple, weight=weight), nx.effective_size(simple, weight=weight))` of an undirected graph.

    networkx computes both from sparse matrices, but effective size through a dense
    actors × actors product: 800 MB at 10,000 actors, 80 GB at 100,000. Both sums only run
    over an actor's own counterparts, so here the products are taken a block of rows at a
    time and kept only where two actors are tied. NaN for an actor without ties, as in networkx.
    """
    import numpy as np
    import scipy.sparse as sparse

    nodes = list(simple)
    adjacency = nx.to_scipy_sparse_array(simple, nodelist=nodes, weight=weight, format="csr")
    mutual = (adjacency + adjacency.T).tocsr()  # networkx's mutual weights
    totals = np.asarray(mutual.sum(axis=1)).ravel()
    largest = mutual.max(axis=1).toarray().ravel()
    with np.errstate(divide="ignore"):
        share = sparse.diags_array(1 / totals) @ mutual  # p_ij: j's share of i's ties
        # networkx divides column j by j's strongest tie (a 1-D divisor broadcasts over columns); so do we.
        of_largest = mutual @ sparse.diags_array(1 / largest)
    share, of_largest_t = share.tocsr(), of_largest.T.tocsr()
    constraint = np.empty(len(nodes))
    effective = np.empty(len(nodes))
    for first in range(0, len(nodes), block):
        rows = share[first : first + block]
        tied = (rows > 0).astype(float)
        indirect = (rows @ share).multiply(tied)  # sum over q of p_iq p_qj, where i and j are tied
        constraint[first : first + block] = np.asarray((rows + indirect).power(2).sum(axis=1)).ravel()
        redundancy = (rows @ of_largest_t).multiply(tied)
        effective[first : first + block] = np.asarray(tied.sum(axis=1) - redundancy.sum(axis=1)).ravel()
    alone = totals == 0
    constraint[alone] = math.nan
    effective[alone] = math.nan
    return dict(zip(nodes, constraint.tolist(), strict=True)), dict(zip(nodes, effective.tolist(), strict=True))
