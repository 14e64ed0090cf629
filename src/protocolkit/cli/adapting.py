"""adapt: a protocol changed as little as it takes to screen "go" for one client's intake."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from protocolkit import __version__
from protocolkit.cli.app import (EXIT_FINDINGS, EXIT_USAGE, FORMAT, SESSION_DATE, catalog_of, cli, emit_json, fail,
                              intake_in_full,
                                 print_or_write)

if TYPE_CHECKING:
    from datetime import datetime

    from protocolkit.model.protocol import Protocol
    from protocolkit.plugin.catalog import Catalog


@cli.command()
@click.argument("protocol_path", metavar="PROTOCOL", type=click.Path(dir_okay=False))
@click.option("--intake", "intake_path", required=True, type=click.Path(dir_okay=False), metavar="INTAKE",
              help="The client intake to adapt the protocol to (YAML or JSON).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to FILE instead of stdout.")
@click.option("--force", is_flag=True, help="Overwrite an existing output file.")
@SESSION_DATE
@FORMAT
@click.pass_context
def adapt(ctx: click.Context, protocol_path: str, intake_path: str, output: str | None, force: bool,
          on: datetime | None, output_format: str) -> None:
    """Change a protocol as little as it takes to screen "go" for a client's intake.

    Lowers a pressure to the ceiling, moves a step to the other side, off a
    region or to a position the client may take, swaps a technique for the
    modality's gentler allowed one, or leaves the step out, and gives the
    freed minutes to the other steps.  stderr says what changed, step by step
    (counted from 1, as the sheet counts); the protocol (YAML) goes to stdout
    or -o FILE, or with --format json one object {"client", "verdict",
    "changed", "changes", "protocol"}.  A protocol that already screens "go"
    comes back unchanged.  Exit 0 with a protocol that screens "go"; 1 when
    screen says "do not treat" or the result would not screen "go" (with
    screen's reasons), or either file has errors; 2 when a file cannot be
    read or the output exists without --force.
    """
    from protocolkit.composition.rework import AdaptRefused, adapt_protocol
    from protocolkit.load.serialize import dump_yaml, protocol_to_data

    catalog = catalog_of(ctx)
    intake = intake_in_full(intake_path, catalog, on.date() if on else None, "adapting")
    protocol = _protocol(protocol_path, catalog)
    try:
        adaptation = adapt_protocol(protocol, intake, catalog)
    except AdaptRefused as refusal:
        if output_format == "json":
            emit_json({"client": intake.client, "verdict": refusal.verdict, "changed": False,
                       "reasons": list(refusal.reasons), "changes": [], "protocol": None})
        fail(str(refusal), EXIT_FINDINGS)
    if output_format == "json":
        import json

        text = json.dumps(adaptation.to_json(), indent=2, ensure_ascii=False) + "\n"
    else:
        for line in adaptation.lines():
            click.echo(f"protocolkit: adapted: {line}", err=True)
        header = (f"# Adapted by protocolkit {__version__} to the intake of client {intake.client}: "
                  f"{len(adaptation.changes)} change{'s' if len(adaptation.changes) != 1 else ''}\n"
                  if adaptation.changed else "")
        text = dump_yaml(protocol_to_data(adaptation.protocol), header)
    adapted = adaptation.protocol
    # Made for a client: it names them and what their conditions rule out, so a new file is theirs alone.
    print_or_write(text, output, force, f"{len(adapted.steps)} steps, {adapted.duration}", private=True)


def _protocol(path: str, catalog: Catalog) -> Protocol:
    """The protocol as validate builds it, or a located reason why there is none."""
    from protocolkit.check.validation import CHECKS, check, read_file
    from protocolkit.model.protocol import Protocol
    from protocolkit.report.reporters import TextReporter

    read = read_file(path, catalog)
    if read.document is None:
        TextReporter(sys.stderr).file(read.findings)
        if read.error:
            fail(read.error)
        fail(f"{path}: the protocol does not parse; fix it, then adapt again", EXIT_FINDINGS)
    kind = read.document.data.get("kind", "protocol")
    if kind != "protocol":
        # Only a kind protocolkit knows is named: the file may be anything, even someone's notes.
        what = f" (kind: {kind})" if isinstance(kind, str) and kind in CHECKS else ""
        fail(f"{path} is not a protocol{what}; adapt takes one protocol (a treatment plan's protocols are adapted one by one)",
             EXIT_USAGE)
    checked = check(read.document, catalog)
    stops = [finding for finding in checked.findings if finding.code in ("PK001", "PK002")]
    if not isinstance(checked.model, Protocol) or stops:
        TextReporter(sys.stderr).file(stops or checked.findings)
        fail(f"{path}: the protocol has errors that stop screening; fix them, then adapt again", EXIT_FINDINGS)
    return checked.model
