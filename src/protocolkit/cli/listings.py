"""What the catalog holds: modalities, techniques, regions, conditions, plugins, rules and their pages."""

from __future__ import annotations

import click

from protocolkit.cli.app import FORMAT, catalog_of, cli, emit_json, fail, settings_of


@cli.command()
@FORMAT
@click.pass_context
def modalities(ctx: click.Context, output_format: str) -> None:
    """List the installed modalities."""
    from protocolkit.report.describe import modality_data

    catalog = catalog_of(ctx)
    items = sorted(catalog.modalities.values(), key=lambda m: m.id)
    if output_format == "json":
        emit_json([modality_data(catalog, m) for m in items])
        return
    width = max((len(m.id) for m in items), default=0)
    for modality in items:
        click.echo(f"{modality.id:<{width}}  {modality.name}  ({catalog.modalities.owner(modality.id)})")


@cli.command()
@click.argument("modality_id", metavar="MODALITY")
@FORMAT
@click.pass_context
def show(ctx: click.Context, modality_id: str, output_format: str) -> None:
    """Show one modality: techniques, timings, pressure, contraindications, indications."""
    from protocolkit.report.describe import modality_data, modality_text

    catalog = catalog_of(ctx)
    modality = catalog.modalities.get(modality_id)
    if modality is None:
        missing = catalog.unavailable_plugin(modality_id)
        hint = catalog.modalities.suggest(modality_id)
        if missing is not None:
            fail(f"modality '{modality_id}' is unavailable: its plugin '{missing.name}' {missing.status}")
        fail(f"unknown modality '{modality_id}'" + (f"; did you mean '{hint}'?" if hint else ""))
    if output_format == "json":
        emit_json(modality_data(catalog, modality))
    else:
        click.echo(modality_text(catalog, modality), nl=False)


@cli.command()
@FORMAT
@click.pass_context
def techniques(ctx: click.Context, output_format: str) -> None:
    """List every technique and the modalities that offer it."""
    from protocolkit.report.describe import technique_data

    catalog = catalog_of(ctx)
    items = sorted(catalog.techniques.values(), key=lambda t: t.id)
    if output_format == "json":
        emit_json([{**technique_data(t), "plugin": catalog.techniques.owner(t.id),
                    "modalities": catalog.modalities_offering(t.id)} for t in items])
        return
    width = max((len(t.id) for t in items), default=0)
    for technique in items:
        offered = ", ".join(catalog.modalities_offering(technique.id)) or "no modality"
        click.echo(f"{technique.id:<{width}}  pressure {technique.pressure}  step {technique.duration}  "
                   f"lubricant {technique.lubricant:<6}  {offered}")


@cli.command()
@FORMAT
def regions(output_format: str) -> None:
    """List the body regions, their aliases and the endangerment sites."""
    from protocolkit.report.describe import region_data
    from protocolkit.model.regions import REGIONS

    if output_format == "json":
        emit_json([region_data(region) for region in REGIONS])
        return
    for region in REGIONS:
        flag = f"  endangerment site: {region.endangerment}; work around it on the {region.within}" \
            if region.endangerment else ""
        aliases = f"  (also: {', '.join(region.aliases)})" if region.aliases else ""
        click.echo(f"{region.id:<17} {region.name}{aliases}{flag}")


@cli.command()
@FORMAT
@click.pass_context
def subjects(ctx: click.Context, output_format: str) -> None:
    """List the subjects a curriculum module can teach: ids, aliases, and what composites are made of."""
    catalog = catalog_of(ctx)
    if output_format == "json":
        emit_json([{**subject.to_json(), "plugin": catalog.subjects.owner(subject.id)}
                   for subject in catalog.subjects.values()])
        return
    width = max((len(subject_id) for subject_id in catalog.subjects), default=0)
    for subject in catalog.subjects.values():
        parts = f"  = {' + '.join(subject.parts)}" if subject.parts else ""
        aliases = f"  (also: {', '.join(subject.aliases)})" if subject.aliases else ""
        click.echo(f"{subject.id:<{width}}  {subject.name}{parts}{aliases}")


@cli.command()
@FORMAT
@click.pass_context
def plugins(ctx: click.Context, output_format: str) -> None:
    """List the plugins: name, distribution version, hooks and status."""
    catalog = catalog_of(ctx)
    if output_format == "json":
        emit_json([plugin.to_json() for plugin in catalog.plugins])
        return
    for plugin in catalog.plugins:
        version = f"{plugin.distribution} {plugin.version}" if plugin.distribution else plugin.origin
        line = f"{plugin.name:<20} {plugin.status:<8} {version}"
        line += f"  {', '.join(hook.removeprefix('protocolkit_') for hook in plugin.hooks)}" if plugin.hooks else ""
        line += f"  ({plugin.error})" if plugin.error else ""
        click.echo(line)


@cli.command()
@FORMAT
@click.pass_context
def rules(ctx: click.Context, output_format: str) -> None:
    """List every rule code with a one-line description."""
    from protocolkit.report.describe import rule_data
    from protocolkit.report.rule_pages import page_data

    catalog = catalog_of(ctx)
    items = sorted(catalog.rules.values(), key=lambda r: r.code)
    if output_format == "json":
        emit_json([{**rule_data(catalog, rule), **page_data(rule)} for rule in items])
        return
    for rule in items:
        click.echo(f"{rule.code}  {rule.severity:<7}  {rule.summary}")


@cli.command()
@click.argument("code")
@click.option("--format", "output_format", type=click.Choice(["text", "markdown", "json"]), default="text",
              show_default=True, help="Output format; markdown gives the page as docs/rules/ holds it.")
@click.pass_context
def rule(ctx: click.Context, code: str, output_format: str) -> None:
    """Explain one rule: what it checks, why it matters, an example and its fix."""
    from protocolkit.report.describe import rule_data
    from protocolkit.report.rule_pages import page_data, page_markdown, page_text

    catalog = catalog_of(ctx)
    found = catalog.rules.get(code.strip().upper())
    if found is None:
        hint = catalog.rules.suggest(code.strip().upper())
        fail(f"unknown rule code '{code}'" + (f"; did you mean '{hint}'?" if hint else "")
             + " ('protocolkit rules' lists them)")
    owner = catalog.rules.owner(found.code)
    if output_format == "json":
        emit_json({**rule_data(catalog, found), **page_data(found)})
    elif output_format == "markdown":
        click.echo(page_markdown(found, owner), nl=False)
    else:
        click.echo(page_text(found, owner), nl=False)


@cli.command()
@click.option("--format", "output_format", type=click.Choice(["text", "json", "markdown"]), default="text",
              show_default=True, help="Output format; markdown gives the documentation's table.")
@click.pass_context
def conditions(ctx: click.Context, output_format: str) -> None:
    """List the conditions screening knows: category, restriction, reason."""
    from protocolkit.report.describe import all_conditions, condition_data, conditions_markdown, stricter_for

    catalog = catalog_of(ctx)
    if output_format == "json":
        emit_json([condition_data(catalog, c) for c in all_conditions(catalog)])
    elif output_format == "markdown":
        click.echo(conditions_markdown(catalog), nl=False)
    else:
        for condition in all_conditions(catalog):
            stricter = "; ".join(f"{m}: {how}" for m, how in sorted(stricter_for(catalog, condition).items()))
            scope = f" ({condition.modality} only)" if condition.modality else f" ({stricter})" if stricter else ""
            click.echo(f"{condition.id:<26} {condition.category:<8} {condition.restriction}{scope}")


@cli.command()
@FORMAT
@click.pass_context
def config(ctx: click.Context, output_format: str) -> None:
    """Show the settings in force and where each one came from."""
    settings = settings_of(ctx)
    if output_format == "json":
        emit_json(settings.to_json())
        return
    click.echo(f"configuration file: {settings.config_file or 'none found (protocolkit.toml or pyproject.toml)'}")
    for key, entry in settings.to_json().items():
        if key in ("config_file", "screening", "billing"):
            continue
        value = entry["value"]
        shown = ", ".join(value) if isinstance(value, list) else str(value)
        click.echo(f"{key:<19} {shown or '(none)':<40} from {entry['source']}")
    # The screening policy: one line for each rule, each saying where it was written.
    for index, rule in enumerate(settings.screening.rules() or ["(none)"]):
        click.echo(f"{'screening' if index == 0 else '':<19} {rule:<40} from {settings.source('screening')}")
    # Billing: the policy, then each code the clinic maps, a line each.
    billing = settings.billing
    lines = ([f"policy {billing.policy}", *(f"{key} = {code}" for key, code in sorted(billing.codes.items()))]
             if billing is not None else ["(none: no Billing box on sheets)"])
    for index, line in enumerate(lines):
        click.echo(f"{'billing' if index == 0 else '':<19} {line:<40} from {settings.source('billing')}")
