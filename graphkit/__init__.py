"""graphkit: an actor-relationship graph explorer with the evidence behind every edge.

>>> import graphkit
>>> dataset = graphkit.load()            # the bundled, validated dataset
>>> graph = graphkit.build_graph(dataset)
"""

from graphkit.errors import GraphkitError, Issue, ValidationFailed
from graphkit.graph import build_graph
from graphkit.model import Actor, Dataset, Relation, Source
from graphkit.validate import load, validate
from graphkit.vocab import Vocabulary, vocabulary

__all__ = [
    "Actor",
    "Dataset",
    "GraphkitError",
    "Issue",
    "Relation",
    "Source",
    "ValidationFailed",
    "Vocabulary",
    "build_graph",
    "load",
    "validate",
    "vocabulary",
]
