"""Transition frames in a real X window (Xvfb, the xcb platform): the pixels the X server holds.

A child process builds the stage in a window on the session's Xvfb display, drives a slide
frame by frame with a ManualClock and FrameDriver.pump(), and reads the window back from the X
server after each frame (`QScreen.grabWindow`: what Qt flushed, chrome drawn from pictures
included). It prints what it found as JSON; the checks are here.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import xvfb_support as xv

pytestmark = pytest.mark.xvfb

SCRIPT = r"""
import json, sys, time
import numpy as np
from PySide6.QtCore import QPoint
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

app = QApplication([])
from kiosk.app import make_context
from kiosk.clock import ManualClock
from kiosk.content.loader import load_pack
from kiosk.locations import bundled_content_dir
from kiosk.stage import Stage
from kiosk.style import load_bundled_fonts

load_bundled_fonts()
exhibit = load_pack(bundled_content_dir()).exhibit
clock = ManualClock()
stage = Stage(exhibit, make_context(exhibit, clock, None))
stage.resize(1280, 720)
stage.show()
deadline = time.monotonic() + 20
while not (stage.windowHandle() and stage.windowHandle().isExposed()) and time.monotonic() < deadline:
    app.processEvents()
    time.sleep(0.01)
for _ in range(20):
    app.processEvents()


def shown():
    image = stage.screen().grabWindow(stage.winId()).toImage().convertToFormat(QImage.Format.Format_RGB32)
    data = np.frombuffer(image.constBits(), np.uint8, image.sizeInBytes()).reshape(image.height(), -1)
    return data[:, :image.width() * 4].reshape(image.height(), image.width(), 4)[:, :, :3].astype(np.int16)


def picture(pixmap):
    image = pixmap.toImage().convertToFormat(QImage.Format.Format_RGB32)
    data = np.frombuffer(image.constBits(), np.uint8, image.sizeInBytes()).reshape(image.height(), -1)
    return data[:, :image.width() * 4].reshape(image.height(), image.width(), 4)[:, :, :3].astype(np.int16)


def chrome():
    mask = np.zeros((720, 1280), dtype=bool)  # where the chrome shown now paints
    for widget in stage._chrome_widgets():
        if widget.isVisible():
            g = widget.geometry()
            mask[g.top():g.bottom() + 1, g.left():g.right() + 1] = True
    return mask


result = {"frames": []}
stage.go_to(2)
layer = stage.layer
outgoing, incoming = picture(layer.outgoing), picture(layer.incoming)
app.processEvents()
for seconds in (1 / 60, 1 / 60, 0.05, 0.1, 1 / 60):
    clock.advance(seconds)
    stage.context.frames.pump()
    app.processEvents()
    shift = layer.step(layer.progress)
    expected = np.concatenate([outgoing[:, shift:], incoming[:, :shift]], axis=1)  # forward: both move left
    frame = shown()
    wrong = np.any(frame != expected, axis=-1) & ~chrome()
    sprites = layer.chrome.active
    layer.chrome.release()
    stage.repaint()  # the same frame with the chrome painting itself
    live = shown()
    layer.chrome.capture(stage._chrome_widgets())
    result["frames"].append({"shift": shift, "wrong": int(wrong.sum()), "sprites": sprites,
                             "chrome_difference": int(np.abs(frame - live).max())})
while stage.transitioning:
    clock.advance(1 / 60)
    stage.context.frames.pump()
result["lingering"] = layer.isVisible() and layer.lifting
app.processEvents()  # the last frame painted, then the layer makes way
result["last_frame_wrong"] = int((np.any(shown() != incoming, axis=-1) & ~chrome()).sum())
result["lifted"] = not layer.isVisible()
app.processEvents()  # the live screen's first paint
result["live_differs"] = float(np.mean(np.any(shown() != incoming, axis=-1) & ~chrome()))
print(json.dumps(result))
"""


def test_slide_frames_in_a_real_window_show_both_screens_and_the_chrome(xvfb_display: str, tmp_path) -> None:
    script = tmp_path / "slide_frames.py"
    script.write_text(SCRIPT)
    env = {**xv.program_env(xvfb_display), "PYTHONPATH": str(xv.PROJECT_ROOT)}
    run = subprocess.run([sys.executable, str(script)], cwd=xv.PROJECT_ROOT, env=env, capture_output=True,
                         text=True, timeout=120, check=False)
    assert run.returncode == 0, run.stdout + run.stderr
    result = json.loads(run.stdout.strip().splitlines()[-1])
    frames = result["frames"]
    assert [frame["wrong"] for frame in frames] == [0] * len(frames), frames
    assert all(frame["sprites"] for frame in frames), "the arrows and dots are drawn from pictures"
    assert max(frame["chrome_difference"] for frame in frames) <= 1, frames
    assert len({frame["shift"] for frame in frames}) == len(frames) and 0 < frames[0]["shift"] < frames[-1]["shift"]
    assert result["lingering"], "after the last pump the layer still covers the new screen"
    assert result["last_frame_wrong"] == 0 and result["lifted"], result
    assert result["live_differs"] < 0.01, "the live screen looks like its picture: " + repr(result)
