"""The studio's server core: every API route, and each of its defences refused.

Pages and the browser come in tests of their own; here Starlette's TestClient
drives the real app, and one test starts `protocolkit serve` as a subprocess
and talks to it over loopback.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import httpx2 as httpx
import pytest
from starlette.testclient import TestClient

from protocolkit.check.validation import validate_file
from protocolkit.plugin.catalog import Catalog
from protocolkit.studio.app import create_app
from protocolkit.studio.guard import COOKIE, derive

from .conftest import DATA, EXAMPLES
from .studio_server import running_studio

TOKEN = "test-token-123"
HOST = "testserver"


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    shutil.copytree(EXAMPLES, tmp_path / "examples")
    return tmp_path / "examples"


@pytest.fixture()
def client(folder: Path, catalog: Catalog) -> TestClient:
    """A client signed in with the bearer token, as a clinic's own system would be."""
    app = create_app(folder, catalog, token=TOKEN, allowed_hosts={HOST})
    return TestClient(app, headers={"Authorization": f"Bearer {TOKEN}"})


def anonymous(folder: Path, catalog: Catalog, **options: object) -> TestClient:
    return TestClient(create_app(folder, catalog, token=TOKEN, allowed_hosts={HOST}, **options))  # type: ignore


# -- the defences ----------------------------------------------------------------------------------

def test_a_wrong_host_is_refused(folder: Path, catalog: Catalog) -> None:
    response = anonymous(folder, catalog).get(f"/?token={TOKEN}", headers={"Host": "evil.example:8765"})
    assert response.status_code == 400 and "not the one the studio runs on" in response.text
    assert COOKIE not in response.headers.get("set-cookie", "")


def test_no_token_no_entry(folder: Path, catalog: Catalog) -> None:
    browser = anonymous(folder, catalog)
    assert browser.get("/").status_code == 401
    assert browser.get("/api/catalog").json() == {"error": browser.get("/api/catalog").json()["error"]}
    assert browser.get("/api/catalog", headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert browser.get("/?token=wrong").status_code == 401


def test_the_start_up_token_becomes_a_cookie_and_leaves_the_address(folder: Path, catalog: Catalog) -> None:
    browser = anonymous(folder, catalog)
    response = browser.get(f"/?token={TOKEN}", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/"
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{COOKIE}={derive(TOKEN, 'session')}") and "HttpOnly" in cookie \
        and "SameSite=Strict" in cookie and TOKEN not in cookie
    page = browser.get("/")
    assert page.status_code == 200 and "Library" in page.text


def test_a_change_made_with_the_cookie_needs_the_csrf_token(folder: Path, catalog: Catalog) -> None:
    browser = anonymous(folder, catalog)
    browser.get(f"/?token={TOKEN}")
    body = {"text": "protocolkit: 1\n", "name": "x.yaml"}
    refused = browser.post("/api/check", json=body)
    assert refused.status_code == 403 and "safety token" in refused.json()["error"]
    accepted = browser.post("/api/check", json=body, headers={"X-CSRF-Token": derive(TOKEN, "csrf")})
    assert accepted.status_code == 200


def test_an_oversized_body_is_refused(folder: Path, catalog: Catalog) -> None:
    small = Catalog(max_file_bytes=1000)
    small.rules.update(catalog.rules)
    client = TestClient(create_app(folder, small, token=TOKEN, allowed_hosts={HOST}),
                        headers={"Authorization": f"Bearer {TOKEN}"})
    response = client.post("/api/check", content=json.dumps({"text": "x" * 5000}),
                           headers={"content-type": "application/json"})
    assert response.status_code == 413


@pytest.mark.parametrize("path", ["../outside.yaml", "intakes/../../outside.yaml", "/etc/passwd.yaml",
                                  "notes.txt", "link/outside.yaml"])
def test_paths_stay_inside_the_folder(client: TestClient, folder: Path, path: str) -> None:
    (folder.parent / "outside.yaml").write_text("protocolkit: 1\n")
    (folder / "link").symlink_to(folder.parent)
    response = client.get(f"/api/files/{path}")
    assert response.status_code in (403, 404), response.text
    assert "protocolkit: 1" not in response.text


def test_every_response_carries_a_strict_content_security_policy(client: TestClient) -> None:
    policy = client.get("/api/catalog").headers["content-security-policy"]
    assert "default-src 'none'" in policy and "http" not in policy
    assert client.get("/api/catalog").headers["x-frame-options"] == "DENY"


def test_bad_requests_get_words_not_tracebacks(client: TestClient) -> None:
    for response in (client.post("/api/check", content=b"{not json", headers={"content-type": "application/json"}),
                     client.post("/api/check", json=[1, 2]), client.post("/api/check", json={"text": 3})):
        assert response.status_code == 400 and "Traceback" not in response.text and response.json()["error"]
    missing = client.get("/nowhere")
    assert missing.status_code == 404 and "nothing at this address" in missing.text


# -- the API ------------------------------------------------------------------------------------------

def test_catalog_lists_what_the_plugins_registered(client: TestClient, catalog: Catalog) -> None:
    data = client.get("/api/catalog").json()
    assert {m["id"] for m in data["modalities"]} == set(catalog.modalities)
    assert {r["code"] for r in data["rules"]} == set(catalog.rules)
    assert any(r["endangerment_site"] for r in data["regions"]) and data["conditions"]


def test_check_gives_exactly_what_validate_gives(client: TestClient, catalog: Catalog) -> None:
    path = DATA / "broken" / "pk301-no-warm-up.yaml"
    response = client.post("/api/check", json={"text": path.read_text(), "name": str(path)})
    expected = [finding.to_json() for finding in validate_file(str(path), catalog).findings]
    assert response.json() == {"findings": expected} and expected


def test_screen_gives_the_verdict_object(client: TestClient) -> None:
    protocol = (EXAMPLES / "upper-back-deep-tissue-60.yaml").read_text()
    fever = (EXAMPLES / "intakes" / "c-0420-fever.yaml").read_text()
    screened = client.post("/api/screen", json={"protocol": protocol, "intake": fever}).json()
    assert (screened["verdict"], screened["client"]) == ("do not treat", "C-0420")
    assert "raised temperature" not in json.dumps(screened)  # the intake's notes never come back
    healthy = (EXAMPLES / "intakes" / "c-0107-healthy.yaml").read_text()
    assert client.post("/api/screen", json={"protocol": protocol, "intake": healthy}).json()["verdict"] == "go"


def test_compose_composes_or_says_why_not(client: TestClient) -> None:
    body = {"duration": "30m", "modalities": ["swedish"], "regions": ["neck", "upper-back"]}
    composed = client.post("/api/compose", json=body).json()
    assert composed["protocol"].startswith("protocolkit: 1") and composed["findings"] == []
    fever = (EXAMPLES / "intakes" / "c-0420-fever.yaml").read_text()
    refused = client.post("/api/compose", json={**body, "intake": fever})
    assert refused.status_code == 422 and "refusing to compose for client C-0420" in refused.json()["error"]
    assert client.post("/api/compose", json={**body, "duration": "soon"}).status_code == 422


def test_screen_and_compose_take_the_session_date(client: TestClient) -> None:
    protocol = ("protocolkit: 1\nid: p\ntitle: P\nduration: 5m\nposition: supine\nsteps:\n"
                "  - modality: swedish\n    technique: effleurage\n    region: ankle\n    duration: 5m\n"
                "    pressure: light\n")
    intake = ("protocolkit: 1\nkind: intake\nclient: T-2\nconditions:\n  - id: acute-sprain\n    region: ankle\n"
              "    since: 2026-11-01\n")
    early = client.post("/api/screen", json={"protocol": protocol, "intake": intake, "on": "2026-11-02"}).json()
    late = client.post("/api/screen", json={"protocol": protocol, "intake": intake, "on": "2026-12-20"}).json()
    assert (early["verdict"], early["on"], late["verdict"], late["on"]) == ("adapt", "2026-11-02", "go", "2026-12-20")
    assert client.post("/api/screen", json={"protocol": protocol, "intake": intake, "on": "soon"}).status_code == 422
    body = {"duration": "20m", "modalities": ["swedish"], "regions": ["ankle"], "intake": intake}
    kept_off = client.post("/api/compose", json={**body, "on": "2026-11-02"})
    assert kept_off.status_code == 422 and "nothing is left" in kept_off.json()["error"]
    assert "region: ankle" in client.post("/api/compose", json={**body, "on": "2026-12-20"}).json()["protocol"]
    assert client.post("/api/compose", json={**body, "on": "2026-02-30"}).status_code == 422


def test_files_save_atomically_and_refuse_a_stale_etag(client: TestClient, folder: Path) -> None:
    opened = client.get("/api/files/reflexology-45.yaml").json()
    changed = opened["text"].replace("title: ", "title: Revised ", 1)
    saved = client.put("/api/files/reflexology-45.yaml", json={"text": changed, "etag": opened["etag"]})
    assert saved.status_code == 200 and (folder / "reflexology-45.yaml").read_text() == changed
    stale = client.put("/api/files/reflexology-45.yaml", json={"text": "lost?", "etag": opened["etag"]})
    assert stale.status_code == 409 and "not saved" in stale.json()["error"]
    assert (folder / "reflexology-45.yaml").read_text() == changed, "a refused save writes nothing"
    created = client.put("/api/files/new/session.yaml", json={"text": "protocolkit: 1\n"})
    assert created.status_code == 201 and (folder / "new" / "session.yaml").exists()
    assert not list(folder.rglob("*.tmp*")), "no temporary file left behind"


def test_a_save_compares_the_file_again_just_before_replacing_it(client: TestClient, folder: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """An editor saving after the etag was compared, while the studio writes, keeps its text (409)."""
    from protocolkit.studio import files

    path = folder / "reflexology-45.yaml"
    opened = client.get("/api/files/reflexology-45.yaml").json()
    real_read = files.read_fingerprinted

    def compared_then_saved(*args: object) -> object:
        read = real_read(*args)  # type: ignore[arg-type]
        path.write_text("protocolkit: 1\n# the editor's\n", encoding="utf-8")
        return read

    monkeypatch.setattr(files, "read_fingerprinted", compared_then_saved)
    refused = client.put("/api/files/reflexology-45.yaml", json={"text": "lost?", "etag": opened["etag"]})
    assert refused.status_code == 409 and "not saved" in refused.json()["error"]
    assert path.read_text(encoding="utf-8") == "protocolkit: 1\n# the editor's\n"
    assert not list(folder.rglob("*.tmp*"))


def test_a_new_file_is_never_put_over_one_created_meanwhile(client: TestClient, folder: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    real_fsync = os.fsync

    def someone_creates_it(descriptor: int) -> None:
        real_fsync(descriptor)
        (folder / "fresh.yaml").write_text("protocolkit: 1\n# someone else's\n", encoding="utf-8")

    monkeypatch.setattr(os, "fsync", someone_creates_it)
    refused = client.put("/api/files/fresh.yaml", json={"text": "protocolkit: 1\n"})
    assert refused.status_code == 409
    assert (folder / "fresh.yaml").read_text(encoding="utf-8") == "protocolkit: 1\n# someone else's\n"


def test_new_files_are_private_when_they_are_intakes(client: TestClient, folder: Path) -> None:
    import os
    import stat

    old = os.umask(0o022)
    try:
        intake = client.put("/api/files/c-0099.yaml", json={"text": "protocolkit: 1\nkind: intake\nclient: C-0099\n"})
        protocol = client.put("/api/files/neck-20.yaml", json={"text": "protocolkit: 1\nid: neck-20\n"})
    finally:
        os.umask(old)
    assert (intake.status_code, protocol.status_code) == (201, 201)
    assert stat.S_IMODE(os.stat(folder / "c-0099.yaml").st_mode) == 0o600
    assert stat.S_IMODE(os.stat(folder / "neck-20.yaml").st_mode) == 0o644


def test_read_only_saves_nothing(folder: Path, catalog: Catalog) -> None:
    client = TestClient(create_app(folder, catalog, token=TOKEN, allowed_hosts={HOST}, read_only=True),
                        headers={"Authorization": f"Bearer {TOKEN}"})
    assert client.put("/api/files/x.yaml", json={"text": "protocolkit: 1\n"}).status_code == 403
    assert not (folder / "x.yaml").exists()


def test_the_library_lists_intakes_by_client_reference_only(client: TestClient) -> None:
    page = client.get("/").text
    assert "client C-0042" in page and "reflexology" in page.lower()
    assert "bruises easily" not in page and "Visible veins" not in page  # the intake's free text


# -- the real server ----------------------------------------------------------------------------------

def test_serve_prints_its_address_and_answers_on_loopback(folder: Path) -> None:
    with running_studio(folder, TOKEN) as line:
        assert line.startswith("protocolkit studio: http://127.0.0.1:") and line.endswith(f"/?token={TOKEN}")
        base = line.removeprefix("protocolkit studio: ").split("/?")[0]
        response = httpx.get(f"{base}/api/catalog", headers={"Authorization": f"Bearer {TOKEN}"})
        assert response.status_code == 200 and response.json()["modalities"]
        assert httpx.get(f"{base}/api/catalog").status_code == 401


# -- the editor ---------------------------------------------------------------------------------------

def signed_in(folder: Path, catalog: Catalog) -> TestClient:
    """A browser that opened the start-up link: the cookie, and the CSRF header htmx sends."""
    browser = anonymous(folder, catalog)
    browser.get(f"/?token={TOKEN}")
    browser.headers["X-CSRF-Token"] = derive(TOKEN, "csrf")
    return browser


def test_the_editor_shows_the_text_and_its_findings(folder: Path, catalog: Catalog) -> None:
    browser = signed_in(folder, catalog)
    page = browser.get("/edit/reflexology-45.yaml")
    assert page.status_code == 200
    assert "id: reflexology-45" in page.text and "No findings" in page.text
    assert 'hx-post="/fragments/findings/reflexology-45.yaml"' in page.text
    assert derive(TOKEN, "csrf") in page.text  # htmx sends it with every request


def test_findings_follow_the_text_as_it_is_typed(folder: Path, catalog: Catalog) -> None:
    browser = signed_in(folder, catalog)
    text = (folder / "reflexology-45.yaml").read_text()
    broken = text.replace("technique: reflex-point-pressure", "technique: reflex-point-presure", 1)
    line = broken.splitlines().index("    technique: reflex-point-presure") + 1
    fragment = browser.post("/fragments/findings/reflexology-45.yaml", data={"text": broken})
    assert fragment.status_code == 200 and "PK102" in fragment.text and f'data-line="{line}"' in fragment.text
    fixed = browser.post("/fragments/findings/reflexology-45.yaml", data={"text": text})
    assert "No findings" in fixed.text
    assert (folder / "reflexology-45.yaml").read_text() == text, "checking as one types writes nothing"


def test_saving_keeps_the_users_text_when_the_file_changed_meanwhile(folder: Path, catalog: Catalog) -> None:
    browser = signed_in(folder, catalog)
    path = folder / "reflexology-45.yaml"
    opened = browser.get("/api/files/reflexology-45.yaml").json()
    mine = opened["text"].replace("title: ", "title: Mine ", 1)
    saved = browser.post("/edit/reflexology-45.yaml", data={"text": mine, "etag": opened["etag"]})
    assert saved.status_code == 200 and "Saved." in saved.text and path.read_text() == mine
    theirs = opened["text"] + "# changed in another window\n"
    path.write_text(theirs)  # someone else's change on disk
    again = mine.replace("title: Mine ", "title: Mine again ", 1)
    refused = browser.post("/edit/reflexology-45.yaml", data={"text": again, "etag": opened["etag"]})
    assert refused.status_code == 409 and "Not saved" in refused.text
    assert "title: Mine again " in refused.text, "the user's text stays on the page"
    assert path.read_text() == theirs, "nothing was written"


def test_the_pages_need_no_inline_script_or_style(folder: Path, catalog: Catalog) -> None:
    import re

    browser = signed_in(folder, catalog)
    pages = [browser.get(path).text for path in (
        "/", "/edit/reflexology-45.yaml", "/sheet/legs-post-event-sports.yaml", "/compose", "/screen", "/catalog",
        "/curriculum/curricula/elap-style-programme.yaml")]
    pages.append(browser.post("/compose", data={"duration": "30m", "regions": "neck", "modalities": "swedish"}).text)
    pages.append(browser.post("/screen", data={"protocol": "legs-post-event-sports.yaml",
                                               "intake_file": "intakes/c-0042-varicose-anticoagulants.yaml"}).text)
    for page in pages:  # the Content-Security-Policy would block them: nothing may rely on them
        assert not re.search(r"<script(?![^>]*\ssrc=)", page) and " style=" not in page and "<style" not in page
    assert browser.get("/static/htmx.min.js").status_code == 200
    assert anonymous(folder, catalog).get("/static/htmx.min.js").status_code == 401


def test_the_editor_refuses_paths_out_of_the_folder(folder: Path, catalog: Catalog) -> None:
    browser = signed_in(folder, catalog)
    assert browser.get("/edit/../outside.yaml").status_code in (403, 404)
    assert browser.get("/edit/intakes%2F..%2F..%2Fx.yaml").status_code in (403, 404)
