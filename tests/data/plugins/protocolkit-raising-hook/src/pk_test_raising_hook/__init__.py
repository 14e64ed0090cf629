"""A plugin that registers a technique, then raises in its modality hook.

Nothing it registered may reach the catalog: half a plugin is worse than none.
"""

from protocolkit import DurationRange, PressureRange, Technique, hookimpl


@hookimpl
def protocolkit_register_techniques(register):
    register(Technique("half-registered", "Half", "Never committed.", PressureRange.of(1, 2),
                       DurationRange.of("1m", "2m"), "no"))


@hookimpl
def protocolkit_register_modalities(register):
    raise RuntimeError("modality table is corrupt")
