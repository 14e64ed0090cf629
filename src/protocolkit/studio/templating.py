"""The studio's Jinja2 templates, escaped by default: every page and fragment renders through here.

The session sheet's own templates (``sheet/...``) come from the export, so
the sheet in the studio is the one ``export --to html`` writes.

Filters for findings, wherever a page lists them:

- ``location_words``: a finding's path in words, steps counted as the sheet
  counts them (``steps[1].pressure`` -> "Step 2, pressure");
- ``rule_link``: a finding's code as a link to its rule page, ``/rules/CODE``;
- ``studio_words``: a message or a rule page's prose, with each pointer to a
  terminal command that has a page in the studio ("run 'protocolkit regions'
  to list them") turned into a link to that page.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from jinja2 import ChoiceLoader, Environment, PackageLoader, select_autoescape
from markupsafe import Markup
from starlette.responses import HTMLResponse

from protocolkit.export.templating import sheet_loader
from protocolkit.report.locations import location_words

TEMPLATES = Environment(loader=ChoiceLoader([PackageLoader("protocolkit.studio", "templates"), sheet_loader()]),
                        autoescape=select_autoescape(default=True, default_for_string=True))


def rule_link(code: str) -> Markup:
    """``PK304`` as a link to its page, named for a screen reader's list of links as well as for the eye."""
    return Markup('<a class="rule-code" href="/rules/{0}" aria-label="{1}: what this rule checks">'
                  "<code>{1}</code></a>").format(quote(code, safe=""), code)


# The library's messages and rule pages are shared with the command line, so they name its commands;
# in the studio the same words lead to the studio's own page.  (page, words that read as a noun phrase)
_PAGES = {"regions": ("/catalog#regions", "the list of body regions in the Catalog"),
          "conditions": ("/catalog#conditions", "the list of conditions in the Catalog"),
          "modalities": ("/catalog#modalities", "the list of modalities in the Catalog"),
          "show MODALITY": ("/catalog#modalities", "each modality's table in the Catalog"),
          "rules": ("/rules", "the list of rules")}
_COMMANDS = "|".join(re.escape(command) for command in _PAGES)
_TERMINAL = re.compile(rf"run 'protocolkit (?P<listed>{_COMMANDS})' to list (?P<what>them|the installed ones)"
                       rf"|run 'protocolkit validate' on it|check it with 'protocolkit validate'"
                       rf"|'protocolkit (?P<named>{_COMMANDS})'")
_LIBRARY = Markup('<a href="/">the library</a>')


def _instead(match: re.Match[str]) -> Markup:
    if match["listed"]:
        page, words = _PAGES[match["listed"]]
        return Markup('<a href="{0}">{1}</a> lists {2}').format(page, words, match["what"])
    if match["named"]:
        page, words = _PAGES[match["named"]]
        return Markup('<a href="{0}">{1}</a>').format(page, words)
    if match.group().endswith("on it"):
        return Markup("open it from {0} to see all its findings").format(_LIBRARY)
    return Markup("open it from {0} to check it").format(_LIBRARY)


def studio_words(text: str) -> Markup:
    """``text``, escaped, with its pointers to terminal commands turned into links to the studio's pages."""
    words = Markup()
    last = 0
    for match in _TERMINAL.finditer(text):
        words += text[last:match.start()]  # a str added to Markup is escaped
        words += _instead(match)
        last = match.end()
    return words + text[last:]


TEMPLATES.filters["location_words"] = location_words
TEMPLATES.filters["rule_link"] = rule_link
TEMPLATES.filters["studio_words"] = studio_words


def problem_page(status: int, message: str) -> HTMLResponse:
    """A page that says in words why there is nothing to show (a refused path, a missing file...)."""
    return HTMLResponse(TEMPLATES.get_template("problem.html").render(status=status, message=message),
                        status_code=status)
