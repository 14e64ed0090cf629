"""A local plugin with a misspelt hook name, which must be caught, not ignored."""

from protocolkit import hookimpl


@hookimpl
def protocolkit_register_technique(register):
    raise AssertionError("never called")
