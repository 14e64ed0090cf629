"""Fixes: text edits that put a finding right, and the loop ``validate --fix`` runs.

A fix is a few edits at the characters a finding points at; every other byte
(comments, key order, blank lines, quoting) stays as it was.  A *safe* fix
cannot change what happens to a client, so ``validate --fix`` applies it:

- an unused suppression comment (PK004) is removed, or only its unused codes;
- a region written as an alias (``hamstrings``) or another spelling
  (``Upper Back``) gets its id (PK105).  ``validate`` accepts aliases, as the
  format promises, and does not report them; the fix stage finds them itself
  and gives each its own PK105 finding, which an editor may show as a hint.

An *unsafe* fix guesses what the author meant: the "did you mean 'x'?" of an
unknown modality, technique, region, condition or key.  An editor may offer
it; the command line never applies it.  Pressure words need no fix: the
format reads exactly four (light, moderate, deep, maximal), in lower case
only, so there is no other spelling of one to normalise.

``fix_text`` applies the safe fixes, checks the result again and repeats until
nothing changes (at most ``max_passes`` times).  It keeps a pass only if the
text still parses and builds the very model it built before: a fix that would
change what the document means is dropped, whatever its kind.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise
from typing import TYPE_CHECKING, Final

from attrs import frozen

from protocolkit.check.selection import _COMMENT
from protocolkit.check.validation import check, parse_finding, read_file
from protocolkit.load.documents import Document, DocumentError, parse_document
from protocolkit.load.writing import ChangedOnDisk, read_fingerprinted, write_atomic
from protocolkit.load.spans import Spans, rewritten, spans_of
from protocolkit.model import codes
from protocolkit.model.findings import Finding, locate

if TYPE_CHECKING:
    from protocolkit.check.selection import Selection
    from protocolkit.model.conditions import Intake
    from protocolkit.plugin.catalog import Catalog

__all__ = ["FileFix", "Fix", "FixResult", "TextEdit", "apply_fixes", "available_fixes", "fix_file", "fix_text",
           "unified_diff"]

MAX_PASSES: Final = 10
_BOM: Final = "\ufeff"
# How selection.py words a PK004 finding, and how the suggesting checks word a guess.
_UNUSED: Final = re.compile(r"^the suppression of (\S+) is unused")
# A guess may name several ids ("did you mean 'calf' or 'shin'?").
_SUGGESTION: Final = re.compile(r"did you mean ((?:'[^']+'(?:, | or )?)+)\?(?: \(check it is not a stricter one of "
                                r"its family: ([^)]*)\))?")
_QUOTED: Final = re.compile(r"'([^']+)'")


@frozen
class TextEdit:
    """Replace ``text[start:end]`` (str indexes, end exclusive) with ``new_text``."""

    start: int
    end: int
    new_text: str


@frozen
class Fix:
    """Edits that put ``finding`` right; ``safe`` ones cannot change what happens to a client."""

    finding: Finding
    title: str
    edits: tuple[TextEdit, ...]
    safe: bool


@frozen
class FixResult:
    """What ``fix_text`` made of a text: the new text, how many fixes it applied in how many
    passes, and the findings of the new text.  ``stopped`` says why fixes were left unapplied
    (the pass cap, or a fix that would have changed the document's meaning); ``parse_error``
    is the PK002 finding of a text that does not parse, which is left as it was."""

    text: str
    applied: int
    passes: int
    findings: tuple[Finding, ...] = ()
    stopped: str | None = None
    parse_error: Finding | None = None


def available_fixes(text: str, path: str, findings: Sequence[Finding], catalog: Catalog,
                    fmt: str = "yaml") -> list[Fix]:
    """Every fix, safe and unsafe, for ``findings`` of ``text``, and the region aliases' PK105
    fixes (with findings of their own); none for a text that does not parse."""
    try:
        document = parse_document(text, path=path, fmt=fmt)
    except DocumentError:
        return []
    fixes = _fixes(document, findings, catalog)
    if text.startswith(_BOM):  # the document's offsets count from after it
        fixes = [Fix(fix.finding, fix.title, tuple(TextEdit(e.start + 1, e.end + 1, e.new_text) for e in fix.edits),
                     fix.safe) for fix in fixes]
    return fixes


def apply_fixes(text: str, fixes: Sequence[Fix]) -> str:
    """``text`` with the fixes applied in order, each whole or not at all; a fix whose edits
    overlap an earlier one's (or leave the text) is skipped, for a later pass."""
    return _apply(text, fixes)[0]


def fix_text(text: str, path: str, catalog: Catalog, fmt: str = "yaml", max_passes: int = MAX_PASSES, *,
             intake: Intake | None = None, selection: Selection | None = None) -> FixResult:
    """Apply the safe fixes (of the codes ``selection`` wants) until none is left, re-checking
    after every pass; the findings returned are those of the text returned."""
    try:
        document = parse_document(text, path=path, fmt=fmt)
    except DocumentError as error:
        finding = parse_finding(path, error)
        return FixResult(text, 0, 0, (finding,), parse_error=finding)
    checked = check(document, catalog, intake)
    meaning = checked.model
    applied = passes = 0
    stopped = None
    while True:
        fixes = sorted((fix for fix in _fixes(checked.document, checked.findings, catalog)
                        if fix.safe and (selection is None or selection.wants(fix.finding.code))),
                       key=lambda fix: (fix.edits[0].start, fix.edits[0].end))
        if not fixes:
            break
        if passes >= max_passes:
            stopped = f"fixes are left after {max_passes} passes"
            break
        new_text, count = _apply(checked.document.text, fixes)
        if count == 0 or new_text == checked.document.text:
            break
        try:
            again = check(parse_document(new_text, path=path, fmt=fmt), catalog, intake)
        except DocumentError:
            again = None
        if again is None or again.model != meaning:
            stopped = "a fix would have changed what the document means, so it was not applied"
            break
        checked, applied, passes = again, applied + count, passes + 1
    bom = _BOM if text.startswith(_BOM) else ""
    return FixResult(bom + checked.document.text, applied, passes, tuple(checked.findings), stopped)


# -- files -----------------------------------------------------------------------------------------

@frozen
class FileFix:
    """One file through ``fix_file``: its text before, and what ``fix_text`` made of it (both
    empty when the file does not parse or cannot be read: ``result.parse_error`` or ``error``
    says which).  An intake's diff is never shown (``private``), since it is health data.
    ``changed_on_disk``: the file was being written by someone else, so it was left as it was."""

    path: str
    before: str
    result: FixResult
    written: bool = False
    private: bool = False
    error: str | None = None
    changed_on_disk: bool = False

    @property
    def diff(self) -> str:
        return "" if self.private else unified_diff(self.before, self.result.text, self.path)


CHANGED_WHILE_FIXING: Final = "changed while fixing; run again"


def fix_file(path: str, catalog: Catalog, *, intake: Intake | None = None, selection: Selection | None = None,
             write: bool = True) -> FileFix:
    """Fix one file in place (atomically, and only if anything changed), or with ``write=False``
    only work out what would change.  A file that changes while it is fixed (an editor saving
    it) is never replaced: the outcome says ``changed_on_disk``, and nothing is written."""
    read = read_file(path, catalog)
    document = read.document
    if document is None:
        parse_error = read.findings[0] if read.findings else None
        return FileFix(path, "", FixResult("", 0, 0, tuple(read.findings), parse_error=parse_error),
                       error=read.error)
    private = document.data.get("kind") == "intake"
    left_alone = FileFix(path, "", FixResult("", 0, 0), private=private, error=f"{path}: {CHANGED_WHILE_FIXING}",
                         changed_on_disk=True)
    try:
        # The bytes the fix starts from, with their fingerprint: the document parsed a moment ago must
        # be their text (the file keeps its byte order mark; the document's text has lost it), or the
        # file was being written in between.
        raw, seen = read_fingerprinted(path, catalog.max_file_bytes)
        before = raw.decode("utf-8", errors="replace")
        if before.removeprefix(_BOM) != document.text:
            return left_alone
        result = fix_text(before, path, catalog, document.format, intake=intake, selection=selection)
        edited = result.text != before
        if edited and write:
            write_atomic(path, result.text, overwrite=True, expected=seen)
    except ChangedOnDisk:
        return left_alone
    except OSError as error:
        return FileFix(path, document.text, FixResult(document.text, 0, 0), private=private,
                       error=f"{path}: cannot fix: {error.strerror or error}")
    return FileFix(path, before, result, written=edited and write, private=private)


def unified_diff(before: str, after: str, path: str) -> str:
    """A unified diff from ``before`` to ``after``, both named ``path``, as ``patch`` reads it."""
    import difflib

    lines = difflib.unified_diff(_lines(before), _lines(after), fromfile=path, tofile=path)
    return "".join(line if line.endswith("\n") else f"{line}\n\\ No newline at end of file\n" for line in lines)


def _lines(text: str) -> list[str]:
    return re.findall(r"[^\n]*\n|[^\n]+\Z", text)


# -- finding the fixes -----------------------------------------------------------------------------

def _fixes(document: Document, findings: Sequence[Finding], catalog: Catalog) -> list[Fix]:
    spans = spans_of(document.text, document.format)
    fixes = _region_alias_fixes(document, spans, catalog)
    if document.format == "yaml":
        fixes += _unused_suppression_fixes(document.text, spans, findings)
    fixes += _suggestion_fixes(spans, findings)
    return fixes


def _apply(text: str, fixes: Sequence[Fix]) -> tuple[str, int]:
    taken: list[TextEdit] = []
    count = 0
    for fix in fixes:
        edits = sorted(fix.edits, key=lambda edit: (edit.start, edit.end))
        if edits and all(edit in taken for edit in edits):
            count += 1  # another finding put right by the very same edits (two codes of one comment)
            continue
        inside = all(0 <= edit.start <= edit.end <= len(text) for edit in edits)
        clashes = any(_overlap(a, b) for a, b in pairwise(edits)) or \
            any(_overlap(edit, other) for edit in edits for other in taken)
        if inside and not clashes:
            taken.extend(edits)
            count += 1
    for edit in sorted(taken, key=lambda edit: edit.start, reverse=True):
        text = text[:edit.start] + edit.new_text + text[edit.end:]
    return text, count


def _overlap(a: TextEdit, b: TextEdit) -> bool:
    # Edits that merely touch are independent; two at one place would depend on their order.
    return a.start == b.start or (a.start < b.end and b.start < a.end)


def _region_alias_fixes(document: Document, spans: Spans, catalog: Catalog) -> list[Fix]:
    """PK105: each protocol step whose region is written as anything but its id."""
    data = document.data
    steps = data.get("steps")
    if data.get("kind", "protocol") != "protocol" or not isinstance(steps, list):
        return []
    fixes = []
    for index, step in enumerate(steps):
        written = step.get("region") if isinstance(step, dict) else None
        if not isinstance(written, str) or written in catalog.regions:
            continue
        region = catalog.regions.resolve(written)
        path = ("steps", index, "region")
        span = spans.value(path)
        new_text = rewritten(span, region.id) if region is not None and span is not None else None
        if region is None or span is None or new_text is None:
            continue
        finding = codes.REGION_ALIAS.finding(f"region '{written}' is read as '{region.id}' ({region.name}); "
                                             f"write its id", path)
        fixes.append(Fix(locate([finding], document)[0], f"Write the region id '{region.id}'",
                         (TextEdit(span.start, span.end, new_text),), safe=True))
    return fixes


def _unused_suppression_fixes(text: str, spans: Spans, findings: Sequence[Finding]) -> list[Fix]:
    """PK004: remove the unused code from its comment, or the whole comment when nothing in it is used."""
    unused: dict[tuple[int, int], list[tuple[Finding, str]]] = {}
    for finding in findings:
        match = _UNUSED.match(finding.message) if finding.code == codes.UNUSED_SUPPRESSION.code else None
        if match and finding.line and finding.column:
            unused.setdefault((finding.line, finding.column), []).append((finding, match.group(1)))
    if not unused:
        return []
    # Lines numbered as selection.py numbers them when it reads the comments.
    lines = text.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    fixes = []
    for (number, column), entries in unused.items():
        if number > len(lines):
            continue
        line, line_start = lines[number - 1], starts[number - 1]
        comment = _COMMENT.match(line, column - 1)
        if comment is None or spans.inside_scalar(line_start + comment.start()):
            continue  # inside a quoted value, say: not a comment, so not ours to edit
        listed = _listed_codes(comment, line_start)
        unused_codes = {code for _, code in entries}
        whole = {code for code, _, _ in listed} <= unused_codes
        for finding, code in entries:
            edit = _without_comment(line, line_start, comment) if whole else _without_code(listed, code)
            if edit is not None:
                fixes.append(Fix(finding, f"Remove the unused suppression of {code}", (edit,), safe=True))
    return fixes


def _listed_codes(comment: re.Match[str], line_start: int) -> list[tuple[str, int, int]]:
    """Each code in the comment's brackets with its start and end in the text."""
    listed = []
    offset = line_start + comment.start(1)
    for piece in comment.group(1).split(","):
        code = piece.strip()
        if code:
            start = offset + piece.index(code)
            listed.append((code, start, start + len(code)))
        offset += len(piece) + 1
    return listed


def _without_code(listed: list[tuple[str, int, int]], code: str) -> TextEdit | None:
    """Remove one code and the comma that joins it to its neighbour."""
    for position, (name, start, end) in enumerate(listed):
        if name != code:
            continue
        if position + 1 < len(listed):
            return TextEdit(start, listed[position + 1][1], "")
        if position > 0:
            return TextEdit(listed[position - 1][2], end, "")
    return None


def _without_comment(line: str, line_start: int, comment: re.Match[str]) -> TextEdit:
    """Remove the comment to the end of its line (its reason goes with it) and the blanks before
    it; a line that held nothing else goes altogether."""
    body = line.rstrip("\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
    following = _COMMENT.search(body, comment.end())
    if following is not None:  # another suppression further along the line stays
        return TextEdit(line_start + comment.start(), line_start + following.start(), "")
    before = body[:comment.start()].rstrip(" \t")
    if not before.strip():
        return TextEdit(line_start, line_start + len(line), "")
    return TextEdit(line_start + len(before), line_start + len(body), "")


def _suggestion_fixes(spans: Spans, findings: Sequence[Finding]) -> list[Fix]:
    """Unsafe: a finding's "did you mean 'x'?" written in place of the value (or key) it is about.

    A condition's guess lists the stricter conditions of its family first, so that the first
    fix an editor offers never steers towards a milder condition than the form may have said.
    """
    fixes = []
    for finding in findings:
        match = _SUGGESTION.search(finding.message)
        if match is None:
            continue
        span = spans.key(finding.path) if finding.at_key else spans.value(finding.path)
        if span is None or span.value is None:
            continue
        for guess in dict.fromkeys((*_QUOTED.findall(match.group(2) or ""), *_QUOTED.findall(match.group(1)))):
            new_text = rewritten(span, guess) if guess != span.value else None
            if new_text is not None:
                fixes.append(Fix(finding, f"Change to '{guess}'", (TextEdit(span.start, span.end, new_text),),
                                 safe=False))
    return fixes
