"""kiosk/demo.py (`make demo`): its kiosk runs as kiosk.boot runs one, cycles collected on the GUI thread only."""
from __future__ import annotations

import contextlib
import gc
import threading
import weakref
from types import SimpleNamespace
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from kiosk import demo
from kiosk.qt import QObject, QTimer
from tests.helpers.stubs import make_services


@pytest.fixture(autouse=True)
def _collect_on_gui_thread() -> None:
    """Not the kiosk tests' collector: the interpreter's own, as in the demo's process before its kiosk opens."""


def test_the_demo_kiosk_collects_cycles_on_the_gui_thread_only(qtbot: QtBot) -> None:
    assert gc.isenabled()
    died: list[threading.Thread] = []
    with contextlib.ExitStack() as stack:
        runtime: Any = SimpleNamespace(services=make_services(), scanner=None)  # the two fields it reads
        kiosk = demo.open_kiosk(runtime, "portrait", stack)
        assert kiosk.vm is not None
        obj: Any = QObject()
        obj.timer = QTimer(obj)
        obj.timer.start(60_000)
        obj.cycle = obj  # only the cyclic collector can free it now
        watch = weakref.ref(obj, lambda _: died.append(threading.current_thread()))
        del obj
        kept: list[list[int]] = []
        worker = threading.Thread(target=lambda: kept.extend([n] for n in range(100_000)))  # a task's allocation
        worker.start()
        worker.join(10)
        qtbot.waitUntil(lambda: bool(died), timeout=5000)
        assert watch() is None
    assert died == [threading.main_thread()]
    assert gc.isenabled()  # handed back when the demo's kiosk closes
