"""packaging/linux/update.sh against fake bundles in temporary folders (no systemd needed): a new
version is installed only when its own `check` passes; it is on trial until the unit's
ExecStartPost says it reached READY=1, and a version that does not get there in two starts is
replaced by the one before it by the unit's ExecStartPre. The unit that calls it passes
`systemd-analyze verify`."""

from __future__ import annotations

import os
import shutil
import subprocess
import tarfile
from pathlib import Path

import pytest

from kiosk.locations import program_root

LINUX = program_root() / "packaging" / "linux"
UPDATE = LINUX / "update.sh"
INSTALL = LINUX / "install.sh"


def fake_bundle(folder: Path, version: str, check_passes: bool = True) -> Path:
    """A folder laid out as a bundle whose program's `check` passes or fails."""
    (folder / "_internal").mkdir(parents=True)
    executable = folder / "iter-kiosk"
    said, status = ("OK", 0) if check_passes else ("FAILED: 1 checks", 1)
    executable.write_text(f"#!/bin/sh\nif [ \"$1\" = check ]; then echo '{said}'; exit {status}; fi\n"
                          f"echo 'iter-kiosk {version}'\n", encoding="utf-8")
    executable.chmod(0o755)
    (folder / "VERSION").write_text(version + "\n", encoding="utf-8")
    return folder


class Machine:
    """A kiosk's home in a temporary folder: install.sh and update.sh run with its HOME and XDG folders."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.prefix = root / "opt" / "iter-kiosk"
        self.environment = dict(os.environ, HOME=str(root / "home"), XDG_CONFIG_HOME=str(root / "config"),
                                XDG_DATA_HOME=str(root / "data"), TMPDIR=str(root))

    def run(self, script: Path, *args: str, expect: int = 0) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(["bash", str(script), "--prefix", str(self.prefix), *args], env=self.environment,
                                capture_output=True, text=True, timeout=60, check=False)
        assert result.returncode == expect, result.stdout + result.stderr
        return result

    def current(self) -> str:
        return os.readlink(self.prefix / "current")

    def unit_hook(self, hook: str) -> subprocess.CompletedProcess[str]:
        """What the unit runs: the installed PREFIX/update.sh."""
        return self.run(self.prefix / "update.sh", hook)


@pytest.fixture
def machine(tmp_path: Path) -> Machine:
    root = tmp_path / "kiosk"
    root.mkdir()
    installed = Machine(root)
    installed.run(INSTALL, str(fake_bundle(tmp_path / "b1", "1.0.0")))
    assert installed.current() == "versions/1.0.0" and (installed.prefix / "update.sh").is_file()
    return installed


def test_a_version_that_fails_its_check_is_not_installed(machine: Machine, tmp_path: Path) -> None:
    result = machine.run(UPDATE, str(fake_bundle(tmp_path / "b2", "2.0.0", check_passes=False)), expect=1)
    assert "FAILED: 1 checks" in result.stdout
    assert "iter-kiosk 2.0.0 failed its check; nothing changed, 1.0.0 stays" in result.stderr
    assert machine.current() == "versions/1.0.0"
    assert not (machine.prefix / "versions" / "2.0.0").exists() and not (machine.prefix / "trial").exists()


def test_a_version_that_reaches_ready_is_kept(machine: Machine, tmp_path: Path) -> None:
    archive = tmp_path / "iter-kiosk-2.0.0-linux-x86_64.tar.gz"
    bundle = fake_bundle(tmp_path / "iter-kiosk-2.0.0", "2.0.0")
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(bundle, arcname=bundle.name)
    result = machine.run(UPDATE, str(archive))
    assert "checking iter-kiosk 2.0.0 (installed: 1.0.0)" in result.stdout
    assert "iter-kiosk 2.0.0 is on trial" in result.stdout
    assert machine.current() == "versions/2.0.0"
    assert (machine.prefix / "trial").read_text().split() == ["2.0.0", "1.0.0", "0"]
    assert "start 1 of 2" in machine.unit_hook("--before-start").stdout
    assert "2.0.0 reached READY=1" in machine.unit_hook("--started").stdout
    assert not (machine.prefix / "trial").exists()
    machine.unit_hook("--before-start")  # later restarts (a crash, the watchdog) change nothing
    machine.unit_hook("--before-start")
    machine.unit_hook("--before-start")
    assert machine.current() == "versions/2.0.0"
    assert not list(machine.root.glob("iter-kiosk-update.*"))  # the unpacked archive is gone


def test_a_version_that_never_reaches_ready_falls_back(machine: Machine, tmp_path: Path) -> None:
    machine.run(UPDATE, str(fake_bundle(tmp_path / "b2", "2.0.0")))
    assert machine.current() == "versions/2.0.0"
    machine.unit_hook("--before-start")  # first start: no READY=1 (timeout or crash), systemd restarts it
    machine.unit_hook("--before-start")  # second start: the same
    assert machine.current() == "versions/2.0.0"
    result = machine.unit_hook("--before-start")  # third: back to 1.0.0 before the program starts
    assert "iter-kiosk 2.0.0 did not reach READY=1 in 2 starts; back to 1.0.0" in result.stderr
    assert machine.current() == "versions/1.0.0"
    assert os.readlink(machine.prefix / "previous") == "versions/2.0.0"
    assert not (machine.prefix / "trial").exists()
    assert "back to 1.0.0" in (machine.prefix / "fallback.log").read_text()
    started = subprocess.run([str(machine.prefix / "current" / "iter-kiosk")], capture_output=True, text=True,
                             check=True)
    assert started.stdout == "iter-kiosk 1.0.0\n"


def test_uninstall_removes_the_update_script_too(machine: Machine, tmp_path: Path) -> None:
    machine.run(UPDATE, str(fake_bundle(tmp_path / "b2", "2.0.0")))
    machine.run(INSTALL, "--uninstall")
    assert not machine.prefix.exists()


def test_the_unit_is_a_watched_notify_service_and_passes_verify(machine: Machine, tmp_path: Path) -> None:
    unit = machine.root / "config" / "systemd" / "user" / "iter-kiosk.service"
    text = unit.read_text(encoding="utf-8")
    for line in ("Type=notify", "WatchdogSec=30", "Restart=always", "MemoryMax=1500M",
                 f"ExecStartPre=-{machine.prefix}/update.sh --prefix {machine.prefix} --before-start",
                 f"ExecStartPost=-{machine.prefix}/update.sh --prefix {machine.prefix} --started"):
        assert f"\n{line}\n" in text, line
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        if os.environ.get("CI"):
            pytest.fail("systemd-analyze is missing (Debian package systemd)", pytrace=False)
        pytest.skip("systemd-analyze is missing (Debian package systemd)")
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700)
    environment = dict(os.environ, XDG_RUNTIME_DIR=str(runtime), XDG_CONFIG_HOME=str(machine.root / "config"))
    result = subprocess.run([analyze, "--user", "verify", str(unit)], env=environment, capture_output=True,
                            text=True, timeout=60, check=False)
    assert result.returncode == 0 and not (result.stdout + result.stderr).strip(), result.stdout + result.stderr
