"""Attribute values every export writer can carry: flattened once, on a copy.

networkx's XML writers crash on None and lists and write ill-formed XML when a value holds a
control character; Gephi, Cytoscape and spreadsheets each want lists spelled differently.
`flatten` settles all of that in one place so that each writer only encodes.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from operator import itemgetter

import networkx as nx

from graphkit.errors import GraphkitError, UsageError
from graphkit.graph import relation_tuples

FORMATS = ("gexf", "graphml", "json", "csv", "cypher", "graphology", "neo4j-csv")

LIST_SEPARATOR = "|"
"""How lists (an actor's aliases) are joined in formats without lists; aliases never contain it."""

_KEEP_LISTS = frozenset({"json", "cypher", "neo4j-csv"})
_DROP_EMPTY = frozenset({"gexf", "graphml", "cypher", "graphology", "neo4j-csv"})

# Characters XML 1.0 cannot carry (C0 controls other than tab and line feed, lone surrogates,
# U+FFFE/U+FFFF) and DEL, which the dataset loader rejects too.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_NOT_NMTOKEN = re.compile(r"[^A-Za-z0-9_.\-]")


def clean_text(text: str) -> str:
    """Text every format can carry: line ends as \\n, no control characters.

    >>> clean_text("a\\x00b\\r\\nc\\td")
    'ab\\nc\\td'
    """
    if text.isprintable():  # the usual case: controls, CR, surrogates and U+FFFE/U+FFFF are all unprintable
        return text
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def nmtoken(name: str) -> str:
    """An attribute name GraphML accepts (an XML NMTOKEN, kept to ASCII).

    >>> nmtoken("source title")
    'source_title'
    """
    return _NOT_NMTOKEN.sub("_", name) or "_"


@nx.utils.not_implemented_for("undirected")
@nx.utils.not_implemented_for("graph")
def flatten(G: nx.MultiDiGraph, fmt: str) -> nx.MultiDiGraph:
    """A copy of `G` whose attributes the `fmt` writer can write as they are; `G` is untouched.

    - lists (aliases) stay lists in JSON, Cypher and neo4j-csv and become `|`-joined text elsewhere;
    - None becomes '' (the dataset's "missing"); text loses control characters and CR line ends;
    - GEXF, GraphML, Cypher, graphology and neo4j-csv leave '' attributes (and empty lists) out
      instead of writing empty values;
    - GraphML attribute names become NMTOKENs;
    - node ids and edge keys become text; nodes come out sorted by id and edges by source,
      target and relation id (`H.edges` yields them in that order), so that every writer's
      output is deterministic.

    Raises GraphkitError for a value no format can carry (a dict, a set, a non-finite number)
    or for two ids or attribute names that become the same once cleaned; UsageError for an
    unknown format.

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("a", name="A\\x07", aliases=["x", "y"], note=None)
    >>> flatten(G, "csv").nodes["a"]
    {'name': 'A', 'aliases': 'x|y', 'note': ''}
    >>> flatten(G, "graphml").nodes["a"]
    {'name': 'A', 'aliases': 'x|y'}
    >>> flatten(G, "json").nodes["a"]["aliases"]
    ['x', 'y']
    """
    elements = flat_elements(G, fmt)
    flat = nx.MultiDiGraph()
    flat.graph.update(elements.graph)
    flat.add_nodes_from(elements.nodes)
    flat.add_edges_from(elements.edges)
    return flat


@dataclass(frozen=True)
class Flat:
    """A flattened graph as plain lists, for writers that need no graph: `flatten` without the copy.

    `nodes` as (id, attributes), sorted by id; `edges` as (source, target, key, attributes),
    sorted by source, target and key: the order `flatten(G, fmt)` yields them in.
    """

    graph: dict
    nodes: list[tuple[str, dict]]
    edges: list[tuple[str, str, str, dict]]

    @classmethod
    def of(cls, H: nx.MultiDiGraph) -> Flat:
        """The elements of a graph that is already flat (the result of `flatten`)."""
        return cls(dict(H.graph), list(H.nodes(data=True)), relation_tuples(H))


@nx.utils.not_implemented_for("undirected")
@nx.utils.not_implemented_for("graph")
def flat_elements(G: nx.MultiDiGraph, fmt: str) -> Flat:
    """What `flatten(G, fmt)` holds, as lists: the same checks, values and order, without building a graph."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown export format '{fmt}' (choose from {', '.join(FORMATS)})")
    ids = _unique({node: clean_text(str(node)) for node in G}, "node ids")
    nodes = [
        (ids[node], _attributes(G.nodes[node], fmt, "node", ids[node])) for node in sorted(G, key=lambda n: ids[n])
    ]
    edges = [(ids[u], ids[v], clean_text(str(key)), data) for u, v, key, data in relation_tuples(G)]
    edges.sort(key=itemgetter(0, 1, 2))
    for (u, v, key, _), (u2, v2, key2, _) in itertools.pairwise(edges):
        if u == u2 and v == v2 and key == key2:
            raise GraphkitError(f"two relations from '{u}' to '{v}' have the id '{key}' once cleaned")
    edges = [(u, v, key, _attributes(data, fmt, "relation", key)) for u, v, key, data in edges]
    return Flat(_attributes(G.graph, fmt, "the graph", ""), nodes, edges)


def columns(attribute_dicts: Iterable[dict]) -> list[str]:
    """Attribute names, one column or key declaration each, in the order the elements list them.

    A name missing from some elements (a '' left out) still lands between its neighbours:

    >>> columns([{"relation": 1, "end": 2, "certainty": 3}, {"relation": 1, "start": 2, "end": 3, "certainty": 4}])
    ['relation', 'start', 'end', 'certainty']
    """
    first_seen: dict[str, int] = {}
    before: dict[str, set[str]] = {}
    seen: set[tuple[str, ...]] = set()
    for attributes in attribute_dicts:
        names = tuple(attributes)
        if names in seen:  # elements mostly share the same few lists of names: each adds nothing new twice
            continue
        seen.add(names)
        earlier: list[str] = []
        for name in names:
            first_seen.setdefault(name, len(first_seen))
            before.setdefault(name, set()).update(earlier)
            earlier.append(name)
    names: list[str] = []
    remaining = sorted(first_seen, key=first_seen.__getitem__)
    while remaining:
        pending = set(remaining)
        ready = [name for name in remaining if not before[name] & pending] or remaining  # inconsistent: first seen
        names.append(ready[0])
        remaining.remove(ready[0])
    return names


def column_type(values: Iterable[object]) -> str:
    """'bool', 'int', 'float' or 'str': the one type a column's values share ('str' when mixed)."""
    return _kind_of({type(v) for v in values})


def column_types(attribute_dicts: list[dict]) -> dict[str, str]:
    """`column_type` of every column in `columns` order, in one pass over the elements.

    >>> column_types([{"a": 1, "b": "x"}, {"a": 2.5}])
    {'a': 'float', 'b': 'str'}
    """
    types: dict[str, set[type]] = {}
    shapes: dict[tuple, None] = {}  # each (names, their value types) once, in order of first appearance
    for attributes in attribute_dicts:
        shapes[tuple(attributes), tuple(map(type, attributes.values()))] = None
    for names, kinds in shapes:
        for name, kind in zip(names, kinds, strict=True):
            types.setdefault(name, set()).add(kind)
    return {name: _kind_of(types[name]) for name in columns(dict.fromkeys(names for names, _ in shapes))}


def _kind_of(types: set[type]) -> str:
    kinds = {"bool" if kind is bool else kind.__name__ for kind in types}
    if kinds == {"int", "float"}:
        return "float"
    if len(kinds) == 1 and kinds <= {"bool", "int", "float"}:
        return kinds.pop()
    return "str"


def as_text(value: object) -> str:
    """A flattened value as text: booleans as `true`/`false` (XML Schema's spelling).

    >>> as_text(False), as_text(-1), as_text("x")
    ('false', '-1', 'x')
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _attributes(data: dict, fmt: str, element: str, name: str) -> dict:
    """The attributes of one element (`element` 'node', 'relation' or 'the graph', `name` its id) flattened."""
    names = _clean_names(tuple(data), fmt)
    if names is None:  # two names clean to one: say which, for this element
        cleaned = {name: clean_text(str(name)) for name in data}
        if fmt == "graphml":
            cleaned = {name: nmtoken(clean) for name, clean in cleaned.items()}
        _unique(cleaned, f"attribute names of {_element(element, name)}")
    flat = {}
    drop_empty = fmt in _DROP_EMPTY
    for attribute, value in zip(names, data.values(), strict=True):
        kind = type(value)
        # `_value`, with the usual cases inline: this runs for every attribute of every relation.
        if kind is str:
            if not value.isprintable():
                value = clean_text(value)
        elif kind is not int and kind is not bool:
            value = _value(value, fmt, (_element(element, name), attribute))
        if value == "" and drop_empty:
            continue
        flat[attribute] = value
    return flat


def _element(element: str, name: str) -> str:
    """An element in words, for messages: "node 'a'", "relation 'r1'", "the graph"."""
    return f"{element} '{name}'" if name else element


@lru_cache(maxsize=4096)
def _clean_names(names: tuple, fmt: str) -> tuple[str, ...] | None:
    """Attribute names as a format can carry them, or None if two become one. Elements share a few lists of names."""
    cleaned = tuple(clean_text(str(name)) for name in names)
    if fmt == "graphml":
        cleaned = tuple(nmtoken(name) for name in cleaned)
    return cleaned if len(set(cleaned)) == len(cleaned) else None


def _value(value: object, fmt: str, where: tuple[str, str]) -> object:
    if value is None:
        return ""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, bool | int):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise GraphkitError(f"{_where(where)}: {value} cannot be exported")
        return value
    if isinstance(value, list | tuple):
        items = [item for item in (_value(item, fmt, where) for item in value) if item != ""]
        if any(isinstance(item, list) for item in items):
            raise GraphkitError(f"{_where(where)}: nested lists cannot be exported")
        if fmt in _KEEP_LISTS:
            return items if items or fmt not in _DROP_EMPTY else ""
        return LIST_SEPARATOR.join(as_text(item) for item in items)
    raise GraphkitError(f"{_where(where)}: a {type(value).__name__} value cannot be exported")


def _where(where: tuple[str, str]) -> str:
    """Where a bad value is, in words (only formatted when there is one to report)."""
    element, name = where
    return f"{element}, attribute '{name}'"


def _unique(mapping: dict, what: str) -> dict:
    cleaned = list(mapping.values())
    if len(set(cleaned)) != len(cleaned):
        twice = sorted(c for c, n in Counter(cleaned).items() if n > 1)
        raise GraphkitError(f"two different {what} become '{twice[0]}' once cleaned for export")
    return mapping
