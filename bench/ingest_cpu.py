"""CPU per case of network ingest, in-process: servicenet's store.submit_batch (unseal, validate, canonicalise,
hash, insert) on batches of sealed kiosk cases in a SQLite file, without the web stack or the network.

Baseline (same run, same database, same cases): the bare insert of bench/servicenet_load.py
(servicenet/benchbare.py: as many rows per case, same bulk insert, no unsealing and no checks). The ratio is
the CPU a real case costs over the bare one; the difference is what servicenet's own checks cost per case.

    .venv/bin/python -m bench ingest_cpu [--quick]
"""
from __future__ import annotations

import json
import random
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.servicenet_load import Kiosk, _cases
from servicenet import benchbare, db, keys, seed, store
from servicenet.calendar import current
from sync.crypto import unb64

BATCH = 100


def _per_case_us(fn: Any, batches: list[list[dict[str, Any]]]) -> float:
    t0 = time.process_time()
    for b in batches:
        fn(b)
    return (time.process_time() - t0) / sum(len(b) for b in batches) * 1e6


def run(quick: bool = False) -> dict[str, dict[str, object]]:
    n = 1000 if quick else 10000
    with tempfile.TemporaryDirectory() as tmp:
        engine = db.make_engine(f"sqlite:///{Path(tmp) / 'net.db'}")
        try:
            db.create_all(engine)
            seed.seed_if_empty(engine)
            benchbare.scratch.create_all(engine)
            seal_key = keys.load_or_create(engine)
            kiosk = Kiosk("K-440105-001", 1, None)  # type: ignore[arg-type]  # unsigned: no request is made
            _cases(kiosk, 2 * n, unb64(seal_key.public_b64), random.Random(19))
            raw = [json.loads(b) for b in kiosk.bodies]
            real = [raw[i:i + BATCH] for i in range(0, n, BATCH)]
            bare = [raw[i:i + BATCH] for i in range(n, 2 * n, BATCH)]
            calendar = current()
            results: list[dict[str, Any]] = []
            value = _per_case_us(lambda b: results.extend(
                store.submit_batch(engine, b, opener=seal_key.open_case, calendar=calendar)), real)
            assert all(r["result"] == "created" for r in results), results[:3]
            baseline = _per_case_us(lambda b: benchbare._insert(engine, b), bare)
        finally:
            engine.dispose()
    return {"ingest_cpu_per_case": {"value": round(value, 1), "unit": "us", "baseline": round(baseline, 1),
                                    "baseline_name": "bare insert of the same cases (benchbare), in-process",
                                    "ratio": round(value / baseline, 2), "n": n}}
