"""The model refuses to exist in an invalid state."""

from __future__ import annotations

import pytest

from protocolkit.model.protocol import (
    Contraindication,
    Duration,
    DurationRange,
    Modality,
    Pressure,
    PressureRange,
    Protocol,
    Step,
    TechniqueUse,
    is_slug,
)


@pytest.mark.parametrize(("text", "seconds"), [
    ("90s", 90), ("5m", 300), ("1h30m", 5400), ("2m30s", 150), ("1h", 3600), ("0s", 0), (" 10m ", 600),
])
def test_duration_parses_units(text: str, seconds: int) -> None:
    assert Duration.parse(text).seconds == seconds


@pytest.mark.parametrize("text", ["", "5", "5 m", "m", "1m1h", "-5m", "5min", "1.5m", "h"])
def test_duration_rejects_what_is_not_one(text: str) -> None:
    with pytest.raises(ValueError, match="not a duration"):
        Duration.parse(text)


@pytest.mark.parametrize(("seconds", "text"), [(90, "1m30s"), (300, "5m"), (5400, "1h30m"), (3600, "1h"), (0, "0s")])
def test_duration_prints_canonically(seconds: int, text: str) -> None:
    assert str(Duration(seconds)) == text
    assert Duration.parse(text) == Duration(seconds)


def test_durations_add_and_order() -> None:
    assert Duration.parse("5m") + Duration.parse("90s") == Duration.parse("6m30s")
    assert Duration.parse("90s") < Duration.parse("2m")
    with pytest.raises(ValueError):
        Duration(-1)


@pytest.mark.parametrize(("value", "level"), [(1, 1), (5, 5), ("light", 2), ("moderate", 3), ("deep", 4),
                                              ("maximal", 5)])
def test_pressure_accepts_walton_levels_and_words(value: int | str, level: int) -> None:
    assert Pressure.parse(value).level == level


@pytest.mark.parametrize("value", [0, 6, True, "firm", "Light", 2.5, None])
def test_pressure_rejects_everything_else(value: object) -> None:
    with pytest.raises(ValueError):
        Pressure.parse(value)  # type: ignore[arg-type]


def test_pressure_spelling_and_ranges() -> None:
    assert Pressure(4).to_data() == "deep" and Pressure(1).to_data() == 1
    assert str(Pressure(3)) == "3 (moderate)"
    assert Pressure(3) in PressureRange.of(2, 4) and Pressure(5) not in PressureRange.of(2, 4)
    with pytest.raises(ValueError, match="backwards"):
        PressureRange.of(4, 2)
    with pytest.raises(ValueError, match="backwards"):
        DurationRange.of("5m", "1m")
    assert Duration.parse("3m") in DurationRange.of("1m", "3m")


def test_slugs() -> None:
    assert is_slug("range-of-motion") and is_slug("pk1")
    assert not any(is_slug(s) for s in ["Range", "a--b", "-a", "a-", "a b", "", 3])


def test_step_kinds_are_exclusive() -> None:
    hands_on = Step(Duration(60), modality="swedish", technique="effleurage", region="neck", pressure=Pressure(2))
    assert hands_on.hands_on and hands_on.path == ("steps", 0)
    assert not Step(Duration(60), activity="rest").hands_on
    with pytest.raises(ValueError, match="needs a modality"):
        Step(Duration(60), modality="swedish", technique="effleurage", region="neck")
    with pytest.raises(ValueError, match="activity step has no"):
        Step(Duration(60), activity="rest", region="neck")
    with pytest.raises(ValueError, match="not one of"):
        Step(Duration(60), activity="nap")
    with pytest.raises(ValueError):
        Step(Duration(60), activity="rest", side="middle")  # type: ignore[arg-type]


def test_step_covers_sides() -> None:
    both = Step(Duration(60), modality="m", technique="t", region="calf", pressure=Pressure(2))
    left = Step(Duration(60), modality="m", technique="t", region="calf", side="left", pressure=Pressure(2))
    assert both.covers("calf", "left") and both.covers("calf", "right")
    assert left.covers("calf", "left") and not left.covers("calf", "right") and not left.covers("shin", "left")


def test_modality_validates_its_parts() -> None:
    modality = Modality("x-ray", "X", "s", [TechniqueUse("effleurage")], regions=["foot"])
    assert modality.offers("effleurage") and not modality.offers("friction")
    assert modality.works_on("foot") and not modality.works_on("neck")
    with pytest.raises(ValueError, match="offered twice"):
        Modality("x", "X", "s", [TechniqueUse("effleurage"), TechniqueUse("effleurage")])
    with pytest.raises(ValueError, match="at least one technique"):
        Modality("x", "X", "s", [])
    with pytest.raises(ValueError, match="slug"):
        Modality("Bad Id", "X", "s", [TechniqueUse("effleurage")])
    with pytest.raises(ValueError):
        Contraindication("fever", "sometimes", "why")  # type: ignore[arg-type]


def test_protocol_totals() -> None:
    steps = [Step(Duration(60), index=0, activity="rest"), Step(Duration(90), index=1, activity="transition")]
    protocol = Protocol("p", "P", Duration(150), steps)
    assert protocol.steps_total == Duration(150) and protocol.hands_on_steps == ()
