"""Alerts in the database: one per kiosk and condition, resolved when it clears, the technician told by SMS."""
from __future__ import annotations

import time
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from servicenet.db import devices
from servicenet.fleet import alerts
from servicenet.heartbeat import HeartbeatIn, record
from servicenet.sms.tables import sms_outbox

PAPER_OUT = {"health": "error", "reason": "paper end", "paper": "out"}


def add_kiosk(engine: Engine, number: int, hall: str = "鳌头镇便民服务中心") -> str:
    device_id = f"440105-{number:03d}"
    with engine.begin() as conn:
        conn.execute(sa.insert(devices).values(device_id=device_id, region="440105", number=number, public_key="x",
                                               hall_name=hall, status="active", enrolled_at="2026-12-04T10:00:00+08:00"))
    return device_id


def beat(now: float, **over: Any) -> HeartbeatIn:
    at = datetime.fromtimestamp(now).astimezone().isoformat()
    body: dict[str, Any] = {"at": at, "queue_depth": 0, "quarantined": 0, "last_sync": at, "online": True,
                            "printer": {"health": "ok", "reason": "", "paper": "ok"},
                            "reader": {"health": "ok", "reason": ""}, "app_version": "1"}
    body.update(over)
    return HeartbeatIn.model_validate(body)


def texts(engine: Engine) -> list[tuple[str, str]]:
    with engine.connect() as conn:
        return [(r.phone, r.text) for r in conn.execute(sa.select(sms_outbox).order_by(sms_outbox.c.created_at))]


def test_one_alert_per_condition_resolved_when_it_clears(memory_db: Engine) -> None:
    kiosk = add_kiosk(memory_db, 1)
    alerts.set_technician(memory_db, "hall:鳌头镇便民服务中心", "139 0000 1111", "李工")
    now = time.time()
    for i in range(5):  # five beats with the paper out: one alert, one message
        record(memory_db, kiosk, beat(now + i, printer=PAPER_OUT), now + i)
    [alert] = alerts.listing(memory_db)
    assert alert["condition"] == "paper_out" and alert["open"] and alert["notified"] == "13900001111"
    assert len(texts(memory_db)) == 1 and "440105-001" in texts(memory_db)[0][1] and "缺纸" in texts(memory_db)[0][1]

    record(memory_db, kiosk, beat(now + 10), now + 10)  # paper back
    [alert] = alerts.listing(memory_db)
    assert not alert["open"] and alert["resolved_at"] is not None
    assert [t for _, t in texts(memory_db)][1].count("已恢复") == 1
    record(memory_db, kiosk, beat(now + 11), now + 11)
    assert len(texts(memory_db)) == 2  # nothing more while healthy

    record(memory_db, kiosk, beat(now + 20, printer=PAPER_OUT), now + 20)  # out again: a new alert
    assert [a["open"] for a in alerts.listing(memory_db)] == [True, False]


def test_the_most_specific_technician_is_told(memory_db: Engine) -> None:
    a, b, c = add_kiosk(memory_db, 1), add_kiosk(memory_db, 2, "其他大厅"), add_kiosk(memory_db, 3, "第三大厅")
    alerts.set_technician(memory_db, "*", "13900000000")
    alerts.set_technician(memory_db, "hall:其他大厅", "13900000002")
    alerts.set_technician(memory_db, f"device:{a}", "13900000001")
    now = time.time()
    for kiosk in (a, b, c):
        record(memory_db, kiosk, beat(now, quarantined=1), now)
    assert {x["device_id"]: x["notified"] for x in alerts.listing(memory_db)} == {
        a: "13900000001", b: "13900000002", c: "13900000000"}


def test_offline_is_raised_once_and_cleared_by_a_beat(memory_db: Engine) -> None:
    kiosk = add_kiosk(memory_db, 1)
    alerts.set_technician(memory_db, "*", "13900000000")
    now = time.time()
    record(memory_db, kiosk, beat(now), now)
    assert alerts.sweep(memory_db, now + 60, offline_after=600) == 0
    assert alerts.sweep(memory_db, now + 601, offline_after=600) == 1
    assert alerts.sweep(memory_db, now + 900, offline_after=600) == 0  # still the one alert
    [alert] = alerts.listing(memory_db, open_only=True)
    assert alert["condition"] == "offline" and "10 分钟" in alert["text"]
    record(memory_db, kiosk, beat(now + 1000), now + 1000)
    assert alerts.listing(memory_db, open_only=True) == []
    assert [("失联" in t, "已恢复" in t) for _, t in texts(memory_db)] == [(True, False), (True, True)]


def test_a_second_node_raising_the_same_alert_is_a_no_op(memory_db: Engine) -> None:
    kiosk = add_kiosk(memory_db, 1)
    from servicenet.fleet.conditions import offline

    with memory_db.begin() as conn:
        assert alerts._raise(conn, kiosk, offline(12), time.time())
        assert not alerts._raise(conn, kiosk, offline(12), time.time())  # the unique open key refuses it
    assert len(alerts.listing(memory_db)) == 1


def test_a_revoked_kiosk_is_not_swept(memory_db: Engine) -> None:
    kiosk = add_kiosk(memory_db, 1)
    now = time.time()
    record(memory_db, kiosk, beat(now), now)
    with memory_db.begin() as conn:
        conn.execute(sa.update(devices).values(status="revoked"))
    assert alerts.sweep(memory_db, now + 3600, offline_after=600) == 0


def test_a_kiosk_typed_full_width_or_spaced_is_the_kiosk_and_an_unknown_one_is_refused(memory_db: Engine) -> None:
    """`servicenet fleet technician --device ４４０１０５－００１`: the kiosk's own technician is told; a kiosk that
    does not exist is refused in words instead of a scope that never matches (its alerts silently elsewhere)."""
    import pytest

    kiosk = add_kiosk(memory_db, 1)
    alerts.set_technician(memory_db, "*", "13900000000")
    alerts.set_technician(memory_db, "device:４４０１０５－００１ ", "13900000001")
    now = time.time()
    record(memory_db, kiosk, beat(now, printer=PAPER_OUT), now)
    assert [a["notified"] for a in alerts.listing(memory_db)] == ["13900000001"]
    with pytest.raises(ValueError, match="440105-009"):
        alerts.set_technician(memory_db, "device:440105-009", "13900000002")
