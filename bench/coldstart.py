"""Kiosk cold start to the first frame of the home screen, against a bare PySide6 QML window.

Each sample is a fresh process: the parent notes the wall clock just before it starts the child, and the
child prints the wall clock when its window swaps its first frame.
"""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time

BARE_QML = b"""import QtQuick
import QtQuick.Window
Window { width: 1080; height: 1920; visible: true; color: "white"
  Text { anchors.centerIn: parent; text: "\xe6\x94\xbf\xe5\x8a\xa1\xe6\x9c\x8d\xe5\x8a\xa1"; font.pixelSize: 48 } }
"""


def child(kind: str) -> None:
    """Runs in the child process: start, show the first frame, print the time, quit."""
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QGuiApplication

    done: list[float] = []

    def first_frame() -> None:
        if not done:
            done.append(time.time())
            QTimer.singleShot(0, QGuiApplication.quit)

    if kind == "bare":
        from PySide6.QtQml import QQmlApplicationEngine

        app = QGuiApplication([])
        engine = QQmlApplicationEngine()
        engine.loadData(BARE_QML)
        window = engine.rootObjects()[0]
        window.frameSwapped.connect(first_frame)
        app.exec()
    else:
        from kiosk import app as kiosk_app
        from kiosk.config import PrinterSettings, ReaderSettings, Settings
        from kiosk.wiring import build_runtime

        with tempfile.TemporaryDirectory() as tmp:
            settings = Settings(data_dir=tmp, reader=ReaderSettings(kind="none"), printer=PrinterSettings(kind="none"))
            runtime = build_runtime(settings, start_engine=False)
            kiosk_app.prepare_environment()
            app = QGuiApplication([])
            kiosk = kiosk_app.KioskApp(runtime.services)
            kiosk.after_first_frame(lambda: (runtime.engine.start(), runtime.devices.start()))  # as kiosk.boot does
            kiosk.window.frameSwapped.connect(first_frame)
            kiosk.show()
            app.exec()
            kiosk.close()
            runtime.close()
    print(f"FIRST_FRAME {done[0]:.6f}" if done else "NO_FRAME", flush=True)


def sample(kind: str) -> float:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QT_QUICK_BACKEND="software")
    t0 = time.time()
    out = subprocess.run([sys.executable, "-m", "bench.coldstart", kind], env=env, capture_output=True,
                         text=True, timeout=120)
    for line in out.stdout.splitlines():
        if line.startswith("FIRST_FRAME "):
            return float(line.split()[1]) - t0
    raise RuntimeError(f"{kind} cold start showed no frame: {out.stderr[-2000:]}")


def run(quick: bool = False) -> dict[str, dict[str, object]]:
    repeats = 2 if quick else 5
    bare, kiosk = [], []
    for _ in range(repeats):  # interleaved, so both see the same machine noise
        bare.append(sample("bare"))
        kiosk.append(sample("kiosk"))
    value, base = statistics.median(kiosk) * 1000, statistics.median(bare) * 1000
    return {
        "cold_start_first_frame": {"value": round(value, 1), "unit": "ms", "baseline": round(base, 1),
                                   "baseline_name": "bare PySide6 QML window, first frame",
                                   "ratio": round(value / base, 2), "n": repeats}
    }


if __name__ == "__main__":
    child(sys.argv[1])
