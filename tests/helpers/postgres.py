"""A throwaway PostgreSQL (Debian's server binaries) for tests and the load benchmark.

    with PostgresCluster() as pg:            # initdb in a temp dir, `postgres` on a unix socket there
        url = pg.create_database("t1")       # postgresql+psycopg://postgres@/t1?host=<dir>&port=<port>

It runs as the `postgres` user when we are root (the server refuses to run as root), listens on a unix socket in
its own temp dir only (no TCP port), with fsync off (a test cluster loses nothing worth keeping), and is
stopped by the PID we started: SIGINT (fast shutdown), then SIGKILL after a timeout. `postgres` in a test
module (from tests.helpers.postgres import postgres) is the module-scoped fixture; it skips, saying why, only
when the server binaries are not installed.
"""
from __future__ import annotations

import os
import pwd
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers.lifecycle import Started

PORT = 5432  # only names the socket file: nothing listens on TCP


class PostgresUnavailable(RuntimeError):
    """The server binaries are missing, or the cluster did not come up (the message says which)."""


def bin_dir() -> Path:
    """The newest /usr/lib/postgresql/<v>/bin that holds initdb and postgres."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name)
                   if p.parent.name.isdigit() else 0)
    for d in reversed(found):
        if (d / "initdb").exists() and (d / "postgres").exists():
            return d
    raise PostgresUnavailable("PostgreSQL server binaries are not installed (apt-get install postgresql)")


class PostgresCluster(Started):
    def __init__(self) -> None:
        self.bin = bin_dir()
        self.root = Path(tempfile.mkdtemp(prefix="hk-pg-"))
        self.data = self.root / "data"
        self.proc: subprocess.Popen[bytes] | None = None
        self._as_postgres = os.geteuid() == 0
        self.log = self.root / "postgres.log"

    def _popen_kw(self) -> dict[str, object]:
        return {"user": "postgres", "group": "postgres", "extra_groups": []} if self._as_postgres else {}

    def start(self, timeout: float = 30.0) -> "PostgresCluster":
        if self._as_postgres:
            pw = pwd.getpwnam("postgres")
            os.chown(self.root, pw.pw_uid, pw.pw_gid)
        init = subprocess.run([str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust",
                               "-E", "UTF8", "--locale=C", "--no-sync"], capture_output=True, text=True,
                              timeout=120, cwd=self.root, **self._popen_kw())
        if init.returncode != 0:
            raise PostgresUnavailable(f"initdb failed: {init.stderr[-2000:]}")
        return self._serve(timeout)

    def _serve(self, timeout: float) -> "PostgresCluster":
        log = open(self.log, "ab")
        self.proc = subprocess.Popen(
            [str(self.bin / "postgres"), "-D", str(self.data), "-k", str(self.root), "-p", str(PORT),
             "-c", "listen_addresses=", "-c", "fsync=off", "-c", "synchronous_commit=off",
             "-c", "full_page_writes=off", "-c", "max_connections=200", "-c", "shared_buffers=128MB"],
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, cwd=self.root,
            **self._popen_kw())
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise PostgresUnavailable(f"postgres exited: {self.log.read_text(errors='replace')[-2000:]}")
            if self._ready():
                return self
            time.sleep(0.1)
        self.stop()
        raise PostgresUnavailable(f"postgres did not accept connections within {timeout:.0f} s")

    def _ready(self) -> bool:
        import psycopg

        try:
            psycopg.connect(host=str(self.root), port=PORT, user="postgres", dbname="postgres",
                            connect_timeout=2).close()
        except psycopg.OperationalError:
            return False
        return True

    def url(self, dbname: str) -> str:
        return f"postgresql+psycopg://postgres@/{dbname}?host={self.root}&port={PORT}"

    def create_database(self, name: str) -> str:
        """A fresh empty database; returns its SQLAlchemy URL."""
        import psycopg

        with psycopg.connect(host=str(self.root), port=PORT, user="postgres", dbname="postgres",
                             autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def _halt(self, timeout: float) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)  # fast shutdown: clients are disconnected
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def restart(self, timeout: float = 30.0) -> None:
        """Stop the server (every client connection drops) and start it again on the same data."""
        self._halt(timeout)
        self._serve(timeout)

    def stop(self, timeout: float = 20.0) -> None:
        """Fast shutdown of the server we started (by its PID), then remove its directory."""
        self._halt(timeout)
        shutil.rmtree(self.root, ignore_errors=True)


@pytest.fixture(scope="module")
def postgres() -> Iterator[PostgresCluster]:
    """A PostgreSQL cluster for the tests of one module."""
    try:
        cluster = PostgresCluster()
    except PostgresUnavailable as exc:
        pytest.skip(str(exc))
    with cluster:
        yield cluster
