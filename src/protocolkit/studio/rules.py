"""The rule pages: ``/rules`` lists every installed rule, ``/rules/CODE`` explains one (issue 23, part 5).

A rule's page is the one ``protocolkit rule CODE`` prints and docs/rules/
holds: what it checks, why it matters, a document that breaks it and the
same document put right, read from the ``Rule`` its plugin registered
(``protocolkit.report.rule_pages``), so a plugin's or a house modality's rule
has its page here with no change to the studio.  Every finding's code in the
studio links here (the ``rule_link`` filter).
"""

from __future__ import annotations

import re
from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from protocolkit.model.rules import Rule
from protocolkit.plugin.catalog import Catalog
from protocolkit.studio.templating import TEMPLATES

# What a code looks like (2-5 capital letters, 3 digits); anything else is never echoed back.
_CODE = re.compile(r"^[A-Za-z]{2,5}[0-9]{3}$")

# The severities in a therapist's words: what a finding of this rule does to the document.
SEVERITY_WORDS = {"error": "An error: a document with this finding does not pass its check.",
                  "warning": "A warning: the document passes, but look at what it says.",
                  "info": "A note: nothing is wrong; it says what could be written more plainly."}


def rule_sections(rule: Rule) -> list[dict[str, Any]]:
    """The page's sections in the order ``protocolkit rule`` prints them: prose as paragraphs, snippets as blocks."""
    # The section list and the example's lead-ins ("The client's intake:") come from the terminal page's own
    # helpers, so the studio's page and ``protocolkit rule CODE`` cannot drift apart.
    from protocolkit.report.rule_pages import HEADINGS, blocks, snippet_language

    sections: list[dict[str, Any]] = []
    for key, heading in HEADINGS.items():
        if key in rule.missing_sections():
            continue
        section: dict[str, Any] = {"id": key, "heading": heading, "paragraphs": [], "blocks": []}
        if key in ("what", "why"):
            section["paragraphs"] = [" ".join(part.split()) for part in getattr(rule, key).strip().split("\n\n")]
        else:
            section["blocks"] = [{"lead": lead, "snippet": snippet.rstrip("\n"),
                                  "language": snippet_language(snippet) if snippet else ""}
                                 for lead, snippet in blocks(rule, key)]
        sections.append(section)
    return sections


def _rule_view(rule: Rule, catalog: Catalog) -> dict[str, Any]:
    return {"code": rule.code, "severity": rule.severity, "summary": rule.summary,
            "plugin": catalog.rules.owner(rule.code), "severity_words": SEVERITY_WORDS.get(rule.severity, ""),
            "sections": rule_sections(rule), "not_runnable": rule.not_runnable}


def rules_page(request: Request) -> HTMLResponse:  # a plain def: in a worker thread (see studio.api)
    """Every installed rule with its summary: the core's first, then each plugin's, each by code."""
    from protocolkit.report.rule_pages import catalog_rules

    catalog: Catalog = request.app.state.catalog
    rules = catalog_rules(catalog)
    core = [(rule, owner) for rule, owner in rules if owner.startswith("core-")]
    plugins = sorted(((rule, owner) for rule, owner in rules if not owner.startswith("core-")),
                     key=lambda item: (item[1], item[0].code))
    page = TEMPLATES.get_template("rule.html").render(listing=True, core=core, plugins=plugins)
    return HTMLResponse(page)


def rule_page(request: Request) -> Response:
    """One rule's page; a code written in small letters is sent to its page, an unknown one is a 404 in words."""
    catalog: Catalog = request.app.state.catalog
    asked = str(request.path_params["code"])
    code = asked.strip().upper()
    rule = catalog.rules.get(code)
    if rule is not None and code != asked:
        return RedirectResponse(f"/rules/{code}", status_code=308)
    if rule is None:
        known = bool(_CODE.match(code))
        hint = catalog.rules.suggest(code) if known else None
        page = TEMPLATES.get_template("rule.html").render(missing=True, asked=code if known else "", hint=hint)
        return HTMLResponse(page, status_code=404)
    return HTMLResponse(TEMPLATES.get_template("rule.html").render(rule=_rule_view(rule, catalog)))


ROUTES: list[BaseRoute] = [
    Route("/rules", rules_page, methods=["GET"]),
    Route("/rules/{code}", rule_page, methods=["GET"]),
]
