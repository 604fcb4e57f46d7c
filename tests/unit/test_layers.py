"""The layers of docs/architecture.md, enforced by reading every import (also those inside functions
and module names handed to importlib as strings), so a shortcut across layers fails here first."""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Faust-free domain logic inside processors/: the stages run it, the CLI and the API call it directly.
DOMAIN = ("language", "iptc", "mentions", "stories", "subscriptions")
STREAMING = ("faust", "aiokafka", "mode")
MODULE_STRING = re.compile(r"^(?:apps|ingest|processors|mediamon)(?:\.\w+)+$")


def layer_of(path: Path) -> str:
    parts = path.relative_to(ROOT).parts
    if parts == ("mediamon", "__main__.py"):
        return "entry"  # `python -m mediamon` is an entry point by definition
    return {"mediamon": "core", "ingest": "ingest", "processors": "processors", "apps": "entry"}[parts[0]]


def imports_of(path: Path) -> list[tuple[int, str]]:
    """(line, absolute module name) of every import statement and importlib-style module string."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and MODULE_STRING.match(node.value):
            found.append((node.lineno, node.value))
    return found


def all_imports() -> list[tuple[Path, int, str]]:
    return [(path, line, module)
            for top in ("mediamon", "ingest", "processors", "apps")
            for path in sorted((ROOT / top).rglob("*.py"))
            for line, module in imports_of(path)]


def target_layer(module: str) -> str | None:
    top = module.split(".")[0]
    return {"mediamon": "core", "ingest": "ingest", "processors": "processors", "apps": "entry"}.get(top)


FORBIDDEN = {
    "core": {"ingest", "processors", "entry"},
    "ingest": {"processors", "entry"},
    "processors": {"ingest", "entry"},
    "entry": set(),
}


def violations() -> list[str]:
    found = []
    for path, line, module in all_imports():
        here, there = layer_of(path), target_layer(module)
        where = f"{path.relative_to(ROOT)}:{line} imports {module}"
        if there in FORBIDDEN[here]:
            found.append(f"{where} ({here} must not import {there})")
        parts = path.relative_to(ROOT).parts
        if here == "processors" and len(parts) > 2 and parts[1] in DOMAIN:
            name = module.split(".")
            if name[0] in STREAMING:
                found.append(f"{where} (domain logic must not need faust or Kafka)")
            elif name[0] == "processors" and (len(name) < 2 or name[1] not in DOMAIN):
                found.append(f"{where} (domain logic must not import a stage)")
    return found


def test_every_layer_is_scanned() -> None:
    """The rules below would pass vacuously if the scan found nothing."""
    layers = {layer_of(path) for path, _, _ in all_imports()}
    assert layers == {"core", "ingest", "processors", "entry"}
    assert any(m.startswith("processors.") for p, _, m in all_imports() if layer_of(p) == "entry")


def test_no_import_crosses_the_layers() -> None:
    assert violations() == []


@pytest.mark.parametrize(("source", "module", "broken"), [
    ("mediamon/settings.py", "processors.app", "core must not import processors"),
    ("mediamon/records/articles.py", "apps.cli", "core must not import entry"),
    ("ingest/check.py", "processors.language", "ingest must not import processors"),
    ("processors/enrich/agent.py", "ingest.poller", "processors must not import ingest"),
    ("processors/indexer/agent.py", "apps.api.app", "processors must not import entry"),
    ("processors/mentions/gazetteer.py", "processors.enrich.annotate", "domain logic must not import a stage"),
    ("processors/subscriptions/render.py", "faust", "domain logic must not need faust or Kafka"),
])
def test_a_forbidden_import_is_reported(monkeypatch: pytest.MonkeyPatch, source: str, module: str,
                                        broken: str) -> None:
    path = ROOT / source
    monkeypatch.setattr(sys.modules[__name__], "all_imports", lambda: [(path, 1, module)])
    assert [v for v in violations() if broken in v] == [f"{source}:1 imports {module} ({broken})"]
