"""Reading dataset files: every kind of bad input gives one exact line, never a traceback."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from graphkit.errors import GraphkitError
from graphkit.load import RELATION_COLUMNS
from graphkit.model import Relation
from graphkit.validate import validate

ACTORS_HEADER = "id,name,kind,aliases,description\n"
RELATIONS_HEADER = "id,source,target,relation,start,end,certainty,source_doc,quote,note\n"
GOOD_RELATION = (
    "r1,avalonia,borduria_front,recognizes,2024-03-01,,confirmed,report,Avalonia recognized the Borduria Front,\n"
)


def issues_of(directory: Path) -> list[str]:
    return [str(issue) for issue in validate(directory)[1]]


def write(directory: Path, name: str, content: str | bytes) -> None:
    path = directory / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", newline="")


def test_minimal_fixture_is_valid(dataset_dir):
    assert issues_of(dataset_dir) == []


def test_spreadsheet_export_with_bom_crlf_and_quoted_newlines_loads(dataset_dir):
    text = (dataset_dir / "relations.csv").read_text(encoding="utf-8")
    text = text.replace('"accusation by Avalonia, denied"', '"accusation by Avalonia,\nsaid ""denied"""')
    write(dataset_dir, "relations.csv", b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
    dataset, issues = validate(dataset_dir)
    assert issues == []
    assert dataset.relations[2].note == 'accusation by Avalonia,\r\nsaid "denied"'
    assert [r.line for r in dataset.relations] == [2, 3, 4, 6]


def test_cells_are_text_exactly_as_saved(dataset_dir):
    write(dataset_dir, "actors.csv", ACTORS_HEADER + "na,NA,state,None|001,null\n" + _rest_of_actors(dataset_dir))
    dataset, issues = validate(dataset_dir)
    assert issues == []
    assert dataset.actors_by_id["na"].name == "NA"
    assert dataset.actors_by_id["na"].aliases == ("None", "001")
    assert dataset.actors_by_id["na"].description == "null"


def _rest_of_actors(directory: Path) -> str:
    return "".join((directory / "actors.csv").read_text(encoding="utf-8").splitlines(keepends=True)[1:])


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        pytest.param(
            "relations.csv",
            RELATIONS_HEADER.replace(",note", "")
            + "r1,avalonia,borduria_front,recognizes,,,confirmed,report,Avalonia recognized\n",
            [
                "relations.csv:1: bad header: column 'note' is missing; the header must be id,source,target,relation,start,end,certainty,source_doc,quote,note (and optionally temporal,claimant,credibility); rows are not checked until it is fixed"
            ],
            id="missing-column",
        ),
        pytest.param(
            "relations.csv",
            RELATIONS_HEADER.replace("note", "note,notes") + GOOD_RELATION.replace(",\n", ",,\n"),
            ["relations.csv:1: notes: unknown column (did you mean 'note' or 'quote'?)"],
            id="extra-column",
        ),
        pytest.param(
            "actors.csv",
            "",
            ["actors.csv:1: file is empty (expected a header: id,name,kind,aliases,description)"],
            id="empty-file",
        ),
        pytest.param(
            "relations.csv",
            RELATIONS_HEADER
            + 'r1,avalonia,borduria_front,recognizes,,,confirmed,report,"Avalonia recognized\nr2,a,b\n',
            ["relations.csv:2: unclosed quote: the record runs to the end of the file (close the quote)"],
            id="unclosed-quote",
        ),
        pytest.param(
            "relations.csv",
            RELATIONS_HEADER + "r1,avalonia,borduria_front,recognizes,,,confirmed,report,Avalonia\n",
            ["relations.csv:2: 9 fields, header has 10 (quote cells that contain commas)"],
            id="ragged-row",
        ),
        pytest.param(
            "actors.csv",
            ACTORS_HEADER.encode() + "avalonia,Avalonia,state,Avalon City,caf\xe9\n".encode("latin-1"),
            ["actors.csv:2: byte 0xE9 at column 40 is not UTF-8 (re-save the file as UTF-8)"],
            id="not-utf8",
        ),
        pytest.param(
            "actors.csv",
            ACTORS_HEADER + "avalonia,Aval\x00onia,state,,A state.\n",
            ["actors.csv:2: name: control character U+0000 at position 5 (remove it)"],
            id="nul-byte",
        ),
    ],
)
def test_unreadable_files_are_reported_with_file_and_line(dataset_dir, name, content, expected):
    write(dataset_dir, name, content)
    found = issues_of(dataset_dir)
    for line in expected:
        assert line in found
    assert all(issue.startswith(name) for issue in found if "unknown actor" not in issue), found


def test_missing_file_is_reported(dataset_dir):
    (dataset_dir / "sources.csv").unlink()
    found = issues_of(dataset_dir)
    assert (
        "sources.csv: file is missing (expected columns: id,path,title,authors,outlet,published,reliability)" in found
    )


def test_directory_that_is_not_a_dataset_is_one_clear_error(tmp_path):
    with pytest.raises(
        GraphkitError, match=r"not a dataset \(none of actors.csv, relations.csv, sources.csv is there\)"
    ):
        validate(tmp_path)
    with pytest.raises(GraphkitError, match="not a directory"):
        validate(tmp_path / "nowhere")


def test_a_problem_in_a_multi_line_record_names_its_first_line(dataset_dir):
    text = (dataset_dir / "relations.csv").read_text(encoding="utf-8")
    text = text.replace('"accusation by Avalonia, denied"', '"accusation\nby Avalonia,\ndenied"').replace(
        ",denied,report,", ",denyed,report,"
    )
    write(dataset_dir, "relations.csv", text + "r5,avalonia,ruritania,opposes,,,confirmed,report,Avalonia,\n")
    assert issues_of(dataset_dir) == ["relations.csv:4: certainty: unknown certainty 'denyed' (did you mean 'denied'?)"]
    assert [r.line for r in validate(dataset_dir)[0].relations][-1] == 8


def test_relation_columns_are_in_the_order_of_relation_fields():
    """Relations are made from their cells by position: the file's columns and the record's fields must agree."""
    assert tuple(f.name for f in dataclasses.fields(Relation))[: len(RELATION_COLUMNS)] == RELATION_COLUMNS
