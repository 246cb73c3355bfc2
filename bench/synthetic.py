"""Synthetic graphs in graphkit's shape, for benchmarks: heavy-tailed degrees, every attribute set."""

from __future__ import annotations

import random

import networkx as nx

from graphkit.vocab import vocabulary


def synthetic_graph(nodes: int, edges: int, seed: int = 1) -> nx.MultiDiGraph:
    """A MultiDiGraph like build_graph's: preferential attachment, parallel relations, dates."""
    rng = random.Random(seed)
    vocab = vocabulary()
    kinds = list(vocab.kinds)
    relations = list(vocab.relations)
    levels = list(vocab.certainty)
    graph = nx.MultiDiGraph()
    for i in range(nodes):
        graph.add_node(
            f"a{i:06d}",
            name=f"Actor {i}",
            kind=kinds[i % len(kinds)],
            aliases=[f"A{i}", f"Alias {i}"],
            description=f"Synthetic actor {i}.",
        )
    ids = list(graph.nodes)
    weights = [1.0 / (rank + 1) ** 0.8 for rank in range(nodes)]  # a few hubs, a long tail
    sources = rng.choices(ids, weights=weights, k=edges)
    targets = rng.choices(ids, weights=weights, k=edges)
    for number, (u, v) in enumerate(zip(sources, targets, strict=True)):
        if u == v:
            v = ids[(ids.index(v) + 1) % nodes]
        relation = relations[number % len(relations)]
        year = 2000 + number % 26
        graph.add_edge(
            u,
            v,
            key=f"r{number:07d}",
            relation=relation,
            directed=vocab.relations[relation].directed,
            polarity=vocab.relations[relation].polarity,
            start=f"{year}" if number % 3 else "",
            end=f"{year + 2}" if number % 7 == 0 else "",
            certainty=levels[number % len(levels)],
            source_doc="synthetic",
            quote=f"Actor {u} and actor {v}, quote {number}.",
            note="",
            source_title="Synthetic source",
            source_authors="",
            source_outlet="",
            source_published="",
            source_reliability="",
        )
    return graph
