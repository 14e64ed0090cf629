"""curriculum report: a programme's findings and its hours, in text, JSON or a Markdown syllabus."""

from __future__ import annotations

import sys

import click

from protocolkit.cli.app import EXIT_FINDINGS, EXIT_OK, catalog_of, cli, emit_json, fail


@cli.group()
def curriculum() -> None:
    """Work with curriculum documents (kind: curriculum)."""


@curriculum.command()
@click.argument("curriculum_path", metavar="FILE", type=click.Path(dir_okay=False))
@click.option("--format", "output_format", type=click.Choice(["text", "json", "markdown"]), default="text",
              show_default=True, help="text: an hours report; json: data; markdown: a syllabus to publish.")
@click.pass_context
def report(ctx: click.Context, curriculum_path: str, output_format: str) -> None:
    """Check a curriculum and every protocol it teaches, then report its hours.

    Hours per subject, per modality, per technique and per body region are set
    against the requirements.  Findings (PK5xx, PK001) go to stderr; exit 1
    when there is an error.
    """
    from protocolkit.check.validation import curriculum_report, read_file
    from protocolkit.model.findings import locate, sort_key
    from protocolkit.report.reporters import TextReporter
    from protocolkit.report.syllabus import report_data, report_markdown, report_text

    catalog = catalog_of(ctx)
    read = read_file(curriculum_path, catalog)
    document = read.document
    if document is None:
        if read.error:
            fail(read.error)
        (problem,) = read.findings
        fail(f"{problem.file}:{problem.line}:{problem.column}: {problem.code} {problem.message}", EXIT_FINDINGS)
    if document.data.get("kind") != "curriculum":
        fail(f"{curriculum_path} is not a curriculum; it starts with 'protocolkit: 1' and 'kind: curriculum'")
    checked = curriculum_report(document, catalog)
    unlocated = checked if isinstance(checked, list) else checked.findings
    findings = sorted(locate(unlocated, document), key=sort_key)
    if output_format == "json":
        emit_json({"findings": [f.to_json() for f in findings],
                   "report": None if isinstance(checked, list) else report_data(checked, catalog)})
    else:
        TextReporter(sys.stderr).file(findings)
        if not isinstance(checked, list):
            render = report_markdown if output_format == "markdown" else report_text
            click.echo(render(checked, catalog), nl=False)
    sys.exit(EXIT_FINDINGS if any(f.severity == "error" for f in findings) else EXIT_OK)
