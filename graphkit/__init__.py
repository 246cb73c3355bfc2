"""graphkit: an actor-relationship graph explorer with the evidence behind every edge.

>>> import graphkit
>>> dataset = graphkit.load()            # the bundled, validated dataset
>>> graph = graphkit.build_graph(dataset)
>>> counted = graphkit.EdgeFilter(as_of="2025-08-01")  # the relations that count and held that day
"""

from typing import TYPE_CHECKING

from graphkit.errors import GraphkitError, Issue, ValidationFailed
from graphkit.model import Actor, Dataset, Relation, Source
from graphkit.rules import EdgeFilter, certainty_levels
from graphkit.validate import load, validate
from graphkit.vocab import Vocabulary, vocabulary

if TYPE_CHECKING:
    from graphkit.graph import build_graph

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


def __getattr__(name: str):
    """`build_graph` is imported when first used: it brings networkx, which a cached query does without."""
    if name == "build_graph":
        from graphkit.graph import build_graph

        return build_graph
    raise AttributeError(f"module 'graphkit' has no attribute {name!r}")
