"""Rule pages: what a rule checks, why it matters, an example that breaks it, and the fix.

One page per rule, written from the sections its ``Rule`` carries, in three
forms: plain text for a terminal (``protocolkit rule CODE``), Markdown for
docs/rules/ and SARIF's ``help.markdown``, and JSON-ready data
(``protocolkit rules --format json``).  Run as a module it writes the
documentation's pages::

    python -m protocolkit.report.rule_pages docs/rules

which is what ``make rule-pages`` does; a test fails when the committed pages
differ from what this writes.
"""

from __future__ import annotations

import re
import sys
import textwrap
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from protocolkit.model.rules import Rule

if TYPE_CHECKING:
    from protocolkit.plugin.catalog import Catalog

HEADINGS = {"what": "What it checks", "why": "Why it matters", "example": "Example", "fix": "Fix"}
INDEX = "README.md"
REGENERATE = "make rule-pages"
GENERATED = (f"<!-- Written by `{REGENERATE}` (python -m protocolkit.report.rule_pages docs/rules) from the rule's "
             "declaration: edit the rule, not this page. -->")
_NO_PAGE = "Its plugin gives no page for it yet: what it checks, why it matters, an example and its fix."
_PAGE_FILE = re.compile(r"^[A-Z]{2,5}[0-9]{3}\.md$")
_PYTHON_START = re.compile(r"^(?:def |class |from |import |@)")
_WIDTH = 80


def sentence(summary: str) -> str:
    """A summary as a sentence: capital first letter, closing full stop."""
    text = summary[:1].upper() + summary[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def snippet_language(snippet: str) -> str:
    """``python`` for a plugin's code (PK003's page), else ``yaml``: the fence a page gives a snippet."""
    for line in snippet.splitlines():
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            return "python" if _PYTHON_START.match(stripped) else "yaml"
    return "yaml"


def blocks(rule: Rule, section: str) -> list[tuple[str, str]]:
    """The Example or Fix section as (lead-in sentence, snippet) pairs; an empty lead-in needs none."""
    if section == "example":
        if rule.example_intake:
            return [("The client's intake:", rule.example_intake), ("The protocol:", rule.example)]
        return [("", rule.example)]
    if rule.fix_intake:
        if rule.fix == rule.example:
            return [("The client's intake:", rule.fix_intake), ("The protocol stays as it is.", "")]
        return [("The client's intake:", rule.fix_intake), ("The protocol:", rule.fix)]
    if rule.example_intake:
        return [("The protocol, screened against the same intake:", rule.fix)]
    return [("", rule.fix)]


def _present(rule: Rule) -> list[str]:
    missing = rule.missing_sections()
    return [section for section in HEADINGS if section not in missing]


def page_markdown(rule: Rule, owner: str | None = None) -> str:
    """The rule's page in Markdown: a heading with its code, then its severity, plugin and summary, then the sections."""
    from_where = f" · from `{owner}`" if owner else ""
    lines = [f"# {rule.code}", "", f"**{rule.severity}**{from_where}", "", sentence(rule.summary)]
    for section in _present(rule):
        lines += ["", f"## {HEADINGS[section]}", ""]
        if section in ("what", "why"):
            lines.append(getattr(rule, section).strip())
            continue
        for number, (lead, snippet) in enumerate(blocks(rule, section)):
            if number:
                lines.append("")
            if lead:
                lines.append(lead)
            if snippet:
                lines += ([""] if lead else []) + [f"```{snippet_language(snippet)}", snippet.rstrip("\n"), "```"]
    if not _present(rule):
        lines += ["", _NO_PAGE]
    elif rule.not_runnable:
        lines += ["", f"*{rule.not_runnable}*"]
    lines += ["", f"`protocolkit rule {rule.code}` prints this page in a terminal."]
    return "\n".join(lines) + "\n"


def page_text(rule: Rule, owner: str | None = None, *, width: int = _WIDTH) -> str:
    """The rule's page for a terminal: prose wrapped to ``width``, snippets indented and left as written."""
    from_where = f", from {owner}" if owner else ""
    lines = [f"{rule.code} ({rule.severity}{from_where})", *_wrap(sentence(rule.summary), width, "")]
    for section in _present(rule):
        lines += ["", HEADINGS[section]]
        if section in ("what", "why"):
            lines += _wrap(getattr(rule, section).strip(), width, "  ")
            continue
        for number, (lead, snippet) in enumerate(blocks(rule, section)):
            if number:
                lines.append("")
            if lead:
                lines += _wrap(lead, width, "  ")
            lines += ["    " + line if line else "" for line in snippet.rstrip("\n").splitlines()]
    if not _present(rule):
        lines += ["", *_wrap(_NO_PAGE, width, "")]
    elif rule.not_runnable:
        lines += ["", *_wrap(f"Note: {rule.not_runnable}", width, "")]
    return "\n".join(lines) + "\n"


def _wrap(text: str, width: int, indent: str) -> list[str]:
    lines: list[str] = []
    for number, paragraph in enumerate(text.split("\n\n")):
        lines += [""] if number else []
        lines += textwrap.wrap(" ".join(paragraph.split()), width, initial_indent=indent, subsequent_indent=indent,
                               break_on_hyphens=False)
    return lines


def page_data(rule: Rule) -> dict[str, Any]:
    """The page's sections as JSON-ready data, beside what ``protocolkit rules`` lists of a rule."""
    return {"what": rule.what, "why": rule.why, "example": rule.example, "fix": rule.fix,
            "example_intake": rule.example_intake, "fix_intake": rule.fix_intake,
            "runnable": rule.runnable, "not_runnable": rule.not_runnable}


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def index_markdown(rules: Sequence[tuple[Rule, str]]) -> str:
    """docs/rules/README.md: every rule with a link to its page, the core's first, then each plugin's."""
    core = sorted((rule for rule, owner in rules if owner.startswith("core-")), key=lambda rule: rule.code)
    plugins = sorted(((rule, owner) for rule, owner in rules if not owner.startswith("core-")),
                     key=lambda item: (item[1], item[0].code))
    lines = [GENERATED, "", "# Rules", "",
             "Every rule protocolkit and its seed plugins check, each with a page: what it checks, why it matters, "
             "an example that breaks it and the fix. `protocolkit rule CODE` prints the same page in a terminal "
             "(for any installed plugin's rule, house modalities included), `protocolkit rules` lists the codes, "
             "and SARIF output carries each page as its rule's help.",
             "", "## Core", "", "| code | severity | what it finds |", "|---|---|---|"]
    lines += [f"| [{rule.code}]({rule.code}.md) | {rule.severity} | {_cell(rule.summary)} |" for rule in core]
    if plugins:
        lines += ["", "## Plugins", "", "| code | severity | what it finds | plugin |", "|---|---|---|---|"]
        lines += [f"| [{rule.code}]({rule.code}.md) | {rule.severity} | {_cell(rule.summary)} | {owner} |"
                  for rule, owner in plugins]
    return "\n".join(lines) + "\n"


def catalog_rules(catalog: Catalog) -> list[tuple[Rule, str]]:
    """Every rule in the catalog with the plugin that registered it, by code."""
    return [(rule, catalog.rules.owner(code)) for code, rule in sorted(catalog.rules.items())]


def documentation_pages(rules: Iterable[tuple[Rule, str]]) -> dict[str, str]:
    """File name -> text: a page per rule and the index, as docs/rules/ holds them."""
    rules = list(rules)
    pages = {f"{rule.code}.md": f"{GENERATED}\n\n{page_markdown(rule, owner)}" for rule, owner in rules}
    pages[INDEX] = index_markdown(rules)
    return pages


def write_pages(pages: dict[str, str], directory: Path) -> list[Path]:
    """Write ``pages`` into ``directory``, each file atomically, and remove rule pages no rule has any more.

    Only files named like a rule's page (``PK301.md``) are ever removed; anything
    else in the folder is left alone.  Returns the files written.
    """
    from protocolkit.load.writing import write_atomic

    directory.mkdir(parents=True, exist_ok=True)
    for stale in sorted(directory.iterdir()):
        if _PAGE_FILE.match(stale.name) and stale.name not in pages:
            stale.unlink()
    written = []
    for name, text in sorted(pages.items()):
        path = directory / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            write_atomic(path, text, overwrite=True)
            written.append(path)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m protocolkit.report.rule_pages DIR [DISTRIBUTION ...]``: write the rule pages into DIR.

    The catalog is the installed plugins alone (no ``-p`` modules, house
    modalities or environment settings), and any plugin that fails to load
    stops the run, so that a page never goes missing unnoticed.  Given
    distribution names, only the core's rules and those distributions' are
    written: a project's docs then never take in a page of a plugin someone
    installed beside it (``make rule-pages`` names the plugins under plugins/).
    """
    from protocolkit.plugin.host import PluginError, load_catalog

    args = list(sys.argv[1:] if argv is None else argv)
    if not args:
        print("usage: python -m protocolkit.report.rule_pages DIRECTORY [DISTRIBUTION ...]", file=sys.stderr)
        return 2
    try:
        catalog = load_catalog(environ={}, strict=True)
    except PluginError as error:
        print(f"rule pages: {error}", file=sys.stderr)
        return 2
    rules = catalog_rules(catalog)
    if len(args) > 1:
        kept = {plugin.name for plugin in catalog.plugins
                if plugin.origin == "builtin" or plugin.distribution in args[1:]}
        rules = [(rule, owner) for rule, owner in rules if owner in kept]
    pages = documentation_pages(rules)
    written = write_pages(pages, Path(args[0]))
    print(f"rule pages: {len(pages)} in {args[0]}, {len(written)} rewritten")
    return 0


if __name__ == "__main__":
    sys.exit(main())
