"""Drive the real QML by objectName (tap, type) and inspect what is on screen (clipping, tofu, sizes)."""
from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QFontMetrics, QFontMetricsF, QInputMethodEvent
from PySide6.QtQml import QQmlExpression, qmlEngine
from PySide6.QtQuick import QQuickItem
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from kiosk.app import KioskApp

TEXT_CLASSES = ("QQuickText", "QQuickTextInput", "QQuickTextEdit")
WRAP_ANYWHERE_IF_NEED_BE = 4  # Text.Wrap (WrapAtWordBoundaryOrAnywhere): a word too long for a line is cut
TARGET_CLASSES = ("QQuickButton", "QQuickMouseArea", "QQuickTextField", "QQuickTextArea")


def class_name(item: QQuickItem) -> str:
    return item.metaObject().className()


def is_a(item: QQuickItem, names: tuple[str, ...]) -> bool:
    return any(item.inherits(n) for n in names)


class Ui:
    def __init__(self, app: KioskApp, qtbot: QtBot) -> None:
        self.app, self.qtbot, self.window = app, qtbot, app.window

    # -- finding
    def items(self, root: QQuickItem | None = None, skip_keyboard: bool = True) -> Iterator[QQuickItem]:
        todo = [root or self.window.contentItem()]
        while todo:
            item = todo.pop()
            if skip_keyboard and item.objectName() == "keyboard":
                continue
            yield item
            todo.extend(item.childItems())

    def visible(self) -> Iterator[QQuickItem]:
        for item in self.items():
            if item.isVisible() and item.width() > 0 and item.height() > 0 and item.opacity() > 0:
                yield item

    def find(self, name: str) -> QQuickItem:
        found = [i for i in self.visible() if i.objectName() == name]
        assert found, f"no visible item named {name!r} on screen {self.app.vm.screen!r}"
        return found[0]

    def has(self, name: str) -> bool:
        return any(i.objectName() == name for i in self.visible())

    # -- acting
    def settle(self, ms: int = 40) -> None:
        self.qtbot.waitUntil(lambda: not self.app.vm.busy, timeout=5000)
        self.qtbot.wait(ms)

    def _reveal(self, item: QQuickItem) -> None:
        parent = item.parentItem()
        while parent is not None:
            if is_a(parent, ("QQuickFlickable",)) and parent.property("clip"):
                content = parent.property("contentItem")
                y = item.mapToItem(content, QPointF(0, 0)).y()
                top, view = parent.property("contentY"), parent.height()
                if y < top or y + item.height() > top + view:
                    most = max(0.0, parent.property("contentHeight") - view)
                    parent.setProperty("contentY", max(0.0, min(most, y - 20)))
                    self.qtbot.wait(20)
            parent = parent.parentItem()

    def reveal(self, name: str) -> None:
        """Scroll the named item into view (its Flickables')."""
        self._reveal(self.find(name))
        self.settle()

    def tap(self, name: str, settle: bool = True) -> None:
        """Touch an item; settle=False returns as soon as the touch is handled (no timer fires in between)."""
        item = self.find(name)
        assert item.isEnabled(), f"{name!r} is disabled"
        self._reveal(item)
        centre = item.mapToScene(QPointF(item.width() / 2, item.height() / 2))
        point = QPoint(round(centre.x()), round(centre.y()))
        assert 0 <= point.x() < self.window.width() and 0 <= point.y() < self.window.height(), \
            f"{name!r} is off screen at {point}"
        QTest.mouseClick(self.window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
        if settle:
            self.settle()

    def type(self, name: str, text: str) -> None:
        """Focus a field by touching it, then type (as a hardware keyboard would: the resident's keystrokes)."""
        self.tap(name)
        for ch in text:
            if ch.isascii():
                QTest.keyClick(self.window, ch)
            else:  # what an input method (the Pinyin keyboard) sends once a character is chosen
                event = QInputMethodEvent()
                event.setCommitString(ch)
                QCoreApplication.sendEvent(self.window.focusObject(), event)
        self.settle()

    def drag(self, name: str, points: list[tuple[float, float]]) -> None:
        """A finger stroke over an item, points as fractions of its size."""
        item = self.find(name)
        scene = [item.mapToScene(QPointF(x * item.width(), y * item.height())) for x, y in points]
        pts = [QPoint(round(p.x()), round(p.y())) for p in scene]
        QTest.mousePress(self.window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pts[0])
        for p in pts[1:]:
            QTest.mouseMove(self.window, p)
            self.qtbot.wait(5)
        QTest.mouseRelease(self.window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pts[-1])
        self.settle()

    def text_of(self, name: str) -> str:
        return str(self.find(name).property("text"))

    # -- inspecting
    def texts(self) -> Iterator[QQuickItem]:
        for item in self.visible():
            if is_a(item, TEXT_CLASSES) and str(item.property("text") or "").strip():
                yield item

    @staticmethod
    def scrolled(item: QQuickItem) -> bool:
        parent = item.parentItem()
        while parent is not None:
            if parent.inherits("QQuickFlickable") and parent.property("clip"):
                return True
            parent = parent.parentItem()
        return False

    def problems(self) -> list[str]:
        """Text cut off, spilling out of its box or off the window, or drawn in a font that lacks a glyph."""
        out = []
        w, h = self.window.width(), self.window.height()
        for item in self.visible():  # anything to touch must be on the window (or paged to, in a Flickable)
            if is_a(item, ("QQuickAbstractButton", "QQuickTextField")) and item.isEnabled() \
                    and not self.scrolled(item):
                r = item.mapRectToScene(QRectF(0, 0, item.width(), item.height()))
                if r.bottom() > h + 1 or r.right() > w + 1 or r.top() < -1 or r.left() < -1:
                    out.append(f"{self.app.vm.screen}: {item.objectName() or class_name(item)} is off the window "
                               f"({r.left():.0f},{r.top():.0f} {r.width():.0f}x{r.height():.0f})")
        for item in self.texts():
            text = str(item.property("text"))
            where = f"{self.app.vm.screen}: {text[:40]!r}"
            if item.property("truncated"):
                out.append(f"{where} is cut off (elided or too many lines)")
            ch = item.property("contentHeight")
            if item.inherits("QQuickText") and ch is not None and ch > item.height() + 3 \
                    and not item.property("clip"):
                out.append(f"{where} spills below its box ({ch:.0f} > {item.height():.0f})")
            cw = item.property("contentWidth")
            if item.inherits("QQuickText") and cw is not None and cw > item.width() + 3:
                out.append(f"{where} is wider than its box ({cw:.0f} > {item.width():.0f})")
            out += [f"{where} breaks {word!r} across lines" for word in self.broken_words(item, text)]
            out += [f"{where} {p}" for p in self.spills(item, w, h)]
            metrics = QFontMetrics(item.property("font"))
            missing = {c for c in text if not c.isspace() and not metrics.inFontUcs4(ord(c))}
            if missing:
                out.append(f"{where} has characters the font cannot draw: {sorted(missing)}")
        return out

    @staticmethod
    def qml(item: QQuickItem, name: str) -> float:
        """A property read by QML, as a number (PySide cannot convert QQuickText's enums or a border's pen)."""
        engine = qmlEngine(item)
        expression = QQmlExpression(engine.rootContext(), item, name)
        value, undefined = expression.evaluate()
        return 0 if undefined or expression.hasError() else float(value)

    @staticmethod
    def painted(item: QQuickItem) -> QRectF:
        """Where a text item draws its words, in its own coordinates: its content placed by its alignment (the
        words can stand out of the item's box on any side), cut to the box when the item clips."""
        w, h = item.width(), item.height()
        cw = max(float(item.property("contentWidth") or 0), 0.0)
        ch = max(float(item.property("contentHeight") or 0), 0.0)
        halign = int(Ui.qml(item, "effectiveHorizontalAlignment"))
        valign = int(Ui.qml(item, "verticalAlignment"))
        x = (w - cw) / 2 if halign & Qt.AlignmentFlag.AlignHCenter.value else \
            w - cw if halign & Qt.AlignmentFlag.AlignRight.value else 0.0
        y = (h - ch) / 2 if valign & Qt.AlignmentFlag.AlignVCenter.value else \
            h - ch if valign & Qt.AlignmentFlag.AlignBottom.value else 0.0
        words = QRectF(x, y, cw, ch) if cw and ch else QRectF(0, 0, w, h)
        return words.intersected(QRectF(0, 0, w, h)) if item.property("clip") else words

    @staticmethod
    def box_of(item: QQuickItem) -> QQuickItem | None:
        """The tile or button a text item sits in: the nearest button or filled/bordered rectangle above it;
        None when a scrolling (clipping) Flickable comes first, since what is scrolled away is not cut off."""
        parent = item.parentItem()
        while parent is not None:
            if parent.inherits("QQuickFlickable") and parent.property("clip"):
                return None
            if parent.inherits("QQuickAbstractButton"):
                return parent
            if parent.inherits("QQuickRectangle"):
                fill = parent.property("color")
                if (fill is not None and fill.alpha() > 0) or Ui.qml(parent, "border.width") > 0:
                    return parent
            parent = parent.parentItem()
        return None

    @staticmethod
    def broken_words(item: QQuickItem, text: str) -> list[str]:
        """Latin words wider than a wrapping text item (Text.Wrap breaks them mid-word: "Persona" / "l")."""
        if not item.inherits("QQuickText") or Ui.qml(item, "wrapMode") != WRAP_ANYWHERE_IF_NEED_BE \
                or Ui.qml(item, "fontSizeMode") != 0 or item.width() <= 0:
            return []
        metrics = QFontMetricsF(item.property("font"))
        return [w for w in re.findall(r"[A-Za-z0-9][A-Za-z0-9'’.,:;!?()_]*", text)
                if metrics.horizontalAdvance(w) > item.width() + 1]

    @staticmethod
    def spills(item: QQuickItem, w: float, h: float) -> list[str]:
        """A text item's words past the window's edges (unless scrolled) or out of the tile/button it sits in."""
        out = []
        r = item.mapRectToScene(Ui.painted(item))
        if not Ui.scrolled(item) and (r.left() < -1 or r.top() < -1 or r.right() > w + 1 or r.bottom() > h + 1):
            out.append(f"runs off the window ({r.left():.0f},{r.top():.0f} {r.width():.0f}x{r.height():.0f})")
        box = Ui.box_of(item)
        if box is not None and not box.mapRectToScene(QRectF(0, 0, box.width(), box.height())).contains(
                QRectF(0, 0, w, h)):  # a page's own background is the window, checked above
            b = box.mapRectToScene(QRectF(0, 0, box.width(), box.height()))
            if r.left() < b.left() - 1 or r.top() < b.top() - 1 or r.right() > b.right() + 1 \
                    or r.bottom() > b.bottom() + 1:
                out.append(f"spills out of its {box.objectName() or class_name(box)} "
                           f"(words {r.left():.0f},{r.top():.0f}..{r.right():.0f},{r.bottom():.0f}; "
                           f"box {b.left():.0f},{b.top():.0f}..{b.right():.0f},{b.bottom():.0f})")
        return out

    def small_print(self, min_px: int = 30) -> list[str]:
        return [f"{self.app.vm.screen}: {str(t.property('text'))[:30]!r} at {t.property('font').pixelSize()} px"
                for t in self.texts() if 0 < t.property("font").pixelSize() < min_px]

    def small_targets(self, min_px: int = 60) -> list[str]:
        out = []
        for item in self.visible():
            if is_a(item, (*TARGET_CLASSES, "QQuickAbstractButton")):
                if item.isEnabled() and (item.width() < min_px or item.height() < min_px):
                    out.append(f"{self.app.vm.screen}: {class_name(item)} {item.objectName()!r} "
                               f"{item.width():.0f}x{item.height():.0f}")
        return out

    def grab(self, path: Path) -> Path:
        self.settle(60)
        return self.app.grab(path)
