"""The model: values that cannot be built invalid.

Owns the protocol and what it is made of (durations, pressures, techniques,
modalities, steps), body regions, conditions and intakes, findings, and the
value types of the plugin API (Rule, Exporter, Slot, PlanItem), so that nothing
below the plugins has to reach up for a type.  Imports nothing of protocolkit
but the model itself (type-only references aside).
"""
