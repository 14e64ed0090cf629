"""check-plugin: the conformance check on an installed plugin, the bar the core holds its seed plugins to."""

from __future__ import annotations

import click

from protocolkit.cli.app import EXIT_USAGE, catalog_of, cli, emit_json, fail


@cli.command("check-plugin")
@click.argument("name")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Output format.")
@click.pass_context
def check_plugin(ctx: click.Context, name: str, output_format: str) -> None:
    """Check that the installed plugin NAME conforms: its items, rule pages and composed sessions.

    NAME is a plugin's name as `protocolkit plugins` lists it.  Exits 0 when it
    conforms, 1 with one problem a line (each says what to change), 2 when no
    plugin has that name.
    """
    from protocolkit.authoring.conformance import report
    from protocolkit.authoring.quality import UnknownPlugin

    try:
        found = report(catalog_of(ctx), name)
    except UnknownPlugin as error:
        fail(str(error), EXIT_USAGE)
    if output_format == "json":
        emit_json(found.as_json())
    else:
        for problem in found.problems:
            click.echo(problem)
        click.echo(found.summary())
    ctx.exit(1 if found.problems else 0)
