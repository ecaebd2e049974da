"""The performance benchmark: the real exhibit against a bare PySide6 + pyqtgraph window, measured
in the same run on a private X server, with the budgets of issue 10.

    make bench                  # or: .venv/bin/python benchmarks/run.py
    make bench ARGS=--quick     # one run of everything, a few seconds each; budgets not enforced

It prints a table and, as its last line, one JSON object with every figure and a `budgets`
object {name: {value, limit, ok}}. Exit status: 0 when every budget is met (always in --quick
mode), 1 when one is missed, 2 when the benchmark itself could not run. docs/performance.md
explains each measurement. Needs Xvfb and xdpyinfo (Debian: xvfb x11-utils).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.processes import (
    PROJECT_ROOT,
    HarnessError,
    bare_command,
    cpu_percent,
    exhibit_command,
    memory_bytes,
    program_environment,
    pss_bytes,
    running,
)
from benchmarks.xserver import missing_tools, tail, xvfb

MB = 1_000_000
STATIC_ATTRACT_AFTER = 10**6  # seconds: attract mode never starts during the measurement


@dataclass(frozen=True)
class Plan:
    """How long and how often each figure is measured."""

    first_frame_runs: int
    warm_up: bool  # one unrecorded start of each program first (fills the file cache for both alike)
    settle_seconds: float  # after the first frame, before memory and CPU are read
    cpu_seconds: float
    loop_clock_seconds: float  # attract loop lived through for the memory figure
    clock_speed: float
    transition_rounds: int
    chart_frames: int
    taps: int


FULL = Plan(first_frame_runs=5, warm_up=True, settle_seconds=3.0, cpu_seconds=60.0, loop_clock_seconds=600.0,
            clock_speed=20.0, transition_rounds=3, chart_frames=720, taps=12)
QUICK = Plan(first_frame_runs=1, warm_up=False, settle_seconds=1.0, cpu_seconds=3.0, loop_clock_seconds=80.0,
             clock_speed=20.0, transition_rounds=1, chart_frames=60, taps=3)

# name: (limit, how the value is read from the figures)
BUDGETS: dict[str, tuple[float, Callable[[dict], float]]] = {
    "first_frame_s": (1.0, lambda f: f["first_frame"]["exhibit_s"]),
    "first_frame_ratio": (1.5, lambda f: f["first_frame"]["ratio"]),
    "pss_mb": (150.0, lambda f: max(f["memory"]["startup_mb"], f["memory"]["after_loop_mb"])),
    "pss_growth_mb": (2.0, lambda f: f["memory"]["growth_mb"]),
    "transition_p95_1920x1080_ms": (8.0, lambda f: f["transition_frames"]["1920x1080"]["p95"]),
    "transition_p95_3840x2160_ms": (16.0, lambda f: f["transition_frames"]["3840x2160"]["p95"]),
    "chart_median_ms": (4.0, lambda f: f["chart_frames"]["median"]),
    "chart_p95_ms": (8.0, lambda f: f["chart_frames"]["p95"]),
    "tap_latency_ms": (50.0, lambda f: f["input_latency"]["moved"]["max"]),
    "attract_cpu_percent": (10.0, lambda f: f["cpu"]["attract_percent"]),
    "static_cpu_percent": (1.0, lambda f: f["cpu"]["static_percent"]),
}


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)  # progress; stdout holds only the table and the JSON


# --- the programs, as subprocesses on the 1920x1080 display ----------------------------------------
def first_frames(display: str, workdir: Path, plan: Plan) -> dict[str, object]:
    programs = {"exhibit": exhibit_command("--attract-after", str(STATIC_ATTRACT_AFTER)), "bare": bare_command()}
    times: dict[str, list[float]] = {name: [] for name in programs}
    rounds = plan.first_frame_runs + (1 if plan.warm_up else 0)
    homes = {name: workdir / f"{name}-home" for name in programs}  # a kiosk boots with last boot's data
    for round_number in range(rounds):
        for name, command in programs.items():  # alternating, so a busy moment hits both
            with running(name, command, display, workdir, home=homes[name]) as program:
                seconds = program.first_frame_seconds
            if plan.warm_up and round_number == 0:
                continue
            times[name].append(seconds)
            say(f"  first frame {name}: {seconds:.3f} s")
    exhibit, bare = statistics.median(times["exhibit"]), statistics.median(times["bare"])
    return {"exhibit_s": exhibit, "bare_s": bare, "ratio": exhibit / bare, "runs": plan.first_frame_runs,
            "exhibit_runs_s": times["exhibit"], "bare_runs_s": times["bare"]}


def settled(seconds: float) -> None:
    time.sleep(seconds)


def static_and_bare(display: str, workdir: Path, plan: Plan) -> dict[str, float]:
    """PSS after start-up and CPU on a still screen (attract never starts), then the same for the
    bare window, which animates all the time."""
    figures: dict[str, float] = {}
    with running("exhibit", exhibit_command("--attract-after", str(STATIC_ATTRACT_AFTER)), display,
                 workdir) as exhibit:
        settled(plan.settle_seconds)
        figures["startup_mb"] = pss_bytes(exhibit.pid) / MB
        say(f"  exhibit PSS after start-up {figures['startup_mb']:.1f} MB; CPU on a still screen "
            f"for {plan.cpu_seconds:.0f} s …")
        figures["static_percent"] = cpu_percent(exhibit, plan.cpu_seconds)
    with running("bare", bare_command(), display, workdir) as bare:
        settled(plan.settle_seconds)
        figures["bare_mb"] = pss_bytes(bare.pid) / MB
        say(f"  bare window PSS {figures['bare_mb']:.1f} MB; its CPU for {plan.cpu_seconds:.0f} s …")
        figures["bare_percent"] = cpu_percent(bare, plan.cpu_seconds)
    return figures


def attract_cpu(display: str, workdir: Path, plan: Plan) -> float:
    with running("exhibit", exhibit_command("--attract-after", "1"), display, workdir) as exhibit:
        settled(max(plan.settle_seconds, 2.0))  # attract mode has begun
        say(f"  exhibit CPU in the attract loop for {plan.cpu_seconds:.0f} s …")
        return cpu_percent(exhibit, plan.cpu_seconds)


def memory_soak(display: str, workdir: Path, plan: Plan) -> dict[str, float]:
    """PSS once started, after the first quarter of the attract loop and after `loop_clock_seconds`
    of loop, on a faster clock. Attract starts a few real seconds in, after the start-up figure
    is read. The growth judged is from start-up to the end; from the first quarter to the end is
    what a leak would add (the first rounds build the screens they show, and Qt's caches fill)."""
    speed = plan.clock_speed
    attract_after = round((plan.settle_seconds + 3.0) * speed)  # clock seconds
    warm_up = plan.loop_clock_seconds / 4
    command = exhibit_command("--attract-after", str(attract_after), "--clock-speed", f"{speed:g}")
    with running("exhibit", command, display, workdir) as exhibit:
        settled(plan.settle_seconds)
        startup = memory_bytes(exhibit.pid)
        loop_starts = exhibit.started + attract_after / speed
        say(f"  exhibit PSS {startup['pss'] / MB:.1f} MB at start-up; attract loop for "
            f"{plan.loop_clock_seconds / 60:.1f} min at {speed:g}× "
            f"({loop_starts + plan.loop_clock_seconds / speed - time.monotonic():.0f} s) …")
        time.sleep(max(0.0, loop_starts + warm_up / speed - time.monotonic()))
        after_warm_up = memory_bytes(exhibit.pid)
        time.sleep(max(0.0, loop_starts + plan.loop_clock_seconds / speed - time.monotonic()))
        after = memory_bytes(exhibit.pid)
    return {"soak_startup_mb": startup["pss"] / MB, "after_warm_up_mb": after_warm_up["pss"] / MB,
            "after_loop_mb": after["pss"] / MB, "growth_mb": (after["pss"] - startup["pss"]) / MB,
            "growth_after_warm_up_mb": (after["pss"] - after_warm_up["pss"]) / MB,
            "uss_startup_mb": startup["uss"] / MB, "uss_after_loop_mb": after["uss"] / MB,
            "uss_growth_mb": (after["uss"] - startup["uss"]) / MB,
            "uss_growth_after_warm_up_mb": (after["uss"] - after_warm_up["uss"]) / MB,
            "loop_minutes": plan.loop_clock_seconds / 60, "clock_speed": speed}


# --- in-process timings, as subprocesses on the 3840x2160 display ----------------------------------
def in_process(script: str, args: list[str], display: str, workdir: Path) -> dict:
    """Run benchmarks/SCRIPT with ARGS on `display`; its last output line, parsed as JSON."""
    home = Path(tempfile.mkdtemp(prefix="inprocess-", dir=workdir))
    env = program_environment(display, str(home / "unused-notify.sock"), home)
    del env["NOTIFY_SOCKET"]
    command = [sys.executable, str(PROJECT_ROOT / "benchmarks" / script), *args]
    result = subprocess.run(command, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=900,
                            check=False)
    lines = result.stdout.strip().splitlines()
    try:
        return json.loads(lines[-1])
    except (IndexError, json.JSONDecodeError) as error:
        raise HarnessError(f"{script} {' '.join(args)} gave no JSON (exit status {result.returncode}):\n"
                           f"{result.stdout[-2000:]}{result.stderr[-3000:]}") from error


def frame_timings(display: str, workdir: Path, plan: Plan) -> dict[str, object]:
    transitions = {}
    for size in ("1920x1080", "3840x2160"):
        say(f"  transition frames at {size} …")
        transitions[size] = in_process("stage_frames.py", ["transitions", "--size", size, "--rounds",
                                                           str(plan.transition_rounds)], display, workdir)
    say("  chart frames …")
    chart = in_process("stage_frames.py", ["chart", "--frames", str(plan.chart_frames)], display, workdir)
    say("  tap latency …")
    latency = in_process("stage_frames.py", ["latency", "--taps", str(plan.taps)], display, workdir)
    return {"transition_frames": transitions, "chart_frames": chart, "input_latency": latency}


# --- the whole run -------------------------------------------------------------------------------
def check_prerequisites() -> None:
    missing = missing_tools()
    if missing:
        raise HarnessError(f"the benchmark needs {' and '.join(missing)} (Debian: apt-get install xvfb x11-utils)")
    help_text = subprocess.run(exhibit_command("--help"), cwd=PROJECT_ROOT, capture_output=True, text=True,
                               timeout=60, check=False)
    if "--attract-after" not in help_text.stdout:
        raise HarnessError("main.py has no --attract-after option, which the attract-loop figures need:\n"
                           + (help_text.stdout + help_text.stderr)[-2000:])


@contextmanager
def displays(workdir: Path) -> Iterator[tuple[str, str]]:
    """A 1920x1080 screen for the programs and a 3840x2160 one for the in-process timings."""
    with ExitStack() as stack:
        hd = stack.enter_context(xvfb(1920, 1080, workdir / "xvfb-hd.log"))
        uhd = stack.enter_context(xvfb(3840, 2160, workdir / "xvfb-uhd.log", first=int(hd[1:]) + 1))
        try:
            yield hd, uhd
        except HarnessError as error:
            raise HarnessError(f"{error}\nXvfb {hd}: {tail(workdir / 'xvfb-hd.log')}\n"
                               f"Xvfb {uhd}: {tail(workdir / 'xvfb-uhd.log')}") from error


def measure(plan: Plan) -> dict[str, object]:
    check_prerequisites()
    with tempfile.TemporaryDirectory(prefix="kiosk-bench-") as folder, displays(Path(folder)) as (hd, uhd):
        workdir = Path(folder)
        say(f"displays {hd} (1920x1080) and {uhd} (3840x2160)")
        say("first frame, cold (a new process each run) …")
        first = first_frames(hd, workdir, plan)
        say("memory and CPU …")
        still = static_and_bare(hd, workdir, plan)
        attract = attract_cpu(hd, workdir, plan)
        soak = memory_soak(hd, workdir, plan)
        say("frame timings in-process …")
        frames = frame_timings(uhd, workdir, plan)
    return {
        "quick": plan is QUICK,
        "first_frame": first,
        "memory": {"startup_mb": still["startup_mb"], "bare_mb": still["bare_mb"], **soak},
        **frames,
        "cpu": {"attract_percent": attract, "static_percent": still["static_percent"],
                "bare_percent": still["bare_percent"], "seconds": plan.cpu_seconds},
    }


def judge(figures: dict) -> dict[str, dict[str, object]]:
    budgets = {}
    for name, (limit, read) in BUDGETS.items():
        value = float(read(figures))
        budgets[name] = {"value": round(value, 4), "limit": limit, "ok": math.isfinite(value) and value <= limit}
    return budgets


def table(figures: dict, budgets: dict) -> str:
    first, memory, cpu = figures["first_frame"], figures["memory"], figures["cpu"]
    latency = figures["input_latency"]

    def verdict(name: str) -> str:
        budget = budgets[name]
        return f"{'ok' if budget['ok'] else 'MISSED'} (≤ {budget['limit']:g})"

    rows = [
        (f"first frame, exhibit (median of {first['runs']})", f"{first['exhibit_s']:.3f} s",
         verdict("first_frame_s")),
        ("first frame, bare window", f"{first['bare_s']:.3f} s", ""),
        ("first frame, exhibit / bare", f"{first['ratio']:.2f}", verdict("first_frame_ratio")),
        ("PSS after start-up, exhibit", f"{memory['startup_mb']:.1f} MB", verdict("pss_mb")),
        ("PSS after start-up, bare window", f"{memory['bare_mb']:.1f} MB", ""),
        (f"PSS after {memory['loop_minutes']:.0f} min of attract loop", f"{memory['after_loop_mb']:.1f} MB", ""),
        ("PSS growth, start-up to end of loop", f"{memory['growth_mb']:+.2f} MB", verdict("pss_growth_mb")),
        ("PSS growth, last three quarters of the loop", f"{memory['growth_after_warm_up_mb']:+.2f} MB", ""),
        ("USS (private) growth: whole loop / last three quarters",
         f"{memory['uss_growth_mb']:+.2f} / {memory['uss_growth_after_warm_up_mb']:+.2f} MB", ""),
    ]
    for size, frames in figures["transition_frames"].items():
        rows.append((f"transition frame {size} median / p95 / max",
                     f"{frames['median']:.2f} / {frames['p95']:.2f} / {frames['max']:.2f} ms",
                     verdict(f"transition_p95_{size}_ms")))
    chart = figures["chart_frames"]
    rows += [
        ("chart frame median / p95 / max", f"{chart['median']:.2f} / {chart['p95']:.2f} / {chart['max']:.2f} ms",
         verdict("chart_median_ms") + ", " + verdict("chart_p95_ms")),
        ("tap → first layer frame, median", f"{latency['first_paint']['median']:.1f} ms", ""),
        (f"tap → slide moving, median / max of {latency['taps']}",
         f"{latency['moved']['median']:.1f} / {latency['moved']['max']:.1f} ms", verdict("tap_latency_ms")),
        (f"CPU, attract loop ({cpu['seconds']:.0f} s)", f"{cpu['attract_percent']:.1f} %",
         verdict("attract_cpu_percent")),
        (f"CPU, still screen ({cpu['seconds']:.0f} s)", f"{cpu['static_percent']:.2f} %",
         verdict("static_cpu_percent")),
        (f"CPU, bare window ({cpu['seconds']:.0f} s)", f"{cpu['bare_percent']:.1f} %", ""),
    ]
    width = max(len(row[0]) for row in rows)
    value_width = max(len(row[1]) for row in rows)
    return "\n".join(f"{name:<{width}}  {value:>{value_width}}  {note}".rstrip() for name, value, note in rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true",
                        help="one run of each measure, a few seconds each: checks the benchmark works")
    args = parser.parse_args(argv)
    plan = QUICK if args.quick else FULL
    started = time.monotonic()
    try:
        figures = measure(plan)
    except HarnessError as error:
        print(f"benchmark failed: {error}", file=sys.stderr)
        return 2
    budgets = judge(figures)
    figures["budgets"] = budgets
    figures["seconds"] = round(time.monotonic() - started, 1)
    figures["load_average"] = [round(value, 2) for value in os.getloadavg()]  # the machine is shared: context
    print(table(figures, budgets))
    missed = [name for name, budget in budgets.items() if not budget["ok"]]
    if missed:
        print(("budgets not enforced in --quick mode; missed: " if args.quick else "MISSED: ") + ", ".join(missed))
    else:
        print("every budget met")
    print(json.dumps(figures))
    return 0 if args.quick or not missed else 1


if __name__ == "__main__":
    sys.exit(main())
