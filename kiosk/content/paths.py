"""Resolving file references in a pack, and refusing any that lead outside it."""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

from kiosk.content.svgrefs import svg_outside_reference
from kiosk.locations import assets_dir, seeds_dir

PREFIXES = {"assets:": assets_dir, "seeds:": seeds_dir}
_WINDOWS_DRIVE = re.compile(r"^[A-Za-z]:")


class PathRefused(ValueError):
    pass


def resolve_reference(reference: str, pack_root: Path) -> Path:
    """The file a pack's reference names. Raises PathRefused for anything leaving its base."""
    base = pack_root
    rest = reference
    for prefix, where in PREFIXES.items():
        if reference.startswith(prefix):
            base, rest = where(), reference[len(prefix):]
            break
    if not rest.strip():
        raise PathRefused("the path is empty")
    if rest.startswith(("/", "\\")) or _WINDOWS_DRIVE.match(rest):
        raise PathRefused(f"'{reference}' is an absolute path; use a path relative to the pack")
    parts = PurePosixPath(rest.replace("\\", "/")).parts
    if ".." in parts:
        raise PathRefused(f"'{reference}' leads outside the pack ('..' is not allowed)")
    target = base.joinpath(*parts)
    try:
        resolved = target.resolve()
        inside = resolved.is_relative_to(base.resolve())
    except (OSError, RuntimeError) as exc:  # symlink loops
        raise PathRefused(f"'{reference}' cannot be resolved: {exc}") from exc
    if not inside:
        raise PathRefused(f"'{reference}' is a link that leads outside the pack")
    return target


IMAGE_SUFFIXES = {".svg", ".png", ".jpg", ".jpeg"}


def image_problem(path: Path) -> str | None:
    """Why a file is not a usable image, or None. Checks the bytes, not only the name."""
    if not path.exists():
        return f"image file not found: {path.name}"
    if not path.is_file():
        return f"not a file: {path.name}"
    suffix = path.suffix.lower()
    if suffix not in IMAGE_SUFFIXES:
        return f"'{path.name}' is not an SVG, PNG or JPEG file"
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(4096)
            handle.seek(max(size - 16, 0))
            tail = handle.read()
    except OSError as exc:
        return f"cannot read '{path.name}': {exc.strerror or exc}"
    if size > 40_000_000:
        return f"'{path.name}' is too large ({size // 1_000_000} MB; at most 40 MB)"
    if suffix == ".png":
        if not head.startswith(b"\x89PNG\r\n\x1a\n"):
            return f"'{path.name}' is not a PNG image"
        if b"IEND" not in tail:
            return f"'{path.name}' is a truncated PNG image"
    elif suffix in (".jpg", ".jpeg"):
        if not head.startswith(b"\xff\xd8\xff"):
            return f"'{path.name}' is not a JPEG image"
        if b"\xff\xd9" not in tail:
            return f"'{path.name}' is a truncated JPEG image"
    elif b"<svg" not in head:
        return f"'{path.name}' is not an SVG image"
    else:  # Qt would load any file an SVG names, wherever it is
        return svg_outside_reference(path)
    return None
