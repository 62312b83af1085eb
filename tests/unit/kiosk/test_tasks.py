"""kiosk/tasks.py: blocking work runs off the GUI thread, results come back on it."""
from __future__ import annotations

import threading
import time
import weakref
from functools import partial

import pytest
from pytestqt.qtbot import QtBot

from kiosk.qt import QGuiApplication, QObject, QTimer
from kiosk.tasks import TaskRunner


def test_result_is_delivered_on_the_gui_thread(qtbot: QtBot) -> None:
    runner = TaskRunner()
    seen: dict[str, object] = {}

    def work() -> int:
        seen["worker"] = threading.current_thread()
        return 42

    def done(value: int) -> None:
        seen["value"] = value
        seen["callback"] = threading.current_thread()

    with qtbot.waitSignal(runner.idle, timeout=5000):
        runner.run(work, done)
        assert runner.busy
    assert seen["value"] == 42
    assert seen["worker"] is not threading.main_thread()
    assert seen["callback"] is threading.main_thread()
    assert not runner.busy


def test_exception_is_delivered_to_on_error(qtbot: QtBot) -> None:
    runner = TaskRunner()
    errors: list[BaseException] = []

    def boom() -> None:
        raise ValueError("no paper")

    runner.run(boom, lambda _: errors.append(AssertionError("not called")), errors.append)
    qtbot.waitUntil(lambda: not runner.busy, timeout=5000)
    assert len(errors) == 1 and isinstance(errors[0], ValueError)


def test_gui_thread_is_not_blocked_while_work_runs(qtbot: QtBot) -> None:
    runner = TaskRunner()
    gate = threading.Event()
    results: list[str] = []
    runner.run(lambda: gate.wait(5) and "opened", results.append)
    start = time.monotonic()
    QGuiApplication.processEvents()
    assert time.monotonic() - start < 0.5 and runner.busy and results == []
    gate.set()
    qtbot.waitUntil(lambda: results == ["opened"], timeout=5000)


def test_busy_stays_true_through_a_chain(qtbot: QtBot) -> None:
    runner = TaskRunner()
    changes: list[bool] = []
    runner.busyChanged.connect(lambda: changes.append(runner.busy))
    out: list[int] = []
    runner.run(lambda: 1, lambda v: runner.run(lambda: v + 1, out.append))
    qtbot.waitUntil(lambda: out == [2], timeout=5000)
    qtbot.waitUntil(lambda: not runner.busy, timeout=5000)
    assert changes == [True, False]


def _timer_owner() -> QObject:
    """A QObject with a running timer: Qt can stop the timer only on the thread the object lives on."""
    owner = QObject()
    QTimer(owner).start(60_000)
    return owner


@pytest.mark.parametrize("fails", [False, True])
def test_what_a_task_held_is_let_go_on_the_gui_thread(qtbot: QtBot, fails: bool) -> None:
    """The task's callable held the last reference to a QObject and the worker let go of it after the GUI side
    had: the QObject was deleted on the worker, and Qt warned that its timers could not be stopped there."""
    runner = TaskRunner()
    gate = threading.Event()
    died: list[threading.Thread] = []

    def work(owner: QObject) -> QObject:
        gate.wait(5)
        if fails:
            raise RuntimeError(owner.objectName())  # the traceback's frames hold it too
        return owner

    job = partial(work, _timer_owner())  # the partial holds it: nothing else does
    watch = weakref.ref(job.args[0], lambda _: died.append(threading.current_thread()))
    with qtbot.waitSignal(runner.idle, timeout=5000):
        runner.run(job, on_done=lambda _: None, on_error=lambda _: None)
        del job  # from now on only the task holds it
        gate.set()
    qtbot.waitUntil(lambda: bool(died), timeout=5000)
    assert died == [threading.main_thread()] and watch() is None
