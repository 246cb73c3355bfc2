"""How completely a dataset's relations cover its documents.

A sentence that names two or more actors is a candidate relation. It is curated when
some relation quotes (part of) it, left out when omissions.csv records why it holds
no relation, and otherwise still to do: what a curator reads next.
"""

from __future__ import annotations

import bisect
import itertools
from dataclasses import dataclass, field

from graphkit.documents import articles
from graphkit.errors import UsageError
from graphkit.model import Dataset
from graphkit.sentences import MentionFinder, Sentence, split_sentences
from graphkit.text import did_you_mean, fold, squash_whitespace


@dataclass(frozen=True)
class Candidate:
    """A sentence naming several actors, with the actors in text order."""

    source_doc: str
    sentence: str
    actors: tuple[str, ...]
    curated: bool
    omitted: str = ""  # the reason, when the curator left it out on purpose

    @property
    def status(self) -> str:
        return "curated" if self.curated else "left out" if self.omitted else "to do"


@dataclass
class SourceCoverage:
    source_doc: str
    path: str
    sentences: int = 0
    quoted: int = 0
    candidates: list[Candidate] = field(default_factory=list)

    @property
    def multi_actor(self) -> int:
        return len(self.candidates)

    @property
    def curated(self) -> int:
        return sum(c.curated for c in self.candidates)

    @property
    def omitted(self) -> int:
        return sum(bool(c.omitted) and not c.curated for c in self.candidates)

    @property
    def percent(self) -> float:
        return 100.0 * self.curated / self.multi_actor if self.multi_actor else 100.0

    def summary(self) -> str:
        todo = self.multi_actor - self.curated - self.omitted
        return (
            f"{self.curated} of {self.multi_actor} two-actor sentences curated ({self.percent:.0f} %), "
            f"{self.omitted} left out on purpose, {todo} to do"
        )


@dataclass
class Coverage:
    sources: list[SourceCoverage]
    unused_names: list[tuple[str, str]]  # (actor id, name or alias found in no document)


def coverage(dataset: Dataset, source_ids: list[str] | None = None) -> Coverage:
    """Per-source sentence coverage, and names of actors that no document uses."""
    spans = articles(dataset)
    for source_id in source_ids or []:
        if source_id not in spans:
            raise UsageError(f"unknown source '{source_id}' ({did_you_mean(source_id, spans)})")
    finder = MentionFinder(dataset.actors)
    sentences_by_path = {path: split_sentences(text) for path, text in dataset.documents.items()}
    quotes_by_source: dict[str, list[str]] = {}
    for rel in dataset.relations:
        quotes_by_source.setdefault(rel.source_doc, []).append(squash_whitespace(rel.quote))
    omissions_by_source: dict[str, list[tuple[str, str]]] = {}
    for omission in dataset.omissions:
        omissions_by_source.setdefault(omission.source_doc, []).append(
            (squash_whitespace(omission.quote), omission.reason)
        )

    used_forms: set[tuple[str, str]] = set()
    folded: dict[str, str] = {}  # surface -> fold(surface): the same few names recur in every document
    results = []
    for source_id, article in spans.items():
        result = SourceCoverage(source_id, article.path)
        quoted = _SpanIndex(_quote_spans(article.text, article.start, article.end, quotes_by_source.get(source_id, [])))
        omitted_spans = [
            (span, reason)
            for quote, reason in omissions_by_source.get(source_id, [])
            for span in _quote_spans(article.text, article.start, article.end, [quote])
        ]
        for sentence in sentences_by_path[article.path]:
            if not article.start <= sentence.start < article.end:
                continue
            result.sentences += 1
            curated = quoted.overlaps(sentence)
            result.quoted += curated
            mentions = finder.find(sentence.text)
            for m in mentions:
                if m.surface not in folded:
                    folded[m.surface] = fold(m.surface)
                used_forms.add((m.actor, folded[m.surface]))
            actors = tuple(dict.fromkeys(m.actor for m in mentions))
            if len(actors) >= 2:
                reason = next((r for span, r in omitted_spans if _overlaps(sentence, span)), "")
                result.candidates.append(Candidate(source_id, sentence.text, actors, curated, reason))
        if not source_ids or source_id in source_ids:
            results.append(result)
    unused = [
        (actor.id, surface)
        for actor in sorted(dataset.actors, key=lambda a: a.id)
        for surface in (actor.name, *actor.aliases)
        if (actor.id, fold(surface)) not in used_forms
    ]
    return Coverage(results, unused)


def _quote_spans(text: str, start: int, end: int, quotes: list[str]) -> list[tuple[int, int]]:
    spans = []
    for quote in quotes:
        position = text.find(quote, start, end)
        while quote and position >= 0:
            spans.append((position, position + len(quote)))
            position = text.find(quote, position + 1, end)
    return spans


def _overlaps(sentence: Sentence, span: tuple[int, int]) -> bool:
    return span[0] < sentence.end and sentence.start < span[1]


class _SpanIndex:
    """Whether any of many spans overlaps a sentence, in O(log n) instead of a scan of every span."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        spans = sorted(spans)
        self.starts = [start for start, _ in spans]
        self.reach = list(itertools.accumulate((end for _, end in spans), max))  # furthest end so far

    def overlaps(self, sentence: Sentence) -> bool:
        # Spans starting before the sentence ends overlap it if one of them ends after it starts.
        before = bisect.bisect_left(self.starts, sentence.end)
        return before > 0 and self.reach[before - 1] > sentence.start
