"""The built wheel carries its schema, and an installed wheel finds it."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

from .conftest import ROOT


def test_wheel_bundles_the_schema_and_finds_it_installed(tmp_path: Path) -> None:
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--quiet"]
    subprocess.run([*pip, "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-w", str(tmp_path / "dist"),
                    str(ROOT)], check=True, capture_output=True)
    wheel = next((tmp_path / "dist").glob("protocolkit-*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        for name in ("protocol", "intake"):
            bundled = archive.read(f"protocolkit/load/schemas/{name}.schema.json").decode()
            assert bundled == (ROOT / "schemas" / f"{name}.schema.json").read_text()
        # Every template, script and style sheet in the checkout ships: a page missing one fails only
        # when someone opens it, far from here.
        package = ROOT / "src"
        data = [path for folder in ("protocolkit/studio/templates", "protocolkit/studio/static",
                                    "protocolkit/export/templates") for path in (package / folder).rglob("*")
                if path.is_file() and "__pycache__" not in path.parts]
        assert len(data) > 20
        shipped = set(archive.namelist())
        for path in data:
            assert path.relative_to(package).as_posix() in shipped, path

    site = tmp_path / "site"
    subprocess.run([*pip, "install", "--no-deps", "--no-index", "--target", str(site), str(wheel)],
                   check=True, capture_output=True)
    probe = ("import protocolkit, sys\nfrom protocolkit.cli import main\n"
             "print(protocolkit.__file__, file=sys.stderr)\nsys.argv = ['protocolkit', 'schema', 'intake']\nmain()\n")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=tmp_path,
                          env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr
    assert done.stderr.startswith(str(site))  # the wheel's copy, not the checkout's
    assert json.loads(done.stdout)["$id"] == "urn:protocolkit:schema:intake:1"
