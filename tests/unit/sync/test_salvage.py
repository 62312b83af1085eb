"""sync/salvage.py: a damaged kiosk.db is set aside (kept), rebuilt from what can be read of it and from the
network, staff are told what could not be recovered, and no code is ever issued twice."""
from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from domain.status import SyncState
from drivers.base import MESSAGES, SALVAGED
from servicenet.process import start_servicenet
from sync import salvage
from sync.cases import CaseBook
from sync.catalogue import Catalogue
from sync.client import NetClient
from sync.desk import SyncDesk
from sync.engine import SyncEngine
from sync.outbox import KioskIdentity, Outbox
from sync.regseq import CodeIssuer
from sync.store import Store
from tests.helpers.enroll import signed

NOW = datetime(2026, 11, 26, 9, 30, tzinfo=timezone(timedelta(hours=8)))


def kiosk(path: Path, number: int = 1, device: str = "440105-001") -> tuple[Store, Outbox]:
    store = Store(path)
    catalogue = Catalogue(store)
    catalogue.seed_if_empty()
    return store, Outbox(store, CodeIssuer("440105", number), KioskIdentity(device, "大厅", "http://x/track"),
                         catalogue, lambda: NOW)


def close_checkpointed(store: Store) -> None:
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()


def damage_table(path: Path, table: str) -> None:
    """Overwrite the root page of one table with garbage (a torn write there)."""
    conn = sqlite3.connect(path)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name=?", (table,)).fetchone()[0]
    conn.close()
    with open(path, "r+b") as f:
        f.seek((root - 1) * page_size + 8)
        f.write(b"\xa5" * (page_size - 8))


def test_a_sound_file_stays_where_it_is(tmp_path: Path) -> None:
    store, _ = kiosk(tmp_path / "kiosk.db")
    close_checkpointed(store)
    assert salvage.set_aside_if_damaged(tmp_path / "kiosk.db", NOW) is None
    assert (tmp_path / "kiosk.db").exists()


def test_readable_cases_come_back_from_the_set_aside_file(tmp_path: Path, application) -> None:
    db = tmp_path / "kiosk.db"
    store, outbox = kiosk(db)
    codes = [outbox.enqueue(application).code for _ in range(3)]
    close_checkpointed(store)
    damage_table(db, "services")  # the catalogue cache is torn; the cases are intact
    aside = salvage.set_aside_if_damaged(db, NOW)
    assert aside is not None and aside.exists() and not db.exists()
    assert aside.name == "kiosk.db.corrupt-20261126T093000"
    store, outbox = kiosk(db)
    report = salvage.salvage(aside, store, NOW)
    assert sorted(report.recovered) == sorted(codes)
    with store.read() as c:
        assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        queued = sorted(r[0] for r in c.execute("SELECT ref FROM outbox WHERE kind='case' AND state='queued'"))
    assert queued == sorted(codes)  # they will still be sent
    fresh = outbox.enqueue(application).code
    assert fresh not in codes and int(fresh[15:19]) > 3 + salvage.RESERVE - 1
    desk = SyncDesk(store, outbox, None)
    [note] = desk.health().notes  # the staff screen says it in the clerk's language (kiosk/viewmodels/notes.py)
    assert note.code == SALVAGED and note.args == (aside.name, "3") and "damaged" in note
    assert aside.exists()  # kept for a technician
    store.close()


def test_an_unreadable_file_loses_its_rows_but_never_a_code(tmp_path: Path, application) -> None:
    db = tmp_path / "kiosk.db"
    store, outbox = kiosk(db)
    told = [outbox.enqueue(application).code for _ in range(2)]
    close_checkpointed(store)
    db.write_bytes(b"\x00" * 4096 + db.read_bytes()[4096:])  # the header and first page are gone
    aside = salvage.set_aside_if_damaged(db, NOW)
    assert aside is not None
    store, outbox = kiosk(db)
    report = salvage.salvage(aside, store, NOW)
    assert report.recovered == [] and report.lost
    notes = report.notes()
    assert all(getattr(n, "code", "") in MESSAGES for n in notes) and "Not recovered" in report.summary()
    older = salvage.SalvageReport(str(aside), [], [], ["services 表无法读取"])  # words an older kiosk kept
    assert older.notes()[-1] == "services 表无法读取"
    fresh = outbox.enqueue(application).code
    assert fresh not in told and int(fresh[15:19]) > salvage.RESERVE
    store.close()


@pytest.fixture
def net(tmp_path: Path):
    with start_servicenet(f"sqlite:///{tmp_path / 'net.db'}") as server:
        yield signed(server)


def test_cases_the_network_holds_come_back_from_it(tmp_path: Path, application, net) -> None:
    db = tmp_path / "kiosk" / "kiosk.db"
    db.parent.mkdir()
    number = net.creds.enrollment.device_number
    store, outbox = kiosk(db, number, net.creds.device_id)
    client = NetClient(net.url, timeout=5, session=net.creds.session())
    sent = [outbox.enqueue(application).code for _ in range(2)]
    assert SyncEngine(store, outbox, Catalogue(store), client).run_once().accepted == 2
    close_checkpointed(store)
    db.write_bytes(b"garbage" * 1000)
    aside = salvage.set_aside_if_damaged(db, NOW)
    assert aside is not None
    store, outbox = kiosk(db, number, net.creds.device_id)
    salvage.salvage(aside, store, NOW)
    engine = SyncEngine(store, outbox, Catalogue(store), client)
    engine.listeners.append(salvage.NetworkRestore(store, client, net.creds.device_id).after_sync)
    assert engine.run_once().online
    with store.read() as c:
        back = {r[0]: r[1] for r in c.execute("SELECT code, status FROM cases")}
    assert back == {code: "submitted" for code in sent}
    report = json.loads(store.get_kv(salvage.KEY))
    assert sorted(report["from_network"]) == sorted(sent)
    assert store.get_kv(salvage.KEY + "_pending") == "0"
    # and the kiosk finds them again (track, staff) with no network: held there, never to be sent again
    book = CaseBook(store, outbox, None)
    found = [book.get(code) for code in sent]
    assert all(c is not None and c.sync_state is SyncState.ACCEPTED for c in found), found
    assert engine.run_once().sent == 0 and outbox.depth() == {"accepted": 2}
    assert outbox.enqueue(application).code not in sent
    client.close()
    store.close()
