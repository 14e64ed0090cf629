#!/usr/bin/env python3
"""Throughput of `protocolkit validate` against `check-jsonschema` on the same files.

Generates N schema-valid protocols of exactly 20 steps each (deterministic,
seeded), checks that both tools accept them, then times, in one run and in
alternating order:

    protocolkit validate DIR
    check-jsonschema --schemafile schemas/protocol.schema.json FILE1 FILE2 ...

and prints the ratio ours/theirs.  The target at N=1000 is a ratio of 0.25 or
less, although `protocolkit validate` runs the semantic rules on top of the
schema.  It also times start-up: `protocolkit --version` against
`python -c "import click"`, and validating one file with each tool.

Standard library only; the two tools run as subprocesses.  See bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
TARGET_RATIO = 0.25
STEPS_PER_PROTOCOL = 20
DEFAULT_SEED = 20240601
FILE_PREFIX = "protocol-"

# --- what the generated protocols may use -------------------------------------------------
# Only the swedish modality and the shared techniques it offers, so the files stay
# clean whichever other plugins are installed.  Per technique: the pressures used
# (within the catalog range), and the step durations used, in 30 s units, well
# inside the catalog bounds (effleurage 30s-10m, petrissage 1m-15m, friction
# 30s-20m, tapotement 15s-3m, vibration 15s-5m).
MODALITY = "swedish"
UNIT = 30  # seconds
TECHNIQUES: dict[str, dict[str, Any]] = {
    "effleurage": {"pressures": [1, 2, 3, "light", "moderate"], "units": (2, 10), "weight": 2},
    "petrissage": {"pressures": [2, 3, 4, "light", "moderate", "deep"], "units": (4, 24), "weight": 5},
    "friction": {"pressures": [3, 4, 5, "moderate", "deep"], "units": (2, 16), "weight": 3},
    "tapotement": {"pressures": [2, 3, "light", "moderate"], "units": (1, 4), "weight": 1},
    "vibration": {"pressures": [1, 2, 3, "light"], "units": (1, 6), "weight": 1},
}
MIDDLE_TECHNIQUES = ("petrissage", "friction", "tapotement", "vibration", "effleurage")
MIDDLE_WEIGHTS = (6, 3, 1, 1, 1)
WARM_UP_PRESSURES = [1, 2, "light"]  # <= 3, so pressure 4+ later on the region is clean (PK301)
PRESSURE_LEVEL = {"light": 2, "moderate": 3, "deep": 4, "maximal": 5}
# (region id, aliases sometimes written instead, has sides, deepest pressure used there)
REGIONS: tuple[tuple[str, tuple[str, ...], bool, int], ...] = (
    ("upper-back", ("rhomboids", "upper-trapezius"), False, 5),
    ("neck", ("cervical",), False, 3),
    ("shoulder", ("deltoids",), True, 4),
    ("lower-back", ("lumbar",), False, 4),
    ("mid-back", ("thoracic",), False, 5),
    ("calf", ("calves",), True, 5),
    ("posterior-thigh", ("hamstrings",), True, 5),
    ("anterior-thigh", ("quadriceps",), True, 5),
    ("forearm", ("forearms",), True, 4),
    ("gluteal", ("glutes",), False, 5),
)
PLANNED_MINUTES = (45, 50, 60, 75, 90)
INTENTS = ("relaxation", "maintenance", "recovery", "post-event", None)
GOALS = ("relaxation", "muscle-tension", "circulation", "stress", "recovery", "sleep")
CLIENTS = ("desk worker", "runner", "cyclist", "swimmer", "gardener", "climber", "rower", "new client",
           "regular client", "tennis player")
WARM_UP_NOTES = ("long strokes toward the heart to spread the oil", "warm up and assess the tissue",
                 "broad palm strokes, slow rhythm")
FLUSH_NOTES = ("flush toward the heart", "close the region with long strokes")
FOCUS_NOTES = {
    "effleurage": ("link the sequence with long strokes", "broad palm strokes, slow rhythm"),
    "petrissage": ("knead the muscle bellies", "lift and roll, keep the rhythm even", "wringing across the fibres"),
    "friction": ("around tight spots", "cross-fibre over the adhesion", "check in on discomfort (aim 6/10)"),
    "tapotement": ("brief brisk bout", "cupping, light and quick"),
    "vibration": ("fine shaking to settle the tissue", "rock the limb gently"),
}
TRANSITION_NOTES = ("client turns over", "re-drape and move round the table", "adjust the bolster")


def format_duration(seconds: int) -> str:
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return "".join(f"{n}{unit}" for n, unit in ((hours, "h"), (minutes, "m"), (secs, "s")) if n) or "0s"


def quoted(text: str) -> str:
    """A double-quoted YAML scalar (a JSON string is one)."""
    return json.dumps(text)


def _pressure(rng: random.Random, choices: Sequence[int | str], ceiling: int) -> int | str:
    allowed = [p for p in choices if (PRESSURE_LEVEL[p] if isinstance(p, str) else p) <= ceiling]
    return rng.choice(allowed)


def make_protocol(index: int, seed: int) -> dict[str, Any]:
    """One clean protocol of exactly 20 steps, the same for the same (index, seed)."""
    rng = random.Random(f"{seed}:{index}")
    block_count = rng.choices((2, 3, 4), weights=(2, 3, 2))[0]
    transitions = block_count - 1
    hands_on = STEPS_PER_PROTOCOL - transitions
    # Each region block: a warm-up effleurage, at least two middle steps, a flush.
    sizes = [4] * block_count
    for _ in range(hands_on - 4 * block_count):
        sizes[rng.randrange(block_count)] += 1
    regions = rng.sample(REGIONS, block_count)

    steps: list[dict[str, Any]] = []  # each with "units" and ("min", "max") until durations are set
    for number, ((region_id, aliases, sided, ceiling), size) in enumerate(zip(regions, sizes, strict=True)):
        if number:
            steps.append({"activity": "transition", "fixed": 60,
                          "notes": rng.choice(TRANSITION_NOTES) if rng.random() < 0.3 else None})
        written = rng.choice(aliases) if aliases and rng.random() < 0.2 else region_id
        side = rng.choice(("both", "both", "left", "right")) if sided else "both"
        techniques = ["effleurage"]
        techniques += rng.choices(MIDDLE_TECHNIQUES, weights=MIDDLE_WEIGHTS, k=size - 2)
        techniques += ["effleurage"]
        for position, technique in enumerate(techniques):
            spec = TECHNIQUES[technique]
            if position == 0:
                pressure = rng.choice(WARM_UP_PRESSURES)  # the warm-up, before any pressure 4 here
            else:
                pressure = _pressure(rng, spec["pressures"], ceiling)
            step: dict[str, Any] = {"technique": technique, "region": written, "side": side,
                                    "pressure": pressure, "bounds": spec["units"], "weight": spec["weight"]}
            if technique in ("effleurage", "petrissage") and rng.random() < 0.35:
                step["lubricant"] = True
            if rng.random() < 0.3:
                notes = (WARM_UP_NOTES if position == 0 else FLUSH_NOTES if position == len(techniques) - 1
                         else FOCUS_NOTES[technique])
                step["notes"] = rng.choice(notes)
            steps.append(step)
    assert len(steps) == STEPS_PER_PROTOCOL

    # Durations: every step at its shortest, then 30 s at a time to steps with room
    # until the total is exactly the planned duration.
    fixed = sum(step.get("fixed", 0) for step in steps)
    lowest = fixed + UNIT * sum(step["bounds"][0] for step in steps if "bounds" in step)
    highest = fixed + UNIT * sum(step["bounds"][1] for step in steps if "bounds" in step)
    fitting = [m * 60 for m in PLANNED_MINUTES if lowest <= m * 60 <= highest]
    planned = rng.choice(fitting) if fitting else max(lowest, highest - highest % 300)
    for step in steps:
        if "bounds" in step:
            step["units"] = step["bounds"][0]
    spare = (planned - lowest) // UNIT
    growable = [step for step in steps if "bounds" in step]
    while spare > 0:
        growable = [step for step in growable if step["units"] < step["bounds"][1]]
        step = rng.choices(growable, weights=[step["weight"] for step in growable])[0]
        step["units"] += 1
        spare -= 1

    names = list(dict.fromkeys(region for region, *_ in regions))
    minutes = planned // 60
    protocol: dict[str, Any] = {
        "id": f"swedish-{'-'.join(names[:2])}-{minutes}m-{index:05d}",
        "title": f"Swedish massage for a {rng.choice(CLIENTS)}: {', '.join(n.replace('-', ' ') for n in names)}"
                 f" ({minutes} min) #{index}",
        "duration": format_duration(planned) if rng.random() < 0.5 else f"{minutes}m",
        "intent": rng.choice(INTENTS),
        "goals": rng.sample(GOALS, rng.choice((0, 1, 2))),
        "description": ("Generated for the validate throughput benchmark; "
                        f"{block_count} regions, {transitions} transition{'s' if transitions != 1 else ''}."
                        if rng.random() < 0.5 else None),
        "steps": [],
    }
    for step in steps:
        if "activity" in step:
            out: dict[str, Any] = {"activity": step["activity"], "duration": format_duration(step["fixed"])}
        else:
            out = {"modality": MODALITY, "technique": step["technique"], "region": step["region"]}
            if step["side"] != "both":
                out["side"] = step["side"]
            out["duration"] = format_duration(step["units"] * UNIT)
            out["pressure"] = step["pressure"]
            if "lubricant" in step:
                out["lubricant"] = step["lubricant"]
        if step.get("notes"):
            out["notes"] = step["notes"]
        protocol["steps"].append(out)
    return protocol


def to_yaml(protocol: dict[str, Any], header: str) -> str:
    def scalar(value: Any) -> str:
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, int):
            return str(value)
        return value if value.replace("-", "").isalnum() else quoted(value)

    lines = [f"# {header}", "protocolkit: 1", "kind: protocol", f"id: {protocol['id']}",
             f"title: {quoted(protocol['title'])}"]
    if protocol["description"]:
        lines.append(f"description: {quoted(protocol['description'])}")
    lines.append(f"duration: {protocol['duration']}")
    if protocol["intent"]:
        lines.append(f"intent: {protocol['intent']}")
    if protocol["goals"]:
        lines.append("goals:")
        lines += [f"- {goal}" for goal in protocol["goals"]]
    lines.append("steps:")
    for step in protocol["steps"]:
        items = [f"{key}: {quoted(value) if key == 'notes' else scalar(value)}" for key, value in step.items()]
        lines.append(f"- {items[0]}")
        lines += [f"  {item}" for item in items[1:]]
    return "\n".join(lines) + "\n"


def generate(directory: Path, count: int, seed: int) -> list[str]:
    """Write `count` protocols into `directory`; return their file names, sorted."""
    directory.mkdir(parents=True, exist_ok=True)
    names = []
    for index in range(1, count + 1):
        name = f"{FILE_PREFIX}{index:05d}.yaml"
        header = f"protocolkit benchmark protocol {index} of {count} (seed {seed}); generated, do not edit"
        (directory / name).write_text(to_yaml(make_protocol(index, seed), header), encoding="utf-8")
        names.append(name)
    return names


def prepare_directory(directory: Path) -> None:
    """An empty directory for generated files; only our own earlier files are removed."""
    if directory.exists():
        entries = list(directory.iterdir())
        foreign = [entry.name for entry in entries
                   if not (entry.is_file() and entry.name.startswith(FILE_PREFIX) and entry.suffix == ".yaml")]
        if foreign:
            shown = ", ".join(sorted(foreign)[:3]) + (", ..." if len(foreign) > 3 else "")
            die(f"{directory} holds files this script did not generate ({shown}); "
                "give --keep an empty or new directory")
        for entry in entries:
            entry.unlink()
    directory.mkdir(parents=True, exist_ok=True)


# --- running and timing -------------------------------------------------------------------

def die(message: str, output: str = "") -> None:
    print(f"validate_throughput: error: {message}", file=sys.stderr)
    if output:
        print(output.rstrip(), file=sys.stderr)
    sys.exit(2)


def find_executable(given: str | None, name: str) -> str | None:
    if given:
        found = shutil.which(given) or (given if os.path.isfile(given) else None)
    else:
        # The console script beside this interpreter (same venv), else whatever PATH has.
        found = shutil.which(name, path=os.path.dirname(sys.executable)) or shutil.which(name)
    # Absolute, since the commands run with the generated directory as their working directory.
    return os.path.abspath(found) if found else None


def run(command: Sequence[str], cwd: Path) -> tuple[float, subprocess.CompletedProcess[str]]:
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            check=False)
    return time.perf_counter() - start, result


def output_of(result: subprocess.CompletedProcess[str], limit: int = 4000) -> str:
    text = (result.stdout or "") + (result.stderr or "")
    return text if len(text) <= limit else text[:limit] + f"\n... ({len(text) - limit} more characters)"


def timed(command: Sequence[str], cwd: Path, label: str) -> float:
    elapsed, result = run(command, cwd)
    if result.returncode != 0:
        die(f"{label} exited {result.returncode} during timing: {' '.join(command[:4])} ...", output_of(result))
    return elapsed


def compare(ours: Sequence[str], theirs: Sequence[str], cwd: Path, repeat: int,
            labels: tuple[str, str] = ("protocolkit", "check-jsonschema")) -> tuple[list[float], list[float]]:
    """Time both commands `repeat` times, alternating which one goes first."""
    times: tuple[list[float], list[float]] = ([], [])
    for round_number in range(repeat):
        order = [(0, ours), (1, theirs)]
        if round_number % 2:
            order.reverse()
        for which, command in order:
            times[which].append(timed(command, cwd, labels[which]))
    return times


def summary(samples: list[float]) -> dict[str, Any]:
    return {"best": min(samples), "median": statistics.median(samples), "runs": samples}


def row(name: str, files: int, times: tuple[list[float], list[float]], theirs_key: str,
        target: float | None) -> dict[str, Any]:
    ours, theirs = summary(times[0]), summary(times[1])
    ratio = ours["best"] / theirs["best"]
    result: dict[str, Any] = {
        "name": name, "files": files, "protocolkit_s": ours, f"{theirs_key}_s": theirs,
        "ratio": ratio, "ratio_median": ours["median"] / theirs["median"],
    }
    if target is not None:
        result["protocolkit_ms_per_file"] = ours["best"] / files * 1000
        result[f"{theirs_key}_ms_per_file"] = theirs["best"] / files * 1000
        result["target"] = target
        result["target_met"] = ratio <= target
    return result


def verify(protocolkit: str, checker: str, schema: Path, directory: Path, names: list[str]) -> None:
    """Both tools must accept every generated file, with no findings, before anything is timed."""
    _, result = run([protocolkit, "validate", "--format", "json", "."], directory)
    try:
        findings = json.loads(result.stdout)
    except json.JSONDecodeError:
        findings = None
    if result.returncode != 0 or findings != []:
        die(f"protocolkit validate did not pass the generated files cleanly (exit {result.returncode}); "
            "the generator or the installed plugins need a look", output_of(result))
    expected = f"checked {len(names)} file{'s' if len(names) != 1 else ''}: no problems"
    extra = [line for line in result.stderr.splitlines() if line.strip() and line.strip() != expected]
    if extra:
        print("validate_throughput: warning: protocolkit said more than the summary "
              "(a plugin failing to load changes what is measured):", file=sys.stderr)
        print("\n".join(f"  {line}" for line in extra[:10]), file=sys.stderr)
    _, result = run([checker, "--schemafile", str(schema), *names], directory)
    if result.returncode != 0:
        die(f"check-jsonschema rejected generated files (exit {result.returncode})", output_of(result))


def version_of(command: Sequence[str]) -> str:
    try:
        result = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, check=False)
    except OSError:
        return "unknown"
    return result.stdout.strip().splitlines()[0] if result.stdout.strip() else "unknown"


# --- output --------------------------------------------------------------------------------

def seconds(stats: dict[str, Any]) -> str:
    return f"{stats['best']:.3f} ({stats['median']:.3f})"


def print_table(results: dict[str, Any]) -> None:
    env = results["environment"]
    print(f"{env['protocolkit']} vs {env['check_jsonschema']}; Python {env['python']}, {env['cpus']} CPUs; "
          f"seed {results['seed']}")
    print(f"times in seconds: best of {results['repeat']} (median); ratio = protocolkit / check-jsonschema, "
          "from the best times (median ratio in brackets)")
    print()
    header = (f"{'files':>6}  {'protocolkit s':>16}  {'check-jsonschema s':>18}  {'ratio':>14}  "
              f"{'pk ms/file':>10}  {'cj ms/file':>10}  target <= {TARGET_RATIO}")
    print("throughput: protocolkit validate DIR  vs  check-jsonschema --schemafile ... FILE...")
    print(header)
    print("-" * len(header))
    for item in results["throughput"]:
        print(f"{item['files']:>6}  {seconds(item['protocolkit_s']):>16}  {seconds(item['check_jsonschema_s']):>18}  "
              f"{item['ratio']:>6.3f} ({item['ratio_median']:.3f})  {item['protocolkit_ms_per_file']:>10.2f}  "
              f"{item['check_jsonschema_ms_per_file']:>10.2f}  {'met' if item['target_met'] else 'NOT met'}")
    print()
    print(f"start-up: best of {results['startup_repeat']} (median)")
    width = max(len(item["name"]) for item in results["startup"])
    header = f"{'':<{width}}  {'protocolkit s':>16}  {'baseline s':>16}  {'ratio':>14}"
    print(header)
    print("-" * len(header))
    for item in results["startup"]:
        print(f"{item['name']:<{width}}  {seconds(item['protocolkit_s']):>16}  "
              f"{seconds(item['baseline_s']):>16}  {item['ratio']:>6.3f} ({item['ratio_median']:.3f})")
    for item in results["startup"]:
        print(f"  {item['name']}: {item['commands']['protocolkit']}  vs  {item['commands']['baseline']}")


# --- main ----------------------------------------------------------------------------------

def positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text} is not a positive number")
    return value


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Time `protocolkit validate` against `check-jsonschema` on the same generated protocols "
                    f"({STEPS_PER_PROTOCOL} steps each) and print the ratio; the target is <= {TARGET_RATIO}.")
    parser.add_argument("--files", type=positive, nargs="+", default=[1000], metavar="N",
                        help="how many protocols to generate and check; several values give several rows "
                             "(default: 1000)")
    parser.add_argument("--repeat", type=positive, default=3, metavar="R",
                        help="timed runs of each command; the best (min) and the median are reported (default: 3)")
    parser.add_argument("--startup-repeat", type=positive, default=10, metavar="R",
                        help="timed runs of each start-up command (default: 10)")
    parser.add_argument("--keep", type=Path, metavar="DIR",
                        help="generate into DIR/n<N>/ and keep the files (default: a temporary directory)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"generator seed (default: {DEFAULT_SEED})")
    parser.add_argument("--protocolkit", metavar="PATH", help="the protocolkit executable "
                        "(default: the one beside this Python, else on PATH)")
    parser.add_argument("--check-jsonschema", dest="check_jsonschema", metavar="PATH",
                        help="the check-jsonschema executable (default: the one beside this Python, else on PATH)")
    parser.add_argument("--schema", type=Path, default=REPO / "schemas" / "protocol.schema.json",
                        help="the schema given to check-jsonschema (default: <repo>/schemas/protocol.schema.json)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON instead of a table")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    protocolkit = find_executable(args.protocolkit, "protocolkit")
    if protocolkit is None:
        die(f"protocolkit not found{f' at {args.protocolkit}' if args.protocolkit else ''}; "
            "run `make install` (or pip install -e .) or pass --protocolkit PATH")
    checker = find_executable(args.check_jsonschema, "check-jsonschema")
    if checker is None:
        die(f"check-jsonschema not found{f' at {args.check_jsonschema}' if args.check_jsonschema else ''}; "
            "`make bench` installs it (the `bench` extra: .venv/bin/python -m pip install -e '.[bench]'), "
            "or pass --check-jsonschema PATH")
    schema = args.schema.absolute()
    if not schema.is_file():
        die(f"schema {schema} not found; pass --schema PATH")
    assert protocolkit is not None and checker is not None
    sizes = list(dict.fromkeys(args.files))
    log = (lambda message: print(message, file=sys.stderr)) if not args.json else (lambda message: None)

    with tempfile.TemporaryDirectory(prefix="protocolkit-bench-") as scratch:
        root = args.keep.resolve() if args.keep else Path(scratch)
        throughput = []
        first_file: Path | None = None
        for count in sizes:
            directory = root / f"n{count}"
            prepare_directory(directory)
            started = time.perf_counter()
            names = generate(directory, count, args.seed)
            log(f"generated {count} protocols in {directory} ({time.perf_counter() - started:.2f}s); verifying ...")
            verify(protocolkit, checker, schema, directory, names)
            first_file = first_file or directory / names[0]
            ours = [protocolkit, "validate", "."]
            theirs = [checker, "--schemafile", str(schema), *names]
            log(f"timing {count} files, {args.repeat} rounds ...")
            times = compare(ours, theirs, directory, args.repeat)
            throughput.append(row(f"validate {count} files", count, times, "check_jsonschema", TARGET_RATIO))

        assert first_file is not None
        log(f"timing start-up, {args.startup_repeat} rounds ...")
        startup = []
        cases = (
            ("--version vs import click", "python -c 'import click'",
             [protocolkit, "--version"], [sys.executable, "-c", "import click"]),
            ("validate one file", "check-jsonschema", [protocolkit, "validate", first_file.name],
             [checker, "--schemafile", str(schema), first_file.name]),
        )
        for name, baseline_name, ours, baseline in cases:
            times = compare(ours, baseline, first_file.parent, args.startup_repeat, ("protocolkit", baseline_name))
            item = row(name, 1, times, "baseline", None)
            item["commands"] = {"protocolkit": shlex.join(ours), "baseline": shlex.join(baseline)}
            startup.append(item)

    results = {
        "environment": {
            "protocolkit": version_of([protocolkit, "--version"]),
            "check_jsonschema": version_of([checker, "--version"]),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "executables": {"protocolkit": protocolkit, "check_jsonschema": checker, "python": sys.executable},
            "schema": str(schema),
        },
        "seed": args.seed,
        "steps_per_protocol": STEPS_PER_PROTOCOL,
        "repeat": args.repeat,
        "startup_repeat": args.startup_repeat,
        "target_ratio": TARGET_RATIO,
        "throughput": throughput,
        "startup": startup,
        "kept": str(args.keep.resolve()) if args.keep else None,
    }
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        print_table(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
