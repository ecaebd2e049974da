"""What an SVG picture refers to outside itself.

Qt's SVG renderer loads the files an SVG names (`<image href="/any/file.png">`) whatever its
options, so a picture inside the pack could still show a file from anywhere on the machine. A
pack's SVG must be self-contained: references to its own parts (`#id`) and embedded data
(`data:` URIs) are fine; anything else is refused, as are external XML entities and style
sheets. Read as text with regular expressions, never parsed, so a hostile file costs a scan.
"""

from __future__ import annotations

import re
from pathlib import Path

_REFERENCE = re.compile(r"""\bhref\s*=\s*(["'])(?P<href>.*?)\1|\burl\(\s*(["']?)(?P<url>[^"')]*)""",
                        re.IGNORECASE | re.DOTALL)
_EXTERNAL_ENTITY = re.compile(r"<!ENTITY[^>]*\b(SYSTEM|PUBLIC)\b", re.IGNORECASE)
_STYLESHEET = re.compile(r"<\?xml-stylesheet\b|@import\b", re.IGNORECASE)
_OWN_PARTS = ("#", "data:")


def svg_outside_reference(path: Path) -> str | None:
    """Why the SVG at `path` is not self-contained, or None."""
    try:
        text = path.read_bytes().decode("utf-8", errors="replace")
    except OSError as exc:
        return f"cannot read '{path.name}': {exc.strerror or exc}"
    return svg_text_outside_reference(path.name, text)


def svg_text_outside_reference(name: str, text: str) -> str | None:
    for pattern, what in ((_EXTERNAL_ENTITY, "an external XML entity"), (_STYLESHEET, "an external style sheet")):
        match = pattern.search(text)
        if match:
            return f"'{name}' line {_line(text, match.start())} declares {what}; an SVG must be self-contained"
    for match in _REFERENCE.finditer(text):
        target = (match.group("href") if match.group("href") is not None else match.group("url")).strip()
        if target and not target.lower().startswith(_OWN_PARTS):
            return (f"'{name}' line {_line(text, match.start())} refers to '{_short(target)}' outside the picture; "
                    "an SVG must be self-contained (embed images as data: URIs)")
    return None


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _short(target: str) -> str:
    return target if len(target) <= 60 else target[:57] + "..."
