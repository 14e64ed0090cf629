"""validate and screen: findings out, exit codes from them."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, NoReturn

import click

from protocolkit.cli.app import (EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, FINDINGS_FORMAT, SESSION_DATE, catalog_of, cli, fail,
                                 settings_of)

if TYPE_CHECKING:
    from datetime import datetime

    from protocolkit.model.conditions import Intake
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
        self.report.file(self.tally(findings))

    def tally(self, findings: Sequence[Finding]) -> list[Finding]:
        """Count the selected findings toward the summary and exit code, without reporting them."""
        selected = self.selection.filter(findings)
        for finding in selected:
            self.counts[finding.severity] += 1
        return selected

    def summary(self, files: int) -> str:
        parts = ", ".join(f"{n} {kind}{'s' if n != 1 else ''}" for kind, n in self.counts.items() if n)
        return f"checked {files} file{'s' if files != 1 else ''}: {parts or 'no problems'}"

    def exit_code(self, exit_zero: bool) -> int:
        return EXIT_OK if exit_zero or not self.counts["error"] else EXIT_FINDINGS



@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@INTAKE
@SESSION_DATE
@FINDINGS_FORMAT
@SELECT
@IGNORE
@EXIT_ZERO
@JOBS
@click.option("--fix", is_flag=True,
              help="Apply the safe fixes in place (unused suppressions, region aliases), then report what is left.")
@click.option("--diff", is_flag=True, help="Print the safe fixes as a unified diff; change no file.")
@click.pass_context
def validate(ctx: click.Context, paths: Sequence[str], intake_path: str | None, on: datetime | None, output_format: str,
             select: Sequence[str], ignore: Sequence[str], exit_zero: bool, jobs: int, fix: bool,
             diff: bool) -> None:
    """Check protocol files (or every .yaml/.yml/.json under a directory).

    With --fix, the safe fixes are applied first and the fixed files are
    reported; a guess such as a "did you mean" is never applied.
    """
    import os

    from protocolkit.check.validation import NO_INTAKE_VERDICT, PathProblem, document_paths, read_intake, validate_files

    if (fix or diff) and "-" in paths:
        fail("--fix and --diff change files in place; standard input ('-') cannot be fixed")
    if diff and output_format != "text":
        fail("--diff prints a unified diff, not findings; leave out --format")
    try:
        files = list(document_paths(paths))
    except PathProblem as problem:
        fail(str(problem))
    catalog = catalog_of(ctx)
    output = FindingsOutput(ctx, output_format, select, ignore)
    if not diff:  # a diff is all --diff prints
        output.report.start()
    intake = None
    if intake_path:
        read = read_intake(intake_path, catalog)
        output.tally(read.findings) if diff else output.emit(read.findings)
        if not read.readable:
            if not diff:
                output.report.finish()
            fail(read.error or f"{intake_path}: {NO_INTAKE_VERDICT}")
        if read.intake is not None:
            from protocolkit.check.verdicts import on_day

            intake = on_day(read.intake, on.date() if on else None)
    if fix or diff:
        _fix_files(output, files, intake, diff=diff, exit_zero=exit_zero)
    unreadable = False
    for result in validate_files(files, catalog, intake, jobs=jobs or os.cpu_count() or 1):
        if result.error:
            click.echo(f"protocolkit: error: {result.error}", err=True)
            unreadable = True
        output.emit(result.findings)
    output.report.finish()
    click.echo(output.summary(len(files)), err=True)
    sys.exit(EXIT_USAGE if unreadable else output.exit_code(exit_zero))


def _fix_files(output: FindingsOutput, files: Sequence[str], intake: Intake | None, *, diff: bool,
               exit_zero: bool) -> NoReturn:
    """validate --fix / --diff: each file fixed (or its diff printed), then its findings reported."""
    from protocolkit.check.fixes import fix_file

    catalog = catalog_of(click.get_current_context())
    unreadable = raced = False
    fixed = fixed_files = 0
    for path in files:
        outcome = fix_file(path, catalog, intake=intake, selection=output.selection, write=not diff)
        result = outcome.result
        if outcome.error:
            click.echo(f"protocolkit: error: {outcome.error}", err=True)
            raced = raced or outcome.changed_on_disk  # left as it was: an editor saved it meanwhile
            unreadable = unreadable or not outcome.changed_on_disk
            continue
        if diff:
            output.tally(result.findings)
            click.echo(outcome.diff, nl=False)
        else:
            output.emit(result.findings)
        if result.applied or result.parse_error or result.stopped:
            click.echo(_fix_line(path, result.applied, diff, outcome.private, result.parse_error is not None,
                                 result.stopped), err=True)
        fixed += result.applied
        fixed_files += bool(result.applied)
    if not diff:
        output.report.finish()
    click.echo(f"{output.summary(len(files))}; {'would apply' if diff else 'applied'} {_fixes(fixed)} to "
               f"{fixed_files} file{'s' if fixed_files != 1 else ''}", err=True)
    sys.exit(EXIT_USAGE if unreadable else EXIT_FINDINGS if raced else output.exit_code(exit_zero))


def _fixes(count: int) -> str:
    return f"{count} fix{'es' if count != 1 else ''}"


def _fix_line(path: str, applied: int, diff: bool, private: bool, unparsed: bool, stopped: str | None) -> str:
    """What happened to one file, for stderr."""
    if unparsed:
        return f"{path}: not fixed: the file does not parse, so nothing was changed"
    line = f"{path}: {_fixes(applied)} {'to apply' if diff else 'applied'}"
    if diff and private and applied:
        line += " (not shown: an intake is health data)"
    return f"{line}; stopped: {stopped}" if stopped else line


@cli.command()
@click.argument("protocol_path", metavar="PROTOCOL", type=click.Path(dir_okay=False))
@click.option("--intake", "intake_path", required=True, type=click.Path(dir_okay=False), metavar="INTAKE",
              help="The client intake to screen against (YAML or JSON).")
@SESSION_DATE
@FINDINGS_FORMAT
@SELECT
@IGNORE
@EXIT_ZERO
@click.pass_context
def screen(ctx: click.Context, protocol_path: str, intake_path: str, on: datetime | None, output_format: str,
           select: Sequence[str], ignore: Sequence[str], exit_zero: bool) -> None:
    """Screen a protocol (or a treatment plan) against a client's intake: go, adapt or do not treat.

    The verdict comes first and always weighs every finding, whatever
    --select or --ignore leave out of the report.  Under it, "Keep in mind:"
    gives the catalog's advice on each condition of the intake, whatever the
    verdict, with the phase of each condition the intake dates ('since'),
    counted to the session's date (--on, default today).  With --format json
    the output is one object: {"verdict", "client", "on", "reasons",
    "advice", "findings"}; SARIF carries the verdict and the advice in the
    run's properties.  A treatment plan gets one
    verdict per phase ("phases" in JSON) and the worst of them for the plan;
    a phase whose protocol cannot be read means no verdict.  Exit 0 for go, 1 for adapt,
    do not treat or no verdict, 2 when a file cannot be read (never a go).
    """
    from protocolkit.check.verdicts import screen_file

    catalog = catalog_of(ctx)
    screened, unreadable = screen_file(protocol_path, intake_path, catalog, on.date() if on else None)
    properties: dict[str, object] = {"verdict": screened.verdict, "client": screened.client, "on": screened.on,
                                     "reasons": list(screened.reasons),
                                     "advice": [item.to_json() for item in screened.advice]}
    output = FindingsOutput(ctx, output_format, select, ignore, run_properties=properties)
    selected = output.selection.filter(screened.findings)
    # A treatment plan is screened phase by phase (check.verdicts.PlanScreening).
    phases = getattr(screened, "phases", None)
    if output_format == "json":
        import json

        shown: dict[str, object] = {**properties, "findings": [finding.to_json() for finding in selected]}
        if phases is not None:
            shown["phases"] = [{"phase": phase.index, "protocol": phase.protocol, "verdict": phase.screening.verdict,
                                "reasons": list(phase.screening.reasons),
                                "findings": [f.to_json() for f in output.selection.filter(phase.screening.findings)]}
                               for phase in phases]
        click.echo(json.dumps(shown, indent=2))
    else:
        click.echo(f"verdict for {screened.client}: {screened.verdict}", err=output_format != "text")
        if screened.verdict in ("adapt", "no verdict") or phases is not None:
            for reason in screened.reasons:
                click.echo(f"  {reason}", err=output_format != "text")
        from protocolkit.report.advice import keep_in_mind

        for line in keep_in_mind(screened.advice):
            click.echo(line, err=output_format != "text")
        output.report.start()
        output.emit(screened.findings)
        for phase in phases or ():
            output.emit(phase.screening.findings)
        output.report.finish()
    if unreadable:
        fail(unreadable)
    click.echo(output.summary(2), err=True)
    sys.exit(EXIT_OK if exit_zero or screened.verdict == "go" else EXIT_FINDINGS)
