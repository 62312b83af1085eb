"""The hall's queue on the hall node's database: issue a ticket, call, recall, skip, transfer, end.

Every change is one transaction that also writes the outbox row the uplink pushes to the network
(servicenet/hall/uplink.py), so a ticket is never numbered twice and never reported twice or not at all,
whatever kills the process. A number is the business prefix and the next value of queue_sequences for
(day, prefix): the UPDATE that bumps it takes the database's write lock before anything is read.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date, datetime
from datetime import time as dt_time
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from domain import queue as rules
from domain import regcode
from domain.canonical import CHECK
from domain.queue import QueueRefused, TicketStatus
from domain.wire import canonical
from servicenet.hall.tables import (
    hall_appointments,
    hall_outbox,
    hall_state,
    queue_businesses,
    queue_calls,
    queue_counters,
    queue_sequences,
    queue_tickets,
)

Clock = Callable[[], float]
DEFAULT_BUSINESSES = (("A", "综合窗口", "", 8.0), ("B", "个人办事", "个人办事", 10.0),
                      ("C", "法人办事", "法人办事", 15.0))
DEFAULT_COUNTERS = ((1, "ABC"), (2, "ABC"), (3, "ABC"))
ACTIVE = (TicketStatus.CALLED.value, TicketStatus.SERVING.value)


def day_of(t: float) -> str:
    return datetime.fromtimestamp(t).date().isoformat()


def _day_start(day: str) -> float:
    """The unix time of the hall's midnight starting `day` (a call's `at` is compared with it)."""
    return datetime.combine(date.fromisoformat(day), dt_time()).timestamp()


def seed_if_empty(engine: Engine) -> None:
    """A new hall: 综合窗口 A plus one business per catalogue category, three counters calling all of them."""
    with engine.begin() as conn:
        if conn.execute(sa.select(sa.func.count()).select_from(queue_businesses)).scalar():
            return
        conn.execute(sa.insert(queue_businesses), [dict(prefix=p, name=n, category=c, minutes_each=m)
                                                   for p, n, c, m in DEFAULT_BUSINESSES])
        conn.execute(sa.insert(queue_counters), [dict(number=n, prefixes=p, is_open=True)
                                                 for n, p in DEFAULT_COUNTERS])


def hall_id(conn: Connection) -> str:
    """The hall node's device id on the network ("hall" before it is enrolled)."""
    row = conn.execute(sa.select(hall_state.c.value).where(hall_state.c.name == "device_id")).first()
    return row.value if row else "hall"


def enqueue(conn: Connection, key: str, kind: str, body: dict[str, Any], now: float) -> None:
    """The outbox row for the network, in the caller's transaction (a repeated key is a no-op)."""
    exists = conn.execute(sa.select(hall_outbox.c.id).where(hall_outbox.c.key == key)).first()
    if exists is None:
        conn.execute(sa.insert(hall_outbox).values(key=key, kind=kind, body=canonical({**body, "kind": kind}).decode(),
                                                   created_at=now))


def businesses(engine: Engine, clock: Clock = time.time) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        rows = conn.execute(sa.select(queue_businesses).order_by(queue_businesses.c.prefix)).all()
        waiting = _waiting_by_prefix(conn, day_of(clock()))
    return [{"prefix": r.prefix, "name": r.name, "category": r.category, "waiting": waiting.get(r.prefix, 0)}
            for r in rows]


def _waiting_by_prefix(conn: Connection, day: str) -> dict[str, int]:
    """Today's waiting tickets per business (a ticket left waiting at closing is not in tomorrow's queue)."""
    rows = conn.execute(sa.select(queue_tickets.c.prefix, sa.func.count()).where(
        queue_tickets.c.status == TicketStatus.WAITING.value, queue_tickets.c.day == day)
        .group_by(queue_tickets.c.prefix)).all()
    return {p: int(n) for p, n in rows}


def _open_counters(conn: Connection, prefix: str) -> int:
    rows = conn.execute(sa.select(queue_counters.c.prefixes).where(queue_counters.c.is_open.is_(True))).all()
    return sum(1 for r in rows if prefix in r.prefixes)


def _appointment(conn: Connection, person_hash: str | None, day: str) -> Any:
    if not person_hash:
        return None
    return conn.execute(sa.select(hall_appointments).where(
        hall_appointments.c.person_hash == person_hash, hall_appointments.c.day == day,
        hall_appointments.c.status == "booked").order_by(hall_appointments.c.start)).first()


def appointment_today(engine: Engine, person_hash: str, clock: Clock = time.time) -> dict[str, Any] | None:
    """Today's booked appointment of a person (the kiosk shows its time and preselects its business: the one of
    the appointment's catalogue category, else 综合窗口 A)."""
    with engine.connect() as conn:
        found = _appointment(conn, person_hash, day_of(clock()))
        if found is None:
            return None
        prefix = conn.execute(sa.select(queue_businesses.c.prefix).where(
            queue_businesses.c.category == found.category).order_by(queue_businesses.c.prefix)).scalar() \
            if found.category else None
    return {"appointment_id": found.appointment_id, "service_name": found.service_name, "day": found.day,
            "start": found.start, "prefix": prefix or "A"}


def issue(engine: Engine, prefix: str, *, device_id: str = "", person_hash: str | None = None,
          birth: date | None = None, clock: Clock = time.time) -> dict[str, Any]:
    """A new ticket for the business `prefix`; priority from the rules (appointment today, age ≥ 70)."""
    prefix = rules.canonical_prefix(prefix)
    now = clock()
    day = day_of(now)
    with engine.begin() as conn:
        business = conn.execute(sa.select(queue_businesses).where(queue_businesses.c.prefix == prefix)).first()
        if business is None:
            raise QueueRefused(f"本大厅没有代号为 {prefix} 的业务")
        # the write lock first: the bump of the sequence is the first statement of the transaction
        bumped = conn.execute(sa.update(queue_sequences).where(queue_sequences.c.day == day,
                                                               queue_sequences.c.prefix == prefix)
                              .values(last=queue_sequences.c.last + 1))
        if bumped.rowcount == 0:
            conn.execute(sa.insert(queue_sequences).values(day=day, prefix=prefix, last=1))
        seq = int(conn.execute(sa.select(queue_sequences.c.last).where(
            queue_sequences.c.day == day, queue_sequences.c.prefix == prefix)).scalar_one())
        appointment = _appointment(conn, person_hash, day)
        priority = rules.priority_reason(birth, date.fromisoformat(day), appointment is not None)
        number = rules.ticket_number(prefix, seq)
        ticket_id = f"{hall_id(conn)}-{day.replace('-', '')}-{number}"
        ahead = int(conn.execute(sa.select(sa.func.count()).select_from(queue_tickets).where(
            queue_tickets.c.status == TicketStatus.WAITING.value, queue_tickets.c.prefix == prefix,
            queue_tickets.c.day == day, *([queue_tickets.c.priority != ""] if priority else []))).scalar_one())
        conn.execute(sa.insert(queue_tickets).values(
            ticket_id=ticket_id, day=day, prefix=prefix, seq=seq, number=number, business=business.name,
            priority=priority, status=TicketStatus.WAITING.value, issued_at=now, device_id=device_id,
            person_hash=person_hash, appointment_id=appointment.appointment_id if appointment else None))
        body = {"ticket_id": ticket_id, "day": day, "number": number, "prefix": prefix,
                "business": business.name, "priority": priority, "at": now,
                "appointment_id": appointment.appointment_id if appointment else None}
        enqueue(conn, f"{ticket_id}:issued", "issued", body, now)
        if appointment is not None:
            conn.execute(sa.update(hall_appointments).where(
                hall_appointments.c.appointment_id == appointment.appointment_id).values(
                status="checked_in", ticket_id=ticket_id))
        minutes = rules.estimate_minutes(ahead, business.minutes_each, _open_counters(conn, prefix))
    return {**body, "status": TicketStatus.WAITING.value, "ahead": ahead, "estimate_minutes": minutes,
            "priority_label": rules.PRIORITY_LABELS[priority]}


def _counter(conn: Connection, number: int) -> Any:
    row = conn.execute(sa.select(queue_counters).where(queue_counters.c.number == number)).first()
    if row is None:
        raise QueueRefused(f"没有 {number} 号窗口")
    return row


def current(engine: Engine, counter: int) -> dict[str, Any] | None:
    """The ticket a counter has called or is serving."""
    with engine.connect() as conn:
        row = conn.execute(sa.select(queue_tickets).where(queue_tickets.c.counter == counter,
                                                          queue_tickets.c.status.in_(ACTIVE))).first()
    return dict(row._mapping) if row else None


def _call(conn: Connection, ticket: Any, counter: int, now: float) -> dict[str, Any]:
    text = rules.spoken_call(ticket.number, counter)
    call_id = conn.execute(sa.insert(queue_calls).values(ticket_id=ticket.ticket_id, number=ticket.number,
                                                         counter=counter, at=now, text=text)).inserted_primary_key[0]
    enqueue(conn, f"{ticket.ticket_id}:call:{call_id}", "call",
            {"ticket_id": ticket.ticket_id, "number": ticket.number, "counter": counter, "at": now,
             "waited": round(now - ticket.issued_at, 1), "business": ticket.business}, now)
    return {"call_id": call_id, "ticket_id": ticket.ticket_id, "number": ticket.number, "counter": counter,
            "text": text, "priority": ticket.priority}


def _line(desk: Any, day: str) -> sa.Select[Any]:
    """The waiting tickets of a counter in calling order: transferred to it, then priority, then by number;
    today's only (a ticket left waiting at closing is never called the next morning)."""
    t = queue_tickets.c
    mine = sa.or_(sa.and_(t.transferred.is_(True), t.counter == desk.number),
                  sa.and_(t.transferred.is_(False), t.prefix.in_(list(desk.prefixes))))
    return (sa.select(queue_tickets).where(t.status == TicketStatus.WAITING.value, t.day == day, mine)
            .order_by(t.transferred.desc(), (t.priority != "").desc(), t.issued_at, t.seq))


def counter_view(engine: Engine, counter: int, upcoming: int = 8, clock: Clock = time.time) -> dict[str, Any]:
    """The clerk's page: this counter's ticket, the next in its line, the other counters (to transfer to)."""
    day = day_of(clock())
    with engine.connect() as conn:
        desk = _counter(conn, counter)
        t = queue_tickets.c
        held = conn.execute(sa.select(queue_tickets).where(t.counter == counter, t.status.in_(ACTIVE))).first()
        line = conn.execute(_line(desk, day).limit(upcoming)).all()
        waiting = int(conn.execute(sa.select(sa.func.count()).select_from(_line(desk, day).subquery())).scalar_one())
        others = [r.number for r in conn.execute(sa.select(queue_counters.c.number).where(
            queue_counters.c.number != counter).order_by(queue_counters.c.number)).all()]

    def row(r: Any) -> dict[str, Any]:
        return {"number": r.number, "business": r.business, "priority": rules.PRIORITY_LABELS.get(r.priority, ""),
                "status": rules.LABELS_ZH[TicketStatus(r.status)], "state": r.status, "case_code": r.case_code or "",
                "transferred": bool(r.transferred)}

    return {"counter": counter, "prefixes": desk.prefixes, "current": row(held) if held else None,
            "line": [row(r) for r in line], "waiting": waiting, "others": others}


def call_text(engine: Engine, call_id: int) -> str | None:
    with engine.connect() as conn:
        row = conn.execute(sa.select(queue_calls.c.text).where(queue_calls.c.id == call_id)).first()
    return row.text if row else None


def call_next(engine: Engine, counter: int, clock: Clock = time.time) -> dict[str, Any] | None:
    """Call the next ticket for this counter: transferred to it first, then priority, then by number."""
    now = clock()
    with engine.begin() as conn:
        desk = _counter(conn, counter)
        conn.execute(sa.update(queue_counters).where(queue_counters.c.number == counter).values(is_open=True))
        if conn.execute(sa.select(queue_tickets.c.number).where(queue_tickets.c.counter == counter,
                                                                 queue_tickets.c.status.in_(ACTIVE))).first():
            raise QueueRefused("请先办结、过号或转出当前号，再叫下一号")
        t = queue_tickets.c
        ticket = conn.execute(_line(desk, day_of(now)).limit(1)).first()
        if ticket is None:
            return None
        conn.execute(sa.update(queue_tickets).where(t.ticket_id == ticket.ticket_id).values(
            status=TicketStatus.CALLED.value, counter=counter, called_at=now, transferred=False))
        return _call(conn, ticket, counter, now)


def act(engine: Engine, counter: int, move: str, *, to_counter: int | None = None,
        clock: Clock = time.time) -> dict[str, Any]:
    """recall | start | skip | transfer (to_counter) | end, on the ticket this counter holds."""
    now = clock()
    with engine.begin() as conn:
        _counter(conn, counter)
        t = queue_tickets.c
        ticket = conn.execute(sa.select(queue_tickets).where(t.counter == counter, t.status.in_(ACTIVE))).first()
        if ticket is None:
            raise QueueRefused("本窗口当前没有号")
        new = rules.next_status(move, ticket.status)
        values: dict[str, Any] = {"status": new.value}
        if move == "recall":
            return _call(conn, ticket, counter, now)
        if move == "transfer":
            if to_counter is None or to_counter == counter:
                raise QueueRefused("请选择要转到的其他窗口")
            _counter(conn, to_counter)
            values.update(counter=to_counter, transferred=True)
        if new in (TicketStatus.DONE, TicketStatus.SKIPPED):
            values["ended_at"] = now
        conn.execute(sa.update(queue_tickets).where(t.ticket_id == ticket.ticket_id).values(**values))
        if new in (TicketStatus.DONE, TicketStatus.SKIPPED):
            enqueue(conn, f"{ticket.ticket_id}:end", "end",
                    {"ticket_id": ticket.ticket_id, "status": new.value, "at": now,
                     "case_code": ticket.case_code}, now)
        return {"ticket_id": ticket.ticket_id, "number": ticket.number, "status": new.value,
                "counter": values.get("counter", counter)}


def link_case(engine: Engine, counter: int, case_code: str, clock: Clock = time.time) -> dict[str, Any]:
    """The case a clerk accepted for the ticket at this counter: kept on the ticket and sent up."""
    try:  # NFKC (a Chinese input method's ０-９), without spaces; its check digit
        code = regcode.validate(case_code)
    except regcode.InvalidCode as exc:
        raise QueueRefused("登记编码有误（校验位不符），请核对回执上的编码" if exc.reason == CHECK
                           else "登记编码为20位数字，不含字母或其他符号") from None
    now = clock()
    with engine.begin() as conn:
        t = queue_tickets.c
        ticket = conn.execute(sa.select(queue_tickets).where(t.counter == counter, t.status.in_(ACTIVE))).first()
        if ticket is None:
            raise QueueRefused("本窗口当前没有号")
        conn.execute(sa.update(queue_tickets).where(t.ticket_id == ticket.ticket_id).values(case_code=code))
        enqueue(conn, f"{ticket.ticket_id}:case:{code}", "case",
                {"ticket_id": ticket.ticket_id, "case_code": code, "at": now}, now)
    return {"ticket_id": ticket.ticket_id, "number": ticket.number, "case_code": code}


def display(engine: Engine, last: int = 6, clock: Clock = time.time) -> dict[str, Any]:
    """What the hall display shows: the current number per counter, today's last calls, the waiting counts."""
    day = day_of(clock())
    with engine.connect() as conn:
        counters = conn.execute(sa.select(queue_counters).order_by(queue_counters.c.number)).all()
        active = {r.counter: r for r in conn.execute(sa.select(queue_tickets).where(
            queue_tickets.c.status.in_(ACTIVE))).all()}
        calls = conn.execute(sa.select(queue_calls).where(queue_calls.c.at >= _day_start(day))
                             .order_by(queue_calls.c.id.desc()).limit(last)).all()
        waiting = _waiting_by_prefix(conn, day)
        names = {r.prefix: r.name for r in conn.execute(sa.select(queue_businesses)).all()}
    return {
        "counters": [{"number": c.number, "ticket": active[c.number].number if c.number in active else "",
                      "status": active[c.number].status if c.number in active else ""} for c in counters],
        "calls": [{"id": c.id, "number": c.number, "counter": c.counter, "text": c.text} for c in calls],
        "waiting": [{"prefix": p, "name": n, "count": waiting.get(p, 0)} for p, n in sorted(names.items())],
        "cursor": calls[0].id if calls else 0,
    }


def ticket_view(engine: Engine, ticket_id: str, clock: Clock = time.time) -> dict[str, Any] | None:
    """One ticket for the resident's phone: its state and how many are ahead (or, for an open ticket of an
    earlier day, that it has expired)."""
    with engine.connect() as conn:
        row = conn.execute(sa.select(queue_tickets).where(queue_tickets.c.ticket_id == ticket_id)).first()
        if row is None:
            return None
        t = queue_tickets.c
        ahead = 0
        expired = rules.expired(row.status, row.day, day_of(clock()))
        if row.status == TicketStatus.WAITING.value and not expired:
            earlier = t.issued_at < row.issued_at
            before = sa.and_(t.priority != "", earlier) if row.priority else sa.or_(t.priority != "", earlier)
            ahead = int(conn.execute(sa.select(sa.func.count()).select_from(queue_tickets).where(
                t.status == TicketStatus.WAITING.value, t.prefix == row.prefix, t.day == row.day,
                before)).scalar_one())
    taken = date.fromisoformat(row.day)
    return {"ticket_id": row.ticket_id, "number": row.number, "business": row.business, "status": row.status,
            "status_label": rules.EXPIRED_ZH if expired else rules.LABELS_ZH[TicketStatus(row.status)],
            "counter": row.counter, "ahead": ahead, "priority_label": rules.PRIORITY_LABELS.get(row.priority, ""),
            "expired": expired, "day_label": f"{taken.year}年{taken.month}月{taken.day}日"}

