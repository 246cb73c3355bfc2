"""graphkit.rules: which relations count and when they hold, and that every consumer follows it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

import graphkit
from graphkit.analysis import centrality, counted_relations
from graphkit.cli import main
from graphkit.errors import UsageError
from graphkit.query import dossier, neighbors, paths, timeline
from graphkit.rules import (
    PRESETS,
    EdgeFilter,
    Moment,
    certainty_levels,
    counted_levels,
    every_level,
)
from graphkit.vocab import parse_vocabulary, vocabulary

MINIMAL = Path(__file__).parent / "fixtures" / "minimal"


# --- what counts -------------------------------------------------------------------------


def test_the_counted_levels_come_from_the_vocabulary():
    assert counted_levels() == {c for c, level in vocabulary().certainty.items() if level.counts}
    assert counted_levels() == {"confirmed", "reported", "alleged"}
    assert PRESETS["counted"]() == counted_levels() and PRESETS["everything"]() == every_level()


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({}, {"confirmed", "reported", "alleged"}),
        ({"min_certainty": "reported"}, {"confirmed", "reported"}),
        ({"min_certainty": "proposed"}, {"confirmed", "reported", "alleged", "proposed"}),
        ({"include_proposed": True}, {"confirmed", "reported", "alleged", "proposed"}),
        ({"include_denied": True}, {"confirmed", "reported", "alleged", "denied"}),
        ({"min_certainty": "confirmed", "include_denied": True}, {"confirmed", "denied"}),
    ],
)
def test_options_widen_or_narrow_the_default_the_same_way(options, expected):
    assert certainty_levels(options.pop("min_certainty", None), **options) == expected


def test_filters_say_how_they_differ_from_the_default():
    assert EdgeFilter().describe() == "certainty confirmed|reported|alleged (the default)"
    widened = EdgeFilter(certainties=certainty_levels(include_proposed=True), as_of="2025", window="12m")
    assert widened.describe() == (
        "certainty confirmed|reported|alleged|proposed (proposed included), as of 2025, events within 12m before"
    )


def test_a_window_needs_a_day_and_bad_values_are_usage_errors():
    with pytest.raises(UsageError, match="--window needs --as-of"):
        EdgeFilter(window="12m")
    with pytest.raises(UsageError, match="Bad window '12'"):
        Moment("2025", "12")
    with pytest.raises(UsageError, match="Bad date '2025-02-30'"):
        Moment("2025-02-30")


# --- when a relation holds ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "before", "inside", "after"),
    [
        ("2024", "2023-12-31", ["2024-01-01", "2024-06", "2024-12-31"], "2025-01-01"),
        ("2024-03", "2024-02-29", ["2024-03-01", "2024-03-31"], "2024-04-01"),
        ("2024-03-22", "2024-03-21", ["2024-03-22"], "2024-03-23"),
    ],
)
def test_an_event_holds_only_within_its_dates_precision(start, before, inside, after):
    assert not Moment(before).holds(start, "", "event")
    for day in inside:
        assert Moment(day).holds(start, "", "event"), day
    assert not Moment(after).holds(start, "", "event")
    # the same dates on a standing relation hold for ever after
    assert Moment(after).holds(start, "", "state") and Moment("2999").holds(start, "", "state")
    assert not Moment(before).holds(start, "", "state")


def test_an_event_with_an_end_holds_through_its_end():
    assert Moment("2022-06").holds("2021", "2023", "event")
    assert not Moment("2024-01-01").holds("2021", "2023", "event")


def test_a_state_holds_from_its_start_to_the_last_day_of_its_end():
    assert Moment("2025-04-17").holds("2003", "2025-04-17", "state")
    assert not Moment("2025-04-18").holds("2003", "2025-04-17", "state")
    assert Moment("2025-12-31").holds("2003", "2025", "state")  # ended some day in 2025
    assert Moment("1990").holds("", "2005", "state") and not Moment("2006").holds("", "2005", "state")


def test_an_unknown_end_holds_only_within_the_start():
    assert Moment("2019-06").holds("2019", "?", "state")
    assert not Moment("2020-01-01").holds("2019", "?", "state")
    assert not Moment("2025").holds("", "?", "state")  # no day known at all


def test_an_undated_relation_never_holds_on_a_day():
    for temporal in ("event", "state"):
        assert not Moment("2025").holds("", "", temporal)
        assert not Moment("2025", "5y").holds("", "", temporal)


@pytest.mark.parametrize(
    ("as_of", "window", "first_event_day"),
    [
        ("2025-08-01", "12m", "2024-08-02"),
        ("2025-08-01", "1y", "2024-08-02"),
        ("2025-08-01", "30d", "2025-07-03"),
        ("2025-08-01", "2w", "2025-07-19"),
        ("2025-03-31", "1m", "2025-03-01"),  # 28 February + 1 day: no 31 February
        ("2025-07", "3m", "2025-05-01"),  # a month: the window ends on its last day, never starts after its first
        ("2025", "12m", "2025-01-01"),
    ],
)
def test_a_window_reaches_back_from_the_last_day_for_events_only(as_of, window, first_event_day):
    import datetime as dt

    moment = Moment(as_of, window)
    assert dt.date.fromordinal(moment.events[0]).isoformat() == first_event_day
    day_before = (dt.date.fromisoformat(first_event_day) - dt.timedelta(days=1)).isoformat()
    assert moment.holds(first_event_day, "", "event") and not moment.holds(day_before, "", "event")
    assert not moment.holds(first_event_day, first_event_day, "state") or moment.states[0] <= moment.events[0]


def test_every_relation_type_is_an_event_or_a_state():
    assert {r.temporal for r in vocabulary().relations.values()} == {"event", "state"}
    events = {name for name, r in vocabulary().relations.items() if r.temporal == "event"}
    assert events == {"attacks", "clashes_with", "delists_terrorist", "negotiates_with", "mediates"}
    broken = {
        "kinds": {"state": {"label": "S", "description": "d", "color": "#000000", "shape": "dot"}},
        "relations": {
            "meets": {"label": "m", "directed": False, "polarity": 0, "description": "d", "temporal": "once"}
        },
        "certainty": {"confirmed": {"label": "c", "rank": 1, "counts": True, "style": "solid", "description": "d"}},
        "polarity": {
            "cooperative": {"value": 1, "label": "c", "color": "#000000"},
            "hostile": {"value": -1, "label": "h", "color": "#000000"},
            "neutral": {"value": 0, "label": "n", "color": "#000000"},
        },
    }
    with pytest.raises(graphkit.GraphkitError, match="temporal must be"):
        parse_vocabulary(broken)


# --- the dataset: `temporal` cells and `?` ends ---------------------------------------------


@pytest.fixture
def timed(tmp_path: Path) -> Path:
    """The minimal dataset with a `temporal` column, an ended-unknown base and a once-off refusal."""
    target = tmp_path / "dataset"
    shutil.copytree(MINIMAL, target)
    relations = target / "relations.csv"
    lines = relations.read_text(encoding="utf-8").splitlines()
    lines = [lines[0] + ",temporal", *(line + "," for line in lines[1:])]
    lines += [
        "r5,avalonia,carpathia_railway,controls,2019,?,confirmed,report,Avalonia,,",
        "r6,avalonia,ruritania,opposes,2020-05,,confirmed,report,Avalonia,,event",
        "r7,ruritania,avalonia,negotiates_with,2018,,confirmed,report,Ruritania,,state",
    ]
    relations.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target


def cli(*args: str):
    result = CliRunner().invoke(main, list(args))
    return result


def test_a_row_overrides_its_types_kind_and_question_mark_ends_validate(timed):
    graph = graphkit.build_graph(graphkit.load(timed))
    assert graph.edges["avalonia", "ruritania", "r6"]["temporal"] == "event"  # opposes is a state type
    assert graph.edges["ruritania", "avalonia", "r7"]["temporal"] == "state"  # negotiates_with is an event type
    assert graph.edges["avalonia", "carpathia_railway", "r5"]["end"] == "?"
    held = lambda day: {n.hop.relation_id for n in neighbors(graph, "avalonia", edge_filter=EdgeFilter(as_of=day))}  # noqa: E731
    assert held("2020-05-15") >= {"r6", "r7"}
    assert "r6" not in held("2020-06-01") and "r7" in held("2024")  # the refusal was once; the talks go on
    assert "r5" in held("2019-03") and "r5" not in held("2020")  # ended, day unknown


def test_bad_temporal_cells_and_question_marks_in_start_are_one_line_each(timed):
    relations = timed / "relations.csv"
    text = relations.read_text(encoding="utf-8")
    relations.write_text(text.replace(",,event\n", ",,once\n").replace("2020-05,,", "?,,"), encoding="utf-8")
    result = cli("--data", str(timed), "validate")
    assert result.exit_code == 1
    assert "relations.csv:7: temporal: 'once' is neither event nor state (leave it empty" in result.output
    assert "relations.csv:7: start: '?' is not a date (use YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2025-07-03)" in (
        result.output
    )
    assert "Traceback" not in result.output


def test_non_ascii_digits_are_not_dates(timed):
    relations = timed / "relations.csv"
    relations.write_text(relations.read_text(encoding="utf-8").replace("2020-05", "٢٠٢٠-05"), encoding="utf-8")
    result = cli("--data", str(timed), "validate")
    assert result.exit_code == 1 and "start: '٢٠٢٠-05' is not a date" in result.output


# --- every consumer follows the rule --------------------------------------------------------


def test_no_default_path_in_the_bundled_data_uses_a_proposed_or_denied_relation():
    graph = graphkit.build_graph(graphkit.load())
    actors = sorted(graph)
    uncounted = set()
    for i, a in enumerate(actors):
        for b in actors[i + 1 :]:
            try:
                found = paths(graph, a, b)
            except nx.NetworkXNoPath:
                continue
            uncounted |= {h.relation_id for h in found[0] if h.certainty not in counted_levels()}
    assert uncounted == set()
    # the examples: each used a promise, a recommendation or a plan before
    assert [h.relation_id for h in paths(graph, "european_union", "tajikistan")[0]] != ["bd016"]
    for a, b in (("india", "taliban"), ("russia", "ttp")):
        hops = [h for p in paths(graph, a, b, all_shortest=True) for h in p]
        assert {h.certainty for h in hops} <= counted_levels()


def test_who_is_hostile_to_russia_as_of_august_2025_has_no_past_attack():
    result = cli("neighbors", "russia", "--polarity", "hostile", "--as-of", "2025-08-01", "--format", "json")
    rows = json.loads(result.output)
    assert [(r["id"], r["relation"], r["relation_id"]) for r in rows] == [("iskp", "threatens", "td019")]
    graph = graphkit.build_graph(graphkit.load())
    api = neighbors(graph, "russia", edge_filter=EdgeFilter(polarity="hostile", as_of="2025-08-01"))
    assert [n.hop.relation_id for n in api] == ["td019"]
    # The Crocus City Hall attack (March 2024) targets the venue (data/README.md, attacks on a venue):
    # past on 2025-08-01, it shows once a window reaches back to it.
    venue = ("neighbors", "crocus_city_hall", "--polarity", "hostile", "--as-of", "2025-08-01")
    assert "2024-03" not in cli(*venue).output
    assert "2024-03" in cli(*venue, "--window", "24m").output


def test_timeline_show_export_and_report_count_the_same_relations(dataset_dir, tmp_path):
    # minimal: r1, r2 count; r3 is denied, r4 proposed
    data = ["--data", str(dataset_dir)]
    rows = json.loads(cli(*data, "timeline", "--format", "json").output)
    assert [r["relation_id"] for r in rows] == ["r2", "r1"]
    everything = json.loads(cli(*data, "timeline", "--include-proposed", "--include-denied", "--format", "json").output)
    assert {r["relation_id"] for r in everything} == {"r1", "r2", "r3", "r4"}
    shown = cli(*data, "show", "ruritania")
    assert "0 relations (certainty confirmed|reported|alleged (the default)); 2 more not counted" in shown.output
    exported = json.loads(cli(*data, "export", "--format", "json").output)
    assert sorted(e["key"] for e in exported["edges"]) == ["r1", "r2"]
    graph = graphkit.build_graph(graphkit.load(dataset_dir))
    assert [key for _, _, key, _ in counted_relations(graph)] == ["r1", "r2"]
    assert centrality(graph, layers=("all",)).loc["ruritania", "degree_all"] == 0
    assert [h.relation_id for h in timeline(graph)] == ["r2", "r1"]
    assert dossier(graph, "ruritania").left_out == 2


def test_gexf_spells_follow_events_and_states(timed, tmp_path):
    out = tmp_path / "graph.gexf"
    result = cli("--data", str(timed), "export", "--format", "gexf", "--out", str(out), "--include-proposed")
    assert result.exit_code == 0, result.output
    import xml.etree.ElementTree as ET

    ns = "{http://gexf.net/1.3}"
    spells = {
        edge.get("id"): [(s.get("start"), s.get("end")) for s in edge.iter(f"{ns}spell")]
        for edge in ET.parse(out).getroot().iter(f"{ns}edge")
    }
    assert spells["r2"] == [("2023-01-01", "2023-12-31")]  # attacks in 2023: an event, that year
    assert spells["r1"] == [("2024-03-01", None)]  # a recognition still holds
    assert spells["r5"] == [("2019-01-01", "2019-12-31")]  # ended, day unknown
    assert spells["r6"] == [("2020-05-01", "2020-05-31")]  # a one-off act, by its row
    assert spells["r4"] == []  # undated


class _Reading(dict):
    """A relation's attributes that remember which were read."""

    def __init__(self, data: dict) -> None:
        super().__init__(data)
        self.read: set[str] = set()

    def __getitem__(self, name):
        self.read.add(name)
        return super().__getitem__(name)

    def get(self, name, default=None):
        self.read.add(name)
        return super().get(name, default)


@pytest.mark.parametrize(
    "settings",
    [
        {},
        {"relations": frozenset({"funds"}), "exclude_relations": frozenset({"hosts"})},
        {"polarity": "hostile"},
        {"certainties": every_level()},
        {"min_sources": 2},
        {"min_reliability": "B"},
        {"claimants": frozenset({"tajikistan"})},
        {"as_of": "2024-01", "window": "2y"},
    ],
)
def test_a_filter_reads_only_what_it_says_it_reads(settings):
    """The columnar search judges relations alike in `reads` once: `accepts` must read nothing else."""
    edge_filter = EdgeFilter(**settings)
    graph = graphkit.build_graph(graphkit.load())
    for *_, data in graph.edges(keys=True, data=True):
        reading = _Reading(data)
        edge_filter.accepts(reading)
        assert reading.read <= set(edge_filter.reads), reading.read - set(edge_filter.reads)
