"""Source documents in the form quotes are matched in, and each article's span."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from graphkit.model import Dataset, Source
from graphkit.text import squash_whitespace


@dataclass(frozen=True)
class Article:
    """A source's text: its document (whitespace-squashed) and where in it the article lies."""

    source_id: str
    path: str
    text: str
    start: int
    end: int

    def find(self, quote: str) -> int:
        """Offset of a quote inside this article (whitespace-insensitive), or -1."""
        return self.text.find(squashed(quote), self.start, self.end)


def squashed(text: str) -> str:
    """`squash_whitespace(text)`, skipping the work for text that is already squashed, as quotes mostly are.

    Every whitespace character but the plain space is unprintable, so printable text with
    no double space and no space at either end has nothing to squash.
    """
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    return squash_whitespace(text)


def articles(dataset: Dataset) -> dict[str, Article]:
    """Every source whose document loaded, with its article span, in the order of sources.csv.

    A document listed once spans the whole file. A file listed by several sources is
    cut at each source's `starts_with`; an article runs to the next one. A source whose
    `starts_with` is not in the text is left out (validation reports it).
    """
    found = {source_id: article for spans in articles_by_document(dataset) for source_id, article in spans.items()}
    return {source.id: found[source.id] for source in dataset.sources if source.id in found}


def articles_by_document(dataset: Dataset) -> Iterator[dict[str, Article]]:
    """`articles`, one document at a time: a caller that is done with one lets its squashed text go.

    At a million relations the documents' squashed copies took 220 MB when made all at once.
    """
    sources_by_path: dict[str, list[Source]] = {}
    for source in dataset.sources:
        if source.path in dataset.documents:
            sources_by_path.setdefault(source.path, []).append(source)
    for path, sources in sources_by_path.items():
        text = squash_whitespace(dataset.documents[path])
        starts: dict[str, int] = {}
        positions = []  # where the articles of this document start
        for source in sources:
            marker = squash_whitespace(source.starts_with)
            position = text.find(marker) if marker else 0
            if position >= 0:
                starts[source.id] = position
                positions.append(position)
        spans = {}
        for source_id, start in starts.items():
            later = [position for position in positions if position > start]
            spans[source_id] = Article(source_id, path, text, start, min(later, default=len(text)))
        yield spans
