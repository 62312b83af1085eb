"""The hall node's uplink against a real network over HTTP: a lost answer makes a resend that the network
answers "duplicate" (stored once); appointments come down by cursor and a local check-in is not undone."""
from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from domain import idnumber
from domain.models import Person
from domain.wire import person_hash
from servicenet import db
from servicenet.hall import appointments as booking
from servicenet.hall import node, queue
from servicenet.hall.tables import hall_appointments, hall_figures, hall_outbox
from servicenet.hall.uplink import Uplink, pending, set_state
from servicenet.process import ServicenetProcess, enrollment_code, start_servicenet
from tests.helpers.proxy import FaultProxy
from tests.unit.servicenet.test_cli import cli

HALL = "城关镇便民服务中心"
SFZ = "11440105007512345X4440117001000"


@pytest.fixture
def net(tmp_path: Path) -> Iterator[ServicenetProcess]:
    proc = start_servicenet(f"sqlite:///{tmp_path / 'net.db'}")
    yield proc
    proc.stop()


@pytest.fixture
def hall(tmp_path: Path, net: ServicenetProcess) -> Iterator[Engine]:
    engine = db.make_engine(f"sqlite:///{tmp_path / 'hall.db'}")
    db.create_all(engine)
    queue.seed_if_empty(engine)
    node.enroll_node(engine, net.url, enrollment_code(net.db_url), HALL)
    yield engine
    engine.dispose()


def test_a_lost_answer_is_sent_again_and_stored_once(net: ServicenetProcess, hall: Engine) -> None:
    for _ in range(3):
        queue.issue(hall, "A")
    with FaultProxy(net.port) as proxy:
        link = Uplink(hall, proxy.url, timeout=5)
        proxy.drop_response("/v1/hall/events/batch")
        link.round()  # the network stored them; the answer never came back
        assert not link.online and pending(hall) == 3
        link.round()
        assert link.online and pending(hall) == 0
        assert ("POST /v1/hall/events/batch", "drop_response") in proxy.log
        link.close()
    up = db.make_engine(net.db_url)
    with up.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(hall_figures)).scalar_one() == 3
    up.dispose()


def test_appointments_come_down_and_a_check_in_stays(net: ServicenetProcess, hall: Engine) -> None:
    rules = booking.check_rules({"weekdays": list(range(1, 8)), "hours": [["00:00", "23:30"]], "slot_minutes": 30,
                                 "counters": 1, "per_counter": 1, "no_show_minutes": 30, "no_show_limit": 3,
                                 "horizon_days": 7, "calendar": False})
    now = 1_780_000_000.0
    with hall.begin() as conn:
        queue.enqueue(conn, "rules:1", "rules", {"rules": rules, "at": now}, now)
        set_state(conn, "rules", json.dumps(rules))
    link = Uplink(hall, net.url, timeout=5)
    link.round()
    up = db.make_engine(net.db_url)
    first17 = "44011719850601003"
    resident = Person("李建国", first17 + idnumber.check_char(first17))
    tomorrow = date.today() + timedelta(days=1)
    made = booking.book(up, resident, "k", HALL, SFZ, tomorrow, "10:00", datetime.now())
    other = booking.book(up, Person("王芳", "11010519491231002" + idnumber.check_char("11010519491231002")), "k", HALL, SFZ, tomorrow, "10:30", datetime.now())
    assert link.pull() == 2
    booking.cancel(up, other["person_hash"], other["appointment_id"])
    with hall.begin() as conn:  # the resident checked in at the hall meanwhile
        conn.execute(sa.update(hall_appointments).where(hall_appointments.c.appointment_id == made["appointment_id"])
                     .values(status="checked_in"))
    booking_row = person_hash("k", resident.id_number)
    assert made["person_hash"] == booking_row
    assert link.pull() == 1  # only the cancellation changed since the cursor
    with hall.connect() as conn:
        got = dict(conn.execute(sa.select(hall_appointments.c.appointment_id, hall_appointments.c.status)).all())
    assert got == {made["appointment_id"]: "checked_in", other["appointment_id"]: "cancelled"}
    link.close()
    up.dispose()


def test_a_booking_cancelled_while_the_link_was_down_is_not_a_no_show(net: ServicenetProcess, hall: Engine) -> None:
    """The resident cancels online in time; the hall node, its uplink down, still holds the booking and marks it a
    no-show after the grace. When the link returns the network keeps it cancelled: it is not counted against the
    resident (with a limit of one no-show, the next booking would be refused)."""
    rules = booking.check_rules({"weekdays": list(range(1, 8)), "hours": [["08:00", "12:00"]], "slot_minutes": 30,
                                 "counters": 1, "per_counter": 1, "no_show_minutes": 30, "no_show_limit": 1,
                                 "horizon_days": 7, "calendar": False})
    today = date.today()
    opening = datetime.combine(today, datetime.min.time()).replace(hour=7)
    with hall.begin() as conn:
        queue.enqueue(conn, "rules:1", "rules", {"rules": rules, "at": 1.0}, 1.0)
        set_state(conn, "rules", json.dumps(rules))
    link = Uplink(hall, net.url, timeout=5, clock=lambda: opening.replace(hour=10).timestamp())
    link.round()
    up = db.make_engine(net.db_url)
    first17 = "44011719850601003"
    resident = Person("李建国", first17 + idnumber.check_char(first17))
    made = booking.book(up, resident, "k", HALL, SFZ, today, "08:00", opening)
    assert link.pull() == 1
    booking.cancel(up, made["person_hash"], made["appointment_id"], opening)  # in time; the hall does not hear
    assert link.mark_no_shows() == 1  # 08:00 + 30 minutes is past at 10:00
    assert link.push() == 1
    assert booking.mine(up, made["person_hash"])[0]["status"] == "cancelled"
    again = booking.book(up, resident, "k", HALL, SFZ, today + timedelta(days=1), "08:00", opening)
    assert again["status"] == "booked"
    link.close()
    up.dispose()


def test_the_hall_cli_words_a_refused_code_and_a_network_away(tmp_path: Path, net: ServicenetProcess,
                                                               hall: Engine) -> None:
    """The technician's `servicenet hall enroll` with a wrong code and `servicenet hall sync` with the network down
    get a sentence and exit status 2, not a traceback."""
    other = f"sqlite:///{tmp_path / 'other-hall.db'}"
    refused = cli(other, "hall", "enroll", "--upstream", net.url, "--code", "WRONG-CODE", "--hall-name", HALL)
    assert refused.returncode == 2 and "Traceback" not in refused.stderr, refused.stderr
    assert refused.stderr.startswith("servicenet: ")
    net.stop()
    away = cli(str(hall.url), "hall", "sync")
    assert away.returncode == 2 and "Traceback" not in away.stderr, away.stderr
    assert "政务服务网" in away.stderr


def test_a_check_in_as_the_grace_ends_is_no_no_show(hall: Engine) -> None:
    """The resident checks in at a kiosk just as the node's round finds the booking late: the node read it as
    booked, the check-in wrote first. The check-in stands; no no-show is marked or sent up for it."""
    rules = {"no_show_minutes": 30}
    start = datetime.combine(date.today(), datetime.min.time()).replace(hour=8)
    late = (start + timedelta(minutes=31)).timestamp()
    with hall.begin() as conn:
        set_state(conn, "rules", json.dumps(rules))
        conn.execute(sa.insert(hall_appointments).values(appointment_id="YY-LATE", person_hash="ab" * 32,
                                                         service_name="居民身份证换领", day=date.today().isoformat(),
                                                         start="08:00", status="booked"))
    checked_in: list[str] = []

    def resident_checks_in(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if statement.lstrip().upper().startswith("UPDATE HALL_APPOINTMENTS") and not checked_in:
            checked_in.append("")  # once: the check-in's own UPDATE passes here too
            checked_in[0] = queue.issue(hall, "A", person_hash="ab" * 32, clock=lambda: late)["priority"]

    sa.event.listen(hall, "before_cursor_execute", resident_checks_in)
    link = Uplink(hall, "http://127.0.0.1:9", timeout=1, clock=lambda: late)
    try:
        marked = link.mark_no_shows()
    finally:
        sa.event.remove(hall, "before_cursor_execute", resident_checks_in)
        link.close()
    assert checked_in == ["appointment"]
    with hall.connect() as conn:
        status = conn.execute(sa.select(hall_appointments.c.status)
                              .where(hall_appointments.c.appointment_id == "YY-LATE")).scalar_one()
        kinds = [r.kind for r in conn.execute(sa.select(hall_outbox.c.kind))]
    assert (marked, status) == (0, "checked_in") and "no_show" not in kinds
