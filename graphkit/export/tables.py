"""Two CSV tables, nodes and edges, that spreadsheets open without running anything."""

from __future__ import annotations

import csv
import io

import networkx as nx

from graphkit.errors import GraphkitError
from graphkit.export.flatten import as_text, columns

NODE_FIELDS = ("id",)
EDGE_FIELDS = ("id", "source", "target")
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """A text cell a spreadsheet shows as text instead of evaluating: a leading `'` if needed.

    Cells starting with = + - @ tab or CR are formulas to Excel, LibreOffice and Google Sheets;
    the quote makes them text and spreadsheets hide it.

    >>> neutralise('=HYPERLINK("http://x")'), neutralise("-cmd"), neutralise("Kabul")
    ('\\'=HYPERLINK("http://x")', "'-cmd", 'Kabul')
    """
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def cell(value: object) -> str:
    """One CSV cell. Numbers and booleans are written plainly and never quoted: polarity -1 is a
    number a spreadsheet reads as -1, not a formula; only text can smuggle a formula in.

    >>> cell(-1), cell(True), cell("-1"), cell("2024-03")
    ('-1', 'true', "'-1", '2024-03')
    """
    if isinstance(value, str):
        return neutralise(value)
    return as_text(value)


def render(H: nx.MultiDiGraph) -> tuple[str, str]:
    """(nodes CSV, edges CSV) for a graph already flattened for "csv".

    Nodes: `id` then every node attribute; edges: `id` (the relation id), `source`, `target`,
    then every edge attribute. Lists are `|`-joined, '' is an empty cell, booleans are
    `true`/`false`; UTF-8 without BOM, Unix line ends.
    """
    nodes = _table(NODE_FIELDS, [((node,), data) for node, data in H.nodes(data=True)], "node")
    edges = _table(EDGE_FIELDS, [((key, u, v), data) for u, v, key, data in H.edges(keys=True, data=True)], "edge")
    return nodes, edges


def _table(fields: tuple[str, ...], rows: list[tuple[tuple, dict]], what: str) -> str:
    names = columns(data for _, data in rows)
    clash = sorted(set(fields) & set(names))
    if clash:
        raise GraphkitError(f"a {what} attribute is called '{clash[0]}', which CSV export uses for structure")
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(fields + tuple(names))
    for values, data in rows:
        writer.writerow([cell(v) for v in values] + [cell(data.get(name, "")) for name in names])
    return buffer.getvalue()
