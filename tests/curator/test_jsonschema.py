"""The JSON Schema for editors (kiosk/content/jsonschema.py, shipped in schemas/): current, valid, obeyed by
the bundled content, and in agreement with `validate` on the broken packs of tests/fixtures/broken/.

The `jsonschema` package stands in for the editor's YAML language server: both read the same schema.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from content_packs import materialize

from kiosk.charts.spec import _Builder as ChartBuilder
from kiosk.charts.spec import build_chart
from kiosk.content import jsonschema as generator
from kiosk.content.loader import load_pack
from kiosk.content.model import Exhibit
from kiosk.content.paths import PathRefused, resolve_reference
from kiosk.content.schema import EXHIBIT, LAYOUTS, Record
from kiosk.locations import bundled_content_dir

SCHEMA_LINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)$")


def schema_errors(schema: dict[str, Any], instance: Any) -> list[tuple[list[str | int], str]]:
    validator = jsonschema.Draft7Validator(schema)
    return [(list(error.absolute_path), error.message) for error in validator.iter_errors(instance)]


def pack_files(pack: Path) -> dict[str, Any]:
    """Every YAML file of a pack, parsed the way the editor reads it: {relative path: value}."""
    files = {"exhibit.yaml": yaml.safe_load((pack / "exhibit.yaml").read_text(encoding="utf-8"))}
    for path in sorted((pack / "screens").glob("*.yaml")):
        files[f"screens/{path.name}"] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return files


def pack_schema_errors(pack: Path, schemas: dict[str, Any]) -> dict[str, list[tuple[list[str | int], str]]]:
    found = {}
    for relative, value in pack_files(pack).items():
        schema = schemas["exhibit"] if relative == "exhibit.yaml" else schemas["screen"]
        errors = schema_errors(schema, value)
        if errors:
            found[relative] = errors
    return found


# --- the files ------------------------------------------------------------------------------------------

def test_the_shipped_schema_files_are_what_the_generator_makes_now() -> None:
    stale = generator.stale_files(generator.schema_dir())
    assert stale == [], f"{stale} are out of date with kiosk/content/schema.py: run " \
                        "python -m kiosk.content.jsonschema --write"


def test_check_reports_a_stale_file_and_write_repairs_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert generator.main(["--write", "--dir", str(tmp_path)]) == 0
    assert generator.main(["--check", "--dir", str(tmp_path)]) == 0
    screen_file = tmp_path / generator.SCREEN_SCHEMA
    screen_file.write_text(screen_file.read_text(encoding="utf-8").replace("Headline", "Heading"), encoding="utf-8")
    capsys.readouterr()
    assert generator.main(["--check", "--dir", str(tmp_path)]) == 1
    assert f"{screen_file}: out of date" in capsys.readouterr().out
    generator.main(["--write", "--dir", str(tmp_path)])
    assert generator.stale_files(tmp_path) == []


@pytest.mark.parametrize("name", ["exhibit", "screen"])
def test_each_schema_is_a_valid_draft_7_schema(shipped_schemas: dict[str, Any], name: str) -> None:
    jsonschema.Draft7Validator.check_schema(shipped_schemas[name])
    assert shipped_schemas[name]["$schema"] == "http://json-schema.org/draft-07/schema#"


def test_every_bundled_yaml_file_names_its_schema_on_the_first_line() -> None:
    pack = bundled_content_dir()
    files = [pack / "exhibit.yaml", *sorted((pack / "screens").glob("*.yaml"))]
    for path in files:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        match = SCHEMA_LINE.match(first)
        assert match, f"{path}:1: the first line must be '# yaml-language-server: $schema=...', not {first!r}"
        target = (path.parent / match.group(1)).resolve()
        expected = generator.EXHIBIT_SCHEMA if path.name == "exhibit.yaml" else generator.SCREEN_SCHEMA
        assert target == (generator.schema_dir() / expected).resolve(), path


def test_the_bundled_content_validates_against_the_schema(shipped_schemas: dict[str, Any]) -> None:
    files = pack_files(bundled_content_dir())
    assert len(files) >= 7
    assert pack_schema_errors(bundled_content_dir(), shipped_schemas) == {}


# --- one source of truth --------------------------------------------------------------------------------

def record_schema(schemas: dict[str, Any], name: str) -> dict[str, Any]:
    return schemas["screen"]["definitions"].get(name) or schemas["exhibit"]["definitions"][name]


def nested_records(record: Record) -> list[Record]:
    found = []
    for spec in record.fields:
        item = generator.CHART if spec.kind == "chart" else spec.item
        if isinstance(item, Record):
            found += [item, *nested_records(item)]
    return found


def test_every_declared_field_is_in_the_schema_with_its_description(shipped_schemas: dict[str, Any]) -> None:
    checked = 0
    records = [(f"{name}_screen", record) for name, record in LAYOUTS.items()]
    records += [(r.name, r) for layout in LAYOUTS.values() for r in nested_records(layout)]
    records += [(r.name, r) for r in nested_records(EXHIBIT)]
    for key, record in records:
        schema = record_schema(shipped_schemas, key)
        assert list(schema["properties"]) == [spec.name for spec in record.fields], key
        assert schema.get("required", []) == [spec.name for spec in record.fields if spec.required], key
        assert schema["additionalProperties"] is False
        for spec in record.fields:
            assert schema["properties"][spec.name]["description"].startswith(spec.doc), (key, spec.name)
            checked += 1
    exhibit = shipped_schemas["exhibit"]
    assert list(exhibit["properties"]) == [spec.name for spec in EXHIBIT.fields]
    assert checked > 80


def test_the_screen_schema_offers_exactly_the_layouts(shipped_schemas: dict[str, Any]) -> None:
    screen = shipped_schemas["screen"]
    assert screen["properties"]["layout"]["enum"] == list(LAYOUTS)
    assert [branch["if"]["properties"]["layout"]["const"] for branch in screen["allOf"]] == list(LAYOUTS)


def test_the_chart_section_has_exactly_the_keys_spec_py_accepts() -> None:
    pairs = ((generator.CHART, ChartBuilder.CHART_KEYS), (generator.SCENARIO, ChartBuilder.SCENARIO_KEYS),
             (generator.COMPARISON, ChartBuilder.COMPARISON_KEYS))
    for record, accepted in pairs:
        assert [spec.name for spec in record.fields] == list(accepted), record.name


@pytest.fixture(scope="module")
def power_chart() -> dict[str, Any]:
    return yaml.safe_load((bundled_content_dir() / "screens" / "power.yaml").read_text(encoding="utf-8"))["chart"]


def chart_errors(chart: dict[str, Any], exhibit: Exhibit) -> list[str]:
    return build_chart(chart, exhibit.facts, exhibit.languages)[1]


@pytest.mark.parametrize(("record", "key"), [(generator.CHART, "playback_seconds"), (generator.CHART, "axis_seconds"),
                                             (generator.SCENARIO, "ramp_up_s"), (generator.SCENARIO, "ramp_down_s")])
def test_the_chart_number_ranges_are_the_ones_spec_py_checks(power_chart: dict[str, Any], exhibit: Exhibit,
                                                             record: Record, key: str) -> None:
    spec = record.field(key)
    assert spec is not None and spec.minimum is not None and spec.maximum is not None
    assert chart_errors(power_chart, exhibit) == []

    def errors_with(value: float) -> list[str]:
        chart = json.loads(json.dumps(power_chart))
        (chart if record is generator.CHART else chart["scenarios"][0])[key] = value
        return [error for error in chart_errors(chart, exhibit) if key in error]

    assert errors_with(spec.minimum) == []
    assert errors_with(spec.maximum) == []
    assert errors_with(spec.minimum - 0.5), f"spec.py accepts {key} below {spec.minimum}"
    assert errors_with(spec.maximum + 0.5), f"spec.py accepts {key} above {spec.maximum}"


REFERENCES = ["images/site.jpg", "assets:art/iter-hero.svg", "seeds:facts.yaml", "a/..b.svg", "..x/y.svg",
              "../x.svg", "images/../../x.svg", "/etc/passwd", "\\\\server\\share\\x.png", "C:/photos/x.png",
              "assets:../fonts/x.svg", "assets:/etc/passwd", "seeds:c:x", "assets:", "", "   "]


@pytest.mark.parametrize("reference", REFERENCES)
def test_the_path_pattern_refuses_what_the_loader_refuses(tmp_path: Path, reference: str) -> None:
    try:
        resolve_reference(reference, tmp_path)
        loader_accepts = True
    except PathRefused:
        loader_accepts = False
    assert bool(re.search(generator.PATH_PATTERN, reference)) == loader_accepts


# --- validate and the schema on broken packs -------------------------------------------------------------
# Structural defects: the schema (the editor, while typing) and `validate` both refuse them; the schema
# points at the file and the place of the defect (the instance path of one of its errors).
BOTH_REFUSE: dict[str, tuple[str, list[str | int]]] = {
    "wrong_type": ("screens/parts.yaml", ["title"]),
    "missing_required": ("screens/parts.yaml", ["hotspots", 1]),
    "unknown_key": ("screens/parts.yaml", []),
    "unknown_layout": ("screens/parts.yaml", ["layout"]),
    "deep_nesting": ("screens/parts.yaml", []),
    "hotspot_x_out_of_range": ("screens/parts.yaml", ["hotspots", 0, "x"]),
    "path_traversal": ("screens/parts.yaml", ["image", "src"]),
    "absolute_path": ("screens/parts.yaml", ["image", "src"]),
    "screen_not_mapping": ("screens/members.yaml", []),
    "empty_screen": ("screens/members.yaml", []),
    "bad_screen_id": ("exhibit.yaml", ["screens", 1]),
    "bad_colour": ("exhibit.yaml", ["theme", "accent"]),
    "empty_exhibit": ("exhibit.yaml", []),
    # from tests/robustness/hostile_packs.py
    "backslash_traversal": ("screens/parts.yaml", ["image", "src"]),
    "windows_absolute_path": ("screens/parts.yaml", ["image", "src"]),
    "exhibit_not_mapping": ("exhibit.yaml", []),
    "no_screens": ("exhibit.yaml", ["screens"]),
}

# Defects only `validate` can see: each file on its own has the right shape, but a fact, a file, a
# language, an id elsewhere in the pack or the colours as a whole are wrong. (YAML syntax, tabs,
# duplicate keys, encodings, alias bombs and oversized files are the YAML parser's, before any schema.)
VALIDATE_ONLY = [
    "unknown_fact", "missing_french", "unknown_language_key", "missing_image", "text_named_png", "truncated_png",
    "unknown_country", "duplicate_hotspot_id", "duplicate_screen_in_order", "unknown_screen", "attract_not_in_order",
    "default_language_not_in_languages", "missing_fact_register", "low_contrast",
]


@pytest.mark.parametrize("case", sorted(BOTH_REFUSE))
def test_validate_and_the_schema_both_refuse_a_structural_defect(tmp_path: Path, shipped_schemas: dict[str, Any],
                                                                 case: str) -> None:
    pack = materialize(case, tmp_path)
    assert not load_pack(pack).ok
    errors = pack_schema_errors(pack, shipped_schemas)
    relative, where = BOTH_REFUSE[case]
    assert relative in errors, f"the schema accepts {relative} of '{case}'"
    assert where in [path for path, _ in errors[relative]], errors[relative]
    assert set(errors) == {relative}, f"the schema also refuses files '{case}' did not break: {errors}"


@pytest.mark.parametrize("case", VALIDATE_ONLY)
def test_defects_of_the_whole_pack_are_left_to_validate(tmp_path: Path, shipped_schemas: dict[str, Any],
                                                        case: str) -> None:
    pack = materialize(case, tmp_path)
    assert not load_pack(pack).ok
    assert pack_schema_errors(pack, shipped_schemas) == {}
