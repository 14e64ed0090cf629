"""export: a protocol out as a session sheet (markdown, html, pdf) or a FHIR Bundle; a curriculum as a
handbook; a treatment plan as its sheet, a FHIR CarePlan or an iCalendar file."""

from __future__ import annotations

import sys
from datetime import datetime
from typing import TYPE_CHECKING

import click

from protocolkit.cli.app import (EXIT_FINDINGS, SESSION_DATE, catalog_of, cli, fail, print_or_write,
                                 settings_of)

if TYPE_CHECKING:
    from protocolkit.load.documents import Document
    from protocolkit.model.conditions import Intake
    from protocolkit.plugin.catalog import Catalog

# Printed by a browser from the HTML (export/pdf.py) rather than an Exporter: it needs a program and a file.
PDF = "pdf"
CURRICULUM_FORMATS = ("html", PDF)
PLAN_FORMATS = ("html", "markdown", "fhir", "ics", PDF)


@cli.command()
@click.argument("document_path", metavar="PROTOCOL|PLAN|CURRICULUM", type=click.Path(dir_okay=False))
@click.option("--to", "format_id", required=True, metavar="FORMAT",
              help="markdown, html, fhir, pdf, or a format a plugin registers (a plan: also ics; a curriculum: "
                   "html or pdf).")
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="Write to FILE instead of stdout (required for pdf).")
@click.option("--force", is_flag=True, help="Overwrite an existing output file.")
@click.option("--intake", "intake_path", type=click.Path(dir_okay=False), metavar="INTAKE",
              help="Include the screening verdict and what must change for this client.")
@SESSION_DATE
@click.option("--fhir-version", type=click.Choice(["R5", "R4B"]), default="R5", show_default=True,
              help="FHIR release for --to fhir.")
@click.option("--paper", type=click.Choice(["a4", "letter", "auto"]), default="a4", show_default=True,
              help="Page size the html sheet asks the printer for (auto: whatever the print dialog chooses).")
@click.option("--browser", metavar="PATH",
              help="The Chromium or Chrome that prints --to pdf (default: the first of chromium, "
                   "chromium-browser, google-chrome, google-chrome-stable, chrome on PATH).")
@click.option("--start", type=click.DateTime(formats=["%Y-%m-%d"]), metavar="DATE",
              help="A plan's first session (YYYY-MM-DD): dates its calendar (required for --to ics).")
@click.option("--time", "time_of_day", metavar="HH:MM",
              help="For --to ics: the sessions' time of day (local, floating) instead of all-day events.")
@click.pass_context
def export(ctx: click.Context, document_path: str, format_id: str, output: str | None, force: bool,
           intake_path: str | None, on: datetime | None, fhir_version: str, paper: str, browser: str | None,
           start: datetime | None, time_of_day: str | None) -> None:
    """Export a protocol that validates without errors, or a curriculum's handbook.

    With --intake, screening findings (PK401-PK406) do not stop the export:
    they are what the session sheet tells the therapist, under its verdict.

    A treatment plan exports as its sheet (html, markdown, pdf), an HL7 FHIR
    CarePlan (fhir) or its sessions as iCalendar events (ics, with --start);
    nothing of a client goes into any of them.

    A curriculum exports as one handbook (--to html or pdf): a cover with its
    hours report, then the sheet of every protocol it teaches, each on a new
    page, with page numbers when printed.
    """
    from protocolkit.check.validation import read_file
    from protocolkit.report.reporters import TextReporter

    catalog = catalog_of(ctx)
    if format_id == PDF:
        if output is None:
            fail("--to pdf needs -o FILE: a PDF is not written to the terminal")
        printer = _browser(browser)
    elif format_id not in catalog.exporters and format_id not in PLAN_FORMATS:
        fail(f"unknown export format '{format_id}'; use one of: {', '.join(sorted([*catalog.exporters, PDF]))} "
             "(a plan: also ics)")
    loaded = read_file(document_path, catalog)
    if loaded.document is None:
        if loaded.error:
            fail(loaded.error)
        (problem,) = loaded.findings
        fail(f"{problem.file}:{problem.line}:{problem.column}: {problem.message}", EXIT_FINDINGS)
    options = {"fhir-version": fhir_version, "paper": paper, "time": time_of_day or ""}
    kind = loaded.document.data.get("kind")
    if kind == "treatment-plan":
        if format_id not in PLAN_FORMATS or intake_path:
            fail(f"a treatment plan exports --to {', '.join(PLAN_FORMATS)}, without --intake (it holds no "
                 "client data; 'protocolkit screen PLAN --intake INTAKE' screens it)")
        text = _plan(loaded.document, catalog, format_id, start, options, settings_of(ctx).closed_days)
    elif kind == "curriculum":
        if format_id not in CURRICULUM_FORMATS or intake_path:
            fail(f"a curriculum exports as a handbook (--to {' or --to '.join(CURRICULUM_FORMATS)}), "
                 "without --intake")
        text = _handbook(loaded.document, catalog, options)
    else:
        from protocolkit.export.context import export_context

        if format_id not in catalog.exporters and format_id != PDF:
            fail(f"--to {format_id} is for treatment plans; use one of: "
                 f"{', '.join(sorted([*catalog.exporters, PDF]))}")
        context = export_context(loaded.document, catalog, _intake(intake_path, catalog, on), options)
        if isinstance(context, list):
            TextReporter(sys.stderr).file(context)
            fail(f"{document_path} is not a protocol that validates; export needs one", EXIT_FINDINGS)
        exporter = catalog.exporters["html" if format_id == PDF else format_id]
        from protocolkit.plugin.containment import describe, plugin_code

        try:
            with plugin_code():  # an exporter is plugin code: it may neither exit nor print into the export
                text = exporter.render(context)
        except Exception as error:  # noqa: BLE001 - any plugin bug ends in one line naming the plugin
            fail(f"exporter '{exporter.id}' (plugin '{catalog.exporters.owner(exporter.id)}') failed: "
                 f"{describe(error)}; report it to the plugin's authors")
    if format_id == PDF:
        assert output is not None
        _print(text, output, printer, force)
    else:
        _write(text, output, force, format_id, private=intake_path is not None)


def _browser(explicit: str | None) -> str:
    from protocolkit.export.pdf import PrintError, find_browser

    try:
        return find_browser(explicit)
    except PrintError as error:
        fail(str(error))


def _intake(intake_path: str | None, catalog: Catalog, on: datetime | None) -> Intake | None:
    if not intake_path:
        return None
    from protocolkit.check.validation import read_intake
    from protocolkit.report.reporters import TextReporter

    read = read_intake(intake_path, catalog)
    TextReporter(sys.stderr).file(read.findings)
    if not read.readable or any(f.severity == "error" for f in read.findings):
        fail(read.error or f"{intake_path}: the intake cannot be read in full; fix it before exporting")
    from protocolkit.check.verdicts import on_day

    return on_day(read.intake, on.date() if on else None) if read.intake is not None else None


def _handbook(document: Document, catalog: Catalog, options: dict[str, str]) -> str:
    from protocolkit.check.validation import curriculum_report
    from protocolkit.export.handbook import render
    from protocolkit.model.findings import locate, sort_key
    from protocolkit.report.reporters import TextReporter

    checked = curriculum_report(document, catalog)
    findings = sorted(locate(checked if isinstance(checked, list) else checked.findings, document), key=sort_key)
    TextReporter(sys.stderr).file(findings)
    if isinstance(checked, list) or any(f.severity == "error" for f in findings):
        fail(f"{document.path} has errors; fix them before exporting its handbook", EXIT_FINDINGS)
    return render(checked, catalog, options)


def _plan(document: Document, catalog: Catalog, format_id: str, start: datetime | None,
          options: dict[str, str], closed: tuple[int, ...] = ()) -> str:
    from protocolkit.check.plan import PlanReport
    from protocolkit.check.validation import check
    from protocolkit.export import plan_fhir, plan_ics, plan_sheet
    from protocolkit.export.plan_context import PlanExport
    from protocolkit.report.plan_summary import plan_sessions, plan_summary
    from protocolkit.report.reporters import TextReporter

    if format_id == "ics" and start is None:
        fail("--to ics needs --start DATE: the first session's date (YYYY-MM-DD)")
    if options.get("time"):
        try:
            plan_ics.parse_time(options["time"])
        except ValueError as error:
            fail(f"--time: {error}")
    checked = check(document, catalog)
    TextReporter(sys.stderr).file(checked.findings)
    report = checked.model
    if not isinstance(report, PlanReport) or any(f.severity == "error" for f in checked.findings) \
            or not all(found.readable for found in report.protocols):
        fail(f"{document.path} has errors; fix them before exporting the plan", EXIT_FINDINGS)
    first = start.date() if start else None
    export = PlanExport(report, tuple(plan_sessions(report, first, closed)),
                        plan_summary(report, catalog, first, closed), catalog, first, options)
    if format_id == "ics":
        try:
            return plan_ics.render(export)
        except plan_ics.CalendarUnavailable as error:
            fail(str(error))
    if format_id == "fhir":
        return plan_fhir.render(export)
    return plan_sheet.render_markdown(export) if format_id == "markdown" else plan_sheet.render(export)


def _print(html: str, output: str, browser: str, force: bool) -> None:
    from protocolkit.export.pdf import PrintError, print_pdf

    try:
        size = print_pdf(html, output, browser=browser, overwrite=force)
    except FileExistsError:
        fail(f"{output} exists; pass --force to overwrite it")
    except PrintError as error:
        fail(f"{output} not written: {error}")
    except OSError as error:
        fail(f"{output}: cannot write: {error.strerror or error}")
    click.echo(f"wrote {output} (pdf, {size} bytes)", err=True)


def _write(text: str, output: str | None, force: bool, format_id: str, *, private: bool = False) -> None:
    # A format that does not end its text with a line break gets one on the terminal only.  An export
    # for an intake holds the client's conditions: a new file of it is private.
    print_or_write(text if output is not None or text.endswith("\n") else text + "\n", output, force, format_id,
                   private=private)
