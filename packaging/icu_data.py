"""A smaller ICU data library for the Linux bundle (32 MB -> about 4.5 MB).

PySide6's Linux wheels link QtCore against ICU, whose data library (`libicudata.so.NN`, one
symbol `icudtNN_dat` holding ICU's "common data" package) is the largest file in the bundle.
Qt draws its locale names, numbers and dates from its own CLDR tables and lays out text with its
own Unicode tables; it asks ICU for collation (QCollator), case mapping and legacy text codecs.
This module rebuilds the library keeping everything but:

- the legacy code-page converters (`*.cnv`): the exhibit reads and writes UTF-8 only;
- the word dictionaries for Chinese, Japanese, Thai, Khmer, Lao and Burmese (`brkitr/*.dict`);
- transliteration rules (`translit/`);
- locale bundles of languages other than root and KEPT_LANGUAGES: ICU falls back to root.

The package format (ICU's `udata.h`, "CmnD"): a header (`headerSize`, magic 0xda 0x27, a
UDataInfo naming the format), then a table of contents: `uint32 count` and `count` pairs
`(nameOffset, dataOffset)` relative to the table's start, the item names (NUL-terminated, sorted,
which ICU binary-searches), and the items, each 16-byte aligned. The new library is made with
binutils (as, ld), which PyInstaller needs on Linux anyway. `check` proves the result:
French collation only sorts "é" before "f" when ICU finds its data.

`python packaging/icu_data.py LIBRARY` lists what the trimming would keep. No Qt.
"""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

KEPT_LANGUAGES = ("en", "fr")
MAGIC = b"\xda\x27"
FORMAT = b"CmnD"
ALIGNMENT = 16
LOCALE_NAME = re.compile(r"^[a-z]{2,3}(_[A-Za-z0-9]+)*$")
NOT_LOCALES = {"root", "res_index"}  # a tree's fallback and its list of locales, whatever the languages


class IcuDataError(Exception):
    """The library is not an ICU common-data library this module understands."""


@dataclass(frozen=True)
class CommonData:
    header: bytes  # the package's own header, kept as it is
    items: list[tuple[str, bytes]]  # (name such as "icudt73l/coll/root.res", the item's bytes), in table order

    @property
    def size(self) -> int:
        return len(pack(self))


def align(value: int) -> int:
    return (value + ALIGNMENT - 1) // ALIGNMENT * ALIGNMENT


def unpack(blob: bytes) -> CommonData:
    """Read a common-data package (little-endian, as on x86-64 and arm64)."""
    if len(blob) < 32 or blob[2:4] != MAGIC or blob[12:16] != FORMAT or blob[8] != 0:
        raise IcuDataError("not a little-endian ICU common-data package (magic 0xda27, format CmnD)")
    header_size = struct.unpack_from("<H", blob, 0)[0]
    table = blob[header_size:]
    count = struct.unpack_from("<I", table, 0)[0]
    entries = [struct.unpack_from("<II", table, 4 + 8 * index) for index in range(count)]
    items = []
    for index, (name_offset, data_offset) in enumerate(entries):
        name = table[name_offset:table.index(b"\0", name_offset)].decode("ascii")
        end = entries[index + 1][1] if index + 1 < count else len(table)
        items.append((name, table[data_offset:end]))
    return CommonData(blob[:header_size], items)


def pack(data: CommonData) -> bytes:
    names = b"".join(name.encode("ascii") + b"\0" for name, _ in data.items)
    table_size = 4 + 8 * len(data.items)
    offset = align(table_size + len(names))
    entries, name_offset, bodies = [], table_size, []
    for name, body in data.items:
        entries.append(struct.pack("<II", name_offset, offset))
        name_offset += len(name) + 1
        padded = body + b"\0" * (align(len(body)) - len(body))
        bodies.append(padded)
        offset += len(padded)
    head = struct.pack("<I", len(data.items)) + b"".join(entries) + names
    head += b"\0" * (align(len(head)) - len(head))
    return data.header + head + b"".join(bodies)


def kept(name: str, languages: tuple[str, ...] = KEPT_LANGUAGES) -> bool:
    """Whether an item (e.g. 'icudt73l/coll/de.res') stays."""
    parts = name.split("/")[1:]
    stem, _, suffix = parts[-1].rpartition(".")
    if suffix in ("cnv", "dict") or parts[0] == "translit":
        return False
    if suffix == "res" and LOCALE_NAME.match(stem) and stem not in NOT_LOCALES:
        return stem.split("_")[0] in languages
    return True


def trimmed(data: CommonData, languages: tuple[str, ...] = KEPT_LANGUAGES) -> CommonData:
    return CommonData(data.header, [(name, body) for name, body in data.items if kept(name, languages)])


@dataclass(frozen=True)
class DataSymbol:
    name: str  # icudt73_dat
    offset: int  # in the file
    size: int


def binutils(*command: str) -> str:
    if shutil.which(command[0]) is None:
        raise IcuDataError(f"{command[0]} is missing: install binutils (Debian: apt-get install binutils)")
    result = subprocess.run(list(command), capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise IcuDataError(f"{' '.join(command)} failed: {result.stderr.strip()}")
    return result.stdout


def data_symbol(library: Path) -> DataSymbol:
    """The one exported `icudtNN_dat` symbol, located in the file by its address and checked by its magic."""
    for line in binutils("nm", "-D", "-S", "--defined-only", str(library)).splitlines():
        fields = line.split()
        if len(fields) == 4 and re.fullmatch(r"icudt\d+_dat", fields[3]):
            address, size = int(fields[0], 16), int(fields[1], 16)
            blob = library.read_bytes()
            offset = file_offset(library, address)
            if blob[offset + 2:offset + 4] != MAGIC:
                raise IcuDataError(f"{library}: {fields[3]} does not start with ICU's magic number")
            return DataSymbol(fields[3], offset, size)
    raise IcuDataError(f"{library}: no icudtNN_dat symbol; is it ICU's data library?")


def file_offset(library: Path, address: int) -> int:
    """Translate a virtual address into a file offset with the program headers (readelf -lW)."""
    for line in binutils("readelf", "-lW", str(library)).splitlines():
        fields = line.split()
        if fields[:1] == ["LOAD"]:
            offset, virtual, size = int(fields[1], 16), int(fields[2], 16), int(fields[4], 16)
            if virtual <= address < virtual + size:
                return offset + address - virtual
    raise IcuDataError(f"{library}: address {address:#x} is in no loaded segment")


def read_library(library: Path) -> tuple[DataSymbol, CommonData]:
    symbol = data_symbol(library)
    blob = library.read_bytes()[symbol.offset:symbol.offset + symbol.size]
    return symbol, unpack(blob)


def soname(library: Path) -> str:
    match = re.search(r"\(SONAME\)\s+Library soname: \[([^]]+)\]", binutils("readelf", "-dW", str(library)))
    return match.group(1) if match else library.name


def write_library(data: bytes, symbol: str, soname: str, output: Path) -> Path:
    """A shared library for this machine exporting `symbol` = `data` (read-only, 16-byte aligned)."""
    with tempfile.TemporaryDirectory() as work:
        blob, source, obj = Path(work) / "icudata.bin", Path(work) / "icudata.s", Path(work) / "icudata.o"
        blob.write_bytes(data)
        source.write_text(f"""    .section .rodata
    .globl {symbol}
    .type {symbol}, STT_OBJECT
    .balign {ALIGNMENT}
{symbol}:
    .incbin "{blob}"
    .size {symbol}, . - {symbol}
    .section .note.GNU-stack, "", %progbits
""")
        binutils("as", "-o", str(obj), str(source))
        output.parent.mkdir(parents=True, exist_ok=True)
        binutils("ld", "-shared", "-soname", soname, "-o", str(output), str(obj))
    return output


def trim_library(library: Path, output: Path, languages: tuple[str, ...] = KEPT_LANGUAGES) -> Path:
    """Write a trimmed copy of ICU's data library `library` to `output`."""
    symbol, data = read_library(library)
    return write_library(pack(trimmed(data, languages)), symbol.name, soname(library), output)


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python packaging/icu_data.py path/to/libicudataNN.so", file=sys.stderr)
        return 2
    try:
        symbol, data = read_library(Path(argv[0]))
    except (IcuDataError, OSError) as error:
        print(f"{argv[0]}: {error}", file=sys.stderr)
        return 1
    small = trimmed(data)
    print(f"{symbol.name}: {len(data.items)} items, {symbol.size / 1e6:.1f} MB; "
          f"kept {len(small.items)} items, {small.size / 1e6:.1f} MB ({', '.join(KEPT_LANGUAGES)} and root)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
