"""The client stands alone: no Home Assistant, no simulator, nothing outside its package."""

import ast
from pathlib import Path
import subprocess
import sys

CLIENT = Path(__file__).parents[2] / "custom_components" / "netio" / "client"
FORBIDDEN = ("homeassistant", "netio_simulator", "custom_components")

STANDALONE = """
import importlib, importlib.util, pkgutil, sys
spec = importlib.util.spec_from_file_location(
    "netio_client", sys.argv[1] + "/__init__.py", submodule_search_locations=[sys.argv[1]]
)
package = importlib.util.module_from_spec(spec)
sys.modules["netio_client"] = package
spec.loader.exec_module(package)
names = [info.name for info in pkgutil.walk_packages(package.__path__, "netio_client.")]
for name in names:
    importlib.import_module(name)
print(len(names))
print(" ".join(sorted(m for m in sys.modules if m.split(".")[0] in sys.argv[2:])))
"""


def _modules() -> list[Path]:
    return sorted(CLIENT.rglob("*.py"))


def test_no_module_imports_outside_the_client() -> None:
    assert len(_modules()) >= 12
    for path in _modules():
        depth = len(path.relative_to(CLIENT).parts) - 1  # 0 for client/x.py
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                assert node.level <= depth + 1, f"{path}: imports beyond the client package"
                names = [node.module or ""] if node.level == 0 else []
            else:
                continue
            for name in names:
                assert name.split(".")[0] not in FORBIDDEN, f"{path} imports {name}"


def test_the_package_imports_standalone_without_home_assistant() -> None:
    result = subprocess.run(  # noqa: S603  # our interpreter, our script
        [sys.executable, "-c", STANDALONE, str(CLIENT), *FORBIDDEN],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    count, loaded = [*result.stdout.splitlines(), ""][:2]
    assert int(count) >= 12  # every module was imported
    assert loaded == ""


def test_it_ships_type_information() -> None:
    assert (CLIENT / "py.typed").is_file()
