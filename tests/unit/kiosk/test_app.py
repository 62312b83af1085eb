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
