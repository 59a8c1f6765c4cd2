"""A test skipped for a missing command-line tool fails in CI (tests/tools.py)."""

import os
from pathlib import Path
import subprocess
import sys

ROOT = Path(__file__).parent.parent

NEEDS_A_MISSING_TOOL = '''
import pytest

from tests.tools import requires_tools


@requires_tools("netio-test-no-such-tool", package="netio-test-none")
def test_needs_the_tool() -> None:
    """Never runs: the tool does not exist."""


def test_skipped_for_another_reason() -> None:
    """A skip that is not about a tool stays a skip, in CI too."""
    pytest.skip("not about a tool")
'''


def run_pytest(tmp_path: Path, *, ci: str | None) -> subprocess.CompletedProcess[str]:
    """Run a test that needs a missing tool in its own pytest, with our hook, CI set or not."""
    test = tmp_path / "test_needs_tool.py"
    test.write_text(NEEDS_A_MISSING_TOOL, encoding="utf-8")
    (tmp_path / "conftest.py").write_text(
        "from tests.conftest import pytest_runtest_makereport  # noqa: F401\n", encoding="utf-8"
    )
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    if ci is not None:
        env["CI"] = ci
    env["PYTHONPATH"] = str(ROOT)
    env["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    return subprocess.run(  # noqa: S603 - this interpreter, a test file of our own
        [sys.executable, "-m", "pytest", "-q", "-rA", "-p", "no:cacheprovider", str(test)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_missing_tool_skips_outside_ci(tmp_path: Path) -> None:
    """On a developer's machine the test is skipped, and the reason names the tool and package."""
    result = run_pytest(tmp_path, ci=None)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 skipped" in result.stdout
    assert "missing tool: netio-test-no-such-tool" in result.stdout
    assert "netio-test-none" in result.stdout


def test_missing_tool_fails_in_ci(tmp_path: Path) -> None:
    """With CI set, the same skip is a failure that says which tool is missing."""
    result = run_pytest(tmp_path, ci="true")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "1 error" in result.stdout
    assert "1 skipped" in result.stdout  # the skip that is not about a tool
    assert "missing tool: netio-test-no-such-tool" in result.stdout
    assert "CI is set" in result.stdout


def test_empty_ci_is_not_ci(tmp_path: Path) -> None:
    """An empty CI variable (as some shells export) does not count as CI."""
    result = run_pytest(tmp_path, ci="")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 skipped" in result.stdout
