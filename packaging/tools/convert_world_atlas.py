#!/usr/bin/env python3
"""Convert the world-atlas TopoJSON (Natural Earth) into the kiosk's map files.

Standard library only. Usage:

    cd /tmp && npm pack world-atlas && tar xzf world-atlas-*.tgz
    python3 packaging/tools/convert_world_atlas.py /tmp/package

The argument is the unpacked npm package folder (the one holding package.json and
countries-50m.json / countries-10m.json).  Writes, relative to the repository:

    assets/maps/world.json      every country, from countries-50m, Douglas-Peucker
                                simplified (0.06 degree), 2 decimals
    assets/maps/provence.json   countries around Provence, from countries-10m, lightly
                                simplified (0.0025 degree), 3 decimals

Output format (see assets/maps/README.md):

    {"source": "...", "countries": [{"iso": "FRA", "name": "France",
                                     "rings": [[[lon, lat], ...], ...]}, ...]}

Rings are closed (first point == last point); outer rings and holes are mixed and are
meant to be filled with the odd-even rule.

Simplification is done on the TopoJSON arcs (the shared borders), not on the rings, so
that two neighbours keep exactly the same simplified border.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

# ISO 3166-1 numeric -> alpha-3, for every id used by world-atlas 2.x (Natural Earth 4.1).
ISO_NUMERIC_TO_ALPHA3 = {
    "004": "AFG", "008": "ALB", "010": "ATA", "012": "DZA", "016": "ASM", "020": "AND",
    "024": "AGO", "028": "ATG", "031": "AZE", "032": "ARG", "036": "AUS", "040": "AUT",
    "044": "BHS", "048": "BHR", "050": "BGD", "051": "ARM", "052": "BRB", "056": "BEL",
    "060": "BMU", "064": "BTN", "068": "BOL", "070": "BIH", "072": "BWA", "074": "BVT",
    "076": "BRA", "084": "BLZ", "086": "IOT", "090": "SLB", "092": "VGB", "096": "BRN",
    "100": "BGR", "104": "MMR", "108": "BDI", "112": "BLR", "116": "KHM", "120": "CMR",
    "124": "CAN", "132": "CPV", "136": "CYM", "140": "CAF", "144": "LKA", "148": "TCD",
    "152": "CHL", "156": "CHN", "158": "TWN", "162": "CXR", "166": "CCK", "170": "COL",
    "174": "COM", "175": "MYT", "178": "COG", "180": "COD", "184": "COK", "188": "CRI",
    "191": "HRV", "192": "CUB", "196": "CYP", "203": "CZE", "204": "BEN", "208": "DNK",
    "212": "DMA", "214": "DOM", "218": "ECU", "222": "SLV", "226": "GNQ", "231": "ETH",
    "232": "ERI", "233": "EST", "234": "FRO", "238": "FLK", "239": "SGS", "242": "FJI",
    "246": "FIN", "248": "ALA", "250": "FRA", "254": "GUF", "258": "PYF", "260": "ATF",
    "262": "DJI", "266": "GAB", "268": "GEO", "270": "GMB", "275": "PSE", "276": "DEU",
    "288": "GHA", "292": "GIB", "296": "KIR", "300": "GRC", "304": "GRL", "308": "GRD",
    "312": "GLP", "316": "GUM", "320": "GTM", "324": "GIN", "328": "GUY", "332": "HTI",
    "334": "HMD", "336": "VAT", "340": "HND", "344": "HKG", "348": "HUN", "352": "ISL",
    "356": "IND", "360": "IDN", "364": "IRN", "368": "IRQ", "372": "IRL", "376": "ISR",
    "380": "ITA", "384": "CIV", "388": "JAM", "392": "JPN", "398": "KAZ", "400": "JOR",
    "404": "KEN", "408": "PRK", "410": "KOR", "414": "KWT", "417": "KGZ", "418": "LAO",
    "422": "LBN", "426": "LSO", "428": "LVA", "430": "LBR", "434": "LBY", "438": "LIE",
    "440": "LTU", "442": "LUX", "446": "MAC", "450": "MDG", "454": "MWI", "458": "MYS",
    "462": "MDV", "466": "MLI", "470": "MLT", "474": "MTQ", "478": "MRT", "480": "MUS",
    "484": "MEX", "492": "MCO", "496": "MNG", "498": "MDA", "499": "MNE", "500": "MSR",
    "504": "MAR", "508": "MOZ", "512": "OMN", "516": "NAM", "520": "NRU", "524": "NPL",
    "528": "NLD", "531": "CUW", "533": "ABW", "534": "SXM", "535": "BES", "540": "NCL",
    "548": "VUT", "554": "NZL", "558": "NIC", "562": "NER", "566": "NGA", "570": "NIU",
    "574": "NFK", "578": "NOR", "580": "MNP", "581": "UMI", "583": "FSM", "584": "MHL",
    "585": "PLW", "586": "PAK", "591": "PAN", "598": "PNG", "600": "PRY", "604": "PER",
    "608": "PHL", "612": "PCN", "616": "POL", "620": "PRT", "624": "GNB", "626": "TLS",
    "630": "PRI", "634": "QAT", "638": "REU", "642": "ROU", "643": "RUS", "646": "RWA",
    "652": "BLM", "654": "SHN", "659": "KNA", "660": "AIA", "662": "LCA", "663": "MAF",
    "666": "SPM", "670": "VCT", "674": "SMR", "678": "STP", "682": "SAU", "686": "SEN",
    "688": "SRB", "690": "SYC", "694": "SLE", "702": "SGP", "703": "SVK", "704": "VNM",
    "705": "SVN", "706": "SOM", "710": "ZAF", "716": "ZWE", "724": "ESP", "728": "SSD",
    "729": "SDN", "732": "ESH", "740": "SUR", "744": "SJM", "748": "SWZ", "752": "SWE",
    "756": "CHE", "760": "SYR", "762": "TJK", "764": "THA", "768": "TGO", "772": "TKL",
    "776": "TON", "780": "TTO", "784": "ARE", "788": "TUN", "792": "TUR", "795": "TKM",
    "796": "TCA", "798": "TUV", "800": "UGA", "804": "UKR", "807": "MKD", "818": "EGY",
    "826": "GBR", "831": "GGY", "832": "JEY", "833": "IMN", "834": "TZA", "840": "USA",
    "850": "VIR", "854": "BFA", "858": "URY", "860": "UZB", "862": "VEN", "876": "WLF",
    "882": "WSM", "887": "YEM", "894": "ZMB",
}

# Features without an ISO code (or sharing one with another feature), by name.  Kosovo
# uses the widely used user-assigned code XKX; the others get a made-up code starting
# with "_" (after Natural Earth's ADM0_A3), which can never collide with a real ISO code.
BY_NAME = {
    "Kosovo": "XKX",
    "N. Cyprus": "_NCY",
    "Somaliland": "_SOL",
    "Siachen Glacier": "_KAS",
    "Indian Ocean Ter.": "_IOA",
    "Ashmore and Cartier Is.": "_ATC",
    "Akrotiri": "_WSB",
    "Dhekelia": "_ESB",
    "Baikonur": "_KAB",
    "Bajo Nuevo Bank": "_BJN",
    "Serranilla Bank": "_SER",
    "Clipperton I.": "_CLP",
    "Coral Sea Is.": "_CSI",
    "Cyprus U.N. Buffer Zone": "_CNM",
    "Scarborough Reef": "_SCR",
    "Spratly Is.": "_PGA",
    "USNB Guantanamo Bay": "_USG",
}


# --------------------------------------------------------------------------- TopoJSON

def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """Absolute lon/lat points of every arc (undoing delta encoding and quantization)."""
    transform = topology.get("transform")
    if transform:
        sx, sy = transform["scale"]
        tx, ty = transform["translate"]
    arcs = []
    for arc in topology["arcs"]:
        points = []
        if transform:
            x = y = 0
            for dx, dy, *_ in arc:
                x += dx
                y += dy
                points.append((x * sx + tx, y * sy + ty))
        else:
            points = [(p[0], p[1]) for p in arc]
        arcs.append(unwrap(points))
    return arcs


def unwrap(points):
    """Make longitudes continuous (no jump of more than 180 degrees between points).

    world-atlas 2.x is "stitched" for spherical use: rings cross the antimeridian."""
    out = []
    shift = 0.0
    prev = None
    for x, y in points:
        if prev is not None:
            d = x + shift - prev
            if d > 180:
                shift -= 360
            elif d < -180:
                shift += 360
        prev = x + shift
        out.append((prev, y))
    return out


def ring_from_arcs(indexes: list[int], arcs: list[list[tuple[float, float]]]):
    """One ring from (unwrapped) arcs, each arc shifted by 360 degrees as needed so
    that it starts where the previous one ended."""
    ring: list[tuple[float, float]] = []
    for i in indexes:
        pts = arcs[i] if i >= 0 else arcs[~i][::-1]
        if ring:
            shift = round((ring[-1][0] - pts[0][0]) / 360.0) * 360.0
            if shift:
                pts = [(x + shift, y) for x, y in pts]
            pts = pts[1:]  # the first point repeats the previous arc's last point
        ring.extend(pts)
    return ring


def _clip(ring, inside, cross):
    """Sutherland-Hodgman: clip a closed ring against one half-plane."""
    out = []
    n = len(ring)
    for k in range(n):
        cur, prev = ring[k], ring[k - 1]
        if inside(cur):
            if not inside(prev):
                out.append(cross(prev, cur))
            out.append(cur)
        elif inside(prev):
            out.append(cross(prev, cur))
    return out


def _cross_x(x0):
    def cross(a, b):
        t = (x0 - a[0]) / (b[0] - a[0])
        return (x0, a[1] + t * (b[1] - a[1]))
    return cross


def split_antimeridian(ring):
    """The pieces of an unwrapped ring inside lon -180..180.

    A ring around a pole (its longitude grows by 360 degrees in one turn: Antarctica)
    is closed along that pole first.  Rings that leave -180..180 (Russia's Chukotka,
    Fiji) are cut at the antimeridian and the pieces shifted back by 360 degrees."""
    ring = list(ring)
    if ring and ring[0] == ring[-1]:
        ring.pop()
    if len(ring) < 3:
        return []
    turn = ring[-1][0] - ring[0][0]
    if abs(turn) > 180:
        pole = -90.0 if sum(y for _, y in ring) < 0 else 90.0
        ring += [(ring[-1][0], pole), (ring[0][0], pole)]
    if all(abs(y) > 89.9 for _, y in ring):
        return []  # a sliver along a pole (an artefact of the stitched Antarctica)
    xs = [x for x, _ in ring]
    lo, hi = min(xs), max(xs)
    if lo >= -180 and hi <= 180:
        return [[*ring, ring[0]]]
    pieces = []
    k_min = math.floor((lo + 180) / 360)
    k_max = math.floor((hi + 180) / 360)
    for k in range(k_min, k_max + 1):
        a, b = -180 + 360 * k, 180 + 360 * k
        piece = _clip(ring, lambda p, a=a: p[0] >= a, _cross_x(a))
        piece = _clip(piece, lambda p, b=b: p[0] <= b, _cross_x(b)) if piece else piece
        if len(piece) >= 3:
            piece = [(x - 360 * k, y) for x, y in piece]
            pieces.append([*piece, piece[0]])
    return pieces


def geometry_rings(geometry: dict) -> list[list[int]]:
    """The arc-index lists of every ring of a Polygon / MultiPolygon."""
    kind = geometry.get("type")
    if kind == "Polygon":
        return list(geometry["arcs"])
    if kind == "MultiPolygon":
        return [ring for polygon in geometry["arcs"] for ring in polygon]
    return []


# --------------------------------------------------------------------- simplification

def _seg_dist2(p, a, b) -> float:
    ax, ay = a
    bx, by = b
    px, py = p
    dx, dy = bx - ax, by - ay
    if dx == 0 and dy == 0:
        return (px - ax) ** 2 + (py - ay) ** 2
    t = ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)
    t = max(0.0, min(1.0, t))
    qx, qy = ax + t * dx, ay + t * dy
    return (px - qx) ** 2 + (py - qy) ** 2


def douglas_peucker(points, tolerance: float):
    """Douglas-Peucker on an open polyline; keeps both end points (iterative)."""
    n = len(points)
    if n <= 2 or tolerance <= 0:
        return list(points)
    keep = [False] * n
    keep[0] = keep[-1] = True
    tol2 = tolerance * tolerance
    stack = [(0, n - 1)]
    while stack:
        first, last = stack.pop()
        a, b = points[first], points[last]
        best, index = -1.0, -1
        for i in range(first + 1, last):
            d = _seg_dist2(points[i], a, b)
            if d > best:
                best, index = d, i
        if index >= 0 and best > tol2:
            keep[index] = True
            stack.append((first, index))
            stack.append((index, last))
    return [p for p, k in zip(points, keep, strict=False) if k]


def simplify_arc(points, tolerance: float):
    if len(points) > 3 and points[0] == points[-1]:
        # A closed arc (an island): split at the point farthest from the start.
        far = max(range(len(points)),
                  key=lambda i: (points[i][0] - points[0][0]) ** 2
                  + (points[i][1] - points[0][1]) ** 2)
        one = douglas_peucker(points[: far + 1], tolerance)
        two = douglas_peucker(points[far:], tolerance)
        return one + two[1:]
    return douglas_peucker(points, tolerance)


# ---------------------------------------------------------------------- ring clean-up

def ring_area(ring) -> float:
    s = 0.0
    for (x1, y1), (x2, y2) in itertools.pairwise(ring):
        s += x1 * y2 - x2 * y1
    return s / 2.0


def finish_ring(ring, decimals: int):
    """Round, drop repeated points, close; None when fewer than three distinct points."""
    out = []
    for x, y in ring:
        p = [round(x, decimals), round(y, decimals)]
        if decimals == 0:
            p = [int(p[0]), int(p[1])]
        if not out or out[-1] != p:
            out.append(p)
    if len(out) > 1 and out[0] == out[-1]:
        out.pop()
    if len({tuple(p) for p in out}) < 3:
        return None
    out.append(list(out[0]))
    return out


def bbox(points):
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


def inside(point, window) -> bool:
    return window[0] <= point[0] <= window[2] and window[1] <= point[1] <= window[3]


def intersects(box, window) -> bool:
    return not (box[2] < window[0] or box[0] > window[2]
                or box[3] < window[1] or box[1] > window[3])


# ---------------------------------------------------------------------------- convert

def iso_code(geometry: dict) -> str:
    name = geometry.get("properties", {}).get("name", "")
    if name in BY_NAME:
        return BY_NAME[name]
    num = geometry.get("id")
    if num is None or num not in ISO_NUMERIC_TO_ALPHA3:
        raise SystemExit(f"no ISO code for {name!r} (id {num!r}); add it to BY_NAME")
    return ISO_NUMERIC_TO_ALPHA3[num]


def convert(topology: dict, *, tolerance: float, decimals: int,
            select_window=None, keep_window=None) -> list[dict]:
    """Countries of the topology as kiosk map records.

    select_window: (west, south, east, north); only countries with a ring touching it.
    keep_window: only the polygons (rings) whose bounding box touches it are kept.
    """
    raw = decode_arcs(topology)
    simple = [simplify_arc(a, tolerance) for a in raw]
    countries = []
    seen: dict[str, str] = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        ring_lists = geometry_rings(geometry)
        if not ring_lists:
            continue
        name = geometry.get("properties", {}).get("name", "")
        code = iso_code(geometry)
        if code in seen:
            raise SystemExit(f"code {code} used by both {seen[code]!r} and {name!r}")
        seen[code] = name
        full_rings = [ring_from_arcs(r, raw) for r in ring_lists]
        if select_window and not any(inside(p, select_window)
                                     for r in full_rings for p in r):
            continue
        rings = []
        for indexes, full in zip(ring_lists, full_rings, strict=False):
            full_pieces = split_antimeridian(full)
            if keep_window and not any(intersects(bbox(f), keep_window)
                                       for f in full_pieces):
                continue
            simple_pieces = split_antimeridian(ring_from_arcs(indexes, simple))
            done = [r for r in (finish_ring(p, decimals) for p in simple_pieces)
                    if r is not None and abs(ring_area(r)) >= 10 ** (-2 * decimals)]
            if not done:
                # Simplified away: keep the island with the lighter of two fall-backs
                # (the ring alone with a quarter of the tolerance, else unsimplified).
                for piece in full_pieces:
                    ring = finish_ring(simplify_arc(piece, tolerance / 4), decimals) \
                        or finish_ring(piece, decimals)
                    if ring is not None and abs(ring_area(ring)) > 0:
                        done.append(ring)
            rings.extend(done)
        if rings:
            countries.append({"iso": code, "name": name, "rings": rings})
    countries.sort(key=lambda c: c["iso"])
    return countries


def write(path: Path, source: str, countries: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {"source": source, "countries": countries}
    # One country per line: compact, yet diffs stay readable.
    lines = ['{"source": ' + json.dumps(source, ensure_ascii=False) + ', "countries": [']
    for i, c in enumerate(countries):
        sep = "," if i < len(countries) - 1 else ""
        lines.append(json.dumps(c, ensure_ascii=False, separators=(",", ":")) + sep)
    lines.append("]}")
    text = "\n".join(lines) + "\n"
    assert json.loads(text) == data
    path.write_text(text, encoding="utf-8")
    points = sum(len(r) for c in countries for r in c["rings"])
    print(f"{path.relative_to(REPO)}: {len(countries)} countries, {points} points, "
          f"{len(text.encode()) / 1024:.0f} KB")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("package", type=Path, help="unpacked world-atlas npm package folder")
    ap.add_argument("--out", type=Path, default=REPO / "assets" / "maps")
    args = ap.parse_args(argv)

    meta = json.loads((args.package / "package.json").read_text(encoding="utf-8"))
    version = meta.get("version", "?")

    def load(name):
        return json.loads((args.package / name).read_text(encoding="utf-8"))

    world = convert(load("countries-50m.json"), tolerance=0.06, decimals=2)
    write(args.out / "world.json",
          f"Natural Earth, via world-atlas {version} countries-50m", world)

    # Provence: the countries touching lon 0..11, lat 40..47 plus a margin (a 16:9 view
    # of lat 40..47 spans about 17 degrees of longitude, so a wide screen has no holes);
    # of those, only the polygons near Europe (drops French Guiana, Reunion, ...; keeps
    # Corsica, Sardinia, the Balearics).  Vatican City is degenerate (zero area) in the
    # 10m file and is therefore left out here; it is present in world.json.
    provence = convert(load("countries-10m.json"), tolerance=0.0025, decimals=3,
                       select_window=(-4.0, 37.5, 16.0, 50.0),
                       keep_window=(-12.0, 33.0, 24.0, 56.0))
    write(args.out / "provence.json",
          f"Natural Earth, via world-atlas {version} countries-10m", provence)
    return 0


if __name__ == "__main__":
    sys.exit(main())
