"""The studio's Jinja2 templates, escaped by default: every page and fragment renders through here."""

from __future__ import annotations

from jinja2 import Environment, PackageLoader, select_autoescape

TEMPLATES = Environment(loader=PackageLoader("protocolkit.studio", "templates"),
                        autoescape=select_autoescape(default=True, default_for_string=True))
