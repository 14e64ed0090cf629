"""curriculum report: a programme's findings and its hours, in text, JSON or a Markdown syllabus;
with --against, the requirement profiles (states, accreditors) it meets and where it falls short."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, NoReturn

import click

from protocolkit.cli.app import EXIT_FINDINGS, EXIT_OK, catalog_of, cli, emit_json, fail, settings_of

if TYPE_CHECKING:
    from protocolkit.load.documents import Document


@cli.group()
def curriculum() -> None:
    """Work with curriculum documents (kind: curriculum)."""


@curriculum.command()
@click.argument("curriculum_path", metavar="FILE", type=click.Path(dir_okay=False))
@click.option("--format", "output_format", type=click.Choice(["text", "json", "markdown"]), default="text",
              show_default=True, help="text: an hours report; json: data; markdown: a syllabus to publish.")
@click.option("--against", "profiles", multiple=True, metavar="PROFILE",
              help="Check against a requirement profile: an installed id ('protocolkit requirements'), 'all' of "
                   "them, or a profile file (kind: requirements). Repeatable.")
@click.pass_context
def report(ctx: click.Context, curriculum_path: str, output_format: str, profiles: tuple[str, ...]) -> None:
    """Check a curriculum and every protocol it teaches, then report its hours.

    Hours per subject, per modality, per technique and per body region are set
    against the requirements.  Findings (PK5xx, PK001) go to stderr; exit 1
    when there is an error.

    With --against, the report is per profile instead: met or not, each
    subject's hours have against need, the rules on order and pace kept or
    broken, with PK7xx findings at the module that breaks them; 'all' ends
    with the jurisdictions the curriculum qualifies in.  Exit 1 when a profile
    named by id or file is not met (with 'all', only for the curriculum's own
    errors: it is a survey).
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
    if profiles:
        _report_against(ctx, document, profiles, output_format)
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


def _report_against(ctx: click.Context, document: Document, names: tuple[str, ...], output_format: str) -> NoReturn:
    from protocolkit.check.validation import ALL_PROFILES, ProfileNotFound, curriculum_against, requirement_profiles
    from protocolkit.model.findings import locate, sort_key
    from protocolkit.report.reporters import TextReporter
    from protocolkit.report.requirements import results_data, results_markdown, results_text

    catalog = catalog_of(ctx)
    try:
        profiles = requirement_profiles(names, catalog)
    except ProfileNotFound as error:
        fail(str(error))
    if not profiles:
        fail("no requirement profiles installed; install protocolkit-requirements-us or name a profile file")
    checked, results = curriculum_against(document, catalog, profiles,
                                          max_age_years=settings_of(ctx).requirements_max_age)
    own = sorted(locate(checked if isinstance(checked, list) else checked.findings, document), key=sort_key)
    if output_format == "json":
        emit_json({"findings": [f.to_json() for f in own], **results_data(results)})
    else:
        TextReporter(sys.stderr).file(own)
        if results:
            click.echo((results_markdown if output_format == "markdown" else results_text)(results), nl=False)
    named = {profile.id for profile in profiles} if ALL_PROFILES not in names else set()
    unmet = any(not result.met and result.profile.id in named for result in results)
    sys.exit(EXIT_FINDINGS if unmet or any(f.severity == "error" for f in own) else EXIT_OK)
