"""PySide6.QtWidgets without widget-style plug-ins (replaces PyInstaller's own hook).

The exhibit paints its own look; Qt's built-in Fusion style covers the rest, so the
`styles` plug-ins (the native Windows style, for one) are left out.
"""

from PyInstaller.utils.hooks.qt import add_qt6_dependencies

hiddenimports, binaries, datas = add_qt6_dependencies(__file__)
binaries = [(source, destination) for source, destination in binaries if "/plugins/styles" not in
            destination.replace("\\", "/")]
