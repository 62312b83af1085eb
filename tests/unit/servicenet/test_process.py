"""start_servicenet: a real subprocess that answers /v1/health, stops cleanly, and reports why it died."""
from __future__ import annotations

from pathlib import Path

import pytest
import requests

from servicenet.process import ServicenetDied, free_port, start_servicenet
from tests.helpers.enroll import enroll_device
from tests.helpers.servicenet_proc import sqlite_url


def test_start_and_stop(tmp_path: Path) -> None:
    port = free_port()
    with start_servicenet(sqlite_url(tmp_path / "sn.db"), port=port) as sn:
        assert sn.port == port and sn.url == f"http://127.0.0.1:{port}"
        assert requests.get(f"{sn.url}/v1/health", timeout=5).json() == {"ok": True}
    assert sn.proc.poll() is not None
    sn.stop()  # a second stop is harmless
    assert (tmp_path / "sn.db").exists()


def test_restart_keeps_data_and_does_not_reseed(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path / "sn.db")
    creds = None
    for _ in range(2):
        with start_servicenet(url) as sn:
            creds = creds or enroll_device(sn)  # the enrolled device (and its key) survives the restart
            body = requests.get(f"{sn.url}/v1/catalogue", timeout=5, auth=creds.auth).json()
            assert body["cursor"] == 20 and len(body["items"]) == 20


def test_death_is_reported_with_stderr(tmp_path: Path) -> None:
    with pytest.raises(ServicenetDied, match="nosuchdialect"):
        start_servicenet("nosuchdialect://x", timeout=20)
