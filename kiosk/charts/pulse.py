"""The shape of a fusion pulse, as plain arithmetic (no Qt).

A pulse has three phases: the power ramps up, holds a flat top, and ramps down. Ramps
follow a smoothstep curve, s(u) = 3u² - 2u³, so the power starts and arrives without a
kink, and the energy released so far has a closed form: the integral of s from 0 to u is
u³ - u⁴/2. Power is in MW and time in seconds, so energy comes out in MJ (MW × s).
"""

from __future__ import annotations

import math
from bisect import bisect_right
from dataclasses import dataclass

MJ_PER_GJ = 1000.0


def smoothstep(u: float) -> float:
    u = min(max(u, 0.0), 1.0)
    return u * u * (3.0 - 2.0 * u)


def smoothstep_integral(u: float) -> float:
    """∫₀ᵘ s(v) dv for u in [0, 1]."""
    u = min(max(u, 0.0), 1.0)
    return u ** 3 - u ** 4 / 2.0


@dataclass(frozen=True)
class Pulse:
    """One pulse: the fusion power it makes and the heating it takes, over three phases."""

    fusion_mw: float
    heating_mw: float
    ramp_up_s: float
    flat_top_s: float
    ramp_down_s: float

    def __post_init__(self) -> None:
        for name in ("fusion_mw", "heating_mw", "ramp_up_s", "flat_top_s", "ramp_down_s"):
            value = getattr(self, name)
            if not math.isfinite(value) or value < 0:
                raise ValueError(f"{name} must be a finite number ≥ 0, not {value!r}")
        if self.duration <= 0:
            raise ValueError("a pulse must last some time")

    # --- phases ----------------------------------------------------------------------
    @property
    def duration(self) -> float:
        return self.ramp_up_s + self.flat_top_s + self.ramp_down_s

    @property
    def flat_top_start(self) -> float:
        return self.ramp_up_s

    @property
    def flat_top_end(self) -> float:
        return self.ramp_up_s + self.flat_top_s

    def phase(self, t: float) -> str:
        """'before', 'ramp_up', 'flat_top', 'ramp_down' or 'after'."""
        if t < 0:
            return "before"
        if t < self.flat_top_start:
            return "ramp_up"
        if t < self.flat_top_end or (t == self.flat_top_end and self.ramp_down_s == 0):
            return "flat_top"
        if t < self.duration:
            return "ramp_down"
        return "after"

    # --- shape -----------------------------------------------------------------------
    def level(self, t: float) -> float:
        """The pulse's shape at time t, from 0 to 1."""
        if t <= 0 or t >= self.duration:
            return 1.0 if (t == self.duration and self.ramp_down_s == 0 and t > 0) else 0.0
        if t < self.ramp_up_s:
            return smoothstep(t / self.ramp_up_s)
        if t <= self.flat_top_end:
            return 1.0
        return 1.0 - smoothstep((t - self.flat_top_end) / self.ramp_down_s)

    def power(self, t: float) -> float:
        """Fusion power (MW) at t seconds after the pulse starts."""
        return self.fusion_mw * self.level(t)

    def heating(self, t: float) -> float:
        """Heating power put in (MW) at t seconds."""
        return self.heating_mw * self.level(t)

    def shape_integral(self, t: float) -> float:
        """∫₀ᵗ level(τ) dτ in seconds, exactly."""
        if t <= 0:
            return 0.0
        t = min(t, self.duration)
        total = 0.0
        if self.ramp_up_s > 0:
            total += self.ramp_up_s * smoothstep_integral(min(t, self.ramp_up_s) / self.ramp_up_s)
        if t > self.ramp_up_s:
            total += min(t, self.flat_top_end) - self.ramp_up_s
        if t > self.flat_top_end and self.ramp_down_s > 0:
            u = (t - self.flat_top_end) / self.ramp_down_s
            total += self.ramp_down_s * (u - smoothstep_integral(u))
        return total

    def energy(self, t: float) -> float:
        """Fusion energy released from the start to t seconds (MJ), exactly."""
        return self.fusion_mw * self.shape_integral(t)

    def heating_energy(self, t: float) -> float:
        return self.heating_mw * self.shape_integral(t)

    @property
    def total_energy(self) -> float:
        """MJ over the whole pulse: P × (ramp-up/2 + flat top + ramp-down/2)."""
        return self.energy(self.duration)

    def full_power_energy(self, t: float) -> float:
        """MJ released at full power from the start to t seconds: P × the flat top so far.

        This is what the visitor's counter shows. The ramps' durations are illustrative (not in
        the fact register), so energy counted on them would put an untraceable figure on screen;
        at full power the counter ends exactly on the register's P × flat top (200 GJ, 900 GJ)."""
        return self.fusion_mw * min(max(t - self.flat_top_start, 0.0), self.flat_top_s)

    @property
    def flat_top_energy(self) -> float:
        """MJ released during the flat top alone: P × flat top."""
        return self.fusion_mw * self.flat_top_s

    @property
    def gain(self) -> float:
        return math.inf if self.heating_mw == 0 else self.fusion_mw / self.heating_mw

    # --- drawing ---------------------------------------------------------------------
    def sample_times(self, ramp_points: int = 48) -> list[float]:
        """Times to draw the curve through: dense on the ramps, the flat top's two ends."""
        times = [0.0]
        if self.ramp_up_s > 0:
            times += [self.ramp_up_s * i / ramp_points for i in range(1, ramp_points + 1)]
        if self.flat_top_s > 0:
            times.append(self.flat_top_end)
        if self.ramp_down_s > 0:
            start = self.flat_top_end
            times += [start + self.ramp_down_s * i / ramp_points for i in range(1, ramp_points + 1)]
        return times

    def sample(self, ramp_points: int = 48) -> tuple[list[float], list[float], list[float]]:
        """(times s, fusion MW, heating MW) for drawing; linear between points is faithful."""
        times = self.sample_times(ramp_points)
        levels = [self.level(t) for t in times]
        if self.ramp_down_s == 0 and len(levels) > 1:
            levels[-1] = 1.0
        return times, [self.fusion_mw * v for v in levels], [self.heating_mw * v for v in levels]


def samples_until(times: list[float], t: float) -> int:
    """How many of the sampled `times` lie strictly before t (for drawing up to a cursor)."""
    return bisect_right(times, t - 1e-12)


def playback_easing(x: float, accel: float = 0.08) -> float:
    """Time-lapse progress: eases in and out over `accel` of the run, constant speed between.

    The velocity is a trapezoid, so the cursor glides off and settles gently without the
    long slow middle of a cubic ease; f(0) = 0, f(1) = 1, monotonic and C¹.
    """
    x = min(max(x, 0.0), 1.0)
    a = min(max(accel, 1e-6), 0.5)
    peak = 1.0 / (1.0 - a)  # velocity on the straight part, so the area is 1
    if x < a:
        return peak * x * x / (2 * a)
    if x > 1 - a:
        y = 1.0 - x
        return 1.0 - peak * y * y / (2 * a)
    return peak * (x - a / 2)
