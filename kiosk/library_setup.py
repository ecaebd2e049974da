"""Turns off costs of the libraries that the kiosk has no use for; call before they are imported.

`skip_pyside_source_scan`:

Importing PySide6 replaces `__import__`: after every module imported from then on, PySide6's
`__feature__` support reads the module's whole source (`inspect.getsource`, which keeps it in
`linecache`) to see whether it mentions PySide6. That is how it prepares `from __feature__
import snake_case, true_property` for modules that might use it. The kiosk uses neither, and the
scan cost it 420 source files read at start-up: 17 MB that stay (the text is freed from
`linecache` only on request, and its memory stays fragmented even then) and 50 ms of CPU.

Answering "this module does not use PySide6" marks each module as one the feature switch
ignores. A module that does `from __feature__ import ...` is registered by that import before
the check runs, so it would keep its features.

`single_threaded_numpy`: numpy's OpenBLAS starts a thread per core that spins after each matrix
operation waiting for the next; pyqtgraph's few small transforms gain nothing from threads, and
the spinning cost 5 % of the CPU of the attract loop.
"""

from __future__ import annotations

import os
import sys
from types import ModuleType


def _uses_no_features(module: ModuleType) -> bool:
    return False


def skip_pyside_source_scan() -> bool:
    """Call before the program's own imports; False when this PySide6 has no such scan."""
    import PySide6  # noqa: F401  (installs the import hook and `__feature__`)

    feature = sys.modules.get("__feature__")
    if feature is None or not callable(getattr(feature, "_mod_uses_pyside", None)):
        return False
    feature._mod_uses_pyside = _uses_no_features  # type: ignore[attr-defined]
    return True


def single_threaded_numpy() -> None:
    """Before numpy is imported; a value the environment sets is kept."""
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"):
        os.environ.setdefault(name, "1")
