"""deploy/demo_sims.py: the simulators as a service, at the fixed addresses kiosk-demo.toml names."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from drivers.base import Health
from drivers.idcard.sam import ResidentIdReader
from drivers.printer.escpos_printer import EscposReceiptPrinter
from drivers.sim.sam_reader import SimIdCard
from servicenet.process import free_port
from tests.unit.deploy.conftest import DEPLOY

ROOT = DEPLOY.parent


@pytest.fixture
def notify_socket(tmp_path: Path) -> Iterator[socket.socket]:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(str(tmp_path / "notify.sock"))
    sock.settimeout(30)
    yield sock
    sock.close()


def test_the_simulators_come_up_at_fixed_addresses(tmp_path: Path, notify_socket: socket.socket) -> None:
    run, port = tmp_path / "run", free_port()
    env = dict(os.environ, NOTIFY_SOCKET=str(tmp_path / "notify.sock"), PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, str(DEPLOY / "demo_sims.py"), "--run-dir", str(run), "--out",
                             str(tmp_path), "--printer-port", str(port)], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    try:
        assert notify_socket.recv(4096).decode().startswith("READY=1")
        tables = tomllib.loads((run / "devices.toml").read_text("utf-8"))
        assert tables["reader"] == {"kind": "sam", "port": str(run / "id-reader")}
        assert tables["printer"] == {"kind": "network", "host": "127.0.0.1", "port": port}
        assert os.readlink(run / "id-reader").startswith("/dev/pts/")
        with ResidentIdReader(str(run / "id-reader")) as reader:
            assert reader.read_person(5.0).name == SimIdCard.sample().name
        printer = EscposReceiptPrinter("127.0.0.1", port, timeout=2.0)
        try:
            assert printer.status().health is Health.OK  # DLE EOT answered through the relay
        finally:
            printer.close()
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(20) == 0
        assert not (run / "id-reader").exists() and not (run / "devices.toml").exists()
        assert notify_socket.recv(4096).decode() == "STOPPING=1"
    finally:
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait(10)
        assert proc.stdout is not None
        proc.stdout.close()
