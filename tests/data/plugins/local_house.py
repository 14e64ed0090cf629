"""A clinic's house modality, loaded from a file with -p or PROTOCOLKIT_PLUGINS."""

from protocolkit import Modality, TechniqueUse, hookimpl
from protocolkit.compose import PlanItem, plan_steps


@hookimpl
def protocolkit_register_modalities(register):
    register(Modality("house-special", "House special", "Our clinic's signature back treatment.",
                      [TechniqueUse("effleurage"), TechniqueUse("petrissage")], indications=["relaxation"]))


@hookimpl
def protocolkit_compose_steps(modality, slot):
    if modality.id != "house-special":
        return None
    return plan_steps(modality, slot, [PlanItem("effleurage", 1, "light"), PlanItem("petrissage", 2, "moderate")])
