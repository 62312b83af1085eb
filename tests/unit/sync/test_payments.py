"""sync.payments: the journal, both flows, reconcile, dues and refunds, on servicenet's real gateway and
sandbox provider in this process (tests/helpers/paynet.py); time is a fake clock the sleeps move."""
from __future__ import annotations

from dataclasses import replace

import pytest
import sqlalchemy as sa

from domain.payment import PayState, Refused, refund_no
from drivers.base import PaymentRefused, PaymentUnavailable
from servicenet import db
from sync.cases import CaseBook
from sync.outbox import Outbox
from sync.payments import AlreadyPaid, NoFeeDue, PaymentDesk, event_seq, poll_delays
from sync.store import Store
from tests.helpers.lifecycle import entered
from tests.helpers.paynet import PayNet

FEE, ITEM = 2000, "居民身份证工本费"


class FakeTime:
    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []
        self.on_sleep = lambda: None

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds
        self.on_sleep()


net = entered(PayNet)


@pytest.fixture
def t() -> FakeTime:
    return FakeTime()


def make_desk(store: Store, outbox: Outbox, net: PayNet, t: FakeTime) -> PaymentDesk:
    return PaymentDesk(store, net.provider, outbox, outbox.clock, sleep=t.sleep, monotonic=t.monotonic,
                       qr_seconds=120, micropay_seconds=30, pay_base_url="http://net/pay")


@pytest.fixture
def desk(store, outbox, net, t) -> PaymentDesk:
    return make_desk(store, outbox, net, t)


@pytest.fixture
def code(outbox, application) -> str:
    return outbox.enqueue(application).code


def events(store: Store, code: str) -> list[str]:
    with store.read() as c:
        return [r[0] for r in c.execute("SELECT ref FROM outbox WHERE kind='payment' AND case_code=? ORDER BY id",
                                        (code,))]


def test_poll_delays_back_off_to_a_cap() -> None:
    it = poll_delays()
    assert [round(next(it), 2) for _ in range(6)] == [1.0, 1.5, 2.25, 3.38, 4.0, 4.0]


def test_native_paid_is_journaled_linked_and_on_the_receipt(desk, net, t, code, store, outbox) -> None:
    order = desk.start_native(code, FEE, ITEM)
    assert order.state == PayState.NOTPAY and order.code_url.startswith("weixin://")
    shown = net.sandbox.by_code_url(order.code_url)
    assert (shown.out_trade_no, shown.amount_cents, shown.message) == (order.out_trade_no, FEE, ITEM)
    t.on_sleep = lambda: net.sandbox.confirm(order.out_trade_no) if len(t.slept) == 3 else None
    done = desk.wait_native(order.out_trade_no, t.now + 120)
    assert done.state == PayState.SUCCESS and done.linked and done.transaction_id
    assert t.slept == [1.0, 1.5, 2.25]
    assert events(store, code) == [f"{code}:payment:1"]
    assert desk.due(code).state == "paid"
    phases = [(p, c) for p, c, _, _ in desk.journal(order.out_trade_no)]
    assert phases[:3] == [("after", "open"), ("before", "create"), ("after", "create")]
    assert ("before", "query") in phases and phases[-1] == ("after", "link")
    receipt = desk.annotate(outbox.receipt(code, reprint=False))
    assert (receipt.amount_cents, receipt.order_no, receipt.pay_url) == (FEE, order.out_trade_no, "")
    assert receipt.paid_at is not None
    reprint = CaseBook(store, outbox, None, annotate=desk.annotate).receipt(code)  # as kiosk.wiring builds it
    assert reprint.reprint and (reprint.amount_cents, reprint.order_no) == (FEE, order.out_trade_no)
    assert CaseBook(store, outbox, None).receipt(code).order_no == ""  # without the desk: the case book alone
    with pytest.raises(AlreadyPaid):
        desk.start_native(code, FEE, ITEM)
    assert net.charges(code) == 1


def test_declined_then_paid_on_a_second_order(desk, net, t, code) -> None:
    first = desk.start_native(code, FEE, ITEM)
    net.sandbox.decline(first.out_trade_no)
    assert desk.poll(first.out_trade_no).state == PayState.PAYERROR
    second = desk.start_native(code, FEE, ITEM)
    assert second.out_trade_no.endswith("K002")
    net.sandbox.confirm(second.out_trade_no)
    assert desk.poll(second.out_trade_no).state == PayState.SUCCESS
    assert net.charges(code) == 1


def test_qr_expired_is_closed(desk, net, t, code) -> None:
    order = desk.start_native(code, FEE, ITEM)
    done = desk.wait_native(order.out_trade_no, t.now + 120)
    assert done.state == PayState.CLOSED and t.now >= 1120
    assert net.sandbox.record(order.out_trade_no)["state"] == "CLOSED"
    assert desk.due(code).state == "unpaid"


def test_paid_just_as_the_close_is_sent_stays_paid(desk, net, t, code, store) -> None:
    order = desk.start_native(code, FEE, ITEM)
    net.provider.before = lambda call: net.sandbox.confirm(order.out_trade_no) if call == "close" else None
    done = desk.give_up(order.out_trade_no)
    assert done.state == PayState.SUCCESS and done.linked
    assert net.charges(code) == 1 and events(store, code) == [f"{code}:payment:1"]
    assert any(d.startswith("refused: ORDERPAID") for _, c, _, d in desk.journal(order.out_trade_no) if c == "close")


def test_micropay_userpaying_then_success(desk, net, t, code) -> None:
    auth = net.sandbox.issue_code("password")
    t.on_sleep = lambda: net.sandbox.confirm(f"{code}K001") if len(t.slept) == 2 else None
    done = desk.pay_code(code, FEE, ITEM, auth)
    assert done.state == PayState.SUCCESS and done.linked and net.charges(code) == 1


def test_micropay_timeout_is_reversed_with_recalls(desk, net, t, code) -> None:
    auth = net.sandbox.issue_code("password")
    t.on_sleep = lambda: net.sandbox.set_recall(f"{code}K001", 2) if len(t.slept) == 1 else None
    done = desk.pay_code(code, FEE, ITEM, auth)
    assert done.state == PayState.REVOKED and net.charges(code) == 0
    calls = [c for p, c, _, _ in desk.journal(done.out_trade_no) if p == "before"]
    assert calls.count("reverse") == 3  # two "call again", then done
    assert 30 <= t.now - 1000 < 45


def test_micropay_instant_and_declined(desk, net, code, outbox, application) -> None:
    assert desk.pay_code(code, FEE, ITEM, net.sandbox.issue_code("pay")).state == PayState.SUCCESS
    other = outbox.enqueue(application).code
    assert desk.pay_code(other, FEE, ITEM, net.sandbox.issue_code("decline")).state == PayState.PAYERROR


def test_lost_answer_to_pay_is_found_by_query(desk, net, t, code) -> None:
    net.provider.lose_answer = 1  # the charge happens; its answer is lost
    done = desk.pay_code(code, FEE, ITEM, net.sandbox.issue_code("pay"))
    assert done.state == PayState.SUCCESS and net.charges(code) == 1


def test_link_down_at_pay_then_reverse_later(desk, net, t, code) -> None:
    net.provider.down = True
    done = desk.pay_code(code, FEE, ITEM, net.sandbox.issue_code("pay"))
    assert done.state == PayState.NEW and done.pending == "reverse"
    net.provider.down = False
    [settled] = desk.reconcile()
    assert settled.state == PayState.REVOKED and settled.pending == ""
    assert net.gateway.query(done.out_trade_no)["state"] == "REVOKED"  # a tombstone: a late pay cannot land


def test_crash_after_pay_sent_reconciles_to_exactly_one_charge(store, outbox, net, t, code) -> None:
    desk = make_desk(store, outbox, net, t)

    class Crash(BaseException):
        pass

    def crash(call: str) -> None:
        if call == "pay":
            net.provider.before = lambda call: None
            net.gateway.micropay({"out_trade_no": f"{code}K001", "case_code": code, "amount_cents": FEE,
                                  "fee_item": ITEM, "auth_code": auth})
            raise Crash  # the kiosk dies between "pay sent" and "result stored"

    auth = net.sandbox.issue_code("pay")
    net.provider.before = crash
    with pytest.raises(Crash):
        desk.pay_code(code, FEE, ITEM, auth)
    assert desk.order(f"{code}K001").pending == "pay"
    again = make_desk(store, outbox, net, t)  # restart
    [settled] = again.reconcile()
    assert settled.state == PayState.SUCCESS and settled.linked
    assert net.charges(code) == 1 and events(store, code) == [f"{code}:payment:1"]
    assert again.reconcile() == []


def test_crash_with_a_qr_on_screen_closes_it(store, outbox, net, t, code) -> None:
    order = make_desk(store, outbox, net, t).start_native(code, FEE, ITEM)
    [settled] = make_desk(store, outbox, net, t).reconcile()
    assert settled.state == PayState.CLOSED
    with pytest.raises(Refused):
        net.sandbox.confirm(order.out_trade_no)


def test_reconcile_leaves_the_order_on_screen_alone(desk, net, code) -> None:
    desk.start_native(code, FEE, ITEM)
    assert desk.reconcile() == []


def test_offline_case_is_left_unpaid_and_links_up_when_paid_on_the_web(desk, net, code, store, outbox) -> None:
    net.provider.down = True
    desk.owe(code, FEE, ITEM)
    with pytest.raises(PaymentUnavailable):
        desk.start_native(code, FEE, ITEM)
    desk.leave_unpaid(code)
    receipt = desk.annotate(outbox.receipt(code, reprint=False))
    assert receipt.pay_url == f"http://net/pay/{code}" and receipt.order_no == ""
    assert events(store, code) == [f"{code}:payment:0"]
    net.provider.down = False
    desk.reconcile()  # the failed create is settled (tombstoned) first
    web = net.gateway.native({"out_trade_no": f"{code}W001", "case_code": code, "amount_cents": FEE,
                              "fee_item": ITEM})
    net.sandbox.confirm(web["out_trade_no"])
    [due] = desk.link_dues()
    assert due.state == "paid" and due.paid_order == f"{code}W001"
    with pytest.raises(AlreadyPaid):
        desk.start_native(code, FEE, ITEM)
    assert net.charges(code) == 1


def test_refund_is_journaled_and_queued(desk, net, code, store) -> None:
    paid = desk.pay_code(code, FEE, ITEM, net.sandbox.issue_code("pay"))
    with pytest.raises(ValueError):
        desk.refund(paid.out_trade_no, "", "S01")
    done = desk.refund(paid.out_trade_no, "收费有误", "S01")
    assert done.state == PayState.REFUND and desk.refund(paid.out_trade_no, "收费有误", "S01").state == PayState.REFUND
    assert events(store, code) == [f"{code}:payment:1", f"{code}:payment:1001"]
    assert net.sandbox.record(paid.out_trade_no)["refunded_cents"] == FEE
    assert desk.due(code).state == "refunded"
    assert any(c == "refund" for _, c, _, _ in desk.journal(paid.out_trade_no))


def test_refund_of_an_unpaid_order_is_refused(desk, net, code) -> None:
    order = desk.start_native(code, FEE, ITEM)
    with pytest.raises(PaymentRefused):
        desk.refund(order.out_trade_no, "x", "S01")


def test_event_numbers_by_channel() -> None:
    assert event_seq("44010500126112600017K001") == 1
    assert event_seq("44010500126112600017C002") == 202
    assert event_seq("44010500126112600017W003") == 403


def test_receipt_without_a_due_is_untouched(desk, code, outbox) -> None:
    receipt = outbox.receipt(code)
    assert desk.annotate(receipt) == receipt
    assert desk.annotate(replace(receipt)) == receipt


def test_the_sync_engine_settles_open_orders_when_it_reaches_the_network(store, outbox, net, t, code) -> None:
    from types import SimpleNamespace

    left = make_desk(store, outbox, net, t).start_native(code, FEE, ITEM)  # the kiosk died with the QR up
    desk = make_desk(store, outbox, net, t)
    desk.after_sync(SimpleNamespace(online=False))
    assert desk.order(left.out_trade_no).state == PayState.NOTPAY
    desk.after_sync(SimpleNamespace(online=True))
    assert desk.order(left.out_trade_no).state == PayState.CLOSED
    calls = len(net.provider.calls)
    desk.after_sync(SimpleNamespace(online=True))  # at most once a minute
    assert len(net.provider.calls) == calls


def test_a_refund_the_network_made_already_is_said_so(desk, net, code, store) -> None:
    """The network refunded the order on its own (the case was refused: servicenet/payments/refunds.py) under the
    same refund number, and the clerk presses refund at the counter afterwards: the kiosk's books learn the money
    is back, the clerk is told it was refunded already, and no refund is recorded in the clerk's name."""
    paid = desk.pay_code(code, FEE, ITEM, net.sandbox.issue_code("pay"))
    no = paid.out_trade_no
    net.gateway.refund_order(no, refund_no(no), FEE, "办件不予受理，自动退费")
    with pytest.raises(PaymentRefused) as refused:
        desk.refund(no, "不予受理退费", "S01")
    assert refused.value.code == "ORDERREVERSED"
    assert desk.order(no).state == PayState.REFUND and desk.due(code).state == "refunded"
    assert events(store, code) == [f"{code}:payment:1"]  # no refund event in the clerk's name
    assert net.sandbox.record(no)["refunded_cents"] == FEE


def test_no_fee_is_taken_for_a_case_the_office_refused(desk, net, code) -> None:
    """Pay later at a kiosk for a case the office has refused (不予受理 / 不予办理) meanwhile: the network takes no
    order for it (it would only have to give the money back), and the kiosk says no fee is due."""
    with net.engine.begin() as c:
        c.execute(sa.insert(db.cases).values(
            code=code, service_code="11440105007512345X4440117001000", digest="d", payload="{}", status="rejected",
            channel="kiosk", submitted_at="2026-11-26T10:00:00+08:00", due_date="2026-12-16",
            received_at="2026-11-26T10:00:00+08:00"))
    with pytest.raises(NoFeeDue):
        desk.start_native(code, FEE, ITEM)
    with pytest.raises(NoFeeDue):
        desk.pay_code(code, FEE, ITEM, net.sandbox.issue_code("pay"))
    assert net.sandbox.ledger(code) == [] and all(o.settled and o.state not in (PayState.SUCCESS,)
                                                  for o in desk.orders(code))
