"""Screening a treatment plan in the studio: the plan's verdict, then each phase's, as ``screen PLAN`` says.

The plan's protocols are read only inside the studio's folder: a phase naming
a file outside it, a missing file or a plan with errors gives no verdict
(fail closed).  The intake travels in the POST body only: nothing of it,
its file name included, appears in any address the answer holds.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient

from protocolkit.check import plan as plan_check
from protocolkit.cli import cli
from protocolkit.plugin.catalog import Catalog

from .conftest import EXAMPLES
from .studio_clients import examples_copy, signed_in

TOKEN = "screen-plans-token"
PLAN = "plans/upper-back-series.yaml"
VARICOSE = "intakes/c-0042-varicose-anticoagulants.yaml"
HEALTHY = "intakes/c-0107-healthy.yaml"
ON = "2026-03-02"
INTAKES = sorted(p.name for p in (EXAMPLES / "intakes").glob("*.yaml"))
# A plan whose one phase is given by the test.
ONE_PHASE = """\
protocolkit: 1
kind: treatment-plan
id: one-phase
title: One phase
phases:
  - protocol: {protocol}
    sessions: 2
    every: 1w
"""


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    return examples_copy(tmp_path)


@pytest.fixture()
def browser(folder: Path, catalog: Catalog) -> TestClient:
    return signed_in(folder, catalog, TOKEN)


def screen(browser: TestClient, plan: str, intake: str) -> str:
    answer = browser.post("/screen", data={"protocol": plan, "intake_file": intake, "on": ON})
    assert answer.status_code == 200, answer.text
    return answer.text


def verdicts(page: str) -> tuple[str, list[str]]:
    """The plan's verdict (the first on the page) and each phase's, in order."""
    plan = re.search(r'<p class="verdict-word">(.*?)</p>', page)
    assert plan is not None
    return plan[1], re.findall(r'<span class="phase-verdict [a-z]+">(.*?)</span>', page)


def test_the_screen_page_lists_the_plans_beside_the_protocols(browser: TestClient) -> None:
    page = browser.get(f"/screen?protocol={PLAN}").text
    plans = re.search(r'<optgroup label="Treatment plans">(.*?)</optgroup>', page, re.S)
    assert plans is not None and f'<option value="{PLAN}" selected>' in plans[1]
    assert "Upper back recovery series" in plans[1]
    protocols = re.search(r'<optgroup label="Protocols">(.*?)</optgroup>', page, re.S)
    assert protocols is not None and "legs-post-event-sports.yaml" in protocols[1] and PLAN not in protocols[1]
    assert 'for="protocol"' in page  # the select keeps its label


def test_the_plan_for_c_0042_is_adapt_with_both_phases(browser: TestClient) -> None:
    page = screen(browser, PLAN, VARICOSE)
    assert verdicts(page) == ("adapt", ["adapt", "adapt"])
    assert page.index('class="verdict-word"') < page.index('data-phase="1"') < page.index('data-phase="2"')
    assert 'href="/sheet/upper-back-deep-tissue-60.yaml"' in page
    assert 'href="/sheet/neck-shoulders-myofascial-trigger-point.yaml"' in page
    assert "<strong>Step 3</strong>: Petrissage, Upper back" in page  # what must change, per step
    # Adapting and printing work on one protocol: a plan offers to screen each phase's protocol instead.
    assert 'hx-post="/screen/adapt"' not in page and 'hx-post="/print/client"' not in page
    assert 'href="/screen?protocol=upper-back-deep-tissue-60.yaml"' in page


@pytest.mark.parametrize("intake", INTAKES)
def test_the_studio_and_the_command_line_agree(browser: TestClient, folder: Path, intake: str) -> None:
    ran = CliRunner().invoke(cli, ["screen", str(folder / PLAN), "--intake", str(folder / "intakes" / intake),
                                   "--on", ON, "--format", "json"])
    expected = json.loads(ran.stdout)
    phases = [phase["verdict"] for phase in expected["phases"]]
    assert len(phases) == 2
    assert verdicts(screen(browser, PLAN, f"intakes/{intake}")) == (expected["verdict"], phases)


def test_the_healthy_client_may_have_the_plan_as_written(browser: TestClient) -> None:
    page = screen(browser, PLAN, HEALTHY)
    assert verdicts(page) == ("go", ["go", "go"])
    assert "Every phase of the plan can be given to this client as written." in page


def test_a_protocol_outside_the_folder_is_never_read(browser: TestClient, folder: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    outside = folder.parent / "outside.yaml"
    outside.write_text((folder / "legs-post-event-sports.yaml").read_text())  # a protocol that would be a go
    (folder / "escape.yaml").write_text(ONE_PHASE.format(protocol="../outside.yaml"))
    read: list[Path] = []
    original = plan_check.load_document

    def recording(path: Path, **options: Any) -> Any:
        read.append(Path(path).resolve())
        return original(path, **options)

    monkeypatch.setattr(plan_check, "load_document", recording)
    page = screen(browser, "escape.yaml", HEALTHY)
    assert verdicts(page) == ("no verdict", ["no verdict"])
    assert "outside the studio" in page and "PK601" in page
    assert outside.resolve() not in read
    assert str(folder.parent) not in page  # where the folder lies on the disk is never said


@pytest.mark.parametrize("plan", [ONE_PHASE.format(protocol="missing.yaml"),
                                  ONE_PHASE.replace("sessions: 2", "sessions: many").format(
                                      protocol="legs-post-event-sports.yaml"),
                                  "protocolkit: 1\nkind: treatment-plan\nid: [unclosed\n"],
                         ids=["missing protocol", "plan with errors", "plan that does not parse"])
def test_a_plan_that_cannot_be_read_in_full_has_no_verdict(browser: TestClient, folder: Path, plan: str) -> None:
    (folder / "broken.yaml").write_text(plan)
    page = screen(browser, "broken.yaml", HEALTHY)
    assert verdicts(page)[0] == "no verdict"
    assert "What stops a verdict" in page


def test_nothing_of_the_intake_is_in_any_address(browser: TestClient, folder: Path) -> None:
    page = screen(browser, PLAN, VARICOSE)
    addresses = re.findall(r'(?:href|src|action|hx-[a-z]+)="([^"]*)"', page)
    assert addresses and any(a.startswith("/sheet/") for a in addresses)
    told = (folder / VARICOSE).read_text()
    for address in addresses:
        assert "intakes" not in address and "c-0042" not in address.lower()
        assert "varicose" not in address and "anticoagulants" not in address
    assert "Visible veins" not in page and "bruises easily" not in page and "blood thinner" not in page
    assert "notes" in told  # the intake does say things the page must not


def test_the_plan_page_offers_to_screen_the_plan(browser: TestClient) -> None:
    page = browser.get(f"/plan/{PLAN}?start={ON}").text
    link = re.search(r'<a href="([^"]*)">Screen this plan for a client</a>', page)
    assert link is not None
    chosen = browser.get(link[1].replace("&amp;", "&")).text
    assert f'<option value="{PLAN}" selected>' in chosen


def test_a_typed_intake_screens_the_plan_and_an_unreadable_one_gives_no_verdict(browser: TestClient,
                                                                                folder: Path) -> None:
    typed = (folder / VARICOSE).read_text().replace("C-0042", "C-TYPED")
    page = browser.post("/screen", data={"protocol": PLAN, "intake_text": typed, "on": ON}).text
    assert verdicts(page) == ("adapt", ["adapt", "adapt"]) and "C-TYPED" in page
    assert "Visible veins" not in page and "bruises easily" not in page
    unknown = "protocolkit: 1\nkind: intake\nclient: C-9\nconditions:\n  - id: not-a-condition\n"
    page = browser.post("/screen", data={"protocol": PLAN, "intake_text": unknown, "on": ON}).text
    assert verdicts(page) == ("no verdict", []) and "What stops a verdict" in page
