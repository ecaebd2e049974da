"""The fact register: formatting per language, placeholders, and traceability (every figure a visitor
sees comes from the register, with a source). No Qt."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from content_packs import PARTS, iter_texts

from kiosk.content.facts import (
    fill,
    format_date,
    format_fact,
    format_number,
    load_facts,
    placeholders,
    untraceable_digits,
)
from kiosk.content.loader import load_pack
from kiosk.content.model import Exhibit, Fact
from kiosk.locations import bundled_content_dir, seeds_dir

NNBSP = "\u202f"  # narrow no-break space: French groups thousands with it


@pytest.fixture(scope="module")
def register() -> dict[str, Fact]:
    facts, problems = load_facts(seeds_dir() / "facts.yaml")
    assert [str(p) for p in problems] == []
    return facts


# --- formatting ------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("value", "language", "expected"), [
    (23000, "en", "23,000"),
    (23000, "fr", f"23{NNBSP}000"),
    (500, "en", "500"),
    (500, "fr", "500"),
    (1_234_567, "en", "1,234,567"),
    (1_234_567, "fr", f"1{NNBSP}234{NNBSP}567"),
    (5.2, "en", "5.2"),
    (5.2, "fr", "5,2"),
    (1234.5, "en", "1,234.5"),
    (1234.5, "fr", f"1{NNBSP}234,5"),
    (500.0, "en", "500"),
    (0, "fr", "0"),
])
def test_format_number(value: float, language: str, expected: str) -> None:
    assert format_number(value, language) == expected


@pytest.mark.parametrize(("day", "language", "expected"), [
    (dt.date(2006, 11, 21), "en", "21 November 2006"),
    (dt.date(2006, 11, 21), "fr", "21 novembre 2006"),
    (dt.date(2006, 11, 1), "fr", "1er novembre 2006"),
    (dt.date(2006, 11, 1), "en", "1 November 2006"),
    (dt.date(2023, 8, 2), "fr", "2 août 2023"),
    (dt.date(2007, 2, 1), "fr", "1er février 2007"),
])
def test_format_date(day: dt.date, language: str, expected: str) -> None:
    assert format_date(day, language) == expected


def test_facts_from_the_register_are_formatted_per_language(register: dict[str, Fact]) -> None:
    weight = register["tokamak.weight"]
    assert weight.value == 23000
    assert format_fact(weight, "en") == "23,000"
    assert format_fact(weight, "fr") == f"23{NNBSP}000"
    signed = register["signed.date"]
    assert signed.kind == "date"
    assert format_fact(signed, "en") == "21 November 2006"
    assert format_fact(signed, "fr") == "21 novembre 2006"
    year = register["jet_1997.year"]
    assert year.kind == "year"
    assert format_fact(year, "en") == format_fact(year, "fr") == "1997"  # a year is never grouped


def test_every_fact_in_the_register_has_a_statement_and_a_source(register: dict[str, Fact]) -> None:
    assert len(register) > 20
    for fact in register.values():
        assert fact.statement.strip(), fact.id
        assert fact.source.strip(), fact.id


# --- placeholders ----------------------------------------------------------------------------------------

def test_placeholders_are_listed_in_order() -> None:
    assert placeholders("{fact:a.b} MW for {fact:c_1.d} min") == ["a.b", "c_1.d"]
    assert placeholders("no figure here") == []


def test_fill_replaces_placeholders_for_each_language(register: dict[str, Fact]) -> None:
    text = "{fact:tokamak.weight} t, signed {fact:signed.date}"
    assert fill(text, register, "en") == ("23,000 t, signed 21 November 2006", [])
    assert fill(text, register, "fr") == (f"23{NNBSP}000 t, signed 21 novembre 2006", [])


def test_fill_tolerates_spaces_inside_a_placeholder(register: dict[str, Fact]) -> None:
    assert fill("{fact: tokamak.weight }", register, "en") == ("23,000", [])


def test_fill_reports_unknown_facts_with_a_hint(register: dict[str, Fact]) -> None:
    filled, unknown = fill("{fact:tokamak.wieght} and {fact:nope}", register, "en")
    assert filled == "{fact:tokamak.wieght} and {fact:nope}"  # left as written
    assert unknown == ["unknown fact 'tokamak.wieght' (did you mean 'tokamak.weight'?)", "unknown fact 'nope'"]


@pytest.mark.parametrize(("text", "digits"), [
    ("500 MW of fusion power", ["500"]),
    ("{fact:pulse_short.power} MW of fusion power", []),
    ("Q = 10", ["10"]),
    ("{fact:pulse_short.power} MW for 7 minutes", ["7"]),
    ("JET's record, {fact:jet_1997.year}", []),  # digits inside a fact id are not typed-in figures
    ("ITER in 2035, 500 MW", ["2035", "500"]),
    ("Seven members, one machine", []),
    ("{fact:a}{fact:b}", []),
])
def test_untraceable_digits(text: str, digits: list[str]) -> None:
    assert untraceable_digits(text) == digits


def test_the_minimal_pack_fills_its_placeholders(minimal_pack: Path) -> None:
    result = load_pack(minimal_pack)
    assert result.ok and result.exhibit is not None
    parts = result.exhibit.screen("parts")
    assert parts.subtitle is not None
    assert parts.subtitle.get("en") == "500 MW of fusion power"
    assert parts.subtitle.get("fr") == "500 MW de puissance de fusion"
    assert parts.subtitle.raw["en"] == "{fact:pulse_short.power} MW of fusion power"
    figure = parts.hotspots[1].figure
    assert figure is not None
    assert figure.get("en") == "about 23,000 tonnes in all"
    assert figure.get("fr") == f"environ 23{NNBSP}000 tonnes en tout"


def test_a_pack_may_bring_its_own_register(minimal_pack: Path) -> None:
    (minimal_pack / "facts.yaml").write_text(
        "facts:\n"
        "  opening.date:\n"
        "    value: 2026-05-01\n"
        "    statement: The exhibition opens on 1 May 2026.\n"
        "    source: https://example.org/press\n"
        "  visitors.count:\n"
        "    value: 23000\n"
        "    statement: The museum expects 23,000 visitors.\n"
        "    source: https://example.org/press\n", encoding="utf-8")
    exhibit = minimal_pack / "exhibit.yaml"
    exhibit.write_text(exhibit.read_text(encoding="utf-8").replace("facts: seeds:facts.yaml", "facts: facts.yaml"),
                       encoding="utf-8")
    parts = minimal_pack / PARTS
    parts.write_text(parts.read_text(encoding="utf-8")
                     .replace("{fact:pulse_short.power} MW of fusion power", "Open from {fact:opening.date}")
                     .replace("{fact:pulse_short.power} MW de puissance de fusion", "Ouvert dès le {fact:opening.date}")
                     .replace("{fact:tokamak.weight}", "{fact:visitors.count}"), encoding="utf-8")
    result = load_pack(minimal_pack)
    assert [str(p) for p in result.problems] == []
    assert result.exhibit is not None
    screen = result.exhibit.screen("parts")
    assert screen.subtitle is not None
    assert screen.subtitle.get("en") == "Open from 1 May 2026"
    assert screen.subtitle.get("fr") == "Ouvert dès le 1er mai 2026"
    assert screen.hotspots[1].figure is not None
    assert screen.hotspots[1].figure.get("fr") == f"environ 23{NNBSP}000 tonnes en tout"


def test_a_fact_without_a_source_is_an_error_at_its_line(tmp_path: Path) -> None:
    path = tmp_path / "facts.yaml"
    path.write_text("facts:\n  a.b:\n    value: 5\n    statement: Five.\n  c.d:\n    value: 6\n    statment: Six.\n"
                    "    source: seed\n", encoding="utf-8")
    facts, problems = load_facts(path)
    assert list(facts) == []
    found = sorted((p.line, p.message) for p in problems)
    assert (3, "fact 'a.b' has no source") in found
    assert (7, "unknown key 'statment' in fact 'c.d' (did you mean 'statement'?)") in found
    assert (6, "fact 'c.d' has no statement") in found


# --- traceability ----------------------------------------------------------------------------------------

def untraceable(exhibit: Exhibit) -> list[str]:
    """Every figure typed into a visitor-visible text instead of coming from the register, as
    'where (language): digits'."""
    found = []
    for screen in exhibit.screens:
        for where, text in iter_texts(screen, screen.id):
            for language, raw in text.raw.items():
                digits = untraceable_digits(raw)
                if digits:
                    found.append(f"{where} ({language}): {', '.join(digits)} in {raw!r}")
    return found


def test_every_figure_in_the_bundled_exhibit_is_traceable(exhibit: Exhibit) -> None:
    texts = [(where, text) for screen in exhibit.screens for where, text in iter_texts(screen, screen.id)]
    texts += list(iter_texts(exhibit.title, "title")) + list(iter_texts(exhibit.attract, "attract"))
    walked = {where.split(".")[0] for where, _ in texts}
    assert walked >= {s.id for s in exhibit.screens}, "some screen has no text at all?"
    assert any(".chart.scenarios[" in where and where.endswith(".label") for where, _ in texts), \
        "the walk did not reach the chart's scenario labels"

    typed_in = []
    used: set[str] = set()
    for where, text in texts:
        assert text.raw, f"{where}: the Text keeps no raw text to check"
        for language, raw in text.raw.items():
            digits = untraceable_digits(raw)
            if digits:
                typed_in.append(f"{where} ({language}): {', '.join(digits)} in {raw!r}")
            used.update(fact_id.strip() for fact_id in placeholders(raw))
    assert typed_in == [], "figures typed into texts instead of {fact:ID}:\n" + "\n".join(typed_in)

    assert used, "no placeholder found: the walk missed the texts"
    for fact_id in sorted(used):
        assert fact_id in exhibit.facts, f"placeholder {{fact:{fact_id}}} names no fact"
        fact = exhibit.facts[fact_id]
        assert fact.source.strip(), f"fact {fact_id} has no source"
        assert fact.statement.strip(), f"fact {fact_id} has no statement"


def test_a_typed_in_figure_is_found_by_the_walk_and_the_validator(minimal_pack: Path) -> None:
    parts = minimal_pack / PARTS
    text = parts.read_text(encoding="utf-8")
    text = text.replace("en: They hold the plasma in place.", "en: They hold 500 MW of plasma in place.")
    parts.write_text(text, encoding="utf-8")
    line = text.splitlines().index("      en: They hold 500 MW of plasma in place.") + 1

    result = load_pack(minimal_pack)

    warnings = [p for p in result.problems if not p.is_error]
    assert [(p.path, p.line, p.column) for p in warnings] == [(parts, line, 11)]
    assert "the number 500 is typed into the text" in warnings[0].message
    assert "{fact:ID}" in warnings[0].message
    assert str(warnings[0]).startswith(f"{parts}:{line}:11: warning: ")
    assert result.exhibit is not None  # a warning: the exhibit still runs, the test suite refuses it
    assert untraceable(result.exhibit) == [
        "parts.hotspots[1].text (en): 500 in 'They hold 500 MW of plasma in place.'"]


def test_a_typed_in_figure_in_a_chart_label_is_an_error(minimal_pack: Path) -> None:
    power = minimal_pack / "screens" / "power.yaml"
    shutil.copyfile(bundled_content_dir() / "screens" / "power.yaml", power)
    exhibit = minimal_pack / "exhibit.yaml"
    exhibit.write_text(exhibit.read_text(encoding="utf-8").replace("[parts, members]", "[parts, members, power]"),
                       encoding="utf-8")
    assert load_pack(minimal_pack).ok, "the bundled chart screen should load in the minimal pack"

    text = power.read_text(encoding="utf-8")
    old = 'label: {en: "Standard pulse", fr: "Impulsion standard"}'
    assert text.count(old) == 1
    power.write_text(text.replace(old, 'label: {en: "Standard pulse, 500 MW", fr: "Impulsion standard"}'),
                     encoding="utf-8")
    line = text[: text.index(old)].count("\n") + 1

    result = load_pack(minimal_pack)

    assert result.exhibit is None
    errors = [p for p in result.problems if p.is_error]
    assert [(p.path, p.line) for p in errors] == [(power, line)], "\n".join(map(str, result.problems))
    assert "the number 500 is typed into the text" in errors[0].message
