"""Screening cases: a worked example and what screening must say about it, as frozen values.

A case (``kind: screening-case``) names a protocol and a client intake (a
file, or the intake written into the case) and the expected outcome: the
verdict, the steps that must be flagged and the steps that must be spared,
with why and the sources that say so.  Clinics and schools keep their cases
beside their protocols and run them (``protocolkit cases``) whenever the
catalog, a plugin or a policy changes.  Files are named as written, relative
to the case; finding and screening them is the check stage's job
(``protocolkit.check.cases``).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Literal

import attrs
from attrs import field, frozen

from protocolkit.model.conditions import Intake
from protocolkit.model.policy import ScreeningPolicy
from protocolkit.model.protocol import strings

CaseVerdict = Literal["go", "adapt", "do not treat", "no verdict"]
# The verdicts screening gives (protocolkit.check.screening.VERDICTS), in the same order.
CASE_VERDICTS: tuple[CaseVerdict, ...] = ("go", "adapt", "do not treat", "no verdict")


def _steps(items: Iterable[int]) -> tuple[int, ...]:
    return tuple(items)


def _numbered_from_one(_instance: object, attribute: attrs.Attribute[tuple[int, ...]],
                       value: tuple[int, ...]) -> None:
    for number in value:
        if isinstance(number, bool) or not isinstance(number, int) or number < 1:
            raise ValueError(f"{attribute.name}: {number!r} is not a step number; steps count from 1")


@frozen
class Expectation:
    """What screening must say: the verdict, the steps (numbered from 1, as the printed sheet numbers
    them) that must have at least one screening finding (``flagged``) and those that must have none
    (``spared``).  A step left out of both may go either way."""

    verdict: CaseVerdict = field(validator=attrs.validators.in_(CASE_VERDICTS))
    flagged: tuple[int, ...] = field(converter=_steps, default=(), validator=_numbered_from_one)
    spared: tuple[int, ...] = field(converter=_steps, default=(), validator=_numbered_from_one)

    def __attrs_post_init__(self) -> None:
        both = sorted(set(self.flagged) & set(self.spared))
        if both:
            raise ValueError(f"step {both[0]} is listed as both flagged and spared; keep it in one of the two")


def _some_source(_instance: object, _attribute: object, value: tuple[str, ...]) -> None:
    if not value or not all(source.strip() for source in value):
        raise ValueError("a case needs at least one source, and no empty one")


@frozen
class ScreeningCase:
    """One case: the protocol and intake to screen, and what screening must say.

    ``protocol`` is a file name as written, relative to the case; ``intake``
    is one too, or the intake itself when the case writes it in (health data:
    only its condition ids and client reference may be shown).  ``on`` is the
    session's date, carried for screening that depends on time; ``policy`` a
    clinic's screening policy under which the expectation holds."""

    protocol: str
    intake: str | Intake
    expect: Expectation
    why: str
    sources: tuple[str, ...] = field(converter=strings, validator=_some_source)
    on: datetime.date | None = None
    policy: ScreeningPolicy | None = None

    @property
    def inline_intake(self) -> bool:
        """True when the intake is written into the case rather than named by its file."""
        return isinstance(self.intake, Intake)
