#!/usr/bin/env python3
"""How long `protocolkit compose` takes, against the CLI's own start-up, in one run.

Two figures:

- in process: the median time to compose each request of the teacher's standard
  (tests/data/compose_requests.yaml), and the slowest;
- on the command line: the median wall time of `protocolkit compose` for the
  largest request (a 90-minute full body) over the median of `protocolkit
  --version`, so that the ratio says what composing adds to starting up, on any
  machine.

It is a report (exits 0); run it with the project's virtual environment:

    .venv/bin/python bench/compose_speed.py [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
from compose_standard import load_requests  # noqa: E402  (the requests live with the tests)
from wall_time import median_wall  # noqa: E402  (beside this script)

from protocolkit.composition.engine import compose_session  # noqa: E402
from protocolkit.plugin.host import load_catalog  # noqa: E402

LARGEST = "swedish-relaxation-full-body-90"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="runs of each command line (median)")
    args = parser.parse_args(argv)
    catalog = load_catalog()
    requests = load_requests()
    timings = {}
    for request in requests:
        asked = request.compose_request(catalog)
        start = time.perf_counter()
        compose_session(catalog, asked)
        timings[request.name] = time.perf_counter() - start
    slowest = max(timings, key=lambda name: timings[name])
    print(f"in process: {len(timings)} requests, median {statistics.median(timings.values()) * 1000:.1f} ms, "
          f"slowest {timings[slowest] * 1000:.1f} ms ({slowest})")
    cli = str(Path(sys.executable).with_name("protocolkit"))
    largest = next(request for request in requests if request.name == LARGEST)
    version = median_wall([cli, "--version"], args.runs, REPO)
    compose = median_wall([cli, *largest.command_line().split()[1:]], args.runs, REPO)
    print(f"command line: protocolkit --version {version:.3f} s, compose ({LARGEST}) {compose:.3f} s, "
          f"ratio {compose / version:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
