"""The pulse model: shapes, closed-form energies and the time-lapse easing (no Qt)."""

from __future__ import annotations

import itertools
import subprocess
import sys

import pytest

from kiosk.charts.pulse import MJ_PER_GJ, Pulse, playback_easing, samples_until, smoothstep


def numeric_energy(pulse: Pulse, t: float, steps: int = 200_000) -> float:
    """Trapezoid rule, to check the closed form against."""
    dt = t / steps
    total = 0.5 * (pulse.power(0.0) + pulse.power(t))
    total += sum(pulse.power(i * dt) for i in range(1, steps))
    return total * dt


@pytest.fixture
def q10() -> Pulse:
    return Pulse(fusion_mw=500, heating_mw=50, ramp_up_s=60, flat_top_s=400, ramp_down_s=100)


@pytest.fixture
def long_pulse() -> Pulse:
    return Pulse(fusion_mw=300, heating_mw=60, ramp_up_s=90, flat_top_s=3000, ramp_down_s=150)


def test_phases_and_shape(q10: Pulse) -> None:
    assert q10.duration == 560
    assert [q10.phase(t) for t in (-1, 0, 30, 60, 300, 460, 500, 560)] == [
        "before", "ramp_up", "ramp_up", "flat_top", "flat_top", "ramp_down", "ramp_down", "after"]
    assert q10.power(0) == 0
    assert q10.power(30) == pytest.approx(250)  # smoothstep is symmetric
    assert q10.power(60) == q10.power(200) == q10.power(460) == 500
    assert q10.power(560) == 0
    assert q10.heating(200) == 50
    assert q10.gain == 10


def test_ramps_are_smooth(q10: Pulse) -> None:
    # no kink where the ramp meets the flat top: the slope there tends to zero
    eps = 1e-4
    assert (q10.power(60) - q10.power(60 - eps)) / eps == pytest.approx(0, abs=1e-2)
    assert smoothstep(0) == 0 and smoothstep(1) == 1


@pytest.mark.parametrize("t", [0, 12.5, 60, 61, 300, 459.9, 460, 500, 560, 1000])
def test_energy_closed_form_matches_the_integral(q10: Pulse, t: float) -> None:
    expected = numeric_energy(q10, min(t, q10.duration)) if t > 0 else 0.0
    assert q10.energy(t) == pytest.approx(expected, rel=1e-6, abs=1e-6)


def test_energies_match_the_register(q10: Pulse, long_pulse: Pulse) -> None:
    # 500 MW × 400 s = 200 GJ and 300 MW × 50 min = 900 GJ at flat top (seeds/facts.yaml)
    assert q10.flat_top_energy / MJ_PER_GJ == 200
    assert long_pulse.flat_top_energy / MJ_PER_GJ == 900
    # the whole pulse adds half of each ramp at full power
    assert q10.total_energy == pytest.approx(500 * (30 + 400 + 50))
    assert long_pulse.total_energy == pytest.approx(300 * (45 + 3000 + 75))
    energy_in_flat_top = q10.energy(q10.flat_top_end) - q10.energy(q10.flat_top_start)
    assert energy_in_flat_top == pytest.approx(200 * MJ_PER_GJ)


def test_sampling_is_faithful(long_pulse: Pulse) -> None:
    times, fusion, heating = long_pulse.sample()
    assert times[0] == 0 and times[-1] == long_pulse.duration
    assert times == sorted(times)
    assert len(times) < 120  # the flat top needs only its two ends
    # drawing straight lines between samples loses less than 0.5 % of the energy
    area = sum((times[i + 1] - times[i]) * (fusion[i] + fusion[i + 1]) / 2 for i in range(len(times) - 1))
    assert area == pytest.approx(long_pulse.total_energy, rel=0.005)
    assert max(heating) == 60
    assert samples_until(times, 0.0) == 0
    assert samples_until(times, long_pulse.duration) == len(times) - 1


def test_invalid_pulses_are_refused() -> None:
    with pytest.raises(ValueError):
        Pulse(500, 50, -1, 400, 100)
    with pytest.raises(ValueError):
        Pulse(500, 50, 0, 0, 0)
    with pytest.raises(ValueError):
        Pulse(float("nan"), 50, 1, 1, 1)


def test_playback_easing_glides_and_ends_exactly() -> None:
    values = [playback_easing(i / 1000) for i in range(1001)]
    assert values[0] == 0 and values[-1] == pytest.approx(1.0, abs=1e-12)
    assert all(b >= a for a, b in itertools.pairwise(values))
    # constant speed in the middle: a 50-minute pulse moves evenly, not in a long slow stretch
    assert playback_easing(0.5) == pytest.approx(0.5)
    early = playback_easing(0.3) - playback_easing(0.2)
    assert early == pytest.approx(playback_easing(0.7) - playback_easing(0.6))


def test_model_imports_no_qt() -> None:
    code = ("import sys, kiosk.charts.pulse, kiosk.charts.spec; "
            "bad = [m for m in sys.modules if m.startswith(('PySide6', 'pyqtgraph', 'shiboken'))]; "
            "assert not bad, bad")
    subprocess.run([sys.executable, "-c", code], check=True)
