"""Source documents in the form quotes are matched in, and each article's span."""

from __future__ import annotations

from dataclasses import dataclass

from graphkit.model import Dataset
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
    """Every source whose document loaded, with its article span.

    A document listed once spans the whole file. A file listed by several sources is
    cut at each source's `starts_with`; an article runs to the next one. A source whose
    `starts_with` is not in the text is left out (validation reports it).
    """
    documents = {path: squash_whitespace(text) for path, text in dataset.documents.items()}
    starts: dict[str, int] = {}
    by_path: dict[str, list[int]] = {}  # where the articles of each document start
    for source in dataset.sources:
        text = documents.get(source.path)
        if text is None:
            continue
        marker = squash_whitespace(source.starts_with)
        position = text.find(marker) if marker else 0
        if position >= 0:
            starts[source.id] = position
            by_path.setdefault(source.path, []).append(position)
    result = {}
    for source in dataset.sources:
        if source.id not in starts:
            continue
        start = starts[source.id]
        later = [position for position in by_path[source.path] if position > start]
        text = documents[source.path]
        result[source.id] = Article(source.id, source.path, text, start, min(later, default=len(text)))
    return result
