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
        studio = {name for name in archive.namelist() if name.startswith("protocolkit/studio/")}
        for part in ("templates/base.html", "templates/library.html", "templates/problem.html", "templates/editor.html",
                     "templates/findings.html", "static/studio.css", "static/htmx.min.js", "static/htmx.LICENSE"):
            assert f"protocolkit/studio/{part}" in studio, part

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
