"""Contraindication screening: a protocol against one client's intake, and the verdict.

Screening fails closed.  A condition the catalog does not know (PK405) or a
region the vocabulary does not know on the intake means no verdict at all;
a condition that rules the session out (PK401), needs a clearance the intake
does not list (PK406) or cannot be placed (PK402 at the protocol) means "do
not treat"; any step a limit catches (PK402, PK403) or any other error means
"adapt"; only a protocol with nothing to change is "go".  The verdict is
decided here, once, for every face (screen, validate, export, compose).

Messages name condition ids, the catalog's reasons and the protocol's own
steps; nothing from the intake beyond condition ids and the client reference
ever reaches the output.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Literal

from attrs import field, frozen

from protocolkit.plugin.catalog import Catalog
from protocolkit.check.advice import Advice
from protocolkit.model.conditions import Intake
from protocolkit.model.findings import Finding
from protocolkit.model.protocol import POSITIONS, Protocol, Step
from protocolkit.check.hints import suggest_condition, suggest_region
from protocolkit.check.restrictions import ClientLimits, Limit, assess, sentence
from protocolkit.model.codes import CAUTION, LOCAL, POSITION, SCHEMA_VIOLATION, UNKNOWN_CONDITION, UNKNOWN_REGION



Verdict = Literal["go", "adapt", "do not treat", "no verdict"]
VERDICTS: tuple[Verdict, ...] = ("go", "adapt", "do not treat", "no verdict")


def _findings(items: Iterable[Finding]) -> tuple[Finding, ...]:
    return tuple(items)


def _reasons(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(items)


def _advice(items: Iterable[Advice]) -> tuple[Advice, ...]:
    return tuple(items)


@frozen
class Screening:
    """The outcome of screening a protocol against one client's intake.

    ``reasons`` say in words why the verdict is what it is (for "do not treat":
    each condition that rules the session out, "until cleared" where a
    clearance is missing); ``findings`` are every located finding, as
    ``validate`` prints them; ``advice`` is the catalog's advice on each
    condition of the intake (``advice.advice_for``), whatever the verdict,
    with the phase each dated condition is in on the session's date ``on``.
    """

    client: str
    verdict: str
    findings: tuple[Finding, ...] = field(converter=_findings, default=())
    reasons: tuple[str, ...] = field(converter=_reasons, default=())
    advice: tuple[Advice, ...] = field(converter=_advice, default=(), kw_only=True)
    # The session's date (YYYY-MM-DD) that put each dated condition in its phase; None when nothing was screened.
    on: str | None = field(default=None, kw_only=True)

    def to_json(self) -> dict[str, object]:
        return {"verdict": self.verdict, "client": self.client, "on": self.on, "reasons": list(self.reasons),
                "advice": [item.to_json() for item in self.advice],
                "findings": [finding.to_json() for finding in self.findings]}


# -- the intake itself -----------------------------------------------------------------------------

def check_intake(intake: Intake, catalog: Catalog) -> list[Finding]:
    """What is wrong with the intake itself; each finding points into the intake file."""
    findings = []
    for entry in intake.entries:
        if entry.id not in catalog.conditions:
            findings.append(_unknown(entry.id, entry.id_path, catalog))
        if entry.region is not None and entry.region not in catalog.regions:
            hint = suggest_region(entry.region, catalog)
            # The region as typed is the client's data, not a condition id: it is not echoed.
            findings.append(Finding(UNKNOWN_REGION.code, "error",
                                    f"unknown region on condition '{entry.id}'"
                                    + (f"; did you mean {hint}?" if hint else "; run 'protocolkit regions' to list "
                                       "them, and give the nearest region that covers the whole affected area"),
                                    (*entry.path, "region")))
    seen: set[str] = set()
    for clearance in intake.clearance:
        if clearance.id not in catalog.conditions:
            findings.append(_unknown(clearance.id, clearance.path, catalog, listed_as="clearance"))
        elif clearance.id in seen:
            findings.append(Finding(SCHEMA_VIOLATION.code, "error", f"'{clearance.id}' is cleared twice; keep one "
                                    "entry (with the pressure level, if the physician gave one)", clearance.path))
        seen.add(clearance.id)
    return findings


def _unknown(condition_id: str, path: Sequence[str | int], catalog: Catalog, listed_as: str = "") -> Finding:
    where = f" under {listed_as}" if listed_as else ""
    return UNKNOWN_CONDITION.finding(f"unknown condition '{condition_id}'{where}: screening cannot pass what it "
                                     f"cannot read; {suggest_condition(condition_id, catalog)}", path)




# -- a protocol against the intake -----------------------------------------------------------------

def screen(protocol: Protocol, intake: Intake | ClientLimits, catalog: Catalog) -> list[Finding]:
    """Findings on the protocol for this client: what rules the session out (at the
    protocol), then every step a limit catches (at the step)."""
    limits = intake if isinstance(intake, ClientLimits) else assess(intake, catalog)
    findings = [Finding(blocker.code, "error", blocker.message) for blocker in limits.blockers]
    for step in protocol.hands_on_steps:
        ruled_out: list[Limit] = []
        for limit, problem in limits.problems(step):
            if problem.startswith("position"):
                ruled_out.append(limit)
            else:
                findings.append(_finding(limit, problem, step))
        if ruled_out:
            findings.append(_position_finding(limits, ruled_out, step))
    return list(dict.fromkeys(findings))


def _position_finding(limits: ClientLimits, caught: list[Limit], step: Step) -> Finding:
    """One finding per step for every position rule it meets: the position is ruled out, or not stated
    when the client's limits depend on it; each names the positions the client may take."""
    barred = {position for limit in limits.limits for position in limit.positions}
    allowed = ", ".join(position for position in POSITIONS if position not in barred)
    if step.position is None:
        ids = ", ".join(dict.fromkeys(limit.condition.id for limit in caught))
        return POSITION.finding(f"state the position of this step: with {ids} the client's position matters, "
                                f"and the step (and the protocol) says none; allowed: {allowed}", step.path)
    why = " ".join(dict.fromkeys(f"{limit.condition.id}: {sentence(limit.why)}" for limit in caught))
    return POSITION.finding(f"{step.position} is ruled out for this client: {why} Use {allowed} instead.",
                            (*step.path, "position") if step.position_written else step.path)


def _finding(limit: Limit, problem: str, step: Step) -> Finding:
    condition = limit.condition
    reason = sentence(condition.reason)
    if limit.kind == "modality":
        return _modality_finding(limit, step, reason)
    if problem == "region":
        where = f"the {step.region}" if step.side == "both" else f"the {step.side} {step.region}"
        return LOCAL.finding(f"{condition.id}: {reason} Skip this step or move it off {where}"
                             f"{_why_here(limit, step)}.", (*step.path, "region"))
    whatever = {"fixed": " whatever a clearance says", "policy": " whatever a clearance says (the clinic's policy)",
                "symptom": (" (a leg with symptoms, or the intake does not say: write leg-symptoms: false if "
                            "there are none)")}.get(limit.kind, "")
    if problem == "pressure":
        assert limit.max_pressure is not None and step.pressure is not None
        source = " (the level its clearance allows)" if limit.kind == "cleared" else ""
        return CAUTION.finding(f"pressure {step.pressure} is over the ceiling for {condition.id}{source}"
                               f"{_on(limit, step)}: {reason} Lower the pressure to {limit.max_pressure.level} "
                               f"or less{whatever}.", (*step.path, "pressure"))
    if step.technique not in limit.avoid and limit.only is not None:
        # Not avoided by name, but not on the limit's allow-list either: say what is allowed.
        how = f"Leave it out or use only {' or '.join(sorted(limit.only))} there" if limit.only else "Leave it out"
        return CAUTION.finding(f"{step.technique} is restricted by {condition.id}{_on(limit, step)}: {reason} "
                               f"{how}{whatever}.", (*step.path, "technique"))
    return CAUTION.finding(f"{step.technique} is restricted by {condition.id}{_on(limit, step)}: {reason} "
                           f"Leave it out or use a gentler technique{whatever}.", (*step.path, "technique"))


def _modality_finding(limit: Limit, step: Step, reason: str) -> Finding:
    condition, modality = limit.condition, limit.modality
    if condition.category == "systemic":
        return LOCAL.finding(f"{modality} must not be used with {condition.id}: {reason} Leave out this step.",
                             (*step.path, "modality"))
    if condition.category == "caution":
        return CAUTION.finding(f"{modality} needs a physician's clearance with {condition.id}: {reason} "
                               "Get clearance, or leave out this step.", (*step.path, "modality"))
    if limit.area is None:
        return LOCAL.finding(f"{condition.id} rules out {modality} and the intake does not say where; leave out "
                             "this step or add the region to the intake", (*step.path, "region"))
    return LOCAL.finding(f"{modality} must not be used on {step.region} with {condition.id}: {reason} "
                         "Leave out this step or move it elsewhere.", (*step.path, "region"))


def _why_here(limit: Limit, step: Step) -> str:
    if limit.area is None or step.region == limit.area:
        return ""
    how = {"distal": "it lies distal to the affected area", "limb": "it is on the same limb as the affected area",
           "quadrant": "it lies in the same body quadrant as the affected area"}
    return f" ({how.get(limit.condition.reach, 'it lies in the reach of the affected area')})"


def _on(limit: Limit, step: Step) -> str:
    if limit.regions is None:
        return ""
    return f" on the {step.region}" + (" (the affected side's quadrant or limb)" if limit.kind == "site"
                                        and step.region != limit.area else "")


# -- the verdict -----------------------------------------------------------------------------------

def decide(limits: ClientLimits, findings: Iterable[Finding]) -> tuple[Verdict, tuple[str, ...]]:
    """go, adapt or do not treat, with the reasons, for a protocol screened against ``limits``.

    ``findings`` must be every finding of the screened protocol, before any
    selection: do not treat when anything rules the session out; adapt when
    any step (or anything else in the protocol) must change; go only when
    nothing must.
    """
    if limits.blockers:
        return "do not treat", tuple(blocker.message for blocker in limits.blockers)
    errors = [finding for finding in findings if finding.severity == "error"]
    if not errors:
        return "go", ()
    at_steps = [f for f in errors if len(f.path) > 1 and f.path[0] == "steps" and isinstance(f.path[1], int)]
    steps = sorted({int(f.path[1]) for f in at_steps})
    reasons = []
    if steps:
        reasons.append(f"{len(steps)} step{'s' if len(steps) != 1 else ''} must change: "
                       f"{', '.join(str(index + 1) for index in steps)}")
    if len(at_steps) < len(errors):
        reasons.append("the protocol has errors to fix before this session")
    return "adapt", tuple(reasons)


def no_verdict(client: str, findings: Iterable[Finding], why: str, advice: Iterable[Advice] = ()) -> Screening:
    """No verdict, and why; ``advice`` when the intake itself was read, so the therapist still sees it."""
    return Screening(client, "no verdict", findings, (why,), advice=advice)
