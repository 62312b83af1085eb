"""Run a blocking callable on a QThreadPool and deliver its result or exception on the GUI thread.

    runner = TaskRunner()
    runner.run(lambda: services.cases.enqueue(app), on_done=show_receipt, on_error=show_error)

The callbacks run on the thread that owns the runner (the GUI thread). `busy` is true while any task
is pending, and `idle` fires when the last one finishes, so tests can wait with
`qtbot.waitUntil(lambda: not runner.busy)` or `qtbot.waitSignal(runner.idle)`.
"""
from __future__ import annotations

import logging
from typing import Any, Callable

from kiosk.qt import Property, QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)

OnDone = Callable[[Any], None]
OnError = Callable[[BaseException], None]


class _Relay(QObject):
    """Lives on the GUI thread; the worker emits, the queued connection delivers here."""

    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(self, runner: "TaskRunner", on_done: OnDone | None, on_error: OnError | None) -> None:
        super().__init__()
        self._runner = runner
        self._on_done = on_done
        self._on_error = on_error
        self.succeeded.connect(self._deliver_result)
        self.failed.connect(self._deliver_error)

    @Slot(object)
    def _deliver_result(self, result: object) -> None:
        try:
            if self._on_done is not None:
                self._on_done(result)
        finally:
            self._runner._finished(self)

    @Slot(object)
    def _deliver_error(self, exc: object) -> None:
        try:
            if self._on_error is not None:
                self._on_error(exc)  # type: ignore[arg-type]
            else:
                log.error("background task failed", exc_info=exc)  # type: ignore[arg-type]
        finally:
            self._runner._finished(self)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._fn = fn
        self._relay = relay

    def run(self) -> None:  # worker thread
        try:
            result = self._fn()
        except Exception as exc:  # noqa: BLE001 - every failure goes back to the GUI thread
            self._relay.failed.emit(exc)
        else:
            self._relay.succeeded.emit(result)


class TaskRunner(QObject):
    """The one way the kiosk runs blocking work. Keeps each relay alive until it has delivered."""

    busyChanged = Signal()
    idle = Signal()

    def __init__(self, pool: QThreadPool | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = pool or QThreadPool.globalInstance()
        self._live: set[_Relay] = set()

    def run(self, fn: Callable[[], Any], on_done: OnDone | None = None,
            on_error: OnError | None = None) -> None:
        relay = _Relay(self, on_done, on_error)
        was_busy = self.busy
        self._live.add(relay)
        if not was_busy:
            self.busyChanged.emit()
        self._pool.start(_Job(fn, relay))

    def _finished(self, relay: _Relay) -> None:
        self._live.discard(relay)
        relay.deleteLater()
        if not self._live:
            self.busyChanged.emit()
            self.idle.emit()

    def _get_busy(self) -> bool:
        return bool(self._live)

    busy = Property(bool, _get_busy, notify=busyChanged)

    def wait(self, msecs: int = -1) -> bool:
        """Wait for the pool's threads (not the deliveries): for shutdown only."""
        return self._pool.waitForDone(msecs)
