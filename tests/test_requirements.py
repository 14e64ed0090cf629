"""Requirement profiles: the format and its hook, the US profiles, and curricula checked against them.

Documents for PK701-PK707 live in tests/data/requirements: each broken one
names its profile (``# against: ID``) and what it must produce (``# expect:``),
each clean twin the rule it stays clear of (``# clean of: CODE``).  The day is
fixed, so that whether a profile's text is old never depends on when the
tests run.
"""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from protocolkit import hookimpl
from protocolkit.check.requirements import Pace, check_against, qualifying_jurisdictions
from protocolkit.check.subject_hours import ModuleHours
from protocolkit.check.validation import (ProfileNotFound, curriculum_against, requirement_profiles,
                                          validate_text)
from protocolkit.cli import cli
from protocolkit.load.documents import load_document, parse_document
from protocolkit.load.requirements import ProfileError, requirements_from_data, requirements_to_data
from protocolkit.model import codes
from protocolkit.model.requirements import RequirementProfile
from protocolkit.plugin.catalog import Catalog
from protocolkit.plugin.host import load_catalog

from .conftest import DATA, EXAMPLES

TODAY = datetime.date(2026, 12, 1)
REQUIREMENTS = DATA / "requirements"
BROKEN = sorted((REQUIREMENTS / "broken").glob("*.yaml"))
CLEAN = sorted((REQUIREMENTS / "clean").glob("*.yaml"))
US_PROFILES = {"texas", "florida", "washington", "illinois", "nebraska", "utah", "michigan", "maryland", "elap-core"}
ENV = {"PROTOCOLKIT_PLUGINS": "", "PROTOCOLKIT_DISABLE_PLUGINS": ""}
_EXPECT = re.compile(r"(PK7\d\d) (\d+):(\d+)")


def header(path: Path, key: str) -> str:
    for line in path.read_text().splitlines():
        if line.startswith(f"# {key}:"):
            return line.split(":", 1)[1].strip()
    raise AssertionError(f"{path.name} has no '# {key}:' line")


def against(path: Path, catalog: Catalog, *names: str, today: datetime.date = TODAY):
    document = load_document(path)
    report, results = curriculum_against(document, catalog, requirement_profiles(names or (header(path, "against"),),
                                                                                   catalog), today=today)
    assert not isinstance(report, list), report
    return report, results


def texas_curriculum(order: str = "clinic last") -> str:
    from protocolkit.model.rule_examples import requirements

    return requirements.CLINIC_TOO_EARLY if order == "clinic early" else requirements.CLINIC_TOO_EARLY_FIX


# -- each PK7xx trips on its broken document and stays quiet on its twin --------------------------------


@pytest.mark.parametrize("path", BROKEN, ids=lambda p: p.name)
def test_a_broken_curriculum_trips_exactly_what_it_expects(path: Path, catalog: Catalog) -> None:
    _, (result,) = against(path, catalog)
    expected = sorted((code, int(line), int(column)) for code, line, column in _EXPECT.findall(header(path, "expect")))
    got = sorted((f.code, f.line, f.column) for f in result.findings if f.code != codes.PROFILE_OUT_OF_DATE.code)
    assert expected and got == expected
    assert not result.met and all(f.file == str(path) and result.profile.jurisdiction in f.message
                                  for f in result.findings)


@pytest.mark.parametrize("path", CLEAN, ids=lambda p: p.name)
def test_a_clean_twin_meets_its_profile(path: Path, catalog: Catalog) -> None:
    _, (result,) = against(path, catalog)
    assert header(path, "clean of") not in {f.code for f in result.findings}
    assert result.met and all(f.severity == "warning" for f in result.findings)


def test_every_pk7xx_rule_has_a_broken_and_a_clean_document(catalog: Catalog) -> None:
    tripped = {code for path in BROKEN for code, *_ in _EXPECT.findall(header(path, "expect"))}
    cleared = {header(path, "clean of") for path in CLEAN}
    curriculum_codes = {f"PK70{n}" for n in range(1, 7)}
    assert tripped == cleared == curriculum_codes
    assert {code for code in catalog.rules if code.startswith("PK7")} == curriculum_codes | {"PK707", "PK708"}


@pytest.mark.parametrize("code", ["PK701", "PK702", "PK703", "PK704", "PK705", "PK706"])
def test_the_rule_page_s_example_trips_its_rule_and_its_fix_does_not(catalog: Catalog, code: str) -> None:
    rule = catalog.rules[code]
    profile = re.search(r"--against (\S+)", rule.example).group(1)  # type: ignore[union-attr]
    for text, trips in ((rule.example, True), (rule.fix, False)):
        document = parse_document(text, path=f"{code}.yaml", fmt="yaml")
        _, (result,) = curriculum_against(document, catalog, requirement_profiles([profile], catalog), today=TODAY)
        assert (code in {f.code for f in result.findings}) is trips
        assert result.met is not trips


# -- the example curricula of the issue ---------------------------------------------------------------


def test_a_curriculum_that_meets_texas_but_not_florida(catalog: Catalog) -> None:
    document = parse_document(texas_curriculum(), path="texas.yaml", fmt="yaml")
    _, (texas, florida) = curriculum_against(document, catalog, requirement_profiles(["texas", "florida"], catalog),
                                             today=TODAY)
    assert texas.met and not florida.met
    assert {f.code for f in texas.findings} == {"PK707"}  # Texas's text has no recorded date: a warning only
    short = {s.id: (s.have, s.need) for s in florida.subjects if not s.met}
    assert short["anatomy-physiology"] == (75, 150) and short["allied-modalities"] == (0, 76)
    assert "PK706" in {f.code for f in florida.findings}  # Florida caps the pace; this curriculum does not state it
    assert qualifying_jurisdictions([texas, florida]) == ["Texas"]


def test_a_clinic_that_starts_too_early_for_texas(catalog: Catalog) -> None:
    document = parse_document(texas_curriculum("clinic early"), path="early.yaml", fmt="yaml")
    _, (texas,) = curriculum_against(document, catalog, requirement_profiles(["texas"], catalog), today=TODAY)
    (early,) = [f for f in texas.findings if f.code == "PK703"]
    assert early.path == ("modules", 1) and early.line == 8
    assert "module 'internship' starts it after 125 h" in early.message and "250" in early.message
    assert [(rule.kept) for rule in texas.rules] == [False]
    # Every subject's hours are there: only the order is wrong.
    assert all(subject.met for subject in texas.subjects) and not texas.met


def test_the_including_hours_count_too() -> None:
    # 250 h before the clinic, but only 50 of them technique and theory: Texas asks for 100.
    profile = _texas_like()
    modules = [ModuleHours(0, "anatomy", None, {"anatomy": 200.0}, ("modules", 0)),
               ModuleHours(1, "technique", None, {"massage-technique": 50.0}, ("modules", 1)),
               ModuleHours(2, "clinic", None, {"clinical-practice": 50.0}, ("modules", 2))]
    vocabulary = load_catalog(environ=ENV).subject_vocabulary()
    result = check_against(profile, modules, vocabulary, Pace(), today=TODAY)
    (finding,) = [f for f in result.findings if f.code == "PK703"]
    assert finding.path == ("modules", 2) and "(50 h of massage-theory-technique)" in finding.message
    modules[1] = ModuleHours(1, "technique", None, {"massage-theory-technique": 100.0}, ("modules", 1))
    assert "PK703" not in {f.code for f in check_against(profile, modules, vocabulary, Pace(), today=TODAY).findings}


def test_terms_decide_the_order(catalog: Catalog) -> None:
    text = texas_curriculum("clinic early").replace("clinic-hours: 50}", "clinic-hours: 50, term: 2}").replace(
        "contact-hours: 75}", "contact-hours: 75, term: 1}")
    document = parse_document(text, path="terms.yaml", fmt="yaml")
    _, (texas,) = curriculum_against(document, catalog, requirement_profiles(["texas"], catalog), today=TODAY)
    # Listed second, the internship is taught in term 2, after every module of term 1 (those after
    # the theory module inherit its term).
    assert texas.met, [f.message for f in texas.findings]


def _texas_like() -> RequirementProfile:
    return requirements_from_data({
        "protocolkit": 1, "kind": "requirements", "id": "t", "title": "T", "jurisdiction": "T",
        "source": {"citation": "test"}, "as-of": "2026", "total-hours": 300,
        "rules": {"after-hours": [{"subject": "clinical-practice", "hours": 250,
                                   "including": {"subjects": ["massage-theory-technique"], "hours": 100}}]}})


# -- pace -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("pace", "codes_found"), [
    (Pace(weeks=20), {"PK704"}), (Pace(weeks=24), set()), (Pace(hours_per_week=50), {"PK704"}),
    (Pace(hours_per_week=25), set()), (Pace(), {"PK706"}), (Pace(hours_per_day=8), {"PK706"}),
])
def test_minimum_weeks(catalog: Catalog, pace: Pace, codes_found: set[str]) -> None:
    modules = [ModuleHours(0, "m", None, {"massage-technique": 609.0, "first-aid-cpr": 16.0}, ("modules", 0))]
    result = check_against(catalog.requirements["washington"], modules, catalog.subject_vocabulary(), pace,
                           today=datetime.date(2022, 1, 1))
    assert {f.code for f in result.findings} == codes_found


@pytest.mark.parametrize(("pace", "codes_found"), [
    (Pace(hours_per_day=6, hours_per_week=30), set()), (Pace(hours_per_day=6.5, hours_per_week=30), {"PK705"}),
    (Pace(hours_per_day=6, weeks=10), {"PK705"}),  # 500 h in 10 weeks is 50 a week on average
    (Pace(hours_per_day=6, weeks=20), set()), (Pace(hours_per_week=30), {"PK706"}),
])
def test_florida_caps_the_hours_a_day_and_a_week(catalog: Catalog, pace: Pace, codes_found: set[str]) -> None:
    modules = [ModuleHours(0, "m", None, {key: float(value) for key, value in
                                          catalog.requirements["florida"].subjects.items()}, ("modules", 0))]
    result = check_against(catalog.requirements["florida"], modules, catalog.subject_vocabulary(), pace,
                           today=datetime.date(2025, 1, 1))
    assert {f.code for f in result.findings} == codes_found


# -- the as-of date ---------------------------------------------------------------------------------------


def test_an_old_or_unknown_as_of_date_warns_that_the_rules_may_have_changed(catalog: Catalog) -> None:
    modules = [ModuleHours(0, "m", None, {"massage-technique": 609.0, "first-aid-cpr": 16.0}, ("modules", 0))]
    washington = catalog.requirements["washington"]  # as of 2021-09-01
    vocabulary = catalog.subject_vocabulary()
    fresh = check_against(washington, modules, vocabulary, Pace(weeks=30), today=datetime.date(2024, 8, 1))
    stale = check_against(washington, modules, vocabulary, Pace(weeks=30), today=datetime.date(2024, 10, 1))
    assert fresh.findings == () and not fresh.out_of_date
    (warning,) = stale.findings
    assert (warning.code, warning.severity) == ("PK707", "warning") and "may have changed" in warning.message
    assert stale.met  # a warning: the report still says what the rules it has ask for
    longer = check_against(washington, modules, vocabulary, Pace(weeks=30), today=datetime.date(2024, 10, 1),
                           max_age_years=5)
    assert longer.findings == ()
    texas = check_against(catalog.requirements["texas"], modules, vocabulary, Pace(), today=datetime.date(2000, 1, 1))
    assert any(f.code == "PK707" and "not known" in f.message for f in texas.findings)


def test_the_setting_reaches_the_report(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    curriculum = tmp_path / "c.yaml"
    curriculum.write_text((REQUIREMENTS / "clean" / "pk704-enough-weeks.yaml").read_text())
    monkeypatch.chdir(tmp_path)
    (tmp_path / "protocolkit.toml").write_text("requirements-max-age = 100\n")
    result = runner.invoke(cli, ["curriculum", "report", str(curriculum), "--against", "washington", "--format", "json"],
                           env=ENV)
    assert result.exit_code == 0 and json.loads(result.stdout)["profiles"][0]["findings"] == []
    (tmp_path / "protocolkit.toml").write_text("requirements-max-age = 0\n")
    bad = runner.invoke(cli, ["curriculum", "report", str(curriculum), "--against", "washington"], env=ENV)
    assert bad.exit_code == 2 and "requirements-max-age" in bad.stderr


# -- the format, the hook and the plugin --------------------------------------------------------------------


def test_the_us_plugin_registers_every_profile_with_its_source(catalog: Catalog) -> None:
    assert US_PROFILES <= set(catalog.requirements)
    for profile_id in US_PROFILES:
        profile = catalog.requirements[profile_id]
        assert catalog.requirements.owner(profile_id) == "requirements-us"
        assert profile.source.citation and (profile.as_of or profile.as_of_note)
    assert catalog.requirements["florida"].as_of == "2024" and catalog.requirements["texas"].as_of is None


def test_a_profile_round_trips_through_its_document_form(catalog: Catalog) -> None:
    for profile in catalog.requirements.values():
        data = requirements_to_data(profile)
        assert requirements_from_data(data) == profile
        assert validate_text(json.dumps(data), catalog, fmt="json") == []


def test_a_profile_needs_an_as_of_date_or_a_note_saying_why_not(catalog: Catalog) -> None:
    text = ("protocolkit: 1\nkind: requirements\nid: x\ntitle: X\njurisdiction: X\nsource: {citation: c}\n"
            "total-hours: 500\n")
    assert [f.code for f in validate_text(text, catalog)] == ["PK001"]
    assert validate_text(text + "as-of-note: not dated\n", catalog) == []
    assert [f.code for f in validate_text(text + "as-of: '2024-13'\n", catalog)] == ["PK001"]
    with pytest.raises(ProfileError, match="as-of"):
        requirements_from_data({**json.loads(json.dumps({"protocolkit": 1, "kind": "requirements", "id": "x",
                                                          "title": "X", "jurisdiction": "X",
                                                          "source": {"citation": "c"}, "total-hours": 1}))})


class _AccreditorPlugin:
    @hookimpl
    def protocolkit_register_requirements(self, register):  # type: ignore[no-untyped-def]
        register(requirements_from_data({"protocolkit": 1, "kind": "requirements", "id": "our-accreditor",
                                         "title": "Ours", "jurisdiction": "Our accreditor",
                                         "source": {"citation": "Standard 4"}, "as-of-note": "undated",
                                         "total-hours": 100, "required-subjects": ["draping"]}))


def test_the_hook_registers_a_plugin_s_profile(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys
    import types

    module = types.ModuleType("accreditor_plugin_for_test")
    module.protocolkit_register_requirements = _AccreditorPlugin().protocolkit_register_requirements  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, module.__name__, module)
    catalog = load_catalog(local_modules=[module.__name__], environ=ENV)
    assert catalog.requirements["our-accreditor"].required_subjects == ("draping",)
    assert catalog.requirements.owner("our-accreditor") == module.__name__


class _BrokenProfilesPlugin:
    """Registers a subject, then fails in its profile hook."""

    @hookimpl
    def protocolkit_register_subjects(self, register):  # type: ignore[no-untyped-def]
        from protocolkit import Subject

        register(Subject("lazy-test-subject", "Lazy test subject", "only for this test"))

    @hookimpl
    def protocolkit_register_requirements(self, register):  # type: ignore[no-untyped-def]
        raise RuntimeError("the profile table is broken")


def _broken_profiles_module(monkeypatch: pytest.MonkeyPatch) -> str:
    import sys
    import types

    module = types.ModuleType("broken_profiles_plugin_for_test")
    plugin = _BrokenProfilesPlugin()
    module.protocolkit_register_subjects = plugin.protocolkit_register_subjects  # type: ignore[attr-defined]
    module.protocolkit_register_requirements = plugin.protocolkit_register_requirements  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, module.__name__, module)
    return module.__name__


def test_profiles_are_registered_on_first_use_and_a_failing_hook_costs_only_its_profiles(
        monkeypatch: pytest.MonkeyPatch) -> None:
    warnings: list[str] = []
    name = _broken_profiles_module(monkeypatch)
    catalog = load_catalog(local_modules=[name], environ=ENV, warn=warnings.append)
    assert warnings == [], "no profile hook runs while the catalog loads"
    assert "lazy-test-subject" in catalog.subjects
    assert "texas" in catalog.requirements  # first use: every plugin's profile hook runs now
    assert [w for w in warnings if name in w and "the profile table is broken" in w
            and "requirement profiles are left out" in w]
    assert "lazy-test-subject" in catalog.subjects, "what else the plugin registered stays"
    catalog.requirements  # noqa: B018 - a second use runs no hook again
    assert len(warnings) == 1


def test_strict_loading_runs_the_profile_hooks_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from protocolkit.plugin.host import PluginError

    with pytest.raises(PluginError, match="the profile table is broken"):
        load_catalog(local_modules=[_broken_profiles_module(monkeypatch)], environ=ENV, strict=True)


def test_a_profile_file_can_be_named_and_a_bad_one_is_refused(catalog: Catalog, tmp_path: Path) -> None:
    good = tmp_path / "ours.yaml"
    good.write_text("protocolkit: 1\nkind: requirements\nid: ours\ntitle: Ours\njurisdiction: Our accreditor\n"
                    "source: {citation: Standard 4}\nas-of: '2026'\ntotal-hours: 100\n")
    assert [p.id for p in requirement_profiles([str(good), "texas"], catalog)] == ["ours", "texas"]
    bad = tmp_path / "bad.yaml"
    bad.write_text(good.read_text().replace("total-hours: 100\n", "subjects: {anatomie: 5}\ntotal-hours: 100\n"))
    with pytest.raises(ProfileNotFound, match="PK708.*did you mean 'anatomy'"):
        requirement_profiles([str(bad)], catalog)
    with pytest.raises(ProfileNotFound, match="did you mean 'texas'"):
        requirement_profiles(["texsa"], catalog)


# -- the commands ----------------------------------------------------------------------------------------------


def test_protocolkit_requirements_lists_the_installed_profiles(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["requirements"], env=ENV)
    assert result.exit_code == 0
    texas = next(line for line in result.stdout.splitlines() if line.startswith("texas "))
    assert "Texas" in texas and "500 h" in texas and "date not known" in texas and "16 TAC 117.20" in texas
    assert "2024" in next(line for line in result.stdout.splitlines() if line.startswith("florida "))


def test_protocolkit_requirements_id_json_is_the_yaml_form(runner: CliRunner, catalog: Catalog) -> None:
    result = runner.invoke(cli, ["requirements", "florida", "--format", "json"], env=ENV)
    data = json.loads(result.stdout)
    assert result.exit_code == 0 and data["kind"] == "requirements" and data["subjects"]["anatomy-physiology"] == 150
    assert requirements_from_data(data) == catalog.requirements["florida"]
    assert runner.invoke(cli, ["requirements", "florida"], env=ENV).stdout.count("kind: requirements") == 1
    missing = runner.invoke(cli, ["requirements", "floria"], env=ENV)
    assert missing.exit_code == 1 and "did you mean 'florida'?" in missing.stderr


def test_the_json_report_has_its_stable_shape(runner: CliRunner) -> None:
    path = REQUIREMENTS / "broken" / "pk703-clinic-too-early-for-texas.yaml"
    result = runner.invoke(cli, ["curriculum", "report", str(path), "--against", "texas", "--against", "florida",
                                 "--format", "json"], env=ENV)
    assert result.exit_code == 1, result.stderr
    data = json.loads(result.stdout)
    assert [p["id"] for p in data["profiles"]] == ["texas", "florida"]
    for profile in data["profiles"]:
        assert {"id", "met", "subjects", "findings"} <= set(profile) and profile["met"] is False
        assert all(set(subject) == {"id", "have", "need", "met"} for subject in profile["subjects"])
    texas = data["profiles"][0]
    assert {"id": "clinical-practice", "have": 50, "need": 50, "met": True} in texas["subjects"]
    assert [f["line"] for f in texas["findings"] if f["code"] == "PK703"] == [9]
    assert data["qualifies"] == []


def test_against_all_ends_with_the_jurisdictions_it_qualifies_in(runner: CliRunner) -> None:
    path = REQUIREMENTS / "clean" / "pk703-clinic-after-250-hours.yaml"
    result = runner.invoke(cli, ["curriculum", "report", str(path), "--against", "all"], env=ENV)
    assert result.exit_code == 0, result.stderr  # 'all' is a survey: not meeting some profiles is no error
    last = result.stdout.rstrip("\n").splitlines()[-1]
    assert last.startswith("Qualifies in: ") and "Texas" in last and "Florida" not in last
    assert "Texas (texas): met" in result.stdout and "Florida (florida): NOT MET" in result.stdout
    named = runner.invoke(cli, ["curriculum", "report", str(path), "--against", "texas", "--against", "florida"],
                          env=ENV)
    assert named.exit_code == 1  # a profile named by id that is not met is a finding


def test_the_markdown_report_says_every_verdict_in_words(runner: CliRunner) -> None:
    path = REQUIREMENTS / "broken" / "pk703-clinic-too-early-for-texas.yaml"
    result = runner.invoke(cli, ["curriculum", "report", str(path), "--against", "texas", "--format", "markdown"],
                           env=ENV)
    assert "## Texas (texas): NOT MET" in result.stdout and "| clinical-practice | 50 | 50 | met |" in result.stdout
    assert "**broken**" in result.stdout


def test_an_unknown_profile_is_a_usage_error(runner: CliRunner) -> None:
    path = REQUIREMENTS / "clean" / "pk703-clinic-after-250-hours.yaml"
    result = runner.invoke(cli, ["curriculum", "report", str(path), "--against", "atlantis"], env=ENV)
    assert result.exit_code == 2 and "no requirement profile 'atlantis'" in result.stderr
    assert "Traceback" not in result.output


def test_the_example_curriculum_is_reported_against_all(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["curriculum", "report", str(EXAMPLES / "curricula" / "elap-style-programme.yaml"),
                                 "--against", "all", "--format", "json"], env=ENV)
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert {p["id"] for p in data["profiles"]} >= US_PROFILES and "ELAP (entry-level recommendation)" in data["qualifies"]


def test_the_html_handbook_has_the_coverage_matrix_said_in_words(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "handbook.html"
    result = runner.invoke(cli, ["export", str(EXAMPLES / "curricula" / "elap-style-programme.yaml"), "--to", "html",
                                 "-o", str(out)], env=ENV)
    assert result.exit_code == 0, result.stderr
    html = out.read_text()
    matrix = html.split('<table class="coverage-matrix">')[1].split("</table>")[0]
    assert "<th scope=\"col\">Texas (texas)</th>" in matrix and "<th scope=\"col\">Florida (florida)</th>" in matrix
    clinic = matrix.split('<th scope="row">clinical-practice</th>')[1].split("</tr>")[0]
    # Florida asks 125 h of clinical practice, Nebraska 300: each cell says have / need and its verdict.
    assert '<td class="met">185 h / 125 h: met</td>' in clinic and '<td class="short">185 h / 300 h: short</td>' in clinic
    assert '<td class="not-asked">not asked</td>' in clinic
