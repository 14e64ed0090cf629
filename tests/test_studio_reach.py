"""The studio stays inside the folder it serves, and shows no more of an intake than the command line does.

A curriculum's protocol folders and protocol files that lie outside the
studio's folder (``/``, ``../x``, an absolute path, a symlink out) are a
PK508 error at the key that names them and are never opened or walked; the
command line still looks there, with a PK508 warning.  The library leaves out
files reached through a symlink out of the folder, and an intake whose
``client`` is not a reference (a person's name) is shown as "an intake".
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from protocolkit.check import curriculum, plan
from protocolkit.check.validation import validate_file
from protocolkit.plugin.catalog import Catalog
from protocolkit.studio.app import create_app
from protocolkit.studio.guard import derive

from .conftest import EXAMPLES

TOKEN = "reach-token"
SECRET_TITLE = "Outside secret protocol"
NAME = "curricula/reach.yaml"

CURRICULUM = """\
protocolkit: 1
kind: curriculum
id: reach
title: Reaching out
protocol-folders: {folders}
modules:
  - id: swedish
    title: Swedish
    subject: massage-application
    contact-hours: 10
    protocols: [{protocols}]
"""


@pytest.fixture()
def served(tmp_path: Path) -> Path:
    """The studio's folder (a copy of the examples), with a protocol beside it, outside, to be kept out."""
    shutil.copytree(EXAMPLES, tmp_path / "served")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.yaml").write_text((EXAMPLES / "reflexology-45.yaml").read_text().replace(
        "id: reflexology-45", "id: outside-secret").replace("title: Reflexology for feet and hands",
                                                            f"title: {SECRET_TITLE}"))
    return tmp_path / "served"


def signed_in(folder: Path, catalog: Catalog) -> TestClient:
    browser = TestClient(create_app(folder, catalog, token=TOKEN, allowed_hosts={"testserver"}))
    browser.get(f"/?token={TOKEN}")
    browser.headers["X-CSRF-Token"] = derive(TOKEN, "csrf")
    return browser


@pytest.fixture()
def opened(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Path]]:
    """Every file a curriculum's or a plan's check opens and every folder it walks, as they are asked for."""
    seen: list[Path] = []
    load, walk = curriculum.load_document, os.walk

    def loading(path: Path | str, *args: object, **kwargs: object) -> object:
        seen.append(Path(path))
        return load(path, *args, **kwargs)  # type: ignore[arg-type]

    def walking(top: Path | str, *args: object, **kwargs: object) -> object:
        seen.append(Path(top))
        return walk(top, *args, **kwargs)  # type: ignore[arg-type, call-overload]

    monkeypatch.setattr(curriculum, "load_document", loading)
    monkeypatch.setattr(plan, "load_document", loading)
    monkeypatch.setattr(os, "walk", walking)
    yield seen


def assert_all_inside(seen: list[Path], folder: Path) -> None:
    root = folder.resolve()
    outside = [path for path in seen if not (Path(os.path.realpath(path)) == root
                                             or root in Path(os.path.realpath(path)).parents)]
    assert outside == []


def line_of(text: str, needle: str) -> int:
    return next(number for number, line in enumerate(text.splitlines(), start=1) if needle in line)


def cases(tmp_path: Path) -> dict[str, tuple[str, str, str]]:
    """Curricula that reach out of the studio's folder: (protocol-folders, protocols, the key's line marker)."""
    outside = tmp_path / "outside"
    return {
        "a relative file": ('["."]', "../../outside/secret.yaml", "protocols:"),
        "an absolute file": ('["."]', str(outside / "secret.yaml"), "protocols:"),
        "the whole disk": ('["/"]', "outside-secret", "protocol-folders:"),
        "a relative folder": ('["../../outside"]', "outside-secret", "protocol-folders:"),
        "an absolute folder": (f'["{outside}"]', "outside-secret", "protocol-folders:"),
        "a symlinked folder": ('["link"]', "outside-secret", "protocol-folders:"),
    }


CASES = ["a relative file", "an absolute file", "the whole disk", "a relative folder", "an absolute folder",
         "a symlinked folder"]


def write_case(served: Path, tmp_path: Path, case: str) -> tuple[str, int]:
    folders, protocols, key = cases(tmp_path)[case]
    (served / "curricula" / "link").symlink_to(tmp_path / "outside", target_is_directory=True)
    text = CURRICULUM.format(folders=folders, protocols=protocols)
    (served / NAME).write_text(text)
    return text, line_of(text, key)


@pytest.mark.parametrize("case", CASES)
def test_a_curriculum_reaching_out_of_the_folder_is_a_finding_and_nothing_out_there_is_read(
        served: Path, tmp_path: Path, catalog: Catalog, opened: list[Path], case: str) -> None:
    text, line = write_case(served, tmp_path, case)
    browser = signed_in(served, catalog)
    page = browser.get(f"/curriculum/{NAME}")
    fragment = browser.post(f"/fragments/findings/{NAME}", data={"text": text})
    checked = browser.post("/api/check", json={"text": text, "name": NAME})
    library = browser.get("/")
    assert_all_inside(opened, served)
    # Where the folder lies on the disk is never said; only a path the curriculum itself spells out is quoted.
    hidden = str(served.resolve()) if str(tmp_path) in text else str(tmp_path.resolve())
    for answer in (page, fragment, checked, library):
        assert answer.status_code == 200
        assert SECRET_TITLE not in answer.text and hidden not in answer.text
    findings = checked.json()["findings"]
    assert [(f["code"], f["severity"], f["line"]) for f in findings if f["code"] == "PK508"] == [
        ("PK508", "error", line)]
    assert "outside the studio's folder" in " ".join(f["message"] for f in findings)
    if case == "the whole disk":  # its one folder was refused, so the id is looked for nowhere
        assert "no protocol with id 'outside-secret' (no protocol folder could be looked in)" in str(findings)
    assert re.search(rf'data-line="{line}">.*?<code>PK508</code>', page.text, re.S)
    assert "PK508" in fragment.text
    row = re.search(r"<tr class=\"(\w+)\">(?:(?!</tr>).)*curricula/reach\.yaml", library.text, re.S)
    assert row and row[1] == "errors"


def test_a_symlinked_protocol_file_leading_out_is_neither_listed_nor_read(served: Path, tmp_path: Path,
                                                                          catalog: Catalog,
                                                                          opened: list[Path]) -> None:
    (served / "protocols").mkdir()
    (served / "protocols" / "linked-out.yaml").symlink_to(tmp_path / "outside" / "secret.yaml")
    (served / "linked-in.yaml").symlink_to(served / "reflexology-45.yaml")  # a link inside the folder is fine
    text = CURRICULUM.format(folders='["../protocols"]', protocols="outside-secret")
    (served / NAME).write_text(text)
    browser = signed_in(served, catalog)
    library = browser.get("/").text
    assert "linked-out.yaml" not in library and SECRET_TITLE not in library and "linked-in.yaml" in library
    for form in ("/compose", "/screen"):
        assert "linked-out.yaml" not in browser.get(form).text
    found = browser.post("/api/check", json={"text": text, "name": NAME}).json()["findings"]
    assert [f["code"] for f in found] == ["PK502"]
    assert "no protocol with id 'outside-secret' in protocols" in found[0]["message"]
    assert str(tmp_path) not in found[0]["message"]
    assert_all_inside(opened, served)


def test_messages_name_protocols_inside_the_folder_relative_to_it(served: Path, catalog: Catalog) -> None:
    text = CURRICULUM.format(folders='[".."]', protocols="../no-such.yaml, no-such-id")
    found = signed_in(served, catalog).post("/api/check", json={"text": text, "name": NAME}).json()["findings"]
    assert [f["code"] for f in found] == ["PK502", "PK502"]
    assert "looked for no-such.yaml" in found[0]["message"] and "no protocol with id 'no-such-id' in ." in \
        found[1]["message"]


def test_a_protocol_inside_the_folder_is_still_found_and_counted(served: Path, catalog: Catalog) -> None:
    (served / NAME).write_text(CURRICULUM.format(folders='[".."]', protocols="reflexology-45, ../legs-post-event-"
                                                                           "sports.yaml"))
    page = signed_in(served, catalog).get(f"/curriculum/{NAME}").text
    assert "Reflexology for feet and hands" in page and "No findings" in page


@pytest.mark.parametrize("reference", ["../../outside/secret.yaml", "{outside}/secret.yaml", "linked-out.yaml",
                                       "outside-secret"])
def test_a_plan_naming_a_protocol_out_of_the_folder_is_a_finding_and_it_is_not_read(
        served: Path, tmp_path: Path, catalog: Catalog, opened: list[Path], reference: str) -> None:
    (served / "plans" / "linked-out.yaml").symlink_to(tmp_path / "outside" / "secret.yaml")
    reference = reference.format(outside=tmp_path / "outside")
    name = "plans/upper-back-series.yaml"
    text = (served / name).read_text().replace("../upper-back-deep-tissue-60.yaml", reference, 1)
    (served / name).write_text(text)
    browser = signed_in(served, catalog)
    found = browser.post("/api/check", json={"text": text, "name": name}).json()["findings"]
    assert [f["code"] for f in found] == ["PK601"]
    assert "outside the studio's folder" in found[0]["message"] or "no protocol with id" in found[0]["message"]
    assert SECRET_TITLE not in str(found) and str(served.resolve()) not in str(found)
    assert SECRET_TITLE not in browser.get("/").text
    assert_all_inside(opened, served)
    # The command line reads it as it always has.
    assert [f.code for f in validate_file(str(served / name), catalog).findings] == []


# -- the command line keeps looking, and warns ------------------------------------------------------------

def test_the_command_line_looks_outside_the_curriculums_tree_with_a_warning(served: Path, tmp_path: Path,
                                                                           catalog: Catalog) -> None:
    text = CURRICULUM.format(folders='["../../outside"]', protocols="outside-secret")
    (served / NAME).write_text(text)
    (finding,) = validate_file(str(served / NAME), catalog).findings
    assert (finding.code, finding.severity, finding.line) == ("PK508", "warning", line_of(text, "protocol-folders"))
    assert "outside this curriculum's project folder" in finding.message
    # Inside the project (a folder with a .git), the same folder is no warning.
    (tmp_path / ".git").mkdir()
    assert validate_file(str(served / NAME), catalog).findings == []


def test_the_command_line_reads_a_protocol_file_outside_as_before(served: Path, catalog: Catalog) -> None:
    (served / NAME).write_text(CURRICULUM.format(folders='["."]', protocols="../../outside/secret.yaml"))
    assert validate_file(str(served / NAME), catalog).findings == []


# -- an intake's client -----------------------------------------------------------------------------------

def test_a_client_that_is_a_name_is_shown_on_no_page(served: Path, catalog: Catalog) -> None:
    named = (served / "intakes" / "c-0107-healthy.yaml").read_text().replace("client: C-0107", "client: Jane Doe")
    (served / "intakes" / "named.yaml").write_text(named)
    found = validate_file(str(served / "intakes" / "named.yaml"), catalog).findings
    assert found and "Jane" not in " ".join(f.message for f in found)  # what validate does, the pages do
    browser = signed_in(served, catalog)
    for address in ("/", "/compose", "/screen"):
        page = browser.get(address).text
        assert "Jane" not in page and "client C-0107" in page, address
    assert re.search(r">an intake</", browser.get("/").text)
    result = browser.post("/screen", data={"protocol": "reflexology-45.yaml", "intake_file": "intakes/named.yaml"})
    assert "Jane" not in result.text
