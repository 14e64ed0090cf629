"""A local plugin whose registration hook asks for more memory than there is."""

from protocolkit import hookimpl


@hookimpl
def protocolkit_register_modalities(register):
    register([None] * 2**62)  # MemoryError before anything is allocated
