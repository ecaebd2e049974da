"""kiosk/fleet/manifest.py, versions.py and `main.py pack` / `main.py rollback`: a version is taken in
only when every file matches its manifest and the copy validates; versions are kept and pruned;
rollback goes back one and holds the newer one back."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from fleet_sessions import make_pack

from kiosk.fleet.manifest import (
    MANIFEST_NAME,
    ManifestError,
    build_manifest,
    read_manifest,
    verify_pack,
    write_manifest,
)
from kiosk.fleet.versions import (
    RollbackError,
    pack_to_show,
    read_state,
    record_applied,
    roll_back,
    take_in,
    versions_dir,
)
from kiosk.locations import bundled_content_dir, program_root

MAIN = program_root() / "main.py"


def main_py(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(MAIN), *args], capture_output=True, text=True, timeout=120,
                          check=False)


def test_pack_validates_and_writes_a_manifest_of_every_file(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    shutil.copytree(bundled_content_dir(), pack)
    (pack / ".exhibit.yaml.swp").write_text("editor scratch")
    result = main_py("pack", str(pack))
    assert result.returncode == 0, result.stderr
    manifest = read_manifest(pack)
    assert result.stdout.startswith(f"{pack / MANIFEST_NAME}: version {manifest.version}, {len(manifest.files)} files")
    assert manifest.version.startswith("2026.11.1+") and len(manifest.version) == len("2026.11.1+") + 12
    assert "exhibit.yaml" in manifest.files and "screens/power.yaml" in manifest.files
    assert MANIFEST_NAME not in manifest.files and ".exhibit.yaml.swp" not in manifest.files
    assert verify_pack(pack).complete
    assert main_py("pack", str(pack)).returncode == 0
    assert read_manifest(pack).version == manifest.version  # same files, same id


def test_pack_refuses_an_invalid_pack_and_a_bad_version_id(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    shutil.copytree(bundled_content_dir(), pack)
    (pack / "screens" / "site.yaml").write_text("id: site\nlayout: nonsense\n", encoding="utf-8")
    result = main_py("pack", str(pack))
    assert result.returncode == 1 and not (pack / MANIFEST_NAME).exists()
    assert f"{pack / 'screens' / 'site.yaml'}:2:" in result.stderr and "no manifest written" in result.stderr
    bad_id = main_py("pack", str(bundled_content_dir()), "--version", "../escape")
    assert bad_id.returncode == 2 and "version id '../escape' must be" in bad_id.stderr
    assert "Traceback" not in result.stderr + bad_id.stderr


def test_verification_names_what_has_not_arrived(tmp_path: Path) -> None:
    pack = make_pack(tmp_path / "pack", "1.0")
    (pack / ".site.yaml.Xb3k9Q").write_text("rsync's temporary file: not part of the pack")
    assert verify_pack(pack).complete
    (pack / "screens" / "power.yaml").unlink()
    parties = pack / "screens" / "parties.yaml"
    parties.write_bytes(parties.read_bytes()[:100])  # half copied
    meaning = pack / "screens" / "meaning.yaml"
    meaning.write_text(meaning.read_text(encoding="utf-8").replace("a", "b"), encoding="utf-8")
    differences = verify_pack(pack).differences
    assert "screens/meaning.yaml: its SHA-256 differs from the manifest's" in differences
    assert "screens/power.yaml: missing" in differences
    assert any(line.startswith("screens/parties.yaml: 100 bytes, the manifest says") for line in differences)
    assert len(differences) == 3


def test_a_manifest_cannot_reach_outside_the_pack(tmp_path: Path) -> None:
    pack = make_pack(tmp_path / "pack", "1.0")
    data = json.loads((pack / MANIFEST_NAME).read_text())
    data["files"]["../../etc/passwd"] = {"size": 1, "sha256": "0" * 64}
    (pack / MANIFEST_NAME).write_text(json.dumps(data))
    with pytest.raises(ManifestError, match=r"'\.\./\.\./etc/passwd' is not a relative path inside the pack"):
        read_manifest(pack)
    (pack / MANIFEST_NAME).write_text('{"format": 1,\n "version": }')
    with pytest.raises(ManifestError, match=rf"^{pack / MANIFEST_NAME}:2:13: not valid JSON"):
        read_manifest(pack)


def test_take_in_copies_a_complete_valid_version_and_nothing_else(tmp_path: Path) -> None:
    source, data = tmp_path / "source", tmp_path / "data"
    make_pack(source, "1.0")
    power = source / "screens" / "power.yaml"
    original = power.read_bytes()
    power.write_bytes(original[:50])
    waiting = take_in(source, data, showing=None)
    assert (waiting.kind, waiting.version) == ("incomplete", "1.0") and not versions_dir(data).exists()

    power.write_bytes(original)
    arrival = take_in(source, data, showing=None)
    assert arrival.kind == "ready" and arrival.pack == versions_dir(data) / "1.0"
    assert arrival.exhibit is not None and arrival.exhibit.version == "1.0"
    assert verify_pack(arrival.pack).complete
    assert [path.name for path in versions_dir(data).iterdir()] == ["1.0"]  # no staging folder left
    assert take_in(source, data, showing="1.0").kind == "current"


def test_an_invalid_version_is_refused_with_the_source_s_paths(tmp_path: Path) -> None:
    source, data = tmp_path / "source", tmp_path / "data"
    make_pack(source, "2.0")
    (source / "screens" / "site.yaml").write_text("id: site\nlayout: nonsense\n", encoding="utf-8")
    write_manifest(source, build_manifest(source, "2.0-broken"))  # packed without validating
    arrival = take_in(source, data, showing="1.0")
    assert (arrival.kind, arrival.version) == ("refused", "2.0-broken")
    assert arrival.details and all(line.startswith(str(source)) for line in arrival.details), arrival.details
    assert not (versions_dir(data) / "2.0-broken").exists()
    assert [path.name for path in versions_dir(data).iterdir()] == []


def test_versions_are_kept_pruned_and_rolled_back(tmp_path: Path) -> None:
    data = tmp_path / "data"
    for number in range(1, 5):
        source = make_pack(tmp_path / f"v{number}", f"{number}.0")
        assert take_in(source, data, None).kind == "ready"
        record_applied(data, f"{number}.0", keep=3)
    state = read_state(data)
    assert state.current == "4.0" and state.history == ["2.0", "3.0", "4.0"]
    assert sorted(path.name for path in versions_dir(data).iterdir() if path.is_dir()) == ["2.0", "3.0", "4.0"]
    assert pack_to_show(Path("content"), tmp_path / "v4", data) == versions_dir(data) / "4.0"
    assert pack_to_show(Path("content"), None, data) == Path("content")  # not following: the content setting

    assert roll_back(data) == ("4.0", "3.0")
    assert read_state(data).current == "3.0" and read_state(data).held_back == ["4.0"]
    assert take_in(tmp_path / "v4", data, showing="3.0").kind == "held-back"
    assert roll_back(data) == ("3.0", "2.0")
    with pytest.raises(RollbackError, match="no earlier content version"):
        roll_back(data)
    newer = make_pack(tmp_path / "v5", "5.0")
    assert take_in(newer, data, showing="2.0").kind == "ready"  # a newer version is applied as usual


def test_the_rollback_command(tmp_path: Path) -> None:
    data = tmp_path / "data"
    config = tmp_path / "config.yaml"
    config.write_text(f"data_dir: {data}\n", encoding="utf-8")
    nothing = main_py("rollback", "--config", str(config))
    assert nothing.returncode == 1 and "main.py rollback: no earlier content version" in nothing.stderr
    for number in (1, 2):
        take_in(make_pack(tmp_path / f"v{number}", f"{number}.0"), data, None)
        record_applied(data, f"{number}.0", keep=3)
    done = main_py("rollback", "--config", str(config))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("content version 2.0 -> 1.0")
    assert read_state(data).current == "1.0"


def test_the_fleet_commands_and_models_do_not_import_qt() -> None:
    """`pack` and `rollback` run on a master or over SSH with no display; the metrics server's thread never
    touches Qt."""
    code = ("import sys\nimport kiosk.fleet.commands, kiosk.fleet.manifest, kiosk.fleet.versions, kiosk.metrics, "
            "kiosk.schedule, kiosk.lastexit, kiosk.settings\nsys.exit('PySide6' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], cwd=program_root(), capture_output=True, text=True,
                            timeout=60, check=False)
    assert result.returncode == 0, result.stderr or "PySide6 was imported"
