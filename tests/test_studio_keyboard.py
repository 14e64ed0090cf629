"""The studio by keyboard alone (issue 24, part 3): compose, save, screen and print with Tab, arrows and Enter.

After the start-up link is opened, the test only presses keys, sent to whatever has the focus: it never
clicks and never acts on an element it looked up; it looks elements up only to check what the page shows.
Each control is reached by pressing Tab (or Shift+Tab) until it has the focus, which proves it is in the tab
order; a control that is not fails with the list of everything that had the focus on the way.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from .test_studio_browser import WAIT, browser, studio  # noqa: F401  (fixtures)

PROTOCOL = "reflexology-45.yaml"
INTAKE = "intakes/c-0107-healthy.yaml"  # a healthy client: the verdict is go, and the client's sheet is offered
FOCUSED = """const e = document.activeElement;
return {tag: e.tagName.toLowerCase(), id: e.id, name: e.getAttribute('name') || '', value: e.value || '',
        type: e.getAttribute('type') || '', text: (e.innerText || '').trim().slice(0, 40),
        live: e.closest('[aria-live], [role=status], [role=alert]') !== null};"""
Focus = dict[str, Any]


def press(browser: Any, *keys: str) -> None:  # noqa: F811
    from selenium.webdriver.common.action_chains import ActionChains

    ActionChains(browser).send_keys(*keys).perform()


def focused(browser: Any) -> Focus:  # noqa: F811
    found: Focus = browser.execute_script(FOCUSED)
    return found


def tab_to(browser: Any, wanted: Callable[[Focus], bool], what: str, back: bool = False,  # noqa: F811
           cap: int = 80) -> Focus:
    """Press Tab (Shift+Tab with ``back``) until the focused element is ``wanted``, at most ``cap`` times."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    seen = []
    for _ in range(cap):
        step = ActionChains(browser)
        (step.key_down(Keys.SHIFT).send_keys(Keys.TAB).key_up(Keys.SHIFT) if back else step.send_keys(Keys.TAB)).perform()
        now = focused(browser)
        if wanted(now):
            return now
        seen.append("{tag}#{id}[{name}={value}] {text!r}".format(**now))
    pytest.fail(f"{what} was not reached in {cap} presses of {'Shift+' if back else ''}Tab; the focus went to:\n"
                + "\n".join(seen))


def arrow_to(browser: Any, value: str, what: str, cap: int = 40) -> None:  # noqa: F811
    """In the focused select, press the down arrow until ``value`` is chosen (Home first: from the top)."""
    from selenium.webdriver.common.keys import Keys

    press(browser, Keys.HOME)
    for _ in range(cap):
        if focused(browser)["value"] == value:
            return
        press(browser, Keys.ARROW_DOWN)
    pytest.fail(f"{what}: {value} was not among the first {cap} choices")


def link(words: str) -> Callable[[Focus], bool]:
    return lambda f: f["tag"] == "a" and f["text"] == words


def button(words: str) -> Callable[[Focus], bool]:
    return lambda f: f["tag"] == "button" and f["text"] == words


def field(ident: str) -> Callable[[Focus], bool]:
    return lambda f: f["id"] == ident


def test_compose_save_screen_and_print_by_keyboard_alone(browser: Any, studio: tuple[str, Path]) -> None:  # noqa: F811
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    def shows(selector: str) -> Any:
        return WebDriverWait(browser, WAIT).until(lambda d: d.find_elements(By.CSS_SELECTOR, selector))[0]

    url, folder = studio
    browser.get(url)
    shows("#library")

    tab_to(browser, link("Compose"), "Compose in the navigation")
    press(browser, Keys.ENTER)
    shows("#compose-form")
    tab_to(browser, field("duration"), "the duration")
    ActionChains(browser).key_down(Keys.CONTROL).send_keys("a").key_up(Keys.CONTROL).send_keys("45m").perform()
    tab_to(browser, field("regions"), "the regions")
    press(browser, "lower back, hamstrings")
    shows("#region-choices select[name=sides]")  # the rows for the regions typed, before tabbing on past them
    for modality in ("swedish", "deep-tissue"):
        tab_to(browser, lambda f, m=modality: f["name"] == "modalities" and f["value"] == m, f"the {modality} box")
        press(browser, Keys.SPACE)
    chosen = [box.get_attribute("value") for box in browser.find_elements(By.CSS_SELECTOR, "input[name=modalities]")
              if box.is_selected()]
    assert sorted(chosen) == ["deep-tissue", "swedish"], chosen
    tab_to(browser, button("Compose"), "the Compose button")
    press(browser, Keys.ENTER)
    sheet = shows("#result .sheet, #result .refused")
    assert not sheet.get_attribute("class").count("refused"), sheet.text
    assert sheet.find_elements(By.CSS_SELECTOR, "table.steps .technique")
    assert browser.execute_script("return document.getElementById('result').closest('[aria-live]') !== null")
    after = focused(browser)
    # the focus stays on the button pressed (the result is read out from the live region), never lost to the page
    assert after["tag"] != "body", after

    tab_to(browser, button("Save"), "the Save button of the composed session")
    press(browser, Keys.ENTER)
    saved = shows("#save-message")
    assert saved.text.startswith("Saved as") and browser.execute_script(
        "return document.getElementById('save-message').closest('[aria-live], [role=status]') !== null")
    name = saved.find_element(By.TAG_NAME, "code").text
    assert (folder / name).exists()

    tab_to(browser, link("Screen"), "Screen in the navigation", back=True)
    press(browser, Keys.ENTER)
    shows("form.screen")
    tab_to(browser, field("protocol"), "the protocol")
    arrow_to(browser, PROTOCOL, "the protocol")
    tab_to(browser, field("intake_file"), "the intake")
    arrow_to(browser, INTAKE, "the intake")
    tab_to(browser, button("Screen"), "the Screen button")
    press(browser, Keys.ENTER)
    verdict = shows("#verdict")
    assert PROTOCOL in verdict.text and verdict.find_element(By.CSS_SELECTOR, ".verdict-word").text.lower() == "go"
    assert browser.execute_script("return document.getElementById('verdict').closest('[aria-live]') !== null")

    tab_to(browser, button("Print for this client"), "Print for this client")
    press(browser, Keys.ENTER)
    printed = shows("#client-print .client-print")
    assert printed.find_elements(By.CSS_SELECTOR, ".sheet") and "client" in printed.text
    tab_to(browser, button("Print this sheet"), "the print button of the client's sheet")
