"""The bar a plugin's rule pages meet, and the report ``protocolkit check-plugin`` prints
(``conformance.report`` fills it in).

The conformance check (``conformance.check_plugin``) asks this module about
each rule's page, and protocolkit's own tests ask it about the core's and the
seed plugins' pages, so that a plugin author and the core are held to one bar:
a page has every section, a plugin rule's why names its source, the example
trips the rule and nothing else, and the fix validates clean.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from protocolkit.model.findings import Finding
    from protocolkit.model.rules import Rule
    from protocolkit.plugin.catalog import Catalog

# The kinds the conformance check looks at, in the order it reports them.
CHECKED_KINDS = ("technique", "modality", "condition", "rule", "exporter", "goal")


class UnknownPlugin(LookupError):
    """No plugin of that name is in the catalog; the message names the closest one."""


@attrs.frozen
class Conformance:
    """What ``check-plugin`` found: the plugin, its problems (empty: it conforms) and what was checked."""

    plugin: str
    problems: list[str]
    checked: list[str]

    def as_json(self) -> dict[str, object]:
        return {"plugin": self.plugin, "problems": self.problems, "checked": self.checked}

    def summary(self) -> str:
        """One line for a person: what was checked and whether it conforms."""
        counts: dict[str, int] = {}
        for item in self.checked[1:]:
            kind = item.split(" ", 1)[0]
            counts[kind] = counts.get(kind, 0) + 1
        parts = [f"{count} {kind}{'' if count == 1 else 's'}" for kind, count in counts.items()]
        what = ", ".join(parts) if parts else "that it loads" + ("" if self.problems else " and registers something")
        if not self.problems:
            return f"plugin '{self.plugin}' conforms: checked {what}"
        count = len(self.problems)
        return f"plugin '{self.plugin}' does not conform: {count} problem{'' if count == 1 else 's'} (checked {what})"


def checked_items(catalog: Catalog, plugin_name: str) -> list[str]:
    """What the conformance check looks at for ``plugin_name``: its loading, then each item it registered."""
    items = [f"plugin '{plugin_name}' loads"]
    for kind in CHECKED_KINDS:
        items += [f"{kind} '{item_id}'" for item_id in catalog.registry(kind).owned_by(plugin_name)]
    return items


def own_codes(catalog: Catalog, plugin_name: str) -> Callable[[str], bool]:
    """The finding codes a plugin answers for: its own rules' and the core's (a third plugin's are not its problem)."""
    owners = {plugin_name}

    def counted(code: str) -> bool:
        # A code no rule registered is the loading stages' own (the core's).
        owner = catalog.rules.owner(code) if code in catalog.rules else "core-rules"
        return owner in owners or owner.startswith("core-")

    return counted


def owners_codes(catalog: Catalog, owners: Collection[str]) -> Callable[[str], bool]:
    """Like ``own_codes``, for a set of plugins checked together (the core's tests: every seed plugin)."""
    checks = [own_codes(catalog, owner) for owner in owners]
    return lambda code: any(check(code) for check in checks)


def rule_page_problems(rule: Rule, catalog: Catalog, counted: Callable[[str], bool], core: bool = False) -> Iterator[str]:
    """Everything wrong with ``rule``'s page, one line each; ``counted`` says which finding codes count."""
    where = f"rule '{rule.code}'"
    missing = rule.missing_sections()
    if missing:
        yield (f"{where}: its page lacks {', '.join(missing)} (what it checks, why it matters, an example "
               "that breaks it, the fix; see 'Rule pages' in protocolkit's plugin guide)")
        return
    # A plugin's rule rests on a clinical or house fact: the reader must be able to look it up.
    if not core and "Source" not in rule.why:
        yield f"{where}: its page's why names no source; end it with 'Source: ' and the manual, textbook or study"
    if rule.runnable:
        yield from _example_problems(rule, catalog, counted)


def _example_problems(rule: Rule, catalog: Catalog, counted: Callable[[str], bool]) -> Iterator[str]:
    """The example trips the rule and nothing else, and the fix trips nothing, as ``protocolkit validate`` sees them.

    Only ``counted`` codes count: another installed plugin's rule firing on the
    page is that plugin's business, so a plugin conforms the same wherever it is installed.
    """
    where = f"rule '{rule.code}'"
    example = _findings(rule, catalog, "example")
    if example is None:
        yield f"{where}: the intake of its page's example does not read clean; fix it"
    else:
        codes = {finding.code for finding in example if counted(finding.code)}
        if rule.code not in codes:
            yield (f"{where}: its page's example does not trip it; make the example break the rule, or say "
                   "why it cannot be checked in not_runnable")
        elif codes - {rule.code}:
            yield (f"{where}: its page's example also trips {', '.join(sorted(codes - {rule.code}))}; make it break "
                   f"{rule.code} alone, so that the page shows the finding it is about")
    fix = _findings(rule, catalog, "fix")
    if fix is None:
        if rule.fix_intake:  # the example's intake, when the fix shares it, is reported once above
            yield f"{where}: the intake of its page's fix does not read clean; fix it"
        return
    left = [finding for finding in fix if counted(finding.code)]
    if any(finding.code == rule.code for finding in left):
        yield f"{where}: its page's fix still trips it"
    elif left:
        found = ", ".join(f"{finding.code} at line {finding.line}" for finding in left)
        yield f"{where}: its page's fix still reports {found}; make the fix a document that validates clean"


def _findings(rule: Rule, catalog: Catalog, part: str) -> list[Finding] | None:
    """What ``protocolkit validate`` reports for the page's example or fix, screened against its intake
    (None: that intake does not read clean)."""
    from protocolkit.check.validation import read_intake_text, validate_text

    text = rule.example if part == "example" else rule.fix
    intake_text = rule.example_intake if part == "example" else rule.fix_intake or rule.example_intake
    intake = None
    if intake_text:
        read = read_intake_text(intake_text, catalog, name=f"{rule.code}-{part}-intake.yaml")
        if read.intake is None or read.findings:
            return None
        intake = read.intake
    return validate_text(text, catalog, path=f"{rule.code}-{part}.yaml", intake=intake)
