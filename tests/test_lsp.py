"""The language server (`protocolkit lsp`), driven by a real client over stdio as an editor drives it.

One server for the module: every test opens its own documents (by URI) in it.
Diagnostics are compared with what `protocolkit validate --format json` prints
for the same files, run from the files' folder as a user would run it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest
import pytest_lsp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from .conftest import DATA, EXAMPLES
from .strategies import example_sources, mutated_documents

BROKEN = DATA / "broken"
_SCRIPT = shutil.which("protocolkit", path=os.path.dirname(sys.executable))
SERVER = [_SCRIPT, "lsp"] if _SCRIPT else [sys.executable, "-c", "from protocolkit.cli import main; main()", "lsp"]
# The plugins installed, and no others: what a user's environment adds is not the test's business.
ENV = {**os.environ, "PROTOCOLKIT_PLUGINS": "", "PROTOCOLKIT_DISABLE_PLUGINS": ""}
pytestmark = pytest.mark.asyncio(loop_scope="module")


@pytest_lsp.fixture(scope="module", config=ClientServerConfig(server_command=SERVER, server_env=ENV))
async def client(lsp_client: LanguageClient):  # type: ignore[no-untyped-def]
    params = types.InitializeParams(capabilities=pytest_lsp.client_capabilities("visual-studio-code"),
                                    root_uri=EXAMPLES.as_uri())
    await lsp_client.initialize_session(params)
    yield
    await lsp_client.shutdown_session()


# -- helpers ----------------------------------------------------------------------------------------

async def barrier(client: LanguageClient, uri: str) -> None:
    """Wait until the server handled all sent before (it answers in order, publishing as it handles a change)."""
    await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=0, character=0)))


async def open_document(client: LanguageClient, uri: str, text: str,
                        language: str = "yaml") -> list[types.Diagnostic]:
    client.diagnostics.pop(uri, None)
    client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=types.TextDocumentItem(
        uri=uri, language_id=language, version=1, text=text)))
    await barrier(client, uri)
    return list(client.diagnostics[uri])


async def change_document(client: LanguageClient, uri: str, text: str, version: int) -> list[types.Diagnostic]:
    client.diagnostics.pop(uri, None)
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)]))
    await barrier(client, uri)
    return list(client.diagnostics[uri])


def validate_json(paths: Sequence[Path], cwd: Path) -> list[dict[str, object]]:
    """What `protocolkit validate --format json` reports for ``paths``, run in ``cwd``."""
    result = subprocess.run([*SERVER[:-1], "validate", "--format", "json", *map(str, paths)], cwd=cwd, env=ENV,
                            capture_output=True, text=True, check=False, timeout=120)
    assert result.returncode in (0, 1), result.stderr
    return list(json.loads(result.stdout))


def as_findings(diagnostics: Sequence[types.Diagnostic]) -> list[tuple[object, ...]]:
    words = {types.DiagnosticSeverity.Error: "error", types.DiagnosticSeverity.Warning: "warning"}
    return [(d.code, words.get(d.severity or 0, "info"), d.range.start.line + 1, d.range.start.character + 1,
             d.message) for d in diagnostics]


def expected_of(findings: list[dict[str, object]], path: Path) -> list[tuple[object, ...]]:
    return [(f["code"], f["severity"], f["line"], f["column"], f["message"]) for f in findings
            if f["file"] == str(path)]


def position_of(text: str, needle: str, offset: int | None = None) -> types.Position:
    """The position just after ``needle`` (or ``offset`` characters into it) in ``text``."""
    index = text.index(needle) + (len(needle) if offset is None else offset)
    line = text.count("\n", 0, index)
    return types.Position(line=line, character=index - (text.rfind("\n", 0, index) + 1))


async def completion_labels(client: LanguageClient, uri: str, position: types.Position) -> list[str]:
    result = await client.text_document_completion_async(types.CompletionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=position))
    items = result.items if isinstance(result, types.CompletionList) else (result or [])
    return [item.label for item in items]


async def hover_text(client: LanguageClient, uri: str, position: types.Position) -> str:
    result = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=position))
    assert result is not None and isinstance(result.contents, types.MarkupContent)
    return result.contents.value


def assert_no_server_errors(client: LanguageClient) -> None:
    errors = [m.message for m in [*client.log_messages, *client.messages] if m.type == types.MessageType.Error]
    assert errors == []


# -- diagnostics ------------------------------------------------------------------------------------

COMPARED = ["pk001-unknown-key.yaml", "pk001-wrong-types.yaml", "pk001-missing-keys.json", "pk002-bad-yaml.yaml",
            "pk002-bad-json.json", "pk004-unused-suppression.yaml", "pk101-unknown-modality.yaml",
            "pk102-technique-not-offered.yaml", "pk103-unknown-region.yaml", "pk201-over.yaml",
            "pk301-no-warm-up.yaml", "pk404-more-sites.yaml", "pk001-intake-cleared-twice.yaml",
            "pk405-unknown-condition.yaml", "pk501-topics-do-not-add-up.yaml", "pk502-protocol-missing.yaml"]


async def test_diagnostics_on_open_are_validates_findings(client: LanguageClient) -> None:
    paths = [BROKEN / name for name in COMPARED]
    findings = validate_json(paths, BROKEN)
    for path in paths:
        diagnostics = await open_document(client, path.as_uri(), path.read_text(), path.suffix.lstrip("."))
        expected = expected_of(findings, path)
        assert expected, path.name  # every one of these files has something to say
        assert as_findings(diagnostics) == expected, path.name
        assert {d.source for d in diagnostics} == {"protocolkit"}
        client.text_document_did_close(types.DidCloseTextDocumentParams(
            text_document=types.TextDocumentIdentifier(uri=path.as_uri())))


async def test_clean_documents_of_every_kind_have_no_diagnostics(client: LanguageClient) -> None:
    paths = [EXAMPLES / "upper-back-deep-tissue-60.yaml", EXAMPLES / "intakes" / "c-0107-healthy.yaml",
             EXAMPLES / "curricula" / "elap-style-programme.yaml", EXAMPLES / "modalities" / "hot-stone.yaml"]
    assert validate_json(paths, EXAMPLES) == []
    for path in paths:
        assert await open_document(client, path.as_uri(), path.read_text()) == [], path.name


async def test_yaml_that_is_no_protocolkit_document_is_left_alone(client: LanguageClient) -> None:
    """An editor starts the server for every YAML file; a CI workflow gets none of validate's PK001s."""
    workflow = "name: ci\non: [push]\njobs:\n  test:\n    runs-on: linux\n"
    assert await open_document(client, (EXAMPLES / "ci.yaml").as_uri(), workflow) == []
    assert await completion_labels(client, (EXAMPLES / "ci.yaml").as_uri(), position_of(workflow, "on: [")) == []


async def test_a_protocol_written_as_json_on_one_line_gets_diagnostics(client: LanguageClient,
                                                                       tmp_path: Path) -> None:
    """A JSON protocol is often written by a program, all on one line: it is checked as validate checks it."""
    import yaml

    data = yaml.safe_load((EXAMPLES / "upper-back-deep-tissue-60.yaml").read_text())
    data["steps"][1]["region"] = "upper-bak"
    path = tmp_path / "one-line.json"
    path.write_text(json.dumps(data))
    assert "\n" not in path.read_text()
    expected = expected_of(validate_json([path], tmp_path), path)
    assert [code for code, *_ in expected] == ["PK103"]
    diagnostics = await open_document(client, path.as_uri(), path.read_text(), "json")
    assert as_findings(diagnostics) == expected
    # JSON that only mentions the word, as a value, is still someone else's file.
    manifest = '{"name": "protocolkit", "keywords": ["massage", "protocolkit"], "version": "1.0"}'
    assert await open_document(client, (tmp_path / "package.json").as_uri(), manifest, "json") == []


async def test_positions_are_counted_in_the_editors_code_units(client: LanguageClient) -> None:
    """A diagnostic spans the value it is about, counted in UTF-16 units: an emoji is one code point, two units."""
    text = ("protocolkit: 1\nid: units\ntitle: Units\nduration: 5m\nsteps:\n"
            "  - {notes: \"\U0001F642 relaxed\", region: upper-bak, modality: swedish, technique: effleurage, "
            "duration: 5m, pressure: light}\n")
    [diagnostic] = await open_document(client, (EXAMPLES / "units.yaml").as_uri(), text)
    line = text.splitlines()[diagnostic.range.start.line].encode("utf-16-le")
    start, end = diagnostic.range.start.character * 2, diagnostic.range.end.character * 2
    assert (diagnostic.code, line[start:end].decode("utf-16-le")) == ("PK103", "upper-bak")
    assert diagnostic.severity == types.DiagnosticSeverity.Error


async def test_a_suppression_comment_is_honoured(client: LanguageClient) -> None:
    path = BROKEN / "pk301-no-warm-up.yaml"
    text = path.read_text()
    assert [d.code for d in await open_document(client, path.as_uri(), text)] == ["PK301"]
    suppressed = text.replace("    pressure: deep\n", "    pressure: deep  # protocolkit: ignore[PK301]\n")
    assert await change_document(client, path.as_uri(), suppressed, 2) == []


async def test_the_configuration_is_found_from_the_documents_folder(client: LanguageClient, tmp_path: Path) -> None:
    project = tmp_path / "clinic"
    (project / "protocols").mkdir(parents=True)
    (project / "protocolkit.toml").write_text('ignore = ["PK301"]\n')
    document = project / "protocols" / "neck.yaml"
    shutil.copy(BROKEN / "pk301-no-warm-up.yaml", document)
    assert validate_json([document], project / "protocols") == []
    assert await open_document(client, document.as_uri(), document.read_text()) == []
    (project / "protocolkit.toml").write_text('select = ["NOPE9"]\n')  # a broken configuration: said, not hidden
    [problem] = await change_document(client, document.as_uri(), document.read_text(), 2)
    assert "NOPE9" in problem.message and problem.severity == types.DiagnosticSeverity.Error


async def test_a_number_too_large_to_hold_is_a_diagnostic(client: LanguageClient, tmp_path: Path) -> None:
    """An integer past what Python writes back (0x and 4,300 hex digits) used to end the check, and the
    editor got no diagnostics at all; now it is validate's located PK002."""
    text = ("protocolkit: 1\nid: huge\ntitle: Huge\nduration: 0x" + "f" * 4300 + "\nsteps:\n"
            "  - {modality: swedish, technique: effleurage, region: neck, duration: 5m, pressure: light}\n")
    diagnostics = await open_document(client, (tmp_path / "huge.yaml").as_uri(), text)
    assert [(d.code, d.range.start.line, d.range.start.character) for d in diagnostics] == [("PK002", 3, 10)]
    assert "too large" in diagnostics[0].message
    assert_no_server_errors(client)


async def test_a_change_gets_new_diagnostics(client: LanguageClient) -> None:
    path = EXAMPLES / "upper-back-deep-tissue-60.yaml"
    uri, text = path.as_uri(), path.read_text()
    assert await open_document(client, uri, text) == []
    broken = text.replace("region: upper-back", "region: upper-bak", 1)
    [diagnostic] = await change_document(client, uri, broken, 2)
    assert diagnostic.code == "PK103" and diagnostic.range.start == position_of(broken, "region: ")
    unparsable = broken.replace("steps:\n", "steps: [\n", 1)
    assert [d.code for d in await change_document(client, uri, unparsable, 3)] == ["PK002"]
    assert await change_document(client, uri, text, 4) == []


async def test_a_plugin_that_prints_cannot_corrupt_the_protocol(tmp_path: Path) -> None:
    """Standard output is the protocol's: a plugin's print goes to standard error instead; and
    `-p` given before `lsp` loads the plugin for every project, as it does for `validate`."""
    (tmp_path / "chatty.py").write_text('print("hello from a plugin")\n')
    command = [*SERVER[:-1], "-p", str(tmp_path / "chatty.py"), "lsp"]
    other = await ClientServerConfig(server_command=command, server_env=ENV).start()
    try:
        await other.initialize_session(types.InitializeParams(capabilities=types.ClientCapabilities()))
        path = BROKEN / "pk103-unknown-region.yaml"
        assert [d.code for d in await open_document(other, path.as_uri(), path.read_text())] == ["PK103"]
        assert_no_server_errors(other)
        await other.shutdown_session()
    finally:
        await other.stop()


# -- completion -------------------------------------------------------------------------------------

HALF_TYPED = """protocolkit: 1
id: half-typed
title: Half typed
duration: 30m
intent: re
goals: [muscle-pain, st
steps:
  - modality: deep-tissue
    technique:
    region: ham
  - modality: reflexology
    technique: f
"""


async def test_technique_completion_offers_the_steps_modalitys_techniques(client: LanguageClient) -> None:
    uri = (EXAMPLES / "half-typed.yaml").as_uri()
    diagnostics = await open_document(client, uri, HALF_TYPED)
    assert [d.code for d in diagnostics] == ["PK002"]  # it does not parse; completion works all the same
    labels = await completion_labels(client, uri, position_of(HALF_TYPED, "    technique:"))
    assert set(labels) == {"effleurage", "petrissage", "deep-stroking", "friction", "compression"}
    labels = await completion_labels(client, uri, position_of(HALF_TYPED, "    technique: f"))
    assert set(labels) == {"reflex-point-pressure", "foot-relaxation"}


async def test_completion_of_regions_intents_goals_and_modalities(client: LanguageClient) -> None:
    uri = (EXAMPLES / "half-typed.yaml").as_uri()
    await open_document(client, uri, HALF_TYPED)
    regions = await completion_labels(client, uri, position_of(HALF_TYPED, "region: ham"))
    assert {"posterior-thigh", "hamstrings", "upper-back", "back-of-knee"} <= set(regions)
    assert "maintenance" in await completion_labels(client, uri, position_of(HALF_TYPED, "intent: re"))
    assert "stiffness" in await completion_labels(client, uri, position_of(HALF_TYPED, "muscle-pain, st"))
    modalities = await completion_labels(client, uri, position_of(HALF_TYPED, "modality: deep", offset=10))
    assert {"swedish", "deep-tissue", "reflexology"} <= set(modalities)
    assert await completion_labels(client, uri, position_of(HALF_TYPED, "title: Half")) == []


async def test_completion_items_replace_the_id_and_say_what_it_is(client: LanguageClient) -> None:
    uri = (EXAMPLES / "half-typed.yaml").as_uri()
    await open_document(client, uri, HALF_TYPED)
    at = position_of(HALF_TYPED, "region: ham")
    result = await client.text_document_completion_async(types.CompletionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=at))
    assert isinstance(result, types.CompletionList)
    [item] = [item for item in result.items if item.label == "hamstrings"]
    assert item.detail is not None and "posterior-thigh" in item.detail
    assert isinstance(item.text_edit, types.TextEdit) and item.text_edit.range.end == at
    assert item.text_edit.range.start == position_of(HALF_TYPED, "region: ")


async def test_condition_completion_in_an_intake(client: LanguageClient) -> None:
    text = "protocolkit: 1\nkind: intake\nclient: C-1\nconditions:\n  - id: vari\n    region: \nclearance: [can"
    uri = (EXAMPLES / "intakes" / "typing.yaml").as_uri()
    await open_document(client, uri, text)
    conditions = await completion_labels(client, uri, position_of(text, "id: vari"))
    assert {"varicose-veins", "cancer", "pregnancy"} <= set(conditions)
    assert "calf" in await completion_labels(client, uri, position_of(text, "region: "))
    assert "cancer" in await completion_labels(client, uri, position_of(text, "[can"))


# -- hover ------------------------------------------------------------------------------------------

async def test_hover_on_a_technique_region_condition_and_code(client: LanguageClient) -> None:
    path = EXAMPLES / "upper-back-deep-tissue-60.yaml"
    text = path.read_text().replace("    pressure: light\n", "    pressure: light  # protocolkit: ignore[PK304]\n", 1)
    await open_document(client, uri := path.as_uri(), text)
    technique = await hover_text(client, uri, position_of(text, "technique: deep-stro"))
    assert "(`deep-stroking`), technique" in technique
    assert "pressure 4-5" in technique and "lubricant: yes" in technique and "30s to 10m" in technique
    region = await hover_text(client, uri, position_of(text, "region: upper-b"))
    assert "Upper back" in region and "rhomboids" in region
    code = await hover_text(client, uri, position_of(text, "ignore[PK3"))
    assert "PK304" in code and "Walton scale" in code  # the summary and the explanation

    intake = EXAMPLES / "intakes" / "c-0042-varicose-anticoagulants.yaml"
    await open_document(client, intake.as_uri(), intake_text := intake.read_text())
    condition = await hover_text(client, intake.as_uri(), position_of(intake_text, "id: varicose"))
    assert "varicose-veins" in condition and "Restricts:" in condition
    site = await hover_text(client, intake.as_uri(), position_of(intake_text, "region: ca"))
    assert "Calf" in site


async def test_hover_on_an_endangerment_site_names_what_lies_there(client: LanguageClient) -> None:
    path = BROKEN / "pk404-endangerment.yaml"
    await open_document(client, path.as_uri(), text := path.read_text())
    site = await hover_text(client, path.as_uri(), position_of(text, "region: back-of"))
    assert "Endangerment site" in site and "popliteal artery" in site


# -- code actions -----------------------------------------------------------------------------------

async def quick_fixes(client: LanguageClient, uri: str, at: types.Position) -> list[types.CodeAction]:
    result = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), range=types.Range(start=at, end=at),
        context=types.CodeActionContext(diagnostics=[])))
    actions = [action for action in result or [] if isinstance(action, types.CodeAction)]
    assert all(action.kind == types.CodeActionKind.QuickFix for action in actions)
    return actions


def applied(text: str, action: types.CodeAction, uri: str) -> str:
    """``text`` with the action's edits made (the texts here are ASCII: a character is a code unit)."""
    assert action.edit is not None and action.edit.changes is not None
    lines = text.splitlines(keepends=True)

    def offset(position: types.Position) -> int:
        return sum(len(line) for line in lines[:position.line]) + position.character

    for edit in sorted(action.edit.changes[uri], key=lambda edit: offset(edit.range.start), reverse=True):
        text = text[:offset(edit.range.start)] + edit.new_text + text[offset(edit.range.end):]
    return text


async def test_a_did_you_mean_is_offered_but_not_preferred(client: LanguageClient) -> None:
    path = BROKEN / "pk103-unknown-region.yaml"
    text = path.read_text()
    await open_document(client, path.as_uri(), text)
    [action] = await quick_fixes(client, path.as_uri(), position_of(text, "region: upper", offset=10))
    assert action.is_preferred is False and "upper-back" in action.title
    assert action.diagnostics is not None and [d.code for d in action.diagnostics] == ["PK103"]
    fixed = applied(text, action, path.as_uri())
    assert fixed == text.replace("region: upper-bak", "region: upper-back")
    assert await change_document(client, path.as_uri(), fixed, 2) == []


async def test_a_safe_fix_is_the_preferred_quick_fix(client: LanguageClient) -> None:
    path = BROKEN / "pk004-unused-suppression.yaml"
    text = path.read_text()
    await open_document(client, path.as_uri(), text)
    [action] = await quick_fixes(client, path.as_uri(), position_of(text, "pressure: light   # protocolkit"))
    assert action.is_preferred is True
    fixed = applied(text, action, path.as_uri())
    assert "pressure: light\n" in fixed and "ignore[PK301]\n" not in fixed
    line = position_of(text, "pressure: light   # protocolkit").line
    after = await change_document(client, path.as_uri(), fixed, 2)
    assert [d.code for d in after if d.range.start.line == line] == [] and "PK004" in [d.code for d in after]


async def test_a_region_alias_gets_its_id_as_a_quick_fix(client: LanguageClient) -> None:
    path = EXAMPLES / "upper-back-deep-tissue-60.yaml"
    text = path.read_text().replace("region: upper-back", "region: rhomboids", 1)
    assert await open_document(client, uri := path.as_uri(), text) == []  # validate accepts an alias, silently
    [action] = await quick_fixes(client, uri, position_of(text, "region: rhomb"))
    assert action.is_preferred is True and applied(text, action, uri) == path.read_text()
    assert await quick_fixes(client, uri, position_of(text, "title: Deep")) == []


# -- robustness -------------------------------------------------------------------------------------

REQUESTS = st.tuples(st.integers(0, 80), st.integers(0, 120), st.sampled_from(["completion", "hover", "action"]))
opened: set[str] = set()


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(document=mutated_documents(example_sources(EXAMPLES)), places=st.lists(REQUESTS, min_size=1, max_size=6))
async def test_the_server_answers_on_any_text(client: LanguageClient, document: tuple[str, bytes],
                                              places: list[tuple[int, int, str]]) -> None:
    name, data = document
    uri = (EXAMPLES / name).as_uri()
    text = data.decode("utf-8", "replace")
    if uri not in opened:
        opened.add(uri)
        client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=types.TextDocumentItem(
            uri=uri, language_id="json" if name.endswith(".json") else "yaml", version=1, text="")))
    diagnostics = await change_document(client, uri, text, 2)
    assert all(d.source == "protocolkit" and d.code for d in diagnostics)
    ident = types.TextDocumentIdentifier(uri=uri)
    for line, character, request in places:
        position = types.Position(line=line, character=character)
        if request == "completion":
            await client.text_document_completion_async(types.CompletionParams(text_document=ident,
                                                                               position=position))
        elif request == "hover":
            await client.text_document_hover_async(types.HoverParams(text_document=ident, position=position))
        else:
            await client.text_document_code_action_async(types.CodeActionParams(
                text_document=ident, range=types.Range(start=types.Position(line=0, character=0), end=position),
                context=types.CodeActionContext(diagnostics=list(diagnostics))))
    assert_no_server_errors(client)
    # Nothing the server logs quotes the document (an intake is health data).
    said = [m.message for m in [*client.log_messages, *client.messages]]
    assert not [line for line in text.splitlines() if len(line) >= 16 and any(line in m for m in said)]
