"""npm packages the tests use, installed pinned into build/node (git-ignored) on first use.

Each package has its own prefix, build/node/<name>, because ``npm install``
into a shared prefix without a package.json prunes whatever else it finds
there as extraneous.  A stamp beside node_modules names the installed
version; a file lock makes two test runs at once install once.  Without
``node`` or ``npm`` the tests skip on a developer's machine and fail under
CI (``CI`` set), where .ci/run installs Debian's.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import ROOT

NODE = ROOT / "build" / "node"


def require_node() -> None:
    """Skip (or, under CI, fail) the calling test where node or npm is missing."""
    if not (shutil.which("node") and shutil.which("npm")):
        if os.environ.get("CI"):
            pytest.fail("node and npm are not installed, and CI must install them (see .ci/run)")
        pytest.skip("node or npm is not installed (apt-get install nodejs npm); CI runs these tests")


def installed(package: str, version: str, file: str) -> Path:
    """``file`` inside the pinned ``package`` under build/node, installed (or replaced) when its stamp
    says otherwise."""
    prefix = NODE / package
    wanted = prefix / "node_modules" / package / file
    stamp = prefix / "version"
    prefix.mkdir(parents=True, exist_ok=True)
    with open(prefix / ".install.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if stamp.exists() and stamp.read_text() == version and wanted.exists():
            return wanted
        stamp.unlink(missing_ok=True)
        shutil.rmtree(prefix / "node_modules", ignore_errors=True)  # a stale or half-installed copy
        done = subprocess.run(["npm", "install", "--prefix", str(prefix), "--no-save", "--no-audit", "--no-fund",
                               "--no-package-lock", f"{package}@{version}"],
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 0 and wanted.exists(), f"npm could not install {package}@{version}:\n{done.stderr}"
        stamp.write_text(version)
    return wanted
