"""The reference OpenID Connect provider (`python -m servicenet.idp`) as a process of its own on 127.0.0.1."""
from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

import requests

from servicenet.process import REPO_ROOT, free_port


@contextmanager
def running_idp(clients: list[str], users: list[str], port: int = 0) -> Iterator[str]:
    """Start the provider (clients: CLIENT:SECRET:REDIRECT[,POST_LOGOUT]; users: USER:PASSWORD:NAME:ID); yields
    its issuer URL; stops it (by its PID) at the end. port=0 picks a free port, another when it was taken."""
    for attempt in range(3 if port == 0 else 1):
        chosen = port or free_port()
        proc, why = _start(chosen, clients, users)
        if proc is not None:
            break
        if attempt == 2 or port or "address already in use" not in why.lower():
            raise RuntimeError(f"the reference OIDC provider did not start: {why[-500:]}")
    try:
        yield f"http://127.0.0.1:{chosen}"
    finally:
        _stop(proc)


def _start(port: int, clients: list[str], users: list[str]) -> tuple[subprocess.Popen[bytes] | None, str]:
    """The provider answering on `port`, or None and why not (stopped)."""
    cmd = [sys.executable, "-W", "error", "-m", "servicenet.idp", "--port", str(port)]
    for c in clients:
        cmd += ["--client", c]
    for u in users:
        cmd += ["--user", u]
    proc = subprocess.Popen(cmd, cwd=REPO_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 20
    while True:
        try:
            if requests.get(f"http://127.0.0.1:{port}/.well-known/openid-configuration",
                            timeout=1).status_code == 200:
                return proc, ""
        except requests.RequestException:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            return None, _stop(proc)
        time.sleep(0.1)


def _stop(proc: subprocess.Popen[bytes]) -> str:
    """Stop the provider (by its PID); what it wrote to stderr."""
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)
    if proc.stderr is None:
        return ""
    with proc.stderr:
        return proc.stderr.read().decode(errors="replace")
