"""Curriculum documents and `protocolkit curriculum report`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from protocolkit.plugin.catalog import Catalog
from protocolkit.cli import cli
from protocolkit.check.curriculum import CurriculumReport, format_hours
from protocolkit.check.validation import curriculum_report
from protocolkit.load.documents import parse_document

from .conftest import EXAMPLES

PROGRAMME = EXAMPLES / "curricula" / "elap-style-programme.yaml"


def check(text: str, catalog: Catalog, folder: Path) -> CurriculumReport:
    path = folder / "programme.yaml"
    path.write_text(text)
    checked = curriculum_report(parse_document(text, path=str(path), fmt="yaml"), catalog)
    assert isinstance(checked, CurriculumReport), checked
    return checked


def test_hours_are_added_up_four_ways(catalog: Catalog, tmp_path: Path) -> None:
    (tmp_path / "p.yaml").write_text(
        "protocolkit: 1\nid: half-and-half\ntitle: Half and half\nduration: 40m\nsteps:\n"
        "  - {modality: swedish, technique: effleurage, region: calf, duration: 10m, pressure: light}\n"
        "  - {modality: swedish, technique: petrissage, region: calf, duration: 10m, pressure: moderate}\n"
        "  - {activity: transition, duration: 10m}\n"
        "  - {modality: reflexology, technique: reflex-point-pressure, region: foot, duration: 10m, pressure: 3}\n")
    report = check("protocolkit: 1\nkind: curriculum\nid: c\ntitle: C\nmodules:\n"
                   "  - {id: a, title: A, subject: massage-technique, contact-hours: 9, clinic-hours: 3,\n"
                   "     protocols: [p.yaml], modalities: [trigger-point]}\n"
                   "  - {id: b, title: B, subject: theory, contact-hours: 5}\n", catalog, tmp_path)
    assert report.findings == []
    hours = report.hours
    assert (hours.total, hours.contact, hours.clinic) == (17, 14, 3)
    # Clinic hours count as clinical-practice; 'theory' is an alias of massage-theory.
    assert dict(hours.by_subject) == {"massage-technique": 9, "clinical-practice": 3, "massage-theory": 5}
    # 12 h: half to the named trigger-point, half split by the protocol's hands-on minutes (20 swedish, 10 reflexology)
    assert dict(hours.by_modality) == pytest.approx({"trigger-point": 6, "swedish": 4, "reflexology": 2})
    assert dict(hours.by_technique) == pytest.approx({"effleurage": 2, "petrissage": 2, "reflex-point-pressure": 2})
    assert dict(hours.by_region) == pytest.approx({"calf": 4, "foot": 2})


def test_requirements_are_reported_met_or_short(catalog: Catalog, tmp_path: Path) -> None:
    report = check("protocolkit: 1\nkind: curriculum\nid: c\ntitle: C\n"
                   "requirements: {total-hours: 10, subjects: {theory: 6}, modalities: {swedish: 1}}\n"
                   "modules:\n  - {id: b, title: B, subject: theory, contact-hours: 5}\n", catalog, tmp_path)
    assert report.requirements() == [("total", "all hours", 10, 5), ("subject", "theory", 6, 5),
                                     ("modality", "swedish", 1, 0)]
    assert [f.code for f in report.findings] == ["PK504", "PK504", "PK504"]
    assert "short of the required 6 h by 1 h" in report.findings[1].message


def test_format_hours() -> None:
    assert [format_hours(v) for v in (27, 1.5, 0.1 + 0.2, 186.25, 2 / 3)] == ["27", "1.5", "0.3", "186.2", "0.7"]


class TestReportCommand:
    def run(self, *args: str) -> tuple[int, str, str]:
        result = CliRunner().invoke(cli, ["curriculum", "report", *args])
        return result.exit_code, result.stdout, result.stderr

    def test_text_report_of_the_example(self) -> None:
        code, out, err = self.run(str(PROGRAMME))
        assert code == 0 and err == ""
        assert out.splitlines()[1] == "total 630 h: 445 h contact, 185 h clinic"
        assert "  total    all hours                       630 h of   625 h  met" in out
        for heading in ("Hours per subject:", "Hours per modality:", "Hours per technique:",
                        "Hours per body region:"):
            assert heading in out
        assert "Reflexology                   30 h" in out

    def test_json_report(self) -> None:
        code, out, _ = self.run(str(PROGRAMME), "--format", "json")
        data = json.loads(out)
        assert code == 0 and data["findings"] == []
        assert data["report"]["hours"]["total"] == 630
        assert all(requirement["met"] for requirement in data["report"]["requirements"])
        swedish = next(m for m in data["report"]["modules"] if m["id"] == "swedish-foundations")
        assert swedish["protocols"] == ["legs-post-event-sports"]

    def test_markdown_syllabus(self) -> None:
        code, out, _ = self.run(str(PROGRAMME), "--format", "markdown")
        assert code == 0 and out.startswith("# Entry-level massage therapy programme")
        assert "### Massage theory and principles" in out and "| Cautions and contraindications | 15.5 |" in out
        assert "Protocols taught:\n\n- Deep tissue for the upper back (60 minutes) (1h)\n" in out

    def test_problems_exit_one_with_located_findings(self, tmp_path: Path) -> None:
        broken = tmp_path / "short.yaml"
        broken.write_text("protocolkit: 1\nkind: curriculum\nid: s\ntitle: S\nrequirements: {total-hours: 100}\n"
                          "modules:\n  - {id: a, title: A, subject: x, contact-hours: 1, protocols: [gone.yaml]}\n")
        code, out, err = self.run(str(broken))
        assert code == 1 and "total 1 h" in out
        assert f"{broken}:5:29: PK504 " in err and f"{broken}:7:65: PK502 " in err

    @pytest.mark.parametrize(("content", "code_expected"), [("protocolkit: 1\nkind: intake\nclient: C-1\n", 2),
                                                           ("modules: [\n", 1)])
    def test_not_a_curriculum(self, tmp_path: Path, content: str, code_expected: int) -> None:
        path = tmp_path / "x.yaml"
        path.write_text(content)
        code, out, err = self.run(str(path))
        assert code == code_expected and out == "" and err.startswith("protocolkit: error: ")
