"""Walk every screen in both orientations through the real QML; save screenshots to out/screens/."""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest
from PIL import Image
from pytestqt.qtbot import QtBot

from domain import codes
from drivers.base import DeviceUnavailable, PrinterError
from kiosk.app import KioskApp, build
from kiosk.qt import QGuiApplication, QQuickWindow
from tests.helpers.stubs import ITEMS, FakeCases, FakePrinter, make_services

OUT = Path(__file__).resolve().parents[3] / "out" / "screens"


@pytest.fixture(params=["portrait", "landscape"])
def app(request: pytest.FixtureRequest, qapp: QGuiApplication) -> Iterator[KioskApp]:
    services = make_services(printer=FakePrinter(error=PrinterError("The printer is out of paper. Please ask the staff for help.")),
                             cases=FakeCases(offline=True))
    kiosk = build(services, orientation=request.param, idle_timeout_s=600)
    kiosk.show()
    yield kiosk
    kiosk.close()


class Shots:
    def __init__(self, app: KioskApp, qtbot: QtBot) -> None:
        self.app, self.qtbot, self.n = app, qtbot, 0
        self.dir = OUT / app.orientation

    def settle(self) -> None:
        self.qtbot.waitUntil(lambda: not self.app.vm.busy, timeout=5000)
        self.qtbot.wait(60)

    def take(self, name: str) -> Path:
        self.settle()
        self.n += 1
        path = self.app.grab(self.dir / f"{self.n:02d}-{name}.png")
        img = Image.open(path).convert("RGB")
        w, h = self.app.window.width(), self.app.window.height()
        assert img.size == (w, h)
        colours = img.getcolors(maxcolors=1 << 20) or []
        assert len(colours) > 20, f"{path} looks blank"
        return path


def test_walk_every_screen(app: KioskApp, qtbot: QtBot) -> None:
    vm, shots = app.vm, Shots(app, qtbot)
    assert isinstance(app.window, QQuickWindow)
    expected = (1080, 1920) if app.orientation == "portrait" else (1920, 1080)
    assert (app.window.width(), app.window.height()) == expected

    assert vm.screen == "home"
    shots.take("home")
    vm.catalogue.open("个人办事")
    shots.take("catalogue")
    field = app.find("searchField")
    assert field is not None
    field.setProperty("text", "身份证")  # as if typed: the QML calls catalogue.search
    shots.settle()
    assert vm.catalogue.query == "身份证" and vm.catalogue.items.rowCount() == 1
    shots.take("catalogue-search")
    vm.catalogue.select(ITEMS[0].code)
    shots.take("guide")
    vm.startApplication()
    shots.take("identify")
    vm.services.reader.error = DeviceUnavailable("The ID card reader is not connected.")  # type: ignore[attr-defined]
    vm.identify.readCard()
    shots.take("identify-error")
    vm.services.reader.error = None  # type: ignore[attr-defined]
    vm.identify.readCard()
    shots.settle()
    assert vm.screen == "form"
    vm.form.setValue("phone", "1380013")
    shots.take("form")
    vm.form.setValue("phone", "13800138000")
    vm.form.setValue("reason", "遗失")
    vm.form.setValue("household_size", "3")
    assert vm.form.valid
    vm.form.next()
    shots.take("confirm")
    vm.submitApplication()
    shots.settle()
    assert vm.screen == "receipt" and vm.receipt.printState == "failed"
    shots.take("receipt")
    code = vm.receipt.code
    shown = app.find("registrationCode")
    assert shown is not None and shown.property("text") == codes.pretty(code)
    vm.goHome()
    vm.navigate("track")
    for digit in code[:9]:
        vm.track.press(digit)
    shots.take("track-typing")
    vm.track.lookup(code)
    shots.take("track")
    vm.goHome()
    vm.setLanguage("en")
    shots.take("home-en")
    vm.catalogue.open("个人办事")
    vm.catalogue.select(ITEMS[0].code)
    shots.take("guide-en")
    vm.setLanguage("zh_CN")
    vm.navigate("identify")
    vm._alert(lambda: "这是一条提示信息。")  # the message pop-up
    shots.take("message")
    assert len(list(shots.dir.glob("*.png"))) >= shots.n


def test_idle_warning_overlay(qapp: QGuiApplication, qtbot: QtBot) -> None:
    kiosk = build(make_services(), orientation="portrait", idle_timeout_s=30, idle_warning_s=29.5)
    kiosk.show()
    try:
        kiosk.vm.navigate("track")
        qtbot.waitUntil(lambda: kiosk.vm.idleWarning, timeout=3000)
        qtbot.wait(60)
        kiosk.grab(OUT / "portrait" / "99-idle-warning.png")
    finally:
        kiosk.close()
