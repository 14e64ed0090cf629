"""Finding, loading and isolating plugins, and building the catalog from them.

Where plugins come from, in order: the core's own built-in plugins, the
``protocolkit`` entry-point group of installed distributions, then local
modules named with ``-p`` or ``PROTOCOLKIT_PLUGINS=mod1,mod2``.
``PROTOCOLKIT_DISABLE_PLUGINS=name,...`` blocks any of them by name before it
is imported.

One broken plugin must never break the tool: each plugin's registrations are
staged and only committed when all of its hooks ran cleanly and none of its ids
clash with another plugin's.  A plugin that fails is reported in one line on
stderr and listed as failed; ``strict`` turns any failure into an error.
Plugin code runs inside ``containment.plugin_code()``: a plugin that calls
``sys.exit`` fails like one that raises, and what it prints goes to stderr.
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
import os
import sys
import time
from collections.abc import Callable, Iterable, Mapping
from types import ModuleType
from typing import Any

import pluggy
from attrs import define, field

from protocolkit.plugin import hookspecs
from protocolkit.plugin import api_version
from protocolkit.plugin.catalog import Catalog, PluginInfo
from protocolkit.plugin.composer import Composer
from protocolkit.plugin.containment import describe, plugin_code
from protocolkit.model.conditions import Condition
from protocolkit.model.synonyms import Synonym
from protocolkit.model.goals import Goal
from protocolkit.load.config import DEFAULT_DURATION_TOLERANCE
from protocolkit.load.documents import MAX_FILE_BYTES
from protocolkit.plugin.entrypoints import entry_points
from protocolkit.plugin import messages
from protocolkit.plugin.messages import ConditionHint
from protocolkit.model.export import Exporter
from protocolkit.model.protocol import Modality, Technique
from protocolkit.model.rules import Rule
from protocolkit.model.subjects import Subject

ENTRY_POINT_GROUP = "protocolkit"
PLUGINS_ENV = "PROTOCOLKIT_PLUGINS"
DISABLE_ENV = "PROTOCOLKIT_DISABLE_PLUGINS"
TRACE_ENV = "PROTOCOLKIT_TRACE_PLUGINS"
# A plugin slower than this to import slows every command that loads plugins.
SLOW_IMPORT_SECONDS = 1.0
BUILTIN_PLUGINS = ("protocolkit.builtin.techniques", "protocolkit.builtin.rules", "protocolkit.builtin.conditions",
                   "protocolkit.builtin.exporters", "protocolkit.builtin.subjects")
# Each registration hook, the kind of item it registers and the class that item must be.
_KINDS = {"protocolkit_register_techniques": ("technique", Technique),
          "protocolkit_register_modalities": ("modality", Modality),
          "protocolkit_register_rules": ("rule", Rule),
          "protocolkit_register_conditions": ("condition", Condition),
          "protocolkit_register_exporters": ("exporter", Exporter),
          "protocolkit_register_subjects": ("subject", Subject),
          "protocolkit_register_synonyms": ("synonym", Synonym),
          "protocolkit_register_goals": ("goal", Goal)}
# Requirement profiles are registered apart, on first use (Catalog.requirements): only the
# commands that report against them need them, and validate should not pay for them.
_PROFILES_HOOK = "protocolkit_register_requirements"


class PluginError(Exception):
    """A plugin failed while strict loading was asked for."""


class _Refused(Exception):
    """The host refuses a plugin; the message is the whole reason (no exception type before it)."""


def _names(text: str | None) -> list[str]:
    return [part.strip() for part in (text or "").split(",") if part.strip()]


@define
class _Staged:
    """What one plugin registered, held back until all its hooks succeeded."""

    items: dict[str, dict[str, Any]] = field(factory=dict)


class PluginHost:
    """Owns the pluggy manager and turns loaded plugins into a `Catalog`."""

    def __init__(self, *, local_modules: Iterable[str] = (), house_modalities: Iterable[str] = (),
                 strict: bool = False, environ: Mapping[str, str] | None = None,
                 warn: Callable[[str], None] | None = None, max_file_bytes: int = MAX_FILE_BYTES,
                 duration_tolerance: float = DEFAULT_DURATION_TOLERANCE,
                 condition_hint: ConditionHint | None = None) -> None:
        env = os.environ if environ is None else environ
        self.condition_hint = condition_hint
        self.strict = strict
        self.max_file_bytes = max_file_bytes
        self.duration_tolerance = duration_tolerance
        self.warn = warn or (lambda line: print(line, file=sys.stderr))
        self.house_modalities = list(house_modalities)
        self.trace = self.warn if env.get(TRACE_ENV, "") not in ("", "0") else None
        self.disabled = set(_names(env.get(DISABLE_ENV)))
        self.local_modules = [(spec, "-p") for spec in local_modules]
        self.local_modules += [(spec, PLUGINS_ENV) for spec in _names(env.get(PLUGINS_ENV))]
        self.manager = pluggy.PluginManager(hookspecs.PROJECT)
        self.manager.add_hookspecs(hookspecs)
        self.infos: dict[str, PluginInfo] = {}

    # -- loading ------------------------------------------------------------------

    def load(self) -> Catalog:
        for module_name in BUILTIN_PLUGINS:
            self._add(f"core-{module_name.rsplit('.', 1)[-1]}", "builtin",
                      functools.partial(importlib.import_module, module_name), module=module_name)
        for entry_point in sorted(entry_points(ENTRY_POINT_GROUP), key=lambda ep: ep.name):
            self._add(entry_point.name, "entry point", entry_point.load, module=entry_point.value,
                      distribution=entry_point.distribution, version=entry_point.version)
        for spec, origin in self.local_modules:
            self._add(_local_name(spec), origin, functools.partial(_import_local, spec), module=spec)
        if self.house_modalities:
            from protocolkit.plugin.house import HOUSE_ORIGIN, HouseModalityError, load_house_modality, modality_files

            for folder in self.house_modalities:
                try:
                    files = modality_files([folder])
                except HouseModalityError as error:
                    self._report(folder, str(error))
                    continue
                for path in files:
                    self._add(path.stem, HOUSE_ORIGIN,
                              functools.partial(load_house_modality, path, max_bytes=self.max_file_bytes),
                              module=str(path))
        composer = Composer(self.manager.hook.protocolkit_compose_steps, self.trace)
        catalog = Catalog(composer=composer, max_file_bytes=self.max_file_bytes,
                          duration_tolerance=self.duration_tolerance)
        self._register_all(catalog)
        catalog.plugins = list(self.infos.values())
        if self.strict:  # a failing profile hook stops the load itself, as every other hook does
            self._register_profiles(catalog)
        else:
            catalog._load_requirements = functools.partial(self._register_profiles, catalog)
        self._warn_of_unknown_contraindications(catalog)
        return catalog

    def _warn_of_unknown_contraindications(self, catalog: Catalog) -> None:
        """A modality's contraindication that names no catalog condition restricts nothing: an
        intake can only name catalog conditions.  Said on every load, so a clinic's house
        modality file does not silently carry a rule that never fires."""
        for modality in catalog.modalities.values():
            for item in modality.contraindications:
                if item.id not in catalog.conditions:
                    self.warn(f"protocolkit: modality '{modality.id}' (plugin "
                              f"'{catalog.modalities.owner(modality.id)}') lists contraindication '{item.id}', "
                              "which no condition in the catalog has, so no intake can name it and it restricts "
                              f"nothing; {messages.condition_did_you_mean(item.id, catalog, self.condition_hint)}"
                              "use an id from 'protocolkit conditions' or register the condition")

    def _add(self, name: str, origin: str, importer: Callable[[], object], **details: Any) -> None:
        if name in self.disabled:
            self.infos[name] = PluginInfo(name, origin, "disabled", error=f"disabled by {DISABLE_ENV}", **details)
            self.manager.set_blocked(name)
            return
        if name in self.infos:
            # Keep the first plugin's record: the name is taken, only this second load failed.
            self._report(name, f"another plugin is already called '{name}' ({self.infos[name].origin})")
            return
        try:
            started = time.perf_counter()
            with plugin_code():  # sys.exit() or print() at import fail the plugin, not the run
                plugin = importer()
            seconds = time.perf_counter() - started
            loaded_as = self.manager.get_name(plugin)
            if loaded_as is not None:
                raise ValueError(f"the module is already loaded as plugin '{loaded_as}'")
            with plugin_code():  # registering reads the module's attributes: a module __getattr__ runs
                self.manager.register(plugin, name=name)
            unknown = [caller.name for caller in self.manager.get_hookcallers(plugin) or []
                       if not caller.has_spec()]
            if unknown:
                self.manager.unregister(plugin)
                raise _Refused(messages.unknown_hooks(unknown, self._hook_names()))
        except Exception as error:  # noqa: BLE001 - a plugin may raise anything on import
            self._fail(PluginInfo(name, origin, "failed", **details),
                       str(error) if isinstance(error, _Refused) else _describe(error))
            return
        hooks = sorted(caller.name for caller in self.manager.get_hookcallers(plugin) or [])
        self._warn_of_unmarked_hooks(name, plugin, hooks)
        if api_version.DEPRECATED_HOOKS or api_version.DEPRECATED_ARGUMENTS:  # nothing to look for in most versions
            for caller in self.manager.get_hookcallers(plugin) or []:
                for impl in caller.get_hookimpls():
                    if impl.plugin is plugin:
                        api_version.warn_of_deprecations(name, caller.name, impl.argnames, impl.function)
        self.infos[name] = PluginInfo(name, origin, "ok", hooks=hooks, import_seconds=round(seconds, 3), **details)
        if seconds > SLOW_IMPORT_SECONDS:
            message = (f"protocolkit: plugin '{name}' took {seconds:.1f} s to import, and every command that "
                       "loads plugins waits for it; keep its top-level imports cheap (docs/plugins.md)")
            if self.strict:
                raise PluginError(message)
            self.warn(message)

    def _hook_names(self) -> list[str]:
        return sorted(name for name, caller in vars(self.manager.hook).items()
                      if isinstance(caller, pluggy.HookCaller) and caller.has_spec())

    def _warn_of_unmarked_hooks(self, name: str, plugin: object, hooks: list[str]) -> None:
        """pluggy skips a function without the hookimpl marker silently, so a plugin that forgot it
        loaded "ok" and registered nothing.  Said like a slow import: a warning, an error when strict."""
        try:
            with plugin_code():  # dir() of a plugin object may run its code
                unmarked = messages.unmarked_hooks(plugin, self._hook_names())
        except Exception:  # noqa: BLE001 - a diagnostic must not fail a plugin that loaded
            return
        message = messages.unmarked_message(name, unmarked, hooks, self._hook_names())
        if message is not None and self.strict:
            raise PluginError(message)
        if message is not None:
            self.warn(message)

    def _fail(self, info: PluginInfo, reason: str) -> None:
        from attrs import evolve

        self.infos[info.name] = evolve(info, status="failed", error=reason)
        plugin = self.manager.get_plugin(info.name)
        if plugin is not None:
            self.manager.unregister(plugin)
        self._report(info.name, reason)

    def _report(self, name: str, reason: str) -> None:
        message = f"protocolkit: plugin '{name}' failed: {reason}"
        if self.strict:
            raise PluginError(message)
        self.warn(f"{message} (skipped; block it with {DISABLE_ENV}={name})")

    # -- registration ---------------------------------------------------------------

    def _register_all(self, catalog: Catalog) -> None:
        for name, info in list(self.infos.items()):
            if info.status != "ok":
                continue
            staged = self._stage(name)
            if isinstance(staged, str):
                self._fail(info, staged)
                continue
            clash = _first_clash(staged, catalog)
            if clash:
                self._fail(info, clash)
                continue
            for kind, items in staged.items.items():
                for item_id, item in items.items():
                    catalog.registry(kind).add(item_id, item, owner=name)
        self._withdraw_modalities_with_unknown_techniques(catalog)
        self._withdraw_composites_with_unknown_parts(catalog)

    def _register_profiles(self, catalog: Catalog) -> None:
        """Run every loaded plugin's requirement-profile hook; a plugin whose hook fails (or clashes)
        is reported and its profiles left out, the rest of what it registered stays."""
        from protocolkit.model.requirements import RequirementProfile

        profiles = {_PROFILES_HOOK: ("profile", RequirementProfile)}
        for name, info in self.infos.items():
            if info.status != "ok":
                continue
            staged = self._stage(name, profiles)
            reason = staged if isinstance(staged, str) else _first_clash(staged, catalog)
            if reason:
                self._report(name, f"{reason} (its requirement profiles are left out)")
                continue
            assert isinstance(staged, _Staged)
            for item_id, item in staged.items.get("profile", {}).items():
                catalog.registry("profile").add(item_id, item, owner=name)

    def _stage(self, plugin_name: str, kinds: Mapping[str, tuple[str, type]] = _KINDS) -> _Staged | str:
        """Run the plugin's registration hooks; a string says why it failed."""
        staged = _Staged({kind: {} for kind, _ in kinds.values()})
        plugin = self.manager.get_plugin(plugin_name)
        for hook_name in kinds:
            kind, expected = kinds[hook_name]
            for impl in getattr(self.manager.hook, hook_name).get_hookimpls():
                if impl.plugin is not plugin:
                    continue

                def register(item: object, kind: str = kind, expected: type = expected,
                             hook_name: str = hook_name) -> None:
                    if not isinstance(item, expected):
                        raise TypeError(f"{hook_name} registered {item!r}, not a {expected.__name__}")
                    item_id = item.code if isinstance(item, Rule) else item.id  # type: ignore[attr-defined]
                    if item_id in staged.items[kind]:
                        raise ValueError(f"registered {kind} '{item_id}' twice")
                    staged.items[kind][item_id] = item

                before = {kind: len(items) for kind, items in staged.items.items()}
                try:
                    with plugin_code():
                        impl.function(**{arg: register for arg in impl.argnames})
                except Exception as error:  # noqa: BLE001 - isolate the culprit
                    described = _describe(error)
                    self._trace(f"{hook_name} -> {plugin_name}: raised {described}")
                    # "at stones.py:12: pressure 0 is not ..." is where the plugin built a bad value
                    return f"in {hook_name} {described}" if described.startswith("at ") else \
                        f"{hook_name} raised {described}"
                if self.trace:
                    added = [f"{kind} {item_id}" for kind, items in staged.items.items()
                             for item_id in list(items)[before[kind]:]]
                    self._trace(f"{hook_name} -> {plugin_name}: registered {', '.join(added) or 'nothing'}")
        return staged

    def _trace(self, line: str) -> None:
        if self.trace:
            self.trace(f"protocolkit trace: {line}")

    def _withdraw_modalities_with_unknown_techniques(self, catalog: Catalog) -> None:
        """A modality may offer another plugin's technique, so this is checked once all
        are in.  Its plugin fails whole; withdrawing it can strand other modalities
        that relied on its techniques, hence the loop."""
        while True:
            for modality in catalog.modalities.values():
                missing = [use.technique for use in modality.techniques if use.technique not in catalog.techniques]
                if missing:
                    break
            else:
                return
            owner = catalog.modalities.owner(modality.id)
            catalog.withdraw(owner)
            self._fail(self.infos[owner], f"modality '{modality.id}' offers unknown technique "
                                          f"{', '.join(repr(m) for m in missing)}")

    def _withdraw_composites_with_unknown_parts(self, catalog: Catalog) -> None:
        """A composite subject may be built of another plugin's subjects, so this too is checked
        once all are in, and withdrawing one plugin can strand another's composites."""
        while True:
            for subject in catalog.subjects.values():
                missing = [part for part in subject.parts if part not in catalog.subjects]
                if missing:
                    break
            else:
                return
            owner = catalog.subjects.owner(subject.id)
            catalog.withdraw(owner)
            self._fail(self.infos[owner], f"composite subject '{subject.id}' names unknown part "
                                          f"{', '.join(repr(m) for m in missing)}")

    # -- calling the compose hook -----------------------------------------------------


def _first_clash(staged: _Staged, catalog: Catalog) -> str | None:
    for kind, items in staged.items.items():
        for item_id in items:
            if item_id in catalog.registry(kind):
                return (f"{kind} '{item_id}' is already registered by plugin "
                        f"'{catalog.registry(kind).owner(item_id)}'; ids must be unique")
    return None


def _describe(error: BaseException) -> str:
    return describe(error)


def _local_name(spec: str) -> str:
    return os.path.splitext(os.path.basename(spec))[0] if spec.endswith(".py") else spec


def _import_local(spec: str) -> ModuleType:
    """Import a module by dotted name, or a plugin file by its path (``./house.py``)."""
    if not spec.endswith(".py"):
        return importlib.import_module(spec)
    name = f"protocolkit_local_{_local_name(spec)}"
    module_spec = importlib.util.spec_from_file_location(name, spec)
    if module_spec is None or module_spec.loader is None:
        raise ImportError(f"cannot load a plugin from {spec}")
    module = importlib.util.module_from_spec(module_spec)
    module_spec.loader.exec_module(module)
    return module


def load_catalog(*, local_modules: Iterable[str] = (), house_modalities: Iterable[str] = (), strict: bool = False,
                 environ: Mapping[str, str] | None = None, warn: Callable[[str], None] | None = None,
                 max_file_bytes: int = MAX_FILE_BYTES, duration_tolerance: float = DEFAULT_DURATION_TOLERANCE,
                 condition_hint: ConditionHint | None = None) -> Catalog:
    """Load every plugin (and house modality document) and return the catalog they registered.

    ``max_file_bytes`` bounds every document read from here on (house modality
    files now, protocols, intakes and curricula later); ``duration_tolerance``
    is PK201's.  Both are project settings, fixed when the catalog is made.  ``condition_hint``
    (``protocolkit.check.hints.condition_candidates``) adds a did-you-mean to the warning about a
    modality contraindication that names no catalog condition."""
    return PluginHost(local_modules=local_modules, house_modalities=house_modalities, strict=strict,
                      environ=environ, warn=warn, max_file_bytes=max_file_bytes,
                      duration_tolerance=duration_tolerance, condition_hint=condition_hint).load()
