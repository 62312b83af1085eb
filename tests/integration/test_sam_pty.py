"""`python -m drivers.sim.sam_reader` in its own process, read through the pty by ResidentIdReader."""
from __future__ import annotations

import contextlib
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from drivers.base import CardReadError, DeviceUnavailable
from drivers.idcard.messages import DAMAGED_ANSWER
from drivers.idcard.sam import ResidentIdReader
from drivers.sim.sam_reader import SimIdCard

ROOT = Path(__file__).resolve().parents[2]


@contextlib.contextmanager
def simulator(*options: str) -> Iterator[str]:
    """`python -m drivers.sim.sam_reader` as its own process: the pty it prints; stopped by SIGINT (exit 0)."""
    with subprocess.Popen([sys.executable, "-W", "error", "-m", "drivers.sim.sam_reader", *options], cwd=ROOT,
                          stdout=subprocess.PIPE, text=True) as proc:
        try:
            assert proc.stdout is not None
            yield proc.stdout.readline().strip()
        finally:
            proc.send_signal(signal.SIGINT)
            assert proc.wait(timeout=5) == 0


def test_simulator_process_serves_the_sample_card() -> None:
    with simulator() as device:
        assert device.startswith("/dev/")
        with ResidentIdReader(device, answer_timeout=1.0) as reader:
            person = reader.read_person(timeout=2.0)
        assert person.id_number == SimIdCard.sample().id_number


def test_corrupt_frames_are_rejected_with_a_reason() -> None:
    """`--corrupt`: every answer has a wrong checksum; the reader refuses it and says why (after one retry)."""
    with simulator("--corrupt") as device, ResidentIdReader(device, answer_timeout=0.5) as reader:
        with pytest.raises(CardReadError) as err:
            reader.read_person(timeout=1.0)
        assert not isinstance(err.value, DeviceUnavailable)
        assert err.value.message == DAMAGED_ANSWER
        assert err.value.detail.startswith("checksum ")
