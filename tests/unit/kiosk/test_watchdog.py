"""kiosk.watchdog: sd_notify datagrams over a real unix socket, the GUI-thread feeder, the test-only hang hook."""
from __future__ import annotations

import os
import signal
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from kiosk import watchdog
from kiosk.watchdog import Notifier, WatchdogFeeder


@contextmanager
def feeding(path: str, **kw: Any) -> Iterator[WatchdogFeeder]:
    """A started feeder that pings `path`, stopped on the way out."""
    feeder = WatchdogFeeder(Notifier(path), **kw)
    feeder.start()
    try:
        yield feeder
    finally:
        feeder.stop()


class Listener:
    """The service manager's end: a unix datagram socket, like systemd's NOTIFY_SOCKET."""

    def __init__(self, address: str) -> None:
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(address)
        self.sock.settimeout(2.0)

    def receive(self) -> str:
        return self.sock.recv(4096).decode()

    def pending(self) -> list[str]:
        self.sock.setblocking(False)
        out = []
        try:
            while True:
                out.append(self.sock.recv(4096).decode())
        except BlockingIOError:
            return out
        finally:
            self.sock.settimeout(2.0)


@pytest.fixture
def listener(tmp_path: Path) -> Iterator[tuple[str, Listener]]:
    path = str(tmp_path / "notify.sock")
    lst = Listener(path)
    yield path, lst
    lst.sock.close()


def test_notify_sends_one_datagram(listener: tuple[str, Listener]) -> None:
    path, lst = listener
    assert watchdog.notify("READY=1\nSTATUS=up", path)
    assert lst.receive() == "READY=1\nSTATUS=up"


def test_notify_reads_the_environment_and_the_abstract_namespace(monkeypatch: pytest.MonkeyPatch) -> None:
    name = f"hall-kiosk-test-{os.getpid()}"
    lst = Listener("\0" + name)
    try:
        monkeypatch.setenv("NOTIFY_SOCKET", "@" + name)
        assert watchdog.notify("WATCHDOG=1")
        assert lst.receive() == "WATCHDOG=1"
    finally:
        lst.sock.close()


def test_no_socket_is_a_quiet_no(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("NOTIFY_SOCKET", raising=False)
    assert watchdog.notify("READY=1") is False
    assert Notifier().enabled is False and Notifier().ready() is False
    assert watchdog.notify("READY=1", str(tmp_path / "nobody-listens")) is False  # logged, never raised
    assert watchdog.notify("READY=1", "relative/path") is False


@pytest.mark.parametrize("raw, seconds", [("30000000", 30.0), ("1500000", 1.5), ("0", None), ("", None),
                                          ("junk", None)])
def test_watchdog_interval(raw: str, seconds: float | None) -> None:
    assert watchdog.watchdog_interval({"WATCHDOG_USEC": raw}) == seconds


def test_notifier_messages(listener: tuple[str, Listener]) -> None:
    path, lst = listener
    n = Notifier(path)
    assert n.enabled
    n.ready("v1 on home")
    n.ping()
    n.status("offline, 3 queued")
    n.stopping()
    assert [lst.receive() for _ in range(4)] == ["READY=1\nSTATUS=v1 on home", "WATCHDOG=1",
                                                 "STATUS=offline, 3 queued", "STOPPING=1"]


def test_feeder_pings_from_the_event_loop(qtbot: QtBot, listener: tuple[str, Listener]) -> None:
    path, lst = listener
    with feeding(path, interval_s=0.3) as feeder:
        qtbot.waitUntil(lambda: feeder.pings >= 4, timeout=3000)
    got = lst.pending()
    assert len(got) >= 4 and set(got) == {"WATCHDOG=1"}


def test_feeder_withholds_pings_when_unhealthy(qtbot: QtBot, listener: tuple[str, Listener]) -> None:
    path, lst = listener
    healthy = [True]
    with feeding(path, interval_s=0.15, healthy=lambda: healthy[0]) as feeder:
        qtbot.waitUntil(lambda: feeder.pings >= 2, timeout=3000)
        healthy[0] = False
        count = feeder.pings
        qtbot.wait(300)
        assert feeder.pings == count


def test_a_blocked_gui_thread_stops_the_pings(qtbot: QtBot, listener: tuple[str, Listener]) -> None:
    import time

    path, lst = listener
    with feeding(path, interval_s=0.15) as feeder:
        qtbot.waitUntil(lambda: feeder.pings >= 2, timeout=3000)
        lst.pending()
        time.sleep(0.5)  # the GUI thread is busy: no timer fires, nothing is sent
        assert lst.pending() == []


def test_hang_hook_needs_the_test_variable() -> None:
    before = signal.getsignal(signal.SIGUSR1)
    try:
        assert watchdog.install_test_hooks({}) is False
        assert signal.getsignal(signal.SIGUSR1) is before
        assert watchdog.install_test_hooks({"KIOSK_TEST_HOOKS": "1"}) is True
        assert callable(signal.getsignal(signal.SIGUSR1)) and signal.getsignal(signal.SIGUSR1) is not before
    finally:
        signal.signal(signal.SIGUSR1, before)
