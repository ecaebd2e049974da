"""Opening hours: the `schedule` setting, read from the config file. No Qt.

    schedule: {mon-fri: "09:00-18:00", sat: "10:00-17:00", sun: closed}

A key is a day (`mon` ... `sun`, or the full name), a range of days (`mon-fri`, `fri-mon` wraps
round the week) or `daily`. A value is one or more `HH:MM-HH:MM` ranges separated by commas
(`"09:00-12:30, 13:30-18:00"`), or `closed`. Days not named are closed. A range ends after it
starts on the same day (`24:00` is midnight at the end of the day); hours over midnight are
not supported. Each bad entry is reported on its own, with its place in the file.

`OpeningHours` answers "open now?" and "when does that change?" for a local wall-clock time
(a naive or aware `datetime`; only its date and time of day are read).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import pairwise
from typing import Any

from kiosk.content.reader import describe, did_you_mean

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
FULL_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
EVERY_DAY = "daily"
CLOSED = "closed"
MINUTES_PER_DAY = 24 * 60
TIME_RANGE = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")
EXAMPLE = '{mon-fri: "09:00-18:00", sat: "10:00-17:00", sun: closed}'

Minutes = tuple[int, int]  # opening and closing minute of the day, 0 <= open < close <= 1440
EntryError = tuple[tuple[str, ...], str]  # where in the schedule mapping (empty: the whole), and what is wrong


@dataclass(frozen=True)
class OpeningHours:
    """The week's opening hours: for each weekday (0 = Monday) its ranges in minutes, sorted."""

    week: tuple[tuple[Minutes, ...], ...]
    text: str = ""  # as the config file gave it, for --print-config

    def is_open(self, when: datetime) -> bool:
        minute = when.hour * 60 + when.minute + when.second / 60
        return any(start <= minute < end for start, end in self.week[when.weekday()])

    def next_change(self, when: datetime) -> datetime | None:
        """The first moment after `when` at which `is_open` flips, or None if it never does."""
        now_open = self.is_open(when)
        midnight = when.replace(hour=0, minute=0, second=0, microsecond=0)
        for day in range(8):
            date = midnight + timedelta(days=day)
            for start, end in self.week[date.weekday()]:
                for minute in ((end,) if now_open else (start,)):
                    moment = date + timedelta(minutes=minute)
                    if moment > when and self.is_open(moment) != now_open:
                        return moment
        return None

    def describe(self) -> str:
        if self.text:
            return self.text
        parts = [f"{day}: {_ranges_text(ranges)}" for day, ranges in zip(DAYS, self.week, strict=True)]
        return "{" + ", ".join(parts) + "}"


def _ranges_text(ranges: tuple[Minutes, ...]) -> str:
    if not ranges:
        return CLOSED
    return ", ".join(f"{_clock(start)}-{_clock(end)}" for start, end in ranges)


def _clock(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


# --- reading the setting ------------------------------------------------------------------------------------

def parse_schedule(value: Any) -> tuple[OpeningHours | None, list[EntryError]]:
    """Opening hours from the config file's parsed YAML, or None and one error per bad entry."""
    if not isinstance(value, Mapping) or not value:
        return None, [((), f"must be a mapping of days to hours such as {EXAMPLE}, not {describe(value)}")]
    week: list[list[Minutes] | None] = [None] * 7
    given_by: dict[int, str] = {}
    errors: list[EntryError] = []
    for key, hours in value.items():
        where = (str(key),)
        days, problem = _days(key)
        if problem:
            errors.append((where, problem))
            continue
        ranges, problem = _ranges(hours)
        if problem:
            errors.append((where, f"{key}: {problem}"))
            continue
        repeated = [DAYS[day] for day in days if day in given_by]
        if repeated:
            earlier = given_by[DAYS.index(repeated[0])]
            errors.append((where, f"{key}: {', '.join(repeated)} already has its hours from '{earlier}'"))
            continue
        for day in days:
            week[day] = ranges
            given_by[day] = str(key)
    if errors:
        return None, errors
    text = "{" + ", ".join(f"{key}: {_shown(hours)}" for key, hours in value.items()) + "}"
    return OpeningHours(tuple(tuple(day or ()) for day in week), text), []


def _shown(hours: Any) -> str:
    return CLOSED if hours is False or hours == CLOSED else f'"{hours}"'


def _day(name: str) -> int | None:
    name = name.strip().lower()
    if name in DAYS:
        return DAYS.index(name)
    if name in FULL_NAMES:
        return FULL_NAMES.index(name)
    return None


def _days(key: Any) -> tuple[list[int], str]:
    """The weekdays a key names, or why it names none."""
    if not isinstance(key, str):
        return [], f"'{key}' is not a day: use mon ... sun, a range such as mon-fri, or daily"
    if key.strip().lower() == EVERY_DAY:
        return list(range(7)), ""
    names = key.split("-")
    if len(names) > 2:
        return [], f"'{key}' is not a day or a range of days such as mon-fri"
    numbers = [_day(name) for name in names]
    for name, number in zip(names, numbers, strict=True):
        if number is None:
            hint = did_you_mean(name.strip().lower(), [*DAYS, EVERY_DAY])
            return [], f"unknown day '{name}'{hint}: use mon ... sun, a range such as mon-fri, or daily"
    first, last = numbers[0], numbers[-1]
    assert first is not None and last is not None
    return [(first + step) % 7 for step in range((last - first) % 7 + 1)], ""


def _ranges(hours: Any) -> tuple[list[Minutes], str]:
    """The opening ranges of a value, or why it is not one."""
    if hours is False or (isinstance(hours, str) and hours.strip().lower() == CLOSED):
        return [], ""
    if isinstance(hours, int) and not isinstance(hours, bool):
        return [], "write the hours in quotes, e.g. \"09:00-18:00\" (YAML reads 10:00 alone as a number)"
    if not isinstance(hours, str):
        return [], f"must be hours such as \"09:00-18:00\" or closed, not {describe(hours)}"
    ranges: list[Minutes] = []
    for part in hours.split(","):
        match = TIME_RANGE.match(part)
        if not match:
            return [], f"'{part.strip()}' is not a range of hours such as 09:00-18:00 (or closed)"
        start_hour, start_minute, end_hour, end_minute = (int(group) for group in match.groups())
        start, end = start_hour * 60 + start_minute, end_hour * 60 + end_minute
        for hour, minute in ((start_hour, start_minute), (end_hour, end_minute)):
            if minute > 59 or hour * 60 + minute > MINUTES_PER_DAY:
                return [], f"{hour:02d}:{minute:02d} is not a time of day (00:00 to 24:00)"
        if end <= start:
            return [], f"'{part.strip()}' closes before it opens; hours over midnight are not supported " \
                       "(write the two days separately)"
        ranges.append((start, end))
    ranges.sort()
    for (_, end), (start, _) in pairwise(ranges):
        if start < end:
            return [], f"the ranges in '{hours}' overlap"
    return ranges, ""
