"""The deployment recipes in packaging/, without building the bundle (tests/test_bundle.py builds it).

- packaging/linux/install.sh installs a bundle folder or archive into a temporary prefix with
  temporary XDG folders, side by side with earlier versions, and --uninstall leaves nothing behind;
  the unit it writes passes `systemd-analyze --user verify` and the menu entry `desktop-file-validate`.
- packaging/icu_data.py rebuilds ICU's data library from PySide6's own, and Qt's collation works
  with it (and visibly does not without the collation data).
- packaging/windows/version_info.py writes the version resource from kiosk.__version__.
"""

from __future__ import annotations

import ast
import importlib.util
import os
import plistlib
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path
from types import ModuleType

import pytest

from kiosk import __version__

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
INSTALL = PACKAGING / "linux" / "install.sh"
LINUX = sys.platform.startswith("linux")


def load(path: Path, name: str) -> ModuleType:
    """A module from packaging/ (a folder of scripts, not a package: `packaging` is PyPI's name)."""
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


icu_data = load(PACKAGING / "icu_data.py", "kiosk_packaging_icu_data")
version_info = load(PACKAGING / "windows" / "version_info.py", "kiosk_packaging_version_info")
build = load(PACKAGING / "build.py", "kiosk_packaging_build")


def tool(name: str, package: str) -> str:
    """The path of a command-line tool, skipping where it is missing, except under CI (.ci/run installs it)."""
    path = shutil.which(name)
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is missing (Debian package {package}; .ci/run installs it)", pytrace=False)
        pytest.skip(f"{name} is missing (Debian package {package})")
    return path


# --- install.sh ---------------------------------------------------------------------------------

def make_bundle(folder: Path, version: str) -> Path:
    """A folder laid out as the spec lays out a bundle: the executable, _internal/ and VERSION."""
    (folder / "_internal" / "assets" / "icons").mkdir(parents=True)
    shutil.copy(ROOT / "assets" / "icons" / "kiosk.png", folder / "_internal" / "assets" / "icons")
    executable = folder / "iter-kiosk"
    executable.write_text(f"#!/bin/sh\necho 'iter-kiosk {version}'\n", encoding="utf-8")
    executable.chmod(0o755)
    (folder / "VERSION").write_text(version + "\n", encoding="utf-8")
    return folder


class Installer:
    """install.sh run with its own HOME and XDG folders, all inside `root` (which starts empty)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.prefix = root / "opt" / "iter-kiosk"
        self.config_home = root / "config"
        self.data_home = root / "data"
        self.unit = self.config_home / "systemd" / "user" / "iter-kiosk.service"
        self.wants = self.config_home / "systemd" / "user" / "graphical-session.target.wants" / "iter-kiosk.service"
        self.desktop = self.data_home / "applications" / "iter-kiosk.desktop"

    def run(self, *args: str, expect: int = 0) -> subprocess.CompletedProcess[str]:
        env = dict(os.environ, HOME=str(self.root / "home"), XDG_CONFIG_HOME=str(self.config_home),
                   XDG_DATA_HOME=str(self.data_home))
        result = subprocess.run(["bash", str(INSTALL), "--prefix", str(self.prefix), *args], env=env,
                                capture_output=True, text=True, timeout=60, check=False)
        assert result.returncode == expect, result.stdout + result.stderr
        return result

    def current(self) -> str:
        return os.readlink(self.prefix / "current")


@pytest.fixture
def installer(tmp_path: Path) -> Installer:
    root = tmp_path / "root"
    root.mkdir()
    return Installer(root)


pytestmark_linux = pytest.mark.skipif(not LINUX, reason="install.sh and ICU's data library are for Linux")


@pytestmark_linux
def test_install_puts_the_version_the_unit_and_the_menu_entry_in_place(installer: Installer, tmp_path: Path) -> None:
    bundle = make_bundle(tmp_path / "dist" / "iter-kiosk", "1.0.0")
    result = installer.run(str(bundle))
    assert "next: " + str(installer.prefix / "current" / "iter-kiosk") + " check" in result.stdout
    assert installer.current() == "versions/1.0.0"
    executable = installer.prefix / "current" / "iter-kiosk"
    assert subprocess.run([str(executable)], capture_output=True, text=True, check=True).stdout == "iter-kiosk 1.0.0\n"
    unit = installer.unit.read_text(encoding="utf-8")
    assert f"ExecStart={installer.prefix}/current/iter-kiosk\n" in unit and "@PREFIX@" not in unit
    assert "Restart=always" in unit and "WantedBy=graphical-session.target" in unit
    assert installer.wants.is_symlink() and installer.wants.resolve() == installer.unit
    desktop = installer.desktop.read_text(encoding="utf-8")
    assert f"Exec={installer.prefix}/current/iter-kiosk\n" in desktop
    assert f"Icon={installer.prefix}/current/_internal/assets/icons/kiosk.png\n" in desktop
    assert Path(desktop.split("Icon=")[1].splitlines()[0]).is_file()
    command = installer.root / "home" / ".local" / "bin" / "iter-kiosk"
    assert os.readlink(command) == str(installer.prefix / "current" / "iter-kiosk")


@pytestmark_linux
def test_the_installed_unit_passes_systemd_analyze_verify(installer: Installer, tmp_path: Path) -> None:
    analyze = tool("systemd-analyze", "systemd")
    installer.run(str(make_bundle(tmp_path / "bundle", "1.0.0")))
    runtime = tmp_path / "runtime"  # a user manager's runtime folder; root in CI has none of its own
    runtime.mkdir(mode=0o700)
    env = dict(os.environ, XDG_RUNTIME_DIR=str(runtime), XDG_CONFIG_HOME=str(installer.config_home))
    result = subprocess.run([analyze, "--user", "verify", str(installer.unit)], env=env, capture_output=True,
                            text=True, timeout=60, check=False)
    # verify exits 0 even for unknown keys, so any message at all counts as a failure
    assert result.returncode == 0 and not (result.stdout + result.stderr).strip(), result.stdout + result.stderr


@pytestmark_linux
def test_the_installed_menu_entry_is_valid(installer: Installer, tmp_path: Path) -> None:
    validate = tool("desktop-file-validate", "desktop-file-utils")
    installer.run(str(make_bundle(tmp_path / "bundle", "1.0.0")))
    result = subprocess.run([validate, str(installer.desktop)], capture_output=True, text=True, check=False)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr


@pytestmark_linux
def test_versions_install_side_by_side_and_old_ones_are_pruned(installer: Installer, tmp_path: Path) -> None:
    for version in ("1.0.0", "1.1.0"):
        installer.run(str(make_bundle(tmp_path / version, version)))
    assert installer.current() == "versions/1.1.0"
    assert os.readlink(installer.prefix / "previous") == "versions/1.0.0"
    assert sorted(p.name for p in (installer.prefix / "versions").iterdir()) == ["1.0.0", "1.1.0"]
    installer.run("--keep", "1", str(make_bundle(tmp_path / "1.2.0", "1.2.0")))
    # 1.2.0 is current, 1.1.0 previous: both stay even with --keep 1; 1.0.0 goes
    assert sorted(p.name for p in (installer.prefix / "versions").iterdir()) == ["1.1.0", "1.2.0"]
    assert os.readlink(installer.prefix / "previous") == "versions/1.1.0"
    installer.run(str(make_bundle(tmp_path / "again" / "1.2.0", "1.2.0")))  # the same version again
    assert installer.current() == "versions/1.2.0"
    assert os.readlink(installer.prefix / "previous") == "versions/1.1.0"


@pytestmark_linux
def test_install_from_the_archive_and_uninstall_leaves_nothing(installer: Installer, tmp_path: Path) -> None:
    bundle = make_bundle(tmp_path / "dist" / "iter-kiosk", "2.0.0")
    archive = build.write_archive(bundle, "2.0.0")
    assert archive.name == f"iter-kiosk-2.0.0-{build.platform_tag()}.tar.gz"
    with tarfile.open(archive) as tar:
        assert {member.name.split("/")[0] for member in tar.getmembers()} == {"iter-kiosk-2.0.0"}
    installer.run(str(archive))
    assert (installer.prefix / "versions" / "2.0.0" / "iter-kiosk").is_file()
    assert not list((installer.prefix / "versions").glob(".unpack.*"))
    user_file = installer.config_home / "iter-kiosk" / "config.yaml"  # the kiosk's own settings: never removed
    user_file.parent.mkdir(parents=True)
    user_file.write_text("log_level: debug\n", encoding="utf-8")
    result = installer.run("--uninstall")
    assert "settings, log and statistics are kept" in result.stdout
    assert not (installer.root / "home").exists()
    left = sorted(str(path.relative_to(installer.root)) for path in installer.root.rglob("*"))
    assert left == ["config", "config/iter-kiosk", "config/iter-kiosk/config.yaml"]


@pytestmark_linux
def test_a_command_of_the_same_name_is_left_alone(installer: Installer, tmp_path: Path) -> None:
    command = installer.root / "home" / ".local" / "bin" / "iter-kiosk"
    command.parent.mkdir(parents=True)
    command.write_text("#!/bin/sh\necho mine\n", encoding="utf-8")
    result = installer.run(str(make_bundle(tmp_path / "bundle", "1.0.0")))
    assert "exists and is not ours" in result.stderr
    installer.run("--uninstall")
    assert command.read_text(encoding="utf-8") == "#!/bin/sh\necho mine\n"


@pytestmark_linux
def test_the_script_inside_a_bundle_installs_that_bundle(installer: Installer, tmp_path: Path) -> None:
    bundle = make_bundle(tmp_path / "iter-kiosk-3.0.0", "3.0.0")
    for recipe in ("install.sh", "update.sh", "iter-kiosk.service", "iter-kiosk.desktop"):  # as the spec copies them
        shutil.copy2(PACKAGING / "linux" / recipe, bundle / recipe)
    env = dict(os.environ, HOME=str(installer.root / "home"), XDG_CONFIG_HOME=str(installer.config_home),
               XDG_DATA_HOME=str(installer.data_home))
    result = subprocess.run([str(bundle / "install.sh"), "--prefix", str(installer.prefix)], env=env,
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert installer.current() == "versions/3.0.0"
    assert (installer.prefix / "current" / "install.sh").is_file() and installer.unit.is_file()


@pytestmark_linux
def test_install_refuses_what_it_cannot_install(installer: Installer, tmp_path: Path) -> None:
    no_version = make_bundle(tmp_path / "odd", "1.0.0")
    (no_version / "VERSION").unlink()
    assert "has no VERSION file" in installer.run(str(no_version), expect=1).stderr
    assert "is not an iter-kiosk bundle" in installer.run(str(tmp_path), expect=1).stderr
    assert "nothing to uninstall" in installer.run("--uninstall", expect=1).stderr
    spaced = subprocess.run(["bash", str(INSTALL), "--prefix", str(tmp_path / "with space"), str(no_version)],
                            capture_output=True, text=True, check=False)
    assert spaced.returncode == 1 and "the prefix may hold only" in spaced.stderr
    broken_archive = tmp_path / "broken.tar.gz"
    broken_archive.write_bytes(b"not gzip")
    assert "cannot unpack" in installer.run(str(broken_archive), expect=1).stderr
    assert list(installer.root.iterdir()) == [], "a refused install leaves nothing behind"


# --- ICU's data library -------------------------------------------------------------------------

def pyside_icu_data() -> Path:
    import PySide6

    found = sorted((Path(PySide6.__file__).parent / "Qt" / "lib").glob("libicudata.so.*"))
    assert found, "PySide6's Linux wheel ships libicudata.so.NN"
    return found[0]


def collation_with(library_dir: Path) -> str:
    """QCollator's verdict on 'é' against 'f' in French, in a process that loads ICU's data from `library_dir`."""
    code = ("from PySide6.QtCore import QCollator, QLocale\n"
            "print(QCollator(QLocale('fr')).compare('é', 'f'))")
    env = dict(os.environ, LD_LIBRARY_PATH=str(library_dir), QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60,
                            check=True)
    return result.stdout.strip()


@pytestmark_linux
def test_icu_data_reads_and_writes_back_the_same_items() -> None:
    _, data = icu_data.read_library(pyside_icu_data())
    assert len(data.items) > 1000
    names = [name for name, _ in data.items]
    assert names == sorted(names), "ICU binary-searches the table: it must stay sorted"
    again = icu_data.unpack(icu_data.pack(data))
    assert again.items == data.items and again.header == data.header


@pytestmark_linux
def test_icu_data_keeps_what_qt_needs_for_the_exhibit() -> None:
    kept = icu_data.kept
    for name in ("icudt73l/coll/root.res", "icudt73l/coll/ucadata.icu", "icudt73l/coll/fr.res",
                 "icudt73l/coll/fr_CA.res", "icudt73l/en_GB.res", "icudt73l/pool.res", "icudt73l/res_index.res",
                 "icudt73l/zoneinfo64.res", "icudt73l/brkitr/line.brk", "icudt73l/cnvalias.icu"):
        assert kept(name), name
    for name in ("icudt73l/coll/de.res", "icudt73l/zh_Hant_TW.res", "icudt73l/ibm-1390_P110-2003.cnv",
                 "icudt73l/brkitr/cjdict.dict", "icudt73l/translit/root.res", "icudt73l/curr/ja.res"):
        assert not kept(name), name


@pytestmark_linux
def test_the_trimmed_library_is_small_and_qt_collates_with_it(tmp_path: Path) -> None:
    original = pyside_icu_data()
    trimmed = icu_data.trim_library(original, tmp_path / "trimmed" / original.name)
    assert trimmed.stat().st_size < 8e6 < original.stat().st_size
    symbol, data = icu_data.read_library(trimmed)
    assert symbol.name.startswith("icudt") and any(name.endswith("coll/root.res") for name, _ in data.items)
    assert collation_with(trimmed.parent) == "-1"  # 'é' sorts before 'f'
    # the control: without collation data Qt falls back to comparing code points, and 'é' comes after 'f'
    _, full = icu_data.read_library(original)
    no_collation = icu_data.CommonData(full.header, [item for item in full.items if "/coll/" not in item[0]])
    icu_data.write_library(icu_data.pack(no_collation), symbol.name, original.name,
                           tmp_path / "no-collation" / original.name)
    assert int(collation_with(tmp_path / "no-collation")) > 0


def test_icu_data_refuses_what_is_not_icu_data() -> None:
    with pytest.raises(icu_data.IcuDataError, match="not a little-endian ICU common-data package"):
        icu_data.unpack(b"\0" * 64)


# --- the Windows version resource ---------------------------------------------------------------

def test_the_windows_version_resource_carries_the_package_version(tmp_path: Path) -> None:
    path = version_info.write_version_info(tmp_path / "version_info.txt")
    tree = ast.parse(path.read_text(encoding="utf-8"), mode="eval")  # PyInstaller eval()s it
    call = tree.body
    assert isinstance(call, ast.Call) and call.func.id == "VSVersionInfo"
    fixed = next(keyword.value for keyword in call.keywords if keyword.arg == "ffi")
    numbers = {keyword.arg: ast.literal_eval(keyword.value) for keyword in fixed.keywords
               if keyword.arg in ("filevers", "prodvers")}
    expected = version_info.version_numbers(__version__)
    assert numbers == {"filevers": expected, "prodvers": expected}
    strings = {node.args[0].value: node.args[1].value for node in ast.walk(tree)
               if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "StringStruct"}
    assert strings["ProductVersion"] == strings["FileVersion"] == __version__
    assert strings["OriginalFilename"] == "iter-kiosk.exe"


@pytest.mark.parametrize("version, numbers", [("0.1.0", (0, 1, 0, 0)), ("2.3", (2, 3, 0, 0)),
                                              ("1.4.2rc1", (1, 4, 2, 0)), ("3.0.1+local.7", (3, 0, 1, 0))])
def test_version_numbers_are_four_for_windows(version: str, numbers: tuple[int, ...]) -> None:
    assert version_info.version_numbers(version) == numbers


def test_a_version_without_numbers_is_refused() -> None:
    with pytest.raises(ValueError, match="has no number"):
        version_info.version_numbers("final")


# --- the macOS LaunchAgent ----------------------------------------------------------------------

def test_the_launch_agent_starts_the_app_the_spec_builds_and_keeps_it_alive() -> None:
    with (PACKAGING / "macos" / "org.iter-kiosk.plist").open("rb") as file:
        agent = plistlib.load(file)
    assert agent["Label"] == "org.iter-kiosk"
    assert agent["RunAtLoad"] is True and agent["KeepAlive"] is True
    assert agent["LimitLoadToSessionType"] == "Aqua"
    app, _, inside = agent["ProgramArguments"][0].partition(".app/")
    spec = (PACKAGING / "kiosk.spec").read_text(encoding="utf-8")
    assert f'BUNDLE(coll, name="{Path(app).name}.app"' in spec
    assert inside == "Contents/MacOS/iter-kiosk" and 'NAME = "iter-kiosk"' in spec
