"""A hall node for tests, set up as a technician does: enroll it on a running network with a one-time code
(`servicenet hall enroll`), set its counters and booking rules, then `servicenet serve --role hall`.

    hall = HallNode.setup(tmp_path, network_url, network_db_url, "测试大厅")
    with hall.start() as proc: ...            # a ServicenetProcess on its own SQLite file
"""
from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests

from servicenet.process import REPO_ROOT, ServicenetProcess, enrollment_code, free_port, start_servicenet
from tests.helpers.enroll import Credentials, enroll_device


def hall_cli(db_url: str, *args: str) -> str:
    done = subprocess.run([sys.executable, "-m", "servicenet", "hall", *args, "--db", db_url], cwd=REPO_ROOT,
                          capture_output=True, text=True, timeout=60)
    if done.returncode != 0:
        raise RuntimeError(f"servicenet hall {args[0]} failed: {done.stderr.strip()}")
    return done.stdout.strip()


def office_token(db_url: str, staff_id: str = "S001", name: str = "王窗口", role: str = "window") -> str:
    """A staff bearer token from the real CLI (an account with `role` is made when there is none)."""
    done = subprocess.run([sys.executable, "-m", "servicenet", "office", "staff-token", "--staff-id", staff_id,
                           "--name", name, "--role", role, "--db", db_url], cwd=REPO_ROOT, capture_output=True,
                          text=True, timeout=60)
    if done.returncode != 0:
        raise RuntimeError(done.stderr)
    return done.stdout.strip().split()[-1]


@dataclass
class HallNode:
    db_url: str
    upstream: str
    hall_name: str
    port: int

    @classmethod
    def setup(cls, folder: Path, upstream: str, network_db_url: str, hall_name: str = "测试大厅",
              rules: tuple[str, ...] = ()) -> "HallNode":
        db_url = f"sqlite:///{(folder / 'hall.db').resolve()}"
        hall_cli(db_url, "enroll", "--upstream", upstream, "--code", enrollment_code(network_db_url),
                 "--hall-name", hall_name)
        if rules:
            hall_cli(db_url, "rules", *rules)
        return cls(db_url, upstream, hall_name, free_port())

    def start(self, upstream: str | None = None) -> ServicenetProcess:
        """Serve on the same port each time (kiosks keep its URL across a restart)."""
        return start_servicenet(self.db_url, port=self.port,
                                extra_args=("--role", "hall", "--upstream", upstream or self.upstream))

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def kiosk(self, network: Any) -> Credentials:
        """A kiosk of this hall, enrolled on the network; the hall node learns its key over the uplink."""
        return enroll_device(network, hall_name=self.hall_name)


def wait_for_key(hall_url: str, creds: Credentials, timeout: float = 20.0) -> None:
    """Until the hall node accepts the kiosk's signature (it mirrors the keys every uplink round)."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if requests.get(hall_url + "/v1/queue/businesses", auth=creds.auth, timeout=5).status_code == 200:
            return
        time.sleep(0.2)
    raise AssertionError("the hall node never learned the kiosk's key")
