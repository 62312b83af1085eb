"""亮码 the whole way: the sandbox provider's phone issues a code; the scanner simulator on a pty sends it;
SerialScanner classifies it; the KioskApp relay hands it to the identify screen; sync.qrid asks the real
servicenet (signed); the holder fills in the form. A used code is refused in plain words."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from drivers.scanner.serial_scanner import SerialScanner
from drivers.sim.scanner import ScannerSim
from kiosk.app import KioskApp
from sync.client import NetClient
from sync.qrid import QrIdentity
from tests.helpers.enroll import SignedNet
from tests.helpers.qrphone import HOLDER as WHO
from tests.helpers.qrphone import phone_code
from tests.helpers.servicenet_proc import servicenet  # noqa: F401  (fixture)
from tests.helpers.stubs import make_services
from tests.unit.kiosk.flow import PENSION_ITEM, settle


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
