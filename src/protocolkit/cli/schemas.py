"""schema: the JSON Schemas documents are checked against, for editors and other tools."""

from __future__ import annotations

import click

from protocolkit.cli.app import catalog_of, cli, print_or_write


@cli.command()
@click.argument("name", type=click.Choice(["protocol", "intake", "modality", "curriculum", "treatment-plan",
                                                   "requirements", "screening-case"]))
@click.option("--catalog", "with_catalog", is_flag=True,
              help="Write in the ids the installed plugins provide (modalities, techniques, regions, conditions), "
                   "each with a line describing it, so an editor can complete and check them.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to FILE instead of stdout.")
@click.option("--force", is_flag=True, help="Overwrite an existing output file.")
@click.pass_context
def schema(ctx: click.Context, name: str, with_catalog: bool, output: str | None, force: bool) -> None:
    """Print a bundled JSON Schema, or with --catalog one that knows the installed plugins.

    The --catalog schema is for editors (see docs/editors.md); write it again
    when plugins change.  The same plugins always give the same bytes.
    """

    if with_catalog:
        from protocolkit.report.catalog_schema import catalog_schema_text

        text = catalog_schema_text(name, catalog_of(ctx))
    else:
        from protocolkit.load.schemas import schema_text

        text = schema_text(name)
    print_or_write(text, output, force)
