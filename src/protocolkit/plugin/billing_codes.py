"""Which billing code a technique of a modality bills under: the clinic's [billing] first, then the plugin's.

A modality's ``TechniqueUse`` may carry a ``billing_code`` where a source
supports one; a clinic maps the rest, or overrides any, in ``[billing] codes``
keyed ``modality.technique``.  The keys are checked once the plugins are
loaded: one that names no installed modality or technique is a configuration
error with the nearest name, never a code silently not applied.
"""

from __future__ import annotations

from protocolkit.load.config import ConfigError
from protocolkit.model.billing import Billing
from protocolkit.plugin.catalog import Catalog


def code_for(catalog: Catalog, modality_id: str | None, technique_id: str | None) -> str | None:
    """The code a technique bills under in a modality, or None (an activity, or no code anywhere)."""
    if modality_id is None or technique_id is None:
        return None
    if catalog.billing is not None:
        mapped = catalog.billing.codes.get(f"{modality_id}.{technique_id}")
        if mapped is not None:
            return mapped
    modality = catalog.modalities.get(modality_id)
    if modality is None:
        return None
    use = next((use for use in modality.techniques if use.technique == technique_id), None)
    return use.billing_code if use is not None else None


def check_codes(catalog: Catalog, billing: Billing, where: str) -> None:
    """ConfigError naming each ``[billing] codes`` key that is no installed modality's technique."""
    problems = []
    for key in billing.codes:
        modality_id, _, technique_id = key.partition(".")
        modality = catalog.modalities.get(modality_id)
        if modality is None:
            hint = catalog.modalities.suggest(modality_id)
            meant = _technique_key(catalog, hint, technique_id) if hint else None
            offers = ", ".join(use.technique for use in catalog.modalities[hint].techniques) if hint else ""
            problems.append(f"'billing.codes': '{key}': no installed modality '{modality_id}'"
                            + (f"; did you mean '{meant}'?" if meant
                               else f"; did you mean '{hint}'? It offers {offers}" if hint
                               else "; see 'protocolkit modalities'"))
            continue
        if technique_id not in (offered := [use.technique for use in modality.techniques]):
            meant = _technique_key(catalog, modality_id, technique_id)
            problems.append(f"'billing.codes': '{key}': {modality.name} has no technique '{technique_id}'"
                            + (f"; did you mean '{meant}'?" if meant else f"; it offers {', '.join(offered)}"))
    if problems:
        raise ConfigError("\n".join(f"{where}: {problem}" for problem in problems))


def _technique_key(catalog: Catalog, modality_id: str, technique_id: str) -> str | None:
    """``modality.technique`` for the modality's own technique nearest ``technique_id``, if any is near."""
    offered = [use.technique for use in catalog.modalities[modality_id].techniques]
    nearest = technique_id if technique_id in offered else catalog.techniques.suggest(technique_id, among=offered)
    return f"{modality_id}.{nearest}" if nearest else None
