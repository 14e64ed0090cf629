"""validate and screen: findings out, exit codes from them."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

import click

from . import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, FINDINGS_FORMAT, catalog_of, cli, fail, settings_of

if TYPE_CHECKING:
    from ..findings import Finding


INTAKE = click.option("--intake", "intake_path", type=click.Path(dir_okay=False), metavar="INTAKE",
                      help="Screen against this client intake (YAML or JSON).")


SELECT = click.option("--select", multiple=True, metavar="CODES",
                      help="Report only these codes or prefixes, e.g. PK3,MFR (repeatable).")
IGNORE = click.option("--ignore", multiple=True, metavar="CODES",
                      help="Do not report these codes or prefixes (repeatable); PK002, PK003, PK401, PK405 stay.")
EXIT_ZERO = click.option("--exit-zero", is_flag=True, help="Exit 0 even when errors are reported.")
JOBS = click.option("-j", "--jobs", type=click.IntRange(min=0), default=0, show_default=True, metavar="N",
                    help="Check files in N processes; 0 means one per core. Output order never changes.")


def _codes(values: Sequence[str]) -> tuple[str, ...]:
    return tuple(code.strip() for value in values for code in value.split(",") if code.strip())


class FindingsOutput:
    """Where a check's findings go: selection, the chosen reporter, and the tally."""

    def __init__(self, ctx: click.Context, output_format: str, select: Sequence[str], ignore: Sequence[str]) -> None:
        from .. import __version__
        from ..reporters import reporter
        from ..selection import Selection, SelectionError

        settings = settings_of(ctx).override("--select", select=_codes(select)).override(
            "--ignore", ignore=_codes(ignore))
        self.selection = Selection(settings.select, settings.ignore)
        catalog = catalog_of(ctx)
        try:
            self.selection.check_against(catalog.rules)
        except SelectionError as error:
            fail(str(error))
        self.report = reporter(output_format, sys.stdout, rules=catalog.rules, tool_version=__version__)
        self.counts = {"error": 0, "warning": 0, "info": 0}

    def emit(self, findings: Sequence[Finding]) -> None:
        selected = self.selection.filter(findings)
        for finding in selected:
            self.counts[finding.severity] += 1
        self.report.file(selected)

    def summary(self, files: int) -> str:
        parts = ", ".join(f"{n} {kind}{'s' if n != 1 else ''}" for kind, n in self.counts.items() if n)
        return f"checked {files} file{'s' if files != 1 else ''}: {parts or 'no problems'}"

    def exit_code(self, exit_zero: bool) -> int:
        return EXIT_OK if exit_zero or not self.counts["error"] else EXIT_FINDINGS


NO_INTAKE_VERDICT = "the intake cannot be read in full, so there is no verdict; fix it first"


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@INTAKE
@FINDINGS_FORMAT
@SELECT
@IGNORE
@EXIT_ZERO
@JOBS
@click.pass_context
def validate(ctx: click.Context, paths: Sequence[str], intake_path: str | None, output_format: str,
             select: Sequence[str], ignore: Sequence[str], exit_zero: bool, jobs: int) -> None:
    """Check protocol files (or every .yaml/.yml/.json under a directory)."""
    import os

    from ..validation import PathProblem, document_paths, read_intake, validate_files

    try:
        files = list(document_paths(paths))
    except PathProblem as problem:
        fail(str(problem))
    catalog = catalog_of(ctx)
    output = FindingsOutput(ctx, output_format, select, ignore)
    output.report.start()
    intake = None
    if intake_path:
        read = read_intake(intake_path, catalog)
        output.emit(read.findings)
        if not read.readable:
            output.report.finish()
            fail(read.error or f"{intake_path}: {NO_INTAKE_VERDICT}")
        intake = read.intake
    unreadable = False
    for result in validate_files(files, catalog, intake, jobs=jobs or os.cpu_count() or 1):
        if result.error:
            click.echo(f"protocolkit: error: {result.error}", err=True)
            unreadable = True
        output.emit(result.findings)
    output.report.finish()
    click.echo(output.summary(len(files)), err=True)
    sys.exit(EXIT_USAGE if unreadable else output.exit_code(exit_zero))


@cli.command()
@click.argument("protocol_path", metavar="PROTOCOL", type=click.Path(dir_okay=False))
@click.option("--intake", "intake_path", required=True, type=click.Path(dir_okay=False), metavar="INTAKE",
              help="The client intake to screen against (YAML or JSON).")
@FINDINGS_FORMAT
@SELECT
@IGNORE
@EXIT_ZERO
@click.pass_context
def screen(ctx: click.Context, protocol_path: str, intake_path: str, output_format: str,
           select: Sequence[str], ignore: Sequence[str], exit_zero: bool) -> None:
    """Screen a protocol against a client's intake: go, adapt or do not treat.

    The verdict comes first and always weighs every finding, whatever
    --select or --ignore leave out of the report; exit 0 for go, 1 for adapt
    or do not treat, 2 when the intake cannot be read (never a go).
    """
    from ..screening import UNKNOWN_CONDITION, verdict
    from ..validation import PARSE_ERROR, read_intake, validate_file

    catalog = catalog_of(ctx)
    output = FindingsOutput(ctx, output_format, select, ignore)
    read = read_intake(intake_path, catalog)
    findings = list(read.findings)
    if read.readable:
        result = validate_file(protocol_path, catalog, read.intake)
        if result.error:
            fail(result.error)
        findings += result.findings
        unscreened = any(f.code in (PARSE_ERROR, "PK001") and f.file == protocol_path for f in findings)
        if unscreened or any(f.code == UNKNOWN_CONDITION.code for f in findings):
            outcome = "no verdict: fix the errors below, then screen again"
        else:
            outcome = verdict(findings)
    else:
        outcome = "no verdict: the intake cannot be read"
    client = read.intake.client if read.intake else "an unreadable intake"
    click.echo(f"verdict for {client}: {outcome}", err=output_format != "text")
    output.report.start()
    output.emit(findings)
    output.report.finish()
    if not read.readable:
        fail(read.error or f"{intake_path}: {NO_INTAKE_VERDICT}")
    click.echo(output.summary(2), err=True)
    blocked = any(f.severity == "error" for f in findings)
    sys.exit(EXIT_OK if exit_zero or not blocked else EXIT_FINDINGS)
