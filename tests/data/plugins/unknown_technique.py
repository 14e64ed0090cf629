"""A local plugin whose modality offers a technique nobody registered."""

from protocolkit import DurationRange, Modality, PressureRange, Technique, TechniqueUse, hookimpl


@hookimpl
def protocolkit_register_techniques(register):
    register(Technique("ghost-stroke", "Ghost stroke", "Registered, then withdrawn with its plugin.",
                       PressureRange.of(1, 2), DurationRange.of("1m", "2m"), "no"))


@hookimpl
def protocolkit_register_modalities(register):
    register(Modality("ghost-work", "Ghost", "Offers a technique that does not exist.", [TechniqueUse("ghosting")]))
