"""A refused case's fee goes back on its own (servicenet/payments/refunds.py): through the real servicenet over HTTP
on 127.0.0.1 and its sandbox provider (its outage switch for the retries), the sandbox SMS gateway's inbox, and
the back office's case page; and two nodes, one dying after the provider refunded, in this process."""
from __future__ import annotations

import hashlib
import hmac
import json
import logging
import signal
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import requests
import sqlalchemy as sa

from domain.payment import out_trade_no, refund_no
from servicenet import store
from servicenet.payments import refunds, web
from servicenet.payments.gateway import Gateway
from servicenet.payments.sandbox import SIGNATURE
from servicenet.payments.tables import payment_orders, payment_refunds, refund_jobs
from servicenet.process import ServicenetProcess, start_servicenet
from servicenet.results.tables import case_delivery
from servicenet.sms.tables import sms_outbox
from tests.helpers import sms
from tests.helpers.enroll import http, register, signed
from tests.helpers.servicenet_proc import sqlite_url
from tests.helpers.staff import add_staff
from tests.unit.servicenet.backoffice.test_cases import act, staff, submitted  # noqa: F401 - fixture
from tests.unit.servicenet.test_cli import cli
from tests.unit.servicenet.test_gateway import case, gw, order, sandbox, stored  # noqa: F401 - fixture

MakeCase = Callable[..., dict[str, Any]]
FEE = "￥20.00"  # 居民身份证换领's 工本费 in the seed catalogue


def paid(sn: ServicenetProcess, code: str, channel: str = "K", confirm: bool = True) -> str:
    """The resident pays the case's fee by QR (the kiosk's order, or the web's): the order number."""
    no = out_trade_no(code, 1, channel)
    r = http.post(f"{sn.url}/v1/payments/native", json={"out_trade_no": no, "case_code": code, "amount_cents": 2000,
                                                         "fee_item": "居民身份证工本费", "device_id": "K-440105-001"},
                  timeout=10)
    assert r.status_code == 200 and r.json()["state"] == "NOTPAY", r.text
    if confirm:
        pay(sn, no)
    return no


def pay(sn: ServicenetProcess, no: str) -> None:
    r = requests.post(f"{sn.url}/sandbox/payments/{no}/confirm", timeout=10)
    assert r.status_code == 200 and r.json()["state"] == "SUCCESS", r.text


def books(sn: ServicenetProcess, code: str) -> list[dict[str, Any]]:
    return list(requests.get(f"{sn.url}/sandbox/payments/ledger", params={"case": code}, timeout=5).json()["trades"])


def refund_rows(sn: ServicenetProcess, no: str) -> list[Any]:
    with sa.create_engine(sn.db_url).connect() as conn:
        return list(conn.execute(sa.select(payment_refunds).where(payment_refunds.c.out_trade_no == no)).all())


def settled(sn: ServicenetProcess, code: str, timeout: float = 20.0) -> Any:
    """The case's refund job once it has left the queue."""
    deadline = time.monotonic() + timeout
    with sa.create_engine(sn.db_url).connect() as conn:
        while True:
            job = conn.execute(sa.select(refund_jobs).where(refund_jobs.c.case_code == code)).first()
            if (job is not None and job.state != "queued") or time.monotonic() > deadline:
                return job
            time.sleep(0.1)
            conn.rollback()


def refuse(gw: Gateway, code: str) -> None:  # noqa: F811 - a plain argument that shares the fixture's name
    store.move_status(gw.engine, code, store.CaseStatus.REJECTED, "申请人户籍不在本辖区")


def refused_after_its_qr(gw: Gateway, n: int, phone: str) -> tuple[str, str]:  # noqa: F811 - a plain argument that shares the fixture's name
    """Case n with the resident's phone, its QR shown, then refused: (code, order number)."""
    stored(gw, n)
    code = case(n)
    with gw.engine.begin() as conn:
        conn.execute(sa.insert(case_delivery).values(code=code, method="window", phone=phone))
    no = gw.native(order(n))["out_trade_no"]
    refuse(gw, code)
    return code, str(no)


def tried(sn: ServicenetProcess, code: str, timeout: float = 10.0) -> Any:
    """The case's refund job once the provider has been asked (and has not refunded) at least once."""
    deadline = time.monotonic() + timeout
    with sa.create_engine(sn.db_url).connect() as conn:
        while True:
            job = conn.execute(sa.select(refund_jobs).where(refund_jobs.c.case_code == code)).first()
            if job is not None and job.attempts:
                return job
            assert time.monotonic() < deadline, "the refund was never asked"
            time.sleep(0.1)
            conn.rollback()


def test_a_paid_case_not_accepted_is_refunded_once(servicenet_module: ServicenetProcess, make_case: MakeCase,
                                                   staff: requests.Session) -> None:  # noqa: F811 - the fixture imported above
    """不予受理 of a case paid by QR: the provider refunds the whole fee under the order's refund number, the resident
    gets the rejection SMS and then one SMS with the amount refunded; the counter's refund of the same order (same
    number) afterwards pays nothing more."""
    sn, phone = servicenet_module, "13700138001"
    code = submitted(sn, make_case(801, delivery={"method": "window", "phone": phone}))
    no = paid(sn, code)
    assert act(staff, sn, code, "reject", reason="申请人户籍不在本辖区").status_code == 200
    job = settled(sn, code)
    assert job is not None and job.state == "done" and job.event_key == refund_no(no), job
    texts = sms.inbox(sn.url, phone, 2)
    assert len(texts) == 2, texts
    assert "不予受理" in texts[0] and "元" not in texts[0]  # the rejection notice is as before
    assert f"已缴纳的费用{FEE}已原路退回" in texts[1] and code in texts[1] and "无需到窗口" in texts[1]
    [trade] = books(sn, code)
    assert (trade["state"], trade["refunded_cents"], trade["refund_no"]) == ("REFUND", 2000, refund_no(no))
    page = requests.get(f"{sn.url}/pay/{code}", timeout=5).text  # the receipt's QR: no QR, the money is back
    assert "无需缴费" in page and f"已缴纳的费用{FEE}已原路退回" in page and "付款二维码" not in page
    # the clerk at the counter refunds the same order (the kiosk's desk uses the same number): nothing more moves
    r = http.post(f"{sn.url}/v1/payments/orders/{no}/refund", timeout=10, json={
        "out_refund_no": refund_no(no), "reason": "不予受理退费", "staff_id": "S001"})
    assert r.status_code == 200 and r.json()["state"] == "REFUND", r.text
    assert books(sn, code) == [trade] and len(refund_rows(sn, no)) == 1
    time.sleep(1.5)  # the dispatchers run every second: a second refund notice would be there by now
    assert len(sms.inbox(sn.url, phone, 3, timeout=0)) == 2


def test_refund_retried_through_an_outage_and_shown_to_the_clerk(servicenet_module: ServicenetProcess,
                                                                 make_case: MakeCase,
                                                                 staff: requests.Session) -> None:  # noqa: F811 - the fixture imported above
    """不予办理 after 受理 while the provider is down: the job waits and asks again, the case page says so, and once
    the provider is back the fee goes back once and the resident is told once."""
    sn, phone = servicenet_module, "13700138002"
    code = submitted(sn, make_case(802, delivery={"method": "post", "phone": phone}))
    no = paid(sn, code, "W")  # paid later on the web page: the same rules
    assert act(staff, sn, code, "accept").status_code == 200
    assert requests.post(f"{sn.url}/sandbox/payments/outage", json={"times": 2}, timeout=5).json() == {"times": 2}
    assert act(staff, sn, code, "reject", reason="所交照片不符合制证要求").status_code == 200
    clerk = add_staff(sn.db_url, "P802", ["window"], ["*"])
    browser = requests.Session()
    assert browser.post(f"{sn.url}/admin/login", data=clerk.form(), timeout=10).status_code == 200
    deadline, page = time.monotonic() + 10, ""
    while "已尝试" not in page and time.monotonic() < deadline:
        page = browser.get(f"{sn.url}/admin/cases/{code}", timeout=10).text
        time.sleep(0.2)
    assert f'id="refund-{refund_no(no)}" data-state="queued"' in page, page
    pay_page = requests.get(f"{sn.url}/pay/{code}", timeout=5).text  # refused after 受理: 不予办理, as the SMS says
    assert f"已缴纳的费用{FEE}正在原路退回" in pay_page and "经审查不予办理" in pay_page and "不予受理" not in pay_page
    assert "支付机构暂未受理" in page and "将自动重试" in page and FEE in page
    job = settled(sn, code)
    assert job is not None and job.state == "done" and job.attempts == 3, job
    page = browser.get(f"{sn.url}/admin/cases/{code}", timeout=10).text
    assert f'id="refund-{refund_no(no)}" data-state="done"' in page and "已退回" in page and "已退款" in page
    texts = sms.inbox(sn.url, phone, 3)
    assert "经审查不予办理" in texts[1] and f"已缴纳的费用{FEE}已原路退回" in texts[2], texts
    [trade] = books(sn, code)
    assert (trade["state"], trade["charged"], trade["refunded_cents"]) == ("REFUND", 1, 2000)
    assert len(refund_rows(sn, no)) == 1
    time.sleep(1.5)
    assert len(sms.inbox(sn.url, phone, 4, timeout=0)) == 3


def test_money_that_arrives_after_the_refusal_goes_back(servicenet_module: ServicenetProcess, make_case: MakeCase,
                                                        staff: requests.Session) -> None:  # noqa: F811 - the fixture imported above
    """The QR was shown before the case was refused and paid after it: that money is refunded too."""
    sn, phone = servicenet_module, "13700138003"
    code = submitted(sn, make_case(803, delivery={"method": "window", "phone": phone}))
    no = paid(sn, code, confirm=False)
    assert act(staff, sn, code, "reject", reason="申请人户籍不在本辖区").status_code == 200
    time.sleep(1.2)
    assert settled(sn, code, timeout=0) is None  # nothing paid yet: nothing owed
    pay(sn, no)
    job = settled(sn, code)
    assert job is not None and job.state == "done", job
    assert books(sn, code)[0]["state"] == "REFUND"
    assert f"已缴纳的费用{FEE}已原路退回" in sms.inbox(sn.url, phone, 2)[-1]


def test_an_unpaid_refused_case_owes_nothing(servicenet_module: ServicenetProcess, make_case: MakeCase,
                                             staff: requests.Session) -> None:  # noqa: F811 - the fixture imported above
    sn, phone = servicenet_module, "13700138004"
    code = submitted(sn, make_case(804, delivery={"method": "window", "phone": phone}))
    assert act(staff, sn, code, "reject", reason="申请人户籍不在本辖区").status_code == 200
    pay_page = requests.get(f"{sn.url}/pay/{code}", timeout=5)
    assert pay_page.status_code == 200 and "无需缴费" in pay_page.text and "付款二维码" not in pay_page.text
    # a kiosk's pay-later for it: the network takes no order (the money would only have to go back)
    r = http.post(f"{sn.url}/v1/payments/native", json={"out_trade_no": out_trade_no(code, 1), "case_code": code,
                                                         "amount_cents": 2000, "fee_item": "居民身份证工本费"}, timeout=10)
    assert r.status_code == 409 and r.json()["code"] == "CASE_REFUSED" and "无需缴费" in r.json()["detail"], r.text
    time.sleep(1.5)
    assert settled(sn, code, timeout=0) is None and books(sn, code) == []
    assert len(sms.inbox(sn.url, phone, 2, timeout=0)) == 1


def test_a_node_that_dies_after_the_provider_refunded(gw: Gateway) -> None:  # noqa: F811 - the fixture imported above
    """Node A claims the job and the provider refunds, then A dies before it writes the outcome; once its lease
    lapses node B asks again under the same number: the provider answers 'refunded', nothing more moves, and the
    resident is told once."""
    stored(gw, 805)
    code = case(805)
    with gw.engine.begin() as conn:
        conn.execute(sa.insert(case_delivery).values(code=code, method="window", phone="13700138005"))
    no = gw.native(order(805))["out_trade_no"]
    sandbox(gw).confirm(no)
    store.move_status(gw.engine, code, store.CaseStatus.REJECTED, "申请人户籍不在本辖区")
    now = [1_000_000_000.0]
    a = refunds.Refunder(gw.engine, lambda: gw, clock=lambda: now[0], owner="node-a")
    b = refunds.Refunder(gw.engine, lambda: gw, clock=lambda: now[0], owner="node-b")
    now[0] = time.time()
    [job] = a.claim()
    gw.refund_order(job.out_trade_no, job.event_key, int(job.amount_cents), job.reason)  # A's call, then A dies
    assert b.drain() == 0  # A's lease holds
    now[0] += refunds.LEASE_SECONDS + 1
    assert b.drain() == 1
    assert a.work(job) is False  # A, back from the dead with its old claim, writes nothing and tells no one
    [trade] = sandbox(gw).ledger(code)
    assert (trade["state"], trade["refunded_cents"], trade["refund_no"]) == ("REFUND", 2000, refund_no(no))
    with gw.engine.connect() as conn:
        told = conn.execute(sa.select(sms_outbox.c.text).where(sms_outbox.c.template == "refunded")).scalars().all()
        assert conn.execute(sa.select(refund_jobs.c.state)).scalars().all() == ["done"]
    assert len(told) == 1 and "￥20.00" in told[0]


def test_the_pay_page_of_a_refused_case_says_where_the_money_is(gw: Gateway) -> None:  # noqa: F811 - the fixture imported above
    """The receipt's QR on a refused case: no QR, and what became of a fee paid — going back (paid after the
    refusal: the gateway queued its refund), or, with no refund of the network's (a case refused before there
    were any), to be refunded at the counter."""
    stored(gw, 806)
    no = gw.native(order(806))["out_trade_no"]  # the QR shown before the refusal
    refuse(gw, case(806))
    sandbox(gw).confirm(no)
    status, page = web.pay_page(gw, case(806))
    assert status == 200 and "无需缴费" in page and "已缴纳的费用￥20.00正在原路退回" in page and "<img" not in page
    with gw.engine.begin() as conn:
        conn.execute(sa.delete(refund_jobs))
    status, page = web.pay_page(gw, case(806))
    assert "已缴纳的费用￥20.00请到窗口办理退费" in page and "正在原路退回" not in page


@pytest.mark.slow  # kill -9
def test_a_refund_owed_outlives_a_killed_network(tmp_path: Path, make_case: MakeCase) -> None:
    """The provider is down when the case is refused, and the network is killed (-9) while the job waits; the
    network started again on its database refunds the fee once and tells the resident once."""
    db_path, phone = tmp_path / "net.db", "13700138007"
    first = signed(start_servicenet(sqlite_url(db_path)))
    try:
        token = cli(first.db_url, "office", "staff-token", "--staff-id", "S807", "--role", "window",
                    "--department", "*").stdout.strip()
        clerk = requests.Session()
        clerk.headers["Authorization"] = f"Bearer {token}"
        code = submitted(first.net, make_case(807, delivery={"method": "window", "phone": phone}))
        no = paid(first.net, code)
        requests.post(f"{first.url}/sandbox/payments/outage", json={"times": 100}, timeout=5)
        assert act(clerk, first.net, code, "reject", reason="申请人户籍不在本辖区").status_code == 200
        deadline = time.monotonic() + 10
        with sa.create_engine(first.db_url).connect() as conn:
            while conn.execute(sa.select(refund_jobs.c.attempts)).scalar() in (None, 0):
                assert time.monotonic() < deadline, "the refund was never tried"
                time.sleep(0.1)
                conn.rollback()
        first.net.proc.send_signal(signal.SIGKILL)
        first.net.proc.wait(10)
    finally:
        first.stop()
    again = start_servicenet(sqlite_url(db_path))  # its provider is up again
    try:
        register(again.url, first.creds)
        job = settled(again, code, timeout=refunds.LEASE_SECONDS + 15)  # a lease the killed node held lapses
        assert job is not None and job.state == "done", job
        [trade] = books(again, code)
        assert (trade["state"], trade["charged"], trade["refunded_cents"]) == ("REFUND", 1, 2000)
        assert len(refund_rows(again, no)) == 1
        texts = sms.inbox(again.url, phone, 2)
        assert f"已缴纳的费用{FEE}已原路退回" in texts[-1]
        time.sleep(1.5)
        assert len(sms.inbox(again.url, phone, 3, timeout=0)) == 2
    finally:
        again.stop()


def test_a_refused_refund_waits_for_the_counter(gw: Gateway) -> None:  # noqa: F811 - the fixture imported above
    """The provider refuses the network's refund (here: not the whole amount) and the money is not back: the job
    is failed, the clerk reads that it needs the counter; the counter's refund (same number) settles it, and the
    case page and the pay page say the money is back."""
    code, no = refused_after_its_qr(gw, 808, "13700138008")
    sandbox(gw).confirm(no)  # paid after the refusal: a job is queued
    with gw.engine.begin() as conn:
        conn.execute(sa.update(refund_jobs).values(amount_cents=1999))
    assert refunds.Refunder(gw.engine, lambda: gw).drain() == 0
    [job] = refunds.for_case(gw.engine, code)["refunds"]
    assert job["state"] == "failed" and "需窗口人工处理" in job["said"] and "INVALID_REQUEST" in job["said"]
    with gw.engine.connect() as conn:  # she is told to come to the counter: nothing else would tell her
        told = conn.execute(sa.select(sms_outbox.c.text).where(sms_outbox.c.phone == "13700138008")).scalars().all()
    assert len(told) == 2 and "未能自动原路退回" in told[-1] and "￥19.99" in told[-1] and "办理退费" in told[-1], told
    assert "请到窗口办理退费" in web.pay_page(gw, code)[1]
    gw.refund(no, {"out_refund_no": refund_no(no), "reason": "不予受理退费", "staff_id": "S001"})
    with gw.engine.connect() as conn:  # the refund that moved the money is the clerk's, with the clerk's reason
        row = conn.execute(sa.select(payment_refunds).where(payment_refunds.c.out_trade_no == no)).one()
    assert (row.staff_id, row.reason, row.state) == ("S001", "不予受理退费", "REFUND")
    fees = refunds.for_case(gw.engine, code)
    [job] = fees["refunds"]
    assert "已由其他途径退回" in job["said"] and fees["orders"][0]["label"] == "已退款"
    assert "已原路退回" in web.pay_page(gw, code)[1] and "请到窗口" not in web.pay_page(gw, code)[1]
    assert sandbox(gw).ledger(code)[0]["refunded_cents"] == 2000


def test_the_counter_refunds_a_web_order_from_the_case_page(servicenet_module: ServicenetProcess,
                                                            make_case: MakeCase,
                                                            staff: requests.Session) -> None:  # noqa: F811 - the fixture imported above
    """A case refused before the network refunded on its own, paid on the web page: the pay page sends the
    resident to the counter, and the kiosk's refund panel knows only its own orders. The clerk refunds it from the
    case page, under the order's refund number and in the clerk's name; the pay page then says the money is back."""
    sn, phone = servicenet_module, "13700138009"
    code = submitted(sn, make_case(809, delivery={"method": "window", "phone": phone}))
    no = paid(sn, code, "W")
    requests.post(f"{sn.url}/sandbox/payments/outage", json={"times": 100}, timeout=5)
    try:
        assert act(staff, sn, code, "reject", reason="申请人户籍不在本辖区").status_code == 200
        tried(sn, code)  # its try is over (the next is 2 s away): no job is half way through its call
        with sa.create_engine(sn.db_url).begin() as conn:  # refused before there were refund jobs
            conn.execute(sa.delete(refund_jobs).where(refund_jobs.c.case_code == code))
            conn.execute(sa.delete(payment_refunds).where(payment_refunds.c.out_trade_no == no))
    finally:
        requests.post(f"{sn.url}/sandbox/payments/outage", json={"times": 0}, timeout=5)
    assert f"已缴纳的费用{FEE}请到窗口办理退费" in requests.get(f"{sn.url}/pay/{code}", timeout=5).text
    clerk = add_staff(sn.db_url, "P809", ["window"], ["*"])
    browser = requests.Session()
    assert browser.post(f"{sn.url}/admin/login", data=clerk.form(), timeout=10).status_code == 200
    page = browser.get(f"{sn.url}/admin/cases/{code}", timeout=10).text
    assert f'id="refund-form-{no}"' in page, page
    r = browser.post(f"{sn.url}/admin/cases/{code}/refund", data={"out_trade_no": no, "reason": ""}, timeout=10)
    assert r.status_code == 409 and "请填写退费原因" in r.text  # a refund needs a reason
    r = browser.post(f"{sn.url}/admin/cases/{code}/refund", data={"out_trade_no": no, "reason": "不予受理退费"},
                     timeout=10)
    assert r.status_code == 200 and "已退款" in r.text and f'id="refund-form-{no}"' not in r.text, r.text
    [trade] = books(sn, code)
    assert (trade["state"], trade["refunded_cents"], trade["refund_no"]) == ("REFUND", 2000, refund_no(no))
    [row] = refund_rows(sn, no)
    assert (row.staff_id, row.reason, row.state) == ("P809", "不予受理退费", "REFUND")
    assert f"已缴纳的费用{FEE}已原路退回" in requests.get(f"{sn.url}/pay/{code}", timeout=5).text
    # pressed again (a double tap, a second clerk): nothing more moves
    r = browser.post(f"{sn.url}/admin/cases/{code}/refund", data={"out_trade_no": no, "reason": "不予受理退费"},
                     timeout=10)
    assert r.status_code == 200 and books(sn, code) == [trade]


def test_a_second_payment_not_given_back_at_once_is_refunded(gw: Gateway) -> None:  # noqa: F811 - the fixture imported above
    """A refused case paid twice (the kiosk's QR and the web page's, both shown before either was paid): the second
    payment is reversed at once, but the provider is down for that call. The refund jobs still give back both."""
    stored(gw, 810)
    code = case(810)
    first, second = gw.native(order(810))["out_trade_no"], gw.native(order(810, 2))["out_trade_no"]
    refuse(gw, code)
    sandbox(gw).confirm(first)  # paid after the refusal: its refund is owed
    sandbox(gw).fail_next(1)  # the reverse of the second payment cannot reach the provider
    sandbox(gw).confirm(second)
    assert refunds.Refunder(gw.engine, lambda: gw).drain() == 2
    trades = sandbox(gw).ledger(code)
    assert sorted(t["state"] for t in trades) == ["REFUND", "REFUND"]
    assert sum(t["refunded_cents"] for t in trades) == 4000
    assert [j["state"] for j in refunds.for_case(gw.engine, code)["refunds"]] == ["done", "done"]


def test_a_refund_still_processing_is_not_told_as_back(servicenet_module: ServicenetProcess, make_case: MakeCase,
                                                       staff: requests.Session) -> None:  # noqa: F811 - the fixture imported above
    """The provider takes the refund but answers 退款处理中 (PROCESSING, as WeChat Pay does before the money reaches
    the payer): the job asks again under the same number until it is SUCCESS; until then the resident gets no
    已原路退回, the pay page says it is going back and the clerk reads that the provider is processing it."""
    sn, phone = servicenet_module, "13700138011"
    code = submitted(sn, make_case(811, delivery={"method": "window", "phone": phone}))
    no = paid(sn, code)
    r = requests.post(f"{sn.url}/sandbox/payments/refunds-processing", json={"times": 100}, timeout=5)
    assert r.status_code == 200, r.text
    assert act(staff, sn, code, "reject", reason="申请人户籍不在本辖区").status_code == 200
    job = tried(sn, code)
    assert job.state == "queued", job  # the provider has the refund, the money is not back yet
    assert len(sms.inbox(sn.url, phone, 1)) == 1  # the refusal
    pay_page = requests.get(f"{sn.url}/pay/{code}", timeout=5).text
    assert f"已缴纳的费用{FEE}正在原路退回" in pay_page and "已原路退回" not in pay_page
    clerk = add_staff(sn.db_url, "P811", ["window"], ["*"])
    browser = requests.Session()
    assert browser.post(f"{sn.url}/admin/login", data=clerk.form(), timeout=10).status_code == 200
    page = browser.get(f"{sn.url}/admin/cases/{code}", timeout=10).text
    assert f'id="refund-{refund_no(no)}" data-state="queued"' in page and "退款处理中" in page, page
    assert len(sms.inbox(sn.url, phone, 2, timeout=0)) == 1  # the refusal only
    requests.post(f"{sn.url}/sandbox/payments/refunds-processing", json={"times": 0}, timeout=5)
    with sa.create_engine(sn.db_url).begin() as conn:  # the next ask is due now (not 2, 4 … s on)
        conn.execute(sa.update(refund_jobs).where(refund_jobs.c.case_code == code).values(next_at=0))
    job = settled(sn, code)
    assert job is not None and job.state == "done" and job.attempts >= 2, job
    texts = sms.inbox(sn.url, phone, 2)
    assert f"已缴纳的费用{FEE}已原路退回" in texts[-1]
    [trade] = books(sn, code)
    assert (trade["state"], trade["refunded_cents"], trade["refund_no"]) == ("REFUND", 2000, refund_no(no))
    assert [r.state for r in refund_rows(sn, no)] == ["REFUND"]
    time.sleep(1.5)
    assert len(sms.inbox(sn.url, phone, 3, timeout=0)) == 2


def test_a_payment_whose_notify_was_lost_is_found_and_refunded(gw: Gateway) -> None:  # noqa: F811 - the fixture imported above
    """A web QR shown before the refusal is paid after it, and the provider's notify never reaches the network
    (nor does anyone open the pay page again): once the QR has expired the refund worker closes it, the provider
    answers that it was paid, and the fee is owed back and refunded. An expired unpaid QR is just closed."""
    for n in (812, 813):
        stored(gw, n)
    paid_no = gw.native(order(812))["out_trade_no"]
    gw.native(order(813))  # shown, never paid
    refuse(gw, case(812))
    refuse(gw, case(813))
    sandbox(gw).sink = lambda *_: False  # the notify is lost
    sandbox(gw).confirm(paid_no)
    with gw.engine.connect() as conn:  # the network still thinks it unpaid
        assert conn.execute(sa.select(payment_orders.c.state).where(payment_orders.c.out_trade_no == paid_no)
                            ).scalar() == "NOTPAY"
    now = [time.time()]
    worker = refunds.Refunder(gw.engine, lambda: gw, clock=lambda: now[0])
    assert worker.drain() == 0  # the QRs may still be paid: left alone
    now[0] += 3600  # both QRs have expired
    assert worker.drain() == 1
    assert [t["state"] for t in sandbox(gw).ledger(case(812))] == ["REFUND"]
    assert [t["state"] for t in sandbox(gw).ledger(case(813))] == ["CLOSED"]
    assert worker.drain() == 0 and [o["state"] for o in gw.for_case(case(813))] == ["CLOSED"]


def test_a_late_payment_told_twice_is_refunded_once(gw: Gateway, caplog: pytest.LogCaptureFixture) -> None:  # noqa: F811 - the fixture imported above
    """Money paid after the refusal reaches the network by the notify and again by a query, and after the refund
    the provider delivers the notify once more (the same bytes) and once re-signed (other bytes, as a provider's
    retry may be): one job, one refund, one SMS, and no false alarm that money could not be given back."""
    code, no = refused_after_its_qr(gw, 814, "13700138014")
    sandbox(gw).confirm(no)  # the notify
    headers, body = sandbox(gw).notify_body(no)
    assert gw.query(no)["state"] == "SUCCESS"  # the kiosk's or the pay page's query
    assert refunds.Refunder(gw.engine, lambda: gw).drain() == 1
    again = json.dumps(json.loads(body), ensure_ascii=False).encode()  # the same notify, other bytes
    signed_again = {**headers, SIGNATURE: hmac.new(sandbox(gw).key, again, hashlib.sha256).hexdigest()}
    with caplog.at_level(logging.WARNING):
        assert gw.notified("sandbox", headers, body) and gw.notified("sandbox", signed_again, again)
        assert gw.query(no)["state"] == "REFUND"
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []
    [trade] = sandbox(gw).ledger(code)
    assert (trade["state"], trade["charged"], trade["refunded_cents"]) == ("REFUND", 1, 2000)
    with gw.engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(refund_jobs)).scalar() == 1
        assert len(conn.execute(sa.select(sms_outbox.c.text).where(sms_outbox.c.template == "refunded")).all()) == 1
