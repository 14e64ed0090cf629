"""Reporters: findings out, in the format a person or a CI system reads.

Reporters stream: each file's findings are written as soon as that file is
checked, so a run over thousands of files never holds them all.

``sarif`` is for code-scanning services (GitHub code scanning, Azure DevOps,
IDE viewers) that keep results between runs; ``github`` is for a plain
GitHub Actions step, where workflow commands turn findings into annotations
on the pull request without any upload.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Mapping
from pathlib import Path, PurePath
from typing import TYPE_CHECKING
from typing import Protocol as TypingProtocol
from typing import TextIO
from urllib.parse import quote

from protocolkit.model.findings import Finding
from protocolkit.model.rules import PAGE_SECTIONS

if TYPE_CHECKING:
    from protocolkit.model.protocol import Severity
    from protocolkit.model.rules import Rule

FORMATS = ("text", "json", "sarif", "github")


class Reporter(TypingProtocol):
    def start(self) -> None: ...

    def file(self, findings: Iterable[Finding]) -> None: ...

    def finish(self) -> None: ...


def printable(text: str) -> str:
    """``text`` with anything UTF-8 cannot encode (a lone surrogate escaped in JSON) shown escaped.

    Messages quote what documents say, and a report must never stop halfway
    because one of them cannot be written."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


class TextReporter:
    """``file:line:col: CODE message``, one finding a line, the way compilers and linters print."""

    def __init__(self, out: TextIO) -> None:
        self.out = out

    def start(self) -> None:
        pass

    def file(self, findings: Iterable[Finding]) -> None:
        for finding in findings:
            self.out.write(printable(f"{finding.file}:{finding.line}:{finding.column}: {finding.code} "
                                     f"{finding.message}\n"))

    def finish(self) -> None:
        pass


class JsonReporter:
    """One JSON array of finding objects, written element by element."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.count = 0

    def start(self) -> None:
        self.out.write("[")

    def file(self, findings: Iterable[Finding]) -> None:
        for finding in findings:
            self.out.write(("," if self.count else "") + "\n  " + json.dumps(finding.to_json()))
            self.count += 1

    def finish(self) -> None:
        self.out.write("\n]\n" if self.count else "]\n")


SARIF_SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
SRCROOT = "%SRCROOT%"

# SARIF has no "info": its lowest level that still shows is "note".
SARIF_LEVELS: dict[Severity, str] = {"error": "error", "warning": "warning", "info": "note"}

_ARTICLE = re.compile(r"^(?:a|an|the)\s+", re.IGNORECASE)
_CLAUSE_END = re.compile(r"[:;(]")
_WORD = re.compile(r"[A-Za-z0-9]+")


def rule_name(summary: str, code: str) -> str:
    """A CamelCase identifier for a rule, as SARIF's ``reportingDescriptor.name`` wants.

    Viewers show the name where a short handle fits better than a sentence, so
    only the summary's first clause is used (``a step ...: details`` becomes
    ``StepNames...``), without a leading article.  Apostrophes are dropped
    before splitting so that ``technique's`` gives ``Techniques``, not
    ``TechniqueS``.  A summary with no usable word falls back to the code.
    """
    clause = _CLAUSE_END.split(summary, maxsplit=1)[0].strip()
    clause = _ARTICLE.sub("", clause).replace("'", "").replace("\u2019", "")
    name = "".join(word[0].upper() + word[1:] for word in _WORD.findall(clause))
    if not name or name[0].isdigit():
        return code
    return name


def _descriptor(rule: Rule) -> dict[str, object]:
    """The rule's reportingDescriptor: its summary, and its page as ``fullDescription`` and ``help``.

    Viewers show ``help`` beside a result, so a reader sees why the rule
    matters and the fix without leaving the report.  There is no ``helpUri``:
    the project publishes no web address for its pages (docs/rules/ in the
    source tree), and a relative path is not a URI a viewer could open.  A
    rule whose plugin wrote no page keeps the short description alone.
    """
    descriptor: dict[str, object] = {
        "id": rule.code,
        "name": rule_name(rule.summary, rule.code),
        "shortDescription": {"text": rule.summary},
    }
    if rule.what.strip():
        descriptor["fullDescription"] = {"text": rule.what.strip()}
    if len(rule.missing_sections()) < len(PAGE_SECTIONS):
        # Only SARIF output renders pages: the text reporter's start-up does not pay for it.
        from protocolkit.report.rule_pages import page_markdown, page_text

        descriptor["help"] = {"text": page_text(rule), "markdown": page_markdown(rule)}
    descriptor["defaultConfiguration"] = {"level": SARIF_LEVELS[rule.severity]}
    return descriptor


def _absolute(path: str | os.PathLike[str]) -> Path:
    """The absolute, normalised form of `path`, without following symlinks.

    ``resolve()`` is not used first because a symlinked checkout would then
    move every file out from under a root that was given as the link.
    """
    return Path(os.path.abspath(path))


class SarifReporter:
    """A SARIF 2.1.0 log with one run, its results written as they arrive.

    Only the results are streamed.  The driver's rule table goes after them
    (JSON object members have no order), because a finding can carry a code
    the rule map does not know (a rule from a plugin that failed to load, say)
    and it needs a descriptor of its own, added when it is first seen, so
    that every result's ``ruleIndex`` points at a descriptor with its id.

    File names become URIs relative to `root` (the working directory unless
    given) under the ``%SRCROOT%`` base id, so the log does not depend on
    where the checkout lived; a file outside the root gets an absolute
    ``file:`` URI instead, since a ``../`` reference would escape the base.
    """

    def __init__(self, out: TextIO, *, rules: Mapping[str, Rule], tool_version: str,
                 root: str | os.PathLike[str] | None = None,
                 run_properties: Mapping[str, object] | None = None) -> None:
        self.out = out
        # What the run concluded beyond its results (screening's verdict), in SARIF's property bag.
        self.run_properties = dict(run_properties or {})
        self.tool_version = tool_version
        self.root = _absolute(root if root is not None else os.getcwd())
        # Sorted by code so that the same rules always give the same indices.
        self.descriptors: list[dict[str, object]] = [_descriptor(rules[code]) for code in sorted(rules)]
        self.indices: dict[str, int] = {code: index for index, code in enumerate(sorted(rules))}
        self.count = 0
        self.started = False
        self.finished = False

    def start(self) -> None:
        if self.started:
            return
        self.started = True
        head = json.dumps({"$schema": SARIF_SCHEMA_URI, "version": SARIF_VERSION})
        # Drop the closing brace: the runs array goes on after the header members.
        self.out.write(head[:-1] + ', "runs": [{"results": [')

    def file(self, findings: Iterable[Finding]) -> None:
        self.start()
        for finding in findings:
            self.out.write(("," if self.count else "") + "\n    " + json.dumps(self.result(finding)))
            self.count += 1

    def finish(self) -> None:
        # start() here too: a run that reported nothing must still leave a valid log.
        self.start()
        if self.finished:
            return
        self.finished = True
        driver: dict[str, object] = {"name": "protocolkit"}
        if self.tool_version:
            driver["version"] = self.tool_version
        driver["rules"] = self.descriptors
        # No originalUriBaseIds: %SRCROOT% is left for the consumer (code scanning
        # resolves it to the checkout), so the log names no path of this machine.
        rest: dict[str, object] = {"tool": {"driver": driver}, "columnKind": "unicodeCodePoints"}
        if self.run_properties:
            rest["properties"] = self.run_properties
        tail = json.dumps(rest, indent=None)
        self.out.write(("\n  ]" if self.count else "]") + ", " + tail[1:] + "]}\n")

    def rule_index(self, finding: Finding) -> int:
        """Where the finding's rule sits in the descriptor table, adding one for an unknown code."""
        index = self.indices.get(finding.code)
        if index is None:
            index = self.indices[finding.code] = len(self.descriptors)
            # Only the id and a name are known: no summary, and no default level to claim.
            self.descriptors.append({"id": finding.code, "name": finding.code})
        return index

    def result(self, finding: Finding) -> dict[str, object]:
        result: dict[str, object] = {
            "ruleId": finding.code,
            "ruleIndex": self.rule_index(finding),
            "level": SARIF_LEVELS[finding.severity],
            "message": {"text": finding.message},
        }
        if finding.file is not None:
            physical: dict[str, object] = {"artifactLocation": self.artifact(finding.file)}
            region = _region(finding)
            if region:
                physical["region"] = region
            location: dict[str, object] = {"physicalLocation": physical}
            if finding.path:
                # Where in the document, in the terms a protocol's author uses.
                location["logicalLocations"] = [{"fullyQualifiedName": finding.json_path}]
            result["locations"] = [location]
        return result

    def artifact(self, file: str) -> dict[str, object]:
        """The artifactLocation for `file`: relative to %SRCROOT% when under the root."""
        absolute = _absolute(file)
        try:
            relative = absolute.relative_to(self.root)
        except ValueError:
            return {"uri": absolute.as_uri()}
        return {"uri": _uri_reference(relative), "uriBaseId": SRCROOT}


def _uri_reference(path: PurePath) -> str:
    """A relative path as a URI reference: forward slashes, reserved characters percent-encoded.

    Encoding ``:`` as well keeps a name like ``a:b.yaml`` from being read as
    a URI with the scheme ``a``.
    """
    return quote(path.as_posix(), safe="/")


def _region(finding: Finding) -> dict[str, int]:
    # SARIF lines and columns are 1-based; anything else means "position unknown".
    region: dict[str, int] = {}
    if finding.line is not None and finding.line >= 1:
        region["startLine"] = finding.line
        if finding.column is not None and finding.column >= 1:
            region["startColumn"] = finding.column
    return region


GITHUB_COMMANDS: dict[Severity, str] = {"error": "error", "warning": "warning", "info": "notice"}


def _escape_data(text: str) -> str:
    """Escape a workflow command's message; ``%`` first, or the escapes would be escaped again."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    """Escape a property value, where ``:`` would end the properties and ``,`` start the next one."""
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


class GithubReporter:
    """GitHub Actions workflow commands, one a finding, which the runner shows as annotations.

    Nothing needs uploading, unlike SARIF: the runner reads the step's output.
    """

    def __init__(self, out: TextIO) -> None:
        self.out = out

    def start(self) -> None:
        pass

    def file(self, findings: Iterable[Finding]) -> None:
        for finding in findings:
            self.out.write(printable(self.command(finding) + "\n"))

    def finish(self) -> None:
        pass

    @staticmethod
    def command(finding: Finding) -> str:
        properties: list[tuple[str, object]] = []
        if finding.file is not None:
            properties.append(("file", finding.file))
        if finding.line is not None:
            properties.append(("line", finding.line))
            if finding.column is not None:
                properties.append(("col", finding.column))
        properties.append(("title", finding.code))
        joined = ",".join(f"{key}={_escape_property(str(value))}" for key, value in properties)
        return f"::{GITHUB_COMMANDS[finding.severity]} {joined}::{_escape_data(finding.message)}"


def reporter(name: str, out: TextIO, *, rules: Mapping[str, Rule] | None = None, tool_version: str = "",
             root: str | os.PathLike[str] | None = None,
             run_properties: Mapping[str, object] | None = None) -> Reporter:
    """The reporter for a ``--format`` name.

    `rules`, `tool_version`, `root` and `run_properties` matter to SARIF alone, which describes
    the tool and its rules and writes paths relative to a root; the other
    formats ignore them, so ``reporter(name, out)`` stays enough for those.
    """
    if name == "json":
        return JsonReporter(out)
    if name == "text":
        return TextReporter(out)
    if name == "sarif":
        return SarifReporter(out, rules=rules if rules is not None else {}, tool_version=tool_version, root=root,
                             run_properties=run_properties)
    if name == "github":
        return GithubReporter(out)
    raise ValueError(f"unknown format {name!r}; use one of {', '.join(FORMATS)}")
