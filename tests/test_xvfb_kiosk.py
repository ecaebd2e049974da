"""Kiosk behaviour of the real program under a real X server: attract mode after a short idle
time, the click that wakes it, and lockdown against quit keys and close requests.

Waits poll the program's log or the screen with a deadline; the idle time itself is real
(three seconds), because this is the one place where the whole chain from X input to the
attract controller is tested.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import xvfb_support as xv

pytestmark = pytest.mark.xvfb

SIZE = (1280, 720)


class Program:
    def __init__(self, display: str, tmp_path: Path, *args: str) -> None:
        self.display = display
        self.log = tmp_path / "program.log"
        self.process = xv.start_program(display, "--size", f"{SIZE[0]}x{SIZE[1]}", "--log-level", "debug",
                                        "--config", str(tmp_path / "config.yaml"), *args, log=self.log)
        self.window = xv.wait_for_window(display, self.process, self.log)

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def wait_for(self, condition: Callable[[str], bool], what: str, timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if condition(self.output()):
                return
            assert self.process.poll() is None, f"the program exited while waiting for {what}:\n{self.output()}"
            time.sleep(0.1)
        raise AssertionError(f"no {what} within {timeout} s:\n{self.output()}")

    def xdotool(self, *args: str) -> str:
        return xv.x11(self.display, "xdotool", *args)

    def click(self, x: int, y: int) -> None:
        location = self.xdotool("getmouselocation", "--shell")
        if f"X={x}\n" not in location or f"Y={y}\n" not in location:
            # --sync waits for the pointer to arrive: never use it for where it already is (it would hang)
            self.xdotool("mousemove", "--sync", str(x), str(y))
        self.xdotool("click", "1")

    def alive(self) -> bool:
        return self.process.poll() is None


@pytest.fixture
def program_factory(xvfb_display: str, tmp_path: Path) -> Iterator[Callable[..., Program]]:
    started: list[Program] = []

    def start(*args: str) -> Program:
        program = Program(xvfb_display, tmp_path, *args)
        started.append(program)
        return program

    yield start
    for program in started:
        xv.stop_program(program.process)
        assert "Traceback" not in program.output(), program.output()


def test_attract_mode_after_three_seconds_and_a_click_brings_home(program_factory) -> None:
    program = program_factory("--attract-after", "3", "--windowed")
    geometry = xv.window_geometry(program.display, program.window)
    x0, y0 = geometry[0], geometry[1]
    # move to the second screen, so that "home" is a visible change
    program.xdotool("windowfocus", "--sync", program.window)
    last_input = time.monotonic()
    program.xdotool("key", "Right")
    program.wait_for(lambda out: "screen power (1) shown" in out, "move to the second screen")
    program.wait_for(lambda out: "attract mode after" in out, "attract mode", timeout=15)
    waited = time.monotonic() - last_input
    assert 2.9 <= waited <= 8, f"attract mode came {waited:.1f} s after the last input, not about 3 s"
    # the click lands where the language switch's "Français" sits on the home screen
    program.click(x0 + SIZE[0] - 90, y0 + 50)
    program.wait_for(lambda out: "attract mode ended by a visitor" in out, "the end of attract mode")
    time.sleep(0.5)  # let a wrongly delivered release arrive, if there were one
    after = program.output().split("attract mode ended by a visitor")[-1]
    assert "language fr" not in after, "the click that woke the exhibit also pressed the language switch"
    program.click(x0 + SIZE[0] - 90, y0 + 50)
    program.wait_for(lambda out: "language fr" in out.split("attract mode ended by a visitor")[-1],
                     "the next click switching the language")


def test_full_screen_refuses_escape_alt_f4_and_close_requests(program_factory) -> None:
    program = program_factory()
    program.xdotool("windowfocus", "--sync", program.window)
    for keys in ("Escape", "alt+F4", "ctrl+q", "ctrl+w"):
        program.xdotool("key", keys)
    program.wait_for(lambda out: out.count("quit key refused") >= 4, "four refused quit keys")
    xv.send_close_request(program.display, program.window)
    program.wait_for(lambda out: "close request refused" in out, "the refused close request")
    time.sleep(0.5)
    assert program.alive(), "the exhibit quit:\n" + program.output()


def test_a_windowed_demo_closes_on_a_close_request(program_factory) -> None:
    program = program_factory("--windowed")
    xv.send_close_request(program.display, program.window)
    program.process.wait(timeout=20)
    assert program.process.returncode == 0


def set_pin(tmp_path: Path, pin: str) -> None:
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "main.py", "set-pin", "--config", str(tmp_path / "config.yaml")],
                          input=pin + "\n", text=True, capture_output=True, cwd=xv.PROJECT_ROOT, timeout=60)
    assert done.returncode == 0, done.stderr


def tap_corners(program: Program) -> None:
    width, height = SIZE
    for x, y in ((4, 4), (width - 4, 4), (width - 4, height - 4), (4, height - 4)):
        program.click(x, y)


def test_corner_gesture_and_the_right_pin_exit_the_locked_exhibit(program_factory, tmp_path: Path) -> None:
    set_pin(tmp_path, "2468")
    program = program_factory()
    tap_corners(program)
    program.wait_for(lambda out: "PIN pad opened" in out, "the PIN pad")
    program.xdotool("type", "--delay", "60", "2468")
    program.xdotool("key", "Return")
    program.wait_for(lambda out: "admin panel opened" in out, "the admin panel")
    program.xdotool("key", "Tab")  # the first button: Exit exhibit
    program.xdotool("key", "Return")
    program.process.wait(timeout=20)
    assert program.process.returncode == 0
    assert "admin action: exit" in program.output()


def test_three_wrong_pins_lock_the_pad(program_factory, tmp_path: Path) -> None:
    set_pin(tmp_path, "2468")
    program = program_factory()
    tap_corners(program)
    program.wait_for(lambda out: "PIN pad opened" in out, "the PIN pad")
    for _ in range(3):
        program.xdotool("type", "--delay", "60", "1111")
        program.xdotool("key", "Return")
    program.wait_for(lambda out: "PIN pad locked for 60 s" in out, "the lock-out")
    program.xdotool("type", "--delay", "60", "2468")  # the right PIN, but locked
    program.xdotool("key", "Return")
    time.sleep(1.0)
    assert "admin panel opened" not in program.output()
    assert program.alive()
