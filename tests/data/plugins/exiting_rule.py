"""A local plugin whose rule calls sys.exit(0) and whose compose hook calls sys.exit(3)."""

import sys

from protocolkit import Modality, Rule, TechniqueUse, hookimpl


def _leave(protocol, catalog):
    sys.exit(0)


@hookimpl
def protocolkit_register_rules(register):
    register(Rule("EXT001", "error", "a rule that ends the program instead of checking", _leave))


@hookimpl
def protocolkit_register_modalities(register):
    register(Modality("exit-work", "Exit work", "Its compose hook ends the program.",
                      [TechniqueUse("effleurage")], indications=["relaxation"]))


@hookimpl
def protocolkit_compose_steps(modality, slot):
    if modality.id == "exit-work":
        sys.exit(3)
