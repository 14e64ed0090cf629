"""Every studio page: a skip link to its one main, one h1, and text that keeps 4.5:1 contrast where it was short."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from protocolkit.plugin.catalog import Catalog
from protocolkit.studio.app import create_app
from protocolkit.studio.guard import derive

from .conftest import EXAMPLES

TOKEN = "access-token"
CSS = Path(__file__).resolve().parent.parent / "src" / "protocolkit" / "studio" / "static" / "studio.css"
PAGES = ["/", "/compose", "/screen", "/catalog", "/rules", "/rules/PK404", "/new/protocol", "/new/intake",
         "/edit/reflexology-45.yaml", "/edit/reflexology-45.yaml?view=text", "/sheet/reflexology-45.yaml",
         "/curriculum/curricula/elap-style-programme.yaml"]


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory, catalog: Catalog) -> TestClient:
    folder = tmp_path_factory.mktemp("access") / "examples"
    shutil.copytree(EXAMPLES, folder)
    client = TestClient(create_app(folder, catalog, token=TOKEN, allowed_hosts={"testserver"}))
    client.get(f"/?token={TOKEN}")
    client.headers["X-CSRF-Token"] = derive(TOKEN, "csrf")
    return client


@pytest.mark.parametrize("path", [p for p in PAGES if not p.startswith("/sheet/")])
def test_a_skip_link_to_the_one_main_and_one_h1(browser: TestClient, path: str) -> None:
    page = browser.get(path)
    assert page.status_code == 200, (path, page.text[:300])
    body = page.text
    assert body.count('class="skip-link"') == 1 and 'href="#content"' in body
    assert len(re.findall(r'<main id="content"', body)) == 1
    assert len(re.findall(r"<h1[ >]", body)) == 1, path


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(foreground: str, background: str) -> float:
    light, dark = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_line_numbers_read_at_four_and_a_half_to_one() -> None:
    rule = re.search(r"\.code \.gutter \{[^}]*\}", CSS.read_text())
    assert rule
    colour = re.search(r"(?<!-)color: (#[0-9a-f]{6})", rule[0])
    background = re.search(r"background: (#[0-9a-f]{6})", rule[0])
    assert colour and background
    assert contrast(colour[1], background[1]) >= 4.5
    assert contrast("#6e7781", "#f6f8fa") < 4.5  # what they were: the check can fail


def test_focus_always_shows() -> None:
    assert re.search(r":focus-visible \{ outline: 3px solid #[0-9a-f]{6}", CSS.read_text())
