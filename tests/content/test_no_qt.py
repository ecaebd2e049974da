"""The content loader and `main.py validate` run on a machine with no display: they never import Qt.
Checked in a fresh interpreter, since the test session itself may have imported PySide6 already."""

from __future__ import annotations

import subprocess
import sys

from kiosk.locations import program_root

CHECK = """
import sys
import kiosk.content.loader
after_import = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'pyqtgraph'))
result = kiosk.content.loader.load_pack(sys.argv[1])  # also imports the chart spec for the power screen
assert result.ok, [str(p) for p in result.problems]
assert 'kiosk.charts.spec' in sys.modules
after_load = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'pyqtgraph'))
print(after_import, after_load)
"""


def test_the_loader_does_not_import_qt() -> None:
    run = subprocess.run([sys.executable, "-c", CHECK, str(program_root() / "content")], capture_output=True,
                         text=True, timeout=120, cwd=program_root())
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[] []"


def test_validate_does_not_import_qt() -> None:
    run = subprocess.run([sys.executable, "-X", "importtime", "main.py", "validate"], capture_output=True,
                         text=True, timeout=120, cwd=program_root())
    assert run.returncode == 0, run.stdout + run.stderr
    imported = [line.rsplit("|", 1)[-1].strip() for line in run.stderr.splitlines() if line.startswith("import time:")]
    assert "kiosk.content.loader" in imported
    assert not [name for name in imported if name.split(".")[0] in ("PySide6", "shiboken6")], run.stderr
