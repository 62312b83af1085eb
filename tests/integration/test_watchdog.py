"""The real kiosk under a service manager: a hung kiosk and a crashed kiosk are restarted, queued cases survive both.

systemd is not PID 1 here, so `Supervisor` plays its part for one service with Type=notify, Restart=always and
WatchdogSec (deploy/hall-kiosk.service): it owns the NOTIFY_SOCKET (a unix datagram socket, credentials on,
messages from other processes ignored), waits for READY=1, kills the service with SIGABRT (then SIGKILL) when
WATCHDOG=1 stops for WatchdogSec, and starts it again after it exits for any reason.

The hang is induced by the kiosk's test-only hook (KIOSK_TEST_HOOKS=1: SIGUSR1 makes the GUI thread sleep);
the crash is a SIGKILL. The network is a port that accepts and never answers, so the kiosk's sends hang with
the cases marked "sending", the state a crash leaves behind; at the end servicenet takes that port and the
third kiosk delivers every case exactly once.
"""
from __future__ import annotations

import os
import resource
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests

from domain import idnumber
from domain.models import Person
from kiosk import config, logs
from kiosk.config import PrinterSettings, ReaderSettings, Settings
from servicenet.process import start_servicenet
from sync.store import Store
from tests.helpers.enroll import enroll_device, enrolled_settings

pytestmark = pytest.mark.slow  # the kiosk is frozen, then killed by SIGKILL

ROOT = Path(__file__).absolute().parents[2]
WATCHDOG_S = 2.0
FIRST17 = "44011719560308042"
PERSON = Person(name="张秀英", id_number=FIRST17 + idnumber.check_char(FIRST17), address="广东省广州市从化区")


@dataclass
class Event:
    at: float
    kind: str  # start, ready, status, watchdog, start-timeout, exit
    pid: int
    detail: str = ""


@dataclass
class Supervisor:
    """systemd's Restart=always + Type=notify + WatchdogSec for one command, in a thread."""

    argv: list[str]
    env: dict[str, str]
    notify_path: Path
    watchdog_s: float
    restart_s: float = 0.2  # RestartSec
    start_timeout_s: float = 60.0  # TimeoutStartSec
    abort_timeout_s: float = 5.0  # TimeoutAbortSec: SIGABRT, then SIGKILL
    events: list[Event] = field(default_factory=list)
    proc: subprocess.Popen[bytes] | None = None
    _stop: threading.Event = field(default_factory=threading.Event)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_PASSCRED, 1)
        self.sock.bind(str(self.notify_path))
        self.sock.settimeout(0.05)
        self._thread = threading.Thread(target=self._run, name="supervisor", daemon=True)

    def start(self) -> "Supervisor":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(30)
        self.sock.close()

    def record(self, kind: str, pid: int, detail: str = "") -> None:
        with self._lock:
            self.events.append(Event(time.monotonic(), kind, pid, detail))

    def kinds(self) -> list[str]:
        with self._lock:
            return [e.kind for e in self.events if e.kind != "status"]

    def wait_for(self, predicate: Callable[[], bool], timeout: float, what: str) -> None:
        deadline = time.monotonic() + timeout
        while not predicate():
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {what}; events {self.kinds()}")
            time.sleep(0.05)

    def _receive(self) -> tuple[int, str] | None:
        try:
            data, ancdata, _flags, _addr = self.sock.recvmsg(4096, socket.CMSG_SPACE(12))
        except (TimeoutError, BlockingIOError):
            return None
        pid = -1
        for level, kind, payload in ancdata:
            if level == socket.SOL_SOCKET and kind == socket.SCM_CREDENTIALS:
                pid = struct.unpack("iII", payload[:12])[0]
        return pid, data.decode("utf-8", "replace")

    def _kill(self, proc: subprocess.Popen[bytes], sig: int) -> None:
        if proc.poll() is None:
            os.kill(proc.pid, sig)
        try:
            proc.wait(self.abort_timeout_s)
        except subprocess.TimeoutExpired:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()

    def _run(self) -> None:
        env = dict(self.env, NOTIFY_SOCKET=str(self.notify_path), WATCHDOG_USEC=str(int(self.watchdog_s * 1e6)))
        while not self._stop.is_set():
            proc = subprocess.Popen(self.argv, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL)
            self.proc = proc
            self.record("start", proc.pid)
            started, ready, last_ping = time.monotonic(), False, 0.0
            while True:
                got = self._receive()
                now = time.monotonic()
                if got is not None:
                    pid, message = got
                    if pid != proc.pid:  # NotifyAccess: only the service's own process
                        continue
                    for line in message.splitlines():
                        if line == "READY=1":
                            ready, last_ping = True, now
                            self.record("ready", pid)
                        elif line == "WATCHDOG=1":
                            last_ping = now
                        elif line.startswith("STATUS="):
                            self.record("status", pid, line[7:])
                code = proc.poll()
                if code is not None:
                    self.record("exit", proc.pid, str(code))
                    break
                if self._stop.is_set():
                    self._kill(proc, signal.SIGTERM)
                    self.record("exit", proc.pid, "stopped")
                    return
                if ready and now - last_ping > self.watchdog_s:
                    self.record("watchdog", proc.pid, f"no ping for {now - last_ping:.1f} s")
                    self._kill(proc, signal.SIGABRT)  # systemd's WatchdogSignal
                    self.record("exit", proc.pid, str(proc.returncode))
                    break
                if not ready and now - started > self.start_timeout_s:
                    self.record("start-timeout", proc.pid)
                    self._kill(proc, signal.SIGTERM)
                    self.record("exit", proc.pid, str(proc.returncode))
                    break
            self._stop.wait(self.restart_s)


class SilentNetwork:
    """A port that accepts connections and never answers: requests hang until it is let go."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.conns: list[socket.socket] = []
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            self.conns.append(conn)

    def close(self) -> None:
        try:
            self.listener.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.listener.close()
        self._thread.join(5)
        for conn in self.conns:
            conn.close()


def queue_cases(settings: Settings, n: int) -> list[str]:
    from kiosk.wiring import build_runtime
    from sync.model import Application

    runtime = build_runtime(settings, start_engine=False)
    try:
        service = runtime.services.catalogue.search("sfz")[0]
        return [runtime.services.cases.enqueue(
            Application(service, PERSON, {"name": PERSON.name, "id_number": PERSON.id_number, "phone": "13800138000",
                                      "reason": "到期换领"})).code for _ in range(n)]
    finally:
        runtime.close()


def outbox_states(data_dir: str) -> dict[str, str]:
    store = Store(Path(data_dir) / "kiosk.db")
    try:
        with store.read() as conn:
            return {str(r[0]): str(r[1]) for r in conn.execute("SELECT ref, state FROM outbox WHERE kind='case'")}
    finally:
        store.close()


@pytest.fixture
def no_core_dumps() -> Iterator[None]:
    """SIGABRT (systemd's watchdog signal) would dump core into the test folder: not here."""
    before = resource.getrlimit(resource.RLIMIT_CORE)
    resource.setrlimit(resource.RLIMIT_CORE, (0, before[1]))
    yield
    resource.setrlimit(resource.RLIMIT_CORE, before)


def test_hung_and_crashed_kiosks_are_restarted_and_the_queue_survives(tmp_path: Path, no_core_dumps: None) -> None:
    network = SilentNetwork()
    net_db = f"sqlite:///{tmp_path / 'servicenet.db'}"
    with start_servicenet(net_db) as enrolling:  # the technician enrolled this kiosk when it was installed
        creds = enroll_device(enrolling)
    settings = Settings(voice="none", data_dir=str(tmp_path / "var"), network_url=f"http://127.0.0.1:{network.port}",
                        sync_interval=0.3, reader=ReaderSettings(kind="none"), printer=PrinterSettings(kind="none"),
                        **enrolled_settings(creds, tmp_path / "device.pem"))
    if hasattr(settings, "sync_timeout"):
        settings.sync_timeout = 100.0  # a send waits on the silent network for the whole test
    cfg = tmp_path / "kiosk.toml"
    cfg.write_text(config.dump(settings), encoding="utf-8")
    queued = queue_cases(settings, 3)

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QT_QUICK_BACKEND="software", KIOSK_TEST_HOOKS="1",
               KIOSK_CACHE_DIR=str(tmp_path / "cache"), PYTHONPATH=str(ROOT))
    sup = Supervisor([sys.executable, "-m", "kiosk.boot", "--config", str(cfg), "--heartbeat", "1"], env,
                     tmp_path / "notify.sock", WATCHDOG_S).start()
    net = None
    try:
        def ready(n: int) -> Callable[[], bool]:
            return lambda: sup.kinds().count("ready") >= n

        sup.wait_for(ready(1), 60, "the first kiosk to be ready")
        sup.wait_for(lambda: sorted(outbox_states(settings.data_dir).values()) == ["sending"] * 3, 20,
                     "the first kiosk to start sending")
        first = sup.proc
        assert first is not None

        # 1. hang: the GUI thread stops, so do the pings; the watchdog kills and restarts it
        hung_at = time.monotonic()
        os.kill(first.pid, signal.SIGUSR1)
        sup.wait_for(lambda: "exit" in sup.kinds(), 60, "the watchdog to end the hung kiosk")
        # a resident's case, stored while the network is still silent (the next kiosk's sync engine starts as
        # soon as it is ready, and its first pass then waits on the silent network for the rest of the test)
        queued += queue_cases(settings, 1)
        sup.wait_for(ready(2), 60, "the kiosk to come back after the hang")
        watchdog = next(e for e in sup.events if e.kind == "watchdog")
        # the last ping came at most WatchdogSec/3 before the hang
        assert watchdog.pid == first.pid and WATCHDOG_S * 2 / 3 - 0.1 <= watchdog.at - hung_at < WATCHDOG_S + 5
        assert first.poll() is not None  # the hung one is gone

        second = sup.proc
        assert second is not None and second.pid != first.pid

        # 2. crash, while it sends (the sync engine starts after the first frame, so wait for it)
        sup.wait_for(lambda: sorted(outbox_states(settings.data_dir).values()) == ["sending"] * 4, 20,
                     "the second kiosk to start sending")
        os.kill(second.pid, signal.SIGKILL)
        sup.wait_for(ready(3), 60, "the kiosk to come back after the crash")
        assert sup.kinds() == ["start", "ready", "watchdog", "exit", "start", "ready", "exit", "start", "ready"]
        assert [e.detail for e in sup.events if e.kind == "exit"] == [str(-signal.SIGABRT), str(-signal.SIGKILL)]
        third = sup.proc
        assert third is not None and third.pid not in (first.pid, second.pid)

        # every case is still on the kiosk: none lost, none doubled
        states = outbox_states(settings.data_dir)
        assert sorted(states) == sorted(queued) and set(states.values()) <= {"queued", "sending"}

        # 3. the network answers at last: the third kiosk delivers each case exactly once
        network.close()
        net = start_servicenet(net_db, port=network.port)
        sup.wait_for(lambda: set(outbox_states(settings.data_dir).values()) == {"accepted"}, 60,
                     "the outbox to drain")
        feed = requests.get(f"{net.url}/v1/status-feed", params={"cursor": 0, "limit": 1000}, timeout=5,
                            auth=creds.auth).json()
        submitted = sorted(e["code"] for e in feed["events"] if e["status"] == "submitted")
        assert submitted == sorted(queued)
    finally:
        sup.stop()
        network.close()
        if net is not None:
            net.stop()

    entries = list(logs.read_lines(Path(settings.data_dir) / "logs"))
    restored = [e["recovered"] for e in entries if e["msg"].startswith("restored:")]
    assert restored[:3] == [0, 3, 4]  # each new kiosk put the interrupted sends back (the 4th case too)
    assert sum(e["msg"] == "kiosk ready" for e in entries) == 3
