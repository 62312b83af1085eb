"""The sync engine against the real servicenet over HTTP on 127.0.0.1, through a link the test can cut."""
import itertools
import json
from dataclasses import replace

import pytest
import sqlalchemy as sa

from domain.status import CaseStatus, SyncState
from servicenet.db import cases
from servicenet.process import start_servicenet
from sync.cases import CaseBook
from sync.client import NetClient
from sync.desk import SyncDesk
from sync.engine import Backoff, SyncEngine
from sync.outbox import DuplicateEvent, Outbox
from sync.regseq import CodeIssuer
from tests.helpers import tus
from tests.helpers.clock import ManualClock
from tests.helpers.enroll import http, signed
from tests.helpers.proxy import FaultProxy
from tests.helpers.qtapp import gui_collection  # noqa: F401 - fixture: its view-model is collected on the GUI thread
from tests.helpers.smalldisk import small_disk  # noqa: F401 - fixture


@pytest.fixture(scope="module")
def net(tmp_path_factory):
    db = tmp_path_factory.mktemp("net") / "net.db"
    with start_servicenet(f"sqlite:///{db}") as server:
        yield signed(server)


_devices = itertools.count(100)


@pytest.fixture
def outbox(store, catalogue, clock):
    """A kiosk of its own per test: the network is shared by the module, so device numbers must differ."""
    from tests.unit.sync.conftest import KioskIdentity

    identity = KioskIdentity("440105-1xx", "鳌头镇便民服务中心", "http://127.0.0.1:1/track")
    return Outbox(store, CodeIssuer("440105", next(_devices)), identity, catalogue, clock)


@pytest.fixture
def link(net):
    with FaultProxy(net.port) as proxy:
        yield proxy


@pytest.fixture
def engine(store, outbox, catalogue, link, net):
    client = NetClient(link.url, timeout=3, chunk_size=1000, session=net.creds.session())
    eng = SyncEngine(store, outbox, catalogue, client, backoff=Backoff(base=2, cap=60), clock=ManualClock(),
                     rng=lambda: 1.0)
    yield eng
    client.close()


def another_kiosk(store, clock, link, net):
    """The sender of a kiosk of its own over `store` (seed catalogue, a device number of its own), through the
    test's link to the module's network; the caller closes its client and the store."""
    from sync.catalogue import Catalogue
    from tests.unit.sync.conftest import KioskIdentity

    cat = Catalogue(store)
    cat.seed_if_empty()
    outbox = Outbox(store, CodeIssuer("440105", next(_devices)),
                    KioskIdentity("440105-1xx", "大厅", "http://127.0.0.1:1/track"), cat, clock)
    client = NetClient(link.url, timeout=3, session=net.creds.session())
    return SyncEngine(store, outbox, cat, client, backoff=Backoff(base=2, cap=60), clock=ManualClock(),
                      rng=lambda: 1.0, pull_catalogue=False)


def net_case(net, code):
    return http.get(f"{net.url}/v1/cases/{code}", timeout=5)


def test_offline_then_online_each_case_arrives_once(engine, outbox, application, link, net):
    link.cut()
    codes = [outbox.enqueue(application).code for _ in range(3)]
    report = engine.run_once()
    assert not report.online and report.retried == 3
    assert outbox.depth() == {"queued": 3}
    # backoff: nothing is due until the clock passes base * 2**0 (rng = 1.0 → the full window)
    link.restore()
    assert engine.run_once().sent == 0
    engine.clock.t += 2.01
    report = engine.run_once()
    assert report.accepted == 3 and report.online
    assert outbox.depth() == {"accepted": 3}
    for code in codes:
        assert net_case(net, code).json()["code"] == code
    # sending the same bytes again is harmless
    again = engine.client.post_cases([json.dumps({"x": 1}).encode()])  # an invalid case is answered, not fatal
    assert again[0]["result"] == "invalid"


def test_lost_reply_is_a_duplicate_not_a_second_case(engine, outbox, application, store):
    code = outbox.enqueue(application).code
    [row] = outbox.claim(engine.clock(), 10)
    assert engine.client.post_cases([row.payload])[0]["result"] == "created"  # the reply "was lost"
    engine.lease.owner = "another-process"  # the kiosk restarts: a new sender takes the lease over
    report = engine.run_once()
    assert report.accepted == 1
    assert CaseBook(store, outbox, None).get(code).sync_state is SyncState.ACCEPTED


def test_same_code_other_bytes_is_quarantined_and_the_queue_goes_on(engine, outbox, application, store):
    first = outbox.enqueue(application).code
    second = outbox.enqueue(application).code
    with store.read() as c:
        payload = json.loads(c.execute("SELECT payload FROM outbox WHERE ref=?", (first,)).fetchone()[0])
    payload["form"]["phone"] = "13900000000"
    assert engine.client.post_cases([json.dumps(payload, ensure_ascii=False).encode()])[0]["result"] == "created"
    report = engine.run_once()
    book = CaseBook(store, outbox, None)
    assert report.quarantined == 1 and report.accepted == 1
    assert book.get(first).sync_state is SyncState.QUARANTINED
    assert "conflict" in book.get(first).last_error
    assert book.get(second).sync_state is SyncState.ACCEPTED


def test_staff_ids_frozen_before_the_rule_are_taken_and_the_rest_stay_quarantined(engine, outbox, application,
                                                                                store, net):
    """A kiosk upgraded with cases queued before its settings made staff ids canonical: ｓ００１ and ' S001 ' are
    taken as s001 and S001 (a lost reply's resend of the same frozen bytes is the same case); 王五, which has no
    canonical form, is quarantined with the network's reason, and a re-queue sends the same bytes to the same end."""
    wide = outbox.enqueue(replace(application, assisted_by="ｓ００１")).code
    padded = outbox.enqueue(replace(application, assisted_by=" S001 ")).code
    bad = outbox.enqueue(replace(application, assisted_by="王五")).code
    with store.read() as c:
        frozen = c.execute("SELECT payload FROM outbox WHERE ref=?", (padded,)).fetchone()[0]
    assert engine.client.post_cases([frozen])[0]["result"] == "created"  # the reply "was lost"
    report = engine.run_once()
    assert report.accepted == 2 and report.quarantined == 1
    book = CaseBook(store, outbox, None)
    assert book.get(wide).sync_state is book.get(padded).sync_state is SyncState.ACCEPTED
    kept = sa.create_engine(net.db_url)
    try:
        with kept.connect() as conn:
            rows = dict(conn.execute(sa.select(cases.c.code, cases.c.payload)
                                     .where(cases.c.code.in_([wide, padded, bad]))).all())
    finally:
        kept.dispose()
    assert {code: json.loads(p)["assisted_by"] for code, p in rows.items()} == {wide: "s001", padded: "S001"}
    reason = book.get(bad).last_error
    assert book.get(bad).sync_state is SyncState.QUARANTINED and reason.startswith("invalid: 代办工号无效")
    SyncDesk(store, outbox, engine).requeue(bad)
    assert engine.run_once().quarantined == 1 and book.get(bad).last_error == reason


def test_status_flows_back_by_feed_and_by_refresh(engine, outbox, application, store, net):
    code = outbox.enqueue(application).code
    engine.run_once()
    r = http.post(f"{net.url}/v1/cases/{code}/status", json={"status": "accepted", "note": "材料齐全"}, timeout=5)
    assert r.status_code == 200
    engine.run_once()
    book = CaseBook(store, outbox, engine.client)
    case = book.get(code)
    assert case.status is CaseStatus.ACCEPTED
    assert [h.status for h in case.history] == [CaseStatus.SUBMITTED, CaseStatus.ACCEPTED]
    http.post(f"{net.url}/v1/cases/{code}/status", json={"status": "in_progress"}, timeout=5)
    assert book.refresh(code).status is CaseStatus.IN_PROGRESS


def test_background_thread_sends_after_enqueue(engine, outbox, application):
    engine.interval = 30  # only the wake-up from enqueue can make it send in time
    engine.start()
    try:
        outbox.enqueue(application)
        for _ in range(100):
            if outbox.depth().get("accepted"):
                break
            import time

            time.sleep(0.05)
        assert outbox.depth() == {"accepted": 1}
    finally:
        engine.stop()


def sha(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


def test_attachments_go_first_resumably_and_the_case_is_complete(engine, outbox, with_files, net, link):
    code = outbox.enqueue(with_files).code
    scan, signature = with_files.attachments
    # a first attempt got 1000 bytes of the scan across before the link dropped
    r = tus.create(net, sha(scan.data), len(scan.data), scan.data[:1000])
    assert r.status_code == 201 and r.headers["Upload-Offset"] == "1000"
    report = engine.run_once()
    assert report.accepted == 1 and report.uploaded == 2, report
    patches = [line for line, _ in link.log if line.startswith("PATCH")]
    assert len(patches) == 3  # the scan resumed at 1000 (3 chunks of 1000, the last 500)
    created = [line for line, _ in link.log if line == "POST /v1/attachments"]
    assert len(created) == 1  # the signature in one request: tus creation-with-upload
    view = net_case(net, code).json()
    assert view["complete"] is True
    assert {a["slot"]: a["filled"] for a in view["attachments"]} == {"居民身份证": True, "signature": True}
    for a in with_files.attachments:
        got = http.get(f"{net.url}/v1/attachments/{sha(a.data)}", timeout=5).content
        assert sha(got) == sha(a.data)
    with store_read(outbox) as c:
        body = json.loads(c.execute("SELECT payload FROM outbox WHERE ref=?", (code,)).fetchone()[0])
    assert body["attachments"][0] == {"slot": "居民身份证", "sha256": sha(scan.data), "size": 3500,
                                      "media_type": "image/jpeg"}


def store_read(outbox):
    return outbox.store.read()


def test_a_damaged_attachment_quarantines_its_case_only(engine, outbox, with_files, application, store):
    bad = outbox.enqueue(with_files).code
    good = outbox.enqueue(application).code
    outbox.files.path(sha(with_files.attachments[1].data)).write_bytes(b"bit rot")
    report = engine.run_once()
    book = CaseBook(store, outbox, None)
    assert book.get(good).sync_state is SyncState.ACCEPTED
    assert book.get(bad).sync_state is SyncState.QUARANTINED
    assert "damaged" in book.get(bad).last_error and report.quarantined == 1


def test_rating_follows_its_case_once(engine, outbox, application, store, net):
    book = CaseBook(store, outbox, engine.client)
    code = outbox.enqueue(application).code
    book.rate(code, 5, ("办事快",))
    with pytest.raises(DuplicateEvent):
        book.rate(code, 1)
    with pytest.raises(ValueError):
        book.rate(code, 7)
    report = engine.run_once()
    assert report.accepted == 1 and report.events == 1
    assert net_case(net, code).json()["rating"]["level"] == 5
    assert outbox.depth() == {"accepted": 2}


def test_a_rating_waits_while_its_case_is_held(engine, outbox, application, store, link):
    book = CaseBook(store, outbox, engine.client)
    code = outbox.enqueue(application).code
    book.rate(code, 4)
    link.respond(422, "POST /v1/cases/batch", headers={"Servicenet-Api": "1"}, body=b'{"detail": "bad case"}')
    report = engine.run_once()
    assert report.quarantined == 1 and report.events == 0
    assert outbox.depth() == {"quarantined": 1, "queued": 1}
    desk = SyncDesk(store, outbox, engine)
    [held] = desk.quarantined()
    assert held.code == code and "bad case" in held.last_error
    desk.requeue(code)
    engine.run_once()
    assert outbox.depth() == {"accepted": 2}


def test_cases_for_person_merges_both_channels_and_never_raises(engine, outbox, application, store, net, link):
    from datetime import date

    from domain import regcode
    from tests.unit.servicenet.conftest import ID_OLD

    book = CaseBook(store, outbox, engine.client)
    mine = outbox.enqueue(application).code
    person = application.applicant
    web_code = regcode.make("440105", 0, date(2026, 11, 20), 4000 + next(_devices))
    web = {"code": web_code, "service_code": ID_OLD, "channel": "web", "device_id": "",
           "submitted_at": "2026-11-20T08:00:00+08:00", "applicant": person.to_wire(),
           "form": {"name": person.name, "id_number": person.id_number, "phone": "13800138000"}}
    assert http.post(f"{net.url}/v1/cases/batch", json={"cases": [web]}, timeout=5).json()["results"][0][
        "result"] == "created"
    found = book.cases_for_person(person.id_number)  # the network is shared: earlier tests' cases are there too
    assert found[0].code == mine and found[0].sync_state is SyncState.QUEUED
    assert web_code in [c.code for c in found] and found[-1].submitted_at <= found[0].submitted_at
    with store.read() as c:  # the ID number is nowhere in a searchable column
        assert c.execute("SELECT COUNT(*) FROM cases WHERE person_hash LIKE ?", (f"%{person.id_number}%",)
                         ).fetchone()[0] == 0
    link.cut()
    assert [c.code for c in book.cases_for_person(person.id_number)] == [mine]
    link.restore()


def test_whole_batch_refusal_is_split_until_the_poison_stands_alone(engine, outbox, application, link):
    codes = [outbox.enqueue(application).code for _ in range(4)]
    link.respond(413, "POST /v1/cases/batch", headers={"Servicenet-Api": "1"})
    report = engine.run_once()
    assert report.accepted == 4 and outbox.depth() == {"accepted": 4}
    batches = [line for line, _ in link.log if line == "POST /v1/cases/batch"]
    assert len(batches) == 3 and codes  # 4 refused, then 2 + 2


def test_refusal_of_every_case_stops_and_backs_off_with_a_reason(engine, outbox, application, store, link):
    for _ in range(3):
        outbox.enqueue(application)
    engine.batch_size = engine._batch = 1
    link.respond(401, "POST /v1/cases/batch", headers={"Servicenet-Api": "1"}, body=b'{"detail": "device revoked"}')
    report = engine.run_once()
    assert not report.online and "401" in report.error and "device revoked" in report.error
    assert [line for line, _ in link.log].count("POST /v1/cases/batch") == 1  # not once per case
    assert outbox.depth() == {"queued": 3}
    health = SyncDesk(store, outbox, engine).health()
    assert health.queued == 3 and "401" in health.last_error and not health.online
    assert engine.paused_until > engine.clock()
    assert engine.run_once().sent == 0  # still paused
    SyncDesk(store, outbox, engine).wake()  # staff: send now
    assert engine.run_once().accepted == 3


def test_retry_after_is_honoured(engine, outbox, application, link):
    outbox.enqueue(application)
    link.respond(429, "POST /v1/cases/batch", headers={"Retry-After": "120"})
    report = engine.run_once()
    assert "429" in report.error
    assert engine.paused_until >= engine.clock() + 120
    engine.clock.t += 60
    assert engine.run_once().sent == 0
    engine.clock.t += 61
    assert engine.run_once().accepted == 1


def test_a_5xx_halves_the_batch(engine, outbox, application, link):
    for _ in range(4):
        outbox.enqueue(application)
    link.respond(500, "POST /v1/cases/batch")
    engine.run_once()
    assert engine._batch == engine.batch_size // 2
    engine.clock.t += 10
    assert engine.run_once().accepted == 4


@pytest.mark.parametrize("answer", ["wrong_path", "portal"])
def test_a_wrong_url_or_a_portal_is_not_the_network(engine, outbox, application, link, answer):
    outbox.enqueue(application)
    if answer == "portal":
        link.respond(200, "POST", headers={"Content-Type": "text/html"}, body=b"<html>login to wifi</html>")
    else:
        engine.client.base_url += "/api"
    report = engine.run_once()
    assert not report.online and outbox.depth() == {"queued": 1}
    assert ("no such API path" if answer == "wrong_path" else "not a servicenet answer") in report.error


def test_a_lost_reply_to_the_batch_is_harmless(engine, outbox, application, link, net):
    code = outbox.enqueue(application).code
    link.drop_response("POST /v1/cases/batch")
    assert engine.run_once().accepted == 0
    assert net_case(net, code).status_code == 200  # the network committed it
    engine.clock.t += 10
    report = engine.run_once()
    assert report.accepted == 1 and len(net_case(net, code).json()["history"]) == 1


def test_two_senders_take_turns_by_the_lease(engine, store, outbox, catalogue, application, link, net):
    from sync.lease import Lease

    outbox.enqueue(application)
    engine.run_once()
    other_client = NetClient(link.url, timeout=3, session=net.creds.session())
    other = SyncEngine(store, outbox, catalogue, other_client, clock=engine.clock,
                       lease=Lease("other/1/x", ttl=60, alive=lambda owner: True))
    try:
        assert "another sender" in other.run_once().error
        engine.clock.t += 61  # the first sender died without a word: its lease runs out
        outbox.enqueue(application)
        assert other.run_once().accepted == 1
        assert "another sender" in engine.run_once().error
    finally:
        other_client.close()


def test_a_new_case_probes_the_link_during_a_backoff_but_not_during_retry_after(engine, outbox, application, link):
    outbox.enqueue(application)
    link.cut()
    assert not engine.run_once().online
    link.restore()
    assert engine.run_once().sent == 0  # backing off
    outbox.enqueue(application)  # a resident submits: try at once
    assert engine.run_once().accepted == 2
    link.respond(503, "POST /v1/cases/batch", headers={"Retry-After": "300"})
    outbox.enqueue(application)
    assert "503" in engine.run_once().error
    outbox.enqueue(application)
    assert engine.run_once().sent == 0  # the network asked for 300 s: a new case waits too
    engine.clock.t += 301
    assert engine.run_once().accepted == 2


def test_an_attachment_the_network_finds_damaged_is_retried_alone(engine, outbox, application, store, link):
    from dataclasses import replace

    from sync.model import Attachment
    from tests.unit.sync.conftest import scan

    fresh = replace(application, attachments=(Attachment("signature", "image/png", scan(900, 460)),))
    bad = outbox.enqueue(fresh).code  # bytes the shared network has not seen in an earlier test
    good = outbox.enqueue(application).code
    link.respond(460, "POST /v1/attachments", headers={"Servicenet-Api": "1"},  # created with its only chunk
                 body=b'{"error": "content_hash", "detail": "sha256 mismatch"}')
    report = engine.run_once()
    book = CaseBook(store, outbox, None)
    assert book.get(good).sync_state is SyncState.ACCEPTED
    assert book.get(bad).sync_state is SyncState.QUEUED and "sha256 mismatch" in book.get(bad).last_error
    assert report.retried == 1
    engine.clock.t += 10
    assert engine.run_once().accepted == 1


def test_a_case_rated_elsewhere_says_so(engine, outbox, application, store, net):
    """Rated on the web or at another kiosk: the case refreshed from the network says it is rated, so the track
    screen offers no second rating (the network would answer it "conflict", and this kiosk would hold the event
    in quarantine for the staff)."""
    book = CaseBook(store, outbox, engine.client)
    code = outbox.enqueue(application).code
    engine.run_once()
    assert book.refresh(code).rated is False
    web = {"key": f"{code}:rating", "kind": "rating", "code": code, "device_id": "", "channel": "web",
           "at": "2026-11-26T10:00:00+08:00", "body": {"level": 5, "reasons": []}}
    assert http.post(f"{net.url}/v1/events/batch", json={"events": [web]}, timeout=5).json()["results"][0][
        "result"] == "created"
    assert book.refresh(code).rated is True


def test_the_promised_date_moves_with_a_supplement_pause(engine, outbox, application, store, net):
    """A 补正 request stops the clock: the kiosk's track screen shows the network's deadline (the promised date
    plus the working days paused), as the web's track page does, not the date printed on the receipt."""
    from datetime import date, datetime, timedelta

    from servicenet import db
    from servicenet.backoffice.view import case_supplements

    book = CaseBook(store, outbox, engine.client)
    code = outbox.enqueue(application).code
    engine.run_once()
    asked = (datetime.now().astimezone() - timedelta(days=10)).isoformat(timespec="seconds")
    network = db.make_engine(net.db_url)
    with network.begin() as conn:  # asked ten days ago, not handed in yet
        conn.execute(sa.insert(case_supplements).values(code=code, missing='["居民户口簿"]', note="",
                                                         requested_at=asked, requested_by="S001"))
    network.dispose()
    view = net_case(net, code).json()
    assert view["deadline"] > view["due_date"]
    shown = book.refresh(code)
    assert shown.supplement == ("居民户口簿",)
    assert shown.due_date == date.fromisoformat(view["deadline"])


def test_a_full_disk_after_the_network_took_the_batch_loses_no_case(small_disk, catalogue, clock, net, link,  # noqa: F811 - the fixture imported above
                                                                     application):
    """The network takes the batch; then the kiosk's disk is full, so the pass cannot write 'accepted' and
    fails. The claimed rows stayed 'sending' for good (only another sender's takeover or a restart put them
    back), so that case was never sent again and showed "being sent now" forever. Once there is room, the
    next pass sends it again (a duplicate the network answers as such) and it is accepted."""
    from sync.diskfull import DiskFull
    from sync.store import Store
    from tests.helpers.smalldisk import fill

    store = Store(small_disk / "kiosk.db")
    try:
        engine = another_kiosk(store, clock, link, net)
        cat, outbox, client = engine.catalogue, engine.outbox, engine.client
        code = outbox.enqueue(replace(application, service=cat.get(application.service.code))).code
        post, ballast = client.post_cases, []

        def then_full(payloads):
            answers = post(payloads)
            ballast.append(fill(small_disk, 0))  # the batch is on the network; now the disk is full
            return answers

        client.post_cases = then_full
        with pytest.raises(DiskFull):
            engine.run_once()
        assert net_case(net, code).status_code == 200
        client.post_cases = post
        ballast[0].unlink()  # the technician makes room
        engine.clock.t += 10
        engine.run_once()
        assert outbox.depth() == {"accepted": 1}
        assert CaseBook(store, outbox, None).get(code).sync_state is SyncState.ACCEPTED
        client.close()
    finally:
        store.close()



@pytest.mark.parametrize("trouble", ["cut", "wrong_path"])
def test_the_staff_screen_says_why_nothing_is_sent_in_the_clerks_words(qtbot, gui_collection, engine, outbox,  # noqa: F811 - the fixture imported above
                                                                      application, store, link, trouble):
    """The staff screen showed the sender's last error as it was kept for the technician ("POST /v1/cases/batch:
    ConnectionError (network unreachable or too slow)"), English on a Chinese screen: it says what it means in the
    clerk's language first, the technical words after them."""
    from kiosk.i18n import Languages
    from kiosk.viewmodels import KioskViewModel
    from tests.helpers.stubs import make_services, staff_backend
    from tests.unit.kiosk.flow import clerk_signs_in

    outbox.enqueue(application)
    if trouble == "cut":
        link.cut()
    else:
        engine.client.base_url += "/api"
    report = engine.run_once()
    assert not report.online and report.error
    languages = Languages()
    languages.install("zh_CN")
    try:
        vm = KioskViewModel(make_services(sync=SyncDesk(store, outbox, engine), staff=staff_backend(store)))
        clerk_signs_in(qtbot, vm)
        vm.staff.refresh()
        qtbot.waitUntil(lambda: vm.staff.lastError != "", timeout=5000)
        said = vm.staff.lastError
        assert said.startswith("连不上政务服务网" if trouble == "cut" else "政务服务网拒绝了本机"), said
        assert report.error in said  # the technician's words stay, after
    finally:
        languages.remove()


@pytest.fixture
def second_kiosk(tmp_path, clock, link, net):
    """Another kiosk of the same hall: its own SQLite store, outbox and sender, the same network."""
    from sync.store import Store

    store = Store(tmp_path / "other.db")
    eng = another_kiosk(store, clock, link, net)
    yield eng
    eng.client.close()
    store.close()


def test_two_kiosks_rate_one_case_offline_the_first_stands(engine, outbox, application, store, link, net,
                                                           second_kiosk):
    """Rated at two kiosks before either synced: the network keeps the first it took; the other kiosk's rating
    is answered 'already rated', settled as done (not quarantined for the staff, not sent again), and that
    kiosk's case shows the rating that stood."""
    here = CaseBook(store, outbox, engine.client)
    there = CaseBook(second_kiosk.store, second_kiosk.outbox, second_kiosk.client)
    code = outbox.enqueue(application).code
    engine.run_once()
    link.cut()
    here.rate(code, 5, ("办事快",))
    there.rate(code, 1, ("too_slow",))
    assert not engine.run_once().online and not second_kiosk.run_once().online
    link.restore()
    engine.clock.t += 10
    second_kiosk.clock.t += 10
    assert engine.run_once().events == 1
    report = second_kiosk.run_once()
    assert report.quarantined == 0 and report.retried == 0 and report.events == 1
    assert second_kiosk.outbox.depth() == {"accepted": 1}
    health = SyncDesk(second_kiosk.store, second_kiosk.outbox, second_kiosk).health()
    assert health.quarantined == 0 and health.queued == 0
    assert SyncDesk(second_kiosk.store, second_kiosk.outbox, second_kiosk).quarantined() == []
    with second_kiosk.store.read() as c:  # kept, with the network's word: not silently lost
        [row] = c.execute("SELECT state, last_error FROM outbox WHERE kind='rating'").fetchall()
    assert row["state"] == "accepted" and "already_rated" in row["last_error"]
    second_kiosk.clock.t += 3600
    assert second_kiosk.run_once().sent == 0  # not sent again
    assert net_case(net, code).json()["rating"]["level"] == 5
    seen = there.refresh(code)
    assert seen.rated and seen.rating == 5
    assert here.get(code).rating == 5 and here.refresh(code).rating == 5
