"""Pure checks over a dataset's records: ids, vocabulary, dates, references, quotes.

Every check collects Issues; nothing stops at the first problem.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from itertools import compress, groupby
from operator import attrgetter, eq
from pathlib import Path

from graphkit.dates import date_bounds
from graphkit.documents import Article, articles_by_document, squashed
from graphkit.errors import Issue, ValidationFailed
from graphkit.load import UNREAD_CODES, paused_gc, read_actors, read_beside, resolve_data_dir
from graphkit.lookalikes import mixed_script, skeleton
from graphkit.model import Actor, Dataset, Omission, Relation, Source
from graphkit.parallel import in_background, side_by_side
from graphkit.progress import progress
from graphkit.rules import ENDED_UNKNOWN, RELIABILITY_GRADES, TEMPORALS
from graphkit.sentences import MentionFinder
from graphkit.text import Suggestions, describe_character, did_you_mean, fold, name_key, squash_whitespace
from graphkit.vocab import Vocabulary, vocabulary

ID_PATTERN = re.compile(r"[a-z0-9]+(?:_[a-z0-9]+)*")
RELATION_ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
# Relation ids one per line, all well formed: only their characters, and each starting with a letter or digit.
# (Not one pattern repeated per line: the regular expression engine keeps a little per repeat, 140 MB for a million.)
_RELATION_ID_CHARACTERS = re.compile(r"[A-Za-z0-9_.\n-]*")
_BAD_RELATION_ID_START = re.compile(r"(?:^|\n)[^A-Za-z0-9]")
CREDIBILITY_GRADES = "123456"
# From a relations.csv this large (about 20,000 relations) a second process shares the
# checking (where a second core is free): below it, the fork costs more than it saves.
PARALLEL_FROM = 4_000_000
# A note's way of saying whom a quote's words refer to: 'the group' = the Taliban.
REFERENCE = re.compile(r"['‘]([^'‘’]+)['’]\s*=\s*([^;.()]+)")

REQUIRED = {
    "actors.csv": ("id", "name", "kind"),
    "relations.csv": ("id", "source", "target", "relation", "certainty", "source_doc", "quote"),
    "sources.csv": ("id", "path", "title"),
    "omissions.csv": ("source_doc", "quote", "reason"),
}


def check_dataset(
    dataset: Dataset, vocab: Vocabulary | None = None, *, unread: frozenset[str] = frozenset()
) -> list[Issue]:
    """Every problem in the dataset's records, sorted by file and line.

    `unread` names files whose rows could not (all) be read (a bad header, say): rows of
    other files are not looked up in them, so one broken file is one problem, not hundreds.
    """
    vocab = vocab or vocabulary()
    return _checked(dataset, vocab, unread, lambda: _actors_alone(dataset.actors, vocab), fork=False)


def _actors_alone(actors: tuple[Actor, ...], vocab: Vocabulary) -> tuple[list[Issue], MentionFinder]:
    """The checks of the actors by themselves, and the finder of their names, ready to search."""
    return [*_actors(actors, vocab), *_lookalikes(actors)], MentionFinder(actors).ready()


def _checked(
    dataset: Dataset,
    vocab: Vocabulary,
    unread: frozenset[str],
    actors_alone: Callable[[], tuple[list[Issue], MentionFinder]],
    *,
    fork: bool,
) -> list[Issue]:
    """`check_dataset`, given the work on the actors alone (perhaps done meanwhile in another process).

    With `fork`, the required fields, duplicate ids and the quotes' names are checked in a
    second process (`graphkit.parallel`) while this one runs the other checks: about half
    the work each.
    """
    issues, finder = actors_alone()
    checks = [
        lambda: _relations(dataset, vocab, unread),
        lambda: _sources(dataset),
        lambda: _quotes(dataset, unread),
    ]
    aside = [
        lambda: _required_fields(dataset),
        lambda: _duplicate_ids("actors.csv", dataset.actors),
        lambda: _duplicate_ids("relations.csv", dataset.relations),
        lambda: _duplicate_ids("sources.csv", dataset.sources),
    ]
    if "actors.csv" not in unread:  # names are how a quote refers to its actors
        aside.append(lambda: _parties_named(dataset, finder))
    found, more = side_by_side(lambda: _run(checks, "checking"), lambda: _run(aside), fork=fork)
    return sorted(set(issues + found + more))


def _run(checks: list[Callable[[], Iterable[Issue]]], desc: str | None = None) -> list[Issue]:
    """The issues of each check in turn (with a progress bar, if `desc` names one)."""
    issues: list[Issue] = []
    for check in progress(checks, desc=desc) if desc else checks:
        issues += check()
    return issues


def _required_fields(dataset: Dataset) -> Iterable[Issue]:
    tables = {
        "actors.csv": dataset.actors,
        "relations.csv": dataset.relations,
        "sources.csv": dataset.sources,
        "omissions.csv": dataset.omissions,
    }
    for file, records in tables.items():
        names = REQUIRED[file]
        if all(all(map(attrgetter(name), records)) for name in names):  # a column at a time: the usual answer
            continue
        required = attrgetter(*names)
        for record in records:
            values = required(record)
            if all(values):
                continue
            for name, value in zip(names, values, strict=True):
                if not value:
                    yield Issue(file, record.line, name, "empty-field", "is empty (this field is required)")


def _duplicate_ids(file: str, records: Sequence[Actor | Relation | Source]) -> Iterable[Issue]:
    values = list(map(attrgetter("id"), records))
    if len(set(values)) == len(values):  # one set for a million ids, the usual answer
        return
    first: dict[str, int] = {}
    for value, record in zip(values, records, strict=True):
        if not value:
            continue
        if value in first:
            yield Issue(
                file,
                record.line,
                "id",
                "duplicate-id",
                f"duplicate id '{value}' (first used on line {first[value]}; ids must be unique)",
            )
        else:
            first[value] = record.line


def _actors(actors: Iterable[Actor], vocab: Vocabulary) -> Iterable[Issue]:
    owner: dict[str, tuple[str, int]] = {}
    for actor in actors:
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
                    "id" if surface == actor.id else "name" if surface == actor.name else "aliases",
                    "duplicate-alias",
                    f"'{surface}' also names '{other}' (line {other_line}); a name or alias must belong to one actor",
                )
            else:
                owner.setdefault(key, (actor.id, actor.line))


def _lookalikes(actors: Iterable[Actor]) -> Iterable[Issue]:
    """Names that only look like another actor's (a Cyrillic Т in 'Тaliban'), and words mixing scripts.

    Two surfaces with the same UTS #39 skeleton render alike: a reader (or `show`) cannot
    tell which actor is meant. Exact duplicates are `_actors`' business.
    """
    owner: dict[str, tuple[Actor, str]] = {}  # skeleton key -> the first actor and surface with it
    for actor in actors:
        for field, surfaces in (("name", (actor.name,)), ("aliases", actor.aliases)):
            for surface in surfaces:
                mixed = mixed_script(surface)
                if mixed:
                    word, odd, position = mixed
                    yield Issue(
                        "actors.csv",
                        actor.line,
                        field,
                        "mixed-script",
                        f"'{word}' mixes scripts: {describe_character(odd)} at position {position} "
                        "(write each word in one script)",
                    )
        for surface in (actor.name, *actor.aliases):
            key = name_key(skeleton(surface))
            if not key:
                continue
            if key not in owner:
                owner[key] = (actor, surface)
                continue
            other, other_surface = owner[key]
            if other.id == actor.id or name_key(surface) == name_key(other_surface):
                continue  # the same actor's spellings, or an exact duplicate reported elsewhere
            # The issue goes to the odd spelling: the one with characters beyond ASCII, else the later one.
            impostor, plain = (actor, surface), (other, other_surface)
            if surface.isascii() and not other_surface.isascii():
                impostor, plain = plain, impostor
            yield _confusable(*impostor, *plain)


def _confusable(actor: Actor, surface: str, other: Actor, other_surface: str) -> Issue:
    return Issue(
        "actors.csv",
        actor.line,
        "name" if surface == actor.name else "aliases",
        "confusable-name",
        f"'{surface}' looks like '{other_surface}' of '{other.id}' (line {other.line}) but is spelt with "
        f"other characters{_odd_characters(surface, other_surface)}; use one spelling, for one actor",
    )


def _odd_characters(surface: str, other: str) -> str:
    """' (U+0422 CYRILLIC CAPITAL LETTER TE where 'T' is)': the first character where two lookalikes differ."""
    if len(surface) != len(other):
        return ""
    for mine, theirs in zip(surface, other, strict=True):
        if mine != theirs and mine.casefold() != theirs.casefold():
            return f" ({describe_character(mine)} where the other has '{theirs}')"
    return ""


def _snake(value: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", fold(value)).strip("_") or "actor_id"


def _relations(dataset: Dataset, vocab: Vocabulary, unread: frozenset[str] = frozenset()) -> Iterable[Issue]:
    relations = dataset.relations
    actor_ids = {a.id for a in dataset.actors}
    check_actors, check_sources = "actors.csv" not in unread, "sources.csv" not in unread
    source_ids = {s.id for s in dataset.sources}
    # Each distinct value is checked once, with set operations; only the rows holding a bad
    # one (few, or none) go through the row-by-row checks below, which word the issues.
    sources, targets = list(map(attrgetter("source"), relations)), list(map(attrgetter("target"), relations))
    unknown_actors = (set(sources) | set(targets)) - actor_ids - {""} if check_actors else set()
    unknown_sources = set(map(attrgetter("source_doc"), relations)) - source_ids - {""} if check_sources else set()
    bad = (
        unknown_actors
        | unknown_sources
        | (set(map(attrgetter("relation"), relations)) - set(vocab.relations) - {""})
        | (set(map(attrgetter("certainty"), relations)) - set(vocab.certainty) - {""})
        | (set(map(attrgetter("temporal"), relations)) - set(TEMPORALS) - {""})
        | (
            set(map(attrgetter("claimant"), relations)) - actor_ids - set(vocab.claimants) - {""}
            if check_actors
            else set()
        )
        | {
            c
            for c in set(map(attrgetter("credibility"), relations))
            if c and (len(c) != 1 or c not in CREDIBILITY_GRADES)
        }
    )
    dates = set(zip(map(attrgetter("start"), relations), map(attrgetter("end"), relations), strict=True))
    bad_dates = {pair for pair in dates if any(_dates(Relation("", "", "", "", *pair, "", "", "", ""), 0))}
    ids = [rel.id for rel in relations if rel.id]
    bad_ids = set() if _all_relation_ids(ids) else {i for i in ids if not RELATION_ID_PATTERN.fullmatch(i)}
    loops = set(map(id, compress(relations, map(eq, sources, targets))))
    if not (bad or bad_dates or bad_ids or loops):
        return
    # Every misspelt id first, so that all are matched against the choices in one batch.
    actor_hint = Suggestions(sorted(actor_ids)).did_you_mean(unknown_actors)
    source_hint = Suggestions(sorted(source_ids)).did_you_mean(unknown_sources)
    for rel in relations:
        if (
            id(rel) in loops
            or rel.id in bad_ids
            or (rel.start, rel.end) in bad_dates
            or not bad.isdisjoint(
                (rel.source, rel.target, rel.source_doc, rel.relation, rel.certainty, rel.temporal, rel.claimant)
            )
            or rel.credibility in bad
        ):
            yield from _relation_issues(rel, vocab, actor_ids, source_ids, actor_hint, source_hint, unread)


def _all_relation_ids(ids: list[str]) -> bool:
    """Whether every id is well formed: one regular expression over them all, for a million ids."""
    if not ids:
        return True
    joined = "\n".join(ids)
    if joined.count("\n") != len(ids) - 1:  # an id with a line break of its own
        return False
    return _RELATION_ID_CHARACTERS.fullmatch(joined) is not None and _BAD_RELATION_ID_START.search(joined) is None


def _relation_issues(
    rel: Relation,
    vocab: Vocabulary,
    actor_ids: set[str],
    source_ids: set[str],
    actor_hint: dict[str, str],
    source_hint: dict[str, str],
    unread: frozenset[str],
) -> Iterable[Issue]:
    """Everything wrong with one relation's own cells."""
    check_actors, check_sources = "actors.csv" not in unread, "sources.csv" not in unread
    relation_types, levels = vocab.relations, vocab.certainty
    file, line = "relations.csv", rel.line
    if rel.id and not RELATION_ID_PATTERN.fullmatch(rel.id):
        yield Issue(file, line, "id", "bad-id", f"'{rel.id}' has characters other than letters, digits, '_', '.', '-'")
    for field, value in (("source", rel.source), ("target", rel.target)):
        if value and check_actors and value not in actor_ids:
            yield Issue(file, line, field, "unknown-actor", f"unknown actor '{value}' ({actor_hint[value]})")
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
    if rel.source_doc and check_sources and rel.source_doc not in source_ids:
        yield Issue(
            file,
            line,
            "source_doc",
            "unknown-source",
            f"unknown source '{rel.source_doc}' ({source_hint[rel.source_doc]})",
        )
    if rel.temporal and rel.temporal not in TEMPORALS:
        yield Issue(
            file,
            line,
            "temporal",
            "bad-temporal",
            f"'{rel.temporal}' is neither {' nor '.join(TEMPORALS)} (leave it empty for the relation type's own)",
        )
    if check_actors and rel.claimant and rel.claimant not in actor_ids and rel.claimant not in vocab.claimants:
        choices = [*vocab.claimants, *actor_ids]
        yield Issue(
            file,
            line,
            "claimant",
            "unknown-claimant",
            f"unknown claimant '{rel.claimant}' (an actor id or one of {', '.join(vocab.claimants)}; "
            f"{did_you_mean(rel.claimant, choices)})",
        )
    if rel.credibility and (len(rel.credibility) != 1 or rel.credibility not in CREDIBILITY_GRADES):
        yield Issue(
            file,
            line,
            "credibility",
            "bad-credibility",
            f"'{rel.credibility}' is not a credibility grade (use one digit 1-6, or leave empty)",
        )
    if rel.start or rel.end:
        yield from _dates(rel)


def _dates(rel: Relation, line: int | None = None) -> Iterable[Issue]:
    file, line = "relations.csv", rel.line if line is None else line
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


def _quotes(dataset: Dataset, unread: frozenset[str] = frozenset()) -> Iterable[Issue]:
    source_ids = {s.id for s in dataset.sources}
    source_hint = Suggestions(sorted(source_ids)).did_you_mean(
        {o.source_doc for o in dataset.omissions if o.source_doc and o.source_doc not in source_ids}
    )
    for record in dataset.omissions:
        if record.source_doc and "sources.csv" not in unread and record.source_doc not in source_ids:
            hint = source_hint[record.source_doc]
            yield Issue(
                "omissions.csv",
                record.line,
                "source_doc",
                "unknown-source",
                f"unknown source '{record.source_doc}' ({hint})",
            )
    quoted: dict[str, list[Relation | Omission]] = {}  # by source, in file order: relations, then omissions
    for records in (dataset.relations, dataset.omissions):
        # A source's relations mostly stand together: each run of them is filed at once.
        for source_id, run in groupby(records, attrgetter("source_doc")):
            quoted.setdefault(source_id, []).extend(filter(attrgetter("quote"), run))
    spanned = set()
    for spans in articles_by_document(dataset):  # one document's squashed text at a time
        for source_id, article in spans.items():
            spanned.add(source_id)
            at = article.start  # where the source's previous quote was found: the next is mostly a little further on
            for record in quoted.get(source_id, ()):
                found = _find_after(article, squashed(record.quote), at)
                if found >= 0:
                    at = found
                else:
                    yield _quote_missing(
                        "omissions.csv" if isinstance(record, Omission) else "relations.csv", record, article
                    )
    for source in dataset.sources:
        if source.starts_with and source.path in dataset.documents and source.id not in spanned:
            yield Issue(
                "sources.csv",
                source.line,
                "starts_with",
                "start-not-found",
                f"not found in {source.path} (copy the article's first words from the document)",
            )


def _quote_missing(file: str, record: Relation | Omission, article: Article) -> Issue:
    """Why a quote is not in its article: elsewhere in the document, or where it stops matching."""
    quote = squash_whitespace(record.quote)
    if quote in article.text:
        where = f"outside the article of source '{record.source_doc}'"
        return Issue(
            file,
            record.line,
            "quote",
            "quote-outside-article",
            f"found in {article.path}, but {where} (cite the article it is in)",
        )
    hint = _mismatch_hint(quote, article.text)
    return Issue(file, record.line, "quote", "quote-not-found", f"not found verbatim in {article.path} ({hint})")


def _find_after(article: Article, quote: str, at: int) -> int:
    """`article.find(quote)`'s answer to whether it is there (an offset, or -1), searching from `at` first.

    Quotes of one source mostly follow its text, so the search from the previous quote's
    offset ends soon; only then is the text before it searched, up to where a quote
    starting there would end. Both searches cover every offset of the article.
    """
    text, start, end = article.text, article.start, article.end
    found = text.find(quote, at, end)
    if found < 0 and at > start:
        found = text.find(quote, start, min(at + len(quote) - 1, end))
    return found


def _parties_named(dataset: Dataset, finder: MentionFinder) -> Iterable[Issue]:
    """A warning for each quote that names neither of its relation's actors (by id, name or alias).

    A quote should name or clearly refer to both parties. Where it refers to one by a
    pronoun or a description, the note says so as `'words of the quote' = actor` ("'the
    group' = the Taliban"), and that counts as naming it.
    """
    known = dataset.actors_by_id
    for rel in progress(dataset.relations, desc="quotes name their actors"):  # the longest check
        if not rel.quote or rel.source not in known or rel.target not in known:
            continue  # an unknown actor is an error of its own
        parties = (rel.source, rel.target)
        if finder.names_any(rel.quote, parties):
            continue
        if _referred(rel, finder).intersection(parties):
            continue
        yield Issue(
            "relations.csv",
            rel.line,
            "quote",
            "quote-names-neither",
            f"names neither '{rel.source}' nor '{rel.target}' (quote a span that names them, or say in the note "
            "whom it means: 'the group' = the Taliban)",
            severity="warning",
        )


def _referred(rel: Relation, finder: MentionFinder) -> set[str]:
    """The actors a note says the quote's words refer to (`'its ally' = Tajikistan`)."""
    quote = fold(rel.quote)
    found: set[str] = set()
    for words, named in REFERENCE.findall(rel.note):
        if re.search(rf"(?<!\w){re.escape(fold(words))}(?!\w)", quote):
            found.update(m.actor for m in finder.find(named))
    return found


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


def validate(
    path: str | os.PathLike | None = None, pending: Mapping[str, bytes] | None = None
) -> tuple[Dataset, list[Issue]]:
    """Read a dataset and check it: the records and every problem found.

    `pending`: files' new content, checked in place of what is on disk (see `read_dataset`).
    A large dataset is checked by two processes where a second core is free: the actors
    alone while the rest is read, then the checks in two halves (`_checked`).
    """
    with paused_gc():  # checking makes many small objects too (see paused_gc)
        directory, pending = resolve_data_dir(path), pending or {}
        vocab = vocabulary()
        fork = _large(directory, pending)
        actors, issues = read_actors(directory, pending.get("actors.csv"))
        with in_background(lambda: _actors_alone(actors, vocab), fork=fork) as actors_alone:
            dataset, more = read_beside(directory, actors, pending)
            issues += more
            unread = frozenset(issue.file for issue in issues if issue.code in UNREAD_CODES)
            return dataset, sorted(set(issues) | set(_checked(dataset, vocab, unread, actors_alone, fork=fork)))


def _large(directory: Path, pending: Mapping[str, bytes]) -> bool:
    """Whether the relations are many enough (PARALLEL_FROM bytes of them) for a second process to pay."""
    if "relations.csv" in pending:
        return len(pending["relations.csv"]) >= PARALLEL_FROM
    try:
        return (directory / "relations.csv").stat().st_size >= PARALLEL_FROM
    except OSError:  # missing: an issue of its own
        return False


def load(path: str | os.PathLike | None = None) -> Dataset:
    """A validated dataset (the bundled one by default); warnings do not stop it.

    Raises ValidationFailed listing every problem (warnings too) when the data is not valid.
    """
    dataset, issues = validate(path)
    if any(issue.is_error for issue in issues):
        raise ValidationFailed(issues)
    return dataset
