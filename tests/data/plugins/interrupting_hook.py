"""A local plugin whose registration hook raises KeyboardInterrupt itself (no Ctrl-C was pressed)."""

from protocolkit import hookimpl


@hookimpl
def protocolkit_register_techniques(register):
    raise KeyboardInterrupt
