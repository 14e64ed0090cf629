"""protocolkit check-plugin: the conformance check on an installed plugin, and the core's suite beside a new one.

The last test is the plugin author's path end to end: scaffold a plugin with
``new-plugin``, install it with the core and the seed plugins into a fresh
virtual environment, and there run ``check-plugin`` on it and the core's
catalog-wide meta-tests, which must stay green with it installed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
from pathlib import Path

from click.testing import CliRunner

from protocolkit.cli import cli

from .conftest import DATA, ROOT
from .seeds import DISTRIBUTIONS

CLEAN_ENV = {key: value for key, value in os.environ.items() if not key.startswith("PROTOCOLKIT_")}
# The test files that enumerate what is installed (plugins, rules, modalities, pages): the ones a plugin
# installed beside the seed ones used to break.
CATALOG_WIDE = ["tests/test_testing.py", "tests/test_rule_pages.py", "tests/test_plugin_docs.py", "tests/test_rules.py",
                "tests/test_source_of_truth.py", "tests/test_compose_standard.py"]


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), env={key: None for key in os.environ if key.startswith("PROTOCOLKIT_")})
    return result.exit_code, result.stdout, result.stderr


def test_a_clean_seed_plugin() -> None:
    code, out, err = invoke("check-plugin", "reflexology")
    assert (code, err) == (0, "")
    assert out == "plugin 'reflexology' conforms: checked 2 techniques, 1 modality, 1 rule\n"


def test_json_names_the_plugin_its_problems_and_what_was_checked() -> None:
    code, out, _ = invoke("check-plugin", "myofascial-release", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert (data["plugin"], data["problems"]) == ("myofascial-release", [])
    assert data["checked"][0] == "plugin 'myofascial-release' loads"
    assert {"modality 'myofascial-release'", "rule 'MFR001'", "rule 'MFR002'"} <= set(data["checked"])


def test_an_unknown_name_exits_two_with_the_closest_one() -> None:
    code, out, err = invoke("check-plugin", "swedsh")
    assert (code, out) == (2, "")
    assert err == ("protocolkit: error: no plugin called 'swedsh' is loaded; did you mean 'swedish'? "
                   "(`protocolkit plugins` lists them)\n")
    assert "did you mean" not in invoke("check-plugin", "lymphatic-drainage")[2]


def test_a_plugin_with_problems_lists_each_and_exits_one() -> None:
    house = str(DATA / "plugins" / "local_house.py")
    code, out, _ = invoke("-p", house, "check-plugin", "local_house")
    assert code == 1
    assert out.splitlines() == [
        "modality 'house-special': no source note; say where the modality's facts come from",
        "plugin 'local_house' does not conform: 1 problem (checked 1 modality, 1 condition, 1 exporter)"]
    code, out, _ = invoke("-p", house, "check-plugin", "local_house", "--format", "json")
    assert code == 1 and len(json.loads(out)["problems"]) == 1


def test_a_plugin_that_failed_to_load_is_a_problem_not_a_traceback() -> None:
    code, out, err = invoke("-p", str(DATA / "plugins" / "unknown_technique.py"), "check-plugin", "unknown_technique")
    assert code == 1 and "Traceback" not in out + err
    assert out.splitlines() == [
        "plugin 'unknown_technique' did not load: failed: modality 'ghost-work' offers unknown technique 'ghosting'",
        "plugin 'unknown_technique' does not conform: 1 problem (checked that it loads)"]


def test_a_scaffolded_plugin_installed_beside_the_seed_ones(tmp_path: Path) -> None:
    """The slow one (about 30 s on 2 cores): a real virtual environment, kept cheap by reusing this one's
    third-party packages and installing only the project's own packages into it, without the network."""
    assert invoke("new-plugin", "scaffold-check", "--dir", str(tmp_path))[0] == 0
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=60)
    python = venv / "bin" / "python"
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             check=True, capture_output=True, text=True, timeout=60).stdout.strip()
    # Plain path lines, not this environment's .pth files: its third-party packages (pip, setuptools and the
    # test dependencies) become importable there, while this project's packages come from the new
    # environment's own installs, which come first on its path.
    reused = dict.fromkeys(sysconfig.get_paths()[key] for key in ("purelib", "platlib"))
    Path(purelib, "_reuse_outer.pth").write_text("".join(f"{path}\n" for path in reused), encoding="utf-8")
    seeds = sorted(str(path.parent) for path in (ROOT / "plugins").glob("*/pyproject.toml"))
    assert len(seeds) == len(DISTRIBUTIONS)
    editables = [arg for path in (str(ROOT), *seeds, str(tmp_path / "protocolkit-scaffold-check")) for arg in ("-e", path)]
    # --ignore-installed: pip must never touch the environment it borrows packages from.
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-deps",
                    "--no-build-isolation", "--no-index", "--ignore-installed", *editables],
                   check=True, capture_output=True, env=CLEAN_ENV, timeout=300)

    checked = subprocess.run([str(venv / "bin" / "protocolkit"), "check-plugin", "scaffold-check"], cwd=tmp_path,
                             env=CLEAN_ENV, capture_output=True, text=True, timeout=120)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.startswith("plugin 'scaffold-check' conforms: checked ")

    suite = subprocess.run([str(python), "-m", "pytest", "-q", "-p", "no:randomly", "-p", "no:cacheprovider",
                            *CATALOG_WIDE], cwd=ROOT, env=CLEAN_ENV, capture_output=True, text=True, timeout=600)
    assert suite.returncode == 0 and " passed" in suite.stdout, suite.stdout[-4000:] + suite.stderr[-2000:]
    # The new plugin really was there for the meta-tests to see.
    listed = subprocess.run([str(venv / "bin" / "protocolkit"), "plugins", "--format", "json"], env=CLEAN_ENV,
                            capture_output=True, text=True, timeout=120)
    assert "scaffold-check" in {plugin["name"] for plugin in json.loads(listed.stdout)}
