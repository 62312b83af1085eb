"""A real HAProxy (Debian's) in front of several servicenet nodes, for tests and the load benchmark.

    with Balancer([node_a.url, node_b.url]) as lb:      # round robin, health-checked on /v1/health
        requests.get(lb.url + "/v1/health")

It listens on a free port of 127.0.0.1, runs in the foreground as a child we started (stopped by its PID),
and keeps its config in a temp dir. Each answer names the node that served it (X-Balancer-Node: n0, n1, ...).
"""
from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlsplit

from servicenet.process import free_port, stop_process
from tests.helpers.lifecycle import Started

CONFIG = """global
    maxconn 4096
    log stdout format raw daemon
defaults
    mode http
    log global
    log-format "%ST %TR %Tw %Tc %Tr %Ta %HM %HP %Ts.%ms"
    timeout connect 5s
    timeout client 60s
    timeout server 60s
    timeout queue 30s
    option http-keep-alive
frontend kiosks
    bind 127.0.0.1:{port}
    default_backend nodes
backend nodes
    balance roundrobin
    option httpchk GET /v1/health
    http-response set-header X-Balancer-Node %[srv_name]
{servers}
"""


class Timing(NamedTuple):
    """One request as the balancer saw it (ms; -1 when that step never happened, e.g. shed while queued):
    received = its request headers read; queued = waiting for a node slot; connect = to the node;
    response = the node's answer headers; active = from its first byte in to its last byte out; at = when it
    came in (Unix time)."""
    status: int
    received: int
    queued: int
    connect: int
    response: int
    active: int
    method: str
    path: str
    at: float


class BalancerUnavailable(RuntimeError):
    """haproxy is not installed, or it did not come up."""


class Balancer(Started):
    def __init__(self, node_urls: list[str]) -> None:
        exe = shutil.which("haproxy") or ("/usr/sbin/haproxy" if Path("/usr/sbin/haproxy").exists() else None)
        if exe is None:
            raise BalancerUnavailable("haproxy is not installed (apt-get install haproxy)")
        self.exe = exe
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.root = Path(tempfile.mkdtemp(prefix="hk-haproxy-"))
        servers = "\n".join(f"    server n{i} {urlsplit(u).netloc} check inter 1s" for i, u in enumerate(node_urls))
        self.config = self.root / "haproxy.cfg"
        self.config.write_text(CONFIG.format(port=self.port, servers=servers))
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 15.0) -> "Balancer":
        check = subprocess.run([self.exe, "-c", "-f", str(self.config)], capture_output=True, text=True)
        if check.returncode != 0:
            raise BalancerUnavailable(f"haproxy refused its config:\n{check.stdout}{check.stderr}")
        log = open(self.root / "haproxy.log", "wb")
        self.proc = subprocess.Popen([self.exe, "-db", "-f", str(self.config)], stdin=subprocess.DEVNULL,
                                     stdout=log, stderr=subprocess.STDOUT)
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise BalancerUnavailable((self.root / "haproxy.log").read_text("utf-8", "replace"))
            try:
                with urllib.request.urlopen(self.url + "/v1/health", timeout=1) as resp:
                    if resp.status == 200:
                        return self
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.1)
        self.stop()
        raise BalancerUnavailable(f"haproxy did not answer {self.url} within {timeout:.0f} s")

    def mark(self) -> int:
        """Where the request log ends now: pass it to timings() to read only what comes after."""
        return (self.root / "haproxy.log").stat().st_size

    def timings(self, since: int = 0) -> list[Timing]:
        """The balancer's own record of each request answered since `mark`, in milliseconds (its log-format)."""
        with open(self.root / "haproxy.log", "rb") as log:
            log.seek(since)
            lines = log.read().decode("utf-8", "replace").splitlines()
        out = []
        for line in lines:
            parts = line.split()
            if len(parts) == 9 and parts[0].isdigit():
                status, received, queued, connect, response, active = (int(p) for p in parts[:6])
                out.append(Timing(status, received, queued, connect, response, active, parts[6], parts[7],
                                  float(parts[8])))
        return out

    def stop(self, timeout: float = 10.0) -> None:
        if self.proc is not None:
            stop_process(self.proc, timeout)
        shutil.rmtree(self.root, ignore_errors=True)
