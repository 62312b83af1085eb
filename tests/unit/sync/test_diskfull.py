"""A full disk, for real: the kiosk's folder on a small tmpfs, filled by a ballast file to a different level each
round, so ENOSPC strikes at a different write each time (the WAL, an attachment file, a commit, the audit log).
Each round: every case the resident was given a code for is whole, a failed one left nothing, the disk state
says 磁盘已满 (staff line, heartbeat), and once the ballast goes the next case is saved and nothing is lost.

Needs root to mount the tmpfs (as CI has); the run prints its seed, HK_ENOSPC_SEED=<seed> replays it.
"""
from __future__ import annotations

import errno
import os
import random
import shutil
import sqlite3
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from drivers.base import DISK_FULL_NOTE
from sync.audit import AuditLog
from sync.catalogue import Catalogue
from sync.desk import SyncDesk
from sync.diskfull import DiskFull, DiskWatch, is_disk_full
from sync.heartbeat import beat
from sync.model import Attachment
from sync.outbox import KioskIdentity, Outbox
from sync.regseq import CodeIssuer
from sync.store import Store
from tests.helpers.smalldisk import fill, small_disk  # noqa: F401  (fixture: a small tmpfs)
from tests.unit.sync.conftest import scan

NOW = datetime(2026, 11, 26, 9, 30, tzinfo=timezone(timedelta(hours=8)))
ROUNDS = 30


def test_the_errors_that_mean_a_full_disk() -> None:
    assert is_disk_full(OSError(errno.ENOSPC, "No space left on device"))
    assert is_disk_full(sqlite3.OperationalError("database or disk is full"))
    assert not is_disk_full(OSError(errno.EACCES, "Permission denied"))
    space = [0]
    watch = DiskWatch(Path("."), min_free=100, free=lambda _p: space[0])
    watch.failed("enqueue")
    assert watch.full
    watch.succeeded()
    assert watch.full  # still no room
    space[0] = 1000
    assert not watch.full


def test_enospc_at_every_write_loses_nothing_and_says_so(small_disk: Path, application) -> None:  # noqa: F811 - the fixture imported above
    seed = int(os.environ.get("HK_ENOSPC_SEED") or random.randrange(2**32))
    print(f"seed={seed} (replay: HK_ENOSPC_SEED={seed})")
    rng = random.Random(seed)
    lost = duplicated = refused = 0
    where: dict[str, int] = {}
    for n in range(ROUNDS):
        folder = small_disk / f"kiosk-{n}"
        folder.mkdir()
        store = Store(folder / "kiosk.db")
        catalogue = Catalogue(store)
        catalogue.seed_if_empty()
        outbox = Outbox(store, CodeIssuer("440105", 1), KioskIdentity("440105-001", "大厅", "http://x/track"),
                        catalogue, lambda: NOW)
        audit = AuditLog(store, "440105-001", lambda: NOW, send=False)
        # what is left after the ballast: a different write fails each round
        ballast = fill(small_disk, rng.randrange(0, 160 * 1024))
        told: list[str] = []
        full = None
        for i in range(200):
            try:
                files = (Attachment("居民身份证", "image/jpeg", scan(6000 + i, 1000 * n + 2 * i)),
                         Attachment("signature", "image/png", scan(900 + i, 1000 * n + 2 * i + 1)))
                told.append(outbox.enqueue(replace(application, attachments=files)).code)
                audit.record("submit", "resident", code=told[-1])
            except DiskFull as exc:
                full = exc
                break
        assert full is not None, "the disk never filled"
        refused += 1
        where[type(full.__cause__).__name__] = where.get(type(full.__cause__).__name__, 0) + 1
        health = SyncDesk(store, outbox, None).health()
        assert health.disk_full and [getattr(n, "code", "") for n in health.notes] == [DISK_FULL_NOTE]
        assert beat(health, {}, NOW, "test")["disk"] == "full"
        with pytest.raises(DiskFull):  # the audit log meets the same full disk, and says so the same way
            audit.record("staff_login", "S001", big="x" * 400_000)
        with store.read() as c:
            held = [r[0] for r in c.execute("SELECT code FROM cases ORDER BY code")]
            queued = [r[0] for r in c.execute("SELECT ref FROM outbox WHERE kind='case' ORDER BY ref")]
        lost += len(set(told) - set(held))
        duplicated += len(held) - len(set(held))
        assert held == sorted(told) == queued  # a refused case left no row; every saved one is whole
        with store.read() as c:
            files_of = c.execute("SELECT code, sha256 FROM case_attachments").fetchall()
        assert len(files_of) == 2 * len(told)
        for _code, sha in files_of:
            outbox.files.read(sha)  # present, and its bytes match its name
        assert not [p for p in folder.rglob("*.tmp")]  # no half-written attachment file left behind
        ballast.unlink()  # a technician frees space: work goes on
        again = outbox.enqueue(application).code
        assert again not in told and not store.disk.full
        assert not SyncDesk(store, outbox, None).health().disk_full
        with store.read() as c:
            assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert c.execute("SELECT COUNT(*) FROM cases").fetchone()[0] == len(told) + 1
        assert audit.verify().ok
        store.close()
        shutil.rmtree(folder)
    print(f"ENOSPC rounds: {ROUNDS}, refused submits: {refused} (failed in {where}); "
          f"lost = {lost}, duplicated = {duplicated}")
    assert (lost, duplicated) == (0, 0)


def test_the_print_journal_on_a_full_disk_says_so_and_catches_up(small_disk: Path, application) -> None:  # noqa: F811 - the fixture imported above
    """Marking a case printed is the print journal's one disk write: on a full disk it fails as DiskFull (the
    staff see 磁盘已满), leaves the case unprinted rather than half-written, and goes through once space returns."""
    store = Store(small_disk / "kiosk.db")
    catalogue = Catalogue(store)
    catalogue.seed_if_empty()
    outbox = Outbox(store, CodeIssuer("440105", 1), KioskIdentity("440105-001", "大厅", "http://x/track"),
                    catalogue, lambda: NOW)
    codes = [outbox.enqueue(application).code for _ in range(40)]
    assert outbox.unprinted() == 40
    ballast = fill(small_disk, 0)
    refused: list[str] = []
    for code in codes:  # SQLite may reuse journal pages it already holds: the disk fails some writes, not all
        try:
            outbox.mark_printed(code)
        except DiskFull as exc:
            assert is_disk_full(exc.__cause__)
            refused.append(code)
    assert refused, "the full disk never refused the print journal"
    assert store.disk.full and SyncDesk(store, outbox, None).health().disk_full
    with store.read() as c:
        printed = {r[0]: r[1] for r in c.execute("SELECT code, printed FROM cases")}
        assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert {code for code, p in printed.items() if not p} == set(refused)  # a refused mark left the case unprinted
    assert outbox.unprinted() == len(refused)
    ballast.unlink()
    for code in refused:
        outbox.mark_printed(code)
    assert outbox.unprinted() == 0 and not store.disk.full
    store.close()
