"""Start the real program (`kiosk.cli.main`, as `python main.py` does) with the unattended hooks on.

    python tests/fleet/launcher.py --config FILE --windowed ...

Until kiosk/app.py calls `attach_unattended` itself, this wraps `kiosk.app.build_session` so the
hooks are attached as soon as the event loop runs (just after `session.start()`), and starts
from the content version the kiosk follows (`pack_to_show`), as run_exhibit will. Once app.py
does both, this runs main.py unchanged.
"""

from __future__ import annotations

import inspect
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import kiosk.app as app  # noqa: E402
from kiosk.cli import build_parser, main  # noqa: E402
from kiosk.content.loader import LoadResult, load_pack  # noqa: E402
from kiosk.fleet.versions import pack_to_show  # noqa: E402
from kiosk.settings import load_settings  # noqa: E402


def wired_in_app() -> bool:
    return "attach_unattended" in inspect.getsource(app)


def hook(argv: list[str]) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from kiosk.unattended import attach_unattended

    settings = load_settings(build_parser().parse_args(argv))
    start_pack = pack_to_show(settings.content, settings.content_source, settings.data_dir)

    def load_start_pack(pack: Path | str) -> LoadResult:
        return load_pack(start_pack if Path(pack) == settings.content else pack)

    build_session: Callable[..., object] = app.build_session

    def build_and_attach(*args: object, **kwargs: object) -> object:
        session = build_session(*args, **kwargs)
        session_settings, clock = args[1], args[2]

        def attach() -> None:
            unattended = attach_unattended(session, session_settings, clock)  # type: ignore[arg-type]
            QApplication.instance().aboutToQuit.connect(unattended.close)

        QTimer.singleShot(0, attach)
        return session

    app.load_pack = load_start_pack  # type: ignore[assignment]
    app.build_session = build_and_attach  # type: ignore[assignment]


if __name__ == "__main__":
    arguments = sys.argv[1:]
    if not wired_in_app():
        hook(arguments)
    sys.exit(main(arguments))
