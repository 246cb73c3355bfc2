"""GraphML for Cytoscape, yEd and igraph, with every attribute and every parallel relation."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import networkx as nx

from graphkit.errors import GraphkitError
from graphkit.export.flatten import as_text, column_type, columns

NAMESPACE = "http://graphml.graphdrawing.org/xmlns"
RELATION_ID = "relation_id"
"""The edge attribute that repeats the relation id, for readers (igraph) that drop edge ids."""

_XSI = "http://www.w3.org/2001/XMLSchema-instance"
_TYPES = {"bool": "boolean", "int": "long", "float": "double", "str": "string"}


def render(H: nx.MultiDiGraph) -> str:
    """GraphML text for a graph already flattened for "graphml".

    Written here rather than by networkx's writer, which spells booleans `True` (not valid
    xs:boolean), escapes every non-ASCII character and lists keys backwards. Each relation is
    an <edge> whose id is the relation id, repeated as the `relation_id` attribute; symmetric
    relations keep the direction they were written in, with `directed` false (a per-edge
    `directed="false"` would make networkx's own reader refuse the file).
    """
    root = ET.Element(
        "graphml",
        {
            "xmlns": NAMESPACE,
            "xmlns:xsi": _XSI,
            "xsi:schemaLocation": f"{NAMESPACE} {NAMESPACE}/1.0/graphml.xsd",
        },
    )
    edge_data = [data for *_, data in H.edges(keys=True, data=True)]
    if any(RELATION_ID in data for data in edge_data):
        raise GraphkitError(f"an edge attribute is called '{RELATION_ID}', which GraphML export uses for the id")
    graph_keys = _declare(root, "graph", [H.graph])
    node_keys = _declare(root, "node", [data for _, data in H.nodes(data=True)])
    edge_keys = _declare(root, "edge", [{RELATION_ID: key} for *_, key in H.edges(keys=True)] + edge_data)

    graph = ET.SubElement(root, "graph", {"id": "G", "edgedefault": "directed"})
    _data(graph, H.graph, graph_keys)
    for node, data in H.nodes(data=True):
        _data(ET.SubElement(graph, "node", {"id": node}), data, node_keys)
    for u, v, key, data in H.edges(keys=True, data=True):
        element = ET.SubElement(graph, "edge", {"id": key, "source": u, "target": v})
        _data(element, {RELATION_ID: key, **data}, edge_keys)

    ET.indent(root, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _declare(root: ET.Element, domain: str, attribute_dicts: list[dict]) -> dict[str, str]:
    """One <key> per attribute of nodes, edges or the graph; returns name -> key id."""
    keys = {}
    for name in columns(attribute_dicts):
        kind = column_type(d[name] for d in attribute_dicts if name in d)
        keys[name] = f"{domain}_{name}"
        attrs = {"id": keys[name], "for": domain, "attr.name": name, "attr.type": _TYPES[kind]}
        ET.SubElement(root, "key", attrs)
    return keys


def _data(element: ET.Element, data: dict, keys: dict[str, str]) -> None:
    for name, value in data.items():
        ET.SubElement(element, "data", {"key": keys[name]}).text = as_text(value)
