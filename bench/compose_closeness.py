#!/usr/bin/env python3
"""How close `protocolkit compose` comes to the session a teacher writes by hand (issue 22, section 6).

For each hand-written session in examples/teacher/ (its `# request: <name>` line
names a request in tests/data/compose_requests.yaml), the script composes that
request and compares the two sessions' hands-on work:

- order: the distinct (region, side) pairs in order of first appearance, the
  same in both or not (and, coarser, the distinct regions alone);
- time: per region, the teacher's minutes and compose's, and whether compose's
  are within 20% of the teacher's (the issue's measure).

It is a report: nothing is asserted and it exits 0 either way, also when
compose refuses a request (that is printed).  Run it with the project's
virtual environment, from anywhere:

    .venv/bin/python bench/compose_closeness.py
    .venv/bin/python bench/compose_closeness.py --json
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
TEACHER = REPO / "examples" / "teacher"
TOLERANCE = 0.20  # the "time per region within 20%"

sys.path.insert(0, str(REPO / "tests"))
from compose_standard import Request, load_requests  # noqa: E402  (the requests live with the tests)

from protocolkit.load.documents import load_document  # noqa: E402
from protocolkit.load.serialize import protocol_from_data  # noqa: E402
from protocolkit.model.protocol import Protocol  # noqa: E402
from protocolkit.plugin.catalog import Catalog  # noqa: E402
from protocolkit.plugin.host import load_catalog  # noqa: E402


def request_named(path: Path) -> str | None:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# request: "):
            return line.removeprefix("# request: ").strip()
    return None


def order(protocol: Protocol, with_side: bool = True) -> list[str]:
    seen: list[str] = []
    for step in protocol.hands_on_steps:
        key = f"{step.region}:{step.side}" if with_side and step.side != "both" else str(step.region)
        if key not in seen:
            seen.append(key)
    return seen


def minutes_by_region(protocol: Protocol) -> dict[str, float]:
    minutes: dict[str, float] = {}
    for step in protocol.hands_on_steps:
        minutes[str(step.region)] = minutes.get(str(step.region), 0.0) + step.duration.seconds / 60
    return minutes


def within(composed: float, teacher: float) -> bool:
    return teacher > 0 and abs(composed - teacher) <= TOLERANCE * teacher


def compare(path: Path, request: Request, catalog: Catalog) -> dict[str, Any]:
    from protocolkit.composition.engine import ComposeError, compose_session

    teacher = protocol_from_data(load_document(path).data, catalog.regions)
    result: dict[str, Any] = {"teacher_file": str(path.relative_to(REPO)), "request": request.name,
                              "command": request.command_line()}
    try:
        composed = compose_session(catalog, request.compose_request(catalog)).protocol
    except (ComposeError, ValueError) as error:
        result["refused"] = str(error)
        return result
    taught, made = minutes_by_region(teacher), minutes_by_region(composed)
    result["order"] = {"teacher": order(teacher), "compose": order(composed),
                       "same": order(teacher) == order(composed),
                       "same_regions_only": order(teacher, False) == order(composed, False)}
    result["regions"] = [{"region": region, "teacher": taught.get(region, 0.0), "compose": made.get(region, 0.0),
                          "within": within(made.get(region, 0.0), taught.get(region, 0.0))}
                         for region in dict.fromkeys([*order(teacher, False), *order(composed, False)])]
    return result


def _m(value: float) -> str:
    return f"{value:g}m"


def print_report(results: list[dict[str, Any]]) -> None:
    for result in results:
        print(f"{result['request']}  ({result['teacher_file']})")
        print(f"  {result['command']}")
        if "refused" in result:
            print(f"  compose refused: {result['refused']}\n")
            continue
        same = result["order"]
        print(f"  order of (region, side): {'same' if same['same'] else 'differs'}; "
              f"of regions alone: {'same' if same['same_regions_only'] else 'differs'}")
        if not same["same"]:
            print(f"    teacher: {', '.join(same['teacher'])}")
            print(f"    compose: {', '.join(same['compose'])}")
        print(f"  {'region':<18}{'teacher':>9}{'compose':>9}  within {TOLERANCE:.0%}")
        for row in result["regions"]:
            print(f"  {row['region']:<18}{_m(row['teacher']):>9}{_m(row['compose']):>9}  "
                  f"{'yes' if row['within'] else 'no'}")
        print()
    print("Summary")
    for result in results:
        if "refused" in result:
            print(f"  {result['request']:<45} compose refused")
            continue
        rows = result["regions"]
        close = sum(row["within"] for row in rows)
        print(f"  {result['request']:<45} order {'same' if result['order']['same'] else 'differs':<8}"
              f"{close} of {len(rows)} regions within {TOLERANCE:.0%}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--teacher", type=Path, default=TEACHER, help="folder of hand-written sessions")
    parser.add_argument("--json", action="store_true", help="print the comparison as JSON")
    args = parser.parse_args(argv)
    catalog = load_catalog()
    requests = {request.name: request for request in load_requests()}
    results = []
    for path in sorted(args.teacher.resolve().glob("*.yaml")):
        name = request_named(path)
        if name is None or name not in requests:
            print(f"{path.name}: no '# request: <name>' line naming a known request; skipped", file=sys.stderr)
            continue
        results.append(compare(path, requests[name], catalog))
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        print_report(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
