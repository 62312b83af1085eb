"""Drain 10,000 queued cases to a real servicenet over loopback, against naive one-POST-per-case with requests.

The naive sender (a fresh `requests.post` of one case per request, as a first draft would do) is timed on a
sample of the same kind of cases in the same run (it is too slow for all 10,000 in bench time); its rate is
the baseline. The kiosk's engine sends batches of 100 over one kept-alive connection under its lease.
"""
from __future__ import annotations

import random
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import requests

from bench._enrolled import enroll_kiosk
from domain import idnumber
from domain.models import Person
from servicenet.process import start_servicenet
from sync.catalogue import Catalogue
from sync.crypto import RequestSigner
from sync.engine import SyncEngine
from sync.model import Application
from sync.outbox import KioskIdentity, Outbox
from sync.regseq import CodeIssuer
from sync.store import Store

CST = timezone(timedelta(hours=8))


def _kiosk(path: Path, device: int, n: int) -> tuple[Store, Outbox]:
    """A kiosk store holding n queued cases (filled with synchronous=OFF: preparation is not measured)."""
    store = Store(path)
    catalogue = Catalogue(store)
    catalogue.seed_if_empty()
    start = datetime(2026, 11, 26, 8, tzinfo=CST)
    tick = iter(range(10**9))
    outbox = Outbox(store, CodeIssuer("440105", device), KioskIdentity(f"440105-{device:03d}", "bench", "http://x"),
                    catalogue, lambda: start + timedelta(days=next(tick) // 9000, seconds=next(tick) % 9000))
    service = catalogue.search("sfz")[0]
    rng = random.Random(device)
    with store.read() as c:
        c.execute("PRAGMA synchronous=OFF")
    for i in range(n):
        first17 = f"44011419{rng.randint(50, 99)}0308{i % 1000:03d}"
        person = Person("张秀英", first17 + idnumber.check_char(first17), address="广东省广州市从化区鳌头镇")
        outbox.enqueue(Application(service, person, {"name": person.name, "id_number": person.id_number,
                                                     "phone": "13800138000", "reason": f"到期换领 {i}"}))
    with store.read() as c:
        c.execute("PRAGMA synchronous=FULL")
    return store, outbox


def _naive(url: str, bodies: list[bytes], auth: RequestSigner) -> float:
    """One signed requests.post per case, a new connection each time; returns the seconds taken."""
    t0 = time.perf_counter()
    for body in bodies:
        r = requests.post(f"{url}/v1/cases/batch", data=b'{"cases":[' + body + b"]}", auth=auth,
                          headers={"Content-Type": "application/json"}, timeout=30)
        assert r.json()["results"][0]["result"] == "created", r.text
    return time.perf_counter() - t0


def run(quick: bool = False) -> dict[str, dict[str, object]]:
    n, sample = (2000, 200) if quick else (10_000, 1000)
    with tempfile.TemporaryDirectory() as tmp:
        with start_servicenet(f"sqlite:///{Path(tmp) / 'net.db'}") as net:
            store, outbox = _kiosk(Path(tmp) / "kiosk.db", 1, n)
            naive_store, naive_outbox = _kiosk(Path(tmp) / "naive.db", 2, sample)
            with naive_store.read() as c:
                bodies = [bytes(r[0]) for r in c.execute("SELECT payload FROM outbox ORDER BY id")]
            kiosk = enroll_kiosk(net)
            naive_s = _naive(net.url, bodies, kiosk.auth)
            client = kiosk.client(net.url)
            engine = SyncEngine(store, outbox, outbox.catalogue, client, batch_size=100, pull_catalogue=False)
            t0 = time.perf_counter()
            report = engine.send_all()
            drain_s = time.perf_counter() - t0
            assert report.accepted == n and not report.error, report
            client.close()
            store.close()
            naive_store.close()
    rate, base = n / drain_s, sample / naive_s
    return {
        "sync_drain_10k": {"value": round(rate, 1), "unit": "cases/s", "baseline": round(base, 1),
                           "baseline_name": f"naive requests.post per case (sample of {sample})",
                           "ratio": round(rate / base, 2), "n": n},
        "sync_drain_10k_seconds": {"value": round(drain_s, 2), "unit": "s", "baseline": round(n / base, 2),
                                   "baseline_name": f"naive, extrapolated from {sample} cases",
                                   "ratio": round(drain_s / (n / base), 3), "n": n},
    }
