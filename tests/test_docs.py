"""Docs derived from the code stay in sync with it."""

from __future__ import annotations

from pathlib import Path

import graphkit
from graphkit.cli import main
from graphkit.coverage import coverage
from graphkit.docs import coverage_markdown, vocabulary_markdown

ROOT = Path(__file__).resolve().parent.parent


def test_data_readme_holds_the_current_vocabulary():
    assert vocabulary_markdown() in (ROOT / "data" / "README.md").read_text(encoding="utf-8"), (
        "data/README.md is out of date: paste the output of `graphkit vocab --format markdown`"
    )


def test_data_readme_states_the_current_coverage():
    current = coverage_markdown(coverage(graphkit.load()))
    assert current in (ROOT / "data" / "README.md").read_text(encoding="utf-8"), (
        "data/README.md is out of date: paste the output of `graphkit coverage --format markdown`"
    )


def test_every_command_appears_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in main.commands:
        assert f"`graphkit {name}" in readme, name


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("```sh\n", 1)[1].split("```", 1)[0]
    commands = [line.split("#")[0].strip() for line in block.splitlines() if line.strip()]
    assert len(commands) == 2
    assert commands[1] in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
