"""The one YAML loader for data files analysts edit (feed lists, gazetteers, topic rules, letters,
outlets): every string, mapping and list remembers its line, so a mistake is reported as file:line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from mediamon.errors import ConfigError


class LocStr(str):
    """A YAML string that knows the (1-based) line it came from."""

    line: int = 0


class LocDict(dict):
    """A YAML mapping that knows the (1-based) line it starts on and the line of each key."""

    line: int = 0
    key_lines: dict[Any, int]


class LocList(list):
    """A YAML sequence that knows the (1-based) line it starts on."""

    line: int = 0


# libyaml's parser when the wheel has it (~5x faster on the topic rules), the pure-Python one otherwise.
class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    pass


def _str(loader: _LineLoader, node: yaml.ScalarNode) -> LocStr:
    value = LocStr(loader.construct_scalar(node))
    value.line = node.start_mark.line + 1
    return value


def _map(loader: _LineLoader, node: yaml.MappingNode) -> LocDict:
    value = LocDict()
    value.line = node.start_mark.line + 1
    value.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in value:
            raise ConfigError(f"{loader.name}:{key_node.start_mark.line + 1}: duplicate key {key!r}")
        value[key] = loader.construct_object(value_node, deep=True)
        value.key_lines[key] = key_node.start_mark.line + 1
    return value


def _seq(loader: _LineLoader, node: yaml.SequenceNode) -> LocList:
    value = LocList(loader.construct_object(child, deep=True) for child in node.value)
    value.line = node.start_mark.line + 1
    return value


_LineLoader.add_constructor("tag:yaml.org,2002:str", _str)
_LineLoader.add_constructor("tag:yaml.org,2002:map", _map)
_LineLoader.add_constructor("tag:yaml.org,2002:seq", _seq)


def load_yaml(path: Path) -> Any:
    """Parse one data file; syntax errors and duplicate keys become ConfigError with file:line."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from exc
    return parse_yaml(text, str(path))


def parse_yaml(text: str, source: str) -> Any:
    """Parse YAML text that came from `source` (named in errors as `source:line`)."""
    loader = _LineLoader(text)
    loader.name = source
    try:
        return loader.get_single_data()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{source}:{mark.line + 1}" if mark else source
        raise ConfigError(f"{where}: invalid YAML: {getattr(exc, 'problem', None) or exc}") from exc
    finally:
        loader.dispose()


def where(path: Path, node: Any, parent: Any = None) -> str:
    """`file:line` of a loaded node; for a key without a line of its own (a number), its parent's record."""
    line = getattr(node, "line", 0) or getattr(parent, "key_lines", {}).get(node, 0)
    return f"{path}:{line}" if line else str(path)
