"""Rendering results as text for people, or JSON and CSV for scripts.

`to_csv` is the one CSV writer: every CSV graphkit writes (export tables, the report's
centrality.csv, suggest, coverage, query commands) goes through it, so that no cell can
smuggle a spreadsheet formula in. The one exception it knows, `spreadsheet=False`, is for
files a database imports (neo4j-csv), where the guard would become part of the data.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Iterable, Sequence

from graphkit.text import UNSAFE_CHARACTER

FORMATS = ("text", "json", "csv")

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def to_json(payload: object) -> str:
    """Stable, human-diffable JSON (keys in insertion order, non-ASCII kept).

    Control, bidi and invisible characters are written as \\u escapes (the same data), so
    JSON shown on a terminal cannot drive it.

    >>> to_json("\u202e")
    '"\\\\u202e"\\n'
    """
    text = json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
    return UNSAFE_CHARACTER.sub(lambda m: json.dumps(m.group())[1:-1], text)


def to_csv(
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    float_format: str | None = None,
    spreadsheet: bool = True,
) -> str:
    """CSV text with a header row and Unix line ends, every cell made by `cell`.

    `float_format` (e.g. "%.6f") spells floats; without it they are written as Python writes them.
    `spreadsheet=False` writes text as it is, for a file a program imports rather than a person opens.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([cell(name, spreadsheet=spreadsheet) for name in header])
    writer.writerows([cell(value, float_format, spreadsheet) for value in row] for row in rows)
    return buffer.getvalue()


def neutralise(text: str) -> str:
    """A text cell a spreadsheet shows as text instead of evaluating: a leading `'` if needed.

    Cells starting with = + - @ tab or CR are formulas to Excel, LibreOffice and Google Sheets;
    the quote makes them text and spreadsheets hide it.

    >>> neutralise('=HYPERLINK("http://x")'), neutralise("-cmd"), neutralise("Kabul")
    ('\\'=HYPERLINK("http://x")', "'-cmd", 'Kabul')
    """
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def cell(value: object, float_format: str | None = None, spreadsheet: bool = True) -> str:
    """One CSV cell. Whether it is neutralised is decided by the value's type, not its text:
    numbers and booleans are written plainly (polarity -1 or a centrality of -0.5 is a number a
    spreadsheet reads as such, not a formula); only text can smuggle a formula in. None and
    NaN are empty cells; booleans are `true`/`false`.

    >>> cell(-1), cell(-0.5), cell(True), cell("-1"), cell("2024-03"), cell(None), cell(0.25, "%.3f")
    ('-1', '-0.5', 'true', "'-1", '2024-03', '', '0.250')
    >>> cell(("ja001", "td002"))
    'ja001|td002'
    """
    if isinstance(value, str):
        return neutralise(value) if spreadsheet else value
    if isinstance(value, (list, tuple)):  # ids, aliases: `|`-joined, as the exports join lists
        return cell("|".join(map(str, value)), float_format, spreadsheet)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return float_format % value if float_format else str(value)
    return str(value)


def data_rows(rows: Iterable[Sequence[str]], newline: str = "\n") -> str:
    """Rows for a dataset's own CSV files (actors.csv, relations.csv ...): cells exactly as they are.

    No spreadsheet guard: these cells are the data, and a `'` would become part of a quote or
    a name. `newline` follows the file's own line ends (CRLF in a file a spreadsheet saved).
    """
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator=newline).writerows(rows)
    return buffer.getvalue()
