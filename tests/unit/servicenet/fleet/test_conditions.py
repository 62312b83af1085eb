"""Reading a heartbeat into conditions: each of the network's alert conditions, and a healthy kiosk's none."""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from servicenet.fleet import conditions as cond

NOW = datetime(2026, 12, 4, 10, 0, tzinfo=datetime.now().astimezone().tzinfo)


def beat(**over: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "at": NOW.isoformat(), "queue_depth": 3, "quarantined": 0, "last_sync": NOW.isoformat(), "online": True,
        "printer": {"health": "ok", "reason": "", "paper": "ok"}, "reader": {"health": "ok", "reason": ""},
        "app_version": "0.1.0", "disk": "ok", "disk_space": {"free_mb": 20_000, "total_mb": 60_000}}
    body.update(over)
    return body


def codes(body: dict[str, Any], received: datetime = NOW) -> set[str]:
    return set(cond.from_beat(body, received.timestamp()))


def test_a_healthy_kiosk_shows_nothing() -> None:
    assert codes(beat()) == set()
    assert codes(beat(disk_space=None, a4={"health": "ok", "reason": "", "paper": "ok", "toner": "low"})) == set()


def test_each_condition() -> None:
    assert codes(beat(printer={"health": "error", "reason": "paper end", "paper": "out"})) == {"paper_out"}
    assert codes(beat(printer={"health": "warning", "reason": "near end", "paper": "low"})) == {"paper_low"}
    assert codes(beat(printer={"health": "error", "reason": "cover open", "paper": "unknown"})) == {"printer_fault"}
    # a printer can say two things at once (paper low and its cover open): both are raised, each resolved alone
    assert codes(beat(printer={"health": "error", "reason": "cover open", "paper": "low"})) == {"paper_low",
                                                                                                "printer_fault"}
    assert codes(beat(reader={"health": "error", "reason": "not configured"})) == {"reader_missing"}
    assert codes(beat(a4={"health": "error", "reason": "cupsd down"})) == {"a4_fault"}
    assert codes(beat(a4={"health": "warning", "reason": "", "paper": "out", "toner": "ok"})) == {"a4_fault"}
    assert codes(beat(quarantined=2)) == {"quarantined"}
    assert codes(beat(disk_space={"free_mb": 300, "total_mb": 60_000})) == {"disk_low"}
    assert codes(beat(disk_space={"free_mb": 900, "total_mb": 16_000})) == {"disk_low"}  # under 10 %
    assert cond.from_beat(beat(disk="full"), NOW.timestamp())["disk_low"].severity == "error"


def test_a_queue_that_does_not_drain() -> None:
    old = (NOW - timedelta(minutes=31)).isoformat()
    assert codes(beat(last_sync=old)) == {"queue_stuck"}
    assert codes(beat(last_sync=None)) == {"queue_stuck"}
    assert codes(beat(last_sync=old, queue_depth=0)) == set()  # nothing waits: an idle kiosk, not a stuck one
    assert codes(beat(last_sync=(NOW - timedelta(minutes=29)).isoformat())) == set()


def test_clock_skew_either_way() -> None:
    assert codes(beat(), NOW + timedelta(seconds=119)) == set()
    fast = cond.from_beat(beat(), (NOW - timedelta(minutes=5)).timestamp())["clock_skew"]
    assert "快 300 秒" in fast.text
    assert "慢" in cond.from_beat(beat(), (NOW + timedelta(minutes=5)).timestamp())["clock_skew"].text
