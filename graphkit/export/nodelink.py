"""Node-link JSON (the shape D3 and networkx's node_link_graph read) and reading it back."""

from __future__ import annotations

import json
import os
from pathlib import Path

import networkx as nx

from graphkit.errors import GraphkitError

_NODE_FIELDS = ("id",)
_LINK_FIELDS = ("source", "target", "key")


def render(H: nx.MultiDiGraph) -> str:
    """JSON text for a graph already flattened for "json".

    `{"directed": true, "multigraph": true, "graph": {...}, "nodes": [{"id": ..., attrs}],
    "links": [{"source": ..., "target": ..., "key": relation id, attrs}]}`: every attribute
    keeps its JSON type (aliases a list, polarity a number, directed a boolean, '' for
    missing), so `read_json` gives back the graph that was exported.
    """
    nodes = [_record(_NODE_FIELDS, (node,), data, f"node '{node}'") for node, data in H.nodes(data=True)]
    links = [
        _record(_LINK_FIELDS, (u, v, key), data, f"relation '{key}'")
        for u, v, key, data in H.edges(keys=True, data=True)
    ]
    payload = {"directed": True, "multigraph": True, "graph": dict(H.graph), "nodes": nodes, "links": links}
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def read_json(path: str | os.PathLike) -> nx.MultiDiGraph:
    """The graph in a file written by `export_graph(G, "json", path)`: same nodes, keys, attributes.

    Raises GraphkitError when the file cannot be read or is not such an export.
    """
    try:
        payload = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise GraphkitError(f"cannot read {path}: {exc.strerror or exc}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise GraphkitError(f"{path} is not a JSON file ({exc})") from None
    try:
        graph = nx.MultiDiGraph(**payload.get("graph", {}))
        for node in payload["nodes"]:
            attributes = dict(node)
            graph.add_node(attributes.pop("id"), **attributes)
        for link in payload["links"]:
            attributes = dict(link)
            source, target, key = (attributes.pop(field) for field in _LINK_FIELDS)
            if source not in graph or target not in graph:
                raise GraphkitError(f"{path}: relation '{key}' links an actor missing from its nodes")
            graph.add_edge(source, target, key=key, **attributes)
    except (KeyError, TypeError, AttributeError, ValueError) as exc:
        raise GraphkitError(f"{path} is not a graphkit JSON export (no {exc} where expected)") from None
    return graph


def _record(fields: tuple[str, ...], values: tuple, data: dict, where: str) -> dict:
    clash = sorted(set(fields) & set(data))
    if clash:
        raise GraphkitError(f"{where}: an attribute is called '{clash[0]}', which JSON export uses for structure")
    return {**dict(zip(fields, values, strict=True)), **data}
