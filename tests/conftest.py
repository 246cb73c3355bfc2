"""Shared fixtures: a small valid dataset about made-up actors, copied per test."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
MINIMAL = FIXTURES / "minimal"


@pytest.fixture
def dataset_dir(tmp_path: Path) -> Path:
    """A writable copy of tests/fixtures/minimal."""
    target = tmp_path / "dataset"
    shutil.copytree(MINIMAL, target)
    return target
