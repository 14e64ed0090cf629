"""The studio's Jinja2 templates, escaped by default: every page and fragment renders through here.

The session sheet's own templates (``sheet/...``) come from the export, so
the sheet in the studio is the one ``export --to html`` writes.
"""

from __future__ import annotations

from jinja2 import ChoiceLoader, Environment, PackageLoader, select_autoescape

from protocolkit.export.templating import sheet_loader

TEMPLATES = Environment(loader=ChoiceLoader([PackageLoader("protocolkit.studio", "templates"), sheet_loader()]),
                        autoescape=select_autoescape(default=True, default_for_string=True))
