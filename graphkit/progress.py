"""Progress bars for long work: on stderr, and only when a person is watching it.

One rule for every step of `graphkit build` (reading and checking the data, building the
graph, the report's analyses, the explorer's layout, writing): a tqdm bar on stderr when
stderr is a terminal, nothing in pipes, files or tests. Bars vanish when their step ends.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TypeVar

T = TypeVar("T")


def watched() -> bool:
    """Whether a person may be watching: stderr is a terminal."""
    return sys.stderr.isatty()


def _bar(desc: str, total: int | None, items: Iterable | None = None):
    from tqdm import tqdm

    # No monitor thread (it only tunes bars that stall): a process with a thread of its own
    # cannot safely fork, and checking forks (graphkit.parallel).
    tqdm.monitor_interval = 0
    return tqdm(items, desc=desc, total=total, file=sys.stderr, disable=not watched(), leave=False)


def progress(items: Iterable[T], *, desc: str, total: int | None = None) -> Iterator[T]:
    """Iterate over `items`, drawing a bar on stderr when stderr is a terminal."""
    yield from _bar(desc, total, items)


@contextmanager
def steps(desc: str, total: int) -> Iterator[Callable[[], None]]:
    """A bar over the `total` steps of one job that is not a loop: call what it gives after each step.

    >>> with steps("explorer", 2) as done:
    ...     for part in ("layout", "page"):
    ...         done()
    """
    bar = _bar(desc, total)

    def done() -> None:
        bar.update()

    try:
        yield done
    finally:
        bar.close()
