"""Take the README's studio screenshots in a real browser: `make screenshots`.

Serves a copy of examples/ with `protocolkit serve`, opens it in Debian's
chromium through chromium-driver (selenium, offline: nothing is downloaded),
and writes docs/studio-form.png (a protocol in the form editor, a finding on
a step's row), docs/studio-editor.png (the Text tab: a finding at its line,
the sheet beside the text), docs/studio-screen.png (a screening verdict), and
at a phone's 390 px docs/studio-phone-sheet.png (the session sheet's timeline)
docs/studio-phone-steps.png (its steps, stacked) and
docs/studio-phone-screen.png (a verdict).
Run it again when the pages change.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM, DRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
TOKEN = "screenshot-token"
WAIT = 20


def main() -> int:
    if not (os.access(CHROMIUM, os.X_OK) and os.access(DRIVER, os.X_OK)):
        print("needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)",
              file=sys.stderr)
        return 2
    os.environ["SE_OFFLINE"] = "true"
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select, WebDriverWait

    work = Path(tempfile.mkdtemp(prefix="protocolkit-screenshots-"))
    folder = work / "examples"
    shutil.copytree(ROOT / "examples", folder)
    command = [str(Path(sys.executable).with_name("protocolkit")), "serve", str(folder), "--port", "0",
               "--no-open", "--token", TOKEN]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env={**os.environ, "DISPLAY": ""})
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                     "--window-size=1500,1150", "--force-device-scale-factor=1", f"--user-data-dir={work / 'p'}"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(executable_path=DRIVER), options=options)
    try:
        assert server.stdout is not None
        url = server.stdout.readline().strip().removeprefix("protocolkit studio: ")
        time.sleep(0.5)
        driver.get(url)
        base = url.split("/?")[0]

        # The form: step 2's pressure set to one its technique does not take, said on the step's row.
        driver.get(base + "/edit/neck-shoulders-myofascial-trigger-point.yaml")
        WebDriverWait(driver, WAIT).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#sheet-view .sheet"))
        Select(driver.find_element(By.ID, "steps-1-pressure")).select_by_value("5")
        WebDriverWait(driver, WAIT).until(lambda d: d.find_element(By.ID, "steps-1-findings").text)
        # The sheet beside the form follows the change (a moment after it settles).
        WebDriverWait(driver, WAIT).until(
            lambda d: "5 (maximal)" in d.find_element(By.CSS_SELECTOR, "#sheet-view dl.facts").text)  # peak pressure
        driver.execute_script("document.getElementById('form-summary').scrollIntoView(); window.scrollBy(0, -80)")
        driver.save_screenshot(str(ROOT / "docs" / "studio-form.png"))

        # The Text tab: a misspelt technique typed into the text, found at its line.
        driver.get(base + "/edit/legs-post-event-sports.yaml?view=text")
        WebDriverWait(driver, WAIT).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#sheet-view .sheet"))
        editor = driver.find_element(By.ID, "text")
        text = editor.get_property("value")
        line = text.splitlines().index("    technique: effleurage") + 1
        editor.click()
        editor.send_keys(Keys.CONTROL, Keys.HOME)
        for _ in range(line - 1):
            editor.send_keys(Keys.DOWN)
        editor.send_keys(Keys.END, Keys.BACKSPACE * 4, "ge")  # effleurage -> effleuge: a misspelt technique
        WebDriverWait(driver, WAIT).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#findings li.error"))
        WebDriverWait(driver, WAIT).until(lambda d: d.find_element(By.ID, "sheet-status").text)
        editor.send_keys(Keys.CONTROL, Keys.HOME)
        driver.save_screenshot(str(ROOT / "docs" / "studio-editor.png"))

        def screened(intake: str, picture: str) -> None:
            """The legs protocol screened against ``intake``, its verdict in view, taken as ``picture``."""
            driver.get(base + "/screen?protocol=legs-post-event-sports.yaml")
            Select(driver.find_element(By.ID, "intake_file")).select_by_value(intake)
            driver.find_element(By.CSS_SELECTOR, "form.screen button[type=submit]").click()
            WebDriverWait(driver, WAIT).until(lambda d: d.find_elements(By.ID, "verdict"))
            driver.execute_script("document.getElementById('result').scrollIntoView()")
            driver.save_screenshot(str(ROOT / "docs" / picture))

        screened("intakes/c-0042-varicose-anticoagulants.yaml", "studio-screen.png")

        # On a phone (390 x 844): the session sheet with its narrow timeline, and a screening verdict.
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                               {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True})
        driver.get(base + "/sheet/legs-post-event-sports.yaml")
        WebDriverWait(driver, WAIT).until(lambda d: d.find_elements(By.CSS_SELECTOR, "svg.timeline-narrow"))
        driver.execute_script("document.querySelector('.timeline-section').scrollIntoView()")
        driver.save_screenshot(str(ROOT / "docs" / "studio-phone-sheet.png"))
        driver.execute_script("document.querySelector('.steps-section').scrollIntoView()")
        driver.save_screenshot(str(ROOT / "docs" / "studio-phone-steps.png"))
        screened("intakes/c-0215-pregnancy-second-trimester.yaml", "studio-phone-screen.png")
    finally:
        driver.quit()
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)
    print("wrote docs/studio-form.png, docs/studio-editor.png, docs/studio-screen.png, "
          "docs/studio-phone-sheet.png, docs/studio-phone-steps.png and "
          "docs/studio-phone-screen.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
