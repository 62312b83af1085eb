"""/admin/figures (统计分析) and /admin/supervision (电子监察) after the network holds 10,000+ cases: p95 of each
page, as a ratio to /v1/health on the same server in the same run (goal: figures p95 ≤ 500 ms).

The cases go in through the network's own batch upsert (store.submit_batch, 100 a batch), over 90 days, three
halls' kiosks and the web; a tenth are accepted and half of those completed, a tenth rated. The server is the
real `servicenet serve` process; a 监察 account signs in with password + TOTP like any clerk."""
from __future__ import annotations

import statistics
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pyotp
import requests
import sqlalchemy as sa

from domain import idnumber, regcode
from servicenet import db, seed, store
from servicenet.backoffice import accounts
from servicenet.db import cases, ratings, status_events
from servicenet.process import start_servicenet

SERVICE = "11440105007512345X4440117001000"  # 居民身份证换领 (20 working days)
CST = timezone(timedelta(hours=8))
GOAL_MS = 500.0
PASSWORD = "bench password 1"


def _case(i: int, today: date) -> dict[str, Any]:
    day = today - timedelta(days=i % 90)
    first17 = f"440105{1950 + i % 50:04d}0101{i % 1000:03d}"
    number = first17 + idnumber.check_char(first17)
    device = i % 4  # 0: the web channel, else one of three halls' kiosks
    return {"code": regcode.make("440105", device, day, i // 90 + 1), "service_code": SERVICE,
            "channel": "web" if device == 0 else "kiosk", "device_id": "" if device == 0 else f"440105-00{device}",
            "submitted_at": datetime(day.year, day.month, day.day, 9, 30, tzinfo=CST).isoformat(),
            "applicant": {"name": "测试", "id_number": number, "source": "id_card"},
            "form": {"name": "测试", "id_number": number, "phone": "13800138000", "reason": "到期换领"}}


def fill(url: str, n: int, today: date) -> None:
    engine = db.make_engine(url)
    db.create_all(engine)
    seed.seed_if_empty(engine)
    try:
        batch: list[dict[str, Any]] = []
        for i in range(n):
            batch.append(_case(i, today))
            if len(batch) == 100 or i == n - 1:
                store.submit_batch(engine, batch)
                batch = []
        with engine.begin() as conn:
            codes = [r.code for r in conn.execute(sa.text("SELECT code FROM cases ORDER BY code"))]
            moved = codes[::10]
            conn.execute(sa.update(cases).where(cases.c.code.in_(moved)).values(status="accepted"))
            conn.execute(sa.insert(status_events), [{"code": c, "status": "accepted", "at": f"{today}T10:00:00+08:00",
                                                    "note": ""} for c in moved])
            done = moved[::2]
            conn.execute(sa.insert(status_events), [{"code": c, "status": "completed",
                                                    "at": f"{today}T11:00:00+08:00", "note": ""} for c in done])
            conn.execute(sa.insert(ratings), [{"code": c, "level": 1 + k % 5, "reasons": '["办理时间长"]',
                                               "at": f"{today}T12:00:00+08:00", "channel": "kiosk"}
                                              for k, c in enumerate(codes[5::10])])
        accounts.add(engine, "BENCH", "监察", ["supervisor"], [], PASSWORD)
    finally:
        engine.dispose()


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[18] if len(values) > 1 else values[0]


def _timed(session: requests.Session, url: str) -> float:
    t0 = time.perf_counter()
    r = session.get(url, timeout=60)
    took = (time.perf_counter() - t0) * 1000
    if r.status_code != 200:
        raise RuntimeError(f"{url}: {r.status_code} {r.text[:200]}")
    return took


def run(quick: bool = False) -> dict[str, dict[str, object]]:
    n, samples = (1_000, 8) if quick else (10_500, 40)
    today = date.today()
    with tempfile.TemporaryDirectory(prefix="hk-bench-office-") as tmp:
        url = f"sqlite:///{Path(tmp) / 'net.db'}"
        t0 = time.perf_counter()
        fill(url, n, today)
        filled = time.perf_counter() - t0
        with start_servicenet(url) as net, requests.Session() as s:
            with sa.create_engine(url).connect() as conn:
                secret = conn.execute(sa.text("SELECT totp_secret FROM staff_accounts WHERE staff_id='BENCH'")).scalar()
            r = s.post(net.url + "/admin/login", timeout=30,
                       data={"staff_id": "BENCH", "password": PASSWORD, "code": pyotp.TOTP(secret).now(),
                             "next": "/admin/complaints"})  # not a counted page: the first counts are measured below
            if r.status_code != 200 or "差评整改" not in r.text:
                raise RuntimeError(f"the 监察 account did not sign in: {r.status_code}")
            cold = _timed(s, net.url + "/admin/figures")  # counted now: nothing cached yet
            cold_board = _timed(s, net.url + "/admin/supervision")
            _timed(s, net.url + "/v1/health")  # warm
            got: dict[str, list[float]] = {"/admin/figures": [], "/admin/supervision": [], "/v1/health": []}
            for _ in range(samples):  # interleaved, so all three see the same machine
                for path, times in got.items():
                    times.append(_timed(s, net.url + path))
    base = p95(got["/v1/health"])
    out: dict[str, dict[str, object]] = {"office_figures_cold": {
        "value": round(cold, 1), "unit": "ms", "baseline": round(base, 2),
        "baseline_name": "p95 of GET /v1/health, same server, same run", "ratio": round(cold / base, 1), "n": 1,
        "cases": n, "note": "the first /admin/figures: every figure counted (later ones within 30 s are cached)"},
        "office_supervision_cold": {
        "value": round(cold_board, 1), "unit": "ms", "baseline": round(base, 2),
        "baseline_name": "p95 of GET /v1/health, same server, same run", "ratio": round(cold_board / base, 1),
        "n": 1, "cases": n, "note": "the first /admin/supervision: every light computed (then cached 30 s)"}}
    print(f"office_figures_cold: {cold:.1f} ms for the first, uncached /admin/figures with {n} cases", flush=True)
    for key, path in (("office_figures_p95", "/admin/figures"), ("office_supervision_p95", "/admin/supervision")):
        value = p95(got[path])
        out[key] = {"value": round(value, 1), "unit": "ms", "baseline": round(base, 2),
                    "baseline_name": "p95 of GET /v1/health, same server, same run", "ratio": round(value / base, 1),
                    "n": samples, "cases": n, "goal": GOAL_MS, "met": value <= GOAL_MS,
                    "note": f"{n} cases filled in {filled:.0f} s"}
        print(f"{key}: {value:.1f} ms p95 with {n} cases (goal {GOAL_MS:.0f} ms), /v1/health p95 {base:.2f} ms",
              flush=True)
    return out
