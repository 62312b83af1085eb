"""Appointments (预约) on the network: a hall's rules make its slots; a logged-in resident books and cancels.

A hall sets its rules on the hall node (`servicenet hall rules`, or its page /hall/settings), which pushes
them up: weekdays and hours,
slot length, counters taking appointments and residents per counter (capacity = counters × per counter),
the no-show grace and how many no-shows in 90 days block new bookings. The day must also be a working day
of the calendar. A booking is one transaction that counts the slot first, so a slot is never overbooked.
"""
from __future__ import annotations

import json
import secrets
import unicodedata
from datetime import date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from domain import wire
from domain.models import Person
from servicenet import calendar
from servicenet.db import services
from servicenet.hall.network import next_seq
from servicenet.hall.tables import appointment_rules, appointments
from servicenet.store import now_iso

LIVE = ("booked", "checked_in")
STATUS_ZH = {"booked": "已预约", "cancelled": "已取消", "checked_in": "已签到取号", "no_show": "爽约"}


class BookingRefused(ValueError):
    """The booking cannot be made or changed; the message says why (Chinese, for the resident)."""


RULE_LIMITS = {  # each number of the rules: what it is (for the hall's administrator), its least and its most
    "slot_minutes": ("每个时段的分钟数", 5, 480), "counters": ("接受预约的窗口数", 1, 99),
    "per_counter": ("每窗口每时段人数", 1, 99), "no_show_minutes": ("过号宽限分钟数", 0, 240),
    "no_show_limit": ("90天内爽约次数上限", 1, 99), "horizon_days": ("可提前预约天数", 1, 90)}


def check_rules(rules: dict[str, Any]) -> dict[str, Any]:
    """The canonical rules (numbers and times after NFKC: ０９：００ is 09:00), or ValueError saying in Chinese
    what is wrong (the CLI and the hall's settings page show it as it is)."""
    try:
        weekdays = sorted({int(nfkc(d)) for d in rules["weekdays"]})
    except ValueError:
        raise ValueError("开放日须为 1（周一）到 7（周日）的数字") from None
    if not weekdays or not all(1 <= d <= 7 for d in weekdays):
        raise ValueError("开放日须为 1（周一）到 7（周日），至少选一天")
    hours = []
    for span in rules["hours"]:
        try:
            start, end = (nfkc(t) for t in span)
            a, b = datetime.strptime(start, "%H:%M"), datetime.strptime(end, "%H:%M")
        except ValueError:
            raise ValueError(f"开放时间“{'-'.join(map(str, span))}”须写成 09:00-12:00 的样子") from None
        if b <= a:
            raise ValueError(f"开放时间 {start}-{end} 的结束早于开始")
        hours.append([a.strftime("%H:%M"), b.strftime("%H:%M")])
    if not hours:
        raise ValueError("请至少填写一段开放时间，如 09:00-12:00")
    out = {"weekdays": weekdays, "hours": hours, "calendar": bool(rules.get("calendar", True))}
    for name, (label, low, high) in RULE_LIMITS.items():
        try:
            value = int(nfkc(rules[name]))
        except ValueError:
            raise ValueError(f"{label}须为整数") from None
        if not low <= value <= high:
            raise ValueError(f"{label}须在 {low} 到 {high} 之间")
        out[name] = value
    return out


def nfkc(value: Any) -> str:
    """A typed value after NFKC, trimmed (０９：００ is 09:00); None is \"\"."""
    return unicodedata.normalize("NFKC", "" if value is None else str(value)).strip()


def is_working_day(day: date) -> bool:
    """The network's working-day calendar (statutory holidays and 调休, servicenet/calendar.py)."""
    return calendar.current().is_working_day(day)


def rules_of(engine: Engine, hall_name: str) -> dict[str, Any] | None:
    with engine.connect() as conn:
        row = conn.execute(sa.select(appointment_rules.c.body)
                           .where(appointment_rules.c.hall_name == hall_name)).first()
    return json.loads(row.body) if row else None


def halls(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        return [r.hall_name for r in conn.execute(sa.select(appointment_rules.c.hall_name)
                                                  .order_by(appointment_rules.c.hall_name)).all()]


def open_days(rules: dict[str, Any], today: date) -> list[date]:
    """Today and the next horizon_days days that the hall opens (its weekdays; working days by the calendar
    unless the hall opens on holidays too: calendar = false)."""
    days = (today + timedelta(days=i) for i in range(rules["horizon_days"] + 1))
    return [d for d in days if d.isoweekday() in rules["weekdays"]
            and (not rules.get("calendar", True) or is_working_day(d))]


def slot_starts(rules: dict[str, Any]) -> list[str]:
    out = []
    for start, end in rules["hours"]:
        t, stop = datetime.strptime(start, "%H:%M"), datetime.strptime(end, "%H:%M")
        while t + timedelta(minutes=rules["slot_minutes"]) <= stop:
            out.append(t.strftime("%H:%M"))
            t += timedelta(minutes=rules["slot_minutes"])
    return out


def bookable(rules: dict[str, Any], day: date, start: str, now: datetime) -> bool:
    """A slot still open: not past its start plus the no-show grace."""
    begin = datetime.combine(day, datetime.strptime(start, "%H:%M").time())
    return begin + timedelta(minutes=rules["no_show_minutes"]) > now


def slots(engine: Engine, hall_name: str, day: date, now: datetime | None = None) -> list[dict[str, Any]]:
    rules = rules_of(engine, hall_name)
    now = now or datetime.now()
    if rules is None or day not in open_days(rules, now.date()):
        return []
    capacity = rules["counters"] * rules["per_counter"]
    with engine.connect() as conn:
        taken = dict(conn.execute(sa.select(appointments.c.start, sa.func.count()).where(
            appointments.c.hall_name == hall_name, appointments.c.day == day.isoformat(),
            appointments.c.status.in_(LIVE)).group_by(appointments.c.start)).all())
    return [{"start": s, "free": max(0, capacity - int(taken.get(s, 0)))} for s in slot_starts(rules)
            if bookable(rules, day, s, now)]


def book(engine: Engine, person: Person, person_key: str, hall_name: str, service_code: str, day: date,
         start: str, now: datetime | None = None) -> dict[str, Any]:
    now = now or datetime.now()
    today = now.date()
    rules = rules_of(engine, hall_name)
    if rules is None:
        raise BookingRefused("该大厅暂未开放预约")
    if day not in open_days(rules, today):
        raise BookingRefused("所选日期不可预约（请选择可预约的工作日）")
    if start not in slot_starts(rules) or not bookable(rules, day, start, now):
        raise BookingRefused("所选时段不存在或已过")
    who = wire.person_hash(person_key, person.id_number)
    with engine.begin() as conn:
        service = conn.execute(sa.select(services.c.name, services.c.data).where(
            services.c.code == service_code, services.c.deleted.is_(False))).first()
        if service is None:
            raise BookingRefused("未找到该事项")
        seq = next_seq(conn)  # takes the writers' turn before counting (a table lock; SQLite's write lock)
        a = appointments.c
        missed = conn.execute(sa.select(sa.func.count()).select_from(appointments).where(
            a.person_hash == who, a.hall_name == hall_name, a.status == "no_show",
            a.day >= (today - timedelta(days=90)).isoformat())).scalar_one()
        if missed >= rules["no_show_limit"]:
            raise BookingRefused(f"您近90天在本大厅爽约 {missed} 次，暂不能网上预约，请到现场取号")
        if conn.execute(sa.select(a.appointment_id).where(a.person_hash == who, a.hall_name == hall_name,
                                                          a.day == day.isoformat(), a.status.in_(LIVE))).first():
            raise BookingRefused("您当天在本大厅已有预约")
        taken = conn.execute(sa.select(sa.func.count()).select_from(appointments).where(
            a.hall_name == hall_name, a.day == day.isoformat(), a.start == start, a.status.in_(LIVE))).scalar_one()
        if taken >= rules["counters"] * rules["per_counter"]:
            raise BookingRefused("该时段已约满，请选择其他时段")
        row = {"appointment_id": "YY" + day.strftime("%Y%m%d") + secrets.token_hex(4).upper(), "seq": seq,
               "hall_name": hall_name, "service_code": service_code, "service_name": service.name,
               "category": json.loads(service.data).get("category", ""), "person_hash": who,
               "masked_name": person.masked_name, "day": day.isoformat(), "start": start, "status": "booked",
               "created_at": now_iso()}
        conn.execute(sa.insert(appointments).values(**row))
    return row


def mine(engine: Engine, person_hash: str) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        rows = conn.execute(sa.select(appointments).where(appointments.c.person_hash == person_hash)
                            .order_by(appointments.c.day.desc(), appointments.c.start)).all()
    return [{**r._mapping, "status_label": STATUS_ZH.get(r.status, r.status)} for r in rows]


def cancel(engine: Engine, person_hash: str, appointment_id: str, now: datetime | None = None) -> None:
    """Cancel a booking still to come; once its start and the hall's grace have passed it is missed (the hall
    marks it a no-show), so it cannot be cancelled away afterwards."""
    now = now or datetime.now()
    with engine.begin() as conn:
        row = conn.execute(sa.select(appointments).where(appointments.c.appointment_id == appointment_id,
                                                         appointments.c.person_hash == person_hash)).first()
        if row is None:
            raise BookingRefused("未找到该预约")
        if row.status != "booked":
            raise BookingRefused(f"该预约{STATUS_ZH.get(row.status, row.status)}，不能取消")
        rules = rules_of(engine, row.hall_name)
        if rules is not None and not bookable(rules, date.fromisoformat(row.day), row.start, now):
            raise BookingRefused("该预约时段已过，不能取消")
        seq = next_seq(conn)  # the writers' turn: a check-in or no-show stored since the read above is seen now
        if not conn.execute(sa.update(appointments).where(appointments.c.appointment_id == appointment_id,
                                                          appointments.c.status == "booked")
                            .values(status="cancelled", seq=seq)).rowcount:
            now_is = conn.execute(sa.select(appointments.c.status)
                                  .where(appointments.c.appointment_id == appointment_id)).scalar_one()
            raise BookingRefused(f"该预约{STATUS_ZH.get(now_is, now_is)}，不能取消")
