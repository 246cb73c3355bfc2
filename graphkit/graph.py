"""Validated records -> a NetworkX MultiDiGraph, with provenance on every edge."""

from __future__ import annotations

import networkx as nx

from graphkit.model import Dataset
from graphkit.vocab import vocabulary


def build_graph(dataset: Dataset) -> nx.MultiDiGraph:
    """One node per actor, one edge per relation (key = relation id), nothing dropped.

    Symmetric relations keep the direction they were written in; their `directed`
    attribute is False so that queries and renderers can treat them as two-way.
    Edge attributes carry the relation's evidence and its source's metadata.
    """
    vocab = vocabulary()
    graph = nx.MultiDiGraph(name="graphkit")
    for actor in dataset.actors:
        graph.add_node(
            actor.id,
            name=actor.name,
            kind=actor.kind,
            aliases=list(actor.aliases),
            description=actor.description,
        )
    for rel in dataset.relations:
        rtype = vocab.relations[rel.relation]
        source = dataset.sources_by_id[rel.source_doc]
        graph.add_edge(
            rel.source,
            rel.target,
            key=rel.id,
            relation=rel.relation,
            directed=rtype.directed,
            polarity=rtype.polarity,
            start=rel.start,
            end=rel.end,
            certainty=rel.certainty,
            source_doc=rel.source_doc,
            quote=rel.quote,
            note=rel.note,
            source_title=source.title,
            source_authors=source.authors,
            source_outlet=source.outlet,
            source_published=source.published,
            source_reliability=source.reliability,
        )
    return graph
