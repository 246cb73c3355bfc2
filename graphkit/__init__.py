"""graphkit: an actor-relationship graph explorer with the evidence behind every edge.

>>> import graphkit
>>> dataset = graphkit.load()            # the bundled, validated dataset
>>> graph = graphkit.build_graph(dataset)
>>> counted = graphkit.EdgeFilter(as_of="2025-08-01")  # the relations that count and held that day
"""

from graphkit.errors import GraphkitError, Issue, ValidationFailed
from graphkit.graph import build_graph
from graphkit.model import Actor, Dataset, Relation, Source
from graphkit.rules import EdgeFilter, certainty_levels
from graphkit.validate import load, validate
from graphkit.vocab import Vocabulary, vocabulary

__all__ = [
    "Actor",
    "Dataset",
    "EdgeFilter",
    "GraphkitError",
    "Issue",
    "Relation",
    "Source",
    "ValidationFailed",
    "Vocabulary",
    "build_graph",
    "certainty_levels",
    "load",
    "validate",
    "vocabulary",
]
