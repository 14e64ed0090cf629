"""The click group and what every command shares: exit codes, format options,
failing with a message, the settings and the catalog (loaded once per run).

Command modules import this, never their package: ``protocolkit.cli`` imports
the command modules, so importing it back from one would be a cycle.
"""


from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Any, NoReturn

import click

from protocolkit import __version__

if TYPE_CHECKING:
    from datetime import date

    from protocolkit.model.conditions import Intake
    from protocolkit.plugin.catalog import Catalog
    from protocolkit.load.config import Settings
    from protocolkit.model.protocol import Duration


EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
FORMAT = click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
                      show_default=True, help="Output format.")
# Findings can also go out as SARIF (code scanning) or GitHub workflow annotations.
# The session's date: it puts each dated condition of an intake in its phase (screen, compose, export, validate).
SESSION_DATE = click.option("--on", "on", type=click.DateTime(formats=["%Y-%m-%d"]), metavar="YYYY-MM-DD",
                            help="The session's date, for conditions the intake dates with 'since' (default: today).")
FINDINGS_FORMAT = click.option("--format", "output_format", type=click.Choice(["text", "json", "sarif", "github"]),
                               default="text", show_default=True, help="Output format for findings.")


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    click.echo(f"protocolkit: error: {message}", err=True)
    sys.exit(code)


def intake_in_full(path: str, catalog: Catalog, on: date | None, doing: str) -> Intake:
    """The intake on the session's day, read in full and every condition known, or the command stops:
    a session made for a client (``doing``: composing, adapting) never guesses around what it cannot read.
    Its findings go to stderr (stdout is the protocol's); only condition ids and places are in them."""
    from protocolkit.check.validation import read_intake
    from protocolkit.check.verdicts import on_day
    from protocolkit.report.reporters import TextReporter

    read = read_intake(path, catalog)
    TextReporter(sys.stderr).file(read.findings)
    if not read.readable or read.intake is None:
        fail(read.error or f"{path}: the intake cannot be read in full; fix it before {doing}")
    if any(finding.severity == "error" for finding in read.findings):
        fail(f"{path}: the intake has errors; fix them before {doing}: nothing is guessed around what cannot be "
             "read", EXIT_FINDINGS)
    return on_day(read.intake, on)


def print_or_write(text: str, output: str | None, force: bool, wrote: str = "", *, private: bool = False) -> None:
    """``text`` on stdout, or written to ``output`` atomically: never over a file without ``--force``,
    never half-written; stderr then says ``wrote OUTPUT`` and ``wrote`` (what was written, in brackets).
    ``private``: the text holds a client's health data, so a new file is the owner's alone (0600)."""
    from protocolkit.load.writing import write_atomic

    if output is None:
        click.echo(text, nl=False)
        return
    try:
        write_atomic(output, text, overwrite=force, private=private)
    except FileExistsError:
        fail(f"{output} exists; pass --force to overwrite it")
    except OSError as error:
        fail(f"{output}: cannot write: {error.strerror or error}")
    click.echo(f"wrote {output}" + (f" ({wrote})" if wrote else ""), err=True)


class DurationType(click.ParamType):  # type: ignore[type-arg]  # generic only in newer click
    name = "duration"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Duration:
        from protocolkit.model.protocol import Duration

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
@click.option("--modalities", "modalities", multiple=True, metavar="DIR",
              type=click.Path(exists=True), help="Also load the house modality documents in DIR; repeatable.")
@click.option("--strict-plugins", is_flag=True, help="Exit 2 when any plugin fails to load.")
@click.pass_context
def cli(ctx: click.Context, plugins: tuple[str, ...], modalities: tuple[str, ...], strict_plugins: bool) -> None:
    """Compose, validate and screen massage session protocols.

    Modalities come from plugins; PROTOCOLKIT_PLUGINS=mod1,mod2 loads local
    modules and PROTOCOLKIT_DISABLE_PLUGINS=name,... blocks installed ones.
    Settings come from protocolkit.toml or [tool.protocolkit] in pyproject.toml
    (see 'protocolkit config').
    """
    ctx.obj = {"plugins": plugins, "modalities": modalities, "strict": strict_plugins}


def settings_of(ctx: click.Context) -> Settings:
    """The project's settings, found once per invocation, with the group's options on top."""
    state = ctx.find_root().obj
    if "settings" not in state:
        from protocolkit.load.config import ConfigError, load_settings
        from protocolkit.load.trust import accept_trusted

        try:  # a configuration someone else could have written is ignored, with a warning: its plugins run code
            found = load_settings(accept=accept_trusted(lambda line: click.echo(f"protocolkit: warning: {line}",
                                                                                err=True)))
        except ConfigError as error:
            fail(str(error))
        for key, option in (("plugins", "-p"), ("modalities", "--modalities")):
            if state[key]:  # the command line adds to what the file lists
                source = f"{found.source(key)} + {option}" if getattr(found, key) else option
                found = found.override(source, **{key: (*getattr(found, key), *state[key])})
        state["settings"] = found
    settings: Settings = state["settings"]
    return settings


def catalog_of(ctx: click.Context) -> Catalog:
    """Load the plugins once per invocation, only for commands that need them."""
    state = ctx.find_root().obj
    if "catalog" not in state:
        from protocolkit.check.hints import condition_candidates  # a modality's unknown contraindication: did you mean
        from protocolkit.plugin.host import PluginError, load_catalog

        settings = settings_of(ctx)
        try:
            catalog = load_catalog(local_modules=settings.plugins, house_modalities=settings.modalities,
                                   condition_hint=condition_candidates,
                                   strict=state["strict"], max_file_bytes=settings.max_file_bytes,
                                   duration_tolerance=settings.duration_tolerance)
        except PluginError as error:
            fail(str(error).removeprefix("protocolkit: "))
        catalog.recovery_hours, catalog.reassess_every = settings.recovery_hours, settings.reassess_every
        if settings.billing is not None:  # the clinic bills: its codes must name installed techniques
            from protocolkit.load.config import ConfigError
            from protocolkit.plugin.billing_codes import check_codes

            try:
                check_codes(catalog, settings.billing, settings.source("billing"))
            except ConfigError as error:
                fail(str(error))
            catalog.billing = settings.billing
        if settings.screening:  # the clinic's screening policy: every command screens by it
            from protocolkit.load.config import ConfigError
            from protocolkit.plugin.policy import tighten

            try:
                tighten(catalog, settings.screening)
            except ConfigError as error:
                fail(str(error))
        state["catalog"] = catalog
    result: Catalog = state["catalog"]
    return result


def emit_json(data: object) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))
