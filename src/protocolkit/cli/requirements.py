"""requirements: the installed requirement profiles, or one of them as the data of its YAML form."""

from __future__ import annotations

import click

from protocolkit.cli.app import catalog_of, cli, emit_json, fail


@cli.command()
@click.argument("profile_id", metavar="[ID]", required=False)
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="json: the profiles (or the one named) as the data of their YAML form.")
@click.pass_context
def requirements(ctx: click.Context, profile_id: str | None, output_format: str) -> None:
    """List the installed requirement profiles: id, jurisdiction, total hours, as-of date and source.

    With an ID, print that profile; 'protocolkit curriculum report FILE --against ID'
    checks a curriculum against it.
    """
    from protocolkit.report.requirements import profile_data, profiles_text

    catalog = catalog_of(ctx)
    profiles = catalog.requirements
    if profile_id is not None and profile_id not in profiles:
        hint = profiles.suggest(profile_id)
        fail(f"no requirement profile '{profile_id}'" + (f"; did you mean '{hint}'?" if hint else "")
             + f" (installed: {', '.join(sorted(profiles)) or 'none'})", 1)
    chosen = [profiles[profile_id]] if profile_id else [profiles[key] for key in sorted(profiles)]
    if output_format == "json":
        emit_json(profile_data(chosen[0]) if profile_id else [profile_data(profile) for profile in chosen])
    elif profile_id:
        from protocolkit.load.serialize import dump_yaml

        click.echo(f"# from plugin {profiles.owner(profile_id)}\n" + dump_yaml(profile_data(chosen[0])), nl=False)
    else:
        click.echo(profiles_text(chosen, {key: profiles.owner(key) for key in profiles}), nl=False)
