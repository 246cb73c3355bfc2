"""Corroboration: which relations state the same thing, and from how many independent documents.

One rule, worked out once per dataset when the graph is built (graphkit.graph), so every
query, filter (`--min-sources`), page, export and report reads the same numbers:

- **The same thing**: the same relation type between the same pair (either order for a
  symmetric type), at the same kind of certainty (the counted levels together; proposed
  only with proposed, denied only with denied: a denial does not corroborate a claim), at
  overlapping times by graphkit.rules' spans. An undated relation says nothing about when,
  so it may be the same fact as any dated one.
- **Independent documents**: two sources are one origin when they are the same source,
  share an author, or have no author and the same outlet; otherwise (a different author
  or outlet) they are independent. Five pieces share one file in the bundled data, each
  by its own authors: independent; two pieces by one author are one origin.

`corroboration` counts the independent origins among a relation's document and those of
the relations corroborating it (1: it rests on one document); `corroborated_by` lists
those relations' ids (other documents only: a second row from the same document is a
duplicate, not a corroboration).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from graphkit.model import Relation, Source
from graphkit.progress import progress
from graphkit.rules import NO_DAY, counted_levels, overlaps, span, temporal_of
from graphkit.vocab import vocabulary


@dataclass(frozen=True)
class Corroboration:
    count: int  # independent origins stating it, its own included
    by: tuple[str, ...]  # ids of relations from other documents stating the same thing, sorted


def _authors(source: Source) -> frozenset[str]:
    return _author_set(source.authors)


@lru_cache(maxsize=65536)  # asked for millions of times while corroborating a large dataset, for a few thousand sources
def _author_set(authors: str) -> frozenset[str]:
    return frozenset(" ".join(a.split()).casefold() for a in authors.split(";") if a.strip())


def same_origin(a: Source, b: Source) -> bool:
    """Whether two sources are one origin: the same source, a shared author, or both anonymous in one outlet.

    >>> one = Source("a", "", "", "Ann Lee; Bo Chan", "Gazette", "", "")
    >>> same_origin(one, Source("b", "", "", "Bo Chan", "Herald", "", ""))
    True
    >>> same_origin(one, Source("c", "", "", "Cy Dee", "Gazette", "", ""))
    False
    """
    if a.id == b.id:
        return True
    authors_a, authors_b = _authors(a), _authors(b)
    if authors_a or authors_b:
        return bool(authors_a & authors_b)
    outlet_a, outlet_b = " ".join(a.outlet.split()).casefold(), " ".join(b.outlet.split()).casefold()
    return bool(outlet_a) and outlet_a == outlet_b


def origins(source_ids: Iterable[str], sources: Mapping[str, Source]) -> int:
    """How many independent origins these sources are (sources tied by `same_origin` count once).

    `same_origin` ties sources through what they share, so the origins are the groups of
    sources joined through a shared author (or, for sources without authors, a shared
    outlet): one pass over the sources' ties, not a comparison of every pair, which at a
    million relations (claims stated by hundreds of documents) took hours.
    """
    parent: dict[object, object] = {}

    def root(item: object) -> object:
        parent.setdefault(item, item)
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    ids = set(source_ids)
    for source_id in ids:
        root(source_id)
        source = sources.get(source_id)
        if source is None:
            continue
        authors = _authors(source)
        outlet = " ".join(source.outlet.split()).casefold()
        ties = [("author", a) for a in authors] if authors else [("outlet", outlet)] if outlet else []
        for tie in ties:
            parent[root(source_id)] = root(tie)
    return len({root(source_id) for source_id in ids})


def claim_key(relation: str, source: str, target: str, certainty: str) -> tuple[str, str, str, str]:
    """What two relations must share to state the same thing, time aside."""
    directed = vocabulary().relations[relation].directed
    a, b = (source, target) if directed else tuple(sorted((source, target)))
    return relation, a, b, "counted" if certainty in counted_levels() else certainty


def same_time(first: tuple[int, int], second: tuple[int, int]) -> bool:
    """Whether two spans may be the same time: they overlap, or one is undated."""
    return first == NO_DAY or second == NO_DAY or bool(overlaps(first[0], first[1], second[0], second[1]))


def corroboration(relations: Iterable[Relation], sources: Mapping[str, Source]) -> dict[str, Corroboration]:
    """Every relation's corroboration by id (see the module's rule)."""
    groups: dict[tuple, list[tuple[Relation, tuple[int, int]]]] = {}
    for rel in relations:
        when = span(rel.start, rel.end, temporal_of(rel.relation, rel.temporal))
        groups.setdefault(claim_key(rel.relation, rel.source, rel.target, rel.certainty), []).append((rel, when))
    found: dict[str, Corroboration] = {}
    for members in progress(groups.values(), desc="corroboration", total=len(groups)):
        # Most of a group's relations rest on the same documents (undated ones on all of them): each set of
        # documents is counted once, not once per relation (cubic in the group's size: hours at 10^6 relations).
        counted: dict[frozenset[str], int] = {}
        for rel, when in members:
            others = [
                other
                for other, other_when in members
                if other.source_doc != rel.source_doc and same_time(when, other_when)
            ]
            documents = frozenset([rel.source_doc, *(o.source_doc for o in others)])
            if documents not in counted:
                counted[documents] = origins(documents, sources)
            found[rel.id] = Corroboration(counted[documents], tuple(sorted(o.id for o in others)))
    return found
