"""A document's project: its settings, found from its own folder as `validate` finds them, and its catalog.

`validate` reads ``protocolkit.toml`` (or ``[tool.protocolkit]`` in
``pyproject.toml``) walking up from where it runs; an editor's documents can
lie in different projects, so here the walk starts at each document's folder.
The settings are read again only when a configuration file on that walk
appears, changes or goes; a catalog is loaded once for each distinct set of
plugins, house modalities, limits and screening policy, and shared by the documents that use it.
The server's own ``-p``/``--modalities`` add to every project's lists, as they
add to the file's on the command line.  A configuration's own plugins load only
from a folder the editor trusts (`protocolkit.lsp.trust`).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from pathlib import Path

from attrs import evolve, frozen

from protocolkit.check.hints import condition_candidates
from protocolkit.check.selection import Selection, SelectionError
from protocolkit.check.validation import parse_finding, validate_text
from protocolkit.load.config import CONFIG_FILE, PYPROJECT, ConfigError, Settings, load_settings
from protocolkit.load.documents import DocumentError
from protocolkit.load.trust import is_at_or_below
from protocolkit.lsp.trust import untrusted_hint
from protocolkit.model.findings import Finding
from protocolkit.model.policy import ScreeningPolicy
from protocolkit.plugin.catalog import Catalog
from protocolkit.plugin.host import PluginError, load_catalog
from protocolkit.plugin.policy import tighten

Signature = tuple[tuple[str, int, int], ...]
# Every protocolkit document says "protocolkit: 1" at its top; an editor also opens other YAML and JSON.
# The key starts a line or follows "{" or "," on one: JSON written on one line is still one of ours.
_MARKER = re.compile(r"""(?:^|[{,])[ \t]*["']?protocolkit["']?[ \t]*:""", re.MULTILINE)
CatalogKey = tuple[tuple[str, ...], tuple[str, ...], int, float, ScreeningPolicy]


@frozen
class Project:
    """What checks a document: the catalog, and the codes the project selects or ignores."""

    settings: Settings
    catalog: Catalog
    selection: Selection
    withheld: tuple[str, ...] = ()  # the configuration's plugins, not loaded: the editor does not trust its folder


@frozen
class Problem:
    """A project that cannot check anything (a broken configuration, a plugin that failed strictly)."""

    message: str


class Projects:
    """The projects of the documents an editor opened, each found once and kept while its files stay."""

    def __init__(self, *, plugins: Sequence[str] = (), modalities: Sequence[str] = (), strict: bool = False,
                 warn: Callable[[str], None] | None = None) -> None:
        self.plugins = tuple(plugins)
        self.modalities = tuple(modalities)
        self.strict = strict
        self.warn = warn
        self._settings: dict[Path, tuple[Signature, Settings | Problem]] = {}
        self._catalogs: dict[CatalogKey, Catalog | Problem] = {}
        self.trusted: tuple[Path, ...] = ()  # the editor's trustedFolders, set when it initializes the server
        self._withheld: dict[str, tuple[str, ...]] = {}  # by configuration file

    def for_folder(self, folder: Path) -> Project | Problem:
        settings = self._settings_for(folder)
        if isinstance(settings, Problem):
            return settings
        catalog = self._catalog_for(settings)
        if isinstance(catalog, Problem):
            return catalog
        selection = Selection(settings.select, settings.ignore)
        withheld = self._withheld.get(settings.config_file or "", ())
        try:
            selection.check_against(catalog.rules)
        except SelectionError as error:
            where = settings.config_file or "the configuration"
            return Problem(f"{where}: {error}{untrusted_hint(withheld)}")
        return Project(settings, catalog, selection, withheld)

    def _settings_for(self, folder: Path) -> Settings | Problem:
        signature = _signature(folder)
        cached = self._settings.get(folder)
        if cached is not None and cached[0] == signature:
            return cached[1]
        try:
            found: Settings | Problem = self._with_server_options(self._trusted(load_settings(folder)))
        except ConfigError as error:
            found = Problem(str(error))
        self._settings[folder] = (signature, found)
        return found

    def _trusted(self, settings: Settings) -> Settings:
        """The file's settings, its plugins left out unless the editor trusts its folder: they would run code."""
        where = settings.config_file or ""
        if not settings.plugins or is_at_or_below(Path(where), self.trusted):
            self._withheld.pop(where, None)
            return settings
        self._withheld[where] = settings.plugins
        return evolve(settings, plugins=(), sources={**settings.sources, "plugins": "default"})

    def _with_server_options(self, settings: Settings) -> Settings:
        for key, given, option in (("plugins", self.plugins, "-p"), ("modalities", self.modalities, "--modalities")):
            if given:  # as on the command line: the server's options add to what the file lists
                listed = getattr(settings, key)
                source = f"{settings.source(key)} + {option}" if listed else option
                settings = settings.override(source, **{key: (*listed, *given)})
        return settings

    def _catalog_for(self, settings: Settings) -> Catalog | Problem:
        key = (settings.plugins, settings.modalities, settings.max_file_bytes, settings.duration_tolerance,
               settings.screening)
        if key not in self._catalogs:
            try:
                catalog = load_catalog(local_modules=settings.plugins, house_modalities=settings.modalities,
                                       condition_hint=condition_candidates,
                                       strict=self.strict, warn=self.warn, max_file_bytes=settings.max_file_bytes,
                                       duration_tolerance=settings.duration_tolerance)
                tighten(catalog, settings.screening)  # the clinic's screening policy, if it has one
                self._catalogs[key] = catalog
            except PluginError as error:
                self._catalogs[key] = Problem(str(error).removeprefix("protocolkit: "))
            except ConfigError as error:
                self._catalogs[key] = Problem(str(error))
        return self._catalogs[key]


def _signature(folder: Path) -> Signature:
    """The configuration files on the walk up from ``folder``, with their change times: a cheap freshness key."""
    found = []
    for where in (folder, *folder.parents):
        for name in (CONFIG_FILE, PYPROJECT):
            candidate = where / name
            try:
                status = os.stat(candidate)
            except OSError:
                continue
            found.append((str(candidate), status.st_mtime_ns, status.st_size))
    return tuple(found)


def is_protocolkit_document(text: str) -> bool:
    """Does ``text`` say it is a protocolkit document (a ``protocolkit`` key, however broken the rest)?

    The server is started for every YAML and JSON file an editor opens: a CI workflow or a
    package manifest is not a protocol, and `validate`'s PK001s all over it would help no one."""
    return _MARKER.search(text) is not None


def findings_for(text: str, path: str, fmt: str, project: Project) -> list[Finding]:
    """`validate`'s findings for ``text`` as the file at ``path``, with the project's selection applied.

    ``path`` is the document's real location, so that what it names by
    relative path (a curriculum's protocols) is found beside it."""
    catalog = project.catalog
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > catalog.max_file_bytes:  # validate refuses such a file unread, with this same finding
        error = DocumentError(f"the file is {size / 1048576:.1f} MB, over the {catalog.max_file_bytes / 1048576:g} "
                              "MB limit; a protocol is a few kB (raise max-file-size in protocolkit.toml if it is "
                              "really meant to be this big)")
        return [parse_finding(path, error)]
    return project.selection.filter(validate_text(text, catalog, path=path, fmt=fmt))
