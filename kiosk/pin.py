"""The technician's PIN: stored only as a salted PBKDF2 hash, and the `set-pin` command. No Qt.

A stored hash reads `pbkdf2_sha256$ITERATIONS$SALT$HASH` (salt and hash in base64), so the
config file never holds the PIN itself and a copy of the file does not give it away quickly.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import getpass
import hashlib
import hmac
import re
import secrets
import sys
from collections.abc import Sequence
from pathlib import Path

ALGORITHM = "pbkdf2_sha256"
ITERATIONS = 200_000
SALT_BYTES = 16
HASH_BYTES = 32  # SHA-256
# A hash from a config file decides how long verifying takes: bounded, so a typo cannot hang the pad.
MIN_ITERATIONS, MAX_ITERATIONS = 10_000, 5_000_000
PIN_PATTERN = re.compile(r"[0-9]{4,8}")  # the pad has the keys 0-9 only
PIN_RULE = "a PIN is 4 to 8 digits (0-9)"


def pin_problem(pin: str) -> str | None:
    """Why `pin` cannot be a PIN, or None when it can."""
    return None if PIN_PATTERN.fullmatch(pin) else PIN_RULE


def _derive(pin: str, salt: bytes, iterations: int) -> bytes:
    return hashlib.pbkdf2_hmac("sha256", pin.encode("ascii"), salt, iterations, HASH_BYTES)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_pin(pin: str) -> str:
    """A new salted hash of `pin`. Raises ValueError when `pin` is not 4 to 8 digits."""
    problem = pin_problem(pin)
    if problem:
        raise ValueError(problem)
    salt = secrets.token_bytes(SALT_BYTES)
    return f"{ALGORITHM}${ITERATIONS}${_b64(salt)}${_b64(_derive(pin, salt, ITERATIONS))}"


def _parse(stored: str) -> tuple[int, bytes, bytes] | None:
    parts = stored.split("$")
    if len(parts) != 4 or parts[0] != ALGORITHM or not parts[1].isdigit():
        return None
    iterations = int(parts[1])
    try:
        salt = base64.b64decode(parts[2], validate=True)
        expected = base64.b64decode(parts[3], validate=True)
    except (binascii.Error, ValueError):
        return None
    if not (MIN_ITERATIONS <= iterations <= MAX_ITERATIONS) or len(salt) < 8 or len(expected) != HASH_BYTES:
        return None
    return iterations, salt, expected


def is_pin_hash(text: object) -> bool:
    """True when `text` is a hash made by `hash_pin` (and not, say, a PIN typed in by hand)."""
    return isinstance(text, str) and _parse(text) is not None


def verify_pin(pin: str, stored: str | None) -> bool:
    """Whether `pin` is the PIN behind `stored`, compared in constant time.

    False when no PIN is stored (None) or `pin` is not 4 to 8 digits. A stored value that is not
    a hash raises ValueError: that is a damaged config file, which the technician must hear about,
    not a wrong PIN that counts towards the lock-out.
    """
    if stored is None:
        return False
    parsed = _parse(stored)
    if parsed is None:
        raise ValueError("the stored PIN is not a hash made by `python main.py set-pin`")
    if pin_problem(pin):
        return False
    iterations, salt, expected = parsed
    return hmac.compare_digest(_derive(pin, salt, iterations), expected)


# --- `python main.py set-pin` ----------------------------------------------------------------

class PinEntryError(Exception):
    """The PIN could not be read or is not acceptable; the message says why (never the PIN)."""


def read_new_pin() -> str:
    """Twice from the terminal without echo, or one line from standard input for scripts."""
    if not sys.stdin.isatty():
        line = sys.stdin.readline()
        if not line.strip():
            raise PinEntryError("no PIN on standard input (e.g. `echo 4711 | python main.py set-pin`)")
        pin = line.strip()
    else:
        try:
            pin = getpass.getpass("New PIN (4 to 8 digits): ").strip()
            again = getpass.getpass("The same PIN again: ").strip()
        except (EOFError, KeyboardInterrupt):
            raise PinEntryError("cancelled; the PIN is unchanged") from None
        if pin != again:
            raise PinEntryError("the two PINs differ; the PIN is unchanged")
    problem = pin_problem(pin)
    if problem:
        raise PinEntryError(f"{problem}; the PIN is unchanged")
    return pin


def set_pin_command(argv: Sequence[str]) -> int:
    from kiosk.settings import ConfigFileError, default_config_path, load_settings, set_config_value

    parser = argparse.ArgumentParser(
        prog="main.py set-pin",
        description="Set the technician's PIN (4 to 8 digits) for the admin panel. Only a salted hash is "
                    "written, into the admin_pin line of the config file; the file's other lines stay as "
                    "they are. Reads one line from standard input when it is not a terminal: "
                    "echo 4711 | python main.py set-pin")
    parser.add_argument("--config", type=Path, default=None, metavar="FILE",
                        help="the config file (default: config.yaml in the platform's user config folder)")
    args = parser.parse_args(list(argv))
    path: Path = args.config or default_config_path()
    try:
        stored = hash_pin(read_new_pin())
        set_config_value(path, "admin_pin", f'"{stored}"')
    except (PinEntryError, ConfigFileError) as error:
        print(f"main.py set-pin: {error}", file=sys.stderr)
        return 1
    settings = load_settings(None, None, path)
    if settings.admin_pin != stored:  # e.g. a YAML error elsewhere in the file hides the new line
        print(f"main.py set-pin: the PIN hash was written to {path}, but the kiosk cannot read it yet:",
              file=sys.stderr)
        for problem in settings.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    print(f"PIN set: its hash is in {path} (the kiosk reads it at the next PIN entry).")
    for problem in settings.problems:  # not about the PIN, but worth fixing while the file is open
        print(f"note: {problem}", file=sys.stderr)
    return 0
