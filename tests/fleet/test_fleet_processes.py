"""The fleet on one machine: three exhibit processes (each with its own config, data folder, metrics
port and notify socket) follow one content source that real rsync keeps current.

A half-copied update is never applied; a complete valid one reaches all three within 10 seconds
(their metrics say so); an invalid one is refused by all three with the old content still showing;
`main.py rollback` brings back the previous version. Then the restart reason: a clean stop and a
kill -9 are told apart at the next start.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fleet_sessions import NotifyListener, free_port, make_pack
from prometheus_client.parser import text_string_to_metric_families

from kiosk.fleet.manifest import build_manifest, write_manifest
from kiosk.fleet.versions import versions_dir
from kiosk.locations import program_root

pytestmark = pytest.mark.slow

UPDATE_SECONDS = 10.0


def tool(name: str, package: str) -> str:
    path = shutil.which(name)
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is missing (Debian package {package}; .ci/run installs it)", pytrace=False)
        pytest.skip(f"{name} is missing (Debian package {package})")
    return path


class Kiosk:
    """One exhibit process with its own config, data, log, metrics port and notify socket."""

    def __init__(self, folder: Path, source: Path) -> None:
        self.folder = folder
        folder.mkdir()
        self.port = free_port()
        self.data = folder / "data"
        self.config = folder / "config.yaml"
        self.config.write_text(f"data_dir: {self.data}\nlog_dir: {folder / 'log'}\ncontent_source: {source}\n"
                               f"metrics: {self.port}\nattract_after: 1\n", encoding="utf-8")
        self.notify = NotifyListener(folder / "n")
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        environment = dict(os.environ, QT_QPA_PLATFORM="offscreen", NOTIFY_SOCKET=self.notify.path)
        self.notify.received.clear()
        self.process = subprocess.Popen([sys.executable, "main.py", "--config", str(self.config), "--windowed",
                                         "--size", "640x360"], cwd=program_root(), env=environment,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def metrics(self) -> dict[str, dict[tuple[tuple[str, str], ...], float]]:
        """{metric name: {labels: value}} from a scrape; empty while the endpoint does not answer."""
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/metrics", timeout=5) as response:
                text = response.read().decode()
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return {}
        samples: dict[str, dict[tuple[tuple[str, str], ...], float]] = {}
        for family in text_string_to_metric_families(text):
            for sample in family.samples:
                samples.setdefault(sample.name, {})[tuple(sorted(sample.labels.items()))] = sample.value
        return samples

    def content_version(self) -> str | None:
        info = self.metrics().get("kiosk_content_info", {})
        return next((dict(labels)["version"] for labels in info), None)

    def value(self, name: str) -> float | None:
        values = self.metrics().get(name, {})
        return next(iter(values.values()), None)

    def log(self) -> str:
        path = self.folder / "log" / "kiosk.log"
        return path.read_text(encoding="utf-8", errors="replace") if path.exists() else "(no log)"

    def stop(self, how: int = signal.SIGTERM) -> int:
        assert self.process is not None
        self.process.send_signal(how)
        try:
            return self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            return self.process.wait(timeout=30)


def wait_for(what: str, condition: Callable[[], bool], kiosks: list[Kiosk], timeout: float) -> float:
    """Seconds until `condition` held; fails with the kiosks' logs when it does not within `timeout`."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if condition():
            return time.monotonic() - started
        for kiosk in kiosks:
            if kiosk.process is not None and kiosk.process.poll() is not None:
                pytest.fail(f"{kiosk.folder.name} ended ({kiosk.process.returncode}) while waiting for {what}:\n"
                            f"{kiosk.process.stderr.read().decode() if kiosk.process.stderr else ''}\n{kiosk.log()}")
        time.sleep(0.1)
    logs = "\n".join(f"--- {kiosk.folder.name}\n{kiosk.log()[-3000:]}" for kiosk in kiosks)
    pytest.fail(f"not within {timeout:.0f} s: {what}\n{logs}")


def rsync(source: Path, target: Path, *options: str) -> None:
    subprocess.run([tool("rsync", "rsync"), "-a", "--delete", *options, f"{source}/", f"{target}/"], check=True,
                   timeout=60)


@pytest.fixture
def fleet(tmp_path: Path) -> Iterator[tuple[Path, Path, list[Kiosk]]]:
    tool("rsync", "rsync")
    master, source = tmp_path / "master", tmp_path / "source"
    master.mkdir()
    kiosks = [Kiosk(tmp_path / f"kiosk{number}", source) for number in (1, 2, 3)]
    yield master, source, kiosks
    for kiosk in kiosks:
        if kiosk.process is not None and kiosk.process.poll() is None:
            kiosk.stop(signal.SIGKILL)
        kiosk.notify.close()


def test_three_kiosks_follow_one_content_source_updated_by_rsync(fleet) -> None:
    master, source, kiosks = fleet
    rsync(make_pack(master / "v1", "1.0"), source)
    for kiosk in kiosks:
        kiosk.start()
    wait_for("READY=1 from all three (their first frame is painted)",
             lambda: all(kiosk.notify.count("READY=1") == 1 for kiosk in kiosks), kiosks, 90)
    wait_for("version 1.0 on all three", lambda: all(k.content_version() == "1.0" for k in kiosks), kiosks, 60)

    # A half-copied update: everything but the screens (whose site.yaml changed) has arrived.
    make_pack(master / "v2", "2.0", title="second version")
    rsync(master / "v2", source, "--exclude", "screens/")
    wait_for("all three to see version 2.0 arriving", lambda: all(k.value("kiosk_content_source_waiting") == 1
                                                                  for k in kiosks), kiosks, 30)
    assert [kiosk.content_version() for kiosk in kiosks] == ["1.0"] * 3
    assert not any((versions_dir(kiosk.data) / "2.0").exists() for kiosk in kiosks)

    # The rest arrives: the complete, valid version reaches all three within 10 seconds.
    rsync(master / "v2", source)
    seconds = wait_for("version 2.0 on all three", lambda: all(k.content_version() == "2.0" for k in kiosks),
                       kiosks, UPDATE_SECONDS)
    print(f"a complete update reached three kiosks in {seconds:.1f} s")
    assert all(kiosk.value("kiosk_content_source_waiting") == 0 for kiosk in kiosks)

    # An invalid version (packed without validation) is refused by all three; 2.0 stays on screen.
    broken = master / "v3"
    shutil.copytree(master / "v2", broken)
    (broken / "screens" / "site.yaml").write_text("id: site\nlayout: nonsense\n", encoding="utf-8")
    write_manifest(broken, build_manifest(broken, "3.0-broken"))
    rsync(broken, source)
    wait_for("all three to refuse 3.0-broken", lambda: all(k.value("kiosk_content_refused_total") == 1
                                                           for k in kiosks), kiosks, 30)
    for kiosk in kiosks:
        assert kiosk.content_version() == "2.0"
        assert (kiosk.value("kiosk_content_errors") or 0) >= 1
        log = kiosk.log()
        assert "content version 3.0-broken in" in log and f"{source / 'screens' / 'site.yaml'}:2:" in log

    # Rollback on each kiosk brings back 1.0 (while the source still holds the broken one).
    for kiosk in kiosks:
        result = subprocess.run([sys.executable, str(program_root() / "main.py"), "rollback", "--config",
                                 str(kiosk.config)], capture_output=True, text=True, timeout=60, check=False)
        assert result.returncode == 0 and result.stdout.startswith("content version 2.0 -> 1.0"), result.stderr
    wait_for("version 1.0 back on all three", lambda: all(k.content_version() == "1.0" for k in kiosks), kiosks, 30)

    # Why the last run ended: a clean stop, and a kill -9 (no clean exit recorded).
    first, second = kiosks[0], kiosks[1]
    assert first.stop(signal.SIGTERM) == 0
    second.stop(signal.SIGKILL)
    first.start()
    second.start()
    wait_for("the restart reasons", lambda: first.metrics().get("kiosk_last_restart_info", {}).get(
        (("reason", "stopped"),)) == 1 and second.metrics().get("kiosk_last_restart_info", {}).get(
        (("reason", "unclean"),)) == 1, kiosks, 90)
    assert first.content_version() == "1.0"  # a restarted kiosk starts with the version it showed
