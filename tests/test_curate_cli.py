"""Adding actors and relations without editing CSV: each row checked as validate checks it, or nothing written."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from graphkit.cli import main
from graphkit.curate import next_relation_id
from graphkit.validate import load


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("GRAPHKIT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("GRAPHKIT_DATA", raising=False)


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def snapshot(directory):
    return {p.relative_to(directory): p.read_bytes() for p in directory.rglob("*") if p.is_file()}


def last_row(path) -> dict[str, str]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))[-1]


# --- actors add --------------------------------------------------------------------------------


def test_actors_add_appends_one_row_and_the_dataset_still_validates(dataset_dir):
    before = (dataset_dir / "actors.csv").read_bytes()
    result = run(
        "--data", str(dataset_dir), "actors", "add", "syldavia", "--name", "Syldavia", "--kind", "state",
        "--alias", "Klow", "--alias", "Syldavian", "--description", "A made-up kingdom, from the report.",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.output == "Added actor syldavia: Syldavia (state, also Klow, Syldavian)\n"
    after = (dataset_dir / "actors.csv").read_bytes()
    assert after == before + b'syldavia,Syldavia,state,Klow|Syldavian,"A made-up kingdom, from the report."\n'
    assert run("--data", str(dataset_dir), "validate").exit_code == 0
    assert run("--data", str(dataset_dir), "show", "Klow", "--format", "json").exit_code == 0


ACTOR_REFUSALS = [
    (["Syldavia", "--name", "X", "--kind", "state"], "ID: 'Syldavia' is not snake_case (e.g. 'syldavia')"),
    (
        ["avalonia", "--name", "X", "--kind", "state"],
        "ID: duplicate id 'avalonia' (first used on line 2; ids must be unique)",
    ),
    (
        ["valley", "--name", "Ruritania", "--kind", "state"],
        "--name: 'Ruritania' also names 'ruritania' (line 4); a name or alias must belong to one actor",
    ),
    (
        ["valley", "--name", "Valley", "--kind", "state", "--alias", "the railway"],
        "--alias: 'the railway' also names 'carpathia_railway' (line 5); a name or alias must belong to one actor",
    ),
    (
        ["valley", "--name", "Valley", "--kind", "stat"],
        "--kind: unknown kind 'stat' (did you mean 'state'?)",
    ),
    (
        ["valley", "--name", "Valley", "--kind", "state", "--alias", "A|B"],
        "--alias: 'A|B' has the alias separator '|' (give each alias its own --alias)",
    ),
    (
        ["valley", "--name", "Valley\x1b[31m", "--kind", "state"],
        "--name: control character U+001B at position 7 (remove it)",
    ),
]


@pytest.mark.parametrize(("args", "message"), ACTOR_REFUSALS)
def test_actors_add_refuses_with_the_problem_and_changes_nothing(dataset_dir, args, message):
    before = snapshot(dataset_dir)
    result = run("--data", str(dataset_dir), "actors", "add", *args)
    assert result.exit_code == 1
    assert result.stderr == f"{message}\nError: 1 problem(s); nothing was written\n".replace("\x1b", "\\x1b")
    assert snapshot(dataset_dir) == before


def test_actors_add_refuses_a_lookalike_name_and_lists_every_problem(dataset_dir):
    before = snapshot(dataset_dir)
    result = run(
        "--data", str(dataset_dir), "actors", "add", "bf2", "--name", "Воrduria Front", "--kind", "militia",
    )  # fmt: skip
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "--kind: unknown kind 'militia' (expected one of group_of_states, militant_group, organization, person, place, "
        "project, state)",
        "--name: 'Воrduria Front' looks like 'Borduria Front' of 'borduria_front' (line 3) but is spelt with other "
        "characters (U+0412 CYRILLIC CAPITAL LETTER VE where the other has 'B'); use one spelling, for one actor",
        "--name: 'Воrduria' mixes scripts: U+0412 CYRILLIC CAPITAL LETTER VE at position 1 (write each word in one "
        "script)",
        "Error: 3 problem(s); nothing was written",
    ]
    assert snapshot(dataset_dir) == before


def test_commands_that_change_a_dataset_refuse_the_bundled_one():
    result = run("actors", "add", "x", "--name", "X", "--kind", "state")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: this command changes a dataset: name yours with --data DIR (graphkit init DIR makes one)\n"
    )


# --- relations add -------------------------------------------------------------------------------


def add(dataset_dir, *options: str):
    base = {
        "--source": "Avalon City",
        "--target": "the railway",
        "--relation": "opposes",
        "--certainty": "confirmed",
        "--source-doc": "report",
        "--quote": "Ruritania plans to build a second line next to the Carpathia Railway",
    }
    given = dict(zip(options[::2], options[1::2], strict=True))
    args = [item for key, value in {**base, **given}.items() for item in (key, value)]
    return run("--data", str(dataset_dir), "relations", "add", *args)


def test_relations_add_resolves_names_appends_and_prints_the_new_id(dataset_dir):
    before = (dataset_dir / "relations.csv").read_bytes()
    result = add(dataset_dir, "--target", "Ruritania", "--certainty", "alleged", "--start", "2023",
                 "--quote", "Avalon City accused Ruritania", "--note", "an accusation, a line")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.output == "Added relation r5: avalonia opposes ruritania (alleged, report)\n"
    assert (dataset_dir / "relations.csv").read_bytes() == before + (
        b'r5,avalonia,ruritania,opposes,2023,,alleged,report,Avalon City accused Ruritania,"an accusation, a line"\n'
    )
    assert run("--data", str(dataset_dir), "validate").exit_code == 0


def test_relations_add_fills_exactly_the_columns_the_file_has(dataset_dir):
    path = dataset_dir / "relations.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    # A file with the optional column, in another order, and CRLF line ends as a spreadsheet saves them.
    header = "temporal,id,source,target,relation,start,end,certainty,source_doc,quote,note"
    records = list(csv.reader(io.StringIO("\n".join(lines))))[1:]
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows([header.split(","), *(["", *r] for r in records)])
    path.write_bytes(buffer.getvalue().encode("utf-8"))
    result = add(dataset_dir, "--temporal", "event", "--source", "BF", "--target", "Ruritania", "--relation",
                 "threatens", "--quote", "a claim Ruritania denied")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert path.read_bytes().endswith(
        b"\r\nevent,r5,borduria_front,ruritania,threatens,,,confirmed,report,a claim Ruritania denied,\r\n"
    )
    assert run("--data", str(dataset_dir), "validate").exit_code == 0


def test_relations_add_refuses_a_column_the_file_lacks(dataset_dir):
    before = snapshot(dataset_dir)
    result = add(dataset_dir, "--temporal", "event")
    assert result.exit_code == 1
    assert result.stderr == (
        "--temporal: relations.csv has no 'temporal' column (add it to the header first)\n"
        "Error: 1 problem(s); nothing was written\n"
    )
    assert snapshot(dataset_dir) == before


RELATION_REFUSALS = [
    (
        ["--source", "Avalnia"],
        ["--source: unknown actor 'Avalnia'. Did you mean 'avalonia' (Avalonia)?"],
    ),
    (
        ["--quote", "Ruritania plans to build a third line"],
        [
            "--quote: not found verbatim in docs/report.txt (matches up to '…Ruritania plans to build a ', "
            "then differs at 'third line')"
        ],
    ),
    (
        ["--start", "2024-05", "--end", "2023"],
        ["--end: end 2023 is before start 2024-05 (swap them or fix the date)"],
    ),
    (
        ["--relation", "oppose", "--certainty", "sure", "--source-doc", "reprt"],
        [
            "--certainty: unknown certainty 'sure' (expected one of alleged, confirmed, denied, proposed, reported)",
            "--relation: unknown relation 'oppose' (did you mean 'opposes'?)",
            "--source-doc: unknown source 'reprt' (did you mean 'report'?)",
        ],
    ),
    (
        ["--target", "Avalonia", "--relation", "recognizes"],
        ["--target: 'recognizes' cannot link 'avalonia' to itself (use two different actors)"],
    ),
    (
        ["--source", "Ruritania", "--target", "Carpathia Railway", "--relation", "builds", "--certainty", "proposed"],
        ["--quote: this relation is already recorded from this quote (r4)"],
    ),
    (
        ["--temporal", "once"],
        ["--temporal: relations.csv has no 'temporal' column (add it to the header first)"],
    ),
]


@pytest.mark.parametrize(("options", "messages"), RELATION_REFUSALS)
def test_relations_add_refuses_every_problem_and_changes_nothing(dataset_dir, options, messages):
    before = snapshot(dataset_dir)
    result = add(dataset_dir, *options)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [*messages, f"Error: {len(messages)} problem(s); nothing was written"]
    assert snapshot(dataset_dir) == before


def test_a_new_source_gets_its_own_prefix(dataset_dir):
    dataset = load(dataset_dir)
    assert next_relation_id(dataset, "report", set()) == "r5"
    assert next_relation_id(dataset, "valley_report", set()) == "vr001"
    assert next_relation_id(dataset, "valley_report", {"vr001"}) == "vr002"
    assert next_relation_id(dataset, "rebels", set()) == "re001"  # 'r' is report's


# --- suggest --accept ---------------------------------------------------------------------------

VALLEY = (
    "Valley Report\n"
    "Ruritania allegedly funded the Borduria Front in March 2023.\n"
    "On 4 May 2024, Avalonia attacked the Carpathia Railway.\n"
)


@pytest.fixture
def reviewed(dataset_dir, tmp_path):
    report = tmp_path / "valley.txt"
    report.write_text(VALLEY, encoding="utf-8")
    assert run("--data", str(dataset_dir), "sources", "add", str(report), "--id", "valley").exit_code == 0
    review = tmp_path / "review.csv"
    assert run("--data", str(dataset_dir), "suggest", "valley", "--out", str(review)).exit_code == 0
    return review


def test_accept_appends_the_reviewed_rows_as_the_analyst_left_them(dataset_dir, reviewed):
    rows = list(csv.DictReader(io.StringIO(reviewed.read_text(encoding="utf-8"))))
    assert [r["id"] for r in rows] == ["valley-s001", "valley-s002"]
    rows[0]["certainty"], rows[0]["note"] = "reported", "-checked: the claim is the report's"  # a spreadsheet guard
    rows[1]["source"] = "Avalon City"  # a name, as queries take it
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows([{**rows[0], "note": "'" + rows[0]["note"]}, rows[1]])
    reviewed.write_text(buffer.getvalue(), encoding="utf-8")
    result = run("--data", str(dataset_dir), "suggest", "valley", "--accept", "valley-s002,valley-s001",
                 "--from", str(reviewed))  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.output == (
        "Added relation va001 (suggestion valley-s002): avalonia attacks carpathia_railway (confirmed, valley)\n"
        "Added relation va002 (suggestion valley-s001): ruritania funds borduria_front (reported, valley)\n"
    )
    assert last_row(dataset_dir / "relations.csv") == {
        "id": "va002",
        "source": "ruritania",
        "target": "borduria_front",
        "relation": "funds",
        "start": "2023-03",
        "end": "",
        "certainty": "reported",
        "source_doc": "valley",
        "quote": "Ruritania allegedly funded the Borduria Front in March 2023.",
        "note": "-checked: the claim is the report's",
    }
    assert run("--data", str(dataset_dir), "validate").exit_code == 0
    found = run("--data", str(dataset_dir), "path", "ruritania", "avalonia", "--format", "json")
    hops = [(h["source"], h["target"], h["relation_id"]) for h in json.loads(found.output)[0]]
    assert hops == [("ruritania", "borduria_front", "va002"), ("avalonia", "borduria_front", "r1")]


def test_accept_lists_every_problem_and_changes_nothing(dataset_dir, reviewed):
    text = reviewed.read_text(encoding="utf-8").replace(",funds,", ",fund,").replace("Ruritania allegedly", "Ruritania")
    reviewed.write_text(text, encoding="utf-8")
    before = snapshot(dataset_dir)
    result = run("--data", str(dataset_dir), "suggest", "valley", "--accept", "valley-s001,valley-s009",
                 "--from", str(reviewed))  # fmt: skip
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "review.csv: no row with id 'valley-s009' (its ids: valley-s001, valley-s002)",
        "review.csv:2: quote: not found verbatim in documents/valley.txt (matches up to '…Ruritania ', then differs "
        "at 'funded the Borduria ')",
        "review.csv:2: relation: unknown relation 'fund' (did you mean 'funds'?)",
        "Error: 3 problem(s); nothing was written",
    ]
    assert snapshot(dataset_dir) == before


def test_accept_needs_the_reviewed_file(dataset_dir):
    result = run("--data", str(dataset_dir), "suggest", "report", "--accept", "report-s001")
    assert result.exit_code == 2
    assert "--accept needs --from FILE: the suggestion file you reviewed" in result.stderr


# --- actors candidates --------------------------------------------------------------------------


ARTICLE = (
    "Dam Talks Stall in the Orrin Valley\n"
    "By A. Writer\n"
    "The Orrin Valley Army (OVA) attacked the Carpathia Railway, the Norland government said.\n"
    "Norland has funded the Vell River Dam since 2019; the OVA denies it.\n"
    "OVA commander Tamsin Orrell met Avalonia's envoy in Dushanbe with Tajik and Russian officials.\n"
)


def test_candidates_are_the_names_that_are_no_actor_yet(dataset_dir, tmp_path):
    (dataset_dir / "actors.csv").write_text(
        (dataset_dir / "actors.csv").read_text(encoding="utf-8") + "tajikistan,Tajikistan,state,,\n", encoding="utf-8"
    )
    report = tmp_path / "dam.txt"
    report.write_text(ARTICLE, encoding="utf-8")
    assert run("--data", str(dataset_dir), "sources", "add", str(report), "--id", "dam").exit_code == 0
    result = run("--data", str(dataset_dir), "actors", "candidates", "dam", "--format", "json")
    assert result.exit_code == 0, result.output
    found = json.loads(result.output)["candidates"]
    assert [(c["name"], c["kind"], c["aliases"], c["fold_into"], c["count"]) for c in found] == [
        ("Orrin Valley Army", "militant_group", ["OVA"], "", 3),
        ("Norland", "", [], "", 2),
        ("Vell River Dam", "project", [], "", 1),
        ("Tamsin Orrell", "person", [], "", 1),
        ("Dushanbe", "state", [], "tajikistan", 1),
        ("Tajik", "state", [], "tajikistan", 1),
        ("Russia", "state", ["Russian"], "", 1),
    ]
    assert found[0]["sentences"] == [
        "The Orrin Valley Army (OVA) attacked the Carpathia Railway, the Norland government said.",
        "Norland has funded the Vell River Dam since 2019; the OVA denies it.",
        "OVA commander Tamsin Orrell met Avalonia's envoy in Dushanbe with Tajik and Russian officials.",
    ]
    assert found[0]["command"] == (
        f"graphkit --data {dataset_dir} actors add orrin_valley_army --name 'Orrin Valley Army' "
        "--kind militant_group --alias OVA"
    )
    assert (
        found[4]["why"]
        == "the capital of Tajikistan: the curation rules fold it into 'tajikistan' (add it as an alias)"
    )
    text = run("--data", str(dataset_dir), "actors", "candidates", "dam")
    assert text.output.splitlines()[:5] == [
        "dam: 7 name(s) that are no actor yet",
        "",
        "1. Orrin Valley Army  (militant_group, also OVA; 3 uses)",
        "   a name and its acronym",
        "   " + found[0]["command"],
    ]
    table = list(csv.DictReader(io.StringIO(run("--data", str(dataset_dir), "actors", "candidates", "dam",
                                                "--format", "csv").output)))  # fmt: skip
    assert [(r["name"], r["count"]) for r in table] == [(c["name"], str(c["count"])) for c in found]


def test_candidates_of_an_unknown_source(dataset_dir):
    result = run("--data", str(dataset_dir), "actors", "candidates", "reprt")
    assert result.exit_code == 2
    assert result.stderr == "Error: unknown source 'reprt' (did you mean 'report'?)\n"


def test_relations_add_resolves_the_claimant_and_checks_its_credibility(dataset_dir):
    path = dataset_dir / "relations.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([lines[0] + ",claimant,credibility", *(line + ",," for line in lines[1:])]) + "\n")
    before = snapshot(dataset_dir)
    refused = add(dataset_dir, "--claimant", "Avalon City", "--credibility", "9")
    assert refused.stderr.splitlines() == [
        "--credibility: '9' is not a credibility grade (use one digit 1-6, or leave empty)",
        "Error: 1 problem(s); nothing was written",
    ]
    assert snapshot(dataset_dir) == before
    added = add(dataset_dir, "--source", "BF", "--target", "Ruritania", "--relation", "threatens",
                "--quote", "a claim Ruritania denied", "--claimant", "Avalon City", "--credibility", "3")  # fmt: skip
    assert added.exit_code == 0, added.output
    assert last_row(path)["claimant"] == "avalonia"
    assert last_row(path)["credibility"] == "3"
