"""A plugin that registers a technique id the core already owns."""

from protocolkit import DurationRange, PressureRange, Technique, hookimpl


@hookimpl
def protocolkit_register_techniques(register):
    register(Technique("effleurage", "Effleurage again", "A clash.", PressureRange.of(1, 2),
                       DurationRange.of("1m", "2m"), "yes"))
