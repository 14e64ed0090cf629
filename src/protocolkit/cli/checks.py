"""validate and screen: findings out, exit codes from them."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

import click

from . import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, FORMAT, catalog_of, cli, fail

if TYPE_CHECKING:
    from ..findings import Finding


INTAKE = click.option("--intake", "intake_path", type=click.Path(dir_okay=False), metavar="INTAKE",
                      help="Screen against this client intake (YAML or JSON).")


class Tally:
    """Counts findings by severity as they are reported."""

    def __init__(self) -> None:
        self.counts = {"error": 0, "warning": 0, "info": 0}

    def add(self, findings: list[Finding]) -> list[Finding]:
        for finding in findings:
            self.counts[finding.severity] += 1
        return findings

    def summary(self, files: int) -> str:
        parts = ", ".join(f"{n} {kind}{'s' if n != 1 else ''}" for kind, n in self.counts.items() if n)
        return f"checked {files} file{'s' if files != 1 else ''}: {parts or 'no problems'}"


NO_INTAKE_VERDICT = "the intake cannot be read in full, so there is no verdict; fix it first"


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@INTAKE
@FORMAT
@click.pass_context
def validate(ctx: click.Context, paths: Sequence[str], intake_path: str | None, output_format: str) -> None:
    """Check protocol files (or every .yaml/.yml/.json under a directory)."""
    from ..reporters import reporter
    from ..validation import PathProblem, document_paths, read_intake, validate_file

    try:
        files = list(document_paths(paths))
    except PathProblem as problem:
        fail(str(problem))
    catalog = catalog_of(ctx)
    report, tally = reporter(output_format, sys.stdout), Tally()
    report.start()
    intake = None
    if intake_path:
        read = read_intake(intake_path, catalog)
        report.file(tally.add(read.findings))
        if not read.readable:
            report.finish()
            fail(read.error or f"{intake_path}: {NO_INTAKE_VERDICT}")
        intake = read.intake
    unreadable = False
    for path in files:
        result = validate_file(path, catalog, intake)
        if result.error:
            click.echo(f"protocolkit: error: {result.error}", err=True)
            unreadable = True
        report.file(tally.add(result.findings))
    report.finish()
    click.echo(tally.summary(len(files)), err=True)
    if unreadable:
        sys.exit(EXIT_USAGE)
    sys.exit(EXIT_FINDINGS if tally.counts["error"] else EXIT_OK)


@cli.command()
@click.argument("protocol_path", metavar="PROTOCOL", type=click.Path(dir_okay=False))
@click.option("--intake", "intake_path", required=True, type=click.Path(dir_okay=False), metavar="INTAKE",
              help="The client intake to screen against (YAML or JSON).")
@FORMAT
@click.pass_context
def screen(ctx: click.Context, protocol_path: str, intake_path: str, output_format: str) -> None:
    """Screen a protocol against a client's intake: go, adapt or do not treat.

    The verdict comes first; exit 0 for go, 1 for adapt or do not treat, 2
    when the intake cannot be read (never a go).
    """
    from ..reporters import reporter
    from ..screening import UNKNOWN_CONDITION, verdict
    from ..validation import PARSE_ERROR, read_intake, validate_file

    catalog = catalog_of(ctx)
    tally = Tally()
    read = read_intake(intake_path, catalog)
    findings = list(tally.add(read.findings))
    if read.readable:
        result = validate_file(protocol_path, catalog, read.intake)
        if result.error:
            fail(result.error)
        findings += tally.add(result.findings)
        unscreened = any(f.code in (PARSE_ERROR, "PK001") and f.file == protocol_path for f in findings)
        if unscreened or any(f.code == UNKNOWN_CONDITION.code for f in findings):
            outcome = "no verdict: fix the errors below, then screen again"
        else:
            outcome = verdict(findings)
    else:
        outcome = "no verdict: the intake cannot be read"
    client = read.intake.client if read.intake else "an unreadable intake"
    click.echo(f"verdict for {client}: {outcome}", err=output_format != "text")
    report = reporter(output_format, sys.stdout)
    report.start()
    report.file(findings)
    report.finish()
    if not read.readable:
        fail(read.error or f"{intake_path}: {NO_INTAKE_VERDICT}")
    click.echo(tally.summary(2), err=True)
    sys.exit(EXIT_FINDINGS if tally.counts["error"] else EXIT_OK)


