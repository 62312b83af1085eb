"""The hall's queue on a real SQLite file: numbering, priority, calling order, moves, the outbox."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from domain.queue import QueueRefused
from servicenet import db
from servicenet.hall import queue
from servicenet.hall.tables import hall_appointments, hall_outbox, queue_tickets
from tests.helpers.clock import ManualClock


@pytest.fixture
def engine(tmp_path: Path) -> Engine:
    e = db.make_engine(f"sqlite:///{tmp_path / 'hall.db'}")
    db.create_all(e)
    queue.seed_if_empty(e)
    yield e
    e.dispose()


def test_numbers_per_prefix_and_day(engine: Engine) -> None:
    clock = ManualClock(1_780_000_000.0, step=1)
    numbers = [queue.issue(engine, p, clock=clock)["number"] for p in "AABAB"]
    assert numbers == ["A001", "A002", "B001", "A003", "B002"]
    clock.t += 86400
    assert queue.issue(engine, "a", clock=clock)["number"] == "A001"  # a new day starts again
    with pytest.raises(QueueRefused, match="没有代号为 Z"):
        queue.issue(engine, "Z", clock=clock)


def test_priority_first_then_number_and_outbox_once(engine: Engine) -> None:
    clock = ManualClock(1_780_000_000.0, step=1)
    plain = queue.issue(engine, "A", clock=clock)
    old = queue.issue(engine, "A", birth=date(1940, 1, 1), clock=clock)
    assert old["priority"] == "elderly" and old["ahead"] == 0
    assert queue.issue(engine, "A", clock=clock)["ahead"] == 2
    first = queue.call_next(engine, 1, clock=clock)
    assert first is not None and first["number"] == old["number"]
    assert first["text"] == f"请{old['number']}号到1号窗口办理"
    with pytest.raises(QueueRefused, match="先办结"):
        queue.call_next(engine, 1, clock=clock)
    queue.act(engine, 1, "recall", clock=clock)
    queue.act(engine, 1, "end", clock=clock)
    second = queue.call_next(engine, 2, clock=clock)
    assert second is not None and second["number"] == plain["number"]
    with engine.connect() as conn:
        kinds = [r.kind for r in conn.execute(sa.select(hall_outbox).order_by(hall_outbox.c.id))]
        keys = [r.key for r in conn.execute(sa.select(hall_outbox))]
    assert kinds == ["issued", "issued", "issued", "call", "call", "end", "call"]
    assert len(set(keys)) == len(keys)


def test_transfer_goes_first_at_the_other_counter(engine: Engine) -> None:
    clock = ManualClock(1_780_000_000.0, step=1)
    a, b = (queue.issue(engine, "A", clock=clock) for _ in range(2))
    queue.call_next(engine, 1, clock=clock)
    queue.act(engine, 1, "start", clock=clock)
    with pytest.raises(QueueRefused, match="其他窗口"):
        queue.act(engine, 1, "transfer", to_counter=1, clock=clock)
    assert queue.act(engine, 1, "transfer", to_counter=3, clock=clock)["counter"] == 3
    assert queue.call_next(engine, 2, clock=clock)["number"] == b["number"]  # not counter 2's any more
    assert queue.call_next(engine, 3, clock=clock)["number"] == a["number"]
    view = queue.counter_view(engine, 3)
    assert view["current"]["number"] == a["number"] and view["others"] == [1, 2]


def test_skip_link_case_and_display(engine: Engine) -> None:
    clock = ManualClock(1_780_000_000.0, step=1)
    t = queue.issue(engine, "B", clock=clock)
    queue.call_next(engine, 2, clock=clock)
    with pytest.raises(QueueRefused, match="20位"):
        queue.link_case(engine, 2, "123")
    queue.link_case(engine, 2, "4401 0500 1261 1260 0014"[:24], clock=clock)
    shown = queue.display(engine, clock=clock)
    assert [c["ticket"] for c in shown["counters"]] == ["", t["number"], ""]
    assert shown["calls"][0]["number"] == t["number"] and shown["cursor"] == shown["calls"][0]["id"]
    queue.act(engine, 2, "skip", clock=clock)
    with engine.connect() as conn:
        row = conn.execute(sa.select(queue_tickets)).one()
        end = conn.execute(sa.select(hall_outbox.c.body).where(hall_outbox.c.kind == "end")).scalar_one()
    assert row.status == "skipped" and row.case_code == "44010500126112600014"
    assert json.loads(end)["case_code"] == "44010500126112600014"
    assert queue.ticket_view(engine, t["ticket_id"], clock=clock)["status_label"] == "已过号"


def test_appointment_check_in_gives_priority_once(engine: Engine) -> None:
    clock = ManualClock(1_780_000_000.0, step=1)
    today = queue.day_of(clock.t)
    with engine.begin() as conn:
        conn.execute(sa.insert(hall_appointments).values(appointment_id="YY1", person_hash="ab" * 32,
                                                         service_name="居民身份证换领", day=today, start="09:00",
                                                         status="booked"))
    queue.issue(engine, "A", clock=clock)
    t = queue.issue(engine, "A", person_hash="ab" * 32, clock=clock)
    assert t["priority"] == "appointment" and t["appointment_id"] == "YY1" and t["ahead"] == 0
    again = queue.issue(engine, "A", person_hash="ab" * 32, clock=clock)
    assert again["priority"] == ""  # the appointment is used
    assert queue.ticket_view(engine, again["ticket_id"], clock=clock)["ahead"] == 2


def test_todays_appointment_names_its_business_and_time(engine: Engine) -> None:
    clock = ManualClock(1_780_000_000.0, step=1)
    today = queue.day_of(clock.t)
    with engine.begin() as conn:
        conn.execute(sa.insert(hall_appointments), [
            dict(appointment_id="YY2", person_hash="cd" * 32, service_name="个体工商户登记", category="法人办事",
                 day=today, start="10:30", status="booked"),
            dict(appointment_id="YY3", person_hash="ef" * 32, service_name="某事项", category="其他",
                 day=today, start="14:00", status="booked"),
            dict(appointment_id="YY4", person_hash="01" * 32, service_name="已取消", category="个人办事",
                 day=today, start="09:00", status="cancelled")])
    found = queue.appointment_today(engine, "cd" * 32, clock=clock)
    assert found is not None and (found["prefix"], found["start"], found["service_name"]) == ("C", "10:30", "个体工商户登记")
    assert queue.appointment_today(engine, "ef" * 32, clock=clock)["prefix"] == "A"  # no such business: 综合窗口
    assert queue.appointment_today(engine, "01" * 32, clock=clock) is None  # cancelled
    assert queue.appointment_today(engine, "cd" * 32, clock=lambda: clock.t + 86400) is None  # not today


def test_a_new_day_calls_only_its_own_tickets(engine: Engine) -> None:
    """Tickets left waiting at closing are not called the next morning, nor counted as waiting or ahead."""
    clock = ManualClock(1_780_000_000.0, step=1)
    left = [queue.issue(engine, "A", clock=clock) for _ in range(3)]
    queue.call_next(engine, 1, clock=clock)
    queue.act(engine, 1, "end", clock=clock)  # the other two were never called: the hall closed
    clock.t += 86400
    assert queue.display(engine, clock=clock)["calls"] == []  # the morning's display starts empty
    today = queue.issue(engine, "A", clock=clock)
    assert today["number"] == "A001" and today["ahead"] == 0 and today["estimate_minutes"] == 0
    assert queue.ticket_view(engine, today["ticket_id"], clock=clock)["ahead"] == 0
    assert {b["prefix"]: b["waiting"] for b in queue.businesses(engine, clock=clock)}["A"] == 1
    view = queue.counter_view(engine, 1, clock=clock)
    assert [r["number"] for r in view["line"]] == ["A001"] and view["waiting"] == 1
    shown = queue.display(engine, clock=clock)
    assert {w["prefix"]: w["count"] for w in shown["waiting"]}["A"] == 1
    called = queue.call_next(engine, 1, clock=clock)
    assert called is not None and called["ticket_id"] == today["ticket_id"]
    assert queue.call_next(engine, 2, clock=clock) is None  # yesterday's are not called today
    left_view = queue.ticket_view(engine, left[1]["ticket_id"], clock=clock)
    assert left_view["status"] == "waiting" and left_view["expired"] and left_view["ahead"] == 0


def test_a_linked_code_is_canonical_and_checked(engine: Engine) -> None:
    """The clerk's typed 登记编码: full-width digits (a Chinese input method) and spaces are made ASCII before it is
    kept and sent up (the network finds the ticket by it); letters and a wrong check digit are refused."""
    clock = ManualClock(1_780_000_000.0, step=1)
    queue.issue(engine, "B", clock=clock)
    queue.call_next(engine, 2, clock=clock)
    with pytest.raises(QueueRefused, match="20位"):
        queue.link_case(engine, 2, "X4401050012611260001 4", clock=clock)  # a stray letter is not dropped
    with pytest.raises(QueueRefused, match="核对"):
        queue.link_case(engine, 2, "44010500126112600015", clock=clock)  # one digit mistyped
    linked = queue.link_case(engine, 2, "４４０１０５　００１　２６１１２６　０００１　４", clock=clock)
    assert linked["case_code"] == "44010500126112600014"
    with engine.connect() as conn:
        sent = conn.execute(sa.select(hall_outbox.c.key, hall_outbox.c.body).where(hall_outbox.c.kind == "case")).one()
    assert sent.key.endswith(":case:44010500126112600014")
    assert json.loads(sent.body)["case_code"] == "44010500126112600014"
