"""Speech-dispatcher for tests: the real daemon in a runtime directory of the test's own, and a hung one (a socket
that takes connections and never answers, as a daemon stuck on its sound card does)."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def real_daemon(runtime: Path) -> Iterator[Path]:
    """speech-dispatcher started with XDG_RUNTIME_DIR=runtime; yields its socket. It forks into the background,
    so it is stopped by the pid it writes; it would also leave by itself after 10 idle seconds."""
    runtime.mkdir(mode=0o700, parents=True, exist_ok=True)
    env = {**os.environ, "XDG_RUNTIME_DIR": str(runtime)}
    env.pop("SPEECHD_ADDRESS", None)
    subprocess.run(["speech-dispatcher", "-t", "10"], env=env, check=True, timeout=30, capture_output=True)
    sock = runtime / "speech-dispatcher" / "speechd.sock"
    pidfile = runtime / "speech-dispatcher" / "pid" / "speech-dispatcher.pid"
    deadline = time.monotonic() + 10
    while not (sock.exists() and pidfile.exists()) and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        yield sock
    finally:
        if pidfile.exists():
            try:
                os.kill(int(pidfile.read_text().split()[0]), signal.SIGTERM)
            except (ProcessLookupError, ValueError):
                pass


@contextmanager
def hung_daemon(path: Path) -> Iterator[Path]:
    """A UNIX socket at `path` that accepts connections and never answers."""
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(path))
    server.listen(8)
    held: list[socket.socket] = []
    stop = threading.Event()

    def take() -> None:
        server.settimeout(0.1)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except TimeoutError:
                continue
            except OSError:
                return

    thread = threading.Thread(target=take, daemon=True)
    thread.start()
    try:
        yield path
    finally:
        stop.set()
        thread.join(5)
        for conn in held:
            conn.close()
        server.close()
