"""Restart at an idle moment when something waits for a restart (settings from the network that take effect
only at start, sync/remote_settings.py; a build the updater switched to): the home screen has been showing,
untouched (a language or elderly mode chosen there is a resident at the kiosk), for `quiet_s` seconds with
nothing running, and the change has waited as long (its heartbeats report it pending first), so no resident is cut off. The kiosk then exits cleanly and its service manager starts it again
(deploy/hall-kiosk.service: Restart=always); the new process reads the settings file the network's change was
written to, and its next heartbeat reports the running version equal to the received one.
"""
from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from kiosk.qt import QTimer

log = logging.getLogger(__name__)
QUIET_S = 120.0  # home untouched this long before an idle restart
CHECK_S = 5.0


class IdleRestart:
    """Checks every `check_s` seconds; calls `restart(reasons)` once, when reasons wait and the kiosk is idle."""

    def __init__(self, vm: Any, reasons: Callable[[], list[str]], restart: Callable[[list[str]], None], *,
                 quiet_s: float = QUIET_S, check_s: float = CHECK_S,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.vm, self.reasons, self.restart = vm, reasons, restart
        self.quiet_s, self.clock = quiet_s, clock
        self._home_since: float | None = None
        self._waiting_since: float | None = None
        self._touches = vm.touches  # the vm's count of touches and keys, on any screen
        self.done = False
        self.timer = QTimer()
        self.timer.setInterval(int(check_s * 1000))
        self.timer.timeout.connect(self.check)

    def start(self) -> None:
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def check(self) -> bool:
        """True when it restarted now."""
        now = self.clock()
        touched, self._touches = self.vm.touches != self._touches, self.vm.touches
        if self.vm.screen != "home" or self.vm.busy:
            self._home_since = None  # someone is using the kiosk: the quiet spell starts again
            return False
        if self._home_since is None or touched:
            self._home_since = now  # a touch on the home screen too (a language, elderly mode): starts it again
        waiting = self.reasons()
        if not waiting:
            self._waiting_since = None
            return False
        if self._waiting_since is None:  # counted from the change too: its beat says "pending" first
            self._waiting_since = now
        if self.done or now - max(self._home_since, self._waiting_since) < self.quiet_s:
            return False
        self.done = True
        self.timer.stop()
        log.info("idle restart to apply: %s", ", ".join(waiting), extra={"fields": {"waiting": waiting}})
        self.restart(waiting)
        return True
