"""Exporting a graph for other tools: GEXF (Gephi), GraphML (Cytoscape, yEd, igraph), JSON (networkx, D3),
graphology JSON (Gephi Lite), CSV (spreadsheets), Cypher (Neo4j, FalkorDB), neo4j-admin import CSV.

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

import contextlib
import os
from collections.abc import Callable, Iterable
from pathlib import Path

import networkx as nx

from graphkit import files
from graphkit.errors import UsageError
from graphkit.export import cypher, gexf, graphml, neo4j_csv, nodelink, tables
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
    "neo4j-csv": ".csv",
}
"""The usual file suffix for each format (for a default output name)."""

_SINGLE_FILE: dict[str, Callable[[nx.MultiDiGraph], str]] = {  # GEXF comes in pieces, Cypher has an option
    "graphml": graphml.render,
    "json": nodelink.render,
    "graphology": nodelink.render_graphology,
}
_TWO_FILES: dict[str, tuple[Callable[[nx.MultiDiGraph], tuple[str, str]], tuple[str, str]]] = {
    "csv": (tables.render, ("nodes", "edges")),
    "neo4j-csv": (neo4j_csv.render, ("nodes", "relationships")),
}


def output_paths(fmt: str, target: str | os.PathLike) -> tuple[Path, ...]:
    """The files `export_graph(G, fmt, target)` writes.

    One file, `target`, for every format but CSV and neo4j-csv, which write two tables beside
    it: `<stem>-nodes.csv` and `<stem>-edges.csv` (neo4j-csv: `<stem>-relationships.csv`);
    target `out/graph.csv` or `out/graph` -> `out/graph-nodes.csv` and `out/graph-edges.csv`.

    >>> [str(p) for p in output_paths("csv", "out/graph.csv")]
    ['out/graph-nodes.csv', 'out/graph-edges.csv']
    """
    _check_format(fmt)
    target = Path(target)
    if fmt in _TWO_FILES:
        return tuple(target.with_name(f"{target.stem}-{table}.csv") for table in _TWO_FILES[fmt][1])
    return (target,)


def export_text(G: nx.MultiDiGraph, fmt: str, neo4j: bool = False) -> str:
    """The export as text, for printing to standard output; CSV and neo4j-csv, being two files, have none.

    Raises UsageError for CSV, neo4j-csv, an unknown format or `neo4j` with a format other
    than Cypher; GraphkitError for a graph that cannot be exported (see `flatten`).
    """
    _check_format(fmt, neo4j)
    if fmt in _TWO_FILES:
        files_ = " and ".join(_TWO_FILES[fmt][1])
        raise UsageError(f"{fmt} export writes two files ({files_}); give an output file name")
    with paused_gc():
        return "".join(_pieces(G, fmt, neo4j)[0])


def export_graph(G: nx.MultiDiGraph, fmt: str, target: str | os.PathLike, neo4j: bool = False) -> Path:
    """Write `G` in format `fmt` to `target` and return the path written (CSV: the nodes table).

    `neo4j` (Cypher only) adds Neo4j's uniqueness constraint on actor id to the script.

    `G` is exported as given and never modified: to export with the query filters, pass a
    filtered copy, e.g. `nx.MultiDiGraph(graphkit.graph.filtered(G, edge_filter))`.
    Each file is written beside its target under a temporary name and moved into place
    only when complete (CSV's two tables are made first, then switched in together), so a
    failed export leaves no new file and the older files intact.

    Raises UsageError for an unknown format, GraphkitError for a graph that cannot be
    exported or a target that cannot be written.
    """
    _check_format(fmt, neo4j)
    paths = output_paths(fmt, target)
    for path in paths:
        files.target_of(path)  # a directory, device or FIFO there is refused before any work
    # CSV's tables are made in a staging folder and switched in together (see graphkit.files).
    single = len(paths) == 1
    together = contextlib.nullcontext() if single else files.staged(paths[0].parent, whole=False, named=paths[0])
    with paused_gc(), together:  # a copy of every attribute dict, then millions of strings (see paused_gc)
        for path, chunks in zip(paths, _pieces(G, fmt, neo4j), strict=True):
            files.write_chunks(path, chunks)
    return paths[0]


def _pieces(G: nx.MultiDiGraph, fmt: str, neo4j: bool = False) -> tuple[Iterable[str], ...]:
    """The text of each file of the export, in pieces to be written as they come."""
    if fmt == "gexf":  # made as it is written, from the flattened elements: no graph copy, no whole text
        return (gexf.chunks(flat_elements(G, fmt)),)
    flat = flatten(G, fmt)
    if fmt in _TWO_FILES:
        texts = _TWO_FILES[fmt][0](flat)
    elif fmt == "cypher":
        texts = (cypher.render(flat, neo4j=neo4j),)
    else:
        texts = (_SINGLE_FILE[fmt](flat),)
    return tuple([text] for text in texts)


def _check_format(fmt: str, neo4j: bool = False) -> None:
    if fmt not in FORMATS:
        raise UsageError(f"unknown export format '{fmt}' (choose from {', '.join(FORMATS)})")
    if neo4j and fmt != "cypher":
        raise UsageError(f"--neo4j applies to the cypher format only, not {fmt}")
