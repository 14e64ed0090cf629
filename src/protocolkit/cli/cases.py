"""cases: run screening cases and say which still get the outcome they expect."""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Sequence

import click

from protocolkit.cli.app import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, FORMAT, catalog_of, cli, emit_json


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(), metavar="PATH...")
@FORMAT
@click.pass_context
def cases(ctx: click.Context, paths: Sequence[str], output_format: str) -> None:
    """Run screening cases (kind: screening-case) and check screening still says what each expects.

    PATH is a case file or a folder; a folder is searched for .yaml, .yml
    and .json documents whose kind is screening-case.  Text: one line a case
    (PASS or FAIL, the path, the verdict); for a failure, what was expected
    and what came; then "N passed, M failed".  Exit 0 when every case
    passes, 1 when any fails, 2 when a case or a file it names cannot be
    read (the other cases still run).
    """
    from protocolkit.check.cases import run_cases
    from protocolkit.report.cases import result_text, results_data, summary_line

    catalog = catalog_of(ctx)
    counts: Counter[str] = Counter()
    if output_format == "json":
        results = list(run_cases(paths, catalog))
        counts.update(result.status for result in results)
        emit_json(results_data(results))
    else:
        for result in run_cases(paths, catalog):
            counts[result.status] += 1
            click.echo(result_text(result))
        click.echo(summary_line(counts))
    sys.exit(EXIT_USAGE if counts["error"] else EXIT_FINDINGS if counts["fail"] else EXIT_OK)
