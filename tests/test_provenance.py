"""Corroboration, contradictions, rivalry, leave-one-source-out and the Key findings, on small exact cases."""

from __future__ import annotations

import importlib
import re

import networkx as nx
import pytest
from click.testing import CliRunner

import graphkit
from graphkit.analysis import LAYERS, balance, centrality, signed
from graphkit.analysis.contradictions import contradicted, contradictions
from graphkit.analysis.sensitivity import source_sensitivity
from graphkit.analysis.summary import analyse
from graphkit.cli import main
from graphkit.errors import GraphkitError, UsageError
from graphkit.model import Relation, Source
from graphkit.provenance import corroboration, origins, same_origin
from graphkit.rules import EdgeFilter
from graphkit.vocab import parse_vocabulary, vocabulary


def source(id: str, authors: str = "", outlet: str = "") -> Source:
    return Source(id, f"docs/{id}.txt", id, authors, outlet, "", "")


def relation(id, source_doc, relation="supports", a="a", b="b", start="", end="", certainty="confirmed") -> Relation:
    return Relation(id, a, b, relation, start, end, certainty, source_doc, "quote", "")


SOURCES = {
    s.id: s
    for s in [
        source("x", "Ann Lee"),
        source("y", "Bo Chan"),
        source("z", "Ann Lee; Eve Ng"),  # shares an author with x: one origin
        source("w", "Cy Dee"),
        source("v", "Di Fu"),
        source("p", outlet="Gazette"),
        source("q", outlet="Gazette"),  # anonymous in the same outlet as p: one origin
    ]
}


def test_corroboration_groups_the_same_claim_from_independent_documents():
    found = corroboration(
        [
            relation("r1", "x"),
            relation("r2", "y"),
            relation("r3", "z"),
            relation("r4", "y", certainty="proposed"),  # a plan does not corroborate a fact
            relation("r5", "y", a="b", b="a"),  # the other direction of a directed type
            relation("r6", "w", start="2020", end="2021"),
            relation("r7", "v", start="2023"),  # does not overlap r6
            relation("r8", "x"),  # a second row of document x: a duplicate, not a corroboration
            relation("s1", "p", "cooperates_with"),
            relation("s2", "q", "cooperates_with", a="b", b="a"),  # symmetric: the same pair
            relation("s3", "y", "cooperates_with"),
        ],
        SOURCES,
    )
    assert (found["r1"].count, found["r1"].by) == (4, ("r2", "r3", "r6", "r7"))  # x and z are one origin
    assert (found["r6"].count, found["r6"].by) == (3, ("r1", "r2", "r3", "r8"))  # not r7: another time
    assert (found["r8"].count, found["r8"].by) == (4, ("r2", "r3", "r6", "r7"))
    assert (found["r4"].count, found["r4"].by) == (1, ())
    assert (found["r5"].count, found["r5"].by) == (1, ())
    assert (found["s1"].count, found["s1"].by) == (2, ("s2", "s3"))  # p and q: one anonymous outlet


def test_same_origin_is_a_shared_author_or_one_anonymous_outlet():
    assert same_origin(SOURCES["x"], SOURCES["z"]) and same_origin(SOURCES["p"], SOURCES["q"])
    assert not same_origin(SOURCES["x"], SOURCES["y"]) and not same_origin(SOURCES["p"], SOURCES["x"])


def test_bundled_edges_carry_corroboration_and_the_ids_of_the_others():
    G = graphkit.build_graph(graphkit.load())
    edges = {k: d for *_, k, d in G.edges(keys=True, data=True)}
    assert all(d["corroboration"] >= 1 for d in edges.values())
    for key, data in edges.items():
        for other in data["corroborated_by"]:
            assert edges[other]["source_doc"] != data["source_doc"] and key in edges[other]["corroborated_by"]
    # Russia's recognition of the Taliban: Jamal and the border piece; no independent third.
    assert edges["ja001"]["corroboration"] == 2 and edges["ja001"]["corroborated_by"] == ["bd009"]


def test_min_sources_and_min_reliability_filter_every_command_alike(dataset_dir):
    data = {"relation": "supports", "certainty": "confirmed", "start": "", "end": "", "polarity": 1}
    assert EdgeFilter(min_sources=2).accepts({**data, "corroboration": 2})
    assert not EdgeFilter(min_sources=2).accepts({**data, "corroboration": 1})
    assert EdgeFilter(min_reliability="B").accepts({**data, "source_reliability": "A"})
    assert not EdgeFilter(min_reliability="B").accepts({**data, "source_reliability": "C"})
    assert not EdgeFilter(min_reliability="E").accepts({**data, "source_reliability": ""})  # ungraded
    assert not EdgeFilter(min_reliability="E").accepts({**data, "source_reliability": "F"})  # cannot be judged
    with pytest.raises(UsageError):
        EdgeFilter(min_sources=0)
    runner = CliRunner()
    base = ["--data", str(dataset_dir), "neighbors", "avalonia"]
    assert "borduria_front" in runner.invoke(main, [*base, "--min-reliability", "C", "--format", "csv"]).output
    narrowed = runner.invoke(main, [*base, "--min-reliability", "B"])
    assert narrowed.exit_code == 0 and "source reliability B or better" in narrowed.output
    alone = runner.invoke(main, [*base, "--min-sources", "2"])
    assert "stated by at least 2 independent documents" in alone.output  # one source: nothing passes


# --- contradictions --------------------------------------------------------------------------


def edge(G, key, u, v, relation, doc, start="", end="", certainty="confirmed", claimant=""):
    rtype = vocabulary().relations[relation]
    G.add_edge(u, v, key=key, relation=relation, directed=rtype.directed, polarity=rtype.polarity,
               temporal=rtype.temporal, start=start, end=end, certainty=certainty, source_doc=doc,
               quote=f"quote {key}", note="", claimant=claimant)  # fmt: skip


def test_contradiction_kinds_on_a_small_graph():
    G = nx.MultiDiGraph()
    edge(G, "c1", "a", "b", "supports", "x", "2020", "2024")  # a state, 2020 to 2024
    edge(G, "c2", "a", "b", "attacks", "y", "2022-05")  # an event inside it, another document: opposed
    edge(G, "c3", "a", "b", "clashes_with", "x", "2022-06")  # the same document as c1: not opposed to it
    edge(G, "t1", "c", "d", "designates_terrorist", "x", "2003", "2024-03")
    edge(G, "t2", "c", "d", "delists_terrorist", "y", "2024-03")  # the act that ended it: no contradiction
    edge(G, "d1", "e", "f", "funds", "x", certainty="denied")
    edge(G, "d2", "e", "f", "funds", "y")  # the claim the denial answers (both undated)
    edge(G, "d3", "e", "f", "funds", "w", "2019")  # dated: another occasion, not cited
    edge(G, "k1", "g", "h", "attacks", "x", "2023-01")
    edge(G, "k2", "g", "h", "attacks", "y", "2024-06")  # one attack dated differently by two documents
    edge(G, "k3", "i", "j", "attacks", "x", "2023-01")
    edge(G, "k4", "i", "j", "attacks", "x", "2024-06")  # two attacks in one document: two facts
    edge(G, "k5", "i", "j", "attacks", "y", "2025-02")
    edge(G, "m1", "k", "l", "cooperates_with", "x", "2020", claimant="kabul")
    edge(G, "m2", "k", "l", "opposes", "x", "2021", claimant="dushanbe")  # one document, two claimants
    edge(G, "n1", "m", "n", "cooperates_with", "x", "2020")
    edge(G, "n2", "m", "n", "competes_with", "y", "2021")  # rivalry is not hostility
    found = [(c.kind, c.a, c.b, c.relations, c.first, c.last) for c in contradictions(G)]
    assert found == [
        ("opposed stances", "a", "b", ("c1", "c2"), "2022-05-01", "2022-05-31"),
        ("opposed stances", "k", "l", ("m1", "m2"), "2021-01-01", ""),
        ("denied", "e", "f", ("d1", "d2"), "", ""),
        ("dates differ", "g", "h", ("k1", "k2"), "", ""),
    ]  # i–j: document x tells of two attacks, so y's third date may well be a third
    badges = contradicted(contradictions(G))
    assert badges["c1"] == ("opposed stances",) and badges["d1"] == ("denied",) and "t2" not in badges


def test_contradictions_command_cites_ids_and_quotes_on_the_bundled_data():
    result = CliRunner().invoke(main, ["contradictions", "--format", "json"])
    assert result.exit_code == 0, result.output
    import json

    items = json.loads(result.output)
    kinds = {item["kind"] for item in items}
    assert kinds <= {"opposed stances", "denied", "dates differ"} and "denied" in kinds
    denied = [item for item in items if item["kind"] == "denied"]
    assert {item["relations"][0] for item in denied} == {
        "fw028",
        "bd004",
        "td032",
        "td033",
    }  # td034 left the data: a venue is not shelter
    assert all(claim["quote"] for item in items for claim in item["claims"])
    text = CliRunner().invoke(main, ["contradictions"]).output
    assert "Opposed stances: Russia – Taliban" in text and "td037" in text


# --- rivalry -------------------------------------------------------------------------------


def test_rivalry_is_its_own_polarity_and_layer_with_no_sign():
    vocab = vocabulary()
    competes = vocab.relations["competes_with"]
    assert (competes.polarity_name, competes.polarity) == ("rivalry", 0)
    assert vocab.relations["attacks"].polarity_name == "hostile"
    assert LAYERS == ("all", "cooperative", "hostile", "rivalry")
    G = nx.MultiDiGraph()
    edge(G, "r1", "port_a", "port_b", "competes_with", "x")
    edge(G, "r2", "port_a", "state", "supports", "x")
    edge(G, "r3", "port_b", "state", "supports", "x")
    table = centrality(G)
    assert table.loc["port_a", "degree_hostile"] == 0 and table.loc["port_a", "degree_rivalry"] == 1
    pair = signed(G).edges["port_a", "port_b"]
    assert (pair["sign"], pair["rivalry"], pair["negative"]) == (0, 1, 0)
    assert len(balance(G)) == 0  # the triangle has a side that is neither friend nor enemy
    assert EdgeFilter(polarity="rivalry").accepts(G.edges["port_a", "port_b", "r1"])
    assert not EdgeFilter(polarity="hostile").accepts(G.edges["port_a", "port_b", "r1"])


def test_vocabulary_checks_polarity_names_and_values():
    import tomllib
    from importlib import resources

    data = tomllib.loads(resources.files("graphkit").joinpath("vocab.toml").read_text(encoding="utf-8"))
    data["relations"]["competes_with"]["polarity"] = "enmity"
    with pytest.raises(GraphkitError, match="polarity 'enmity' is not in"):
        parse_vocabulary(data)
    data["relations"]["competes_with"]["polarity"] = "rivalry"
    data["polarity"]["rivalry"]["value"] = 2
    with pytest.raises(GraphkitError, match="must be -1, 0 or 1"):
        parse_vocabulary(data)


def test_cli_polarity_choices_come_from_the_vocabulary(dataset_dir):
    result = CliRunner().invoke(main, ["--data", str(dataset_dir), "neighbors", "avalonia", "--polarity", "rivalry"])
    assert result.exit_code == 0 and "polarity rivalry" in result.output


# --- leave one source out ------------------------------------------------------------------


def test_leave_one_source_out_names_the_positions_that_rest_on_one_document():
    G = nx.MultiDiGraph()
    for key, (u, v, doc) in enumerate(
        [("hub", "a", "x"), ("hub", "b", "x"), ("hub", "c", "y"), ("d", "a", "y"), ("d", "e", "z")]
    ):
        edge(G, f"r{key}", u, v, "supports", doc)
    table = source_sensitivity(G, top=2)
    degree = table[table.measure == "degree"]
    rows = degree[["rank", "actor", "rests_on", "ranks_without", "relations"]].to_dict("records")
    assert rows == [
        # Without x the hub keeps only c: degree 1, behind d (2) and a, c, e (1, ties by id): #5.
        {"rank": 1, "actor": "hub", "rests_on": ("x",), "ranks_without": (5,), "relations": ("r0", "r1")},
        # a (degree 2, ahead of d by id) stays second without any one document.
        {"rank": 2, "actor": "a", "rests_on": (), "ranks_without": (), "relations": ()},
    ]
    assert table.attrs["documents"] == ["x", "y", "z"] and table.attrs["documents_total"] == 3
    bounded = source_sensitivity(G, top=2, max_sources=1)
    assert bounded.attrs["documents"] == ["x"] and bounded.attrs["documents_total"] == 3


def test_sampled_leave_one_out_moves_betweenness_only_by_what_the_document_changes(monkeypatch):
    # Two stars, of 4 and 2 leaves, whose centres only "bridge" joins: left - bridge from y, bridge -
    # right from x. Document "dup" restates two ties y states already: leaving it out changes no pair.
    monkeypatch.setattr(importlib.import_module("graphkit.analysis.sensitivity"), "CHANGE_SAMPLES", 3)
    G = nx.MultiDiGraph()
    ties = [("left", f"l{i}", "y") for i in range(4)] + [("right", f"r{i}", "y") for i in range(2)]
    ties += [("left", "bridge", "y"), ("bridge", "right", "x"), ("left", "l0", "dup"), ("right", "r0", "dup")]
    for key, (u, v, doc) in enumerate(ties):
        edge(G, f"r{key:02d}", u, v, "supports", doc)
    for seed in range(8):
        # the rankings sample every actor (9 of 9: exact); the change without each document, 3 of them
        table = source_sensitivity(G, top=2, sample_threshold=5, samples=9, seed=seed)
        assert table.attrs["change_samples"] == 3 and table.attrs["documents"] == ["y", "dup", "x"]
        rows = table[table.measure == "betweenness"].set_index("actor")
        assert rows.index.tolist() == ["left", "bridge"]
        # no pair changed without dup: the full ranking stands, however 3 sources would have ranked it
        assert all("dup" not in docs for docs in rows["rests_on"])
        # without x the bridge keeps one counterpart: it lies on no path and scores nothing
        assert dict(zip(rows.at["bridge", "rests_on"], rows.at["bridge", "ranks_without"], strict=True))["x"] == 0


# --- Key findings --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bundled_analysis():
    return analyse(graphkit.build_graph(graphkit.load()))


def test_each_finding_cites_relations_that_exist_and_support_it(bundled_analysis):
    a = bundled_analysis
    G = a.graph
    ends = {k: (u, v) for u, v, k in G.edges(keys=True)}
    assert 5 <= len(a.findings) <= 10
    kinds = [f.kind for f in a.findings]
    assert {"broker", "stance", "tension", "contradiction", "denied", "single-sourced", "sensitivity"} <= set(kinds)
    for f in a.findings:
        assert f.relations, f.text
        for rid in f.relations:
            assert rid in ends, (f.kind, rid)
            data = a.relation[rid]
            u, v = ends[rid]
            assert u in f.actors or v in f.actors, (f.kind, rid)
            if f.kind in ("stance", "tension", "contradiction"):
                assert {u, v} <= set(f.actors), (f.kind, rid)
            if f.kind == "broker":
                assert f.actors[0] in (u, v)
            if f.kind == "denied":
                assert data["certainty"] == "denied"
            if f.kind == "single-sourced":
                assert data["corroboration"] == 1 and {u, v} <= set(f.actors)
            if f.kind == "sensitivity":
                doc = re.search(r"without (\S+),", f.text).group(1)
                assert data["source_doc"] == doc and f.actors[0] in (u, v)
            if f.kind == "rivalry":
                assert data["relation"] == "competes_with"
        for actor in f.actors:
            assert a.name(actor) in f.text, (f.kind, actor)


def test_findings_say_what_the_analyses_found(bundled_analysis):
    a = bundled_analysis
    by_kind = {f.kind: f for f in a.findings}
    unbalanced = int((~a.triads["balanced"]).sum())
    assert by_kind["tension"].text.startswith(f"{unbalanced} of {len(a.triads)} triangles")
    opposed = [c for c in a.contradictions if c.kind == "opposed stances"]
    assert by_kind["contradiction"].relations == opposed[0].relations
    resting = a.sensitivity[a.sensitivity["rests_on"].map(len) > 0]
    assert by_kind["sensitivity"].text.startswith(f"{len(resting)} of the {len(a.sensitivity)} top-10 positions")


def test_report_opens_with_key_findings_then_sensitivity_and_coverage(tmp_path):
    from graphkit.report import write_report

    write_report(graphkit.build_graph(graphkit.load()), tmp_path)
    text = (tmp_path / "report.md").read_text(encoding="utf-8")
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings[:5] == [
        "## Key findings",
        "## The data",
        "## What the sources cover",
        "## Source sensitivity",
        "## Contradictions",
    ]
    assert headings.index("## Top actors per measure (top 10, by layer)") > 5
    assert "| # | all | cooperative | hostile | rivalry |" in text
    assert "…" not in text.split("## Contradictions")[0]  # findings and tables cut no name short


def test_origins_are_the_groups_same_origin_ties_together():
    """origins() joins sources through their ties in one pass; it must equal tying every pair by same_origin."""
    import itertools
    import random

    from graphkit.model import Source

    rng = random.Random(7)
    people, outlets = ["Ann Lee", "bo  chan", "Bo Chan", "Cy Dee", "Di Eng", ""], ["Gazette", "gazette ", "Herald", ""]
    for _ in range(300):
        pool = {}
        for n in range(rng.randint(1, 12)):
            authors = "; ".join(rng.sample(people, rng.randint(0, 2)))
            pool[f"s{n}"] = Source(f"s{n}", "", "", authors, rng.choice(outlets), "", "")
        ids = [*pool, "missing"]
        parent = {i: i for i in ids}

        def root(i, parent=parent):
            while parent[i] != i:
                i = parent[i]
            return i

        for a, b in itertools.combinations(ids, 2):
            if a in pool and b in pool and same_origin(pool[a], pool[b]):
                parent[root(b)] = root(a)
        assert origins(ids, pool) == len({root(i) for i in ids}), pool
