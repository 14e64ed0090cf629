"""Every page of the studio over the examples, for the tests that visit them all (axe-core, phone width).

`test_studio_pages_listed.py` checks the list against the studio's own routes,
so a new page cannot be left out of those tests.
"""

from __future__ import annotations

PROTOCOL = "reflexology-45.yaml"
INTAKE = "intakes/c-0107-healthy.yaml"
PLAN = "plans/upper-back-series.yaml?start=2027-01-04"
CURRICULUM = "curricula/elap-style-programme.yaml"

PAGES = (
    "/",
    "/compose",
    "/screen",
    f"/screen?protocol={PLAN.split('?')[0]}",
    "/catalog",
    "/rules",
    "/rules/PK404",
    "/new/protocol",
    "/new/intake",
    f"/edit/{PROTOCOL}",
    f"/edit/{PROTOCOL}?view=text",
    f"/edit/{INTAKE}",
    f"/sheet/{PROTOCOL}",
    f"/curriculum/{CURRICULUM}",
    f"/handbook/{CURRICULUM}",
    f"/plan/{PLAN}",
    f"/plan-print/{PLAN}",
    "/edit/no-such-protocol.yaml",  # the page that says a file is not there (404)
)

# GET routes that answer with something other than a page: files to download, style sheets, data and
# the fragments htmx swaps into a page.
NOT_PAGES = ("/api/", "/fragments/", "/static", "/sheet.css", "/plan.css", "/handbook.css", "/plan-ics/",
             "/plan-fhir/", "/handbook-pdf/")
