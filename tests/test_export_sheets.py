"""Session sheets (markdown, html): what they say, that the HTML is well formed and self-contained.

The HTML sheet's templates escape all user text, and another page can include the sheet
(``sheet/sheet.html`` with ``sheet_variables``) and its style sheet, which styles nothing outside it.

No browser here: tests/test_export_browser.py prints the HTML in Chromium.
"""

from __future__ import annotations

import re
import subprocess
import sys
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import attrs
import pytest
from click.testing import CliRunner

from protocolkit.plugin.catalog import Catalog, Registry
from protocolkit.cli import cli
from protocolkit.load.documents import load_document
from protocolkit.model.export import ExportContext
from protocolkit.check.screening import Screening
from protocolkit.export import html as html_sheet
from protocolkit.export import markdown as markdown_sheet
from protocolkit.export.summary import ACTIVITY_COLOUR, PALETTE, minutes_text, screening_items, summarise
from protocolkit.export.templating import page_css, sheet_css, sheet_loader, sheet_variables
from protocolkit.model.findings import Finding
from protocolkit.model.protocol import Duration, Protocol, Technique

from .conftest import EXAMPLES, ROOT

PROTOCOLS = sorted(EXAMPLES.glob("*.yaml"))
UPPER_BACK = EXAMPLES / "upper-back-deep-tissue-60.yaml"
LEGS = EXAMPLES / "legs-post-event-sports.yaml"
FEVER = EXAMPLES / "intakes" / "c-0420-fever.yaml"
ENV = {"PROTOCOLKIT_PLUGINS": "", "PROTOCOLKIT_DISABLE_PLUGINS": ""}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def load(path: Path, catalog: Catalog) -> Protocol:
    from protocolkit.load.serialize import protocol_from_data

    return protocol_from_data(load_document(path).data, catalog.regions)


class Page(HTMLParser):
    """Reads an HTML page, noting unbalanced tags and every element with its attributes."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.problems: list[str] = []
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.feed(text)
        self.close()
        if self.open:
            self.problems.append(f"never closed: {self.open}")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))
        if tag not in VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))  # <rect .../>: opened and closed at once

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            self.problems.append(f"end tag for void element <{tag}>")
        elif not self.open or self.open[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.open[-1] if self.open else 'nothing'}")
        else:
            self.open.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def find(self, tag: str | None = None, **wanted: str) -> list[dict[str, str | None]]:
        found = []
        for name, attributes in self.elements:
            if tag is not None and name != tag:
                continue
            if all(attributes.get(key.replace("_", "-")) == value for key, value in wanted.items()):
                found.append(attributes)
        return found

    def with_class(self, css: str) -> list[dict[str, str | None]]:
        return [a for _, a in self.elements if css in (a.get("class") or "").split()]


def parse(text: str) -> Page:
    page = Page(text)
    assert page.problems == []
    return page


def assert_self_contained(text: str) -> None:
    assert "http://" not in text and "https://" not in text
    assert "@import" not in text and "url(" not in text
    page = Page(text)
    for tag, attributes in page.elements:
        assert "src" not in attributes and "href" not in attributes, (tag, attributes)
    assert not page.find("script") and not page.find("link") and not page.find("img") and not page.find("iframe")


# -- every example ---------------------------------------------------------------


@pytest.mark.parametrize("path", PROTOCOLS, ids=lambda p: p.stem)
def test_every_example_renders_a_complete_sheet(path: Path, catalog: Catalog) -> None:
    protocol = load(path, catalog)
    context = ExportContext(protocol, catalog)
    text = html_sheet.render(context)
    page = parse(text)
    plain = "".join(page.text)
    assert text.startswith("<!DOCTYPE html>")
    assert protocol.title in plain and page.find("title")
    for step in protocol.hands_on_steps:
        assert step.region is not None and catalog.regions.get(step.region).name in plain
    bars = page.with_class("step-bar")
    assert len(page.find("svg", id="timeline")) == 1 and len(page.find("svg", id="pressure")) == 1
    assert [bar["data-step"] for bar in bars] == [str(i) for i in range(len(protocol.steps))]
    used = dict.fromkeys(step.modality for step in protocol.hands_on_steps if step.modality)
    for modality_id in used:
        modality = catalog.modality(modality_id)
        assert modality.name in plain
        for pairing in modality.pairings:
            assert pairing in plain
    assert_self_contained(text)

    markdown = markdown_sheet.render(context)
    assert markdown.startswith(f"# {protocol.title}\n")
    assert markdown.count("\n| ") == len(protocol.steps) + 1  # the header row and one per step


def test_the_bars_are_placed_by_time_and_coloured_by_modality(catalog: Catalog) -> None:
    page = parse(html_sheet.render(ExportContext(load(UPPER_BACK, catalog), catalog)))
    bars = page.with_class("step-bar")
    x = [float(bar["x"] or 0) for bar in bars]
    width = [float(bar["width"] or 0) for bar in bars]
    assert x == sorted(x)
    for previous, nxt in zip(range(len(bars) - 1), range(1, len(bars)), strict=True):
        assert x[previous] + width[previous] == pytest.approx(x[nxt], abs=0.02)
    # Width proportional to duration: 10 minutes (step 4) is twice 5 (step 2).
    assert width[3] == pytest.approx(2 * width[1], abs=0.02)
    fills = [bar["fill"] for bar in bars]
    assert fills[0] == fills[-1] == ACTIVITY_COLOUR
    assert fills[1] == fills[2] == PALETTE[0] and set(fills[3:9]) == {PALETTE[1]}


# -- the facts both formats share ------------------------------------------------


def test_summary_times_totals_and_colours(catalog: Catalog) -> None:
    summary = summarise(ExportContext(load(UPPER_BACK, catalog), catalog))
    assert [(s.start // 60, s.end // 60) for s in summary.steps][:4] == [(0, 4), (4, 9), (9, 17), (17, 27)]
    assert summary.total == summary.planned == 3600
    assert [(r.name, r.seconds // 60) for r in summary.regions] == [("Upper back", 52)]
    assert [(m.name, m.seconds // 60, m.colour) for m in summary.modalities] == [
        ("Swedish massage", 13, PALETTE[0]), ("Deep tissue massage", 39, PALETTE[1])]
    assert [(a.name, a.seconds // 60) for a in summary.activities] == [("Assessment", 4), ("Education", 4)]
    assert [(p.start // 60, p.end // 60, p.level) for p in summary.pressure] == [
        (0, 4, None), (4, 9, 2), (9, 17, 3), (17, 51, 4), (51, 56, 2), (56, 60, None)]
    assert summary.steps[4].place == "Upper back (right)" and summary.steps[4].pressure_text == "4 (deep)"
    assert summary.pairings[0] == ("Swedish massage", catalog.modality("swedish").pairings)


def test_seconds_show_as_minutes_and_seconds(catalog: Catalog) -> None:
    protocol = load(LEGS, catalog)
    steps = list(protocol.steps)
    steps[0] = attrs.evolve(steps[0], duration=Duration(90))
    summary = summarise(ExportContext(attrs.evolve(protocol, steps=steps), catalog))
    assert (minutes_text(summary.steps[1].start), minutes_text(summary.steps[1].end)) == ("1:30", "3:30")
    assert minutes_text(3600) == "60"


# -- markdown --------------------------------------------------------------------


def test_markdown_steps_table_has_cumulative_times(catalog: Catalog) -> None:
    markdown = markdown_sheet.render(ExportContext(load(UPPER_BACK, catalog), catalog))
    rows = markdown.splitlines()
    assert "| # | Time (min) | Modality | Technique | Region / side | Position | Pressure | Minutes | Notes |" in rows
    assert ("| 1 | 0–4 | Assessment |  |  | **start: prone** |  | 4 | posture, shoulder range of motion, palpate for "
            "tender bands; check medication and bruising history |") in rows
    assert ("| 5 | 27–33 | Deep tissue massage | Friction | Upper back (right) | prone | 4 (deep) | 6 | cross-fibre "
            "friction on the adhered band along the right rhomboids |") in rows
    assert ("| 9 | 51–56 | Deep tissue massage | Effleurage | Upper back | prone | 2 (light) | 5 | flush with light "
            "strokes toward the heart |") in rows
    assert "- Upper back: 52 min" in rows and "- Deep tissue massage: 39 min" in rows
    assert "**Duration:** 60 min  " in rows

    legs = markdown_sheet.render(ExportContext(load(LEGS, catalog), catalog)).splitlines()
    assert "| 7 | 14–15 | Transition |  |  | **turn: supine** |  | 1 | client turns supine |" in legs
    assert ("| 11 | 23–24 | Education |  |  | supine |  | 1 | drink water, keep moving gently, and leave deeper work "
            "for two or three days |") in legs


def user_text(protocol: Protocol) -> Protocol:
    steps = list(protocol.steps)
    steps[1] = attrs.evolve(steps[1], notes='watch <script>alert("x")</script> | and a "quote" & more')
    return attrs.evolve(protocol, title="Upper back <b>bold</b> & co", steps=steps)


def test_markdown_escapes_user_text(catalog: Catalog) -> None:
    markdown = markdown_sheet.render(ExportContext(user_text(load(UPPER_BACK, catalog)), catalog))
    assert "<script>" not in markdown and "<b>" not in markdown
    assert "# Upper back &lt;b>bold&lt;/b> &amp; co" in markdown
    row = next(line for line in markdown.splitlines() if line.startswith("| 2 |"))
    assert 'watch &lt;script>alert("x")&lt;/script> \\| and a "quote" &amp; more |' in row
    assert row.count(" | ") == 8  # the escaped pipe adds no column (nine columns, Position among them)


# -- html ------------------------------------------------------------------------


def test_html_escapes_user_text(catalog: Catalog) -> None:
    text = html_sheet.render(ExportContext(user_text(load(UPPER_BACK, catalog)), catalog))
    page = parse(text)
    assert not page.find("script") and not page.find("b")
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in text  # Jinja2's (MarkupSafe's) entity for "
    assert "Upper back &lt;b&gt;bold&lt;/b&gt; &amp; co" in text
    assert 'watch <script>alert("x")</script> | and a "quote" & more' in "".join(page.text)


def test_html_prints_on_a4_by_default_and_letter_or_the_browsers_choice_on_request(catalog: Catalog) -> None:
    protocol = load(LEGS, catalog)
    a4 = html_sheet.render(ExportContext(protocol, catalog))
    assert "@page { size: A4; margin: 15mm; }" in a4
    assert "break-inside: avoid" in a4 and "@media print" in a4
    letter = html_sheet.render(ExportContext(protocol, catalog, options={"paper": "letter"}))
    assert "@page { size: letter; margin: 15mm; }" in letter
    auto = html_sheet.render(ExportContext(protocol, catalog, options={"paper": "auto"}))
    assert "@page { margin: 15mm; }" in auto and "size:" not in auto.split("@page")[1].split("}")[0]


# -- screening -------------------------------------------------------------------


def test_screening_verdict_and_findings_from_a_context(catalog: Catalog) -> None:
    findings = [
        Finding("PK402", "error", "varicose-veins: skip this step or move it off the calf.", ("steps", 3, "region")),
        Finding("PK402", "error", "varicose-veins: skip this step or move it off the calf.", ("steps", 4, "region")),
        Finding("PK403", "warning", "pressure 3 (moderate) is over the ceiling for <osteoporosis>.",
                ("steps", 8, "pressure")),
    ]
    context = ExportContext(load(LEGS, catalog), catalog, Screening("C-0042", "adapt", findings))
    assert [(i.code, i.steps) for i in screening_items(context.screening)] == [("PK402", (4, 5)), ("PK403", (9,))]

    text = html_sheet.render(context)
    page = parse(text)
    plain = " ".join("".join(page.text).split())
    verdict = page.find("section", id="screening")
    assert verdict and "adapt" in (verdict[0]["class"] or "").split()
    assert "Screening for client C-0042: adapt" in plain
    assert "PK402 steps 4, 5 varicose-veins: skip this step or move it off the calf." in plain
    assert "over the ceiling for &lt;osteoporosis&gt;." in text
    assert plain.count("varicose-veins") == 1

    markdown = markdown_sheet.render(context)
    assert "## Screening for client C-0042: adapt" in markdown
    assert "- **PK402** (steps 4, 5) varicose-veins: skip this step or move it off the calf." in markdown
    assert "- **PK403** (step 9) (caution) pressure 3 (moderate) is over the ceiling for &lt;osteoporosis>." \
        in markdown
    assert "What must change" in plain and "What must change:" in markdown


def test_no_screening_no_verdict(catalog: Catalog) -> None:
    context = ExportContext(load(LEGS, catalog), catalog)
    assert "Screening" not in markdown_sheet.render(context)
    assert 'id="screening"' not in html_sheet.render(context)


@pytest.mark.parametrize("format_id", ["html", "markdown"])
def test_cli_export_with_intake_shows_the_verdict_and_nothing_else_of_the_intake(format_id: str) -> None:
    result = CliRunner().invoke(cli, ["export", str(LEGS), "--to", format_id, "--intake", str(FEVER)], env=ENV)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "C-0420" in out and "do not treat" in out and "PK401" in out
    intake = load_document(FEVER).data
    for private in (intake["notes"], intake["conditions"][0]["notes"]):
        assert private not in out
    assert "raised temperature" not in out and "rebook" not in out
    if format_id == "html":
        assert parse(out).find("section", id="screening")[0]["class"] == "verdict stop"


def test_cli_output_file_is_not_overwritten_without_force(tmp_path: Path) -> None:
    runner = CliRunner()
    target = tmp_path / "sheet.html"
    result = runner.invoke(cli, ["export", str(UPPER_BACK), "--to", "html", "-o", str(target)], env=ENV)
    assert result.exit_code == 0 and result.stdout == ""
    assert f"wrote {target} (html)" in result.stderr
    written = target.read_text(encoding="utf-8")
    parse(written)
    assert re.search(r'class="step-bar"', written)

    target.write_text("keep me", encoding="utf-8")
    refused = runner.invoke(cli, ["export", str(UPPER_BACK), "--to", "markdown", "-o", str(target)], env=ENV)
    assert refused.exit_code == 2 and "--force" in refused.stderr
    assert target.read_text(encoding="utf-8") == "keep me"

    forced = runner.invoke(cli, ["export", str(UPPER_BACK), "--to", "markdown", "-o", str(target), "--force"],
                           env=ENV)
    assert forced.exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("# Deep tissue for the upper back (60 minutes)\n")


def test_a_go_with_cautions_asks_for_care_not_change(catalog: Catalog) -> None:
    caution = Finding("PK403", "warning", "pressure 4 (deep) is over the ceiling for pregnancy.", ("steps", 3))
    context = ExportContext(load(UPPER_BACK, catalog), catalog, Screening("C-0215", "go", [caution]))
    text = html_sheet.render(context)
    assert parse(text).find("section", id="screening")[0]["class"] == "verdict go"
    assert "What to take care with" in text and "What must change" not in text
    assert "What to take care with:" in markdown_sheet.render(context)


# -- the templates ---------------------------------------------------------------

NASTY = """<script>alert(1)</script> & "double" 'single'"""


def nasty_context(catalog: Catalog) -> ExportContext:
    """The upper back protocol with markup and quotes in its title, a note, a technique's name and the client."""
    protocol = load(UPPER_BACK, catalog)
    steps = list(protocol.steps)
    steps[1] = attrs.evolve(steps[1], notes=f"note {NASTY}")
    technique_id = steps[1].technique
    techniques: Registry[Technique] = Registry("technique")
    for item_id, technique in catalog.techniques.items():
        renamed = attrs.evolve(technique, name=f"T {NASTY}") if item_id == technique_id else technique
        techniques.add(item_id, renamed, catalog.techniques.owner(item_id))
    screening = Screening(f"C {NASTY}", "adapt", [Finding("PK403", "warning", f"m {NASTY}", ("steps", 1))])
    return ExportContext(attrs.evolve(protocol, title=f"Title {NASTY}", steps=steps),
                         attrs.evolve(catalog, techniques=techniques), screening)


def test_markup_and_quotes_in_user_text_are_escaped_in_the_html_and_the_svg_titles(catalog: Catalog) -> None:
    text = html_sheet.render(nasty_context(catalog))
    page = parse(text)
    assert not page.find("script") and "<script>" not in text and "'single'" not in text
    plain = "".join(page.text)
    for said in (f"Title {NASTY}", f"note {NASTY}", f"T {NASTY}", f"C {NASTY}", f"m {NASTY}"):
        assert said in plain, said
    titles = re.findall(r"<title([^>]*)>(.*?)</title>", text, re.S)
    assert {attributes for attributes, _ in titles} >= {' id="timeline-title"', ' id="pressure-title"', ""}
    for _, title in titles:
        # Nothing but text inside a <title>: no tag, no quote, and every & starts an entity.
        assert not re.search(r"""[<"']|&(?!(lt|gt|amp|#34|#39);)""", title), title
    by_id = {attributes: unescape(title) for attributes, title in titles if attributes}
    assert by_id == {' id="timeline-title"': f"Timeline of Title {NASTY}",
                     ' id="timeline-narrow-title"': f"Timeline of Title {NASTY}",
                     ' id="pressure-title"': f"Pressure over time, Title {NASTY}",
                     ' id="body-map-title"': f"Regions on the body, Title {NASTY}"}
    step_title = next(unescape(title) for attributes, title in titles if title.startswith("Step 2:"))
    assert step_title.startswith(f"Step 2: Swedish massage: T {NASTY}, Upper back")


def main_element(text: str) -> str:
    start = text.index('<main class="sheet">')
    assert text.count("<main") == 1
    return text[start:text.index("</main>", start) + len("</main>")]


def test_another_app_includes_the_same_sheet_with_the_same_variables(catalog: Catalog) -> None:
    from jinja2 import ChoiceLoader, DictLoader, Environment, select_autoescape

    context = nasty_context(catalog)
    layout = DictLoader({"studio.html": "<!DOCTYPE html>\n<html><head><title>{{ title }}</title></head><body>"
                                        "<nav>library</nav>{% include 'sheet/sheet.html' %}</body></html>"})
    # Jinja2's default whitespace options and undefined, unlike the export's own environment.
    other = Environment(loader=ChoiceLoader([layout, sheet_loader()]),
                        autoescape=select_autoescape(default=True, default_for_string=True))
    included = other.get_template("studio.html").render(sheet_variables(context), title="Studio")
    parse(included)
    standalone = html_sheet.render(context)
    assert main_element(included) == main_element(standalone)
    assert "<script>" not in included


def css_rules(css: str) -> list[tuple[tuple[str, ...], str]]:
    """(the at-rules around it, its selector list) for every style rule of ``css``."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    rules: list[tuple[tuple[str, ...], str]] = []
    around: list[str] = []
    prelude = ""
    for char in css:
        if char == "{":
            if not prelude.strip().startswith("@"):
                rules.append((tuple(around), " ".join(prelude.split())))
            around.append(prelude.strip())
            prelude = ""
        elif char == "}":
            around.pop()
            prelude = ""
        else:
            prelude += char
    assert around == [], "unbalanced braces"
    return rules


def test_the_sheet_css_styles_only_inside_the_sheet(catalog: Catalog) -> None:
    css = sheet_css()
    rules = css_rules(css)
    assert len(rules) > 60 and "@page" not in css and "{{" not in css and "{#" not in css
    assert any("@media print" in around for around, _ in rules)
    for around, selectors in rules:
        for selector in selectors.split(","):
            selector = selector.strip()
            assert re.match(r"\.sheet(?![\w-])", selector), (around, selector)
            assert not re.search(r"(^|[\s>+~(])(html|body|:root)(?![\w-])", selector), selector
    # The page around the standalone sheet keeps the rest: paper, margins and background.
    page = html_sheet.render(ExportContext(load(LEGS, catalog), catalog))
    style = page[page.index("<style>") + len("<style>"):page.index("</style>")]
    assert style.strip() == (page_css("a4") + css).strip()
    outside = [s for around, s in css_rules(style) if not s.startswith(".sheet")]
    assert outside == [":root", "html", "body"]


def test_no_hand_made_escaping_is_left_in_the_export() -> None:
    export = ROOT / "src" / "protocolkit" / "export"
    files = [path for path in sorted(export.rglob("*")) if path.suffix in (".py", ".html", ".svg", ".css")]
    assert any(path.suffix == ".svg" for path in files) and len(files) > 10
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert "html.escape" not in text and "from html import" not in text, path
        assert not re.search(r"\besc\(|\bescape\(", text), path
        # Nor a way around autoescaping.
        assert "Markup(" not in text and not re.search(r"\|\s*safe\b|autoescape\s+false", text), path


def test_jinja2_is_imported_only_when_a_sheet_is_rendered() -> None:
    probe = ("import sys\nimport protocolkit.builtin.exporters, protocolkit.export.html\n"
             "print(sorted(m for m in sys.modules if m.split('.')[0] in ('jinja2', 'markupsafe')))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
