"""protocolkit's own entry-point scan must give importlib.metadata's answer, faster."""

from __future__ import annotations

import importlib.metadata
import sys
import zipfile
from pathlib import Path

import pytest

from protocolkit.plugin import entrypoints
from protocolkit.plugin.entrypoints import EntryPoint, entry_points


def reference(group: str) -> list[tuple[str, str, str | None, str | None]]:
    return [(point.name, point.value, point.dist.name if point.dist else None,
             point.dist.version if point.dist else None)
            for point in importlib.metadata.entry_points(group=group)]


def ours(group: str) -> list[tuple[str, str, str | None, str | None]]:
    return [(point.name, point.value, point.distribution, point.version) for point in entry_points(group)]


@pytest.mark.parametrize("group", ["protocolkit", "pytest11", "console_scripts"])
def test_agrees_with_importlib_metadata_on_this_environment(group: str) -> None:
    assert not entrypoints._needs_importlib_metadata(sys.path), "the fast scan should be the one under test"
    found = ours(group)
    assert found == reference(group)
    if group == "protocolkit":
        assert {name for name, *_ in found} >= {"swedish", "deep-tissue", "reflexology"}


def dist_info(folder: Path, name: str, version: str, entry_points_text: str | None,
              suffix: str = ".dist-info") -> None:
    info = folder / (f"{name.replace('-', '_')}-{version}{suffix}" if suffix == ".dist-info"
                     else f"{name.replace('-', '_')}{suffix}")
    info.mkdir(parents=True)
    header = "METADATA" if suffix == ".dist-info" else "PKG-INFO"
    (info / header).write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n\nName: not-this\n")
    if entry_points_text is not None:
        (info / "entry_points.txt").write_text(entry_points_text)


@pytest.fixture
def made_up_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    first, second = tmp_path / "first", tmp_path / "second"
    dist_info(first, "protocolkit-alpha", "1.0",
              "# a comment\n[console_scripts]\nalpha = alpha.cli:main\n\n"
              "[protocolkit]\n# another comment\nalpha = protocolkit_alpha\n"
              "alpha-extra=protocolkit_alpha.hooks:Plugin.instance [fast]\n")
    # The same distribution again, later on the path: importlib.metadata skips it.
    dist_info(second, "protocolkit_alpha", "0.9", "[protocolkit]\nstale = protocolkit_alpha_old\n")
    dist_info(second, "protocolkit-beta", "2.0", "[protocolkit]\nbeta = protocolkit_beta\n", suffix=".egg-info")
    dist_info(second, "no-entry-points", "3.0", None)
    dist_info(second, "other-groups", "4.0", "[pytest11]\nother = other.plugin\n")
    path = [str(first), str(tmp_path / "missing"), str(second)]
    monkeypatch.setattr(sys, "path", path)
    return path


def test_agrees_with_importlib_metadata_on_a_made_up_path(made_up_path: list[str]) -> None:
    assert ours("protocolkit") == reference("protocolkit") == [
        ("alpha", "protocolkit_alpha", "protocolkit-alpha", "1.0"),
        ("alpha-extra", "protocolkit_alpha.hooks:Plugin.instance [fast]", "protocolkit-alpha", "1.0"),
        ("beta", "protocolkit_beta", "protocolkit-beta", "2.0"),
    ]
    assert ours("console_scripts") == reference("console_scripts")
    assert ours("nothing-here") == reference("nothing-here") == []


def test_a_zip_on_the_path_goes_to_importlib_metadata(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    archive = tmp_path / "bundle.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr("zipped_plugin-1.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: zipped-plugin\n"
                        "Version: 1.0\n")
        bundle.writestr("zipped_plugin-1.0.dist-info/entry_points.txt", "[protocolkit]\nzipped = zipped_plugin\n")
    monkeypatch.setattr(sys, "path", [str(archive)])
    assert entrypoints._needs_importlib_metadata(sys.path)
    assert ours("protocolkit") == [("zipped", "zipped_plugin", "zipped-plugin", "1.0")]


def test_loading_follows_the_object_reference(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = tmp_path / "ep_probe"
    package.mkdir()
    (package / "__init__.py").write_text("class Holder:\n    value = 42\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "ep_probe", raising=False)
    assert EntryPoint("x", "ep_probe:Holder.value", "protocolkit").load() == 42
    assert EntryPoint("x", "ep_probe : Holder [extra]", "protocolkit").load().value == 42
    assert EntryPoint("x", "ep_probe", "protocolkit").load().__name__ == "ep_probe"
    with pytest.raises(ValueError, match="names no importable object"):
        EntryPoint("x", "not a reference!", "protocolkit").load()
    with pytest.raises(AttributeError):
        EntryPoint("x", "ep_probe:Missing", "protocolkit").load()
