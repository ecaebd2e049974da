"""Summaries of timing samples (no Qt)."""

from __future__ import annotations

import statistics


def percentile(values: list[float], fraction: float) -> float:
    """The sample at `fraction` of the sorted values (nearest rank; 0.95 for the 95th percentile)."""
    if not values:
        raise ValueError("no samples")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def summary(values: list[float]) -> dict[str, float]:
    """count, median, 95th percentile and maximum of samples in milliseconds."""
    return {"count": len(values), "median": statistics.median(values), "p95": percentile(values, 0.95),
            "max": max(values)}
