"""The fee step on real parts: the kiosk app offscreen, servicenet's gateway + sandbox over 127.0.0.1 (the sandbox
acting as the resident's phone), the ESC/POS emulator printing the receipt. Pictures of every payment screen in
Chinese and English go to out/screens/payment/<orientation>/; each is checked for clipped text, missing glyphs and
(elderly-size) targets, the QR on screen is decoded back to the order's code_url, and the amount reads ￥20.00.
"""
from __future__ import annotations

import time
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image
from pytestqt.qtbot import QtBot

from domain import regcode
from kiosk.walkthrough import wait_until
from tests.e2e.kiosk_rig import Rig, kiosk_rig
from tests.e2e.test_offline_roundtrip import fill_required
from tests.unit.kiosk.ui import Ui

OUT = Path(__file__).resolve().parents[2] / "out" / "screens" / "payment"
SFZ = ("个人办事", "sfz", "居民身份证换领", {"phone": "13800138000", "reason": "到期换领"})


class Screens:
    def __init__(self, rig: Rig, qtbot: QtBot, orientation: str) -> None:
        self.rig, self.ui, self.dir = rig, Ui(rig.kiosk, qtbot), OUT / orientation
        self.pay = rig.kiosk.vm.payment
        self.saved: list[Path] = []

    def shot(self, name: str) -> list[Path]:
        """The screen as it is, in Chinese and in English (the language switches live)."""
        taken = []
        for language in ("zh_CN", "en"):
            self.rig.kiosk.vm.setLanguage(language)
            self.ui.settle(80)
            problems = self.ui.problems() + self.ui.small_targets(60)
            assert problems == [], problems
            taken.append(self.rig.kiosk.grab(self.dir / f"{language}-{name}.png"))
        self.saved += taken
        return taken

    def to_payment(self) -> str:
        walk = self.rig.walk
        category, query, name, values = SFZ
        walk.home()
        walk.choose(category, query, name)
        walk.identify()
        walk.fill(fill_required(walk, dict(values)))
        self.rig.kiosk.vm.confirm.submit()
        walk.expect("payment")
        wait_until(lambda: self.pay.phase in ("showing", "offline"), timeout=20, what="the QR")
        return str(self.pay.orderNo)

    def phone(self, no: str, action: str) -> None:
        r = self.rig.net.http.post(f"{self.rig.net.url}/sandbox/payments/{no}/{action}", timeout=5)
        assert r.status_code == 200, r.text

    def payment_code(self, behaviour: str) -> str:
        r = self.rig.net.http.post(f"{self.rig.net.url}/sandbox/payments/codes", json={"behaviour": behaviour},
                                   timeout=5)
        return str(r.json()["auth_code"])


def decode_qr(path: Path) -> list[str]:
    return [r.text for r in zxingcpp.read_barcodes(Image.open(path))]


@pytest.mark.e2e
@pytest.mark.parametrize("orientation", ["portrait", "landscape"])
def test_payment_screens_in_both_languages(qapp, qtbot: QtBot, tmp_path: Path, shots: Path,
                                           orientation: str) -> None:
    with kiosk_rig(tmp_path, shots, orientation=orientation) as rig:
        s = Screens(rig, qtbot, orientation)
        vm, payments = rig.kiosk.vm, rig.runtime.services.payments
        s.pay.delays = lambda: iter(lambda: 0.2, None)  # poll every 0.2 s (the kiosk backs off from 1 s)
        payments.sleep = lambda seconds: time.sleep(min(seconds, 0.2))
        # the QR: amount and fee item in large type, a countdown; the QR holds the order's code_url
        no = s.to_payment()
        code = no[:20]
        assert s.pay.phase == "showing" and s.pay.amount == "￥20.00" and s.ui.text_of("amount") == "￥20.00"
        # the resident has the code already
        assert s.ui.text_of("savedCode").endswith(regcode.pretty(code).replace(" ", "\u00a0"))
        zh, en = s.shot("1-qr")
        assert payments.order(no).code_url in decode_qr(zh)
        vm.setElderly(True)  # 适老模式: larger print and targets, still on one screen
        s.ui.settle(80)
        assert s.ui.problems() + s.ui.small_print(30) + s.ui.small_targets(60) == []
        s.rig.kiosk.grab(s.dir / f"{vm.language}-1-qr-elderly.png")
        vm.setElderly(False)
        # the phone declines; a new QR runs out: closed, nothing paid
        s.phone(no, "decline")
        wait_until(lambda: s.pay.phase == "failed", timeout=20, what="declined")
        s.shot("2-declined")
        s.pay.qr_seconds = 1
        s.pay.retry()
        wait_until(lambda: s.pay.phase == "failed" and payments.orders(code)[-1].state.value == "CLOSED",
                   timeout=20, what="expired")
        s.shot("3-expired")
        # a payment code under the scanner: the phone asks for the password (USERPAYING), then pays
        s.pay.qr_seconds = 120
        s.pay.scanned(s.payment_code("password"))
        wait_until(lambda: payments.orders(code)[-1].state.value == "USERPAYING", what="USERPAYING")
        s.shot("4-paying")
        s.phone(payments.orders(code)[-1].out_trade_no, "confirm")
        wait_until(lambda: s.pay.phase == "paid", timeout=30, what="paid")
        s.shot("5-paid")
        paid_no = s.pay.orderNo
        s.pay.finish()
        rig.walk.expect("receipt")
        ledger = rig.net.http.get(f"{rig.net.url}/sandbox/payments/ledger", params={"case": code}, timeout=5).json()
        assert sum(t["charged"] for t in ledger["trades"]) == 1
        if orientation == "landscape":
            assert len(s.saved) == 10
            return
        wait_until(lambda: vm.receipt.printState == "printed", timeout=20, what="the receipt")
        printed = rig.printer.wait_for_receipts(1)[-1]
        assert "缴费金额：￥20.00" in printed["text"] and paid_no in printed["text"]
        # the link is down: the case is saved, the fee is paid later (the receipt says how)
        rig.link.cut()
        s.to_payment()
        assert s.pay.phase == "offline"
        s.shot("6-offline")
        s.pay.payLater()
        rig.walk.expect("receipt")
        wait_until(lambda: vm.receipt.printState == "printed", timeout=20, what="the receipt")
        rig.link.restore()
        printed = rig.printer.wait_for_receipts(2)[-1]
        code = str(vm.receipt.code)
        assert "待缴费 ￥20.00" in printed["text"] and regcode.is_valid(code)
        assert any(q.endswith(f"/pay/{code}") for q in printed["qr"])
        assert len(s.saved) == 12
