"""What the back office adds to every case view: the open 补正 request and the time-limit flags (电子监察).

A 补正 request (supplement) is the one-time list (一次性告知) of what a case still lacks. While it is open the
time limit is paused: the working days spent waiting for the applicant are not counted, so the deadline is the
due date plus those working days (domain/workdays.py). Case view fields (docs/wire.md):

    "supplement": {"missing": [str], "note": str, "requested_at": iso} | null   (the open request only)
    "deadline": ISO date        the due date plus the working days paused for 补正
    "days_left": int | null     working days until the deadline (negative when late); null once finished
    "overdue": bool             open and past the deadline, or finished after it (超期办结)
    "light": str                电子监察: green, yellow (one working day left), red (late); "" once finished
"""
from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from domain.workdays import WorkCalendar
from servicenet.calendar import current
from servicenet.columns import case_ref, iso_time, serial_id, table

FINISHED = ("completed", "rejected")

# One row per 补正 request; at most one open (resolved_at null) per case.
case_supplements = table(
    "case_supplements",
    serial_id(),
    case_ref(nullable=False, index=True),
    sa.Column("missing", sa.Text, nullable=False),  # JSON list of what is missing, in the staff's words
    sa.Column("note", sa.Text, nullable=False, default=""),
    iso_time("requested_at"),
    sa.Column("requested_by", sa.String(64), nullable=False, default=""),
    iso_time("resolved_at", nullable=True),
    sa.Column("resolution", sa.String(16), nullable=True),  # received | closed (the case was finished)
)
# 一次性告知: one open request per case, also when two clerks press the button at the same moment
sa.Index("case_supplements_one_open", case_supplements.c.code, unique=True,
         sqlite_where=case_supplements.c.resolved_at.is_(None),
         postgresql_where=case_supplements.c.resolved_at.is_(None))


def _day(iso: str) -> date:
    return date.fromisoformat(iso[:10])


def light(days_left: int) -> str:
    """电子监察: red when late, yellow with one working day left (or less), else green."""
    return "red" if days_left < 0 else "yellow" if days_left <= 1 else "green"


def paused_days(supplements: list[dict[str, Any]], today: date, cal: WorkCalendar) -> int:
    """Working days spent waiting for 补正 materials (the time limit stops meanwhile)."""
    paused = 0
    for s in supplements:
        end = _day(s["resolved_at"]) if s.get("resolved_at") else today
        paused += max(0, cal.working_days_between(_day(s["requested_at"]), end))
    return paused


def supervision(due_date: str, history: list[dict[str, Any]], supplements: list[dict[str, Any]],
                today: date, cal: WorkCalendar | None = None) -> dict[str, Any]:
    """deadline, days_left (working days), overdue and light of one case (see the module docstring)."""
    cal = cal or current(today)
    paused = paused_days(supplements, today, cal)
    deadline = cal.add_working_days(_day(due_date), paused) if due_date else today
    finished = [h for h in history if h["status"] in FINISHED]
    if finished:
        return {"deadline": deadline.isoformat(), "days_left": None, "overdue": _day(finished[-1]["at"]) > deadline,
                "light": ""}
    left = cal.working_days_between(today, deadline)
    return {"deadline": deadline.isoformat(), "days_left": left, "overdue": left < 0, "light": light(left)}


def supplements_of(conn: Connection, found: list[str]) -> dict[str, list[dict[str, Any]]]:
    """Every 补正 request of these cases, oldest first."""
    out: dict[str, list[dict[str, Any]]] = {c: [] for c in found}
    if not found:
        return out
    for r in conn.execute(sa.select(case_supplements).where(case_supplements.c.code.in_(found))
                          .order_by(case_supplements.c.id)).all():
        out[r.code].append({"missing": json.loads(r.missing), "note": r.note, "requested_at": r.requested_at,
                            "requested_by": r.requested_by, "resolved_at": r.resolved_at,
                            "resolution": r.resolution})
    return out


def today_local() -> date:
    return date.today()


TODAY: Callable[[], date] = today_local  # the clock of case views; tests pass `today` to the functions instead


def decorate(conn: Connection, views: list[dict[str, Any]], today: date | None = None) -> list[dict[str, Any]]:
    """Add supplement, deadline, days_left and overdue to case views (in place); returns them."""
    day = today or TODAY()
    cal = current(day)
    sups = supplements_of(conn, [v["code"] for v in views])
    for v in views:
        mine = sups[v["code"]]
        open_ = [s for s in mine if s["resolved_at"] is None]
        v["supplement"] = ({"missing": open_[-1]["missing"], "note": open_[-1]["note"],
                            "requested_at": open_[-1]["requested_at"]} if open_ else None)
        v.update(supervision(v.get("due_date", ""), v.get("history", []), mine, day, cal))
    return views
