"""kiosk/qt.py: the kiosk survives PySide6 6.12.0's reference-count bugs (emit() and slot calls)."""
from __future__ import annotations

import sys

from pytestqt.qtbot import QtBot

from kiosk.qt import QObject, QTimer, Signal


class Emitter(QObject):
    changed = Signal()


def test_a_long_day_of_signals_keeps_true_and_none_alive(qtbot: QtBot) -> None:
    emitter, calls = Emitter(), []
    emitter.changed.connect(lambda: calls.append(1))
    before = sys.getrefcount(True), sys.getrefcount(None)
    for _ in range(5_000):  # a morning of view-model changes
        emitter.changed.emit()
    timer = QTimer()
    timer.setInterval(0)
    timer.timeout.connect(lambda: calls.append(2))
    timer.start()
    qtbot.waitUntil(lambda: calls.count(2) >= 200, timeout=5000)
    timer.stop()
    after = sys.getrefcount(True), sys.getrefcount(None)
    assert len(calls) >= 5_200
    # Whatever PySide loses per call, the singletons are far from zero (immortal on CPython >= 3.12).
    assert min(after) > 1 << 30, (before, after)
