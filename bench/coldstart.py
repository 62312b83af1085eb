"""Kiosk cold start to the first frame of the home screen, against a bare PySide6 QML window.

Each sample is a fresh process: the parent notes the wall clock just before it starts the child. The bare
window prints the wall clock when it swaps its first frame; the kiosk is the real entry point (`python -m
kiosk.boot --config …`, as systemd starts it, enrolled, no devices), whose log line "first frame on screen"
carries the time. Each also reports the CPU time its process (all threads) had used at that moment, which the
machine's load changes far less than the wall time. The kiosk is then left running until it logs "kiosk ready" (its services attached, READY=1
sent): that time is reported too, so a first frame bought by skipping the services would show.

The one-folder build (`make dist`) is measured the same way when it exists: dist/kiosk, or $KIOSK_DIST.
The dev tree is byte-compiled first (`byte_compile`), as an installed kiosk is, and one start of each (bare,
dev, dist) runs first uncounted, so that no figure holds a first start's cold caches.
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

BARE_QML = b"""import QtQuick
import QtQuick.Window
Window { width: 1080; height: 1920; visible: true; color: "white"
  Text { anchors.centerIn: parent; text: "\xe6\x94\xbf\xe5\x8a\xa1\xe6\x9c\x8d\xe5\x8a\xa1"; font.pixelSize: 48 } }
"""
ROOT = Path(__file__).resolve().parents[1]
ENV = {"QT_QPA_PLATFORM": "offscreen", "QT_QUICK_BACKEND": "software"}


def bare_child() -> None:
    """Runs in the child process: start, show the first frame, print the time, quit. (This module imports only
    os, subprocess, sys, time and pathlib at the top, so the bare window pays for little besides Qt.)"""
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtQml import QQmlApplicationEngine

    done: list[float] = []

    def first_frame() -> None:
        if not done:
            done.extend((time.time(), time.process_time()))
            QTimer.singleShot(0, QGuiApplication.quit)

    app = QGuiApplication([])
    engine = QQmlApplicationEngine()
    engine.loadData(BARE_QML)
    window = engine.rootObjects()[0]
    window.frameSwapped.connect(first_frame)
    app.exec()
    print(f"FIRST_FRAME {done[0]:.6f} {done[1]:.6f}" if done else "NO_FRAME", flush=True)


def bare_sample() -> tuple[float, float]:
    """(first frame in seconds after the start, CPU seconds used by then)."""
    t0 = time.time()
    out = subprocess.run([sys.executable, "-m", "bench.coldstart", "bare"], env=dict(os.environ, **ENV),
                         capture_output=True, text=True, timeout=120)
    for line in out.stdout.splitlines():
        if line.startswith("FIRST_FRAME "):
            _, at, cpu = line.split()
            return float(at) - t0, float(cpu)
    raise RuntimeError(f"the bare window showed no frame: {out.stderr[-2000:]}")


def kiosk_config(folder: Path) -> Path:
    """An enrolled kiosk (device key, network key) without devices, its network a closed port."""
    from kiosk import config
    from kiosk.config import PrinterSettings, ReaderSettings, Settings
    from sync.crypto import DeviceKey, b64, network_key_pair

    settings = Settings(voice="none", data_dir=str(folder / "var"), network_url="http://127.0.0.1:9",
                        reader=ReaderSettings(kind="none"), printer=PrinterSettings(kind="none"),
                        device_key=str(DeviceKey.generate().save(folder / "device.pem")),
                        network_public_key=b64(network_key_pair()[1]))
    path = folder / "kiosk.toml"
    path.write_text(config.dump(settings), encoding="utf-8")
    return path


def _at(line: str) -> tuple[str, float, float | None] | None:
    """(msg, wall-clock time, CPU seconds if the line says) of one of the kiosk's JSON log lines."""
    import json
    from datetime import datetime

    try:
        entry = json.loads(line)
        cpu = entry.get("cpu_ms")
        return (str(entry["msg"]), datetime.fromisoformat(entry["ts"]).timestamp(),
                float(cpu) / 1000 if cpu is not None else None)
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


def kiosk_sample(argv: list[str], cwd: Path) -> tuple[float, float, float]:
    """(first frame, services ready) in seconds after the start of a real kiosk process, and the CPU seconds
    it had used at its first frame."""
    import signal

    t0 = time.time()
    proc = subprocess.Popen(argv, env=dict(os.environ, **ENV), cwd=cwd, stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    seen: dict[str, float] = {}
    cpu: float | None = None
    tail: list[str] = []
    try:
        assert proc.stderr is not None
        for line in proc.stderr:
            tail = (tail + [line])[-20:]
            got = _at(line)
            if got is not None and got[0] in ("first frame on screen", "kiosk ready"):
                seen.setdefault(got[0], got[1] - t0)
                cpu = got[2] if got[0] == "first frame on screen" else cpu
            if "kiosk ready" in seen:
                break
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
        try:
            proc.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
    if len(seen) < 2 or cpu is None:
        raise RuntimeError(f"{argv[0]}: no first frame (with its CPU time) or never ready: {''.join(tail)[-2000:]}")
    return seen["first frame on screen"], seen["kiosk ready"], cpu


def dist_binary() -> Path | None:
    folder = Path(os.environ.get("KIOSK_DIST") or ROOT / "dist" / "kiosk")
    binary = folder / "kiosk"
    return binary if binary.is_file() and os.access(binary, os.X_OK) else None


def _figure(samples: list[float], bare: list[float], what: str, n: int,
            baseline_name: str = "bare PySide6 QML window, first frame") -> dict[str, object]:
    import statistics

    value, base = statistics.median(samples) * 1000, statistics.median(bare) * 1000
    return {"value": round(value, 1), "unit": "ms", "baseline": round(base, 1),
            "baseline_name": baseline_name, "ratio": round(value / base, 2), "n": n, "what": what}


def byte_compile() -> None:
    """The packages' bytecode, as `pip install` and the one-folder build have it: with PYTHONDONTWRITEBYTECODE
    set, a dev tree would otherwise compile kiosk/ and what it imports from source at every start."""
    import compileall

    for package in ("bench", "domain", "drivers", "kiosk", "sync"):
        compileall.compile_dir(str(ROOT / package), quiet=1)


def run(quick: bool = False) -> dict[str, dict[str, object]]:
    import tempfile

    byte_compile()
    repeats = 2 if quick else 5
    kinds = {"dev": [sys.executable, "-m", "kiosk.boot"]}
    binary = dist_binary()
    if binary is not None:
        kinds["dist"] = [str(binary)]
    bare: list[float] = []
    bare_cpu: list[float] = []
    frames: dict[str, list[float]] = {k: [] for k in kinds}
    ready: dict[str, list[float]] = {k: [] for k in kinds}
    cpus: dict[str, list[float]] = {k: [] for k in kinds}
    with tempfile.TemporaryDirectory() as tmp:
        config = kiosk_config(Path(tmp))
        bare_sample()  # a start of each, not counted: the page cache, the QML disk cache of a new build, the
        for argv in kinds.values():  # kiosk's data folder (its first start creates the store)
            kiosk_sample([*argv, "--config", str(config)], Path(tmp))
        for _ in range(repeats):  # interleaved, so all see the same machine noise
            at, cpu = bare_sample()
            bare.append(at)
            bare_cpu.append(cpu)
            for kind, argv in kinds.items():
                frame, up, cpu = kiosk_sample([*argv, "--config", str(config)], Path(tmp))
                frames[kind].append(frame)
                ready[kind].append(up)
                cpus[kind].append(cpu)
    out: dict[str, dict[str, object]] = {}
    for kind in kinds:
        suffix = "" if kind == "dev" else "_dist"
        where = "the dev tree (python -m kiosk.boot)" if kind == "dev" else f"the one-folder build ({binary})"
        out[f"cold_start_first_frame{suffix}"] = _figure(frames[kind], bare, f"home screen's first frame, {where}",
                                                         repeats)
        out[f"cold_start_ready{suffix}"] = _figure(ready[kind], bare, f"services attached (READY=1), {where}",
                                                   repeats)
        out[f"cold_start_first_frame_cpu{suffix}"] = _figure(
            cpus[kind], bare_cpu, f"CPU time (all threads) used by the home screen's first frame, {where}", repeats,
            "bare PySide6 QML window, CPU time used by its first frame")
    return out


if __name__ == "__main__":  # `python -m bench.coldstart [--quick]`: the figures as JSON; "bare": the child
    if sys.argv[1:] == ["bare"]:
        bare_child()
    else:
        import json

        print(json.dumps(run(quick="--quick" in sys.argv[1:]), indent=2, ensure_ascii=False))
