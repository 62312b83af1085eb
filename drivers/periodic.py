"""A pass that a driver runs now and then on its own daemon thread (the device manager's probes, the PC/SC
watchdog): a pass that raises is logged and the loop goes on, since a watchdog must never die; start() makes
the thread once, stop() ends and joins it."""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable

log = logging.getLogger(__name__)


class Periodic:
    """`each()` every `interval()` seconds until stop(); first at once, or after one interval (`wait_first`).
    `sleep(seconds)` returns True when the loop should end (default: waits on `stopping`)."""

    def __init__(self, each: Callable[[], None], interval: Callable[[], float], *, name: str, what: str,
                 wait_first: bool = False, join_timeout: float = 5.0,
                 sleep: Callable[[float], bool] | None = None) -> None:
        self.stopping = threading.Event()
        self._each, self._interval, self._name, self._what = each, interval, name, what
        self._wait_first, self._join_timeout = wait_first, join_timeout
        self._sleep = sleep if sleep is not None else self.stopping.wait
        self._thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        return self._thread is not None

    def start(self) -> None:
        if self._thread is None:
            self.stopping.clear()
            self._thread = threading.Thread(target=self._run, name=self._name, daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self.stopping.set()
        if self._thread is not None:
            self._thread.join(self._join_timeout)
            self._thread = None

    def _run(self) -> None:
        if self._wait_first and self._sleep(self._interval()):
            return
        while not self.stopping.is_set():
            try:
                self._each()
            except Exception:  # the loop never dies: the pass is tried again next time
                log.exception("%s failed", self._what)
            if self._sleep(self._interval()):
                return
