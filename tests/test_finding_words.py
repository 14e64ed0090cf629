"""Where a finding is, in words (protocolkit.report.locations): each kind of document's paths, counted from 1.

The printed sheet numbers steps from 1, as a plan numbers its phases; a
finding's path counts list items from 0.  The words count as people do.
"""

from __future__ import annotations

import re

import pytest

from protocolkit.check.validation import validate_file
from protocolkit.model.findings import Finding
from protocolkit.plugin.catalog import Catalog
from protocolkit.report.locations import WHOLE_DOCUMENT, key_words, location_words

from .conftest import DATA, EXAMPLES

# (path, words): one for each kind of place a finding is put, from every kind of document.
PLACES = [
    # a protocol: a step and its fields, the head's keys, the steps as a whole
    (("steps", 1, "pressure"), "Step 2, pressure"),
    (("steps", 3), "Step 4"),
    (("steps", 0, "technique"), "Step 1, technique"),
    (("steps", 11, "region"), "Step 12, region"),
    (("steps", 0, "presure"), "Step 1, presure"),  # an unknown key is named as it is written
    (("steps",), "Steps"),
    (("duration",), "Duration"),
    (("title",), "Title"),
    (("id",), "ID"),
    (("protocolkit",), "Format version"),
    (("goals", 1), "Goal 2"),
    # an intake
    (("conditions", 0), "Condition 1"),
    (("conditions", 2, "region"), "Condition 3, region"),
    (("conditions", 0, "leg-symptoms"), "Condition 1, leg symptoms"),
    (("medications", 1), "Medication 2"),
    (("clearance", 0, "pressure"), "Clearance 1, pressure"),
    (("client",), "Client reference"),
    # a curriculum
    (("modules", 0, "contact-hours"), "Module 1, contact hours"),
    (("modules", 1, "topics", 2, "hours"), "Module 2, topic 3, hours"),
    (("modules", 0, "protocols", 1), "Module 1, protocol 2"),
    (("modules", 0, "modalities", 0), "Module 1, modality 1"),
    (("modules", 2, "subjects", "physiologie"), "Module 3, subject 'physiologie'"),
    (("requirements", "total-hours"), "Requirements, total hours"),
    (("requirements", "subjects", "massage-theory"), "Requirements, subject 'massage-theory'"),
    (("requirements", "modalities", "swedish"), "Requirements, modality 'swedish'"),
    (("protocol-folders", 0), "Protocol folder 1"),
    (("hours-per-week",), "Hours per week"),
    # a treatment plan
    (("phases", 0), "Phase 1"),
    (("phases", 1, "protocol"), "Phase 2, protocol"),
    (("phases", 0, "every"), "Phase 1, how often"),
    # a requirement profile
    (("subjects", "anatomy-physiolgy"), "Subject 'anatomy-physiolgy'"),
    (("rules", "after-hours", 0, "subject"), "Rules, after-hours rule 1, subject"),
    (("as-of",), "As-of date"),
    # a house modality
    (("techniques", 0, "pressure"), "Technique 1, pressure"),
    (("contraindications", 1, "id"), "Contraindication 2, ID"),
    (("compose", "warm-up", 0, "technique"), "Compose, warm-up, item 1, technique"),
    # a screening case: its intake's places, and a list the words know no name for
    (("intake", "conditions", 0, "id"), "Intake, condition 1, ID"),
    (("expect", "flagged", 0), "Expected result, flagged, item 1"),
    # the document as a whole
    ((), WHOLE_DOCUMENT),
]


@pytest.mark.parametrize(("path", "words"), PLACES, ids=[words for _path, words in PLACES])
def test_each_kind_of_place_reads_in_words(path: tuple[str | int, ...], words: str) -> None:
    assert location_words(path) == words


def test_the_words_take_any_iterable_and_never_change_the_finding() -> None:
    finding = Finding("PK304", "warning", "pressure out of range", ("steps", 1, "pressure"))
    assert location_words(finding.path) == location_words(iter(finding.path)) == "Step 2, pressure"
    assert finding.json_path == "$.steps[1].pressure"  # what the reports print stays as it was


def test_keys_read_as_words() -> None:
    assert key_words("contact-hours") == "contact hours" and key_words("client") == "client reference"
    assert key_words("title") == "title"


def _documents() -> list[str]:
    found = sorted(str(path) for path in (DATA / "broken").iterdir() if path.suffix in (".yaml", ".json"))
    return found + sorted(str(path) for path in EXAMPLES.rglob("*.yaml"))


def test_every_finding_the_test_documents_give_reads_in_words(catalog: Catalog) -> None:
    """No bracket, dot or 0-based index is left in the words, and a step is the sheet's number."""
    seen = 0
    for document in _documents():
        for finding in validate_file(document, catalog).findings:
            words = location_words(finding.path)
            assert not re.search(r"[\[\]$]|\.[a-z]", words), (document, finding.path, words)
            assert words[:1].isupper(), (document, words)
            if finding.path[:1] == ("steps",) and len(finding.path) > 1 and isinstance(finding.path[1], int):
                assert words.startswith(f"Step {finding.path[1] + 1}"), (document, finding.path, words)
            seen += 1
    assert seen > 50  # the broken documents do find things
