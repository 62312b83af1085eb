"""Memory soak: one kiosk process serves 1,000 scripted resident sessions offscreen, on real parts.

Each session is a whole visit through the view-models (kiosk/walkthrough.py): search the catalogue, identify
with the ID card on the simulated SAM reader (a pty), fill the form, photograph the materials, sign, submit
(sealed, queued, synced by the engine to a real servicenet), print on the ESC/POS emulator (TCP), then walk
away and let the idle timeout wipe the session. The simulators and servicenet run outside the kiosk process,
so its RSS is the kiosk's own.

The figure is the RSS after the last session against the RSS after session 100 (the same run, the same
process, warm): the ratio is the growth (goal ≤ 1.10), the value is held to ≤ 300 MB. --quick: 30 sessions,
baseline at session 10. HK_SOAK_SESSIONS=N runs N sessions instead of 1,000 (baseline at 100, or N/3).

    .venv/bin/python -m bench soak
"""
from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

RSS_GOAL_MB, GROWTH_GOAL = 300.0, 1.10
CATEGORY, QUERY, SERVICE = "个人办事", "优待证", "老年人优待证"  # no fee: the visit ends at the receipt
FORM = {"phone": "13800138000", "address": "广东省广州市从化区鳌头镇龙潭村委会12号"}
IDLE_SCALE = 0.002  # the kiosk's idle periods (120 s, warning at 100 s) shortened to 0.24 s and 0.04 s


def rss_kb() -> int:
    with open("/proc/self/status", encoding="ascii") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmRSS:"))


def _head_and_tail(text: str, size: int = 2500) -> str:
    """A crash report's start (the fatal error and the faulting thread) and its end (the last traceback)."""
    return text if len(text) <= 2 * size else f"{text[:size]}\n[…]\n{text[-size:]}"


def session(walk: Any) -> str:
    """One resident, from the home screen back to it: a whole visit, then the idle wipe."""
    code = walk.apply(CATEGORY, QUERY, SERVICE, FORM)
    walk.idle_out(IDLE_SCALE)
    return code


def child(config_path: str, sessions: int) -> None:
    """The kiosk process: build the app from the settings file, serve `sessions` visits, print RSS lines."""
    from kiosk import app as kiosk_app
    from kiosk import config
    from kiosk.camera import FileCamera
    from kiosk.qt import QGuiApplication
    from kiosk.walkthrough import Walk
    from kiosk.wiring import build_runtime

    settings = config.load(config_path)
    kiosk_app.prepare_environment()
    qapp = QGuiApplication([])
    runtime = build_runtime(settings)
    kiosk = kiosk_app.KioskApp(runtime.services, camera=FileCamera(), card_timeout_s=5.0)
    kiosk.show()
    walk = Walk(kiosk, pause=0.0)
    try:
        for i in range(1, sessions + 1):
            t0 = time.monotonic()
            try:
                session(walk)
            except Exception:
                print(f"FAILED in session {i} on {kiosk.vm.screen!r}: message {kiosk.vm.message!r}", flush=True)
                raise
            gc.collect()
            print(f"SOAK {i} {rss_kb()} {time.monotonic() - t0:.3f}", flush=True)
    finally:
        kiosk.close()
        runtime.close()
        del qapp


def run(quick: bool = False) -> dict[str, dict[str, object]]:
    from bench._enrolled import enroll_kiosk
    from drivers.sim.escpos_emulator import EscposEmulator
    from drivers.sim.sam_reader import SamReaderSim, SimIdCard
    from kiosk import config
    from kiosk.config import PrinterSettings, ReaderSettings, Settings
    from servicenet.process import start_servicenet

    full = int(os.environ.get("HK_SOAK_SESSIONS", "1000"))
    sessions, base_at = (30, 10) if quick else (full, min(100, full // 3))
    with tempfile.TemporaryDirectory(prefix="hk-soak-") as tmp_name:
        tmp = Path(tmp_name)
        with start_servicenet(f"sqlite:///{tmp / 'net.db'}") as net, SamReaderSim() as reader, \
                EscposEmulator(out_dir=tmp / "receipts") as printer:
            reader.insert(SimIdCard.sample())
            enrolled = enroll_kiosk(net, hall_name="soak")
            settings = Settings(data_dir=str(tmp / "kiosk"), sync_interval=1.0, voice="none",
                                reader=ReaderSettings(kind="sam", port=reader.device_path),
                                printer=PrinterSettings(kind="network", host="127.0.0.1", port=printer.port,
                                                        timeout=5.0))
            settings.apply_enrollment(net.url, enrolled.enrollment, str(enrolled.save_key(tmp / "device.pem")))
            (tmp / "kiosk.toml").write_text(config.dump(settings), encoding="utf-8")
            env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QT_QUICK_BACKEND="software")
            done = subprocess.run([sys.executable, "-X", "faulthandler", "-m", "bench.soak", str(tmp / "kiosk.toml"), str(sessions)],
                                  env=env, capture_output=True, text=True, timeout=30 + sessions * 20)
            printed = len(printer.receipts)
    rows = [line.split()[1:] for line in done.stdout.splitlines() if line.startswith("SOAK ")]
    if done.returncode != 0 or len(rows) != sessions:
        raise RuntimeError(f"soak stopped after {len(rows)} of {sessions} sessions (exit {done.returncode}):\n"
                           f"{done.stdout[-500:]}{_head_and_tail(done.stderr)}")
    if printed < sessions:
        raise RuntimeError(f"only {printed} receipts printed for {sessions} sessions")
    rss = [int(r[1]) / 1024 for r in rows]
    seconds = [float(r[2]) for r in rows]
    value, base, peak = rss[-1], rss[base_at - 1], max(rss)
    note = (f"peak {peak:.1f} MB, {sum(seconds) / len(seconds):.2f} s per session, "
            f"RSS at 1/{base_at}/{sessions}: {rss[0]:.1f}/{base:.1f}/{value:.1f} MB")
    print(f"soak: {note}", flush=True)
    return {
        "soak_rss_last_session": {
            "value": round(value, 1), "unit": "MB", "baseline": round(base, 1),
            "baseline_name": f"RSS after session {base_at} of the same process", "ratio": round(value / base, 3),
            "n": sessions, "goal": f"ratio <= {GROWTH_GOAL}, value <= {RSS_GOAL_MB} MB",
            "met": value / base <= GROWTH_GOAL and peak <= RSS_GOAL_MB, "note": note},
    }


if __name__ == "__main__":
    if len(sys.argv) == 3:
        child(sys.argv[1], int(sys.argv[2]))
    else:
        print(json.dumps(run(quick=True), indent=1))
