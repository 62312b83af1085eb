"""Every screen and step, in both languages, both modes and both orientations: no text cut off or spilling,
no words past the window's edges or out of their tile or button, no missing glyphs, everything touchable on the window; in elderly mode text >= 30 px and targets >= 60 px.

Four sets here cover every pair of orientation × language × mode (without pictures, to stay fast);
`python -m tests.unit.kiosk.gallery` walks all eight and saves the pictures to out/screens/gallery/.
"""
from __future__ import annotations

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtQml import QQmlComponent, QQmlEngine
from PySide6.QtQuick import QQuickItem, QQuickWindow
from pytestqt.qtbot import QtBot

from kiosk.qt import QGuiApplication
from tests.unit.kiosk import gallery
from tests.unit.kiosk.ui import Ui

PAIRWISE = [("portrait", "zh_CN", "normal"), ("portrait", "en", "elderly"),
            ("landscape", "en", "normal"), ("landscape", "zh_CN", "elderly")]


@pytest.mark.parametrize(("orientation", "language", "mode"), PAIRWISE)
def test_every_screen_fits(qapp: QGuiApplication, qtbot: QtBot, orientation: str, language: str,
                           mode: str) -> None:
    seen: list[str] = []
    report = gallery.walk(orientation, language, mode, None, qtbot, check=lambda name, _: seen.append(name))
    assert report.problems == []
    assert {"home", "catalogue", "guide", "identify-who", "form", "materials", "missing", "commitment",
            "confirm", "receipt", "rate", "rate-reasons", "track-case", "track-by-card", "idle-warning",
            "identify-expired", "business", "business-errors", "business-agent", "form-business",
            "identify-register", "queue", "queue-card", "queue-ticket", "results", "results-list", "results-printed",
            "results-paper-out", "track-handin", "track-handin-sent", "identify-qr-hint", "identify-qr-refused",
            "identify-qr-offline", "form-qr", "identify-face", "identify-face-comparing", "identify-face-again", "identify-face-clerk"} <= set(seen)


SCENE = b"""
import QtQuick
Item {
    width: 400; height: 300
    Rectangle {
        objectName: "tile"; x: 10; y: 10; width: 200; height: 70; color: "navy"
        Column {
            x: 10; width: 180
            Text { objectName: "fits"; text: "fits"; font.pixelSize: 20 }
            Text { objectName: "spills"; width: 180; font.pixelSize: 20; wrapMode: Text.WordWrap
                   text: "a long line of words that wraps over three lines" }
        }
    }
    Rectangle {
        objectName: "button"; x: 10; y: 120; width: 120; height: 40; color: "white"; border.width: 2
        Text { objectName: "centred"; anchors.centerIn: parent; width: 60; height: 20; font.pixelSize: 20
               horizontalAlignment: Text.AlignHCenter; verticalAlignment: Text.AlignVCenter
               text: "words wider than the button" }
    }
    Text { objectName: "broken"; x: 10; y: 180; width: 60; wrapMode: Text.Wrap; font.pixelSize: 20
           text: "Personal services" }
    Text { objectName: "low"; y: 280; text: "below the edge"; font.pixelSize: 30 }
    Text { objectName: "right"; x: 330; y: 200; width: 60; text: "off the right"; font.pixelSize: 20 }
    Flickable {
        x: 220; y: 10; width: 170; height: 100; clip: true; contentHeight: 400
        Rectangle { objectName: "card"; width: 170; height: 400; color: "white"; border.width: 1
            Text { objectName: "scrolled"; y: 300; text: "further down"; font.pixelSize: 20 } }
    }
}
"""


def test_the_check_finds_words_out_of_their_tile_or_off_the_window(qapp: QGuiApplication) -> None:
    engine, window = QQmlEngine(), QQuickWindow()
    window.resize(400, 300)
    component = QQmlComponent(engine)
    component.setData(SCENE, QUrl("scene.qml"))
    root = component.create()
    assert root is not None, component.errorString()
    root.setParentItem(window.contentItem())
    items = {i.objectName(): i for i in root.findChildren(QQuickItem)}
    try:
        found = {name: Ui.spills(items[name], 400, 300) for name in
                 ("fits", "spills", "centred", "low", "right", "scrolled")}
        assert found["fits"] == [] and found["scrolled"] == []  # scrolled away inside a clipping Flickable
        assert any("spills out of its tile" in p for p in found["spills"])
        assert any("spills out of its button" in p for p in found["centred"])  # centred: out on both sides
        assert any("runs off the window" in p for p in found["low"])
        assert any("runs off the window" in p for p in found["right"])
        assert Ui.broken_words(items["broken"], "Personal services") == ["Personal", "services"]
        assert Ui.broken_words(items["fits"], "fits") == []
    finally:
        root.deleteLater()
        window.deleteLater()
