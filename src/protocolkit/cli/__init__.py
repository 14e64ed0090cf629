"""The command line: argument parsing, output and exit codes, nothing more.

This package holds the click group and what its commands share; the commands
live beside it by job: checks.py (validate, screen), composing.py (compose)
and listings.py (what the catalog holds).

Exit codes: 0 no error (warnings allowed), 1 an error in what was checked or
asked for, 2 a usage error, an unreadable path or a fatal plugin problem.
Only click is imported at start-up; every command imports what it needs, so
``protocolkit --help`` and ``--version`` load neither jsonschema nor a plugin.
"""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Any, NoReturn

import click

from .. import __version__

if TYPE_CHECKING:
    from ..catalog import Catalog
    from ..model import Duration


EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
FORMAT = click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
                      show_default=True, help="Output format.")


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    click.echo(f"protocolkit: error: {message}", err=True)
    sys.exit(code)


class DurationType(click.ParamType):  # type: ignore[type-arg]  # generic only in newer click
    name = "duration"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Duration:
        from ..model import Duration

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
        from ..plugins import PluginError, load_catalog

        try:
            settings["catalog"] = load_catalog(local_modules=settings["plugins"], strict=settings["strict"])
        except PluginError as error:
            fail(str(error).removeprefix("protocolkit: "))
    catalog: Catalog = settings["catalog"]
    return catalog


def emit_json(data: object) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


def main() -> None:
    cli(prog_name="protocolkit")


# The commands register themselves on the group when imported; they import
# only click at module level, so this keeps --help and --version fast.
from . import checks, composing, listings  # noqa: E402,F401
