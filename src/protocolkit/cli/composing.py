"""compose: a protocol from a request, optionally adapted to a client's intake."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from protocolkit import __version__
from protocolkit.cli.app import (EXIT_FINDINGS, SESSION_DATE, DurationType, catalog_of, cli, fail, intake_in_full,
                                 print_or_write)

if TYPE_CHECKING:
    from datetime import datetime

    from protocolkit.model.protocol import Duration


@cli.command()
@click.option("--duration", required=True, type=DurationType(), help="Planned session time, e.g. 60m or 1h30m.")
@click.option("--modality", "modalities", multiple=True, metavar="ID", help="A modality to use; repeatable.")
@click.option("--region", "regions", multiple=True, metavar="REGION[:SIDE]",
              help="A body region to work (id or alias), optionally one side: calf:right, calf:left; repeatable.")
@click.option("--focus", metavar="REGION", help="The region that gets about half the hands-on time or more.")
@click.option("--goal", "goals", multiple=True, metavar="GOAL",
              help="A goal id; without --modality, picks the modalities that list it; without --region, "
                   "the regions it needs.")
@click.option("--seated", is_flag=True, help="Chair work: seated, through clothing, no oil.")
@click.option("--intent", metavar="INTENT", help="What the session is for, e.g. pre-event or post-event.")
@click.option("--id", "protocol_id", metavar="ID", help="The protocol's id (default: built from the request).")
@click.option("--title", metavar="TEXT", help="The protocol's title.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to FILE instead of stdout.")
@click.option("--force", is_flag=True, help="Overwrite an existing output file.")
@click.option("--intake", "intake_path", type=click.Path(dir_okay=False), metavar="INTAKE",
              help="Adapt to this client intake: leave out, cap and avoid what it rules out.")
@SESSION_DATE
@click.pass_context
def compose(ctx: click.Context, duration: Duration, modalities: tuple[str, ...], regions: tuple[str, ...],
            focus: str | None, goals: tuple[str, ...], seated: bool, intent: str | None, protocol_id: str | None,
            title: str | None, output: str | None, force: bool, intake_path: str | None,
            on: datetime | None) -> None:
    """Build a session protocol that validates clean (and screens clean against --intake)."""
    from protocolkit.composition.engine import ComposeError, ComposeRequest, compose_session
    from protocolkit.model.protocol import is_slug
    from protocolkit.load.serialize import dump_yaml, protocol_to_data

    for label, values in (("--goal", goals), ("--intent", (intent,) if intent else ()),
                          ("--id", (protocol_id,) if protocol_id else ())):
        for value in values:
            if not is_slug(value):
                fail(f"{label} {value!r} must be a lower-case slug such as 'range-of-motion'")
    intake = intake_in_full(intake_path, catalog_of(ctx), on.date() if on else None, "composing") \
        if intake_path else None
    request = ComposeRequest(duration=duration, regions=regions, modalities=modalities, goals=goals,
                             intent=intent, protocol_id=protocol_id, title=title, intake=intake, focus=focus,
                             seated=seated)
    try:
        composition = compose_session(catalog_of(ctx), request)
    except ComposeError as error:
        fail(str(error), EXIT_FINDINGS)
    protocol = composition.protocol
    for change in composition.changes:
        click.echo(f"protocolkit: adapted: {change}", err=True)
    header = f"# Composed by protocolkit {__version__}: {_command_line(request)}\n"
    text = dump_yaml(protocol_to_data(protocol), header)
    # Adapted to an intake, the session names the client and what their conditions rule out: private.
    print_or_write(text, output, force, f"{len(protocol.steps)} steps, {protocol.duration}", private=intake is not None)


def _command_line(request: Any) -> str:
    words = ["protocolkit compose", f"--duration {request.duration}"]
    words += [f"--modality {m}" for m in request.modalities] + [f"--region {r}" for r in request.regions]
    words += [f"--focus {request.focus}"] if request.focus else []
    words += [f"--goal {g}" for g in request.goals] + (["--seated"] if request.seated else [])
    words += [f"--intent {request.intent}"] if request.intent else []
    words += [f"(adapted to the intake of client {request.intake.client})"] if request.intake else []
    return " ".join(words)


