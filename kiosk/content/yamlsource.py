"""Reading YAML safely, remembering where every value came from.

Only PyYAML's safe composer is used. The document is bounded in size, and the tree is
converted by hand with a budget on nodes, so an alias bomb ("billion laughs") is refused
quickly instead of eating memory. Every mapping key and value keeps its line and column
for `path:line:column: message` reports.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kiosk.content.problems import Problem

# libyaml's parser when PyYAML was built with it (the wheels are): five times faster than the
# pure-Python one, with the same events, nodes, marks and errors.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_FILE_BYTES = 1_000_000
MAX_NODES = 50_000
MAX_DEPTH = 40

KeyPath = tuple[str | int, ...]


@dataclass
class YamlDocument:
    """A parsed file: plain Python values plus the position of each of them."""

    path: Path
    value: Any
    marks: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)

    def where(self, key_path: KeyPath) -> tuple[int, int]:
        """Line and column of the value at key_path, or of its nearest parent."""
        for cut in range(len(key_path), -1, -1):
            mark = self.marks.get(key_path[:cut])
            if mark is not None:
                return mark
        return (1, 1)

    def problem(self, key_path: KeyPath, message: str, severity: str = "error") -> Problem:
        line, column = self.where(key_path)
        return Problem(self.path, line, column, message, severity)


class _TooLarge(Exception):
    def __init__(self, node: yaml.Node, message: str) -> None:
        super().__init__(message)
        self.node = node


class _Converter:
    def __init__(self, doc: YamlDocument) -> None:
        self.doc = doc
        self.budget = MAX_NODES
        self.scalar_loader = yaml.SafeLoader("")
        self.duplicate_keys: list[Problem] = []

    def convert(self, node: yaml.Node, key_path: KeyPath, depth: int) -> Any:
        self.budget -= 1
        if self.budget < 0:
            raise _TooLarge(node, f"document is too large or expands too far (more than {MAX_NODES} values; "
                                  "aliases are expanded)")
        if depth > MAX_DEPTH:
            raise _TooLarge(node, f"nesting deeper than {MAX_DEPTH} levels")
        self.doc.marks[key_path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, key_path, depth)
        if isinstance(node, yaml.SequenceNode):
            return [self.convert(item, (*key_path, i), depth + 1) for i, item in enumerate(node.value)]
        return self.scalar_loader.construct_object(node)

    def _mapping(self, node: yaml.MappingNode, key_path: KeyPath, depth: int) -> dict[Any, Any]:
        # Keys the mapping writes itself; merged (`<<:`) keys may be overridden by them.
        own = {id(k) for k, _ in node.value if k.tag != "tag:yaml.org,2002:merge"}
        self.scalar_loader.flatten_mapping(node)  # merges `<<:` keys the way PyYAML does
        result: dict[Any, Any] = {}
        written: set[str] = set()
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise _TooLarge(key_node, "a mapping key must be a plain value")
            key = self.scalar_loader.construct_object(key_node)
            if not isinstance(key, str):
                key = str(key)
            child = (*key_path, key)
            if id(key_node) in own:
                if key in written:
                    self.duplicate_keys.append(Problem(
                        self.doc.path, key_node.start_mark.line + 1, key_node.start_mark.column + 1,
                        f"duplicate key '{key}' (the later value would silently win)"))
                written.add(key)
            result[key] = self.convert(value_node, child, depth + 1)
            self.doc.marks[(*child, "<key>")] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
        return result


def _decode(path: Path, data: bytes) -> tuple[str | None, Problem | None]:
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        return None, Problem(path, line, column,
                             f"the file is not UTF-8 text (byte 0x{data[exc.start]:02x}); save it as UTF-8")


def read_yaml(path: Path) -> tuple[YamlDocument | None, list[Problem]]:
    """Parse one YAML file. Returns (document, problems); document is None when unusable."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return None, [Problem(path, 0, 0, f"file is too large ({size} bytes; at most {MAX_FILE_BYTES})")]
        data = path.read_bytes()
    except OSError as exc:
        return None, [Problem(path, 0, 0, f"cannot read the file: {exc.strerror or exc}")]
    text, problem = _decode(path, data)
    if problem is not None or text is None:
        return None, [problem] if problem else []
    return parse_yaml_text(path, text)


def _too_deep(path: Path, text: str) -> Problem | None:
    """PyYAML's composer recurses once per level, so depth is checked on the flat event
    stream first: a few kilobytes of '[' must be a problem, not a RecursionError."""
    depth = 0
    for event in yaml.parse(text, Loader=SAFE_LOADER):
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                mark = event.start_mark
                return Problem(path, mark.line + 1, mark.column + 1, f"nesting deeper than {MAX_DEPTH} levels")
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
    return None


def _is_tab_at(text: str, mark: yaml.Mark | None) -> bool:
    if mark is None:
        return False
    lines = text.splitlines()
    return mark.line < len(lines) and "\t" in lines[mark.line][: mark.column + 1]


def parse_yaml_text(path: Path, text: str) -> tuple[YamlDocument | None, list[Problem]]:
    try:
        deep = _too_deep(path, text)
        if deep is not None:
            return None, [deep]
        node = yaml.compose(text, Loader=SAFE_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        message = " ".join(part for part in (exc.context, exc.problem) if part) or "invalid YAML"
        if _is_tab_at(text, exc.problem_mark):
            message += " (YAML does not allow tabs for indentation; use spaces)"
        return None, [Problem(path, line, column, f"YAML syntax error: {message}")]
    except yaml.reader.ReaderError as exc:  # a control character such as NUL: binary data, not text
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        return None, [Problem(path, line, column, f"the file holds a control character (#x{exc.character:04x}) "
                              "that YAML does not allow; is it a text file?")]
    except yaml.YAMLError as exc:
        return None, [Problem(path, 0, 0, f"YAML error: {' '.join(str(exc).split())}")]
    doc = YamlDocument(path, None)
    if node is None:
        return None, [Problem(path, 0, 0, "the file is empty")]
    converter = _Converter(doc)
    try:
        doc.value = converter.convert(node, (), 0)
    except _TooLarge as exc:
        mark = exc.node.start_mark
        return None, [Problem(path, mark.line + 1, mark.column + 1, str(exc))]
    except yaml.MarkedYAMLError as exc:  # a tag the safe loader will not construct: !!python/..., !include
        mark = exc.problem_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        return None, [Problem(path, line, column, f"YAML value error: {exc.problem} (only plain YAML values are "
                              "allowed)")]
    except (yaml.YAMLError, ValueError, TypeError, OverflowError) as exc:
        # e.g. a timestamp like 2006-13-45 that the safe constructor rejects
        return None, [Problem(path, 1, 1, f"YAML value error: {exc}")]
    return doc, converter.duplicate_keys
