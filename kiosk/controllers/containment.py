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
and keeps it, so an object made before the wrapping never calls the wrapper. The modules already
imported are wrapped at once; `ContainOnImport` wraps every kiosk module imported later (a layout
is imported when its first screen is built, the chart with pyqtgraph and numpy after the first
frame) as soon as the module has run, before anyone can make one of its objects. Importing every
module up front instead cost 0.3 s before the first frame and 15 MB. Wrappers are never freed
(an object may hold on to one after `release_handler_errors`).
"""

from __future__ import annotations

import importlib.abc
import logging
import sys
from collections.abc import Callable, Iterator, Sequence
from importlib.machinery import ModuleSpec
from types import ModuleType
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
    """Wrap the Python handlers of the classes of the modules imported so far whose names start
    with `module_prefix` (or are that module); what `release_handler_errors` needs to undo it."""
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


class ContainOnImport(importlib.abc.MetaPathFinder):
    """An import hook: each module under `prefix` imported from now on has its classes' handlers
    wrapped right after it has run. It finds modules through the finders behind it (the file
    system, or a PyInstaller bundle's archive) and only wraps their loader."""

    def __init__(self, on_patched: Callable[[Patched], object], prefix: str = "kiosk.") -> None:
        self.prefix = prefix
        self.on_patched = on_patched

    def install(self) -> None:
        if self not in sys.meta_path:
            sys.meta_path.insert(0, self)

    def uninstall(self) -> None:
        if self in sys.meta_path:
            sys.meta_path.remove(self)

    def find_spec(self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None) \
            -> ModuleSpec | None:
        if not fullname.startswith(self.prefix):
            return None
        for finder in sys.meta_path:
            find = getattr(finder, "find_spec", None)
            if finder is self or find is None:
                continue
            spec = find(fullname, path, target)
            if spec is not None:
                if spec.loader is not None and hasattr(spec.loader, "exec_module"):
                    spec.loader = _ContainingLoader(spec.loader, self._module_ran)
                return spec
        return None

    def _module_ran(self, module: ModuleType) -> None:
        self.on_patched(contain_handler_errors(module.__name__))


class _ContainingLoader(importlib.abc.Loader):
    """Runs the module with its own loader, then wraps its classes' handlers."""

    def __init__(self, loader: Any, after: Callable[[ModuleType], None]) -> None:
        self._loader = loader
        self._after = after

    def create_module(self, spec: ModuleSpec) -> ModuleType | None:
        return self._loader.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        self._loader.exec_module(module)
        self._after(module)

    def __getattr__(self, name: str) -> Any:  # get_code, is_package, get_resource_reader, ...
        return getattr(self._loader, name)


def _classes(module_prefix: str) -> list[type]:
    found: list[type] = []
    pending = [*QObject.__subclasses__(), *QGraphicsItem.__subclasses__()]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        module = cls.__module__
        if (module.startswith(module_prefix) or module == module_prefix) and cls not in found:
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
