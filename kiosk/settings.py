"""The kiosk's settings: declared once in SETTINGS, built from four layers. No Qt.

Precedence, last wins: built-in defaults < the content pack's exhibit.yaml < the config file <
command-line flags. Every value remembers where it came from (`--print-config` shows it). The
table gives each setting's kind (which validates it), default, help text, flag and exhibit.yaml
key; from it come the defaults, the validation, the command-line flags, the commented config
file written on first run, `--print-config` and the reference table in docs/settings.md.

A bad config file never stops the kiosk: a value that cannot be used is reported as a Problem
(`config.yaml:LINE:COLUMN: message`) and the layer below is used instead.
"""

from __future__ import annotations

import argparse
import math
import os
import re
import sys
import tempfile
import textwrap
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from kiosk.content.problems import Problem, has_errors
from kiosk.content.reader import describe, did_you_mean
from kiosk.content.yamlsource import MAX_FILE_BYTES, YamlDocument, read_yaml
from kiosk.locations import bundled_content_dir, user_config_dir, user_data_dir, user_log_dir
from kiosk.pin import is_pin_hash

if TYPE_CHECKING:
    from kiosk.content.model import Exhibit

CONFIG_FILE_NAME = "config.yaml"
DEFAULT_SOURCE = "default"
EXHIBIT_SOURCE = "exhibit.yaml"


class SettingValueError(ValueError):
    """A value a setting cannot take; the message says what it must be. A value made of entries
    (the opening hours) may name each bad entry: `parts` holds (where inside the value, message)."""

    def __init__(self, message: str, parts: list[tuple[tuple[str, ...], str]] | None = None) -> None:
        super().__init__(message)
        self.parts = parts or [((), message)]


class ConfigFileError(Exception):
    """The config file cannot be read or written; the message names it and says why."""


def _yaml_scalar(value: str) -> str:
    """`value` as YAML would write it, quoted only where it must be."""
    return yaml.safe_dump(value, width=1_000_000, allow_unicode=True).removesuffix("...\n").strip()


# --- kinds: what a setting's values look like --------------------------------------------------
# A kind reads a value from the config file (already parsed by YAML: `base` is the file's folder)
# or from a command-line flag (text), and shows a value the way the config file writes it.

class Kind:
    description = "a value"

    def from_yaml(self, value: Any, base: Path) -> Any:
        raise NotImplementedError

    def from_text(self, text: str) -> Any:
        return self.from_yaml(text, Path.cwd())

    def show(self, value: Any) -> str:
        return "null" if value is None else _yaml_scalar(str(value))

    def refuse(self, value: Any, hint: str = "") -> SettingValueError:
        return SettingValueError(f"must be {self.description}, not {describe(value)}{hint}")


class Switch(Kind):
    description = "true or false"

    def from_yaml(self, value: Any, base: Path) -> bool:
        if not isinstance(value, bool):
            raise self.refuse(value)
        return value

    def show(self, value: Any) -> str:
        return "null" if value is None else str(bool(value)).lower()


class Folder(Kind):
    description = "a folder path"

    def from_yaml(self, value: Any, base: Path) -> Path:
        if not isinstance(value, str) or not value.strip():
            raise self.refuse(value)
        return base / Path(value.strip()).expanduser()  # an absolute path ignores base


class Size(Kind):
    description = "WIDTHxHEIGHT, e.g. 1920x1080"

    def from_yaml(self, value: Any, base: Path) -> tuple[int, int]:
        from kiosk.cli import parse_size

        if not isinstance(value, str):
            raise self.refuse(value)
        try:
            return parse_size(value)
        except argparse.ArgumentTypeError as error:
            raise SettingValueError(str(error)) from None

    def show(self, value: Any) -> str:
        return "null" if value is None else f"{value[0]}x{value[1]}"


class Whole(Kind):
    def __init__(self, minimum: int) -> None:
        self.minimum = minimum
        self.description = f"a whole number from {minimum} up"

    def from_yaml(self, value: Any, base: Path) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < self.minimum:
            raise self.refuse(value)
        return value

    def from_text(self, text: str) -> int:
        try:
            return self.from_yaml(int(text), Path.cwd())
        except ValueError:
            raise self.refuse(text) from None

    def show(self, value: Any) -> str:
        return "null" if value is None else str(value)


class Seconds(Kind):
    description = "a number of seconds greater than 0"

    def from_yaml(self, value: Any, base: Path) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value <= 0:
            raise self.refuse(value)
        return float(value)

    def from_text(self, text: str) -> float:
        try:
            return self.from_yaml(float(text), Path.cwd())
        except ValueError:
            raise self.refuse(text) from None

    def show(self, value: Any) -> str:
        return "null" if value is None else f"{value:g}"


class Choice(Kind):
    def __init__(self, *options: str) -> None:
        self.options = options
        self.description = "one of " + ", ".join(options)

    def from_yaml(self, value: Any, base: Path) -> str:
        if not isinstance(value, str) or value not in self.options:
            raise self.refuse(value, did_you_mean(value, self.options) if isinstance(value, str) else "")
        return value


class Language(Kind):
    description = "a language code such as en or fr"

    def from_yaml(self, value: Any, base: Path) -> str:
        if not isinstance(value, str) or not re.fullmatch(r"[a-z]{2,3}", value):
            raise self.refuse(value)
        return value


class PinHash(Kind):
    description = "a PIN hash written by `python main.py set-pin`"

    def from_yaml(self, value: Any, base: Path) -> str:
        if not is_pin_hash(value):
            # The value is not repeated: it may be a PIN typed in by hand.
            raise SettingValueError(f"must be {self.description}, never the PIN itself")
        return str(value)

    def show(self, value: Any) -> str:
        return "null" if value is None else "(a PIN hash is set)"


class Address(Kind):
    """Where a server listens: a port alone means 127.0.0.1 (this machine only)."""

    description = "a port, or HOST:PORT such as 127.0.0.1:9108 ([::1]:9108 for IPv6)"

    def from_yaml(self, value: Any, base: Path) -> tuple[str, int]:
        if isinstance(value, int) and not isinstance(value, bool):
            return "127.0.0.1", self._port(value)
        if not isinstance(value, str) or not value.strip():
            raise self.refuse(value)
        text = value.strip()
        if text.isdigit():
            return "127.0.0.1", self._port(int(text))
        match = re.fullmatch(r"\[([0-9A-Fa-f:.]+)\]:(\d{1,5})|([A-Za-z0-9.-]+):(\d{1,5})", text)
        if not match:
            raise self.refuse(value)
        host = match.group(1) or match.group(3)
        return host, self._port(int(match.group(2) or match.group(4)))

    def _port(self, port: int) -> int:
        if not 1 <= port <= 65535:
            raise SettingValueError(f"must use a port from 1 to 65535, not {port}")
        return port

    def show(self, value: Any) -> str:
        if value is None:
            return "null"
        host, port = value
        return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


class Hours(Kind):
    description = "opening hours such as " + '{mon-fri: "09:00-18:00", sat: "10:00-17:00", sun: closed}'

    def from_yaml(self, value: Any, base: Path) -> Any:
        from kiosk.schedule import parse_schedule

        hours, errors = parse_schedule(value)
        if hours is None:
            raise SettingValueError("; ".join(message for _, message in errors), errors)
        return hours

    def from_text(self, text: str) -> Any:
        return self.from_yaml(yaml.safe_load(text), Path.cwd())

    def show(self, value: Any) -> str:
        return "null" if value is None else value.describe()


SWITCH = Switch()
FOLDER = Folder()
SECONDS = Seconds()


@dataclass(frozen=True)
class Setting:
    name: str  # the attribute of Settings and the config file's key
    kind: Kind
    default: Any  # a value, or a function giving it where it depends on the machine
    help: str  # one sentence; the config file's comment, the flag's help and the docs
    flag: str | None = None
    metavar: str | None = None
    exhibit_key: tuple[str, ...] = ()  # where exhibit.yaml sets it (same names in the model)
    default_text: str | None = None  # how the docs show a default that depends on the machine

    @property
    def dest(self) -> str | None:
        """The flag's attribute in argparse's namespace."""
        return self.flag.lstrip("-").replace("-", "_") if self.flag else None

    def default_value(self) -> Any:
        return self.default() if callable(self.default) else self.default


SETTINGS: tuple[Setting, ...] = (
    Setting("content", FOLDER, bundled_content_dir, "the content pack folder", "--content", "DIR",
            default_text="the bundled exhibit (`content/` beside main.py)"),
    Setting("windowed", SWITCH, False, "a normal resizable window (laptop demos) instead of the locked full screen",
            "--windowed"),
    Setting("size", Size(), None, "window size, e.g. 1920x1080 (default: the whole screen; 1280x720 windowed)",
            "--size", "WxH"),
    Setting("screen", Whole(0), None, "which monitor to use, 0 is the first (default: the primary one)",
            "--screen", "N"),
    Setting("language", Language(), None, "the language the exhibit starts and resets to, e.g. en or fr "
            "(default: the exhibit's default_language)", "--lang", "CODE", ("default_language",)),
    Setting("attract_after", SECONDS, 90.0, "seconds without a touch before the attract loop starts",
            "--attract-after", "SECONDS", ("attract", "after_seconds")),
    Setting("attract_seconds_per_screen", SECONDS, 12.0, "seconds each screen stays up in the attract loop",
            exhibit_key=("attract", "seconds_per_screen")),
    Setting("cursor", Choice("auto", "hidden", "visible"), "auto", "the mouse pointer: hidden (touch only), "
            "visible, or auto (hidden full screen on a touch screen)", "--cursor", "auto|hidden|visible"),
    Setting("admin_pin", PinHash(), None, "hash of the technician's PIN for the admin panel; set it with "
            "`python main.py set-pin` (never write a PIN here)"),
    Setting("log_level", Choice("debug", "info", "warning", "error"), "info", "how much the log records: debug "
            "(also every navigation), info, warning or error", "--log-level", "debug|info|warning|error"),
    Setting("statistics", SWITCH, True, "record anonymous visitor statistics in data_dir (nothing leaves the "
            "machine; see `python main.py report`)"),
    Setting("reduced_motion", SWITCH, False, "no slides, fades or animated charts", "--reduced-motion"),
    Setting("large_text", SWITCH, False, "every text 1.4 times larger (visitors can change it; attract mode "
            "returns to this)", "--large-text"),
    Setting("high_contrast", SWITCH, False, "the high-contrast theme, text at 7:1 or more (visitors can change "
            "it; attract mode returns to this)", "--high-contrast"),
    Setting("data_dir", FOLDER, user_data_dir, "folder for the visitor statistics database",
            default_text="the platform's user data folder (see below)"),
    Setting("log_dir", FOLDER, user_log_dir, "folder for kiosk.log and its rotated copies",
            default_text="the platform's user log folder (see below)"),
    Setting("metrics", Address(), None, "serve health metrics for Prometheus at this port or HOST:PORT (a port "
            "alone listens on 127.0.0.1 only); off when empty (docs/fleet.md)"),
    Setting("content_source", FOLDER, None, "follow this folder, kept current by rsync or Syncthing: a new pack "
            "version is shown once every file matches its manifest and it validates (docs/fleet.md)"),
    Setting("keep_versions", Whole(2), 3, "how many applied content versions to keep in data_dir for rollback"),
    Setting("schedule", Hours(), None, "opening hours, e.g. " + '{mon-fri: "09:00-18:00", sun: closed}' + "; "
            "closed, the screen is black and asleep (a touch wakes it for ten minutes); empty: always open"),
)
SETTINGS_BY_NAME = {setting.name: setting for setting in SETTINGS}

# A layer maps a setting's name to (value, where the value came from).
Layer = dict[str, tuple[Any, str]]


class Settings:
    """The settings in use; read-only. `settings.attract_after` is a value, `settings.source(name)`
    where it came from, `settings.problems` what was wrong in the config file."""

    problems: list[Problem]
    config_path: Path

    def __init__(self, values: Mapping[str, tuple[Any, str]], problems: list[Problem], config_path: Path) -> None:
        object.__setattr__(self, "_values", dict(values))
        object.__setattr__(self, "problems", problems)
        object.__setattr__(self, "config_path", config_path)

    def __getattr__(self, name: str) -> Any:
        try:
            return self._values[name][0]
        except KeyError:
            raise AttributeError(f"there is no setting '{name}'{did_you_mean(name, list(self._values))}") from None

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("settings are read-only; change the config file or pass a flag")

    def source(self, name: str) -> str:
        """'default', 'exhibit.yaml', 'config file PATH:LINE' or 'command line (--flag)'."""
        return self._values[name][1]

    def items(self) -> Iterator[tuple[str, Any, str]]:
        """(name, value, source) for every setting, in the table's order."""
        for name, (value, source) in self._values.items():
            yield name, value, source

    def shown(self, name: str) -> str:
        """The value as the config file would write it (a PIN hash is not repeated)."""
        return SETTINGS_BY_NAME[name].kind.show(self._values[name][0])

    def __repr__(self) -> str:
        return "Settings(" + ", ".join(f"{name}={self.shown(name)}" for name, _, _ in self.items()) + ")"


# --- the layers ---------------------------------------------------------------------------------

def default_config_path() -> Path:
    return user_config_dir() / CONFIG_FILE_NAME


def defaults_layer() -> Layer:
    return {setting.name: (setting.default_value(), DEFAULT_SOURCE) for setting in SETTINGS}


def exhibit_layer(exhibit: Exhibit) -> Layer:
    layer: Layer = {}
    for setting in SETTINGS:
        if not setting.exhibit_key:
            continue
        value: Any = exhibit
        for part in setting.exhibit_key:
            value = getattr(value, part)
        try:
            layer[setting.name] = (setting.kind.from_yaml(value, exhibit.root), EXHIBIT_SOURCE)
        except SettingValueError:
            continue  # the content validator has already reported it
    return layer


def flags_layer(args: argparse.Namespace) -> Layer:
    """Only flags that were given: None (and False for on/off flags) means not given."""
    layer: Layer = {}
    for setting in SETTINGS:
        value = getattr(args, setting.dest, None) if setting.dest else None
        if value is None or (isinstance(setting.kind, Switch) and value is False):
            continue
        layer[setting.name] = (value, f"command line ({setting.flag})")
    return layer


def _first_run(path: Path) -> list[Problem]:
    """Write the missing config file with the defaults; a read-only home is only a warning."""
    try:
        write_default_config(path)
    except OSError as error:
        return [Problem(path, 0, 0, f"cannot write a config file with the defaults ({error.strerror or error}); "
                                    "using the built-in defaults", "warning")]
    return []


def _read_config(path: Path) -> tuple[YamlDocument | None, list[Problem]]:
    """The file's mapping of settings, or None (and why) when nothing in it can be used."""
    doc, problems = read_yaml(path)
    if doc is None:
        if _holds_nothing(path):  # only comments, as written on first run
            return None, []
        ignored = "; every setting in this config file is ignored"
        return None, [replace(problem, message=problem.message + ignored) for problem in problems]
    if not isinstance(doc.value, Mapping):
        return None, [*problems, doc.problem((), "the config file must be a list of settings such as "
                                                 f"'log_level: debug', not {describe(doc.value)}; it is ignored")]
    return doc, problems


def config_layer(path: Path, below: Layer) -> tuple[Layer, list[Problem]]:
    """The config file's values and its problems; `below` (the layers under it) is what a bad
    value falls back to. A missing file is written with the defaults."""
    if not path.exists():
        return {}, _first_run(path)
    doc, problems = _read_config(path)
    if doc is None:
        return {}, problems
    layer: Layer = {}
    for key, value in doc.value.items():
        setting = SETTINGS_BY_NAME.get(key)
        if setting is None:
            hint = did_you_mean(key, list(SETTINGS_BY_NAME))
            problems.append(doc.problem((key, "<key>"), f"unknown setting '{key}'{hint}; it is ignored"))
        elif value is not None:  # `key:` or `key: null` leaves the setting to the layers below
            try:
                layer[key] = (setting.kind.from_yaml(value, path.parent), f"config file {path}:{doc.where((key,))[0]}")
            except SettingValueError as error:
                fallback, source = below[key]
                problems.extend(doc.problem((key, *where), f"'{key}' {message}; using {setting.kind.show(fallback)} "
                                                           f"({source}) instead") for where, message in error.parts)
    return layer, problems


def _holds_nothing(path: Path) -> bool:
    """True for a file of only comments (as written on first run), which YAML reads as nothing.
    The event stream is enough to tell, and reading it does not expand aliases."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return False
        events = yaml.parse(path.read_text(encoding="utf-8-sig"), Loader=yaml.SafeLoader)
        return not any(isinstance(event, yaml.NodeEvent) for event in events)
    except (OSError, ValueError, yaml.YAMLError):
        return False


def load_settings(args: argparse.Namespace | None = None, exhibit: Exhibit | None = None,
                  config_path: Path | None = None) -> Settings:
    """The settings from every layer there is. Never raises for a bad config file: its problems
    are in `settings.problems` and each bad value is left to the layer below."""
    path = Path(config_path or getattr(args, "config", None) or default_config_path())
    values = defaults_layer()
    if exhibit is not None:
        values.update(exhibit_layer(exhibit))
    from_file, problems = config_layer(path, values)
    values.update(from_file)
    if args is not None:
        values.update(flags_layer(args))
    return Settings(values, problems, path)


# --- the command line ---------------------------------------------------------------------------

def _flag_type(kind: Kind) -> Callable[[str], Any]:
    def convert(text: str) -> Any:
        try:
            return kind.from_text(text)
        except SettingValueError as error:
            raise argparse.ArgumentTypeError(str(error)) from None
    return convert


def add_setting_flags(parser: argparse.ArgumentParser) -> None:
    """A flag for every setting that has one; left out, a flag is None (not given)."""
    for setting in SETTINGS:
        if setting.flag is None:
            continue
        if isinstance(setting.kind, Switch):
            parser.add_argument(setting.flag, dest=setting.dest, action="store_true", default=None, help=setting.help)
        else:
            parser.add_argument(setting.flag, dest=setting.dest, type=_flag_type(setting.kind), default=None,
                                metavar=setting.metavar, help=setting.help)


def format_settings(settings: Settings) -> str:
    """One line per setting: name, value, and where the value came from."""
    rows = [(name, settings.shown(name), source) for name, _, source in settings.items()]
    name_width = max(len(name) for name, _, _ in rows)
    value_width = min(48, max(len(shown) for _, shown, _ in rows))
    return "\n".join(f"{name:<{name_width}}  {shown:<{value_width}}  {source}" for name, shown, source in rows)


def print_config(args: argparse.Namespace) -> int:
    """`main.py --print-config`: every setting in use and its source, then the config file's
    problems. Exit status 1 when the config file has errors."""
    from kiosk.content.loader import load_pack

    settings = load_settings(args)
    result = load_pack(settings.content)
    if result.ok and result.exhibit is not None:
        settings = load_settings(args, result.exhibit)
    else:
        errors = sum(problem.is_error for problem in result.problems)
        print(f"main.py --print-config: the content pack {settings.content} cannot be loaded ({errors} errors; "
              f"`python main.py validate {settings.content}` lists them), so nothing comes from its exhibit.yaml",
              file=sys.stderr)
    print(f"config file: {settings.config_path}")
    print(format_settings(settings))
    for problem in settings.problems:
        print(problem)
    return 1 if has_errors(settings.problems) else 0


# --- writing the config file --------------------------------------------------------------------

CONFIG_HEADER = """\
# Settings of the ITER exhibit kiosk. Written with every default on first run.
#
# To change a setting, remove the '#' in front of its line and edit the value.
# Order of precedence (the last one wins): built-in defaults < the content pack's
# exhibit.yaml < this file < command-line flags. `python main.py --print-config`
# shows every value in use and where it came from. A setting left empty (or null)
# is taken from the layers below; a relative folder is relative to this file's folder.
# A mistake here never stops the exhibit: the kiosk logs it and uses the value below.
"""


def _comment_for(setting: Setting) -> str:
    also = []
    if setting.exhibit_key:
        also.append(f"exhibit.yaml: {'.'.join(setting.exhibit_key)}")
    if setting.flag:
        also.append(f"flag: {setting.flag}" + (f" {setting.metavar}" if setting.metavar else ""))
    described = setting.help[0].upper() + setting.help[1:] + (f" ({'; '.join(also)})" if also else "") + "."
    lines = [*textwrap.wrap(described, width=92), f"{setting.name}: {setting.kind.show(setting.default_value())}"]
    return "".join(f"# {line}\n" for line in lines)


def default_config_text() -> str:
    return CONFIG_HEADER + "".join("\n" + _comment_for(setting) for setting in SETTINGS)


def _write_atomically(path: Path, text: str) -> None:
    """Write a whole new file or nothing: a power cut mid-write must not leave half a config."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as file:
            file.write(text)
        if path.exists():
            os.chmod(temporary, path.stat().st_mode & 0o7777)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_default_config(path: Path) -> None:
    """A config file with every setting commented out at its default, and its help text.
    Raises OSError when it cannot be written."""
    _write_atomically(path, default_config_text())


def set_config_value(path: Path, name: str, value_text: str) -> None:
    """Set `name: value_text` in the config file, keeping every other line and comment as it is.

    Replaces the setting's line, or else its commented-out line, or else adds a line at the end.
    A missing file is first written with the defaults. Raises ConfigFileError.
    """
    try:
        if not path.exists():
            write_default_config(path)
        with path.open(encoding="utf-8", newline="") as file:
            lines = file.read().splitlines(keepends=True)
        _write_atomically(path, "".join(_with_value(lines, name, value_text)))
    except OSError as error:
        raise ConfigFileError(f"cannot write {path}: {error.strerror or error}") from None
    except UnicodeDecodeError:
        raise ConfigFileError(f"{path} is not UTF-8 text; save it as UTF-8 first") from None


def _with_value(lines: list[str], name: str, value_text: str) -> list[str]:
    newline = "\r\n" if any(line.endswith("\r\n") for line in lines) else "\n"
    new_line = f"{name}: {value_text}{newline}"
    written = [i for i, line in enumerate(lines) if re.match(rf"{re.escape(name)}\s*:", line)]
    commented = [i for i, line in enumerate(lines) if re.match(rf"#\s*{re.escape(name)}\s*:", line)]
    if written:
        # every copy is replaced: a duplicate key left behind would be the one that counts
        return [new_line if i in written else line for i, line in enumerate(lines)]
    if commented:
        return [new_line if i == commented[0] else line for i, line in enumerate(lines)]
    if lines and not lines[-1].endswith(("\n", "\r")):
        lines = [*lines[:-1], lines[-1] + newline]
    return [*lines, new_line]


# --- the reference in docs/settings.md ----------------------------------------------------------

DOCS_START = "<!-- settings table: generated by kiosk.settings.reference_table(); do not edit by hand -->"
DOCS_END = "<!-- end of settings table -->"


def reference_table() -> str:
    """The Markdown table of every setting for docs/settings.md."""
    rows = ["| key | default | flag | exhibit.yaml | meaning |", "| --- | --- | --- | --- | --- |"]
    for setting in SETTINGS:
        default = setting.default_text or f"`{setting.kind.show(setting.default_value())}`"
        flag = f"`{setting.flag}{' ' + setting.metavar if setting.metavar else ''}`" if setting.flag else ""
        exhibit = f"`{'.'.join(setting.exhibit_key)}`" if setting.exhibit_key else ""
        cells = (f"`{setting.name}`", default, flag, exhibit, setting.help)
        rows.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    return "\n".join(rows)


def update_reference(docs: Path) -> None:
    """Rewrite the generated table between the markers in `docs`."""
    text = docs.read_text(encoding="utf-8")
    before, _, rest = text.partition(DOCS_START)
    _, _, after = rest.partition(DOCS_END)
    docs.write_text(f"{before}{DOCS_START}\n{reference_table()}\n{DOCS_END}{after}", encoding="utf-8")


if __name__ == "__main__":  # python -m kiosk.settings docs/settings.md
    update_reference(Path(sys.argv[1]))
