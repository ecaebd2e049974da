"""kiosk/fleet/follower.py in a running session: a new version waits until nobody is using the
exhibit, an invalid one is refused and its problems reach the admin panel, and the admin panel's
rollback brings the previous version back."""

from __future__ import annotations

import shutil
from pathlib import Path

from fleet_sessions import close_session, make_pack, open_session, settings_from

from kiosk.clock import SystemClock
from kiosk.fleet.manifest import build_manifest, write_manifest
from kiosk.fleet.versions import version_of
from kiosk.unattended import attach_unattended


def showing(session) -> str | None:
    return version_of(session.exhibit.root)


def test_following_a_source_in_a_running_session(qtbot, exhibit, tmp_path: Path) -> None:
    source = make_pack(tmp_path / "source", "1.0")
    session = open_session(qtbot, exhibit, SystemClock())
    unattended = attach_unattended(session, settings_from(tmp_path, f"content_source: {source}\n"), SystemClock(),
                                   environment={})
    follower = unattended.follower
    assert follower is not None
    # Someone touched the exhibit a moment ago: the valid version is held, not swapped in under them.
    qtbot.waitUntil(lambda: follower.policy.pending is not None, timeout=10_000)
    assert showing(session) is None
    session.attract.enter()  # nobody is there any more
    follower.policy.check()
    assert showing(session) == "1.0" and follower.showing == "1.0"

    session.attract.enter()  # new content came with a new attract controller: idle again
    shutil.copytree(make_pack(tmp_path / "v2", "2.0", title="two"), source, dirs_exist_ok=True)
    qtbot.waitUntil(lambda: showing(session) == "2.0", timeout=10_000)  # nobody there: at once

    broken = tmp_path / "v3"
    shutil.copytree(source, broken)
    (broken / "screens" / "site.yaml").write_text("id: site\nlayout: nonsense\n", encoding="utf-8")
    write_manifest(broken, build_manifest(broken, "3.0"))
    shutil.copytree(broken, source, dirs_exist_ok=True)
    qtbot.waitUntil(lambda: follower.refused_version == "3.0", timeout=10_000)
    assert showing(session) == "2.0"
    assert session.last_content_problems and session.last_content_problems[0].startswith(str(source))
    assert unattended.state.content_refused == 1

    session.attract.enter()
    assert unattended.rollback() == "Content version 2.0 -> 1.0"
    qtbot.waitUntil(lambda: showing(session) == "1.0", timeout=10_000)
    assert unattended.rollback().startswith("No rollback: no earlier content version")
    unattended.close()
    close_session(session)
