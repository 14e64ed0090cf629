"""Billing codes and the clinic's billing settings: what a technique bills under, and by which rule.

Clinics that bill insurance bill massage and manual therapy as timed codes
of 15 minutes (the domain notes, "Billing units").  The project ships only
code numbers, never the code set's descriptors (they are copyrighted), and
only where a source supports them; a clinic maps or overrides the rest in
``[billing]`` of protocolkit.toml and picks the rule its payers follow:

- ``cms``: the Medicare rule (Claims Processing Manual, Pub 100-04, ch. 5,
  sec. 20.2): the total timed minutes of the day set the number of units;
- ``per-code``: the code book's own time rule, each code counted on its own.

Payers differ; the clinic's biller decides.  Everything that shows units says so.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from attrs import field, frozen

POLICIES = ("cms", "per-code")
DEFAULT_POLICY = "cms"
# HL7's "Using CPT with FHIR": the URI that names the CPT code system in a Coding.
CPT_SYSTEM = "http://www.ama-assn.org/go/cpt"
UNIT_MINUTES = 15
CAVEAT = "Payers' rules differ; the clinic's biller decides what is billed."
_CODE = re.compile(r"[0-9]{5}")


def code_problem(value: object) -> str | None:
    """Why ``value`` is not a billing code (five digits, such as 97124), or None when it is one."""
    if isinstance(value, str) and _CODE.fullmatch(value):
        return None
    return f"{value!r} is not a billing code: write its five digits as text, such as \"97124\""


def optional_code(_instance: object, _attribute: object, value: str | None) -> None:
    """attrs validator: None, or a billing code."""
    if value is not None and (problem := code_problem(value)) is not None:
        raise ValueError(f"billing_code {problem}")


def _codes(value: Mapping[str, str]) -> dict[str, str]:
    return dict(value)


@frozen
class Billing:
    """The clinic's ``[billing]``: the rule its payers follow, and codes it maps or overrides,
    keyed ``modality.technique`` (``deep-tissue.deep-stroking``)."""

    policy: str = field(default=DEFAULT_POLICY)
    codes: dict[str, str] = field(converter=_codes, factory=dict)

    @policy.validator
    def _known_policy(self, _attribute: object, value: str) -> None:
        if value not in POLICIES:
            raise ValueError(policy_problem(value))

    @codes.validator
    def _five_digits(self, _attribute: object, value: dict[str, str]) -> None:
        for key, code in value.items():
            if (problem := code_problem(code)) is not None:
                raise ValueError(f"{key}: {problem}")

    def to_json(self) -> dict[str, object]:
        return {"policy": self.policy, "codes": dict(sorted(self.codes.items()))}


def policy_problem(value: object) -> str:
    return f"{value!r} is not a billing policy; write {' or '.join(repr(p) for p in POLICIES)}"
