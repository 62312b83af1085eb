"""电子监察 board: every open case's step (受理 or 办理), its step deadline and the whole case's deadline in
working days, a light (green; yellow = one working day left; red = late), counted per department and listed
from the latest case down.

Steps (ServiceItem.limits()): 受理 runs from submission to 受理 (accepted); 办理 from 受理 to the decision; 办结 is
the whole case against the promised time limit. Working days spent waiting for 补正 stop every clock."""
from __future__ import annotations

import json
from collections import Counter
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from domain.models import STEPS, ServiceItem
from servicenet.backoffice.view import FINISHED, light, paused_days, supplements_of
from servicenet.calendar import current
from servicenet.db import cases, services, status_events

LIGHTS = ("red", "yellow", "green")


def _day(iso: str) -> date:
    return date.fromisoformat(iso[:10])


def board(engine: Engine, today: date, limit: int = 500) -> dict[str, Any]:
    """{"departments": [{department, red, yellow, green}], "cases": [...], "total": n}, the latest first."""
    cal = current(today)
    with engine.connect() as conn:
        rows = conn.execute(sa.select(cases.c.code, cases.c.status, cases.c.submitted_at, cases.c.due_date,
                                      cases.c.service_code)
                            .where(cases.c.status.notin_(FINISHED))).all()
        items = {r.code: ServiceItem.from_wire(json.loads(r.data)) for r in conn.execute(
            sa.select(services.c.code, services.c.data)).all()}
        codes = [r.code for r in rows]
        accepted: dict[str, str] = {}
        for part in range(0, len(codes), 900):
            for e in conn.execute(sa.select(status_events.c.code, status_events.c.at)
                                  .where(status_events.c.code.in_(codes[part:part + 900]),
                                         status_events.c.status == "accepted")).all():
                accepted.setdefault(e.code, e.at)
        sups: dict[str, list[dict[str, Any]]] = {}
        for part in range(0, len(codes), 900):
            sups.update(supplements_of(conn, codes[part:part + 900]))
    found, per_dept = [], Counter()
    for r in rows:
        item = items.get(r.service_code)
        limits = item.limits() if item else {"accept": 1, "process": 1, "complete": 1}
        paused = paused_days(sups.get(r.code, []), today, cal)
        step = "accept" if r.status == "submitted" else "process"
        start = _day(accepted.get(r.code, r.submitted_at)) if step == "process" else _day(r.submitted_at)
        step_deadline = cal.add_working_days(start, limits[step] + paused)
        deadline = cal.add_working_days(_day(r.due_date), paused)
        step_left = cal.working_days_between(today, step_deadline)
        left = cal.working_days_between(today, deadline)
        worst = min(step_left, left)
        department = item.department if item else ""
        shade = light(worst)
        per_dept[(department, shade)] += 1
        found.append({"code": r.code, "status": r.status, "service_name": item.name if item else r.service_code,
                      "department": department, "step": step, "step_label": STEPS[step],
                      "step_deadline": step_deadline.isoformat(), "step_left": step_left,
                      "deadline": deadline.isoformat(), "days_left": left, "light": shade, "late_by": -worst})
    found.sort(key=lambda c: (-c["late_by"], c["code"]))
    departments = sorted({d for d, _ in per_dept})
    table = [{"department": d or "（未归属）", **{shade: per_dept[(d, shade)] for shade in LIGHTS}} for d in departments]
    table.sort(key=lambda t: (-t["red"], -t["yellow"], t["department"]))
    return {"departments": table, "cases": found[:limit], "total": len(found)}
