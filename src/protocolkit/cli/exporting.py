"""export: a protocol out as a session sheet (markdown, html) or a FHIR Bundle."""

from __future__ import annotations

import sys

import click

from protocolkit.cli.app import EXIT_FINDINGS, catalog_of, cli, fail


@cli.command()
@click.argument("protocol_path", metavar="PROTOCOL", type=click.Path(dir_okay=False))
@click.option("--to", "format_id", required=True, metavar="FORMAT",
              help="markdown, html, fhir, or a format a plugin registers.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to FILE instead of stdout.")
@click.option("--force", is_flag=True, help="Overwrite an existing output file.")
@click.option("--intake", "intake_path", type=click.Path(dir_okay=False), metavar="INTAKE",
              help="Include the screening verdict and what must change for this client.")
@click.option("--fhir-version", type=click.Choice(["R5", "R4B"]), default="R5", show_default=True,
              help="FHIR release for --to fhir.")
@click.option("--paper", type=click.Choice(["a4", "letter", "auto"]), default="a4", show_default=True,
              help="Page size the html sheet asks the printer for (auto: whatever the print dialog chooses).")
@click.pass_context
def export(ctx: click.Context, protocol_path: str, format_id: str, output: str | None, force: bool,
           intake_path: str | None, fhir_version: str, paper: str) -> None:
    """Export a protocol that validates without errors.

    With --intake, screening findings (PK401-PK406) do not stop the export:
    they are what the session sheet tells the therapist, under its verdict.
    """
    from protocolkit.check.validation import read_file, read_intake
    from protocolkit.export.context import export_context
    from protocolkit.load.documents import write_atomic
    from protocolkit.report.reporters import TextReporter

    catalog = catalog_of(ctx)
    exporter = catalog.exporters.get(format_id)
    if exporter is None:
        fail(f"unknown export format '{format_id}'; use one of: {', '.join(sorted(catalog.exporters))}")
    intake = None
    if intake_path:
        read = read_intake(intake_path, catalog)
        TextReporter(sys.stderr).file(read.findings)
        if not read.readable or any(f.severity == "error" for f in read.findings):
            fail(read.error or f"{intake_path}: the intake cannot be read in full; fix it before exporting")
        intake = read.intake
    loaded = read_file(protocol_path, catalog)
    if loaded.document is None:
        if loaded.error:
            fail(loaded.error)
        (problem,) = loaded.findings
        fail(f"{problem.file}:{problem.line}:{problem.column}: {problem.message}", EXIT_FINDINGS)
    context = export_context(loaded.document, catalog, intake, {"fhir-version": fhir_version, "paper": paper})
    if isinstance(context, list):
        TextReporter(sys.stderr).file(context)
        fail(f"{protocol_path} is not a protocol that validates; export needs one", EXIT_FINDINGS)
    text = exporter.render(context)
    if output is None:
        click.echo(text, nl=not text.endswith("\n"))
        return
    try:
        write_atomic(output, text, overwrite=force)
    except FileExistsError:
        fail(f"{output} exists; pass --force to overwrite it")
    except OSError as error:
        fail(f"{output}: cannot write: {error.strerror or error}")
    click.echo(f"wrote {output} ({exporter.id})", err=True)
