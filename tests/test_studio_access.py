"""Every studio page: a skip link to its one main, one h1, text that keeps 4.5:1 contrast where it was short,
and every htmx swap landing in a live region that is in the page before the answer comes."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from html.parser import HTMLParser
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


class Node:
    """An element of a served page: enough of a tree to ask what an element is inside."""

    def __init__(self, tag: str, attrs: dict[str, str], parent: Node | None) -> None:
        self.tag, self.attrs, self.parent, self.children = tag, attrs, parent, list[Node]()

    def lineage(self) -> Iterator[Node]:
        node: Node | None = self
        while node is not None:
            yield node
            node = node.parent

    def walk(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            yield from child.walk()

    def live(self) -> bool:
        return "aria-live" in self.attrs or self.attrs.get("role") in ("status", "alert", "log")

    def __str__(self) -> str:
        return f"<{self.tag}" + "".join(f' {k}="{v}"' for k, v in self.attrs.items() if k in ("id", "class")) + ">"


class Tree(HTMLParser):
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self, html: str) -> None:
        super().__init__()
        self.root = self.at = Node("#document", {}, None)
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs}, self.at)
        self.at.children.append(node)
        if tag not in self.VOID:
            self.at = node

    def handle_endtag(self, tag: str) -> None:
        for node in self.at.lineage():  # closes the nearest open element of that name (and any left open in it)
            if node.tag == tag and node.parent is not None:
                self.at = node.parent
                return


def unannounced(root: Node) -> list[str]:
    """Each htmx swap target of the page that is not a live region, nor inside one, already in the page.

    A target that holds its own trigger re-renders the controls being worked (the editor's form, a form sent
    back with messages beside its fields): that page must then say the outcome in a live region outside it."""
    ids = {node.attrs["id"]: node for node in root.walk() if "id" in node.attrs}
    wrong = []
    for node in root.walk():
        named = node.attrs.get("hx-target")
        if named is None:
            continue
        assert named == "this" or re.fullmatch(r"#[\w-]+", named), f"{node}: a target this test cannot find: {named}"
        target = node if named == "this" else ids.get(named[1:])
        if target is None:
            wrong.append(f"{node}: its target {named} is not in the page")
        elif any(up.live() for up in target.lineage()):
            continue
        elif target in node.lineage() and any(n.live() and target not in n.lineage() for n in root.walk()):
            continue
        else:
            wrong.append(f"{node}: its target {target} is in no live region")
    return wrong


LIVE_PAGES = [*PAGES, "/edit/intakes/c-0107-healthy.yaml"]


def test_every_swap_lands_in_a_live_region_already_in_the_page(browser: TestClient) -> None:
    swapping, wrong = 0, []
    for path in LIVE_PAGES:
        root = Tree(browser.get(path).text).root
        swapping += any("hx-target" in node.attrs for node in root.walk())
        wrong += [f"{path}: {line}" for line in unannounced(root)]
    # and the results that bring swaps of their own, put where the page puts them
    for path, form, hook in (("/screen", {"protocol": "reflexology-45.yaml", "intake_file": "intakes/c-0107-healthy.yaml",
                                          "on": "2027-01-04"}, "result"),
                             ("/compose", {"duration": "45m", "regions": "lower back, hamstrings",
                                           "modalities": ["swedish", "deep-tissue"]}, "result")):
        root = Tree(browser.get(path).text).root
        answer = browser.post(path, data=form)
        assert answer.status_code == 200 and "hx-target" in answer.text, (path, answer.text[:300])
        slot = next(node for node in root.walk() if node.attrs.get("id") == hook)
        for child in Tree(answer.text).root.children:
            child.parent = slot
            slot.children.append(child)
        wrong += [f"{path}, answered: {line}" for line in unannounced(root)]
    assert swapping >= 6, "fewer pages with htmx swaps than the studio has: is the parser reading them?"
    assert not wrong, "swaps that a screen reader would not hear:\n" + "\n".join(wrong)


def test_a_swap_into_no_live_region_is_caught() -> None:
    assert unannounced(Tree('<form hx-post="/x" hx-target="#out"></form><div id="out"></div>').root)
    assert not unannounced(Tree('<form hx-post="/x" hx-target="#out"></form><div aria-live="polite">'
                                '<div id="out"></div></div>').root)
