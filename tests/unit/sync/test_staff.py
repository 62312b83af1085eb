"""sync/staff.py: end-of-day counts by service and status (CSV), queue stats, the diagnostics bundle."""
from __future__ import annotations

import csv
import io
import json
import zipfile
from dataclasses import replace
from datetime import datetime

from sync.staff import StaffDesk


def test_end_of_day_counts_and_csv(store, outbox, application, clock):
    desk = StaffDesk(store)
    outbox.enqueue(application)
    outbox.enqueue(replace(application, assisted_by="counter"))
    clock.now = clock.now.replace(day=27)
    outbox.enqueue(application)  # another day
    day = datetime(2026, 11, 26).date()
    counts = desk.end_of_day(day)
    assert len(counts) == 1 and counts[0].count == 2 and counts[0].assisted == 1
    assert counts[0].status == "submitted" and counts[0].sync_state == "queued"
    data = desk.csv(day, counts)
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == ["date", "service_code", "service_name", "status", "sync_state", "assisted", "count"]
    assert rows[1][2] == application.service.name and rows[1][-1] == "2"
    assert rows[-1][1:3] == ["TOTAL", "合计"] and rows[-1][-1] == "2"
    assert desk.queue_stats() == {"case": {"queued": 3}}


def test_bundle(store, tmp_path):
    logs = tmp_path / "logs"
    logs.mkdir()
    (logs / "kiosk.jsonl").write_text('{"msg": "heartbeat"}\n')
    out = StaffDesk(store).write_bundle(tmp_path / "usb", now=datetime(2026, 11, 26, 18, 0), device_id="440105-001",
                                        config_text='region = "440105"\n', devices={"printer": "ok"}, logs_dir=logs,
                                        extra={"audit": {"ok": True}})
    assert out.name == "diagnostics-440105-001-20261126-180000.zip"
    with zipfile.ZipFile(out) as z:
        assert sorted(z.namelist()) == ["kiosk.toml", "logs/kiosk.jsonl", "summary.json"]
        summary = json.loads(z.read("summary.json"))
    assert summary["devices"] == {"printer": "ok"} and summary["audit"] == {"ok": True}
