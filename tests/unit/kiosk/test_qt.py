"""kiosk/qt.py: the kiosk survives PySide6 6.12.0's reference-count bugs (emit() and slot calls), and modules
imported after PySide6 are not read back from their source files."""
from __future__ import annotations

import linecache
import sys
from pathlib import Path

import pytest
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


def test_a_module_imported_after_pyside_is_not_read_from_its_source(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "late_module_after_pyside.py"
    source.write_text('"""Names PySide6 in its text."""\nWORD = "PySide6"\n', encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "late_module_after_pyside", raising=False)
    linecache.clearcache()
    module = __import__("late_module_after_pyside")  # an import statement (importlib.import_module is not hooked)
    assert module.WORD == "PySide6"
    assert str(source) not in linecache.cache  # PySide6's __feature__ bookkeeping read it through inspect
    emitter, calls = Emitter(), []  # and PySide6 still works for it
    emitter.changed.connect(lambda: calls.append(1))
    emitter.changed.emit()
    assert calls == [1]
