"""Queries on a small hand-made graph whose answers are known, and on the bundled data."""

from __future__ import annotations

import networkx as nx
import pytest

import graphkit
from graphkit.query import dossier, neighbors, paths, search, timeline
from graphkit.rules import EdgeFilter, Moment, certainty_levels


@pytest.fixture(scope="module")
def bundled() -> nx.MultiDiGraph:
    return graphkit.build_graph(graphkit.load())


@pytest.fixture
def small(dataset_dir) -> nx.MultiDiGraph:
    return graphkit.build_graph(graphkit.load(dataset_dir))


def test_path_hops_carry_direction_and_evidence(small):
    (found,) = paths(small, "avalonia", "carpathia_railway")
    assert [(h.source, h.target, h.relation, h.direction) for h in found] == [
        ("avalonia", "borduria_front", "recognizes", "forward"),
        ("borduria_front", "carpathia_railway", "attacks", "forward"),
    ]
    assert found[0].quote.startswith("Avalonia recognized") and found[0].start == "2024-03-01"


def test_directed_paths_follow_relation_direction(small):
    with pytest.raises(nx.NetworkXNoPath):
        paths(small, "carpathia_railway", "avalonia", directed=True)
    (back,) = paths(small, "carpathia_railway", "avalonia")
    assert [h.direction for h in back] == ["backward", "backward"]


def test_denied_relations_connect_only_when_asked(small):
    with pytest.raises(nx.NetworkXNoPath):
        paths(small, "ruritania", "avalonia", edge_filter=EdgeFilter(exclude_relations=frozenset({"builds"})))
    found = paths(
        small, "ruritania", "avalonia", edge_filter=EdgeFilter(certainties=certainty_levels(include_denied=True))
    )
    assert found[0][0].certainty == "denied"


def test_min_certainty_and_as_of_filter_relations(small):
    strong = EdgeFilter(certainties=certainty_levels("confirmed"))
    assert [n.id for n in neighbors(small, "borduria_front", edge_filter=strong)] == ["carpathia_railway", "avalonia"]
    assert [n.id for n in neighbors(small, "borduria_front", edge_filter=EdgeFilter(as_of="2023-06"))] == [
        "carpathia_railway"
    ]
    assert Moment("2025-04-17").holds("2003", "2025-04-17", "state")
    assert not Moment("2025-04-18").holds("2003", "2025-04-17", "state")
    assert not Moment("2020").holds("", "", "state")


def test_neighbors_by_direction_and_depth(small):
    assert [(n.id, n.depth) for n in neighbors(small, "avalonia", direction="in")] == []
    deeper = neighbors(small, "avalonia", depth=2)
    # ruritania's only tie to the Front is denied, so it is not reached
    assert [(n.id, n.depth, n.via) for n in deeper] == [
        ("borduria_front", 1, "avalonia"),
        ("carpathia_railway", 2, "borduria_front"),
    ]


def test_russia_and_the_ttp_are_two_hops_apart_with_quotes(bundled):
    found = paths(bundled, "russia", "ttp", all_shortest=True)
    assert all(len(p) == 2 for p in found)
    middles = {p[0].other for p in found}
    assert "taliban" in middles
    for hop in (h for p in found for h in p):
        assert hop.quote and hop.source_doc


def test_the_taliban_host_al_qaeda_and_the_ttp(bundled):
    hosted = {
        n.id
        for n in neighbors(bundled, "taliban", edge_filter=EdgeFilter(relations=frozenset({"hosts"})), direction="out")
    }
    assert {"al_qaeda", "ttp", "jamaat_ansarullah", "etim"} <= hosted


def test_russia_designation_as_of_two_dates(bundled):
    designated = EdgeFilter(relations=frozenset({"designates_terrorist"}), as_of="2024-01-01")
    assert paths(bundled, "russia", "taliban", edge_filter=designated)
    with pytest.raises(nx.NetworkXNoPath):
        paths(
            bundled,
            "russia",
            "taliban",
            edge_filter=EdgeFilter(relations=frozenset({"designates_terrorist"}), as_of="2025-08-01"),
        )
    recognized = EdgeFilter(
        relations=frozenset({"recognizes"}), certainties=certainty_levels("confirmed"), as_of="2025-08-01"
    )
    assert paths(bundled, "russia", "taliban", edge_filter=recognized)


def test_dossier_search_and_timeline(bundled):
    russia = dossier(bundled, "russia")
    assert "Kremlin" in russia.aliases
    assert len(russia.relations) + russia.left_out == bundled.degree("russia")
    assert {h.certainty for h in russia.relations} == {"confirmed", "reported", "alleged"}
    everything = dossier(
        bundled, "russia", edge_filter=EdgeFilter(certainties=certainty_levels("proposed", include_denied=True))
    )
    assert len(everything.relations) == bundled.degree("russia") and everything.left_out == 0
    found = search(bundled, "kremlin")
    assert [a["id"] for a in found.actors] == ["russia"]
    assert all("kremlin" in (h.quote + h.note).casefold() for h in found.relations)
    dated = timeline(bundled, "russia")
    starts = [h.start or h.end for h in dated]
    assert starts.index("") > 0 and all(s == "" for s in starts[starts.index("") :])


def test_paths_name_an_unknown_actor_and_refuse_k_below_one(small):
    for source, target in (("nowhere", "avalonia"), ("avalonia", "nowhere")):
        for options in ({}, {"all_shortest": True}, {"k": 2}):
            with pytest.raises(nx.NodeNotFound, match="unknown actor 'nowhere'"):
                paths(small, source, target, **options)
    with pytest.raises(ValueError, match="k must be at least 1"):
        paths(small, "avalonia", "carpathia_railway", k=0)
