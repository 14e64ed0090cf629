"""The HTML session sheet printed by a real browser: headless Chromium, to PDF and to PNG.

Chromium is Debian's ``chromium`` package; .ci/run installs it.  Without it
these tests skip on a developer's machine and fail in CI (``CI`` set), so a
CI that lost its browser cannot pass quietly.

The PDF and PNG are read with the standard library only: the page count and
page sizes from the PDF's page objects, the pixels from a small PNG decoder.
"""

from __future__ import annotations

import re
import struct
import subprocess
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from protocolkit.plugin.catalog import Catalog
from protocolkit.cli import cli
from protocolkit.load.documents import load_document
from protocolkit.model.export import ExportContext
from protocolkit.export import html as html_sheet
from protocolkit.export.summary import ACTIVITY_COLOUR, summarise
from protocolkit.load.serialize import protocol_from_data

from .conftest import A4, EXAMPLES, LETTER

UPPER_BACK = EXAMPLES / "upper-back-deep-tissue-60.yaml"
LEGS = EXAMPLES / "legs-post-event-sports.yaml"
INTAKE = EXAMPLES / "intakes" / "c-0042-varicose-anticoagulants.yaml"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
WINDOW = (1240, 1754)


def run_chromium(chromium: str, page: Path, work: Path, *args: str) -> None:
    profile = work / "profile"
    command = [chromium, *FLAGS, f"--user-data-dir={profile}", *args, page.as_uri()]
    done = subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)
    assert done.returncode == 0, f"chromium failed ({done.returncode}):\n{done.stderr[-3000:]}"


def print_pdf(chromium: str, page: Path) -> bytes:
    pdf = page.with_suffix(".pdf")
    run_chromium(chromium, page, page.parent, f"--print-to-pdf={pdf}", "--no-pdf-header-footer")
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    return data


def screenshot(chromium: str, page: Path, png: Path) -> tuple[int, int, list[bytes], int]:
    run_chromium(chromium, page, page.parent, f"--screenshot={png}", f"--window-size={WINDOW[0]},{WINDOW[1]}",
                 "--hide-scrollbars")
    return read_png(png.read_bytes())


# -- reading the results ---------------------------------------------------------


def pdf_pages(data: bytes) -> list[tuple[float, float]]:
    """(width, height) in points of every page object (``/Type /Page``, not ``/Pages``)."""
    sizes = []
    for match in re.finditer(rb"<<((?:(?!endobj).)*?/Type\s*/Page(?![a-zA-Z])(?:(?!endobj).)*)", data, re.S):
        box = re.search(rb"/MediaBox\s*\[\s*([-\d.\s]+)\]", match.group(1))
        assert box is not None, "a page without its own MediaBox"
        x0, y0, x1, y1 = (float(n) for n in box.group(1).split())
        sizes.append((x1 - x0, y1 - y0))
    assert len(sizes) == len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))
    return sizes


def read_png(data: bytes) -> tuple[int, int, list[bytes], int]:
    """Width, height, the unfiltered rows and bytes per pixel of an 8-bit RGB or RGBA PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    position, idat = 8, b""
    width = height = channels = 0
    while position < len(data):
        (length,) = struct.unpack(">I", data[position:position + 4])
        kind = data[position + 4:position + 8]
        body = data[position + 8:position + 8 + length]
        position += 12 + length
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and colour in (2, 6) and interlace == 0, "only 8-bit RGB/RGBA, not interlaced"
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
        elif kind == b"IEND":
            break
    raw = zlib.decompress(idat)
    stride = width * channels
    rows: list[bytes] = []
    previous = bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            corner = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                estimate = left + up - corner
                near_left, near_up, near_corner = abs(estimate - left), abs(estimate - up), abs(estimate - corner)
                if near_left <= near_up and near_left <= near_corner:
                    predictor = left
                elif near_up <= near_corner:
                    predictor = up
                else:
                    predictor = corner
                line[i] = (line[i] + predictor) & 0xFF
            else:
                assert kind == 0, f"unknown PNG filter {kind}"
        rows.append(bytes(line))
        previous = line
    return width, height, rows, channels


def rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def pixels_of(rows: list[bytes], channels: int, colour: tuple[int, int, int],
              box: tuple[int, int, int, int] | None = None, tolerance: int = 6) -> list[tuple[int, int]]:
    """(x, y) of every pixel within ``tolerance`` of ``colour``, inside ``box`` (x0, y0, x1, y1) if given."""
    x0, y0, x1, y1 = box or (0, 0, len(rows[0]) // channels, len(rows))
    found = []
    for y in range(y0, y1):
        row = rows[y]
        for x in range(x0, x1):
            i = x * channels
            if (abs(row[i] - colour[0]) <= tolerance and abs(row[i + 1] - colour[1]) <= tolerance
                    and abs(row[i + 2] - colour[2]) <= tolerance):
                found.append((x, y))
    return found


def changed_box(one: list[bytes], other: list[bytes], channels: int) -> tuple[int, int, int, int]:
    """The smallest box holding every pixel that differs between two screenshots."""
    xs, ys = [], []
    for y, (a, b) in enumerate(zip(one, other, strict=True)):
        if a != b:
            ys.append(y)
            differing = [i // channels for i in range(0, len(a), channels) if a[i:i + 3] != b[i:i + 3]]
            xs += [differing[0], differing[-1]]
    assert ys, "the two screenshots are the same"
    return min(xs), min(ys), max(xs) + 1, max(ys) + 1


# -- the tests -------------------------------------------------------------------


def sheet(catalog: Catalog, path: Path, target: Path, **options: str) -> Path:
    protocol = protocol_from_data(load_document(path).data, catalog.regions)
    target.write_text(html_sheet.render(ExportContext(protocol, catalog, options=options)), encoding="utf-8")
    return target


def test_the_60_minute_sheet_prints_on_three_a4_pages(chromium: str, catalog: Catalog, tmp_path: Path) -> None:
    pages = pdf_pages(print_pdf(chromium, sheet(catalog, UPPER_BACK, tmp_path / "upper-back.html")))
    # Measured: 3 pages (timeline, pressure chart and the first steps on page 1; the rest of the steps
    # and the totals on page 2; the body map, kept whole, on page 3).  Allow one more for other font
    # metrics, never a sheet that runs away.
    assert 1 <= len(pages) <= 4, pages
    for width, height in pages:
        assert width == pytest.approx(A4[0], abs=2) and height == pytest.approx(A4[1], abs=2)


def test_a_letter_sheet_prints_on_letter_pages(chromium: str, catalog: Catalog, tmp_path: Path) -> None:
    a4 = pdf_pages(print_pdf(chromium, sheet(catalog, UPPER_BACK, tmp_path / "a4.html")))
    letter = pdf_pages(print_pdf(chromium, sheet(catalog, UPPER_BACK, tmp_path / "letter.html", paper="letter")))
    assert 1 <= len(letter) <= 4, letter  # measured: 3, as on A4
    for width, height in letter:
        assert width == pytest.approx(LETTER[0], abs=2) and height == pytest.approx(LETTER[1], abs=2)
        assert height / width == pytest.approx(11 / 8.5, rel=0.01)
    assert a4[0][1] / a4[0][0] == pytest.approx(2 ** 0.5, rel=0.01)


def test_a_short_screened_sheet_from_the_cli_prints_on_at_most_three_pages(chromium: str, tmp_path: Path) -> None:
    target = tmp_path / "legs.html"
    result = CliRunner().invoke(cli, ["export", str(LEGS), "--to", "html", "-o", str(target),
                                      "--intake", str(INTAKE)],
                                env={"PROTOCOLKIT_PLUGINS": "", "PROTOCOLKIT_DISABLE_PLUGINS": ""})
    assert result.exit_code == 0, result.output
    pages = pdf_pages(print_pdf(chromium, target))
    # Measured: 3; the verdict box pushes the steps table over, and the body map takes page 3.
    assert 1 <= len(pages) <= 3, pages


def test_the_timeline_is_drawn_in_the_modality_colours(chromium: str, catalog: Catalog, tmp_path: Path) -> None:
    page = sheet(catalog, UPPER_BACK, tmp_path / "sheet.html")
    width, height, rows, channels = screenshot(chromium, page, tmp_path / "sheet.png")
    assert (width, height) == WINDOW

    # Where the timeline sits: what changes when only the timeline is hidden (the layout stays put).
    hidden = tmp_path / "hidden.html"
    hidden.write_text(page.read_text(encoding="utf-8").replace(
        "</style>", "#timeline { visibility: hidden; }\n</style>"), encoding="utf-8")
    _, _, bare, _ = screenshot(chromium, hidden, tmp_path / "hidden.png")
    box = changed_box(rows, bare, channels)
    assert box[3] < height * 0.5, f"the timeline should sit near the top of the sheet, not at {box}"

    summary = summarise(ExportContext(protocol_from_data(load_document(UPPER_BACK).data, catalog.regions), catalog))
    swedish, deep = (rgb(m.colour) for m in summary.modalities)
    first = pixels_of(rows, channels, swedish, box)
    second = pixels_of(rows, channels, deep, box)
    grey = pixels_of(rows, channels, rgb(ACTIVITY_COLOUR), box)
    # Swedish is 13 of 60 minutes in two bars, deep tissue 39: bars, not a stray pixel or two.
    assert len(first) > 500 and len(second) > 3 * len(first) * 0.7 and len(grey) > 150
    # One row per step, in order: the Swedish bars (steps 2-3) sit above and left of the deep tissue ones.
    assert max(y for _, y in first if _ > box[0] + 40) < min(y for x, y in second if x > box[0] + 40) + 2
    assert min(x for x, _ in first) < min(x for x, _ in second)
    # Nothing in the first modality's colour lies outside the picture but the table's edge and the totals.
    assert not pixels_of(rows, channels, swedish, (0, 0, width, box[1]))
