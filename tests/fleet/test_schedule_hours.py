"""kiosk/schedule.py: opening hours read from the config file, with one located error per bad entry."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import pytest

from kiosk.schedule import OpeningHours, parse_schedule
from kiosk.settings import load_settings

MONDAY = datetime(2026, 11, 23)  # a Monday


def hours(value: object) -> OpeningHours:
    parsed, errors = parse_schedule(value)
    assert parsed is not None, errors
    return parsed


def at(day: int, clock: str) -> datetime:
    hour, minute = (int(part) for part in clock.split(":"))
    return MONDAY.replace(day=MONDAY.day + day, hour=hour, minute=minute)


def test_the_issue_s_example() -> None:
    week = hours({"mon-fri": "09:00-18:00", "sat": "10:00-17:00", "sun": "closed"})
    assert not week.is_open(at(0, "08:59")) and week.is_open(at(0, "09:00")) and week.is_open(at(0, "17:59"))
    assert not week.is_open(at(0, "18:00"))
    assert week.is_open(at(5, "10:30")) and not week.is_open(at(5, "17:30"))
    assert not week.is_open(at(6, "12:00"))
    assert week.next_change(at(0, "12:00")) == at(0, "18:00")
    assert week.next_change(at(0, "18:00")) == at(1, "09:00")
    assert week.next_change(at(5, "17:00")) == at(7, "09:00")  # Saturday evening: Monday morning
    assert week.describe() == '{mon-fri: "09:00-18:00", sat: "10:00-17:00", sun: closed}'


def test_days_not_named_are_closed_and_ranges_wrap_and_split() -> None:
    week = hours({"fri-mon": "10:00-12:00, 14:00-16:00"})
    assert [day for day in range(7) if week.is_open(at(day, "11:00"))] == [0, 4, 5, 6]
    assert not week.is_open(at(0, "13:00")) and week.is_open(at(0, "15:59"))
    assert week.next_change(at(1, "11:00")) == at(4, "10:00")


def test_daily_full_names_and_midnight() -> None:
    week = hours({"daily": "00:00-24:00"})
    assert all(week.is_open(at(day, "23:59")) for day in range(7))
    assert week.next_change(at(0, "12:00")) is None  # never closes
    assert hours({"Saturday": False}).next_change(at(0, "12:00")) is None  # never opens


@pytest.mark.parametrize(("value", "message"), [
    ({"thr": "09:00-18:00"}, "unknown day 'thr' (did you mean 'thu'?)"),
    ({"mon": "9-18"}, "mon: '9-18' is not a range of hours such as 09:00-18:00"),
    ({"mon": "18:00-09:00"}, "mon: '18:00-09:00' closes before it opens; hours over midnight are not supported"),
    ({"mon": "09:00-25:00"}, "mon: 25:00 is not a time of day"),
    ({"mon": "09:00-13:00, 12:00-18:00"}, "mon: the ranges in '09:00-13:00, 12:00-18:00' overlap"),
    ({"mon-fri": "09:00-18:00", "fri": "closed"}, "fri: fri already has its hours from 'mon-fri'"),
    ({"mon": 600}, "mon: write the hours in quotes"),
    ({"mon-wed-fri": "closed"}, "'mon-wed-fri' is not a day or a range of days"),
    ("09:00-18:00", "must be a mapping of days to hours"),
])
def test_each_mistake_is_explained(value: object, message: str) -> None:
    parsed, errors = parse_schedule(value)
    assert parsed is None
    assert len(errors) == 1 and message in errors[0][1], errors


def test_a_config_file_gets_one_located_problem_per_bad_entry(tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_text("log_level: info\n"
                      "schedule:\n"
                      "  mon-fri: \"09:00-18:00\"\n"
                      "  sat: \"10:00-27:00\"\n"
                      "  sun: closed\n"
                      "  hol: closed\n", encoding="utf-8")
    settings = load_settings(None, None, config)
    assert settings.schedule is None  # the whole schedule falls back to "always open"
    lines = [str(problem) for problem in settings.problems]
    assert len(lines) == 2, lines
    assert re.match(rf"^{re.escape(str(config))}:4:8: 'schedule' sat: 27:00 is not a time of day", lines[0])
    assert re.match(rf"^{re.escape(str(config))}:6:8: 'schedule' unknown day 'hol'", lines[1])
    assert all(line.endswith("using null (default) instead") for line in lines)


def test_a_good_schedule_is_used_and_printed_as_written(tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_text('schedule: {mon-fri: "09:00-18:00", sat: "10:00-17:00", sun: closed}\n', encoding="utf-8")
    settings = load_settings(None, None, config)
    assert settings.problems == []
    assert settings.schedule.is_open(at(2, "10:00"))
    assert settings.shown("schedule") == '{mon-fri: "09:00-18:00", sat: "10:00-17:00", sun: closed}'
