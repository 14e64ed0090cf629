"""Shared fixtures: the catalog of the installed plugins, a CLI runner, test data paths, chromium."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from protocolkit.plugin.catalog import Catalog
from protocolkit.plugin.host import load_catalog

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).parent.parent
EXAMPLES = ROOT / "examples"
# PDF points (1/72 in): A4 is 210 x 297 mm, Letter 8.5 x 11 in.
A4 = (595.28, 841.89)
LETTER = (612.0, 792.0)


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


@pytest.fixture(scope="session")
def chromium() -> str:
    """Debian's chromium, for the tests that print sheets: they skip without it on a developer's
    machine and fail in CI (``CI`` set), where .ci/run installs it, so CI cannot pass quietly."""
    found = shutil.which("chromium") or ("/usr/bin/chromium" if os.access("/usr/bin/chromium", os.X_OK) else None)
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed, and CI must install it (see .ci/run)")
        pytest.skip("chromium is not installed (apt-get install chromium); CI runs these tests")
    return found
