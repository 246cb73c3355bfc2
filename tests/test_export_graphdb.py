"""Exports for graph databases, read by real readers: the Cypher script in FalkorDB, the neo4j-csv files with csv."""

from __future__ import annotations

import csv
from pathlib import Path

import falkordb_env
import networkx as nx
import pytest

import graphkit
from graphkit.errors import GraphkitError
from graphkit.export import export_graph, export_text, flatten, output_paths

ACTORS = """\
id,name,kind,aliases,description
avalonia,"Avalonia ""the Free"" — O'Neil’s “Republic”",state,Avalon City|Авалон|أفالون|阿瓦隆,"Line one
line two: back\\slash and \\n (not a newline); Кабул, كابل, 喀布尔"
borduria_front,Borduria Front,militant_group,the Front|BF,A fictional armed movement.
ruritania,Ruritania,state,Руритания,A fictional neighbour.
carpathia_railway,Carpathia Railway,project,the railway,A fictional railway.
zembla,Zembla,state,,A state the next version drops.
"""
RELATIONS = """\
q1,avalonia,ruritania,cooperates_with,2024-05,,reported,report,"Officials said ""they’ll ‘never’ pay"" — O'Neil’s “deal” in C:\\new\\table — Кабул كابل 喀布尔","first line
second: it's ""quoted"" ’ “ \\ back\\slash"
z1,zembla,avalonia,supports,2022,2023-01,confirmed,report,Zembla backed Avalonia in 2022,
"""
TEXT = """
Officials said "they’ll ‘never’ pay" — O'Neil’s “deal” in C:\\new\\table — Кабул كابل 喀布尔.
Zembla backed Avalonia in 2022. Syldavia armed the Borduria Front.
"""
FOREIGN = (  # data of the database's own, beside graphkit's: the script must leave it alone
    "CREATE (:Topic {name: 'mine'})",
    "MATCH (a:Actor {id: 'avalonia'}) CREATE (:Note {text: 'about Avalonia'})-[:ABOUT {by: 'me'}]->(a)",
)


@pytest.fixture
def dataset(dataset_dir: Path) -> Path:
    """The minimal dataset with text of every kind of quote, backslashes, line breaks and three scripts."""
    (dataset_dir / "actors.csv").write_text(ACTORS, encoding="utf-8")
    with (dataset_dir / "relations.csv").open("a", encoding="utf-8") as f:
        f.write(RELATIONS)
    with (dataset_dir / "docs" / "report.txt").open("a", encoding="utf-8") as f:
        f.write(TEXT)
    return dataset_dir


def _edit(dataset: Path) -> None:
    """The next version of the data: every kind of change the script must carry into the database."""
    actors, relations = _rows(dataset / "actors.csv"), _rows(dataset / "relations.csv")
    actors["borduria_front"]["aliases"] = ""  # aliases cleared
    actors["ruritania"]["kind"] = "organization"  # kind changed
    del actors["zembla"], relations["z1"]  # an actor deleted, with its relation
    actors["syldavia"] = {"id": "syldavia", "name": "Syldavia", "kind": "state", "aliases": "", "description": "New."}
    relations["r3"]["note"] = ""  # note cleared
    relations["r4"]["relation"] = "invests_in"  # type changed
    del relations["r1"]  # a relation deleted
    relations["s1"] = {
        **relations["r2"],
        **{"id": "s1", "source": "syldavia", "target": "borduria_front", "relation": "supplies", "start": ""},
        **{"end": "", "quote": "Syldavia armed the Borduria Front", "note": ""},
    }
    _write_rows(dataset / "actors.csv", actors)
    _write_rows(dataset / "relations.csv", relations)


def _rows(path: Path) -> dict[str, dict]:
    with path.open(encoding="utf-8", newline="") as f:
        return {row["id"]: row for row in csv.DictReader(f)}


def _write_rows(path: Path, rows: dict[str, dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(next(iter(rows.values()))))
        writer.writeheader()
        writer.writerows(rows.values())


# --- the Cypher script in FalkorDB ---------------------------------------------------------


@pytest.fixture(scope="module")
def falkordb() -> None:
    if falkordb_env.installed():
        return
    if falkordb_env.find_python() is None:
        pytest.skip("FalkorDB (falkordblite) needs Python 3.12 or newer; none on PATH or in pyenv")
    pytest.fail("FalkorDB's venv is missing: run scripts/setup test (it makes .venv-falkordb/)")


def _expected(G: nx.MultiDiGraph) -> dict:
    """What the database must hold for graph G: graphkit's actors and relations, field by field."""
    flat = flatten(G, "cypher")
    nodes = {
        node: (sorted(["Actor", data["kind"].title().replace("_", "")]), {"id": node, **data})
        for node, data in flat.nodes(data=True)
    }
    relations = [
        (u, v, data["relation"].upper(), {"id": key, **data}) for u, v, key, data in flat.edges(keys=True, data=True)
    ]
    return {"actors": nodes, "relations": sorted(relations, key=repr)}


def _held(dump: dict) -> dict:
    """What a FalkorDB dump holds in the same shape, other data apart."""
    ids = {n["node"]: n["properties"].get("id") for n in dump["nodes"] if "Actor" in n["labels"]}
    actors = {n["properties"]["id"]: (n["labels"], n["properties"]) for n in dump["nodes"] if "Actor" in n["labels"]}
    assert len(actors) == len(ids), "two Actor nodes share an id"
    relations = [
        (ids[r["from"]], ids[r["to"]], r["type"], r["properties"])
        for r in dump["relationships"]
        if r["from"] in ids and r["to"] in ids
    ]
    other_nodes = sorted((n["labels"], sorted(n["properties"].items())) for n in dump["nodes"] if n["node"] not in ids)
    other_relations = sorted(
        (r["type"], sorted(r["properties"].items())) for r in dump["relationships"] if r["from"] not in ids
    )
    return {
        "actors": actors,
        "relations": sorted(relations, key=repr),
        "other": (other_nodes, other_relations),
    }


def test_the_cypher_script_makes_falkordb_equal_to_the_data_after_every_edit(falkordb, dataset):
    before = graphkit.build_graph(graphkit.load(dataset))
    first = export_text(before, "cypher")
    _edit(dataset)
    after = graphkit.build_graph(graphkit.load(dataset))
    second = export_text(after, "cypher")
    steps = [
        {"graph": "g", "statements": falkordb_env.statements(first)},
        {"graph": "g", "statements": list(FOREIGN)},
        {"graph": "g", "statements": falkordb_env.statements(second)},
        {"graph": "g", "statements": falkordb_env.statements(second)},  # again: nothing changes
    ]
    loaded, _, updated, again = falkordb_env.run(steps)

    assert {key: _held(loaded)[key] for key in ("actors", "relations")} == _expected(before)
    held = _held(updated)
    assert {key: held[key] for key in ("actors", "relations")} == _expected(after)
    assert held["other"] == (
        [(["Note"], [("text", "about Avalonia")]), (["Topic"], [("name", "mine")])],
        [("ABOUT", [("by", "me")])],
    )
    assert _held(again) == held

    # What a user would check by eye, beyond the field-by-field equality above.
    actors = held["actors"]
    assert "aliases" not in actors["borduria_front"][1] and "zembla" not in actors
    assert actors["ruritania"][0] == ["Actor", "Organization"] and actors["syldavia"][0] == ["Actor", "State"]
    assert actors["avalonia"][1]["aliases"] == ["Avalon City", "Авалон", "أفالون", "阿瓦隆"]
    assert actors["avalonia"][1]["name"] == 'Avalonia "the Free" — O\'Neil’s “Republic”'
    assert (
        "\nline two: back\\slash and \\n (not a newline); Кабул, كابل, 喀布尔" in actors["avalonia"][1]["description"]
    )
    relations = {props["id"]: (rtype, props) for _, _, rtype, props in held["relations"]}
    assert sorted(relations) == ["q1", "r2", "r3", "r4", "s1"]
    assert "note" not in relations["r3"][1] and relations["r4"][0] == "INVESTS_IN"
    q1 = relations["q1"][1]
    assert (
        q1["quote"] == 'Officials said "they’ll ‘never’ pay" — O\'Neil’s “deal” in C:\\new\\table — Кабул كابل 喀布尔'
    )
    assert q1["note"] == 'first line\nsecond: it\'s "quoted" ’ “ \\ back\\slash'
    assert (q1["start"], q1["directed"], q1["polarity"]) == ("2024-05", False, 1)


def test_the_bundled_data_arrives_whole_in_falkordb(falkordb):
    G = graphkit.build_graph(graphkit.load())
    (dump,) = falkordb_env.run([{"graph": "bundled", "statements": falkordb_env.statements(export_text(G, "cypher"))}])
    held = _held(dump)
    assert {key: held[key] for key in ("actors", "relations")} == _expected(G)
    assert held["other"] == ([], [])
    dated = [props for *_, props in held["relations"] if "start" in props or "end" in props]
    assert len(held["actors"]) == 102 and len(held["relations"]) == 408 and dated


def test_statements_are_split_as_cypher_shell_splits_them():
    script = "// a; comment\nMATCH (n {x: 'a;b\\';c'}) RETURN n;\nRETURN \"x;\" /* ; */ ;\n\n"
    assert falkordb_env.statements(script) == ["MATCH (n {x: 'a;b\\';c'}) RETURN n", 'RETURN "x;"']


# --- neo4j-admin import CSV ------------------------------------------------------------------

_PARSE = {"boolean": {"true": True, "false": False}.__getitem__, "long": int, "double": float}


def _read_import_file(path: Path) -> tuple[list[str], list[dict]]:
    """The header and the rows of a neo4j-admin import file, each cell read as neo4j-admin reads it."""
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        rows = []
        for cells in reader:
            row = {}
            for column, cell in zip(header, cells, strict=True):
                name, _, kind = column.partition(":")
                if cell == "":
                    continue  # an empty field: no property
                if kind in ("LABEL", "string[]"):
                    row[name or kind] = cell.split(";")
                else:
                    row[name or kind] = _PARSE.get(kind, str)(cell)
            rows.append(row)
    return header, rows


@pytest.mark.parametrize("which", ["bundled", "dataset"])
def test_neo4j_csv_holds_every_actor_and_relation_for_neo4j_admin(which, request, tmp_path):
    dataset = None if which == "bundled" else request.getfixturevalue("dataset")
    G = graphkit.build_graph(graphkit.load(dataset))
    nodes_path, relationships_path = output_paths("neo4j-csv", tmp_path / "graph.csv")
    assert export_graph(G, "neo4j-csv", tmp_path / "graph.csv") == nodes_path
    assert relationships_path.name == "graph-relationships.csv"
    node_header, nodes = _read_import_file(nodes_path)
    relationship_header, relationships = _read_import_file(relationships_path)

    assert node_header == ["id:ID", ":LABEL", "name", "kind", "aliases:string[]", "description"]
    assert relationship_header[:4] == [":START_ID", ":END_ID", ":TYPE", "id"]
    assert {"directed:boolean", "polarity:long", "start", "end", "certainty", "quote", "note"} <= set(
        relationship_header
    )
    flat = flatten(G, "neo4j-csv")
    expected = _expected(G)
    assert {row.pop("id"): (row.pop("LABEL"), row) for row in nodes} == {
        node: (labels, {key: value for key, value in props.items() if key != "id"})
        for node, (labels, props) in expected["actors"].items()
    }
    assert sorted(((r.pop("START_ID"), r.pop("END_ID"), r.pop("TYPE"), r) for r in relationships), key=repr) == [
        (u, v, rtype, props) for u, v, rtype, props in expected["relations"]
    ]
    assert len(nodes) == flat.number_of_nodes() and len(relationships) == flat.number_of_edges()


def test_neo4j_csv_refuses_a_list_item_neo4j_admin_would_split(dataset_dir, tmp_path):
    G = graphkit.build_graph(graphkit.load(dataset_dir))
    G.nodes["avalonia"]["aliases"] = ["Avalon; the city"]
    with pytest.raises(GraphkitError, match="node 'avalonia', attribute 'aliases': an item holds ';'"):
        export_graph(G, "neo4j-csv", tmp_path / "out" / "g.csv")
    assert not (tmp_path / "out").exists()


def test_neo4j_csv_writes_text_as_it_is(dataset, tmp_path):
    """The importer keeps every character: a formula-like cell gets no spreadsheet `'`."""
    G = graphkit.build_graph(graphkit.load(dataset))
    G.nodes["ruritania"]["description"] = "=1+1 -front @x"
    export_graph(G, "neo4j-csv", tmp_path / "g.csv")
    _, nodes = _read_import_file(tmp_path / "g-nodes.csv")
    assert {row["id"]: row["description"] for row in nodes}["ruritania"] == "=1+1 -front @x"


def test_the_export_command_writes_neo4j_csv_and_takes_neo4j_for_cypher_only(dataset_dir, tmp_path):
    from click.testing import CliRunner

    from graphkit.cli import main

    def run(*args: str):
        return CliRunner().invoke(main, ["--data", str(dataset_dir), "export", *args], catch_exceptions=False)

    done = run("--format", "neo4j-csv", "--out", str(tmp_path / "g.csv"), "--include-proposed", "--include-denied")
    assert done.exit_code == 0, done.output
    written = f"Wrote {tmp_path / 'g-nodes.csv'}, {tmp_path / 'g-relationships.csv'}: 4 actors, 4 relations"
    assert done.output.startswith(written)
    script = run("--format", "cypher", "--neo4j")
    assert script.exit_code == 0 and "\nCREATE CONSTRAINT graphkit_actor_id" in script.output
    refused = run("--format", "json", "--neo4j")
    assert refused.exit_code != 0 and "Error: --neo4j applies to the cypher format only, not json" in refused.output
