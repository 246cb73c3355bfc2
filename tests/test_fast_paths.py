"""The fast paths that keep graphkit usable at 100,000 relations give what the plain ones gave.

Each test sets a fast path beside a straightforward reference (networkx itself, the single
regular expression, ElementTree, the line-by-line reader) on inputs chosen to catch the
cases where they could part ways.
"""

from __future__ import annotations

import csv
import gc
import importlib
import itertools
import math
import os
import random
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import astuple
from pathlib import Path

import networkx as nx
import pytest

from graphkit.analysis import _compiled, balance, brokerage, centrality, signed
from graphkit.coverage import _overlaps, _SpanIndex
from graphkit.documents import squashed
from graphkit.export import flatten
from graphkit.export.flatten import clean_text, column_type, column_types, columns
from graphkit.export.gexf import render
from graphkit.load import _records_by_line, paused_gc, read_csv, read_dataset
from graphkit.model import Actor, Relation
from graphkit.query import _link_weight, paths
from graphkit.rules import EdgeFilter, certainty_levels
from graphkit.sentences import Mention, MentionFinder, Sentence, _fold_char
from graphkit.text import has_hidden, squash_whitespace
from graphkit.validate import load
from graphkit.vocab import vocabulary


def random_graph(seed: int, nodes: int = 120, edges: int = 260) -> nx.Graph:
    """A graph with several components, an isolated actor and weights, labelled like actor ids."""
    rng = random.Random(seed)
    G = nx.Graph()
    G.add_nodes_from(f"a{i:03d}" for i in range(nodes))
    names = list(G)
    for _ in range(edges):
        u, v = rng.sample(names[:-1], 2)  # the last actor stays isolated
        G.add_edge(u, v, weight=rng.randint(1, 3))
    G.add_edge("island_a", "island_b", weight=1)
    return G


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_compiled_betweenness_is_networkx_betweenness(seed):
    G = random_graph(seed)
    assert _compiled.betweenness(G) == pytest.approx(nx.betweenness_centrality(G, normalized=True), abs=1e-12)
    sampled = nx.betweenness_centrality(G, k=30, normalized=True, seed=seed)
    assert _compiled.betweenness(G, k=30, seed=seed) == pytest.approx(sampled, abs=1e-12)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_compiled_closeness_is_networkx_closeness_to_the_bit(seed):
    G = random_graph(seed)
    assert _compiled.closeness(G) == nx.closeness_centrality(G)


def test_compiled_eigenvector_is_networkx_power_iteration():
    G = nx.karate_club_graph()
    nx.set_edge_attributes(G, {e: 1 + i % 3 for i, e in enumerate(G.edges)}, "weight")
    expected = nx.eigenvector_centrality(G, max_iter=1000, tol=1e-9, weight="weight")
    assert _compiled.eigenvector(G, max_iter=1000, tol=1e-9, weight="weight") == pytest.approx(expected, abs=1e-12)
    with pytest.raises(nx.PowerIterationFailedConvergence):
        _compiled.eigenvector(G, max_iter=2, tol=1e-12, weight="weight")


@pytest.mark.parametrize("seed", [0, 1])
def test_compiled_structural_holes_are_networkx_constraint_and_effective_size(seed):
    G = random_graph(seed)
    constraint, effective = _compiled.structural_holes(G, "weight", block=17)  # several blocks of rows
    expected = (nx.constraint(G, weight="weight"), nx.effective_size(G, weight="weight"))
    for mine, theirs in zip((constraint, effective), expected, strict=True):
        assert mine == pytest.approx(theirs, abs=1e-12, nan_ok=True)
        assert math.isnan(mine["a119"]) and math.isnan(theirs["a119"])  # the isolated actor


def relations_graph(seed: int, actors: int = 90, relations: int = 400) -> nx.MultiDiGraph:
    rng = random.Random(seed)
    G = nx.MultiDiGraph()
    for i in range(actors):
        G.add_node(f"a{i:03d}", name=f"Actor {i}", kind="state", aliases=[], description="")
    names = list(G)
    for number in range(relations):
        u, v = rng.sample(names, 2)
        G.add_edge(
            u,
            v,
            key=f"r{number:04d}",
            directed=rng.random() < 0.7,
            polarity=rng.choice((1, -1, 0)),
            certainty=rng.choice(("confirmed", "reported", "alleged", "proposed", "denied")),
            start=rng.choice(("", "2021", "2022-05")),
            end="",
        )
    return G


def test_centrality_above_the_compiled_threshold_matches_networkx(monkeypatch):
    G = relations_graph(3)
    expected = centrality(G, sample_threshold=50, samples=20, seed=4)
    # the module, not the function of the same name that graphkit.analysis exports
    monkeypatch.setattr(importlib.import_module("graphkit.analysis.centrality"), "COMPILED_THRESHOLD", 10)
    compiled = centrality(G, sample_threshold=50, samples=20, seed=4)
    assert compiled.attrs["notes"] == expected.attrs["notes"]
    assert (compiled.fillna(-1) - expected.fillna(-1)).abs().max().max() < 1e-9


def test_brokerage_above_the_compiled_threshold_matches_networkx(monkeypatch):
    G = relations_graph(4)
    expected = brokerage(G)
    monkeypatch.setattr(importlib.import_module("graphkit.analysis.brokerage"), "COMPILED_THRESHOLD", 10)
    compiled = brokerage(G)
    assert compiled["constraint"].isna().equals(expected["constraint"].isna())
    assert (compiled.drop(columns="bridge") - expected.drop(columns="bridge")).abs().max().max() < 1e-9


def test_balance_finds_the_triangles_that_every_pair_of_neighbours_gives():
    G = relations_graph(5, actors=40, relations=300)
    graph = signed(G)
    table = balance(G)
    expected = [
        (a, b, c)
        for a in sorted(graph)
        for b, c in itertools.combinations(sorted(n for n in graph[a] if n > a), 2)
        if graph.has_edge(b, c)
        and 0 not in (graph.edges[a, b]["sign"], graph.edges[b, c]["sign"], graph.edges[a, c]["sign"])
    ]
    assert sorted(zip(table["a"], table["b"], table["c"], strict=True)) == sorted(expected)


class SinglePattern:
    """The finder's rule spelled out as it first was: one regular expression of every name, longest first.

    Its names are made here as they were then, character by character, so the finder's
    faster folding and look-ups are checked against it, not against themselves.
    """

    def __init__(self, actors):
        self.owner, alternatives = {}, []
        for actor in actors:
            forms = [actor.name, *actor.aliases]
            if "_" in actor.id or len(actor.id) > 4:
                forms.append(actor.id.replace("_", " "))
            for form in forms:
                form = re.sub(r"^the\s+", "", form, flags=re.IGNORECASE)
                letters = [c for c in form if c.isalpha()]
                acronym = " " not in form and len(letters) <= 6 and sum(c.isupper() for c in letters) >= 2
                key = squash_whitespace("".join(_fold_char(c, acronym) for c in form))
                if key and key not in self.owner:
                    self.owner[key] = actor.id
                    alternatives.append((key, acronym))
        alternatives.sort(key=lambda ka: (-len(ka[0]), ka[0]))
        body = "|".join(re.escape(k) if acronym else f"(?i:{re.escape(k)})" for k, acronym in alternatives)
        self.pattern = re.compile(rf"(?<!\w)(?:{body})(?!\w)")

    def find(self, text):
        parts = [_fold_char(c, True) for c in text]
        folded, origin = "".join(parts), [i for i, part in enumerate(parts) for _ in part] + [len(text)]
        mentions = []
        for match in self.pattern.finditer(folded):
            actor = self.owner.get(match.group()) or self.owner.get(match.group().casefold())
            if actor is not None:
                start, end = origin[match.start()], origin[match.end() - 1] + 1
                mentions.append(Mention(start, end, actor, text[start:end]))
        return mentions


ACTORS = [
    Actor("islamic_state", "Islamic State", "militant_group", ("IS", "ISIS"), ""),
    Actor("is_khorasan", "Islamic State Khorasan", "militant_group", ("IS-K", "ISKP"), ""),
    Actor("usa", "United States", "state", ("US", "U.S.", "Washington"), ""),
    Actor("let", "Lashkar-e-Taiba", "militant_group", ("LeT",), ""),
    Actor("etim", "East Turkestan Islamic Movement", "militant_group", ("ETIM/TIP",), ""),
    Actor("odd", "(Odd) Council", "organization", ("“Quoted” Front", "Straße Front", "ıstanbul office"), ""),
    Actor("sigma", "Σigma Group", "organization", ("_under score",), ""),
    Actor(
        "kilic",
        "Kılıç Group",
        "organization",
        (
            "Kilic Front",
            "the Kilic",
        ),
        "",
    ),
    Actor("state", "The State", "state", ("State", "STATE", "States of the Union"), ""),
    Actor("un", "United Nations", "organization", ("UN", "U.N.", "UNAMA", "UN-Habitat"), ""),
    Actor("afg", "Afghanistan", "state", ("Islamic Republic of Afghanistan", "Afghan government", "Kabul"), ""),
    Actor("tal", "Taliban", "militant_group", ("Islamic Emirate of Afghanistan", "the Islamic Emirate"), ""),
]
TEXTS = [
    "The Islamic State Khorasan (IS-K) and the Islamic State; ISIS, IS and is; us, US and U.S.",
    "LeT, let, LET and Lashkar–e—Taiba met the (Odd) Council and the “quoted” front.",
    "ETIM/TIP or etim/tip? STRASSE FRONT, Straße Front, İstanbul office, ISTANBUL OFFICE, ıstanbul office.",
    "ΣIGMA GROUP, σigma group, ςigma group; _under score, the_under score, Washington's Islamic Statehood.",
    "Kilic Group, KILIC GROUP, Kılıç Group, kılıc group and Kilic Front; U.S.A., U.S.-backed, UN-Habitat's UNAMA",
    "Islamic Republic of Afghanistan's Kabul; the Islamic Emirate of Afghanistan, Islamic Emirate, Afghan government",
    "Afghanistan",
    "US",
    "States of the Union. State? state, STATE! The State.",
]


def test_mention_finder_finds_what_the_single_pattern_finds():
    finder, reference = MentionFinder(ACTORS), SinglePattern(ACTORS)
    rng = random.Random(0)
    words = [*(f for a in ACTORS for f in (a.name, *a.aliases)), "the", "and", ",", "(", ")", "x", "is", "us", "-"]
    words += ["’s", "—", "…", "İ", "ı", "é", "”", "_", "1", ".", "Afghanistans", "US-", "-UN"]
    texts = list(TEXTS)
    for _ in range(4000):
        picked = [rng.choice(words) for _ in range(rng.randint(1, 8))]
        picked = ["".join(c.upper() if rng.random() < 0.3 else c for c in w) for w in picked]
        texts.append(rng.choice([" ", "", "/", "-", "  ", "\n"]).join(picked))
    found = 0
    for text in texts:
        assert finder.find(text) == reference.find(text), text
        assert finder.names_any(text, {"usa", "un"}) == any(m.actor in {"usa", "un"} for m in reference.find(text))
        found += len(reference.find(text))
    assert found > 4000


def test_mention_finder_finds_what_the_single_pattern_finds_in_the_bundled_data():
    dataset = load()
    finder, reference = MentionFinder(dataset.actors), SinglePattern(dataset.actors)
    texts = [*(rel.quote for rel in dataset.relations), *(rel.note for rel in dataset.relations)]
    texts += [line for document in dataset.documents.values() for line in document.splitlines()]
    found = 0
    for text in texts:
        assert finder.find(text) == reference.find(text), text
        found += len(reference.find(text))
    assert found > 1000
    for rel in dataset.relations:
        named = {m.actor for m in reference.find(rel.quote)}
        for parties in ((rel.source, rel.target), (rel.source,), (rel.target,)):
            assert finder.names_any(rel.quote, parties) == (not named.isdisjoint(parties)), (rel.quote, parties)


@pytest.mark.parametrize(
    ("content", "expected", "error_line"),
    [
        ("id,name\n1,a\n2,b\n", [(1, ["id", "name"], True), (2, ["1", "a"], True), (3, ["2", "b"], True)], None),
        ("id,name\r\n1,a\r\n\r\n2,b", [(1, ["id", "name"], True), (2, ["1", "a"], True), (4, ["2", "b"], True)], None),
        (
            'id,name\n1,"two\nlines"\n2,b\n',
            [(1, ["id", "name"], True), (2, ["1", "two\nlines"], False), (4, ["2", "b"], True)],
            None,
        ),
        ("id,name\r1,a\r2,b\r", [(1, ["id", "name"], True), (2, ["1", "a"], True), (3, ["2", "b"], True)], None),
        (
            'id,name\n1,"a\rb"\n2,c\n',
            [(1, ["id", "name"], True), (2, ["1", "a\rb"], False), (4, ["2", "c"], True)],
            None,
        ),
        ('id,name\n1,"unclosed\n2,b\n', [(1, ["id", "name"], True)], 2),
        ('id,name\n1,a"b\n', [(1, ["id", "name"], True), (2, ["1", 'a"b'], True)], None),
    ],
)
def test_records_read_as_the_file_streams_are_numbered_by_the_line_they_start_on(content, expected, error_line):
    """One pass numbers each record by its first line (a lone CR ends a line too) and says if it spans lines.

    Text without hidden characters is cut with str.splitlines, the rest through a StringIO: the same records.
    """
    for plain in (False, True):
        issues: list = []
        assert list(_records_by_line(content, "x.csv", issues, plain=plain)) == expected
        assert [(i.line, i.code) for i in issues] == ([(error_line, "bad-csv")] if error_line else [])


def test_a_file_with_other_line_breaks_is_cut_only_where_the_reader_cuts(tmp_path):
    """U+2028, form feed and the like end a line for str.splitlines but not for the CSV reader: one cell, one line."""
    path = tmp_path / "x.csv"
    for separator in "\v\f\x1c\x1d\x1e\x85\u2028\u2029":
        path.write_text(f"id,note\n1,a{separator}b\n2,c\n", encoding="utf-8", newline="")
        assert has_hidden(path.read_bytes())
        rows, issues = read_csv(path, ("id", "note"), "x.csv")
        assert [(r.line, r.cells) for r in rows] == [
            (2, {"id": "1", "note": f"a{separator}b"}),
            (3, {"id": "2", "note": "c"}),
        ]
        assert [(i.line, i.field, i.code) for i in issues] == [(2, "note", "hidden-character")], separator


def test_reading_a_file_with_quoted_line_breaks_keeps_line_numbers(tmp_path):
    path = tmp_path / "x.csv"
    with path.open("w", newline="") as handle:
        csv.writer(handle).writerows([["id", "note"], ["a", "one\ntwo"], ["b", "three"]])
    rows, issues = read_csv(path, ("id", "note"), "x.csv")
    assert [(r.line, r.cells["id"]) for r in rows] == [(2, "a"), (4, "b")] and not issues


@pytest.mark.parametrize(
    "header",
    [
        "id,source,target,relation,start,end,certainty,source_doc,quote,note",
        "id,source,target,relation,start,end,certainty,source_doc,quote,note,temporal,claimant,credibility",
        "note,quote,credibility,id,source,target,relation,start,end,certainty,source_doc",
    ],
)
def test_relations_read_are_the_relations_the_dataclass_makes(tmp_path, header):
    """The reader sets a Relation's fields itself, by position: each must be the one its column holds."""
    names = header.split(",")
    values = {
        "id": "r1",
        "source": " a ",
        "target": "b",
        "relation": "supports",
        "start": "2020",
        "end": "2021-02",
        "certainty": "reported",
        "source_doc": "s1",
        "quote": " A backs B. ",
        "note": "n",
        "temporal": "event",
        "claimant": "a",
        "credibility": "2",
    }
    (tmp_path / "relations.csv").write_text(header + "\n\n" + ",".join(values[n] for n in names) + "\n")
    for name in ("actors.csv", "sources.csv"):
        (tmp_path / name).write_text("")
    dataset, _ = read_dataset(tmp_path)
    expected = Relation(**{n: (values[n].strip() if n in names else "") for n in values}, line=3)
    (read,) = dataset.relations
    assert read == expected and read.line == 3 and astuple(read) == astuple(expected)  # line too
    assert hash(read) == hash(expected) and repr(read) == repr(expected)


def test_paused_gc_restores_the_collector_as_it_was():
    assert gc.isenabled()
    with paused_gc():
        assert not gc.isenabled()
        with paused_gc():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with paused_gc():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


@pytest.mark.parametrize(
    "text",
    ["plain quote", " leading", "trailing ", "double  space", "tab\there", "line\nbreak", "nbsp\xa0here", "", "  "],
)
def test_squashed_is_squash_whitespace(text):
    assert squashed(text) == squash_whitespace(text)


@pytest.mark.parametrize("text", ["plain", "a\x00b", "cr\r\nlf", "lone\rcr", "tab\tand\nline", "\ud800x", "x\ufffe"])
def test_clean_text_fast_path_changes_nothing_it_should_not(text):
    expected = re.sub(
        "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]", "", text.replace("\r\n", "\n").replace("\r", "\n")
    )
    assert clean_text(text) == expected


def test_span_index_answers_like_a_scan_of_every_span():
    rng = random.Random(1)
    spans = [(s, s + rng.randint(1, 30)) for s in (rng.randint(0, 500) for _ in range(60))]
    index = _SpanIndex(spans)
    for start in range(0, 520, 3):
        sentence = Sentence(start, start + rng.randint(1, 40), "")
        assert index.overlaps(sentence) == any(_overlaps(sentence, span) for span in spans)
    assert not _SpanIndex([]).overlaps(Sentence(0, 10, ""))


def test_column_types_are_column_type_of_each_column():
    dicts = [{"a": 1, "b": "x"}, {"a": 2.5, "c": True}, {"b": "y", "c": False, "d": [1]}, {"a": 1, "b": "x"}]
    expected = {name: column_type(d[name] for d in dicts if name in d) for name in columns(dicts)}
    assert column_types(dicts) == expected


def element_tree_gexf(H: nx.MultiDiGraph) -> str:
    """The GEXF document of `render`, built as an ElementTree and serialized indented, as graphkit first wrote it."""
    from graphkit.export import gexf

    root = ET.Element(
        "gexf",
        {
            "xmlns": gexf.NAMESPACE,
            "xmlns:xsi": gexf._XSI,
            "xsi:schemaLocation": f"{gexf.NAMESPACE} {gexf.NAMESPACE}/gexf.xsd",
            "version": gexf.VERSION,
        },
    )
    meta = ET.SubElement(root, "meta")
    ET.SubElement(meta, "creator").text = "graphkit"
    description = f"{H.graph.get('name', 'graphkit')}: {H.number_of_nodes()} actors, {H.number_of_edges()} relations"
    ET.SubElement(meta, "description").text = description
    spells = {(u, v, k): gexf._spell(k, d) for u, v, k, d in H.edges(keys=True, data=True)}
    graph = ET.SubElement(root, "graph", {"idtype": "string"})  # no defaultedgetype: each edge says its own
    graph.set("mode", "dynamic" if any(spells.values()) else "static")
    if any(spells.values()):
        graph.set("timeformat", "date")
        graph.set("timerepresentation", "interval")
    for klass, dicts in (
        ("node", [d for _, d in H.nodes(data=True)]),
        ("edge", [d for *_, d in H.edges(data=True, keys=True)]),
    ):
        names = columns(dicts)
        if names:
            block = ET.SubElement(graph, "attributes", {"class": klass, "mode": "static"})
            for name in names:
                kind = gexf._TYPES[column_type(d[name] for d in dicts if name in d)]
                ET.SubElement(block, "attribute", {"id": name, "title": name, "type": kind})

    def attvalues(element, data):
        if data:
            values = ET.SubElement(element, "attvalues")
            for name, value in data.items():
                ET.SubElement(values, "attvalue", {"for": name, "value": gexf.as_text(value)})

    colours = gexf._kind_colours()
    nodes = ET.SubElement(graph, "nodes", {"count": str(H.number_of_nodes())})
    for node, data in H.nodes(data=True):
        element = ET.SubElement(nodes, "node", {"id": node})
        if data.get("name"):
            element.set("label", gexf.as_text(data["name"]))
        attvalues(element, data)
        if colours.get(data.get("kind")):
            ET.SubElement(element, "color", colours[data["kind"]])
    edges = ET.SubElement(graph, "edges", {"count": str(H.number_of_edges())})
    for u, v, key, data in H.edges(keys=True, data=True):
        element = ET.SubElement(edges, "edge", {"id": key, "source": u, "target": v})
        if data.get("relation"):
            element.set("label", gexf.vocabulary().relations[data["relation"]].label)
            element.set("kind", data["relation"])
        element.set("type", "undirected" if data.get("directed") is False else "directed")
        attvalues(element, data)
        if spells[u, v, key]:
            ET.SubElement(ET.SubElement(element, "spells"), "spell", spells[u, v, key])
    ET.indent(root, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def test_gexf_text_is_what_element_tree_writes():
    G = nx.MultiDiGraph(name="A & B <test>")
    G.add_node("a", name='Quote "A" & <b>', kind="state", aliases=["x", "y"], description="tab\there\nline")
    G.add_node("b", name="", kind="unknown_kind")
    G.add_node("c")
    G.add_edge("a", "b", key="r1", relation="attacks", directed=True, polarity=-1, start="2024-05", end="")
    G.add_edge("b", "a", key="r2", relation="allied_with", directed=False, polarity=1, start="", end="2025")
    G.add_edge("a", "c", key="r3", relation="funds", directed=True, polarity=1, note='{braces} & "quotes"\r\n')
    G.add_edge("c", "a", key="r4", **{"odd {name}": "x", "relation": "hosts", "directed": True})
    for H in (G, nx.MultiDiGraph(), nx.MultiDiGraph(nx.empty_graph(2))):
        flat = flatten(H, "gexf")
        assert render(flat) == element_tree_gexf(flat)


def test_squash_whitespace_is_the_single_regular_expression_for_every_character():
    """str.split's whitespace and the regular expression's \\s must agree on every code point."""
    reference = re.compile(r"\s+")
    samples = [f" a{chr(c)}{chr(c)}b{chr(c)} " for c in range(0x3100) if not 0xD800 <= c <= 0xDFFF]
    samples += [f"x{chr(c)}y" for c in (0x3000, 0xFEFF, 0x180E, 0x200B, 0x205F, 0x1680)]
    for text in samples:
        assert squash_whitespace(text) == reference.sub(" ", text).strip(), repr(text)


def random_relations(seed: int, actors: int = 60, relations: int = 150) -> nx.MultiDiGraph:
    """A multigraph shaped like build_graph's: parallel relations of several types, certainties and dates."""
    rng = random.Random(seed)
    vocab = vocabulary()
    G = nx.MultiDiGraph()
    G.add_nodes_from(f"a{i:02d}" for i in range(actors))
    names, types = list(G), sorted(vocab.relations)
    for number in range(relations):
        u, v = rng.sample(names[: actors - 1], 2)  # the last actor stays isolated
        rtype = vocab.relations[rng.choice(types)]
        start = rng.choice(["", "2019", "2021-05", "2023-02-11"])
        G.add_edge(
            u,
            v,
            key=f"r{number:03d}",
            relation=rtype.name,
            directed=rtype.directed,
            polarity=rtype.polarity,
            certainty=rng.choice(sorted(vocab.certainty)),
            start=start,
            end=rng.choice(["", "2024"]) if start else "",
            source_doc="doc",
            quote=f"Quote {number}.",
            note="",
        )
    return G


def every_link(G: nx.MultiDiGraph, edge_filter: EdgeFilter, directed: bool) -> nx.Graph:
    """The reference: every link between two actors built first, weighted as paths weigh them."""
    rank = {name: level.rank for name, level in vocabulary().certainty.items()}
    strongest = max(rank.values())
    pairs: dict[tuple[str, str], list[int]] = {}
    for u, v, data in G.edges(data=True):
        if not edge_filter.accepts(data):
            continue
        if not directed:
            ends = [tuple(sorted((u, v)))]
        elif data["directed"]:
            ends = [(u, v)]
        else:
            ends = [(u, v), (v, u)]
        for pair in ends:
            pairs.setdefault(pair, []).append(rank[data["certainty"]])
    simple = nx.DiGraph() if directed else nx.Graph()
    simple.add_nodes_from(G)
    for (a, b), ranks in pairs.items():
        simple.add_edge(a, b, weight=_link_weight(max(ranks), len(ranks), strongest))
    return simple


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
@pytest.mark.parametrize("directed", [False, True])
def test_paths_found_as_the_search_asks_are_as_short_as_over_every_link(seed, directed):
    G = random_relations(seed)
    curated = {key: (u, v, data) for u, v, key, data in G.edges(keys=True, data=True)}
    rng = random.Random(seed)
    filters = [
        EdgeFilter(),
        EdgeFilter(certainties=certainty_levels(include_denied=True)),
        EdgeFilter(certainties=certainty_levels("reported"), as_of="2023"),
    ]
    for edge_filter in filters:
        reference = every_link(G, edge_filter, directed)
        for _ in range(25):
            source, target = rng.sample(sorted(G), 2)
            try:
                expected = nx.dijkstra_path_length(reference, source, target)
            except nx.NetworkXNoPath:
                with pytest.raises(nx.NetworkXNoPath):
                    paths(G, source, target, edge_filter=edge_filter, directed=directed)
                continue
            found = paths(G, source, target, edge_filter=edge_filter, directed=directed, k=3)
            lengths = [nx.path_weight(reference, [hops[0].focal] + [h.other for h in hops], "weight") for hops in found]
            assert lengths[0] == pytest.approx(expected, abs=1e-12)
            assert all(later >= earlier - 1e-9 for earlier, later in itertools.pairwise(lengths))
            for hops in found:
                for hop in hops:  # each hop's evidence is a qualifying relation between its two actors
                    assert reference.has_edge(hop.focal, hop.other)
                    u, v, data = curated[hop.relation_id]
                    assert (u, v) == (hop.source, hop.target) and edge_filter.accepts(data)
                    assert not (directed and hop.direction == "backward")
            shortest = paths(G, source, target, edge_filter=edge_filter, directed=directed, all_shortest=True)
            fewest_hops = {tuple(p) for p in nx.all_shortest_paths(reference, source, target)}
            assert {(hops[0].focal, *(h.other for h in hops)) for hops in shortest} == fewest_hops
            assert (
                found[0] in shortest
                and paths(G, source, target, edge_filter=edge_filter, directed=directed)[0] == found[0]
            )


def test_paths_break_ties_the_same_way_whatever_the_hash_seed():
    script = (
        "import random, graphkit.query as q, tests.test_fast_paths as t\n"
        "G = t.random_relations(7, actors=40, relations=120)\n"
        "for *_, data in G.edges(data=True): data['certainty'] = 'confirmed'  # links of equal weight: many ties\n"
        "rng = random.Random(1)\n"
        "pairs = [rng.sample(sorted(G), 2) for _ in range(40)]\n"
        "for s, e in pairs:\n"
        "    try: print([h.relation_id for h in q.paths(G, s, e)[0]])\n"
        "    except Exception as exc: print(type(exc).__name__)\n"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
            cwd=Path(__file__).resolve().parent.parent,
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(outputs) == 1


def test_relations_keyed_alike_in_both_directions_are_both_kept():
    """A graph made outside build_graph may key a->b and b->a relations alike (networkx's default key 0)."""
    G = nx.MultiDiGraph()
    common = {"certainty": "confirmed", "start": "", "end": "", "source_doc": "doc", "quote": "q", "note": ""}
    G.add_edge("a", "b", relation="hosts", directed=True, polarity=1, **common)
    G.add_edge("b", "a", relation="funds", directed=True, polarity=1, **common)
    G.add_edge("b", "c", relation="attacks", directed=True, polarity=-1, **common)
    (undirected,) = paths(G, "a", "c")
    assert (undirected[0].relation, undirected[0].direction, undirected[0].alternatives) == ("hosts", "forward", 1)
    (directed,) = paths(G, "a", "c", directed=True)
    assert (directed[0].relation, directed[0].alternatives) == ("hosts", 0)
    (backward,) = paths(G, "c", "a")
    assert {backward[1].relation} <= {"hosts", "funds"} and backward[1].alternatives == 1


def _difflib_nearest(value: str, choices, n: int = 3) -> list[str]:
    """did_you_mean's suggestions as they were: one difflib scan of every choice per value."""
    import difflib

    from graphkit.text import fold

    by_key: dict[str, str] = {}
    for choice in sorted(choices):
        by_key.setdefault(fold(choice), choice)
    return [by_key[hit] for hit in difflib.get_close_matches(fold(value), list(by_key), n=n, cutoff=0.6)]


def _misspelt(rng: random.Random, word: str) -> str:
    for _ in range(rng.choice((1, 1, 2, 3))):
        at = rng.randrange(len(word) + 1)
        edit = rng.random()
        if edit < 0.35:
            word = word[:at] + word[at + 1 :]
        elif edit < 0.7:
            word = word[:at] + rng.choice("aeiorstx_") + word[at:]
        else:
            word = word[:at] + rng.choice("aeiorstx_") + word[at + 1 :]
    return word or "x"


@pytest.mark.parametrize("seed", range(4))
def test_indexed_suggestions_are_difflibs_suggestions(seed):
    """The fuzzy index keeps difflib's choices, order and ties, on ids made to be confusable."""
    from graphkit.text import Suggestions

    rng = random.Random(seed)
    stems = ["kabul", "kandahar", "taliban", "iskp", "haqqani", "nato", "pakistan", "herat", "front", "army"]
    choices = {
        "_".join(rng.choice(stems) for _ in range(rng.choice((1, 2, 2, 3)))) + rng.choice(("", "_1", "_2", "s"))
        for _ in range(600)
    }
    choices |= {"Kabul Front", "kabul front", "KABUL_FRONT"}  # the same folded key: the first in order is kept
    values = [_misspelt(rng, rng.choice(sorted(choices))) for _ in range(150)] + ["", "zzzz", "kabul"]
    choices = sorted(choices)
    indexed = Suggestions(choices, indexed=0).nearest(values)
    scanned = Suggestions(choices, indexed=len(choices)).nearest(values)
    for value in values:
        expected = _difflib_nearest(value, choices)
        assert indexed[value] == expected, value
        assert scanned[value] == expected, value
    assert sum(map(bool, indexed.values())) > 100  # most misspellings have suggestions


def test_did_you_mean_reads_as_before():
    from graphkit.text import did_you_mean

    assert did_you_mean("bordura_front", ["borduria_front", "zz"]) == "did you mean 'borduria_front'?"
    assert did_you_mean("q", ["a", "b"]) == "expected one of a, b"
    assert did_you_mean("q", [f"long_choice_{i}" for i in range(20)]) == "no similar value is known"
    assert did_you_mean("q", []) == "none are defined"


def test_relations_checked_by_distinct_value_find_what_checking_every_row_finds(dataset_dir):
    """Only rows holding a bad value are checked one by one: they must be every row a full check flags."""
    from graphkit.load import read_dataset
    from graphkit.text import did_you_mean
    from graphkit.validate import _all_relation_ids, _relation_issues, _relations

    assert _all_relation_ids(["r1", "a.b-c_d"]) and _all_relation_ids([])
    assert not _all_relation_ids(["r1", "two\nlines"]) and not _all_relation_ids(["r1", "r 2"])

    path = dataset_dir / "relations.csv"
    rows = [row + ",,," for row in path.read_text(encoding="utf-8").splitlines()]
    rows[0] = rows[0].removesuffix(",,,") + ",temporal,claimant,credibility"
    header, first = rows[0], rows[1].split(",")
    bad_rows = []
    changes = [
        (0, "bad id!"),
        (0, '"two\nlines"'),
        (1, "avalonia_x"),
        (2, "nobody"),
        (3, "recognises"),
        (6, "sure"),
        (7, "reprot"),
        (4, "2024-13"),
        (5, "2020"),
        (10, "sometimes"),
        (11, "ruritanai"),
        (11, "author"),
        (12, "7"),
        (12, "12"),
        (12, "3"),
    ]
    for number, (column, value) in enumerate(changes):
        cells = list(first)
        cells[0] = f"x{number}"
        cells[column] = value
        bad_rows += [",".join(cells)] * 2  # twice: a bad value on several rows is reported on each
    loop = list(first)
    loop[0], loop[2] = "loop", loop[1]
    bad_rows.append(",".join(loop))
    path.write_text("\n".join([header, *rows[1:], *bad_rows]) + "\n", encoding="utf-8")
    dataset, _ = read_dataset(dataset_dir)
    vocab = vocabulary()
    actor_ids, source_ids = {a.id for a in dataset.actors}, {s.id for s in dataset.sources}
    actor_hint = {v: did_you_mean(v, actor_ids) for r in dataset.relations for v in (r.source, r.target)}
    source_hint = {r.source_doc: did_you_mean(r.source_doc, source_ids) for r in dataset.relations}
    every_row = {
        issue
        for rel in dataset.relations
        for issue in _relation_issues(rel, vocab, actor_ids, source_ids, actor_hint, source_hint, frozenset())
    }
    assert set(_relations(dataset, vocab)) == every_row
    assert {i.code for i in every_row} >= {
        "bad-id",
        "unknown-actor",
        "unknown-relation",
        "self-loop",
        "unknown-certainty",
        "unknown-source",
        "bad-date",
        "end-before-start",
        "bad-temporal",
        "unknown-claimant",
        "bad-credibility",
    }


def dated_relations_graph(seed: int) -> nx.MultiDiGraph:
    """`relations_graph` with dates spread over the snapshots' years, so each snapshot holds a different part."""
    G = relations_graph(seed)
    rng = random.Random(seed)
    for _, _, data in G.edges(data=True):
        data["start"] = rng.choice(("", "2021", "2022-05", "2023", "2024-02"))
        data["end"] = rng.choice(("", "", "2023-06", "2024"))
        data["source_doc"] = rng.choice(("d1", "d2", "d3", "d4"))
    return G


@pytest.mark.parametrize("seed", [0, 1])
def test_snapshots_above_the_compiled_threshold_match_networkx(monkeypatch, seed):
    from graphkit.analysis import over_time
    from graphkit.analysis.sensitivity import source_sensitivity

    G = dated_relations_graph(seed)
    days = ["2021-06-01", "2022-06-01", "2023-06-01", "2024-06-01", "2024-12-31"]
    expected = over_time(G, days, sample_threshold=50, samples=20, seed=4)
    assert expected["degree"].sum() > 0 and expected["betweenness"].sum() > 0
    expected_sensitivity = source_sensitivity(G, sample_threshold=50, samples=20, seed=4)
    for module in ("temporal", "centrality", "sensitivity"):
        monkeypatch.setattr(importlib.import_module(f"graphkit.analysis.{module}"), "COMPILED_THRESHOLD", 10)
    compiled = over_time(G, days, sample_threshold=50, samples=20, seed=4)
    assert compiled.attrs == expected.attrs
    assert compiled[["date", "actor", "degree"]].equals(expected[["date", "actor", "degree"]])
    difference = compiled[["betweenness", "pagerank"]] - expected[["betweenness", "pagerank"]]
    assert difference.abs().max().max() < 1e-9
    sensitivity = source_sensitivity(G, sample_threshold=50, samples=20, seed=4)
    assert sensitivity.drop(columns="value").equals(expected_sensitivity.drop(columns="value"))
    assert (sensitivity["value"] - expected_sensitivity["value"]).abs().max() < 1e-9


def test_leave_one_out_change_above_the_compiled_threshold_matches_networkx(monkeypatch):
    from graphkit.analysis.sensitivity import source_sensitivity

    G = dated_relations_graph(0)
    sensitivity = importlib.import_module("graphkit.analysis.sensitivity")
    monkeypatch.setattr(sensitivity, "CHANGE_SAMPLES", 10)  # fewer than the rankings' 20: the change is estimated
    expected = source_sensitivity(G, sample_threshold=50, samples=20, seed=4)
    assert expected.attrs["change_samples"] == 10
    for module in ("centrality", "sensitivity"):
        monkeypatch.setattr(importlib.import_module(f"graphkit.analysis.{module}"), "COMPILED_THRESHOLD", 10)
    compiled = source_sensitivity(G, sample_threshold=50, samples=20, seed=4)
    assert compiled.attrs == expected.attrs
    assert compiled.drop(columns="value").equals(expected.drop(columns="value"))
    assert (compiled["value"] - expected["value"]).abs().max() < 1e-9


def test_sign_changes_read_from_pairs_are_those_of_the_signed_snapshots():
    from graphkit.analysis import sign_changes
    from graphkit.analysis.temporal import SNAPSHOT_WINDOW, _stance

    def stance(pair: dict) -> str:
        return _stance(pair["positive"], pair["negative"], pair["neutral"])

    G = dated_relations_graph(2)
    days = ["2021-06-01", "2022-06-01", "2023-06-01", "2024-06-01", "2024-12-31"]
    expected = []
    for before, since in itertools.pairwise(days):
        earlier, later = (signed(G, as_of=day, window=SNAPSHOT_WINDOW) for day in (before, since))
        for a, b in sorted({tuple(sorted(e)) for e in earlier.edges} | {tuple(sorted(e)) for e in later.edges}):
            was = stance(earlier.edges[a, b]) if earlier.has_edge(a, b) else "none"
            now = stance(later.edges[a, b]) if later.has_edge(a, b) else "none"
            if was != now:
                relations = tuple(later.edges[a, b]["relations"]) if later.has_edge(a, b) else ()
                expected.append((a, b, before, since, was, now, relations))
    assert len(expected) > 20
    assert list(sign_changes(G, days).itertuples(index=False, name=None)) == expected


def test_sampled_closeness_is_exact_in_small_groups_and_within_its_bound_elsewhere():
    G = random_graph(5, nodes=400, edges=900)
    exact = nx.closeness_centrality(G)
    assert _compiled.closeness_sampled(G, k=500, seed=1) == exact  # every group smaller than the sample
    estimated = _compiled.closeness_sampled(G, k=60, seed=1)
    assert estimated == _compiled.closeness_sampled(G, k=60, seed=1)
    assert estimated != exact
    diameter = nx.diameter(G.subgraph(max(nx.connected_components(G), key=len)))
    for actor, value in exact.items():
        if value:  # mean distance = (share reached) / closeness
            reach = len(nx.node_connected_component(G, actor)) - 1
            share = reach / (len(G) - 1)
            assert abs(share / estimated[actor] - share / value) <= 0.35 * diameter
    assert estimated["island_a"] == exact["island_a"] and estimated["a399"] == 0.0


def test_markdown_escaping_by_translation_is_the_escaping_character_by_character():
    from graphkit.report.markdown import _MARKDOWN_SPECIAL, md

    def by_character(text: str) -> str:
        flat = " ".join(text.split())
        return "".join("\\" + ch if ch in _MARKDOWN_SPECIAL else ch for ch in flat)

    rng = random.Random(0)
    alphabet = [*_MARKDOWN_SPECIAL, *"ab \n\t\u00a0é“”…\\"]
    for _ in range(5000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        assert md(text) == by_character(text)


@pytest.mark.parametrize("connected", [True, False])
def test_eigenvector_fallbacks_above_the_compiled_threshold_are_networkxs(monkeypatch, connected):
    def fails(*args, **kwargs):
        raise nx.PowerIterationFailedConvergence(1000)

    G = relations_graph(5)
    if connected:  # one group: ARPACK runs; else networkx's ARPACK refuses it and the values are NaN
        from graphkit.analysis import undirected

        G = G.subgraph(max(nx.connected_components(undirected(G)), key=len)).copy()
        assert nx.is_connected(undirected(G))
    monkeypatch.setattr(nx, "eigenvector_centrality", fails)
    expected = centrality(G, layers=("all",))
    monkeypatch.setattr(_compiled, "eigenvector_of", fails)
    monkeypatch.setattr(importlib.import_module("graphkit.analysis.centrality"), "COMPILED_THRESHOLD", 10)
    compiled = centrality(G, layers=("all",))
    assert compiled.attrs["notes"] == expected.attrs["notes"]
    assert any(("ARPACK instead" if connected else "NaN") in note for note in compiled.attrs["notes"])
    assert (compiled["eigenvector_all"].fillna(-1) - expected["eigenvector_all"].fillna(-1)).abs().max() < 1e-9


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_ranking_by_partition_is_every_value_sorted(seed):
    import pandas as pd

    from graphkit.analysis.sensitivity import ranking

    rng = random.Random(seed)
    actors = [f"a{i:03d}" for i in range(300)]
    floats = pd.Series([rng.choice([0.0, -1.0, math.nan, 0.5, 0.25, rng.random()]) for _ in actors], index=actors)
    ints = pd.Series([rng.randint(-2, 6) for _ in actors], index=actors)
    for values in (floats, ints):
        for top in (1, 3, 10, 200, 400):
            plain = sorted(
                ((a, v) for a, v in values.items() if not pd.isna(v) and v > 0), key=lambda av: (-av[1], av[0])
            )
            assert ranking(values, top) == plain[:top]
            assert [type(v) for _, v in ranking(values, top)] == [type(v) for _, v in plain[:top]]


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_opposed_stances_by_a_sweep_are_those_of_every_pair(seed):
    from graphkit.analysis import contradictions as c

    rng = random.Random(seed)
    relations = []
    for i in range(400):
        u, v = rng.sample(["a", "b", "c", "d"], 2)
        start = rng.choice(["", "2020", "2021-03", "2022", "2022-06", "2023-01"])
        end = rng.choice(["", "", "?", "2021", "2022-06", "2024"]) if start else ""
        if start and end and end != "?" and end < start:
            start, end = end, start
        data = {
            "relation": rng.choice(["supports", "attacks", "allied_with", "opposes", "deploys"]),
            "directed": True,
            "certainty": "confirmed",
            "start": start,
            "end": end,
            "temporal": rng.choice(["event", "state"]),
            "source_doc": rng.choice(["x", "y", "z"]),
            "claimant": rng.choice(["", "", "p", "q"]),
            "quote": "...",
            "note": "",
        }
        relations.append((u, v, f"r{i:03d}", data))

    def every_pair(members):
        found = []
        by_pair = {}
        for m in members:
            if c.polarity_of(m[3]) in ("cooperative", "hostile"):
                by_pair.setdefault(c._pair(m[0], m[1]), []).append(m)
        for (a, b), group in sorted(by_pair.items()):
            friendly = [m for m in group if c.polarity_of(m[3]) == "cooperative"]
            hostile = [m for m in group if c.polarity_of(m[3]) == "hostile"]
            cited, spans = {}, []
            for x, y in itertools.product(friendly, hostile):
                held = c._together(x[3], y[3]) if c._apart(x[3], y[3]) else None
                if held is not None:
                    cited[x[2]], cited[y[2]] = x, y
                    spans.append(held)
            if cited:
                claims = tuple(c._claim(*cited[k]) for k in sorted(cited))
                first, last = min(s[0] for s in spans), max(s[1] for s in spans)
                found.append(c.Contradiction("opposed stances", a, b, claims, c._iso(first), c._iso(last)))
        return found

    expected = every_pair(relations)
    assert expected  # the inputs make some
    assert c._opposed(relations, {key: c._span(data) for _, _, key, data in relations}) == expected


def test_names_any_answers_as_the_single_pattern_for_every_pair_of_parties():
    """A quote naming a party by a plain name is settled without a scan: the answer must not change.

    Names that hold another actor's name ('Pakistani Taliban', 'Taliban Army'), share a
    start with it ('Islamic State' and 'State Bank' across 'Islamic State Bank'), equal it
    up to case (the acronym 'AFG' and the name 'afg') or match it up to case beyond ASCII
    ('ıslamic State') must not be taken for it.
    """
    actors = [
        *ACTORS,
        Actor("ttp", "Pakistani Taliban", "militant_group", ("Taliban Army", "TTP"), ""),
        Actor("bank", "State Bank", "organization", ("Bank of Kabul", "Emirate"), ""),
        Actor("afg_acr", "A F G", "organization", ("AFG",), ""),
        Actor("afg_low", "Afg", "organization", ("Kabul Emirate",), ""),
        Actor("dotless", "ıslamic Front", "organization", ("Front Line",), ""),
        Actor("frontier", "Frontier Corps.", "organization", ("Line Corps",), ""),
    ]
    finder, reference = MentionFinder(actors), SinglePattern(actors)
    ids = [a.id for a in actors]
    rng = random.Random(1)
    words = [*(f for a in actors for f in (a.name, *a.aliases)), "the", "and", ",", "said", "x", "-", "_", "’s", "ı"]
    texts = list(TEXTS)
    for _ in range(3000):
        picked = [rng.choice(words) for _ in range(rng.randint(1, 6))]
        picked = ["".join(c.upper() if rng.random() < 0.2 else c for c in w) for w in picked]
        texts.append(rng.choice([" ", "", "/", "-", "  "]).join(picked))
    named = 0
    for text in texts:
        mentioned = {m.actor for m in reference.find(text)}
        for _ in range(6):
            parties = (rng.choice(ids), rng.choice(ids))
            expected = not mentioned.isdisjoint(parties)
            assert finder.names_any(text, parties) == expected, (text, parties)
            named += expected
    assert 2000 < named < 16000  # both answers are asked for many times


def test_relation_ids_checked_together_are_the_ids_checked_one_by_one():
    validate_module = importlib.import_module("graphkit.validate")
    rng = random.Random(3)
    alphabet = ["a", "Z", "7", "_", ".", "-", " ", "\n", "é", "٣", "/"]
    for _ in range(3000):
        ids = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 4))) for _ in range(rng.randint(1, 4))]
        if rng.random() < 0.5:
            ids = [re.sub(r"[^A-Za-z0-9_.-]", "x", i) for i in ids]
        expected = all(validate_module.RELATION_ID_PATTERN.fullmatch(i) for i in ids)
        assert validate_module._all_relation_ids(ids) == expected, ids
