"""亮码 the whole way: the sandbox provider's phone issues a code; the scanner simulator on a pty sends it;
SerialScanner classifies it; the KioskApp relay hands it to the identify screen; sync.qrid asks the real
servicenet (signed); the holder fills in the form. A used code is refused in plain words."""
from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from domain.models import Person
from drivers.scanner.serial_scanner import SerialScanner
from drivers.sim.scanner import ScannerSim
from kiosk.app import KioskApp
from sync.client import NetClient
from sync.qrid import QrIdentity
from tests.helpers.enroll import SignedNet
from tests.helpers.qrphone import HOLDER as WHO
from tests.helpers.qrphone import phone_code
from tests.helpers.servicenet_proc import servicenet  # noqa: F401  (fixture)
from tests.helpers.stubs import FakeIdentity, make_services
from tests.unit.kiosk.flow import PENSION_ITEM, settle
from tests.unit.kiosk.ui import Ui


@pytest.fixture
def kiosk(servicenet: SignedNet) -> Iterator[tuple[KioskApp, ScannerSim]]:  # noqa: F811 - the fixture imported above
    services = make_services()
    services.identity = QrIdentity(NetClient(servicenet.url, session=servicenet.creds.session()))
    with ScannerSim() as sim, SerialScanner(sim.device_path) as scanner:
        assert scanner.wait_connected()
        app = KioskApp(services, idle_timeout_s=600, scanner=scanner)
        app.show()
        try:
            yield app, sim
        finally:
            app.close()


def test_a_code_at_the_scanner_identifies_the_resident(qtbot: QtBot, chinese: object, servicenet: SignedNet,  # noqa: F811 - the fixture imported above
                                                       kiosk: tuple[KioskApp, ScannerSim]) -> None:
    app, sim = kiosk
    vm = app.vm
    vm.catalogue.select(PENSION_ITEM.code)
    settle(qtbot, vm)
    vm.startApplication()
    vm.identify.forSelf()
    assert vm.identify.qrAvailable
    qtbot.wait(100)
    app.grab(Path(__file__).resolve().parents[3] / "out" / "screens" / "identity" / "identify-qr-hint.png")
    code = phone_code(servicenet)
    sim.scan(code)
    qtbot.waitUntil(lambda: vm.screen == "form", timeout=10000)
    assert vm.form.valueOf("name") == WHO[0] and vm.form.valueOf("id_number") == WHO[1]
    assert vm.identify.person is not None and vm.identify.person.source == "e_sscard"
    locked = {r["name"]: (r["readOnly"], r["origin"]) for r in vm.form.fieldsModel.rows()}
    assert locked["name"] == locked["id_number"] == (True, "code")  # as the provider said: not retyped

    vm.goHome()  # the same code again (a screenshot of the phone): refused
    vm.catalogue.select(PENSION_ITEM.code)
    settle(qtbot, vm)
    vm.startApplication()
    vm.identify.forSelf()
    sim.scan(code)
    qtbot.waitUntil(lambda: vm.identify.error != "", timeout=10000)
    assert vm.screen == "identify" and "刷新" in vm.identify.error and not vm.identify.hasPerson
    qtbot.wait(100)
    app.grab(Path(__file__).resolve().parents[3] / "out" / "screens" / "identity" / "identify-qr-refused.png")


class SlowIdentity(FakeIdentity):
    """A provider that answers only when the test lets it (the resident waits at the scanner meanwhile)."""

    def __init__(self) -> None:
        super().__init__({"ESSC:1:good": Person.of_number(WHO[0], WHO[1], "e_sscard")})
        self.gate = threading.Event()

    def verify_qr(self, code: str) -> Person:
        assert self.gate.wait(10)
        return super().verify_qr(code)


def test_the_screen_says_a_code_is_being_checked(qtbot: QtBot, chinese: object) -> None:
    identity = SlowIdentity()
    app = KioskApp(make_services(identity=identity), idle_timeout_s=600)
    app.show()
    ui, vm = Ui(app, qtbot), app.vm
    try:
        vm.catalogue.select(PENSION_ITEM.code)
        settle(qtbot, vm)
        vm.startApplication()
        vm.identify.forSelf()
        ui.settle()
        assert ui.has("qrPanel") and "电子社保卡" in ui.text_of("qrHint")
        vm.identify.scanned("ESSC:1:good")
        qtbot.waitUntil(lambda: vm.identify.readingCode, timeout=5000)
        qtbot.wait(50)
        # the phone is being checked, not a card: no "keep the card still"
        assert ui.text_of("readingText") == "正在核验您的二维码，请稍候……" and not ui.has("qrPanel")
        assert ui.text_of("readCardButton") == "正在核验…"
        identity.gate.set()
        qtbot.waitUntil(lambda: vm.screen == "form", timeout=5000)
        assert vm.form.valueOf("name") == WHO[0]

        vm.goHome()  # a refused code: the words say what to do; the panel gives way to them
        vm.catalogue.select(PENSION_ITEM.code)
        settle(qtbot, vm)
        vm.startApplication()
        vm.identify.forSelf()
        vm.identify.scanned("ESSC:1:used")
        qtbot.waitUntil(lambda: vm.identify.error != "", timeout=5000)
        ui.settle()
        assert "刷新" in ui.text_of("identifyError") and not ui.has("qrPanel")
        assert ui.text_of("readingText") == "然后点击下面的按钮。" and ui.problems() == []
    finally:
        app.close()
