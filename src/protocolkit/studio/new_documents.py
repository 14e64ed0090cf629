"""New documents from the studio: a blank protocol, a copy of one, and a new intake (issue 23, part 2)."""

from __future__ import annotations

from starlette.routing import BaseRoute

ROUTES: list[BaseRoute] = []
