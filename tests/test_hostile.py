"""A dataset is untrusted input: what a hostile or careless one can and cannot make graphkit do.

Documents outside the dataset's folders, special files, terminal escapes and lookalike
names in the data, extreme option values, an encoding the terminal lacks, a bad header and
a huge cell: each is one clear line (or a correct result), never a traceback.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner

from graphkit.cli import main
from graphkit.load import DOCUMENT_LIMIT, bundled_data_dir, bundled_documents_dir
from graphkit.text import hidden_characters, printable
from graphkit.validate import validate

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("GRAPHKIT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("GRAPHKIT_DOCUMENTS", raising=False)


def run(*args: str, env: dict | None = None):
    result = CliRunner().invoke(main, list(args), env=env)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result


@pytest.fixture
def bundled_copy(tmp_path: Path) -> Path:
    """A copy of the bundled dataset, with its documents in ../seeds beside it, as in the repository."""
    shutil.copytree(bundled_documents_dir(), tmp_path / "seeds")
    shutil.copytree(bundled_data_dir(), tmp_path / "data")
    return tmp_path / "data"


def messages(directory: Path) -> list[str]:
    return [str(issue) for issue in validate(directory)[1]]


def set_document(directory: Path, path: str) -> None:
    """Point the fixture's one source at `path`."""
    sources = directory / "sources.csv"
    sources.write_text(sources.read_text(encoding="utf-8").replace("docs/report.txt", path), encoding="utf-8")


def edit(directory: Path, name: str, old: str, new: str) -> None:
    file = directory / name
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new), encoding="utf-8")


# --- documents stay inside the dataset ----------------------------------------------------

OUTSIDE = "sources.csv:2: path: document path {} leaves the dataset folder (put the document inside dataset/ or name its folder with --documents)"


@pytest.fixture
def outside_document(dataset_dir: Path, tmp_path: Path) -> Path:
    """The fixture's document moved to a folder beside the dataset."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    shutil.copy(dataset_dir / "docs" / "report.txt", folder / "report.txt")
    return folder / "report.txt"


def test_an_absolute_document_path_is_refused(dataset_dir, outside_document):
    set_document(dataset_dir, str(outside_document))
    assert messages(dataset_dir) == [OUTSIDE.format(outside_document)]


def test_a_path_climbing_out_is_refused(dataset_dir, outside_document):
    set_document(dataset_dir, "../elsewhere/report.txt")
    assert messages(dataset_dir) == [OUTSIDE.format("../elsewhere/report.txt")]


def test_a_symlink_out_of_the_dataset_is_refused(dataset_dir, outside_document):
    (dataset_dir / "docs" / "link.txt").symlink_to(outside_document)
    set_document(dataset_dir, "docs/link.txt")
    assert messages(dataset_dir) == [OUTSIDE.format("docs/link.txt")]


def test_a_symlink_inside_the_dataset_is_read(dataset_dir):
    (dataset_dir / "docs" / "link.txt").symlink_to(dataset_dir / "docs" / "report.txt")
    set_document(dataset_dir, "docs/link.txt")
    assert messages(dataset_dir) == []


def test_coverage_never_prints_a_file_outside_the_dataset(dataset_dir):
    set_document(dataset_dir, "/proc/self/environ")
    result = run("--data", str(dataset_dir), "coverage", env={"GRAPHKIT_SECRET_TOKEN": "hunter2-secret"})
    assert result.exit_code == 1
    assert "hunter2" not in result.output
    assert OUTSIDE.format("/proc/self/environ") in result.output.splitlines()


def test_a_named_folder_may_hold_the_documents(dataset_dir, outside_document):
    set_document(dataset_dir, "../elsewhere/report.txt")
    folder = str(outside_document.parent)
    assert run("--data", str(dataset_dir), "validate").exit_code == 1
    named = run("--data", str(dataset_dir), "--documents", folder, "validate")
    assert named.exit_code == 0, named.output
    assert named.output.startswith("OK: 4 actors")
    from_env = run(
        "--data", str(dataset_dir), "validate", env={"GRAPHKIT_DOCUMENTS": f"/nowhere-else{os.pathsep}{folder}"}
    )
    assert from_env.exit_code == 2  # a named folder must exist
    from_env = run("--data", str(dataset_dir), "validate", env={"GRAPHKIT_DOCUMENTS": folder})
    assert from_env.exit_code == 0, from_env.output


def test_a_copy_of_the_bundled_data_needs_its_documents_named(bundled_copy):
    found = messages(bundled_copy)
    assert len(found) == 9 and all("leaves the dataset folder" in m for m in found)
    result = run("--data", str(bundled_copy), "--documents", str(bundled_copy.parent / "seeds"), "validate")
    assert result.exit_code == 0
    assert result.output.startswith("OK: ")
    assert "408 relations" in result.output and "9 sources" in result.output


def test_the_bundled_data_reads_the_bundled_documents():
    result = run("validate")
    assert result.exit_code == 0
    assert "408 relations" in result.output and "9 sources" in result.output


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_is_not_opened(dataset_dir):
    os.mkfifo(dataset_dir / "docs" / "pipe.txt")
    set_document(dataset_dir, "docs/pipe.txt")
    # In a child process: if graphkit opened the FIFO and waited for a writer, only the timeout would end it.
    result = subprocess.run(
        [sys.executable, "-m", "graphkit", "--data", str(dataset_dir), "validate"],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "GRAPHKIT_CACHE_DIR": str(dataset_dir.parent / "cache")},
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert (
        "sources.csv:2: path: document docs/pipe.txt is not a regular file (a folder, device or pipe; name a text file)"
        in result.stdout.splitlines()
    )


def test_a_directory_is_not_a_document(dataset_dir):
    set_document(dataset_dir, "docs")
    assert messages(dataset_dir) == [
        "sources.csv:2: path: document docs is not a regular file (a folder, device or pipe; name a text file)"
    ]


def test_a_huge_document_is_refused_unread(dataset_dir):
    with (dataset_dir / "docs" / "huge.txt").open("wb") as handle:
        handle.truncate(DOCUMENT_LIMIT + 1)  # sparse: no disk used, nothing read
    set_document(dataset_dir, "docs/huge.txt")
    assert messages(dataset_dir) == ["sources.csv:2: path: document docs/huge.txt is larger than 50 MB (split it)"]


def test_sources_add_copies_into_the_dataset_even_when_the_documents_live_elsewhere(dataset_dir, outside_document):
    set_document(dataset_dir, "../elsewhere/report.txt")
    new = outside_document.parent / "new.txt"
    new.write_text("Valley news\nRuritania funded the Borduria Front.\n", encoding="utf-8")
    result = run("--data", str(dataset_dir), "--documents", str(outside_document.parent), "sources", "add", str(new))
    assert result.exit_code == 0, result.output
    assert (dataset_dir / "documents" / "new.txt").read_text(encoding="utf-8").startswith("Valley news")
    assert sorted(p.name for p in outside_document.parent.iterdir()) == ["new.txt", "report.txt"]
    assert "new,documents/new.txt,Valley news" in (dataset_dir / "sources.csv").read_text(encoding="utf-8")


def test_sources_add_does_not_link_outside_the_dataset(dataset_dir, outside_document):
    new = outside_document.parent / "new.txt"
    new.write_text("Valley news\n", encoding="utf-8")
    before = (dataset_dir / "sources.csv").read_bytes()
    result = run("--data", str(dataset_dir), "sources", "add", str(new), "--link")
    assert result.exit_code == 1
    assert "cannot be linked: document path ../elsewhere/new.txt leaves the dataset folder" in result.output
    assert (dataset_dir / "sources.csv").read_bytes() == before


def test_sources_add_refuses_a_special_file(dataset_dir):
    result = run("--data", str(dataset_dir), "sources", "add", "/dev/null")
    assert result.exit_code == 1
    assert (
        result.output
        == "Error: document /dev/null is not a regular file (a folder, device or pipe; name a text file)\n"
    )


# --- text from data never drives the terminal ---------------------------------------------

OSC52 = "\x1b]52;c;cm0gLXJmIH4=\x07"  # "write this to the clipboard"
ALL_RELATIONS = ["--include-proposed", "--include-denied"]  # Ruritania's are a denied and a proposed one


def test_every_hidden_character_is_known():
    """The list of hidden characters covers every control, format and separator character of this Python."""
    missing = [
        f"U+{code:04X}"
        for code in range(sys.maxunicode + 1)
        if unicodedata.category(chr(code)) in ("Cc", "Cf", "Zl", "Zp")
        and chr(code) not in "\t\n\r"
        and printable(chr(code)) == chr(code)
    ]
    assert missing == []
    assert printable("Kabul\t→ کابل\n") == "Kabul\t→ کابل\n"


@pytest.fixture
def prose_with_escapes(dataset_dir: Path) -> Path:
    """Escape sequences and bidi controls in every prose field: a description, a quote (and
    its document), a note, a title, an outlet. Valid data, with warnings."""
    edit(dataset_dir, "actors.csv", "A fictional state for tests.", f"A state{OSC52} for tests.")
    edit(dataset_dir, "docs/report.txt", "a second line", f"a second{OSC52} line")
    edit(dataset_dir, "relations.csv", "a second line", f"a second{OSC52} line")
    edit(
        dataset_dir,
        "relations.csv",
        '"accusation by Avalonia, denied"',
        '"accusation \u202eby Avalonia, \x9b2J denied"',
    )
    edit(dataset_dir, "sources.csv", "Borduria Front Gains Ground", f"Borduria{OSC52} Front")
    edit(dataset_dir, "sources.csv", "The Test Gazette", "The \x1b[2JGazette")
    return dataset_dir


def assert_escaped(output: str) -> None:
    assert not any(c in output for c in "\x1b\x07\x9b\u202e"), repr(output)


def test_hidden_characters_in_prose_are_warnings_shown_escaped(prose_with_escapes):
    result = run("--data", str(prose_with_escapes), "validate")
    assert result.exit_code == 0, result.output
    assert_escaped(result.output)
    lines = result.output.splitlines()
    assert lines[:-1] == [
        "actors.csv:2: description: warning: control character U+001B at position 8, and 1 more (shown escaped; remove it)",
        "relations.csv:4: note: warning: bidi control U+202E RIGHT-TO-LEFT OVERRIDE at position 12, and 1 more (shown escaped; remove it)",
        "relations.csv:5: quote: warning: control character U+001B at position 34, and 1 more (shown escaped; remove it)",
        "sources.csv:2: outlet: warning: control character U+001B at position 5 (shown escaped; remove it)",
        "sources.csv:2: title: warning: control character U+001B at position 9, and 1 more (shown escaped; remove it)",
    ]
    assert lines[-1].startswith("OK: 4 actors") and lines[-1].endswith("(5 warning(s))")


@pytest.mark.parametrize(
    "command",
    [
        ["show", "avalonia"],
        ["show", "ruritania", *ALL_RELATIONS],
        ["search", "line"],
        ["search", "Avalonia"],
        ["path", "ruritania", "carpathia_railway", "--k", "3", *ALL_RELATIONS],
        ["timeline"],
        ["neighbors", "ruritania", "--depth", "2", *ALL_RELATIONS],
        ["coverage", "--all"],
        ["coverage", "--format", "markdown"],
        ["show", "ruritania", "--format", "json", *ALL_RELATIONS],
    ],
)
def test_text_output_shows_escapes_not_raw_controls(prose_with_escapes, command):
    result = run("--data", str(prose_with_escapes), *command)
    assert result.exit_code == 0, result.output
    assert_escaped(result.output)


def test_escapes_are_visible_in_text_output(prose_with_escapes):
    show = run("--data", str(prose_with_escapes), "show", "ruritania", *ALL_RELATIONS).output
    assert "note: accusation \\u202eby Avalonia, \\x9b2J denied" in show
    assert "a second\\x1b]52;c;cm0gLXJmIH4=\\x07 line" in show
    assert (
        "A state\\x1b]52;c;cm0gLXJmIH4=\\x07 for tests."
        in run("--data", str(prose_with_escapes), "show", "avalonia").output
    )


def test_json_keeps_the_data_and_escapes_it(prose_with_escapes):
    import json

    result = run("--data", str(prose_with_escapes), "show", "ruritania", "--format", "json", *ALL_RELATIONS)
    assert "\\u202e" in result.output and "\\u009b" in result.output
    notes = [r["note"] for r in json.loads(result.output)["relations"]]
    assert "accusation \u202eby Avalonia, \x9b2J denied" in notes


def test_csv_for_a_pipe_is_exact_and_for_a_terminal_escaped(prose_with_escapes):
    piped = run("--data", str(prose_with_escapes), "show", "ruritania", "--format", "csv", *ALL_RELATIONS)
    assert "accusation \u202eby Avalonia, \x9b2J denied" in piped.output
    pty = pytest.importorskip("pty")
    leader, follower = pty.openpty()
    try:
        subprocess.run(
            [
                sys.executable,
                "-m",
                "graphkit",
                "--data",
                str(prose_with_escapes),
                "show",
                "ruritania",
                "--format",
                "csv",
                *ALL_RELATIONS,
            ],
            stdout=follower,
            stderr=follower,
            timeout=120,
            check=True,
            env={**os.environ, "GRAPHKIT_CACHE_DIR": str(prose_with_escapes.parent / "cache")},
        )
        os.close(follower)
        shown = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal is closed once everything was read
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(leader)
    text = shown.decode("utf-8")
    assert "accusation \\u202eby Avalonia, \\x9b2J denied" in text
    assert_escaped(text)


@pytest.mark.parametrize(
    ("field", "old", "new", "message"),
    [
        (
            "name",
            "avalonia,Avalonia,",
            "avalonia,Ava\x1b[8mlonia,",
            "actors.csv:2: name: control character U+001B at position 4 (remove it)",
        ),
        (
            "name",
            "avalonia,Avalonia,",
            "avalonia,\u202eainolavA,",
            "actors.csv:2: name: bidi control U+202E RIGHT-TO-LEFT OVERRIDE at position 1 (remove it)",
        ),
        (
            "name",
            "avalonia,Avalonia,",
            "avalonia,Avalonia\x85,",
            "actors.csv:2: name: control character U+0085 at position 9 (remove it)",
        ),
        (
            "aliases",
            "the Front|BF",
            "the Front|B\u200bF",
            "actors.csv:3: aliases: invisible character U+200B ZERO WIDTH SPACE at position 12 (remove it)",
        ),
        (
            "id",
            "ruritania,Ruritania",
            "ruritania\u2066,Ruritania",
            "actors.csv:4: id: bidi control U+2066 LEFT-TO-RIGHT ISOLATE at position 10 (remove it)",
        ),
    ],
)
def test_hidden_characters_in_names_ids_and_aliases_are_errors(dataset_dir, field, old, new, message):
    edit(dataset_dir, "actors.csv", old, new)
    result = run("--data", str(dataset_dir), "validate")
    assert result.exit_code == 1
    assert_escaped(result.output)
    assert printable(message) in result.output.splitlines()


def test_a_joiner_inside_a_persian_name_is_spelling():
    assert hidden_characters("نیروهای\u200cامنیتی") == []
    assert hidden_characters("Taliban\u200c") == [(8, "\u200c")]


def test_sources_add_refuses_a_title_with_controls_and_cleans_one_it_reads(dataset_dir, tmp_path):
    report = tmp_path / "report2.txt"
    report.write_text(f"Valley{OSC52} news\u202e\nRuritania funded the Borduria Front.\n", encoding="utf-8")
    refused = run("--data", str(dataset_dir), "sources", "add", str(report), "--title", f"A{OSC52}")
    assert refused.exit_code == 1
    assert refused.output == "Error: --title has a control character, U+001B, at position 2 (remove it)\n"
    added = run("--data", str(dataset_dir), "sources", "add", str(report))
    assert added.exit_code == 0, added.output
    assert_escaped(added.output)
    assert "Added source 'report2' (documents/report2.txt): Valley ]52;c;cm0gLXJmIH4= news" in added.output
    assert run("--data", str(dataset_dir), "validate").exit_code == 0


# --- lookalike names ----------------------------------------------------------------------


def test_a_cyrillic_alias_of_taliban_is_caught(bundled_copy):
    copy = bundled_copy
    # Pakistan gets an alias spelt with a Cyrillic Т: it would take `show 'Тaliban'` to Pakistan.
    edit(copy, "actors.csv", "Islamabad|Pakistani|", "Islamabad|\u0422aliban|Pakistani|")
    line = next(
        n
        for n, row in enumerate((copy / "actors.csv").read_text(encoding="utf-8").splitlines(), 1)
        if row.startswith("pakistan,")
    )
    taliban = next(
        n
        for n, row in enumerate((copy / "actors.csv").read_text(encoding="utf-8").splitlines(), 1)
        if row.startswith("taliban,")
    )
    documents = str(copy.parent / "seeds")
    result = run("--data", str(copy), "--documents", documents, "validate")
    assert result.exit_code == 1
    assert result.output.splitlines()[:-1] == [
        f"actors.csv:{line}: aliases: 'Тaliban' looks like 'Taliban' of 'taliban' (line {taliban}) but is spelt with other characters (U+0422 CYRILLIC CAPITAL LETTER TE where the other has 'T'); use one spelling, for one actor",
        f"actors.csv:{line}: aliases: 'Тaliban' mixes scripts: U+0422 CYRILLIC CAPITAL LETTER TE at position 1 (write each word in one script)",
    ]
    shown = run("--data", str(copy), "--documents", documents, "show", "\u0422aliban")
    assert shown.exit_code == 1
    assert "Pakistan" not in shown.output.split("Error:")[-1]


def test_ascii_lookalikes_are_those_of_the_unicode_data():
    from graphkit.lookalikes import _ASCII_PROTOTYPES, _prototypes

    assert {code: ch for code, ch in _prototypes().items() if code < 128} == {
        code: chr(ch) for code, ch in _ASCII_PROTOTYPES.items()
    }


def test_a_zero_width_alias_is_caught(dataset_dir):
    edit(dataset_dir, "actors.csv", "ruritania,Ruritania,state,,", "ruritania,Ruritania,state,Ava\u200blonia,")
    assert messages(dataset_dir) == [
        "actors.csv:4: aliases: invisible character U+200B ZERO WIDTH SPACE at position 4 (remove it)"
    ]


def test_a_greek_lookalike_name_is_caught(dataset_dir):
    edit(dataset_dir, "actors.csv", "ruritania,Ruritania,", "ruritania,\u0391\u03bd\u03b1,")  # Greek 'Ανα'
    edit(dataset_dir, "actors.csv", "carpathia_railway,Carpathia Railway,", "carpathia_railway,Ava,")
    found = messages(dataset_dir)
    assert found == [
        "actors.csv:4: name: 'Ανα' looks like 'Ava' of 'carpathia_railway' (line 5) but is spelt with other characters (U+0391 GREEK CAPITAL LETTER ALPHA where the other has 'A'); use one spelling, for one actor"
    ]


def test_a_name_and_its_spelling_in_another_script_are_fine(dataset_dir):
    edit(
        dataset_dir,
        "actors.csv",
        "avalonia,Avalonia,state,Avalon City,",
        "avalonia,Avalonia,state,Avalon City|کابل|Kabul (کابل),",
    )
    assert messages(dataset_dir) == []


@pytest.mark.parametrize("date", ["٢٠٢٤", "2024-0٣", "２０２４"])
def test_non_ascii_digits_are_not_a_date(dataset_dir, date):
    edit(dataset_dir, "relations.csv", "recognizes,2024-03-01,", f"recognizes,{date},")
    assert messages(dataset_dir) == [
        f"relations.csv:2: start: '{date}' is not a date (use YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2025-07-03)"
    ]
    result = run("--data", str(dataset_dir), "timeline", "--as-of", date)
    assert result.exit_code == 2
    assert "is not a date" in result.output


# --- extremes -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            ["path", "russia", "ttp", "--k", str(10**30)],
            f"Invalid value for '--k': {10**30} is not in the range 1<=x<=1000.",
        ),
        (
            ["path", "russia", "ttp", "--k", str(10**9)],
            "Invalid value for '--k': 1000000000 is not in the range 1<=x<=1000.",
        ),
        (
            ["path", "russia", "ttp", "--max-hops", str(10**6)],
            "Invalid value for '--max-hops': 1000000 is not in the range 1<=x<=100.",
        ),
        (
            ["neighbors", "russia", "--depth", str(10**8)],
            "Invalid value for '--depth': 100000000 is not in the range 1<=x<=20.",
        ),
        (["report", "--seed", "-1"], "Invalid value for '--seed': -1 is not in the range 0<=x<=4294967295."),
        (
            ["report", "--seed", str(2**32)],
            "Invalid value for '--seed': 4294967296 is not in the range 0<=x<=4294967295.",
        ),
        (["report", "--top", str(10**9)], "Invalid value for '--top': 1000000000 is not in the range 1<=x<=1000."),
    ],
)
def test_out_of_range_numbers_are_one_line_errors(arguments, message, tmp_path):
    result = run(*arguments, "--out", str(tmp_path / "out")) if arguments[0] == "report" else run(*arguments)
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == f"Error: {message}"
    assert not (tmp_path / "out").exists()


def test_a_deep_search_stops_when_the_graph_is_exhausted():
    from graphkit.cache import load_graph
    from graphkit.query import neighbors

    graph = load_graph().graph
    assert neighbors(graph, "russia", depth=20) == neighbors(graph, "russia", depth=12)
    result = run("neighbors", "russia", "--depth", "20", "--format", "json")
    assert result.exit_code == 0


def test_a_terminal_without_the_characters_gets_escapes(dataset_dir):
    edit(
        dataset_dir,
        "actors.csv",
        "avalonia,Avalonia,state,Avalon City,A fictional state for tests.",
        "avalonia,Avalonia,state,Avalon City|آوالونیا,Известное государство — “Авалония”.",
    )
    env = {**os.environ, "PYTHONIOENCODING": "cp1252", "GRAPHKIT_CACHE_DIR": str(dataset_dir.parent / "cache")}
    result = subprocess.run(
        [sys.executable, "-m", "graphkit", "--data", str(dataset_dir), "show", "avalonia"],
        capture_output=True,
        timeout=120,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    assert b"Traceback" not in result.stderr
    text = result.stdout.decode("cp1252")
    assert "Also: Avalon City, \\u0622\\u0648\\u0627\\u0644\\u0648\\u0646\\u06cc\\u0627" in text
    assert "\\u2192" in text  # the arrows of relations
    unknown = subprocess.run(
        [sys.executable, "-m", "graphkit", "--data", str(dataset_dir), "show", "Авалония→"],
        capture_output=True,
        timeout=120,
        env=env,
    )
    assert unknown.returncode == 2
    assert b"Traceback" not in unknown.stderr
    assert unknown.stderr.decode("cp1252").startswith("Error: unknown actor '\\u0410")


# --- headers and long cells ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "old", "new", "message"),
    [
        (
            "actors.csv",
            "id,name,kind",
            "id,nmae,kind",
            "actors.csv:1: bad header: column 'name' is missing (did you mean 'nmae'?); the header must be id,name,kind,aliases,description; rows are not checked until it is fixed",
        ),
        (
            "relations.csv",
            "certainty,source_doc",
            "certainity,source_doc",
            "relations.csv:1: bad header: column 'certainty' is missing (did you mean 'certainity'?); the header must be id,source,target,relation,start,end,certainty,source_doc,quote,note (and optionally temporal,claimant,credibility); rows are not checked until it is fixed",
        ),
        (
            "sources.csv",
            "id,path,title",
            "id,title",
            "sources.csv:1: bad header: column 'path' is missing; the header must be id,path,title,authors,outlet,published,reliability (and optionally starts_with); rows are not checked until it is fixed",
        ),
    ],
)
def test_a_bad_header_is_one_error(bundled_copy, name, old, new, message):
    edit(bundled_copy, name, old, new)
    result = run("--data", str(bundled_copy), "--documents", str(bundled_copy.parent / "seeds"), "validate")
    assert result.exit_code == 1
    assert result.output.splitlines() == [message, "Error: 1 problem(s) in the dataset; nothing was written."]


def test_a_huge_cell_hides_no_later_row(dataset_dir):
    long_note = "x" * 200_000
    edit(
        dataset_dir,
        "relations.csv",
        "Carpathia Railway twice in 2023,\n",
        f"Carpathia Railway twice in 2023,{long_note}\n",
    )
    dataset, issues = validate(dataset_dir)
    assert issues == []
    assert [r.id for r in dataset.relations] == ["r1", "r2", "r3", "r4"]
    assert dataset.relations[1].note == long_note
    edit(dataset_dir, "relations.csv", ",proposed,", ",proposd,")
    assert [str(i) for i in validate(dataset_dir)[1]] == [
        "relations.csv:5: certainty: unknown certainty 'proposd' (did you mean 'proposed'?)"
    ]
