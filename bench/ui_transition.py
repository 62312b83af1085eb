"""Touch to the first frame of the next screen, p95, against touch to the next frame on the same screen.

The kiosk runs offscreen (software Quick) on its real services (seeded catalogue, no devices). A sample is a
mouse click on an item found by objectName, timed from the click until the window swaps the first frame that
shows the new screen. The baseline, measured in the same run and window, is a keypad tap on the track
screen: one digit more in a text, i.e. what a touch costs when no screen has to be built.
"""
from __future__ import annotations

import os
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

GOAL_MS = 50.0
# (from screen, objectName to tap, expected screen); "service_*" is the first service in the list
CYCLE = [
    ("home", "tile_personal", "catalogue"),
    ("catalogue", "service_*", "guide"),
    ("guide", "startButton", "identify"),
    ("identify", "homeButton", "home"),
    ("home", "tile_track", "track"),
    ("track", "homeButton", "home"),
    ("home", "tile_business", "catalogue"),
    ("catalogue", "backButton", "home"),
]


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[18] if len(samples) >= 2 else samples[0]


@contextmanager
def kiosk_app() -> Iterator[Any]:
    """A real kiosk window on the real services (temporary data folder, no devices, no sync thread)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("QT_QUICK_BACKEND", "software")
    from kiosk import app as kiosk_app_module
    from kiosk.config import PrinterSettings, ReaderSettings, Settings
    from kiosk.qt import QGuiApplication
    from kiosk.wiring import build_runtime

    kiosk_app_module.prepare_environment()
    qapp = QGuiApplication.instance() or QGuiApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(data_dir=tmp, reader=ReaderSettings(kind="none"), printer=PrinterSettings(kind="none"))
        runtime = build_runtime(settings, start_engine=False)
        kiosk = kiosk_app_module.KioskApp(runtime.services, idle_timeout_s=3600)
        kiosk.show()
        try:
            yield kiosk
        finally:
            kiosk.close()
            runtime.close()
    del qapp


class Clicker:
    """Clicks items by objectName and waits for the next swapped frame."""

    def __init__(self, kiosk: Any) -> None:
        from kiosk.qt import QCoreApplication

        self.kiosk, self.window = kiosk, kiosk.window
        self._process = QCoreApplication.processEvents
        self.frames: list[float] = []
        self.window.frameSwapped.connect(lambda: self.frames.append(time.perf_counter()))

    def find(self, name: str) -> Any:
        todo = [self.window.contentItem()]
        while todo:
            item = todo.pop()
            if item.objectName() == name and item.isVisible():
                return item
            todo.extend(item.childItems())
        raise LookupError(f"no visible {name!r} on {self.kiosk.vm.screen!r}")

    def idle(self, seconds: float = 0.05) -> None:
        """Let background work and painting finish before the next sample."""
        end = time.monotonic() + seconds
        while time.monotonic() < end or self.kiosk.vm.busy:
            self._process()
            time.sleep(0.002)

    def click(self, name: str, done: Callable[[], bool], signal: Any, timeout: float = 5.0) -> float:
        """Milliseconds from the click to the first frame swapped after `signal` fired with `done()` true."""
        from PySide6.QtCore import QPoint, QPointF, Qt
        from PySide6.QtTest import QTest

        item = self.find(name)
        centre = item.mapToScene(QPointF(item.width() / 2, item.height() / 2))
        return self.after(lambda: QTest.mouseClick(self.window, Qt.MouseButton.LeftButton,
                                                   Qt.KeyboardModifier.NoModifier,
                                                   QPoint(round(centre.x()), round(centre.y()))),
                          done, signal, timeout, f"no frame after tapping {name!r} (on {self.kiosk.vm.screen!r})")

    def after(self, act: Callable[[], object], done: Callable[[], bool], signal: Any, timeout: float,
              missing: str) -> float:
        """Milliseconds from `act()` to the first frame swapped after `signal` fired with `done()` true;
        TimeoutError(`missing`) when none comes within `timeout` seconds."""
        changed_at: list[float] = []

        def stamp() -> None:
            if not changed_at and done():
                changed_at.append(time.perf_counter())

        signal.connect(stamp)
        try:
            self.frames.clear()
            t0 = time.perf_counter()
            act()
            while time.perf_counter() < t0 + timeout:
                if changed_at:
                    after = [f for f in self.frames if f >= changed_at[0]]
                    if after:
                        return (after[0] - t0) * 1000
                self._process()
        finally:
            signal.disconnect(stamp)
        raise TimeoutError(missing)


def measure(clicker: Clicker, rounds: int) -> tuple[list[float], list[float]]:
    vm = clicker.kiosk.vm
    transitions: list[float] = []
    for _ in range(rounds):
        for start, name, target in CYCLE:
            assert vm.screen == start, (vm.screen, start)
            if name == "service_*":
                name = "service_" + vm.catalogue.items.rows()[0]["code"]
            transitions.append(clicker.click(name, lambda t=target: vm.screen == t, vm.changed))  # type: ignore[misc]  # the default binds this round's target
            clicker.idle()
    vm.navigate("track")
    clicker.idle(0.2)
    taps: list[float] = []
    for i in range(rounds * len(CYCLE)):
        key = "clear" if i % 10 == 9 else str(i % 10)
        before = vm.track.typed

        def changed(before: str = before) -> bool:
            return vm.track.typed != before

        taps.append(clicker.click(f"key_{key}", changed, vm.track.changed))
        clicker.idle(0.02)
    vm.goHome()
    return transitions, taps


def run(quick: bool = False) -> dict[str, dict[str, object]]:
    rounds = 5 if quick else 25
    with kiosk_app() as kiosk:
        clicker = Clicker(kiosk)
        clicker.idle(0.3)
        measure(clicker, 1)  # warm-up: every screen's QML compiled once
        transitions, taps = measure(clicker, rounds)
    value, base = p95(transitions), p95(taps)
    return {
        "ui_transition_p95": {"value": round(value, 1), "unit": "ms", "baseline": round(base, 1),
                              "baseline_name": "touch to next frame without a screen change (keypad digit)",
                              "ratio": round(value / base, 2), "n": len(transitions),
                              "goal": GOAL_MS, "median": round(statistics.median(transitions), 1)},
    }


if __name__ == "__main__":
    for key, r in run(quick=True).items():
        print(key, r)
