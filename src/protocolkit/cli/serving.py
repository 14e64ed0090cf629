"""serve: the studio, a local web app over a folder of protocols."""

from __future__ import annotations

from pathlib import Path

import click

from protocolkit.cli.app import catalog_of, cli, fail


@cli.command()
@click.argument("folder", default=".", type=click.Path(exists=True, file_okay=False))
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but loopback lets other machines in.")
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True,
              help="Port to listen on; 0 picks a free one.")
@click.option("--token", metavar="TOKEN", help="The access token (default: a new random one each start).")
@click.option("--no-open", is_flag=True, help="Do not open a browser.")
@click.option("--read-only", is_flag=True, help="Allow no saving.")
@click.pass_context
def serve(ctx: click.Context, folder: str, host: str, port: int, token: str | None, no_open: bool,
          read_only: bool) -> None:
    """Start the studio over FOLDER: prints the address to open, with its access token."""
    try:
        import jinja2  # noqa: F401
        import starlette  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError:
        fail("the studio needs its extra: pip install 'protocolkit[studio]'")
    from protocolkit.studio.server import serve as run

    try:
        run(Path(folder), catalog_of(ctx), host=host, port=port, token=token, open_browser=not no_open,
            read_only=read_only)
    except OSError as error:
        fail(f"cannot listen on {host}:{port}: {error.strerror or error}")
