"""A rule: a stable code, a severity, a one-line summary and the check that finds it.

The value type plugins register through ``protocolkit_register_rules``; the
checks themselves, and running them, belong to ``protocolkit.check.rules``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from attrs import evolve, field, frozen

from protocolkit.model.findings import Finding
from protocolkit.model.protocol import Severity

if TYPE_CHECKING:
    from protocolkit.model.protocol import Protocol
    from protocolkit.plugin.catalog import Catalog

_CODE = re.compile(r"^[A-Z]{2,5}[0-9]{3}$")

Check = Callable[["Protocol", "Catalog"], Iterable[Finding]]


def _code(_instance: object, _attribute: object, value: str) -> None:
    if not _CODE.match(value):
        raise ValueError(f"rule code {value!r} must be 2-5 capital letters and 3 digits, such as MFR001")


@frozen
class Rule:
    """A check with a stable code.

    ``check`` is None only for codes that a stage reports itself (a schema
    violation, a file that does not parse, screening): they are still rules a
    user can look up, select or ignore.  ``explanation`` says why the rule
    matters, with its source where the reason is clinical, for rule pages.
    """

    code: str = field(validator=_code)
    severity: Severity
    summary: str
    check: Check | None = field(default=None, eq=False)
    explanation: str = field(default="", eq=False)

    def with_check(self, check: Check) -> Rule:
        """This rule, declared elsewhere, with the function that finds it."""
        return evolve(self, check=check)

    def finding(self, message: str, path: Iterable[str | int] = (), *, severity: Severity | None = None) -> Finding:
        """A finding of this rule, at its default severity unless told otherwise."""
        return Finding(self.code, severity or self.severity, message, tuple(path))
