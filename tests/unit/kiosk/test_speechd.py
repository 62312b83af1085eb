"""kiosk/speechd.py asks speech-dispatcher, in its own protocol, whether it answers before Qt connects to it."""
from __future__ import annotations

import socket
import time
from pathlib import Path

import pytest

from kiosk import speechd
from tests.helpers.speechd import hung_daemon, real_daemon


def short_dir(tmp_path: Path) -> Path:
    return Path(tmp_path)  # pytest's paths stay under the 108 bytes a UNIX socket's path may have


def test_the_real_daemon_answers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SPEECHD_ADDRESS", raising=False)
    runtime = short_dir(tmp_path) / "run"
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    assert speechd.address() == (socket.AF_UNIX, str(runtime / "speech-dispatcher" / "speechd.sock"))
    assert speechd.answers() is None  # nothing listens yet: libspeechd would start one itself
    with real_daemon(runtime):
        assert speechd.answers() is True


def test_a_hung_daemon_is_told_apart_in_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sock = short_dir(tmp_path) / "speechd.sock"
    monkeypatch.setenv("SPEECHD_ADDRESS", f"unix_socket:{sock}")
    assert speechd.address() == (socket.AF_UNIX, str(sock))
    with hung_daemon(sock):
        started = time.monotonic()
        assert speechd.answers(timeout=0.5) is False
        assert time.monotonic() - started < 5
    monkeypatch.setenv("SPEECHD_ADDRESS", "inet_socket:127.0.0.1:1")
    assert speechd.address() == (socket.AF_INET, ("127.0.0.1", 1))
    assert speechd.answers(timeout=0.5) is None  # refused: nothing listens there
