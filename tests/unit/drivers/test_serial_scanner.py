"""SerialScanner against the pty scanner simulator (real serial port code, no mocks)."""
from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import date

import pytest

from domain import regcode
from drivers.base import Health, NoScan, PaymentCode, ReceiptCode, Scan, Scanner, UnknownScan
from drivers.scanner import scanqueue as mod
from drivers.scanner.serial_scanner import SerialScanner
from drivers.sim.scanner import SAMPLE_ALIPAY, SAMPLE_WECHAT, ScannerSim
from tests.helpers.lifecycle import entered

BASE = "https://zwfw.example.gov.cn/track"
CODE = regcode.make("440105", 1, date(2026, 11, 26), 17)


sim = entered(ScannerSim)


@pytest.fixture
def scanner(sim: ScannerSim) -> Iterator[SerialScanner]:
    with SerialScanner(sim.device_path, track_base_url=BASE, reopen_interval=0.05) as s:
        assert s.wait_connected()
        yield s


def test_is_a_scanner(scanner: SerialScanner) -> None:
    assert isinstance(scanner, Scanner)
    assert scanner.status().health is Health.OK


def test_routes_each_scan(sim: ScannerSim, scanner: SerialScanner) -> None:
    sim.scan(SAMPLE_WECHAT)
    sim.scan(SAMPLE_ALIPAY)
    sim.scan(f"{BASE}/{CODE}")
    sim.scan("hello")
    assert scanner.next_scan(1) == PaymentCode(SAMPLE_WECHAT, "wechat")
    assert scanner.next_scan(1) == PaymentCode(SAMPLE_ALIPAY, "alipay")
    assert scanner.next_scan(1) == ReceiptCode(CODE, f"{BASE}/{CODE}")
    assert isinstance(scanner.next_scan(1), UnknownScan)


def test_a_scan_arrives_quickly(sim: ScannerSim, scanner: SerialScanner) -> None:
    started = time.monotonic()
    sim.scan(CODE)
    assert scanner.next_scan(1) == ReceiptCode(CODE, CODE)
    assert time.monotonic() - started < 0.1


def test_line_endings_and_pieces(sim: ScannerSim, scanner: SerialScanner) -> None:
    sim.send_raw(SAMPLE_WECHAT[:5].encode())
    time.sleep(0.05)
    sim.send_raw(SAMPLE_WECHAT[5:].encode() + b"\r\n")  # CR LF is one end of line, not an empty scan
    sim.send_raw(CODE.encode() + b"\n\r\r")
    assert scanner.next_scan(1).code == SAMPLE_WECHAT
    assert scanner.next_scan(1).code == CODE
    with pytest.raises(NoScan) as err:
        scanner.next_scan(0.1)
    assert err.value.message == mod.SHOW_CODE


def test_overlong_line_is_dropped(sim: ScannerSim, scanner: SerialScanner) -> None:
    sim.send_raw(b"9" * (mod.MAX_LINE + 500) + b"\r")
    sim.scan(CODE)
    assert scanner.next_scan(1) == ReceiptCode(CODE, CODE)


def test_subscribe_and_clear(sim: ScannerSim, scanner: SerialScanner) -> None:
    seen: list[Scan] = []
    got = threading.Event()

    def listener(scan: Scan) -> None:
        seen.append(scan)
        got.set()

    unsubscribe = scanner.subscribe(listener)
    sim.scan(SAMPLE_WECHAT)
    assert got.wait(1)
    unsubscribe()
    sim.scan(SAMPLE_ALIPAY)
    deadline = time.monotonic() + 1
    while scanner.scans < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert seen == [PaymentCode(SAMPLE_WECHAT, "wechat")]
    scanner.clear()  # a screen that starts waiting wants a fresh scan, not an old one
    with pytest.raises(NoScan):
        scanner.next_scan(0.05)


def test_missing_port_is_a_status_not_a_crash(tmp_path) -> None:
    with SerialScanner(str(tmp_path / "ttyACM9"), reopen_interval=0.05) as scanner:
        st = scanner.status()
        assert (st.health, st.reason) == (Health.ERROR, mod.NOT_CONNECTED)
        assert "ttyACM9" in scanner.error
        with pytest.raises(NoScan):
            scanner.next_scan(0.05)


def test_unplugged_and_plugged_back(sim: ScannerSim) -> None:
    with SerialScanner(sim.device_path, reopen_interval=0.05) as scanner:
        assert scanner.wait_connected()
        sim.close()  # the scanner is pulled out: its pty goes away
        deadline = time.monotonic() + 2
        while scanner.status().health is Health.OK and time.monotonic() < deadline:
            time.sleep(0.01)
        assert scanner.status().reason == mod.NOT_CONNECTED


def test_close_wakes_a_waiting_reader(scanner: SerialScanner) -> None:
    timer = threading.Timer(0.1, scanner.close)
    timer.start()
    started = time.monotonic()
    try:
        with pytest.raises(NoScan):
            scanner.next_scan(5)
    finally:
        timer.join()
    assert time.monotonic() - started < 2
