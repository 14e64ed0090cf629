"""A module that teaches several subjects as one block: PK702 says its hours are not split, and how to split them.

The example curriculum's module "Anatomy, physiology and kinesiology" logs its
hours as anatomy-physiology; a profile asking for anatomy, physiology and
kinesiology one by one counts none of them.  The report must not say "no module
teaches it": it says the block is not split and shows a ``subjects:`` split, in
the terminal and in the studio, and following that advice must give the
profile's hours (or leave exactly the shortfall the advice names).  The hours
asked are read from the installed profile, never written here.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from ruamel.yaml import YAML

from protocolkit.check.requirements import ProfileResult
from protocolkit.check.subject_hours import Block, ModuleHours, example_split
from protocolkit.check.validation import check, curriculum_against, read_file, requirement_profiles
from protocolkit.cli import cli
from protocolkit.plugin.catalog import Catalog

from .studio_clients import examples_copy, with_bearer

PROGRAMME = "curricula/elap-style-programme.yaml"
BLOCK_MODULE = "anatomy-physiology"  # the example's module taught as one block
PARTS = ("anatomy", "physiology", "kinesiology")
NOT_SPLIT = "block whose hours are not split"
TOKEN = "test-token-blocks"


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    return examples_copy(tmp_path)


@pytest.fixture()
def texas(catalog: Catalog) -> dict[str, float]:
    if "texas" not in catalog.requirements:
        pytest.skip("no 'texas' profile installed")
    asks = catalog.requirements["texas"].subjects
    assert all(part in asks for part in PARTS), "Texas's profile asks for anatomy, physiology, kinesiology apart"
    return {part: float(asks[part]) for part in PARTS}


def load(path: Path) -> dict[str, object]:
    data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def block_hours(path: Path) -> float:
    modules = load(path)["modules"]
    assert isinstance(modules, list)
    (module,) = [module for module in modules if module["id"] == BLOCK_MODULE]
    return float(module["contact-hours"])


def expected_split(asks: dict[str, float], hours: float) -> dict[str, float]:
    """The asks in the block's order, filled while the block's hours last."""
    split, left = {}, hours
    for part in PARTS:
        split[part] = min(asks[part], left)
        left -= split[part]
    return {part: value for part, value in split.items() if value}


def shown_split(message: str) -> dict[str, float]:
    found = re.search(r"subjects: (\{[^}]*\})", message)
    assert found is not None, message
    split = YAML(typ="safe").load(found[1])
    return {key: float(value) for key, value in split.items()}


def against_texas(path: Path, catalog: Catalog) -> ProfileResult:
    document = read_file(str(path), catalog).document
    assert document is not None
    report, (result,) = curriculum_against(document, catalog, requirement_profiles(["texas"], catalog))
    assert not isinstance(report, list), report
    return result


def valid(path: Path, catalog: Catalog) -> bool:
    document = read_file(str(path), catalog).document
    assert document is not None
    return not [f for f in check(document, catalog).findings
                if f.code != "PK504" and (f.severity == "error" or f.code == "PK506")]


def with_split(path: Path, split: dict[str, float], contact: float | None = None) -> None:
    """The example with its block module split as shown (the advice followed by hand)."""
    yaml = YAML()
    data = yaml.load(path.read_text(encoding="utf-8"))
    (module,) = [module for module in data["modules"] if module["id"] == BLOCK_MODULE]
    module.pop("subject", None)
    module["subjects"] = split
    if contact is not None:
        module["contact-hours"] = contact
    with path.open("w", encoding="utf-8") as stream:
        yaml.dump(data, stream)


def test_the_terminal_report_says_the_block_is_not_split_and_shows_the_split(folder: Path,
                                                                           texas: dict[str, float]) -> None:
    path = folder / PROGRAMME
    result = CliRunner().invoke(cli, ["curriculum", "report", str(path), "--against", "texas"])
    assert result.exit_code == 1  # Texas is not met
    lines = [line for line in result.stdout.splitlines() if "PK702" in line]
    module_line = path.read_text(encoding="utf-8").splitlines().index(f"  - id: {BLOCK_MODULE}") + 1
    hours = block_hours(path)
    for part in PARTS:
        (line,) = [line for line in lines if f"'{part}'" in line]
        assert NOT_SPLIT in line and "no module teaches it" not in line
        assert f"module 'Anatomy, physiology and kinesiology' teaches it in a {hours:g} h block" in line
        assert f".yaml:{module_line}:" in line  # at the module to change, not at the modules list
        assert shown_split(line) == expected_split(texas, hours)
    asked = sum(texas.values())
    if asked > hours:  # said plainly when the block cannot hold what is asked
        assert all(f"{asked - hours:g} h fewer than Texas" in line for line in lines if NOT_SPLIT in line
                   and "'anatomy'" in line)
    # A subject no module teaches at all keeps its old words.
    (hydrotherapy,) = [line for line in lines if "'hydrotherapy'" in line]
    assert hydrotherapy.endswith("no module teaches it: add one")


def test_the_studio_shows_the_same_advice(folder: Path, catalog: Catalog, texas: dict[str, float]) -> None:
    client = with_bearer(folder, catalog, TOKEN)
    page = client.get(f"/curriculum/{PROGRAMME}").text
    row = re.search(r'<tr id="profile-texas"[^>]*>(.*?)</tr>', page, re.S)
    assert row is not None
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", row[1])).split())
    (advice,) = [unsplit for subject in against_texas(folder / PROGRAMME, catalog).subjects
                 if subject.id == "anatomy" and (unsplit := subject.unsplit) is not None]
    # One line for the three subjects the one block leaves short, in PK702's own words.
    assert text.count("'Anatomy, physiology and kinesiology'") == 1
    assert advice.words("them") in text and NOT_SPLIT in text
    assert shown_split(text) == expected_split(texas, block_hours(folder / PROGRAMME))
    assert "hydrotherapy short: no module teaches it; add one." in text
    assert not any(f"of {part} short: no module teaches it" in text for part in PARTS)


def test_following_the_advice_gives_the_hours_or_exactly_the_shortfall_named(folder: Path, catalog: Catalog,
                                                                              texas: dict[str, float]) -> None:
    path = folder / PROGRAMME
    hours = block_hours(path)
    (finding,) = [f for f in against_texas(path, catalog).findings if f.code == "PK702" and "'anatomy'" in f.message]
    with_split(path, shown_split(finding.message))
    after = against_texas(path, catalog)
    # A module that states its split is no block any more (the professional practice module still is).
    assert not any("'Anatomy, physiology and kinesiology'" in f.message for f in after.findings)
    assert any(NOT_SPLIT in f.message for f in after.findings)
    # The split shown is a schema-valid 'subjects:' that adds up (no PK506); the hours it gives kinesiology
    # leave anatomy-physiology, as the advice warned (the example's own requirement may then be short: PK504).
    assert "no longer count as 'anatomy-physiology'" in finding.message
    assert valid(path, catalog)
    by_id = {subject.id: subject for subject in after.subjects}
    short = sum(texas.values()) - hours
    for part in PARTS:
        assert by_id[part].have == expected_split(texas, hours).get(part, 0.0)
    # Met where the block had the hours; short by the very hours the advice named where it had not.
    assert [part for part in PARTS if not by_id[part].met] == ([PARTS[-1]] if short > 0 else [])
    if short > 0:
        (kinesiology,) = [f for f in after.findings if f.code == "PK702" and "'kinesiology'" in f.message]
        assert f"{short:g} h short" in kinesiology.message and "add hours to this module" in kinesiology.message
        # Adding the hours the advice names, split as the profile asks, meets all three.
        with_split(path, dict(texas), contact=hours + short)
        fixed = against_texas(path, catalog)
        assert all(subject.met for subject in fixed.subjects if subject.id in PARTS)


def test_a_title_the_vocabulary_does_not_read_widens_nothing(folder: Path, catalog: Catalog,
                                                             texas: dict[str, float]) -> None:
    # Titled in words the vocabulary does not know, the block is what its subject says: anatomy and
    # physiology, not kinesiology, which then no module teaches.
    path = folder / PROGRAMME
    path.write_text(path.read_text(encoding="utf-8").replace("title: Anatomy, physiology and kinesiology",
                                                             "title: Bones, muscles and systems"), encoding="utf-8")
    findings = {f.message.split("'")[1]: f.message for f in against_texas(path, catalog).findings
                if f.code == "PK702" and f.message.count("'") >= 2}
    assert findings["kinesiology"].endswith("no module teaches it: add one")
    assert NOT_SPLIT in findings["anatomy"] and "kinesiology" not in shown_split(findings["anatomy"])


def test_an_example_split_spreads_what_the_asks_leave_over() -> None:
    module = ModuleHours(0, "ap", None, {"anatomy-physiology": 90.0}, ("modules", 0))
    block = Block(module, "anatomy-physiology", 90.0, ("anatomy", "physiology", "kinesiology"))
    # 30 h asked of anatomy: the 60 h left go to the parts nothing asked hours of.
    split = example_split(block, [(("anatomy",), 30.0)])
    assert split.hours == {"anatomy": 30.0, "physiology": 30.0, "kinesiology": 30.0} and split.short == 0
    # Taught without hours: each such part gets some of the block.
    taught = example_split(block, [(("anatomy",), 80.0), (("physiology",), None)])
    assert taught.hours == {"anatomy": 80.0, "physiology": 10.0}
    # More asked than the block has: filled in order, the shortfall said.
    short = example_split(block, [(("anatomy",), 60.0), (("physiology", "kinesiology"), 40.0)])
    assert short.hours == {"anatomy": 60.0, "physiology": 20.0, "kinesiology": 10.0} and short.short == 10


def test_a_module_split_with_subjects_is_shown_by_every_report(folder: Path, catalog: Catalog) -> None:
    """A module with 'subjects:' has no one 'subject': every face lists its split, none fails on it."""
    path = folder / PROGRAMME
    text = path.read_text(encoding="utf-8")
    whole = "    subject: anatomy-physiology\n    contact-hours: 120\n"
    assert whole in text
    path.write_text(text.replace(whole, "    subjects: {anatomy-physiology: 100, kinesiology: 20}\n"
                                        "    contact-hours: 120\n", 1), encoding="utf-8")
    split = "anatomy-physiology 100 h, kinesiology 20 h"
    runner = CliRunner()
    markdown = runner.invoke(cli, ["curriculum", "report", str(path), "--format", "markdown"])
    assert markdown.exception is None and f"Subject: {split}." in markdown.output
    as_json = runner.invoke(cli, ["curriculum", "report", str(path), "--format", "json"])
    assert as_json.exception is None
    modules = {m["id"]: m for m in json.loads(as_json.output)["report"]["modules"]}
    assert modules[BLOCK_MODULE]["subject"] is None
    assert modules[BLOCK_MODULE]["subjects"] == {"anatomy-physiology": 100, "kinesiology": 20}
    assert modules["pathology"]["subject"] == "pathology" and modules["pathology"]["subjects"] is None
    sheet = folder / "handbook.html"
    exported = runner.invoke(cli, ["export", str(path), "--to", "html", "-o", str(sheet)])
    assert exported.exception is None and split in sheet.read_text(encoding="utf-8")
    client = with_bearer(folder, catalog, TOKEN)
    for page in (f"/curriculum/{PROGRAMME}", f"/handbook/{PROGRAMME}"):
        answer = client.get(page)
        assert answer.status_code == 200 and split in answer.text, page
