"""The committed panel and card bundles are exactly what `npm ci && npm run build` makes.

HACS installs custom_components/netio/ as it is in the repository, so the built files are
committed; this test rebuilds them from panel/ in a temporary copy and compares byte for byte.
"""

from __future__ import annotations

from pathlib import Path
import shutil
import subprocess

import pytest

ROOT = Path(__file__).parents[2]
FRONTEND = ROOT / "custom_components" / "netio" / "frontend"
BUNDLES = ("netio-panel.js", "netio-outlets-card.js")


@pytest.mark.skipif(shutil.which("npm") is None, reason="npm is not installed (see scripts/setup)")
def test_committed_bundles_are_reproducible(tmp_path: Path) -> None:
    """A clean install from the lock file and a build give the committed bytes."""
    shutil.copytree(
        ROOT / "panel", tmp_path / "panel", ignore=shutil.ignore_patterns("node_modules")
    )
    out = tmp_path / "custom_components" / "netio" / "frontend"
    out.mkdir(parents=True)
    for command in (["npm", "ci", "--no-audit", "--no-fund"], ["npm", "run", "build"]):
        subprocess.run(  # noqa: S603 - fixed commands in a temporary copy
            command, cwd=tmp_path / "panel", check=True, capture_output=True, timeout=600
        )
    assert sorted(p.name for p in out.iterdir()) == sorted(BUNDLES)
    for name in BUNDLES:
        assert (out / name).read_bytes() == (FRONTEND / name).read_bytes(), name
