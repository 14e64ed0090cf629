#!/usr/bin/env python3
"""Throughput, scaling, peak memory and start-up of `protocolkit validate`, against `check-jsonschema`.

Generates N schema-valid protocols of exactly 20 steps each (deterministic,
seeded), checks that the tools accept them, then times, in one run and in
rotating order:

    protocolkit validate .                  (the default -j: all cores)
    protocolkit validate --jobs 1 .         (one process; only if --jobs exists)
    check-jsonschema --schemafile schemas/protocol.schema.json FILE1 FILE2 ...

The targets, all printed and none asserted:

- at 1,000 files, protocolkit / check-jsonschema <= 0.10;
- at 10,000 files (protocolkit only, unless --peer-at-10k), the per-file time
  within 15% of the 1,000-file one, and the peak memory (max RSS) within 1.2x;
- `protocolkit --version` <= 1.5x `python -c "import click"`, and
  `protocolkit validate one.yaml` <= 0.5x check-jsonschema on that file.

Standard library only; the tools run as subprocesses.  See bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
# The targets; the script prints met / NOT met against them and exits 0 either way.
THROUGHPUT_FILES = 1000
THROUGHPUT_TARGET = 0.10    # protocolkit / check-jsonschema at THROUGHPUT_FILES files, default -j
BIG_FILES = 10_000          # the scale run: protocolkit only
# "Grows linearly (within 15%)": per-file time at BIG_FILES at most 15% above the per-file
# time at THROUGHPUT_FILES.  Lower is fine: fixed start-up spreads over more files; what the
# target guards against is growth faster than linear (holding files, quadratic work).
LINEARITY_TOLERANCE = 0.15
MEMORY_TARGET = 1.2         # peak RSS at BIG_FILES / peak RSS at THROUGHPUT_FILES
VERSION_TARGET = 1.5        # protocolkit --version / python -c "import click"
ONE_FILE_TARGET = 0.5       # protocolkit validate one.yaml / check-jsonschema on the same file
BUSY_LOAD = 0.5             # a 1-minute load average from this on, before the script starts, earns a warning
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


@dataclass
class Run:
    seconds: float
    returncode: int
    stdout: str
    stderr: str
    peak_kib: int | None  # max RSS of the largest process in the command's process tree


def rss_kib(ru_maxrss: int) -> int:
    """ru_maxrss is in KiB on Linux and the BSDs, in bytes on macOS."""
    return ru_maxrss // 1024 if sys.platform == "darwin" else ru_maxrss


def run(command: Sequence[str], cwd: Path) -> Run:
    """Run `command` with its output in temporary files; time it and take its peak memory.

    The child is reaped with os.wait4, which returns the resource usage of that one
    child (and of the descendants it waited for, e.g. worker processes): ru_maxrss is
    then the peak RSS of the largest single process in its tree.  That is what
    `/usr/bin/time -f %M` prints (GNU time uses the same call), without a process in
    between, and unlike getrusage(RUSAGE_CHILDREN) it is not cumulative over every
    command this script has run.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=err)
        peak: int | None = None
        if hasattr(os, "wait4"):
            _, status, usage = os.wait4(process.pid, 0)
            elapsed = time.perf_counter() - start
            process.returncode = os.waitstatus_to_exitcode(status)  # reaped: Popen must not wait again
            peak = rss_kib(usage.ru_maxrss)
        else:
            process.wait()
            elapsed = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        return Run(elapsed, process.returncode, out.read().decode("utf-8", "replace"),
                   err.read().decode("utf-8", "replace"), peak)


def output_of(result: Run, limit: int = 4000) -> str:
    text = result.stdout + result.stderr
    return text if len(text) <= limit else text[:limit] + f"\n... ({len(text) - limit} more characters)"


def measure(commands: dict[str, list[str]], cwd: Path, repeat: int) -> dict[str, list[Run]]:
    """Run every command `repeat` times, rotating which one goes first; each run must exit 0."""
    labels = list(commands)
    runs: dict[str, list[Run]] = {label: [] for label in labels}
    for round_number in range(repeat):
        shift = round_number % len(labels)
        for label in labels[shift:] + labels[:shift]:
            result = run(commands[label], cwd)
            if result.returncode != 0:
                die(f"{label} exited {result.returncode} during timing: {shlex.join(commands[label][:4])} ...",
                    output_of(result))
            runs[label].append(result)
    return runs


def mib(kib: int | None) -> float | None:
    return None if kib is None else kib / 1024


def stats(runs: list[Run]) -> dict[str, Any]:
    times = [r.seconds for r in runs]
    peaks = [r.peak_kib for r in runs if r.peak_kib is not None]
    return {"best": min(times), "median": statistics.median(times), "runs": times,
            "peak_rss_mib": mib(max(peaks)) if peaks else None}


def ratio_of(ours: dict[str, Any], theirs: dict[str, Any]) -> tuple[float, float]:
    return ours["best"] / theirs["best"], ours["median"] / theirs["median"]


def jobs_option(protocolkit: str) -> bool:
    """Whether `protocolkit validate --help` lists a --jobs option."""
    result = run([protocolkit, "validate", "--help"], REPO)
    return result.returncode == 0 and re.search(r"(?m)^\s*(-j,\s*)?--jobs\b", result.stdout) is not None


def usable_cpus() -> int | None:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count()


# Run a Python console script in this process, then report this process's own peak
# (the parent) and its reaped children's (the largest worker).  atexit runs handlers
# last-registered first, so this one, registered before the script starts, runs after
# multiprocessing's and concurrent.futures' clean-up has joined the workers.
PEAKS_WRAPPER = """\
import atexit, json, os, resource, runpy, sys
report, script = sys.argv[1], sys.argv[2]
def _peaks():
    running = False
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            break
        if pid == 0:
            running = True
            break
    with open(report, "w") as out:
        json.dump({"self": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                   "children": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
                   "children_still_running": running}, out)
atexit.register(_peaks)
sys.argv = sys.argv[2:]
sys.path[0] = os.path.dirname(os.path.abspath(script))
runpy.run_path(script, run_name="__main__")
"""


def interpreter_of(script: str) -> list[str] | None:
    """The interpreter command in a Python script's #! line, or None if it has none."""
    try:
        with open(script, "rb") as handle:
            first = handle.readline(1024).decode("utf-8", "replace").strip()
    except OSError:
        return None
    if not first.startswith("#!"):
        return None
    words = shlex.split(first[2:])
    return words if any("python" in os.path.basename(word) for word in words) else None


def process_peaks(script: str, arguments: Sequence[str], cwd: Path) -> dict[str, Any] | None:
    """Peak RSS of the protocolkit parent and of its largest worker, from one untimed run."""
    interpreter = interpreter_of(script)
    if interpreter is None:
        return None
    with tempfile.TemporaryDirectory(prefix="protocolkit-bench-peaks-") as scratch:
        report = Path(scratch) / "peaks.json"
        result = run([*interpreter, "-c", PEAKS_WRAPPER, str(report), script, *arguments], cwd)
        if result.returncode != 0:
            die(f"protocolkit exited {result.returncode} under the memory wrapper", output_of(result))
        try:
            peaks = json.loads(report.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            return None
    return {"parent_mib": mib(rss_kib(peaks["self"])),
            "largest_worker_mib": mib(rss_kib(peaks["children"])) if peaks["children"] else None,
            "tree_mib": mib(result.peak_kib),
            "children_still_running": peaks["children_still_running"]}


def verify(protocolkit: str, checker: str | None, schema: Path, directory: Path, names: list[str]) -> None:
    """The tools must accept every generated file, with no findings, before anything is timed.

    `checker` is None at the 10k size unless --peer-at-10k: check-jsonschema would take
    over a minute there, and its timed run fails loudly on a rejected file anyway.
    """
    result = run([protocolkit, "validate", "--format", "json", "."], directory)
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
    if checker is not None:
        result = run([checker, "--schemafile", str(schema), *names], directory)
        if result.returncode != 0:
            die(f"check-jsonschema rejected generated files (exit {result.returncode})", output_of(result))


def version_of(command: Sequence[str]) -> str:
    try:
        result = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, check=False)
    except OSError:
        return "unknown"
    return result.stdout.strip().splitlines()[0] if result.stdout.strip() else "unknown"


# --- results -------------------------------------------------------------------------------

DEFAULT, ONE_JOB, PEER = "protocolkit", "protocolkit -j 1", "check-jsonschema"


def throughput_row(count: int, commands: dict[str, list[str]], runs: dict[str, list[Run]]) -> dict[str, Any]:
    shown = {label: shlex.join(commands[label]) if label != PEER  # the peer's command line lists every file
             else f"{shlex.join(commands[label][:3])} <{count} files>" for label in runs}
    measured = {label: {"command": shown[label], **stats(label_runs),
                        "ms_per_file": min(r.seconds for r in label_runs) / count * 1000}
                for label, label_runs in runs.items()}
    peer = measured.pop(PEER, None)
    for item in measured.values():
        item["ratio"], item["ratio_median"] = ratio_of(item, peer) if peer else (None, None)
    row: dict[str, Any] = {"files": count, "protocolkit": measured, "check_jsonschema": peer}
    if count == THROUGHPUT_FILES and peer:
        row["target"] = THROUGHPUT_TARGET
        row["target_met"] = measured[DEFAULT]["ratio"] <= THROUGHPUT_TARGET
    return row


def within(value: float | None, low: float, high: float) -> bool | None:
    return None if value is None else low <= value <= high


def quotient(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None or not b else a / b


def scale_of(base: dict[str, Any], big: dict[str, Any],
             peaks: dict[int, dict[str, Any] | None]) -> dict[str, Any]:
    """Per-file time and peak memory at the big size against the base size, per protocolkit command."""
    result: dict[str, Any] = {"base_files": base["files"], "files": big["files"], "commands": {}}
    for label, small in base["protocolkit"].items():
        large = big["protocolkit"][label]
        linearity = large["ms_per_file"] / small["ms_per_file"]
        memory = quotient(large["peak_rss_mib"], small["peak_rss_mib"])
        result["commands"][label] = {
            "ms_per_file": [small["ms_per_file"], large["ms_per_file"]],
            "seconds": [small["best"], large["best"]],
            "linearity": linearity,
            "linear": within(linearity, 0, 1 + LINEARITY_TOLERANCE),
            "peak_rss_mib": [small["peak_rss_mib"], large["peak_rss_mib"]],
            "memory_ratio": memory,
            "memory_within": within(memory, 0, MEMORY_TARGET),
        }
    small_peaks, large_peaks = peaks.get(base["files"]), peaks.get(big["files"])
    if small_peaks and large_peaks:
        by_process = {}
        for key in ("parent_mib", "largest_worker_mib"):
            ratio = quotient(large_peaks[key], small_peaks[key])
            by_process[key] = {"mib": [small_peaks[key], large_peaks[key]], "ratio": ratio,
                               "within": within(ratio, 0, MEMORY_TARGET)}
        result["by_process"] = by_process
    return result


def summarise(throughput: list[dict[str, Any]], scale: dict[str, Any] | None,
              startup: list[dict[str, Any]], skipped_big: str | None) -> list[dict[str, Any]]:
    """One line per target of the issue: the value, the limit, and met (True / False / None: not measured)."""
    items: list[dict[str, Any]] = []

    def add(name: str, value: float | None, limit: str, met: bool | None, note: str = "") -> None:
        items.append({"target": name, "value": value, "limit": limit, "met": met, "note": note})

    at_target = next((row for row in throughput if row.get("target") is not None), None)
    name = f"throughput, {THROUGHPUT_FILES} files: protocolkit / check-jsonschema"
    if at_target:
        default, one = at_target["protocolkit"][DEFAULT], at_target["protocolkit"].get(ONE_JOB)
        add(name, default["ratio"], f"<= {THROUGHPUT_TARGET:.2f}", at_target["target_met"],
            f"median ratio {default['ratio_median']:.3f}" + (f", -j 1: {one['ratio']:.3f}" if one else ""))
    else:
        add(name, None, f"<= {THROUGHPUT_TARGET:.2f}", None, f"no {THROUGHPUT_FILES}-file row with the peer")
    if scale:
        label = f"{scale['files']} vs {scale['base_files']} files"
        default = scale["commands"][DEFAULT]
        one = scale["commands"].get(ONE_JOB)
        add(f"linearity, per-file time {label}", default["linearity"],
            f"<= {1 + LINEARITY_TOLERANCE:.2f}", default["linear"],
            f"-j 1: {one['linearity']:.3f}" if one else "")
        checks = [default["memory_within"]]
        notes = []
        if "by_process" in scale:
            for key, name_of in (("parent_mib", "parent"), ("largest_worker_mib", "largest worker")):
                part = scale["by_process"][key]
                if part["ratio"] is not None:
                    checks.append(part["within"])
                    notes.append(f"{name_of} {part['ratio']:.3f}")
        if one and one["memory_ratio"] is not None:
            notes.append(f"-j 1: {one['memory_ratio']:.3f}")
        met = None if None in checks else all(checks)
        add(f"peak memory (max RSS), {label}", default["memory_ratio"], f"<= {MEMORY_TARGET}", met,
            ", ".join(notes))
    else:
        add("linearity, per-file time 10k vs 1k", None,
            f"<= {1 + LINEARITY_TOLERANCE:.2f}", None, skipped_big or "not measured")
        add("peak memory (max RSS), 10k vs 1k", None, f"<= {MEMORY_TARGET}", None, skipped_big or "not measured")
    for item, limit in zip(startup, (VERSION_TARGET, ONE_FILE_TARGET), strict=True):
        add(f"start-up, {item['name']}", item["ratio"], f"<= {limit}", item["ratio"] <= limit)
    return items


# --- output --------------------------------------------------------------------------------

def seconds(stats: dict[str, Any]) -> str:
    return f"{stats['best']:.3f} ({stats['median']:.3f})"


def number(value: float | None, digits: int = 3) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def yes_no(flag: bool | None) -> str:
    return "n/a" if flag is None else "yes" if flag else "no"


def verdict(met: bool | None) -> str:
    return "not measured" if met is None else "met" if met else "NOT met"


def print_table(results: dict[str, Any]) -> None:
    env = results["environment"]
    load = env["load_average_at_start"]
    print(f"{env['protocolkit']} vs {env['check_jsonschema']}; Python {env['python']}, {env['cpus']} CPUs "
          f"({env['usable_cpus']} usable){f', load {load:.2f} at start' if load is not None else ''}; "
          f"seed {results['seed']}")
    if env["jobs_option"]:
        print(f"protocolkit validate --jobs: supported; `protocolkit` rows use the default (all cores, "
              f"{env['usable_cpus']} here), `protocolkit -j 1` rows pass --jobs 1")
    else:
        print("protocolkit validate --jobs: NOT supported by this protocolkit (not in `protocolkit validate "
              "--help`); measured without it, in one process; no -j 1 rows")
    for note in results["notes"]:
        print(f"note: {note}")
    print(f"times in seconds: best of {results['repeat']} (median); ratio = protocolkit / check-jsonschema from "
          "the best times (median ratio); peak = max RSS of the largest process of the run, max over the runs")
    print()
    print("throughput: protocolkit validate .  vs  check-jsonschema --schemafile schemas/protocol.schema.json FILE...")
    header = (f"{'files':>6}  {'command':<17}  {'time s':>16}  {'ratio':>14}  {'ms/file':>8}  {'peak MiB':>8}  "
              f"target <= {THROUGHPUT_TARGET:.2f}")
    print(header)
    print("-" * len(header))
    for row in results["throughput"]:
        for label, item in row["protocolkit"].items():
            ratio = (f"{item['ratio']:>6.3f} ({item['ratio_median']:.3f})" if item["ratio"] is not None else "-")
            target = verdict(row["target_met"]) if label == DEFAULT and "target_met" in row else ""
            print(f"{row['files']:>6}  {label:<17}  {seconds(item):>16}  {ratio:>14}  {item['ms_per_file']:>8.2f}  "
                  f"{number(item['peak_rss_mib'], 1):>8}  {target}".rstrip())
        peer = row["check_jsonschema"]
        if peer:
            print(f"{row['files']:>6}  {PEER:<17}  {seconds(peer):>16}  {'':>14}  {peer['ms_per_file']:>8.2f}  "
                  f"{number(peer['peak_rss_mib'], 1):>8}")
        else:
            print(f"{row['files']:>6}  {PEER:<17}  not timed at this size (--peer-at-10k times it once)")

    scale = results["scale"]
    print()
    if scale:
        small, large = scale["base_files"], scale["files"]
        print(f"scale: {small} -> {large} files; ms/file from the best times, within 15% = ratio "
              f"<= {1 + LINEARITY_TOLERANCE:.2f} (no faster than linear growth); peak MiB as above")
        header = (f"{'':<17}  {f'ms/file {small}':>13}  {f'ms/file {large}':>13}  {'ratio':>6}  {'within 15%':>10}  "
                  f"{f'MiB {small}':>9}  {f'MiB {large}':>9}  {'ratio':>6}  within {MEMORY_TARGET}x")
        print(header)
        print("-" * len(header))
        for label, item in scale["commands"].items():
            print(f"{label:<17}  {item['ms_per_file'][0]:>13.3f}  {item['ms_per_file'][1]:>13.3f}  "
                  f"{item['linearity']:>6.3f}  {yes_no(item['linear']):>10}  {number(item['peak_rss_mib'][0], 1):>9}  "
                  f"{number(item['peak_rss_mib'][1], 1):>9}  {number(item['memory_ratio']):>6}  "
                  f"{yes_no(item['memory_within'])}")
        if "by_process" in scale:
            print(f"by process, {DEFAULT} (default -j): one untimed run at each size, in-process wrapper")
            for key, name in (("parent_mib", "parent"), ("largest_worker_mib", "largest worker")):
                part = scale["by_process"][key]
                if part["mib"][0] is None and part["mib"][1] is None:
                    print(f"  {name:<15} none (no worker process was started)")
                    continue
                print(f"  {name:<15} {number(part['mib'][0], 1):>7} -> {number(part['mib'][1], 1):>7} MiB  "
                      f"ratio {number(part['ratio'])}  within {MEMORY_TARGET}x: {yes_no(part['within'])}")
    else:
        print(f"scale: not measured ({results['skipped_big'] or 'no base size'})")

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

    print()
    print("summary: the issue's targets (default -j; ratios from the best times)")
    width = max(len(item["target"]) for item in results["summary"])
    for item in results["summary"]:
        note = f"  [{item['note']}]" if item["note"] else ""
        print(f"  {item['target']:<{width}}  {number(item['value']):>6}  {item['limit']:<11}  "
              f"{verdict(item['met'])}{note}")


# --- main ----------------------------------------------------------------------------------

def positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text} is not a positive number")
    return value


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Time `protocolkit validate` against `check-jsonschema` on the same generated protocols "
                    f"({STEPS_PER_PROTOCOL} steps each), then protocolkit alone on {BIG_FILES} files for linearity "
                    "and peak memory, then start-up; print the ratios and which targets are met.")
    parser.add_argument("--files", type=positive, nargs="+", default=[THROUGHPUT_FILES], metavar="N",
                        help="how many protocols to generate and check with both tools; several values give several "
                             f"rows (default: {THROUGHPUT_FILES}; the throughput target is judged at "
                             f"{THROUGHPUT_FILES})")
    parser.add_argument("--no-10k", dest="big", action="store_const", const=0, default=BIG_FILES,
                        help=f"skip the {BIG_FILES}-file run (linearity and peak memory), for a quick run")
    parser.add_argument("--big", type=positive, metavar="N", dest="big",
                        help=f"the size of the scale run instead of {BIG_FILES}")
    parser.add_argument("--peer-at-10k", action="store_true",
                        help=f"also time check-jsonschema once at {BIG_FILES} files (over a minute)")
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
    sizes = sorted(set(args.files))
    big: int = args.big

    def log(message: str) -> None:
        if not args.json:
            print(message, file=sys.stderr)

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None  # before this script adds its own
    jobs = jobs_option(protocolkit)
    configs = {DEFAULT: [protocolkit, "validate", "."]}
    if jobs:
        configs[ONE_JOB] = [protocolkit, "validate", "--jobs", "1", "."]
    notes: list[str] = []
    if not hasattr(os, "wait4"):
        notes.append("os.wait4 is not available here, so no peak memory is measured")
    if load is not None and load >= BUSY_LOAD:
        notes.append(f"the machine was busy when the script started (1-minute load average {load:.2f}); other work "
                     "skews the times, the default -j ones most: compare the medians, or run again when it is idle")
    # The scale run compares against the 1,000-file row (or the largest smaller --files size).
    base = THROUGHPUT_FILES if THROUGHPUT_FILES in sizes else max((n for n in sizes if n < big), default=None)
    skipped_big = None
    if not big:
        skipped_big = f"--no-10k: the {BIG_FILES}-file run was skipped"
    elif base is None or base >= big:
        skipped_big = f"no --files size below {big} to compare with"
    elif interpreter_of(protocolkit) is None and jobs:
        notes.append(f"{protocolkit} is not a Python script, so the parent/worker memory split is not measured")

    with tempfile.TemporaryDirectory(prefix="protocolkit-bench-") as scratch:
        root = args.keep.resolve() if args.keep else Path(scratch)
        rows: dict[int, dict[str, Any]] = {}
        peaks: dict[int, dict[str, Any] | None] = {}
        first_file: Path | None = None
        plan = [(count, True) for count in sizes]
        if not skipped_big and big not in sizes:
            plan.append((big, args.peer_at_10k))
        for count, with_peer in plan:
            directory = root / f"n{count}"
            prepare_directory(directory)
            started = time.perf_counter()
            names = generate(directory, count, args.seed)
            log(f"generated {count} protocols in {directory} ({time.perf_counter() - started:.2f}s); verifying ...")
            verify(protocolkit, checker if with_peer else None, schema, directory, names)
            if count == (base or sizes[0]):
                first_file = directory / names[0]
            commands = dict(configs)
            peer_command = [checker, "--schemafile", str(schema), *names]
            if with_peer and count in sizes:
                commands[PEER] = peer_command
            log(f"timing {count} files: {', '.join(commands)}; {args.repeat} rounds ...")
            runs = measure(commands, directory, args.repeat)
            if with_peer and count not in sizes:  # the 10k peer, timed once: it takes over a minute
                log(f"timing check-jsonschema once on {count} files ...")
                runs |= measure({PEER: peer_command}, directory, 1)
                commands[PEER] = peer_command
            rows[count] = throughput_row(count, commands, runs)
            if jobs and not skipped_big and count in (base, big):
                log(f"measuring the parent's and the workers' peak memory on {count} files (one untimed run) ...")
                peaks[count] = process_peaks(protocolkit, ["validate", "."], directory)
        if not skipped_big and not args.peer_at_10k and big not in sizes:
            notes.append(f"check-jsonschema was not timed at {big} files (--peer-at-10k times it once)")

        assert first_file is not None
        log(f"timing start-up, {args.startup_repeat} rounds ...")
        startup = []
        cases = (
            ("protocolkit --version / python -c 'import click'", "python -c 'import click'",
             [protocolkit, "--version"], [sys.executable, "-c", "import click"]),
            ("protocolkit validate one.yaml / check-jsonschema", "check-jsonschema",
             [protocolkit, "validate", first_file.name], [checker, "--schemafile", str(schema), first_file.name]),
        )
        for name, baseline_name, ours, baseline in cases:
            runs = measure({"protocolkit": ours, baseline_name: baseline}, first_file.parent, args.startup_repeat)
            mine, theirs = stats(runs["protocolkit"]), stats(runs[baseline_name])
            ratio, ratio_median = ratio_of(mine, theirs)
            startup.append({"name": name, "protocolkit_s": mine, "baseline_s": theirs, "ratio": ratio,
                            "ratio_median": ratio_median,
                            "commands": {"protocolkit": shlex.join(ours), "baseline": shlex.join(baseline)}})

    throughput = [rows[count] for count in sorted(rows)]
    scale = scale_of(rows[base], rows[big], peaks) if not skipped_big and base is not None else None
    results = {
        "environment": {
            "protocolkit": version_of([protocolkit, "--version"]),
            "check_jsonschema": version_of([checker, "--version"]),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "usable_cpus": usable_cpus(),
            "load_average_at_start": load,
            "jobs_option": jobs,
            "memory": "max RSS from os.wait4 on each timed run: the largest process of its tree"
                      if hasattr(os, "wait4") else None,
            "executables": {"protocolkit": protocolkit, "check_jsonschema": checker, "python": sys.executable},
            "schema": str(schema),
        },
        "seed": args.seed,
        "steps_per_protocol": STEPS_PER_PROTOCOL,
        "repeat": args.repeat,
        "startup_repeat": args.startup_repeat,
        "targets": {"throughput_ratio": THROUGHPUT_TARGET, "throughput_files": THROUGHPUT_FILES,
                    "linearity_tolerance": LINEARITY_TOLERANCE, "memory_ratio": MEMORY_TARGET,
                    "version_ratio": VERSION_TARGET, "one_file_ratio": ONE_FILE_TARGET},
        "notes": notes,
        "throughput": throughput,
        "scale": scale,
        "skipped_big": skipped_big,
        "startup": startup,
        "summary": summarise(throughput, scale, startup, skipped_big),
        "kept": str(args.keep.resolve()) if args.keep else None,
    }
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        print_table(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
