"""The seed plugins: the ones this repository ships (plugins/*) and the core's own registrations.

The core's meta-tests test these by name, never "every installed plugin", so
that the suite stays green when a plugin author installs their own plugin
beside them (that plugin answers to ``protocolkit check-plugin``, not to the
core's suite).
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable

from protocolkit.authoring.quality import owners_codes
from protocolkit.plugin.catalog import Catalog

from .conftest import ROOT

# Distribution names of the plugins under plugins/, read from their own pyproject.toml.
DISTRIBUTIONS = frozenset(tomllib.loads(path.read_text(encoding="utf-8"))["project"]["name"]
                          for path in (ROOT / "plugins").glob("*/pyproject.toml"))


def seed_plugins(catalog: Catalog) -> list[str]:
    """The names of the loaded seed plugins: the core's builtin ones and those distributed under plugins/."""
    return [plugin.name for plugin in catalog.plugins
            if plugin.origin == "builtin" or plugin.distribution in DISTRIBUTIONS]


def seed_owned(catalog: Catalog, kind: str) -> list[str]:
    """The ids (codes, for rules) of ``kind`` that a seed plugin registered."""
    seeds = set(seed_plugins(catalog))
    registry = catalog.registry(kind)
    return [item_id for item_id in registry if registry.owner(item_id) in seeds]


def seed_codes(catalog: Catalog) -> Callable[[str], bool]:
    """Which finding codes the core's tests count: the seed plugins' (another plugin's are its own business)."""
    return owners_codes(catalog, seed_plugins(catalog))
