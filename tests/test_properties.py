"""Properties that must hold for any input, checked with hypothesis.

1. Any protocol the strategies build survives dump -> load unchanged (YAML and JSON),
   and what is dumped is schema-valid.
2. Compose with any valid arguments either refuses in one line for a reason that
   makes the request impossible, or returns a protocol that validates clean, adds
   up to the duration exactly and, against an intake, screens "go".  Compose and
   screen agree on intakes drawn from the whole catalog: compose refuses the
   client exactly when screen says "do not treat", in screen's own words.
3. ``protocolkit validate`` on randomly mutated examples never raises, never hangs
   and always exits 0, 1 or 2.

The profile is deterministic (derandomized, no example database) so CI sees the
same examples on every run.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import traceback
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path

import attrs
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from protocolkit.plugin.catalog import Catalog
from protocolkit.cli import cli
from protocolkit.composition.engine import ComposeError, ComposeRequest, compose
from protocolkit.model.conditions import Intake
from protocolkit.load.documents import parse_document
from protocolkit.model.findings import Finding
from protocolkit.model.protocol import Duration, Protocol, Step
from protocolkit.model.regions import REGIONS
from protocolkit.check.phases import implied_by_weeks, phase_of, session_date
from protocolkit.check.screening import Screening
from protocolkit.load.serialize import dump_yaml, protocol_from_data, protocol_to_data
from protocolkit.check.validation import validate_text
from protocolkit.check.verdicts import screen_document

from .conftest import EXAMPLES, ROOT
from .strategies import (SEED_MODALITIES, compose_requests, example_sources, installed_catalog, mutated_documents,
                         protocols)

settings.register_profile(
    "protocolkit-properties", derandomize=True, database=None, deadline=None, print_blob=False,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
PROFILE = settings.get_profile("protocolkit-properties")

SCHEMA_OR_PARSE = {"PK001", "PK002"}
PLUGIN_ENV = {"PROTOCOLKIT_PLUGINS": "", "PROTOCOLKIT_DISABLE_PLUGINS": ""}
# The strategies are built at import time from this copy of the installed catalog;
# the tests check what they draw against the session ``catalog`` fixture.
CATALOG = installed_catalog()


class Installed:
    """The session catalog under a short repr, so a falsifying example does not print all of it."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog

    def __repr__(self) -> str:
        return "<the installed catalog>"


@pytest.fixture(scope="module")
def installed(catalog: Catalog) -> Installed:
    return Installed(catalog)


def errors(findings: Iterable[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == "error"]


def test_the_strategies_draw_from_the_fixture_catalog(catalog: Catalog) -> None:
    for kind in ("modalities", "techniques", "conditions", "rules"):
        assert sorted(getattr(CATALOG, kind)) == sorted(getattr(catalog, kind)), kind
    assert set(SEED_MODALITIES) <= set(catalog.modalities)


# -- 1. load -> dump -> load ----------------------------------------------------------------------

_ASSESSMENT = (Step(Duration(60), activity="assessment"),)


@settings(PROFILE, max_examples=250)
@given(protocol=protocols(CATALOG), encoding=st.sampled_from(("text", "utf-8", "utf-8 with BOM")))
@example(protocol=Protocol(id="p", title="1e3", duration=Duration(60), steps=_ASSESSMENT), encoding="text")
@example(protocol=Protocol(id="p", title="0o17", duration=Duration(60), steps=_ASSESSMENT), encoding="text")
def test_any_protocol_survives_yaml_dump_and_load(installed: Installed, protocol: Protocol, encoding: str) -> None:
    catalog = installed.catalog
    text = dump_yaml(protocol_to_data(protocol))
    source: str | bytes = text if encoding == "text" else \
        ("\ufeff" * (encoding == "utf-8 with BOM") + text).encode("utf-8")
    loaded = protocol_from_data(parse_document(source, path="p.yaml", fmt="yaml").data, catalog.regions)
    assert loaded == protocol, text
    assert [f for f in validate_text(source, catalog, path="p.yaml") if f.code in SCHEMA_OR_PARSE] == [], text


@settings(PROFILE, max_examples=150)
@given(protocol=protocols(CATALOG), ascii_only=st.booleans(), indent=st.sampled_from((None, 2)))
def test_any_protocol_survives_json_dump_and_load(installed: Installed, protocol: Protocol, ascii_only: bool,
                                                  indent: int | None) -> None:
    catalog = installed.catalog
    text = json.dumps(protocol_to_data(protocol), ensure_ascii=ascii_only, indent=indent)
    loaded = protocol_from_data(parse_document(text, path="p.json", fmt="json").data, catalog.regions)
    assert loaded == protocol, text
    assert [f for f in validate_text(text, catalog, path="p.json", fmt="json")
            if f.code in SCHEMA_OR_PARSE] == [], text


# -- 2. compose -----------------------------------------------------------------------------------

def _must_refuse(catalog: Catalog, request: ComposeRequest) -> str | None:
    """The refusal a request cannot escape, as the start of its message, or None.

    Worked out from the catalog's data, apart from the code under test: a
    systemic condition, one that needs a clearance the intake lacks (or a platelet
    count it does not give), or a local one the intake does not place or calls
    widespread, each also through the conditions it implies; then a modality asked
    for regions it never works on."""
    intake = request.intake
    for entry in intake.entries if intake is not None else ():
        condition = catalog.conditions[entry.id]
        if condition.weeks_below is not None and entry.weeks is None:
            entry = attrs.evolve(entry, weeks=condition.weeks_below - 1)
        # How a dated condition acts on the day: its phase, read through the same table screening reads.
        condition = phase_of(condition, entry, session_date(intake), intake.cleared(entry.id)).condition
        by_weeks = implied_by_weeks(catalog.conditions[entry.id], entry)
        implied = (*condition.implies, *([by_weeks] if by_weeks else []))
        for applies in (condition, *(catalog.conditions[i] for i in implied)):
            cleared = intake.cleared(applies.id) or intake.cleared(entry.id)
            platelets_low = applies.needs_clearance_below_platelets is not None and not cleared and (
                entry.platelets is None or entry.platelets < applies.needs_clearance_below_platelets)
            unplaced = entry.region is None and applies.default_region is None
            if applies.category == "systemic" or (applies.needs_clearance and not cleared) or platelets_low \
                    or (applies.category == "local" and (unplaced or entry.widespread)):
                return "refusing to compose"
    # Only then the request itself (compose speaks of the client first).
    regions = [REGIONS.resolve(word) for word in request.regions]
    for modality_id in request.modalities:
        modality = catalog.modality(modality_id)
        if not any(region is not None and modality.works_on(region.id) for region in regions):
            return f"{modality_id} works only on"
    return None


# Refusals that say the request itself is impossible: more time than its regions can use (a
# session never repeats a cycle to fill time), too little time for a minute on each region and
# side after the time off the table, or nothing left to work once the intake is respected.
_TOO_MUCH = re.compile(r"^(\w+) of hands-on work is more than [a-z, -]+ can take with these modalities "
                       r"\(at most (\w+)\); add regions \(--region [a-z-]+")
_TOO_SHORT = re.compile(r"^(\w+) is too short for this session: after the assessment, education and turns it "
                        r"leaves (\w+) of hands-on time")
_NOTHING_LEFT = "nothing is left to compose once the intake's contraindications are respected"
# Any protocol at all: "do not treat" is about the client, whatever the session.
_ANY_SESSION = ("protocolkit: 1\nid: any\ntitle: Any session\nduration: 5m\nsteps:\n  - modality: swedish\n"
                "    technique: effleurage\n    region: upper-back\n    duration: 5m\n    pressure: light\n")


def _screened(catalog: Catalog, text: str, intake: Intake) -> Screening:
    return screen_document(parse_document(text, path="session.yaml", fmt="yaml"), intake, catalog)


def check_compose(catalog: Catalog, request: ComposeRequest) -> None:
    required = _must_refuse(catalog, request)
    try:
        protocol = compose(catalog, request)
    except ComposeError as error:
        message = str(error)
        assert message and "\n" not in message, f"not one line: {message!r}"
        if required is not None:
            event(f"refused: {required}")
            assert message.startswith(required), f"expected a refusal starting {required!r}, got {message!r}"
            if required == "refusing to compose" and request.intake is not None:
                screened = _screened(catalog, _ANY_SESSION, request.intake)
                assert screened.verdict == "do not treat", (message, screened)
                assert all(reason in message for reason in screened.reasons), (message, screened.reasons)
            return
        assert not message.startswith("refusing to compose"), f"refused a client screen would treat: {message}"
        if request.intake is not None:
            assert _screened(catalog, _ANY_SESSION, request.intake).verdict != "do not treat", \
                f"screen says do not treat, compose did not refuse the client: {message}"
        if _NOTHING_LEFT in message:
            event("refused: nothing left")
            assert request.intake is not None, message
            _check_nothing_left(catalog, request, request.intake)
        elif _TOO_MUCH.match(message):
            event("refused: more than the regions can take")
            asked, most = (Duration.parse(part) for part in _TOO_MUCH.match(message).groups())  # type: ignore[union-attr]
            assert most < asked, message
        else:
            event("refused: too short")
            short = _TOO_SHORT.match(message)
            assert short, f"refused a possible request: {message}"
            assert Duration.parse(short[2]).seconds < 60 * 2 * len(request.regions), message
        return
    event("composed")
    assert required is None, f"composed what must be refused ({required}): {protocol}"
    assert protocol.duration == request.duration
    assert protocol.steps_total == request.duration, [str(step.duration) for step in protocol.steps]
    text = dump_yaml(protocol_to_data(protocol))
    assert errors(validate_text(text, catalog, path=f"{protocol.id}.yaml", intake=request.intake)) == [], text
    if request.intake is not None:
        screened = _screened(catalog, text, request.intake)
        assert screened.verdict == "go", (text, screened)


def _check_nothing_left(catalog: Catalog, request: ComposeRequest, intake: Intake) -> None:
    """The refusal is real: the same request composed for anyone would not screen "go" for this client."""
    try:
        plain = compose(catalog, attrs.evolve(request, intake=None))
    except ComposeError:
        return
    screened = _screened(catalog, dump_yaml(protocol_to_data(plain)), intake)
    assert screened.verdict == "adapt", screened


@settings(PROFILE, max_examples=200)
@given(request=compose_requests(CATALOG, with_intake=False))
def test_compose_with_valid_arguments_validates_clean(installed: Installed, request: ComposeRequest) -> None:
    check_compose(installed.catalog, request)


@settings(PROFILE, max_examples=300)
@given(request=compose_requests(CATALOG, with_intake=True))
def test_compose_against_an_intake_validates_and_screens_clean(installed: Installed,
                                                               request: ComposeRequest) -> None:
    check_compose(installed.catalog, request)


@settings(PROFILE, max_examples=60)
@given(request=compose_requests(CATALOG, with_intake=True, systemic=True))
def test_compose_refuses_systemic_conditions_in_one_line(installed: Installed, request: ComposeRequest) -> None:
    check_compose(installed.catalog, request)


# -- 3. validate on mutated examples --------------------------------------------------------------

SOURCES = example_sources(EXAMPLES)
TIME_LIMIT = 5.0


class Hang(Exception):
    """Raised from SIGALRM inside the command under test."""


@contextmanager
def time_limit(seconds: float) -> Iterator[list[bool]]:
    """Turn a hang into a failure: SIGALRM raises Hang in the running code, and `fired` remembers
    it even if the code under test swallowed the exception."""
    fired: list[bool] = []

    def on_alarm(_signum: int, _frame: object) -> None:
        fired.append(True)
        raise Hang(f"still running after {seconds}s")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield fired
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the examples, so a mutated curriculum still finds the protocols it names."""
    copy = tmp_path_factory.mktemp("mutants") / "examples"
    shutil.copytree(EXAMPLES, copy)
    return copy


@contextmanager
def mutant_file(workspace: Path, name: str, data: bytes) -> Iterator[Path]:
    """The mutant beside its original, removed afterwards so no run sees another's leftovers."""
    path = workspace / Path(name).parent / f"mutant-{Path(name).name}"
    path.write_bytes(data)
    try:
        yield path
    finally:
        path.unlink()


# Minimal inputs the mutations once found to crash validate: a house rule of no kind, a lone surrogate.
_RULE_OF_NO_KIND = (b"protocolkit: 1\nkind: modality\nid: hot-stone\nname: Hot stone\nsummary: s\n"
                    b"techniques:\n  - use: effleurage\nrules:\n  - code: HST001\n    severity: error\n    summary: h\n")
_LONE_SURROGATE = (b'{"protocolkit": 1, "id": "p", "title": "t", "duration": "1m", "steps": [{"modality": "swedish", '
                   b'"technique": "effleurage", "region": "\\ud800", "duration": "1m", "pressure": 2}]}')


@settings(PROFILE, max_examples=1000)
@given(mutant=mutated_documents(SOURCES), output_format=st.sampled_from((None, "json", "sarif", "github")))
@example(mutant=("modalities/hot-stone.yaml", _RULE_OF_NO_KIND), output_format=None)
@example(mutant=("p.json", _LONE_SURROGATE), output_format=None)
def test_validate_on_mutated_examples_never_crashes(workspace: Path, mutant: tuple[str, bytes],
                                                    output_format: str | None) -> None:
    name, data = mutant
    args = ["validate"] + (["--format", output_format] if output_format else [])
    with mutant_file(workspace, name, data) as path:
        limit = time_limit(TIME_LIMIT) if hasattr(signal, "setitimer") else nullcontext([])
        with limit as fired:
            result = CliRunner().invoke(cli, [*args, str(path)], env=PLUGIN_ENV)
    assert not fired, f"validate hung for {TIME_LIMIT}s on {data!r}"
    crash = "".join(traceback.format_exception(*result.exc_info)) if result.exc_info else ""
    assert result.exception is None or isinstance(result.exception, SystemExit), crash
    assert result.exit_code in (0, 1, 2), (result.exit_code, result.output)
    event(f"exit {result.exit_code}")
    assert "Traceback" not in result.output
    if output_format in ("json", "sarif"):
        json.loads(result.stdout)  # machine-readable output stays machine-readable


@settings(PROFILE, max_examples=12)
@given(mutant=mutated_documents(SOURCES))
def test_validate_on_mutated_examples_in_a_subprocess(workspace: Path, mutant: tuple[str, bytes]) -> None:
    name, data = mutant
    with mutant_file(workspace, name, data) as path:
        completed = subprocess.run(
            [sys.executable, "-c", "from protocolkit.cli import main; main()", "validate", str(path)],
            capture_output=True, timeout=20, cwd=ROOT, env={**os.environ, **PLUGIN_ENV})
    assert completed.returncode in (0, 1, 2), completed
    assert b"Traceback" not in completed.stdout + completed.stderr, completed.stderr.decode(errors="replace")


def test_the_mutation_sources_cover_every_example() -> None:
    names = {name for name, _ in SOURCES}
    assert {str(p.relative_to(EXAMPLES)) for p in EXAMPLES.rglob("*.yaml")} <= names
    assert any(name.endswith(".json") for name in names)
