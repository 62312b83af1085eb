"""Use the running pcscd, or start one (`pcscd --foreground`) and stop exactly that one, by its PID.

Debian's pcscd reads /etc/reader.conf.d/ at start; the vsmartcard-vpcd package puts `vpcd` there
(LIBPATH /usr/lib/pcsc/drivers/serial/libifdvpcd.so, CHANNELID 0x8C7B = 35963), which gives the readers
"Virtual PCD 00 00" (card port 35963) and "Virtual PCD 00 01" (35964). pcscd's socket is fixed at
/run/pcscd/pcscd.comm (pcsc-lite 1.9.9 ignores PCSCLITE_CSOCK_NAME on the daemon side), so there can only
be one pcscd per machine: we reuse one that runs, and start our own only when none does.

    with Pcscd() as daemon:            # waits until the vpcd reader is listed
        daemon.owned, daemon.pid
        daemon.restart()               # only for a pcscd we started (tests of the watchdog)

Two test runs on one machine share one pcscd and one vpcd port: `Pcscd` holds an flock on
/tmp/hall-kiosk-pcsc.lock for its whole life, so they take turns. A pcscd left over by a run that was
killed (its PID is in /tmp/hall-kiosk-pcscd.pid) is adopted as ours.
"""
from __future__ import annotations

import fcntl
import logging
import os
import shutil
import signal
import subprocess
import threading
import time
from pathlib import Path
from typing import IO

log = logging.getLogger(__name__)

LOCK_PATH = Path("/tmp/hall-kiosk-pcsc.lock")
OURS_PATH = Path("/tmp/hall-kiosk-pcscd.pid")
VPCD_CONF = Path("/etc/reader.conf.d/vpcd")
VPCD_READER = "Virtual PCD 00 00"


class PcscdUnavailable(RuntimeError):
    """pcscd cannot run here (not installed, no vpcd reader, no permission); the message says why."""


def pcscd_pids() -> list[int]:
    """PIDs of every live process named pcscd (zombies left unreaped by a container's PID 1 do not count)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            name, state = stat[stat.find("(") + 1:stat.rfind(")")], stat[stat.rfind(")") + 2:][:1]
            if name == "pcscd" and state not in ("Z", "X"):
                pids.append(int(entry.name))
    return sorted(pids)


def _readers() -> list[str] | str:
    from drivers.idcard import pcsc

    try:
        return pcsc.poll_cards()[0]
    except pcsc.PcscError as exc:
        return str(exc)


def _vpcd_listed() -> bool:
    readers = _readers()
    return isinstance(readers, list) and VPCD_READER in readers


class _ProcessLock:
    """The flock, shared by every Pcscd object of this process (flock would block a second fd of ours)."""

    guard = threading.Lock()
    file: IO[bytes] | None = None
    count = 0
    owned_pids: set[int] = set()  # pcscd PIDs that a live Pcscd object of this process started

    @classmethod
    def acquire(cls, timeout: float) -> None:
        with cls.guard:
            if cls.count:
                cls.count += 1
                return
            lock = open(LOCK_PATH, "a+b")  # noqa: SIM115 - held until the last release
            deadline = time.monotonic() + timeout
            while True:
                try:
                    fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        lock.close()
                        raise PcscdUnavailable(f"another run holds {LOCK_PATH} for too long") from None
                    time.sleep(0.1)
            cls.file, cls.count = lock, 1

    @classmethod
    def release(cls) -> None:
        with cls.guard:
            cls.count -= 1
            if cls.count == 0 and cls.file is not None:
                fcntl.flock(cls.file, fcntl.LOCK_UN)
                cls.file.close()
                cls.file = None


class Pcscd:
    def __init__(self, *, log_path: str | Path | None = None, start_timeout: float = 10.0,
                 lock_timeout: float = 100.0) -> None:
        self._log_path = Path(log_path) if log_path else None
        self._start_timeout = start_timeout
        self._lock_timeout = lock_timeout
        self._locked = False
        self._proc: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None
        self.pid: int | None = None
        self.owned = False

    # -- life -----------------------------------------------------------------------------------

    def start(self) -> "Pcscd":
        _ProcessLock.acquire(self._lock_timeout)
        self._locked = True
        try:
            running = pcscd_pids()
            if running:
                self.pid = running[0]
                ours = OURS_PATH.exists() and OURS_PATH.read_text().strip() == str(self.pid)
                with _ProcessLock.guard:  # adopt a leftover of a killed run, never one a live object owns
                    self.owned = ours and self.pid not in _ProcessLock.owned_pids
                    if self.owned:
                        _ProcessLock.owned_pids.add(self.pid)
                log.info("using the running pcscd (pid %d%s)", self.pid,
                         ", left by an earlier run" if self.owned else "")
                self._wait_ready()
            else:
                self._spawn_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        """Stop pcscd if we started it (SIGTERM to its PID, then SIGKILL); release the lock."""
        try:
            if self.owned and self.pid is not None:
                self._terminate(self.pid)
                OURS_PATH.unlink(missing_ok=True)
                self.owned = False
        finally:
            if self._log is not None:
                self._log.close()
                self._log = None
            if self._locked:
                self._locked = False
                _ProcessLock.release()

    def restart(self) -> None:
        """Stop and start again (a new PID); only for a pcscd we own."""
        if not self.owned or self.pid is None:
            raise PcscdUnavailable("this pcscd was not started by us: not restarting it")
        self._terminate(self.pid)
        self._spawn_ready()

    def kill(self) -> None:
        """Stop our pcscd and leave it stopped (restart() or start_again() brings it back)."""
        if not self.owned or self.pid is None:
            raise PcscdUnavailable("this pcscd was not started by us: not stopping it")
        self._terminate(self.pid)

    def start_again(self) -> None:
        self._spawn_ready()

    def __enter__(self) -> "Pcscd":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- internals --------------------------------------------------------------------------------

    def _spawn(self) -> None:
        binary = shutil.which("pcscd") or ("/usr/sbin/pcscd" if Path("/usr/sbin/pcscd").exists() else None)
        if binary is None:
            raise PcscdUnavailable("pcscd is not installed (apt-get install pcscd vsmartcard-vpcd)")
        if not VPCD_CONF.exists():
            raise PcscdUnavailable(f"{VPCD_CONF} is missing (apt-get install vsmartcard-vpcd)")
        if self._log is None:
            self._log = open(self._log_path, "ab") if self._log_path else open(os.devnull, "wb")  # noqa: SIM115 - open while pcscd runs, closed in stop()
        try:
            self._proc = subprocess.Popen([binary, "--foreground"], stdout=self._log, stderr=subprocess.STDOUT,
                                          stdin=subprocess.DEVNULL)
        except OSError as exc:
            raise PcscdUnavailable(f"cannot start pcscd: {exc}") from exc
        self.pid = self._proc.pid
        self.owned = True
        with _ProcessLock.guard:
            _ProcessLock.owned_pids.add(self.pid)
        OURS_PATH.write_text(str(self.pid))
        log.info("started pcscd (pid %d)", self.pid)

    def _spawn_ready(self, tries: int = 3) -> None:
        """Start our pcscd and wait for the vpcd reader; a pcscd that runs but lists no reader (seen when one was
        started right after another stopped) is stopped and started again, up to `tries` times."""
        for attempt in range(1, tries + 1):
            self._spawn()
            try:
                self._wait_ready()
                return
            except PcscdUnavailable:
                if attempt == tries or self._proc is None or self.pid is None:  # exited at once: no use trying
                    raise
                log.warning("pcscd %d lists no %r: starting it again (%d/%d)", self.pid, VPCD_READER, attempt,
                            tries - 1)
                self._terminate(self.pid)
                time.sleep(1.0)

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + self._start_timeout
        while time.monotonic() < deadline:
            if _vpcd_listed():
                return
            if self._proc is not None and self._proc.poll() is not None:
                code = self._proc.returncode
                self._proc = None
                self.owned = False
                raise PcscdUnavailable(f"pcscd exited at once with status {code} (not root?){self._log_tail()}")
            time.sleep(0.05)
        whose = "we started" if self._proc is not None else "was already running"
        raise PcscdUnavailable(f"the pcscd that {whose} (pid {self.pid}) does not list {VPCD_READER!r} after "
                               f"{self._start_timeout} s; readers: {_readers()}{self._log_tail()}")

    def _log_tail(self) -> str:
        if self._log_path is None or not self._log_path.exists():
            return ""
        tail = self._log_path.read_text(errors="replace").strip().splitlines()[-5:]
        return ("; its log: " + " | ".join(tail)) if tail else ""

    def _terminate(self, pid: int) -> None:
        with _ProcessLock.guard:
            _ProcessLock.owned_pids.discard(pid)
        proc, self._proc = self._proc, None
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and self._alive(pid, proc):
            time.sleep(0.02)
        if self._alive(pid, proc):
            log.warning("pcscd %d ignored SIGTERM: SIGKILL", pid)
            os.kill(pid, signal.SIGKILL)
        if proc is not None:
            proc.wait(5)

    @staticmethod
    def _alive(pid: int, proc: subprocess.Popen[bytes] | None) -> bool:
        if proc is not None:
            return proc.poll() is None
        return pid in pcscd_pids()
