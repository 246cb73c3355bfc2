"""Paths answered from the columnar cache entry are the paths the full graph gives, byte for byte."""

from __future__ import annotations

import importlib.util
import itertools
import json
import os
import random
import sys
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

import graphkit
import graphkit.cache as cache
from graphkit.cli import main
from graphkit.columns import ColumnarGraph, open_entry, write
from graphkit.load import bundled_data_dir
from graphkit.names import NameIndex
from graphkit.present import emit
from graphkit.query import Neighbors, Paths, dossier, neighbors, paths
from graphkit.rules import EdgeFilter, certainty_levels

REPO = Path(__file__).resolve().parents[1]


def _generated(directory: Path, relations: int) -> Path:
    spec = importlib.util.spec_from_file_location("bench_generate", REPO / "bench" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    return module.generate(directory, relations)


def _both(dataset: Path, entry: Path) -> tuple[nx.MultiDiGraph, ColumnarGraph]:
    loaded = graphkit.load(dataset)
    graph = graphkit.build_graph(loaded)
    secret = os.urandom(32)
    assert write(entry, "k" * 64, secret, graph, loaded.summary())
    columnar = open_entry(entry, "k" * 64, secret)
    assert columnar is not None
    return graph, columnar


@pytest.fixture(scope="module")
def bundled(tmp_path_factory) -> tuple[nx.MultiDiGraph, ColumnarGraph]:
    return _both(bundled_data_dir(), tmp_path_factory.mktemp("c") / "x.graph.columns")


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> tuple[nx.MultiDiGraph, ColumnarGraph]:
    directory = _generated(tmp_path_factory.mktemp("gen") / "r3000", 3000)
    return _both(directory, tmp_path_factory.mktemp("c") / "x.graph.columns")


FILTERS = {
    "default": {},
    "as-of": {"as_of": "2024-01-01"},
    "window": {"as_of": "2025-08", "window": "2y"},
    "everything": {"certainties": certainty_levels(include_proposed=True, include_denied=True)},
    "confirmed": {"certainties": certainty_levels("confirmed")},
    "hostile": {"polarity": "hostile"},
    "two-sources": {"min_sources": 2},
    "reliable": {"min_reliability": "B"},
    "not-cooperation": {"exclude_relations": frozenset({"cooperates_with"})},
}
SEARCHES = {
    "one": {},
    "k3": {"k": 3},
    "all": {"all_shortest": True},
    "directed": {"directed": True},
    "max-hops": {"max_hops": 2, "k": 2},
}


def _answer(graph, a: str, b: str, edge_filter: EdgeFilter, search: dict) -> list[str]:
    """The path as `graphkit path` prints it in text, JSON and CSV, or the no-path message."""
    try:
        found = Paths(paths(graph, a, b, edge_filter=edge_filter, **search))
    except nx.NetworkXNoPath as exc:
        return [f"no path: {exc}"]
    label = lambda actor: graph.nodes[actor]["name"]  # noqa: E731
    return [emit(found, fmt, label) for fmt in ("text", "json", "csv")]


def _pairs(graph: nx.MultiDiGraph, count: int) -> list[tuple[str, str]]:
    actors = sorted(graph)
    rng = random.Random(20)
    return [tuple(rng.sample(actors, 2)) for _ in range(count)]


@pytest.mark.parametrize("search", SEARCHES, ids=list(SEARCHES))
@pytest.mark.parametrize("filtered", [f for f in FILTERS if f != "reliable"])  # no bundled source is graded
def test_paths_from_columns_match_the_graph_on_the_bundled_data(bundled, filtered, search):
    graph, columnar = bundled
    edge_filter = EdgeFilter(**FILTERS[filtered])
    found = 0
    for a, b in [("russia", "ttp"), ("russia", "taliban"), ("taliban", "russia"), *_pairs(graph, 25)]:
        expected = _answer(graph, a, b, edge_filter, SEARCHES[search])
        assert _answer(columnar, a, b, edge_filter, SEARCHES[search]) == expected, (a, b)
        found += len(expected) == 3
    assert found  # some pairs are connected under every filter: the comparison is not all "no path"


@pytest.mark.parametrize("search", SEARCHES, ids=list(SEARCHES))
@pytest.mark.parametrize("filtered", ["default", "as-of", "everything", "confirmed", "reliable", "hostile"])
def test_paths_from_columns_match_the_graph_on_generated_data(generated, filtered, search):
    graph, columnar = generated
    edge_filter = EdgeFilter(**FILTERS[filtered])
    found = 0
    for a, b in _pairs(graph, 12):
        expected = _answer(graph, a, b, edge_filter, SEARCHES[search])
        assert _answer(columnar, a, b, edge_filter, SEARCHES[search]) == expected, (a, b)
        found += len(expected) == 3
    assert found


ONE_PATH_FILTERS = ["default", "as-of", "everything", "confirmed", "hostile", "two-sources", "not-cooperation"]
ONE_PATH_CASES = [
    (which, filtered)
    for which in ("bundled", "generated")
    for filtered in ONE_PATH_FILTERS
    if (which, filtered) != ("generated", "two-sources")  # no generated relation is stated twice
]


@pytest.mark.parametrize("directed", [False, True], ids=["undirected", "directed"])
@pytest.mark.parametrize(("which", "filtered"), ONE_PATH_CASES)
def test_one_path_is_the_first_networkx_finds(request, which, filtered, directed):
    """`path` runs its own bidirectional Dijkstra (on the columns' numbers, or on the graph); `path --k 2` runs
    networkx's `shortest_simple_paths`. The one path is networkx's first, on the graph and on the columns,
    ties between equally short paths included."""
    graph, columnar = request.getfixturevalue(which)
    edge_filter = EdgeFilter(**FILTERS[filtered])
    pairs = [("russia", "ttp"), ("taliban", "russia")] if which == "bundled" else []
    found = 0
    for a, b in [*pairs, *_pairs(graph, 40 if which == "bundled" else 25)]:
        answers = []
        for g, k in ((graph, 2), (graph, 1), (columnar, 1)):
            try:
                answers.append(
                    [h.as_dict() for h in paths(g, a, b, edge_filter=edge_filter, directed=directed, k=k)[0]]
                )
            except nx.NetworkXNoPath:
                answers.append(None)
        assert answers[1] == answers[0] and answers[2] == answers[0], (a, b)
        found += answers[0] is not None
    assert found


def test_the_columns_keep_every_attribute_of_actors_and_relations(bundled):
    graph, columnar = bundled
    assert list(columnar.nodes) == list(graph.nodes) and columnar.number_of_nodes() == graph.number_of_nodes()
    for actor in graph:
        assert columnar.nodes[actor] == graph.nodes[actor]
        for side in ("_succ", "_pred"):
            expected = getattr(graph, side)[actor]
            found = getattr(columnar, side)[actor]
            assert list(found) == list(expected)  # counterparts in the graph's order: ties break alike
            for other, keyed in expected.items():
                assert list(found[other]) == list(keyed)
                for key, data in keyed.items():
                    assert {name: found[other][key][name] for name in data} == data
                    assert all(type(found[other][key][name]) is type(value) for name, value in data.items())


def test_repeated_text_is_kept_exactly_whatever_it_holds(tmp_path):
    """Repeated text is a table of NUL-separated text; a table holding NUL itself is kept as JSON instead."""
    graph = nx.MultiDiGraph()
    for actor in ("a", "b", "c"):
        graph.add_node(actor, name=actor.upper(), kind="person", aliases=[], description="")
    notes = ["seen twice", "seen twice", "nul\0inside", "nul\0inside", "é ✓", "é ✓"]
    moods = ["calm", "calm", "calm", "calm", "calm", "calm"]
    for number, (note, mood) in enumerate(zip(notes, moods, strict=True)):
        graph.add_edge("abc"[number % 3], "abc"[(number + 1) % 3], key=f"r{number}", note=note, mood=mood)
    secret = os.urandom(32)
    assert write(tmp_path / "n.graph.columns", "k" * 64, secret, graph, "")
    opened = open_entry(tmp_path / "n.graph.columns", "k" * 64, secret)
    assert [opened._succ[u][v][k]["note"] for u, v, k in graph.edges(keys=True)] == [
        data["note"] for *_, data in graph.edges(keys=True, data=True)
    ]
    assert {opened._succ[u][v][k]["mood"] for u, v, k in graph.edges(keys=True)} == {"calm"}


def test_names_resolve_as_the_name_index_does(bundled, tmp_path):
    graph, columnar = bundled
    index = NameIndex.from_graph(graph)
    for actor, data in itertools.islice(graph.nodes(data=True), 0, None, 7):
        for text in (actor, data["name"], *data["aliases"], data["name"].upper()):
            assert columnar.names.resolve(text) == index.resolve(text)
    twins = nx.MultiDiGraph()
    for actor in ("castor", "pollux"):
        twins.add_node(actor, name=actor.title(), kind="person", aliases=["The Twins", "Dioskouroi"], description="")
    secret = os.urandom(32)
    assert write(tmp_path / "t.graph.columns", "k" * 64, secret, twins, "")
    cases = [(graph, columnar, ["nobody at all", "russa", "talibn"]), (twins, None, ["the twins", "dioskouroi"])]
    for whole, opened, texts in cases:
        opened = opened or open_entry(tmp_path / "t.graph.columns", "k" * 64, secret)
        for text in texts:
            with pytest.raises(graphkit.GraphkitError) as expected:
                NameIndex.from_graph(whole).resolve(text)
            with pytest.raises(graphkit.GraphkitError) as found:
                opened.names.resolve(text)
            assert str(found.value) == str(expected.value)


OPTIONS = [
    [],
    ["--all"],
    ["--k", "3"],
    ["--as-of", "2024-06-01", "--window", "12m"],
    ["--include-proposed", "--include-denied"],
    ["--min-certainty", "confirmed"],
    ["--directed"],
    ["--format", "json", "--k", "2"],
    ["--format", "csv", "--all"],
]


def test_the_cli_answers_from_the_columns_as_from_the_graph(tmp_path, monkeypatch):
    """The first run builds (and answers from the graph); later runs read only the columns, and say the same."""
    monkeypatch.setenv("GRAPHKIT_CACHE_DIR", str(tmp_path / "cache"))
    runner = CliRunner()
    asks = [
        [a, b, *options] for options in OPTIONS for a, b in [("russia", "ttp"), ("Moscow", "ISKP"), ("iran", "qatar")]
    ]
    expected = []
    for ask in asks:
        (tmp_path / "cache").mkdir(exist_ok=True)
        for entry in (tmp_path / "cache").glob("*.graph.columns"):
            entry.unlink()  # answered from the graph, the columns written again
        result = runner.invoke(main, ["path", *ask])
        expected.append((result.exit_code, result.output))
    assert any(code == 0 for code, _ in expected) and any(code == 1 for code, _ in expected)

    def no_graph(*args, **kwargs):
        raise AssertionError("the full graph was loaded")

    monkeypatch.setattr(cache, "_load_graph", no_graph)
    for ask, (code, output) in zip(asks, expected, strict=True):
        result = runner.invoke(main, ["path", *ask])
        assert (result.exit_code, result.output) == (code, output), ask
    json.loads(runner.invoke(main, ["path", "russia", "ttp", "--format", "json"]).output)


NEIGHBOR_ASKS = {
    "both": {},
    "out": {"direction": "out"},
    "in-depth-2": {"direction": "in", "depth": 2},
    "depth-2-as-of": {"depth": 2, "edge_filter": EdgeFilter(as_of="2024-01-01")},
    "hostile-everything": {
        "edge_filter": EdgeFilter(polarity="hostile", certainties=certainty_levels(include_denied=True))
    },
}


@pytest.mark.parametrize("ask", NEIGHBOR_ASKS, ids=list(NEIGHBOR_ASKS))
@pytest.mark.parametrize("which", ["bundled", "generated"])
def test_neighbors_and_dossiers_from_columns_match_the_graph(request, which, ask):
    graph, columnar = request.getfixturevalue(which)
    options = NEIGHBOR_ASKS[ask]
    for actor in [*sorted(graph)[:: max(1, len(graph) // 15)], "russia"]:
        if actor not in graph:
            continue
        answers = []
        for g in (graph, columnar):
            label = lambda a, g=g: g.nodes[a]["name"]  # noqa: E731
            found = Neighbors(actor, neighbors(g, actor, **options), "")
            shown = dossier(g, actor, {}, options.get("edge_filter"), limit=5 if ask == "out" else None)
            answers.append([emit(r, fmt, label) for r in (found, shown) for fmt in ("text", "json", "csv")])
        assert answers[0] == answers[1], actor


def test_the_cli_shows_neighbors_and_dossiers_from_the_columns_as_from_the_graph(tmp_path, monkeypatch):
    monkeypatch.setenv("GRAPHKIT_CACHE_DIR", str(tmp_path / "cache"))
    runner = CliRunner()
    asks = [
        ["neighbors", "taliban", "--depth", "2", "--format", "json"],
        ["neighbors", "Moscow", "--direction", "out", "--as-of", "2024-01-01"],
        ["show", "the Kremlin"],
        ["show", "taliban", "--as-of", "2025-08-01", "--limit", "5", "--format", "csv"],
        ["show", "nobody at all"],
    ]
    expected = []
    for ask in asks:
        (tmp_path / "cache").mkdir(exist_ok=True)
        for entry in (tmp_path / "cache").glob("*.graph.columns"):
            entry.unlink()
        result = runner.invoke(main, ask)
        expected.append((result.exit_code, result.output))
    monkeypatch.setattr(cache, "_load_graph", lambda *a: pytest.fail("the full graph was loaded"))
    for ask, (code, output) in zip(asks, expected, strict=True):
        result = runner.invoke(main, ask)
        assert (result.exit_code, result.output) == (code, output), ask
