"""`export --to pdf`: sheets and a curriculum's handbook printed by a real browser, read back with pypdf.

The browser is Debian's ``chromium``; without it the printing tests skip on a
developer's machine and fail in CI (``CI`` set), like the browser tests of the
HTML sheet.  What happens without a browser, with a missing one and with one
that fails is tested with stand-in programs, so those tests run everywhere.
"""

from __future__ import annotations

import os
import re
import socket
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from protocolkit.cli import cli
from protocolkit.export.context import export_context
from protocolkit.export.pdf import OFFLINE, PrintError, browser_command, print_pdf
from protocolkit.export.summary import summarise
from protocolkit.load.documents import load_document
from protocolkit.model.export import ExportContext
from protocolkit.plugin.catalog import Catalog

from .conftest import A4, EXAMPLES, LETTER

pypdf = pytest.importorskip("pypdf")

UPPER_BACK = EXAMPLES / "upper-back-deep-tissue-60.yaml"
REFLEXOLOGY = EXAMPLES / "reflexology-45.yaml"
CURRICULUM = EXAMPLES / "curricula" / "elap-style-programme.yaml"


def export(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["export", *args])
    return result.exit_code, result.output


def pages_text(pdf: Path) -> list[str]:
    """Each page's text, its white space (line breaks inside table cells included) collapsed to single spaces."""
    return [re.sub(r"\s+", " ", page.extract_text()).strip() for page in pypdf.PdfReader(pdf).pages]


def page_sizes(pdf: Path) -> list[tuple[float, float]]:
    return [(float(page.mediabox.width), float(page.mediabox.height)) for page in pypdf.PdfReader(pdf).pages]


def context_of(path: Path, catalog: Catalog) -> ExportContext:
    context = export_context(load_document(path), catalog)
    assert isinstance(context, ExportContext)
    return context


def fake_browser(folder: Path, script: str) -> Path:
    """A stand-in for Chromium: a shell script with ``script`` as its body."""
    program = folder / "fake-chromium"
    program.write_text(f"#!/bin/sh\n{script}\n")
    program.chmod(program.stat().st_mode | stat.S_IXUSR)
    return program


# -- offline, sandboxed where it can be ----------------------------------------------------


def test_a_sheet_naming_an_outside_image_prints_without_a_connection(chromium: str, catalog: Catalog,
                                                                       tmp_path: Path) -> None:
    from protocolkit.export.html import render

    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        listener.setblocking(False)
        port = listener.getsockname()[1]
        images = "".join(f'<img src="http://{host}:{port}/{name}.png" alt="">'
                         for host, name in (("127.0.0.1", "by-address"), ("localhost", "by-name")))
        # The sheet's own Content-Security-Policy would refuse the images already: taken out here, so that
        # only the browser's flags stand between the page and the network.
        policy = re.compile(r'<meta http-equiv="Content-Security-Policy"[^>]*>')
        html = render(context_of(UPPER_BACK, catalog))
        assert policy.search(html)
        html = policy.sub("", html).replace("</body>", f"{images}</body>")
        assert html.count(f":{port}/") == 2
        pdf = tmp_path / "sheet.pdf"
        assert print_pdf(html, pdf, browser=chromium) > 0
        assert pdf.read_bytes().startswith(b"%PDF-")
        with pytest.raises(BlockingIOError):  # nothing connected: the browser fetched nothing
            listener.accept()


@pytest.mark.parametrize(("user", "sandboxed"), [(0, False), (1000, True)])
def test_the_browser_runs_offline_and_sandboxed_unless_root(user: int, sandboxed: bool, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "geteuid", lambda: user)
    command = browser_command("chromium", tmp_path / "page.html", tmp_path / "x.pdf", tmp_path / "profile")
    assert ("--no-sandbox" not in command) == sandboxed
    assert {*OFFLINE} <= set(command) and "--host-resolver-rules=MAP * ~NOTFOUND" in command


# -- a protocol's sheet --------------------------------------------------------------------


def test_a_sheet_prints_on_the_paper_asked_for_with_every_technique(chromium: str, catalog: Catalog,
                                                                     tmp_path: Path) -> None:
    summary = summarise(context_of(UPPER_BACK, catalog))
    techniques = {step.technique for step in summary.steps if step.technique}
    assert len(techniques) >= 3
    counts = {}
    for paper, size in (("a4", A4), ("letter", LETTER)):
        pdf = tmp_path / f"sheet-{paper}.pdf"
        code, output = export(str(UPPER_BACK), "--to", "pdf", "-o", str(pdf), "--paper", paper,
                              "--browser", chromium)
        assert code == 0, output
        assert f"wrote {pdf} (pdf" in output
        assert pdf.read_bytes().startswith(b"%PDF-")
        sizes = page_sizes(pdf)
        for width, height in sizes:
            assert width == pytest.approx(size[0], abs=2) and height == pytest.approx(size[1], abs=2)
        counts[paper] = len(sizes)
        text = " ".join(pages_text(pdf))
        assert summary.title in text
        for technique in techniques:
            assert technique in text, technique
    # The 60-minute sheet (timeline, pressure chart, 14 steps, totals) needs more than a page, and
    # Letter, 18 mm shorter than A4, never fewer pages than A4.
    assert 2 <= counts["a4"] <= counts["letter"] <= 4
    assert sorted(os.listdir(tmp_path)) == ["sheet-a4.pdf", "sheet-letter.pdf"], "a temporary file was left"


def test_a_sheet_with_an_intake_prints_its_verdict(chromium: str, tmp_path: Path) -> None:
    pdf = tmp_path / "screened.pdf"
    intake = EXAMPLES / "intakes" / "c-0318-cancer-cleared.yaml"
    code, output = export(str(UPPER_BACK), "--to", "pdf", "-o", str(pdf), "--intake", str(intake))
    assert code == 0, output
    text = " ".join(pages_text(pdf))
    assert "Screening for client C-0318" in text and "adapt" in text.lower()


# -- a curriculum's handbook -------------------------------------------------------------


def test_a_curriculum_prints_as_a_numbered_handbook_of_its_sheets(chromium: str, catalog: Catalog,
                                                                    tmp_path: Path) -> None:
    pdf = tmp_path / "handbook.pdf"
    code, output = export(str(CURRICULUM), "--to", "pdf", "-o", str(pdf), "--browser", chromium)
    assert code == 0, output
    pages = pages_text(pdf)
    total = len(pages)
    # Every page is numbered, in order, by the @page margin box.
    for number, text in enumerate(pages, start=1):
        assert f"page {number} of {total}" in text, text[:120]
    cover = pages[0]
    assert "Entry-level massage therapy programme (ELAP-style, 625 hours)" in cover
    assert "630 hours in all: 445 contact hours and 185 supervised clinic hours" in cover
    assert "Requirements" in cover and "subject: massage-theory" in cover
    # One sheet per taught protocol, each starting at the top of a page of its own.
    starts = [re.search(r"SESSION SHEET · PROTOCOL (\S+)", text) for text in pages]
    taught = [match.group(1) for match in starts if match]
    assert taught == ["legs-post-event-sports", "upper-back-deep-tissue-60", "neck-shoulders-myofascial-trigger-point",
                      "hamstring-adductor-active-release-30", "reflexology-45"]
    for text in pages:
        match = re.search(r"SESSION SHEET · PROTOCOL", text)
        if match:  # nothing but the page number before a sheet's heading: it starts the page
            assert re.fullmatch(r"page \d+ of \d+ ", text[:match.start()]), text[:match.start()]
    # Each sheet lists its own steps' techniques.
    everything = " ".join(pages)
    for path in (REFLEXOLOGY, UPPER_BACK):
        for step in summarise(context_of(path, catalog)).steps:
            assert step.technique in everything


def test_a_curriculum_handbook_is_html_too(tmp_path: Path) -> None:
    code, output = export(str(CURRICULUM), "--to", "html")
    assert code == 0, output
    assert output.count('<main class="sheet">') == 5
    assert output.count('<div class="handbook-sheet">') == 5
    assert "counter(page)" in output and "break-before: page" in output


def test_a_curriculum_takes_no_other_format(tmp_path: Path) -> None:
    code, output = export(str(CURRICULUM), "--to", "fhir")
    assert code == 2
    assert "a curriculum exports as a handbook" in output


# -- no browser, a missing browser, a failing browser ------------------------------------


def test_without_a_browser_on_the_path_the_export_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    code, output = export(str(UPPER_BACK), "--to", "pdf", "-o", str(tmp_path / "out.pdf"))
    assert code == 2
    assert "no Chromium or Chrome found" in output and "--browser PATH" in output
    assert not (tmp_path / "out.pdf").exists()


def test_a_browser_that_does_not_exist_is_a_usage_error(tmp_path: Path) -> None:
    code, output = export(str(UPPER_BACK), "--to", "pdf", "-o", str(tmp_path / "out.pdf"),
                          "--browser", str(tmp_path / "no-such-chromium"))
    assert code == 2
    assert "no-such-chromium: no such program" in output


def test_pdf_needs_an_output_file(tmp_path: Path) -> None:
    browser = fake_browser(tmp_path, "exit 0")
    code, output = export(str(UPPER_BACK), "--to", "pdf", "--browser", str(browser))
    assert code == 2
    assert "--to pdf needs -o FILE" in output


def test_a_failing_browser_leaves_no_pdf_and_the_old_one_as_it_was(tmp_path: Path) -> None:
    browser = fake_browser(tmp_path, 'echo "it went wrong" >&2; exit 1')
    out = tmp_path / "out" / "sheet.pdf"
    out.parent.mkdir()
    code, output = export(str(UPPER_BACK), "--to", "pdf", "-o", str(out), "--browser", str(browser))
    assert code == 2
    assert "not written" in output and "exit 1" in output and "it went wrong" in output
    assert os.listdir(out.parent) == []
    out.write_bytes(b"%PDF-1.4 the old one")
    code, output = export(str(UPPER_BACK), "--to", "pdf", "-o", str(out), "--browser", str(browser), "--force")
    assert code == 2
    assert out.read_bytes() == b"%PDF-1.4 the old one"
    assert os.listdir(out.parent) == ["sheet.pdf"]


def test_a_browser_that_half_writes_leaves_nothing(tmp_path: Path) -> None:
    # Writes the start of something to where it was told to print, then dies.
    browser = fake_browser(tmp_path, 'for a in "$@"; do case "$a" in --print-to-pdf=*) '
                                     'printf "%%PDF-1.4 trunc" > "${a#--print-to-pdf=}";; esac; done; exit 3')
    out = tmp_path / "out" / "sheet.pdf"
    out.parent.mkdir()
    code, output = export(str(UPPER_BACK), "--to", "pdf", "-o", str(out), "--browser", str(browser))
    assert code == 2 and "exit 3" in output
    assert os.listdir(out.parent) == []


def test_a_browser_that_prints_nothing_is_an_error(tmp_path: Path) -> None:
    browser = fake_browser(tmp_path, "exit 0")
    out = tmp_path / "sheet.pdf"
    code, output = export(str(UPPER_BACK), "--to", "pdf", "-o", str(out), "--browser", str(browser))
    assert code == 2 and "without printing a PDF" in output
    assert not out.exists()


def test_an_existing_pdf_needs_force(tmp_path: Path) -> None:
    browser = fake_browser(tmp_path, "exit 0")
    out = tmp_path / "sheet.pdf"
    out.write_bytes(b"mine")
    code, output = export(str(UPPER_BACK), "--to", "pdf", "-o", str(out), "--browser", str(browser))
    assert code == 2 and "pass --force" in output
    assert out.read_bytes() == b"mine"


def test_a_hung_browser_is_stopped_at_the_timeout(tmp_path: Path) -> None:
    browser = fake_browser(tmp_path, "exec sleep 60")
    with pytest.raises(PrintError, match="did not finish printing within 0.5 s"):
        print_pdf("<p>x</p>", tmp_path / "x.pdf", browser=str(browser), timeout=0.5)
    assert sorted(os.listdir(tmp_path)) == ["fake-chromium"]
