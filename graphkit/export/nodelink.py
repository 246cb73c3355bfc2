"""Graphs as JSON: node-link (networkx's node_link_graph, D3), graphology's format (Gephi Lite), and reading back."""

from __future__ import annotations

import json
import os
from pathlib import Path

import networkx as nx

from graphkit.errors import GraphkitError
from graphkit.vocab import vocabulary

_NODE_FIELDS = ("id",)
_LINK_FIELDS = ("source", "target", "key")
EDGES = "edges"
"""Where node-link JSON keeps the relations: networkx 3.6's `node_link_graph` looks there by default."""
_OLD_EDGES = "links"  # what graphkit (and networkx before 3.6) wrote: still read


def render(H: nx.MultiDiGraph) -> str:
    """Node-link JSON text for a graph already flattened for "json".

    `{"directed": true, "multigraph": true, "graph": {...}, "nodes": [{"id": ..., attrs}],
    "edges": [{"source": ..., "target": ..., "key": relation id, attrs}]}`: what networkx's
    `node_link_data` writes, so `nx.node_link_graph(data)` reads it with its defaults. Every
    attribute keeps its JSON type (aliases a list, polarity a number, directed a boolean, ''
    for missing), so `read_json` gives back the graph that was exported.
    """
    nodes = [_record(_NODE_FIELDS, (node,), data, f"node '{node}'") for node, data in H.nodes(data=True)]
    edges = [
        _record(_LINK_FIELDS, (u, v, key), data, f"relation '{key}'")
        for u, v, key, data in H.edges(keys=True, data=True)
    ]
    payload = {"directed": True, "multigraph": True, "graph": dict(H.graph), "nodes": nodes, EDGES: edges}
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def render_graphology(H: nx.MultiDiGraph) -> str:
    """graphology's serialization, for a graph already flattened for "graphology": what `Graph.from` takes.

    `{"attributes": {...}, "options": {"type": "mixed", "multi": true, "allowSelfLoops": true},
    "nodes": [{"key": id, "attributes": {"label": name, ...}}], "edges": [{"key": relation id,
    "source", "target", "attributes": {"label": the relation in words, ...}, "undirected": true
    for a symmetric relation}]}`. Gephi Lite opens it as a .json file. Attributes are as in
    GEXF (lists `|`-joined, no empty values), plus the `label` Gephi Lite shows.
    """
    words = vocabulary().relations
    nodes = []
    for node, data in H.nodes(data=True):
        _no_clash(data, ("label",), f"node '{node}'")
        nodes.append({"key": node, "attributes": {"label": data.get("name", node), **data}})
    edges = []
    for u, v, key, data in H.edges(keys=True, data=True):
        _no_clash(data, ("label",), f"relation '{key}'")
        relation = data.get("relation", "")
        label = words[relation].label if relation in words else relation
        edge = {"key": key, "source": u, "target": v, "attributes": {"label": label, **data} if label else data}
        if data.get("directed") is False:
            edge["undirected"] = True
        edges.append(edge)
    payload = {
        "attributes": dict(H.graph),
        "options": {"type": "mixed", "multi": True, "allowSelfLoops": True},
        "nodes": nodes,
        "edges": edges,
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def read_json(path: str | os.PathLike) -> nx.MultiDiGraph:
    """The graph in a file written by `export_graph(G, "json", path)`: same nodes, keys, attributes.

    Reads older exports too, which kept the relations under "links".
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
        for link in payload[EDGES if EDGES in payload or _OLD_EDGES not in payload else _OLD_EDGES]:
            attributes = dict(link)
            source, target, key = (attributes.pop(field) for field in _LINK_FIELDS)
            if source not in graph or target not in graph:
                raise GraphkitError(f"{path}: relation '{key}' links an actor missing from its nodes")
            graph.add_edge(source, target, key=key, **attributes)
    except (KeyError, TypeError, AttributeError, ValueError) as exc:
        raise GraphkitError(f"{path} is not a graphkit JSON export (no {exc} where expected)") from None
    return graph


def _record(fields: tuple[str, ...], values: tuple, data: dict, where: str) -> dict:
    _no_clash(data, fields, where)
    return {**dict(zip(fields, values, strict=True)), **data}


def _no_clash(data: dict, fields: tuple[str, ...], where: str) -> None:
    clash = sorted(set(fields) & set(data))
    if clash:
        raise GraphkitError(f"{where}: an attribute is called '{clash[0]}', which JSON export uses for structure")
