"""The status feed on PostgreSQL (servicenet/db.py append_feed): writers take turns only for the feed's append,
from it to their commit, so `seq` order is commit order and a kiosk's cursor never skips an event committed
late, while the rest of each batch (case rows, delivery rows) is written in parallel. And the bulk insert
(insert_rows: one statement of arrays per table) keeps column types and Python-side defaults."""
from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from servicenet import db, seed, store
from servicenet.results.tables import case_delivery
from tests.helpers.postgres import PostgresCluster, postgres  # noqa: F401 - fixture
from tests.unit.servicenet.conftest import make_case  # noqa: F401 - fixture

pytestmark = pytest.mark.slow  # starts its own PostgreSQL cluster

MakeCase = Callable[..., dict[str, Any]]


@pytest.fixture
def engine(postgres: PostgresCluster, request: pytest.FixtureRequest) -> Iterator[Engine]:  # noqa: F811 - the fixture imported above
    e = db.make_engine(postgres.create_database(request.node.name[:40].lower()))
    db.create_all(e)
    seed.seed_if_empty(e)
    yield e
    e.dispose()


def _waits_on_the_feed(engine: Engine) -> list[Any]:
    """Backends waiting for the feed's advisory lock, with whether they hold a lock on cases already."""
    with engine.connect() as conn:
        return conn.execute(sa.text(
            "SELECT a.pid, EXISTS (SELECT 1 FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
            "WHERE l.pid = a.pid AND c.relname = 'cases' AND l.mode = 'RowExclusiveLock' AND l.granted) AS wrote "
            "FROM pg_stat_activity a WHERE a.wait_event_type = 'Lock' AND a.wait_event = 'advisory'")).all()


def test_a_late_commit_is_never_skipped_and_batches_write_in_parallel(engine: Engine, make_case: MakeCase) -> None:  # noqa: F811 - the fixture imported above
    assert [r["result"] for r in store.submit_batch(engine, [make_case(1)])] == ["created"]
    cursor = store.status_feed(engine, 0, 100)["cursor"]
    first = engine.connect()  # an appender between its lock and its commit (append_feed sends both at once)
    tx = first.begin()
    first.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": db.FEED_LOCK})
    db.insert_rows(first, db.status_events, [dict(code=make_case(1)["code"], status="accepted",
                                                  at="2026-11-26T11:00:00+08:00", note="")])
    answers: list[list[dict[str, Any]]] = []
    second = threading.Thread(target=lambda: answers.append(store.submit_batch(engine, [make_case(2), make_case(3)])))
    second.start()
    deadline = time.monotonic() + 20
    while not (waiting := _waits_on_the_feed(engine)):
        assert time.monotonic() < deadline, "the second batch never reached the feed"
        time.sleep(0.05)
    assert [w.wrote for w in waiting] == [True]  # its case rows are written already: only the append waits
    assert store.status_feed(engine, cursor, 100)["events"] == []  # nothing committed, so nothing to skip
    tx.commit()
    first.close()
    second.join(20)
    assert [r["result"] for r in answers[0]] == ["created", "created"]
    feed = store.status_feed(engine, cursor, 100)["events"]
    code = [make_case(i)["code"] for i in (1, 2, 3)]
    assert [(e["code"], e["status"]) for e in feed] == [(code[0], "accepted"), (code[1], "submitted"),
                                                        (code[2], "submitted")]
    assert [e["seq"] for e in feed] == sorted(e["seq"] for e in feed)  # seq order is commit order


def test_bulk_insert_keeps_types_and_defaults(engine: Engine, make_case: MakeCase) -> None:  # noqa: F811 - the fixture imported above
    codes = [make_case(i)["code"] for i in (7, 8)]
    big = 5_000_000_000  # past a 32-bit integer: the arrays carry the column's own type
    slots = [{"slot": f"s{i}", "sha256": "a" * 64, "size": big, "media_type": "image/jpeg"} for i in (1, 2)]
    store.submit_batch(engine, [make_case(7, attachments=[slots[0]]), make_case(8, attachments=[slots[1]])])
    with engine.connect() as conn:
        sizes = conn.execute(sa.select(db.case_attachments.c.size).order_by(db.case_attachments.c.slot)).scalars()
        assert list(sizes) == [big, big]
        delivery = conn.execute(sa.select(case_delivery.c.carrier, case_delivery.c.waybill)
                                .where(case_delivery.c.code.in_(codes))).all()
        assert [tuple(r) for r in delivery] == [("", ""), ("", "")]  # Python-side defaults are filled in
