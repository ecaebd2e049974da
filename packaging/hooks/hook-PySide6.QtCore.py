"""PySide6.QtCore without Qt's own translations (replaces PyInstaller's own hook).

Qt's .qm files translate Qt's built-in dialogs, which the exhibit never shows; its own texts
come from the content pack. That saves about 7 MB.
"""

from PyInstaller.utils.hooks.qt import add_qt6_dependencies

hiddenimports, binaries, datas = add_qt6_dependencies(__file__)
datas = [(source, destination) for source, destination in datas if "translations" not in
         destination.replace("\\", "/").split("/")]
