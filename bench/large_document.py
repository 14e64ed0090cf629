#!/usr/bin/env python3
"""How the time to check one document grows with its size: about 50 kB against 5 MB, in every face.

Two kinds of protocol are generated at each size, by repeating one block of steps:

- **rules**: schema-valid steps with mistakes in every block, for the rules to find (a misspelt
  technique, a pressure and a step length out of range, an unknown region, myofascial release and a
  pin after oil, a trigger-point hold never stretched, an unused suppression comment), and notes
  with a `*` and accented letters, which send the YAML through the alias check;
- **schema**: steps that each break the schema three times (an unknown key, a duration in words, a
  pressure of 9), so jsonschema words every finding.

Each is then checked `--repeat` times, in one run, by:

- the **pipeline** in this process (`validate_text`, what every face calls);
- **validate**: `protocolkit validate --format json FILE`, a subprocess (its start-up included);
- the **studio**: GET /edit/FILE on a running `protocolkit serve` (the file read, checked and shown
  with its findings), and POST /api/check with the text where it fits the request limit;
- the **language server**: didOpen of the text on a running `protocolkit lsp`, to its
  publishDiagnostics.

Printed for each: the best time at each size, and the ratio to linear scaling,
t(5 MB) / (t(50 kB) x size ratio): 1 is linear, 2 is twice as slow per byte.  The
faces that are subprocesses pay their start-up and transport at 50 kB too, so their
ratio is below the pipeline's; their 5 MB time is what a user waits.

The targets, printed with met / NOT met and never asserted: the pipeline within 1.5 of
linear for each kind; every face done with the 5 MB document within `FEW_SECONDS`; at
most 1,001 findings from every face.  Exits 0 either way; 2 when the measurement cannot
be made.  Needs the protocolkit of this Python (`make install`), with the seed plugins.
See bench/README.md.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from lsp_bench import Lost, Server
from studio_bench import Studio, find_executable, positive, version_of

LINEAR_TARGET = 1.5       # pipeline time per byte at 5 MB / per byte at 50 kB: at most this
FEW_SECONDS = 5.0         # each face's time for the 5 MB document: at most this
CAP = 1001                # findings from any face: the first 1,000 and the count of the rest
SMALL, LARGE = 50_000, 5_000_000
BUSY_LOAD = 0.5
ANSWER_TIMEOUT_S = 300.0  # bound on any one check of the large document
TOKEN = "large-document-bench"

REGIONS = ("upper-back", "mid-back", "lower-back", "gluteal", "posterior-thigh", "calf", "hamstrings", "shoulder")
SIDED = ("posterior-thigh", "calf", "hamstrings", "shoulder")
# (modality, technique, pressure, duration, notes); "{region}" is the block's region.
RULES_BLOCK = (
    ("swedish", "effleurage", 2, "2m", "long strokes to spread the oil, *slowly*, à la française"),
    ("swedish", "petrisage", 3, "2m", "knead the muscle bellies"),                      # PK102
    ("swedish", "tapotement", 5, "2m", "brisk  # protocolkit: ignore[PK301]"),           # PK304, PK004
    ("swedish", "tapotement", 3, "40m", "a brief brisk bout"),                          # PK202
    ("myofascial-release", "sustained-pressure", 2, "2m", "after the oil"),             # MFR001
    ("trigger-point", "ischemic-compression", 4, "1m", "hold, and no stretch after"),   # TRP001
    ("active-release", "pin-and-stretch", 3, "1m", "a pin on oiled skin"),              # ART001
    ("swedish", "petrissage", 3, "2m", "shoulderblade"),                                # PK103 (the region)
)
RULES_CODES = {"PK102", "PK304", "PK004", "PK202", "MFR001", "TRP001", "ART001", "PK103"}


def rules_block(number: int) -> list[str]:
    region = REGIONS[number % len(REGIONS)]
    side = ("left", "right", "both")[number % 3]
    lines = []
    for modality, technique, pressure, duration, notes in RULES_BLOCK:
        where = "shoulderblade" if notes == "shoulderblade" else region
        lines += [f"  - modality: {modality}", f"    technique: {technique}", f"    region: {where}"]
        if where in SIDED:
            lines.append(f"    side: {side}")
        lines += [f"    duration: {duration}", f"    pressure: {pressure}", f"    notes: {notes}"]
    return lines


def schema_block(number: int) -> list[str]:
    return ["  - modality: swedish", "    technique: effleurage", f"    region: {REGIONS[number % len(REGIONS)]}",
            "    duration: two minutes", "    pressure: 9", "    colour: blue", f"    notes: step {number}"]


KINDS: dict[str, tuple[Callable[[int], list[str]], set[str]]] = {"rules": (rules_block, RULES_CODES),
                                                                 "schema": (schema_block, {"PK001"})}


def document(kind: str, size: int) -> str:
    """A protocol of about ``size`` bytes (never more) made of ``kind``'s blocks."""
    block, _ = KINDS[kind]
    head = ["# Generated by bench/large_document.py: one block of steps, repeated.", "protocolkit: 1",
            f"id: large-{kind}", "title: A large document", "duration: 1h45m", "intent: maintenance", "steps:"]
    lines, used, number = list(head), sum(len(line) + 1 for line in head), 0
    while True:
        more = block(number)
        cost = sum(len(line.encode()) + 1 for line in more)
        if used + cost > size:
            return "\n".join(lines) + "\n"
        lines += more
        used += cost
        number += 1


def die(message: str, output: str = "") -> None:
    print(f"large_document: error: {message}", file=sys.stderr)
    if output:
        print(output.rstrip()[-4000:], file=sys.stderr)
    sys.exit(2)


# --- the faces ----------------------------------------------------------------------------------
# Each takes the document's file and text and gives (seconds, findings, bytes of the answer).

Measure = Callable[[Path, str], tuple[float, int, int]]


def pipeline_face() -> Measure:
    try:
        from protocolkit.check.validation import validate_text
        from protocolkit.plugin.host import load_catalog
    except ImportError as error:
        die(f"this Python cannot import protocolkit ({error}); run it with .venv/bin/python after make install")
    catalog = load_catalog()

    def measure(file: Path, text: str) -> tuple[float, int, int]:
        started = time.perf_counter()
        found = validate_text(text, catalog, path=file.name)
        elapsed = time.perf_counter() - started
        return elapsed, len(found), len(json.dumps([f.to_json() for f in found]))

    return measure


def validate_face(protocolkit: str) -> Measure:
    def measure(file: Path, text: str) -> tuple[float, int, int]:
        started = time.perf_counter()
        result = subprocess.run([protocolkit, "validate", "--format", "json", file.name], cwd=file.parent,
                                capture_output=True, check=False, timeout=ANSWER_TIMEOUT_S)
        elapsed = time.perf_counter() - started
        if result.returncode not in (0, 1):
            die(f"protocolkit validate exited {result.returncode} on {file.name}", result.stderr.decode())
        return elapsed, len(json.loads(result.stdout)), len(result.stdout)

    return measure


def studio_request(studio: Studio, method: str, path: str, body: bytes | None) -> tuple[float, int, bytes]:
    connection = http.client.HTTPConnection(studio.host, studio.port, timeout=ANSWER_TIMEOUT_S)
    headers = {"Authorization": f"Bearer {TOKEN}", **({"Content-Type": "application/json"} if body else {})}
    try:
        started = time.perf_counter()
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        answer = response.read()
        return time.perf_counter() - started, response.status, answer
    finally:
        connection.close()


def editor_face(studio: Studio) -> Measure:
    def measure(file: Path, text: str) -> tuple[float, int, int]:
        elapsed, status, answer = studio_request(studio, "GET", f"/edit/{file.name}", None)
        if status != 200:
            die(f"GET /edit/{file.name} answered {status}", answer.decode(errors="replace"))
        return elapsed, answer.count(b'data-goto-line='), len(answer)

    return measure


def api_face(studio: Studio, notes: list[str]) -> Measure:
    def measure(file: Path, text: str) -> tuple[float, int, int]:
        body = json.dumps({"text": text, "name": file.name}, ensure_ascii=False).encode()
        elapsed, status, answer = studio_request(studio, "POST", "/api/check", body)
        if status == 413:
            notes.append(f"POST /api/check of {file.name}: the JSON body ({len(body):,} bytes, the text with its "
                         "escapes) is over the studio's request limit (max-file-size); not timed")
            return float("nan"), 0, 0
        if status != 200:
            die(f"POST /api/check answered {status}", answer.decode(errors="replace"))
        return elapsed, len(json.loads(answer)["findings"]), len(answer)

    return measure


def lsp_face(server: Server) -> Measure:
    versions = iter(range(1, 1_000_000))

    def measure(file: Path, text: str) -> tuple[float, int, int]:
        uri = file.as_uri()
        version = next(versions)
        started = time.perf_counter()
        server.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "yaml",
                                                                "version": version, "text": text}})
        try:
            found = server.diagnostics(uri, version, ANSWER_TIMEOUT_S)
        except Lost as lost:
            die(f"the language server gave no diagnostics for {file.name}: {lost}")
        elapsed = time.perf_counter() - started
        server.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
        return elapsed, len(found), len(json.dumps(found))

    return measure


# --- running ------------------------------------------------------------------------------------

def timed(measure: Measure, file: Path, text: str, repeat: int) -> dict[str, Any]:
    runs = [measure(file, text) for _ in range(repeat)]
    seconds = [run[0] for run in runs]
    return {"best_s": min(seconds), "median_s": statistics.median(seconds), "runs_s": seconds,
            "findings": runs[-1][1], "bytes": runs[-1][2]}


def ratio_to_linear(small: dict[str, Any], large: dict[str, Any], sizes: tuple[int, int]) -> float:
    return (large["best_s"] / small["best_s"]) / (sizes[1] / sizes[0])


def verdict(met: bool | None) -> str:
    return "-" if met is None else "met" if met else "NOT met"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=positive, default=2, help="timed runs of each face at each size (best kept)")
    parser.add_argument("--kinds", nargs="+", choices=sorted(KINDS), default=sorted(KINDS))
    parser.add_argument("--protocolkit", metavar="PATH", help="the protocolkit executable (default: beside this "
                        "Python, else on PATH)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args(argv)
    protocolkit = find_executable(args.protocolkit, "protocolkit")
    if protocolkit is None:
        die("protocolkit not found; run `make install` or pass --protocolkit PATH")
    assert protocolkit is not None
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    notes: list[str] = []
    if load is not None and load >= BUSY_LOAD:
        notes.append(f"the machine was busy when the script started (1-minute load average {load:.2f}): other work "
                     "skews the times; run again when it is idle")

    def log(message: str) -> None:
        if not args.json:
            print(message, file=sys.stderr, flush=True)

    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="protocolkit-large-") as directory, \
            tempfile.TemporaryFile("w+", encoding="utf-8") as server_log:
        folder = Path(directory)
        files: dict[tuple[str, int], Path] = {}
        for kind in args.kinds:
            for size in (SMALL, LARGE):
                file = folder / f"{kind}-{size // 1000}k.yaml"
                file.write_text(document(kind, size), encoding="utf-8")
                files[kind, size] = file
        pipeline = pipeline_face()
        for kind in args.kinds:  # the small one must show what it is made to show
            file = files[kind, SMALL]
            from protocolkit.check.validation import validate_text
            from protocolkit.plugin.host import load_catalog

            codes = {f.code for f in validate_text(file.read_text(encoding="utf-8"), load_catalog(), path=file.name)}
            if not KINDS[kind][1] <= codes:
                die(f"{file.name} does not give the findings it is made for (missing "
                    f"{', '.join(sorted(KINDS[kind][1] - codes))}): are the seed plugins installed (make install)?")
        log(f"starting protocolkit serve and protocolkit lsp over {folder} ...")
        with Studio(protocolkit, folder, TOKEN, server_log) as studio, Server(protocolkit, server_log) as server:
            studio.ready()
            server.initialize(folder)
            server.wait_for(lambda message: message.get("id") == server.initialize_id, ANSWER_TIMEOUT_S)
            faces: dict[str, Measure] = {"pipeline (in-process validate_text)": pipeline,
                                         "protocolkit validate --format json": validate_face(protocolkit),
                                         "studio: GET /edit/FILE": editor_face(studio),
                                         "studio: POST /api/check": api_face(studio, notes),
                                         "language server: didOpen to diagnostics": lsp_face(server)}
            for kind in args.kinds:
                texts = {size: files[kind, size].read_text(encoding="utf-8") for size in (SMALL, LARGE)}
                sizes = (len(texts[SMALL].encode()), len(texts[LARGE].encode()))
                rows = {}
                for face, measure in faces.items():
                    log(f"{kind}: {face}, {args.repeat} runs at {sizes[0]:,} and {sizes[1]:,} bytes ...")
                    measure(files[kind, SMALL], texts[SMALL])  # untimed: warms caches and imports
                    small = timed(measure, files[kind, SMALL], texts[SMALL], args.repeat)
                    large = timed(measure, files[kind, LARGE], texts[LARGE], args.repeat)
                    rows[face] = {"small": small, "large": large,
                                  "ratio_to_linear": ratio_to_linear(small, large, sizes)}
                results[kind] = {"bytes": sizes, "faces": rows}
        server_log.seek(0)
        said = [line.strip() for line in server_log.read().splitlines() if line.strip()]
        if said:
            notes.append(f"the servers wrote {len(said)} lines to stderr, the first: {said[0][:200]!r}")

    summary = []
    for kind, result in results.items():
        faces = result["faces"]
        pipeline_ratio = faces["pipeline (in-process validate_text)"]["ratio_to_linear"]
        summary.append({"name": f"{kind}: pipeline, ratio to linear", "value": pipeline_ratio, "unit": "",
                        "limit": f"<= {LINEAR_TARGET}", "met": pipeline_ratio <= LINEAR_TARGET,
                        "context": f"{result['bytes'][0]:,} -> {result['bytes'][1]:,} bytes"})
        for face, row in faces.items():
            seconds = row["large"]["best_s"]
            if seconds != seconds:  # not timed (nan)
                continue
            summary.append({"name": f"{kind}: {face}, 5 MB", "value": seconds, "unit": "s",
                            "limit": f"<= {FEW_SECONDS:g} s", "met": seconds <= FEW_SECONDS,
                            "context": f"{row['large']['findings']:,} findings, {row['large']['bytes']:,} bytes"})
        most = max(row["large"]["findings"] for row in faces.values())
        summary.append({"name": f"{kind}: most findings from a face, 5 MB", "value": most, "unit": "",
                        "limit": f"<= {CAP:,}", "met": most <= CAP, "context": "the first 1,000 and PK005"})
    output = {"environment": {"protocolkit": version_of(protocolkit), "python": platform.python_version(),
                              "platform": platform.platform(), "cpus": os.cpu_count(),
                              "load_average_at_start": load},
              "repeat": args.repeat, "notes": notes, "results": results, "summary": summary}
    if args.json:
        print(json.dumps(output, indent=2))
        return 0
    for kind, result in results.items():
        small_bytes, large_bytes = result["bytes"]
        print(f"\n{kind}: {small_bytes:,} and {large_bytes:,} bytes (x{large_bytes / small_bytes:.1f}); best of "
              f"{args.repeat}, seconds")
        print(f"{'face':<44}{'50 kB s':>10}{'5 MB s':>10}{'vs linear':>11}{'findings':>10}{'answer bytes':>14}")
        print("-" * 99)
        for face, row in result["faces"].items():
            small, large = row["small"], row["large"]
            print(f"{face:<44}{small['best_s']:>10.3f}{large['best_s']:>10.3f}{row['ratio_to_linear']:>11.2f}"
                  f"{large['findings']:>10,}{large['bytes']:>14,}")
    print()
    print("summary: the targets")
    for item in summary:
        value = f"{item['value']:.3f}{(' ' + item['unit']) if item['unit'] else ''}" \
            if isinstance(item["value"], float) else f"{item['value']:,}"
        print(f"  {item['name']:<62}{value:>12}  {item['limit']:<10}{verdict(item['met']):>8}  [{item['context']}]")
    for note in notes:
        print(f"note: {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
