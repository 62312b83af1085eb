"""A unix-time clock a test moves by hand, for the code that takes `clock: Callable[[], float]`."""
from __future__ import annotations


class ManualClock:
    """`clock.t` is now: set it or add to it. With `step`, each reading first moves it on by `step` (a clock that
    runs by itself, one tick a call)."""

    def __init__(self, t: float = 1_000_000.0, *, step: float = 0.0) -> None:
        self.t = t
        self.step = step

    def __call__(self) -> float:
        self.t += self.step
        return self.t
