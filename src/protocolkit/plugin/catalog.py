"""The catalog: everything the plugins registered, and look-ups over it.

The catalog is plain data once built; `plugins.load_catalog` fills it through
the registration hooks.  It remembers which plugin supplied each id so that
messages can name the owner, and which plugins failed so that an unknown
modality can be explained ("its plugin failed to load") rather than guessed at.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Literal

from attrs import define, field, frozen

from protocolkit.model.conditions import Condition
from protocolkit.load.config import DEFAULT_DURATION_TOLERANCE
from protocolkit.load.documents import MAX_FILE_BYTES
from protocolkit.model.protocol import DurationRange, Modality, PressureRange, Step, Technique, strings
from protocolkit.model.regions import REGIONS, RegionVocabulary
from protocolkit.model.rules import Rule

if TYPE_CHECKING:
    from protocolkit.model.planning import Slot
    from protocolkit.model.export import Exporter

PluginStatus = Literal["ok", "failed", "disabled"]


@frozen
class PluginInfo:
    name: str
    origin: str  # "builtin", "entry point", "-p", or "PROTOCOLKIT_PLUGINS"
    status: PluginStatus
    module: str | None = None
    distribution: str | None = None
    version: str | None = None
    hooks: tuple[str, ...] = field(converter=strings, default=())
    error: str | None = None
    import_seconds: float | None = None

    def to_json(self) -> dict[str, object]:
        return {"name": self.name, "origin": self.origin, "status": self.status, "module": self.module,
                "distribution": self.distribution, "version": self.version, "hooks": list(self.hooks),
                "error": self.error, "import_seconds": self.import_seconds}


ComposeHook = Callable[[Modality, "Slot"], "list[Step] | None"]


def _no_composer(_modality: Modality, _slot: Slot) -> list[Step] | None:
    return None


@define
class Catalog:
    techniques: dict[str, Technique] = field(factory=dict)
    modalities: dict[str, Modality] = field(factory=dict)
    rules: dict[str, Rule] = field(factory=dict)
    conditions: dict[str, Condition] = field(factory=dict)
    exporters: dict[str, Exporter] = field(factory=dict)
    plugins: list[PluginInfo] = field(factory=list)
    owners: dict[tuple[str, str], str] = field(factory=dict)
    regions: RegionVocabulary = REGIONS
    # How far a protocol's steps may drift from its planned duration (PK201); a project setting.
    duration_tolerance: float = DEFAULT_DURATION_TOLERANCE
    # Documents larger than this are refused before they are read; a project setting.
    max_file_bytes: int = MAX_FILE_BYTES
    compose_hook: ComposeHook = _no_composer

    # -- filling it (the plugin host does this) -----------------------------------

    def store(self, kind: str) -> dict[str, Any]:
        """The registry of one kind of item: technique, modality or rule."""
        stores: dict[str, dict[str, Any]] = {"technique": self.techniques, "modality": self.modalities,
                                             "rule": self.rules, "condition": self.conditions,
                                             "exporter": self.exporters}
        return stores[kind]

    def add(self, kind: str, item_id: str, item: object, owner: str) -> None:
        self.store(kind)[item_id] = item
        self.owners[(kind, item_id)] = owner

    def withdraw(self, owner: str) -> None:
        """Remove everything one plugin registered."""
        for (kind, item_id), registered_by in list(self.owners.items()):
            if registered_by == owner:
                del self.store(kind)[item_id]
                del self.owners[(kind, item_id)]

    # -- look-ups -----------------------------------------------------------------

    def technique(self, technique_id: str) -> Technique:
        return self.techniques[technique_id]

    def modality(self, modality_id: str) -> Modality:
        return self.modalities[modality_id]

    def owner(self, kind: str, item_id: str) -> str:
        return self.owners.get((kind, item_id), "?")

    def rule_owner(self, code: str) -> str:
        return self.owner("rule", code)

    def suggest_modality(self, word: str) -> str | None:
        return _closest(word, self.modalities)

    def suggest_technique(self, word: str, among: list[str] | None = None) -> str | None:
        return _closest(word, among if among is not None else list(self.techniques))

    def modalities_offering(self, technique_id: str) -> list[str]:
        return sorted(m.id for m in self.modalities.values() if m.offers(technique_id))

    def unavailable_plugin(self, modality_id: str) -> PluginInfo | None:
        """A failed or disabled plugin that would have provided ``modality_id``.

        Modality plugins are named after their modality (entry point
        ``swedish``, distribution ``protocolkit-swedish``); that convention
        lets an unknown modality be traced to the plugin that did not load.
        """
        wanted = {modality_id, f"protocolkit-{modality_id}", f"protocolkit_{modality_id.replace('-', '_')}"}
        for plugin in self.plugins:
            if plugin.status != "ok" and ({plugin.name, plugin.distribution, plugin.module} & wanted):
                return plugin
        return None

    # -- what a modality allows for a technique -----------------------------------

    def pressure_range(self, modality: Modality, technique_id: str) -> PressureRange:
        use = modality.use_of(technique_id)
        return (use.pressure if use and use.pressure else None) or self.techniques[technique_id].pressure

    def duration_range(self, modality: Modality, technique_id: str) -> DurationRange:
        use = modality.use_of(technique_id)
        return (use.duration if use and use.duration else None) or self.techniques[technique_id].duration

    def lubricated(self, step: Step) -> bool:
        """Is oil or cream on the skin during ``step``?  The author's word wins."""
        if not step.hands_on or step.technique not in self.techniques:
            return False
        if step.lubricant is not None:
            return step.lubricant
        return self.techniques[step.technique].lubricant == "yes"

    def compose_steps(self, modality: Modality, slot: Slot) -> list[Step] | None:
        return self.compose_hook(modality, slot)


def _closest(word: str, choices: object) -> str | None:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)  # type: ignore[call-overload]
    return close[0] if close else None
