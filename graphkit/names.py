"""Resolving what a user types ("the Kremlin", "iskp", "Islamic State Khorasan") to an actor id."""

from __future__ import annotations

from collections.abc import Iterable

from graphkit.errors import UsageError
from graphkit.model import Actor
from graphkit.text import name_key


class NameIndex:
    """Every id, name and alias of a dataset's actors, for exact and fuzzy lookup."""

    def __init__(self, actors: Iterable[Actor]) -> None:
        self.names: dict[str, str] = {}
        self.labels: dict[str, str] = {}
        self._owners: dict[str, set[str]] = {}
        for actor in actors:
            self.labels[actor.id] = actor.name
            for surface in (actor.id, actor.name, *actor.aliases):
                self._owners.setdefault(name_key(surface), set()).add(actor.id)

    def resolve(self, text: str) -> str:
        """The id of the one actor `text` names; UsageError with candidates otherwise."""
        owners = self._owners.get(name_key(text), set())
        if len(owners) == 1:
            return next(iter(owners))
        if len(owners) > 1:
            choices = ", ".join(f"'{o}' ({self.labels[o]})" for o in sorted(owners))
            raise UsageError(f"'{text}' is ambiguous: it names {choices}; use an id")
        raise UsageError(f"unknown actor '{text}'{self._suggestion(text)}")

    def _suggestion(self, text: str) -> str:
        from rapidfuzz import fuzz, process

        hits = process.extract(name_key(text), list(self._owners), scorer=fuzz.WRatio, limit=12, score_cutoff=80)
        ids: list[str] = []
        for key, _score, _index in hits:
            for owner in sorted(self._owners[key]):
                if owner not in ids:
                    ids.append(owner)
        if not ids:
            return " (no similar name; try `graphkit search`)"
        return ". Did you mean " + " or ".join(f"'{i}' ({self.labels[i]})" for i in ids[:3]) + "?"
