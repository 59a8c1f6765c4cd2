"""Check that a release's version is the manifest's and CHANGELOG.md's newest; print its notes.

The release workflow runs `python3 scripts/release_notes.py <version> > release-notes.md` for a
tag `v<version>`: a tag that does not match `custom_components/netio/manifest.json`'s `version`
and the newest `## <version>` heading of CHANGELOG.md stops the release. Standard library only,
so it runs on the CI image's own Python.
"""

import json
from pathlib import Path
import re
import sys

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = ROOT / "custom_components" / "netio" / "manifest.json"
CHANGELOG = ROOT / "CHANGELOG.md"
HEADING = re.compile(r"^## (\d+\.\d+\.\d+)\b", re.MULTILINE)


def manifest_version() -> str:
    """The version the manifest declares."""
    return str(json.loads(MANIFEST.read_text(encoding="utf-8"))["version"])


def changelog_sections() -> list[tuple[str, str]]:
    """(version, notes) per `## <version>` heading of CHANGELOG.md, newest first."""
    text = CHANGELOG.read_text(encoding="utf-8")
    matches = list(HEADING.finditer(text))
    ends = [m.start() for m in matches[1:]] + [len(text)]
    return [
        (m.group(1), text[m.end() : end].split("\n", 1)[-1].strip())
        for m, end in zip(matches, ends, strict=True)
    ]


def main(argv: list[str]) -> int:
    """Print the newest changelog section when version, manifest and changelog agree."""
    if len(argv) != 1:
        print("usage: release_notes.py <version>", file=sys.stderr)
        return 2
    version = argv[0].removeprefix("v")
    sections = changelog_sections()
    newest = sections[0][0] if sections else None
    problems = []
    if (declared := manifest_version()) != version:
        problems.append(f"manifest.json says {declared}")
    if newest != version:
        problems.append(f"CHANGELOG.md's newest version is {newest}")
    if problems:
        print(f"release {version}: " + "; ".join(problems), file=sys.stderr)
        return 1
    print(sections[0][1])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
