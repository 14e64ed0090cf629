"""The command line: argument parsing, output and exit codes, nothing more.

Exit codes: 0 no error (warnings allowed), 1 an error in what was checked or
asked for, 2 a usage error, an unreadable path or a fatal plugin problem.
Only click is imported at start-up; every command imports what it needs, so
``protocolkit --help`` and ``--version`` load neither jsonschema nor a plugin.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NoReturn

import click

from . import __version__

if TYPE_CHECKING:
    from .catalog import Catalog
    from .conditions import Intake
    from .findings import Finding
    from .model import Duration


EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
FORMAT = click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
                      show_default=True, help="Output format.")


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    click.echo(f"protocolkit: error: {message}", err=True)
    sys.exit(code)


class DurationType(click.ParamType):  # type: ignore[type-arg]  # generic only in newer click
    name = "duration"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Duration:
        from .model import Duration

        if isinstance(value, Duration):
            return value
        try:
            return Duration.parse(value)
        except ValueError as error:
            self.fail(str(error), param, ctx)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="protocolkit")
@click.option("-p", "--plugin", "plugins", multiple=True, metavar="MODULE",
              help="Also load this plugin module (dotted name or a .py file); repeatable.")
@click.option("--strict-plugins", is_flag=True, help="Exit 2 when any plugin fails to load.")
@click.pass_context
def cli(ctx: click.Context, plugins: tuple[str, ...], strict_plugins: bool) -> None:
    """Compose, validate and screen massage session protocols.

    Modalities come from plugins; PROTOCOLKIT_PLUGINS=mod1,mod2 loads local
    modules and PROTOCOLKIT_DISABLE_PLUGINS=name,... blocks installed ones.
    """
    ctx.obj = {"plugins": plugins, "strict": strict_plugins}


def catalog_of(ctx: click.Context) -> Catalog:
    """Load the plugins once per invocation, only for commands that need them."""
    settings = ctx.find_root().obj
    if "catalog" not in settings:
        from .plugins import PluginError, load_catalog

        try:
            settings["catalog"] = load_catalog(local_modules=settings["plugins"], strict=settings["strict"])
        except PluginError as error:
            fail(str(error).removeprefix("protocolkit: "))
    catalog: Catalog = settings["catalog"]
    return catalog


def emit_json(data: object) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


INTAKE = click.option("--intake", "intake_path", type=click.Path(dir_okay=False), metavar="INTAKE",
                      help="Screen against this client intake (YAML or JSON).")


class Tally:
    """Counts findings by severity as they are reported."""

    def __init__(self) -> None:
        self.counts = {"error": 0, "warning": 0, "info": 0}

    def add(self, findings: list[Finding]) -> list[Finding]:
        for finding in findings:
            self.counts[finding.severity] += 1
        return findings

    def summary(self, files: int) -> str:
        parts = ", ".join(f"{n} {kind}{'s' if n != 1 else ''}" for kind, n in self.counts.items() if n)
        return f"checked {files} file{'s' if files != 1 else ''}: {parts or 'no problems'}"


NO_INTAKE_VERDICT = "the intake cannot be read in full, so there is no verdict; fix it first"


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@INTAKE
@FORMAT
@click.pass_context
def validate(ctx: click.Context, paths: Sequence[str], intake_path: str | None, output_format: str) -> None:
    """Check protocol files (or every .yaml/.yml/.json under a directory)."""
    from .reporters import reporter
    from .validation import PathProblem, document_paths, read_intake, validate_file

    try:
        files = list(document_paths(paths))
    except PathProblem as problem:
        fail(str(problem))
    catalog = catalog_of(ctx)
    report, tally = reporter(output_format, sys.stdout), Tally()
    report.start()
    intake = None
    if intake_path:
        read = read_intake(intake_path, catalog)
        report.file(tally.add(read.findings))
        if not read.readable:
            report.finish()
            fail(read.error or f"{intake_path}: {NO_INTAKE_VERDICT}")
        intake = read.intake
    unreadable = False
    for path in files:
        result = validate_file(path, catalog, intake)
        if result.error:
            click.echo(f"protocolkit: error: {result.error}", err=True)
            unreadable = True
        report.file(tally.add(result.findings))
    report.finish()
    click.echo(tally.summary(len(files)), err=True)
    if unreadable:
        sys.exit(EXIT_USAGE)
    sys.exit(EXIT_FINDINGS if tally.counts["error"] else EXIT_OK)


@cli.command()
@click.argument("protocol_path", metavar="PROTOCOL", type=click.Path(dir_okay=False))
@click.option("--intake", "intake_path", required=True, type=click.Path(dir_okay=False), metavar="INTAKE",
              help="The client intake to screen against (YAML or JSON).")
@FORMAT
@click.pass_context
def screen(ctx: click.Context, protocol_path: str, intake_path: str, output_format: str) -> None:
    """Screen a protocol against a client's intake: go, adapt or do not treat.

    The verdict comes first; exit 0 for go, 1 for adapt or do not treat, 2
    when the intake cannot be read (never a go).
    """
    from .reporters import reporter
    from .screening import UNKNOWN_CONDITION, verdict
    from .validation import PARSE_ERROR, read_intake, validate_file

    catalog = catalog_of(ctx)
    tally = Tally()
    read = read_intake(intake_path, catalog)
    findings = list(tally.add(read.findings))
    if read.readable:
        result = validate_file(protocol_path, catalog, read.intake)
        if result.error:
            fail(result.error)
        findings += tally.add(result.findings)
        unscreened = any(f.code in (PARSE_ERROR, "PK001") and f.file == protocol_path for f in findings)
        if unscreened or any(f.code == UNKNOWN_CONDITION.code for f in findings):
            outcome = "no verdict: fix the errors below, then screen again"
        else:
            outcome = verdict(findings)
    else:
        outcome = "no verdict: the intake cannot be read"
    client = read.intake.client if read.intake else "an unreadable intake"
    click.echo(f"verdict for {client}: {outcome}", err=output_format != "text")
    report = reporter(output_format, sys.stdout)
    report.start()
    report.file(findings)
    report.finish()
    if not read.readable:
        fail(read.error or f"{intake_path}: {NO_INTAKE_VERDICT}")
    click.echo(tally.summary(2), err=True)
    sys.exit(EXIT_FINDINGS if tally.counts["error"] else EXIT_OK)


@cli.command()
@click.option("--duration", required=True, type=DurationType(), help="Planned session time, e.g. 60m or 1h30m.")
@click.option("--modality", "modalities", multiple=True, metavar="ID", help="A modality to use; repeatable.")
@click.option("--region", "regions", multiple=True, required=True, metavar="REGION",
              help="A body region to work (id or alias); repeatable.")
@click.option("--goal", "goals", multiple=True, metavar="GOAL",
              help="A goal id; without --modality, picks the modalities that list it.")
@click.option("--intent", metavar="INTENT", help="What the session is for, e.g. pre-event or post-event.")
@click.option("--id", "protocol_id", metavar="ID", help="The protocol's id (default: built from the request).")
@click.option("--title", metavar="TEXT", help="The protocol's title.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to FILE instead of stdout.")
@click.option("--force", is_flag=True, help="Overwrite an existing output file.")
@click.option("--intake", "intake_path", type=click.Path(dir_okay=False), metavar="INTAKE",
              help="Adapt to this client intake: leave out, cap and avoid what it rules out.")
@click.pass_context
def compose(ctx: click.Context, duration: Duration, modalities: tuple[str, ...], regions: tuple[str, ...],
            goals: tuple[str, ...], intent: str | None, protocol_id: str | None, title: str | None,
            output: str | None, force: bool, intake_path: str | None) -> None:
    """Build a session protocol that validates clean (and screens clean against --intake)."""
    from .compose import ComposeError, ComposeRequest, compose_session
    from .documents import write_atomic
    from .model import is_slug
    from .serialize import dump_yaml, protocol_to_data

    for label, values in (("--goal", goals), ("--intent", (intent,) if intent else ()),
                          ("--id", (protocol_id,) if protocol_id else ())):
        for value in values:
            if not is_slug(value):
                fail(f"{label} {value!r} must be a lower-case slug such as 'range-of-motion'")
    intake = _intake_for_compose(ctx, intake_path) if intake_path else None
    request = ComposeRequest(duration=duration, regions=regions, modalities=modalities, goals=goals,
                             intent=intent, protocol_id=protocol_id, title=title, intake=intake)
    try:
        composition = compose_session(catalog_of(ctx), request)
    except ComposeError as error:
        fail(str(error), EXIT_FINDINGS)
    protocol = composition.protocol
    for change in composition.changes:
        click.echo(f"protocolkit: adapted: {change}", err=True)
    header = f"# Composed by protocolkit {__version__}: {_command_line(request)}\n"
    text = dump_yaml(protocol_to_data(protocol), header)
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        write_atomic(output, text, overwrite=force)
    except FileExistsError:
        fail(f"{output} exists; pass --force to overwrite it")
    except OSError as error:
        fail(f"{output}: cannot write: {error.strerror or error}")
    click.echo(f"wrote {output} ({len(protocol.steps)} steps, {protocol.duration})", err=True)


def _intake_for_compose(ctx: click.Context, path: str) -> Intake:
    """The intake, read in full and every condition known, or no composition at all."""
    from .validation import read_intake

    read = read_intake(path, catalog_of(ctx))
    for finding in read.findings:
        click.echo(f"{finding.file}:{finding.line}:{finding.column}: {finding.code} {finding.message}", err=True)
    if not read.readable or read.intake is None:
        fail(read.error or f"{path}: the intake cannot be read in full; fix it before composing")
    if any(finding.severity == "error" for finding in read.findings):
        fail(f"{path}: the intake has errors; compose does not guess around what it cannot read", EXIT_FINDINGS)
    return read.intake


def _command_line(request: Any) -> str:
    words = ["protocolkit compose", f"--duration {request.duration}"]
    words += [f"--modality {m}" for m in request.modalities] + [f"--region {r}" for r in request.regions]
    words += [f"--goal {g}" for g in request.goals]
    words += [f"--intent {request.intent}"] if request.intent else []
    words += [f"(adapted to the intake of client {request.intake.client})"] if request.intake else []
    return " ".join(words)


@cli.command()
@FORMAT
@click.pass_context
def modalities(ctx: click.Context, output_format: str) -> None:
    """List the installed modalities."""
    from .describe import modality_data

    catalog = catalog_of(ctx)
    items = sorted(catalog.modalities.values(), key=lambda m: m.id)
    if output_format == "json":
        emit_json([modality_data(catalog, m) for m in items])
        return
    width = max((len(m.id) for m in items), default=0)
    for modality in items:
        click.echo(f"{modality.id:<{width}}  {modality.name}  ({catalog.owner('modality', modality.id)})")


@cli.command()
@click.argument("modality_id", metavar="MODALITY")
@FORMAT
@click.pass_context
def show(ctx: click.Context, modality_id: str, output_format: str) -> None:
    """Show one modality: techniques, timings, pressure, contraindications, indications."""
    from .describe import modality_data, modality_text

    catalog = catalog_of(ctx)
    modality = catalog.modalities.get(modality_id)
    if modality is None:
        missing = catalog.unavailable_plugin(modality_id)
        hint = catalog.suggest_modality(modality_id)
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
    from .describe import technique_data

    catalog = catalog_of(ctx)
    items = sorted(catalog.techniques.values(), key=lambda t: t.id)
    if output_format == "json":
        emit_json([{**technique_data(t), "plugin": catalog.owner("technique", t.id),
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
    from .describe import region_data
    from .regions import REGIONS

    if output_format == "json":
        emit_json([region_data(region) for region in REGIONS])
        return
    for region in REGIONS:
        flag = f"  endangerment site: {region.endangerment}" if region.endangerment else ""
        aliases = f"  (also: {', '.join(region.aliases)})" if region.aliases else ""
        click.echo(f"{region.id:<17} {region.name}{aliases}{flag}")


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
    from .describe import rule_data

    catalog = catalog_of(ctx)
    items = sorted(catalog.rules.values(), key=lambda r: r.code)
    if output_format == "json":
        emit_json([rule_data(catalog, rule) for rule in items])
        return
    for rule in items:
        click.echo(f"{rule.code}  {rule.severity:<7}  {rule.summary}")


@cli.command()
@click.option("--format", "output_format", type=click.Choice(["text", "json", "markdown"]), default="text",
              show_default=True, help="Output format; markdown gives the documentation's table.")
@click.pass_context
def conditions(ctx: click.Context, output_format: str) -> None:
    """List the conditions screening knows: category, restriction, reason."""
    from .describe import all_conditions, condition_data, conditions_markdown

    catalog = catalog_of(ctx)
    if output_format == "json":
        emit_json([condition_data(catalog, c) for c in all_conditions(catalog)])
    elif output_format == "markdown":
        click.echo(conditions_markdown(catalog), nl=False)
    else:
        for condition in all_conditions(catalog):
            scope = f" ({condition.modality} only)" if condition.modality else ""
            click.echo(f"{condition.id:<26} {condition.category:<8} {condition.restriction}{scope}")


@cli.command()
@click.argument("name", type=click.Choice(["protocol", "intake"]))
def schema(name: str) -> None:
    """Print a bundled JSON Schema."""
    from .schemas import schema_text

    click.echo(schema_text(name), nl=False)


def main() -> None:
    cli(prog_name="protocolkit")
