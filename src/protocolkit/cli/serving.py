"""serve: the studio, a local web app over a folder of protocols."""

from __future__ import annotations

from pathlib import Path

import click

from protocolkit.cli.app import catalog_of, cli, fail, settings_of


@cli.command()
@click.argument("folder", default=".", type=click.Path(exists=True, file_okay=False))
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but loopback lets other machines in.")
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True,
              help="Port to listen on; 0 picks a free one.")
@click.option("--token", metavar="TOKEN", help="The access token (default: a new random one each start).")
@click.option("--token-file", metavar="PATH", type=click.Path(path_type=Path),
              help="Keep the access token in PATH (created, readable by you alone, when missing), so that the "
                   "address stays the same across restarts.")
@click.option("--no-open", is_flag=True, help="Do not open a browser.")
@click.option("--read-only", is_flag=True, help="Allow no saving.")
@click.pass_context
def serve(ctx: click.Context, folder: str, host: str, port: int, token: str | None, token_file: Path | None,
          no_open: bool, read_only: bool) -> None:
    """Start the studio over FOLDER: prints the address to open, with its access token; Ctrl+C stops it."""
    if token is not None and token_file is not None:
        fail("give either --token or --token-file, not both")
    try:
        import jinja2  # noqa: F401
        import starlette  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError:
        fail("the studio needs its extra: pip install 'protocolkit[studio]'")
    from protocolkit.studio.server import PortInUse, StartError, token_from_file
    from protocolkit.studio.server import serve as run

    try:
        if token_file is not None:
            token = token_from_file(token_file)
        run(Path(folder), catalog_of(ctx), host=host, port=port, token=token, open_browser=not no_open,
            read_only=read_only, settings=settings_of(ctx))
    except PortInUse as error:
        fail(f"port {error.port} is in use on {host}; choose another with --port, or --port 0 for any free one")
    except StartError as error:
        fail(str(error))
    except OSError as error:
        fail(f"cannot listen on {host}:{port}: {error.strerror or error}")
