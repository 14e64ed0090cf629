"""Semantic rules: checks that run on a built protocol after the schema check.

A rule is a code, a one-line summary and a function from a protocol (and the
catalog, for looking modalities and techniques up) to findings.  The core's
own rules live in the modules beside this one and are registered by the
built-in plugin through the same hook as any third-party rule.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from attrs import field, frozen

from ..findings import Finding
from ..model import Severity

if TYPE_CHECKING:
    from ..catalog import Catalog
    from ..model import Protocol

_CODE = re.compile(r"^[A-Z]{2,5}[0-9]{3}$")

Check = Callable[["Protocol", "Catalog"], Iterable[Finding]]


def _code(_instance: object, _attribute: object, value: str) -> None:
    if not _CODE.match(value):
        raise ValueError(f"rule code {value!r} must be 2-5 capital letters and 3 digits, such as MFR001")


@frozen
class Rule:
    """A check with a stable code.

    ``check`` is None only for codes that the loading stage itself reports
    (a schema violation, a file that does not parse): they are still rules a
    user can look up, select or ignore.
    """

    code: str = field(validator=_code)
    severity: Severity
    summary: str
    check: Check | None = field(default=None, eq=False)

    def finding(self, message: str, path: Iterable[str | int] = (), *, severity: Severity | None = None) -> Finding:
        """A finding of this rule, at its default severity unless told otherwise."""
        return Finding(self.code, severity or self.severity, message, tuple(path))


RULE_CRASHED = "PK003"


def run_rules(rules: Iterable[Rule], protocol: Protocol, catalog: Catalog) -> list[Finding]:
    """Run every rule; a rule that raises becomes an error finding, never a crash.

    Failing closed matters here: a check that could not run has not passed.
    """
    findings: list[Finding] = []
    for rule in rules:
        if rule.check is None:
            continue
        try:
            findings.extend(rule.check(protocol, catalog))
        except Exception as error:  # noqa: BLE001 - any plugin bug must surface as a finding
            owner = catalog.rule_owner(rule.code)
            findings.append(Finding(RULE_CRASHED, "error",
                                    f"rule {rule.code} (plugin {owner}) could not run: "
                                    f"{type(error).__name__}: {error}; report it to the plugin's authors"))
    return findings
