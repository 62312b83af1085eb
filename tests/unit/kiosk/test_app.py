"""kiosk.app.KioskApp: what waits for the first frame (the virtual keyboard, what boot hands it)."""
from __future__ import annotations

from pytestqt.qtbot import QtBot

from kiosk.app import KioskApp
from tests.helpers.stubs import make_services


def test_the_keyboard_and_deferred_starts_come_after_the_first_frame(qtbot: QtBot, qapp: object) -> None:
    kiosk = KioskApp(make_services(), idle_timeout_s=600)
    started: list[int] = []
    frames: list[int] = []
    try:
        kiosk.window.frameSwapped.connect(lambda: frames.append(len(started)))
        kiosk.after_first_frame(lambda: started.append(len(frames)))
        assert kiosk.find("keyboard") is None  # not part of the home screen's first frame
        qtbot.wait(50)
        assert started == []  # nothing before the window shows
        kiosk.show()
        qtbot.waitUntil(lambda: started != [], timeout=10_000)
        assert frames[0] == 0 and started == [1]  # after the first frame, once
        panel = kiosk.keyboard()
        assert panel is not None and panel.metaObject().className().startswith("OnScreenKeyboard")
        qtbot.wait(100)
        assert started == [1]
    finally:
        kiosk.close()


def test_home_shows_before_the_services_and_a_touch_meanwhile_says_getting_ready(qtbot: QtBot, qapp: object) -> None:
    """kiosk.boot shows home first and attaches the services after the first frame: a tile touched before
    that gets a short "getting ready" (never a crash, never a Qt warning), and works once they are there."""
    from kiosk.offers import Offers
    from tests.unit.kiosk.ui import Ui

    kiosk = KioskApp(None, idle_timeout_s=600, language="zh_CN", offers=Offers(queue=True, results=True))
    ui = Ui(kiosk, qtbot)
    try:
        kiosk.show()
        qtbot.waitExposed(kiosk.window)
        assert not kiosk.vm.ready and kiosk.vm.catalogue is None
        assert ui.has("tile_queue") and ui.has("tile_results") and ui.has("tile_personal")  # every tile at once
        ui.tap("tile_personal")
        assert kiosk.vm.screen == "home" and kiosk.vm.message == "正在准备，请稍候再试。"
        kiosk.vm.navigate("track")  # the scanner's way in, too
        assert kiosk.vm.screen == "home"
        kiosk.attach(make_services())
        assert kiosk.vm.ready and kiosk.vm.message == ""  # the note goes when they are ready
        ui.tap("tile_personal")
        ui.settle()
        assert kiosk.vm.screen == "catalogue"
    finally:
        kiosk.close()
