"""`python -m drivers.sim.scanner` in its own process: lines typed on its stdin reach SerialScanner."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from drivers.base import PaymentCode
from drivers.scanner.serial_scanner import SerialScanner
from drivers.sim.scanner import SAMPLE_ALIPAY

ROOT = Path(__file__).resolve().parents[2]


def test_simulator_process_sends_scans() -> None:
    with subprocess.Popen([sys.executable, "-W", "error", "-m", "drivers.sim.scanner"], cwd=ROOT,
                          stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True) as proc:
        assert proc.stdin is not None and proc.stdout is not None
        try:
            device = proc.stdout.readline().strip()
            assert device.startswith("/dev/")
            with SerialScanner(device) as scanner:
                assert scanner.wait_connected()
                proc.stdin.write(SAMPLE_ALIPAY + "\n")
                proc.stdin.flush()
                assert scanner.next_scan(timeout=3) == PaymentCode(SAMPLE_ALIPAY, "alipay")
        finally:
            proc.stdin.close()
            assert proc.wait(timeout=5) == 0
            proc.stdout.close()
