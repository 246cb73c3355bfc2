"""Curating a new document: sources add, suggest, and the whole flow to a validated path."""

from __future__ import annotations

import csv
import io

import pytest
from click.testing import CliRunner

import graphkit
from graphkit.cli import main
from graphkit.errors import GraphkitError
from graphkit.model import Actor
from graphkit.sentences import MentionFinder
from graphkit.sources import add_source
from graphkit.suggest import find_dates, guess

NEW_REPORT = (
    "Valley Report\n"
    "Ruritania allegedly funded the Borduria Front in March 2023.\n"
    "On 4 May 2024, Avalonia attacked the Carpathia Railway.\n"
    "Ruritania denied that it hosts the Front.\n"
)


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("GRAPHKIT_CACHE_DIR", str(tmp_path / "cache"))


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


FINDER = MentionFinder(
    [
        Actor("ruritania", "Ruritania", "state", (), ""),
        Actor("borduria_front", "Borduria Front", "militant_group", ("the Front",), ""),
        Actor("avalonia", "Avalonia", "state", ("Avalon City",), ""),
    ]
)


def guessed(sentence: str) -> tuple[str, str, str, str]:
    first, second = FINDER.find(sentence)[:2]
    hint = guess(sentence, first, second)
    return hint.relation, hint.certainty, hint.cue, hint.hedge


def test_cues_and_hedges_guess_relation_and_certainty():
    assert guessed("Ruritania allegedly funded the Borduria Front.") == ("funds", "alleged", "fund", "allegedly")
    assert guessed("Avalonia recognized the Borduria Front.") == ("recognizes", "confirmed", "recognize", "")
    assert guessed("Ruritania denied that it hosts the Front.") == ("hosts", "denied", "host", "denied")
    assert guessed("Ruritania plans to invest in Avalonia.") == ("invests_in", "proposed", "invest", "plans")
    assert guessed("According to the UN, Avalon City and the Front held talks.") == (
        "negotiates_with",
        "reported",
        "talks",
        "according to",
    )


def test_dates_are_read_from_the_sentence():
    assert find_dates("On 4 May 2024, Avalonia attacked.") == ("2024-05-04", "")
    assert find_dates("in March 2023 and again in 2024") == ("2023-03", "")
    assert find_dates("guarded the border until 2005") == ("", "2005")
    assert find_dates("No date here, only 4.5 billion.") == ("", "")


def test_sources_add_copies_and_registers_the_document(dataset_dir, tmp_path):
    report = tmp_path / "valley report.txt"
    report.write_text(NEW_REPORT, encoding="utf-8")
    added = add_source(dataset_dir, report, reliability="B", outlet="Valley Times")
    assert (added.id, added.path, added.title) == ("valley_report", "documents/valley_report.txt", "Valley Report")
    assert (dataset_dir / "documents" / "valley_report.txt").read_text(encoding="utf-8") == NEW_REPORT
    rows = list(csv.DictReader(io.StringIO((dataset_dir / "sources.csv").read_text(encoding="utf-8"))))
    assert rows[-1] == {
        "id": "valley_report",
        "path": "documents/valley_report.txt",
        "title": "Valley Report",
        "authors": "",
        "outlet": "Valley Times",
        "published": "",
        "reliability": "B",
    }
    assert graphkit.validate(dataset_dir)[1] == []


@pytest.mark.parametrize(
    ("content", "options", "message"),
    [
        (b"", {}, "the file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", {}, "the file is binary"),
        (
            "Caf\xe9 report\n".encode("latin-1"),
            {},
            ":1: byte 0xE9 at column 4 is not UTF-8 (re-save the file as UTF-8)",
        ),
        (NEW_REPORT.encode(), {"source_id": "report"}, "id 'report' is already used in sources.csv"),
        (NEW_REPORT.encode(), {"reliability": "G"}, "reliability 'G' is not a grade"),
        (NEW_REPORT.encode(), {"source_id": "Bad Id"}, "id 'Bad Id' is not snake_case"),
    ],
)
def test_sources_add_refuses_and_changes_nothing(dataset_dir, tmp_path, content, options, message):
    before = {p.relative_to(dataset_dir): p.read_bytes() for p in dataset_dir.rglob("*") if p.is_file()}
    candidate = tmp_path / "candidate.txt"
    candidate.write_bytes(content)
    with pytest.raises(GraphkitError, match=message.replace("(", r"\(").replace(")", r"\)")):
        add_source(dataset_dir, candidate, **options)
    after = {p.relative_to(dataset_dir): p.read_bytes() for p in dataset_dir.rglob("*") if p.is_file()}
    assert after == before


def test_sources_add_refuses_a_document_already_registered(dataset_dir, tmp_path):
    copy = tmp_path / "copy.txt"
    copy.write_bytes((dataset_dir / "docs" / "report.txt").read_bytes())
    result = run("--data", str(dataset_dir), "sources", "add", str(copy))
    assert result.exit_code == 1
    assert result.stderr == f"Error: {copy}: already registered as docs/report.txt (source report)\n"


def test_from_a_new_text_to_a_validated_path(dataset_dir, tmp_path):
    report = tmp_path / "valley.txt"
    report.write_text(NEW_REPORT, encoding="utf-8")
    added = run("--data", str(dataset_dir), "sources", "add", str(report), "--id", "valley")
    assert added.exit_code == 0
    assert added.output.splitlines()[-1] == f"Next: graphkit --data {dataset_dir} coverage valley"

    todo = run("--data", str(dataset_dir), "coverage", "valley")
    assert "0 of 3 two-actor sentences curated (0 %), 0 left out on purpose, 3 to do" in todo.output

    suggested = run("--data", str(dataset_dir), "suggest", "valley")
    rows = list(csv.DictReader(io.StringIO(suggested.output)))
    assert [(r["id"], r["source"], r["target"], r["relation"], r["certainty"], r["start"]) for r in rows] == [
        ("valley-s001", "ruritania", "borduria_front", "funds", "alleged", "2023-03"),
        ("valley-s002", "avalonia", "carpathia_railway", "attacks", "confirmed", "2024-05-04"),
        ("valley-s003", "ruritania", "borduria_front", "hosts", "denied", ""),
    ]
    accepted = rows[:2]
    with (dataset_dir / "relations.csv").open("a", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writerows(accepted)
    assert run("--data", str(dataset_dir), "validate").exit_code == 0
    assert "1 of 3 two-actor sentences curated" not in run("--data", str(dataset_dir), "coverage", "valley").output
    found = run(
        "--data", str(dataset_dir), "path", "ruritania", "avalonia", "--exclude-relation", "builds", "--format", "json"
    )
    assert found.exit_code == 0
    hops = [(h["from"], h["to"], h["relation_id"]) for h in __import__("json").loads(found.output)[0]]
    assert hops == [("ruritania", "borduria_front", "valley-s001"), ("borduria_front", "avalonia", "r1")]


def test_sources_add_refuses_to_change_the_bundled_data(monkeypatch, tmp_path):
    monkeypatch.delenv("GRAPHKIT_DATA", raising=False)
    report = tmp_path / "x.txt"
    report.write_text("x\n", encoding="utf-8")
    result = run("sources", "add", str(report))
    assert result.exit_code == 1
    assert "name yours with --data DIR" in result.stderr
