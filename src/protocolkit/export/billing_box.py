"""The sheets' "Billing" box: a session's units per code, and a plan's per session and for the series.

Only a clinic that bills sees it: with no ``[billing]`` in protocolkit.toml
(``catalog.billing`` is None) every function here returns None and no sheet
shows a box.  The counting is `check.billing`'s (the same units the
``protocolkit units`` command prints); this module only words it for a
therapist or a biller reading the sheet: the rule in words, each code with its
minutes and units, the total, the minutes that bill nothing and why, the hints,
and the caveat, which every face that shows units carries.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, cast

from attrs import frozen

from protocolkit.check.billing import number, protocol_units, series_total
from protocolkit.model.billing import CAVEAT

if TYPE_CHECKING:
    from protocolkit.model.protocol import Protocol
    from protocolkit.plugin.catalog import Catalog

# The rule in words, as the box names it, and what it means.
POLICY_NAMES = {"cms": "CMS rule", "per-code": "Per code"}
POLICY_SAID = {"cms": "the session's total timed minutes set the units (8 minutes for the first, 23 for two, ...)",
               "per-code": "each code is counted on its own (8 minutes for its first unit, 23 for two, ...)"}


@frozen
class CodeLine:
    code: str
    minutes: str  # "21" or "7.5"
    units: int


@frozen
class SessionBilling:
    """One session's box: ``policy`` in words, the lines, the total and what bills nothing."""

    policy: str  # "CMS rule" or "Per code"
    policy_said: str
    codes: tuple[CodeLine, ...]
    total_units: int
    timed_minutes: str
    no_code_minutes: str  # "" when every hands-on step has a code
    no_code: tuple[str, ...]  # the techniques without a code, in words, a modality each
    untimed_minutes: str  # "" without activities
    hints: tuple[str, ...]
    caveat: str = CAVEAT


@frozen
class PhaseLine:
    number: int
    title: str
    sessions: int
    units: int  # per session


@frozen
class PlanBilling:
    """A plan's box: each phase's units per session, then the series (every session added up)."""

    policy: str
    policy_said: str
    phases: tuple[PhaseLine, ...]
    codes: tuple[CodeLine, ...]  # over the series
    total_units: int
    timed_minutes: str
    session_count: int
    no_code_minutes: str
    no_code: tuple[str, ...]
    untimed_minutes: str
    hints: tuple[str, ...]
    caveat: str = CAVEAT


def session_billing(protocol: Protocol, catalog: Catalog) -> SessionBilling | None:
    """The session sheet's box, or None when the clinic does not bill."""
    if catalog.billing is None:
        return None
    units = protocol_units(protocol, catalog)
    return SessionBilling(POLICY_NAMES[units.policy], POLICY_SAID[units.policy],
                          tuple(CodeLine(c.code, number(c.minutes), c.units) for c in units.codes),
                          units.total_units, number(units.timed_minutes), _minutes(units.no_code_minutes),
                          _named(units.no_code, catalog), _minutes(units.untimed_minutes), units.hints)


def plan_billing(phases: Iterable[tuple[int, str, int, Protocol]], catalog: Catalog) -> PlanBilling | None:
    """The plan sheet's box from each phase's (number, title, sessions, protocol), or None when the
    clinic does not bill.  Each session is a day of its own, counted alone; the series adds them up."""
    if catalog.billing is None:
        return None
    counted = [(number_, title, sessions, protocol_units(protocol, catalog))
               for number_, title, sessions, protocol in phases]
    every_session = [units for _, _, sessions, units in counted for _ in range(sessions)]
    series = series_total(every_session)
    codes = cast("list[dict[str, Any]]", series["codes"])
    policy = catalog.billing.policy
    hints = tuple(f"Phase {number_}: {hint}" for number_, _, _, units in counted for hint in units.hints)
    no_code = tuple(sorted({key for _, _, _, units in counted for key in units.no_code}))
    return PlanBilling(
        POLICY_NAMES[policy], POLICY_SAID[policy],
        tuple(PhaseLine(number_, title, sessions, units.total_units) for number_, title, sessions, units in counted),
        tuple(CodeLine(c["code"], number(c["minutes"]), c["units"]) for c in codes),
        cast(int, series["total-units"]), number(cast(float, series["timed-minutes"])), len(every_session),
        _minutes(cast(float, series["no-code-minutes"])),
        _named(no_code, catalog), _minutes(cast(float, series["untimed-minutes"])), hints)


def _minutes(value: float) -> str:
    """Minutes as the box writes them, or "" for none (the box then leaves the line out)."""
    return number(value) if value > 0 else ""


def _named(keys: Iterable[str], catalog: Catalog) -> tuple[str, ...]:
    """``modality.technique`` keys in words, one entry a modality: "Deep tissue massage: Effleurage, Friction"."""
    grouped: dict[str, list[str]] = {}
    for key in keys:
        modality_id, _, technique_id = key.partition(".")
        technique, modality = catalog.techniques.get(technique_id), catalog.modalities.get(modality_id)
        grouped.setdefault(modality.name if modality else modality_id, []).append(
            technique.name if technique else technique_id)
    return tuple(f"{modality}: {', '.join(techniques)}" for modality, techniques in grouped.items())
