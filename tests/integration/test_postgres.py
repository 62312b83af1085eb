"""servicenet on PostgreSQL (Debian's server, started here on a unix socket): migrations, several uvicorn
workers, web codes from one sequence under concurrency, kiosk and web cases, the back office."""
from __future__ import annotations

import json
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import date

import pytest
import requests
import sqlalchemy as sa

from domain import regcode, wire
from servicenet import db, migrations
from servicenet.calendar import current
from servicenet.process import REPO_ROOT, start_servicenet
from servicenet.webchannel import regseq
from tests.helpers.enroll import SignedNet, signed
from tests.helpers.postgres import PostgresCluster, postgres  # noqa: F401  (fixture)
from tests.helpers.threads import from_threads
from tests.helpers.weblogin import sign_in
from tests.unit.servicenet.conftest import ID_OLD, ID_SFZ, person_id
from tests.unit.servicenet.test_audit import long_rows_verify
from tests.unit.servicenet.test_migrations import drift
from tests.unit.servicenet.test_webchannel import apply

pytestmark = pytest.mark.slow  # starts its own PostgreSQL cluster


def run_cli(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "servicenet", *args, "--db", url], cwd=REPO_ROOT,
                          capture_output=True, text=True, timeout=60)


def test_migrations_build_the_declared_schema(postgres: PostgresCluster) -> None:  # noqa: F811 - the fixture imported above
    url = postgres.create_database("migrate")
    done = run_cli(url, "migrate")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == json.dumps({"from": None, "to": migrations.HEAD})
    engine = db.make_engine(url)
    try:
        assert drift(engine) == []
        assert "status_events" in sa.inspect(engine).get_table_names()
    finally:
        engine.dispose()


def test_audit_rows_are_stored_whole_after_the_migrations(postgres: PostgresCluster) -> None:  # noqa: F811 - the fixture imported above
    """On PostgreSQL a long actor overflowed its VARCHAR(64) (a 500 for the kiosk's batch); after migration
    0021 it is stored whole and the chain verifies."""
    url = postgres.create_database("audit")
    assert run_cli(url, "migrate").returncode == 0
    engine = db.make_engine(url)
    try:
        long_rows_verify(engine)
    finally:
        engine.dispose()


def test_web_codes_under_concurrency_are_unique_and_spread(postgres: PostgresCluster) -> None:  # noqa: F811 - the fixture imported above
    engine = db.make_engine(postgres.create_database("codes"))
    try:
        db.create_all(engine)
        got = from_threads(lambda: regseq.next_code(engine, "440105", date(2026, 11, 26)), threads=5, each=20)
        assert len(set(got)) == 100 and all(regcode.is_valid(c) and regseq.is_web(c) for c in got)
        assert len({c[6:9] for c in got}) > 1  # spread over the web's device numbers: not one hot counter row
        for device in {c[6:9] for c in got}:  # each device number's sequence without a gap
            seqs = sorted(int(c[15:19]) for c in got if c[6:9] == device)
            assert seqs == list(range(1, len(seqs) + 1))
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def net(postgres: PostgresCluster) -> Iterator[SignedNet]:  # noqa: F811 - the fixture imported above
    url = postgres.create_database("servicenet")
    with start_servicenet(url, workers=2, timeout=60) as sn:
        yield signed(sn)


def test_two_workers_serve_kiosks_and_the_web(net: SignedNet) -> None:
    url = net.url
    assert migrations.HEAD in run_cli(net.db_url, "migrate").stdout  # already at head: nothing to do
    person = person_id("44010519800101001")
    # six browsers of the resident, signed in by SMS (each puts a phone on record with one kiosk case first)
    sessions = [sign_in(url, "王小明", person) for _ in range(6)]
    # a kiosk's batch
    kiosk_cases = [{
        "code": regcode.make("440105", net.creds.enrollment.device_number, date(2026, 11, 26), seq),
        "service_code": ID_SFZ, "channel": "kiosk", "device_id": net.creds.device_id,
        "submitted_at": "2026-11-26T10:05:00+08:00",
        "applicant": {"name": "王小明", "id_number": person, "source": "id_card"},
        "form": {"name": "王小明", "id_number": person, "phone": "13800138000", "reason": "到期换领"},
    } for seq in range(1, 51)]
    results = net.http.post(f"{url}/v1/cases/batch", json={"cases": kiosk_cases}, timeout=30).json()["results"]
    assert [r["result"] for r in results] == ["created"] * 50
    again = net.http.post(f"{url}/v1/cases/batch", json={"cases": kiosk_cases[:3]}, timeout=30).json()["results"]
    assert [r["result"] for r in again] == ["duplicate"] * 3

    # residents on the web at the same time, spread over both workers: one code sequence
    issued: list[str] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def resident(i: int) -> None:
        try:
            s = sessions[i]
            for _ in range(3):
                code = apply(s, url, ID_OLD, {"phone": f"139{i:08d}"})
                with lock:
                    issued.append(code)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=resident, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert len(set(issued)) == 18 and all(regseq.is_web(c) for c in issued)

    # the kiosk's lookup by person finds both channels
    found = net.http.get(f"{url}/v1/cases", params={"person": wire.person_hash(net.creds.enrollment.person_key,
                                                                                 person), "limit": 200},
                         timeout=30).json()["cases"]
    assert {c["channel"] for c in found} == {"kiosk", "web"} and len(found) == 50 + 6 + 18

    # the back office moves a web case; the feed says so in order
    token = run_cli(net.db_url, "office", "staff-token", "--staff-id", "S1", "--role", "window").stdout.strip()
    staff = {"Authorization": f"Bearer {token}"}
    code = issued[0]
    r = requests.post(f"{url}/v1/backoffice/cases/{code}/supplement", json={"missing": ["户口簿"]}, headers=staff,
                      timeout=30)
    assert r.status_code == 200 and r.json()["supplement"]["missing"] == ["户口簿"]
    assert requests.post(f"{url}/v1/backoffice/cases/{code}/supplement", json={"missing": ["x"]}, headers=staff,
                         timeout=30).status_code == 409
    feed = net.http.get(f"{url}/v1/status-feed", params={"limit": 1000}, timeout=30).json()["events"]
    seqs = [e["seq"] for e in feed]
    assert seqs == sorted(seqs) and len(feed) == 50 + 6 + 18  # with the six cases that put phones on record
    # a day past every due date here (the web cases are due 7 working days after today, whenever this runs)
    past_all = current().add_working_days(max(date.today(), date(2026, 12, 24)), 10)
    overdue = run_cli(net.db_url, "office", "overdue", "--today", past_all.isoformat())
    assert overdue.returncode == 0 and len(overdue.stdout.splitlines()) == 50 + 6 + 17  # the 补正 one is paused
    stranger = requests.get(f"{url}/track/{code}", timeout=30).text
    assert "户口簿" not in stranger  # only status words until the viewer proves a link
    page = requests.post(f"{url}/track/{code}/prove", data={"proof": person[-4:]}, timeout=30).text
    assert re.search(r"请补正材料", page) and "户口簿" in page


def test_servicenet_recovers_after_the_database_restarts(postgres: PostgresCluster) -> None:  # noqa: F811 - the fixture imported above
    """No pool pre-ping (servicenet/db.py): a dropped connection fails a request at most once per worker, and
    the kiosk reads that 5xx as "try again later"; then every request succeeds."""
    with start_servicenet(postgres.create_database("restart"), timeout=60) as sn:
        net = signed(sn)
        assert net.http.get(f"{sn.url}/v1/catalogue", params={"limit": 1}, timeout=30).status_code == 200
        postgres.restart()

        def ask() -> int | str:
            try:
                return int(net.http.get(f"{sn.url}/v1/catalogue", params={"limit": 1}, timeout=30).status_code)
            except requests.ConnectionError:  # a 500 from inside a middleware closes the connection
                return "reset"

        answers = [ask() for _ in range(6)]
        assert answers[-4:] == [200] * 4 and set(answers) <= {200, 500, "reset"}, answers


def test_rows_are_copied_in_with_their_defaults_and_a_clash_is_an_integrity_error(postgres: PostgresCluster) -> None:  # noqa: F811 - the fixture imported above
    engine = db.make_engine(postgres.create_database("copy"))
    try:
        db.create_all(engine)
        rows = [{"code": f"X{i}", "seq": 90_000 + i, "name": "名称\t带\\特殊\n字符", "data": '{"a": "b\\"c"}'}
                for i in range(3)]
        with engine.begin() as conn:
            db.insert_rows(conn, db.services, rows)
        with engine.connect() as conn:
            got = conn.execute(sa.select(db.services).where(db.services.c.code.like("X%"))
                               .order_by(db.services.c.code)).all()
        assert [(r.code, r.name, r.data, r.deleted, r.time_limit_days) for r in got] == [
            (f"X{i}", "名称\t带\\特殊\n字符", '{"a": "b\\"c"}', False, 0) for i in range(3)]
        with pytest.raises(sa.exc.IntegrityError), engine.begin() as conn:  # as an INSERT's clash: store.py falls back
            db.insert_rows(conn, db.services, [{**rows[0], "seq": 90_010}])
        with engine.begin() as conn:  # the connection is whole again
            assert conn.execute(sa.select(sa.func.count()).select_from(db.services)
                                .where(db.services.c.code.like("X%"))).scalar() == 3
    finally:
        engine.dispose()


def test_refunds_of_refused_cases_on_two_nodes(postgres: PostgresCluster) -> None:  # noqa: F811 - the fixture imported above
    """On PostgreSQL: each case is refused while its QR is being paid (the refusal and the payment's record race),
    then two nodes drain the refund jobs at once. Every fee is owed exactly once, refunded once, told once."""
    from servicenet import seed, store
    from servicenet.payments import refunds
    from servicenet.payments.gateway import Gateway
    from servicenet.payments.tables import payment_refunds, refund_jobs
    from servicenet.results.tables import case_delivery
    from servicenet.sms.tables import sms_outbox
    from tests.unit.servicenet.test_gateway import case, order, sandbox, stored

    engine = db.make_engine(postgres.create_database("refunds"))
    try:
        db.create_all(engine)
        seed.seed_if_empty(engine)
        gw = Gateway(engine)
        numbers = range(901, 913)
        for n in numbers:
            stored(gw, n)
            with engine.begin() as conn:
                conn.execute(sa.insert(case_delivery).values(code=case(n), method="window", phone=f"13700139{n:03d}"))
        nos = [gw.native(order(n))["out_trade_no"] for n in numbers]
        for n, no in zip(numbers, nos, strict=True):
            start = threading.Barrier(2)

            def refuse(n: int = n, start: threading.Barrier = start) -> None:
                start.wait()
                store.move_status(engine, case(n), store.CaseStatus.REJECTED, "申请人户籍不在本辖区")

            def pay(no: str = no, start: threading.Barrier = start) -> None:
                start.wait()
                sandbox(gw).confirm(no)

            workers = [threading.Thread(target=refuse), threading.Thread(target=pay)]
            for t in workers:
                t.start()
            for t in workers:
                t.join()
        with engine.connect() as conn:
            assert sorted(conn.execute(sa.select(refund_jobs.c.out_trade_no)).scalars()) == sorted(nos)
        nodes = iter([refunds.Refunder(engine, lambda: gw, owner=f"node-{i}") for i in range(2)])

        def node() -> int:  # one node: drains a few jobs at a time until none is left for it
            refunder, back = next(nodes), 0
            while worked := refunder.drain(limit=3):
                back += worked
            return back

        assert sum(from_threads(node, threads=2, each=1)) == len(nos)
        trades = sandbox(gw).ledger()
        assert sorted((t["state"], t["charged"], t["refunded_cents"]) for t in trades) == [("REFUND", 1, 2000)] * len(nos)
        with engine.connect() as conn:
            assert conn.execute(sa.select(sa.func.count()).select_from(payment_refunds)).scalar() == len(nos)
            told = conn.execute(sa.select(sms_outbox.c.event_key).where(sms_outbox.c.template == "refunded")).scalars()
            assert len(list(told)) == len(nos)
            assert set(conn.execute(sa.select(refund_jobs.c.state)).scalars()) == {"done"}
    finally:
        engine.dispose()
