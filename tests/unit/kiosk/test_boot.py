"""kiosk.boot: arguments, version, lockdown, personal-data guard, and the real entry point in a subprocess."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path

import pytest

from domain import idnumber
from domain.models import Person
from kiosk import boot, config, logs
from kiosk.config import PrinterSettings, ReaderSettings, Settings
from kiosk.qt import QGuiApplication
from kiosk.qtnamespace import Qt
from kiosk.staff.supervision import RememberingReader
from tests.helpers.stubs import FakeReader, make_services

ROOT = Path(__file__).absolute().parents[3]
FIRST17 = "44011719560308042"
PERSON = Person(name="张秀英", id_number=FIRST17 + idnumber.check_char(FIRST17), address="广东省广州市从化区")


def test_version_is_the_distribution_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert boot.app_version() == metadata.version("hall-kiosk")
    assert boot.main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == metadata.version("hall-kiosk")


def test_the_collector_paused_for_the_start_is_on_again_after_main(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """main() pauses the cyclic garbage collector for the start; whatever way it returns, it is on again."""
    import gc

    seen: list[bool] = []
    monkeypatch.setattr(boot, "app_version", lambda: seen.append(gc.isenabled()) or "1.0")
    assert boot.main(["--version"]) == 0
    bad = tmp_path / "bad.toml"
    bad.write_text("orientation = 'sideways'\n", encoding="utf-8")
    assert boot.main(["--config", str(bad)]) == 2
    assert seen == [False, False] and gc.isenabled()


def test_arguments(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIOSK_CONFIG", "/etc/hall-kiosk/kiosk.toml")
    args = boot.parse_args([])
    assert args.config == "/etc/hall-kiosk/kiosk.toml" and not args.fullscreen and not args.selftest
    args = boot.parse_args(["--config", "k.toml", "--fullscreen", "--selftest", "--log-max-bytes", "1000"])
    assert (args.config, args.fullscreen, args.selftest, args.log_max_bytes) == ("k.toml", True, True, 1000)


def test_a_bad_config_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "kiosk.toml"
    bad.write_text("region = 12\n", encoding="utf-8")
    assert boot.main(["--config", str(bad)]) == 2
    assert "region" in capsys.readouterr().err


def test_the_reader_tells_the_redactor_who_it_read() -> None:
    """kiosk.wiring puts this reader around the devices (tests/unit/kiosk/test_logs.py walks it end to end)."""
    seen: list[Person] = []
    reader = RememberingReader(FakeReader(person=PERSON), seen.append)
    assert reader.read_person(1.0) == PERSON and seen == [PERSON]
    assert reader.status().health.value == "ok"
    guarded = RememberingReader(FakeReader(person=PERSON))
    try:
        guarded.read_person(1.0)
        assert logs.REDACTOR.text(f"hi {PERSON.name}") == "hi [redacted]"
    finally:
        logs.REDACTOR.forget_all()


def test_lockdown_is_frameless_full_screen_and_ignores_close(qapp: QGuiApplication) -> None:
    from kiosk.app import KioskApp

    kiosk = KioskApp(make_services(), idle_timeout_s=600)
    guard = boot._lock_down(kiosk, fullscreen=True)
    try:
        window = kiosk.window
        assert window.flags() & Qt.WindowType.FramelessWindowHint
        assert window.visibility().name == "FullScreen"
        assert window.close() is False  # the close request was refused
        assert window.isVisible()
        assert QGuiApplication.overrideCursor().shape() == Qt.CursorShape.BlankCursor
    finally:
        QGuiApplication.restoreOverrideCursor()
        kiosk.window.removeEventFilter(guard)
        kiosk.close()


# -- the real entry point, as systemd starts it ---------------------------------------------------------------

def queue_cases(settings: Settings, n: int, *, sending: int = 0) -> list[str]:
    """Cases stored by an earlier run; `sending` of them left mid-send, as a crash leaves them."""
    from kiosk.wiring import build_runtime
    from sync.model import Application

    runtime = build_runtime(settings, start_engine=False)
    try:
        service = runtime.services.catalogue.search("sfz")[0]
        codes = [runtime.services.cases.enqueue(
            Application(service, PERSON, {"name": PERSON.name, "id_number": PERSON.id_number, "phone": "13800138000",
                                      "reason": "到期换领"})).code for _ in range(n)]
        if sending:
            runtime.engine.outbox.claim(time.time(), sending)
        return codes
    finally:
        runtime.close()


class NotifySocket:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(str(path))
        self.messages: list[str] = []

    def wait_for(self, prefix: str, timeout: float) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.sock.settimeout(max(0.01, deadline - time.monotonic()))
            try:
                msg = self.sock.recv(4096).decode()
            except TimeoutError:
                break
            self.messages.append(msg)
            if any(line.startswith(prefix) for line in msg.splitlines()):
                return msg
        raise AssertionError(f"no {prefix!r} within {timeout}s; got {self.messages}")


@pytest.fixture
def kiosk_config(tmp_path: Path) -> tuple[Path, Settings]:
    from sync.crypto import DeviceKey, b64, network_key_pair

    settings = Settings(voice="none", data_dir=str(tmp_path / "var"), network_url="http://127.0.0.1:9",
                        sync_interval=0.5,
                        reader=ReaderSettings(kind="none"), printer=PrinterSettings(kind="none"),
                        device_key=str(DeviceKey.generate().save(tmp_path / "device.pem")),  # enrolled: no wizard
                        network_public_key=b64(network_key_pair()[1]))
    path = tmp_path / "kiosk.toml"
    path.write_text(config.dump(settings), encoding="utf-8")
    return path, settings


def kiosk_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QT_QUICK_BACKEND="software",
               KIOSK_CACHE_DIR=str(tmp_path / "cache"), PYTHONPATH=str(ROOT))
    env.update(extra)
    return env


@pytest.fixture
def started() -> Iterator[list[subprocess.Popen[bytes]]]:
    procs: list[subprocess.Popen[bytes]] = []
    yield procs
    for proc in procs:
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)


@pytest.fixture
def notify(tmp_path: Path) -> Iterator[NotifySocket]:
    sock = NotifySocket(tmp_path / "notify.sock")
    yield sock
    sock.sock.close()


def test_the_entry_point_restores_notifies_and_stops_cleanly(tmp_path: Path, kiosk_config: tuple[Path, Settings],
                                                             notify: NotifySocket,
                                                             started: list[subprocess.Popen[bytes]]) -> None:
    path, settings = kiosk_config
    codes = queue_cases(settings, 3, sending=2)
    env = kiosk_env(tmp_path, NOTIFY_SOCKET=str(notify.path), WATCHDOG_USEC="600000")
    proc = subprocess.Popen([sys.executable, "-m", "kiosk.boot", "--config", str(path), "--heartbeat", "1"],
                            env=env, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    started.append(proc)
    ready = notify.wait_for("READY=1", timeout=60)
    assert "STATUS=v" in ready and "home" in ready
    notify.wait_for("WATCHDOG=1", timeout=5)
    notify.wait_for("WATCHDOG=1", timeout=5)
    notify.wait_for("STATUS=", timeout=5)  # the heartbeat's status line
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(20) == 0
    assert any("STOPPING=1" in m for m in notify.messages) or notify.wait_for("STOPPING=1", timeout=2)

    entries = list(logs.read_lines(Path(settings.data_dir) / "logs"))
    version = metadata.version("hall-kiosk")
    assert entries and all(e["version"] == version for e in entries)
    restored = next(e for e in entries if e["msg"].startswith("restored:"))
    assert restored["recovered"] == 2 and restored["queue"] == {"queued": 3} and restored["unprinted"] == 3
    beat = next(e for e in entries if e["msg"] == "heartbeat")
    assert beat["screen"] == "home" and beat["queue"] == {"queued": 3} and beat["online"] is False
    assert any(e["msg"] == "kiosk ready" and e["watchdog_s"] == 0.6 for e in entries)
    assert entries[-1]["msg"] == "kiosk stopped (0)"
    text = (Path(settings.data_dir) / "logs" / "kiosk.log").read_text("utf-8")
    assert PERSON.id_number not in text and PERSON.name not in text
    assert len(codes) == 3


def test_a_stop_while_the_services_open_closes_them_without_starting_them(
        tmp_path: Path, kiosk_config: tuple[Path, Settings], started: list[subprocess.Popen[bytes]]) -> None:
    """The home screen shows before the runtime opens (on a worker thread): a SIGTERM in between waits for it,
    closes it, and starts nothing (no READY, no sync engine) on the way out."""
    path, settings = kiosk_config
    proc = subprocess.Popen([sys.executable, "-m", "kiosk.boot", "--config", str(path)], env=kiosk_env(tmp_path),
                            cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    started.append(proc)
    folder = Path(settings.data_dir) / "logs"
    deadline = time.monotonic() + 60
    while not (folder.exists() and any(e["msg"] == "first frame on screen" for e in logs.read_lines(folder))):
        assert time.monotonic() < deadline and proc.poll() is None, "no first frame"
        time.sleep(0.005)
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(30) == 0
    msgs = [e["msg"] for e in logs.read_lines(folder)]
    assert msgs[-1] == "kiosk stopped (0)" and any(m.startswith("restored:") for m in msgs)  # opened, closed
    after = msgs[msgs.index("signal 15: quitting"):]
    assert "kiosk ready" not in after and "heartbeat" not in after
