"""Run servicenet as a real subprocess (uvicorn) for the demo and the tests."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import IO

REPO_ROOT = Path(__file__).resolve().parents[1]


class ServicenetDied(RuntimeError):
    """The servicenet process exited or never answered /v1/health."""


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


def enrollment_code(db_url: str, region: str = "440105", ttl: float = 600.0) -> str:
    """A one-time enrollment code, from the real `servicenet enrollment-code` CLI (as a technician gets it)."""
    done = subprocess.run([sys.executable, "-m", "servicenet", "enrollment-code", "--db", db_url,
                           "--region", region, "--ttl", str(ttl)],
                          cwd=REPO_ROOT, capture_output=True, text=True, timeout=60)
    if done.returncode != 0:
        raise RuntimeError(f"servicenet enrollment-code failed: {done.stderr.strip()}")
    return done.stdout.strip()


def stop_process(proc: subprocess.Popen[bytes], timeout: float) -> None:
    """SIGTERM the process we started, wait, SIGKILL it on timeout; nothing when it already ended."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


class ServicenetProcess:
    """A running `python -m servicenet serve`; stop() it (or use it as a context manager)."""

    def __init__(self, proc: subprocess.Popen[bytes], host: str, port: int, db_url: str, log: IO[bytes]) -> None:
        self.proc = proc
        self.host = host
        self.port = port
        self.db_url = db_url
        self.url = f"http://{host}:{port}"
        self._log = log

    def stderr_text(self) -> str:
        """What the process wrote to stderr so far."""
        self._log.flush()
        self._log.seek(0)
        return self._log.read().decode("utf-8", "replace")

    def enrollment_code(self, region: str = "440105", ttl: float = 600.0) -> str:
        """A one-time enrollment code for a new kiosk on this network."""
        return enrollment_code(self.db_url, region, ttl)

    def stop(self, timeout: float = 10.0) -> None:
        """Terminate, wait, kill on timeout; safe to call twice."""
        stop_process(self.proc, timeout)
        if not self._log.closed:
            self._log.close()

    def __enter__(self) -> "ServicenetProcess":
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "/v1/health", timeout=1) as resp:
            return bool(resp.status == 200)
    except (urllib.error.URLError, OSError):
        return False


def _launch(db_url: str, host: str, port: int, timeout: float, extra: Sequence[str] = (),
            own_group: bool = False) -> ServicenetProcess:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO_ROOT), env.get("PYTHONPATH", "")) if p)
    log = tempfile.TemporaryFile()
    cmd = [sys.executable, "-m", "servicenet", "serve", "--db", db_url, "--host", host, "--port", str(port), *extra]
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, env=env,
                            start_new_session=own_group)
    sn = ServicenetProcess(proc, host, port, db_url, log)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            text = sn.stderr_text()
            sn.stop()
            raise ServicenetDied(f"servicenet exited with code {proc.returncode}:\n{text}")
        if _healthy(sn.url):
            return sn
        time.sleep(0.05)
    text = sn.stderr_text()
    sn.stop()
    raise ServicenetDied(f"servicenet did not answer {sn.url}/v1/health within {timeout:.0f} s:\n{text}")


def start_servicenet(db_url: str, host: str = "127.0.0.1", port: int = 0, timeout: float = 20.0, *,
                     workers: int = 1, extra_args: Sequence[str] = (), own_group: bool = False) -> ServicenetProcess:
    """Start servicenet on db_url and wait for /v1/health; port=0 picks a free port (retried if it was taken).
    workers > 1 runs `serve --workers N`; extra_args go to `serve` as they are (e.g. --max-inflight 8);
    own_group starts it in a process group of its own (a node of several behind a balancer)."""
    extra = [*(["--workers", str(workers)] if workers > 1 else []), *extra_args]
    attempts = 3 if port == 0 else 1
    for attempt in range(attempts):
        try:
            return _launch(db_url, host, port or free_port(host), timeout, extra, own_group)
        except ServicenetDied as exc:
            if attempt + 1 == attempts or "address already in use" not in str(exc).lower():
                raise
    raise AssertionError("unreachable")
