"""validate and screen: findings out, exit codes from them."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

import click

from protocolkit.cli.app import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, FINDINGS_FORMAT, catalog_of, cli, fail, settings_of

if TYPE_CHECKING:
    from protocolkit.model.findings import Finding


INTAKE = click.option("--intake", "intake_path", type=click.Path(dir_okay=False), metavar="INTAKE",
                      help="Screen against this client intake (YAML or JSON).")


SELECT = click.option("--select", multiple=True, metavar="CODES",
                      help="Report only these codes or prefixes, e.g. PK3,MFR (repeatable).")
IGNORE = click.option("--ignore", multiple=True, metavar="CODES",
                      help="Do not report these codes or prefixes (repeatable); PK002, PK003 and PK401-PK406 stay.")
EXIT_ZERO = click.option("--exit-zero", is_flag=True, help="Exit 0 even when errors are reported.")
JOBS = click.option("-j", "--jobs", type=click.IntRange(min=0), default=0, show_default=True, metavar="N",
                    help="Check files in N processes; 0 means one per core. Output order never changes.")


def _codes(values: Sequence[str]) -> tuple[str, ...]:
    return tuple(code.strip() for value in values for code in value.split(",") if code.strip())


class FindingsOutput:
    """Where a check's findings go: selection, the chosen reporter, and the tally."""

    def __init__(self, ctx: click.Context, output_format: str, select: Sequence[str], ignore: Sequence[str],
                 run_properties: dict[str, object] | None = None) -> None:
        from protocolkit import __version__
        from protocolkit.report.reporters import reporter
        from protocolkit.check.selection import Selection, SelectionError

        settings = settings_of(ctx).override("--select", select=_codes(select)).override(
            "--ignore", ignore=_codes(ignore))
        self.selection = Selection(settings.select, settings.ignore)
        catalog = catalog_of(ctx)
        try:
            self.selection.check_against(catalog.rules)
        except SelectionError as error:
            fail(str(error))
        self.report = reporter(output_format, sys.stdout, rules=catalog.rules, tool_version=__version__,
                               run_properties=run_properties)
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

    from protocolkit.check.validation import NO_INTAKE_VERDICT, PathProblem, document_paths, read_intake, validate_files

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
    --select or --ignore leave out of the report.  With --format json the
    output is one object: {"verdict", "client", "reasons", "findings"}; SARIF
    carries the verdict in the run's properties.  Exit 0 for go, 1 for adapt,
    do not treat or no verdict, 2 when a file cannot be read (never a go).
    """
    from protocolkit.check.verdicts import screen_file

    catalog = catalog_of(ctx)
    screened, unreadable = screen_file(protocol_path, intake_path, catalog)
    properties: dict[str, object] = {"verdict": screened.verdict, "client": screened.client,
                                     "reasons": list(screened.reasons)}
    output = FindingsOutput(ctx, output_format, select, ignore, run_properties=properties)
    selected = output.selection.filter(screened.findings)
    if output_format == "json":
        import json

        click.echo(json.dumps({**properties, "findings": [finding.to_json() for finding in selected]}, indent=2))
    else:
        click.echo(f"verdict for {screened.client}: {screened.verdict}", err=output_format != "text")
        if screened.verdict in ("adapt", "no verdict"):
            for reason in screened.reasons:
                click.echo(f"  {reason}", err=output_format != "text")
        output.report.start()
        output.emit(screened.findings)
        output.report.finish()
    if unreadable:
        fail(unreadable)
    click.echo(output.summary(2), err=True)
    sys.exit(EXIT_OK if exit_zero or screened.verdict == "go" else EXIT_FINDINGS)
