"""Checking in two processes (graphkit.parallel): the same issues as one process, one line on Ctrl-C."""

from __future__ import annotations

import csv
import io
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_validate import CASES, replace_in
from test_writes import finish, one_error_line

import graphkit.parallel
from graphkit.validate import validate

REPO = Path(__file__).resolve().parents[1]
VALIDATE = sys.modules["graphkit.validate"]
needs_fork = pytest.mark.skipif(not graphkit.parallel.can_fork(), reason="no fork here, or one core")


@pytest.fixture
def forks(monkeypatch) -> list[int]:
    """Every dataset is checked in two processes; the list counts the forks made."""
    made: list[int] = []
    fork = os.fork

    def counted() -> int:
        pid = fork()
        if pid:
            made.append(pid)
        return pid

    monkeypatch.setattr(VALIDATE, "PARALLEL_FROM", 0)
    monkeypatch.setattr(graphkit.parallel.os, "fork", counted)
    return made


def in_one_process(directory: Path) -> list:
    forkable = graphkit.parallel.can_fork
    graphkit.parallel.can_fork = lambda: False
    try:
        return validate(directory)[1]
    finally:
        graphkit.parallel.can_fork = forkable


@needs_fork
@pytest.mark.parametrize(("name", "old", "new", "expected"), CASES)
def test_each_problem_is_found_in_two_processes_as_in_one(dataset_dir, forks, name, old, new, expected):
    replace_in(dataset_dir, name, old, new)
    issues = validate(dataset_dir)[1]
    assert len(forks) == 2  # the actors alone while the rest is read, then half the checks
    assert expected in [str(issue) for issue in issues]
    assert issues == in_one_process(dataset_dir)


def spoilt_bundled_data(tmp: Path) -> Path:
    """The bundled dataset with a few dozen problems of every kind, spread over its rows."""
    shutil.copytree(REPO / "data", tmp / "data")
    shutil.copytree(REPO / "seeds", tmp / "seeds")
    path = tmp / "data" / "relations.csv"
    header, *rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    rng = random.Random(5)
    spoil = [
        lambda r: r.__setitem__(1, r[1] + "x"),
        lambda r: r.__setitem__(4, "2020-13-01"),
        lambda r: r.__setitem__(8, r[8] + " and more"),
        lambda r: r.__setitem__(8, "Somebody did something."),
        lambda r: r.__setitem__(0, rows[0][0]),
        lambda r: r.pop(),
        lambda r: r.__setitem__(9, "one line\ntwo lines"),
        lambda r: r.__setitem__(8, r[8].replace(" ", "\u200b ", 1)),
        lambda r: r.__setitem__(3, "support"),
        lambda r: r.__setitem__(2, r[1]),
        lambda r: r.__setitem__(0, "bad id!"),
    ]
    for row in rows[1:]:
        if rng.random() < 0.2:
            rng.choice(spoil)(row)
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([header, *rows])
    path.write_text(out.getvalue(), encoding="utf-8")
    actors = tmp / "data" / "actors.csv"
    actors.write_text(
        actors.read_text(encoding="utf-8") + "taliban_x,Тaliban Front,militant_group,,\n", encoding="utf-8"
    )
    return tmp / "data"


@needs_fork
def test_a_spoilt_dataset_has_the_same_issues_in_two_processes(tmp_path, monkeypatch, forks):
    monkeypatch.setenv("GRAPHKIT_DOCUMENTS", str(tmp_path / "seeds"))
    directory = spoilt_bundled_data(tmp_path)
    issues = validate(directory)[1]
    assert len(forks) == 2
    codes = {issue.code for issue in issues}
    assert {"unknown-actor", "bad-date", "quote-not-found", "quote-names-neither", "duplicate-id"} <= codes
    assert {"wrong-field-count", "hidden-character", "unknown-relation", "bad-id", "mixed-script"} <= codes
    assert issues == in_one_process(directory)


@needs_fork
def test_a_second_process_that_fails_costs_time_not_issues(dataset_dir, forks, monkeypatch):
    """Killed, out of memory or broken: its work is done here after all, and the answer is the same."""
    replace_in(dataset_dir, "relations.csv", "2024-03-01", "2024-13-01")
    monkeypatch.setattr(graphkit.parallel, "_work_in_copy", lambda *_: os._exit(1))
    issues = validate(dataset_dir)[1]
    assert len(forks) == 2
    assert [issue.code for issue in issues] == ["bad-date"]
    assert issues == in_one_process(dataset_dir)


# The CLI with every dataset checked in two processes, the work on the actors alone slowed
# down, so that a signal surely comes while the second process works.
SLOW_SHIM = """
import sys, time
import graphkit.validate
validate = sys.modules["graphkit.validate"]
validate.PARALLEL_FROM = 0
alone = validate._actors_alone
def slow(*args):
    time.sleep(60)
    return alone(*args)
validate._actors_alone = slow
from graphkit.cli import main
main(sys.argv[1:], prog_name="graphkit")
"""


def children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in path.read_text().split()] if path.exists() else []


@needs_fork
@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads a process's children from /proc")
@pytest.mark.parametrize(
    ("signum", "everyone"),
    [(signal.SIGINT, True), (signal.SIGINT, False), (signal.SIGTERM, False)],
    ids=["Ctrl-C", "SIGINT to graphkit alone", "SIGTERM"],
)
def test_a_signal_while_two_processes_check_is_one_line_and_stops_both(dataset_dir, tmp_path, signum, everyone):
    env = {k: v for k, v in os.environ.items() if k != "GRAPHKIT_DATA"}
    env["GRAPHKIT_CACHE_DIR"] = str(tmp_path / "cache")
    process = subprocess.Popen(
        [sys.executable, "-c", SLOW_SHIM, "--data", str(dataset_dir), "validate"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, as a terminal gives it: Ctrl-C reaches both processes
    )
    began = time.monotonic()
    while not children(process.pid):
        assert process.poll() is None and time.monotonic() - began < 60, "no second process started"
        time.sleep(0.01)
    (child,) = children(process.pid)
    if everyone:
        os.killpg(process.pid, signum)
    else:
        process.send_signal(signum)
    code, err = finish(process)
    assert code == (130 if signum == signal.SIGINT else 143), err
    one_error_line(err, "interrupted" if signum == signal.SIGINT else "terminated")
    with pytest.raises(ProcessLookupError):  # stopped and collected, not left running for a minute
        os.kill(child, 0)


@needs_fork
@pytest.mark.parametrize(("available_kb", "forked"), [(10**9, 2), (1, 0)])
def test_a_second_process_only_with_memory_to_spare(dataset_dir, forks, monkeypatch, available_kb, forked):
    """A copy ends up with its own copy of every record it reads: without that much memory free, one process."""
    real_open = open

    def reported(path, *args, **kwargs):
        if path == "/proc/meminfo":
            return io.StringIO(f"MemTotal: {10**9} kB\nMemAvailable: {available_kb} kB\n")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(graphkit.parallel, "open", reported, raising=False)
    issues = validate(dataset_dir)[1]
    assert len(forks) == forked
    assert not [issue for issue in issues if issue.is_error]
