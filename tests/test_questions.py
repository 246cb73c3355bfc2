"""The questions analysts ask (graphkit.questions and its commands), with exact answers on the bundled data."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

import graphkit
from graphkit.cli import main
from graphkit.query import paths
from graphkit.questions import CHANGE_WINDOW, between, changes, common, stance, stance_of
from graphkit.rules import EdgeFilter

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("GRAPHKIT_CACHE_DIR", str(tmp_path / "cache"))


@pytest.fixture(scope="module")
def bundled() -> nx.MultiDiGraph:
    return graphkit.build_graph(graphkit.load())


@pytest.fixture(scope="module")
def stored() -> dict[str, dict]:
    """relations.csv as curated: id -> row."""
    with (ROOT / "data" / "relations.csv").open(encoding="utf-8", newline="") as handle:
        return {row["id"]: row for row in csv.DictReader(handle)}


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def json_of(*args: str):
    result = run(*args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def csv_of(*args: str) -> list[dict]:
    result = run(*args, "--format", "csv")
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.output)))


def assert_as_stored(rows: list[dict], stored: dict[str, dict]) -> None:
    """Each row keeps its relation's source and target as relations.csv has them."""
    assert rows
    for row in rows:
        curated = stored[row["relation_id"]]
        assert (row["source"], row["target"], row["relation"]) == (
            curated["source"],
            curated["target"],
            curated["relation"],
        )


# --- between --------------------------------------------------------------------------------


def test_between_russia_and_the_taliban_designation_delisting_recognition():
    payload = json_of("between", "russia", "taliban")
    ids = [r["relation_id"] for r in payload["relations"]]
    # dated in date order: the 2003 designation, the 17 April 2025 delisting, the 3 July 2025 recognition
    assert ids.index("ja007") < ids.index("td002") < ids.index("ja001")
    by_id = {r["relation_id"]: r for r in payload["relations"]}
    assert (by_id["ja007"]["relation"], by_id["ja007"]["start"]) == ("designates_terrorist", "2003")
    assert (by_id["td002"]["relation"], by_id["td002"]["start"]) == ("delists_terrorist", "2025-04-17")
    assert (by_id["ja001"]["relation"], by_id["ja001"]["start"]) == ("recognizes", "2025-07-03")
    # proposed and denied relations do not count: the March 2025 proposal, the denied 2016 meeting
    assert not {"td001", "td032", "td033", "kl002"} & set(ids)
    dated = [r for r in payload["relations"] if r["start"] or r["end"]]
    assert payload["relations"][: len(dated)] == dated
    periods = {(p["first"], p["last"]): p for p in payload["periods"]}
    assert periods["2003-01-01", "2016-12-31"]["stance"] == "enemy"
    assert "ja007" in periods["2003-01-01", "2016-12-31"]["relations"]
    assert periods["2025-04-17", "2025-04-17"]["relations"] == ["ja006", "ja007", "kl030", "td002", "td003", "td037"]
    last = payload["periods"][-1]
    assert (last["first"], last["last"], last["stance"]) == ("2025-07-03", "", "friend")
    assert last["relations"] == ["ja001", "kl030", "td037"]


def test_between_text_csv_and_as_of(stored):
    text = run("between", "Moscow", "the Taliban").output
    assert text.startswith("Russia and Taliban: ")
    assert "  from 2025-07-03             friend" in text
    assert "Russia —recognizes→ Taliban" in text and "Russia ←opposes— Taliban" in text
    rows = csv_of("between", "taliban", "russia")
    assert_as_stored(rows, stored)
    assert {r["focal_role"] for r in rows if r["relation_id"] == "ja001"} == {"target"}  # seen from the Taliban
    before = json_of("between", "russia", "taliban", "--as-of", "2024-06-01")
    assert "ja001" not in {r["relation_id"] for r in before["relations"]}
    assert before["stance"] == "mixed"  # the designation and the Taliban's opposition against support and ties


def test_between_with_nothing_counted_exits_1():
    result = run("between", "russia", "taliban", "--relation", "recognizes", "--as-of", "2024-01-01")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "Error: No relation between Russia and Taliban counts (filters: relation recognizes"
    )


# --- stance ---------------------------------------------------------------------------------


def test_iskp_is_an_enemy_of_tajikistan():
    rows = {r["id"]: r for r in json_of("stance", "Dushanbe")["counterparts"]}
    assert rows["iskp"]["stance"] == "enemy"
    # bd039 (ISKP attacking Tajikistan) is the author's hypothesis, proposed: it does not count
    assert rows["iskp"]["cooperative"] == 0 and rows["iskp"]["hostile"] == 1
    assert rows["iskp"]["best_hostile"]["relation_id"] == "ko004"
    assert rows["russia"]["stance"] == "friend"
    assert rows["taliban"]["stance"] == "enemy"  # 7 cooperative, 10 hostile: netted, not listed twice
    table = csv_of("stance", "tajikistan")
    assert [r["stance"] for r in table if r["id"] == "iskp"] == ["enemy"]
    assert table[0].keys() >= {"id", "stance", "cooperative", "hostile", "was", "changed", "best_hostile"}


def test_russias_stance_towards_the_taliban_changed_with_the_delisting_and_recognition():
    now = {r["id"]: r for r in json_of("stance", "russia", "--as-of", "2025-08-01")["counterparts"]}
    assert (now["taliban"]["stance"], now["taliban"]["was"], now["taliban"]["changed"]) == ("friend", "mixed", True)
    assert now["taliban"]["best_cooperative"]["relation_id"] == "ja001"
    assert now["taliban"]["best_hostile"] is None
    before = {r["id"]: r for r in json_of("stance", "russia", "--as-of", "2024-08-01")["counterparts"]}
    assert before["taliban"]["stance"] == "mixed"
    assert before["taliban"]["best_hostile"]["relation_id"] in {"ja007", "td003"}


def test_a_terrorist_designation_counts_as_hostile(bundled):
    designations = EdgeFilter(relations=frozenset({"designates_terrorist"}), as_of="2024-08-01")
    (taliban,) = stance(bundled, "russia", edge_filter=designations).counterparts
    assert (taliban.id, taliban.stance, taliban.hostile) == ("taliban", "enemy", 2)


def test_stance_with_nothing_holding_exits_1():
    result = run("stance", "tajikistan", "--relation", "attacks", "--as-of", "1990")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: Tajikistan has no relations that count (filters: ")


def test_stance_of_nets_polarities():
    assert stance_of([{"polarity": 1}, {"polarity": -1}, {"polarity": 0}]) == "mixed"
    assert stance_of([{"polarity": 1}, {"polarity": 1}, {"polarity": -1}]) == "friend"
    assert stance_of([{"polarity": 0}, {"polarity": 0}]) == "neutral"


# --- common ---------------------------------------------------------------------------------


def test_iskp_is_hostile_to_both_the_taliban_and_pakistan(stored):
    payload = json_of("common", "taliban", "pakistan", "--polarity", "hostile")
    assert [s["id"] for s in payload["shared"]] == ["iskp"]
    (iskp,) = payload["shared"]
    assert (iskp["stance_a"], iskp["stance_b"]) == ("enemy", "enemy")
    assert {h["relation_id"] for h in iskp["with_b"]} == {"ja023"}
    rows = csv_of("common", "taliban", "pakistan", "--polarity", "hostile")
    assert_as_stored(rows, stored)
    assert {r["side"] for r in rows} == {"taliban", "pakistan"}
    ja023 = next(r for r in rows if r["relation_id"] == "ja023")
    assert (ja023["source"], ja023["target"], ja023["focal_role"]) == ("iskp", "pakistan", "target")


def test_common_filters_each_side_on_its_own():
    payload = json_of("common", "taliban", "pakistan", "--a-relation", "hosts", "--b-relation", "attacks")
    shared = {s["id"]: s for s in payload["shared"]}
    assert "ttp" in shared
    assert {h["relation"] for h in shared["ttp"]["with_a"]} == {"hosts"}
    assert {h["relation"] for h in shared["ttp"]["with_b"]} == {"attacks"}


def test_common_with_nobody_shared_exits_1():
    result = run("common", "russia", "pakistan", "--relation", "recognizes")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: No actor is related to both Russia and Pakistan")


# --- changes --------------------------------------------------------------------------------


def test_2025s_changes_include_the_russian_recognition_of_the_taliban(stored):
    payload = json_of("changes", "--from", "2025-01-01", "--to", "2025-12-31")
    assert (payload["from"], payload["to"]) == ("2025-01-01", "2025-12-31")
    began = {h["relation_id"]: h for h in payload["began"]}
    assert (began["ja001"]["source"], began["ja001"]["relation"], began["ja001"]["target"]) == (
        "russia",
        "recognizes",
        "taliban",
    )
    assert {"td002", "ja006"} <= began.keys() and "td001" not in began  # the proposal does not count
    assert {h["relation_id"] for h in payload["ended"]} >= {"ja007", "td003"}
    pair = [s for s in payload["stances"] if (s["a"], s["b"]) == ("russia", "taliban")]
    assert [(s["was"], s["now"]) for s in pair] == [("mixed", "friend")]
    assert "ja001" in pair[0]["relations_now"]
    assert payload["ranks"] and all(r["moved"] for r in payload["ranks"])
    rows = csv_of("changes", "--from", "2025", "--to", "2025")
    assert_as_stored([r for r in rows if r["change"] in ("began", "ended")], stored)
    text = run("changes", "--from", "2025-01-01", "--to", "2025-12-31", "russia").output
    assert text.startswith("Changes for Russia from 2025-01-01 to 2025-12-31\n")
    assert "  Russia – Taliban: mixed → friend" in text


def test_changes_refuses_a_range_that_runs_backwards():
    result = run("changes", "--from", "2025-12", "--to", "2025-01")
    assert result.exit_code == 2
    assert result.stderr == "Error: --from 2025-12 is after --to 2025-01.\n"


def test_changes_reads_dates_as_the_reports_snapshots_do(bundled):
    from graphkit.analysis.temporal import SNAPSHOT_WINDOW

    assert CHANGE_WINDOW == SNAPSHOT_WINDOW
    found = changes(bundled, "2025-01-01", "2025-12-31", "russia")
    assert {r.actor for r in found.ranks} == {"russia"}
    assert all("russia" in (h.source, h.target) for h in found.began + found.ended)


# --- brief ----------------------------------------------------------------------------------


def test_brief_is_cited_markdown_with_the_certainty_words(tmp_path, stored):
    out = tmp_path / "taliban.md"
    result = run("brief", "the Taliban", "--out", str(out))
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Taliban\n")
    for heading in ("## Counterparts by stance", "## Timeline", "## Ranks", "## What changed recently"):
        assert f"\n{heading}\n" in text
    assert "\n## Contested claims\n" in text and "\n## Sources\n" in text
    assert "Confirmed: Russia *recognizes* Taliban, from 2025-07-03: “On July 3, 2025" in text
    titles = {row["id"]: row["title"] for row in csv.DictReader((ROOT / "data" / "sources.csv").open(encoding="utf-8"))}
    claims = [
        line
        for line in text.splitlines()
        if line.lstrip("- ").split(":")[0] in ("Confirmed", "Reported", "Alleged", "Proposed", "Denied")
    ]
    assert len(claims) > 10
    for line in claims:  # the word is the relation's own certainty; the citation names its source's title
        relation_id = line.rsplit(", ", 1)[1].rstrip(")")
        curated = stored[relation_id]
        assert line.lstrip("- ").startswith(curated["certainty"].capitalize() + ":")
        assert f"({titles[curated['source_doc']]}, {relation_id})" in line
    assert run("brief", "taliban").output == text  # same data, same bytes


def test_brief_of_an_unknown_actor_exits_2():
    result = run("brief", "talibn")
    assert result.exit_code == 2
    assert result.stderr == "Error: unknown actor 'talibn'. Did you mean 'taliban' (Taliban)?\n"


# --- hops, neighbours, show -------------------------------------------------------------------


def test_a_hop_shows_the_most_specific_of_equally_certain_relations(stored):
    (path,) = json_of("path", "taliban", "ttp")
    (hop,) = path
    assert (hop["from"], hop["to"], hop["relation"], hop["certainty"]) == ("taliban", "ttp", "hosts", "confirmed")
    listed = [r["relation_id"] for r in hop["relations"]]
    assert listed[0] == hop["relation_id"] and len(listed) == hop["alternatives"] + 1
    assert [r["relation"] for r in hop["relations"]][:3] == ["hosts", "supports", "cooperates_with"]
    assert_as_stored(hop["relations"], stored)
    ((funds,),) = json_of("path", "taliban", "ttp", "--relation", "funds")
    assert funds["relation"] == "funds" and [r["relation"] for r in funds["relations"]] == ["funds"]


def test_a_hop_prefers_the_relation_nearest_the_as_of_day():
    G = nx.MultiDiGraph()
    common_attrs = {"certainty": "confirmed", "source_doc": "doc", "quote": "q", "note": "", "directed": True}
    G.add_edge(
        "a", "b", key="r1", relation="supports", polarity=1, start="2021", end="2022", temporal="state", **common_attrs
    )
    G.add_edge(
        "a", "b", key="r2", relation="supports", polarity=1, start="2023", end="", temporal="state", **common_attrs
    )
    G.add_edge(
        "a", "b", key="r3", relation="attacks", polarity=-1, start="2025-03", end="", temporal="event", **common_attrs
    )
    G.add_edge(
        "a", "b", key="r4", relation="attacks", polarity=-1, start="2025-10", end="", temporal="event", **common_attrs
    )
    G.add_edge("a", "b", key="r5", relation="hosts", polarity=1, start="", end="", temporal="state", **common_attrs)
    (ever,) = paths(G, "a", "b")
    # without a day: what still holds first, then the latest, undated last
    assert [h.relation_id for h in (ever[0], *ever[0].others)] == ["r2", "r4", "r3", "r1", "r5"]
    (then,) = paths(G, "a", "b", edge_filter=EdgeFilter(as_of="2022-06-01"))
    assert [h.relation_id for h in (then[0], *then[0].others)] == ["r1"]
    (year,) = paths(G, "a", "b", edge_filter=EdgeFilter(as_of="2025-11-01", window="12m"))
    assert [h.relation_id for h in (year[0], *year[0].others)] == ["r2", "r4", "r3"]  # holds that day, then nearest


def test_neighbors_keep_the_stored_orientation_and_read_like_path(stored):
    rows = json_of("neighbors", "russia")
    assert_as_stored(rows, stored)
    td018 = next(r for r in rows if r["relation_id"] == "td018")
    assert (td018["source"], td018["target"], td018["focal_role"], td018["direction"]) == (
        "taliban",
        "russia",
        "target",
        "backward",
    )
    assert_as_stored(csv_of("neighbors", "russia", "--polarity", "hostile"), stored)
    text = run("neighbors", "russia", "--relation", "recognizes").output
    assert text.startswith("Russia —recognizes→ Taliban  [militant_group]\n")
    assert (
        "Russia —recognizes→ Taliban  [militant_group]\n"
        "   from 2025-07-03  confirmed  [jamal_recognition]  ja001  stated by 2 independent documents (bd009)\n"
        "   “On July 3, 2025, Russia became the first major state to formally recognize the Taliban as Afghanistan’s "
        "legitimate government”\n"
    ) in text


def test_show_takes_the_filters_and_a_limit(stored):
    full = json_of("show", "taliban")
    limited = json_of("show", "taliban", "--limit", "5")
    assert len(limited["relations"]) == 5 and limited["beyond_limit"] == len(full["relations"]) - 5
    assert_as_stored(limited["relations"], stored)
    assert {r["certainty"] for r in limited["relations"]} == {"confirmed"}
    text = run("show", "taliban", "--limit", "5").output
    assert "; " + str(len(full["relations"]) - 5) + " more counted beyond --limit" in text
    assert run("show", "taliban", "--limit", "0").exit_code == 2
    dated = json_of("show", "taliban", "--as-of", "2025-08-01")
    assert {r["relation_id"] for r in dated["relations"]} >= {"ja001"}
    assert "ja007" not in {r["relation_id"] for r in dated["relations"]}


@pytest.mark.parametrize(
    "command", [["between", "russia", "talibn"], ["stance", "talibn"], ["common", "talibn", "russia"]]
)
def test_new_commands_name_an_unknown_actor(command):
    result = run(*command)
    assert result.exit_code == 2
    assert "unknown actor 'talibn'" in result.stderr


def test_the_library_answers_what_the_commands_print(bundled):
    assert [
        s.id for s in common(bundled, "taliban", "pakistan", edge_filter=EdgeFilter(polarity="hostile")).shared
    ] == ["iskp"]
    found = between(bundled, "russia", "taliban")
    assert found.periods[-1].stance == "friend" and found.periods[-1].relations == ("ja001", "kl030", "td037")


def test_vocabulary_rejects_a_bad_specificity():
    import tomllib
    from importlib import resources

    from graphkit.errors import GraphkitError
    from graphkit.vocab import parse_vocabulary

    data = tomllib.loads(resources.files("graphkit").joinpath("vocab.toml").read_text(encoding="utf-8"))
    assert (
        parse_vocabulary(data).relations["hosts"].specificity
        > parse_vocabulary(data).relations["cooperates_with"].specificity
    )
    data["relations"]["hosts"]["specificity"] = 7
    with pytest.raises(GraphkitError, match=r"relations\.hosts: specificity must be 1, 2 or 3"):
        parse_vocabulary(data)
