"""Idle guard: after a quiet spell a warning with a countdown, then the session ends (WCAG 2.2.1)."""
from __future__ import annotations

from collections.abc import Callable

from kiosk.qt import QObject, QTimer, Signal


class IdleGuard(QObject):
    """`restart()` on every touch; `warning` turns on `warning_s` before `on_timeout` runs.

    The warning gives the resident at least `warning_s` seconds to answer, and answering ("继续") restarts the
    whole period, as often as they like. `scale` stretches both for elderly mode.
    """

    changed = Signal()

    def __init__(self, timeout_s: float, warning_s: float, on_timeout: Callable[[], None],
                 on_warning: Callable[[], None] = lambda: None, parent: QObject | None = None,
                 wanted: Callable[[], bool] = lambda: True) -> None:
        """wanted: whether a session is on now (touch() runs the countdown only then)."""
        super().__init__(parent)
        self._wanted = wanted
        self._timeout_s, self._warning_s = timeout_s, warning_s
        self._on_timeout = on_timeout
        self._on_warning = on_warning
        self._warning = False
        self._home = self._single(self._expire)
        self._warn = self._single(self._start_warning)
        self._tick = QTimer(self)
        self._tick.setInterval(250)
        self._tick.timeout.connect(self.changed)
        self.set_scale(1.0)

    def _single(self, slot: Callable[[], None]) -> QTimer:
        t = QTimer(self)
        t.setSingleShot(True)
        t.timeout.connect(slot)
        return t

    def set_scale(self, scale: float) -> None:
        timeout_ms = max(1, int(self._timeout_s * scale * 1000))
        warning_ms = min(timeout_ms - 1, max(0, int(self._warning_s * scale * 1000)))
        self._home.setInterval(timeout_ms)
        self._warn.setInterval(timeout_ms - warning_ms)
        if self._home.isActive():
            self.restart()

    @property
    def warning(self) -> bool:
        return self._warning

    @property
    def seconds_left(self) -> int:
        return (max(0, self._home.remainingTime()) + 999) // 1000

    @property
    def running(self) -> bool:
        return self._home.isActive()

    def restart(self) -> None:
        self._tick.stop()
        self._warn.start()
        self._home.start()
        self._warning = False
        self.changed.emit()

    def touch(self) -> None:
        """A touch, or a change of what is on: the whole period again while a session is on, else no countdown."""
        if self._wanted():
            self.restart()
        else:
            self.stop()

    def stop(self) -> None:
        self._warn.stop()
        self._home.stop()
        self._tick.stop()
        if self._warning:
            self._warning = False
            self.changed.emit()

    def _start_warning(self) -> None:
        self._warning = True
        self._tick.start()
        self.changed.emit()
        self._on_warning()

    def _expire(self) -> None:
        self.stop()
        self._on_timeout()
