"""The rule pages: /rules/CODE, a rule's page in the studio (issue 23, part 5)."""

from __future__ import annotations

from starlette.routing import BaseRoute

ROUTES: list[BaseRoute] = []
