"""The session sheet's templates: the Jinja2 environment and the variables the sheet renders from.

One sheet serves two pages.  ``sheet/page.html`` is the standalone,
printable document that ``protocolkit export --to html`` writes;
``sheet/sheet.html`` is only the ``<main class="sheet">`` element, which
another page (the studio) includes inside its own layout::

    loader = ChoiceLoader([its_own_loader, sheet_loader()])
    ...
    {% include "sheet/sheet.html" %}   rendered with **sheet_variables(context)

and styles with `sheet_css`, whose every rule is scoped under ``.sheet`` so
that it restyles nothing else of that page; `page_css` has the rules of a
page given over to the sheet, for printing (paper, margins, background).
The including environment must autoescape, as this one does: the templates
write titles, notes and findings, which are user data, and escaping them is
left to Jinja2 alone.

The templates only lay facts out.  `summarise` works out the facts, `svg`
the pictures' geometry, and `sheet_variables` the few texts made of several
facts (the header's facts, each step's times, the screening's wording).

Jinja2 is imported inside the functions here, never when this module is
imported, so that nothing but rendering a sheet pays for it.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from attrs import frozen

from protocolkit.export.billing_box import session_billing
from protocolkit.export.bodymap import body_map, worked_seconds
from protocolkit.export.summary import (
    ACTIVITY_COLOUR,
    StepFact,
    Summary,
    minutes_text,
    screening_items,
    summarise,
    words,
)
from protocolkit.export.pressure_chart import pressure_chart
from protocolkit.export.svg import num, timeline
from protocolkit.export.timeline_narrow import narrow_timeline
from protocolkit.model.export import ExportContext

if TYPE_CHECKING:
    from jinja2 import BaseLoader, Environment

    from protocolkit.check.advice import Advice
    from protocolkit.check.screening import Screening

PAPER = {"a4": "A4", "letter": "letter", "auto": ""}  # the paper option -> the @page size ("" for none)
VERDICTS = {  # verdict -> (css class, what to do)
    "go": ("go", "The protocol can be given to this client as written."),
    "adapt": ("adapt", "Change the protocol as listed below before treating."),
    "do not treat": ("stop", "Do not give this protocol: reschedule or refer the client."),
}


def sheet_loader() -> BaseLoader:
    """A loader for the sheet's templates (all under ``sheet/``), to chain into another environment."""
    from jinja2 import PackageLoader

    return PackageLoader("protocolkit.export", "templates")


@cache
def environment() -> Environment:
    """The environment the export renders with; built on first use and kept.

    Everything is escaped, the SVG and CSS templates included, and the
    whitespace options are Jinja2's defaults: an including environment with
    the defaults renders the sheet byte for byte the same.
    """
    from jinja2 import Environment, StrictUndefined, select_autoescape

    # StrictUndefined: a misspelt variable fails the export instead of leaving a blank on the sheet.
    return Environment(loader=sheet_loader(), autoescape=select_autoescape(default=True, default_for_string=True),
                       undefined=StrictUndefined)


@cache
def sheet_css() -> str:
    """The sheet's style sheet, every rule under ``.sheet``: for a page that includes the sheet."""
    return environment().get_template("sheet/sheet.css").render() + "\n"


def paper_size(paper: str) -> str:
    """The ``@page`` size for the ``paper`` option (a4, letter, auto); empty for auto, A4 for anything unknown."""
    return PAPER.get(paper.lower(), "A4")


def page_css(paper: str = "a4") -> str:
    """The rules of a page given over to the sheet: the paper (as `paper_size`), margins, background."""
    return _page_css(paper_size(paper))


@cache  # keyed by the size, not the option as asked, so that only three are ever kept
def _page_css(size: str) -> str:
    return environment().get_template("sheet/page.css").render(paper=size) + "\n"


# -- the variables -------------------------------------------------------------------


@frozen
class FindingLine:
    """A screening finding as the verdict box lists it: ``where`` is ``steps 4, 5`` or empty."""

    code: str
    message: str
    where: str
    caution: bool


@frozen
class Verdict:
    """The screening box: the verdict, what to do about it, the findings under a heading, and the
    catalog's advice on each of the client's conditions (``keep_in_mind``), whatever the verdict."""

    client: str
    word: str  # go, adapt, do not treat
    css: str
    advice: str
    heading: str
    findings: tuple[FindingLine, ...]
    keep_in_mind: tuple[Advice, ...] = ()


@frozen
class StepRow:
    """One row of the steps table: the step, its times as text, and what screening flags on it."""

    step: StepFact
    start: str
    end: str
    minutes: str
    about: str  # the technique's description, or where it was first described
    flags: tuple[str, ...]


@frozen
class Bar:
    """A line of the totals: ``width`` is the meter's length in percent of the longest; none for no meter."""

    label: str
    amount: str
    width: str | None
    colour: str | None = None


@frozen
class Totals:
    regions: tuple[Bar, ...]
    modalities: tuple[Bar, ...]  # the activities last, without a meter


def sheet_variables(context: ExportContext) -> dict[str, Any]:
    """Everything ``sheet/sheet.html`` renders from.

    ``summary`` (the `Summary`), ``facts`` (term, value pairs for the
    header), ``verdict`` (a `Verdict`, or None without screening),
    ``timeline`` and ``pressure`` (the pictures' geometry from `svg`), ``narrow`` (the
    timeline for a phone, `timeline_narrow`),
    ``step_rows`` (a `StepRow` each), ``totals`` (`Totals`) and ``pairings``
    (the modalities used that list pairings), ``body_map`` (a `bodymap.BodyMap`,
    hatched where the context's intake rules a region out), ``billing`` (a
    `billing_box.SessionBilling`, or None when the clinic has no ``[billing]``: then no box).
    """
    summary = summarise(context)
    flagged = _flags(context.screening)
    return {
        "summary": summary,
        "facts": _facts(summary),
        "verdict": _verdict(context.screening) if context.screening is not None else None,
        "timeline": timeline(summary),
        "narrow": narrow_timeline(summary),
        "pressure": pressure_chart(summary),
        "step_rows": _rows(summary, flagged),
        "totals": _totals(summary),
        "pairings": tuple(m for m in summary.modalities if m.pairings),
        "body_map": body_map(worked_seconds(summary), context.catalog.regions, context.ruled_out,
                             title=f"Regions on the body, {summary.title}"),
        "billing": session_billing(context.protocol, context.catalog),
    }


def _facts(summary: Summary) -> tuple[tuple[str, str], ...]:
    planned = f"{minutes_text(summary.planned)} min"
    if summary.total != summary.planned:
        planned += f" (the steps add up to {minutes_text(summary.total)} min)"
    hands_on = sum(1 for step in summary.steps if step.hands_on)
    facts = [("Planned duration", planned)]
    if summary.intent:
        facts.append(("Intent", summary.intent))
    if summary.goals:
        facts.append(("Goals", ", ".join(words(goal) for goal in summary.goals)))
    facts.append(("Steps", f"{len(summary.steps)} ({hands_on} hands-on)"))
    peak = summary.peak_pressure
    if peak is not None:
        word = next((s.pressure_word for s in summary.steps if s.pressure == peak and s.pressure_word), None)
        facts.append(("Peak pressure", f"{peak} ({word})" if word else str(peak)))
    return tuple(facts)


def _verdict(screening: Screening) -> Verdict:
    css, advice = VERDICTS.get(screening.verdict, ("adapt", ""))
    items = screening_items(screening)
    heading = "What must change" if any(i.severity == "error" for i in items) else "What to take care with"
    lines = []
    for item in items:
        where = ""
        if item.steps:
            where = f"{'step' if len(item.steps) == 1 else 'steps'} {', '.join(map(str, item.steps))}"
        lines.append(FindingLine(item.code, item.message, where, item.severity != "error"))
    return Verdict(screening.client, screening.verdict, css, advice, heading if items else "", tuple(lines),
                   screening.advice)


def _rows(summary: Summary, flagged: dict[int, list[str]]) -> tuple[StepRow, ...]:
    rows = []
    # A technique is described once, at its first step; later steps point back to it.
    described: dict[tuple[str | None, str | None], int] = {}
    for step in summary.steps:
        about = ""
        if step.hands_on:
            key = (step.modality_id, step.technique_id)
            if key in described:
                about = f"As in step {described[key]}."
            else:
                described[key] = step.number
                about = step.description
        rows.append(StepRow(step, minutes_text(step.start), minutes_text(step.end), minutes_text(step.seconds),
                            about, tuple(flagged.get(step.number, ()))))
    return tuple(rows)


def _totals(summary: Summary) -> Totals:
    longest = max([r.seconds for r in summary.regions] + [m.seconds for m in summary.modalities] + [1])

    def bar(label: str, seconds: int, colour: str | None = None, meter: bool = True) -> Bar:
        return Bar(label, f"{minutes_text(seconds)} min", num(100 * seconds / longest) if meter else None, colour)

    modalities = [bar(m.name, m.seconds, m.colour) for m in summary.modalities]
    if summary.activities:
        names = ", ".join(a.name.lower() for a in summary.activities)
        modalities.append(bar(f"Activities ({names})", summary.activity_seconds, ACTIVITY_COLOUR, meter=False))
    return Totals(tuple(bar(r.name, r.seconds) for r in summary.regions), tuple(modalities))


def _flags(screening: Screening | None) -> dict[int, list[str]]:
    """The finding codes against each step number, for the steps table."""
    flags: dict[int, list[str]] = {}
    for item in screening_items(screening) if screening is not None else ():
        for number in item.steps:
            if item.code not in flags.setdefault(number, []):
                flags[number].append(item.code)
    return flags

