"""Resolving what a user types ("the Kremlin", "iskp", "Islamic State Khorasan") to an actor id."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, NamedTuple

from graphkit.errors import UsageError
from graphkit.model import Actor
from graphkit.text import name_key

if TYPE_CHECKING:
    import networkx as nx

SIMILAR_SCORE = 80
"""rapidfuzz WRatio score (0-100) from which a name counts as a near miss; the explorer uses it too."""


class _Named(NamedTuple):
    id: str
    name: str
    aliases: tuple[str, ...]


class NameIndex:
    """Every id, name and alias of a dataset's actors, for exact and fuzzy lookup."""

    def __init__(self, actors: Iterable[Actor]) -> None:
        self.names: dict[str, str] = {}
        self.labels: dict[str, str] = {}
        self._owners: dict[str, set[str]] = {}
        self.surfaces: list[tuple[str, str, str]] = []  # (key, actor id, surface) in lookup order
        for actor in actors:
            self.labels[actor.id] = actor.name
            for surface in (actor.id, actor.name, *actor.aliases):
                key = name_key(surface)
                self._owners.setdefault(key, set()).add(actor.id)
                self.surfaces.append((key, actor.id, surface))

    @classmethod
    def from_graph(cls, graph: nx.MultiDiGraph) -> NameIndex:
        """The index of a built graph's actors, in the graph's (the dataset's) order."""
        return cls(_Named(n, a["name"], tuple(a["aliases"])) for n, a in graph.nodes(data=True))

    def resolve(self, text: str) -> str:
        """The id of the one actor `text` names; UsageError with candidates otherwise."""
        owners = self._owners.get(name_key(text), set())
        if len(owners) == 1:
            return next(iter(owners))
        if len(owners) > 1:
            choices = ", ".join(f"'{o}' ({self.labels[o]})" for o in sorted(owners))
            raise UsageError(f"'{text}' is ambiguous: it names {choices}; use an id")
        raise UsageError(f"unknown actor '{text}'{self._suggestion(text)}")

    def similar(self, text: str, limit: int = 3) -> list[str]:
        """Ids of the actors whose names are near misses of `text`, best first (the 'Did you mean' list)."""
        from rapidfuzz import fuzz, process

        hits = process.extract(
            name_key(text), list(self._owners), scorer=fuzz.WRatio, limit=12, score_cutoff=SIMILAR_SCORE
        )
        ids: list[str] = []
        for key, _score, _index in hits:
            for owner in sorted(self._owners[key]):
                if owner not in ids:
                    ids.append(owner)
        return ids[:limit]

    def _suggestion(self, text: str) -> str:
        ids = self.similar(text)
        if not ids:
            return " (no similar name; try `graphkit search`)"
        return ". Did you mean " + " or ".join(f"'{i}' ({self.labels[i]})" for i in ids) + "?"
