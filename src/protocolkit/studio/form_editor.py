"""The form editor for protocols: /edit/PATH as a form beside the text (issue 23, part 1)."""

from __future__ import annotations

from starlette.routing import BaseRoute

ROUTES: list[BaseRoute] = []
