"""Durable enqueue p95 against a raw sqlite3 insert+commit with the same pragmas."""
from __future__ import annotations

import sqlite3
import statistics
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from domain import idnumber
from domain.models import Person
from sync.catalogue import Catalogue
from sync.regseq import CodeIssuer
from sync.model import Application
from sync.outbox import KioskIdentity, Outbox
from sync.store import Store


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[18]


def _raw(path: Path, n: int, body: bytes) -> list[float]:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, payload BLOB)")
    out = []
    for _ in range(n):
        t0 = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO t(payload) VALUES(?)", (body,))
        conn.execute("COMMIT")
        out.append(time.perf_counter() - t0)
    conn.close()
    return out


def _enqueue(path: Path, n: int) -> tuple[list[float], int]:
    store = Store(path)
    catalogue = Catalogue(store)
    catalogue.seed_if_empty()
    tz = timezone(timedelta(hours=8))
    outbox = Outbox(store, CodeIssuer("440105", 1), KioskIdentity("440105-001", "bench", "http://x/track"),
                    catalogue, lambda: datetime(2026, 11, 26, 10, tzinfo=tz))
    first17 = "44011719560308042"
    person = Person("张秀英", first17 + idnumber.check_char(first17), address="广东省广州市从化区鳌头镇龙潭村")
    service = catalogue.search("sfz")[0]
    app = Application(service, person, {"name": person.name, "id_number": person.id_number,
                                        "phone": "13800138000", "reason": "到期换领"})
    out = []
    size = 0
    for _ in range(n):
        t0 = time.perf_counter()
        outbox.enqueue(app)
        out.append(time.perf_counter() - t0)
    with store.read() as c:
        size = len(c.execute("SELECT payload FROM outbox LIMIT 1").fetchone()[0])
    store.close()
    return out, size


def run(quick: bool = False) -> dict[str, dict[str, object]]:
    n = 100 if quick else 500
    with tempfile.TemporaryDirectory() as tmp:
        enq, size = _enqueue(Path(tmp) / "kiosk.db", n)
        raw = _raw(Path(tmp) / "raw.db", n, b"x" * size)
    value, base = p95(enq) * 1000, p95(raw) * 1000
    return {
        "enqueue_p95": {"value": round(value, 3), "unit": "ms", "baseline": round(base, 3),
                        "baseline_name": "raw sqlite3 insert+commit, WAL + synchronous=FULL",
                        "ratio": round(value / base, 2), "n": n}
    }
