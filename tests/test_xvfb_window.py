"""The real program in a real X window (Xvfb): what it paints, the Right key, and the kiosk's frameless window.

These start `python main.py` as a subprocess on the session's Xvfb display (the xcb platform,
not offscreen), find its window with xdotool and read the screen with ImageMagick's `import`.
Nothing sleeps a fixed time: every wait polls with a deadline.
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest
import xvfb_support as xv

pytestmark = pytest.mark.xvfb

BACKGROUND = xv.hex_rgb("#0b1420")
ACCENT = xv.hex_rgb("#f2a93b")
SIZE = (1280, 720)


def crop(image: np.ndarray, geometry: tuple[int, int, int, int]) -> np.ndarray:
    x, y, width, height = geometry
    return image[y:y + height, x:x + width]


def changed_share(a: np.ndarray, b: np.ndarray, threshold: int = 32) -> float:
    """The share of pixels whose colour moved by more than `threshold` in some channel."""
    return float(np.mean(np.any(np.abs(a.astype(np.int16) - b.astype(np.int16)) > threshold, axis=-1)))


def painted(image: np.ndarray) -> bool:
    """Not a single flat colour: a mapped window that Qt has not painted yet is uniformly black."""
    return bool(np.any(image != image[0, 0]))


def settled_window(display: str, geometry: tuple[int, int, int, int], timeout: float = 15.0) -> np.ndarray:
    """The window's picture once it is painted and two shots 0.25 s apart hardly differ.

    Screens may animate on entry; a looping animation never settles, which is fine: at the
    deadline the last painted shot is returned, and what is compared later is whole-screen
    change, far larger than an animation's.
    """
    deadline = time.monotonic() + timeout
    shot = crop(xv.screenshot(display), geometry)
    while time.monotonic() < deadline:
        time.sleep(0.25)
        again = crop(xv.screenshot(display), geometry)
        if painted(again) and changed_share(shot, again) < 0.002:
            return again
        shot = again
    return shot


def test_windowed_program_paints_the_exhibit_and_turns_the_page(xvfb_display: str, tmp_path: Path) -> None:
    log = tmp_path / "program.log"
    program = xv.start_program(xvfb_display, "--windowed", "--size", f"{SIZE[0]}x{SIZE[1]}", log=log)
    try:
        window = xv.wait_for_window(xvfb_display, program, log)
        geometry = xv.window_geometry(xvfb_display, window)
        assert geometry[2:] == SIZE
        first = settled_window(xvfb_display, geometry)

        background = xv.share_near(first, BACKGROUND, tolerance=24)
        bright = float(np.mean(first.min(axis=-1) >= 220))  # near-white text (#f3f6fa)
        accent = xv.share_near(first, ACCENT, tolerance=40)
        report = f"background {background:.1%}, bright text {bright:.2%}, accent {accent:.2%}; see {tmp_path}"
        xv.screenshot(xvfb_display, save_to=tmp_path / "first.ppm")
        assert background > 0.5, "the theme background does not dominate: " + report
        assert bright > 0.003, "no bright text painted: " + report
        assert accent > 0.0005, "no accent colour painted: " + report

        xv.x11(xvfb_display, "xdotool", "windowfocus", "--sync", window)
        xv.x11(xvfb_display, "xdotool", "key", "Right")
        deadline = time.monotonic() + 15
        share = 0.0
        while time.monotonic() < deadline:
            now = crop(xv.screenshot(xvfb_display), geometry)
            share = changed_share(first, now)
            if share > 0.10:
                break
            time.sleep(0.1)
        xv.screenshot(xvfb_display, save_to=tmp_path / "after-right.ppm")
        assert share > 0.10, f"the Right key did not turn the page: only {share:.1%} of the window changed"
        assert program.poll() is None, "the program exited:\n" + log.read_text(errors="replace")
    finally:
        xv.stop_program(program)
    output = log.read_text(errors="replace")
    assert "Traceback" not in output, output


def test_kiosk_mode_window_is_frameless_at_the_origin(xvfb_display: str, tmp_path: Path) -> None:
    log = tmp_path / "program.log"
    program = xv.start_program(xvfb_display, "--size", f"{SIZE[0]}x{SIZE[1]}", log=log)
    try:
        window = xv.wait_for_window(xvfb_display, program, log)
        assert xv.window_geometry(xvfb_display, window) == (0, 0, *SIZE)
        assert xv.motif_decorations(xvfb_display, window) == 0, "the kiosk window asks for a frame"
        assert program.poll() is None, "the program exited:\n" + log.read_text(errors="replace")
    finally:
        xv.stop_program(program)
    output = log.read_text(errors="replace")
    assert "Traceback" not in output, output
