"""PySide6.QtGui with only the Qt plug-ins the exhibit uses (replaces PyInstaller's own hook).

PyInstaller's hook collects every plug-in type QtGui knows (GTK and portal themes, input
methods, evdev, EGL device integrations, every image format, ...), and each plug-in drags in
its own libraries (GTK, cairo, pango, ...). The exhibit needs a window on X11 or Wayland, an
off-screen platform for `check` and `export` over SSH, and the image formats content may use
(PNG is built into QtGui; JPEG and SVG are plug-ins). Names are matched without the `lib`
prefix and the file suffix, so the same table serves Linux (.so), Windows (.dll) and macOS (.dylib).
"""

from pathlib import Path

from PyInstaller.utils.hooks.qt import add_qt6_dependencies

# plug-in folder -> plug-ins kept; a folder missing here is left out whole
KEPT_PLUGINS = {
    "platforms": {"qxcb", "qwayland", "qoffscreen", "qwindows", "qcocoa"},
    "imageformats": {"qjpeg", "qsvg"},
    "xcbglintegrations": {"qxcb-glx-integration", "qxcb-egl-integration"},
    "wayland-shell-integration": {"xdg-shell"},
    "wayland-decoration-client": {"bradient"},
    "platforms/darwin": {"qdarwin"},
}


def plugin_kept(source: str, destination: str) -> bool:
    folder = Path(destination).as_posix().split("/plugins/", 1)[-1]
    stem = Path(source).name.split(".", 1)[0].removeprefix("lib")
    return stem in KEPT_PLUGINS.get(folder, ())


hiddenimports, binaries, datas = add_qt6_dependencies(__file__)
binaries = [(source, destination) for source, destination in binaries if plugin_kept(source, destination)]
