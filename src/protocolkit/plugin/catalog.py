"""The catalog: everything the plugins registered, and look-ups over it.

`plugin.host.load_catalog` fills it through the registration hooks, one typed
`Registry` per kind, each remembering which plugin supplied what so that
messages can name the owner; the plugin records say which plugins failed, so
that an unknown modality can be explained ("its plugin failed to load")
rather than guessed at.  The project settings that bound every check (the
size limit, PK201's tolerance) are given when it is made and never written
in afterwards; the plugins' compose hook travels in a `Composer`, which holds
nothing of the host that loaded them.
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from attrs import define, field, frozen

from protocolkit.model.billing import Billing
from protocolkit.model.conditions import Condition
from protocolkit.model.synonyms import Synonym
from protocolkit.model.goals import Goal
from protocolkit.model.planning import TechniqueLimits
from protocolkit.plugin.composer import Composer
from protocolkit.load.config import DEFAULT_DURATION_TOLERANCE, DEFAULT_REASSESS_EVERY, DEFAULT_RECOVERY_HOURS
from protocolkit.load.documents import MAX_FILE_BYTES
from protocolkit.model.protocol import DurationRange, Modality, PressureRange, Step, Technique, strings
from protocolkit.model.regions import REGIONS, RegionVocabulary
from protocolkit.model.rules import Rule
from protocolkit.model.subjects import Subject, SubjectVocabulary

if TYPE_CHECKING:
    # Only for annotations: validate must not pay for the requirement profiles' model (and datetime).
    from protocolkit.model.export import Exporter
    from protocolkit.model.requirements import RequirementProfile

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


T = TypeVar("T")


class Registry(dict[str, T]):
    """One kind of item by id (techniques, say), remembering the plugin that registered each.

    A dict, so look-ups read as they always did; filling it goes through
    ``add`` so that no item arrives without its owner."""

    def __init__(self, kind: str) -> None:
        super().__init__()
        self.kind = kind
        self._owners: dict[str, str] = {}

    def add(self, item_id: str, item: T, owner: str) -> None:
        self[item_id] = item
        self._owners[item_id] = owner

    def owner(self, item_id: str) -> str:
        """The plugin that registered ``item_id`` ('?' for one it does not hold)."""
        return self._owners.get(item_id, "?")

    def owned_by(self, owner: str) -> list[str]:
        return [item_id for item_id, registered_by in self._owners.items() if registered_by == owner]

    def withdraw(self, owner: str) -> None:
        """Remove everything one plugin registered here."""
        for item_id in self.owned_by(owner):
            del self[item_id]
            del self._owners[item_id]

    def suggest(self, word: str, among: list[str] | None = None) -> str | None:
        """The closest id to a mistyped ``word`` (among some ids only, when given)."""
        return _closest(word, among if among is not None else list(self))


def _registry(kind: str) -> Any:
    return lambda: Registry(kind)


@define
class Catalog:
    techniques: Registry[Technique] = field(factory=_registry("technique"))
    modalities: Registry[Modality] = field(factory=_registry("modality"))
    rules: Registry[Rule] = field(factory=_registry("rule"))
    conditions: Registry[Condition] = field(factory=_registry("condition"))
    exporters: Registry[Exporter] = field(factory=_registry("exporter"))
    subjects: Registry[Subject] = field(factory=_registry("subject"))
    # Words people write for a condition or region: did-you-mean hints only (see check.hints).
    synonyms: Registry[Synonym] = field(factory=_registry("synonym"))
    # Goals compose can pick regions for (compose --goal without --region).
    goals: Registry[Goal] = field(factory=_registry("goal"))
    # The requirement profiles are registered on first use (see `requirements`), not at start-up.
    _requirements: Registry[RequirementProfile] = field(factory=_registry("profile"), alias="requirements")
    plugins: list[PluginInfo] = field(factory=list)
    regions: RegionVocabulary = REGIONS
    # How far a protocol's steps may drift from its planned duration (PK201); a project setting.
    duration_tolerance: float = DEFAULT_DURATION_TOLERANCE
    # Treatment plans' recovery time (PK603) and reassessment interval (PK604); project settings.
    recovery_hours: float = DEFAULT_RECOVERY_HOURS
    reassess_every: int = DEFAULT_REASSESS_EVERY
    # Documents larger than this are refused before they are read; a project setting.
    max_file_bytes: int = MAX_FILE_BYTES
    # The clinic's [billing] (policy, codes it maps); None when the project does not bill.
    billing: Billing | None = None
    # The plugins' compose hook, for the composition engine (no plugins: composes nothing).
    composer: Composer = field(factory=Composer)
    # Set by the plugin host: runs the plugins' requirement-profile hooks the first time they are needed.
    _load_requirements: Callable[[], None] | None = field(default=None, eq=False, repr=False,
                                                          alias="load_requirements")

    @property
    def requirements(self) -> Registry[RequirementProfile]:
        """Every installed requirement profile.  Only the commands that report against profiles need
        them, so the plugins' profile hooks run on first use and ``validate`` never pays for them."""
        load, self._load_requirements = self._load_requirements, None
        if load is not None:
            load()
        return self._requirements

    # -- filling it (the plugin host does this) -----------------------------------

    @property
    def registries(self) -> tuple[Registry[Any], ...]:
        return (self.techniques, self.modalities, self.rules, self.conditions, self.exporters, self.subjects,
                self.synonyms, self.goals, self.requirements)

    def registry(self, kind: str) -> Registry[Any]:
        """The registry of one kind ('technique', 'modality', 'rule', 'condition', 'exporter', 'subject',
        'synonym', 'goal', 'profile'), for
        code that handles every kind alike (the plugin host, the conformance check)."""
        return next(registry for registry in self.registries if registry.kind == kind)

    def withdraw(self, owner: str) -> None:
        """Remove everything one plugin registered."""
        for registry in self.registries:
            registry.withdraw(owner)

    # -- look-ups -----------------------------------------------------------------

    def technique(self, technique_id: str) -> Technique:
        return self.techniques[technique_id]

    def modality(self, modality_id: str) -> Modality:
        return self.modalities[modality_id]

    def subject_vocabulary(self) -> SubjectVocabulary:
        """The registered subjects, looked up by id or alias (made afresh: hold on to it in a loop)."""
        return SubjectVocabulary(self.subjects.values())

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
        if not step.hands_on or step.technique is None or step.technique not in self.techniques:
            return False
        if step.lubricant is not None:
            return step.lubricant
        return self.techniques[step.technique].lubricant == "yes"

    def slot_techniques(self, modality: Modality) -> dict[str, TechniqueLimits]:
        """What each of ``modality``'s techniques allows, as a slot carries it to a plugin."""
        return {use.technique: TechniqueLimits(self.pressure_range(modality, use.technique),
                                               self.duration_range(modality, use.technique),
                                               self.techniques[use.technique].lubricant, use.most_per_region)
                for use in modality.techniques if use.technique in self.techniques}


def _closest(word: str, choices: Iterable[str]) -> str | None:
    return _closest_among(word, tuple(choices))


@functools.lru_cache(maxsize=4096)  # a long document repeats its typos: each is looked up once
def _closest_among(word: str, choices: tuple[str, ...]) -> str | None:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return close[0] if close else None
