"""new-plugin: the plugin-author kit's generator (the templates live in protocolkit.authoring.scaffold)."""

from __future__ import annotations

import os

import click

from protocolkit.cli.app import catalog_of, cli, fail


@cli.command("new-plugin")
@click.argument("name")
@click.option("--dir", "directory", default=".", show_default=True, type=click.Path(file_okay=False),
              help="Create protocolkit-NAME/ in this directory.")
@click.option("--force", is_flag=True, help="Overwrite the generated files in an existing protocolkit-NAME/.")
@click.pass_context
def new_plugin(ctx: click.Context, name: str, directory: str, force: bool) -> None:
    """Create a working modality plugin, protocolkit-NAME/, to edit from.

    NAME is the new modality's id, a lower-case slug such as hot-stone.
    """
    from pathlib import Path

    from protocolkit.model.protocol import is_slug
    from protocolkit.authoring.scaffold import generate_plugin, plugin_names

    if not is_slug(name):
        fail(f"plugin name {name!r} must be a lower-case slug such as 'hot-stone' "
             "(letters, digits and single hyphens, starting with a letter)")
    catalog = catalog_of(ctx)
    names = plugin_names(name, taken_codes=set(catalog.rules))
    if name in catalog.modalities:
        fail(f"'{name}' is already a modality (plugin '{catalog.modalities.owner(name)}'); pick another name")
    taken = next((p for p in catalog.plugins if p.name == name), None)
    if taken is not None:
        fail(f"a plugin called '{name}' is already installed ({taken.origin}); pick another name")
    if names.technique in catalog.techniques:
        fail(f"technique '{names.technique}' is already registered by plugin "
             f"'{catalog.techniques.owner(names.technique)}'; pick another name")
    root = os.path.normpath(os.path.join(directory, names.distribution))
    try:
        written = generate_plugin(name, Path(directory), force=force, taken_codes=set(catalog.rules))
    except FileExistsError:
        fail(f"{root} already exists; pass --force to overwrite the generated files in it")
    except OSError as error:
        fail(f"{error.filename or root}: cannot write: {error.strerror or error}")
    click.echo(f"created the {name} plugin in {root}{os.sep}:")
    for path in written:
        click.echo(f"  {os.path.relpath(path, directory)}")
    click.echo(f"its rule code is {names.rule_code}; the README says what to edit.")
    click.echo("next steps:")
    click.echo(f"  pip install -e {root}")
    click.echo(f"  pytest {root}")
