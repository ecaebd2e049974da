"""Running the real program on a private X server (Xvfb) and looking at what it painted.

Used by the `xvfb_display` fixture in conftest.py and by tests marked `@pytest.mark.xvfb`.
Needs the Debian packages xvfb, x11-utils (xdpyinfo, xwininfo, xprop), xdotool and
imagemagick (`import`); .ci/run installs them. Without them the xvfb tests are skipped on a
developer's machine and fail under CI (CI=true), so a missing install step cannot hide.
No Qt is imported here: screenshots are read as PPM with numpy.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from benchmarks.xserver import stop_process, xvfb

TOOLS = {"Xvfb": "xvfb", "xdpyinfo": "x11-utils", "xwininfo": "x11-utils", "xprop": "x11-utils",
         "xdotool": "xdotool", "import": "imagemagick"}
PROJECT_ROOT = Path(__file__).resolve().parent.parent


def missing_tools() -> list[str]:
    """The Debian packages whose programs are not on PATH."""
    return sorted({package for tool, package in TOOLS.items() if shutil.which(tool) is None})


@contextmanager
def xvfb_server(width: int = 1920, height: int = 1080, first: int = 120, timeout: float = 20.0) -> Iterator[str]:
    """`Xvfb :N` on the first free display number from `first`; yield ':N'; stop it at the end."""
    with tempfile.TemporaryDirectory(prefix="xvfb-") as folder, \
            xvfb(width, height, Path(folder) / "xvfb.log", first=first, timeout=timeout) as display:
        yield display


def program_env(display: str) -> dict[str, str]:
    """The environment for `main.py` on `display`: the xcb platform, never offscreen."""
    env = dict(os.environ)
    env.pop("QT_QPA_PLATFORM", None)
    env.update(DISPLAY=display, QT_QPA_PLATFORM="xcb", PYTHONUNBUFFERED="1",
               XDG_RUNTIME_DIR=env.get("XDG_RUNTIME_DIR", "/tmp"))
    return env


def start_program(display: str, *args: str, log: Path) -> subprocess.Popen[bytes]:
    """`python main.py ARGS` on `display`, its output to `log`."""
    with log.open("wb") as out:
        return subprocess.Popen([sys.executable, "main.py", *args], cwd=PROJECT_ROOT, env=program_env(display),
                                stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT)


def stop_program(process: subprocess.Popen[bytes]) -> None:
    stop_process(process, timeout=5)


def x11(display: str, *command: str, timeout: float = 20.0) -> str:
    """Run an X client (xdotool, xwininfo, xprop) on `display`; its stdout."""
    env = dict(os.environ, DISPLAY=display)
    result = subprocess.run(list(command), env=env, capture_output=True, text=True, timeout=timeout, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({result.returncode}): {result.stderr.strip()}")
    return result.stdout


def wait_for_window(display: str, process: subprocess.Popen[bytes], log: Path, timeout: float = 30.0) -> str:
    """The id of the first visible window of `process`, waiting up to `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            out = x11(display, "xdotool", "search", "--sync", "--onlyvisible", "--pid", str(process.pid),
                      timeout=max(1.0, deadline - time.monotonic()))
            return out.split()[0]
        except (subprocess.TimeoutExpired, RuntimeError) as exc:
            # a window that goes away while xdotool looks at it (Qt's short-lived helper windows) makes
            # the search fail with BadWindow: look again until the deadline
            if time.monotonic() >= deadline or process.poll() is not None:
                raise AssertionError(f"no visible window from main.py within {timeout:.0f} s ({exc}); exit status "
                                     f"{process.poll()}; its output:\n{log.read_text(errors='replace')}") from exc
            time.sleep(0.2)


def screenshot(display: str, save_to: Path | None = None) -> np.ndarray:
    """The whole screen as an (height, width, 3) uint8 RGB array (`import -window root`)."""
    env = dict(os.environ, DISPLAY=display)
    result = subprocess.run(["import", "-display", display, "-window", "root", "-depth", "8", "ppm:-"], env=env,
                            capture_output=True, timeout=30, check=True)
    image = parse_ppm(result.stdout)
    if save_to is not None:
        save_to.write_bytes(result.stdout)
    return image


def parse_ppm(data: bytes) -> np.ndarray:
    """A binary (P6) 8-bit PPM as an RGB array."""
    fields: list[bytes] = []
    position = 0
    while len(fields) < 4:
        while data[position:position + 1].isspace():
            position += 1
        if data[position:position + 1] == b"#":
            position = data.index(b"\n", position) + 1
            continue
        end = position
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[position:end])
        position = end
    magic, width, height, maximum = fields[0], int(fields[1]), int(fields[2]), int(fields[3])
    if magic != b"P6" or maximum != 255:
        raise ValueError(f"not an 8-bit binary PPM ({magic!r}, max {maximum})")
    pixels = np.frombuffer(data, dtype=np.uint8, count=width * height * 3, offset=position + 1)
    return pixels.reshape(height, width, 3)


def share_near(image: np.ndarray, rgb: tuple[int, int, int], tolerance: int = 24) -> float:
    """The share of pixels within `tolerance` (per channel) of the colour `rgb`."""
    difference = np.abs(image.astype(np.int16) - np.array(rgb, dtype=np.int16))
    return float(np.mean(np.all(difference <= tolerance, axis=-1)))


def hex_rgb(color: str) -> tuple[int, int, int]:
    value = color.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def window_geometry(display: str, window: str) -> tuple[int, int, int, int]:
    """x, y, width, height of `window` on the screen (xwininfo)."""
    info = x11(display, "xwininfo", "-id", window)
    fields = {}
    for line in info.splitlines():
        key, _, value = line.strip().partition(":")
        fields[key] = value.strip()
    return (int(fields["Absolute upper-left X"]), int(fields["Absolute upper-left Y"]), int(fields["Width"]),
            int(fields["Height"]))


def motif_decorations(display: str, window: str) -> int | None:
    """The decorations field of the window's _MOTIF_WM_HINTS (0: no frame), None when not set."""
    out = x11(display, "xprop", "-id", window, "_MOTIF_WM_HINTS")
    if "=" not in out:
        return None
    flags, _functions, decorations, *_ = (int(value.strip(), 16) for value in out.split("=", 1)[1].split(","))
    return decorations if flags & 0x2 else None  # MWM_HINTS_DECORATIONS


def send_close_request(display: str, window: str) -> None:
    """What a window manager's close button sends: a WM_DELETE_WINDOW client message.

    Xvfb runs no window manager, so the test plays its part, through libX11 (ctypes)."""
    import ctypes
    import ctypes.util

    class ClientMessage(ctypes.Structure):
        _fields_ = [("type", ctypes.c_int), ("serial", ctypes.c_ulong), ("send_event", ctypes.c_int),
                    ("display", ctypes.c_void_p), ("window", ctypes.c_ulong), ("message_type", ctypes.c_ulong),
                    ("format", ctypes.c_int), ("data", ctypes.c_long * 5)]

    class XEvent(ctypes.Union):
        _fields_ = [("xclient", ClientMessage), ("pad", ctypes.c_long * 24)]

    xlib = ctypes.cdll.LoadLibrary(ctypes.util.find_library("X11") or "libX11.so.6")
    xlib.XOpenDisplay.restype = ctypes.c_void_p
    xlib.XOpenDisplay.argtypes = [ctypes.c_char_p]
    xlib.XInternAtom.restype = ctypes.c_ulong
    xlib.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
    xlib.XSendEvent.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_long, ctypes.c_void_p]
    xlib.XFlush.argtypes = [ctypes.c_void_p]
    xlib.XCloseDisplay.argtypes = [ctypes.c_void_p]
    connection = xlib.XOpenDisplay(display.encode())
    if not connection:
        raise RuntimeError(f"cannot open X display {display}")
    try:
        event = XEvent()
        event.xclient.type = 33  # ClientMessage
        event.xclient.window = int(window)
        event.xclient.message_type = xlib.XInternAtom(connection, b"WM_PROTOCOLS", 0)
        event.xclient.format = 32
        event.xclient.data[0] = xlib.XInternAtom(connection, b"WM_DELETE_WINDOW", 0)
        event.xclient.data[1] = 0  # CurrentTime
        xlib.XSendEvent(connection, int(window), 0, 0, ctypes.byref(event))
        xlib.XFlush(connection)
    finally:
        xlib.XCloseDisplay(connection)
