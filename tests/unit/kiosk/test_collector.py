"""kiosk/collector.py: cyclic garbage (a dropped view-model and its timers) is collected on the GUI thread.

Every kiosk test runs under the GuiCollector (tests/helpers/qtapp.py), as the kiosk does after its first frame.
"""
from __future__ import annotations

import gc
import threading
import weakref
from typing import Any

from pytestqt.qtbot import QtBot

from kiosk.collector import GuiCollector
from kiosk.qt import QObject, QTimer
from tests.unit.kiosk.flow import make_vm


def _allocate_on_a_worker(kept: list[list[int]]) -> None:
    """What a task's job does (a catalogue pull): allocate and keep, far past the collector's thresholds, on a
    thread of its own."""
    worker = threading.Thread(target=lambda: kept.extend([n] for n in range(100_000)))
    worker.start()
    worker.join(10)


_watching: list[weakref.ref[Any]] = []  # a weak reference calls back only while it lives itself


def _dropped_in_a_cycle(make: Any) -> list[threading.Thread]:
    """Build a QObject with `make`, tie it in a reference cycle and drop it: where it dies is returned."""
    died: list[threading.Thread] = []
    obj = make()
    obj.cycle = obj  # only the cyclic collector can free it now
    _watching.append(weakref.ref(obj, lambda _: died.append(threading.current_thread())))
    del obj
    return died


def test_a_dropped_kiosk_is_deleted_on_the_gui_thread_while_a_worker_allocates(qtbot: QtBot) -> None:
    gc.collect()  # what is young now is this test's own
    died = _dropped_in_a_cycle(lambda: make_vm(idle_timeout_s=60))  # the throwaway kiosk of a track test
    kept: list[list[int]] = []
    _allocate_on_a_worker(kept)
    qtbot.waitUntil(lambda: bool(died), timeout=5000)
    assert died == [threading.main_thread()] and kept


def test_a_timer_owner_in_a_cycle_dies_on_the_gui_thread(qtbot: QtBot) -> None:
    def owner() -> QObject:
        obj = QObject()
        timer = QTimer(obj)
        timer.start(60_000)
        return obj

    gc.collect()
    died = _dropped_in_a_cycle(owner)
    kept: list[list[int]] = []
    _allocate_on_a_worker(kept)
    qtbot.waitUntil(lambda: bool(died), timeout=5000)
    assert died == [threading.main_thread()] and kept


def test_collects_past_the_threshold_and_hands_back_on_stop(qtbot: QtBot) -> None:
    was = gc.isenabled()
    gc.enable()  # as the interpreter leaves it
    collector = GuiCollector(interval_ms=10)
    try:
        collector.start()
        assert collector.active and not gc.isenabled()
        died = _dropped_in_a_cycle(QObject)
        young = [[] for _ in range(gc.get_threshold()[0] + 1)]  # past the first generation's threshold
        qtbot.waitUntil(lambda: bool(died), timeout=5000)
        assert died == [threading.main_thread()] and young
        collector.stop()
        assert not collector.active and gc.isenabled()
    finally:
        collector.stop()
        if not was:
            gc.disable()
