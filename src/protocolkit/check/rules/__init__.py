"""Semantic rules: checks that run on a built protocol after the schema check.

A rule is a code, a one-line summary and a function from a protocol (and the
catalog, for looking modalities and techniques up) to findings.  The core's
own rules live in the modules beside this one and are registered by the
built-in plugin through the same hook as any third-party rule.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from protocolkit.model import codes
from protocolkit.model.findings import Finding
from protocolkit.model.rules import Rule
from protocolkit.plugin.containment import describe, plugin_code

if TYPE_CHECKING:
    from protocolkit.plugin.catalog import Catalog
    from protocolkit.model.protocol import Protocol

RULE_CRASHED = codes.RULE_CRASHED.code


def run_rules(rules: Iterable[Rule], protocol: Protocol, catalog: Catalog) -> list[Finding]:
    """Run every rule; a rule that raises becomes an error finding, never a crash.

    Failing closed matters here: a check that could not run has not passed.
    """
    findings: list[Finding] = []
    with plugin_code():  # entered once here, each rule's own entry below costs next to nothing
        for rule in rules:
            if rule.check is None:
                continue
            try:
                with plugin_code():  # a rule that exits or prints neither passes the file nor writes into the report
                    findings.extend(rule.check(protocol, catalog))
            except Exception as error:  # noqa: BLE001 - any plugin bug must surface as a finding
                owner = catalog.rules.owner(rule.code)
                findings.append(Finding(RULE_CRASHED, "error",
                                        f"rule {rule.code} (plugin {owner}) could not run: "
                                        f"{describe(error)}; report it to the plugin's authors"))
    return findings
