"""The `chart:` section of a chart screen: power scenarios, declared in YAML (no Qt).

Every number a visitor sees comes from the fact register, written `fact:ID` in the YAML
(`fusion_mw: fact:pulse_short.power`). Ramp durations are shape parameters, plain
numbers: they make the curve look like a pulse and are never shown as figures.

`build_chart(raw, facts, languages)` is the loader's hook: it returns the model, or None
and a list of problems written "key.path: message", the path relative to `chart`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from difflib import get_close_matches
from typing import Any

from kiosk.charts.pulse import MJ_PER_GJ, Pulse
from kiosk.content import facts as fact_text
from kiosk.content.model import Fact, Text

FACT_REF = re.compile(r"^fact:\s*([a-z0-9_]+(?:\.[a-z0-9_]+)*)\s*$")
ID_PATTERN = re.compile(r"^[a-z][a-z0-9_-]*$")
ENERGY_TOLERANCE = 0.005  # the register's energy and power × time must agree within 0.5 %

DEFAULT_PLAYBACK_SECONDS = 12.0
DEFAULT_AXIS_SECONDS = 0.8
MAX_SCENARIOS = 4

# Units a fact may carry, converted to the chart's own: MW, seconds, MJ.
POWER_UNITS = {"MW": 1.0, "GW": 1000.0}
TIME_UNITS = {"s": 1.0, "min": 60.0, "h": 3600.0}
ENERGY_UNITS = {"MJ": 1.0, "GJ": 1000.0}


@dataclass(frozen=True)
class Quantity:
    """A number from the register, converted to the chart's unit; `fact` is its id."""

    value: float
    fact: str


@dataclass(frozen=True)
class Scenario:
    id: str
    label: Text  # the button
    pulse: Pulse
    fusion: Quantity  # MW
    heating: Quantity  # MW
    flat_top: Quantity  # seconds
    detail: Text | None = None  # second line of the button
    caption: Text | None = None  # under the chart, e.g. "500 MW × 400 s = 200 GJ at full power"
    flat_top_energy: Quantity | None = None  # MJ, as the register states it (checked against the pulse)

    @property
    def flat_top_minutes(self) -> int:
        """Whole minutes at full power, as the clock label counts them ("minute 12 of 50")."""
        return max(1, round(self.pulse.flat_top_s / 60.0))


@dataclass(frozen=True)
class Comparison:
    """JET's records, drawn beside ITER's so that "thirty times" can be seen."""

    id: str
    label: Text  # the toggle button
    name: Text  # e.g. "JET, 1997"
    fusion: Quantity  # peak fusion power, MW
    heating: Quantity | None = None  # MW
    energy: Quantity | None = None  # MJ
    factor: Text | None = None  # e.g. "30× more powerful"
    caption: Text | None = None  # e.g. "Its energy record: 69 MJ in 5.2 s"


@dataclass(frozen=True)
class ChartSpec:
    scenarios: tuple[Scenario, ...]
    start: str
    playback_seconds: float = DEFAULT_PLAYBACK_SECONDS
    axis_seconds: float = DEFAULT_AXIS_SECONDS
    comparison: Comparison | None = None

    def scenario(self, scenario_id: str) -> Scenario:
        for scenario in self.scenarios:
            if scenario.id == scenario_id:
                return scenario
        raise KeyError(scenario_id)

    @property
    def first(self) -> Scenario:
        return self.scenario(self.start)


class _Builder:
    def __init__(self, facts: Mapping[str, Fact], languages: Sequence[str]) -> None:
        self.facts = facts
        self.languages = tuple(languages)
        self.errors: list[str] = []

    def error(self, path: Sequence[str | int], message: str) -> None:
        self.errors.append(f"{'.'.join(str(p) for p in path)}: {message}")

    # --- values ----------------------------------------------------------------------
    def keys(self, value: Mapping[str, Any], known: Sequence[str], path: tuple[str | int, ...],
             what: str) -> None:
        for key in value:
            if key not in known:
                hint = get_close_matches(str(key), list(known), n=1)
                self.error((*path, key), f"unknown key '{key}' in {what}"
                           + (f" (did you mean '{hint[0]}'?)" if hint else ""))

    def text(self, value: Any, path: tuple[str | int, ...], required: bool = True) -> Text | None:
        if value is None:
            if required:
                self.error(path, f"'{path[-1]}' is missing: write one text per language "
                                 f"({', '.join(self.languages)})")
            return None
        if isinstance(value, str) and len(self.languages) == 1:
            value = {self.languages[0]: value}
        if not isinstance(value, Mapping):
            self.error(path, f"'{path[-1]}' must be one text per language ({', '.join(self.languages)})")
            return None
        values: dict[str, str] = {}
        raw: dict[str, str] = {}
        ok = True
        for language in value:
            if language not in self.languages:
                self.error((*path, language), f"'{language}' is not one of the exhibit's languages "
                                              f"({', '.join(self.languages)})")
                ok = False
        for language in self.languages:
            text = value.get(language)
            if not isinstance(text, str) or not text.strip():
                self.error(path, f"'{path[-1]}' is missing the {language} text")
                ok = False
                continue
            digits = fact_text.untraceable_digits(text)
            if digits:
                self.error((*path, language), f"the number {digits[0]} is typed into the text; take it from "
                                              "the fact register so it has a source: {fact:ID}")
                ok = False
            filled, unknown = fact_text.fill(text, self.facts, language)
            for message in unknown:
                self.error((*path, language), message)
                ok = False
            values[language], raw[language] = filled, text
        return Text(values, raw) if ok else None

    def quantity(self, value: Any, path: tuple[str | int, ...], units: Mapping[str, float],
                 required: bool = True) -> Quantity | None:
        if value is None:
            if required:
                self.error(path, f"'{path[-1]}' is missing: write fact:ID, a number from the fact register")
            return None
        match = FACT_REF.match(value) if isinstance(value, str) else None
        if match is None:
            self.error(path, f"'{path[-1]}' must come from the fact register, written fact:ID, not "
                             f"{value!r}: a figure shown to visitors needs a source")
            return None
        fact_id = match.group(1)
        fact = self.facts.get(fact_id)
        if fact is None:
            hint = get_close_matches(fact_id, list(self.facts), n=1)
            self.error(path, f"unknown fact '{fact_id}'" + (f" (did you mean '{hint[0]}'?)" if hint else ""))
            return None
        if fact.kind != "number" or isinstance(fact.value, bool) or not isinstance(fact.value, (int, float)):
            self.error(path, f"fact '{fact_id}' is not a number")
            return None
        if fact.unit not in units:
            self.error(path, f"fact '{fact_id}' is in {fact.unit or 'no unit'}; this needs one of "
                             f"{', '.join(units)}")
            return None
        number = float(fact.value) * units[fact.unit]
        if not math.isfinite(number) or number < 0:
            self.error(path, f"fact '{fact_id}' must be a positive number")
            return None
        return Quantity(number, fact_id)

    def number(self, value: Any, path: tuple[str | int, ...], default: float | None, low: float,
               high: float) -> float | None:
        if value is None:
            if default is None:
                self.error(path, f"'{path[-1]}' is missing")
            return default
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            self.error(path, f"'{path[-1]}' must be a number, not {value!r}")
            return None
        if not low <= value <= high:
            self.error(path, f"'{path[-1]}' must be between {low:g} and {high:g}, not {value:g}")
            return None
        return float(value)

    # --- records ---------------------------------------------------------------------
    SCENARIO_KEYS = ("id", "label", "detail", "caption", "fusion_mw", "heating_mw", "flat_top",
                     "flat_top_energy", "ramp_up_s", "ramp_down_s")

    def scenario(self, value: Any, path: tuple[str | int, ...]) -> Scenario | None:
        if not isinstance(value, Mapping):
            self.error(path, "a scenario must be a mapping with id, label, fusion_mw, heating_mw and "
                             "flat_top")
            return None
        before = len(self.errors)
        self.keys(value, self.SCENARIO_KEYS, path, "a scenario")
        scenario_id = value.get("id")
        if not isinstance(scenario_id, str) or not ID_PATTERN.match(scenario_id):
            self.error((*path, "id"), "'id' must be an id (lower-case letters, digits, '_' or '-')")
        label = self.text(value.get("label"), (*path, "label"))
        detail = self.text(value.get("detail"), (*path, "detail"), required=False)
        caption = self.text(value.get("caption"), (*path, "caption"), required=False)
        fusion = self.quantity(value.get("fusion_mw"), (*path, "fusion_mw"), POWER_UNITS)
        heating = self.quantity(value.get("heating_mw"), (*path, "heating_mw"), POWER_UNITS)
        flat_top = self.quantity(value.get("flat_top"), (*path, "flat_top"), TIME_UNITS)
        energy = self.quantity(value.get("flat_top_energy"), (*path, "flat_top_energy"), ENERGY_UNITS,
                               required=False)
        ramp_up = self.number(value.get("ramp_up_s"), (*path, "ramp_up_s"), None, 0, 3600)
        ramp_down = self.number(value.get("ramp_down_s"), (*path, "ramp_down_s"), None, 0, 3600)
        if len(self.errors) > before:
            return None
        assert label and fusion and heating and flat_top and ramp_up is not None and ramp_down is not None
        try:
            pulse = Pulse(fusion.value, heating.value, ramp_up, flat_top.value, ramp_down)
        except ValueError as exc:
            self.error(path, str(exc))
            return None
        if energy is not None:
            computed = pulse.flat_top_energy
            if abs(computed - energy.value) > ENERGY_TOLERANCE * max(energy.value, 1e-9):
                self.error((*path, "flat_top_energy"),
                           f"fact '{energy.fact}' says {energy.value / MJ_PER_GJ:g} GJ, but {fusion.fact} × "
                           f"{flat_top.fact} gives {computed / MJ_PER_GJ:g} GJ")
                return None
        return Scenario(str(scenario_id), label, pulse, fusion, heating, flat_top, detail, caption, energy)

    COMPARISON_KEYS = ("id", "label", "name", "fusion_mw", "heating_mw", "energy", "factor", "caption")

    def comparison(self, value: Any, path: tuple[str | int, ...]) -> Comparison | None:
        if not isinstance(value, Mapping):
            self.error(path, "the comparison must be a mapping with id, label, name and fusion_mw")
            return None
        before = len(self.errors)
        self.keys(value, self.COMPARISON_KEYS, path, "the comparison")
        comparison_id = value.get("id", "comparison")
        if not isinstance(comparison_id, str) or not ID_PATTERN.match(comparison_id):
            self.error((*path, "id"), "'id' must be an id (lower-case letters, digits, '_' or '-')")
        label = self.text(value.get("label"), (*path, "label"))
        name = self.text(value.get("name"), (*path, "name"))
        fusion = self.quantity(value.get("fusion_mw"), (*path, "fusion_mw"), POWER_UNITS)
        heating = self.quantity(value.get("heating_mw"), (*path, "heating_mw"), POWER_UNITS, required=False)
        energy = self.quantity(value.get("energy"), (*path, "energy"), ENERGY_UNITS, required=False)
        factor = self.text(value.get("factor"), (*path, "factor"), required=False)
        caption = self.text(value.get("caption"), (*path, "caption"), required=False)
        if len(self.errors) > before:
            return None
        assert label and name and fusion
        return Comparison(str(comparison_id), label, name, fusion, heating, energy, factor, caption)

    CHART_KEYS = ("scenarios", "start", "playback_seconds", "axis_seconds", "comparison")

    def chart(self, raw: Any) -> ChartSpec | None:
        if not isinstance(raw, Mapping) or not raw:
            self.error((), "the chart needs a mapping with 'scenarios' (see kiosk/charts/spec.py)")
            return None
        self.keys(raw, self.CHART_KEYS, (), "the chart")
        items = raw.get("scenarios")
        if not isinstance(items, list) or not 1 <= len(items) <= MAX_SCENARIOS:
            self.error(("scenarios",), f"'scenarios' needs a list of 1 to {MAX_SCENARIOS} scenarios")
            items = []
        scenarios = [self.scenario(item, ("scenarios", i)) for i, item in enumerate(items)]
        # ids as written, so that one broken scenario does not also make `start` look wrong
        written = [(index, str(item.get("id"))) for index, item in enumerate(items)
                   if isinstance(item, Mapping) and item.get("id")]
        ids = [scenario_id for _, scenario_id in written]
        seen: set[str] = set()
        for index, scenario_id in written:  # index: the scenario's position in the list, for the error's line
            if scenario_id in seen:
                self.error(("scenarios", index, "id"), f"duplicate scenario id '{scenario_id}'")
            seen.add(scenario_id)
        start = raw.get("start", ids[0] if ids else None)
        if ids and start not in ids:
            hint = get_close_matches(str(start), ids, n=1)
            self.error(("start",), f"'{start}' is not one of the scenarios ({', '.join(ids)})"
                       + (f" (did you mean '{hint[0]}'?)" if hint else ""))
        playback = self.number(raw.get("playback_seconds"), ("playback_seconds",), DEFAULT_PLAYBACK_SECONDS,
                               1, 120)
        axis = self.number(raw.get("axis_seconds"), ("axis_seconds",), DEFAULT_AXIS_SECONDS, 0, 5)
        comparison = None
        if raw.get("comparison") is not None:
            comparison = self.comparison(raw["comparison"], ("comparison",))
        if self.errors or playback is None or axis is None:
            return None
        return ChartSpec(tuple(s for s in scenarios if s is not None), str(start), playback, axis, comparison)


def build_chart(raw: Any, facts: Mapping[str, Fact],
                languages: Sequence[str]) -> tuple[ChartSpec | None, list[str]]:
    """Build the chart model from the parsed `chart:` mapping; problems as "key.path: message"."""
    builder = _Builder(facts, languages)
    spec = builder.chart(raw)
    return (spec if not builder.errors else None), builder.errors
