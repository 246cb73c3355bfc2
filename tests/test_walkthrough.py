"""The README's "Add your own document" walkthrough, run as written on a made-up article.

The commands come from the README itself (the ```sh block after the walkthrough marker),
and the last one's output must be the README's transcript, so the docs cannot drift.
"""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from graphkit.cli import main

README = Path(__file__).parent.parent / "README.md"
ARTICLE = Path(__file__).parent / "fixtures" / "walkthrough" / "valley_report.txt"


def block_after(marker: str, language: str) -> str:
    text = README.read_text(encoding="utf-8")
    at = text.index(marker)
    match = re.compile(rf"```{language}\n(.*?)```", re.DOTALL).search(text, at)
    assert match is not None, f"no ```{language} block after {marker!r}"
    return match.group(1)


def commands(block: str) -> list[list[str]]:
    """The block's commands, a trailing backslash joining lines, comments dropped."""
    joined = block.replace("\\\n", " ")
    return [shlex.split(line, comments=True) for line in joined.splitlines() if line.strip()]


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    monkeypatch.setenv("GRAPHKIT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("GRAPHKIT_DATA", raising=False)
    monkeypatch.delenv("GRAPHKIT_DOCUMENTS", raising=False)
    work = tmp_path / "work"
    work.mkdir()
    shutil.copy(ARTICLE, work / "valley_report.txt")
    monkeypatch.chdir(work)
    return work


def run(argv: list[str]):
    assert argv[0] == "graphkit"
    return CliRunner().invoke(main, argv[1:], catch_exceptions=False)


def test_the_readme_walkthrough_runs_and_ends_on_its_transcript(workdir):
    steps = commands(block_after("<!-- walkthrough: tests/test_walkthrough.py runs this block -->", "sh"))
    assert steps[0][:2] == ["graphkit", "init"] and steps[-1][3] == "path"
    assert len(steps) <= 12  # a handful of commands
    for argv in steps:
        result = run(argv)
        assert result.exit_code == 0, f"{shlex.join(argv)}\n{result.output}"
    assert result.output == block_after("<!-- walkthrough: the output of the last command -->", "console")
    # No CSV was opened, yet the dataset validates and holds the new relations.
    checked = run(["graphkit", "--data", "my_dataset", "validate"])
    assert checked.exit_code == 0
    assert "4 actors" in checked.output and "3 relations" in checked.output
    assert (workdir / "my_dataset" / "documents" / "valley_report.txt").read_bytes() == ARTICLE.read_bytes()


def test_the_readme_refusal_example_is_what_relations_add_prints(workdir):
    for argv in commands(block_after("<!-- walkthrough: tests/test_walkthrough.py runs this block -->", "sh"))[:-1]:
        assert run(argv).exit_code == 0
    text = README.read_text(encoding="utf-8")
    example = re.search(r"```console\n\$ (graphkit --data my_dataset relations add .*?)```", text, re.DOTALL).group(1)
    lines = example.splitlines(keepends=True)
    typed = next(n for n, line in enumerate(lines) if not line.rstrip("\n").endswith("\\")) + 1
    [argv] = commands("".join(lines[:typed]))
    expected = "".join(lines[typed:])
    before = (workdir / "my_dataset" / "relations.csv").read_bytes()
    result = run(argv)
    assert result.exit_code == 1
    assert result.stderr == expected
    assert (workdir / "my_dataset" / "relations.csv").read_bytes() == before
