"""The two CSV files `neo4j-admin database import` reads: actors (nodes) and relations (relationships).

Headers follow neo4j-admin's import format: `id:ID` and `:LABEL` for nodes, `:START_ID`,
`:END_ID` and `:TYPE` for relationships, then one column per property, typed where it is not
text (`directed:boolean`, `polarity:long`, `aliases:string[]`). Labels, relationship types and
the `id` properties are those of the Cypher export, so both load the same graph.

Cells go through graphkit.output's one CSV writer as they are (`spreadsheet=False`): these
files are for the importer, whose data would keep the `'` that the spreadsheet CSV puts
before a formula-like cell.
"""

from __future__ import annotations

import networkx as nx

from graphkit.errors import GraphkitError
from graphkit.export.cypher import ACTOR_LABEL, label_for_kind, type_for_relation
from graphkit.export.flatten import as_text, column_types
from graphkit.output import to_csv

ARRAY_DELIMITER = ";"
"""neo4j-admin's default between the items of an array cell and between labels."""

NODE_FIELDS = ("id:ID", ":LABEL")
RELATIONSHIP_FIELDS = (":START_ID", ":END_ID", ":TYPE", "id")
_TYPES = {"bool": "boolean", "int": "long", "float": "double", "str": ""}


def render(H: nx.MultiDiGraph) -> tuple[str, str]:
    """(nodes CSV, relationships CSV) for a graph already flattened for "neo4j-csv".

    Nodes: the actor id (also stored as property `id`), the labels `Actor;<Kind>`, then every
    actor attribute; relationships: source and target actor ids, the type (clashes_with ->
    CLASHES_WITH), the relation id, then every relation attribute. A missing value is an empty
    cell, which neo4j-admin leaves out; lists are `;`-joined. UTF-8, Unix line ends.

    Raises GraphkitError for a list item holding `;`, which neo4j-admin would split.
    """
    nodes = [
        (node, (node, ARRAY_DELIMITER.join(_labels(str(data.get("kind", ""))))), data)
        for node, data in H.nodes(data=True)
    ]
    relations = [
        (key, (u, v, type_for_relation(str(data.get("relation", ""))), key), data)
        for u, v, key, data in H.edges(keys=True, data=True)
    ]
    return _table(NODE_FIELDS, nodes, "node"), _table(RELATIONSHIP_FIELDS, relations, "relation")


def _labels(kind: str) -> list[str]:
    label = label_for_kind(kind)
    return [ACTOR_LABEL] + ([label] if label and label != ACTOR_LABEL else [])


def _table(fields: tuple[str, ...], rows: list[tuple[str, tuple, dict]], what: str) -> str:
    """One file: `rows` as (element id, structure cells, attributes)."""
    types = column_types([data for _, _, data in rows])
    taken = {field.partition(":")[0] for field in fields} - {""}
    clash = sorted(taken & set(types))
    if clash:
        raise GraphkitError(f"a {what} attribute is called '{clash[0]}', which neo4j-csv export uses for structure")
    odd = sorted(name for name in types if ":" in name)
    if odd:
        raise GraphkitError(f"a {what} attribute is called '{odd[0]}'; neo4j-admin reads ':' in a header as a type")
    lists = {name for name in types if any(isinstance(data.get(name), list) for _, _, data in rows)}
    header = [*fields, *(_header(name, "str[]" if name in lists else kind) for name, kind in types.items())]
    cells = (
        [*values, *(_cell(data.get(name, ""), name, element, what) for name in types)] for element, values, data in rows
    )
    return to_csv(header, cells, spreadsheet=False)


def _header(name: str, kind: str) -> str:
    if kind == "str[]":
        return f"{name}:string[]"
    suffix = _TYPES[kind]
    return f"{name}:{suffix}" if suffix else name


def _cell(value: object, name: str, element: str, what: str) -> str:
    if isinstance(value, list):
        items = [as_text(item) for item in value]
        if any(ARRAY_DELIMITER in item for item in items):
            raise GraphkitError(
                f"{what} '{element}', attribute '{name}': an item holds '{ARRAY_DELIMITER}', "
                "which neo4j-admin import splits arrays on"
            )
        return ARRAY_DELIMITER.join(items)
    return value
