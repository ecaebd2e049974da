"""kiosk/pin.py: the PIN is kept only as a salted PBKDF2 hash; `main.py set-pin` writes the hash into
the config file and leaves the rest of the file as it was."""

from __future__ import annotations

import base64
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.locations import program_root
from kiosk.pin import ITERATIONS, hash_pin, is_pin_hash, verify_pin
from kiosk.settings import default_config_text, load_settings, set_config_value

PIN = "4711"


@pytest.fixture(scope="module")
def stored() -> str:
    return hash_pin(PIN)  # PBKDF2 is slow on purpose: once for the module


def test_hash_and_verify_round_trip(stored: str) -> None:
    algorithm, iterations, salt, digest = stored.split("$")
    assert algorithm == "pbkdf2_sha256" and int(iterations) == ITERATIONS >= 100_000
    assert len(base64.b64decode(salt)) == 16 and len(base64.b64decode(digest)) == 32
    assert PIN not in stored
    assert is_pin_hash(stored)
    assert verify_pin(PIN, stored)


def test_a_wrong_pin_is_refused(stored: str) -> None:
    for wrong in ("4712", "47111", "0000", "", "471l", "4711 "):
        assert not verify_pin(wrong, stored), wrong


def test_the_same_pin_hashes_differently_each_time(stored: str) -> None:
    other = hash_pin(PIN)
    assert other != stored and other.split("$")[2] != stored.split("$")[2]
    assert verify_pin(PIN, other)


def test_only_4_to_8_digits_are_a_pin() -> None:
    for bad in ("123", "123456789", "12a4", "١٢٣٤", "", " 1234"):
        with pytest.raises(ValueError, match="4 to 8 digits"):
            hash_pin(bad)
    assert verify_pin("12345678", hash_pin("12345678"))


def test_no_stored_pin_verifies_nothing() -> None:
    assert not verify_pin(PIN, None)


def test_malformed_hashes_are_recognised(stored: str) -> None:
    algorithm, iterations, salt, digest = stored.split("$")
    malformed = [
        "4711", "", "pbkdf2_sha256$", f"md5${iterations}${salt}${digest}", f"{algorithm}$x${salt}${digest}",
        f"{algorithm}${iterations}$not base64!${digest}", f"{algorithm}${iterations}${salt}${digest[:-8]}",
        f"{algorithm}$10000000000${salt}${digest}",  # would keep the pad busy for hours
        f"{algorithm}${iterations}${salt}${digest}$extra",
    ]
    for text in malformed:
        assert not is_pin_hash(text), text
        with pytest.raises(ValueError, match="set-pin"):
            verify_pin(PIN, text)
    assert not is_pin_hash(None) and not is_pin_hash(4711)


# --- keeping the config file's other lines ------------------------------------------------------

def test_set_config_value_replaces_the_line_and_keeps_the_rest(tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_bytes(b"# museum settings\r\nlog_level: debug\r\nadmin_pin: old  # before\r\ncursor: hidden")
    set_config_value(config, "admin_pin", '"NEW"')
    assert config.read_bytes() == b'# museum settings\r\nlog_level: debug\r\nadmin_pin: "NEW"\r\ncursor: hidden'


def test_set_config_value_uncomments_or_appends(tmp_path: Path) -> None:
    commented = tmp_path / "commented.yaml"
    commented.write_text("# log_level: info\n#   admin_pin: null\nwindowed: true\n", encoding="utf-8")
    set_config_value(commented, "admin_pin", "x")
    assert commented.read_text(encoding="utf-8") == "# log_level: info\nadmin_pin: x\nwindowed: true\n"
    absent = tmp_path / "absent.yaml"
    absent.write_text("windowed: true", encoding="utf-8")
    set_config_value(absent, "admin_pin", "x")
    assert absent.read_text(encoding="utf-8") == "windowed: true\nadmin_pin: x\n"


# --- main.py set-pin ----------------------------------------------------------------------------

def set_pin(config: Path, stdin: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONUNBUFFERED="1")
    return subprocess.run([sys.executable, "main.py", "set-pin", "--config", str(config)], cwd=program_root(),
                          env=env, input=stdin, capture_output=True, text=True, timeout=120, check=False)


def test_set_pin_from_stdin_writes_a_verifiable_hash_and_keeps_comments(tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    original = ("# Settings of gallery 3, edited by Anna\n\nlog_level: warning   # noisy otherwise\n\n"
                "# admin_pin: null\n\n# the touch frame is flaky\ncursor: hidden\n")
    config.write_text(original, encoding="utf-8")

    result = set_pin(config, "902614\n")

    assert result.returncode == 0, result.stderr
    assert "902614" not in result.stdout + result.stderr
    text = config.read_text(encoding="utf-8")
    assert "902614" not in text
    before, after = original.splitlines(), text.splitlines()
    changed = [(old, new) for old, new in zip(before, after, strict=True) if old != new]
    assert len(changed) == 1 and changed[0][0] == "# admin_pin: null" and changed[0][1].startswith("admin_pin: ")
    settings = load_settings(None, None, config)
    assert settings.problems == []
    assert verify_pin("902614", settings.admin_pin) and not verify_pin("902615", settings.admin_pin)
    assert (settings.log_level, settings.cursor) == ("warning", "hidden")


def test_set_pin_again_replaces_the_old_hash(tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    assert set_pin(config, "1111\n").returncode == 0
    first = load_settings(None, None, config).admin_pin
    assert set_pin(config, "2222\n").returncode == 0
    settings = load_settings(None, None, config)
    assert settings.admin_pin != first and verify_pin("2222", settings.admin_pin)
    assert config.read_text(encoding="utf-8").count("admin_pin:") == 1


def test_set_pin_creates_the_config_file_with_the_defaults(tmp_path: Path) -> None:
    config = tmp_path / "new" / "config.yaml"
    result = set_pin(config, "4711\n")
    assert result.returncode == 0, result.stderr
    text = config.read_text(encoding="utf-8")
    default_lines = default_config_text().splitlines()
    assert [line for line in text.splitlines() if line not in default_lines] == [
        line for line in text.splitlines() if line.startswith("admin_pin: ")]
    assert len(text.splitlines()) == len(default_lines)
    assert verify_pin("4711", load_settings(None, None, config).admin_pin)


@pytest.mark.parametrize("stdin", ["12\n", "12345678901\n", "47a1\n", "\n", ""])
def test_set_pin_refuses_what_is_not_a_pin_and_leaves_the_file(tmp_path: Path, stdin: str) -> None:
    config = tmp_path / "config.yaml"
    config.write_text("log_level: debug\n", encoding="utf-8")
    result = set_pin(config, stdin)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and result.stderr.startswith("main.py set-pin: ")
    assert config.read_text(encoding="utf-8") == "log_level: debug\n"
    if stdin.strip():
        assert stdin.strip() not in result.stderr
