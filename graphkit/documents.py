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
        position = self.text.find(squash_whitespace(quote), self.start, self.end)
        return position


def articles(dataset: Dataset) -> dict[str, Article]:
    """Every source whose document loaded, with its article span.

    A document listed once spans the whole file. A file listed by several sources is
    cut at each source's `starts_with`; an article runs to the next one. A source whose
    `starts_with` is not in the text is left out (validation reports it).
    """
    squashed = {path: squash_whitespace(text) for path, text in dataset.documents.items()}
    starts: dict[str, int] = {}
    for source in dataset.sources:
        text = squashed.get(source.path)
        if text is None:
            continue
        marker = squash_whitespace(source.starts_with)
        position = text.find(marker) if marker else 0
        if position >= 0:
            starts[source.id] = position
    result = {}
    for source in dataset.sources:
        if source.id not in starts:
            continue
        start = starts[source.id]
        later = [
            starts[s.id] for s in dataset.sources if s.path == source.path and s.id in starts and starts[s.id] > start
        ]
        text = squashed[source.path]
        result[source.id] = Article(source.id, source.path, text, start, min(later, default=len(text)))
    return result
