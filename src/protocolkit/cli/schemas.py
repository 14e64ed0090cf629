"""schema: the JSON Schemas documents are checked against, for editors and other tools."""

from __future__ import annotations

import click

from protocolkit.cli.app import cli


@cli.command()
@click.argument("name", type=click.Choice(["protocol", "intake", "modality", "curriculum"]))
def schema(name: str) -> None:
    """Print a bundled JSON Schema."""
    from protocolkit.load.schemas import schema_text

    click.echo(schema_text(name), nl=False)
