"""drivers.printer.layout with a payment: paid (amount, order number, paid time) or owed (a QR to pay later)."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest

from domain.models import Receipt
from drivers.printer import layout

PRINTED_AT = datetime(2026, 11, 26, 10, 5, 7)


@pytest.fixture
def receipt() -> Receipt:
    return Receipt(code="44010500126112600017", service_name="居民身份证换领", applicant_masked_name="张*英",
                   applicant_masked_id="440105********123X", submitted_at=datetime(2026, 11, 26, 9, 30),
                   time_limit_days=20, department="镇派出所", track_url="https://zwfw.example.gov.cn/track/1",
                   hall_name="鳌头镇便民服务中心", amount_cents=2000, fee_item="居民身份证工本费（换领、补领）")


def texts(receipt: Receipt) -> list[str]:
    return [ln.text for ln in layout.build(receipt, PRINTED_AT) if ln.kind == "text"]


def qrs(receipt: Receipt) -> list[str]:
    return [ln.text for ln in layout.build(receipt, PRINTED_AT) if ln.kind == "qr"]


def test_paid(receipt: Receipt) -> None:
    paid = replace(receipt, order_no="44010500126112600017K001", paid_at=datetime(2026, 11, 26, 9, 31, 5))
    body = texts(paid)
    for line in ("缴费金额：￥20.00", "收费项目：居民身份证工本费（换领、补领）",
                 "支付订单号：44010500126112600017K001", "支付时间：2026-11-26 09:31:05"):
        assert line in body, line
    assert not any("待缴费" in t for t in body) and qrs(paid) == [receipt.track_url]


def test_owed_says_how_to_pay_later(receipt: Receipt) -> None:
    owed = replace(receipt, pay_url="https://zwfw.example.gov.cn/pay/44010500126112600017")
    body = texts(owed)
    assert "待缴费 ￥20.00" in body and layout.PAY_LATER in body
    assert not any(t.startswith(("缴费金额", "支付订单号")) for t in body)
    assert qrs(owed) == [receipt.track_url, owed.pay_url]
    lines = layout.build(owed, PRINTED_AT)
    big = next(ln for ln in lines if ln.text == "待缴费 ￥20.00")
    assert (big.width, big.bold, big.align) == (2, True, "center")
    assert all(layout.text_width(ln.text) * ln.width <= layout.COLUMNS for ln in lines if ln.kind == "text")


def test_no_fee_no_lines(receipt: Receipt) -> None:
    free = replace(receipt, amount_cents=0, fee_item="", pay_url="x")
    body = texts(free)
    assert not any("￥" in t for t in body) and qrs(free) == [receipt.track_url]
    assert sum(1 for ln in layout.build(free, PRINTED_AT) if ln.kind == "rule") == 4
