"""drivers.sim.launch starts every simulator; the kiosk's device wiring (DeviceManager) uses them all."""
from __future__ import annotations

import socket
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import pytest

from domain.models import Receipt
from drivers.base import Health, PaymentCode, ReceiptCode
from drivers.manager import StatusEvent
from drivers.sim.launch import launch
from drivers.sim.pcscd import pcscd_pids
from drivers.sim.scanner import SAMPLE_WECHAT
from kiosk.config import PrinterSettings, ReaderSettings, ScannerSettings, Settings, SscardSettings
from kiosk.wiring import build_devices

ROOT = Path(__file__).resolve().parents[2]
TRACK = "http://127.0.0.1:8700/track"
CODE = "44010500126112600177"


def receipt() -> Receipt:
    return Receipt(code=CODE, service_name="居民身份证换领", applicant_masked_name="张*英",
                   applicant_masked_id="440117********0423", submitted_at=datetime(2026, 11, 26, 9, 30),
                   time_limit_days=20, department="广州市公安局从化分局", track_url=f"{TRACK}/{CODE}",
                   hall_name="鳌头镇便民服务中心", notice="工本费￥20.00")


def test_everything_through_the_device_manager(tmp_path: Path) -> None:
    pcscd_before = set(pcscd_pids())
    with launch(tmp_path / "receipts") as sims:
        if sims.card is None:
            pytest.skip(f"pcscd cannot run here: {sims.pcsc_error}")
        tables = sims.device_settings()
        settings = Settings(reader=ReaderSettings(**tables["reader"]), printer=PrinterSettings(**tables["printer"]),
                            sscard=SscardSettings(**tables["sscard"]), scanner=ScannerSettings(**tables["scanner"]),
                            network_url="http://127.0.0.1:8700").validate()
        devices = build_devices(settings)
        events: list[StatusEvent] = []
        devices.manager.subscribe(events.append)
        try:
            devices.manager.probe()
            snapshot = devices.manager.snapshot()
            assert {n: i.status.health for n, i in snapshot.items()} == \
                {"id_reader": Health.OK, "sscard": Health.OK, "printer": Health.OK, "scanner": Health.OK}
            assert sorted(e.name for e in events) == ["id_reader", "printer", "scanner", "sscard"]

            # the ID card is on the SAM reader ...
            assert devices.reader.read_person(timeout=2).source == "id_card"
            # ... or the same resident's social security card is in the slot
            sims.sam.remove()
            sims.card.insert()
            person = devices.reader.read_person(timeout=5)
            assert (person.source, person.name, person.id_number) == ("ss_card", "张秀英", sims.id_card.id_number)

            assert devices.scanner is not None
            sims.scanner.scan(SAMPLE_WECHAT)
            sims.scanner.scan(f"{TRACK}/{CODE}")
            assert devices.scanner.next_scan(2) == PaymentCode(SAMPLE_WECHAT, "wechat")
            assert devices.scanner.next_scan(2) == ReceiptCode(CODE, f"{TRACK}/{CODE}")

            devices.printer.print_receipt(receipt())
            (got,) = sims.printer.wait_for_receipts(1)
            assert got["qr"] == [f"{TRACK}/{CODE}"] and "￥20.00" in got["text"]

            sims.printer.paper_out = True  # a status change is published on the next pass
            devices.manager.probe()
            assert events[-1].name == "printer" and events[-1].new.status.health is Health.ERROR
        finally:
            devices.close()
        ports = (sims.sam.device_path, sims.scanner.device_path, sims.printer.port)
    # stopped cleanly: the printer port is closed, and a pcscd we started is gone
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", ports[2]), timeout=0.5).close()
    assert set(pcscd_pids()) == pcscd_before  # ours stopped (if we started one), anyone else's untouched


def test_command_line(tmp_path: Path) -> None:
    with subprocess.Popen([sys.executable, "-W", "error", "-m", "drivers.sim.launch", "--out", str(tmp_path),
                           "--no-pcsc"], cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                          stderr=subprocess.DEVNULL, text=True) as proc:
        assert proc.stdin is not None and proc.stdout is not None
        lines = []
        while not lines or not lines[-1].startswith("# ready"):
            lines.append(proc.stdout.readline())
            assert lines[-1], "the launcher ended early"
        text = "".join(lines)
        assert "[reader]" in text and "[printer]" in text and "[scanner]" in text and 'kind = "none"' in text
        proc.stdin.write("paper out\nnonsense\n")
        proc.stdin.close()
        assert proc.stdout.readline().strip() == "paper out"
        assert proc.stdout.readline().startswith("commands:")
        started = time.monotonic()
        assert proc.wait(timeout=10) == 0
        assert time.monotonic() - started < 10
        proc.stdout.close()
