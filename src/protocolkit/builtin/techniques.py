"""The shared technique catalog, registered by the core as a plugin like any other.

These are the techniques several modalities offer; a modality plugin refers to
them by id and registers only the techniques that are its own.  Pressure is on
the Walton scale; durations bound one step of the technique on one region.
"""

from __future__ import annotations

from collections.abc import Callable

from protocolkit.plugin.hookspecs import hookimpl
from protocolkit.model.protocol import DurationRange, PressureRange, Technique

_SWEDISH = "Swedish massage technique tables (domain notes: Techniques)"

SHARED_TECHNIQUES = (
    Technique("effleurage", "Effleurage",
              "Long gliding strokes toward the heart: spreads the lubricant, warms and assesses the tissue, "
              "links sequences and closes a region with a flush.",
              PressureRange.of(1, 3), DurationRange.of("30s", "10m"), "yes", _SWEDISH),
    Technique("gliding", "Gliding",
              "Long, even strokes along the length of a muscle, used to warm up and to flush.",
              PressureRange.of(1, 4), DurationRange.of("30s", "10m"), "yes", _SWEDISH),
    Technique("petrissage", "Petrissage",
              "Kneading: lifting, squeezing and rolling the muscle; the body of a Swedish session.",
              PressureRange.of(2, 4), DurationRange.of("1m", "15m"), "yes", _SWEDISH),
    Technique("compression", "Compression",
              "Rhythmic pressing into the muscle belly, often through clothing and without lubricant.",
              PressureRange.of(2, 4), DurationRange.of("30s", "10m"), "no",
              "Sports massage practice: pre-event compression"),
    Technique("friction", "Friction",
              "Small deep movements where finger and skin move together, across or along the fibres "
              "(cross-fibre friction) at the site of a lesion.",
              PressureRange.of(3, 5), DurationRange.of("30s", "20m"), "no",
              "Cyriax deep transverse friction: 60-100 strokes a minute for 10-20 minutes"),
    Technique("tapotement", "Tapotement",
              "Brisk rhythmic striking (cupping, hacking, tapping) in short bouts, late in a sequence, "
              "to stimulate.",
              PressureRange.of(2, 3), DurationRange.of("15s", "3m"), "either", _SWEDISH),
    Technique("percussion", "Percussion",
              "Brisk rhythmic striking like tapotement, often with loose fists, to wake the tissue up.",
              PressureRange.of(2, 3), DurationRange.of("15s", "3m"), "either", _SWEDISH),
    Technique("vibration", "Vibration",
              "Shaking or fine oscillation of a muscle or limb to relax or stimulate it.",
              PressureRange.of(1, 3), DurationRange.of("15s", "5m"), "either", _SWEDISH),
    Technique("stretching", "Stretching",
              "Passive or assisted lengthening of a muscle, near the end of the work once the tissue is warm.",
              PressureRange.of(1, 3), DurationRange.of("30s", "10m"), "no",
              "Sports massage practice: stretching once muscles are warm"),
    Technique("ischemic-compression", "Trigger-point (ischaemic) compression",
              "Sustained thumb or finger pressure on a trigger point, to a tolerable discomfort of about "
              "7 out of 10, held until it eases and followed by a stretch.",
              PressureRange.of(3, 5), DurationRange.of("30s", "15m"), "no",
              "Travell & Simons: hold up to about a minute, then stretch; trials: 60-90 s holds beat 30 s"),
)


@hookimpl
def protocolkit_register_techniques(register: Callable[[Technique], None]) -> None:
    for technique in SHARED_TECHNIQUES:
        register(technique)
