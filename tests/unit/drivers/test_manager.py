"""drivers.manager: discovery, re-probing, status events, missing devices and libraries, front objects."""
from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest

from domain.models import Person, Receipt
from drivers import manager as mod
from drivers.base import CardReader, DeviceStatus, DeviceUnavailable, Health, PaymentCode, ReceiptPrinter, Scanner
from drivers.manager import DeviceManager, ManagedPrinter, ManagedReader, ManagedScanner, StatusEvent
from tests.helpers.clock import ManualClock

ROOT = Path(__file__).resolve().parents[3]
PERSON = Person("张秀英", "440117195603080423")


class Device:
    """A fake device whose status the test sets."""

    def __init__(self) -> None:
        self.st = DeviceStatus.ok()
        self.closed = False
        self.error = ""

    def status(self) -> DeviceStatus:
        if isinstance(self.st, Exception):
            raise self.st
        return self.st

    def read_person(self, timeout: float = 5.0) -> Person:
        return PERSON

    def print_receipt(self, receipt: Receipt) -> None:
        self.printed = receipt

    def next_scan(self, timeout: float = 5.0) -> PaymentCode:
        return PaymentCode("134567890123456789", "wechat")

    def subscribe(self, listener: object) -> object:
        return lambda: None

    def clear(self) -> None:
        self.cleared = True

    def close(self) -> None:
        self.closed = True


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(100.0)


@pytest.fixture
def manager(clock: ManualClock) -> DeviceManager:
    return DeviceManager(interval=5, clock=clock)


def test_probe_builds_and_publishes_changes_only(manager: DeviceManager, clock: ManualClock) -> None:
    device = Device()
    builds = []
    manager.add("printer", "printer", lambda: builds.append(1) or device)
    events: list[StatusEvent] = []
    manager.subscribe(events.append)
    assert manager.info("printer").detail == "not probed yet"
    manager.probe()
    manager.probe()
    assert builds == [1] and manager.get("printer") is device
    assert [(e.name, e.old, e.new.status) for e in events] == [("printer", None, DeviceStatus.ok())]
    clock.t = 107.0
    device.st = DeviceStatus(Health.ERROR, "The printer is out of paper. Please ask the staff for help.")
    device.error = "paper sensor"
    manager.probe()
    assert len(events) == 2 and events[1].old is not None and events[1].old.ok
    info = manager.snapshot()["printer"]
    assert (info.kind, info.status.health, info.since, info.detail) == ("printer", Health.ERROR, 107.0,
                                                                        "paper sensor")
    clock.t = 112.0
    manager.probe()
    assert len(events) == 2 and manager.info("printer").checked == 112.0 and manager.info("printer").since == 107.0


def test_a_missing_library_is_a_status(manager: DeviceManager) -> None:
    def factory() -> Device:
        raise ModuleNotFoundError("No module named 'smartcard'", name="smartcard")

    manager.add("sscard", "card_reader", factory)
    manager.probe()
    info = manager.info("sscard")
    assert (info.status.health, info.status.reason) == (Health.ERROR, mod.LIBRARY_MISSING)
    assert "smartcard" in info.detail and manager.get("sscard") is None


def test_failures_never_escape(manager: DeviceManager) -> None:
    broken = Device()
    broken.st = RuntimeError("boom")
    unavailable = Device()
    unavailable.st = DeviceUnavailable("The receipt printer is not responding.", "refused")

    def bad_factory() -> Device:
        raise OSError("no such device")

    manager.add("a", "printer", lambda: broken)
    manager.add("b", "printer", lambda: unavailable)
    manager.add("c", "scanner", bad_factory)
    manager.add_device("d", "scanner", Device())
    manager.subscribe(lambda e: 1 / 0)  # a failing listener either
    manager.probe()
    snap = manager.snapshot()
    assert snap["a"].status.reason == mod.DEVICE_BROKEN and "boom" in snap["a"].detail
    assert snap["b"].status.reason == "The receipt printer is not responding." and snap["b"].detail == "refused"
    assert snap["c"].status.reason == mod.DEVICE_BROKEN and "no such device" in snap["c"].detail
    assert snap["d"].ok


def test_a_failed_build_is_tried_again(manager: DeviceManager) -> None:
    attempts: list[int] = []

    def factory() -> Device:
        attempts.append(1)
        if len(attempts) < 2:
            raise OSError("not yet")
        return Device()

    manager.add("scanner", "scanner", factory)
    manager.probe()
    assert not manager.info("scanner").ok
    manager.probe()
    assert manager.info("scanner").ok and len(attempts) == 2


def test_background_probing_with_an_injected_sleep() -> None:
    passes = threading.Semaphore(0)
    stop_after = 3
    count = [0]

    def sleep(seconds: float) -> bool:
        assert seconds == 5
        count[0] += 1
        passes.release()
        return count[0] >= stop_after  # True: stop

    device = Device()
    manager = DeviceManager(interval=5, sleep=sleep)
    manager.add_device("printer", "printer", device)
    manager.start()
    for _ in range(stop_after):
        assert passes.acquire(timeout=2)
    manager.stop()
    assert count[0] == stop_after and manager.info("printer").ok


def test_real_interval_thread_and_close() -> None:
    device = Device()
    manager = DeviceManager(interval=0.01)
    events: list[StatusEvent] = []
    got = threading.Event()
    manager.subscribe(lambda e: (events.append(e), got.set()))
    manager.add("printer", "printer", lambda: device)
    manager.start()
    assert got.wait(2)
    got.clear()
    device.st = DeviceStatus(Health.WARNING, "The printer is running out of paper.")
    assert got.wait(2)
    manager.close()
    assert device.closed and manager.get("printer") is None


def test_front_objects_follow_the_device(manager: DeviceManager) -> None:
    device = Device()
    ready = [False]

    def factory() -> Device:
        if not ready[0]:
            raise DeviceUnavailable("The ID card reader is not connected.", "/dev/ttyUSB0")
        return device

    manager.add("id_reader", "card_reader", factory)
    reader = ManagedReader(manager, "id_reader")
    assert isinstance(reader, CardReader)
    with pytest.raises(DeviceUnavailable) as err:
        reader.read_person(timeout=0.1)
    assert err.value.message == "The ID card reader is not connected." and err.value.detail == "/dev/ttyUSB0"
    assert reader.status().health is Health.ERROR
    ready[0] = True
    assert reader.read_person(timeout=0.1) == PERSON  # built on demand, no need to wait for a pass
    assert reader.status().health is Health.OK
    reader.close()
    assert not device.closed  # the manager owns it

    manager.add_device("printer", "printer", device)
    manager.add_device("scanner", "scanner", device)
    printer = ManagedPrinter(manager, "printer")
    scanner = ManagedScanner(manager, "scanner")
    assert isinstance(printer, ReceiptPrinter) and isinstance(scanner, Scanner)
    assert scanner.next_scan(0.1) == PaymentCode("134567890123456789", "wechat")
    scanner.subscribe(print)()
    scanner.clear()
    assert device.cleared
    assert ManagedPrinter(manager, "nothing").status().reason == mod.NOT_CONFIGURED


def test_without_pyscard_the_manager_reports_it() -> None:
    """pyscard missing for real (blocked in sys.modules): building the reader fails, the status says so."""
    code = (
        "import sys\n"
        "sys.modules['smartcard'] = None\n"
        "from drivers.manager import DeviceManager, LIBRARY_MISSING\n"
        "def factory():\n"
        "    from drivers.idcard.sscard import SocialSecurityCardReader\n"
        "    return SocialSecurityCardReader()\n"
        "m = DeviceManager()\n"
        "m.add('sscard', 'card_reader', factory)\n"
        "m.probe()\n"
        "info = m.info('sscard')\n"
        "assert info.status.reason == LIBRARY_MISSING, info\n"
        "print(info.detail)\n"
    )
    done = subprocess.run([sys.executable, "-W", "error", "-c", code], cwd=ROOT, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    assert "smartcard" in done.stdout
