"""统计分析: case counts by day, channel, hall and department; the on-time rate; the average working days of each
step; the 好差评 distribution with the reasons of low ratings. Counted in the database (GROUP BY), so the page
stays quick with tens of thousands of cases; only finished and accepted cases are walked in Python."""
from __future__ import annotations

import csv
import io
import json
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from domain.status import LABELS_ZH, CaseStatus
from servicenet.backoffice.view import paused_days, supplements_of
from servicenet.calendar import current
from servicenet.db import cases, devices, ratings, services, status_events

CHANNELS = {"kiosk": "自助终端", "web": "网上办事"}
LEVELS = {5: "非常满意", 4: "满意", 3: "基本满意", 2: "不满意", 1: "非常不满意"}
LOW = 2  # 差评: 不满意 and 非常不满意


def _day(iso: str) -> date:
    return date.fromisoformat(iso[:10])


def figures(engine: Engine, today: date, days: int = 30) -> dict[str, Any]:
    cal = current(today)
    since = (today - timedelta(days=days - 1)).isoformat()
    day_col = sa.func.substr(cases.c.submitted_at, 1, 10)
    with engine.connect() as conn:
        per_day = dict(conn.execute(sa.select(day_col, sa.func.count()).where(day_col >= since)
                                    .group_by(day_col)).all())
        per_channel = dict(conn.execute(sa.select(cases.c.channel, sa.func.count()).group_by(cases.c.channel)).all())
        per_device = conn.execute(sa.select(cases.c.channel, cases.c.device_id, sa.func.count())
                                  .group_by(cases.c.channel, cases.c.device_id)).all()
        halls = dict(conn.execute(sa.select(devices.c.device_id, devices.c.hall_name)).all())
        per_service = conn.execute(sa.select(cases.c.service_code, cases.c.status, sa.func.count())
                                   .group_by(cases.c.service_code, cases.c.status)).all()
        depts = {r.code: str(json.loads(r.data).get("department", "")) for r in
                 conn.execute(sa.select(services.c.code, services.c.data)).all()}
        moves = conn.execute(sa.select(status_events.c.code, status_events.c.status, status_events.c.at)
                             .where(status_events.c.status.in_(("accepted", "completed", "rejected")))
                             .order_by(status_events.c.seq)).all()
        stepped = {m.code for m in moves}
        base = {r.code: r for r in conn.execute(sa.select(cases.c.code, cases.c.submitted_at, cases.c.due_date)
                                                .where(cases.c.code.in_(stepped))).all()} if stepped else {}
        ended = sorted({m.code for m in moves if m.status != "accepted"})
        sups = supplements_of(conn, ended) if ended else {}  # the 补正 pauses of finished cases only
        rated = dict(conn.execute(sa.select(ratings.c.level, sa.func.count()).group_by(ratings.c.level)).all())
        low = conn.execute(sa.select(ratings.c.reasons).where(ratings.c.level <= LOW)).all()
    by_hall: Counter[str] = Counter()
    for channel, device_id, n in per_device:
        by_hall[CHANNELS["web"] if channel == "web" else (halls.get(device_id) or device_id or "未知终端")] += n
    by_dept: Counter[str] = Counter()
    by_status: Counter[str] = Counter()
    for code, status, n in per_service:
        by_dept[depts.get(code) or "（未归属）"] += n
        by_status[status] += n
    at: dict[str, dict[str, str]] = defaultdict(dict)
    for m in moves:
        at[m.code].setdefault(m.status, m.at)
    accept_days, process_days, finished, on_time = [], [], 0, 0
    for code, steps in at.items():
        row = base.get(code)
        if row is None:
            continue
        if "accepted" in steps:
            accept_days.append(cal.working_days_between(_day(row.submitted_at), _day(steps["accepted"])))
        end = steps.get("completed") or steps.get("rejected")
        if end:
            finished += 1
            if "accepted" in steps and "completed" in steps:
                process_days.append(cal.working_days_between(_day(steps["accepted"]), _day(steps["completed"])))
            deadline = cal.add_working_days(_day(row.due_date), paused_days(sups.get(code, []), _day(end), cal))
            on_time += _day(end) <= deadline
    reasons: Counter[str] = Counter()
    for (text,) in low:
        reasons.update(json.loads(text))
    day_list = [(today - timedelta(days=i)).isoformat() for i in range(days - 1, -1, -1)]
    return {
        "today": today.isoformat(), "total": sum(per_channel.values()),
        "by_day": [(d, int(per_day.get(d, 0))) for d in day_list],
        "by_channel": [(CHANNELS.get(k, k), int(v)) for k, v in sorted(per_channel.items())],
        "by_hall": by_hall.most_common(), "by_department": by_dept.most_common(),
        "by_status": [(LABELS_ZH[CaseStatus(s)], n) for s, n in sorted(by_status.items())],
        "finished": finished, "on_time": on_time,
        "on_time_rate": round(on_time / finished, 4) if finished else None,
        "avg_accept_days": round(sum(accept_days) / len(accept_days), 2) if accept_days else None,
        "avg_process_days": round(sum(process_days) / len(process_days), 2) if process_days else None,
        "ratings": [(LEVELS[lv], int(rated.get(lv, 0))) for lv in sorted(LEVELS, reverse=True)],
        "low_reasons": reasons.most_common(),
    }


CACHE_SECONDS = 30.0
_cache: dict[tuple[str, int, date], tuple[float, dict[str, Any]]] = {}
_lock = threading.Lock()


def recent(count: Callable[[Engine, date], dict[str, Any]], engine: Engine, today: date,
           now: float | None = None) -> dict[str, Any]:
    """count(engine, today) at most CACHE_SECONDS old (per process): supervisors reloading a page do not
    recount tens of thousands of cases each time; `counted_at` says when they were counted."""
    t = time.time() if now is None else now
    key = (count.__qualname__, id(engine), today)
    with _lock:
        held = _cache.get(key)
        if held is not None and t - held[0] < CACHE_SECONDS:
            return held[1]
    found = count(engine, today) | {"counted_at": time.strftime("%H:%M:%S", time.localtime(t))}
    with _lock:
        for k in [k for k in _cache if k[0] == key[0]]:
            del _cache[k]
        _cache[key] = (t, found)
    return found


def cached(engine: Engine, today: date, now: float | None = None) -> dict[str, Any]:
    return recent(figures, engine, today, now)


def to_csv(f: dict[str, Any]) -> str:
    """One row per figure: section, key, value (opens in a spreadsheet; UTF-8 with BOM for Excel)."""
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(["指标", "项目", "数值"])
    for section, key in (("每日办件量", "by_day"), ("渠道", "by_channel"), ("大厅", "by_hall"),
                         ("部门", "by_department"), ("状态", "by_status"), ("好差评", "ratings"),
                         ("差评原因", "low_reasons")):
        for k, v in f[key]:
            w.writerow([section, k, v])
    w.writerow(["按时办结率", f"{f['on_time']}/{f['finished']}", "" if f["on_time_rate"] is None else f["on_time_rate"]])
    w.writerow(["平均受理用时（工作日）", "", "" if f["avg_accept_days"] is None else f["avg_accept_days"]])
    w.writerow(["平均办理用时（工作日）", "", "" if f["avg_process_days"] is None else f["avg_process_days"]])
    return "\ufeff" + out.getvalue()
