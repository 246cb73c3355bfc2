"""Pure checks over a dataset's records: ids, vocabulary, dates, references, quotes.

Every check collects Issues; nothing stops at the first problem.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from operator import attrgetter

from graphkit.dates import date_bounds
from graphkit.documents import articles
from graphkit.errors import Issue, ValidationFailed
from graphkit.load import paused_gc, read_dataset
from graphkit.model import Dataset, Relation
from graphkit.rules import ENDED_UNKNOWN, RELIABILITY_GRADES, TEMPORALS
from graphkit.text import did_you_mean, fold, name_key, squash_whitespace
from graphkit.vocab import Vocabulary, vocabulary

ID_PATTERN = re.compile(r"[a-z0-9]+(?:_[a-z0-9]+)*")
RELATION_ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")

REQUIRED = {
    "actors.csv": ("id", "name", "kind"),
    "relations.csv": ("id", "source", "target", "relation", "certainty", "source_doc", "quote"),
    "sources.csv": ("id", "path", "title"),
    "omissions.csv": ("source_doc", "quote", "reason"),
}


def check_dataset(dataset: Dataset, vocab: Vocabulary | None = None) -> list[Issue]:
    """Every problem in the dataset's records, sorted by file and line."""
    vocab = vocab or vocabulary()
    issues: list[Issue] = []
    issues += _required_fields(dataset)
    issues += _duplicate_ids("actors.csv", ((a.id, a.line) for a in dataset.actors))
    issues += _duplicate_ids("relations.csv", ((r.id, r.line) for r in dataset.relations))
    issues += _duplicate_ids("sources.csv", ((s.id, s.line) for s in dataset.sources))
    issues += _actors(dataset, vocab)
    issues += _relations(dataset, vocab)
    issues += _sources(dataset)
    issues += _quotes(dataset)
    return sorted(set(issues))


def _required_fields(dataset: Dataset) -> Iterable[Issue]:
    tables = {
        "actors.csv": dataset.actors,
        "relations.csv": dataset.relations,
        "sources.csv": dataset.sources,
        "omissions.csv": dataset.omissions,
    }
    for file, records in tables.items():
        names = REQUIRED[file]
        required = attrgetter(*names)
        for record in records:
            values = required(record)
            if all(values):
                continue
            for name, value in zip(names, values, strict=True):
                if not value:
                    yield Issue(file, record.line, name, "empty-field", "is empty (this field is required)")


def _duplicate_ids(file: str, ids: Iterable[tuple[str, int]]) -> Iterable[Issue]:
    first: dict[str, int] = {}
    for value, line in ids:
        if not value:
            continue
        if value in first:
            yield Issue(
                file,
                line,
                "id",
                "duplicate-id",
                f"duplicate id '{value}' (first used on line {first[value]}; ids must be unique)",
            )
        else:
            first[value] = line


def _actors(dataset: Dataset, vocab: Vocabulary) -> Iterable[Issue]:
    owner: dict[str, tuple[str, int]] = {}
    for actor in dataset.actors:
        if actor.id and not ID_PATTERN.fullmatch(actor.id):
            yield Issue(
                "actors.csv", actor.line, "id", "bad-id", f"'{actor.id}' is not snake_case (e.g. '{_snake(actor.id)}')"
            )
        if actor.kind and actor.kind not in vocab.kinds:
            yield Issue(
                "actors.csv",
                actor.line,
                "kind",
                "unknown-kind",
                f"unknown kind '{actor.kind}' ({did_you_mean(actor.kind, vocab.kinds)})",
            )
        seen_here: set[str] = set()
        for surface in (actor.id, actor.name, *actor.aliases):
            key = name_key(surface)
            if not key or key in seen_here:
                continue
            seen_here.add(key)
            if key in owner and owner[key][0] != actor.id:
                other, other_line = owner[key]
                yield Issue(
                    "actors.csv",
                    actor.line,
                    "aliases",
                    "duplicate-alias",
                    f"'{surface}' also names '{other}' (line {other_line}); a name or alias must belong to one actor",
                )
            else:
                owner.setdefault(key, (actor.id, actor.line))


def _snake(value: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", fold(value)).strip("_") or "actor_id"


def _relations(dataset: Dataset, vocab: Vocabulary) -> Iterable[Issue]:
    actor_ids = {a.id for a in dataset.actors}
    source_ids = {s.id for s in dataset.sources}
    # One suggestion per misspelt value, however many relations repeat it: each costs a scan of every actor.
    actor_hint = _memo(lambda value: did_you_mean(value, actor_ids))
    source_hint = _memo(lambda value: did_you_mean(value, source_ids))
    relation_types, levels = vocab.relations, vocab.certainty
    file = "relations.csv"
    for rel in dataset.relations:
        line = rel.line
        if rel.id and not RELATION_ID_PATTERN.fullmatch(rel.id):
            yield Issue(
                file, line, "id", "bad-id", f"'{rel.id}' has characters other than letters, digits, '_', '.', '-'"
            )
        for field, value in (("source", rel.source), ("target", rel.target)):
            if value and value not in actor_ids:
                yield Issue(file, line, field, "unknown-actor", f"unknown actor '{value}' ({actor_hint(value)})")
        rtype = relation_types.get(rel.relation)
        if rel.relation and rtype is None:
            yield Issue(
                file,
                line,
                "relation",
                "unknown-relation",
                f"unknown relation '{rel.relation}' ({did_you_mean(rel.relation, relation_types)})",
            )
        if rtype and rel.source and rel.source == rel.target and not rtype.self_loop:
            yield Issue(
                file,
                line,
                "target",
                "self-loop",
                f"'{rel.relation}' cannot link '{rel.source}' to itself (use two different actors)",
            )
        if rel.certainty and rel.certainty not in levels:
            yield Issue(
                file,
                line,
                "certainty",
                "unknown-certainty",
                f"unknown certainty '{rel.certainty}' ({did_you_mean(rel.certainty, levels)})",
            )
        if rel.source_doc and rel.source_doc not in source_ids:
            yield Issue(
                file,
                line,
                "source_doc",
                "unknown-source",
                f"unknown source '{rel.source_doc}' ({source_hint(rel.source_doc)})",
            )
        if rel.temporal and rel.temporal not in TEMPORALS:
            yield Issue(
                file,
                line,
                "temporal",
                "bad-temporal",
                f"'{rel.temporal}' is neither {' nor '.join(TEMPORALS)} (leave it empty for the relation type's own)",
            )
        if rel.start or rel.end:
            yield from _dates(rel)


def _dates(rel: Relation) -> Iterable[Issue]:
    file, line = "relations.csv", rel.line
    bounds = {}
    for field, value in (("start", rel.start), ("end", rel.end)):
        if not value or (field == "end" and value == ENDED_UNKNOWN):
            continue
        try:
            bounds[field] = date_bounds(value)
        except ValueError:
            yield Issue(
                file,
                line,
                field,
                "bad-date",
                f"'{value}' is not a date (use YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2025-07-03"
                + (f", or '{ENDED_UNKNOWN}' for an unknown end)" if field == "end" else ")"),
            )
    if len(bounds) == 2 and bounds["end"][1] < bounds["start"][0]:
        yield Issue(
            file,
            line,
            "end",
            "end-before-start",
            f"end {rel.end} is before start {rel.start} (swap them or fix the date)",
        )


def _memo(function: Callable[[str], str]) -> Callable[[str], str]:
    """`function`, remembering its result for each value."""
    results: dict[str, str] = {}

    def remembered(value: str) -> str:
        if value not in results:
            results[value] = function(value)
        return results[value]

    return remembered


def _sources(dataset: Dataset) -> Iterable[Issue]:
    for source in dataset.sources:
        if source.id and not ID_PATTERN.fullmatch(source.id):
            yield Issue(
                "sources.csv",
                source.line,
                "id",
                "bad-id",
                f"'{source.id}' is not snake_case (e.g. '{_snake(source.id)}')",
            )
        if source.reliability and source.reliability not in RELIABILITY_GRADES:
            yield Issue(
                "sources.csv",
                source.line,
                "reliability",
                "bad-reliability",
                f"'{source.reliability}' is not a reliability grade (use one letter A-F, or leave empty)",
            )
        if source.published:
            try:
                date_bounds(source.published)
            except ValueError:
                yield Issue(
                    "sources.csv",
                    source.line,
                    "published",
                    "bad-date",
                    f"'{source.published}' is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)",
                )


def _quotes(dataset: Dataset) -> Iterable[Issue]:
    spans = articles(dataset)
    for source in dataset.sources:
        if source.starts_with and source.path in dataset.documents and source.id not in spans:
            yield Issue(
                "sources.csv",
                source.line,
                "starts_with",
                "start-not-found",
                f"not found in {source.path} (copy the article's first words from the document)",
            )
    source_ids = {s.id for s in dataset.sources}
    source_hint = _memo(lambda value: did_you_mean(value, source_ids))
    quoted = [("relations.csv", r) for r in dataset.relations] + [("omissions.csv", o) for o in dataset.omissions]
    for file, record in quoted:
        if file == "omissions.csv" and record.source_doc and record.source_doc not in source_ids:
            hint = source_hint(record.source_doc)
            yield Issue(
                file, record.line, "source_doc", "unknown-source", f"unknown source '{record.source_doc}' ({hint})"
            )
        article = spans.get(record.source_doc)
        if not record.quote or article is None or article.find(record.quote) >= 0:
            continue
        quote = squash_whitespace(record.quote)
        if quote in article.text:
            where = f"outside the article of source '{record.source_doc}'"
            yield Issue(
                file,
                record.line,
                "quote",
                "quote-outside-article",
                f"found in {article.path}, but {where} (cite the article it is in)",
            )
        else:
            hint = _mismatch_hint(quote, article.text)
            yield Issue(file, record.line, "quote", "quote-not-found", f"not found verbatim in {article.path} ({hint})")


def _mismatch_hint(quote: str, text: str) -> str:
    """Where the quote stops matching: the longest prefix that the document contains."""
    lo, hi = 0, len(quote)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if quote[:mid] in text:
            lo = mid
        else:
            hi = mid - 1
    if lo == 0:
        return "no part of it matches; copy the span from the document"
    return f"matches up to '…{quote[max(0, lo - 30) : lo]}', then differs at '{quote[lo : lo + 20]}'"


def validate(path: str | os.PathLike | None = None) -> tuple[Dataset, list[Issue]]:
    """Read a dataset and check it: the records and every problem found."""
    with paused_gc():  # checking makes many small objects too (see paused_gc)
        dataset, issues = read_dataset(path)
        return dataset, sorted(set(issues) | set(check_dataset(dataset)))


def load(path: str | os.PathLike | None = None) -> Dataset:
    """A validated dataset (the bundled one by default).

    Raises ValidationFailed listing every problem when the data is not valid.
    """
    dataset, issues = validate(path)
    if issues:
        raise ValidationFailed(issues)
    return dataset
