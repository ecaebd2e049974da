"""Errors as data: every problem a content pack has, with where it is."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    path: Path
    line: int  # 1-based; 0 when the problem is about the file as a whole
    column: int  # 1-based
    message: str
    severity: str = "error"  # "error" | "warning"

    def __str__(self) -> str:
        label = "" if self.severity == "error" else "warning: "
        return f"{self.path}:{self.line}:{self.column}: {label}{self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


def has_errors(problems: list[Problem]) -> bool:
    return any(p.is_error for p in problems)
