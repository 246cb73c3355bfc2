"""FalkorDB, embedded by falkordblite, for the Cypher export's tests: a real openCypher database.

falkordblite needs Python 3.12 or newer while graphkit supports 3.11, so it lives in a venv of
its own, `.venv-falkordb/`, made by `scripts/setup test` (`python tests/falkordb_env.py install`).
The tests hand this file's `run` mode, started with that venv's Python, the statements of a
script split as cypher-shell splits them, and get back what the database holds.

Standard library only outside `run`: `install` runs on any Python 3.11+.
"""

from __future__ import annotations

import glob
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv-falkordb"
REQUIREMENTS = ("falkordblite==0.11.0", "falkordb==1.8.1")
_STAMP = VENV / "graphkit-requirements.txt"


def find_python() -> str | None:
    """A Python 3.12 or newer: $FALKORDB_PYTHON, python3.1x or python3 on PATH, or one of pyenv's versions."""
    names = [os.environ.get("FALKORDB_PYTHON", ""), "python3.14", "python3.13", "python3.12", "python3"]
    pyenv = os.environ.get("PYENV_ROOT") or str(Path.home() / ".pyenv")
    names += sorted(glob.glob(f"{pyenv}/versions/3.1[2-9]*/bin/python3"), reverse=True)
    for candidate in names:
        path = candidate and shutil.which(candidate)
        if not path:
            continue
        check = [path, "-c", "import sys; sys.exit(sys.version_info < (3, 12))"]
        if subprocess.run(check, capture_output=True, check=False).returncode == 0:
            return path
    return None


def python() -> Path:
    """The venv's interpreter (which may not exist yet)."""
    return VENV / "bin" / "python"


def installed() -> bool:
    """Whether the venv holds exactly the pinned requirements."""
    return python().exists() and _STAMP.exists() and _STAMP.read_text(encoding="utf-8").split() == list(REQUIREMENTS)


def install() -> int:
    """Make `.venv-falkordb/` with falkordblite; 0 also when no Python 3.12+ exists (the tests then skip)."""
    if installed():
        return 0
    found = find_python()
    if found is None:
        print("falkordb: no Python 3.12+ found (PATH, pyenv); the FalkorDB tests of the Cypher export will skip")
        return 0
    print(f"falkordb: installing {' '.join(REQUIREMENTS)} into {VENV.name}/ (the first time builds Redis: minutes)")
    shutil.rmtree(VENV, ignore_errors=True)
    subprocess.run([found, "-m", "venv", str(VENV)], check=True)
    pip = [str(python()), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*pip, *REQUIREMENTS], check=True)
    subprocess.run([str(python()), "-c", "import redislite.falkordb_client"], check=True)
    _STAMP.write_text("\n".join(REQUIREMENTS) + "\n", encoding="utf-8")
    return 0


def statements(script: str) -> list[str]:
    """The statements of a Cypher script as cypher-shell runs them: split on `;` outside strings and comments.

    Comments are dropped; quotes (' " `) hold `;` and `//`, with backslash escapes in strings.

    >>> statements("// header\\nMATCH (n) RETURN 'a;b' // note;\\n;RETURN \\"\\\\\\";\\";\\n")
    ["MATCH (n) RETURN 'a;b'", 'RETURN "\\\\";"']
    """
    found, current, i = [], [], 0
    while i < len(script):
        char = script[i]
        if char in "'\"`":
            end = i + 1
            while script[end] != char:
                end += 2 if script[end] == "\\" and char != "`" else 1
            current.append(script[i : end + 1])
            i = end + 1
        elif script.startswith("//", i):
            i = script.find("\n", i) if "\n" in script[i:] else len(script)
        elif script.startswith("/*", i):
            i = script.index("*/", i) + 2
        elif char == ";":
            found.append("".join(current).strip())
            current, i = [], i + 1
        else:
            current.append(char)
            i += 1
    found.append("".join(current).strip())
    return [statement for statement in found if statement]


def run(steps: list[dict], timeout: float = 600) -> list[dict]:
    """Run each step's statements ({"graph": name, "statements": [...]}) in one embedded FalkorDB.

    Returns, per step, the whole graph it ran on: {"nodes": [...], "relationships": [...]}
    with each node's internal id, labels and properties and each relationship's ends, type
    and properties. Raises AssertionError naming the statement the database refused.
    """
    request = json.dumps({"steps": steps})
    done = subprocess.run(
        [str(python()), __file__, "run"], input=request, capture_output=True, text=True, timeout=timeout, check=False
    )
    if done.returncode != 0:
        raise AssertionError(f"FalkorDB run failed:\n{done.stderr[-4000:]}")
    return json.loads(done.stdout)


def _serve(request: dict) -> list[dict]:
    """Inside the venv: one embedded database in a temporary directory, every step run in it."""
    import signal
    import tempfile
    import time

    from redislite.falkordb_client import FalkorDB

    dumps = []
    with tempfile.TemporaryDirectory() as directory:
        db = FalkorDB(os.path.join(directory, "graphkit.rdb"))
        try:
            for step in request["steps"]:
                graph = db.select_graph(step["graph"])
                for statement in step["statements"]:
                    try:
                        graph.query(statement)
                    except Exception as exc:  # the database's own message, with the statement it refused
                        raise SystemExit(f"FalkorDB refused: {exc}\nstatement: {statement}") from None
                dumps.append(_dump(graph))
        finally:
            # The throwaway server, stopped by its own pid: a clean shutdown takes falkordblite 4 s.
            pid = db.client.pid
            if pid:
                os.kill(pid, signal.SIGKILL)
                while _alive(pid):
                    time.sleep(0.05)
            db.close()
    return dumps


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def _dump(graph) -> dict:
    nodes = graph.query("MATCH (n) RETURN id(n), labels(n), properties(n)").result_set
    relationships = graph.query("MATCH (a)-[r]->(b) RETURN id(a), id(b), type(r), properties(r)").result_set
    return {
        "nodes": [{"node": n, "labels": sorted(labels), "properties": dict(p)} for n, labels, p in nodes],
        "relationships": [{"from": a, "to": b, "type": t, "properties": dict(p)} for a, b, t, p in relationships],
    }


if __name__ == "__main__":
    if sys.argv[1:] == ["install"]:
        sys.exit(install())
    if sys.argv[1:] == ["run"]:
        json.dump(_serve(json.load(sys.stdin)), sys.stdout, ensure_ascii=False)
        sys.exit(0)
    sys.exit("usage: falkordb_env.py install | run")
