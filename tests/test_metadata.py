"""The files HACS and hassfest read follow their rules."""

import json
from pathlib import Path
import re

import pytest

ROOT = Path(__file__).resolve().parent.parent
INTEGRATION = ROOT / "custom_components" / "netio"

# The keys HACS's hacs.json schema accepts; it rejects any other.
HACS_KEYS = {
    "name",
    "content_in_root",
    "zip_release",
    "filename",
    "hide_default_branch",
    "country",
    "homeassistant",
    "hacs",
    "persistent_directory",
    "render_readme",
}


def load(path: Path) -> dict[str, object]:
    """Return a JSON file's object."""
    data = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_manifest_key_order() -> None:
    """Hassfest wants domain, name, then the other keys in alphabetical order."""
    keys = list(load(INTEGRATION / "manifest.json"))
    assert keys[:2] == ["domain", "name"]
    assert keys[2:] == sorted(keys[2:])


def test_manifest_content() -> None:
    """The manifest declares what a custom device integration must."""
    manifest = load(INTEGRATION / "manifest.json")
    assert manifest["domain"] == INTEGRATION.name
    assert manifest["config_flow"] is True
    assert manifest["integration_type"] == "device"
    assert manifest["iot_class"] == "local_polling"
    assert re.fullmatch(r"\d+\.\d+\.\d+", str(manifest["version"]))
    for key in ("documentation", "issue_tracker"):
        url = str(manifest[key])
        assert url.startswith("https://")
        assert not url.startswith("https://www.home-assistant.io")
    assert manifest["codeowners"]
    assert {"macaddress": "24A42C*"} in manifest["dhcp"]  # type: ignore[operator]
    assert {"registered_devices": True} in manifest["dhcp"]  # type: ignore[operator]
    requirements = manifest["requirements"]
    assert isinstance(requirements, list)
    assert all("==" in requirement for requirement in requirements)


def test_manifest_requirements_match_requirements_txt() -> None:
    """The pins the integration declares are the ones development installs."""
    manifest = load(INTEGRATION / "manifest.json")
    lines = (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
    pinned = {line.strip() for line in lines if line.strip() and not line.startswith("#")}
    assert set(manifest["requirements"]) == pinned  # type: ignore[arg-type]


def test_hacs_json() -> None:
    """hacs.json has a name, a minimum Home Assistant and nothing HACS would reject."""
    hacs = load(ROOT / "hacs.json")
    assert set(hacs) <= HACS_KEYS
    assert hacs["name"] == "NETIO"
    assert hacs["homeassistant"] == "2026.10.0"


@pytest.mark.parametrize(
    "name",
    [
        f"{prefix}{kind}{scale}.png"
        for prefix in ("", "dark_")
        for kind in ("icon", "logo")
        for scale in ("", "@2x")
    ],
)
def test_brand_images(name: str) -> None:
    """Every brand image Home Assistant looks for is a PNG."""
    assert (INTEGRATION / "brand" / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
