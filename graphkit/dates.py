"""Partial ISO dates (2025, 2025-07, 2025-07-03) and the days they cover."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

DATE_PATTERN = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")  # ASCII digits only


@lru_cache(maxsize=65536)  # a dataset has few distinct dates and many relations: parse each once
def date_bounds(value: str) -> tuple[dt.date, dt.date]:
    """The first and last day a partial ISO date (2025, 2025-07, 2025-07-03) covers.

    Raises ValueError for malformed or impossible dates.
    """
    match = DATE_PATTERN.fullmatch(value)
    if not match:
        raise ValueError(value)
    year, month, day = (int(g) if g else None for g in match.groups())
    if month is None:
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    if day is None:
        first = dt.date(year, month, 1)
        following = dt.date(year + month // 12, month % 12 + 1, 1)
        return first, following - dt.timedelta(days=1)
    day_date = dt.date(year, month, day)
    return day_date, day_date
