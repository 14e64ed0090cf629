"""A plugin whose rule raises while checking: the run must fail closed (PK003)."""

from protocolkit import Rule, hookimpl


def _explode(protocol, catalog):
    raise ZeroDivisionError("division by zero in a rule")


@hookimpl
def protocolkit_register_rules(register):
    register(Rule("CRS001", "error", "a rule that always crashes", _explode))
