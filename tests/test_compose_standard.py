"""The teacher's standard (issue 22, section 6): the checker itself, the request set, every composed
session against the standard and its snapshot, and the hand-written teacher sessions.

Snapshots: tests/snapshots/compose/<request>.yaml hold what compose writes for each request, so that
a reviewer sees every change to a composed session in a diff.  After an intended change, write them
again with ``PROTOCOLKIT_UPDATE_SNAPSHOTS=1 python -m pytest tests/test_compose_standard.py`` and
review the diff before committing it.
"""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from protocolkit.check.validation import read_intake, validate_file, validate_text
from protocolkit.check.verdicts import on_day
from protocolkit.composition.engine import Composition, ComposeRequest, compose_session
from protocolkit.load.documents import load_document
from protocolkit.load.serialize import dump_yaml, protocol_from_data, protocol_to_data
from protocolkit.model.goals import Goal
from protocolkit.model.protocol import Duration, Protocol
from protocolkit.plugin.catalog import Catalog
from protocolkit.plugin.host import load_catalog

from . import compose_standard as standard
from .compose_standard import Request, check_session, load_requests
from .seeds import seed_owned

SNAPSHOTS = Path(__file__).parent / "snapshots" / "compose"
TEACHER = standard.ROOT / "examples" / "teacher"
UPDATE = os.environ.get("PROTOCOLKIT_UPDATE_SNAPSHOTS") == "1"
REQUESTS = load_requests()
BY_NAME = {request.name: request for request in REQUESTS}
SESSION_DAY = date(2026, 12, 7)


# -- the checker, property by property ------------------------------------------------------------

def hands(technique: str, pressure: int, minutes: float = 2, region: str = "upper-back",
          modality: str = "swedish", **more: Any) -> dict[str, Any]:
    return {"modality": modality, "technique": technique, "region": region, "duration": str(Duration.minutes(minutes)),
            "pressure": pressure, **more}


def act(activity: str, minutes: float = 1, **more: Any) -> dict[str, Any]:
    return {"activity": activity, "duration": str(Duration.minutes(minutes)), **more}


A, E, T_SUPINE, T_PRONE = act("assessment"), act("education"), act("transition", position="supine"), act(
    "transition", position="prone")
GOOD = [A, hands("effleurage", 2), hands("petrissage", 3, 4), hands("effleurage", 2), E]  # 10 minutes


def session(steps: list[dict[str, Any]], catalog: Catalog, **top: Any) -> Protocol:
    data = {"protocolkit": 1, "id": "t", "title": "t", "duration": "10m", "position": "prone", **top, "steps": steps}
    return protocol_from_data({key: value for key, value in data.items() if value is not None}, catalog.regions)


def ask(**more: Any) -> ComposeRequest:
    fields: dict[str, Any] = {"duration": "10m", "regions": ("upper-back",), "modalities": ("swedish",), **more}
    return ComposeRequest(**{**fields, "duration": Duration.parse(fields["duration"])})


def intake(name: str, catalog: Catalog) -> Any:
    read = read_intake(str(standard.ROOT / "examples" / "intakes" / name), catalog)
    assert read.intake is not None, read.error
    return on_day(read.intake, SESSION_DAY)


PREGNANCY, FEVER, HEALTHY = "c-0215-pregnancy-second-trimester.yaml", "c-0420-fever.yaml", "c-0107-healthy.yaml"
CALF_L, CALF_R = {"region": "calf", "side": "left"}, {"region": "calf", "side": "right"}
SPORTS = {"modality": "sports"}

# (id, property, steps, protocol-level fields, request fields, intake file, what a violation says; None: none)
CASES: list[tuple[str, str, list[dict[str, Any]], dict[str, Any], dict[str, Any], str | None, str | None]] = [
    ("light-ends-pass", "light_ends", GOOD, {}, {}, None, None),
    ("light-ends-first", "light_ends", [A, hands("petrissage", 3, 4), hands("effleurage", 2, 4), E], {}, {}, None,
     "the first hands-on step"),
    ("light-ends-last", "light_ends", [A, hands("effleurage", 2, 4), hands("petrissage", 3, 4), E], {}, {}, None,
     "the last hands-on step"),
    ("gradual-pass", "gradual_pressure", [A, hands("effleurage", 2), hands("petrissage", 3), hands("petrissage", 4),
                                          hands("effleurage", 2), E], {}, {}, None, None),
    ("gradual-other-side", "gradual_pressure", [A, hands("effleurage", 2, 4, side="left"),
                                                hands("petrissage", 4, 4, side="right"), E], {}, {}, None, None),
    ("gradual-jump", "gradual_pressure", GOOD[:2] + [hands("petrissage", 4, 4)] + GOOD[3:], {}, {}, None,
     "jumps from pressure 2 to 4"),
    ("gradual-jump-one-side", "gradual_pressure", [A, hands("effleurage", 2, 4, side="left"),
                                                   hands("petrissage", 4, 4), E], {}, {}, None, "jumps"),
    ("stimulation-pass", "no_stimulation_before_deep", [A, hands("effleurage", 2), hands("petrissage", 3),
                                                        hands("petrissage", 4), hands("tapotement", 3), E],
     {}, {}, None, None),
    ("stimulation-before-deep", "no_stimulation_before_deep", [A, hands("petrissage", 3), hands("tapotement", 3),
                                                               hands("petrissage", 4), hands("effleurage", 2), E],
     {}, {}, None, "right after the stimulating"),
    ("focus-pass", "focus_share", [A, hands("effleurage", 2, 5), hands("effleurage", 2, 3, region="neck"), E], {},
     {"regions": ("upper-back", "neck"), "focus": "rhomboids"}, None, None),
    ("focus-short", "focus_share", [A, hands("effleurage", 2, 2), hands("effleurage", 2, 6, region="neck"), E], {},
     {"regions": ("upper-back", "neck"), "focus": "upper-back"}, None, "the focus upper-back gets 2m of 8m"),
    ("goal-focus-pass", "focus_share", [A, hands("effleurage", 2, 5, region="posterior-thigh"),
                                        hands("effleurage", 2, 3, region="calf"), E], {},
     {"regions": (), "goals": ("test-chain",)}, None, None),
    ("goal-focus-short", "focus_share", [A, hands("effleurage", 2, 2, region="posterior-thigh"),
                                         hands("effleurage", 2, 6, region="calf"), E], {},
     {"regions": (), "goals": ("test-chain",)}, None, "the goal's focus posterior-thigh"),
    ("step-length-pass", "step_length", GOOD, {}, {}, None, None),
    ("step-length-short", "step_length", [A, hands("effleurage", 2, 0.5), hands("petrissage", 3, 5.5),
                                          hands("effleurage", 2), E], {}, {}, None, "lasts 30s"),
    ("positions-pass", "positions", [A, hands("effleurage", 2, 4), T_SUPINE, hands("effleurage", 2, 3, region="chest"),
                                     E], {}, {}, None, None),
    ("positions-no-transition", "positions", [A, hands("effleurage", 2, 4),
                                              hands("effleurage", 2, 4, region="chest", position="supine"), E],
     {}, {}, None, "with no transition step"),
    ("positions-turn-back", "positions", [A, hands("effleurage", 2), T_SUPINE, hands("effleurage", 2, region="chest"),
                                          T_PRONE, hands("effleurage", 2, region="lower-back"), E], {}, {}, None,
     "prone -> supine -> prone"),
    ("positions-none", "positions", GOOD, {"position": None}, {}, None, "has no position"),
    ("sites-pass", "no_site_targets", GOOD, {}, {}, None, None),
    ("sites-eyes", "no_site_targets", [A, hands("effleurage", 2, 8, region="eyes"), E], {}, {}, None,
     "works an endangerment site"),
    ("relaxation-pass", "intent_limits", GOOD, {"intent": "relaxation"}, {"intent": "relaxation"}, None, None),
    ("relaxation-friction", "intent_limits", GOOD[:2] + [hands("friction", 3, 4)] + GOOD[3:],
     {"intent": "relaxation"}, {"intent": "relaxation"}, None, "no friction in a relaxation session"),
    ("pre-event-pass", "intent_limits", [A, hands("compression", 2, **SPORTS), hands("compression", 3, 4, **SPORTS),
                                         hands("effleurage", 2, lubricant=False, **SPORTS), E],
     {"intent": "pre-event"}, {"intent": "pre-event"}, None, None),
    ("pre-event-long", "intent_limits", [A, hands("compression", 2, 18, **SPORTS), E],
     {"intent": "pre-event", "duration": "20m"}, {"intent": "pre-event", "duration": "20m"}, None,
     "a pre-event session of 20m"),
    ("pre-event-deep", "intent_limits", [A, hands("compression", 4, 8, **SPORTS), E], {"intent": "pre-event"},
     {"intent": "pre-event"}, None, "deep work"),
    ("pre-event-oil", "intent_limits", [A, hands("effleurage", 2, 8, **SPORTS), E], {"intent": "pre-event"},
     {"intent": "pre-event"}, None, "lubricated"),
    ("pre-event-stretch", "intent_limits", [A, hands("stretching", 2, 8, **SPORTS), E], {"intent": "pre-event"},
     {"intent": "pre-event"}, None, "changes muscle length"),
    ("post-event-pass", "intent_limits", GOOD, {"intent": "post-event"}, {"intent": "post-event"}, None, None),
    ("post-event-deep", "intent_limits", GOOD[:2] + [hands("petrissage", 4, 4)] + GOOD[3:], {"intent": "post-event"},
     {"intent": "post-event"}, None, "3 at most"),
    ("post-event-friction", "intent_limits", GOOD[:2] + [hands("friction", 3, 4)] + GOOD[3:],
     {"intent": "post-event"}, {"intent": "post-event"}, None, "only light effleurage and kneading"),
    ("seated-pass", "seated_work", [A, *(dict(step, lubricant=False) for step in GOOD[1:4]), E],
     {"position": "seated"}, {"seated": True}, None, None),
    ("seated-prone", "seated_work", GOOD, {}, {"seated": True}, None, "not seated"),
    ("seated-oil", "seated_work", GOOD, {"position": "seated"}, {"seated": True}, None, "is lubricated"),
    ("shape-pass", "session_shape", GOOD, {}, {}, None, None),
    ("shape-no-assessment", "session_shape", GOOD[1:], {}, {}, None,
     "does not open with an assessment"),
    ("shape-no-education", "session_shape", GOOD[:-1] + [act("rest")], {}, {}, None, "does not close with education"),
    ("shape-goal-retest", "session_shape", [A, *GOOD[1:3], hands("effleurage", 2, 1), act("assessment"), E], {},
     {"goals": ("muscle-pain",)}, None, None),
    ("shape-goal-no-retest", "session_shape", GOOD, {}, {"goals": ("muscle-pain",)}, None, "no retest"),
    ("time-pass", "planned_time", GOOD, {}, {}, None, None),
    ("time-short", "planned_time", GOOD, {"duration": "12m"}, {"duration": "12m"}, None, "the steps add up to 10m"),
    ("time-other-plan", "planned_time", GOOD, {"duration": "12m"}, {}, None, "planned 12m, asked for 10m"),
    ("sides-pass", "regions_and_sides", [A, hands("effleurage", 2, 4, **CALF_L), hands("effleurage", 2, 4, **CALF_R),
                                         E], {}, {"regions": ("calf",)}, None, None),
    ("sides-unasked", "regions_and_sides", GOOD, {}, {"regions": ("neck",)}, None, "upper-back was not asked for"),
    ("sides-missing", "regions_and_sides", GOOD, {}, {"regions": ("upper-back", "neck")}, None,
     "neck was asked for and is not worked"),
    ("sides-missing-intake", "regions_and_sides", GOOD, {}, {"regions": ("upper-back", "neck")}, HEALTHY, None),
    ("sides-one-side", "regions_and_sides", [A, hands("effleurage", 2, 4, **CALF_L),
                                             hands("effleurage", 2, 4, **CALF_R), E], {}, {"regions": ("calf:right",)},
     None, "only the right calf"),
    ("sides-unbalanced", "regions_and_sides", [A, hands("effleurage", 2, 6, **CALF_L),
                                               hands("effleurage", 2, 2, **CALF_R), E], {}, {"regions": ("calf",)},
     None, "not balanced"),
    ("rules-pass", "validates_clean", GOOD, {}, {}, None, None),
    ("rules-warning", "validates_clean", GOOD, {"duration": "20m"}, {}, None, "PK201 warning"),
    ("screening-pass", "screens_clean", GOOD, {"position": "side-lying"}, {}, PREGNANCY, None),
    ("screening-prone", "screens_clean", GOOD, {}, {}, PREGNANCY, "screening: PK407"),
    ("screening-refused", "screens_clean", GOOD, {}, {}, FEVER, "rules the session out"),
]


@pytest.fixture(scope="module")
def goal_catalog() -> Catalog:
    """The installed plugins plus a goal of the tests' own, so that the goal checks do not hang on a plugin's."""
    catalog = load_catalog(environ={})
    catalog.goals.add("test-chain", Goal("test-chain", "A test chain", ("posterior-thigh", "calf")), "tests")
    return catalog


@pytest.mark.parametrize(("name", "check", "steps", "top", "fields", "intake_file", "says"), CASES,
                         ids=[case[0] for case in CASES])
def test_each_property_passes_and_fails(goal_catalog: Catalog, name: str, check: str, steps: list[dict[str, Any]],
                                        top: dict[str, Any], fields: dict[str, Any], intake_file: str | None,
                                        says: str | None) -> None:
    request = ask(**fields, intake=intake(intake_file, goal_catalog) if intake_file else None)
    found = getattr(standard, check)(session(steps, goal_catalog, **top), request, goal_catalog)
    if says is None:
        assert found == []
    else:
        assert found and any(says in line for line in found), found


def test_every_property_has_a_passing_and_a_failing_case() -> None:
    for check in standard.PROPERTIES:
        cases = [case for case in CASES if case[1] == check.__name__]
        assert any(case[6] is None for case in cases) and any(case[6] for case in cases), check.__name__


def test_a_good_session_meets_the_whole_standard_and_a_bad_one_fails_several_ways(catalog: Catalog) -> None:
    assert check_session(session(GOOD, catalog), ask(), catalog) == []
    bad = session([hands("petrissage", 3, 0.5, region="eyes"), hands("tapotement", 3), hands("petrissage", 5, 7.5)],
                  catalog, intent="relaxation")
    found = check_session(bad, ask(intent="relaxation"), catalog)
    for says in ("first hands-on step", "jumps", "stimulating", "lasts 30s", "endangerment site", "no tapotement",
                 "assessment", "education", "eyes was not asked for"):
        assert any(says in line for line in found), (says, found)


# -- the request set ------------------------------------------------------------------------------

def test_the_requests_cover_every_installed_modality_and_every_intent_they_list(catalog: Catalog) -> None:
    # The seed modalities: one a plugin author installs beside them is not the teacher's standard's to cover.
    seeds = set(seed_owned(catalog, "modality"))
    asked = {modality for request in REQUESTS for modality in request.modalities}
    assert seeds <= asked, f"no request uses {sorted(seeds - asked)}"
    intents = {intent for modality in seeds for intent in catalog.modalities[modality].intents}
    covered = {request.intent for request in REQUESTS}
    assert intents <= covered, f"no request has the intent {sorted(intents - covered)}"


def test_the_requests_cover_what_the_issue_asks_for() -> None:
    assert len(REQUESTS) >= 22 and len(BY_NAME) == len(REQUESTS)
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", r.name) and r.why.strip() for r in REQUESTS)
    assert any(r.focus for r in REQUESTS) and any(r.seated for r in REQUESTS)
    assert {"left", "right"} <= {word.partition(":")[2] for r in REQUESTS for word in r.regions}
    intakes = {Path(r.intake).name for r in REQUESTS if r.intake}
    assert PREGNANCY in intakes and len(intakes) >= 3
    assert any(r.goals and not r.regions for r in REQUESTS) and any(r.goals and not r.modalities for r in REQUESTS)
    minutes = {Duration.parse(r.duration).seconds // 60 for r in REQUESTS}
    assert min(minutes) <= 10 and max(minutes) >= 90
    assert all(r.on for r in REQUESTS if r.intake), "an intake's request needs `on`, or its snapshot moves each day"


# -- every request composed: the standard and the snapshot ----------------------------------------

_COMPOSED: dict[str, Composition] = {}


def composed(request: Request, catalog: Catalog) -> Composition:
    if request.name not in _COMPOSED:
        _COMPOSED[request.name] = compose_session(catalog, request.compose_request(catalog))
    return _COMPOSED[request.name]


def snapshot_text(request: Request, composition: Composition) -> str:
    header = [f"# request: {request.name}", f"# {request.command_line()}",
              *(f"# adapted: {change}" for change in composition.changes)]
    return dump_yaml(protocol_to_data(composition.protocol), "\n".join(header) + "\n")


@pytest.mark.parametrize("request_", REQUESTS, ids=[r.name for r in REQUESTS])
def test_the_composed_session_meets_the_standard(catalog: Catalog, request_: Request) -> None:
    composition = composed(request_, catalog)
    violations = check_session(composition.protocol, request_.compose_request(catalog), catalog)
    assert violations == [], f"{request_.command_line()}\n  " + "\n  ".join(violations)


@pytest.mark.parametrize("request_", REQUESTS, ids=[r.name for r in REQUESTS])
def test_the_composed_session_matches_its_snapshot(catalog: Catalog, request_: Request) -> None:
    text = snapshot_text(request_, composed(request_, catalog))
    findings = [f for f in validate_text(text, catalog, path=f"{request_.name}.yaml") if f.severity != "info"]
    assert findings == [], [f"{f.code} {f.message}" for f in findings]
    path = SNAPSHOTS / f"{request_.name}.yaml"
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return
    if not path.exists():
        pytest.fail(f"no snapshot {path.relative_to(standard.ROOT)}; create it with PROTOCOLKIT_UPDATE_SNAPSHOTS=1 "
                    "python -m pytest tests/test_compose_standard.py, then review it and commit it")
    assert text == path.read_text(encoding="utf-8"), (
        f"compose now writes something else for {request_.name}; if that is intended, write the snapshots again "
        "with PROTOCOLKIT_UPDATE_SNAPSHOTS=1 and review the diff")


def test_every_snapshot_belongs_to_a_request() -> None:
    stale = sorted(path.stem for path in SNAPSHOTS.glob("*.yaml") if path.stem not in BY_NAME)
    assert stale == [], f"snapshots with no request in tests/data/compose_requests.yaml: {stale}"


# -- the teacher's sessions -----------------------------------------------------------------------

def teacher_sessions() -> list[tuple[Path, str]]:
    """Each hand-written session with the request its `# request: <name>` line names."""
    found = []
    for path in sorted(TEACHER.glob("*.yaml")):
        names = re.findall(r"^# request: (\S+)$", path.read_text(encoding="utf-8"), flags=re.MULTILINE)
        found.append((path, names[0] if len(names) == 1 else ""))
    return found


def test_there_are_teacher_sessions_for_at_least_four_requests() -> None:
    names = [name for _, name in teacher_sessions()]
    assert len(set(names)) >= 4 and len(set(names)) == len(names)
    assert set(names) <= set(BY_NAME), f"unknown requests: {sorted(set(names) - set(BY_NAME))}"


@pytest.mark.parametrize(("path", "name"), teacher_sessions(), ids=[path.stem for path, _ in teacher_sessions()])
def test_a_teacher_session_validates_clean_and_meets_the_standard(catalog: Catalog, path: Path, name: str) -> None:
    assert validate_file(str(path), catalog).findings == []
    protocol = session_from(path, catalog)
    request = BY_NAME[name]
    assert check_session(protocol, request.compose_request(catalog), catalog) == []


def session_from(path: Path, catalog: Catalog) -> Protocol:
    return protocol_from_data(load_document(path).data, catalog.regions)
