"""Validating and building model objects from parsed YAML, following kiosk.content.schema.

Every problem is collected (not just the first) with the line and column it came from.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from difflib import get_close_matches
from pathlib import Path
from typing import Any

from kiosk.content import facts as fact_text
from kiosk.content.model import Fact, Text
from kiosk.content.paths import PathRefused, image_problem, resolve_reference
from kiosk.content.problems import Problem
from kiosk.content.schema import IMAGE, Field, Record
from kiosk.content.yamlsource import KeyPath, YamlDocument

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_-]*$")
LANGUAGE_PATTERN = re.compile(r"^[a-z]{2,3}$")
COLOR_PATTERN = re.compile(r"^#[0-9a-fA-F]{6}$")
TYPE_NAMES = {
    "text": "a text (a string, or one string per language)", "string": "a string", "id": "an id",
    "integer": "a whole number", "number": "a number", "boolean": "true or false", "color": "a colour",
    "language": "a language code", "path": "a file path", "record": "a mapping", "list": "a list",
}


class _Invalid:
    """Marks a value that produced a problem; records holding one are not built."""


INVALID = _Invalid()
ChartBuilder = Callable[[Any, Mapping[str, Fact], Sequence[str]], tuple[Any, list[str]]]


def describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    return f"'{value}'" if len(str(value)) < 40 else "a string"


def did_you_mean(word: str, options: Sequence[str]) -> str:
    hint = get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f" (did you mean '{hint[0]}'?)" if hint else ""


class Reader:
    def __init__(self, doc: YamlDocument, pack_root: Path, languages: Sequence[str], default_language: str,
                 facts: Mapping[str, Fact], problems: list[Problem],
                 chart_builder: ChartBuilder | None = None) -> None:
        self.doc = doc
        self.pack_root = pack_root
        self.languages = tuple(languages)
        self.default_language = default_language
        self.facts = facts
        self.problems = problems
        self.chart_builder = chart_builder

    def report(self, key_path: KeyPath, message: str, severity: str = "error") -> None:
        self.problems.append(self.doc.problem(key_path, message, severity))

    # --- records -------------------------------------------------------------------
    def record(self, record: Record, value: Any, key_path: KeyPath = ()) -> dict[str, Any] | _Invalid:
        if not isinstance(value, Mapping):
            self.report(key_path, f"{record.name} must be a mapping of keys, not {describe(value)}")
            return INVALID
        known = [f.name for f in record.fields]
        result: dict[str, Any] = {}
        valid = True
        for key in value:
            if key not in known:
                hint = did_you_mean(key, known)
                self.report((*key_path, key, "<key>"), f"unknown key '{key}' in {record.name}{hint}")
                valid = False
        for spec in record.fields:
            if spec.name not in value or value[spec.name] is None:
                if spec.required:
                    self.report(key_path, f"{record.name} is missing the required key '{spec.name}'")
                    valid = False
                continue
            converted = self.field(spec, value[spec.name], (*key_path, spec.name))
            if converted is INVALID:
                valid = False
            else:
                result[spec.name] = converted
        return result if valid else INVALID

    def build(self, record: Record, value: Any, key_path: KeyPath) -> Any:
        fields = self.record(record, value, key_path)
        if fields is INVALID or record.model is None:
            return fields
        if "src" in fields:  # file references keep what was written and where it leads
            fields["src"], fields["path"] = fields["src"]
            if record is IMAGE:
                problem = image_problem(fields["path"])
                if problem:
                    self.report((*key_path, "src"), problem)
                    return INVALID
        return record.model(**fields)

    # --- fields --------------------------------------------------------------------
    def field(self, spec: Field, value: Any, key_path: KeyPath) -> Any:
        reader = getattr(self, f"_read_{spec.kind}")
        return reader(spec, value, key_path)

    def _wrong_type(self, spec: Field, value: Any, key_path: KeyPath) -> _Invalid:
        self.report(key_path, f"'{spec.name}' must be {TYPE_NAMES.get(spec.kind, spec.kind)}, not {describe(value)}")
        return INVALID

    def _read_string(self, spec: Field, value: Any, key_path: KeyPath) -> Any:
        if not isinstance(value, str) or not value.strip():
            return self._wrong_type(spec, value, key_path)
        if spec.choices and value not in spec.choices:
            self.report(key_path, f"'{spec.name}' must be one of {', '.join(spec.choices)}, not '{value}'"
                        f"{did_you_mean(value, spec.choices)}")
            return INVALID
        return value

    def _read_id(self, spec: Field, value: Any, key_path: KeyPath) -> Any:
        if not isinstance(value, str) or not ID_PATTERN.match(value):
            self.report(key_path, f"'{spec.name}' must be an id (lower-case letters, digits, '_' or '-', "
                                  f"starting with a letter), not {describe(value)}")
            return INVALID
        return value

    def _read_language(self, spec: Field, value: Any, key_path: KeyPath) -> Any:
        if not isinstance(value, str) or not LANGUAGE_PATTERN.match(value):
            self.report(key_path, f"'{spec.name}' must be a language code such as en or fr, not {describe(value)}")
            return INVALID
        return value

    def _read_color(self, spec: Field, value: Any, key_path: KeyPath) -> Any:
        if not isinstance(value, str) or not COLOR_PATTERN.match(value):
            self.report(key_path, f"'{spec.name}' must be a colour written #rrggbb, not {describe(value)}")
            return INVALID
        return value.lower()

    def _read_boolean(self, spec: Field, value: Any, key_path: KeyPath) -> Any:
        return value if isinstance(value, bool) else self._wrong_type(spec, value, key_path)

    def _read_integer(self, spec: Field, value: Any, key_path: KeyPath) -> Any:
        if isinstance(value, bool) or not isinstance(value, int):
            return self._wrong_type(spec, value, key_path)
        return self._in_range(spec, value, key_path)

    def _read_number(self, spec: Field, value: Any, key_path: KeyPath) -> Any:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
            return self._wrong_type(spec, value, key_path)
        return self._in_range(spec, float(value), key_path)

    def _in_range(self, spec: Field, value: float, key_path: KeyPath) -> Any:
        if (spec.minimum is not None and value < spec.minimum) or (spec.maximum is not None and value > spec.maximum):
            self.report(key_path, f"'{spec.name}' must be between {spec.minimum:g} and {spec.maximum:g}, not {value:g}")
            return INVALID
        return value

    def _read_path(self, spec: Field, value: Any, key_path: KeyPath) -> Any:
        if not isinstance(value, str) or not value.strip():
            return self._wrong_type(spec, value, key_path)
        try:
            return value, resolve_reference(value, self.pack_root)
        except PathRefused as exc:
            self.report(key_path, str(exc))
            return INVALID

    def _read_record(self, spec: Field, value: Any, key_path: KeyPath) -> Any:
        assert isinstance(spec.item, Record)
        return self.build(spec.item, value, key_path)

    def _read_list(self, spec: Field, value: Any, key_path: KeyPath) -> Any:
        if not isinstance(value, list):
            return self._wrong_type(spec, value, key_path)
        if len(value) < spec.min_items or (spec.max_items is not None and len(value) > spec.max_items):
            most = "" if spec.max_items is None else f" and at most {spec.max_items}"
            self.report(key_path, f"'{spec.name}' needs at least {spec.min_items}{most} items, not {len(value)}")
            return INVALID
        item_spec = spec.item
        items = []
        for index, item in enumerate(value):
            if isinstance(item_spec, Record):
                converted = self.build(item_spec, item, (*key_path, index))
            else:
                converted = self.field(Field(f"{spec.name}[{index + 1}]", str(item_spec), ""), item, (*key_path, index))
            items.append(converted)
        if any(item is INVALID for item in items):
            return INVALID
        ids = [getattr(item, "id", None) for item in items]
        for index, item_id in enumerate(ids):
            if item_id is not None and item_id in ids[:index]:
                self.report((*key_path, index, "id"), f"duplicate id '{item_id}' in '{spec.name}'")
                return INVALID
        return tuple(items)

    def _read_chart(self, spec: Field, value: Any, key_path: KeyPath) -> Any:
        if self.chart_builder is None:
            return value
        chart, errors = self.chart_builder(value, self.facts, self.languages)
        for error in errors:
            where, _, message = error.partition(": ")
            sub_path = tuple(int(p) if p.isdigit() else p for p in where.split(".") if p) if message else ()
            self.report((*key_path, *sub_path), message or error)
        return INVALID if errors else chart

    def _read_text(self, spec: Field, value: Any, key_path: KeyPath) -> Any:
        if isinstance(value, str):
            raw = {self.default_language: value}
            if len(self.languages) > 1:
                missing = [lang for lang in self.languages if lang != self.default_language]
                self.report(key_path, f"'{spec.name}' is missing the {', '.join(missing)} text "
                                      f"(write one text per language: {', '.join(self.languages)})")
                return INVALID
        elif isinstance(value, Mapping):
            raw = {}
            ok = True
            for language, text in value.items():
                if language not in self.languages:
                    self.report((*key_path, language, "<key>"), f"'{language}' is not one of the exhibit's languages "
                                f"({', '.join(self.languages)}){did_you_mean(str(language), self.languages)}")
                    ok = False
                elif not isinstance(text, str) or not text.strip():
                    self.report((*key_path, language), f"the {language} text of '{spec.name}' must be a non-empty "
                                                        f"string, not {describe(text)}")
                    ok = False
                else:
                    raw[language] = text
            for language in self.languages:
                if language not in value:
                    self.report(key_path, f"'{spec.name}' is missing the {language} text")
                    ok = False
            if not ok:
                return INVALID
        else:
            return self._wrong_type(spec, value, key_path)
        return self._fill_facts(spec, raw, key_path)

    def _fill_facts(self, spec: Field, raw: dict[str, str], key_path: KeyPath) -> Any:
        values: dict[str, str] = {}
        ok = True
        for language, text in raw.items():
            filled, unknown = fact_text.fill(text, self.facts, language)
            where = (*key_path, language) if (*key_path, language) in self.doc.marks else key_path
            for message in unknown:
                self.report(where, message)
                ok = False
            digits = fact_text.untraceable_digits(text)
            if digits:
                self.report(where, f"the number {digits[0]} is typed into the text; take it from the fact register "
                                   "so it has a source: {fact:ID}", severity="warning")
            values[language] = filled
        return Text(values, raw) if ok else INVALID
