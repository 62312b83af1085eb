"""Receipt printing: composed and sent to the ESC/POS emulator (goal: p95 <= 150 ms), against raw bytes.

value     EscposReceiptPrinter.print_receipt: layout from the template, GB18030 encoding, the QR, the job's
          ESC/POS bytes, TCP connect, DLE EOT status before the job, the job, and DLE EOT after it (the
          emulator answers that once it has parsed and rendered the receipt, so its work is inside).
baseline  the same job bytes, already made, sent over a fresh TCP connection to the same emulator, then
          one DLE EOT round trip: the printer's own share of the time, without the driver.
The ratio is the driver's cost over the bare bytes; `goal` is the budget for the value.
"""
from __future__ import annotations

import socket
import statistics
import tempfile
import time
from datetime import datetime

from domain.models import Receipt
from drivers.printer import layout
from drivers.printer.escpos_printer import EscposReceiptPrinter, job_bytes
from drivers.sim.escpos_emulator import EscposEmulator

GOAL_MS = 150.0
CODE = "44010500126112600177"


def sample_receipt() -> Receipt:
    return Receipt(
        code=CODE, service_name="城乡居民基本医疗保险参保登记", applicant_masked_name="张*英",
        applicant_masked_id="440117********0423", submitted_at=datetime(2026, 11, 26, 9, 30), time_limit_days=5,
        department="从化区医疗保障局（王堃、李䶮 经办）", track_url=f"https://zwfw.example.gov.cn/track/{CODE}",
        hall_name="鳌头镇便民服务中心", notice="如需缴纳工本费￥20.00，请到3号窗口。")


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[18] if len(samples) >= 2 else samples[0]


def _raw(port: int, data: bytes) -> float:
    t0 = time.perf_counter()
    with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
        s.sendall(data + b"\x10\x04\x01")
        if not s.recv(1):
            raise RuntimeError("the emulator did not answer")
    return time.perf_counter() - t0


def _measure(qr_mode: str, n: int) -> dict[str, object]:
    receipt = sample_receipt()
    with tempfile.TemporaryDirectory() as tmp, EscposEmulator(tmp) as emu:
        printer = EscposReceiptPrinter("127.0.0.1", emu.port, timeout=5, status_timeout=5, qr_mode=qr_mode,
                                       clock=lambda: datetime(2026, 11, 26, 9, 31))
        data = job_bytes(layout.build(receipt, datetime(2026, 11, 26, 9, 31)), qr_mode)
        printer.print_receipt(receipt)  # warm-up: fonts, glyph cache, imports
        _raw(emu.port, data)
        driver, raw = [], []
        for _ in range(n):  # interleaved, so both see the same machine
            t0 = time.perf_counter()
            printer.print_receipt(receipt)
            driver.append(time.perf_counter() - t0)
            raw.append(_raw(emu.port, data))
        printer.close()
        emu.wait_for_receipts(2 * n + 2, timeout=30)
    value, base = p95(driver) * 1000, p95(raw) * 1000
    return {"value": round(value, 2), "unit": "ms", "baseline": round(base, 2),
            "baseline_name": f"the same {len(data)} job bytes sent raw over TCP + one DLE EOT",
            "ratio": round(value / base, 2), "n": n, "goal": GOAL_MS, "within_goal": value <= GOAL_MS}


def run(quick: bool = False) -> dict[str, dict[str, object]]:
    n = 10 if quick else 40
    return {
        "printer_receipt_p95": _measure("native", n),
        "printer_receipt_raster_qr_p95": _measure("raster", n),
    }


if __name__ == "__main__":
    for name, result in run().items():
        print(name, result)
