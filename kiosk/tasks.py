"""Run a blocking callable on a QThreadPool and deliver its result or exception on the GUI thread.

    runner = TaskRunner()
    runner.run(lambda: services.cases.enqueue(app), on_done=show_receipt, on_error=show_error)

The callbacks run on the thread that owns the runner (the GUI thread): the worker emits a signal of the
runner's relay, which lives on the GUI thread, so Qt queues the delivery there. The runner keeps each
task's callbacks until they have run. `busy` is true while any task is pending and `idle` fires when the
last one is delivered, so tests wait with `qtbot.waitUntil(lambda: not runner.busy)` or
`qtbot.waitSignal(runner.idle)`.
"""
from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from typing import Any

from kiosk.qt import Property, QObject, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)

OnDone = Callable[[Any], None]
OnError = Callable[[BaseException], None]


class _Relay(QObject):
    """One per runner, on the GUI thread: workers emit, Qt queues, `_deliver` runs on the GUI thread."""

    finished = Signal(int, bool, object)  # task id, succeeded, [result or exception, the task's callable]


class _Job:
    """What a worker runs. A plain callable, not a QRunnable subclass: PySide6 6.12 keeps the Python wrapper
    of a subclassed, auto-deleted QRunnable alive now and then (about one job in thirty, referenced by the
    pool for good), which a kiosk running tasks all day would pile up; `QThreadPool.start(callable)` does not.

    The worker lets go of nothing it was given or made: the callable (and what it closes over) and its result
    or exception (and the frames a traceback holds) go back in one box that the GUI thread empties. A QObject
    whose last reference was in there is then deleted on the GUI thread, not on the worker, where Qt cannot
    stop its timers ("Timers cannot be stopped from another thread")."""

    def __init__(self, task_id: int, fn: Callable[[], Any], relay: _Relay) -> None:
        self._id, self._fn, self._relay = task_id, fn, relay

    def __call__(self) -> None:  # worker thread
        fn, self._fn = self._fn, None  # it never runs twice
        try:
            result, ok = fn(), True
        except Exception as exc:  # noqa: BLE001 - every failure goes back to the GUI thread
            result, ok = exc, False
        box = [result, fn]
        del result, fn
        try:
            self._relay.finished.emit(self._id, ok, box)
        except RuntimeError:  # the runner was deleted meanwhile: nobody is waiting
            log.debug("task %s finished after its runner was deleted", self._id)


class TaskRunner(QObject):
    """The one way the kiosk runs blocking work."""

    busyChanged = Signal()
    idle = Signal()

    def __init__(self, pool: QThreadPool | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = pool or QThreadPool.globalInstance()
        self._relay = _Relay(self)
        self._relay.finished.connect(self._deliver)
        self._pending: dict[int, tuple[OnDone | None, OnError | None]] = {}
        self._ids = itertools.count(1)

    def run(self, fn: Callable[[], Any], on_done: OnDone | None = None,
            on_error: OnError | None = None) -> None:
        task_id = next(self._ids)
        was_busy = self.busy
        self._pending[task_id] = (on_done, on_error)
        if not was_busy:
            self.busyChanged.emit()
        self._pool.start(_Job(task_id, fn, self._relay))

    @Slot(int, bool, object)
    def _deliver(self, task_id: int, ok: bool, box: list[Any]) -> None:
        payload, _fn = box
        box.clear()  # from here this thread holds the only references: they go when this returns
        on_done, on_error = self._pending.get(task_id, (None, None))
        try:
            if ok:
                if on_done is not None:
                    on_done(payload)
            elif on_error is not None:
                on_error(payload)  # type: ignore[arg-type]  # when not ok, the payload is the exception
            else:
                log.error("background task failed", exc_info=payload)  # type: ignore[arg-type]  # the exception
        finally:
            self._pending.pop(task_id, None)
            if not self._pending:
                self.busyChanged.emit()
                self.idle.emit()

    def _get_busy(self) -> bool:
        return bool(self._pending)

    busy = Property(bool, _get_busy, notify=busyChanged)

    def wait(self, msecs: int = -1) -> bool:
        """Wait for the pool's threads (not the deliveries): for shutdown only."""
        return self._pool.waitForDone(msecs)
