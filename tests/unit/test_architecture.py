"""The layer rule, checked on the source: imports point inward, and core does no I/O."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "roomcast"
STDLIB = set(sys.stdlib_module_names)
# Standard-library modules that would let the pure core reach the outside world.
IO_MODULES = {"os", "socket", "subprocess", "pathlib", "io", "shutil", "sqlite3", "urllib"}
ALLOWED = {
    "core": {"roomcast.core"},
    "services": {"roomcast.core", "roomcast.services"},
}


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def _files(layer: str) -> list[Path]:
    return sorted((SRC / layer).rglob("*.py"))


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_inner_layers_import_only_the_standard_library_and_inner_layers(layer: str) -> None:
    for path in _files(layer):
        for module in _imports(path):
            top = module.split(".")[0]
            if top == "roomcast":
                assert any(module.startswith(a) for a in ALLOWED[layer]), (path, module)
            else:
                assert top in STDLIB or top == "__future__", (path, module)


def test_core_does_no_io() -> None:
    for path in _files("core"):
        assert not {m.split(".")[0] for m in _imports(path)} & IO_MODULES, path


def test_delivery_never_imports_adapters() -> None:
    for path in _files("delivery"):
        assert not any(m.startswith("roomcast.adapters") for m in _imports(path)), path
