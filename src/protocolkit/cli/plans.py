"""plan summary: a treatment plan's SOAP Plan lines and, from a start date, its calendar."""

from __future__ import annotations

import sys
from datetime import datetime

import click

from protocolkit.cli.app import EXIT_FINDINGS, EXIT_OK, catalog_of, cli, emit_json, fail, settings_of


@cli.group()
def plan() -> None:
    """Work with treatment plans (kind: treatment-plan)."""


@plan.command()
@click.argument("plan_path", metavar="PLAN", type=click.Path(dir_okay=False))
@click.option("--start", type=click.DateTime(formats=["%Y-%m-%d"]), metavar="DATE",
              help="The first session's date (YYYY-MM-DD): also print the calendar of sessions.")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text: the Plan lines and calendar; json: the same as data, with the findings.")
@click.pass_context
def summary(ctx: click.Context, plan_path: str, start: datetime | None, output_format: str) -> None:
    """Check a treatment plan, then print its SOAP Plan line for each phase.

    Figures (sessions, days, minutes), the goals and their targets, then one
    line per phase built from its protocol and interval; with --start, every
    session's date, number and phase, and where the reassessments fall (no session on a
    weekday closed under [plans] in protocolkit.toml: it moves to the next open day).
    Findings go to stderr (in JSON, beside the summary); exit 1 when there is
    an error, 2 when the plan cannot be read or is not a plan.
    """
    from protocolkit.report.plan_summary import read_plan, summary_data, summary_text
    from protocolkit.report.reporters import TextReporter

    catalog = catalog_of(ctx)
    closed = settings_of(ctx).closed_days
    read = read_plan(plan_path, catalog)
    if read.error:
        fail(read.error)
    first_day = start.date() if start else None
    if output_format == "json":
        emit_json({"findings": [f.to_json() for f in read.findings],
                   "summary": summary_data(read.report, catalog, first_day, closed) if read.report else None})
    else:
        TextReporter(sys.stderr).file(read.findings)
        if read.report is not None:
            click.echo(summary_text(read.report, catalog, first_day, closed), nl=False)
    sys.exit(EXIT_FINDINGS if read.report is None or any(f.severity == "error" for f in read.findings) else EXIT_OK)
