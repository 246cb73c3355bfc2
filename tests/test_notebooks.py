"""Every notebook runs top to bottom, so none can rot."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("*.ipynb"))


def test_there_is_a_notebook():
    assert NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs_top_to_bottom(path, tmp_path, monkeypatch):
    monkeypatch.setenv("GRAPHKIT_CACHE_DIR", str(tmp_path / "cache"))
    notebook = nbformat.read(path, as_version=4)
    NotebookClient(
        notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    ).execute()
    outputs = "\n".join(
        str(output.get("text", "")) + str(output.get("data", {}).get("text/plain", ""))
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.get("outputs", [])
    )
    assert not [o for c in notebook.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    if path.name == "analysis.ipynb":
        assert "102 actors, 408 relations, 9 sources" in outputs
        before = next(line for line in outputs.splitlines() if line.startswith("2024-01-01 ["))
        after = next(line for line in outputs.splitlines() if line.startswith("2025-08-01 ["))
        assert "'designates_terrorist'" in before and "'designates_terrorist'" not in after
        assert "'recognizes'" in after and "'recognizes'" not in before
        html = [o for c in notebook.cells for o in c.get("outputs", []) if "text/html" in o.get("data", {})]
        assert any("srcdoc=" in o["data"]["text/html"] and "window.network" in o["data"]["text/html"] for o in html)
