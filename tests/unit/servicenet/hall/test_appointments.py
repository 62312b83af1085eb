"""Appointments on the network's database: the hall's rules make the slots; booking, capacity, cancel, the
no-show limit, the working-day calendar; the hall's uplink events check in and mark no-shows."""
from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from domain import idnumber
from domain.models import Person
from servicenet import db, enroll, seed
from servicenet.hall import appointments as booking
from servicenet.hall.network import HallEvent, store_events
from servicenet.hall.tables import appointments
from tests.helpers.threads import both_read_first

KEY = "test-person-key"
HALL = "城关镇便民服务中心"
FRIDAY = datetime(2026, 12, 4, 8, 0)  # a working Friday, before the hall opens
SFZ = "11440105007512345X4440117001000"  # 居民身份证换领 in the seed catalogue


def person(first17: str) -> Person:
    return Person("李建国", first17 + idnumber.check_char(first17))


A, B, C = person("44011719850601003"), person("44011719900101002"), person("44011719700101001")


@pytest.fixture
def engine(tmp_path: Path) -> Engine:
    e = db.make_engine(f"sqlite:///{tmp_path / 'net.db'}")
    db.create_all(e)
    seed.seed_if_empty(e)
    rules = booking.check_rules({"weekdays": [1, 2, 3, 4, 5], "hours": [["09:00", "10:00"]], "slot_minutes": 30,
                                 "counters": 1, "per_counter": 2, "no_show_minutes": 15, "no_show_limit": 1,
                                 "horizon_days": 7})
    hall = enroll.Device("440105-009", "440105", 9, b"k" * 32, "active", HALL)
    store_events(e, hall, [HallEvent(key="rules:1", body=json.dumps({"kind": "rules", "rules": rules}))])
    yield e
    e.dispose()


def test_rules_are_checked() -> None:
    numbers = {"slot_minutes": 30, "counters": 1, "per_counter": 1, "no_show_minutes": 0, "no_show_limit": 1,
               "horizon_days": 7}
    with pytest.raises(ValueError, match="开放日须为 1（周一）到 7（周日）"):
        booking.check_rules({"weekdays": [0], "hours": [["09:00", "10:00"]], **numbers})
    with pytest.raises(ValueError, match="结束早于开始"):
        booking.check_rules({"weekdays": [1], "hours": [["10:00", "09:00"]], **numbers})
    with pytest.raises(ValueError, match="须写成 09:00-12:00"):
        booking.check_rules({"weekdays": [1], "hours": [["9点", "10点"]], **numbers})
    with pytest.raises(ValueError, match="每个时段的分钟数须在 5 到 480 之间"):
        booking.check_rules({"weekdays": [1], "hours": [["09:00", "10:00"]], **numbers, "slot_minutes": 4})
    with pytest.raises(ValueError, match="可提前预约天数须在 1 到 90 之间"):  # a typo would make every slot list crawl
        booking.check_rules({"weekdays": [1], "hours": [["09:00", "10:00"]], **numbers, "horizon_days": 10_000_000})
    # typed with full-width digits and colons (a Chinese input method): the same rules
    full = booking.check_rules({"weekdays": ["１", "５"], "hours": [["０９：００", "１０：３０"]],
                                **numbers, "slot_minutes": "２０"})
    assert (full["weekdays"], full["hours"], full["slot_minutes"]) == ([1, 5], [["09:00", "10:30"]], 20)


def test_slots_capacity_and_one_booking_a_day(engine: Engine) -> None:
    assert booking.halls(engine) == [HALL]
    assert [s["start"] for s in booking.slots(engine, HALL, date(2026, 12, 4), FRIDAY)] == ["09:00", "09:30"]
    assert booking.slots(engine, HALL, date(2026, 12, 5), FRIDAY) == []  # Saturday: not one of its weekdays
    made = booking.book(engine, A, KEY, HALL, SFZ, date(2026, 12, 4), "09:00", FRIDAY)
    assert made["status"] == "booked" and made["service_name"] == "居民身份证换领"
    with pytest.raises(booking.BookingRefused, match="已有预约"):
        booking.book(engine, A, KEY, HALL, SFZ, date(2026, 12, 4), "09:30", FRIDAY)
    booking.book(engine, B, KEY, HALL, SFZ, date(2026, 12, 4), "09:00", FRIDAY)
    with pytest.raises(booking.BookingRefused, match="约满"):
        booking.book(engine, C, KEY, HALL, SFZ, date(2026, 12, 4), "09:00", FRIDAY)
    assert booking.slots(engine, HALL, date(2026, 12, 4), FRIDAY)[0] == {"start": "09:00", "free": 0}
    with pytest.raises(booking.BookingRefused, match="已过"):
        booking.book(engine, C, KEY, HALL, SFZ, date(2026, 12, 4), "09:00", datetime(2026, 12, 4, 9, 20))


def test_cancel_frees_the_slot_and_only_the_owner_cancels(engine: Engine) -> None:
    from domain.wire import person_hash

    made = booking.book(engine, A, KEY, HALL, SFZ, date(2026, 12, 4), "09:00", FRIDAY)
    with pytest.raises(booking.BookingRefused, match="未找到"):
        booking.cancel(engine, person_hash(KEY, B.id_number), made["appointment_id"], FRIDAY)
    booking.cancel(engine, person_hash(KEY, A.id_number), made["appointment_id"], FRIDAY)
    assert booking.mine(engine, person_hash(KEY, A.id_number))[0]["status_label"] == "已取消"
    with pytest.raises(booking.BookingRefused, match="不能取消"):
        booking.cancel(engine, person_hash(KEY, A.id_number), made["appointment_id"], FRIDAY)


def test_a_holiday_is_closed_by_the_calendar(engine: Engine) -> None:
    new_year = datetime(2026, 12, 31, 8, 0)  # Thursday; 2027-01-01 is a statutory holiday (a Friday)
    assert date(2027, 1, 1) not in booking.open_days(booking.rules_of(engine, HALL), new_year.date())
    with pytest.raises(booking.BookingRefused, match="不可预约"):
        booking.book(engine, A, KEY, HALL, SFZ, date(2027, 1, 1), "09:00", new_year)


def test_hall_events_check_in_and_no_show_block_booking(engine: Engine) -> None:
    from domain.wire import person_hash

    hall = enroll.Device("440105-009", "440105", 9, b"k" * 32, "active", HALL)
    a = booking.book(engine, A, KEY, HALL, SFZ, date(2026, 12, 4), "09:00", FRIDAY)
    b = booking.book(engine, B, KEY, HALL, SFZ, date(2026, 12, 4), "09:30", FRIDAY)
    issued = {"kind": "issued", "ticket_id": "440105-009-20261204-A001", "appointment_id": a["appointment_id"],
              "business": "综合窗口", "priority": "appointment"}
    no_show = {"kind": "no_show", "appointment_id": b["appointment_id"]}
    events = [HallEvent(key="t1:issued", body=json.dumps(issued)), HallEvent(key="b:no_show", body=json.dumps(no_show))]
    assert [r["result"] for r in store_events(engine, hall, events)] == ["stored", "stored"]
    assert [r["result"] for r in store_events(engine, hall, events)] == ["duplicate", "duplicate"]
    with engine.connect() as conn:
        status = dict(conn.execute(sa.select(appointments.c.appointment_id, appointments.c.status)).all())
    assert status == {a["appointment_id"]: "checked_in", b["appointment_id"]: "no_show"}
    assert booking.mine(engine, person_hash(KEY, B.id_number))[0]["status_label"] == "爽约"
    with pytest.raises(booking.BookingRefused, match="爽约 1 次"):
        booking.book(engine, B, KEY, HALL, SFZ, date(2026, 12, 7), "09:00", FRIDAY)


def test_a_missed_slot_cannot_be_cancelled_afterwards(engine: Engine) -> None:
    """Cancelling is for a slot still to come: once its start and the hall's grace have passed, the booking is
    missed (the hall marks it a no-show), and cancelling it then would hide the no-show from the count."""
    from domain.wire import person_hash

    made = booking.book(engine, A, KEY, HALL, SFZ, date(2026, 12, 4), "09:00", FRIDAY)
    who = person_hash(KEY, A.id_number)
    with pytest.raises(booking.BookingRefused, match="时段已过"):
        booking.cancel(engine, who, made["appointment_id"], datetime(2026, 12, 4, 9, 15))  # grace: 15 minutes
    assert booking.mine(engine, who)[0]["status"] == "booked"
    booking.cancel(engine, who, made["appointment_id"], datetime(2026, 12, 4, 9, 14))  # within the grace: still
    assert booking.mine(engine, who)[0]["status"] == "cancelled"


def test_two_residents_booking_the_last_place_at_once(engine: Engine) -> None:
    """Two residents take the last place of a slot at the same moment, each having counted the slot before the
    other wrote: one is booked, the other is told the slot is full (it was a 500: the two took one change number)."""
    booking.book(engine, C, KEY, HALL, SFZ, date(2026, 12, 4), "09:00", FRIDAY)  # one of two places taken

    def book(resident: Person) -> Callable[[], str]:
        def call() -> str:
            try:
                return str(booking.book(engine, resident, KEY, HALL, SFZ, date(2026, 12, 4), "09:00", FRIDAY)["status"])
            except booking.BookingRefused as exc:
                return str(exc)
        return call

    said = both_read_first(engine, "appointments", [book(A), book(B)])
    assert sorted(said) == ["booked", "该时段已约满，请选择其他时段"], said


def test_a_check_in_while_the_resident_cancels_stands(engine: Engine) -> None:
    """The resident cancels on the web at the moment the hall's check-in arrives (read as booked, then checked in
    before the cancel writes): the check-in stands and the cancel is told why; it was overwritten as cancelled
    (and a no-show arriving so was hidden the same way)."""
    import threading

    from domain.wire import person_hash

    hall = enroll.Device("440105-009", "440105", 9, b"k" * 32, "active", HALL)
    made = booking.book(engine, A, KEY, HALL, SFZ, date(2026, 12, 4), "09:00", FRIDAY)
    who = person_hash(KEY, A.id_number)
    issued = {"kind": "issued", "ticket_id": "440105-009-20261204-A001", "appointment_id": made["appointment_id"],
              "business": "综合窗口", "priority": "appointment"}
    fired: list[bool] = []

    def check_in_now(conn: object, cursor: object, statement: str, *args: object) -> None:
        if statement.lstrip().upper().startswith("UPDATE APPOINTMENTS") and not fired:
            fired.append(True)  # the cancel has read the booking and is about to write
            t = threading.Thread(target=store_events, args=(engine, hall, [HallEvent(key="t1:issued",
                                                                                     body=json.dumps(issued))]))
            t.start()
            t.join(30)

    sa.event.listen(engine, "before_cursor_execute", check_in_now)
    try:
        with pytest.raises(booking.BookingRefused, match="已签到取号"):
            booking.cancel(engine, who, made["appointment_id"], datetime(2026, 12, 4, 9, 5))
    finally:
        sa.event.remove(engine, "before_cursor_execute", check_in_now)
    assert fired and booking.mine(engine, who)[0]["status"] == "checked_in"
