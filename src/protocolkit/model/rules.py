"""A rule: a stable code, a severity, a one-line summary, the check that finds it, and its page.

The value type plugins register through ``protocolkit_register_rules``; the
checks themselves, and running them, belong to ``protocolkit.check.rules``.
The page (``protocolkit rule CODE``, docs/rules/, SARIF help) is rendered by
``protocolkit.report.rule_pages`` from the sections a rule carries.
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

# The sections every rule's page needs, in the order the page shows them.
PAGE_SECTIONS = ("what", "why", "example", "fix")


def _code(_instance: object, _attribute: object, value: str) -> None:
    if not _CODE.match(value):
        raise ValueError(f"rule code {value!r} must be 2-5 capital letters and 3 digits, such as MFR001")


@frozen(init=False)
class Rule:
    """A check with a stable code, and the page that explains it to the people it warns.

    ``check`` is None only for codes that a stage reports itself (a schema
    violation, a file that does not parse, screening): they are still rules a
    user can look up, select or ignore.

    The page's sections, in plain words for therapists and teachers:

    - ``what``: what the rule checks, a little more than the summary says;
    - ``why``: why it matters, with its source where the reason is clinical
      (``explanation``, the name of 0.1, is accepted and read as ``why``);
    - ``example``: a document (YAML) that breaks the rule; ``fix``: the same
      document put right.  Whole small documents where possible, so that a
      test can check that the example trips the rule and the fix does not;
    - ``example_intake``: for screening rules, the client's intake the example
      is checked against; ``fix_intake``: the intake the fix is checked
      against, when the fix is in the intake (a clearance the physician gave),
      else the example's;
    - ``not_runnable``: why the example and fix cannot be checked as they
      stand (they name files beside them, or are a plugin's Python), said to
      the reader; empty when they are whole documents.
    """

    code: str = field(validator=_code)
    severity: Severity
    summary: str
    check: Check | None = field(default=None, eq=False)
    what: str = field(default="", eq=False)
    why: str = field(default="", eq=False)
    example: str = field(default="", eq=False)
    fix: str = field(default="", eq=False)
    example_intake: str = field(default="", eq=False)
    fix_intake: str = field(default="", eq=False)
    not_runnable: str = field(default="", eq=False)

    def __init__(self, code: str, severity: Severity, summary: str, check: Check | None = None,
                 explanation: str = "", *, what: str = "", why: str = "", example: str = "", fix: str = "",
                 example_intake: str = "", fix_intake: str = "", not_runnable: str = "") -> None:
        # ``explanation`` (0.1) and ``why`` are one section under two names; plugins written for
        # 0.1 keep working, and a rule that gives both must not say two different things.
        if explanation and why and explanation != why:
            raise ValueError(f"rule {code}: give 'why' or its older name 'explanation', not both")
        self.__attrs_init__(code, severity, summary, check, what, why or explanation, example, fix,
                            example_intake, fix_intake, not_runnable)

    @property
    def explanation(self) -> str:
        """The older name of ``why``, kept so that code written for 0.1 still reads it."""
        return self.why

    @property
    def runnable(self) -> bool:
        """Whether the example and fix are whole documents a test can check."""
        return not self.not_runnable

    def missing_sections(self) -> tuple[str, ...]:
        """The page sections this rule leaves empty (``what``, ``why``, ``example``, ``fix``)."""
        return tuple(name for name in PAGE_SECTIONS if not getattr(self, name).strip())

    def with_check(self, check: Check) -> Rule:
        """This rule, declared elsewhere, with the function that finds it."""
        return evolve(self, check=check)

    def finding(self, message: str, path: Iterable[str | int] = (), *, severity: Severity | None = None) -> Finding:
        """A finding of this rule, at its default severity unless told otherwise."""
        return Finding(self.code, severity or self.severity, message, tuple(path))
