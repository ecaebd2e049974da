"""The self-contained bundle, built from the current code with `packaging/build.py` (what `make package`
runs) into a temporary folder once per session (about 30 s on two cores).

A new user's view: the build prints the bundle's size and it is at most 150 MB; the bundled program,
started with no Python on PATH and no PYTHONPATH/PYTHONHOME, passes `check`; installed from the
archive with install.sh it passes `check` again and its unit passes `systemd-analyze verify`; and on a
real X server it opens the exhibit's window and paints it.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tarfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
import xvfb_support as xv

from kiosk import __version__

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not sys.platform.startswith("linux"),
                                                    reason="the bundle's size budget and install.sh are Linux's")]

ROOT = Path(__file__).resolve().parent.parent
BUDGET_MB = 150.0
BACKGROUND = xv.hex_rgb("#0b1420")


@dataclass(frozen=True)
class Build:
    bundle: Path  # .../dist/iter-kiosk
    archive: Path
    output: str
    seconds: float

    @property
    def executable(self) -> Path:
        return self.bundle / "iter-kiosk"


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Build:
    work = tmp_path_factory.mktemp("bundle")
    started = time.monotonic()
    result = subprocess.run([sys.executable, str(ROOT / "packaging" / "build.py"), "--distpath", str(work / "dist"),
                             "--workpath", str(work / "build")], cwd=ROOT, capture_output=True, text=True,
                            timeout=900, check=False)
    output = result.stdout + result.stderr
    assert result.returncode == 0, f"packaging/build.py failed:\n{output[-6000:]}"
    archives = list((work / "dist").glob(f"iter-kiosk-{__version__}-linux-*.tar.gz"))
    assert len(archives) == 1, output
    return Build(work / "dist" / "iter-kiosk", archives[0], output, time.monotonic() - started)


def without_python(home: Path) -> dict[str, str]:
    """An environment where no Python can be found: PATH holds one empty folder, no PYTHON* variables,
    and a home, XDG folders and config of its own."""
    empty = home / "empty-bin"
    empty.mkdir(parents=True, exist_ok=True)
    env = {name: value for name, value in os.environ.items()
           if not name.startswith(("PYTHON", "VIRTUAL_ENV", "QT_", "XDG_", "DISPLAY", "WAYLAND"))}
    env.update(PATH=str(empty), HOME=str(home), LANG="C.UTF-8", XDG_CONFIG_HOME=str(home / "config"),
               XDG_DATA_HOME=str(home / "data"), XDG_STATE_HOME=str(home / "state"),
               XDG_CACHE_HOME=str(home / "cache"))
    return env


def folder_megabytes(folder: Path) -> float:
    return sum(path.lstat().st_size for path in folder.rglob("*") if path.is_file() and not path.is_symlink()) / 1e6


def test_the_build_prints_the_bundle_size_within_budget(built: Build) -> None:
    match = re.search(r"^bundle: .*: ([\d.]+) MB unpacked \(budget 150 MB\)", built.output, re.MULTILINE)
    assert match, built.output[-3000:]
    printed = float(match.group(1))
    measured = folder_megabytes(built.bundle)
    assert abs(printed - measured) < 0.1
    assert measured <= BUDGET_MB, f"the bundle is {measured:.1f} MB"
    print(f"\nbundle {measured:.1f} MB unpacked, archive {built.archive.stat().st_size / 1e6:.1f} MB, "
          f"built in {built.seconds:.0f} s")


def test_the_bundle_holds_only_what_the_exhibit_uses(built: Build) -> None:
    internal = built.bundle / "_internal"
    assert (built.bundle / "VERSION").read_text(encoding="utf-8").strip() == __version__
    for folder in ("assets/fonts", "content/screens", "seeds"):
        assert (internal / folder).is_dir(), folder
    plugins = internal / "PySide6" / "Qt" / "plugins"
    kinds = {path.name for path in plugins.iterdir()}
    assert kinds <= {"platforms", "imageformats", "xcbglintegrations", "wayland-shell-integration",
                     "wayland-decoration-client"}, kinds
    assert {path.name for path in (plugins / "imageformats").iterdir()} == {"libqjpeg.so", "libqsvg.so"}
    assert {"libqxcb.so", "libqoffscreen.so"} <= {path.name for path in (plugins / "platforms").iterdir()}
    files = {path.name for path in internal.rglob("*")}
    left_out = ("libqgtk3", "libQt6Network", "libQt6Qml", "libQt6Quick", "QtNetwork.abi3", "QtTest.abi3",
                "_tkinter", "libX11.", "libstdc++", "libcrypto", "libsqlite3")
    assert not [name for name in files if name.startswith(left_out)]
    assert not (internal / "PySide6" / "Qt" / "translations").exists()
    icu = next(internal.rglob("libicudata.so.*"))
    assert icu.stat().st_size < 8e6, "ICU's data library should be the trimmed one (packaging/icu_data.py)"


def test_the_bundled_program_passes_check_with_no_python_anywhere(built: Build, tmp_path: Path) -> None:
    result = subprocess.run([str(built.executable), "check"], env=without_python(tmp_path), cwd=tmp_path,
                            capture_output=True, text=True, timeout=300, check=False)
    lines = result.stdout.splitlines()
    assert result.returncode == 0, result.stdout + result.stderr
    assert lines[-1] == "OK"
    assert "[ OK ] python: " in lines[1] and "(bundled)" in lines[1]
    assert any(line.startswith("[ OK ] content pack: ") and "/_internal/content: 6 screens" in line for line in lines)
    assert any(line.startswith("[ OK ] text collation: ") for line in lines)
    assert "Traceback" not in result.stderr


def test_the_bundled_commands_set_the_pin_and_report(built: Build, tmp_path: Path) -> None:
    """set-pin hashes with OpenSSL's PBKDF2 and report reads SQLite: both must work frozen too."""
    env = without_python(tmp_path)
    config = tmp_path / "config.yaml"
    config.write_text(f"data_dir: {tmp_path / 'data'}\nlog_dir: {tmp_path / 'log'}\n", encoding="utf-8")

    def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        result = subprocess.run([str(built.executable), *args, "--config", str(config)], input=stdin, env=env,
                                capture_output=True, text=True, timeout=300, check=False)
        assert result.returncode == 0, f"{args}: {result.stdout}{result.stderr}"
        return result

    run("set-pin", stdin="4711\n")
    assert "admin_pin: \"pbkdf2_sha256$" in config.read_text(encoding="utf-8")
    assert run("check").stdout.splitlines()[-1] == "OK"
    assert run("report").stdout.splitlines()[0].startswith("record,visit,start,end")


def test_installed_from_the_archive_it_passes_check_and_its_unit_verifies(built: Build, tmp_path: Path) -> None:
    """As docs/operators.md says: unpack the archive, run the install.sh inside it."""
    home = tmp_path / "home"
    env = without_python(home)
    env["PATH"] = os.environ["PATH"]  # install.sh needs the usual tools; the program still finds no Python
    with tarfile.open(built.archive) as tar:
        tar.extractall(tmp_path / "unpacked", filter="tar")
    install = tmp_path / "unpacked" / f"iter-kiosk-{__version__}" / "install.sh"
    prefix = home / "opt" / "iter-kiosk"
    result = subprocess.run([str(install), "--prefix", str(prefix)], env=env,
                            capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert os.readlink(prefix / "current") == f"versions/{__version__}"
    executable = prefix / "current" / "iter-kiosk"
    checked = subprocess.run([str(executable), "check"], env=without_python(home), capture_output=True, text=True,
                             timeout=300, check=False)
    assert checked.returncode == 0 and checked.stdout.splitlines()[-1] == "OK", checked.stdout + checked.stderr
    assert f"{prefix}/versions/{__version__}/_internal/content" in checked.stdout

    unit = home / "config" / "systemd" / "user" / "iter-kiosk.service"
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700)
    verified = subprocess.run(["systemd-analyze", "--user", "verify", str(unit)], capture_output=True, text=True,
                              env=dict(os.environ, XDG_RUNTIME_DIR=str(runtime)), timeout=60, check=False)
    assert verified.returncode == 0 and not (verified.stdout + verified.stderr).strip(), verified.stderr

    removed = subprocess.run([str(prefix / "current" / "install.sh"), "--prefix", str(prefix), "--uninstall"], env=env,
                             capture_output=True, text=True, timeout=60, check=False)
    assert removed.returncode == 0, removed.stderr
    assert not prefix.exists() and not unit.exists()


@pytest.fixture
def bundled_exhibit(built: Build, xvfb_display: str, tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], Path]]:
    """The bundled program on the session's X server, in a 1280x720 window, its output in a log."""
    env = without_python(tmp_path)
    env.update(DISPLAY=xvfb_display, QT_QPA_PLATFORM="xcb", XDG_RUNTIME_DIR=str(tmp_path / "runtime"))
    (tmp_path / "runtime").mkdir(mode=0o700)
    log = tmp_path / "program.log"
    with log.open("wb") as out:
        program = subprocess.Popen([str(built.executable), "--windowed", "--size", "1280x720"], env=env,
                                   cwd=tmp_path, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT)
    try:
        yield program, log
    finally:
        xv.stop_program(program)


@pytest.mark.xvfb
def test_the_bundled_exhibit_paints_its_window_on_a_real_x_server(bundled_exhibit, xvfb_display: str,
                                                                  tmp_path: Path) -> None:
    program, log = bundled_exhibit
    window = xv.wait_for_window(xvfb_display, program, log)
    x, y, width, height = xv.window_geometry(xvfb_display, window)
    assert (width, height) == (1280, 720)
    deadline = time.monotonic() + 20
    picture = np.zeros((1, 1, 3), dtype=np.uint8)
    while time.monotonic() < deadline:
        picture = xv.screenshot(xvfb_display)[y:y + height, x:x + width]
        if np.any(picture != picture[0, 0]) and xv.share_near(picture, BACKGROUND) > 0.5:
            break
        time.sleep(0.2)
    xv.screenshot(xvfb_display, save_to=tmp_path / "bundle.ppm")
    assert np.any(picture != picture[0, 0]), f"the window is one flat colour; see {tmp_path}"
    assert xv.share_near(picture, BACKGROUND) > 0.5, f"the background does not fill the window; see {tmp_path}"
    bright = float(np.mean(picture.min(axis=-1) >= 220))
    assert bright > 0.003, "no text painted"
    assert program.poll() is None, "the program exited:\n" + log.read_text(errors="replace")
    output = log.read_text(errors="replace")
    assert "Traceback" not in output, output
