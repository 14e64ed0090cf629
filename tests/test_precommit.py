"""The pre-commit hook this repository offers, tried on temporary school repositories.

``pre-commit try-repo`` installs the hook from a git repository: here a copy of
this working tree (tracked and untracked files, less what .gitignore leaves
out), committed in a temporary repository, so the test sees uncommitted edits
and never touches the checkout itself.  Each run builds the hook's environment
afresh (try-repo keeps it in a temporary store of its own, whatever
PRE_COMMIT_HOME says) and pip-installs the core and the seven plugins into it,
so the two runs start together, once for the module.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from .conftest import DATA, EXAMPLES, ROOT

PRE_COMMIT = Path(sys.executable).parent / "pre-commit"
HOOK = "protocolkit-validate"
BROKEN = DATA / "broken" / "pk103-unknown-region.yaml"
CLEAN = EXAMPLES / "upper-back-deep-tissue-60.yaml"
# Every example protocol: between them they use all seven modality plugins.
EXAMPLE_PROTOCOLS = sorted(EXAMPLES.glob("*.yaml"))
# YAML a school's repository holds besides protocols; the hook must leave it alone.
NOT_PROTOCOLS = {
    ".github/workflows/ci.yml": "name: ci\non: [push]\njobs:\n  check:\n    runs-on: ubuntu-latest\n",
    ".pre-commit-config.yaml": "repos: []\n",
}
TIMEOUT = 900  # seconds for one try-repo run, pip install included


def outside_git_env() -> dict[str, str]:
    """This process's environment less what would tie git to another repository (as inside a git hook)."""
    return {key: value for key, value in os.environ.items() if not key.startswith(("GIT_", "PRE_COMMIT"))}


def git_env(home: Path) -> dict[str, str]:
    """The environment for git and pre-commit: no user's git config, a private pre-commit home."""
    env = outside_git_env()
    env.update(GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1", PRE_COMMIT_HOME=str(home),
               PRE_COMMIT_COLOR="never")
    return env


def git(repo: Path, env: dict[str, str], *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True)
    assert done.returncode == 0, f"git {' '.join(args)} in {repo}: {done.stderr}"
    return done.stdout


def commit_all(repo: Path, env: dict[str, str]) -> None:
    """git init, a local identity, and one commit of everything in the directory."""
    git(repo, env, "init", "--quiet")
    git(repo, env, "config", "user.name", "protocolkit test")
    git(repo, env, "config", "user.email", "test@protocolkit.invalid")
    git(repo, env, "config", "commit.gpgsign", "false")
    git(repo, env, "add", "--all")
    git(repo, env, "commit", "--quiet", "--message", "test fixture")


def copy_working_tree(dest: Path) -> None:
    """This checkout's files as they are on disk (symlinks kept as links), without .git and ignored files."""
    listing = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                             cwd=ROOT, env=outside_git_env(), capture_output=True, text=True)
    if listing.returncode != 0:
        pytest.skip(f"{ROOT} is not a git checkout: {listing.stderr.strip()}")
    for name in sorted(set(filter(None, listing.stdout.split("\0")))):
        source, target = ROOT / name, dest / name
        if not source.is_symlink() and not source.is_file():
            continue  # deleted in the working tree, or a submodule
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_symlink():
            target.symlink_to(os.readlink(source))
        else:
            shutil.copy2(source, target)


@dataclass
class Run:
    files: list[str]
    returncode: int
    output: str


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Run]:
    """try-repo with --all-files on two school repositories: one all clean, one with a broken protocol."""
    assert PRE_COMMIT.exists(), f"{PRE_COMMIT} is missing: install the test extra (pip install -e '.[test]')"
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    base = tmp_path_factory.mktemp("precommit")
    env = git_env(base / "pre-commit-home")

    hook_repo = base / "protocolkit"
    hook_repo.mkdir()
    copy_working_tree(hook_repo)
    commit_all(hook_repo, env)

    schools = {"clean": EXAMPLE_PROTOCOLS, "broken": [CLEAN, BROKEN]}
    started: dict[str, tuple[list[str], subprocess.Popen[str]]] = {}
    results = {}
    try:
        for name, sources in schools.items():
            school = base / f"school-{name}"
            (school / "protocols").mkdir(parents=True)
            for source in sources:
                shutil.copy2(source, school / "protocols" / source.name)
            for relative, text in NOT_PROTOCOLS.items():
                (school / relative).parent.mkdir(parents=True, exist_ok=True)
                (school / relative).write_text(text)
            commit_all(school, env)
            command = [str(PRE_COMMIT), "try-repo", "--color", "never", str(hook_repo), HOOK, "--all-files", "--verbose"]
            started[name] = (sorted(git(school, env, "ls-files").split()),
                             subprocess.Popen(command, cwd=school, env=env, text=True,
                                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT))
        for name, (files, process) in started.items():
            output, _ = process.communicate(timeout=TIMEOUT)
            results[name] = Run(files, process.returncode, output)
    finally:
        for _, process in started.values():
            if process.poll() is None:
                process.kill()
                process.wait()
    return results


def findings(output: str) -> list[str]:
    """The ``file:line:col: CODE message`` lines in the hook's output."""
    return [line for line in output.splitlines() if re.match(r"[^\s:]+:\d+:\d+: [A-Z]+\d{3} ", line)]


def tallies(output: str) -> list[tuple[int, str]]:
    """protocolkit's ``checked N files: ...`` summaries, one per batch of files pre-commit handed it."""
    return [(int(n), rest) for n, rest in re.findall(r"^checked (\d+) files?: (.*)$", output, re.MULTILINE)]


def test_the_manifest_is_valid(tmp_path: Path) -> None:
    done = subprocess.run([str(PRE_COMMIT), "validate-manifest", str(ROOT / ".pre-commit-hooks.yaml")],
                          env=git_env(tmp_path), capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_clean_protocols_pass_with_every_seed_modality(runs: dict[str, Run]) -> None:
    run = runs["clean"]
    assert run.returncode == 0, run.output
    assert re.search(r"^protocolkit validate\.+Passed$", run.output, re.MULTILINE), run.output
    assert findings(run.output) == []
    # Only the protocols reached protocolkit: CI config and pre-commit's own config were left out.
    checked = tallies(run.output)
    assert sum(n for n, _ in checked) == len(EXAMPLE_PROTOCOLS), run.output
    assert {summary for _, summary in checked} == {"no problems"}
    assert {f for f in run.files if not f.startswith("protocols/")} == set(NOT_PROTOCOLS)


def test_a_broken_protocol_fails_with_its_finding(runs: dict[str, Run]) -> None:
    run = runs["broken"]
    assert run.returncode != 0, run.output
    assert re.search(r"^protocolkit validate\.+Failed$", run.output, re.MULTILINE), run.output
    expect = re.match(r"# expect: ([A-Z]+\d{3}) (\d+:\d+)", BROKEN.read_text())
    assert expect, f"{BROKEN} lost its expect comment"
    code, position = expect.groups()
    assert code == "PK103"
    broken = f"protocols/{BROKEN.name}"
    assert [line.split(" ", 2)[:2] for line in findings(run.output)] == [[f"{broken}:{position}:", code]], run.output
    assert f"{broken}:{position}: {code} unknown region 'upper-bak'" in run.output
    checked = tallies(run.output)
    assert sum(n for n, _ in checked) == 2, run.output
    assert sorted(summary for _, summary in checked if summary != "no problems") == ["1 error"], run.output
