"""Catalogue initial sync of 100,000 items from a real servicenet, then a delta of 100 changes (deletions included).

Each is set against fetching the same pages without storing them (the network's share of the time), measured
in the same run; the goals are ≤ 30 s for the initial sync and ≤ 1 s for the delta.
"""
from __future__ import annotations

import tempfile
import time
from pathlib import Path

from bench._enrolled import enroll_kiosk
from bench.catalogue_corpus import items
from servicenet import catalogue as net_catalogue
from servicenet import db
from servicenet.process import start_servicenet
from sync.catalogue import Catalogue
from sync.client import NetClient
from sync.store import Store


def _fetch_only(client: NetClient, cursor: int) -> tuple[float, int]:
    t0 = time.perf_counter()
    n = 0
    while True:
        page = client.catalogue_page(cursor, 1000)
        n += len(page.items)
        if not page.more:
            return time.perf_counter() - t0, n
        cursor = page.cursor


def run(quick: bool = False) -> dict[str, dict[str, object]]:
    n = 20_000 if quick else 100_000
    corpus = items(n)
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'net.db'}"
        engine = db.make_engine(url)
        db.create_all(engine)
        net_catalogue.import_catalogue(engine, corpus)
        with start_servicenet(url) as net:
            client = enroll_kiosk(net).client(net.url)  # /v1/catalogue answers signed requests only
            store = Store(Path(tmp) / "kiosk.db")
            catalogue = Catalogue(store)
            progress: list[tuple[int, int]] = []
            t0 = time.perf_counter()
            got = catalogue.pull(client, progress=lambda done, total: progress.append((done, total)))
            initial = time.perf_counter() - t0
            assert got == n and progress[-1] == (n, n) and progress[0][1] == n, progress[:2]
            fetch_initial, _ = _fetch_only(client, 0)
            cursor = int(store.get_kv("catalogue_cursor"))
            changed = [dict(i, name=i["name"] + "（新）", version=2) for i in corpus[100:180]]
            net_catalogue.import_catalogue(engine, changed)
            for i in corpus[200:220]:
                net_catalogue.retire_service(engine, i["code"])
            t0 = time.perf_counter()
            got_delta = catalogue.pull(client)
            delta = time.perf_counter() - t0
            assert got_delta == 100 and catalogue.get(corpus[200]["code"]) is None
            fetch_delta, _ = _fetch_only(client, cursor)
            client.close()
            store.close()
        engine.dispose()
    return {
        "catalogue_initial_sync_100k": {"value": round(initial, 2), "unit": "s", "baseline": round(fetch_initial, 2),
                                        "baseline_name": "fetch the same pages without storing",
                                        "ratio": round(initial / fetch_initial, 2), "n": n},
        "catalogue_delta_100": {"value": round(delta * 1000, 1), "unit": "ms", "baseline": round(fetch_delta * 1000, 1),
                                "baseline_name": "fetch the same delta without storing",
                                "ratio": round(delta / fetch_delta, 2), "n": 100},
    }
