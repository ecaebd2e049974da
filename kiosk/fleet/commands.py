"""`main.py pack DIR` and `main.py rollback`: the fleet's two commands. No Qt.

    python main.py pack DIR [--version ID]   validate DIR, then write DIR/pack-manifest.json
    python main.py rollback [--config FILE]  show the content version before the current one
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path


def pack_command(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="main.py pack", description="Validate a content pack and write its "
                                     "manifest (a version id and the SHA-256 of every file) into it, so kiosks "
                                     "following a synced copy apply it only once it has arrived whole.")
    parser.add_argument("content", type=Path, help="the content pack folder")
    parser.add_argument("--version", default=None, metavar="ID",
                        help="the version id (default: exhibit.yaml's version and a digest of the files)")
    args = parser.parse_args(argv)
    from kiosk.content.loader import load_pack
    from kiosk.fleet.manifest import ManifestError, build_manifest, version_id_problem, write_manifest

    if args.version is not None and version_id_problem(args.version):
        parser.error(version_id_problem(args.version))
    result = load_pack(args.content)
    errors = [problem for problem in result.problems if problem.is_error]
    if not result.ok or result.exhibit is None:
        for problem in sorted(errors, key=lambda p: (str(p.path), p.line, p.column)):
            print(problem, file=sys.stderr)
        print(f"main.py pack: {args.content} has {len(errors)} errors; no manifest written (kiosks keep what they "
              "show)", file=sys.stderr)
        return 1
    try:
        manifest = build_manifest(args.content, args.version, result.exhibit.version)
        path = write_manifest(args.content, manifest)
    except (OSError, ManifestError) as error:
        print(f"main.py pack: {error}", file=sys.stderr)
        return 1
    size = sum(entry.size for entry in manifest.files.values())
    print(f"{path}: version {manifest.version}, {len(manifest.files)} files, {size / 1e6:.1f} MB")
    return 0


def rollback_command(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="main.py rollback", description="Go back to the content version shown "
                                     "before the current one. A running exhibit switches within seconds; the "
                                     "version left is not applied again from the content source (a newer one is).")
    parser.add_argument("--config", type=Path, default=None, metavar="FILE",
                        help="the config file (default: config.yaml in the platform's user config folder)")
    args = parser.parse_args(argv)
    from kiosk.fleet.versions import RollbackError, roll_back
    from kiosk.settings import load_settings

    settings = load_settings(None, None, args.config)
    for problem in settings.problems:
        print(problem, file=sys.stderr)
    try:
        left, back_to = roll_back(settings.data_dir)
    except (RollbackError, OSError) as error:
        print(f"main.py rollback: {error}", file=sys.stderr)
        return 1
    print(f"content version {left} -> {back_to} (a running exhibit switches to it; {left} is held back)")
    return 0
