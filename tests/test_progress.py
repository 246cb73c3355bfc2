"""Progress bars: `graphkit build` draws one for each step on a terminal, and none into a pipe."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import struct
import subprocess
import sys
import termios

BAR = re.compile(r"([a-z][a-z. ]*?):\s+\d+%\|")


def build(tmp_path, stderr) -> subprocess.Popen:
    env = {**os.environ, "GRAPHKIT_CACHE_DIR": str(tmp_path / "cache")}  # a fresh cache: every step runs
    env.pop("GRAPHKIT_DATA", None)
    command = [sys.executable, "-m", "graphkit", "build", "--out", str(tmp_path / "out")]
    return subprocess.Popen(command, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=stderr)


def test_build_draws_a_bar_for_each_step_on_a_terminal(tmp_path):
    master, terminal = pty.openpty()
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))  # a new pty is 0 columns wide
    process = build(tmp_path, terminal)
    os.close(terminal)
    shown = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the terminal closed: the command has ended
            break
        if not chunk:
            break
        shown.append(chunk)
    os.close(master)
    stdout = process.stdout.read().decode()
    assert process.wait() == 0
    bars = set(BAR.findall(b"".join(shown).decode(errors="replace")))
    steps = {"reading relations.csv", "checking", "quotes name their actors", "corroboration", "graph", "explorer"}
    assert steps | {"centrality", "charts"} <= bars
    assert "Wrote" in stdout and "%|" not in stdout  # bars go to stderr only


def test_build_into_a_pipe_has_no_bar(tmp_path):
    process = build(tmp_path, subprocess.PIPE)
    stdout, stderr = process.communicate()
    assert process.returncode == 0
    assert b"Wrote" in stdout
    assert stderr == b""
