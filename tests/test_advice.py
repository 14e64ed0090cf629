"""The catalog's advice on every verdict: which conditions, in what order, and every face that shows it
(screen's text, JSON and SARIF, a plan, the session sheet, the studio), never with the intake's notes."""

from __future__ import annotations

import json
import re
import shutil
from html import unescape
from pathlib import Path

import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient

from protocolkit.check.advice import Advice, advice_for, advice_of
from protocolkit.check.screening import Screening, no_verdict
from protocolkit.check.verdicts import screen_file, screen_texts
from protocolkit.cli import cli
from protocolkit.model.conditions import Condition, Intake, IntakeEntry
from protocolkit.plugin.catalog import Catalog
from protocolkit.report.advice import keep_in_mind

from .conftest import EXAMPLES
from .test_studio_pages import signed_in

SECRET = "Ms Hidden Person, SECRET-NOTE"
PLAN = EXAMPLES / "plans" / "upper-back-series.yaml"
FEVER = EXAMPLES / "intakes" / "c-0420-fever.yaml"
HEALTHY = EXAMPLES / "intakes" / "c-0107-healthy.yaml"
# Light effleurage of the upper back: nothing in it meets osteoporosis's ceiling, so the verdict is go.
GENTLE = ("protocolkit: 1\nid: gentle\ntitle: Gentle\nduration: 5m\nsteps:\n"
          "  - {modality: swedish, technique: effleurage, region: upper-back, duration: 5m, pressure: light}\n")
DEEP_LEGS = EXAMPLES / "legs-post-event-sports.yaml"


def intake(*ids: str, medications: tuple[str, ...] = ()) -> Intake:
    entries = [IntakeEntry(condition_id, ("conditions", index)) for index, condition_id in enumerate(ids)]
    entries += [IntakeEntry(medication, ("medications", index)) for index, medication in enumerate(medications)]
    return Intake(client="T-1", entries=entries)


def conditions(advice: tuple[Advice, ...]) -> list[str]:
    return [item.condition for item in advice]


def write_intake(folder: Path, body: str, name: str = "private.yaml") -> Path:
    """An intake whose every free-text field carries SECRET: none of it may ever be shown."""
    path = folder / name
    path.write_text(f"protocolkit: 1\nkind: intake\nclient: C-77\nnotes: {SECRET}\n{body}", encoding="utf-8")
    return path


OSTEOPOROSIS_ITEM = f"  - id: osteoporosis\n    notes: {SECRET}\n"
OSTEOPOROSIS = "conditions:\n" + OSTEOPOROSIS_ITEM
TRIMESTER = f"conditions:\n  - id: first-trimester\n    notes: {SECRET}\n  - id: pregnancy\n"


# -- which conditions, in what order --------------------------------------------------------------

def test_one_item_per_condition_in_intake_order_with_the_catalogs_words(catalog: Catalog) -> None:
    advice = advice_for(intake("osteoporosis", "varicose-veins", medications=("anticoagulants",)), catalog)
    assert conditions(advice) == ["osteoporosis", "varicose-veins", "anticoagulants"]
    for item in advice:
        condition = catalog.conditions[item.condition]
        assert (item.text, item.source) == (condition.advice, condition.source) and item.text


@pytest.mark.parametrize(("named", "expected"), [
    (("first-trimester",), ["first-trimester", "pregnancy"]),
    (("first-trimester", "pregnancy"), ["first-trimester", "pregnancy"]),
    (("pregnancy", "first-trimester"), ["pregnancy", "first-trimester"]),
    (("high-risk-pregnancy", "first-trimester"), ["high-risk-pregnancy", "pregnancy", "first-trimester"]),
])
def test_implied_conditions_follow_the_one_that_implies_them_once(catalog: Catalog, named: tuple[str, ...],
                                                                   expected: list[str]) -> None:
    assert conditions(advice_for(intake(*named), catalog)) == expected


def test_unknown_ids_are_left_out_and_no_conditions_mean_no_advice(catalog: Catalog) -> None:
    assert conditions(advice_for(intake("not-a-condition", "fever"), catalog)) == ["fever"]
    assert advice_for(intake(), catalog) == ()


def test_a_condition_without_advice_says_what_it_restricts() -> None:
    bare = Condition("sore-spot", "Sore spot", "caution", "Tender.", avoid=("friction",))
    assert advice_of(bare) == Advice("sore-spot", "What it restricts: no friction.", "")
    catalog = Catalog()
    catalog.conditions.add("sore-spot", bare, "a-plugin")
    assert advice_for(intake("sore-spot"), catalog) == (advice_of(bare),)
    said = Condition("sore-spot", "Sore spot", "caution", "Tender.", advice="  Ask first. ", source=" A book ")
    assert advice_of(said) == Advice("sore-spot", "Ask first.", "A book")


def test_screening_json_carries_the_advice_beside_the_verdict() -> None:
    screened = Screening("T-1", "go", advice=[Advice("osteoporosis", "Be gentle.", "A book")])
    assert screened.to_json() == {"verdict": "go", "client": "T-1", "on": None, "reasons": [], "findings": [],
                                  "advice": [{"condition": "osteoporosis", "text": "Be gentle.", "source": "A book",
                                              "phase": None}]}
    assert no_verdict("T-1", [], "why", screened.advice).advice == screened.advice
    assert no_verdict("T-1", [], "why").advice == ()


# -- every verdict carries it ---------------------------------------------------------------------

@pytest.mark.parametrize(("protocol", "body", "verdict"), [
    (GENTLE, OSTEOPOROSIS, "go"),
    (DEEP_LEGS.read_text(encoding="utf-8"), OSTEOPOROSIS, "adapt"),
    (GENTLE, "conditions:\n  - id: fever\n  - id: osteoporosis\n", "do not treat"),
])
def test_every_verdict_carries_the_advice(catalog: Catalog, protocol: str, body: str, verdict: str) -> None:
    screened = screen_texts(protocol, f"protocolkit: 1\nkind: intake\nclient: C-1\n{body}", catalog)
    assert screened.verdict == verdict
    assert "osteoporosis" in conditions(screened.advice)


def test_no_verdict_keeps_the_advice_when_the_intake_was_read(catalog: Catalog, tmp_path: Path) -> None:
    typo = write_intake(tmp_path, OSTEOPOROSIS + "  - id: not-a-condition\n")
    screened, unreadable = screen_file(str(EXAMPLES / "legs-post-event-sports.yaml"), str(typo), catalog)
    assert (screened.verdict, unreadable) == ("no verdict", None) and conditions(screened.advice) == ["osteoporosis"]
    unread_protocol, _ = screen_file(str(tmp_path / "missing.yaml"), str(write_intake(tmp_path, OSTEOPOROSIS)),
                                     catalog)
    assert unread_protocol.verdict == "no verdict" and conditions(unread_protocol.advice) == ["osteoporosis"]
    broken = screen_texts(GENTLE, "protocolkit: 1\nkind: intake\nclient: C-1\nconditions: [\n", catalog)
    assert broken.verdict == "no verdict" and broken.advice == ()


def test_a_plan_carries_the_advice_for_the_plan_and_each_phase(catalog: Catalog) -> None:
    screened, _ = screen_file(str(PLAN), str(FEVER), catalog)
    assert screened.verdict == "do not treat" and conditions(screened.advice) == ["fever"]
    assert all(phase.screening.advice == screened.advice for phase in screened.phases)  # type: ignore[attr-defined]
    result = CliRunner().invoke(cli, ["screen", str(PLAN), "--intake", str(FEVER), "--format", "json"])
    assert [item["condition"] for item in json.loads(result.stdout)["advice"]] == ["fever"]
    text = CliRunner().invoke(cli, ["screen", str(PLAN), "--intake", str(FEVER)]).stdout.splitlines()
    assert text[0] == "verdict for C-0420: do not treat" and "Keep in mind:" in text
    assert text.index("Keep in mind:") > max(i for i, line in enumerate(text) if line.startswith("  phase "))


# -- screen's output --------------------------------------------------------------------------------

def screen(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["screen", *args])
    return result.exit_code, result.stdout, result.stderr


def test_text_prints_keep_in_mind_after_the_verdict_for_a_go(tmp_path: Path, catalog: Catalog) -> None:
    protocol = tmp_path / "gentle.yaml"
    protocol.write_text(GENTLE, encoding="utf-8")
    code, out, _ = screen(str(protocol), "--intake", str(write_intake(tmp_path, OSTEOPOROSIS)))
    condition = catalog.conditions["osteoporosis"]
    assert code == 0 and out.splitlines() == [
        "verdict for C-77: go", "Keep in mind:", f"  osteoporosis: {condition.advice}",
        f"    source: {condition.source}"]


def test_text_puts_keep_in_mind_between_the_reasons_and_the_findings(tmp_path: Path) -> None:
    code, out, _ = screen(str(DEEP_LEGS), "--intake", str(write_intake(tmp_path, TRIMESTER + OSTEOPOROSIS_ITEM)))
    lines = out.splitlines()
    assert code == 1 and lines[0] == "verdict for C-77: adapt" and lines[1].startswith("  ")
    heading = lines.index("Keep in mind:")
    first_finding = next(i for i, line in enumerate(lines) if re.search(r"\.yaml:\d+:\d+: PK", line))
    said = [line.split(":")[0].strip() for line in lines[heading + 1:first_finding] if not line.startswith("    ")]
    assert 1 < heading < first_finding and said == ["first-trimester", "pregnancy", "osteoporosis"]


def test_no_conditions_no_keep_in_mind() -> None:
    code, out, _ = screen(str(DEEP_LEGS), "--intake", str(HEALTHY))
    assert code == 0 and "Keep in mind" not in out


def test_json_and_sarif_carry_the_advice_beside_the_verdict(catalog: Catalog) -> None:
    expected = [{"condition": "fever", "text": catalog.conditions["fever"].advice,
                 "source": catalog.conditions["fever"].source, "phase": None}]
    _, out, err = screen(str(DEEP_LEGS), "--intake", str(FEVER), "--format", "json")
    shown = json.loads(out)
    assert set(shown) == {"verdict", "client", "on", "reasons", "advice", "findings"} and shown["advice"] == expected
    assert "Keep in mind" not in err
    _, out, err = screen(str(DEEP_LEGS), "--intake", str(FEVER), "--format", "sarif")
    (run,) = json.loads(out)["runs"]
    assert run["properties"]["verdict"] == "do not treat" and run["properties"]["advice"] == expected
    assert "Keep in mind:" in err  # beside the verdict line, off the log


# -- the session sheet and the studio ------------------------------------------------------------------

def keep_in_mind_items(page: str) -> list[str]:
    """The text of each item of the list under the "Keep in mind" heading (none without that heading)."""
    found = re.search(r"<h2[^>]*>Keep in mind</h2>\s*<ul[^>]*>(.*?)</ul>", page, re.DOTALL)
    items = re.findall(r"<li>(.*?)</li>", found[1], re.DOTALL) if found else []
    return [" ".join(unescape(re.sub(r"<[^>]+>", "", item)).split()) for item in items]


@pytest.mark.parametrize("format_id", ["html", "markdown"])
def test_the_sheet_with_an_intake_shows_it_and_nothing_of_the_notes(tmp_path: Path, catalog: Catalog,
                                                                     format_id: str) -> None:
    path = write_intake(tmp_path, TRIMESTER)
    result = CliRunner().invoke(cli, ["export", str(DEEP_LEGS), "--to", format_id, "--intake", str(path)])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Hidden" not in out and "SECRET" not in out
    if format_id == "markdown":
        assert "Keep in mind:" in out and "- **first-trimester**: Keep the abdomen" in out
        return
    items = keep_in_mind_items(out)
    assert [item.split()[0] for item in items] == ["first-trimester", "pregnancy"]
    trimester = catalog.conditions["first-trimester"]
    assert items[0] == " ".join(f"first-trimester {trimester.advice} Source: {trimester.source}".split())
    assert out.index('id="screening"') < out.index("<h2>Keep in mind</h2>") < out.index("</section>")


def test_the_sheet_of_a_go_still_shows_it(tmp_path: Path) -> None:
    protocol = tmp_path / "gentle.yaml"
    protocol.write_text(GENTLE, encoding="utf-8")
    result = CliRunner().invoke(cli, ["export", str(protocol), "--to", "html", "--intake",
                                      str(write_intake(tmp_path, OSTEOPOROSIS))])
    assert 'class="verdict go"' in result.stdout
    assert [item.split()[0] for item in keep_in_mind_items(result.stdout)] == ["osteoporosis"]
    healthy = CliRunner().invoke(cli, ["export", str(protocol), "--to", "html", "--intake", str(HEALTHY)])
    assert 'class="verdict go"' in healthy.stdout and "Keep in mind" not in healthy.stdout


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    shutil.copytree(EXAMPLES, tmp_path / "examples")
    return tmp_path / "examples"


def test_the_studio_screen_page_shows_it_under_a_heading(folder: Path, catalog: Catalog) -> None:
    write_intake(folder / "intakes", TRIMESTER, "c-0077-private.yaml")
    browser: TestClient = signed_in(folder, catalog)
    answer = browser.post("/screen", data={"protocol": "legs-post-event-sports.yaml",
                                           "intake_file": "intakes/c-0077-private.yaml"})
    assert answer.status_code == 200 and "C-77" in answer.text
    assert [item.split()[0] for item in keep_in_mind_items(answer.text)] == ["first-trimester", "pregnancy"]
    assert 'aria-labelledby="keep-in-mind"' in answer.text and " style=" not in answer.text
    assert "Hidden" not in answer.text and "SECRET" not in answer.text
    typed = browser.post("/screen", data={"protocol": "legs-post-event-sports.yaml",
                                          "intake_text": (folder / "intakes" / "c-0077-private.yaml").read_text()})
    assert keep_in_mind_items(typed.text) == keep_in_mind_items(answer.text) and "SECRET" not in typed.text
    healthy = browser.post("/screen", data={"protocol": "legs-post-event-sports.yaml",
                                            "intake_file": "intakes/c-0107-healthy.yaml"})
    assert healthy.status_code == 200 and "Keep in mind" not in healthy.text


def test_the_studio_api_and_no_verdict_carry_it_too(folder: Path, catalog: Catalog) -> None:
    browser = signed_in(folder, catalog)
    private = write_intake(folder / "intakes", OSTEOPOROSIS + "  - id: not-a-condition\n").read_text()
    answer = browser.post("/screen", data={"protocol": "legs-post-event-sports.yaml", "intake_text": private})
    assert '<p class="verdict-word">no verdict</p>' in answer.text
    assert [item.split()[0] for item in keep_in_mind_items(answer.text)] == ["osteoporosis"]
    api = browser.post("/api/screen", json={"protocol": GENTLE, "intake": private.replace("  - id: not-a-condition\n",
                                                                                          "")})
    assert api.status_code == 200
    shown = api.json()
    assert shown["verdict"] == "go" and [item["condition"] for item in shown["advice"]] == ["osteoporosis"]
    assert "SECRET" not in api.text and "Hidden" not in api.text


def test_keep_in_mind_lines_without_a_source() -> None:
    assert keep_in_mind([]) == []
    assert keep_in_mind([Advice("x", "Ask first.")]) == ["Keep in mind:", "  x: Ask first."]
