"""Rendering results as text for people, or JSON and CSV for scripts."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence

FORMATS = ("text", "json", "csv")


def to_json(payload: object) -> str:
    """Stable, human-diffable JSON (keys in insertion order, non-ASCII kept)."""
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def to_csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """CSV text with a header row and Unix line ends."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()
