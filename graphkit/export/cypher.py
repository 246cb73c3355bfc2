"""A Cypher script that makes the graph in a database (Neo4j, FalkorDB, ...) equal to the export."""

from __future__ import annotations

import re

import networkx as nx

from graphkit.errors import GraphkitError
from graphkit.vocab import vocabulary

ACTOR_LABEL = "Actor"
"""The label of every node graphkit manages; relations between two such nodes are graphkit's too."""
STALE = "graphkit_stale"
"""The property that marks, while the script runs, what it has not yet written (and so deletes at the end)."""

_PLAIN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_ESCAPES = {"\\": "\\\\", "'": "\\'", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
# Words Cypher reserves; a label, type or property key spelled like one is backquoted.
_RESERVED_WORDS = """
all and as asc ascending by call case constraint contains create delete desc descending detach distinct do drop
else end ends exists false for from in index is key limit mandatory match merge node not null of on optional or
order remove require return scalar set skip start starts then true union unique unwind use when where with xor yield
"""
_RESERVED = frozenset(_RESERVED_WORDS.split())


def cypher_string(text: str) -> str:
    """A Cypher string literal: single-quoted; quotes, backslashes, line ends and tabs escaped.

    All other characters are written as they are (the script is UTF-8), the unprintable ones
    (line separators, non-breaking spaces) too: FalkorDB reads `\\uXXXX` as the six characters
    it is made of, while every engine reads a character as itself.

    >>> print(cypher_string("O'Brien \\\\ \\"x\\"\\nnext"))
    'O\\'Brien \\\\ "x"\\nnext'
    >>> cypher_string("Massoud’s\\u2028") == "'Massoud’s\\u2028'"
    True
    """
    return "'" + "".join(_ESCAPES.get(char, char) for char in text) + "'"


def name(identifier: str) -> str:
    """A label, relationship type or property key, backquoted unless it is a plain, unreserved word.

    >>> name("State"), name("end"), name("odd name`")
    ('State', '`end`', '`odd name```')
    """
    if _PLAIN.fullmatch(identifier) and identifier.lower() not in _RESERVED:
        return identifier
    return "`" + identifier.replace("`", "``") + "`"


def label_for_kind(kind: str) -> str:
    """The node label for an actor kind: militant_group -> MilitantGroup."""
    return "".join(part[:1].upper() + part[1:] for part in kind.split("_") if part)


def type_for_relation(relation: str) -> str:
    """The relationship type for a relation: clashes_with -> CLASHES_WITH."""
    return re.sub(r"[^A-Za-z0-9_]", "_", relation).upper() or "RELATED_TO"


def literal(value: object) -> str:
    """A Cypher literal for a flattened value (text, integer, float, boolean or a list of them)."""
    if isinstance(value, list):
        return "[" + ", ".join(literal(item) for item in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    return cypher_string(str(value))


def render(H: nx.MultiDiGraph, neo4j: bool = False) -> str:
    """Cypher text for a graph already flattened for "cypher"; `neo4j` adds Neo4j's uniqueness constraint.

    The script makes the graph in the database equal to this export, however often it runs
    and whatever an earlier export left there. It first marks every Actor node and every
    relation between two of them (`graphkit_stale`), then writes each actor with
    `MERGE (n:Actor {id: ...}) REMOVE <other kind labels> SET n:<Kind>, n = {...}` and each
    relation with `MERGE (a)-[r:<TYPE> {id: ...}]->(b) SET r = {...}`: `=` replaces every
    property, the mark included, so a cleared note or alias list is gone. Last it deletes what
    is still marked: relations that disappeared or changed type or ends, then actors that
    disappeared. Nodes without the Actor label are never touched.

    One statement per line, each ending in `;` (what `cypher-shell -f` runs); portable
    openCypher, except the constraint `neo4j` adds (Neo4j 4.4+), which makes the MERGEs on
    actor id fast. Missing ('') attributes are left out, as Cypher has no empty property;
    aliases are a list of strings.
    """
    kinds = sorted(
        {label_for_kind(kind) for kind in vocabulary().kinds} | {_kind(data) for _, data in H.nodes(data=True)}
    )
    kinds = [kind for kind in kinds if kind and kind != ACTOR_LABEL]
    actor = f"(n:{ACTOR_LABEL})"
    relation = f"(:{ACTOR_LABEL})-[r]->(:{ACTOR_LABEL})"
    lines = [
        f"// graphkit export: {H.number_of_nodes()} actors, {H.number_of_edges()} relations, in openCypher.",
        "// The script makes the graph in the database equal to this export: re-run after the data changed,",
        "// it replaces properties and kind labels and deletes the actors and relations the export no longer has.",
        f"// graphkit's data are the nodes labelled {ACTOR_LABEL} and the relations between two of them;",
        "// nothing else in the database is touched. Neo4j: cypher-shell -u USER -p PASSWORD -f THIS_FILE",
    ]
    if neo4j:
        lines.append(
            f"CREATE CONSTRAINT graphkit_actor_id IF NOT EXISTS FOR {actor} REQUIRE n.id IS UNIQUE;",
        )
    lines += [f"MATCH {actor} SET n.{STALE} = true;", f"MATCH {relation} SET r.{STALE} = true;"]
    for node, data in H.nodes(data=True):
        _check_names(data, f"node '{node}'")
        kind = _kind(data)
        others = "".join(f":{name(other)}" for other in kinds if other != kind)
        statement = f"MERGE (n:{ACTOR_LABEL} {{id: {cypher_string(node)}}})"
        if others:
            statement += f" REMOVE n{others}"
        sets = ([f"n:{name(kind)}"] if kind and kind != ACTOR_LABEL else []) + [f"n = {_map({'id': node, **data})}"]
        lines.append(f"{statement} SET {', '.join(sets)};")
    for u, v, key, data in H.edges(keys=True, data=True):
        _check_names(data, f"relation '{key}'")
        rtype = name(type_for_relation(str(data.get("relation", ""))))
        lines.append(
            f"MATCH (a:{ACTOR_LABEL} {{id: {cypher_string(u)}}}) MATCH (b:{ACTOR_LABEL} {{id: {cypher_string(v)}}}) "
            f"MERGE (a)-[r:{rtype} {{id: {cypher_string(key)}}}]->(b) SET r = {_map({'id': key, **data})};"
        )
    lines += [
        f"MATCH {relation} WHERE r.{STALE} = true DELETE r;",
        f"MATCH {actor} WHERE n.{STALE} = true DETACH DELETE n;",
    ]
    return "\n".join(lines) + "\n"


def _kind(data: dict) -> str:
    return label_for_kind(str(data.get("kind", "")))


def _map(data: dict) -> str:
    return "{" + ", ".join(f"{name(key)}: {literal(value)}" for key, value in data.items()) + "}"


def _check_names(data: dict, where: str) -> None:
    for reserved, use in (("id", "to MERGE on"), (STALE, "to find what the export no longer has")):
        if reserved in data:
            raise GraphkitError(f"{where}: an attribute is called '{reserved}', which Cypher export uses {use}")
