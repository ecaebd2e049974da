"""packaging/monitoring/: the alert rules pass `promtool check rules` and their own unit tests
(`promtool test rules`: each alert fires on the series that should raise it and not on a healthy
neighbour), and the example scrape configuration is valid. promtool comes with Debian's
`prometheus` package, which .ci/run installs."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from kiosk.locations import program_root

MONITORING = program_root() / "packaging" / "monitoring"
ALERTS = ("ExhibitDown", "ExhibitFrameStale", "ExhibitMemoryGrowing", "ExhibitContentInvalid",
          "ExhibitContentSyncStalled", "ExhibitRestartedUnexpectedly")


def promtool() -> str:
    path = shutil.which("promtool")
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("promtool is missing (Debian package prometheus; .ci/run installs it)", pytrace=False)
        pytest.skip("promtool is missing (Debian package prometheus)")
    return path


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([promtool(), *args], cwd=MONITORING, capture_output=True, text=True, timeout=120,
                          check=False)


def test_the_alert_rules_pass_promtool_check_rules() -> None:
    result = run("check", "rules", "kiosk-alerts.yml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"SUCCESS: {len(ALERTS)} rules found" in result.stdout


def test_every_alert_has_a_unit_test_and_they_pass() -> None:
    tests = (MONITORING / "kiosk-alerts.test.yml").read_text(encoding="utf-8")
    assert all(f"alertname: {alert}" in tests for alert in ALERTS)
    result = run("test", "rules", "kiosk-alerts.test.yml")
    assert result.returncode == 0 and "SUCCESS" in result.stdout, result.stdout + result.stderr


def test_a_broken_rule_is_caught(tmp_path: Path) -> None:
    """The check is not a formality: a typo in an expression fails it."""
    broken = tmp_path / "kiosk-alerts.yml"
    text = (MONITORING / "kiosk-alerts.yml").read_text(encoding="utf-8")
    broken.write_text(text.replace("kiosk_content_errors > 0", "kiosk_content_errors >> 0"), encoding="utf-8")
    result = run("check", "rules", str(broken))
    assert result.returncode != 0 and "ExhibitContentInvalid" in result.stdout + result.stderr


def test_the_example_scrape_configuration_is_valid() -> None:
    result = run("check", "config", "prometheus.yml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stdout + result.stderr
    assert "SUCCESS: 1 rule files found" in result.stdout
