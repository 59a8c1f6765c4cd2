"""The GitHub workflows are valid YAML and call what exists; the release versions agree.

The workflows cannot run here; these checks catch what would break them first: a renamed script,
a zip name HACS does not expect, a tag the manifest and the changelog do not share.
"""

import json
from pathlib import Path
import re
import shlex
import subprocess
import sys
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"
MANIFEST = ROOT / "custom_components" / "netio" / "manifest.json"
RELEASE_NOTES = ROOT / "scripts" / "release_notes.py"


def workflow(name: str) -> dict[str, Any]:
    """A workflow file as data (YAML 1.1 reads the key `on` as True: give it its name back)."""
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    if True in data:
        data["on"] = data.pop(True)
    return data


def steps(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Every step of every job."""
    return [step for job in data["jobs"].values() for step in job["steps"]]


def uses(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Action name (without the @ref) -> the step's `with`."""
    return {
        step["uses"].split("@")[0]: step.get("with", {}) for step in steps(data) if "uses" in step
    }


def version() -> str:
    """The manifest's version."""
    return str(json.loads(MANIFEST.read_text(encoding="utf-8"))["version"])


@pytest.mark.parametrize("name", sorted(p.name for p in WORKFLOWS.glob("*.yml")))
def test_workflow_is_well_formed(name: str) -> None:
    """Each workflow has a name, triggers and jobs whose steps run or use something."""
    data = workflow(name)
    assert data["name"]
    assert data["on"]
    for job in data["jobs"].values():
        assert job["runs-on"] == "ubuntu-latest"
        for step in job["steps"]:
            assert ("run" in step) != ("uses" in step), step


@pytest.mark.parametrize("name", sorted(p.name for p in WORKFLOWS.glob("*.yml")))
def test_commands_exist(name: str) -> None:
    """Every repository script a `run:` step calls exists (and is executable when run directly)."""
    for step in steps(workflow(name)):
        for line in step.get("run", "").splitlines():
            for word in shlex.split(line, comments=True):
                if not re.fullmatch(r"(scripts|\.ci)/[\w.-]+", word):
                    continue
                path = ROOT / word
                assert path.is_file(), f"{name}: {word} does not exist"
                if not word.endswith(".py"):
                    assert path.stat().st_mode & 0o111, f"{name}: {word} is not executable"


def test_validate_runs_hassfest_and_hacs_on_every_push() -> None:
    """Hassfest and HACS's action check every push and pull request; only two checks are off."""
    data = workflow("validate.yml")
    assert {"push", "pull_request"} <= set(data["on"])
    actions = uses(data)
    assert "home-assistant/actions/hassfest" in actions
    hacs = actions["hacs/action"]
    assert hacs["category"] == "integration"
    assert set(hacs["ignore"].split()) == {"brands", "core_domain_override"}


def test_tests_run_setup_and_test() -> None:
    """The test workflow runs the contributor's two commands on Python 3.14."""
    data = workflow("tests.yml")
    assert {"push", "pull_request"} <= set(data["on"])
    assert [s["run"] for s in steps(data) if "run" in s] == ["scripts/setup", "scripts/test"]
    assert uses(data)["actions/setup-python"]["python-version"] == "3.14"


def test_release_attaches_the_zip_hacs_expects() -> None:
    """A version tag zips custom_components/netio under the file name hacs.json gives."""
    data = workflow("release.yml")
    assert data["on"] == {"push": {"tags": ["v*"]}}
    hacs = json.loads((ROOT / "hacs.json").read_text(encoding="utf-8"))
    assert hacs["zip_release"] is True
    runs = "\n".join(s["run"] for s in steps(data) if "run" in s)
    assert f'cd custom_components/netio && zip -r "$GITHUB_WORKSPACE/{hacs["filename"]}" .' in runs
    assert f'gh release create "$GITHUB_REF_NAME" {hacs["filename"]}' in runs
    assert "scripts/release_notes.py" in runs


def test_changelog_and_manifest_versions_agree() -> None:
    """CHANGELOG.md's newest section is the manifest's version; its notes become the release's."""
    result = run_release_notes(version())
    assert result.returncode == 0, result.stderr
    notes = result.stdout.strip()
    assert notes
    assert not notes.startswith("#")


def run_release_notes(tag: str) -> subprocess.CompletedProcess[str]:
    """Run scripts/release_notes.py as the release workflow does."""
    return subprocess.run(  # noqa: S603 - this interpreter, a script of the repository
        [sys.executable, str(RELEASE_NOTES), tag],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


def test_a_tag_that_is_not_the_manifest_version_stops_the_release() -> None:
    """A tag for another version fails and says what the manifest and changelog say."""
    result = run_release_notes("v99.0.0")
    assert result.returncode == 1
    assert f"manifest.json says {version()}" in result.stderr
    assert f"CHANGELOG.md's newest version is {version()}" in result.stderr
    assert run_release_notes(f"v{version()}").returncode == 0
    assert run_release_notes("").returncode == 1
    assert run_release_notes("1").returncode == 1
