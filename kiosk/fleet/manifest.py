"""A content pack's manifest: its version id and the SHA-256 and size of every file. No Qt.

`python main.py pack DIR` writes `DIR/pack-manifest.json` on the master machine. A kiosk that
follows a synced copy of DIR compares every file with the manifest before it touches anything:
while a sync tool is still copying, some file is missing, short or different, and the version
is simply not there yet. The manifest lists the files the loader reads (`pack_files`: editor and
sync scratch files and hidden files are not part of a pack), never itself.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any

from kiosk.content.lastgood import pack_files

MANIFEST_NAME = "pack-manifest.json"
FORMAT = 1
VERSION_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._+-]{0,79}$")  # it names a folder on every kiosk
CHUNK = 1 << 20


class ManifestError(Exception):
    """The manifest is missing, unreadable or malformed; the message starts with its path."""


@dataclass(frozen=True)
class FileEntry:
    size: int
    sha256: str


@dataclass(frozen=True)
class Manifest:
    version: str
    files: dict[str, FileEntry]  # relative POSIX path: size and digest
    exhibit_version: str = ""
    created: str = ""

    def to_json(self) -> str:
        data = {"format": FORMAT, "version": self.version, "exhibit_version": self.exhibit_version,
                "created": self.created,
                "files": {path: {"size": entry.size, "sha256": entry.sha256} for path, entry in self.files.items()}}
        return json.dumps(data, indent=1, sort_keys=False) + "\n"


@dataclass(frozen=True)
class Verification:
    """How a folder compares with its manifest: complete when nothing differs."""

    manifest: Manifest | None
    differences: list[str] = field(default_factory=list)  # one line per file that does not match

    @property
    def complete(self) -> bool:
        return self.manifest is not None and not self.differences


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def version_id_problem(version: str) -> str:
    """Why `version` cannot be a version id ('' when it can)."""
    if VERSION_ID.match(version):
        return ""
    return f"version id '{version}' must be 1 to 80 letters, digits and . _ + -, starting with a letter or digit"


def build_manifest(pack: Path, version: str | None = None, exhibit_version: str = "") -> Manifest:
    """A manifest of the pack's files as they are now. Without a version id, one is made from the
    exhibit's version and the files' digests (`2.1+3f9c0a1b2c4d`): a changed file is a new id."""
    files = {}
    for relative in pack_files(pack):
        posix = relative.as_posix()
        if posix == MANIFEST_NAME:
            continue
        path = pack / relative
        files[posix] = FileEntry(path.stat().st_size, file_digest(path))
    if version is None:
        listing = "".join(f"{path}\0{entry.sha256}\n" for path, entry in sorted(files.items()))
        prefix = re.sub(r"[^A-Za-z0-9._-]+", "-", exhibit_version).strip("-._") or "pack"
        version = f"{prefix[:60]}+{hashlib.sha256(listing.encode()).hexdigest()[:12]}"
    created = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return Manifest(version, files, exhibit_version, created)


def write_manifest(pack: Path, manifest: Manifest) -> Path:
    """Write the manifest into the pack, whole or not at all (a sync tool must never copy half of it)."""
    problem = version_id_problem(manifest.version)
    if problem:
        raise ManifestError(f"{pack / MANIFEST_NAME}: {problem}")
    target = pack / MANIFEST_NAME
    handle, temporary = tempfile.mkstemp(prefix=f".{MANIFEST_NAME}.", dir=pack)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(manifest.to_json())
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target


def read_manifest(pack: Path) -> Manifest:
    """The pack's manifest; ManifestError (naming the file, with line and column where JSON says) if unusable."""
    path = pack / MANIFEST_NAME
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ManifestError(f"{path}: no manifest (write one with `python main.py pack {pack}`)") from None
    except OSError as error:
        raise ManifestError(f"{path}: cannot read it: {error.strerror or error}") from None
    except UnicodeDecodeError:
        raise ManifestError(f"{path}: not UTF-8 text") from None
    except json.JSONDecodeError as error:
        raise ManifestError(f"{path}:{error.lineno}:{error.colno}: not valid JSON: {error.msg}") from None
    return _manifest_from(data, path)


def _manifest_from(data: Any, path: Path) -> Manifest:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ManifestError(f"{path}: not a pack manifest of format {FORMAT}")
    version = data.get("version")
    if not isinstance(version, str) or version_id_problem(version):
        raise ManifestError(f"{path}: " + (version_id_problem(version) if isinstance(version, str)
                                           else "the version id is missing"))
    raw_files = data.get("files")
    if not isinstance(raw_files, dict) or not raw_files:
        raise ManifestError(f"{path}: 'files' must list the pack's files")
    files = {}
    for name, entry in raw_files.items():
        if not _safe_relative(name):
            raise ManifestError(f"{path}: '{name}' is not a relative path inside the pack")
        if not (isinstance(entry, dict) and isinstance(entry.get("size"), int)
                and isinstance(entry.get("sha256"), str) and re.fullmatch(r"[0-9a-f]{64}", entry["sha256"])):
            raise ManifestError(f"{path}: the entry for '{name}' needs a size and a sha256")
        files[name] = FileEntry(entry["size"], entry["sha256"])
    return Manifest(version, files, str(data.get("exhibit_version", "")), str(data.get("created", "")))


def _safe_relative(name: Any) -> bool:
    """A manifest names files inside the pack only: no absolute paths, '..', backslashes or drive letters."""
    if not isinstance(name, str) or not name or "\\" in name or "\0" in name or ":" in name:
        return False
    parts = PurePosixPath(name).parts
    return not name.startswith("/") and all(part not in ("", ".", "..") for part in parts)


def verify_pack(pack: Path) -> Verification:
    """Compare the folder with its manifest, file by file (size first, then SHA-256)."""
    try:
        manifest = read_manifest(pack)
    except ManifestError as error:
        return Verification(None, [str(error)])
    differences = []
    for name, entry in manifest.files.items():
        difference = file_difference(pack / name, entry)
        if difference:
            differences.append(f"{name}: {difference}")
    return Verification(manifest, differences)


def file_difference(path: Path, entry: FileEntry) -> str:
    """'' when the file matches the entry, else what differs."""
    try:
        size = path.stat().st_size
        if size != entry.size:
            return f"{size} bytes, the manifest says {entry.size}"
        if file_digest(path) != entry.sha256:
            return "its SHA-256 differs from the manifest's"
    except FileNotFoundError:
        return "missing"
    except OSError as error:
        return f"cannot be read ({error.strerror or error})"
    return ""
