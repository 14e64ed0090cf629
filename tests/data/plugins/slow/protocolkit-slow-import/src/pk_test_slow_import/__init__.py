"""A plugin whose import does expensive work at module level (here: waits), as plugins
that import a heavy library at the top do."""

import time

from protocolkit import hookimpl

time.sleep(1.2)


@hookimpl
def protocolkit_register_rules(register):
    from protocolkit import Rule

    register(Rule("SLW001", "info", "a rule from a slow plugin", lambda protocol, catalog: iter(())))
