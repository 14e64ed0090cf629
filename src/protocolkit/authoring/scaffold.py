"""The plugin-author kit's generator: a new modality plugin distribution, ready to edit.

`generate_plugin` writes ``protocolkit-NAME/`` with a pyproject.toml that
registers the package under the ``protocolkit`` entry-point group, a README
saying what to edit, a working modality plugin (a technique of its own, a
modality offering it and the shared ``effleurage``, a rule, and a compose
hook) and tests that run on protocolkit's pytest fixtures.  What it writes
validates clean and passes ``protocolkit.testing.assert_plugin_conforms`` as
generated, so an author starts from green and edits from there.

This module is library code: no click, no terminal output.  The
``protocolkit new-plugin`` command (cli/authoring.py) is a thin wrapper.
"""

from __future__ import annotations

import os
from collections.abc import Collection
from pathlib import Path
from string import Template

from attrs import frozen

from protocolkit import __version__
from protocolkit.authoring.templates import PLUGIN as _PLUGIN
from protocolkit.authoring.templates import PYPROJECT as _PYPROJECT
from protocolkit.authoring.templates import README as _README
from protocolkit.authoring.templates import TESTS as _TESTS
from protocolkit.load.writing import write_atomic
from protocolkit.model.protocol import is_slug
from protocolkit.plugin.api_version import PLUGIN_API_VERSION

__all__ = ["PluginNames", "api_range", "generate_plugin", "plugin_names", "rule_prefix"]

# Rule codes are 2-5 capital letters and 3 digits; the core keeps PK for itself.
_RESERVED_PREFIX = "PK"


@frozen
class PluginNames:
    """Every name the generated plugin uses, derived from its modality id."""

    name: str  # the modality id and the entry-point (plugin) name: hot-stone
    distribution: str  # protocolkit-hot-stone
    package: str  # protocolkit_hot_stone
    title: str  # Hot stone
    technique: str  # hot-stone-stroke
    rule_code: str  # HOT001
    test_module: str  # test_hot_stone


def api_range(version: str = __version__) -> str:
    """The core releases that carry this release's plugin API, as a requirement: ``>=1.4,<2``.

    PLUGIN_API_VERSION only changes with a new major release of the core, or a
    new minor one while the core is 0.x (``>=0.1,<0.2``), so a plugin pinned to
    this range never meets an API it was not written for (docs/plugin-api.md)."""
    major, minor = (int(part) for part in version.split(".")[:2])
    return f">={major}.{minor},<{major + 1}" if major else f">=0.{minor},<0.{minor + 1}"


def rule_prefix(name: str) -> str:
    """The plugin's rule-code prefix: the first three letters of its name, upper-cased.

    ``hot-stone`` gives ``HOT``; a name with fewer than two letters is padded
    with ``X``, and a prefix starting with the core's ``PK`` gets an ``X`` in
    front, so the result is always 2-5 letters and never the core's.
    """
    letters = "".join(ch for ch in name if ch.isalpha()).upper()
    prefix = letters[:3].ljust(2, "X")
    if prefix.startswith(_RESERVED_PREFIX):
        prefix = "X" + prefix
    return prefix


def plugin_names(name: str, taken_codes: Collection[str] = ()) -> PluginNames:
    """The names for a plugin called ``name``; the rule code avoids ``taken_codes``.

    Raises ValueError when ``name`` is not a lower-case slug such as ``hot-stone``.
    """
    if not is_slug(name):
        raise ValueError(f"plugin name {name!r} must be a lower-case slug such as 'hot-stone' "
                         "(letters, digits and single hyphens, starting with a letter)")
    prefix = rule_prefix(name)
    code = next((f"{prefix}{number:03d}" for number in range(1, 1000) if f"{prefix}{number:03d}" not in taken_codes),
                None)
    if code is None:
        raise ValueError(f"every rule code {prefix}001-{prefix}999 is taken")
    underscored = name.replace("-", "_")
    return PluginNames(name=name, distribution=f"protocolkit-{name}", package=f"protocolkit_{underscored}",
                       title=name.replace("-", " ").capitalize(), technique=f"{name}-stroke", rule_code=code,
                       test_module=f"test_{underscored}")


def generate_plugin(name: str, directory: Path, *, force: bool = False,
                    taken_codes: Collection[str] = ()) -> list[Path]:
    """Write the plugin distribution ``directory/protocolkit-NAME/`` and return the files written.

    Refuses (FileExistsError, nothing written) when ``protocolkit-NAME``
    already exists, unless ``force``: then the generated files are rewritten
    and anything else in the tree is left alone.  Each file is written
    atomically.  Raises ValueError for a name that is not a slug.
    """
    names = plugin_names(name, taken_codes)
    root = Path(directory) / names.distribution
    if os.path.lexists(root) and not force:
        raise FileExistsError(f"{root} already exists; pass --force to overwrite the generated files in it")
    files = {
        Path("pyproject.toml"): _PYPROJECT,
        Path("README.md"): _README,
        Path("src") / names.package / "__init__.py": _PLUGIN,
        Path("tests") / f"{names.test_module}.py": _TESTS,
    }
    written: list[Path] = []
    for relative, template in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, render(template, names), overwrite=force)
        written.append(path)
    return written


def render(template: str, names: PluginNames) -> str:
    return Template(template).substitute(
        name=names.name, distribution=names.distribution, package=names.package, title=names.title,
        technique=names.technique, code=names.rule_code, test_module=names.test_module, requirement=api_range(),
        api_version=PLUGIN_API_VERSION)
