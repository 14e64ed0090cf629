"""Every hook a protocolkit plugin can implement, in one place.

Plugins mark their implementations with ``protocolkit.hookimpl``.  Registration
hooks receive a ``register`` callback owned by the host: the host records which
plugin registered what, and refuses an id that another plugin already holds,
naming both.  An implementation may accept fewer arguments than the spec
(pluggy passes only those it names), so adding an argument here never breaks a
plugin; removing one does.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from protocolkit.model.planning import Slot
    from protocolkit.model.conditions import Condition
    from protocolkit.model.synonyms import Synonym
    from protocolkit.model.goals import Goal
    from protocolkit.model.export import Exporter
    from protocolkit.model.protocol import Modality, Step, Technique
    from protocolkit.model.rules import Rule
    from protocolkit.model.requirements import RequirementProfile
    from protocolkit.model.subjects import Subject

PROJECT = "protocolkit"

hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def protocolkit_register_techniques(register: Callable[[Technique], None]) -> None:
    """Register techniques that any modality may offer.

    Technique ids are shared across modalities: register ``effleurage`` once
    and every modality that offers it refers to it by id.

    Example::

        @hookimpl
        def protocolkit_register_techniques(register):
            register(Technique(id="hot-stone-glide", name="Hot stone glide", ...))

    .. versionadded:: 0.1
    """


@hookspec
def protocolkit_register_modalities(register: Callable[[Modality], None]) -> None:
    """Register modalities: their techniques, indications and contraindications.

    Example::

        @hookimpl
        def protocolkit_register_modalities(register):
            register(Modality(id="swedish", name="Swedish", techniques=[TechniqueUse("effleurage")], ...))

    .. versionadded:: 0.1
    """


@hookspec
def protocolkit_register_rules(register: Callable[[Rule], None]) -> None:
    """Register semantic checks run on every protocol after the schema check.

    A plugin's rule codes carry the plugin's own prefix (``MFR001``), never
    ``PK``, which the core keeps for itself.

    Example::

        @hookimpl
        def protocolkit_register_rules(register):
            register(Rule(code="HOT001", severity="error", summary="...", check=check_heat))

    .. versionadded:: 0.1
    """


@hookspec
def protocolkit_register_conditions(register: Callable[[Condition], None]) -> None:
    """Register conditions that screening checks a client's intake against.

    A condition says what it rules out: the whole session (``systemic``), the
    affected region and optionally everything distal on its limb (``local``),
    or pressure above a ceiling and certain techniques (``caution``).  A
    modality's own ``contraindications`` also count, for that modality's steps.

    Example::

        @hookimpl
        def protocolkit_register_conditions(register):
            register(Condition(id="heat-sensitivity", name="Heat sensitivity", category="caution",
                               reason="...", avoid=["hot-stone-glide"]))

    .. versionadded:: 0.2
    """


@hookspec
def protocolkit_register_exporters(register: Callable[[Exporter], None]) -> None:
    """Register export formats for ``protocolkit export PROTOCOL --to ID``.

    An exporter turns an `ExportContext` (the protocol, the catalog, and the
    screening outcome when an intake was given) into text.

    Example::

        @hookimpl
        def protocolkit_register_exporters(register):
            register(Exporter("csv", "one row per step", ".csv", render=steps_as_csv))

    .. versionadded:: 0.3
    """


@hookspec
def protocolkit_register_subjects(register: Callable[[Subject], None]) -> None:
    """Register subjects a curriculum module can teach, with the words people use for them.

    A subject is basic (``anatomy``) or a composite of other subjects' ids
    (``parts``), whose hours are the sum of its parts' hours.  Aliases are
    matched whatever their case or spacing; an alias another subject already
    holds stays with the first.

    Example::

        @hookimpl
        def protocolkit_register_subjects(register):
            register(Subject("aromatherapy", "Aromatherapy", "Essential oils in massage.", aliases=["aroma"]))

    .. versionadded:: 0.4
    """


@hookspec
def protocolkit_register_synonyms(register: Callable[[Synonym], None]) -> None:
    """Register words people write for a condition or a region that are not its id.

    Synonyms feed only the did-you-mean hints of an intake's unknown ids: they
    never stand for the id itself, so a person decides what the client has.
    A word may name several ids (``lower-leg``: calf or shin); a hint then
    names them all.  Name the strictest reading where words are ambiguous.

    Example::

        @hookimpl
        def protocolkit_register_synonyms(register):
            register(Synonym("slipped-disc", ["disc-herniation"]))
            register(Synonym("lower-leg", ["calf", "shin"], kind="region"))

    .. versionadded:: 0.5
    """


@hookspec
def protocolkit_register_goals(register: Callable[[Goal], None]) -> None:
    """Register goals a session can be composed for, with the regions each needs.

    ``compose --goal`` without ``--region`` works the goal's regions, the first
    one as the focus.  Give the goal's id as a modality lists it among its
    indications, and say in ``source`` where the choice of regions comes from.

    Example::

        @hookimpl
        def protocolkit_register_goals(register):
            register(Goal("hamstring-flexibility", "Hamstring flexibility",
                          ["posterior-thigh", "calf", "gluteal"], source="..."))

    .. versionadded:: 0.6
    """


@hookspec
def protocolkit_register_requirements(register: Callable[[RequirementProfile], None]) -> None:
    """Register requirement profiles: a jurisdiction's (or accreditor's) minimums for a programme.

    A profile gives total hours, hours per subject id (composites and its own
    groups too), subjects required without hours, and rules on order and pace,
    with the legal text it is built from and the date that text was current
    (or an ``as-of-note`` saying the date is not known).  Build it from the
    same data a ``kind: requirements`` file holds, so that it meets the same
    schema; ``protocolkit curriculum report FILE --against ID`` checks against it.

    Example::

        @hookimpl
        def protocolkit_register_requirements(register):
            register(requirements_from_data({"protocolkit": 1, "kind": "requirements", "id": "texas", ...}))

    .. versionadded:: 0.4
    """


@hookspec(firstresult=True)
def protocolkit_compose_steps(modality: Modality, slot: Slot) -> list[Step] | None:
    """Fill one time slot of a composed session with a modality's own steps.

    Return ``None`` for a modality that is not yours.  ``slot`` says the region,
    side, the exact time to fill, the phase (``warm-up``, ``work`` or
    ``flush``), the session's intent and goals, the highest pressure allowed,
    the techniques to leave out, whether oil may be used and the client's
    position (``seated`` for chair work).  The steps returned must add up to
    ``slot.duration`` exactly; ``protocolkit.plan_steps`` does the arithmetic
    for a plan of (technique, share, pressure) entries: no step shorter than a
    minute, no technique longer than its ``most_per_region``.  When a slot is
    longer than your techniques can use on one region, raise
    ``protocolkit.SlotTooLong`` with the most you can fill (plan_steps does):
    the engine gives the rest of the time to other regions, or asks the
    therapist for more regions, and never repeats a cycle to fill time.

    Example::

        @hookimpl
        def protocolkit_compose_steps(modality, slot):
            if modality.id != "swedish":
                return None
            return plan_steps(modality, slot, [PlanItem("effleurage", 1, 2)])

    .. versionadded:: 0.1
    """
