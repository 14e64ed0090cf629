"""The page list the browser tests visit (studio_pages.PAGES) covers every page route of the studio."""

from __future__ import annotations

from pathlib import Path

from starlette.routing import Route

from protocolkit.plugin.catalog import Catalog
from protocolkit.studio.app import create_app

from .studio_pages import NOT_PAGES, PAGES


def page_routes(catalog: Catalog) -> list[Route]:
    guard = create_app(Path("."), catalog, token="t", allowed_hosts={"testserver"})
    routes = [route for route in guard.app.routes if isinstance(route, Route) and "GET" in (route.methods or ())]
    assert routes, "the studio has no GET route: the app's routes are not where this test looks"
    return [route for route in routes if not route.path.startswith(NOT_PAGES)]


def test_every_page_route_is_visited(catalog: Catalog) -> None:
    routes = page_routes(catalog)
    unvisited = [route.path for route in routes
                 if not any(route.path_regex.match(page.split("?")[0]) for page in PAGES)]
    assert not unvisited, f"pages no browser test visits; add one of each to tests/studio_pages.py: {unvisited}"


def test_the_check_sees_a_page_left_out(catalog: Catalog) -> None:
    routes = page_routes(catalog)
    without_rules = [page for page in PAGES if not page.startswith("/rules/")]
    assert [route.path for route in routes
            if not any(route.path_regex.match(page.split("?")[0]) for page in without_rules)] == ["/rules/{code}"]
