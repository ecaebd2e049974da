"""Build the self-contained bundle: `make package`, or `python packaging/build.py` on any platform.

Runs PyInstaller on packaging/kiosk.spec (a clean build), measures the unpacked folder, fails
when it is over the size budget (Linux: 150 MB), and packs it for distribution:

    dist/iter-kiosk/                                  the bundle (run dist/iter-kiosk/iter-kiosk)
    dist/iter-kiosk-<version>-linux-x86_64.tar.gz     the same, to copy to a kiosk (install.sh takes it)
    (Windows: ...-windows-amd64.zip; macOS: ...-macos-arm64.tar.gz holding iter-kiosk/ and ITER Kiosk.app)

Options: --distpath/--workpath put the bundle and PyInstaller's work files elsewhere (the tests
build into a temporary folder), --no-archive skips the archive, --max-mb changes the budget.
Needs the dev tools (requirements-dev.lock: pyinstaller) and, on Linux, binutils.
"""

from __future__ import annotations

import argparse
import platform
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "packaging" / "kiosk.spec"
NAME = "iter-kiosk"
LINUX_BUDGET_MB = 150.0


def package_version() -> str:
    sys.path.insert(0, str(ROOT))
    from kiosk import __version__

    return __version__


def folder_megabytes(folder: Path) -> float:
    """The unpacked size in MB (10^6 bytes): every regular file once; symbolic links cost nothing."""
    total = sum(path.lstat().st_size for path in folder.rglob("*") if path.is_file() and not path.is_symlink())
    return total / 1e6


def platform_tag() -> str:
    system = {"linux": "linux", "darwin": "macos", "win32": "windows"}.get(sys.platform, sys.platform)
    return f"{system}-{platform.machine().lower()}"


def run_pyinstaller(distpath: Path, workpath: Path) -> None:
    command = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
               "--distpath", str(distpath), "--workpath", str(workpath), str(SPEC)]
    print("$ " + " ".join(command), flush=True)
    subprocess.run(command, cwd=ROOT, check=True)


def write_archive(bundle: Path, version: str) -> Path:
    """The bundle packed under a top folder named for its version (iter-kiosk-0.1.0/)."""
    top = f"{NAME}-{version}"
    base = bundle.parent / f"{top}-{platform_tag()}"
    if sys.platform == "win32":
        return Path(shutil.make_archive(str(base), "zip", root_dir=bundle.parent, base_dir=bundle.name))
    archive = base.with_name(base.name + ".tar.gz")

    def anonymous(info: tarfile.TarInfo) -> tarfile.TarInfo:
        info.uid = info.gid = 0
        info.uname = info.gname = ""
        return info

    with tarfile.open(archive, "w:gz", compresslevel=6) as tar:
        tar.add(bundle, arcname=top, filter=anonymous)
        app = bundle.parent / "ITER Kiosk.app"
        if app.exists():
            tar.add(app, arcname=f"{top}/{app.name}", filter=anonymous)
    return archive


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="packaging/build.py", description="Build the self-contained bundle.")
    parser.add_argument("--distpath", type=Path, default=ROOT / "dist", help="where the bundle goes (default: dist/)")
    parser.add_argument("--workpath", type=Path, default=ROOT / "build" / "pyinstaller",
                        help="PyInstaller's work folder (default: build/pyinstaller/)")
    parser.add_argument("--no-archive", action="store_true", help="leave out the .tar.gz (or .zip)")
    parser.add_argument("--max-mb", type=float, default=LINUX_BUDGET_MB if sys.platform.startswith("linux") else None,
                        help="fail when the unpacked bundle is larger (default on Linux: 150)")
    args = parser.parse_args(argv)
    started = time.monotonic()
    version = package_version()
    try:
        run_pyinstaller(args.distpath.resolve(), args.workpath.resolve())
    except subprocess.CalledProcessError as error:
        print(f"packaging/build.py: PyInstaller failed (exit status {error.returncode}); see its messages above",
              file=sys.stderr)
        return 1
    bundle = args.distpath.resolve() / NAME
    size = folder_megabytes(bundle)
    budget = f" (budget {args.max_mb:g} MB)" if args.max_mb else ""
    print(f"bundle: {bundle}: {size:.1f} MB unpacked{budget}, {NAME} {version}")
    if args.max_mb and size > args.max_mb:
        print(f"packaging/build.py: the bundle is {size - args.max_mb:.1f} MB over its budget; see the exclusions "
              "in packaging/kiosk.spec and packaging/hooks/", file=sys.stderr)
        return 1
    if not args.no_archive:
        archive = write_archive(bundle, version)
        print(f"archive: {archive}: {archive.stat().st_size / 1e6:.1f} MB")
    print(f"built in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
