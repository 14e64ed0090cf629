"""The subject vocabulary, its hook, and a curriculum's hours by subject in teaching order."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from protocolkit import Subject, hookimpl
from protocolkit.check.curriculum import CurriculumReport
from protocolkit.check.subject_hours import ModuleHours, module_subject_hours, subject_totals
from protocolkit.check.validation import curriculum_report
from protocolkit.cli import cli
from protocolkit.load.documents import parse_document
from protocolkit.model.subjects import SubjectVocabulary, normalise
from protocolkit.plugin.catalog import Catalog
from protocolkit.plugin.host import load_catalog

from .conftest import EXAMPLES

PROGRAMME = EXAMPLES / "curricula" / "elap-style-programme.yaml"


def curriculum(modules: str, requirements: str = "") -> str:
    return f"protocolkit: 1\nkind: curriculum\nid: c\ntitle: C\n{requirements}modules:\n{modules}"


def report_of(text: str, catalog: Catalog, folder: Path) -> CurriculumReport:
    path = folder / "programme.yaml"
    path.write_text(text)
    checked = curriculum_report(parse_document(text, path=str(path), fmt="yaml"), catalog)
    assert isinstance(checked, CurriculumReport), checked
    return checked


# -- the vocabulary ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("word", "subject_id"), [
    ("anatomy", "anatomy"), ("Anatomy", "anatomy"), ("A&P", "anatomy-physiology"),
    ("anatomy and physiology", "anatomy-physiology"), ("internship", "clinical-practice"),
    ("Practicum", "clinical-practice"), ("student clinic", "clinical-practice"),
    ("HIV/AIDS", "communicable-disease"), ("CPR", "first-aid-cpr"), ("first aid", "first-aid-cpr"),
    ("laws and rules", "laws-rules"), ("Laws_and_Rules", "laws-rules"),
    ("massage-application", "massage-technique"), ("theory", "massage-theory"),
    ("Anatomy, physiology and kinesiology", "anatomy-physiology-kinesiology"),
])
def test_ids_and_aliases_resolve_whatever_the_case(catalog: Catalog, word: str, subject_id: str) -> None:
    assert catalog.subject_vocabulary().canonical(word) == subject_id


def test_unknown_words_resolve_to_nothing_and_typos_to_the_closest(catalog: Catalog) -> None:
    vocabulary = catalog.subject_vocabulary()
    assert vocabulary.resolve("aromatherapy") is None and vocabulary.canonical("aromatherapy") == "aromatherapy"
    assert vocabulary.suggest("kinesology") == "kinesiology"
    assert vocabulary.suggest("physiologie") == "physiology"
    assert vocabulary.suggest("aromatherapy") is None  # not 'hydrotherapy': too far to be a typo


def test_normalise() -> None:
    assert [normalise(w) for w in ("A&P", " HIV/AIDS ", "Laws  and - Rules", "a, b")] == \
        ["a-and-p", "hiv-aids", "laws-and-rules", "a-b"]


def test_the_core_list_has_the_issue_subjects_and_every_composite_has_known_parts(catalog: Catalog) -> None:
    vocabulary = catalog.subject_vocabulary()
    wanted = {"anatomy", "physiology", "kinesiology", "pathology", "neurology", "massage-theory",
              "massage-technique", "hydrotherapy", "business", "ethics", "laws-rules", "hygiene", "first-aid-cpr",
              "communicable-disease", "medical-errors", "clinical-practice", "allied-modalities",
              "research-literacy", "self-care", "draping", "communication", "anatomy-physiology",
              "anatomy-physiology-kinesiology", "business-ethics", "laws-business-ethics",
              "health-hygiene-first-aid", "massage-theory-technique"}
    assert wanted <= {subject.id for subject in vocabulary}
    for subject in vocabulary:
        assert subject.name and subject.description
        assert all(part in vocabulary for part in subject.parts)
        assert catalog.subjects.owner(subject.id) == "core-subjects"
    assert vocabulary.basic_parts("health-hygiene-first-aid") == {"hygiene", "first-aid-cpr",
                                                                  "communicable-disease"}


def test_a_composite_is_the_sum_of_its_parts(catalog: Catalog) -> None:
    totals = catalog.subject_vocabulary().totals({"anatomy": 50, "physiology": 25, "kinesiology": 50,
                                                  "A&P": 10, "laws-rules": 5, "ethics": 4, "business": 15})
    assert totals["anatomy"] == 50 and totals["physiology"] == 25  # the A&P hours reach neither part alone
    assert totals["anatomy-physiology"] == 85
    assert totals["anatomy-physiology-kinesiology"] == 135
    assert totals["business-ethics"] == 19 and totals["laws-business-ethics"] == 24
    assert "hygiene" not in totals and "health-hygiene-first-aid" not in totals


def test_a_subject_id_must_be_a_slug() -> None:
    with pytest.raises(ValueError, match="lower-case words"):
        Subject("Anatomy Physiology", "A&P")


# -- the hook -----------------------------------------------------------------------------------------


class SpaSubjects:
    """A school's own subjects: a basic one and a composite built on a core subject."""

    @staticmethod
    @hookimpl
    def protocolkit_register_subjects(register: Callable[[Subject], None]) -> None:
        register(Subject("aromatherapy", "Aromatherapy", "Essential oils.", aliases=["essential oils"]))
        register(Subject("spa-therapies", "Spa therapies", "Water and oils.", parts=["hydrotherapy", "aromatherapy"]))


def _load(module_source: str, tmp_path: Path) -> tuple[Catalog, list[str]]:
    plugin = tmp_path / "school_subjects.py"
    plugin.write_text(module_source)
    warnings: list[str] = []
    return load_catalog(local_modules=[str(plugin)], environ={}, warn=warnings.append), warnings


def test_a_plugin_registers_subjects_and_composites_on_core_ones(tmp_path: Path) -> None:
    catalog, warnings = _load(
        "from protocolkit import Subject, hookimpl\n\n"
        "@hookimpl\ndef protocolkit_register_subjects(register):\n"
        "    register(Subject('aromatherapy', 'Aromatherapy', 'Essential oils.', aliases=['essential oils']))\n"
        "    register(Subject('spa-therapies', 'Spa', 'Both.', parts=['hydrotherapy', 'aromatherapy']))\n", tmp_path)
    assert warnings == []
    vocabulary = catalog.subject_vocabulary()
    assert catalog.subjects.owner("aromatherapy") == "school_subjects"
    assert vocabulary.canonical("Essential Oils") == "aromatherapy"
    assert vocabulary.totals({"aromatherapy": 5, "hydrotherapy": 20})["spa-therapies"] == 25


def test_a_composite_with_an_unknown_part_fails_its_plugin(tmp_path: Path) -> None:
    catalog, warnings = _load(
        "from protocolkit import Subject, hookimpl\n\n"
        "@hookimpl\ndef protocolkit_register_subjects(register):\n"
        "    register(Subject('spa-therapies', 'Spa', 'Both.', parts=['hydrotherapy', 'aromatherapie']))\n",
        tmp_path)
    assert "spa-therapies" not in catalog.subjects
    assert len(warnings) == 1 and "unknown part 'aromatherapie'" in warnings[0]
    assert "anatomy" in catalog.subjects  # the core's subjects stay


def test_a_subject_id_another_plugin_holds_fails_the_second(tmp_path: Path) -> None:
    catalog, warnings = _load(
        "from protocolkit import Subject, hookimpl\n\n"
        "@hookimpl\ndef protocolkit_register_subjects(register):\n"
        "    register(Subject('anatomy', 'Anatomy again'))\n", tmp_path)
    assert catalog.subjects["anatomy"].name == "Anatomy"
    assert "already registered by plugin 'core-subjects'" in warnings[0]


def test_the_hook_class_registers_through_a_callback() -> None:
    recorded: list[Subject] = []
    SpaSubjects.protocolkit_register_subjects(recorded.append)
    vocabulary = SubjectVocabulary(recorded)
    assert vocabulary.basic_parts("spa-therapies") == {"hydrotherapy", "aromatherapy"}


# -- a curriculum's hours by subject ---------------------------------------------------------------------


def test_a_module_splits_its_hours_over_several_subjects(catalog: Catalog, tmp_path: Path) -> None:
    report = report_of(curriculum(
        "  - {id: sci, title: S, subjects: {anatomy: 30, physiology: 20}, contact-hours: 50, clinic-hours: 5}\n"),
        catalog, tmp_path)
    assert report.findings == []
    assert dict(report.hours.by_subject) == {"anatomy": 30, "physiology": 20, "clinical-practice": 5}
    assert report.hours.subject_totals["anatomy-physiology"] == 50


def test_a_split_that_does_not_add_up_is_a_located_finding(catalog: Catalog, tmp_path: Path) -> None:
    report = report_of(curriculum("  - {id: sci, title: S, subjects: {anatomy: 30, physiology: 10}, "
                                  "contact-hours: 50}\n"), catalog, tmp_path)
    (finding,) = report.findings
    assert (finding.code, finding.severity, finding.path) == ("PK506", "error", ("modules", 0, "subjects"))
    assert "add up to 40 h, not its 50 contact hours" in finding.message


def test_an_unknown_subject_is_a_located_warning_with_a_did_you_mean(catalog: Catalog, tmp_path: Path) -> None:
    report = report_of(curriculum("  - {id: k, title: K, subject: kinesology, contact-hours: 5}\n"
                                  "  - {id: s, title: S, subjects: {pathalogy: 5}, contact-hours: 5}\n",
                                  "requirements: {subjects: {ethic: 1}}\n"), catalog, tmp_path)
    found = [(f.code, f.severity, f.path) for f in report.findings if f.code == "PK507"]
    assert found == [("PK507", "warning", ("modules", 0, "subject")),
                     ("PK507", "warning", ("modules", 1, "subjects", "pathalogy")),
                     ("PK507", "warning", ("requirements", "subjects", "ethic"))]
    messages = " ".join(f.message for f in report.findings)
    for hint in ("kinesiology", "pathology", "ethics"):
        assert f"did you mean '{hint}'?" in messages
    # Unknown words keep their hours under the word: the curriculum's own requirements still see them.
    assert report.hours.by_subject["kinesology"] == 5


def test_a_requirement_for_a_composite_counts_its_parts(catalog: Catalog, tmp_path: Path) -> None:
    report = report_of(curriculum("  - {id: a, title: A, subject: anatomy, contact-hours: 60}\n"
                                  "  - {id: p, title: P, subject: physiology, contact-hours: 50}\n",
                                  "requirements: {subjects: {A&P: 100, anatomy: 70}}\n"), catalog, tmp_path)
    assert report.requirements() == [("subject", "A&P", 100, 110), ("subject", "anatomy", 70, 60)]
    assert [f.code for f in report.findings] == ["PK504"]


def test_module_subject_hours_in_list_order(catalog: Catalog) -> None:
    data = {"modules": [
        {"id": "theory", "subject": "massage-theory", "contact-hours": 27},
        {"id": "swedish", "subject": "massage-application", "contact-hours": 90, "clinic-hours": 30},
        {"id": "clinic", "subject": "internship", "contact-hours": 0, "clinic-hours": 100}]}
    modules = module_subject_hours(data, catalog)
    assert modules == [
        ModuleHours(0, "theory", None, {"massage-theory": 27}, ("modules", 0)),
        ModuleHours(1, "swedish", None, {"massage-technique": 90, "clinical-practice": 30}, ("modules", 1)),
        ModuleHours(2, "clinic", None, {"clinical-practice": 100}, ("modules", 2))]
    totals = subject_totals(modules, catalog)
    assert totals["clinical-practice"] == 130 and totals["massage-theory-technique"] == 117


def test_terms_order_the_modules_stably_and_a_module_without_one_joins_the_term_before(catalog: Catalog) -> None:
    data = {"modules": [
        {"id": "clinic", "subject": "clinical-practice", "contact-hours": 0, "clinic-hours": 50, "term": 3},
        {"id": "anatomy", "subject": "anatomy", "contact-hours": 50, "term": 1},
        {"id": "physiology", "subject": "physiology", "contact-hours": 25},
        {"id": "technique", "subject": "massage-technique", "contact-hours": 100, "term": 2},
        {"id": "kinesiology", "subject": "kinesiology", "contact-hours": 50, "term": 1}]}
    modules = module_subject_hours(data, catalog)
    assert [(m.id, m.index, m.term) for m in modules] == [
        ("anatomy", 1, 1), ("physiology", 2, None), ("kinesiology", 4, 1), ("technique", 3, 2), ("clinic", 0, 3)]


def test_the_api_takes_a_report_or_a_document(catalog: Catalog) -> None:
    from protocolkit.load.documents import load_document

    document = load_document(PROGRAMME)
    checked = curriculum_report(document, catalog)
    assert isinstance(checked, CurriculumReport)
    assert module_subject_hours(document, catalog) == module_subject_hours(checked, catalog) \
        == module_subject_hours(document.data, catalog.subject_vocabulary())
    with pytest.raises(TypeError):
        module_subject_hours(42, catalog)


# -- the example curriculum still reports as before ------------------------------------------------------


def test_the_example_curriculum_maps_onto_the_vocabulary(catalog: Catalog) -> None:
    from protocolkit.load.documents import load_document

    checked = curriculum_report(load_document(PROGRAMME), catalog)
    assert isinstance(checked, CurriculumReport)
    assert checked.findings == []
    assert checked.hours.total == 630
    # The same requirement rows as before the vocabulary, every one met.
    assert [(kind, name, needed) for kind, name, needed, _ in checked.requirements()] == [
        ("total", "all hours", 625), ("subject", "massage-theory", 27), ("subject", "professional-practices", 20),
        ("subject", "anatomy-physiology", 100), ("subject", "pathology", 40), ("modality", "swedish", 60),
        ("modality", "deep-tissue", 20), ("modality", "reflexology", 10)]
    assert [actual for *_, actual in checked.requirements()][1:5] == [27, 38, 120, 45]
    # massage-application is an alias of massage-technique; clinic hours are clinical-practice.
    assert dict(checked.hours.by_subject) == {"massage-theory": 27, "anatomy-physiology": 120, "pathology": 45,
                                              "massage-technique": 215, "clinical-practice": 185,
                                              "professional-practices": 38}


# -- protocolkit subjects --------------------------------------------------------------------------------


def test_subjects_command_text() -> None:
    result = CliRunner().invoke(cli, ["subjects"])
    assert result.exit_code == 0 and result.stderr == ""
    lines = result.stdout.splitlines()
    assert any(line.startswith("anatomy ") for line in lines)
    clinic = next(line for line in lines if line.startswith("clinical-practice "))
    assert "internship" in clinic and "practicum" in clinic
    composite = next(line for line in lines if line.startswith("anatomy-physiology "))
    assert "anatomy + physiology" in composite and "A&P" in composite


def test_subjects_command_json() -> None:
    result = CliRunner().invoke(cli, ["subjects", "--format", "json"])
    assert result.exit_code == 0
    subjects = {item["id"]: item for item in json.loads(result.stdout)}
    assert subjects["anatomy-physiology"]["parts"] == ["anatomy", "physiology"]
    assert subjects["first-aid-cpr"]["aliases"][:2] == ["CPR", "first aid"]
    assert subjects["anatomy"]["parts"] == [] and subjects["anatomy"]["name"] == "Anatomy"
    assert set(subjects["anatomy"]) == {"id", "name", "description", "aliases", "parts", "plugin"}
