"""Safe fixes: ``validate --fix`` and ``--diff``, and the fix API an editor calls.

Each safe fix keeps every other byte of a real document, and the fixed file
no longer has what it fixed; guesses ("did you mean") are offered as unsafe
fixes and never applied by the command line; a file that does not parse is
left alone; the fix loop stops at its cap; files are replaced atomically; and,
on mutated examples, applying the safe fixes never changes what a step does.
"""

from __future__ import annotations

import difflib
import os
import re
import shutil
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from protocolkit.check import fixes
from protocolkit.check.fixes import Fix, TextEdit, apply_fixes, available_fixes, fix_file, fix_text, unified_diff
from protocolkit.check.selection import Selection
from protocolkit.check.validation import check, validate_text
from protocolkit.cli import cli
from protocolkit.load.documents import DocumentError, parse_document
from protocolkit.model.findings import Finding
from protocolkit.model.protocol import Protocol
from protocolkit.model.regions import REGIONS
from protocolkit.plugin.catalog import Catalog

from .conftest import DATA, EXAMPLES
from .strategies import example_sources, installed_catalog, mutated_documents

FIXES = DATA / "fixes"
WRITTEN = FIXES / "aliases-and-suppressions.yaml"
ENV = {"PROTOCOLKIT_PLUGINS": "", "PROTOCOLKIT_DISABLE_PLUGINS": ""}


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), env=ENV)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def copy(tmp_path: Path, source: Path, name: str | None = None) -> Path:
    target = tmp_path / (name or source.name)
    shutil.copyfile(source, target)
    return target


def codes_of(findings: list[Finding] | tuple[Finding, ...]) -> list[str]:
    return [finding.code for finding in findings]


# -- each safe fix keeps every other byte ----------------------------------------------------------

def test_fix_keeps_every_other_byte_of_a_hand_written_document(catalog: Catalog) -> None:
    """Comments, the header, blank lines, key order, quoting, the flow step and the anchored
    alias all stay; only the aliases and the unused suppressions change."""
    text = WRITTEN.read_text(encoding="utf-8")
    result = fix_text(text, str(WRITTEN), catalog)
    assert result.text == (FIXES / "aliases-and-suppressions.fixed.yaml").read_text(encoding="utf-8")
    assert (result.applied, result.passes, result.stopped) == (11, 1, None)
    assert codes_of(result.findings) == []
    # What changed is exactly the regions and the comments, line by line; one comment-only line went.
    old_lines, new_lines = text.splitlines(), result.text.splitlines()
    blocks = difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False).get_opcodes()
    assert [tag for tag, *_ in blocks].count("insert") == 0
    assert len(old_lines) == len(new_lines) + 1
    for tag, old_start, old_end, _, _ in blocks:
        for line in old_lines[old_start:old_end] if tag != "equal" else ():
            assert "region:" in line or "protocolkit: ignore" in line, line


def test_region_fix_keeps_the_quotes_it_found(catalog: Catalog) -> None:
    fixed = fix_text(WRITTEN.read_text(encoding="utf-8"), "w.yaml", catalog).text
    assert "region: 'posterior-thigh'" in fixed and 'region: "lower-back"' in fixed
    assert "  - region: posterior-thigh        # what the client calls them\n" in fixed


def test_each_safe_fix_alone_changes_only_its_own_characters(catalog: Catalog) -> None:
    text = WRITTEN.read_text(encoding="utf-8")
    findings = validate_text(text, catalog, path="w.yaml")
    safe = [fix for fix in available_fixes(text, "w.yaml", findings, catalog) if fix.safe]
    assert {fix.finding.code for fix in safe} == {"PK004", "PK105"}
    for fix in safe:
        (edit,) = fix.edits
        fixed = apply_fixes(text, [fix])
        assert fixed == text[:edit.start] + edit.new_text + text[edit.end:]
        assert fixed[:edit.start] == text[:edit.start] and fixed.endswith(text[edit.end:])
        assert parse_document(fixed, path="w.yaml", fmt="yaml")  # still a document


def test_the_fixed_file_validates_without_what_was_fixed(catalog: Catalog) -> None:
    text = WRITTEN.read_text(encoding="utf-8")
    assert codes_of(validate_text(text, catalog, path="w.yaml")).count("PK004") == 6
    fixed = fix_text(text, "w.yaml", catalog).text
    findings = validate_text(fixed, catalog, path="w.yaml")
    assert "PK004" not in codes_of(findings)
    # Only the alias behind a YAML anchor is left: its characters are shared, so it is not edited.
    left = [fix for fix in available_fixes(fixed, "w.yaml", findings, catalog) if fix.safe]
    assert [(fix.finding.code, fix.finding.line) for fix in left] == []
    assert "region: &calves calves" in fixed


def test_a_used_suppression_keeps_its_used_code(catalog: Catalog) -> None:
    fixed = fix_text(WRITTEN.read_text(encoding="utf-8"), "w.yaml", catalog).text
    assert fixed.rstrip().endswith("pressure: deep    # protocolkit: ignore[PK301] warmed up on the table before")
    unsuppressed = fixed.replace("# protocolkit: ignore[PK301]", "#")  # the finding it still hides
    assert "PK301" in codes_of(validate_text(unsuppressed, catalog, path="w.yaml"))


def test_region_fix_in_json_keeps_the_layout(catalog: Catalog) -> None:
    text = (FIXES / "aliases.json").read_text(encoding="utf-8")
    result = fix_text(text, "a.json", catalog, "json")
    assert result.applied == 2
    assert result.text == text.replace('"region": "calves"', '"region": "calf"').replace('"region": "Calf"',
                                                                                           '"region": "calf"')


def test_pk105_comes_with_a_located_finding_of_its_own(catalog: Catalog) -> None:
    text = WRITTEN.read_text(encoding="utf-8")
    aliases = [fix for fix in available_fixes(text, "w.yaml", [], catalog) if fix.finding.code == "PK105"]
    first = aliases[0].finding
    assert (first.severity, first.path, first.line, first.column, first.file) == \
        ("info", ("steps", 0, "region"), 10, 13, "w.yaml")
    assert first.message == "region 'hamstrings' is read as 'posterior-thigh' (Back of the thigh); write its id"
    assert [fix.finding.line for fix in aliases] == [10, 18, 21, 24, 40]  # not the anchored calves


def test_pk105_trips_on_an_alias_and_not_on_an_id(catalog: Catalog) -> None:
    """validate accepts aliases (no finding); the fix stage finds them, and nothing on ids."""
    aliased = (DATA / "clean" / "pk103-region-alias.yaml").read_text(encoding="utf-8")
    assert validate_text(aliased, catalog, path="a.yaml") == []
    found = available_fixes(aliased, "a.yaml", [], catalog)
    assert [(fix.finding.code, fix.edits[0].new_text, fix.safe) for fix in found] == \
        [("PK105", "posterior-thigh", True), ("PK105", "lower-back", True)]
    ids = (DATA / "clean" / "pk105-region-ids.yaml").read_text(encoding="utf-8")
    assert available_fixes(ids, "i.yaml", validate_text(ids, catalog, path="i.yaml"), catalog) == []


def test_intake_regions_and_other_kinds_are_left_alone(catalog: Catalog) -> None:
    intake = (DATA / "intakes" / "varicose-left-thigh.yaml").read_text(encoding="utf-8")
    assert "region: hamstrings" in intake
    assert fix_text(intake, "i.yaml", catalog).text == intake


def test_a_suppression_inside_a_quoted_value_is_not_a_comment(catalog: Catalog) -> None:
    text = ("protocolkit: 1\nid: p\ntitle: T\nduration: 5m\nsteps:\n  - modality: swedish\n"
            "    technique: effleurage\n    region: upper-back\n    duration: 5m\n    pressure: light\n"
            "    notes: 'see # protocolkit: ignore[PK301] in the manual'\n")
    assert "PK004" in codes_of(validate_text(text, catalog, path="n.yaml"))  # selection reads lines, not YAML
    result = fix_text(text, "n.yaml", catalog)
    assert (result.text, result.applied) == (text, 0)


def test_two_suppressions_on_one_line_are_removed_one_at_a_time(catalog: Catalog) -> None:
    text = WRITTEN.read_text(encoding="utf-8").replace(
        "# protocolkit: ignore[PK304, PK301] warmed up", "# protocolkit: ignore[PK304] # protocolkit: ignore[PK301]")
    fixed = fix_text(text, "w.yaml", catalog).text
    assert fixed.rstrip().endswith("pressure: deep    # protocolkit: ignore[PK301] on the table before")


def test_a_byte_order_mark_and_crlf_line_ends_are_kept(catalog: Catalog) -> None:
    text = "\ufeff" + WRITTEN.read_text(encoding="utf-8").replace("\n", "\r\n")
    fixed = fix_text(text, "w.yaml", catalog).text
    expected = "\ufeff" + (FIXES / "aliases-and-suppressions.fixed.yaml").read_text(encoding="utf-8")
    assert fixed == expected.replace("\n", "\r\n")
    edits = [edit for fix in available_fixes(text, "w.yaml", [], catalog) for edit in fix.edits]
    assert all(text[edit.start:edit.end] in ("hamstrings", "'Hamstrings'", '"lumbar"', "Lower Back", "glutes")
               for edit in edits)


# -- unsafe fixes: offered, never applied ------------------------------------------------------------

def test_guesses_are_unsafe_fixes_replacing_the_value(catalog: Catalog) -> None:
    text = (FIXES / "guesses.yaml").read_text(encoding="utf-8")
    findings = validate_text(text, catalog, path="g.yaml")
    offered = available_fixes(text, "g.yaml", findings, catalog)
    assert [(fix.finding.code, fix.title, fix.safe) for fix in offered] == [
        ("PK101", "Change to 'swedish'", False), ("PK102", "Change to 'petrissage'", False),
        ("PK103", "Change to 'posterior-thigh'", False)]
    applied = apply_fixes(text, offered)
    assert "modality: swedish   # one letter short" in applied and "technique: petrissage" in applied
    assert "region: 'posterior-thigh'" in applied
    assert validate_text(applied, catalog, path="g.yaml") == []


def test_guesses_on_keys_and_choices_are_offered_too(catalog: Catalog) -> None:
    text = ("protocolkit: 1\nid: p\ntitle: T\nduration: 5m\nsteps:\n  - modality: swedish\n"
            "    technique: effleurage\n    region: upper-back\n    side: lefft\n    duration: 5m\n    presure: light\n")
    offered = available_fixes(text, "k.yaml", validate_text(text, catalog, path="k.yaml"), catalog)
    assert sorted(fix.title for fix in offered) == ["Change to 'left'", "Change to 'pressure'"]
    assert not any(fix.safe for fix in offered)
    assert apply_fixes(text, offered) == text.replace("lefft", "left").replace("presure", "pressure")


def test_a_condition_guess_offers_the_stricter_conditions_first(catalog: Catalog) -> None:
    text = (FIXES / "guessed-condition.yaml").read_text(encoding="utf-8")
    offered = available_fixes(text, "c.yaml", validate_text(text, catalog, path="c.yaml"), catalog)
    assert [fix.edits[0].new_text for fix in offered] == ["pre-eclampsia", "high-risk-pregnancy", "pregnancy"]
    assert not any(fix.safe for fix in offered)


def test_a_guess_of_several_ids_offers_each(catalog: Catalog) -> None:
    text = ("protocolkit: 1\nkind: intake\nclient: T-1\nconditions:\n  - id: steroids\n"
            "  - id: bruise\n    region: lower-leg\n")
    offered = available_fixes(text, "i.yaml", validate_text(text, catalog, path="i.yaml"), catalog)
    assert [fix.edits[0].new_text for fix in offered] == ["corticosteroids", "corticosteroid-injection", "calf",
                                                          "shin"]
    assert not any(fix.safe for fix in offered)


def test_validate_fix_never_applies_a_guess(tmp_path: Path) -> None:
    path = copy(tmp_path, FIXES / "guesses.yaml")
    before = path.read_bytes()
    code, out, err = run("validate", "--fix", str(path))
    assert path.read_bytes() == before
    assert code == 1 and "did you mean 'swedish'?" in out
    assert "applied 0 fixes to 0 files" in err


# -- the command line ----------------------------------------------------------------------------

def test_validate_fix_writes_the_fixes_and_reports_what_is_left(tmp_path: Path) -> None:
    path = copy(tmp_path, WRITTEN, "session.yaml")
    code, out, err = run("validate", "--fix", str(path))
    assert path.read_text(encoding="utf-8") == (FIXES / "aliases-and-suppressions.fixed.yaml").read_text(
        encoding="utf-8")
    assert (code, out) == (0, "")
    assert f"{path}: 11 fixes applied\n" in err
    assert "checked 1 file: no problems; applied 11 fixes to 1 file" in err


def test_validate_fix_exits_as_validate_on_the_fixed_result(tmp_path: Path) -> None:
    fixable = copy(tmp_path, WRITTEN, "fixable.yaml")
    broken = copy(tmp_path, DATA / "broken" / "pk103-unknown-region.yaml")
    code, out, err = run("validate", "--fix", str(fixable), str(broken))
    assert code == 1 and "PK103" in out and "fixable.yaml" not in out
    assert "checked 2 files: 1 error; applied 11 fixes to 1 file" in err
    assert run("validate", "--fix", "--exit-zero", str(broken))[0] == 0


def test_validate_fix_reports_in_any_format(tmp_path: Path) -> None:
    import json

    path = copy(tmp_path, FIXES / "guesses.yaml")
    code, out, _ = run("validate", "--fix", "--format", "json", str(path))
    assert code == 1 and [finding["code"] for finding in json.loads(out)] == ["PK101", "PK102", "PK103"]


def test_diff_prints_a_unified_diff_and_writes_nothing(tmp_path: Path) -> None:
    path = copy(tmp_path, WRITTEN, "session.yaml")
    before, mtime = path.read_bytes(), path.stat().st_mtime_ns
    code, out, err = run("validate", "--diff", str(path))
    assert path.read_bytes() == before and path.stat().st_mtime_ns == mtime
    assert sorted(os.listdir(tmp_path)) == ["session.yaml"]
    assert out.startswith(f"--- {path}\n+++ {path}\n@@ ")
    assert "-  - region: hamstrings        # what the client calls them\n" in out
    assert "+  - region: posterior-thigh        # what the client calls them\n" in out
    assert "-    # protocolkit: ignore[PK202]\n" in out
    assert code == 0 and f"{path}: 11 fixes to apply" in err and "would apply 11 fixes to 1 file" in err
    assert out == unified_diff(before.decode(), (FIXES / "aliases-and-suppressions.fixed.yaml").read_text(), str(path))


def test_diff_applies_with_patch_semantics(tmp_path: Path) -> None:
    """The diff, applied hunk by hunk, turns the file into what --fix writes."""
    path = copy(tmp_path, WRITTEN, "session.yaml")
    _, out, _ = run("validate", "--diff", str(path))
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    result: list[str] = []
    position = 0
    for hunk in re.split(r"(?m)^(?=@@ )", out)[1:]:
        start = int(re.match(r"@@ -(\d+)", hunk)[1]) - 1  # type: ignore[index]
        result += lines[position:start]
        body = hunk.splitlines(keepends=True)[1:]
        result += [line[1:] for line in body if line[0] in " +"]
        position = start + sum(1 for line in body if line[0] in " -")
    result += lines[position:]
    assert "".join(result) == (FIXES / "aliases-and-suppressions.fixed.yaml").read_text(encoding="utf-8")


def test_validate_fix_in_a_real_process(tmp_path: Path) -> None:
    path = copy(tmp_path, WRITTEN, "session.yaml")
    done = subprocess.run([sys.executable, "-c", "from protocolkit.cli import main; main()", "validate", "--fix",
                           str(path)], capture_output=True, text=True, timeout=60, env={**os.environ, **ENV})
    assert (done.returncode, done.stdout) == (0, ""), done.stderr
    assert "Traceback" not in done.stderr and f"{path}: 11 fixes applied" in done.stderr
    assert path.read_bytes() == (FIXES / "aliases-and-suppressions.fixed.yaml").read_bytes()


def test_diff_marks_a_last_line_without_a_newline() -> None:
    diff = unified_diff("a: 1\nregion: x", "a: 1\nregion: y", "p.yaml")
    assert diff.endswith("-region: x\n\\ No newline at end of file\n+region: y\n\\ No newline at end of file\n")


def test_diff_with_a_findings_format_is_a_usage_error(tmp_path: Path) -> None:
    code, out, err = run("validate", "--diff", "--format", "json", str(copy(tmp_path, WRITTEN)))
    assert (code, out) == (2, "") and "--diff prints a unified diff" in err


def test_an_intake_is_fixed_but_its_diff_never_shown(tmp_path: Path) -> None:
    path = tmp_path / "client.yaml"
    path.write_text("protocolkit: 1\nkind: intake\nclient: C-9\nconditions:\n"
                    "  - id: varicose-veins   # protocolkit: ignore[PK301]\n    region: calf\n", encoding="utf-8")
    code, out, err = run("validate", "--diff", str(path))
    assert (code, out) == (0, "") and "varicose" not in err
    assert f"{path}: 1 fix to apply (not shown: an intake is health data)" in err


def test_standard_input_cannot_be_fixed() -> None:
    for flag in ("--fix", "--diff"):
        code, out, err = run("validate", flag, "-")
        assert (code, out) == (2, "") and "standard input ('-') cannot be fixed" in err


def test_a_file_that_does_not_parse_is_left_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_bytes(b"protocolkit: 1\nid: [unclosed\n# protocolkit: ignore[PK301]\n")
    before = path.read_bytes()
    code, out, err = run("validate", "--fix", str(path))
    assert path.read_bytes() == before
    assert code == 1 and "PK002" in out
    assert f"{path}: not fixed: the file does not parse, so nothing was changed" in err
    result = fix_text(before.decode(), str(path), installed_catalog())
    assert (result.text, result.applied, result.passes) == (before.decode(), 0, 0)
    assert result.parse_error is not None and codes_of(result.findings) == ["PK002"]


def test_a_file_that_cannot_be_read_exits_2(tmp_path: Path) -> None:
    code, _, err = run("validate", "--fix", str(tmp_path / "missing.yaml"))
    assert code == 2 and "no such file" in err


def test_ignoring_a_code_leaves_its_fixes_unapplied(tmp_path: Path, catalog: Catalog) -> None:
    text = WRITTEN.read_text(encoding="utf-8")
    result = fix_text(text, "w.yaml", catalog, selection=Selection(ignore=("PK105",)))
    assert "region: hamstrings" in result.text and "ignore[PK202]" not in result.text
    path = copy(tmp_path, WRITTEN)
    run("validate", "--fix", "--ignore", "PK004", str(path))
    assert "ignore[PK202]" in path.read_text(encoding="utf-8") and "hamstrings" not in path.read_text()


# -- atomic writes ---------------------------------------------------------------------------------

def test_fix_replaces_the_file_atomically_and_keeps_its_mode(tmp_path: Path) -> None:
    path = copy(tmp_path, WRITTEN, "session.yaml")
    os.chmod(path, 0o600)
    link = tmp_path / "link.yaml"
    link.symlink_to(path.name)
    code, _, _ = run("validate", "--fix", str(link))
    assert code == 0 and link.is_symlink()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert sorted(os.listdir(tmp_path)) == ["link.yaml", "session.yaml"]  # no temporary file left behind
    assert "hamstrings" not in path.read_text(encoding="utf-8")


def test_a_file_with_nothing_to_fix_is_not_rewritten(tmp_path: Path, catalog: Catalog) -> None:
    path = copy(tmp_path, FIXES / "aliases-and-suppressions.fixed.yaml")
    inode = path.stat().st_ino
    outcome = fix_file(str(path), catalog)
    assert (outcome.written, outcome.result.applied, outcome.diff) == (False, 0, "")
    assert path.stat().st_ino == inode


def test_a_write_that_fails_leaves_the_file_and_no_temporary(tmp_path: Path, catalog: Catalog,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    path = copy(tmp_path, WRITTEN)
    before = path.read_bytes()

    def broken_replace(source: str, target: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    outcome = fix_file(str(path), catalog)
    assert outcome.error is not None and "cannot fix: No space left on device" in outcome.error
    assert path.read_bytes() == before and sorted(os.listdir(tmp_path)) == [path.name]


# -- a file saved while it is fixed ----------------------------------------------------------------

EDITOR = "protocolkit: 1\nid: the-editors\ntitle: Saved by the editor\nduration: 5m\nsteps:\n" \
         "  - {modality: swedish, technique: effleurage, region: hamstrings, duration: 5m, pressure: light}\n"


def test_a_file_saved_while_it_is_fixed_is_left_and_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An editor saves in place after --fix read the file: its text stays, and --fix says so (exit 1)."""
    saved = copy(tmp_path, WRITTEN, "saved.yaml")
    other = copy(tmp_path, WRITTEN, "other.yaml")
    real_fix_text = fixes.fix_text

    def editor_saves_meanwhile(text: str, path: str, *args: object, **options: object) -> fixes.FixResult:
        if path == str(saved):
            saved.write_text(EDITOR, encoding="utf-8")
        return real_fix_text(text, path, *args, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(fixes, "fix_text", editor_saves_meanwhile)
    mode = stat.S_IMODE(saved.stat().st_mode)
    code, out, err = run("validate", "--fix", str(saved), str(other))
    assert saved.read_text(encoding="utf-8") == EDITOR and stat.S_IMODE(saved.stat().st_mode) == mode
    assert f"protocolkit: error: {saved}: changed while fixing; run again\n" in err
    assert f"{other}: 11 fixes applied" in err and "hamstrings" not in other.read_text(encoding="utf-8")
    assert (code, out) == (1, "") and "Traceback" not in err
    assert sorted(os.listdir(tmp_path)) == ["other.yaml", "saved.yaml"]
    monkeypatch.setattr(fixes, "fix_text", real_fix_text)
    assert run("validate", "--fix", str(saved))[0] == 0  # run again: the editor's text is fixed
    assert saved.read_text(encoding="utf-8") == EDITOR.replace("hamstrings", "posterior-thigh")


@pytest.mark.parametrize("write", [True, False])
def test_a_file_rewritten_while_it_is_read_is_left_alone(tmp_path: Path, catalog: Catalog,
                                                         monkeypatch: pytest.MonkeyPatch, write: bool) -> None:
    """The text parsed and the bytes fingerprinted must be the same, or nothing is fixed (or shown)."""
    path = copy(tmp_path, WRITTEN)
    real_read_file = fixes.read_file

    def read_then_saved(name: str, catalog: Catalog) -> object:
        read = real_read_file(name, catalog)
        path.write_text(EDITOR, encoding="utf-8")
        return read

    monkeypatch.setattr(fixes, "read_file", read_then_saved)
    outcome = fix_file(str(path), catalog, write=write)
    assert outcome.changed_on_disk and not outcome.written and outcome.diff == ""
    assert outcome.error == f"{path}: changed while fixing; run again"
    assert path.read_text(encoding="utf-8") == EDITOR


def test_an_editor_saving_in_place_over_and_over_never_loses_its_text(tmp_path: Path, catalog: Catalog) -> None:
    """An editor rewrites the file in place, piece by piece, while fix_file runs over it again and
    again.  Whatever the interleaving, a fix is only ever written of the whole text, and the file
    ends as the editor's text or the fix of it; never as the fix of a half."""
    from .test_writing import leases_work

    if not leases_work(tmp_path):
        pytest.skip("the system does not say whether a file is open for writing, so a stalled save looks whole")
    whole = WRITTEN.read_text(encoding="utf-8")
    fixed = fix_text(whole, "session.yaml", catalog).text
    pieces = re.split(r"(?m)(?=^  - )", whole)  # every prefix parses, and most have fixes of their own
    path = tmp_path / "session.yaml"
    fixed_from: set[str] = set()
    for _ in range(100):
        path.write_text(whole, encoding="utf-8")

        def editor() -> None:
            with open(path, "w", encoding="utf-8") as stream:  # in place: truncated, then written in pieces
                for piece in pieces:
                    stream.write(piece)
                    stream.flush()
                    time.sleep(0)  # let the fixer in half-way

        writer = threading.Thread(target=editor)
        writer.start()
        while writer.is_alive():
            outcome = fix_file(str(path), catalog)
            if outcome.written:
                fixed_from.add(outcome.before)
        writer.join()
        assert path.read_text(encoding="utf-8") in (whole, fixed)
    assert fixed_from <= {whole}
    assert sorted(os.listdir(tmp_path)) == ["session.yaml"]


# -- the loop --------------------------------------------------------------------------------------

def test_the_loop_stops_at_its_cap(catalog: Catalog, monkeypatch: pytest.MonkeyPatch) -> None:
    """A fix that always finds more to do (here: one more comment line) stops after max_passes."""
    def endless(document: object, findings: object, catalog: object) -> list[Fix]:
        text = document.text  # type: ignore[attr-defined]
        finding = Finding("PK004", "warning", "the suppression of PK301 is unused")
        return [Fix(finding, "Add a line", (TextEdit(len(text), len(text), "# more\n"),), safe=True)]

    monkeypatch.setattr(fixes, "_fixes", endless)
    text = WRITTEN.read_text(encoding="utf-8")
    result = fix_text(text, "w.yaml", catalog, max_passes=3)
    assert (result.passes, result.applied) == (3, 3)
    assert result.text == text + "# more\n" * 3
    assert result.stopped == "fixes are left after 3 passes"


def test_a_fix_that_would_change_the_meaning_is_dropped(catalog: Catalog, monkeypatch: pytest.MonkeyPatch) -> None:
    def harmful(document: object, findings: object, catalog: object) -> list[Fix]:
        text = document.text  # type: ignore[attr-defined]
        start = text.index("pressure: light") + len("pressure: ")
        return [Fix(Finding("PK004", "warning", "x"), "Deeper", (TextEdit(start, start + 5, "deep"),), safe=True)]

    monkeypatch.setattr(fixes, "_fixes", harmful)
    text = WRITTEN.read_text(encoding="utf-8")
    result = fix_text(text, "w.yaml", catalog)
    assert (result.text, result.applied) == (text, 0)
    assert result.stopped == "a fix would have changed what the document means, so it was not applied"


def test_overlapping_fixes_wait_for_a_later_pass() -> None:
    finding = Finding("PK004", "warning", "m")
    first = Fix(finding, "a", (TextEdit(0, 3, "x"),), safe=True)
    overlapping = Fix(finding, "b", (TextEdit(2, 5, "y"),), safe=True)
    touching = Fix(finding, "c", (TextEdit(5, 6, "z"),), safe=True)
    outside = Fix(finding, "d", (TextEdit(4, 99, "!"),), safe=True)
    assert apply_fixes("abcdefg", [first, overlapping, touching, outside]) == "xdezg"


# -- the property: safe fixes never change what a step does -----------------------------------------

CATALOG = installed_catalog()
SOURCES = example_sources(EXAMPLES)
_SUPPRESSIONS = ("PK301", "PK304", "PK202", "PK404", "PK105", "PK301, PK304", "PK002", "XYZ")
_SPELLINGS = {region.id: (*region.aliases, region.name, region.id.upper(), region.id.replace("-", " ").title())
              for region in REGIONS}
_REGION_VALUE = re.compile(r'(region"?: *"?)([a-z-]+)')

settings.register_profile(
    "protocolkit-fixes", derandomize=True, database=None, deadline=None, print_blob=False,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@st.composite
def fixable_mutants(draw: st.DrawFn) -> tuple[str, str]:
    """A mutated example with regions respelt as aliases and suppression comments sprinkled on
    its lines, so that there is something for the safe fixes to do."""
    name, data = draw(mutated_documents(SOURCES, max_mutations=2))
    text = data.decode("utf-8", errors="replace")

    def respell(match: re.Match[str]) -> str:
        spellings = _SPELLINGS.get(match[2])
        if not spellings or not draw(st.booleans()):
            return match[0]
        return match[1] + draw(st.sampled_from(spellings))

    text = _REGION_VALUE.sub(respell, text)
    if not name.endswith(".json"):
        lines = text.split("\n")
        for index in draw(st.lists(st.integers(0, max(len(lines) - 1, 0)), max_size=6)):
            lines[index] += f"  # protocolkit: ignore[{draw(st.sampled_from(_SUPPRESSIONS))}]"
        text = "\n".join(lines)
    return name, text


def clinical_content(text: str, name: str, catalog: Catalog) -> object:
    """What a client would meet: each step's ids, side, duration, pressure (None when no protocol builds)."""
    try:
        document = parse_document(text, path=name, fmt="json" if name.endswith(".json") else "yaml")
    except DocumentError:
        return "does not parse"
    model = check(document, catalog).model
    if not isinstance(model, Protocol):
        return model
    return (model.duration, [(step.activity, step.modality, step.technique, step.region, step.side, step.duration,
                              step.pressure, step.lubricant) for step in model.steps])


@settings(settings.get_profile("protocolkit-fixes"), max_examples=300)
@given(mutant=fixable_mutants())
def test_safe_fixes_never_change_what_a_step_does(catalog: Catalog, mutant: tuple[str, str]) -> None:
    name, text = mutant
    fmt = "json" if name.endswith(".json") else "yaml"
    before = clinical_content(text, name, catalog)
    # The safe fixes themselves, applied pass after pass with no safety net under them.
    current = text
    for _ in range(10):
        findings = validate_text(current, catalog, path=name, fmt=fmt)
        safe = [fix for fix in available_fixes(current, name, findings, catalog, fmt) if fix.safe]
        for fix in safe:
            assert all(0 <= edit.start <= edit.end <= len(current) for edit in fix.edits)
        if not safe:
            break
        current = apply_fixes(current, safe)
    event("fixed" if current != text else "nothing to fix")
    assert clinical_content(current, name, catalog) == before, (text, current)
    # The loop the command line runs agrees, and never needs its safety net.
    result = fix_text(text, name, catalog, fmt)
    assert result.stopped is None, result.stopped
    assert clinical_content(result.text, name, catalog) == before
    if result.parse_error is not None:
        assert result.text == text
    assert fix_text(result.text, name, catalog, fmt).applied == 0  # nothing left to do
