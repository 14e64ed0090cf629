"""A clinic's house modality, loaded from a file with -p or PROTOCOLKIT_PLUGINS."""

from protocolkit import Condition, Modality, Pressure, RegionLimit, Synonym, TechniqueUse, hookimpl
from protocolkit import PlanItem, plan_steps


@hookimpl
def protocolkit_register_modalities(register):
    register(Modality("house-special", "House special", "Our clinic's signature back treatment.",
                      [TechniqueUse("effleurage"), TechniqueUse("petrissage")], indications=["relaxation"]))


@hookimpl
def protocolkit_compose_steps(modality, slot):
    if modality.id != "house-special":
        return None
    return plan_steps(modality, slot, [PlanItem("effleurage", 1, "light"), PlanItem("petrissage", 2, "moderate")])


@hookimpl
def protocolkit_register_conditions(register):
    register(Condition("recent-filler-injection", "Recent filler injection", "caution",
                       "Fresh filler can move under pressure in the first two weeks.", "House policy",
                       max_pressure=Pressure(2), region_limits=[RegionLimit(regions=["face"], avoid=["petrissage"])]))


@hookimpl
def protocolkit_register_synonyms(register):
    register(Synonym("lip-filler", ["recent-filler-injection"]))


def _step_lines(context):
    return "".join(f"{step.index + 1}. {step.technique or step.activity}\n" for step in context.protocol.steps)


@hookimpl
def protocolkit_register_exporters(register):
    from protocolkit import Exporter

    register(Exporter("step-list", "the steps, one a line", ".txt", render=_step_lines))
