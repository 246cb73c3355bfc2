"""Record checks: one fixture per kind of problem, asserting the exact line a curator sees."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphkit.dates import date_bounds
from graphkit.errors import ValidationFailed
from graphkit.validate import load, validate


def replace_in(directory: Path, name: str, old: str, new: str) -> None:
    path = directory / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


CASES = [
    (
        "actors.csv",
        "Avalonia,state",
        "Avalonia,stat",
        "actors.csv:2: kind: unknown kind 'stat' (did you mean 'state'?)",
    ),
    (
        "actors.csv",
        "avalonia,Avalonia",
        "Avalonia,Avalonia",
        "actors.csv:2: id: 'Avalonia' is not snake_case (e.g. 'avalonia')",
    ),
    (
        "actors.csv",
        "ruritania,Ruritania,state,",
        "ruritania,Ruritania,state,BF",
        "actors.csv:4: aliases: 'BF' also names 'borduria_front' (line 3); a name or alias must belong to one actor",
    ),
    (
        "actors.csv",
        "ruritania,Ruritania",
        "avalonia,Ruritania",
        "actors.csv:4: id: duplicate id 'avalonia' (first used on line 2; ids must be unique)",
    ),
    ("actors.csv", "ruritania,Ruritania", "ruritania,", "actors.csv:4: name: is empty (this field is required)"),
    (
        "relations.csv",
        "borduria_front,recognizes",
        "borduria_front,recognises",
        "relations.csv:2: relation: unknown relation 'recognises' (did you mean 'recognizes'?)",
    ),
    (
        "relations.csv",
        ",confirmed,report,Avalonia",
        ",confimed,report,Avalonia",
        "relations.csv:2: certainty: unknown certainty 'confimed' (did you mean 'confirmed'?)",
    ),
    (
        "relations.csv",
        "r1,avalonia,borduria_front",
        "r1,avalonia,bordura_front",
        "relations.csv:2: target: unknown actor 'bordura_front' (did you mean 'borduria_front'?)",
    ),
    (
        "relations.csv",
        "recognizes,2024-03-01",
        "recognizes,2024-3-1",
        "relations.csv:2: start: '2024-3-1' is not a date (use YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2025-07-03)",
    ),
    (
        "relations.csv",
        "recognizes,2024-03-01",
        "recognizes,2023-02-29",
        "relations.csv:2: start: '2023-02-29' is not a date (use YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2025-07-03)",
    ),
    (
        "relations.csv",
        "attacks,2023,2023",
        "attacks,2023,2022-12",
        "relations.csv:3: end: end 2022-12 is before start 2023 (swap them or fix the date)",
    ),
    (
        "relations.csv",
        "r2,borduria_front",
        "r1,borduria_front",
        "relations.csv:3: id: duplicate id 'r1' (first used on line 2; ids must be unique)",
    ),
    (
        "relations.csv",
        "r2,borduria_front,carpathia_railway,attacks",
        "r2,borduria_front,borduria_front,attacks",
        "relations.csv:3: target: 'attacks' cannot link 'borduria_front' to itself (use two different actors)",
    ),
    (
        "relations.csv",
        "confirmed,report,Avalonia",
        "confirmed,reprt,Avalonia",
        "relations.csv:2: source_doc: unknown source 'reprt' (did you mean 'report'?)",
    ),
    (
        "relations.csv",
        "attacked the Carpathia Railway twice",
        "attacked the Carpathian Railway twice",
        "relations.csv:3: quote: not found verbatim in docs/report.txt (matches up to '…a Front attacked the Carpathia', then differs at 'n Railway twice in 2')",
    ),
    (
        "relations.csv",
        ",report,Avalonia recognized the Borduria Front as the government of the valley on 1 March 2024,",
        ",report,,",
        "relations.csv:2: quote: is empty (this field is required)",
    ),
    (
        "sources.csv",
        "docs/report.txt",
        "docs/missing.txt",
        "sources.csv:2: path: document docs/missing.txt not found (paths are relative to dataset/)",
    ),
    (
        "sources.csv",
        "2024-03,C",
        "2024-03,G",
        "sources.csv:2: reliability: 'G' is not a reliability grade (use one letter A-F, or leave empty)",
    ),
]


@pytest.mark.parametrize(("name", "old", "new", "expected"), CASES)
def test_each_problem_is_one_exact_line(dataset_dir, name, old, new, expected):
    replace_in(dataset_dir, name, old, new)
    assert expected in [str(issue) for issue in validate(dataset_dir)[1]]


def test_quote_matching_ignores_line_wrapping_but_nothing_else(dataset_dir):
    replace_in(
        dataset_dir,
        "relations.csv",
        "The Borduria Front attacked the Carpathia Railway twice in 2023",
        '"The Borduria Front attacked\n  the   Carpathia Railway twice in 2023"',
    )
    assert validate(dataset_dir)[1] == []
    replace_in(dataset_dir, "relations.csv", "Carpathia Railway twice", "carpathia railway twice")
    assert [i.code for i in validate(dataset_dir)[1]] == ["quote-not-found"]


def test_every_problem_is_reported_at_once(dataset_dir):
    replace_in(dataset_dir, "actors.csv", "Avalonia,state", "Avalonia,stat")
    replace_in(dataset_dir, "relations.csv", "borduria_front,recognizes", "borduria_front,recognises")
    replace_in(dataset_dir, "sources.csv", "2024-03,C", "2024-03,G")
    with pytest.raises(ValidationFailed) as caught:
        load(dataset_dir)
    assert [i.code for i in caught.value.issues] == ["unknown-kind", "unknown-relation", "bad-reliability"]


def test_partial_dates_cover_their_whole_period():
    assert [str(d) for d in date_bounds("2024")] == ["2024-01-01", "2024-12-31"]
    assert [str(d) for d in date_bounds("2024-02")] == ["2024-02-01", "2024-02-29"]
    assert [str(d) for d in date_bounds("2025-12")] == ["2025-12-01", "2025-12-31"]
    with pytest.raises(ValueError):
        date_bounds("2025-13")


def add_columns(directory: Path, header: str, cells: dict[str, str]) -> None:
    """Append optional columns to relations.csv: `cells` maps a relation id to its new cells."""
    path = directory / "relations.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    width = header.count(",") + 1
    out = [lines[0] + "," + header]
    for line in lines[1:]:
        out.append(line + "," + cells.get(line.split(",", 1)[0], "," * (width - 1)))
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


def test_claimant_is_an_actor_id_or_a_label_and_credibility_a_digit(dataset_dir):
    add_columns(
        dataset_dir,
        "temporal,claimant,credibility",
        {"r1": ",author,", "r2": ",avalonia,2", "r3": ",ruritanai,", "r4": ",,7"},
    )
    found = [str(issue) for issue in validate(dataset_dir)[1]]
    assert found == [
        "relations.csv:4: claimant: unknown claimant 'ruritanai' "
        "(an actor id or one of author, media, officials, observers; did you mean 'ruritania'?)",
        "relations.csv:5: credibility: '7' is not a credibility grade (use one digit 1-6, or leave empty)",
    ]


def test_claimant_and_credibility_reach_the_graph_and_the_filter(dataset_dir):
    from graphkit.graph import build_graph
    from graphkit.query import neighbors
    from graphkit.rules import EdgeFilter, certainty_levels

    add_columns(dataset_dir, "claimant,credibility", {"r1": "author,3", "r3": "avalonia,"})
    graph = build_graph(load(dataset_dir))
    assert graph.edges["avalonia", "borduria_front", "r1"]["claimant"] == "author"
    assert graph.edges["avalonia", "borduria_front", "r1"]["credibility"] == "3"
    assert graph.edges["borduria_front", "carpathia_railway", "r2"]["claimant"] == ""
    everything = certainty_levels("proposed", include_denied=True)
    by_avalonia = EdgeFilter(certainties=everything, claimants=frozenset({"avalonia"}))
    assert [(n.id, n.hop.claimant) for n in neighbors(graph, "borduria_front", edge_filter=by_avalonia)] == [
        ("ruritania", "avalonia")
    ]
    assert "claimed by avalonia" in by_avalonia.describe()
    assert by_avalonia.widened().claimants == frozenset({"avalonia"})


def test_a_quote_naming_neither_actor_is_a_warning_unless_the_note_says_whom_it_means(dataset_dir):
    assert validate(dataset_dir)[1] == []
    document = next((dataset_dir / "docs").iterdir())
    document.write_text(document.read_text(encoding="utf-8") + "\nThe group plans to build a station there.\n")
    replace_in(
        dataset_dir,
        "relations.csv",
        "Ruritania plans to build a second line next to the Carpathia Railway,",
        "The group plans to build a station there,",
    )
    dataset, issues = validate(dataset_dir)
    assert [str(i) for i in issues] == [
        "relations.csv:5: quote: warning: names neither 'ruritania' nor 'carpathia_railway' (quote a span that "
        "names them, or say in the note whom it means: 'the group' = the Taliban)"
    ]
    assert load(dataset_dir) == dataset  # a warning does not stop loading
    replace_in(dataset_dir, "relations.csv", "a station there,", "a station there,'The group' = Ruritania")
    assert validate(dataset_dir)[1] == []
    replace_in(dataset_dir, "relations.csv", "'The group' = Ruritania", "'The group' = the Front")
    assert [i.code for i in validate(dataset_dir)[1]] == ["quote-names-neither"]  # the note names another actor


def test_quotes_are_found_in_any_order_within_their_own_article(tmp_path):
    """The search starts where the source's previous quote was; quotes before it, overlapping it or
    starting one character before it are found all the same, and a quote in the other article is not."""
    import random

    first = "Alpha one. Beta two. Gamma three. Delta four. Epsilon five."
    second = "Zeta six. Eta seven."
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "two.txt").write_text(f"FIRST\n{first}\nSECOND\n{second}\n", encoding="utf-8")
    (tmp_path / "actors.csv").write_text(
        "id,name,kind,aliases,description\na,A,state,,\nb,B,state,,\n", encoding="utf-8"
    )
    (tmp_path / "sources.csv").write_text(
        "id,path,title,authors,outlet,published,reliability,starts_with\n"
        "one,docs/two.txt,One,,,,,FIRST\ntwo,docs/two.txt,Two,,,,,SECOND\n",
        encoding="utf-8",
    )
    present = ["Delta four.", "Alpha one.", "Epsilon five.", "a four. Eps", "Beta two. Gamma", "Delta", "ta four", "e."]
    expected = {}
    rows = []
    rng = random.Random(3)
    quotes = [(q, "") for q in present] + [("Zeta six.", "quote-outside-article"), ("Theta nine.", "quote-not-found")]
    for _ in range(3):
        rng.shuffle(quotes)
        for quote, code in quotes:
            line = len(rows) + 2
            rows.append(f"r{line},a,b,attacks,,,confirmed,one,{quote},")
            if code:
                expected[line] = code
    (tmp_path / "relations.csv").write_text(
        "id,source,target,relation,start,end,certainty,source_doc,quote,note\n" + "\n".join(rows) + "\n",
        encoding="utf-8",
    )
    found = {i.line: i.code for i in validate(tmp_path)[1] if i.file == "relations.csv" and i.is_error}
    assert found == expected
