"""What durability costs a payment: every call journaled before and after (two fsynced SQLite transactions) against
the same calls made straight to the gateway, and how fast a restarted kiosk settles the orders a crash left open.

Both sides use servicenet's real gateway and sandbox provider in this process (tests/helpers/inprocess.py), so
the ratio is the journal's own cost; over the network the call itself dominates and the ratio shrinks.
"""
from __future__ import annotations

import statistics
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from domain import idnumber, regcode
from domain.models import Person
from servicenet import db
from servicenet.payments.gateway import Gateway
from sync.catalogue import Catalogue
from sync.model import Application
from sync.outbox import KioskIdentity, Outbox
from sync.payments import PaymentDesk
from sync.regseq import CodeIssuer
from sync.store import Store
from tests.helpers.inprocess import InProcessProvider

CST = timezone(timedelta(hours=8))
FEE, ITEM = 2000, "居民身份证工本费"


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[18]


def _kiosk(folder: Path, n: int) -> tuple[Store, Outbox, list[str]]:
    store = Store(folder / "kiosk.db")
    catalogue = Catalogue(store)
    catalogue.seed_if_empty()
    outbox = Outbox(store, CodeIssuer("440105", 1), KioskIdentity("440105-001", "bench", "http://x/track"),
                    catalogue, lambda: datetime(2026, 11, 26, 10, tzinfo=CST))
    first17 = "44011719560308042"
    person = Person("张秀英", first17 + idnumber.check_char(first17))
    service = catalogue.search("sfz")[0]
    with store.read() as c:
        c.execute("PRAGMA synchronous=OFF")  # preparation is not measured
    done = [outbox.enqueue(Application(service, person, {"name": person.name})).code for _ in range(n)]
    with store.read() as c:
        c.execute("PRAGMA synchronous=FULL")
    return store, outbox, done


def _gateway() -> Gateway:
    engine = db.make_engine("sqlite://")
    db.create_all(engine)
    return Gateway(engine)


def _raw_round(provider: InProcessProvider, code: str) -> float:
    no = f"{code}K001"
    t0 = time.perf_counter()
    provider.create_native(no, code, FEE, ITEM, 180)
    provider.query(no)
    provider.close_order(no)
    provider.query(no)
    return time.perf_counter() - t0


def _journaled_round(desk: PaymentDesk, code: str) -> float:
    t0 = time.perf_counter()
    order = desk.start_native(code, FEE, ITEM)
    desk.poll(order.out_trade_no)
    desk.give_up(order.out_trade_no)  # close, then query
    return time.perf_counter() - t0


def run(quick: bool) -> dict[str, dict[str, Any]]:
    n = 30 if quick else 200
    out: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        store, outbox, cases = _kiosk(Path(tmp), 2 * n)
        raw = InProcessProvider(_gateway())
        baseline = [_raw_round(raw, regcode.make("440105", 2, date(2026, 11, 26), i + 1)) for i in range(n)]
        desk = PaymentDesk(store, InProcessProvider(_gateway()), outbox, outbox.clock)
        journaled = [_journaled_round(desk, code) for code in cases[:n]]
        b, v = p95(baseline) * 1000, p95(journaled) * 1000
        out["payment_qr_round_p95"] = {"value": round(v, 2), "unit": "ms", "baseline": round(b, 2),
                                       "baseline_name": "the same 4 calls unjournaled", "ratio": round(v / b, 2),
                                       "n": n}
        # a crash leaves n QR orders open; the restarted kiosk settles them all (query, close, query each)
        crashed = InProcessProvider(_gateway())
        desk = PaymentDesk(store, crashed, outbox, outbox.clock)
        for code in cases[n:]:
            desk.start_native(code, FEE, ITEM)
        t0 = time.perf_counter()
        settled = PaymentDesk(store, crashed, outbox, outbox.clock).reconcile()
        took = time.perf_counter() - t0
        assert len(settled) == n and all(o.state.value == "CLOSED" for o in settled)
        raw_each = statistics.mean(baseline) / 4 * 3  # three unjournaled calls per order
        out["payment_reconcile_per_order"] = {
            "value": round(took / n * 1000, 2), "unit": "ms", "baseline": round(raw_each * 1000, 2),
            "baseline_name": "query+close+query unjournaled", "ratio": round(took / n / raw_each, 2), "n": n}
        store.close()
    return out


if __name__ == "__main__":
    for key, r in run(quick=True).items():
        print(key, r)
