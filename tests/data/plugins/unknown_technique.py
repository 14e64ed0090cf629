"""A local plugin whose modality offers a technique nobody registered."""

from protocolkit import Modality, TechniqueUse, hookimpl


@hookimpl
def protocolkit_register_modalities(register):
    register(Modality("ghost-work", "Ghost", "Offers a technique that does not exist.", [TechniqueUse("ghosting")]))
