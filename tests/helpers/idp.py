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
    its issuer URL; stops it (by its PID) at the end."""
    port = port or free_port()
    cmd = [sys.executable, "-W", "error", "-m", "servicenet.idp", "--port", str(port)]
    for c in clients:
        cmd += ["--client", c]
    for u in users:
        cmd += ["--user", u]
    proc = subprocess.Popen(cmd, cwd=REPO_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    issuer = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                if requests.get(f"{issuer}/.well-known/openid-configuration", timeout=1).status_code == 200:
                    break
            except requests.RequestException:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the reference OIDC provider did not start: {proc.stderr.read().decode()[-500:]}"
                                   if proc.stderr else "the reference OIDC provider did not start")
            time.sleep(0.1)
        yield issuer
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)
        if proc.stderr:
            proc.stderr.close()
