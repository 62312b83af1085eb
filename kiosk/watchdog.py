"""systemd's sd_notify over $NOTIFY_SOCKET with a plain socket, and a watchdog fed from the GUI thread.

The kiosk unit (deploy/hall-kiosk.service) is Type=notify with WatchdogSec=: systemd waits for READY=1, then
expects WATCHDOG=1 at least every WatchdogSec, else it kills and restarts the kiosk. `WatchdogFeeder` pings from
a QTimer on the GUI thread, so a hung GUI (a blocked event loop) stops the pings and gets the kiosk restarted;
a crash ends the process and Restart=always brings it back.

The kiosk runs as a child of cage, not as the unit's main process, so the unit says NotifyAccess=all and we
ignore WATCHDOG_PID (sd_watchdog_enabled() would say "not for you" to a child).

Test-only hook: with KIOSK_TEST_HOOKS=1 in the environment, SIGUSR1 makes the GUI thread sleep for good (a
hang on demand, for tests/integration/test_watchdog.py). Without that variable nothing is installed.
"""
from __future__ import annotations

import logging
import os
import signal
import socket
import time
from collections.abc import Callable, Mapping

from kiosk.qt import QObject, QTimer

log = logging.getLogger(__name__)

TEST_HOOKS_ENV = "KIOSK_TEST_HOOKS"


def notify(state: str, path: str | None = None) -> bool:
    """Send one sd_notify datagram ("READY=1", "WATCHDOG=1", "STATUS=…"); False when there is no socket.

    `path` defaults to $NOTIFY_SOCKET; a leading "@" is Linux's abstract namespace.
    """
    target = path if path is not None else os.environ.get("NOTIFY_SOCKET", "")
    if not target:
        return False
    if target[0] == "@":
        target = "\0" + target[1:]
    elif target[0] != "/":
        log.warning("NOTIFY_SOCKET %r is not a unix socket path: ignored", target)
        return False
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC) as sock:
            sock.connect(target)
            sock.sendall(state.encode("utf-8"))
        return True
    except OSError as exc:
        log.warning("sd_notify %s failed: %s", state.split("=", 1)[0], exc)
        return False


def watchdog_interval(env: Mapping[str, str] | None = None) -> float | None:
    """WatchdogSec in seconds from $WATCHDOG_USEC, or None when the service manager set no watchdog."""
    raw = (env if env is not None else os.environ).get("WATCHDOG_USEC", "")
    try:
        usec = int(raw)
    except ValueError:
        return None
    return usec / 1_000_000 if usec > 0 else None


class Notifier:
    """The messages the kiosk sends to its service manager. A no-op without $NOTIFY_SOCKET."""

    def __init__(self, path: str | None = None, send: Callable[[str, str | None], bool] = notify) -> None:
        self.path = path
        self._send = send

    @property
    def enabled(self) -> bool:
        return bool(self.path if self.path is not None else os.environ.get("NOTIFY_SOCKET"))

    def ready(self, status: str = "") -> bool:
        return self._send("READY=1" + (f"\nSTATUS={status}" if status else ""), self.path)

    def ping(self) -> bool:
        return self._send("WATCHDOG=1", self.path)

    def status(self, text: str) -> bool:
        return self._send(f"STATUS={text}", self.path)

    def stopping(self) -> bool:
        return self._send("STOPPING=1", self.path)


class WatchdogFeeder(QObject):
    """Pings WATCHDOG=1 from a QTimer on the GUI thread, every interval/3 (systemd advises at most half).

    `healthy` (optional) is asked before each ping: returning False withholds it, so the service manager
    restarts a kiosk that is alive but broken.
    """

    def __init__(self, notifier: Notifier, interval_s: float, healthy: Callable[[], bool] | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.notifier = notifier
        self.interval_s = interval_s
        self.healthy = healthy
        self.pings = 0
        self._timer = QTimer(self)
        self._timer.setInterval(max(50, int(interval_s * 1000 / 3)))
        self._timer.timeout.connect(self.feed)

    def start(self) -> None:
        self.feed()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def feed(self) -> None:
        if self.healthy is not None and not self.healthy():
            log.error("not feeding the watchdog: the kiosk reports itself unhealthy")
            return
        if self.notifier.ping():
            self.pings += 1


def install_test_hooks(env: Mapping[str, str] | None = None) -> bool:
    """TEST ONLY: with KIOSK_TEST_HOOKS=1, SIGUSR1 hangs the GUI thread (see the module docstring)."""
    if (env if env is not None else os.environ).get(TEST_HOOKS_ENV) != "1":
        return False

    def hang(_signum: int, _frame: object) -> None:
        log.warning("test hook: SIGUSR1 received, the GUI thread now hangs")
        while True:
            time.sleep(3600)

    signal.signal(signal.SIGUSR1, hang)
    log.warning("test hooks are on (%s=1): SIGUSR1 hangs the GUI thread", TEST_HOOKS_ENV)
    return True
