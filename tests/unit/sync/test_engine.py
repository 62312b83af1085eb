"""The sync engine against the real servicenet over HTTP on 127.0.0.1, through a link the test can cut."""
import itertools
import json

import pytest
import requests

from domain.status import CaseStatus, SyncState
from servicenet.process import start_servicenet
from sync.cases import CaseBook
from sync.client import NetClient
from sync.codes import CodeIssuer
from sync.engine import Backoff, SyncEngine
from sync.outbox import Outbox
from tests.helpers.proxy import CuttableProxy


class FloatClock:
    def __init__(self) -> None:
        self.t = 1_000_000.0

    def __call__(self) -> float:
        return self.t


@pytest.fixture(scope="module")
def net(tmp_path_factory):
    db = tmp_path_factory.mktemp("net") / "net.db"
    with start_servicenet(f"sqlite:///{db}") as server:
        yield server


_devices = itertools.count(100)


@pytest.fixture
def outbox(store, catalogue, clock):
    """A kiosk of its own per test: the network is shared by the module, so device numbers must differ."""
    from tests.unit.sync.conftest import KioskIdentity

    identity = KioskIdentity("440105-1xx", "鳌头镇便民服务中心", "http://127.0.0.1:1/track")
    return Outbox(store, CodeIssuer("440105", next(_devices)), identity, catalogue, clock)


@pytest.fixture
def link(net):
    with CuttableProxy(net.port) as proxy:
        yield proxy


@pytest.fixture
def engine(store, outbox, catalogue, link):
    client = NetClient(link.url, timeout=3)
    eng = SyncEngine(store, outbox, catalogue, client, backoff=Backoff(base=2, cap=60), clock=FloatClock(), rng=lambda: 1.0)
    yield eng
    client.close()


def net_case(net, code):
    return requests.get(f"{net.url}/v1/cases/{code}", timeout=5)


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
    outbox.recover()  # the kiosk restarts
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


def test_status_flows_back_by_feed_and_by_refresh(engine, outbox, application, store, net):
    code = outbox.enqueue(application).code
    engine.run_once()
    r = requests.post(f"{net.url}/v1/cases/{code}/status", json={"status": "accepted", "note": "材料齐全"}, timeout=5)
    assert r.status_code == 200
    engine.run_once()
    book = CaseBook(store, outbox, engine.client)
    case = book.get(code)
    assert case.status is CaseStatus.ACCEPTED
    assert [h.status for h in case.history] == [CaseStatus.SUBMITTED, CaseStatus.ACCEPTED]
    requests.post(f"{net.url}/v1/cases/{code}/status", json={"status": "in_progress"}, timeout=5)
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
