"""lsp: the language server an editor starts, over standard input and output."""

from __future__ import annotations

import click

from protocolkit.cli.app import cli, fail


@cli.command()
@click.option("--stdio", is_flag=True, help="Talk over standard input and output (the default and only way; "
              "accepted because editors pass it).")
@click.pass_context
def lsp(ctx: click.Context, stdio: bool) -> None:
    """Start the language server for an editor: diagnostics, completion, hover and quick fixes.

    An editor starts it and talks to it over standard input and output;
    each document is checked with the configuration found from its own
    folder, as 'validate' run there would find it.  -p and --modalities
    given before 'lsp' add to every project's plugins and house modalities.
    """
    try:
        import lsprotocol  # noqa: F401
        import pygls  # noqa: F401
    except ImportError:
        fail("the language server needs its extra: pip install 'protocolkit[lsp]'")
    from protocolkit.lsp.server import serve

    options = ctx.find_root().obj  # the group's -p, --modalities and --strict-plugins
    serve(plugins=options["plugins"], modalities=options["modalities"], strict=options["strict"])
