"""Reading an ACI YAML file (or a JSON template) into plain data plus a line for every node.

Liberal as the service is: an unquoted ``apiVersion: 2019-12-01`` stays the string
it looks like (YAML would make it a date). A file that is not YAML at all is refused
with its line, never a traceback.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path as FsPath
from typing import Any

import yaml

from acitui.errors import InvalidInputError
from acitui.spec.model import Path

#: Files bigger than this are not container group specs.
MAX_FILE_BYTES = 4 * 1024 * 1024
_TIMESTAMP = "tag:yaml.org,2002:timestamp"


class _Loader(yaml.SafeLoader):
    """SafeLoader without the timestamp resolver: dates stay strings."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != _TIMESTAMP]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass(frozen=True, slots=True)
class Document:
    """A parsed file: its data and the 1-based line of each key or item by path."""

    file: str
    data: Any
    lines: dict[Path, int] = field(default_factory=dict)


#: More nodes than this (counting alias expansions) is not a group definition.
MAX_NODES = 100_000


class _TooBig(Exception):
    pass


def _walk(node: yaml.Node, path: Path, lines: dict[Path, int], budget: list[int]) -> None:
    budget[0] -= 1
    if budget[0] < 0:
        raise _TooBig
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                key_path = (*path, str(key_node.value))
                lines[key_path] = key_node.start_mark.line + 1
                _walk(value_node, key_path, lines, budget)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, (*path, index), lines, budget)


def parse_text(text: str, file: str = "<text>") -> Document:
    """Parse YAML (JSON is YAML too); raise InvalidInputError with the line on bad syntax."""
    loader: _Loader | None = None
    try:
        loader = _Loader(text)
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
        lines: dict[Path, int] = {}
        if node is not None:
            _walk(node, (), lines, [MAX_NODES])
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = f":{mark.line + 1}" if mark is not None else ""
        problem = exc.problem or exc.context or "not valid YAML"
        fallback = _json_fallback(text, file)
        if fallback is not None:
            return fallback
        raise InvalidInputError(
            f"{file}{line}: {problem}", hint="Fix the file's syntax (YAML or JSON)."
        ) from None
    except yaml.YAMLError as exc:
        detail = " ".join(str(exc).split())
        raise InvalidInputError(f"{file}: not valid YAML ({detail})") from None
    except RecursionError:
        raise InvalidInputError(f"{file}: nested too deeply to be a group definition") from None
    except _TooBig:
        raise InvalidInputError(
            f"{file}: more than {MAX_NODES} nodes (aliases included)",
            hint="A group definition is far smaller: wrong file?",
        ) from None
    finally:
        if loader is not None:
            loader.dispose()
    if node is None:
        raise InvalidInputError(f"{file} is empty", hint="Give a container group definition.")
    return Document(file, data, lines)


def _json_fallback(text: str, file: str) -> Document | None:
    """JSON that PyYAML rejects (tabs, some escapes): the data, without lines."""
    if not text.lstrip().startswith("{"):
        return None
    try:
        return Document(file, json.loads(text))
    except ValueError:
        return None


def read_file(path: str | FsPath) -> Document:
    """Read and parse a file; missing, unreadable or oversized files are one-line errors."""
    fs_path = FsPath(path)
    try:
        size = fs_path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InvalidInputError(
                f"{path} is {size // 1024} KiB",
                hint="A group definition is far smaller: wrong file?",
            )
        raw = fs_path.read_bytes()
    except FileNotFoundError:
        raise InvalidInputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InvalidInputError(
            f"{path} is a directory", hint="Give a YAML or JSON file."
        ) from None
    except OSError as exc:
        raise InvalidInputError(f"{path}: cannot read it ({exc.strerror})") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInputError(
            f"{path} is not UTF-8 text", hint="Give a YAML or JSON file."
        ) from None
    return parse_text(text, str(path))
