"""`python -m drivers.sim.sam_reader` in its own process, read through the pty by ResidentIdReader."""
from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

from drivers.idcard.sam import ResidentIdReader
from drivers.sim.sam_reader import SimIdCard

ROOT = Path(__file__).resolve().parents[2]


def test_simulator_process_serves_the_sample_card() -> None:
    with subprocess.Popen(
        [sys.executable, "-W", "error", "-m", "drivers.sim.sam_reader"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    ) as proc:
        try:
            assert proc.stdout is not None
            device = proc.stdout.readline().strip()
            assert device.startswith("/dev/")
            with ResidentIdReader(device, answer_timeout=1.0) as reader:
                person = reader.read_person(timeout=2.0)
            assert person.id_number == SimIdCard.sample().id_number
        finally:
            proc.send_signal(signal.SIGINT)
            assert proc.wait(timeout=5) == 0
