"""A local plugin that registers a plain dict where a Modality belongs."""

from protocolkit import hookimpl


@hookimpl
def protocolkit_register_modalities(register):
    register({"id": "dict-massage"})
