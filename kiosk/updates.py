"""The kiosk's side of updates through the network that needs Qt: the idle moment and the start-up self-test.

sync/updater.py does the work; this asks it every second, on the GUI thread, whether the kiosk is idle (the
home screen, nothing running, for two looks in a row: never in a resident's session) and quits the app with
RESTART_EXIT when it says the new build is in place.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from kiosk.qt import QObject, QTimer
from sync.updater import RESTART_EXIT, Updater

log = logging.getLogger(__name__)
IDLE_SCREENS = frozenset({"home"})


def startup_check(kiosk: Any) -> tuple[bool, str]:
    """The start-up self-test of a build: its window loaded and shows the first screen."""
    window = getattr(kiosk, "window", None)
    if window is None or not window.isVisible():
        return False, "the window is not shown"
    if kiosk.vm.screen not in IDLE_SCREENS | {"provision"}:
        return False, f"started on the screen {kiosk.vm.screen!r}"
    return True, ""


class UpdateHook(QObject):
    """Ticks the updater with "idle or not"; `quit(RESTART_EXIT)` when it is time to start the new build."""

    def __init__(self, updater: Updater, vm: Any, quit: Callable[[int], None], interval_ms: int = 1000,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.updater, self.vm, self.quit = updater, vm, quit
        self._quiet = 0  # looks in a row that found the kiosk idle
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.tick)

    def start(self) -> None:
        if self.updater.enabled:
            self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def idle(self) -> bool:
        return self.vm.screen in IDLE_SCREENS and not self.vm.busy

    def tick(self) -> None:
        self._quiet = self._quiet + 1 if self.idle() else 0
        if self.updater.tick(self._quiet >= 2):
            log.warning("update: restarting into the new build (the kiosk is idle)")
            self._timer.stop()
            self.quit(RESTART_EXIT)
