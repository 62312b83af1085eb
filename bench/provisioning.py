"""Technician time: a blank kiosk to "ready" through the provisioning steps, against the bare enroll request.

value     kiosk.staff.provisioning.Provisioner from blank settings, each step as the wizard runs it: find what
          is plugged in (drivers.detect: the ptys of the receipt printer and the scanner asked what they are,
          named as a technician names a port; this machine's own ports listed untouched -, pyusb, evdev,
          pcscd, lpstat), pick the printer, the scanner and the social security card reader from what was
          found, enroll with a one-time code on the
          real servicenet (a fresh Ed25519 key, POST /v1/devices/enroll over HTTP on 127.0.0.1), read the card on
          the real pcscd + vpcd, print the test page on the ESC/POS emulator over a pty (python-escpos Serial),
          wait for a scan from the scanner's pty, write the settings file. Devices are opened for each test and
          closed again, as in the wizard. The person's own time (walking to the kiosk, laying the card down,
          holding the page under the scanner) is not in it: the simulators answer at once.
baseline  the bare enroll request: sync.crypto.enroll with a key made beforehand and a fresh code, on the same
          servicenet in the same run - the one network round trip provisioning cannot do without.
The ratio says how many enroll requests' worth of machine time the whole path costs; `steps_ms` gives the
median of each step. The one-time codes come from the real `servicenet enrollment-code` CLI before the clock
starts (a technician receives the code from the network's administrator beforehand).
"""
from __future__ import annotations

import statistics
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from drivers.detect import detect
from drivers.sim.launch import launch
from drivers.sim.pty_bridge import PtyBridge
from kiosk.config import Settings
from kiosk.staff import hardware
from kiosk.staff.provisioning import Provisioner
from kiosk.wiring import build_devices
from servicenet.process import start_servicenet
from sync.crypto import DeviceKey, enroll

REGION = "440118"


def _pick(p: Provisioner, role: str, settings_key: str, value: str) -> None:
    assert p.detection is not None
    found = [f for f in p.detection.for_role(role) if f.settings.get(settings_key) == value]
    if not found:
        raise RuntimeError(f"the search did not find the {role} at {value}: {p.detection}")
    p.use(found[0])


def _scan_until(scanner: Any, text: str, stop: threading.Event) -> None:
    """The technician holds the printed page under the scanner until the kiosk has read it."""
    while not stop.wait(0.05):
        scanner.scan(text)


def _provision(folder: Path, url: str, code: str, sims: Any, printer_line: PtyBridge) -> dict[str, float]:
    steps: dict[str, float] = {}
    draft = Settings(data_dir=str(folder / "kiosk"), region=REGION)  # a blank kiosk: the devices as shipped
    ports = [printer_line.device_path, sims.scanner.device_path]
    p = Provisioner(draft, str(folder / "etc" / "kiosk.toml"), build_devices,
                    find=lambda d, progress: detect(extra_ports=ports, cups_server="127.0.0.1:1", progress=progress))

    def step(name: str, fn: Any) -> Any:
        t0 = time.perf_counter()
        got = fn()
        steps[name] = time.perf_counter() - t0
        return got

    step("find", p.find_devices)

    def pick() -> None:
        _pick(p, "printer", "device", printer_line.device_path)
        _pick(p, "scanner", "port", sims.scanner.device_path)
        _pick(p, "sscard", "kind", "pcsc")
        p.use(hardware.entry("reader", "none", p.draft))  # this kiosk reads social security cards only

    step("pick", pick)
    step("enroll", lambda: p.enroll(url, code))
    step("card", lambda: p.test_card(10.0))
    printed = step("print", p.test_print)
    stop = threading.Event()
    holder = threading.Thread(target=_scan_until, args=(sims.scanner, printed, stop), daemon=True)
    holder.start()
    try:
        got = step("scan", lambda: p.test_scan(10.0))
    finally:
        stop.set()
        holder.join(5)
    if got != printed:
        raise RuntimeError(f"the scan test read {got!r}, the page's QR is {printed!r}")
    step("save", p.save)
    if not p.ready:
        raise RuntimeError(f"not ready after provisioning: {p.checks}")
    steps["total"] = sum(steps.values())
    return steps


def run(quick: bool = False) -> dict[str, dict[str, object]]:
    n = 1 if quick else 5
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        with start_servicenet(f"sqlite:///{root / 'servicenet.db'}") as net, \
                launch(root / "receipts", pcsc=True) as sims, \
                PtyBridge(sims.printer.host, sims.printer.port) as printer_line:
            if sims.card is None:
                raise RuntimeError(f"the social security card needs pcscd + vpcd: {sims.pcsc_error}")
            sims.card.insert()  # on the reader before the clock starts: the technician lays it down
            codes = [net.enrollment_code(REGION) for _ in range(2 * n + 1)]
            key = DeviceKey.generate()
            enroll(net.url, codes.pop(), key)  # warm-up: servicenet's first request, imports
            paths, bare = [], []
            for i in range(n):  # interleaved, so both see the same machine
                paths.append(_provision(root / f"kiosk{i}", net.url, codes.pop(), sims, printer_line))
                t0 = time.perf_counter()
                enroll(net.url, codes.pop(), DeviceKey.generate() if i else key)
                bare.append(time.perf_counter() - t0)
            sims.printer.wait_for_receipts(n, timeout=30)
    value = statistics.median(s["total"] for s in paths) * 1000
    base = statistics.median(bare) * 1000
    return {"provisioning_blank_to_ready": {
        "value": round(value, 1), "unit": "ms", "baseline": round(base, 1),
        "baseline_name": "the bare enroll request (sync.crypto.enroll, same servicenet)",
        "ratio": round(value / base, 1), "n": n,
        "steps_ms": {k: round(statistics.median(s[k] for s in paths) * 1000, 1) for k in paths[0]},
    }}


if __name__ == "__main__":
    for name, result in run().items():
        print(name, result)
