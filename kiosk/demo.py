"""`make demo`: servicenet, a simulated ID reader and receipt printer, and the kiosk, all on 127.0.0.1.

With a display it opens the kiosk window (close it to stop). Without one it walks a resident through a
visit offscreen and writes a screenshot of every screen and the printed receipts to the output folder.
"""
from __future__ import annotations

import argparse
import contextlib
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import requests

from drivers.sim.escpos_emulator import EscposEmulator
from drivers.sim.launch import launch
from kiosk.config import PrinterSettings, ReaderSettings, ScannerSettings, Settings, SscardSettings
from kiosk.wiring import build_runtime
from servicenet.process import ServicenetProcess, start_servicenet

if TYPE_CHECKING:
    from kiosk.app import KioskApp
    from kiosk.wiring import Runtime

FORM = {"phone": "13800138000", "reason": "到期换领", "address": "广东省广州市从化区鳌头镇龙潭村委会12号"}


def has_display() -> bool:
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kiosk.demo", description=__doc__)
    parser.add_argument("--out", default="out", help="folder for screenshots, receipts and the demo's data")
    parser.add_argument("--offscreen", action="store_true", help="run the scripted walkthrough even with a display")
    parser.add_argument("--orientation", choices=("portrait", "landscape"), default="portrait")
    args = parser.parse_args(argv)
    interactive = has_display() and not args.offscreen
    if not interactive:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        os.environ.setdefault("QT_QUICK_BACKEND", "software")
    out = Path(args.out).resolve()
    work = out / "demo-data"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)

    with contextlib.ExitStack() as stack:
        print("starting servicenet …", flush=True)
        net = stack.enter_context(start_servicenet(f"sqlite:///{work / 'servicenet.db'}"))
        sims = stack.enter_context(launch(out / "receipts"))  # every device simulator; stopped on the way out
        printer = sims.printer
        devices = sims.device_settings()
        settings = Settings(
            network_url=net.url, data_dir=str(work / "kiosk"), sync_interval=2.0, orientation=args.orientation,
            reader=ReaderSettings(**devices["reader"]),
            printer=PrinterSettings(**devices["printer"]),
            sscard=SscardSettings(**devices["sscard"]),
            scanner=ScannerSettings(**devices["scanner"]),
        )
        print(f"servicenet {net.url}  ID reader {sims.sam.device_path}  printer 127.0.0.1:{printer.port}  "
              f"scanner {sims.scanner.device_path}  social security card: "
              f"{'Virtual PCD 00 00' if sims.card else sims.pcsc_error}", flush=True)
        enroll_demo_kiosk(settings, net)
        runtime = build_runtime(settings)
        stack.callback(runtime.close)

        from kiosk import app as kiosk_app
        from kiosk.qt import QGuiApplication

        kiosk_app.prepare_environment()
        qapp = QGuiApplication(sys.argv[:1])
        kiosk = open_kiosk(runtime, args.orientation, stack)
        kiosk.show()
        if interactive:
            print("the kiosk window is open; the sample ID card is on the reader. Close the window to stop.")
            print(f"web login (网上办事): after a case at the kiosk, open {net.url}/web/login, type the card's name "
                  f"and ID number and the phone given on the case; the SMS code arrives at "
                  f"{net.url}/sandbox/sms/inbox?phone=<that phone>", flush=True)
            return int(qapp.exec())
        return walkthrough(kiosk, runtime, net, printer, out / "screens" / args.orientation)


def open_kiosk(runtime: Runtime, orientation: str, stack: contextlib.ExitStack) -> KioskApp:
    """The kiosk on `runtime` as kiosk.boot runs it: cyclic garbage collected on the GUI thread only
    (kiosk/collector.py; left automatic, a worker's allocation deleted QObjects on the worker). Closed by `stack`."""
    from kiosk.app import KioskApp
    from kiosk.camera import FileCamera
    from kiosk.collector import GuiCollector

    collector = GuiCollector()
    collector.start()
    stack.callback(collector.stop)
    kiosk = KioskApp(runtime.services, orientation=orientation, camera=FileCamera(), scanner=runtime.scanner)
    stack.callback(kiosk.close)
    return kiosk


def enroll_demo_kiosk(settings: Settings, net: ServicenetProcess) -> None:
    """What a technician does on a new kiosk: a one-time code from servicenet, a fresh device key, enroll."""
    from sync.crypto import DeviceKey, enroll

    key = DeviceKey.generate()
    key_path = Path(settings.data_dir) / "keys" / "device.pem"
    key.save(key_path)
    settings.apply_enrollment(net.url, enroll(net.url, net.enrollment_code(settings.region), key,
                                              hall_name=settings.hall_name), str(key_path))


def office(net: ServicenetProcess, *args: str) -> None:
    """A clerk's step in the back office (`servicenet office …`, the real CLI)."""
    done = subprocess.run([sys.executable, "-m", "servicenet", "office", *args, "--db", net.db_url],
                          capture_output=True, text=True, timeout=60)
    if done.returncode != 0:
        raise RuntimeError(f"servicenet office {args[0]} failed: {done.stderr.strip()}")


def web_login(net: ServicenetProcess, code: str) -> None:
    """The same resident on the web channel: an SMS code to the phone she gave at the kiosk (read from the sandbox
    SMS gateway's inbox, as her phone would show it), then her cases list the kiosk's case."""
    from drivers.sim.sam_reader import SimIdCard

    card, phone, web = SimIdCard.sample(), FORM["phone"], requests.Session()
    who = {"name": card.name, "id_number": card.id_number, "phone": phone, "next": "/web/cases"}
    def phone_shows() -> list[str]:
        return [m["text"] for m in requests.get(f"{net.url}/sandbox/sms/messages", params={"phone": phone},
                                                timeout=5).json()["messages"]]

    print(f"web login: {net.url}/web/login as {card.name}, code by SMS to {phone}", flush=True)
    before = len(phone_shows())
    sent = web.post(f"{net.url}/web/login", data={**who, "action": "send"}, timeout=10)
    if "验证码已发送" not in sent.text:
        raise RuntimeError("the web login sent no SMS code")
    deadline, found = time.monotonic() + 15, None
    while found is None:
        shown = phone_shows()  # newest first
        found = next((m for t in shown[:len(shown) - before] if (m := re.search(r"验证码(\d{6})", t))), None)
        if found is None and time.monotonic() > deadline:
            raise RuntimeError("no SMS code reached the sandbox inbox")
        time.sleep(0.2)
    print(f"  SMS ({net.url}/sandbox/sms/inbox?phone={phone}): {found.string}", flush=True)
    otp = found.group(1)
    mine = web.post(f"{net.url}/web/login", data={**who, "action": "sms", "code": otp}, timeout=10)
    if not mine.url.endswith("/web/cases") or code not in mine.text.replace(" ", ""):
        raise RuntimeError("the web login did not reach the resident's cases")
    print(f"  signed in by SMS: {net.url}/web/cases lists {code}", flush=True)


def walkthrough(kiosk: KioskApp, runtime: Runtime, net: ServicenetProcess, printer: EscposEmulator, shots: Path) -> int:
    from kiosk.walkthrough import Walk, wait_until

    shutil.rmtree(shots, ignore_errors=True)
    walk = Walk(kiosk, shots)
    walk.phone = lambda no: requests.post(f"{net.url}/sandbox/payments/{no}/confirm", timeout=5)  # pays the QR
    code = walk.apply("个人办事", "sfz", "居民身份证换领", FORM)
    print(f"submitted: registration code {code}", flush=True)
    wait_until(lambda: runtime.services.cases.get(code).sync_state.value == "accepted", timeout=30,
               what="the case to reach servicenet")
    print("synced to servicenet", flush=True)
    office(net, "accept", code, "--note", "材料齐全，予以受理")
    office(net, "start", code)
    runtime.engine.wake()
    time.sleep(0.5)
    walk.track(code)
    wait_until(lambda: kiosk.vm.track.status == "in_progress", timeout=20, what="办理中 on the track screen")
    walk.shot("track-in-progress")
    web_login(net, code)
    printer.wait_idle()
    print("screens:")
    for path in walk.saved:
        print(f"  {path}")
    print("receipts:")
    for receipt in printer.receipts:
        print(f"  {receipt['png']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
