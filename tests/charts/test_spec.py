"""The chart section: built from YAML through the fact register, with readable problems."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from kiosk.charts.pulse import MJ_PER_GJ
from kiosk.charts.spec import ChartSpec, build_chart
from kiosk.content.facts import load_facts, untraceable_digits
from kiosk.content.model import Fact
from kiosk.locations import bundled_content_dir, seeds_dir

LANGUAGES = ("en", "fr")


@pytest.fixture(scope="module")
def facts() -> dict[str, Fact]:
    facts, problems = load_facts(seeds_dir() / "facts.yaml")
    assert not problems
    return facts


@pytest.fixture(scope="module")
def raw() -> dict:
    path = Path(bundled_content_dir()) / "screens" / "power.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))["chart"]


def build(raw: dict, facts: dict[str, Fact]) -> tuple[ChartSpec | None, list[str]]:
    return build_chart(raw, facts, LANGUAGES)


def test_the_power_screen_builds(raw: dict, facts: dict[str, Fact]) -> None:
    spec, errors = build(raw, facts)
    assert errors == []
    assert spec is not None
    assert [s.id for s in spec.scenarios] == ["q10", "long"]
    assert spec.start == "q10"
    assert 10 <= spec.playback_seconds <= 15  # the 50-minute pulse in about 10-15 seconds
    q10, long = spec.scenarios
    assert (q10.pulse.fusion_mw, q10.pulse.heating_mw, q10.pulse.flat_top_s) == (500, 50, 400)
    assert (long.pulse.fusion_mw, long.pulse.flat_top_s) == (300, 3000)
    assert q10.fusion.fact == "pulse_short.power"
    assert q10.flat_top_minutes == 7 and long.flat_top_minutes == 50
    assert spec.comparison is not None
    assert spec.comparison.fusion.value == 16 and spec.comparison.energy.value == 69


def test_energies_agree_with_the_register(raw: dict, facts: dict[str, Fact]) -> None:
    spec, _ = build(raw, facts)
    assert spec is not None
    q10, long = spec.scenarios
    assert q10.pulse.flat_top_energy == facts["pulse_short.flat_top_energy"].value * MJ_PER_GJ == 200_000
    assert long.pulse.flat_top_energy == facts["pulse_long.flat_top_energy"].value * MJ_PER_GJ == 900_000
    assert q10.flat_top_energy is not None and q10.flat_top_energy.value == 200_000


def test_every_visible_text_is_traceable(raw: dict, facts: dict[str, Fact]) -> None:
    spec, _ = build(raw, facts)
    assert spec is not None
    texts = [t for s in spec.scenarios for t in (s.label, s.detail, s.caption) if t is not None]
    comp = spec.comparison
    assert comp is not None
    texts += [t for t in (comp.label, comp.name, comp.factor, comp.caption) if t is not None]
    for text in texts:
        assert set(text.values) == set(LANGUAGES)
        for language in LANGUAGES:
            assert untraceable_digits(text.raw[language]) == []
    assert "5,2" in comp.caption.get("fr")  # French decimal comma, from the register


def test_a_typed_figure_is_refused(raw: dict, facts: dict[str, Fact]) -> None:
    changed = copy.deepcopy(raw)
    changed["scenarios"][0]["fusion_mw"] = 500
    spec, errors = build(changed, facts)
    assert spec is None
    assert len(errors) == 1
    assert errors[0].startswith("scenarios.0.fusion_mw: ")
    assert "fact register" in errors[0]


def test_problems_name_their_place(raw: dict, facts: dict[str, Fact]) -> None:
    changed = copy.deepcopy(raw)
    changed["scenarios"][1]["heating_mw"] = "fact:pulse_long.heatin"
    changed["scenarios"][0]["label"] = {"en": "Pulse 1"}
    changed["scenarios"][0]["ramp_up_s"] = "slow"
    changed["start"] = "q11"
    changed["comparison"]["colour"] = "pink"
    _, errors = build(changed, facts)
    joined = "\n".join(errors)
    assert ("scenarios.1.heating_mw: unknown fact 'pulse_long.heatin' "
            "(did you mean 'pulse_long.heating'?)") in joined
    assert "scenarios.0.label: 'label' is missing the fr text" in joined
    assert "scenarios.0.label.en: the number 1 is typed into the text" in joined
    assert "scenarios.0.ramp_up_s: 'ramp_up_s' must be a number" in joined
    assert "start: 'q11' is not one of the scenarios (q10, long) (did you mean 'q10'?)" in joined
    assert "comparison.colour: unknown key 'colour'" in joined
    for error in errors:
        _where, sep, message = error.partition(": ")
        assert sep and message, error


def test_a_duplicate_scenario_id_names_the_second_one(raw: dict, facts: dict[str, Fact]) -> None:
    changed = copy.deepcopy(raw)
    changed["scenarios"].insert(0, {"label": {"en": "No id", "fr": "Sans id"}})  # ids not on every item
    changed["scenarios"].append(copy.deepcopy(changed["scenarios"][1]))  # q10 again, at position 3
    _, errors = build(changed, facts)
    assert "scenarios.3.id: duplicate scenario id 'q10'" in errors
    assert not any("duplicate" in error and not error.startswith("scenarios.3.") for error in errors)


def test_energy_that_disagrees_with_power_times_time_is_refused(raw: dict, facts: dict[str, Fact]) -> None:
    changed = copy.deepcopy(raw)
    changed["scenarios"][0]["flat_top_energy"] = "fact:pulse_long.flat_top_energy"
    _, errors = build(changed, facts)
    assert errors and errors[0].startswith("scenarios.0.flat_top_energy: ")


def test_units_are_converted_and_checked(raw: dict, facts: dict[str, Fact]) -> None:
    changed = copy.deepcopy(raw)
    changed["scenarios"][1]["flat_top"] = "fact:pulse_long.minutes"  # 50 min = 3000 s
    spec, errors = build(changed, facts)
    assert errors == [] and spec is not None
    assert spec.scenario("long").pulse.flat_top_s == 3000
    changed["scenarios"][1]["flat_top"] = "fact:pulse_long.power"  # MW is not a time
    _, errors = build(changed, facts)
    assert errors and "is in MW" in errors[0]


def test_empty_section_is_a_problem(facts: dict[str, Fact]) -> None:
    spec, errors = build_chart({}, facts, LANGUAGES)
    assert spec is None and errors


def test_the_loader_builds_the_chart(exhibit) -> None:
    screen = exhibit.screen("power")
    assert screen.layout == "chart"
    assert isinstance(screen.chart, ChartSpec)
