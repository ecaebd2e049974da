"""kiosk/settings.py: one table of settings, four layers (defaults < exhibit.yaml < config file <
flags), a config file written with commented defaults on first run, and problems with positions."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from kiosk.cli import build_parser
from kiosk.content.loader import load_pack
from kiosk.content.model import Exhibit
from kiosk.locations import bundled_content_dir, program_root, user_data_dir, user_log_dir
from kiosk.pin import hash_pin
from kiosk.settings import (
    SETTINGS,
    default_config_text,
    format_settings,
    load_settings,
    reference_table,
    write_default_config,
)

LOCATED = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<column>\d+): (?P<message>.+)$")
DEFAULTS = {
    "content": bundled_content_dir(), "windowed": False, "size": None, "screen": None, "language": None,
    "attract_after": 90.0, "attract_seconds_per_screen": 12.0, "cursor": "auto", "admin_pin": None,
    "log_level": "info", "statistics": True, "reduced_motion": False, "large_text": False, "high_contrast": False,
    "data_dir": user_data_dir(),
    "log_dir": user_log_dir(), "metrics": None, "content_source": None, "keep_versions": 3, "schedule": None,
}


def values(settings) -> dict[str, object]:
    return {name: value for name, value, _ in settings.items()}


def located(problem) -> tuple[str, int, int, str]:
    match = LOCATED.match(str(problem))
    assert match, f"not path:line:column: message: {problem}"
    return match["path"], int(match["line"]), int(match["column"]), match["message"]


def flags(*argv: str):
    return build_parser().parse_args(list(argv))


@pytest.fixture
def pack_45(tmp_path: Path) -> Path:
    """The bundled exhibit with `attract.after_seconds: 45` and `default_language: fr`."""
    pack = tmp_path / "pack"
    shutil.copytree(bundled_content_dir(), pack)
    exhibit_yaml = pack / "exhibit.yaml"
    text = exhibit_yaml.read_text(encoding="utf-8")
    assert "  after_seconds: 90\n" in text and "default_language: en\n" in text
    text = text.replace("  after_seconds: 90\n", "  after_seconds: 45\n")
    exhibit_yaml.write_text(text.replace("default_language: en\n", "default_language: fr\n"), encoding="utf-8")
    return pack


@pytest.fixture
def exhibit_45(pack_45: Path) -> Exhibit:
    result = load_pack(pack_45)
    assert result.ok and result.exhibit is not None, [str(p) for p in result.problems]
    return result.exhibit


# --- first run ---------------------------------------------------------------------------------

def test_first_run_writes_every_setting_commented_and_loading_it_gives_the_defaults(tmp_path: Path) -> None:
    config = tmp_path / "deep" / "config.yaml"
    settings = load_settings(None, None, config)

    assert config.is_file()
    assert settings.config_path == config
    assert settings.problems == []
    assert values(settings) == DEFAULTS
    assert {settings.source(name) for name in DEFAULTS} == {"default"}
    text = config.read_text(encoding="utf-8")
    for setting in SETTINGS:
        assert re.search(rf"^# {setting.name}: ", text, re.MULTILINE), f"{setting.name} is not in the file"
    assert not [line for line in text.splitlines() if line and not line.startswith("#")], "all commented"
    again = load_settings(None, None, config)  # the written file is read back as nothing set
    assert again.problems == [] and values(again) == DEFAULTS
    assert config.read_text(encoding="utf-8") == text


def test_every_commented_default_is_valid_when_uncommented(tmp_path: Path) -> None:
    """What a technician gets by removing the '#' is exactly the default (each default passes its
    own validator)."""
    config = tmp_path / "config.yaml"
    names = "|".join(setting.name for setting in SETTINGS)
    config.write_text(re.sub(rf"^# ({names}): ", r"\1: ", default_config_text(), flags=re.MULTILINE),
                      encoding="utf-8")
    settings = load_settings(None, None, config)
    assert settings.problems == []
    assert values(settings) == DEFAULTS
    set_in_file = [name for name, value in DEFAULTS.items() if value is not None]
    for name in set_in_file:
        assert settings.source(name).startswith(f"config file {config}:"), name


def test_an_unwritable_config_location_is_a_warning_and_the_defaults_are_used(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the config folder should be", encoding="utf-8")
    settings = load_settings(None, None, blocker / "config.yaml")
    assert values(settings) == DEFAULTS
    assert len(settings.problems) == 1
    problem = settings.problems[0]
    assert not problem.is_error and "cannot write a config file" in problem.message


def test_write_default_config_keeps_nothing_half_written(tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    write_default_config(config)
    assert config.read_text(encoding="utf-8") == default_config_text()
    assert [path.name for path in tmp_path.iterdir()] == ["config.yaml"]  # no temporary file left


# --- precedence --------------------------------------------------------------------------------

def test_each_layer_overrides_the_one_below(tmp_path: Path, exhibit_45: Exhibit) -> None:
    config = tmp_path / "config.yaml"
    config.write_text("# technician's changes\nlog_level: debug\nattract_after: 20\ncursor: hidden\n",
                      encoding="utf-8")

    defaults = load_settings(None, None, tmp_path / "missing.yaml")
    assert (defaults.attract_after, defaults.source("attract_after")) == (90.0, "default")
    assert (defaults.language, defaults.source("language")) == (None, "default")

    from_exhibit = load_settings(None, exhibit_45, tmp_path / "missing.yaml")
    assert (from_exhibit.attract_after, from_exhibit.source("attract_after")) == (45.0, "exhibit.yaml")
    assert (from_exhibit.language, from_exhibit.source("language")) == ("fr", "exhibit.yaml")
    assert from_exhibit.source("attract_seconds_per_screen") == "exhibit.yaml"

    from_file = load_settings(flags(), exhibit_45, config)
    assert (from_file.attract_after, from_file.source("attract_after")) == (20.0, f"config file {config}:3")
    assert (from_file.log_level, from_file.source("log_level")) == ("debug", f"config file {config}:2")
    assert from_file.language == "fr"  # not in the file: exhibit.yaml's
    assert (from_file.windowed, from_file.source("windowed")) == (False, "default")

    from_flags = load_settings(flags("--attract-after", "3", "--lang", "en", "--windowed", "--size", "800x600"),
                               exhibit_45, config)
    assert (from_flags.attract_after, from_flags.source("attract_after")) == (3.0, "command line (--attract-after)")
    assert (from_flags.language, from_flags.source("language")) == ("en", "command line (--lang)")
    assert (from_flags.windowed, from_flags.source("windowed")) == (True, "command line (--windowed)")
    assert from_flags.size == (800, 600)
    assert (from_flags.cursor, from_flags.log_level) == ("hidden", "debug")  # no flag given: the file's
    assert from_flags.problems == []


def test_the_config_flag_chooses_the_file(tmp_path: Path) -> None:
    config = tmp_path / "kiosk.yaml"
    config.write_text("reduced_motion: true\n", encoding="utf-8")
    settings = load_settings(flags("--config", str(config)))
    assert settings.config_path == config
    assert settings.reduced_motion is True


def test_a_flag_left_out_is_not_given(tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_text("windowed: true\nscreen: 1\n", encoding="utf-8")
    settings = load_settings(flags(), None, config)
    assert (settings.windowed, settings.screen) == (True, 1)
    assert settings.source("windowed") == f"config file {config}:1"


def test_relative_folders_in_the_config_file_are_relative_to_it(tmp_path: Path) -> None:
    config = tmp_path / "etc" / "config.yaml"
    config.parent.mkdir()
    config.write_text("data_dir: stats\nlog_dir: ~/kiosk-logs\ncontent: /srv/exhibit\n", encoding="utf-8")
    settings = load_settings(None, None, config)
    assert settings.data_dir == tmp_path / "etc" / "stats"
    assert settings.log_dir == Path("~/kiosk-logs").expanduser()
    assert settings.content == Path("/srv/exhibit")


def test_settings_are_read_only_and_misspelt_names_are_explained(tmp_path: Path) -> None:
    settings = load_settings(None, None, tmp_path / "config.yaml")
    with pytest.raises(AttributeError, match="read-only"):
        settings.windowed = True
    with pytest.raises(AttributeError, match="did you mean 'attract_after'"):
        _ = settings.atract_after


def test_a_stored_pin_hash_is_used_and_not_printed(tmp_path: Path) -> None:
    stored = hash_pin("4711")
    config = tmp_path / "config.yaml"
    config.write_text(f'admin_pin: "{stored}"\n', encoding="utf-8")
    settings = load_settings(None, None, config)
    assert settings.admin_pin == stored
    assert stored not in format_settings(settings)


# --- problems in the config file ---------------------------------------------------------------

def test_broken_yaml_ignores_the_file_with_one_located_problem(tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_text("log_level: debug\nattract_after: [3\ncursor: hidden\n", encoding="utf-8")
    settings = load_settings(flags("--windowed"), None, config)
    assert len(settings.problems) == 1
    path, line, column, message = located(settings.problems[0])
    assert path == str(config) and line >= 2 and column >= 1
    assert "YAML" in message and "ignored" in message
    assert settings.log_level == "info" and settings.cursor == "auto"  # the file's values are all dropped
    assert settings.windowed is True  # the flags still count


def test_a_wrong_value_falls_back_and_names_the_key(tmp_path: Path, exhibit_45: Exhibit) -> None:
    config = tmp_path / "config.yaml"
    config.write_text("cursor: hidden\nattract_after: soon\nlog_level: verbose\nscreen: -1\nwindowed: 1\n",
                      encoding="utf-8")
    settings = load_settings(None, exhibit_45, config)

    assert settings.cursor == "hidden"  # the good line is used
    assert (settings.attract_after, settings.source("attract_after")) == (45.0, "exhibit.yaml")
    assert (settings.log_level, settings.screen, settings.windowed) == ("info", None, False)
    found = {located(problem)[1]: located(problem) for problem in settings.problems}
    assert sorted(found) == [2, 3, 4, 5]
    assert found[2][2] == 16 and "'attract_after'" in found[2][3] and "using 45 (exhibit.yaml)" in found[2][3]
    assert "'log_level' must be one of debug, info, warning, error, not 'verbose'" in found[3][3]
    assert "'screen'" in found[4][3] and "'windowed' must be true or false" in found[5][3]
    assert all(problem.is_error for problem in settings.problems)


def test_an_unknown_key_gets_a_suggestion(tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_text("# comment\n\n  atract_after: 5\n", encoding="utf-8")
    settings = load_settings(None, None, config)
    assert values(settings) == DEFAULTS
    (problem,) = settings.problems
    path, line, column, message = located(problem)
    assert (path, line, column) == (str(config), 3, 3)
    assert "unknown setting 'atract_after' (did you mean 'attract_after'?)" in message


def test_a_pin_typed_into_the_file_is_refused_without_repeating_it(tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_text("admin_pin: 472913\n", encoding="utf-8")
    settings = load_settings(None, None, config)
    assert settings.admin_pin is None
    (problem,) = settings.problems
    assert "admin_pin" in str(problem) and "set-pin" in str(problem)
    assert "472913" not in str(problem)


def test_a_file_that_is_not_a_mapping_is_ignored(tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_text("- windowed\n- true\n", encoding="utf-8")
    settings = load_settings(None, None, config)
    assert values(settings) == DEFAULTS
    (problem,) = settings.problems
    assert located(problem)[1:3] == (1, 1) and "must be a list of settings" in problem.message


def test_bad_flag_values_are_refused_by_the_parser(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (["--attract-after", "0"], ["--attract-after", "soon"], ["--cursor", "gone"],
                 ["--log-level", "loud"], ["--screen", "-2"]):
        with pytest.raises(SystemExit) as exit_info:
            flags(*argv)
        assert exit_info.value.code == 2
        error = capsys.readouterr().err
        assert f"argument {argv[0]}" in error and "must be" in error, error


# --- the reference in docs/settings.md ---------------------------------------------------------

def test_docs_list_every_setting_as_the_table_says() -> None:
    docs = (program_root() / "docs" / "settings.md").read_text(encoding="utf-8")
    assert reference_table() in docs, ("docs/settings.md is out of date; rewrite its table with "
                                       "`.venv/bin/python -m kiosk.settings docs/settings.md`")
    for setting in SETTINGS:
        assert f"| `{setting.name}` |" in docs


# --- main.py --print-config --------------------------------------------------------------------

def main_py(*args: str | Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONUNBUFFERED="1")
    return subprocess.run([sys.executable, "-X", "importtime", "main.py", *map(str, args)], cwd=program_root(),
                          env=env, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL,
                          check=False)


def printed(stdout: str) -> dict[str, tuple[str, str]]:
    """name -> (value, source) from --print-config's output."""
    rows = {}
    for line in stdout.splitlines():
        parts = re.split(r"\s{2,}", line.strip(), maxsplit=2)
        if len(parts) == 3 and parts[0] in {setting.name for setting in SETTINGS}:
            rows[parts[0]] = (parts[1], parts[2])
    return rows


def imported_modules(stderr: str) -> list[str]:
    return [line.rsplit("|", 1)[-1].strip() for line in stderr.splitlines() if line.startswith("import time:")]


def test_print_config_shows_every_value_and_its_source(tmp_path: Path, pack_45: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_text(f"content: {pack_45}\n# the museum's choice\nlog_level: warning\nattract_after: 20\n",
                      encoding="utf-8")
    result = main_py("--print-config", "--config", config, "--attract-after", "3", "--reduced-motion")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    rows = printed(result.stdout)
    assert sorted(rows) == sorted(setting.name for setting in SETTINGS)
    assert rows["attract_after"] == ("3", "command line (--attract-after)")
    assert rows["reduced_motion"] == ("true", "command line (--reduced-motion)")
    assert rows["log_level"] == ("warning", f"config file {config}:3")
    assert rows["content"] == (str(pack_45), f"config file {config}:1")
    assert rows["language"] == ("fr", "exhibit.yaml")  # from the pack the config file names
    assert rows["attract_seconds_per_screen"] == ("12", "exhibit.yaml")
    assert rows["cursor"] == ("auto", "default")
    assert f"config file: {config}" in result.stdout
    assert not [name for name in imported_modules(result.stderr) if name.startswith(("PySide6", "shiboken6"))]


def test_print_config_reports_a_broken_config_file_and_exits_1(tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_text("cursor: hidden\nlog_levl: debug\nattract_after: -4\n", encoding="utf-8")
    result = main_py("--print-config", "--config", config)

    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    rows = printed(result.stdout)
    assert rows["cursor"] == ("hidden", f"config file {config}:1")
    assert rows["attract_after"] == ("90", "exhibit.yaml")
    problems = [match for line in result.stdout.splitlines() if (match := LOCATED.match(line))]
    assert [(m["path"], m["line"], m["column"]) for m in problems] == [(str(config), "2", "1"),
                                                                      (str(config), "3", "16")]
    assert "did you mean 'log_level'" in problems[0]["message"]
    assert "'attract_after'" in problems[1]["message"]


def test_print_config_goes_on_without_the_content_pack(tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_text(f"content: {tmp_path / 'nowhere'}\n", encoding="utf-8")
    result = main_py("--print-config", "--config", config)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "cannot be loaded" in result.stderr and "Traceback" not in result.stderr
    rows = printed(result.stdout)
    assert rows["attract_after"] == ("90", "default")
    assert rows["language"] == ("null", "default")


def test_print_config_writes_the_first_config_file(tmp_path: Path) -> None:
    config = tmp_path / "new" / "config.yaml"
    result = main_py("--print-config", "--config", config)
    assert result.returncode == 0, result.stdout + result.stderr
    assert config.read_text(encoding="utf-8") == default_config_text()
    assert yaml.safe_load(config.read_text(encoding="utf-8")) is None  # all commented out
