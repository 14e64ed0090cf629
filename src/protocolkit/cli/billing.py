"""units: the billing units of a protocol's session or of a treatment plan's series."""

from __future__ import annotations

import sys

import click

from protocolkit.cli.app import EXIT_FINDINGS, EXIT_OK, FORMAT, catalog_of, cli, emit_json, fail

# model.billing.POLICIES, written out so that --help loads no model (tests/test_cli_units.py checks they agree).
POLICY_NAMES = ("cms", "per-code")


@cli.command()
@click.argument("path", metavar="PROTOCOL|PLAN", type=click.Path(dir_okay=False))
@click.option("--policy", type=click.Choice(POLICY_NAMES), default=None,
              help="cms: the total timed minutes set the units; per-code: each code on its own. "
                   "Default: [billing] policy in protocolkit.toml, else cms.")
@FORMAT
@click.pass_context
def units(ctx: click.Context, path: str, policy: str | None, output_format: str) -> None:
    """Count the billing units (timed codes of 15 minutes) of a protocol or a treatment plan.

    For each code: its minutes and the units it gets, then the total, the
    minutes that bill nothing (steps without a code, and activities), why
    the count is what it is, and hints where a few minutes would change it.
    A plan gets a block per phase and the series' totals.  Codes come from
    the modalities and from [billing] codes in protocolkit.toml.  Nothing in
    the file is changed.

    The file is checked first; its findings go to stderr.  With --format
    json the output is one object: {"policy", "codes", "total-units",
    "timed-minutes", "untimed-minutes", "no-code-minutes", "no-code",
    "explanation", "hints"}, and for a plan also "sessions".

    Exit codes: 0 units reported; 1 the file has errors, so no units are
    counted; 2 the file cannot be read, is neither a protocol nor a plan, or
    the command is used wrongly.
    """
    from protocolkit.check.billing_plan import read_units
    from protocolkit.report.billing import plan_units_text, units_text
    from protocolkit.report.reporters import TextReporter

    read = read_units(path, catalog_of(ctx), policy)
    TextReporter(sys.stderr).file(read.findings)
    if read.error:
        fail(read.error)
    if not read.counted:
        fail(f"{path} has errors (above); fix them first: units are counted only for a file that checks "
             "('protocolkit validate' shows every finding)", EXIT_FINDINGS)
    counted = read.plan or read.units
    assert counted is not None
    if output_format == "json":
        emit_json(counted.to_json())
    elif read.plan is not None:
        click.echo(plan_units_text(read.plan), nl=False)
    elif read.units is not None:
        click.echo(units_text(read.units, read.title), nl=False)
    sys.exit(EXIT_OK)
