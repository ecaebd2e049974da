"""The content loader: the bundled pack is clean, and every broken pack is refused with a
`path:line:column: message` that points at the defect. Real files, the real loader, no Qt."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from content_packs import (
    BROKEN,
    EXHIBIT,
    FIXTURES,
    MEMBERS,
    PARTS,
    TEST_TIME_DEFECTS,
    broken_pack_files,
    iter_texts,
    materialize,
    minimal_pack_files,
)

from kiosk.content.loader import load_pack
from kiosk.content.problems import Problem
from kiosk.content.yamlsource import MAX_DEPTH, parse_yaml_text
from kiosk.locations import bundled_content_dir

BUNDLED_ORDER = ("meaning", "power", "cutaway", "signing", "parties", "site")


# --- the bundled pack ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def bundled():
    return load_pack(bundled_content_dir())


def test_bundled_pack_loads_without_errors_or_warnings(bundled) -> None:
    assert [str(p) for p in bundled.problems] == []
    assert bundled.ok
    assert bundled.exhibit is not None


def test_bundled_pack_has_six_screens_in_order(bundled) -> None:
    exhibit = bundled.exhibit
    assert exhibit is not None
    assert tuple(screen.id for screen in exhibit.screens) == BUNDLED_ORDER
    for index, screen in enumerate(exhibit.screens):
        assert exhibit.index_of(screen.id) == index
        assert screen.source_file.name == f"{screen.id}.yaml"
        assert screen.source_file.parent == bundled_content_dir() / "screens"


def test_bundled_pack_languages_and_attract(bundled) -> None:
    exhibit = bundled.exhibit
    assert exhibit is not None
    assert exhibit.languages == ("en", "fr")
    assert exhibit.default_language == "en"
    assert exhibit.facts, "the fact register (seeds:facts.yaml) was not loaded"
    assert set(exhibit.attract.screens) <= set(BUNDLED_ORDER)


def test_every_bundled_text_has_english_and_french(bundled) -> None:
    exhibit = bundled.exhibit
    assert exhibit is not None
    texts = list(iter_texts(exhibit.title, "title")) + list(iter_texts(exhibit.attract, "attract"))
    for screen in exhibit.screens:
        texts += list(iter_texts(screen, screen.id))
    assert len(texts) > 100, "the walk found too few texts; is it reaching into every screen?"
    for where, text in texts:
        assert set(text.values) == {"en", "fr"}, where
        assert set(text.raw) == {"en", "fr"}, where
        for language, value in text.values.items():
            assert value.strip(), f"{where}: empty {language} text"
            assert "{fact:" not in value, f"{where}: placeholder left unfilled in {language}: {value!r}"


# --- the minimal pack the broken ones are made from ------------------------------------------------------

def test_minimal_pack_is_valid(minimal_pack: Path) -> None:
    result = load_pack(minimal_pack)
    assert [str(p) for p in result.problems] == []
    assert result.ok
    assert result.exhibit is not None
    assert [s.id for s in result.exhibit.screens] == ["parts", "members"]
    parts = result.exhibit.screen("parts")
    assert parts.layout == "hotspots"
    assert parts.image is not None and parts.image.src == "assets:art/tokamak-cutaway.svg"
    assert parts.image.path.is_file()
    assert [h.id for h in parts.hotspots] == ["plasma", "magnets"]
    members = result.exhibit.screen("members")
    assert members.map is not None and members.map.src == "assets:maps/world.json"
    assert members.regions[0].countries == ("JPN",)


def test_load_pack_accepts_a_string(minimal_pack: Path) -> None:
    assert load_pack(str(minimal_pack)).ok


def test_a_missing_folder_is_a_problem_not_an_exception(tmp_path: Path) -> None:
    result = load_pack(tmp_path / "nowhere")
    assert result.exhibit is None and not result.ok
    assert [p.message for p in result.problems] == ["content folder not found"]


def test_a_folder_without_exhibit_yaml_is_a_problem(tmp_path: Path) -> None:
    result = load_pack(tmp_path)
    assert result.exhibit is None
    assert len(result.problems) == 1
    assert result.problems[0].path == tmp_path / "exhibit.yaml"
    assert "exhibit.yaml" in result.problems[0].message


def test_problem_str_is_path_line_column_message() -> None:
    error = Problem(Path("pack/screens/a.yaml"), 3, 7, "something is wrong")
    warning = Problem(Path("pack/screens/a.yaml"), 3, 7, "look at this", "warning")
    assert str(error) == "pack/screens/a.yaml:3:7: something is wrong"
    assert str(warning) == "pack/screens/a.yaml:3:7: warning: look at this"
    assert error.is_error and not warning.is_error


# --- the broken packs ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Expect:
    """The error a broken pack must produce.

    `line` names the line by a piece of text found on exactly one line of `file` (None: the problem is
    about the whole file, reported as line 0, column 0); `at`, when given, is the text on that line the
    column must point at (its last occurrence on the line). Every string in `says` must be in the message.
    """

    file: str
    line: str | None
    says: tuple[str, ...]
    at: str | None = None


EXPECTED: dict[str, Expect] = {
    "yaml_syntax": Expect(PARTS, "en: Inside: the machine", ("YAML syntax error", "mapping values"), at=": the"),
    "tab_indentation": Expect(PARTS, "\tfr: Au c", ("YAML syntax error", "tab"), at="\t"),
    "empty_exhibit": Expect(EXHIBIT, None, ("empty",)),
    "empty_screen": Expect(MEMBERS, None, ("empty",)),
    "screen_not_mapping": Expect(MEMBERS, "- layout: map", ("must be a mapping",), at="- layout"),
    "wrong_type": Expect(PARTS, "title: 5", ("'title' must be a text", "the number 5"), at="5"),
    "missing_required": Expect(PARTS, "- id: magnets", ("missing the required key 'label'",), at="id: magnets"),
    "unknown_key": Expect(PARTS, "titel:", ("unknown key 'titel'", "did you mean 'title'"), at="titel"),
    "unknown_layout": Expect(PARTS, "layout: hotspot", ("unknown layout 'hotspot'", "did you mean 'hotspots'"),
                             at="hotspot"),
    "duplicate_screen_in_order": Expect(EXHIBIT, "screens: [parts, members, parts]", ("'parts' is listed twice",),
                                        at="parts]"),
    "unknown_screen": Expect(EXHIBIT, "screens: [parts, membres]",
                             ("screen 'membres' has no file screens/membres.yaml", "did you mean 'members'"),
                             at="membres"),
    "bad_screen_id": Expect(EXHIBIT, "screens: [parts, Members]", ("must be an id", "'Members'"), at="Members"),
    "duplicate_key": Expect(PARTS, "title: {en: Once more", ("duplicate key 'title'",), at="title"),
    "duplicate_hotspot_id": Expect(PARTS, "  - id: plasma\n    x: 0.2", ("duplicate id 'plasma'",), at="plasma"),
    "path_traversal": Expect(PARTS, "src: ../x.svg", ("'../x.svg'", "outside the pack"), at="../x.svg"),
    "absolute_path": Expect(PARTS, "src: /etc/passwd", ("'/etc/passwd'", "absolute path"), at="/etc/passwd"),
    "symlink_out": Expect(PARTS, "src: images/outside.svg", ("'images/outside.svg'", "outside the pack"),
                          at="images/"),
    "non_utf8": Expect(MEMBERS, "fr: \"Donn", ("not UTF-8", "0xe9"), at="\ufffd"),
    "text_named_png": Expect(PARTS, "src: images/cutaway.png", ("'cutaway.png' is not a PNG image",), at="images/"),
    "truncated_png": Expect(PARTS, "src: images/cutaway.png", ("'cutaway.png' is a truncated PNG",), at="images/"),
    "missing_image": Expect(PARTS, "src: images/cutaway.svg", ("image file not found", "cutaway.svg"), at="images/"),
    "huge_file": Expect(MEMBERS, None, ("too large", "at most 1000000")),
    "deep_nesting": Expect(PARTS, "notes: [[[", (f"nesting deeper than {MAX_DEPTH} levels",)),
    # An alias bomb is refused at the anchor whose expansion runs out of budget: any line of the bomb.
    "alias_bomb": Expect(PARTS, "lol1: &lol1", ("too large or expands too far", "aliases")),
    "unknown_fact": Expect(PARTS, "{fact:pulse_short.powr}",
                           ("unknown fact 'pulse_short.powr'", "did you mean 'pulse_short.power'"), at='"{fact'),
    "missing_french": Expect(PARTS, "label: {en: Magnets}", ("'label' is missing the fr text",), at="{en"),
    "unknown_language_key": Expect(PARTS, "de: Plasma", ("'de' is not one of the exhibit's languages",), at="de:"),
    "bad_colour": Expect(EXHIBIT, 'accent: "#f2a93"', ("'accent' must be a colour", "'#f2a93'"), at='"#'),
    "low_contrast": Expect(EXHIBIT, 'muted: "#2a3646"', ("'muted'", "contrast", "4.5:1"), at='"#'),
    "hotspot_x_out_of_range": Expect(PARTS, "x: 1.4", ("'x' must be between 0 and 1", "1.4"), at="1.4"),
    "unknown_country": Expect(MEMBERS, "countries: [JPN, JAP]", ("country 'JAP' is not in assets:maps/world.json",),
                              at="JAP"),
    "attract_not_in_order": Expect(EXHIBIT, "screens: [parts, intro]", ("'intro' is not in the screen order",),
                                   at="intro"),
    "default_language_not_in_languages": Expect(EXHIBIT, "default_language: de",
                                                ("default_language 'de' is not in languages",), at="de"),
    "missing_fact_register": Expect(EXHIBIT, "facts: seeds:fact.yaml",
                                    ("fact register not found", "seeds:fact.yaml"), at="seeds:"),
}


def test_every_broken_pack_has_an_expectation() -> None:
    assert set(EXPECTED) == set(BROKEN)
    assert len(BROKEN) >= 25


def _text_of(path: Path) -> str:
    return path.read_bytes().decode("utf-8", errors="replace")


def _line_and_column(path: Path, expect: Expect) -> tuple[int, int | None]:
    """Where the expected problem is, found in the fixture file itself (1-based)."""
    if expect.line is None:
        return 0, 0
    text = _text_of(path)
    assert text.count(expect.line) == 1, f"{expect.line!r} must occur once in {path}"
    line = text[: text.index(expect.line)].count("\n") + 1  # a multi-line anchor names its first line
    if expect.at is None:
        return line, None
    line_text = text.splitlines()[line - 1]
    assert expect.at in line_text, f"{expect.at!r} is not on line {line} of {path}"
    return line, line_text.rindex(expect.at) + 1


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_pack_is_refused_with_a_located_error(case: str, tmp_path: Path) -> None:
    pack = materialize(case, tmp_path)
    expect = EXPECTED[case]

    result = load_pack(pack)  # must return (never raise), and quickly even for the alias bomb

    assert result.exhibit is None
    assert not result.ok
    errors = [p for p in result.problems if p.is_error]
    assert errors, f"{case}: no error reported"
    listing = "\n".join(str(p) for p in result.problems)
    target = pack / expect.file
    line, column = _line_and_column(target, expect)
    matching = [p for p in errors if Path(p.path) == target and all(s in p.message for s in expect.says)]
    assert matching, f"{case}: no error in {expect.file} saying {expect.says}; got:\n{listing}"
    problem = matching[0]
    if case == "alias_bomb":  # any line of the bomb: the anchor being expanded when the budget ran out
        first = line
        last = first + _text_of(target).count("&lol") - 1
        assert first <= problem.line <= last, listing
    else:
        assert problem.line == line, f"{case}: expected line {line}; got:\n{listing}"
    if column is not None:
        assert problem.column == column, f"{case}: expected column {column}; got:\n{listing}"
    assert str(problem) == f"{target}:{problem.line}:{problem.column}: {problem.message}"


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_fixture_folder_is_the_minimal_pack_with_one_defect(case: str) -> None:
    """tests/fixtures/broken/<case> holds exactly what content_packs.BROKEN says (regenerate with
    `.venv/bin/python tests/content/content_packs.py`)."""
    folder = FIXTURES / case
    on_disk = {p.relative_to(folder).as_posix(): p.read_bytes()
               for p in sorted(folder.rglob("*")) if p.is_file() and not p.is_symlink()}
    assert on_disk == broken_pack_files(case)
    valid = minimal_pack_files()
    changed = {name for name in set(on_disk) | set(valid) if on_disk.get(name) != valid.get(name)}
    assert changed, f"{case} is identical to the valid pack"
    if case not in TEST_TIME_DEFECTS:
        assert len(changed) <= 2, f"{case} changes more than one thing: {sorted(changed)}"


def test_unknown_screen_also_warns_about_the_unlisted_file(tmp_path: Path) -> None:
    result = load_pack(materialize("unknown_screen", tmp_path))
    warnings = [p for p in result.problems if not p.is_error]
    assert [(p.path.name, p.line, p.column) for p in warnings] == [("members.yaml", 0, 0)]
    assert "not in the screen order" in warnings[0].message
    assert str(warnings[0]).endswith(":0:0: warning: screen file is not in the screen order of exhibit.yaml")


def test_missing_french_in_a_block_mapping_is_reported_at_that_text(minimal_pack: Path) -> None:
    parts = minimal_pack / PARTS
    parts.write_text(parts.read_text(encoding="utf-8").replace("      fr: Le gaz chaud au milieu.\n", ""),
                     encoding="utf-8")
    result = load_pack(minimal_pack)
    assert result.exhibit is None
    problems = [p for p in result.problems if "'text' is missing the fr text" in p.message]
    assert len(problems) == 1
    lines = parts.read_text(encoding="utf-8").splitlines()
    # the mapping that lacks French starts on its `en:` line, under `text:`
    assert lines[problems[0].line - 1].strip() == "en: The hot gas in the middle."
    assert lines[problems[0].line - 2].strip() == "text:"


def test_every_problem_in_a_file_is_collected_not_only_the_first(minimal_pack: Path) -> None:
    parts = minimal_pack / PARTS
    text = parts.read_text(encoding="utf-8")
    text = text.replace("    x: 0.4\n", "    x: 1.4\n").replace("label: {en: Magnets, fr: Aimants}", "label: Magnets")
    parts.write_text(text, encoding="utf-8")
    members = minimal_pack / MEMBERS
    members.write_text(members.read_text(encoding="utf-8").replace("[JPN]", "[JPX]"), encoding="utf-8")
    result = load_pack(minimal_pack)
    found = sorted((p.path.name, p.line) for p in result.problems if p.is_error)
    assert found == [("members.yaml", 14), ("parts.yaml", 18), ("parts.yaml", 27)], \
        "\n".join(str(p) for p in result.problems)


def test_an_error_in_exhibit_yaml_does_not_hide_the_errors_in_the_screens(minimal_pack: Path) -> None:
    """`main.py validate` promises every problem: a bad theme colour must not hide a bad screen, or a
    curator fixes one file only to meet the next error."""
    exhibit = minimal_pack / EXHIBIT
    exhibit.write_text(exhibit.read_text(encoding="utf-8").replace('"#f2a93b"', "orange"), encoding="utf-8")
    parts = minimal_pack / PARTS
    parts.write_text(parts.read_text(encoding="utf-8").replace("    x: 0.4\n", "    x: 1.4\n"), encoding="utf-8")
    result = load_pack(minimal_pack)
    messages = [str(p) for p in result.problems if p.is_error]
    assert any("'accent' must be a colour" in m for m in messages), messages
    assert any("'x' must be between 0 and 1" in m for m in messages), messages


# --- YAML edge cases the loader must survive -------------------------------------------------------------

def test_very_deep_nesting_is_a_problem_not_a_crash(minimal_pack: Path) -> None:
    """A few kilobytes of '[' (far under the 1 MB limit) must be reported like 45 levels are, not raise
    RecursionError out of load_pack (which `main.py validate` would print as a traceback)."""
    parts = minimal_pack / PARTS
    parts.write_text(parts.read_text(encoding="utf-8").replace(
        "subtitle:\n", "notes: " + "[" * 5000 + "]" * 5000 + "\nsubtitle:\n"), encoding="utf-8")

    result = load_pack(minimal_pack)

    assert result.exhibit is None
    errors = [p for p in result.problems if p.is_error]
    assert any(p.path == parts and p.line == 5 and "nest" in p.message for p in errors), \
        "\n".join(str(p) for p in result.problems)


def test_a_merge_key_override_is_not_a_duplicate_key() -> None:
    """`<<: *base` followed by one of base's keys is how YAML overrides a merged value; only keys
    written twice in the same mapping are duplicates."""
    text = "base: &base {x: 0.1, y: 0.2}\npoint:\n  <<: *base\n  x: 0.5\n"
    doc, problems = parse_yaml_text(Path("merge.yaml"), text)
    assert doc is not None
    assert doc.value["point"] == {"x": 0.5, "y": 0.2}
    assert [str(p) for p in problems] == []


def test_a_key_written_twice_is_still_a_duplicate_next_to_a_merge() -> None:
    text = "base: &base {x: 0.1}\npoint:\n  <<: *base\n  y: 0.5\n  y: 0.6\n"
    doc, problems = parse_yaml_text(Path("merge.yaml"), text)
    assert doc is not None and doc.value["point"] == {"x": 0.1, "y": 0.6}
    assert [(p.line, p.column) for p in problems] == [(5, 3)]
    assert "duplicate key 'y'" in problems[0].message


def test_an_impossible_date_is_a_problem(tmp_path: Path) -> None:
    doc, problems = parse_yaml_text(tmp_path / "d.yaml", "when: 2006-13-45\n")
    assert doc is None
    assert len(problems) == 1 and problems[0].is_error
