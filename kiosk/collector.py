"""Python's cyclic garbage collector, run on the GUI thread only.

Left automatic, the collector runs in whichever thread happens to allocate past its threshold: a TaskRunner
worker, the sync engine's thread, a driver's reader. A QObject that is garbage only through a reference cycle (a
view-model whose slots close over itself, a screen's model dropped with its signal connections) is then deleted
on that thread, and Qt refuses to stop its timers there ("QObject::killTimer: Timers cannot be stopped from
another thread") and leaves them registered with the GUI thread's event loop, which may still fire them at a
freed object. So the kiosk turns the automatic collector off and runs it from a timer on the GUI thread, by the
same generation thresholds (`gc.get_threshold()`) the interpreter would use:

    collector = GuiCollector()
    collector.start()   # gc.disable(); collects every `interval_ms` as far as the counts call for
    ...
    collector.stop()    # one full collection here, then gc.enable()

Plain reference counting is unchanged: an object whose last reference goes on a worker still dies there; the
GUI side keeps its QObjects (TaskRunner delivers results and callbacks on the GUI thread).
"""
from __future__ import annotations

import gc

from kiosk.qt import QObject, QTimer


class GuiCollector(QObject):
    """Collects cyclic garbage on the thread it lives on (the GUI thread), never on another one."""

    def __init__(self, interval_ms: int = 500, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.check)
        self._was_enabled = True

    @property
    def active(self) -> bool:
        return self._timer.isActive()

    def start(self) -> None:
        if self.active:
            return
        self._was_enabled = gc.isenabled()
        gc.disable()
        self._timer.start()

    def stop(self) -> None:
        """Collect what is left here, then hand collecting back to the interpreter (if it had it)."""
        if not self.active:
            return
        self._timer.stop()
        gc.collect()
        if self._was_enabled:
            gc.enable()

    def check(self) -> int:
        """Collect as the interpreter would have while the counts grew: a first-generation collection when
        its count is past the threshold, an older one when the collections that count stands for would have
        reached that generation's threshold. Returns how many unreachable objects were found."""
        (young, middle, old), (t0, t1, t2) = gc.get_count(), gc.get_threshold()
        if not t0 or young <= t0:
            return 0
        middle += young // (t0 + 1)  # the first-generation collections the interpreter would have made
        if middle <= t1:
            return gc.collect(0)
        old += middle // (t1 + 1)
        return gc.collect(2 if old > t2 else 1)
