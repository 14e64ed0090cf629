"""Billing units, from the rules themselves: every worked example of the domain notes under both
policies, fractional minutes, steps without a code and activities, plans, and properties that hold
for any session (the order of the steps never counts; under cms the total is the table's value).

The CMS figures are the domain notes' ("Billing units"): under 8 minutes nothing, 8-22 one unit,
23-37 two, ... by 15; the shortcut is total minutes / 15, plus one when the remainder is 8 or more.
Codes are test data: each test sets the ones it needs, never counting on a plugin's.
"""

from __future__ import annotations

from fractions import Fraction
from random import Random

import attrs
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from protocolkit.check.billing import Minutes, Units, protocol_units, session_minutes, units_of
from protocolkit.check.billing_plan import read_units
from protocolkit.model.billing import CAVEAT, Billing
from protocolkit.model.protocol import Duration, Pressure, Protocol, Step
from protocolkit.plugin.catalog import Catalog

from .conftest import EXAMPLES
from .strategies import installed_catalog, protocols

PROFILE = settings(derandomize=True, database=None, deadline=None, print_blob=False)
CODES = ("97110", "97112", "97124", "97140")
# The seed plugins' codes as the domain notes give them (Swedish and sports strokes 97124, myofascial
# release 97140), written as a clinic's [billing] codes so the tests do not wait on the plugins.
MAPPED = {"swedish.effleurage": "97124", "swedish.petrissage": "97124", "swedish.tapotement": "97124",
          "sports.effleurage": "97124", "sports.petrissage": "97124", "sports.tapotement": "97124",
          "myofascial-release.sustained-pressure": "97140", "myofascial-release.skin-rolling": "97140"}
BILLED = attrs.evolve(installed_catalog(), billing=Billing("cms", MAPPED))  # a copy: the shared one is not billed


def count(policy: str, **minutes: float) -> Units:
    """The units of a day with these minutes per code (``count("cms", c97110=33)``)."""
    return units_of(Minutes({code.removeprefix("c"): value for code, value in minutes.items()}, {}, 0.0), policy)


def per_code(units: Units) -> dict[str, int]:
    return {code.code: code.units for code in units.codes}


def table(minutes: Fraction) -> int:
    """The notes' table, written out from its rows: under 8 none, then one more unit every 15 minutes from 8."""
    return 0 if minutes < 8 else 1 + int((minutes - 8) // 15)


def shortcut(minutes: Fraction) -> int:
    """The notes' shortcut: total minutes / 15, plus one unit when the remainder is 8 or more."""
    return int(minutes // 15) + (1 if minutes % 15 >= 8 else 0)


# -- the table, both policies, one code ----------------------------------------------------------------

TABLE = [(0, 0), (7, 0), (7.5, 0), (8, 1), (22, 1), (23, 2), (37, 2), (38, 3), (52, 3), (53, 4), (67, 4),
         (68, 5), (82, 5), (83, 6), (97, 6), (98, 7), (112, 7), (113, 8), (127, 8)]


@pytest.mark.parametrize(("minutes", "units"), TABLE)
@pytest.mark.parametrize("policy", ["cms", "per-code"])
def test_one_code_bills_the_tables_units_under_either_policy(policy: str, minutes: float, units: int) -> None:
    counted = count(policy, c97124=minutes)
    assert counted.total_units == units and per_code(counted) == {"97124": units}
    assert table(Fraction(minutes)) == shortcut(Fraction(minutes)) == units  # the oracles agree with the rows


# -- the worked examples ----------------------------------------------------------------------------

def test_33_and_7_minutes_bill_three_units_the_third_to_the_larger_remainder_under_cms() -> None:
    counted = count("cms", c97110=33, c97140=7)
    assert (counted.timed_minutes, counted.total_units) == (40, 3)
    assert per_code(counted) == {"97110": 2, "97140": 1}  # remainders 3 and 7: the 7 gets the third unit
    assert "40 minutes is 3 units (38-52 minutes)" in " ".join(counted.explanation)
    assert any("97140 (7 min)" in line for line in counted.explanation)


def test_33_and_7_minutes_bill_two_units_per_code() -> None:
    counted = count("per-code", c97110=33, c97140=7)
    assert per_code(counted) == {"97110": 2, "97140": 0} and counted.total_units == 2


def test_20_and_20_minutes_bill_three_units_under_cms_and_the_tie_is_said() -> None:
    counted = count("cms", c97112=20, c97110=20)
    assert counted.total_units == 3 and sorted(per_code(counted).values()) == [1, 2]
    assert any("the biller may give it to either" in line for line in counted.explanation)


def test_20_and_20_minutes_bill_one_unit_each_per_code() -> None:
    counted = count("per-code", c97112=20, c97110=20)
    assert per_code(counted) == {"97110": 1, "97112": 1} and counted.total_units == 2


def test_two_services_of_7_minutes_or_less_bill_one_unit_for_the_longer_under_cms() -> None:
    counted = count("cms", c97110=5, c97140=7)  # 12 minutes: one unit, to the longer (not the lower code)
    assert per_code(counted) == {"97110": 0, "97140": 1}


def test_two_services_of_7_minutes_or_less_bill_nothing_per_code() -> None:
    counted = count("per-code", c97110=5, c97140=7)
    assert per_code(counted) == {"97110": 0, "97140": 0} and counted.total_units == 0


@pytest.mark.parametrize("policy", ["cms", "per-code"])
def test_52_minutes_bill_3_units_and_a_hint_says_53_would_bill_4(policy: str) -> None:
    counted = count(policy, c97124=52)
    assert counted.total_units == 3
    said = {"cms": "53 timed minutes would bill 4 units; this protocol has 52.",
            "per-code": "97124: 53 minutes would bill 4 units; this protocol has 52."}
    assert said[policy] in counted.hints
    assert count(policy, c97124=53).total_units == 4


def test_a_7_minute_step_of_a_second_code_bills_nothing_per_code_but_counts_toward_the_cms_total() -> None:
    alone = count("per-code", c97124=52, c97140=7)
    assert per_code(alone) == {"97124": 3, "97140": 0}
    together = count("cms", c97124=52, c97140=7)  # 59 minutes: 4 units
    assert together.total_units == 4 and sum(per_code(together).values()) == 4


# -- fractional minutes, steps without a code, activities --------------------------------------------

def test_fractional_minutes_are_kept_and_counted_as_they_are() -> None:
    alone = count("cms", c97124=7.5)
    assert alone.total_units == 0 and alone.to_json()["codes"] == [{"code": "97124", "minutes": 7.5, "units": 0}]
    assert "8 timed minutes would bill 1 unit; this protocol has 7.5." in alone.hints
    two = count("cms", c97110=7.5, c97140=7.5)  # 15 minutes: one unit, a tie between equal remainders
    assert two.total_units == 1 and count("per-code", c97110=7.5, c97140=7.5).total_units == 0


def session(*steps: Step) -> Protocol:
    indexed = [attrs.evolve(step, index=index) for index, step in enumerate(steps)]
    return Protocol(id="s", title="S", duration=Duration(sum(step.duration.seconds for step in steps)),
                    steps=indexed)


def hands_on(seconds: int, modality: str, technique: str) -> Step:
    return Step(Duration(seconds), modality=modality, technique=technique, region="neck", pressure=Pressure(2))


def test_a_step_without_a_code_is_listed_as_no_code_and_an_activity_is_untimed() -> None:
    protocol = session(Step(Duration(240), activity="assessment"), hands_on(600, "swedish", "effleurage"),
                       hands_on(450, "reflexology", "foot-relaxation"), Step(Duration(120), activity="education"))
    shown = protocol_units(protocol, BILLED).to_json()
    assert shown["codes"] == [{"code": "97124", "minutes": 10.0, "units": 1}]
    assert (shown["timed-minutes"], shown["untimed-minutes"], shown["no-code-minutes"]) == (10.0, 6.0, 7.5)
    assert shown["no-code"] == ["reflexology.foot-relaxation"]
    assert any("No code: 7.5 minutes of reflexology.foot-relaxation" in line for line in shown["explanation"])


def test_the_clinics_policy_is_the_default_and_a_named_policy_wins() -> None:
    protocol = session(hands_on(7 * 60, "swedish", "effleurage"),
                       hands_on(7 * 60, "myofascial-release", "skin-rolling"))
    per_code_clinic = attrs.evolve(BILLED, billing=Billing("per-code", MAPPED))
    assert protocol_units(protocol, per_code_clinic).total_units == 0
    assert protocol_units(protocol, per_code_clinic, "cms").total_units == 1
    assert protocol_units(protocol, BILLED).policy == "cms"


# -- a plan: units per session and for the series ----------------------------------------------------

def test_a_plans_sessions_and_series_add_up() -> None:
    read = read_units(str(EXAMPLES / "plans" / "upper-back-series.yaml"), BILLED)
    assert read.plan is not None and read.error is None
    shown = read.plan.to_json()
    sessions = shown["sessions"]
    assert isinstance(sessions, list) and [entry["session"] for entry in sessions] == list(range(1, 10))  # 6 + 3
    assert shown["total-units"] == sum(entry["total-units"] for entry in sessions) == read.plan.total_units
    assert shown["timed-minutes"] == sum(entry["timed-minutes"] for entry in sessions)
    for row in shown["codes"]:
        assert row["units"] == sum(code["units"] for entry in sessions for code in entry["codes"]
                                   if code["code"] == row["code"])
    assert shown["explanation"][-1] == CAVEAT


# -- properties ------------------------------------------------------------------------------------

whole_seconds = st.integers(0, 200 * 60)
days = st.dictionaries(st.sampled_from(CODES), whole_seconds, max_size=len(CODES))


@PROFILE
@given(seconds=days)
@example(seconds={"97110": 33 * 60, "97140": 7 * 60})
@example(seconds={"97110": 7 * 60 + 40, "97140": 20})  # 8 minutes made of thirds of a minute
def test_under_cms_the_total_is_the_tables_value_and_the_shortcut(seconds: dict[str, int]) -> None:
    counted = units_of(Minutes({code: value / 60 for code, value in seconds.items()}, {}, 0.0), "cms")
    total = Fraction(sum(seconds.values()), 60)
    assert counted.total_units == table(total) == shortcut(total)
    assert sum(per_code(counted).values()) == counted.total_units
    for code, value in seconds.items():  # at least 15 minutes: a unit; at least 30: two
        assert per_code(counted)[code] >= (2 if value >= 30 * 60 else 1 if value >= 15 * 60 else 0)
    assert counted.explanation[-1] == CAVEAT


@PROFILE
@given(seconds=days)
def test_per_code_counts_each_code_as_if_it_were_alone(seconds: dict[str, int]) -> None:
    counted = units_of(Minutes({code: value / 60 for code, value in seconds.items()}, {}, 0.0), "per-code")
    for code, value in seconds.items():
        alone = count("per-code", **{f"c{code}": value / 60}).total_units
        assert per_code(counted)[code] == table(Fraction(value, 60)) == alone
    assert counted.total_units == sum(per_code(counted).values())
    assert counted.explanation[-1] == CAVEAT


@PROFILE
@given(protocol=protocols(BILLED), order=st.randoms(use_true_random=False))
def test_the_order_of_the_steps_never_changes_the_units(protocol: Protocol, order: Random) -> None:
    shuffled = list(protocol.steps)
    order.shuffle(shuffled)
    other = attrs.evolve(protocol, steps=[attrs.evolve(step, index=index) for index, step in enumerate(shuffled)])
    assert session_minutes(other, BILLED) == session_minutes(protocol, BILLED)
    for policy in ("cms", "per-code"):
        assert protocol_units(other, BILLED, policy) == protocol_units(protocol, BILLED, policy)


def test_the_strategies_draw_techniques_that_bill(catalog: Catalog) -> None:
    """The order property means something only if drawn protocols meet codes: the mapped techniques exist."""
    for key in MAPPED:
        modality, technique = key.split(".")
        assert technique in [use.technique for use in catalog.modality(modality).techniques], key
