"""The printable session sheet: one self-contained HTML5 file.

Everything the sheet needs is inside the file: the CSS in a ``<style>``
element and the two pictures (the timeline and the pressure chart) as inline
SVG.  It loads nothing (no fonts, scripts, images or style sheets from
anywhere), and its Content-Security-Policy says so to the browser too, so the
hand-out opens the same offline, from an e-mail, or years later.

The page is the Jinja2 template ``sheet/page.html`` around ``sheet/sheet.html``,
the sheet itself, which the studio includes in its own pages
(`protocolkit.export.templating` has the environment and the variables).  The
sheet's style (``sheet/sheet.css``) selects only inside ``.sheet``; the
page's own rules, paper size included, are in ``sheet/page.css``.

Printing
--------
The sheet is laid out in percentages of the printable width, so it fits A4
and US Letter alike.  Its ``@page`` rule asks for A4 with 15 mm margins by
default; ``options["paper"]`` chooses ``letter`` instead, or ``auto`` to leave
the paper size out of the CSS so that the paper chosen in the browser's print
dialog decides (in Chromium a size named by the page wins over that choice).
Rows, figures and the screening verdict are kept whole across page breaks and
colours are printed as they are (``print-color-adjust: exact``).  Nothing is
said by colour alone: a black-and-white print loses only the bar colours, and
the steps table names every step's modality.

All text that comes from the protocol, the catalog or the screening is
HTML-escaped by the templates' autoescaping, never by hand: titles and notes
are user data.
"""

from __future__ import annotations

from protocolkit.export.templating import environment, paper_size, sheet_variables
from protocolkit.model.export import ExportContext


def render(context: ExportContext) -> str:
    """The standalone sheet for ``context``: a complete HTML document."""
    paper = paper_size(str(context.options.get("paper", "a4")))
    page = environment().get_template("sheet/page.html")
    # Jinja2 drops a template's final line break; a text file ends with one.
    return page.render(sheet_variables(context), paper=paper) + "\n"
