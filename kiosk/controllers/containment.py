"""Exceptions in the kiosk's Qt handlers are caught where Qt calls them, never held across C++.

With PySide6 6.11, when Python code calls into Qt (a widget's `render()`, `setGeometry()`, `show()`)
and Qt calls back a Python override that raises (`paintEvent`, `resizeEvent`, an `eventFilter`),
the exception is held until the outer call returns. If Qt calls another Python override meanwhile
(it paints the next widget, delivers the event to the next filter), the process crashes with a
segmentation fault, which nothing can catch. The stage renders both screens into pixmaps for every
transition, so one failing paint of one screen would end the exhibit.

`contain_handler_errors` wraps, in every class defined under the `kiosk.` package, the Python
methods Qt calls back: every `...Event` handler, `event`, `eventFilter`, `paint` of graphics items
and the size hints. The wrapper hands an exception to `sys.excepthook` (the FaultGuard) at once
and answers Qt with a harmless value, so the outer call carries on. Handlers Qt implements itself
are left alone: an event with no Python handler costs no Python call.

It must run before the kiosk's objects exist: PySide6 looks a Python override up once per object
and keeps it, so an object made before the wrapping never calls the wrapper. The kiosk's modules
are imported first (layouts are otherwise imported when a screen is first shown), and wrappers
are never freed (an object may hold on to one after `release_handler_errors`).
"""

from __future__ import annotations

import importlib
import logging
import pkgutil
import sys
from collections.abc import Callable, Iterator
from typing import Any

from PySide6.QtCore import QObject, QSize
from PySide6.QtWidgets import QGraphicsItem

log = logging.getLogger("kiosk.faults")

# What Qt is told when a handler raised (handlers not listed return None): the event counts as
# handled; a filter lets the event go on as if it had not looked; a size hint says "no preference".
FALLBACKS: dict[str, Any] = {"event": True, "eventFilter": False, "sizeHint": QSize(), "minimumSizeHint": QSize(),
                             "heightForWidth": -1, "hasHeightForWidth": False}
OTHER_HANDLERS = {"paint"}  # of graphics items
MARK = "_kiosk_contains_errors"
_ALIVE: list[Callable[..., Any]] = []  # every wrapper ever made (see the module's docstring)

Patched = list[tuple[type, str, Any, Callable[..., Any]]]  # class, name, its own attribute before, the wrapper


def contain_handler_errors(module_prefix: str = "kiosk.") -> Patched:
    """Import the kiosk's modules and wrap the Python handlers of their classes; what
    `release_handler_errors` needs to undo it (for objects made afterwards)."""
    if module_prefix == "kiosk.":
        import_kiosk_modules()
    patched: Patched = []
    for cls in _classes(module_prefix):
        for name in sorted(_handler_names(cls)):
            current = getattr(cls, name, None)
            if not _is_python(current) or getattr(current, MARK, False):
                continue  # Qt's own, or already contained (here or in a base class)
            own = cls.__dict__.get(name)
            wrapper = _contained(cls, name, own, FALLBACKS.get(name))
            setattr(cls, name, wrapper)
            patched.append((cls, name, own, wrapper))
    return patched


def release_handler_errors(patched: Patched) -> None:
    """Undo the wrapping, where nobody has replaced the wrapper since."""
    for cls, name, own, wrapper in reversed(patched):
        if cls.__dict__.get(name) is not wrapper:
            continue
        if own is None:
            delattr(cls, name)
        else:
            setattr(cls, name, own)


def import_kiosk_modules() -> None:
    """Every module of the kiosk package, so every class exists before it is wrapped."""
    import kiosk

    for module in pkgutil.walk_packages(kiosk.__path__, "kiosk."):
        if module.name in sys.modules:
            continue
        try:
            importlib.import_module(module.name)
        except Exception as exc:  # a module that cannot be imported has no handlers to wrap either
            log.debug("not imported for fault containment: %s (%s)", module.name, exc)


def _classes(module_prefix: str) -> list[type]:
    found: list[type] = []
    pending = [*QObject.__subclasses__(), *QGraphicsItem.__subclasses__()]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls.__module__.startswith(module_prefix) and cls not in found:
            found.append(cls)
    return found


def _handler_names(cls: type) -> Iterator[str]:
    """Names of the Qt callbacks `cls` or its Python bases define."""
    for klass in cls.__mro__:
        for name in vars(klass):
            if name.endswith("Event") or name in FALLBACKS or name in OTHER_HANDLERS:
                yield name


def _is_python(method: object) -> bool:
    return hasattr(method, "__code__")


def _contained(cls: type, name: str, own: Callable[..., Any] | None, fallback: Any) -> Callable[..., Any]:
    def handler(self: Any, *args: Any) -> Any:
        try:
            if own is not None:
                return own(self, *args)
            return getattr(super(cls, self), name)(*args)
        except Exception:
            sys.excepthook(*sys.exc_info())
            return fallback

    handler.__name__ = name
    handler.__qualname__ = f"{cls.__qualname__}.{name}"
    setattr(handler, MARK, True)
    _ALIVE.append(handler)
    return handler
