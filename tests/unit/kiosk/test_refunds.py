"""The counter's refund panel (kiosk/viewmodels/refunds.py) in the kiosk's language: a refund the payment service
refuses is said in words, not as the driver's English source text and the provider's code."""
from __future__ import annotations

import re

from pytestqt.qtbot import QtBot

from domain.payment import PayState
from kiosk.i18n import Languages
from kiosk.viewmodels.refunds import RefundsViewModel
from tests.unit.kiosk.test_payment import Rig, rig, showing, wait_phase  # noqa: F401 - fixture


def test_a_refund_already_made_is_said_in_chinese(qtbot: QtBot, rig: Rig, chinese: Languages) -> None:  # noqa: F811 - the fixture imported above
    no = showing(qtbot, rig)
    rig.net.sandbox.confirm(no)
    wait_phase(qtbot, rig, "paid")
    # the money went back another way meanwhile (the network's counter), while this kiosk's books say paid
    rig.net.gateway.refund(no, {"out_refund_no": f"{no}X1", "reason": "窗口已退", "staff_id": "S002"})
    panel = RefundsViewModel(rig.vm._ctx, lambda: "S001", lambda *a, **k: None)
    panel.lookup(rig.receipt.code)
    qtbot.waitUntil(lambda: bool(panel.orders) and panel.orders[0]["refundable"], timeout=5000)
    panel.refund(no, "收费有误")
    qtbot.waitUntil(lambda: rig.desk.order(no).state == PayState.REFUND and "…" not in panel.status, timeout=5000)
    qtbot.waitUntil(lambda: not panel.orders[0]["refundable"], timeout=5000)  # the list shows it refunded
    assert "已退" in panel.status, panel.status
    assert not re.search(r"[A-Za-z]", panel.status), panel.status  # no English, no ORDERREVERSED


def test_a_reason_too_long_is_said_before_anything_is_sent(qtbot: QtBot, rig: Rig,  # noqa: F811 - the fixture imported above
                                                           chinese: Languages) -> None:
    no = showing(qtbot, rig)
    rig.net.sandbox.confirm(no)
    wait_phase(qtbot, rig, "paid")
    panel = RefundsViewModel(rig.vm._ctx, lambda: "S001", lambda *a, **k: None)
    panel.lookup(rig.receipt.code)
    qtbot.waitUntil(lambda: bool(panel.orders), timeout=5000)
    panel.refund(no, "收费标准适用错误，" * 30)
    assert panel.status == "退款原因请控制在200个字以内。"
    assert rig.desk.order(no).state == PayState.SUCCESS and not rig.desk.order(no).refund_no
