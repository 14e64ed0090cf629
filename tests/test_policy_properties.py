"""Compose and screen agree under any clinic policy, as they do under the core's rules.

A policy drawn from the whole catalog (clearances required, ceilings at or
under the core's, conditions that rule out the session) tightens a fresh
catalog; then the same property as in test_properties holds: whatever compose
builds for an intake screens "go", and it refuses the client exactly when
screen says "do not treat", in screen's own words."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from protocolkit.composition.engine import ComposeRequest
from protocolkit.model.policy import ScreeningPolicy
from protocolkit.model.protocol import Pressure
from protocolkit.plugin.catalog import Catalog
from protocolkit.plugin.host import load_catalog
from protocolkit.plugin.policy import tighten

from .strategies import compose_requests, installed_catalog
from .test_properties import PROFILE, check_compose

CATALOG = installed_catalog()


def policies(catalog: Catalog) -> st.SearchStrategy[ScreeningPolicy]:
    """A policy that only tightens: any non-systemic condition may need clearance or rule out the session;
    a caution condition may get a ceiling at or under its own."""
    conditions = catalog.conditions
    tightenable = sorted(cid for cid, c in conditions.items() if c.category != "systemic")
    cautions = sorted(cid for cid, c in conditions.items() if c.category == "caution")

    @st.composite
    def build(draw: st.DrawFn) -> ScreeningPolicy:
        ruled_out = draw(st.lists(st.sampled_from(tightenable), unique=True, max_size=2))
        required = draw(st.lists(st.sampled_from(tightenable), unique=True, max_size=3))
        capped = draw(st.lists(st.sampled_from([cid for cid in cautions if cid not in ruled_out]), unique=True,
                               max_size=3))
        ceilings = []
        for cid in capped:
            own = conditions[cid].max_pressure
            ceilings.append((cid, Pressure(draw(st.integers(1, own.level if own else 5)))))
        return ScreeningPolicy(required, ceilings, ruled_out, source="a drawn policy")

    return build()


@settings(PROFILE, max_examples=120)
@given(policy=policies(CATALOG), request=compose_requests(CATALOG, with_intake=True))
def test_compose_and_screen_agree_under_any_policy(policy: ScreeningPolicy, request: ComposeRequest) -> None:
    catalog = load_catalog(environ={}, warn=lambda message: None)
    tighten(catalog, policy, "a drawn policy")
    check_compose(catalog, request)


def test_a_policy_changes_what_compose_does() -> None:
    """The property above is not vacuous: a policy really turns a composed session into a refusal."""
    from protocolkit.composition.engine import ComposeError, compose
    from protocolkit.model.conditions import Intake, IntakeEntry
    from protocolkit.model.protocol import Duration

    from .test_properties import _ANY_SESSION, _screened

    intake = Intake("T-1", (IntakeEntry("fibromyalgia", ("conditions", 0)),))
    request = ComposeRequest(Duration.parse("30m"), ("upper-back",), ("swedish",), intake=intake)
    catalog = load_catalog(environ={}, warn=lambda message: None)
    assert compose(catalog, request).steps and _screened(catalog, _ANY_SESSION, intake).verdict == "go"
    tighten(catalog, ScreeningPolicy(rule_out_session=["fibromyalgia"], source="test"), "test")
    with pytest.raises(ComposeError, match="^refusing to compose"):
        compose(catalog, request)
    assert _screened(catalog, _ANY_SESSION, intake).verdict == "do not treat"
