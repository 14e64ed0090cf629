"""Shared fixtures: the catalog of the installed plugins, a CLI runner, test data paths."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from protocolkit.plugin.catalog import Catalog
from protocolkit.plugin.host import load_catalog

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).parent.parent
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    """Every installed plugin, loaded through the real entry points, with no plugin failing."""
    warnings: list[str] = []
    loaded = load_catalog(environ={}, warn=warnings.append)
    assert warnings == []
    return loaded


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()
