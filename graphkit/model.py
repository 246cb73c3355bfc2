"""Records of a dataset: plain frozen dataclasses, no I/O."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path


@dataclass(frozen=True)
class Actor:
    id: str
    name: str
    kind: str
    aliases: tuple[str, ...]
    description: str
    line: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)  # slots: a million relations in 100 MB less, made faster (load._relation_maker)
class Relation:
    id: str
    source: str
    target: str
    relation: str
    start: str
    end: str
    certainty: str
    source_doc: str
    quote: str
    note: str
    temporal: str = ""  # "event", "state" or "" for the relation type's own (graphkit.rules)
    claimant: str = ""  # who makes the claim: an actor id or a claimant label (vocab.toml), "" if the text states it
    credibility: str = ""  # Admiralty information credibility "1"-"6", "" if not graded
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Source:
    id: str
    path: str
    title: str
    authors: str
    outlet: str
    published: str
    reliability: str
    starts_with: str = ""
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Omission:
    """A sentence a curator read and consciously turned into no relation, and why."""

    source_doc: str
    quote: str
    reason: str
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Dataset:
    """A loaded dataset: its directory, records in file order, and document texts by path."""

    directory: Path
    actors: tuple[Actor, ...]
    relations: tuple[Relation, ...]
    sources: tuple[Source, ...]
    documents: dict[str, str] = field(compare=False, repr=False)
    omissions: tuple[Omission, ...] = ()

    @cached_property
    def actors_by_id(self) -> dict[str, Actor]:
        return {a.id: a for a in self.actors}

    @cached_property
    def sources_by_id(self) -> dict[str, Source]:
        return {s.id: s for s in self.sources}

    def summary(self) -> str:
        """One line of counts: actors by kind, relations by type and certainty, sources."""

        def counted(values: Iterable[str]) -> str:
            by_count = sorted(Counter(values).items(), key=lambda kv: (-kv[1], kv[0]))
            return ", ".join(f"{name} {n}" for name, n in by_count)

        return (
            f"{len(self.actors)} actors ({counted(a.kind for a in self.actors)}); "
            f"{len(self.relations)} relations ({counted(r.relation for r in self.relations)}); "
            f"certainty ({counted(r.certainty for r in self.relations)}); "
            f"{len(self.sources)} sources"
        )

    def document_text(self, source_id: str) -> str:
        """The full text of the document a source points at."""
        return self.documents[self.sources_by_id[source_id].path]
