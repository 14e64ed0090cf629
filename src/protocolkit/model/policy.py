"""A clinic's screening policy: rules that make the catalog's conditions stricter, never milder.

A clinic may want more than the core asks: a clearance before working with
epilepsy, fibromyalgia kept at Walton 2 whatever a clearance says, no session
at all with tinea.  The policy holds those wishes as plain data; whether each
one really tightens the catalog is decided when it is applied to a catalog
(``protocolkit.plugin.policy.tighten``), which knows the core's rules.
"""

from __future__ import annotations

from collections.abc import Iterable

from attrs import field, frozen

from protocolkit.model.protocol import Pressure, strings


def _ceilings(items: Iterable[tuple[str, Pressure]]) -> tuple[tuple[str, Pressure], ...]:
    return tuple(items)


@frozen
class ScreeningPolicy:
    """What a clinic adds to screening, and where it was written (``source``, for messages and notes).

    ``require_clearance``: conditions that need a physician's clearance before any session.
    ``ceilings``: (condition id, level) pairs: a pressure ceiling that holds whatever a clearance says.
    ``rule_out_session``: conditions that rule out the session altogether.
    ``key``: how the policy is named in its file (``screening`` in protocolkit.toml), for messages.
    """

    require_clearance: tuple[str, ...] = field(converter=strings, default=())
    ceilings: tuple[tuple[str, Pressure], ...] = field(converter=_ceilings, default=())
    rule_out_session: tuple[str, ...] = field(converter=strings, default=())
    source: str = ""
    key: str = "screening"

    def __bool__(self) -> bool:
        return bool(self.require_clearance or self.ceilings or self.rule_out_session)

    def rules(self) -> list[str]:
        """Each rule in plain words, one line each, in the order the file gives them."""
        return ([f"{condition_id}: needs a physician's clearance" for condition_id in self.require_clearance]
                + [f"{condition_id}: pressure {level.level} or less, cleared or not"
                   for condition_id, level in self.ceilings]
                + [f"{condition_id}: no session at all" for condition_id in self.rule_out_session])

    def to_json(self) -> dict[str, object]:
        return {"require_clearance": list(self.require_clearance),
                "ceilings": {condition_id: level.level for condition_id, level in self.ceilings},
                "rule_out_session": list(self.rule_out_session)}
