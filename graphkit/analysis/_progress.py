"""A progress bar for long analysis work: on stderr, and only when a person is watching it."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")


def progress(items: Iterable[T], *, desc: str, total: int | None = None) -> Iterator[T]:
    """Iterate over `items`, drawing a tqdm bar on stderr when stderr is a terminal (never in pipes or tests)."""
    from tqdm import tqdm

    yield from tqdm(items, desc=desc, total=total, file=sys.stderr, disable=not sys.stderr.isatty(), leave=False)
