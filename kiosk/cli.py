"""The command line: run the exhibit, or validate and export a content pack.

`validate` never imports Qt, so it runs on a machine with no display.
"""

from __future__ import annotations

import argparse
import importlib
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from kiosk import __version__
from kiosk.locations import bundled_content_dir

SIZE = re.compile(r"^(\d{2,5})[xX](\d{2,5})$")


def parse_size(text: str) -> tuple[int, int]:
    match = SIZE.match(text.strip())
    if not match:
        raise argparse.ArgumentTypeError(f"size must be WIDTHxHEIGHT, e.g. 1920x1080, not '{text}'")
    width, height = int(match.group(1)), int(match.group(2))
    if not (160 <= width <= 16384 and 160 <= height <= 16384):
        raise argparse.ArgumentTypeError(f"size {text} is out of range (160 to 16384 pixels a side)")
    return width, height


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="main.py", description="Run a museum exhibit made of a folder of YAML.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="commands (run 'main.py COMMAND --help' for their options):\n"
               + "\n".join(f"  {name:<12}{help_text}" for name, (_, help_text) in COMMANDS.items()))
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    from kiosk.settings import add_setting_flags

    add_setting_flags(parser)  # --content, --windowed, --size, --screen, --lang, ... (the table in kiosk/settings.py)
    parser.add_argument("--config", type=Path, default=None, metavar="FILE",
                        help="the config file (default: config.yaml in the platform's user config folder)")
    parser.add_argument("--print-config", action="store_true",
                        help="print every setting, its value and where it came from, then exit")
    # For soaks and the benchmark: run the exhibit's clock N times faster (attract loop, idle timeouts).
    parser.add_argument("--clock-speed", type=float, default=1.0, help=argparse.SUPPRESS)
    return parser


def add_display_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--content", type=Path, default=None, metavar="DIR",
                        help="content pack folder (default: the bundled exhibit)")
    parser.add_argument("--size", type=parse_size, default=None, metavar="WxH", help="window size, e.g. 1920x1080")
    parser.add_argument("--lang", default=None, metavar="CODE", help="start in this language, e.g. en or fr")


def validate_command(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="main.py validate", description="Check a content pack and list every "
                                     "problem as path:line:column: message. Exit status 1 when there are errors.")
    parser.add_argument("content", nargs="?", type=Path, default=None, help="content pack folder (default: bundled)")
    parser.add_argument("--quiet", action="store_true", help="print errors only, no warnings or summary")
    args = parser.parse_args(argv)
    from kiosk.content.loader import load_pack

    pack = args.content or bundled_content_dir()
    result = load_pack(pack)
    problems = sorted(result.problems, key=lambda p: (str(p.path), p.line, p.column))
    errors = [p for p in problems if p.is_error]
    for problem in problems:
        if problem.is_error or not args.quiet:
            print(problem)
    if not args.quiet:
        warnings = len(problems) - len(errors)
        if result.ok and result.exhibit is not None:
            print(f"{pack}: OK: {len(result.exhibit.screens)} screens, {len(result.exhibit.languages)} languages, "
                  f"{len(result.exhibit.facts)} facts" + (f", {warnings} warnings" if warnings else ""))
        else:
            print(f"{pack}: {len(errors)} errors" + (f", {warnings} warnings" if warnings else ""), file=sys.stderr)
    return 0 if result.ok else 1


def export_command(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="main.py export", description="Render every screen to OUTDIR/NN-<id>.png "
                                     "and a contact-sheet PDF, off-screen (no display needed).")
    parser.add_argument("outdir", type=Path)
    add_display_options(parser)
    parser.add_argument("--large-text", action="store_true", help="draw with the visitors' large text")
    parser.add_argument("--high-contrast", action="store_true", help="draw with the high-contrast theme")
    args = parser.parse_args(argv)
    from kiosk.export import export_exhibit

    return export_exhibit(args.outdir, args.content or bundled_content_dir(), args.size or (1920, 1080), args.lang,
                          large_text=args.large_text, high_contrast=args.high_contrast)


# Each command is "module:function", imported only when it is run, so `validate` and `report`
# start without Qt. The function takes the command's own arguments and returns an exit status.
# The one-line help is listed by `main.py --help`.
COMMANDS: dict[str, tuple[str, str]] = {
    "validate": ("kiosk.cli:validate_command", "check a content pack: every problem as path:line:column"),
    "export": ("kiosk.cli:export_command", "render every screen to PNG and a contact-sheet PDF, off-screen"),
    "report": ("kiosk.report:report_command", "visitor statistics as CSV or JSON, --plot draws visits and dwell time"),
    "set-pin": ("kiosk.pin:set_pin_command", "store the technician's PIN, as a salted hash, in the config file"),
    "check": ("kiosk.check:check_command", "self-test after an install or content update: one line per check"),
    "layouts": ("kiosk.curator:layouts_command", "list the screen layouts with a one-line description and fields"),
    "new-screen": ("kiosk.curator:new_screen_command", "start a screen from a template: new-screen ID --layout NAME"),
    "preview": ("kiosk.preview:preview_command", "a window that follows a pack as you edit it (L, S, arrows, R)"),
    "pack": ("kiosk.fleet.commands:pack_command", "validate a pack and write its manifest for kiosks that follow it"),
    "rollback": ("kiosk.fleet.commands:rollback_command", "go back to the content version shown before this one"),
}


def run_command(name: str, argv: Sequence[str]) -> int:
    module_name, function_name = COMMANDS[name][0].split(":")
    module = importlib.import_module(module_name)
    return int(getattr(module, function_name)(list(argv)))


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in COMMANDS:
        return run_command(argv[0], argv[1:])
    args = build_parser().parse_args(argv)
    if args.print_config:
        from kiosk.settings import print_config

        return print_config(args)
    from kiosk.library_setup import single_threaded_numpy, skip_pyside_source_scan

    skip_pyside_source_scan()  # before kiosk.app imports Qt and everything else
    single_threaded_numpy()
    from kiosk.app import run_exhibit

    return run_exhibit(args)
