"""The graph keeps every relation as its own edge, with its evidence attached."""

from __future__ import annotations

import graphkit


def test_every_relation_becomes_one_keyed_edge(dataset_dir):
    dataset = graphkit.load(dataset_dir)
    graph = graphkit.build_graph(dataset)
    assert graph.number_of_nodes() == len(dataset.actors) == 4
    assert sorted(k for _, _, k in graph.edges(keys=True)) == ["r1", "r2", "r3", "r4"]
    edge = graph.edges["avalonia", "borduria_front", "r1"]
    assert edge["relation"] == "recognizes"
    assert edge["polarity"] == 1 and edge["directed"] is True
    assert edge["start"] == "2024-03-01" and edge["end"] == ""
    assert edge["quote"].startswith("Avalonia recognized the Borduria Front")
    assert edge["source_title"] == "Borduria Front Gains Ground"
    assert edge["source_reliability"] == "C"
    assert graph.nodes["borduria_front"]["aliases"] == ["the Front", "BF"]


def test_parallel_relations_between_one_pair_stay_separate(dataset_dir):
    with (dataset_dir / "relations.csv").open("a", encoding="utf-8") as f:
        f.write("r5,avalonia,borduria_front,designates_terrorist,2020,2024-03-01,confirmed,report,Avalonia,\n")
    graph = graphkit.build_graph(graphkit.load(dataset_dir))
    between = graph.get_edge_data("avalonia", "borduria_front")
    assert sorted(between) == ["r1", "r5"]
    assert between["r5"]["polarity"] == -1


def test_building_does_not_touch_the_dataset(dataset_dir):
    dataset = graphkit.load(dataset_dir)
    graph = graphkit.build_graph(dataset)
    graph.nodes["avalonia"]["aliases"].append("changed")
    assert dataset.actors_by_id["avalonia"].aliases == ("Avalon City",)
