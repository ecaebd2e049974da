"""The fact register: every figure the exhibit shows, with its source.

Texts refer to facts as `{fact:ID}`; this module checks the register, formats a fact's
value for a language and fills placeholders in.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from difflib import get_close_matches
from pathlib import Path
from typing import Any

from kiosk.content.model import Fact
from kiosk.content.problems import Problem
from kiosk.content.yamlsource import read_yaml

PLACEHOLDER = re.compile(r"\{fact:([^{}]*)\}")
FACT_ID = re.compile(r"^[a-z0-9_]+(\.[a-z0-9_]+)*$")
KINDS = ("number", "year", "date", "text")
FACT_KEYS = ("value", "kind", "unit", "statement", "source", "note")

MONTHS = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
           "septembre", "octobre", "novembre", "décembre"),
}
# How each language groups thousands and marks decimals (French: narrow no-break space, comma).
NUMBER_MARKS = {"en": (",", "."), "fr": ("\u202f", ",")}


def format_number(value: float, language: str) -> str:
    group, decimal = NUMBER_MARKS.get(language, (",", "."))
    if isinstance(value, bool):
        return str(value)
    text = f"{int(value):,}" if isinstance(value, int) or float(value).is_integer() else f"{value:,}"
    return text.replace(",", "\x00").replace(".", decimal).replace("\x00", group)


def format_date(value: dt.date, language: str) -> str:
    months = MONTHS.get(language)
    if months is None:
        return value.isoformat()
    day = "1er" if language == "fr" and value.day == 1 else str(value.day)
    return f"{day} {months[value.month - 1]} {value.year}"


def format_fact(fact: Fact, language: str) -> str:
    if fact.kind == "date":
        return format_date(fact.value, language)
    if fact.kind == "year":
        return str(fact.value)
    if fact.kind == "number":
        return format_number(fact.value, language)
    if isinstance(fact.value, Mapping):
        return str(fact.value.get(language) or next(iter(fact.value.values())))
    return str(fact.value)


def placeholders(text: str) -> list[str]:
    return PLACEHOLDER.findall(text)


def untraceable_digits(text: str) -> list[str]:
    """Digits written into a text instead of coming from the register."""
    return re.findall(r"\d+", PLACEHOLDER.sub("", text))


def fill(text: str, facts: Mapping[str, Fact], language: str) -> tuple[str, list[str]]:
    """Replace placeholders; returns the text and the messages for unknown facts."""
    unknown: list[str] = []

    def replace(match: re.Match[str]) -> str:
        fact_id = match.group(1).strip()
        fact = facts.get(fact_id)
        if fact is None:
            hint = get_close_matches(fact_id, list(facts), n=1)
            unknown.append(f"unknown fact '{fact_id}'" + (f" (did you mean '{hint[0]}'?)" if hint else ""))
            return match.group(0)
        return format_fact(fact, language)

    return PLACEHOLDER.sub(replace, text), unknown


def _infer_kind(value: Any) -> str:
    if isinstance(value, dt.date):
        return "date"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return "number"
    return "text"


def _read_fact(fact_id: str, entry: Any, doc_problem: Any) -> Fact | None:
    key_path = ("facts", fact_id)
    if not FACT_ID.match(fact_id):
        doc_problem((*key_path, "<key>"), f"fact id '{fact_id}' must be lower-case words joined by dots")
        return None
    if not isinstance(entry, Mapping):
        doc_problem(key_path, f"fact '{fact_id}' must be a mapping with value, statement and source")
        return None
    ok = True
    for key in entry:
        if key not in FACT_KEYS:
            hint = get_close_matches(str(key), FACT_KEYS, n=1)
            doc_problem((*key_path, key, "<key>"), f"unknown key '{key}' in fact '{fact_id}'"
                        + (f" (did you mean '{hint[0]}'?)" if hint else ""))
            ok = False
    for key in ("value", "statement", "source"):
        if key not in entry or entry[key] in (None, ""):
            doc_problem(key_path, f"fact '{fact_id}' has no {key}")
            ok = False
    value = entry.get("value")
    kind = entry.get("kind") or _infer_kind(value)
    if kind not in KINDS:
        doc_problem((*key_path, "kind"), f"kind must be one of {', '.join(KINDS)}, not '{kind}'")
        ok = False
    elif kind == "date" and not isinstance(value, dt.date):
        doc_problem((*key_path, "value"), "a date fact needs a date value such as 2006-11-21")
        ok = False
    elif kind in ("number", "year") and (not isinstance(value, (int, float)) or isinstance(value, bool)):
        doc_problem((*key_path, "value"), f"a {kind} fact needs a number value")
        ok = False
    if not ok:
        return None
    return Fact(
        id=fact_id, value=value, kind=kind, statement=str(entry["statement"]), source=str(entry["source"]),
        unit=None if entry.get("unit") is None else str(entry["unit"]),
        note=None if entry.get("note") is None else str(entry["note"]),
    )


def load_facts(path: Path) -> tuple[dict[str, Fact], list[Problem]]:
    doc, problems = read_yaml(path)
    if doc is None:
        return {}, problems

    def report(key_path: tuple[Any, ...], message: str) -> None:
        problems.append(doc.problem(key_path, message))

    if not isinstance(doc.value, Mapping) or not isinstance(doc.value.get("facts"), Mapping):
        report((), "a fact register is a mapping with one key, 'facts', holding the facts by id")
        return {}, problems
    facts: dict[str, Fact] = {}
    for fact_id, entry in doc.value["facts"].items():
        fact = _read_fact(str(fact_id), entry, report)
        if fact is not None:
            facts[fact.id] = fact
    return facts, problems
