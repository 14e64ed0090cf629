"""A local plugin that prints everywhere it runs: at import, in hooks and in its rule.

None of it may reach stdout, where the report (JSON, SARIF) is written.
"""

import sys

from protocolkit import Modality, PlanItem, Rule, TechniqueUse, hookimpl, plan_steps

print("printing: imported")
sys.stdout.write("printing: written at import\n")


def _chatty_check(protocol, catalog):
    print(f"printing: checking {protocol.id}")
    return []


@hookimpl
def protocolkit_register_rules(register):
    print("printing: registering rules")
    register(Rule("PRN001", "warning", "a rule that prints and finds nothing", _chatty_check))


@hookimpl
def protocolkit_register_modalities(register):
    print("printing: registering modalities")
    register(Modality("printing-work", "Printing work", "Composes, and prints while it does.",
                      [TechniqueUse("effleurage"), TechniqueUse("petrissage")], indications=["relaxation"]))


@hookimpl
def protocolkit_compose_steps(modality, slot):
    if modality.id != "printing-work":
        return None
    print(f"printing: composing {slot.phase} on {slot.region}")
    return plan_steps(modality, slot, [PlanItem("effleurage", 1, "light"), PlanItem("petrissage", 2, "moderate")])


def _chatty_lines(context):
    print("printing: exporting")
    return "".join(f"{step.index + 1}. {step.technique or step.activity}\n" for step in context.protocol.steps)


@hookimpl
def protocolkit_register_exporters(register):
    from protocolkit import Exporter

    register(Exporter("printing-list", "the steps, one a line, printing as it goes", ".txt", render=_chatty_lines))
