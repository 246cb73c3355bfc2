"""Two CSV tables, nodes and edges, that spreadsheets open without running anything."""

from __future__ import annotations

import networkx as nx

from graphkit.errors import GraphkitError
from graphkit.export.flatten import columns
from graphkit.output import to_csv

NODE_FIELDS = ("id",)
EDGE_FIELDS = ("id", "source", "target")


def render(H: nx.MultiDiGraph) -> tuple[str, str]:
    """(nodes CSV, edges CSV) for a graph already flattened for "csv".

    Nodes: `id` then every node attribute; edges: `id` (the relation id), `source`, `target`,
    then every edge attribute. Lists are `|`-joined, '' is an empty cell, booleans are
    `true`/`false`; UTF-8 without BOM, Unix line ends. Cells come from graphkit.output's one
    CSV writer, which neutralises text that a spreadsheet would run as a formula.
    """
    nodes = _table(NODE_FIELDS, [((node,), data) for node, data in H.nodes(data=True)], "node")
    edges = _table(EDGE_FIELDS, [((key, u, v), data) for u, v, key, data in H.edges(keys=True, data=True)], "edge")
    return nodes, edges


def _table(fields: tuple[str, ...], rows: list[tuple[tuple, dict]], what: str) -> str:
    names = columns(data for _, data in rows)
    clash = sorted(set(fields) & set(names))
    if clash:
        raise GraphkitError(f"a {what} attribute is called '{clash[0]}', which CSV export uses for structure")
    return to_csv(fields + tuple(names), ([*values, *(data.get(name, "") for name in names)] for values, data in rows))
