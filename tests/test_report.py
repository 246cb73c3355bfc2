"""The report: the files exist, say what an analyst needs, and are byte-identical on rerun."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

import graphkit
from graphkit.errors import GraphkitError, UsageError
from graphkit.report import md, write_report

CHARTS = [
    "graph.png",
    "over_time.png",
    "top_betweenness.png",
    "top_closeness.png",
    "top_degree.png",
    "top_eigenvector.png",
    "top_pagerank.png",
]
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def bundled() -> nx.MultiDiGraph:
    return graphkit.build_graph(graphkit.load())


@pytest.fixture(scope="module")
def written(bundled, tmp_path_factory) -> list[Path]:
    return write_report(bundled, tmp_path_factory.mktemp("report") / "out")


@pytest.fixture(scope="module")
def report_dir(written) -> Path:
    return written[0].parent


def rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_report_writes_the_csv_the_markdown_and_the_charts(written, report_dir):
    assert report_dir.name == "out"  # created by write_report
    assert [p.name for p in written] == sorted(["centrality.csv", "report.md", *CHARTS])
    assert all(p.parent == report_dir and p.stat().st_size > 0 for p in written)
    assert sorted(p.name for p in report_dir.iterdir()) == sorted(p.name for p in written)  # no temp files


def test_report_is_byte_identical_on_rerun_including_the_pngs(bundled, report_dir, tmp_path):
    write_report(bundled, tmp_path)
    for name in ["centrality.csv", "report.md", *CHARTS]:
        assert (tmp_path / name).read_bytes() == (report_dir / name).read_bytes(), name


def test_report_is_byte_identical_in_another_process_with_another_hash_seed(report_dir, tmp_path):
    script = "import sys, graphkit; from graphkit.report import write_report; "
    script += "write_report(graphkit.build_graph(graphkit.load()), sys.argv[1])"
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    subprocess.run([sys.executable, "-c", script, str(tmp_path)], check=True, env=env)
    for name in ["centrality.csv", "report.md", *CHARTS]:
        assert (tmp_path / name).read_bytes() == (report_dir / name).read_bytes(), name


def test_pngs_carry_no_software_or_date_metadata(report_dir):
    for name in CHARTS:
        data = (report_dir / name).read_bytes()
        assert data.startswith(PNG_SIGNATURE)
        assert b"Software" not in data and b"matplotlib" not in data.lower()
        assert b"tIME" not in data


def test_centrality_csv_has_one_row_per_actor_with_every_measure_and_layer(bundled, report_dir):
    table = rows(report_dir / "centrality.csv")
    assert [r["id"] for r in table] == sorted(bundled.nodes)
    header = list(table[0])
    assert header[:3] == ["id", "name", "kind"]
    for column in ("betweenness_all", "betweenness_cooperative", "pagerank_hostile", "eigenvector_all"):
        assert column in header
    for column in ("negative_degree", "community", "core", "constraint", "effective_size", "participation"):
        assert column in header
    taliban = next(r for r in table if r["id"] == "taliban")
    assert taliban["name"] == "Taliban" and taliban["kind"] == "militant_group"
    assert len(taliban["betweenness_all"].split(".")[1]) == 6  # fixed precision
    assert int(taliban["degree_all"]) > 20


def test_report_names_the_top_actors_and_the_projections(report_dir):
    text = (report_dir / "report.md").read_text(encoding="utf-8")
    assert "| 1 | Taliban (" in text  # the top of the first ranking
    assert "### Betweenness" in text and "### PageRank" in text and "### Eigenvector" in text
    assert "Russia" in text
    assert "do not count in any measure" in text and "Proposed and denied relations" in text
    assert "directed projection" in text and "undirected projection" in text and "signed projection" in text
    assert "Betweenness is exact" in text
    assert "![Top actors by betweenness](top_betweenness.png)" in text


def test_report_lists_unbalanced_triads_enemy_pairs_and_stance_changes(report_dir):
    text = (report_dir / "report.md").read_text(encoding="utf-8")
    assert "**Russia**, **Tajikistan**, **Taliban** (++−)" in text
    assert "| Russia | Taliban | Islamic State Khorasan Province | friends |" in text
    assert "| Russia | Taliban | 2021-01-01 and 2022-01-01 | **enemies** | **mixed** |" in text
    assert "| Russia | Taliban | 2025-01-01 and 2025-12-31 | **mixed** | **friends** |" in text
    assert "undated relations are left out of every snapshot" in text
    assert "## Brokerage" in text and "## Communities" in text and "Main k-core" in text


def test_report_on_a_tiny_dataset_with_parallel_relations(dataset_dir, tmp_path):
    with (dataset_dir / "relations.csv").open("a", encoding="utf-8") as f:
        f.write("r5,avalonia,borduria_front,designates_terrorist,2020,2024-03-01,confirmed,report,Avalonia,\n")
    graph = graphkit.build_graph(graphkit.load(dataset_dir))
    write_report(graph, tmp_path)
    table = {r["id"]: r for r in rows(tmp_path / "centrality.csv")}
    assert table["avalonia"]["degree_all"] == "1" and table["avalonia"]["relations_all"] == "2"
    assert table["ruritania"]["degree_all"] == "0"  # its relations are denied and proposed
    assert table["ruritania"]["constraint"] == ""  # no ties: no constraint, written empty
    text = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert (
        "4 actors, 5 relations" in text
        and "**3 relations count** (certainty confirmed|reported|alleged (the default))." in text
    )
    assert "0 signed triangles" in text


def test_names_are_markdown_escaped(dataset_dir, tmp_path):
    actors = dataset_dir / "actors.csv"
    actors.write_text(actors.read_text(encoding="utf-8").replace(",Avalonia,", ",Avalonia | *Free* [State],"), "utf-8")
    graph = graphkit.build_graph(graphkit.load(dataset_dir))
    write_report(graph, tmp_path)
    text = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert r"Avalonia \| \*Free\* \[State\]" in text
    assert "Avalonia | *Free*" not in text


def test_md_escapes_formatting_and_joins_lines():
    assert md("a_b\nc") == r"a\_b c"
    assert md("<script>") == r"\<script\>"
    assert md("Mazar-i-Sharif – Herat (2025)") == "Mazar-i-Sharif – Herat (2025)"


def test_sampled_betweenness_is_stated_in_the_report(dataset_dir, tmp_path):
    graph = graphkit.build_graph(graphkit.load(dataset_dir))
    write_report(graph, tmp_path, sample_threshold=2, samples=3, seed=5)
    text = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "betweenness is sampled" in text
    assert "estimated from 3 sampled source actors (seed 5)" in text


def test_snapshots_and_leave_one_out_sample_fewer_sources_and_say_so(tmp_path, monkeypatch):
    import graphkit.analysis.sensitivity
    import graphkit.analysis.summary

    monkeypatch.setattr(graphkit.analysis.summary, "SNAPSHOT_SAMPLES", 7)
    monkeypatch.setattr(graphkit.analysis.sensitivity, "CHANGE_SAMPLES", 5)
    graph = graphkit.build_graph(graphkit.load())  # the bundled data: more actors than any sample here
    write_report(graph, tmp_path, sample_threshold=2, samples=9, seed=5)
    text = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "betweenness (all): estimated from 9 sampled source actors (seed 5)" in text
    assert "betweenness (all, every snapshot): estimated from 7 sampled source actors (seed 5)" in text
    assert "plus the change leaving the document out makes, estimated from 5 sampled source actors (seed 5)" in text
    assert "Hoeffding" not in text  # 9 sources bound nothing: no bound is claimed


def test_a_report_leaves_the_garbage_collector_as_it_found_it(dataset_dir, tmp_path):
    import gc

    graph = graphkit.build_graph(graphkit.load(dataset_dir))
    before = gc.get_threshold(), gc.get_freeze_count(), gc.isenabled()
    write_report(graph, tmp_path)  # it freezes what is alive and collects the young less often meanwhile
    assert (gc.get_threshold(), gc.get_freeze_count(), gc.isenabled()) == before
    with pytest.raises(UsageError):
        write_report(graph, tmp_path / "bad", top=0)  # refused inside the block
    assert (gc.get_threshold(), gc.get_freeze_count(), gc.isenabled()) == before


def test_custom_snapshot_dates_head_the_time_table(dataset_dir, tmp_path):
    graph = graphkit.build_graph(graphkit.load(dataset_dir))
    write_report(graph, tmp_path, dates=["2023-06-01", "2024-06-01"])
    text = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "|  | 2023-06-01 | 2024-06-01 |" in text
    # 2023-06-01: the 2023 attack (an event that year); 2024-06-01: the recognition since March 2024, and
    # the 2023 attack again, an event within the twelve months before.
    assert "| Relations held | 1 | 2 |" in text


def test_an_empty_graph_or_a_bad_option_is_a_one_line_error(dataset_dir, tmp_path):
    out = tmp_path / "out"
    with pytest.raises(GraphkitError, match="no actors"):
        write_report(nx.MultiDiGraph(), out)
    graph = graphkit.build_graph(graphkit.load(dataset_dir))
    with pytest.raises(UsageError, match="top must be at least 1"):
        write_report(graph, out, top=0)
    with pytest.raises(UsageError, match="Bad date '2025-02-30'"):
        write_report(graph, out, dates=["2025-02-30"])
    assert not out.exists()  # nothing written, not even half a file


def test_long_lists_stop_at_a_limit_and_say_how_many_more_and_where(bundled, tmp_path, monkeypatch):
    """At scale a list of every contradiction or triangle made a 400 MB report: lists stop at LISTED."""
    import importlib
    import re

    from graphkit.analysis.contradictions import contradictions

    monkeypatch.setattr(importlib.import_module("graphkit.report.markdown"), "LISTED", 2)
    write_report(bundled, tmp_path)
    text = (tmp_path / "report.md").read_text(encoding="utf-8")
    section = text.split("## Contradictions", 1)[1].split("\n## ", 1)[0]
    assert re.findall(r"^(\d+)\. \*\*", section, flags=re.M) == ["1", "2"]
    found = len(contradictions(bundled))
    assert (
        found > 2
        and f"Not listed: {found - 2} more contradictions (`graphkit contradictions` lists them all)." in section
    )
    triangles = text.split("### Unbalanced triangles", 1)[1].split("\n## ", 1)[0]
    assert re.findall(r"^(\d+)\. ", triangles, flags=re.M) == ["1", "2"] and "more unbalanced triangles" in triangles
