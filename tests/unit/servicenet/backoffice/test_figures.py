"""统计分析: counts by day, channel, hall, department and status; on-time rate; working days per step; 好差评 with
the low ratings' reasons; the CSV export."""
from __future__ import annotations

import csv
import io
from datetime import date

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from servicenet import store
from servicenet.backoffice import cases as office
from servicenet.backoffice import figures
from servicenet.db import ratings, status_events
from tests.unit.servicenet.conftest import make_case


def test_figures_and_csv(seeded_db: Engine) -> None:
    eng = seeded_db
    mk = make_case.__wrapped__()
    batch = [mk(i, submitted_at=f"2026-12-0{1 + i % 3}T09:00:00+08:00") for i in range(1, 7)]
    assert all(r["result"] == "created" for r in store.submit_batch(eng, batch))
    done, late = batch[0]["code"], batch[1]["code"]
    for code in (done, late):
        office.accept(eng, code)
        office.complete(eng, code)
    with eng.begin() as conn:  # the late one finished two months on; both accepted two working days after
        conn.execute(sa.update(status_events).where(status_events.c.code == late,
                                                    status_events.c.status == "completed")
                     .values(at="2027-02-01T10:00:00+08:00"))
        conn.execute(sa.update(status_events).where(status_events.c.code == done,  # on time whenever this runs
                                                    status_events.c.status == "completed")
                     .values(at="2026-12-04T16:00:00+08:00"))
        conn.execute(sa.update(status_events).where(status_events.c.status == "accepted")
                     .values(at="2026-12-04T10:00:00+08:00"))
        conn.execute(sa.insert(ratings), [
            {"code": done, "level": 5, "reasons": "[]", "at": "2026-12-04T10:00:00+08:00", "channel": "kiosk"},
            {"code": late, "level": 1, "reasons": '["办理时间长", "多次跑腿"]', "at": "2026-12-04T10:00:00+08:00",
             "channel": "kiosk"}])
    f = figures.figures(eng, date(2026, 12, 4), days=7)
    assert f["total"] == 6 and dict(f["by_day"])["2026-12-02"] == 2 and len(f["by_day"]) == 7
    assert f["by_channel"] == [("自助终端", 6)] and f["by_department"] == [("镇派出所", 6)]
    assert f["finished"] == 2 and f["on_time"] == 1 and f["on_time_rate"] == 0.5
    assert f["avg_accept_days"] is not None and f["avg_process_days"] is not None
    assert dict(f["ratings"]) == {"非常满意": 1, "满意": 0, "基本满意": 0, "不满意": 0, "非常不满意": 1}
    assert f["low_reasons"] == [("办理时间长", 1), ("多次跑腿", 1)]
    rows = list(csv.reader(io.StringIO(figures.to_csv(f).lstrip("\ufeff"))))
    assert rows[0] == ["指标", "项目", "数值"] and ["差评原因", "多次跑腿", "1"] in rows
    assert ["按时办结率", "1/2", "0.5"] in rows


def test_the_page_counts_at_most_every_30_seconds(seeded_db: Engine) -> None:
    eng = seeded_db
    day = date(2026, 12, 4)
    first = figures.cached(eng, day, now=1000.0)
    assert first["total"] == 0 and first["counted_at"]
    store.submit_batch(eng, [make_case.__wrapped__()(1, submitted_at="2026-12-04T09:00:00+08:00")])
    assert figures.cached(eng, day, now=1029.0) is first  # within 30 s: the same counts
    assert figures.cached(eng, day, now=1031.0)["total"] == 1
