"""Exports: each format read back by a second implementation, on the bundled data and on hostile text."""

from __future__ import annotations

import copy
import csv
import io
import json
import shutil
import subprocess
from importlib import resources
from pathlib import Path

import igraph
import networkx as nx
import pytest
from lxml import etree

import graphkit
from graphkit.errors import GraphkitError, UsageError
from graphkit.export import FORMATS, export_graph, export_text, flatten, output_paths, read_json
from graphkit.export.cypher import cypher_string
from graphkit.graph import filtered
from graphkit.rules import EdgeFilter, certainty_levels
from graphkit.vocab import vocabulary

GEXF = "{http://gexf.net/1.3}"
JS = Path(__file__).parent / "js"

HOSTILE_ACTORS = """\
id,name,kind,aliases,description
avalonia,"<script>alert(""Avalonia"")</script> & Sons",state,"=HYPERLINK(""http://evil.example"")|O'Neil \\ Co","A state with ""quotes"", <b>tags</b> & ampersands;
a second line and a backslash \\n that is not a newline."
borduria_front,+Borduria Front,militant_group,@front|-front,-2+3 and =1+1
ruritania,Ruritánia 東京 “Kabul–Tashkent”,state,,Ünïcödé ✓ and an emoji 🚂
carpathia_railway,Carpathia Railway,project,the railway,A fictional railway.
"""
HOSTILE_RELATIONS = """\
h1,avalonia,borduria_front,supports,2024-02,,alleged,report,"<script>alert(""x"")</script> & ""friends"" met at O'Neil's","note: '-1' is text; @SUM(A1); back\\slash"
h2,borduria_front,avalonia,clashes_with,2023,2024-07,confirmed,report,C:\\new\\table,"=cmd|' /C calc'!A0"
h3,avalonia,borduria_front,supports,2025,,reported,report,met at O'Neil's,
h4,ruritania,carpathia_railway,invests_in,,2024-02,proposed,report,in 東京,
"""
HOSTILE_TEXT = """
Officials said <script>alert("x")</script> & "friends" met at O'Neil's — C:\\new\\table — in 東京.
"""


@pytest.fixture(scope="module")
def bundled() -> nx.MultiDiGraph:
    return graphkit.build_graph(graphkit.load())


@pytest.fixture
def minimal(dataset_dir: Path) -> nx.MultiDiGraph:
    return graphkit.build_graph(graphkit.load(dataset_dir))


@pytest.fixture
def hostile(dataset_dir: Path) -> nx.MultiDiGraph:
    """A valid dataset whose text is made to break writers: markup, quotes, formulas, backslashes, Unicode."""
    (dataset_dir / "actors.csv").write_text(HOSTILE_ACTORS, encoding="utf-8")
    with (dataset_dir / "relations.csv").open("a", encoding="utf-8") as f:
        f.write(HOSTILE_RELATIONS)
    with (dataset_dir / "docs" / "report.txt").open("a", encoding="utf-8") as f:
        f.write(HOSTILE_TEXT)
    return graphkit.build_graph(graphkit.load(dataset_dir))


@pytest.fixture(params=["bundled", "hostile"])
def graph(request) -> nx.MultiDiGraph:
    return request.getfixturevalue(request.param)


def _node_read(fmt: str, path: Path) -> dict:
    """The graph `tests/js/read.js` loads from `path` with graphology's readers, as graphology's JSON."""
    node = shutil.which("node")
    if node is None or not (JS / "node_modules" / "graphology-gexf").is_dir():
        pytest.skip("needs Node.js and tests/js/node_modules (scripts/setup test installs them with npm)")
    done = subprocess.run([node, str(JS / "read.js"), fmt, str(path)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def _edges(G: nx.MultiDiGraph) -> dict:
    return {key: (u, v, data) for u, v, key, data in G.edges(keys=True, data=True)}


# --- flattening -------------------------------------------------------------------------------


def test_flatten_makes_none_control_characters_and_lists_safe_without_touching_the_graph():
    G = nx.MultiDiGraph(name="t")
    G.add_node("a", name="Bad\x00name\x1b[31m\x7f", aliases=["x\x07", "y"], note=None, description="one\r\ntwo\rthree")
    G.add_node("b", name="B")
    G.add_edge("a", "b", key="r1", relation="funds", start=None, polarity=-1, directed=True, quote="\x0b\x0c")
    before = copy.deepcopy((dict(G.nodes(data=True)), _edges(G)))

    csv_flat = flatten(G, "csv")
    assert csv_flat.nodes["a"] == {
        "name": "Badname[31m",
        "aliases": "x|y",
        "note": "",
        "description": "one\ntwo\nthree",
    }
    assert csv_flat.edges["a", "b", "r1"] == {
        "relation": "funds",
        "start": "",
        "polarity": -1,
        "directed": True,
        "quote": "",
    }
    assert flatten(G, "json").nodes["a"]["aliases"] == ["x", "y"]
    for fmt in ("gexf", "graphml", "cypher"):
        flat = flatten(G, fmt)
        assert "note" not in flat.nodes["a"] and "start" not in flat.edges["a", "b", "r1"]
        assert "quote" not in flat.edges["a", "b", "r1"]  # only control characters: nothing left
    assert (dict(G.nodes(data=True)), _edges(G)) == before
    assert G.nodes["a"]["aliases"] == ["x\x07", "y"]


def test_flatten_gives_graphml_nmtoken_attribute_names():
    G = nx.MultiDiGraph()
    G.add_node("a", **{"source title": "x", "naïve<key>": "y"})
    assert set(flatten(G, "graphml").nodes["a"]) == {"source_title", "na_ve_key_"}
    assert set(flatten(G, "json").nodes["a"]) == {"source title", "naïve<key>"}


@pytest.mark.parametrize("value", [{"a": 1}, {1, 2}, float("nan"), object()])
def test_flatten_refuses_values_no_format_can_carry(value):
    G = nx.MultiDiGraph()
    G.add_node("a", odd=value)
    with pytest.raises(GraphkitError, match="node 'a', attribute 'odd'"):
        flatten(G, "json")


def test_raw_control_characters_still_give_well_formed_xml(tmp_path):
    G = nx.MultiDiGraph()
    G.add_node("a\x01", name="\x02<A>", kind="state", aliases=[None, "\x1f"])
    G.add_node("b", name=None)
    G.add_edge("a\x01", "b", key="k\x03", relation="hosts", quote="\ufffe]]>&", start="2024", end=None)
    schema = etree.XMLSchema(etree.parse(str(_gexf_schema())))
    gexf = etree.parse(str(export_graph(G, "gexf", tmp_path / "g.gexf")))
    assert schema.validate(gexf), schema.error_log
    graphml = etree.parse(str(export_graph(G, "graphml", tmp_path / "g.graphml")))
    assert graphml.getroot().find(".//{*}edge").get("id") == "k"


# --- GEXF ------------------------------------------------------------------------------------


def _gexf_schema() -> Path:
    return Path(str(resources.files("graphkit").joinpath("schemas/gexf/1.3/gexf.xsd")))


def test_gexf_is_valid_against_the_official_1_3_schema(graph, tmp_path):
    schema = etree.XMLSchema(etree.parse(str(_gexf_schema())))
    document = etree.parse(str(export_graph(graph, "gexf", tmp_path / "g.gexf")))
    assert schema.validate(document), schema.error_log
    root = document.getroot()
    assert root.get("version") == "1.3"
    assert root.find(f"{GEXF}graph").get("name") is None
    assert root.find(f"{GEXF}meta").get("lastmodifieddate") is None
    assert len(root.findall(f".//{GEXF}node")) == graph.number_of_nodes()
    assert sorted(e.get("id") for e in root.iter(f"{GEXF}edge")) == sorted(_edges(graph))


def test_gexf_dates_become_spells_and_kinds_colours(minimal, tmp_path):
    root = etree.parse(str(export_graph(minimal, "gexf", tmp_path / "g.gexf"))).getroot()
    graph = root.find(f"{GEXF}graph")
    assert (graph.get("mode"), graph.get("timeformat")) == ("dynamic", "date")
    edges = {e.get("id"): e for e in root.iter(f"{GEXF}edge")}

    def spells(key):
        return [dict(s.attrib) for s in edges[key].iter(f"{GEXF}spell")]

    assert spells("r1") == [{"start": "2024-03-01"}]  # open-ended: no end
    assert spells("r2") == [{"start": "2023-01-01", "end": "2023-12-31"}]  # a year covers all its days
    assert spells("r3") == []  # undated: no spell, present throughout
    assert edges["r1"].get("kind") == "recognizes" and edges["r1"].get("label") == "recognizes"
    values = {a.get("for"): a.get("value") for a in edges["r2"].iter(f"{GEXF}attvalue")}
    assert values["start"] == "2023" and values["polarity"] == "-1" and values["directed"] == "true"
    node = root.find(f".//{GEXF}node[@id='avalonia']")
    assert node.get("label") == "Avalonia"
    assert node.find(f"{GEXF}color").attrib == {"r": "31", "g": "119", "b": "180"}  # vocab: state #1f77b4


def test_gexf_partial_month_spells_to_its_last_day_and_symmetric_relations_are_undirected(hostile, tmp_path):
    root = etree.parse(str(export_graph(hostile, "gexf", tmp_path / "g.gexf"))).getroot()
    edges = {e.get("id"): e for e in root.iter(f"{GEXF}edge")}
    assert edges["h2"].find(f".//{GEXF}spell").attrib == {"start": "2023-01-01", "end": "2024-07-31"}
    assert edges["h4"].find(f".//{GEXF}spell").attrib == {"end": "2024-02-29"}  # leap year
    assert edges["h2"].get("type") == "undirected" and edges["h1"].get("type") == "directed"
    node = root.find(f".//{GEXF}node[@id='avalonia']")
    assert node.get("label") == '<script>alert("Avalonia")</script> & Sons'


def test_gexf_gives_every_edge_its_own_type_under_no_contradicting_default(graph, tmp_path):
    """Gephi's importer drops an edge whose type contradicts the graph's defaultedgetype (and 1.3 has no "mixed")."""
    root = etree.parse(str(export_graph(graph, "gexf", tmp_path / "g.gexf"))).getroot()
    assert root.find(f"{GEXF}graph").get("defaultedgetype") is None
    types = {e.get("id"): e.get("type") for e in root.iter(f"{GEXF}edge")}
    assert types == {
        key: "undirected" if data["directed"] is False else "directed" for key, (*_, data) in _edges(graph).items()
    }
    assert "undirected" in types.values() and "directed" in types.values()  # the fixtures mix both


def test_gexf_loads_whole_in_gephi_lites_parser(graph, tmp_path):
    """graphology-gexf, the parser Gephi Lite imports GEXF with: every actor, relation, direction and attribute."""
    read = _node_read("gexf", export_graph(graph, "gexf", tmp_path / "g.gexf"))
    flat = flatten(graph, "gexf")
    labels = graphkit.vocabulary().relations
    assert (read["type"], read["multi"]) == ("mixed", True)
    nodes = {n["key"]: n["attributes"] for n in read["nodes"]}
    assert set(nodes) == set(graph)
    for node, data in flat.nodes(data=True):
        arrived = dict(nodes[node])
        assert arrived.pop("label") == data["name"] and arrived.pop("color").startswith("rgb(")
        assert arrived == data, node
    edges = {e["key"]: e for e in read["edges"]}
    assert len(read["edges"]) == len(edges) == graph.number_of_edges()
    assert set(edges) == set(_edges(graph))
    for u, v, key, data in flat.edges(keys=True, data=True):
        edge = edges[key]
        assert (edge["source"], edge["target"]) == (u, v)
        assert edge.get("undirected", False) is (data["directed"] is False)
        arrived = dict(edge["attributes"])
        assert arrived.pop("kind") == data["relation"]
        assert arrived.pop("label") == labels[data["relation"]].label
        assert arrived == data, key  # polarity a number, directed a boolean, dates and quote as written


# --- GraphML ---------------------------------------------------------------------------------


def test_graphml_reads_back_in_igraph_with_every_relation_and_attribute(graph, tmp_path):
    read = igraph.Graph.Read_GraphML(str(export_graph(graph, "graphml", tmp_path / "g.graphml")))
    assert read.is_directed()
    assert (read.vcount(), read.ecount()) == (graph.number_of_nodes(), graph.number_of_edges())
    nodes = {v["id"]: v.attributes() for v in read.vs}
    assert set(nodes) == set(graph)
    for node, data in graph.nodes(data=True):
        assert nodes[node]["name"] == data["name"]
        assert nodes[node]["kind"] == data["kind"]
        assert nodes[node]["aliases"] == "|".join(data["aliases"])
        assert nodes[node]["description"] == data["description"]
    ids = read.vs["id"]
    edges = {e["relation_id"]: (ids[e.source], ids[e.target], e.attributes()) for e in read.es}
    assert set(edges) == set(_edges(graph))
    for key, (u, v, data) in _edges(graph).items():
        ru, rv, attributes = edges[key]
        assert (ru, rv) == (u, v)
        assert attributes["polarity"] == data["polarity"]
        assert attributes["directed"] is data["directed"]
        for name in ("relation", "start", "end", "certainty", "source_doc", "quote", "note", "source_title"):
            assert attributes[name] == data[name], (key, name)


def test_graphml_keeps_parallel_relations_between_one_pair(hostile, tmp_path):
    read = igraph.Graph.Read_GraphML(str(export_graph(hostile, "graphml", tmp_path / "g.graphml")))
    ids = read.vs["id"]
    between = sorted(
        e["relation_id"] for e in read.es if (ids[e.source], ids[e.target]) == ("avalonia", "borduria_front")
    )
    assert between == ["h1", "h3", "r1"]


# --- JSON ------------------------------------------------------------------------------------


def test_json_round_trip_gives_back_the_same_graph(graph, tmp_path):
    back = read_json(export_graph(graph, "json", tmp_path / "g.json"))
    assert dict(back.nodes(data=True)) == dict(graph.nodes(data=True))
    assert _edges(back) == _edges(graph)
    assert back.graph == graph.graph


def test_json_loads_with_networkx_node_link_graph_and_its_defaults(graph, tmp_path):
    payload = json.loads(export_graph(graph, "json", tmp_path / "g.json").read_text(encoding="utf-8"))
    again = nx.node_link_graph(payload)
    assert isinstance(again, nx.MultiDiGraph)
    assert dict(again.nodes(data=True)) == dict(graph.nodes(data=True))
    assert _edges(again) == _edges(graph)  # every relation id, its ends and every attribute
    assert again.graph == graph.graph


def test_json_is_node_link_for_d3(minimal):
    payload = json.loads(export_text(minimal, "json"))
    assert [n["id"] for n in payload["nodes"]] == sorted(minimal)
    link = next(link for link in payload["edges"] if link["key"] == "r1")
    assert (link["source"], link["target"]) == ("avalonia", "borduria_front")
    assert link["polarity"] == 1 and link["directed"] is True and link["end"] == ""


def test_read_json_still_reads_exports_that_kept_relations_under_links(minimal, tmp_path):
    payload = json.loads(export_text(minimal, "json"))
    payload["links"] = payload.pop("edges")
    (tmp_path / "old.json").write_text(json.dumps(payload), encoding="utf-8")
    back = read_json(tmp_path / "old.json")
    assert _edges(back) == _edges(minimal)


def test_graphology_json_loads_whole_with_graph_from(graph, tmp_path):
    """graphology's Graph.from, which Gephi Lite opens a .json file with: every actor, relation and attribute."""
    path = export_graph(graph, "graphology", tmp_path / "g.json")
    read = _node_read("graphology", path)
    assert (read["type"], read["multi"]) == ("mixed", True)
    flat = flatten(graph, "graphology")
    labels = graphkit.vocabulary().relations
    nodes = {n["key"]: n["attributes"] for n in read["nodes"]}
    assert set(nodes) == set(graph)
    for node, data in flat.nodes(data=True):
        assert nodes[node] == {"label": data["name"], **data}, node
    edges = {e["key"]: e for e in read["edges"]}
    assert len(read["edges"]) == len(edges) == graph.number_of_edges()
    assert sum(1 for e in read["edges"] if e.get("undirected")) == sum(
        1 for *_, d in graph.edges(data=True) if d["directed"] is False
    )
    for u, v, key, data in flat.edges(keys=True, data=True):
        edge = edges[key]
        assert (edge["source"], edge["target"]) == (u, v)
        assert edge.get("undirected", False) is (data["directed"] is False)
        assert edge["attributes"] == {"label": labels[data["relation"]].label, **data}, key


def test_read_json_explains_files_it_cannot_read(tmp_path):
    with pytest.raises(GraphkitError, match="cannot read"):
        read_json(tmp_path / "missing.json")
    (tmp_path / "bad.json").write_text("{nope", encoding="utf-8")
    with pytest.raises(GraphkitError, match="not a JSON file"):
        read_json(tmp_path / "bad.json")
    (tmp_path / "other.json").write_text('{"nodes": [{"name": "x"}], "edges": []}', encoding="utf-8")
    with pytest.raises(GraphkitError, match="not a graphkit JSON export"):
        read_json(tmp_path / "other.json")


# --- CSV -------------------------------------------------------------------------------------


def _read_csv(path: Path) -> list[dict]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def test_csv_writes_a_nodes_table_and_an_edges_table_with_every_attribute(bundled, tmp_path):
    target = tmp_path / "graph.csv"
    assert export_graph(bundled, "csv", target) == tmp_path / "graph-nodes.csv"
    assert not target.exists()
    nodes, edges = (_read_csv(p) for p in output_paths("csv", target))
    assert len(nodes) == bundled.number_of_nodes() and len(edges) == bundled.number_of_edges()
    assert list(nodes[0]) == ["id", "name", "kind", "aliases", "description"]
    assert list(edges[0])[:3] == ["id", "source", "target"]
    row = next(r for r in edges if r["id"] == "bd001")
    data = bundled.edges[row["source"], row["target"], "bd001"]
    assert row["quote"] == data["quote"] and row["polarity"] == str(data["polarity"])
    assert {r["directed"] for r in edges} == {"true", "false"}


def test_csv_neutralises_formulas_but_keeps_numbers_and_dates(hostile, tmp_path):
    export_graph(hostile, "csv", tmp_path / "h.csv")
    nodes = {r["id"]: r for r in _read_csv(tmp_path / "h-nodes.csv")}
    edges = {r["id"]: r for r in _read_csv(tmp_path / "h-edges.csv")}
    assert nodes["avalonia"]["aliases"] == "'=HYPERLINK(\"http://evil.example\")|O'Neil \\ Co"
    assert nodes["borduria_front"]["name"] == "'+Borduria Front"
    assert nodes["borduria_front"]["aliases"] == "'@front|-front"
    assert nodes["borduria_front"]["description"] == "'-2+3 and =1+1"
    assert nodes["ruritania"]["name"] == "Ruritánia 東京 “Kabul–Tashkent”"
    assert edges["h2"]["note"] == "'=cmd|' /C calc'!A0"
    assert edges["h2"]["polarity"] == "-1"  # a number, not text, not a formula
    assert (edges["h2"]["start"], edges["h2"]["end"]) == ("2023", "2024-07")
    every_cell = [c for row in [*nodes.values(), *edges.values()] for c in row.values()]
    assert not [c for c in every_cell if c[:1] in ("=", "+", "@", "\t", "\r") or (c[:1] == "-" and c != "-1")]


# --- Cypher ----------------------------------------------------------------------------------

_SIMPLE_ESCAPES = {"\\": "\\", "'": "'", '"': '"', "n": "\n", "r": "\r", "t": "\t", "b": "\b", "f": "\f"}


def _cypher_tokens(line: str) -> list[tuple[str, object]]:
    """Tokens of one Cypher statement, string literals decoded by Neo4j's escape rules (strictly)."""
    tokens: list[tuple[str, object]] = []
    i = 0
    while i < len(line):
        char = line[i]
        if char in "'\"":
            i, out = i + 1, []
            while line[i] != char:
                if line[i] == "\\":
                    escape = line[i + 1]
                    if escape in _SIMPLE_ESCAPES:
                        out.append(_SIMPLE_ESCAPES[escape])
                        i += 2
                    elif escape in "uU":
                        width = 4 if escape == "u" else 8
                        digits = line[i + 2 : i + 2 + width]
                        assert len(digits) == width and all(c in "0123456789abcdefABCDEF" for c in digits), digits
                        out.append(chr(int(digits, 16)))
                        i += 2 + width
                    else:
                        raise AssertionError(f"invalid escape \\{escape} in {line!r}")
                else:
                    out.append(line[i])
                    i += 1
            tokens.append(("str", "".join(out)))
            i += 1
        elif char == "`":
            end = i + 1
            while not (line[end] == "`" and line[end + 1 : end + 2] != "`"):
                end += 2 if line[end : end + 2] == "``" else 1
            tokens.append(("name", line[i + 1 : end].replace("``", "`")))
            i = end + 1
        elif char.isspace():
            i += 1
        elif char.isalnum() or char == "_" or (char == "-" and line[i + 1 : i + 2].isdigit()):
            end = i + 1
            while end < len(line) and (line[end].isalnum() or line[end] == "_"):
                end += 1
            word = line[i:end]
            tokens.append(("int", int(word)) if word.lstrip("-").isdigit() else ("name", word))
            i = end
        else:
            tokens.append(("punct", char))
            i += 1
    return tokens


def _cypher_maps(tokens: list[tuple[str, object]]) -> list[dict]:
    """Every {key: value, ...} map literal in a statement, values (lists too) decoded."""
    maps, i = [], 0
    while i < len(tokens):
        if tokens[i] == ("punct", "{"):
            i += 1
            found = {}
            while tokens[i] != ("punct", "}"):
                (kind, key), colon = tokens[i : i + 2]
                assert kind == "name" and colon == ("punct", ":"), tokens[i : i + 2]
                found[key], i = _cypher_value(tokens, i + 2)
                if tokens[i] == ("punct", ","):
                    i += 1
            maps.append(found)
        i += 1
    return maps


def _cypher_value(tokens: list[tuple[str, object]], i: int) -> tuple[object, int]:
    """The literal at tokens[i] (text, integer, boolean or a list of them) and the index after it."""
    if tokens[i] == ("punct", "["):
        items, i = [], i + 1
        while tokens[i] != ("punct", "]"):
            item, i = _cypher_value(tokens, i)
            items.append(item)
            if tokens[i] == ("punct", ","):
                i += 1
        return items, i + 1
    kind, value = tokens[i]
    return ({"true": True, "false": False}[value] if kind == "name" else value), i + 1


def test_cypher_escaping_survives_hostile_strings():
    for text in [
        "O'Brien",
        'say "hi"',
        "back\\slash\\",
        "\\'",
        "line\nbreak\r\ttab",
        "東京 ✓ 🚂",
        "\u2028\xa0\x1b",
        "'; MATCH (n) DETACH DELETE n; //",
    ]:
        literal = cypher_string(text)
        tokens = _cypher_tokens(literal)
        assert tokens == [("str", text)], (text, literal)
        assert "\n" not in literal and "\r" not in literal


def test_cypher_script_sets_every_actor_and_relation_with_all_properties(graph, tmp_path):
    script = export_graph(graph, "cypher", tmp_path / "g.cypher").read_text(encoding="utf-8")
    statements = [line for line in script.split("\n") if line and not line.startswith("//")]
    marks, writes, deletes = statements[:2], statements[2:-2], statements[-2:]
    assert marks == [
        "MATCH (n:Actor) SET n.graphkit_stale = true;",
        "MATCH (:Actor)-[r]->(:Actor) SET r.graphkit_stale = true;",
    ]
    assert deletes == [
        "MATCH (:Actor)-[r]->(:Actor) WHERE r.graphkit_stale = true DELETE r;",
        "MATCH (n:Actor) WHERE n.graphkit_stale = true DETACH DELETE n;",
    ]
    assert len(writes) == graph.number_of_nodes() + graph.number_of_edges()
    expected = flatten(graph, "cypher")
    kinds = {kind.title().replace("_", "") for kind in vocabulary().kinds}
    seen_nodes, seen_edges = {}, {}
    for statement in writes:
        tokens = _cypher_tokens(statement)
        assert tokens[-1] == ("punct", ";") and ("punct", ";") not in tokens[:-1], statement
        maps = _cypher_maps(tokens)
        if statement.startswith("MERGE (n:Actor"):
            node = maps[0]["id"]
            seen_nodes[node] = maps[1]
            label = expected.nodes[node]["kind"].title().replace("_", "")
            removed = statement.split(" REMOVE ")[1].split(" SET ")[0]
            assert removed == "n:" + ":".join(sorted(kinds - {label})), statement
            assert f" SET n:{label}, n = {{" in statement
        else:
            assert statement.startswith("MATCH (a:Actor")
            u, v, key = maps[0]["id"], maps[1]["id"], maps[2]["id"]
            seen_edges[key] = (u, v, maps[3])
            assert ("name", expected.edges[u, v, key]["relation"].upper()) in tokens
            assert " SET r = {" in statement
    assert seen_nodes == {node: {"id": node, **data} for node, data in expected.nodes(data=True)}
    assert seen_edges == {key: (u, v, {"id": key, **data}) for key, (u, v, data) in _edges(expected).items()}


def test_cypher_script_has_the_neo4j_constraint_only_when_asked(minimal):
    assert "CONSTRAINT" not in export_text(minimal, "cypher")
    statements = [line for line in export_text(minimal, "cypher", neo4j=True).split("\n") if line[:2] not in ("", "//")]
    assert statements[0] == "CREATE CONSTRAINT graphkit_actor_id IF NOT EXISTS FOR (n:Actor) REQUIRE n.id IS UNIQUE;"
    with pytest.raises(UsageError, match="--neo4j applies to the cypher format only"):
        export_text(minimal, "json", neo4j=True)


def test_cypher_script_parses_as_cypher(hostile, tmp_path):
    antlr = pytest.importorskip("antlr4")
    grammar = pytest.importorskip("antlr4_cypher")

    class Errors(antlr.error.ErrorListener.ErrorListener):
        def __init__(self):
            self.found = []

        def syntaxError(self, recognizer, symbol, line, column, message, error):
            self.found.append(message)

    script = export_text(hostile, "cypher")
    statements = [s for s in script.split("\n") if s and not s.startswith("//")]
    assert all(s.startswith(("MERGE", "MATCH")) for s in statements)  # the Neo4j-only constraint is opt-in
    for statement in statements:
        errors = Errors()
        lexer = grammar.CypherLexer(antlr.InputStream(statement))
        parser = grammar.CypherParser(antlr.CommonTokenStream(lexer))
        for part in (lexer, parser):
            part.removeErrorListeners()
            part.addErrorListener(errors)
        parser.script()
        assert not errors.found, (statement, errors.found)


# --- every format ----------------------------------------------------------------------------


def _reversed_copy(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The same graph built in the opposite order: exports must not depend on insertion order."""
    H = nx.MultiDiGraph(**G.graph)
    H.add_nodes_from(reversed(list(G.nodes(data=True))))
    H.add_edges_from(reversed(list(G.edges(keys=True, data=True))))
    return H


@pytest.mark.parametrize("fmt", FORMATS)
def test_exports_are_byte_identical_on_rerun_and_independent_of_insertion_order(bundled, tmp_path, fmt):
    first = [p.read_bytes() for p in _export_all(bundled, fmt, tmp_path / "a")]
    again = [p.read_bytes() for p in _export_all(bundled, fmt, tmp_path / "b")]
    shuffled = [p.read_bytes() for p in _export_all(_reversed_copy(bundled), fmt, tmp_path / "c")]
    assert first == again == shuffled


def _export_all(G, fmt, directory: Path) -> tuple[Path, ...]:
    target = directory / f"graph.{fmt}"
    export_graph(G, fmt, target)
    return output_paths(fmt, target)


@pytest.mark.parametrize("fmt", FORMATS)
def test_non_ascii_names_are_written_as_they_are(hostile, tmp_path, fmt):
    text = "".join(p.read_text(encoding="utf-8") for p in _export_all(hostile, fmt, tmp_path))
    assert "Ruritánia 東京 “Kabul–Tashkent”" in text
    assert "🚂" in text


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_never_changes_the_callers_graph_and_takes_filtered_copies(minimal, tmp_path, fmt):
    before = copy.deepcopy((dict(minimal.nodes(data=True)), _edges(minimal), dict(minimal.graph)))
    confirmed = nx.MultiDiGraph(filtered(minimal, EdgeFilter(certainties=certainty_levels("confirmed"))))
    export_graph(confirmed, fmt, tmp_path / f"g.{fmt}")
    assert (dict(minimal.nodes(data=True)), _edges(minimal), dict(minimal.graph)) == before
    text = "".join(p.read_text(encoding="utf-8") for p in output_paths(fmt, tmp_path / f"g.{fmt}"))
    assert "r1" in text and "r2" in text
    assert "r3" not in text and "r4" not in text  # denied and proposed are filtered out
    assert "carpathia_railway" in text  # every actor is kept


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_failed_export_leaves_no_file_and_an_older_file_intact(minimal, tmp_path, fmt):
    broken = nx.MultiDiGraph(minimal)
    u, v, key = max(broken.edges(keys=True))
    broken.edges[u, v, key]["note"] = {"not": "exportable"}
    out = tmp_path / "out"
    out.mkdir()
    target = out / f"g.{fmt}"
    with pytest.raises(GraphkitError, match=f"relation '{key}'"):
        export_graph(broken, fmt, target)
    assert list(out.iterdir()) == []

    paths = output_paths(fmt, target)
    for path in paths:
        path.write_text("older export", encoding="utf-8")
    with pytest.raises(GraphkitError):
        export_graph(broken, fmt, target)
    assert [p.read_text(encoding="utf-8") for p in paths] == ["older export"] * len(paths)
    assert sorted(out.iterdir()) == sorted(paths)


def test_a_gexf_export_failing_midway_leaves_the_older_file_and_no_temporary(minimal, tmp_path, monkeypatch):
    """GEXF is written while it is made: a relation that fails after others were written must not leave a part."""
    from graphkit.export import gexf

    monkeypatch.setattr(gexf, "chunks", lambda flat: _failing_after_a_piece(flat))
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "g.gexf"
    target.write_text("older export", encoding="utf-8")
    with pytest.raises(GraphkitError, match="midway"):
        export_graph(minimal, "gexf", target)
    assert target.read_text(encoding="utf-8") == "older export"
    assert list(target.parent.iterdir()) == [target]


def _failing_after_a_piece(flat):
    yield '<?xml version="1.0" encoding="UTF-8"?>\n'
    raise GraphkitError("failed midway")


def test_export_explains_bad_formats_and_targets(minimal, tmp_path):
    with pytest.raises(UsageError, match="unknown export format 'dot'"):
        export_graph(minimal, "dot", tmp_path / "g.dot")
    with pytest.raises(UsageError, match="two files"):
        export_text(minimal, "csv")
    with pytest.raises(GraphkitError, match="is a directory"):
        export_graph(minimal, "json", tmp_path)
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    with pytest.raises(GraphkitError, match="cannot write"):
        export_graph(minimal, "json", blocker / "g.json")


@pytest.mark.parametrize("fmt", [f for f in FORMATS if f not in ("csv", "neo4j-csv")])
def test_export_text_is_what_export_graph_writes(minimal, tmp_path, fmt):
    assert export_text(minimal, fmt) == export_graph(minimal, fmt, tmp_path / "g").read_text(encoding="utf-8")
