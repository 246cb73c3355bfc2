"""Sentence splitting, mention finding and coverage, on made-up actors."""

from __future__ import annotations

from click.testing import CliRunner

import graphkit
from graphkit.cli import main
from graphkit.coverage import coverage
from graphkit.model import Actor
from graphkit.sentences import MentionFinder, split_sentences


def texts(document: str) -> list[str]:
    return [s.text for s in split_sentences(document)]


def test_abbreviations_initials_and_decimals_do_not_end_sentences():
    assert texts("The U.S. and the U.N. met Dr. Roe in Aug. 2021. It cost 4.5 m. J. R. Doe left.") == [
        "The U.S. and the U.N. met Dr. Roe in Aug. 2021.",
        "It cost 4.5 m.",
        "J. R. Doe left.",
    ]


def test_lines_are_paragraphs_and_quotes_close_sentences():
    assert texts("Headline Without Stop\nHe said “no.” Then   she\tleft!\n\nEnd") == [
        "Headline Without Stop",
        "He said “no.”",
        "Then she left!",
        "End",
    ]


def test_sentence_offsets_point_into_the_squashed_document():
    document = "First one.  Second\none.\nThird."
    squashed = "First one. Second one. Third."
    for sentence in split_sentences(document):
        assert squashed[sentence.start : sentence.end] == sentence.text


FINDER = MentionFinder(
    [
        Actor("khorasan_front", "Khorasan Front", "militant_group", ("KF", "Front of Khorasan"), ""),
        Actor("front", "The Front", "militant_group", ("Front",), ""),
        Actor("zurland", "Zürland", "state", ("Zur City",), ""),
        Actor("us_alliance", "Union of States", "organization", ("US",), ""),
    ]
)


def found(text: str) -> list[tuple[str, str]]:
    return [(m.actor, m.surface) for m in FINDER.find(text)]


def test_longest_name_wins_and_words_must_be_whole():
    assert found("The Khorasan Front and the Front of Khorasan; Frontier towns; the Front.") == [
        ("khorasan_front", "Khorasan Front"),
        ("khorasan_front", "Front of Khorasan"),
        ("front", "Front"),
    ]


def test_accents_dashes_and_case_are_ignored_but_acronyms_keep_case():
    assert found("ZURLAND, zur city and Zürland; the US told us.") == [
        ("zurland", "ZURLAND"),
        ("zurland", "zur city"),
        ("zurland", "Zürland"),
        ("us_alliance", "US"),
    ]


def write_dataset(directory, relations: str, omissions: str | None = None) -> None:
    (directory / "docs").mkdir(parents=True)
    (directory / "docs" / "a.txt").write_text(
        "Zürland Gazette\n"
        "Zürland funds the Khorasan Front. The Front of Khorasan attacked Zur City.\n"
        "Zürland and the Union of States met in Aug. 2024 to talk about it.\n",
        encoding="utf-8",
    )
    (directory / "actors.csv").write_text(
        "id,name,kind,aliases,description\n"
        "khorasan_front,Khorasan Front,militant_group,Front of Khorasan|KF,x\n"
        "zurland,Zürland,state,Zur City,x\n"
        "union_of_states,Union of States,organization,,x\n",
        encoding="utf-8",
    )
    (directory / "sources.csv").write_text(
        "id,path,title,authors,outlet,published,reliability\ngazette,docs/a.txt,Gazette,,,,\n", encoding="utf-8"
    )
    (directory / "relations.csv").write_text(
        "id,source,target,relation,start,end,certainty,source_doc,quote,note\n" + relations, encoding="utf-8"
    )
    if omissions is not None:
        (directory / "omissions.csv").write_text("source_doc,quote,reason\n" + omissions, encoding="utf-8")


def test_coverage_counts_curated_left_out_and_to_do(tmp_path):
    write_dataset(
        tmp_path,
        "r1,zurland,khorasan_front,funds,,,confirmed,gazette,Zürland funds the Khorasan Front,\n",
        "gazette,The Front of Khorasan attacked Zur City,restates nothing; test\n",
    )
    result = coverage(graphkit.load(tmp_path))
    (source,) = result.sources
    assert (source.sentences, source.quoted, source.multi_actor) == (4, 1, 3)
    assert [(c.actors, c.status) for c in source.candidates] == [
        (("zurland", "khorasan_front"), "curated"),
        (("khorasan_front", "zurland"), "left out"),
        (("zurland", "union_of_states"), "to do"),
    ]
    assert source.summary() == "1 of 3 two-actor sentences curated (33 %), 1 left out on purpose, 1 to do"
    assert result.unused_names == [("khorasan_front", "KF")]


def test_coverage_cli_lists_what_is_left_to_do(tmp_path):
    write_dataset(tmp_path, "r1,zurland,khorasan_front,funds,,,confirmed,gazette,Zürland funds the Khorasan Front,\n")
    result = CliRunner().invoke(main, ["--data", str(tmp_path), "coverage", "--format", "csv"])
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        "source_doc,status,actors,sentence,reason",
        "gazette,to do,khorasan_front|zurland,The Front of Khorasan attacked Zur City.,",
        "gazette,to do,zurland|union_of_states,Zürland and the Union of States met in Aug. 2024 to talk about it.,",
    ]
    unknown = CliRunner().invoke(main, ["--data", str(tmp_path), "coverage", "gazete"])
    assert unknown.exit_code == 2
    assert "unknown source 'gazete' (did you mean 'gazette'?)" in unknown.stderr


def test_omission_quotes_are_validated(tmp_path):
    write_dataset(tmp_path, "", "gazette,The Front attacked,why\nnews,Zürland funds,why\n")
    issues = [str(i) for i in graphkit.validate(tmp_path)[1]]
    assert issues == [
        "omissions.csv:2: quote: not found verbatim in docs/a.txt (matches up to '…The Front ', then differs at 'attacked')",
        "omissions.csv:3: source_doc: unknown source 'news' (expected one of gazette)",
    ]
