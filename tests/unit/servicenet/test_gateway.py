"""servicenet.payments: the gateway's rules and the sandbox provider, in this process on an in-memory database
(the same code serves HTTP in tests/integration/test_payment_sandbox.py)."""
from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from domain import regcode
from domain.payment import Refused
from servicenet import db
from servicenet.adapters import ProviderDown
from servicenet.payments import web
from servicenet.payments.gateway import Gateway, GatewayError
from servicenet.payments.sandbox import SandboxProvider
from servicenet.payments.tables import payment_notifies


@pytest.fixture
def gw() -> Iterator[Gateway]:
    engine = db.make_engine("sqlite://")
    db.create_all(engine)
    from servicenet import seed

    seed.seed_if_empty(engine)
    yield Gateway(engine)
    engine.dispose()


def case(n: int) -> str:
    return regcode.make("440105", 1, date(2026, 11, 26), n)


def stored(gw: Gateway, n: int, status: str = "submitted") -> None:
    """Case n as the network holds it once a kiosk's batch reached it (the 居民身份证换领 item)."""
    with gw.engine.begin() as c:
        c.execute(sa.insert(db.cases).values(
            code=case(n), service_code="11440105007512345X4440117001000", digest="d", payload="{}",
            status=status, channel="kiosk", submitted_at="2026-11-26T10:00:00+08:00", due_date="2026-12-16",
            received_at="2026-11-26T10:00:00+08:00"))


def order(n: int, attempt: int = 1, **over: Any) -> dict[str, Any]:
    return {"out_trade_no": f"{case(n)}K{attempt:03d}", "case_code": case(n), "amount_cents": 2000,
            "fee_item": "工本费", "device_id": "440105-001"} | over


def sandbox(gw: Gateway) -> SandboxProvider:
    assert isinstance(gw.provider, SandboxProvider)
    return gw.provider


def refused(fn: Any, *args: Any) -> GatewayError:
    with pytest.raises(GatewayError) as exc:
        fn(*args)
    return exc.value


def test_create_is_idempotent_and_a_number_is_used_once(gw: Gateway) -> None:
    first = gw.native(order(1))
    assert first["state"] == "NOTPAY" and first["code_url"].startswith("weixin://wxpay/bizpayurl?pr=")
    assert gw.native(order(1)) == first  # a lost answer: the same order again
    other = refused(gw.native, order(1, amount_cents=100))
    assert (other.status, other.code) == (409, "OUT_TRADE_NO_USED")
    for bad in (order(2, amount_cents=0), order(2, case_code="12345678901234567890"),
                order(2, out_trade_no="x"), {"case_code": case(2)}):
        assert refused(gw.native, bad).status == 422


def test_a_paid_case_takes_no_second_order(gw: Gateway) -> None:
    sandbox(gw).confirm(gw.native(order(3))["out_trade_no"])
    again = refused(gw.native, order(3, 2))
    assert (again.code, again.order["state"]) == ("CASE_PAID", "SUCCESS")


def test_close_races_the_payer(gw: Gateway) -> None:
    no = gw.native(order(4))["out_trade_no"]
    sandbox(gw).confirm(no)
    late = refused(gw.close, no)
    assert (late.code, late.order["state"]) == ("ORDERPAID", "SUCCESS")
    no = gw.native(order(5))["out_trade_no"]
    assert gw.close(no)["state"] == "CLOSED" and gw.close(no)["state"] == "CLOSED"
    with pytest.raises(Refused):
        sandbox(gw).confirm(no)


def test_unknown_numbers_are_closed_for_good(gw: Gateway) -> None:
    assert gw.close(order(6)["out_trade_no"])["state"] == "CLOSED"
    assert gw.reverse(order(7)["out_trade_no"])["state"] == "REVOKED"
    assert gw.native(order(6))["state"] == "CLOSED"  # a create that arrives late cannot take money
    assert gw.micropay(order(7, auth_code=sandbox(gw).issue_code()))["state"] == "REVOKED"
    assert sandbox(gw).ledger() == []


def test_money_after_giving_up_goes_back(gw: Gateway) -> None:
    """The reverse overtook the pay at the gateway (the provider had not heard of the order yet)."""
    no = order(8)["out_trade_no"]
    auth = sandbox(gw).issue_code("pay")
    real = sandbox(gw).micropay

    def slow(spec: Any, code: str) -> Any:
        assert gw.reverse(no)["state"] == "REVOKED"  # arrives while the pay is on its way to the provider
        return real(spec, code)

    sandbox(gw).micropay = slow
    assert gw.micropay(order(8, auth_code=auth))["state"] == "REVOKED"
    [trade] = sandbox(gw).ledger()
    assert trade["charged"] == 1 and trade["state"] == "REVOKED" and trade["refunded_cents"] == 2000


def test_a_second_payment_of_a_case_is_given_back(gw: Gateway) -> None:
    a, b = gw.native(order(9, 1)), gw.native(order(9, 2))  # two QRs of one case both on phones (web + kiosk)
    sandbox(gw).confirm(a["out_trade_no"])
    sandbox(gw).confirm(b["out_trade_no"])
    states = {t["out_trade_no"]: t["state"] for t in sandbox(gw).ledger(case(9))}
    assert states == {a["out_trade_no"]: "SUCCESS", b["out_trade_no"]: "REVOKED"}
    assert [o["state"] for o in gw.for_case(case(9))] == ["SUCCESS", "REVOKED"]


def test_micropay_outcomes_and_a_used_code(gw: Gateway) -> None:
    sb = sandbox(gw)
    assert gw.micropay(order(10, auth_code=sb.issue_code("pay")))["state"] == "SUCCESS"
    assert gw.micropay(order(11, auth_code=sb.issue_code("decline")))["state"] == "PAYERROR"
    code = sb.issue_code("password")
    waiting = gw.micropay(order(12, auth_code=code))
    assert waiting["state"] == "USERPAYING"
    assert refused(gw.close, waiting["out_trade_no"]).code == "USERPAYING"
    used = gw.micropay(order(13, auth_code=code))
    assert (used["state"], used["message"]) == ("PAYERROR", "AUTHCODEEXPIRE")
    assert gw.micropay(order(14, auth_code="999"))["state"] == "PAYERROR"  # not a payment code


def test_reverse_is_called_again_while_the_provider_says_so(gw: Gateway) -> None:
    no = gw.micropay(order(15, auth_code=sandbox(gw).issue_code("password")))["out_trade_no"]
    sandbox(gw).set_recall(no, 2)
    answers = [gw.reverse(no) for _ in range(3)]
    assert [(a["state"], a["recall"]) for a in answers] == [("USERPAYING", True), ("USERPAYING", True),
                                                            ("REVOKED", False)]


def test_notify_is_verified_acknowledged_and_idempotent(gw: Gateway) -> None:
    no = gw.native(order(16))["out_trade_no"]
    sb = sandbox(gw)
    sb.sink = lambda *a: False  # the first delivery is lost: the gateway still shows NOTPAY
    sb.confirm(no)
    with gw.engine.connect() as c:
        assert c.execute(sa.select(sa.func.count()).select_from(payment_notifies)).scalar() == 0
    headers, body = sb.notify_body(no)
    assert gw.notify("sandbox", headers, body)[0] == 200
    assert gw.notify("sandbox", headers, body)[0] == 200  # again: acknowledged, nothing changes
    assert gw._row(no).state == "SUCCESS"
    assert gw.notify("sandbox", {}, body)[0] == 400  # unsigned
    assert gw.notify("sandbox", headers, body.replace(b"SUCCESS", b"REFUND"))[0] == 400  # tampered
    with gw.engine.connect() as c:
        assert c.execute(sa.select(payment_notifies.c.count)).scalar() == 2


def test_refund_needs_staff_and_a_reason(gw: Gateway) -> None:
    no = gw.native(order(17))["out_trade_no"]
    assert refused(gw.refund, no, {"out_refund_no": no + "R1", "reason": "x", "staff_id": "S1"}).code == "NOTPAID"
    sandbox(gw).confirm(no)
    assert refused(gw.refund, no, {"out_refund_no": no + "R1", "reason": "", "staff_id": "S1"}).status == 422
    for staff in ("S 1", "Ｓ1", "", None, "A" * 65):  # an API refuses a staff id it would have to rewrite
        assert refused(gw.refund, no, {"out_refund_no": no + "R1", "reason": "x", "staff_id": staff}).status == 422
    done = gw.refund(no, {"out_refund_no": no + "R1", "reason": "收费有误", "staff_id": "S1"})
    assert done["state"] == "REFUND"
    assert gw.refund(no, {"out_refund_no": no + "R1", "reason": "收费有误", "staff_id": "S1"})["state"] == "REFUND"
    assert gw.native(order(17, 2))["state"] == "NOTPAY"  # refunded: the case may be paid again


def test_expired_qr_cannot_be_paid(gw: Gateway) -> None:
    no = gw.native(order(18))["out_trade_no"]
    sandbox(gw).clock = lambda: __import__("datetime").datetime.now().astimezone() + timedelta(minutes=5)
    with pytest.raises(Refused) as late:
        sandbox(gw).confirm(no)
    assert late.value.code == "QR_EXPIRED" and gw.query(no)["state"] == "NOTPAY"


def test_unknown_order(gw: Gateway) -> None:
    assert refused(gw.query, "44010500126112600017K009").status == 404


def test_pay_later_page(gw: Gateway) -> None:
    status, html = web.pay_page(gw, "123")
    assert status == 404 and "有误" in html
    status, html = web.pay_page(gw, case(19))
    assert status == 404 and "尚未送达" in html  # the kiosk's case has not reached the network yet
    stored(gw, 19)
    status, html = web.pay_page(gw, case(19))
    assert status == 200 and "￥20.00" in html and "data:image/png;base64," in html
    [web_order] = gw.for_case(case(19))
    assert web_order["out_trade_no"] == f"{case(19)}W001"
    assert web.pay_page(gw, case(19))[1].count("W001") == 1 and len(gw.for_case(case(19))) == 1  # reused
    sandbox(gw).confirm(web_order["out_trade_no"])
    status, html = web.pay_page(gw, case(19))
    assert status == 200 and "已缴费 ￥20.00" in html


def test_pay_later_page_with_the_provider_down(gw: Gateway, monkeypatch: pytest.MonkeyPatch) -> None:
    """The payment provider cannot be reached when a resident opens the receipt's QR: the page says so in Chinese
    (it showed the gateway's English half and the connection error)."""
    stored(gw, 20)

    def down(*_: Any) -> Any:
        raise ProviderDown("HTTPSConnectionPool(host='api.mch.example', port=443): Max retries exceeded")

    monkeypatch.setattr(sandbox(gw), "native", down)
    status, html = web.pay_page(gw, case(20))
    said = re.search(r"<p>暂时无法缴费[^<]*</p>", html)
    assert status == 503 and said, html
    assert not re.search(r"[A-Za-z]", said[0].removeprefix("<p>").removesuffix("</p>")), said[0]


def test_pay_later_page_of_a_rejected_case_takes_no_money(gw: Gateway) -> None:
    """The receipt's QR of a case the office did not accept (不予受理): the page says there is nothing to pay and
    makes no order (it showed a QR and took the fee for a case that will never be handled)."""
    stored(gw, 21, status="rejected")
    status, html = web.pay_page(gw, case(21))
    assert status == 200 and "不予受理" in html and "无需缴费" in html and "data:image/png" not in html
    assert gw.for_case(case(21)) == []
