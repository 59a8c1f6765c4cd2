"""READMEs describe files that are there: every path they name in backticks exists."""

from pathlib import Path
import re

import pytest

ROOT = Path(__file__).parents[1]
READMES = [ROOT / "panel" / "README.md", ROOT / "blueprints" / "automation" / "netio" / "README.md"]
# A README names a file or folder in backticks; one that is not there yet is named in plain text.
NAMED_PATH = re.compile(r"`((?:custom_components|panel|blueprints)/[^`]+)`")


@pytest.mark.parametrize("readme", READMES, ids=lambda path: str(path.relative_to(ROOT)))
def test_named_paths_exist(readme: Path) -> None:
    """A README names only files and folders that exist."""
    for match in NAMED_PATH.finditer(readme.read_text(encoding="utf-8")):
        assert (ROOT / match.group(1).rstrip("/")).exists(), (readme, match.group(1))
