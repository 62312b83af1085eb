"""kiosk.app.KioskApp: what waits for the first frame (the virtual keyboard, what boot hands it)."""
from __future__ import annotations

import os
import subprocess
import sys

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


FRESH = """
import sys, time
from kiosk import app
from kiosk.qt import QGuiApplication
app.prepare_environment()
qapp = QGuiApplication([])
kiosk = app.KioskApp(None, idle_timeout_s=600)
seen = []
kiosk.after_first_frame(lambda: seen.append("PySide6.QtQuick" in sys.modules))
kiosk.show()
deadline = time.monotonic() + 30
while not seen and time.monotonic() < deadline:
    qapp.processEvents()
print("quick before the first frame:", seen[0])
print("window:", type(kiosk.window).__name__, kiosk.find("homeTitle") is not None)
kiosk.close()
"""


def test_the_first_frame_needs_no_qtquick_module_and_the_window_is_a_quick_window_after() -> None:
    """A fresh process (as kiosk.boot starts): PySide6.QtQuick, ~8 ms of the start, is not imported before the
    first frame; `window` is a QQuickWindow with its items once someone asks for it."""
    out = subprocess.run([sys.executable, "-c", FRESH], capture_output=True, text=True, timeout=60,
                         env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    assert out.returncode == 0, out.stderr[-2000:]
    assert "quick before the first frame: False" in out.stdout, out.stdout
    assert "window: QQuickWindow True" in out.stdout, out.stdout
