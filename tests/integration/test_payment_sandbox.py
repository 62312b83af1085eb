"""Payments against the real servicenet (uvicorn on 127.0.0.1) and its sandbox provider, over HTTP.

The kiosk side is the real client (drivers/payment/client.py, signed like every kiosk request) and the real
desk (sync/payments.py); the payer's phone is the sandbox's /sandbox/payments controls. Time on the kiosk is
a fake clock its sleeps move, so a 2-minute QR or a 30-second USERPAYING wait takes milliseconds.
Covered (issue 5): paid, declined, QR expired → closed, paid just as the close is sent, micropay USERPAYING
then success, micropay timeout → reversed, kill -9 between "pay sent" and "result stored" then a restart,
a network drop mid-poll; and the paid case reaching the network with its payment event.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
import requests
import sqlalchemy as sa

from domain import idnumber
from domain.models import Person
from domain.payment import PayState
from drivers.base import PaymentRefused
from drivers.payment.client import HttpPaymentProvider
from servicenet.process import REPO_ROOT
from sync.catalogue import Catalogue
from sync.client import NetClient
from sync.crypto import DeviceKey, RequestSigner
from sync.engine import SyncEngine
from sync.model import Application
from sync.outbox import KioskIdentity, Outbox
from sync.payments import PaymentDesk
from sync.regseq import CodeIssuer
from sync.store import Store
from tests.helpers.proxy import CuttableProxy
from tests.helpers.servicenet_proc import servicenet_module  # noqa: F401 - the fixture `net` stands on

CST = timezone(timedelta(hours=8))
FEE, ITEM = 2000, "居民身份证工本费（换领、补领）"
SFZ = "11440105007512345X4440117001000"  # 居民身份证换领, ￥20.00 in the seed catalogue


class Hooked(requests.Session):
    """A session that runs test hooks around each request (the real request is sent in between)."""

    def __init__(self, auth: Any) -> None:
        super().__init__()
        self.auth = auth
        self.before: Callable[[str, str], None] = lambda method, url: None
        self.after: Callable[[str, str, requests.Response], None] = lambda method, url, resp: None

    def request(self, method: str, url: str, *args: Any, **kw: Any) -> requests.Response:
        self.before(method, url)
        resp = super().request(method, url, *args, **kw)
        self.after(method, url, resp)
        return resp


class Phone:
    """The resident's phone: the sandbox's payer controls."""

    def __init__(self, url: str, http: requests.Session) -> None:
        self.url, self.http = url + "/sandbox/payments", http

    def _post(self, path: str, **kw: Any) -> dict[str, Any]:
        r = self.http.post(f"{self.url}{path}", timeout=5, **kw)
        assert r.status_code in (200, 409), r.text
        return dict(r.json())

    def code(self, behaviour: str) -> str:
        return str(self._post("/codes", json={"behaviour": behaviour})["auth_code"])

    def scan(self, code_url: str) -> dict[str, Any]:
        r = self.http.get(f"{self.url}/scan", params={"code_url": code_url}, timeout=5)
        assert r.status_code == 200, r.text
        return dict(r.json())

    def act(self, no: str, action: str) -> dict[str, Any]:
        return self._post(f"/{no}/{action}")

    def recall(self, no: str, times: int) -> None:
        self._post(f"/{no}/recall", json={"times": times})

    def ledger(self, case: str) -> list[dict[str, Any]]:
        return list(self.http.get(f"{self.url}/ledger", params={"case": case}, timeout=5).json()["trades"])

    def charges(self, case: str) -> int:
        """Orders of the case whose money the merchant holds now; `charged` counts every payment ever."""
        trades = self.ledger(case)
        assert sum(t["charged"] for t in trades) <= 1, trades
        return sum(1 for t in trades if t["state"] == "SUCCESS")


class FakeTime:
    def __init__(self) -> None:
        self.now = 0.0
        self.on_sleep: Callable[[int], None] = lambda n: None
        self.sleeps = 0

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds
        self.sleeps += 1
        self.on_sleep(self.sleeps)


class Kiosk:
    """One kiosk's store, outbox and payment desk, paying through `url` (servicenet or a proxy in front)."""

    def __init__(self, path: Path, url: str, session: requests.Session, device: int, t: FakeTime) -> None:
        self.path, self.url, self.session, self.t = path, url, session, t
        self.store = Store(path)
        self.catalogue = Catalogue(self.store)
        self.catalogue.seed_if_empty()
        self.outbox = Outbox(self.store, CodeIssuer("440105", device), KioskIdentity(f"440105-{device:03d}", "测试大厅",
                                                                                     url + "/track"),
                             self.catalogue, lambda: datetime(2026, 11, 26, 10, tzinfo=CST))
        self.desk = self.new_desk()

    def new_desk(self) -> PaymentDesk:
        """The desk as a (re)started kiosk builds it."""
        provider = HttpPaymentProvider(self.url, self.session, timeout=3)
        return PaymentDesk(self.store, provider, self.outbox, self.outbox.clock, sleep=self.t.sleep,
                           monotonic=self.t.monotonic, qr_seconds=120, micropay_seconds=30,
                           pay_base_url=self.url + "/pay")

    def submit(self) -> str:
        first17 = "44011419560308002"
        person = Person("张秀英", first17 + idnumber.check_char(first17), address="广东省广州市从化区鳌头镇")
        service = self.catalogue.get(SFZ)
        assert service is not None and service.fee_cents == FEE
        form = {"name": person.name, "id_number": person.id_number, "phone": "13800138000", "reason": "到期换领"}
        return self.outbox.enqueue(Application(service, person, form)).code

    def close(self) -> None:
        self.store.close()


@pytest.fixture
def net(servicenet_module):  # noqa: F811 - the fixture imported above
    return servicenet_module


@pytest.fixture
def phone(net) -> Phone:
    return Phone(net.url, net.http)


_devices = iter(range(801, 999))


@pytest.fixture
def kiosk(net, tmp_path: Path) -> Iterator[Kiosk]:
    k = Kiosk(tmp_path / "kiosk.db", net.url, Hooked(net.auth), next(_devices), FakeTime())
    yield k
    k.close()


def test_paid_and_the_network_case_knows_it(kiosk: Kiosk, phone: Phone, net) -> None:
    code = kiosk.submit()
    order = kiosk.desk.start_native(code, FEE, ITEM)
    seen = phone.scan(order.code_url)
    assert (seen["out_trade_no"], seen["amount_cents"], seen["message"]) == (order.out_trade_no, FEE, ITEM)
    kiosk.t.on_sleep = lambda n: phone.act(order.out_trade_no, "confirm") if n == 2 else None
    done = kiosk.desk.wait_native(order.out_trade_no, kiosk.t.now + 120)
    assert done.state == PayState.SUCCESS and done.linked and done.paid_at is not None
    assert phone.charges(code) == 1
    # the notify reached the gateway and was recorded once, even if delivered again
    again = net.http.post(f"{net.url}/sandbox/payments/{order.out_trade_no}/notify", timeout=5).json()
    assert again["acked"] is True
    # the case and its payment event go to the network (the event only after the case)
    client = NetClient(net.url, timeout=5, session=Hooked(net.auth))
    engine = SyncEngine(kiosk.store, kiosk.outbox, kiosk.catalogue, client, pull_catalogue=False)
    for _ in range(3):
        engine.run_once()
    assert kiosk.outbox.depth() == {"accepted": 2}
    eng = sa.create_engine(net.db_url, poolclass=sa.pool.NullPool)
    with eng.connect() as c:
        kinds = c.execute(sa.text("SELECT key, kind FROM events WHERE code=:c"), {"c": code}).fetchall()
        notifies = c.execute(sa.text("SELECT count FROM payment_notifies WHERE out_trade_no=:n"),
                             {"n": order.out_trade_no}).scalar()
    eng.dispose()
    assert [tuple(k) for k in kinds] == [(f"{code}:payment:1", "payment")]
    assert notifies == 2
    receipt = kiosk.desk.annotate(kiosk.outbox.receipt(code))
    assert (receipt.amount_cents, receipt.order_no) == (FEE, order.out_trade_no)


def test_declined(kiosk: Kiosk, phone: Phone) -> None:
    code = kiosk.submit()
    order = kiosk.desk.start_native(code, FEE, ITEM)
    kiosk.t.on_sleep = lambda n: phone.act(order.out_trade_no, "decline") if n == 1 else None
    done = kiosk.desk.wait_native(order.out_trade_no, kiosk.t.now + 120)
    assert done.state == PayState.PAYERROR and phone.charges(code) == 0
    assert kiosk.desk.due(code).state == "unpaid"


def test_qr_expired_is_closed(kiosk: Kiosk, phone: Phone) -> None:
    code = kiosk.submit()
    order = kiosk.desk.start_native(code, FEE, ITEM)
    done = kiosk.desk.wait_native(order.out_trade_no, kiosk.t.now + 120)
    assert done.state == PayState.CLOSED and kiosk.t.now >= 120
    assert phone.act(order.out_trade_no, "confirm")["code"] == "TRADE_STATE_ERROR"  # too late: nothing taken
    assert phone.charges(code) == 0
    late = kiosk.desk.start_native(code, FEE, ITEM)  # the resident tries again: a fresh QR
    phone.act(late.out_trade_no, "expire")
    assert phone.act(late.out_trade_no, "confirm")["code"] == "QR_EXPIRED"


def test_payment_arriving_just_as_the_close_is_sent_is_kept(kiosk: Kiosk, phone: Phone) -> None:
    code = kiosk.submit()
    order = kiosk.desk.start_native(code, FEE, ITEM)
    session: Any = kiosk.session
    session.before = lambda method, url: phone.act(order.out_trade_no, "confirm") if url.endswith("/close") else None
    done = kiosk.desk.give_up(order.out_trade_no)
    assert done.state == PayState.SUCCESS and done.linked and phone.charges(code) == 1
    assert any("ORDERPAID" in d for _, call, _, d in kiosk.desk.journal(order.out_trade_no) if call == "close")


def test_micropay_userpaying_then_success(kiosk: Kiosk, phone: Phone) -> None:
    code = kiosk.submit()
    auth = phone.code("password")
    kiosk.t.on_sleep = lambda n: phone.act(f"{code}K001", "confirm") if n == 3 else None
    done = kiosk.desk.pay_code(code, FEE, ITEM, auth)
    assert done.state == PayState.SUCCESS and done.linked and phone.charges(code) == 1
    states = [s for phase, call, s, _ in kiosk.desk.journal(done.out_trade_no) if phase == "after"]
    assert "USERPAYING" in states


def test_micropay_timeout_is_reversed(kiosk: Kiosk, phone: Phone) -> None:
    code = kiosk.submit()
    auth = phone.code("password")
    kiosk.t.on_sleep = lambda n: phone.recall(f"{code}K001", 2) if n == 1 else None  # "call reverse again" twice
    done = kiosk.desk.pay_code(code, FEE, ITEM, auth)
    assert done.state == PayState.REVOKED and phone.charges(code) == 0
    assert 30 <= kiosk.t.now < 45
    reverses = [c for p, c, _, _ in kiosk.desk.journal(done.out_trade_no) if p == "before" and c == "reverse"]
    assert len(reverses) == 3
    assert phone.act(done.out_trade_no, "confirm")["code"] == "TRADE_STATE_ERROR"  # the payer is too late


def test_network_drop_mid_poll(net, phone: Phone, tmp_path: Path) -> None:
    with CuttableProxy(net.port) as link:
        kiosk = Kiosk(tmp_path / "kiosk.db", link.url, Hooked(net.auth), next(_devices), FakeTime())
        try:
            code = kiosk.submit()
            order = kiosk.desk.start_native(code, FEE, ITEM)

            def weather(n: int) -> None:
                if n == 2:
                    link.cut()  # the village link drops while the kiosk polls
                if n == 4:
                    phone.act(order.out_trade_no, "confirm")  # the phone has its own network
                if n == 6:
                    link.restore()

            kiosk.t.on_sleep = weather
            done = kiosk.desk.wait_native(order.out_trade_no, kiosk.t.now + 120)
            assert done.state == PayState.SUCCESS and phone.charges(code) == 1
            assert [p for p, c, _, _ in kiosk.desk.journal(order.out_trade_no) if c == "query"].count("failed") >= 2

            # a drop that outlasts the QR: the close cannot be sent; the payment made meanwhile is found later
            other = kiosk.submit()
            second = kiosk.desk.start_native(other, FEE, ITEM)
            kiosk.t.sleeps = 0
            kiosk.t.on_sleep = lambda n: link.cut() if n == 1 else None
            phone.act(second.out_trade_no, "confirm")
            left = kiosk.desk.wait_native(second.out_trade_no, kiosk.t.now + 120)
            assert left.state == PayState.NOTPAY and left.pending == "close"
            link.restore()
            [settled] = kiosk.new_desk().reconcile()
            assert settled.state == PayState.SUCCESS and settled.linked and phone.charges(other) == 1
        finally:
            kiosk.close()


# -- kill -9 of the kiosk between "pay sent" and "result stored" --------------------------------------------

def _child(store: str, url: str, key: str, device_id: str, code: str, auth: str, when: str) -> None:
    """A kiosk that pays, and dies by SIGKILL at `when`: "answer" (the pay answer arrived, not yet stored) or
    "poll" (USERPAYING stored, while it polls)."""
    session = Hooked(RequestSigner(DeviceKey.load(key), device_id))
    if when == "answer":
        session.after = lambda method, u, resp: os.kill(os.getpid(), signal.SIGKILL) \
            if u.endswith("/v1/payments/micropay") else None
    else:
        session.before = lambda method, u: os.kill(os.getpid(), signal.SIGKILL) if "/orders/" in u else None
    k = Kiosk(Path(store), url, session, int(device_id[-3:]) if device_id[-3:].isdigit() else 1, FakeTime())
    k.desk.pay_code(code, FEE, ITEM, auth)
    raise SystemExit("not killed")


@pytest.mark.slow  # kill -9 of a kiosk process
@pytest.mark.parametrize(("when", "behaviour", "payer", "charges", "final"), [
    ("answer", "pay", None, 1, PayState.SUCCESS),
    ("poll", "password", "confirm", 1, PayState.SUCCESS),
    ("poll", "password", None, 0, PayState.REVOKED),
])
def test_kill_9_between_pay_sent_and_result_stored(net, phone: Phone, tmp_path: Path, when: str, behaviour: str,
                                                   payer: str | None, charges: int, final: PayState) -> None:
    key = net.creds.save_key(tmp_path / "device.key")
    device = next(_devices)
    kiosk = Kiosk(tmp_path / "kiosk.db", net.url, Hooked(net.auth), device, FakeTime())
    code = kiosk.submit()
    auth = phone.code(behaviour)
    kiosk.close()
    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT))
    done = subprocess.run([sys.executable, "-m", "tests.integration.test_payment_sandbox", "child",
                           str(tmp_path / "kiosk.db"), net.url, str(key), net.creds.device_id, code, auth, when],
                          cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == -signal.SIGKILL, done.stderr[-2000:]
    if payer:
        phone.act(f"{code}K001", payer)  # the resident confirms on the phone while the kiosk restarts
    kiosk = Kiosk(tmp_path / "kiosk.db", net.url, Hooked(net.auth), device, FakeTime())  # the restart
    try:
        left = kiosk.desk.order(f"{code}K001")
        assert left.pending in ("pay", "query") or left.state in (PayState.NEW, PayState.USERPAYING)
        [settled] = kiosk.desk.reconcile()
        assert settled.state == final and phone.charges(code) == charges
        assert kiosk.desk.reconcile() == [] and kiosk.desk.unsettled() == []
        with kiosk.store.read() as c:
            linked = [r[0] for r in c.execute("SELECT ref FROM outbox WHERE kind='payment'")]
        assert linked == ([f"{code}:payment:1"] if charges else [])
        assert kiosk.desk.due(code).state == ("paid" if charges else "unpaid")
    finally:
        kiosk.close()


if __name__ == "__main__" and sys.argv[1:2] == ["child"]:
    _child(*sys.argv[2:9])


def test_a_refused_refund_can_be_made_again_with_a_new_reason(kiosk: Kiosk, phone: Phone) -> None:
    """The clerk's refund is refused (a reason longer than the gateway takes, a staff id it does not take); the
    next try refunds: the books sent the first try's reason and clerk again each time, so the order could never
    be refunded from this kiosk."""
    code = kiosk.submit()
    paid = kiosk.desk.pay_code(code, FEE, ITEM, phone.code("pay"))
    assert paid.state == PayState.SUCCESS
    with pytest.raises(ValueError):  # 300 characters: refused before anything is sent
        kiosk.desk.refund(paid.out_trade_no, "收费标准适用错误，" * 30, "S001")
    with pytest.raises(PaymentRefused):  # the gateway refuses this try (no canonical staff id)
        kiosk.desk.refund(paid.out_trade_no, "收费有误", "S 001")
    done = kiosk.desk.refund(paid.out_trade_no, "收费标准适用错误", "S001")
    assert done.state == PayState.REFUND and phone.charges(code) == 0
