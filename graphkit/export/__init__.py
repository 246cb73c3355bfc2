"""Exporting a graph for other tools: GEXF (Gephi), GraphML (Cytoscape, yEd, igraph), JSON (networkx, D3),
graphology JSON (Gephi Lite), CSV (spreadsheets), Cypher (Neo4j).

Every export goes the same way: `flatten` makes a copy whose attributes the format can carry,
a writer encodes it, and graphkit.files puts the file in place atomically. Outputs are
deterministic: nodes sorted by id, relations by relation id, no timestamps.

>>> import graphkit, tempfile, pathlib
>>> G = graphkit.build_graph(graphkit.load())
>>> out = export_graph(G, "json", pathlib.Path(tempfile.mkdtemp()) / "graph.json")
>>> read_json(out).number_of_edges() == G.number_of_edges()
True
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path

import networkx as nx

from graphkit import files
from graphkit.errors import GraphkitError, UsageError
from graphkit.export import cypher, gexf, graphml, nodelink, tables
from graphkit.export.flatten import FORMATS, LIST_SEPARATOR, flat_elements, flatten
from graphkit.export.nodelink import read_json
from graphkit.load import paused_gc

__all__ = [
    "FORMATS",
    "LIST_SEPARATOR",
    "SUFFIXES",
    "export_graph",
    "export_text",
    "flatten",
    "output_paths",
    "read_json",
]

SUFFIXES = {
    "gexf": ".gexf",
    "graphml": ".graphml",
    "json": ".json",
    "csv": ".csv",
    "cypher": ".cypher",
    "graphology": ".json",
}
"""The usual file suffix for each format (for a default output name)."""

_SINGLE_FILE: dict[str, Callable[[nx.MultiDiGraph], str]] = {  # GEXF comes in pieces (see `_pieces`)
    "graphml": graphml.render,
    "json": nodelink.render,
    "cypher": cypher.render,
    "graphology": nodelink.render_graphology,
}


def output_paths(fmt: str, target: str | os.PathLike) -> tuple[Path, ...]:
    """The files `export_graph(G, fmt, target)` writes.

    One file, `target`, for every format but CSV, which writes two tables beside it:
    `<stem>-nodes.csv` and `<stem>-edges.csv` (target `out/graph.csv` or `out/graph` ->
    `out/graph-nodes.csv` and `out/graph-edges.csv`).

    >>> [str(p) for p in output_paths("csv", "out/graph.csv")]
    ['out/graph-nodes.csv', 'out/graph-edges.csv']
    """
    _check_format(fmt)
    target = Path(target)
    if fmt == "csv":
        return tuple(target.with_name(f"{target.stem}-{table}.csv") for table in ("nodes", "edges"))
    return (target,)


def export_text(G: nx.MultiDiGraph, fmt: str) -> str:
    """The export as text, for printing to standard output; CSV, being two files, has none.

    Raises UsageError for CSV or an unknown format, GraphkitError for a graph that cannot be
    exported (see `flatten`).
    """
    _check_format(fmt)
    if fmt == "csv":
        raise UsageError("CSV export writes two files (nodes and edges); give an output file name")
    with paused_gc():
        return "".join(_pieces(G, fmt)[0])


def export_graph(G: nx.MultiDiGraph, fmt: str, target: str | os.PathLike) -> Path:
    """Write `G` in format `fmt` to `target` and return the path written (CSV: the nodes table).

    `G` is exported as given and never modified: to export with the query filters, pass a
    filtered copy, e.g. `nx.MultiDiGraph(graphkit.graph.filtered(G, edge_filter))`.
    Each file is written beside its target under a temporary name and moved into place
    only when complete (CSV's two tables are both made before either is written), so a
    failed export leaves no file (and an older file intact).

    Raises UsageError for an unknown format, GraphkitError for a graph that cannot be
    exported or a target that cannot be written.
    """
    paths = output_paths(fmt, target)
    for path in paths:
        if path.is_dir():
            raise GraphkitError(f"{path} is a directory; give a file name")
    with paused_gc():  # a copy of every attribute dict, then millions of strings (see paused_gc)
        try:
            for path, chunks in zip(paths, _pieces(G, fmt), strict=True):
                files.write_chunks(path, chunks)
        except OSError as exc:
            raise GraphkitError(f"cannot write {exc.filename or paths[0]}: {exc.strerror or exc}") from None
    return paths[0]


def _pieces(G: nx.MultiDiGraph, fmt: str) -> tuple[Iterable[str], ...]:
    """The text of each file of the export, in pieces to be written as they come."""
    if fmt == "gexf":  # made as it is written, from the flattened elements: no graph copy, no whole text
        return (gexf.chunks(flat_elements(G, fmt)),)
    flat = flatten(G, fmt)
    texts = tables.render(flat) if fmt == "csv" else (_SINGLE_FILE[fmt](flat),)
    return tuple([text] for text in texts)


def _check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise UsageError(f"unknown export format '{fmt}' (choose from {', '.join(FORMATS)})")
