"""Country outlines for the map layout (see assets/maps/README.md). No Qt."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

MAX_MAP_BYTES = 8_000_000

Ring = tuple[tuple[float, float], ...]


@dataclass(frozen=True)
class Country:
    iso: str
    name: str
    rings: tuple[Ring, ...]


@dataclass(frozen=True)
class MapData:
    source: str
    countries: dict[str, Country]


class MapDataError(ValueError):
    pass


def load_map(path: Path) -> MapData:
    try:
        stat = path.stat()
    except OSError as exc:
        raise MapDataError(f"map file not found: {path.name}") from exc
    return _load_map(path, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=8)
def _load_map(path: Path, _mtime: int, size: int) -> MapData:
    if size > MAX_MAP_BYTES:
        raise MapDataError(f"map file '{path.name}' is too large ({size} bytes)")
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        countries = {}
        for entry in raw["countries"]:
            rings = tuple(tuple((float(lon), float(lat)) for lon, lat in ring) for ring in entry["rings"])
            countries[str(entry["iso"])] = Country(str(entry["iso"]), str(entry.get("name", "")), rings)
        return MapData(str(raw.get("source", "")), countries)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
        raise MapDataError(f"'{path.name}' is not a map file of country outlines: {exc}") from exc
