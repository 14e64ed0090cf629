"""PK1xx: every modality, technique and region a step names must exist, and fit the session."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from protocolkit.model.findings import Finding
from protocolkit.model import codes

if TYPE_CHECKING:
    from protocolkit.plugin.catalog import Catalog
    from protocolkit.model.protocol import Protocol


def _unknown_modality(protocol: Protocol, catalog: Catalog) -> Iterator[Finding]:
    for step in protocol.hands_on_steps:
        assert step.modality is not None
        if step.modality in catalog.modalities:
            continue
        path = (*step.path, "modality")
        missing = catalog.unavailable_plugin(step.modality)
        if missing is not None:
            yield UNKNOWN_MODALITY.finding(
                f"modality '{step.modality}' is unavailable: its plugin '{missing.name}' {missing.status} "
                f"({missing.error}); fix or re-enable the plugin", path)
            continue
        hint = catalog.modalities.suggest(step.modality)
        advice = f"did you mean '{hint}'?" if hint else "run 'protocolkit modalities' to list the installed ones"
        yield UNKNOWN_MODALITY.finding(f"unknown modality '{step.modality}'; {advice}", path)


def _technique_not_offered(protocol: Protocol, catalog: Catalog) -> Iterator[Finding]:
    for step in protocol.hands_on_steps:
        assert step.modality is not None and step.technique is not None
        modality = catalog.modalities.get(step.modality)
        if modality is None or modality.offers(step.technique):
            continue
        offered = [use.technique for use in modality.techniques]
        hint = catalog.techniques.suggest(step.technique, offered)
        others = catalog.modalities_offering(step.technique)
        if hint:
            advice = f"did you mean '{hint}'?"
        elif others:
            advice = f"it is offered by {', '.join(others)}"
        else:
            advice = f"{modality.id} offers {', '.join(offered)}"
        yield NOT_OFFERED.finding(f"{modality.id} does not offer technique '{step.technique}'; {advice}",
                                  (*step.path, "technique"))


def _unknown_region(protocol: Protocol, catalog: Catalog) -> Iterator[Finding]:
    for step in protocol.hands_on_steps:
        assert step.region is not None
        if step.region in catalog.regions:
            continue
        hint = catalog.regions.suggest(step.region)
        advice = f"did you mean '{hint}'?" if hint else "run 'protocolkit regions' to list them"
        yield UNKNOWN_REGION.finding(f"unknown region '{step.region}'; {advice}", (*step.path, "region"))


def _intent_not_offered(protocol: Protocol, catalog: Catalog) -> Iterator[Finding]:
    """Once per modality, at its first step: the session's intent is not one the modality lists.

    ``compose`` refuses such a request; a hand-written protocol gets a warning,
    since a modality with no intents listed is taken to suit any session.
    """
    if protocol.intent is None:
        return
    reported: set[str] = set()
    for step in protocol.hands_on_steps:
        modality = catalog.modalities.get(step.modality or "")
        if modality is None or not modality.intents or protocol.intent in modality.intents \
                or modality.id in reported:
            continue
        reported.add(modality.id)
        suited = [other.id for other in catalog.modalities.values() if protocol.intent in other.intents]
        advice = (f"{', '.join(suited)} {'suits' if len(suited) == 1 else 'suit'} it" if suited
                  else "no installed modality lists it")
        yield INTENT_NOT_OFFERED.finding(
            f"{modality.id} is not meant for a '{protocol.intent}' session (it lists "
            f"{', '.join(modality.intents)}); {advice}, or change the protocol's intent", (*step.path, "modality"))


UNKNOWN_MODALITY = codes.UNKNOWN_MODALITY.with_check(_unknown_modality)
NOT_OFFERED = codes.TECHNIQUE_NOT_OFFERED.with_check(_technique_not_offered)
UNKNOWN_REGION = codes.UNKNOWN_REGION.with_check(_unknown_region)
INTENT_NOT_OFFERED = codes.INTENT_NOT_OFFERED.with_check(_intent_not_offered)
RULES = (UNKNOWN_MODALITY, NOT_OFFERED, UNKNOWN_REGION, INTENT_NOT_OFFERED)
