"""The studio in process for the tests: a copy of the examples, and a client signed in as a browser or a system."""

from __future__ import annotations

import shutil
from pathlib import Path

from starlette.testclient import TestClient

from protocolkit.plugin.catalog import Catalog
from protocolkit.studio.app import create_app
from protocolkit.studio.guard import derive

from .conftest import EXAMPLES


def examples_copy(tmp_path: Path) -> Path:
    """A copy of examples/ to serve: the tests may write into it."""
    shutil.copytree(EXAMPLES, tmp_path / "examples")
    return tmp_path / "examples"


def signed_in(folder: Path, catalog: Catalog, token: str) -> TestClient:
    """A browser that opened the start-up link (the token became its cookie) and sends the page's CSRF token."""
    client = TestClient(create_app(folder, catalog, token=token, allowed_hosts={"testserver"}))
    client.get(f"/?token={token}")
    client.headers["X-CSRF-Token"] = derive(token, "csrf")
    return client


def with_bearer(folder: Path, catalog: Catalog, token: str) -> TestClient:
    """A clinic's own system: the token in the Authorization header of every request."""
    return TestClient(create_app(folder, catalog, token=token, allowed_hosts={"testserver"}),
                      headers={"Authorization": f"Bearer {token}"})
