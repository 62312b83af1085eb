"""A blank kiosk is provisioned by the technician's wizard against a real servicenet and the simulators
(drivers/sim/launch.py): a used code refused, then enroll; the wizard finds the devices (the SAM reader's pty,
the receipt printer on a serial line - the emulator behind a pty -, the scanner's pty, and a USB printer through
the pyusb backend of tests/helpers/usb_printer.py) and the technician picks them; read a card, print a test page
with a QR, scan it, save the TOML, "ready". The pictures go to out/screens/provision/."""
from __future__ import annotations

import threading
from pathlib import Path

import pytest

from drivers.detect import detect
from drivers.sim.launch import launch
from drivers.sim.pty_bridge import PtyBridge
from kiosk import app as kiosk_app
from kiosk import config
from kiosk.config import PrinterSettings, Settings
from kiosk.walkthrough import Walk, wait_until
from kiosk.wiring import build_runtime
from servicenet.process import start_servicenet
from sync.crypto import DeviceKey, enroll
from tests.helpers.enroll import enrollment_code
from tests.helpers.usb_printer import UsbPrinterBackend

SHOTS = Path(__file__).resolve().parents[2] / "out" / "screens" / "provision"


@pytest.mark.e2e
def test_a_blank_kiosk_is_provisioned_to_ready(qapp, tmp_path: Path) -> None:
    cfg = tmp_path / "etc" / "kiosk.toml"
    with start_servicenet(f"sqlite:///{tmp_path / 'servicenet.db'}") as net, \
            launch(tmp_path / "receipts", pcsc=False) as sims, \
            PtyBridge(sims.printer.host, sims.printer.port) as printer_line, \
            UsbPrinterBackend(sims.printer.host, sims.printer.port) as usb:
        used = enrollment_code(net.db_url, "440118")
        enroll(net.url, used, DeviceKey.generate())  # another kiosk took this one
        fresh = enrollment_code(net.db_url, "440118")
        devices = sims.device_settings()
        blank = Settings(data_dir=str(tmp_path / "kiosk"), network_url="http://servicenet.example:8600",
                         orientation="landscape", printer=PrinterSettings(timeout=2.0))  # devices as shipped
        assert not cfg.exists() and not blank.enrolled
        runtime = build_runtime(blank, start_engine=False, config_path=str(cfg), first_run=True)
        ports = [sims.sam.device_path, printer_line.device_path, sims.scanner.device_path]
        runtime.services.staff.provision.find = lambda draft, progress: detect(
            extra_ports=ports, usb_backend=usb, cups_server="127.0.0.1:1", progress=progress)
        kiosk = kiosk_app.KioskApp(runtime.services, orientation="landscape", card_timeout_s=3.0)
        try:
            kiosk.show()
            walk = Walk(kiosk, SHOTS)
            vm, wizard = kiosk.vm, kiosk.vm.provision
            vm.goHome()  # a blank kiosk has nothing for residents: home leads to the wizard
            wait_until(lambda: vm.screen == "provision", what="the wizard")
            assert wizard.step == "network"
            walk.shot("wizard-start")

            wizard.enroll(net.url, used)
            wait_until(lambda: wizard.working == "", what="the enrollment to be refused")
            assert "already used" in wizard.error and wizard.step == "network" and not wizard.enrolled
            walk.shot("wizard-code-refused")

            wizard.enroll(net.url, fresh)
            wait_until(lambda: wizard.step == "hardware", what="the enrollment")
            assert wizard.enrolled and wizard.deviceId == "440118-002"
            hw = wizard.hardware
            wait_until(lambda: hw.searched and not hw.working, timeout=30, what="the device search")
            walk.shot("wizard-devices-found")
            roles = {r["key"]: r for r in hw.roles}
            names = {k: [o["name"] for o in r["options"]] for k, r in roles.items()}
            assert any("0416:5011" in n for n in names["printer"]), names  # the USB printer is offered
            hw.choose("reader", [o["name"] for o in roles["reader"]["options"]].index(sims.sam.device_path))
            hw.choose("printer", names["printer"].index(printer_line.device_path))
            hw.choose("scanner", names["scanner"].index(sims.scanner.device_path))
            walk.shot("wizard-devices-chosen")
            wizard.goTo(2)
            assert wizard.step == "devices" and printer_line.device_path in wizard.devicesText

            wizard.testCard()
            wait_until(lambda: wizard.working == "", timeout=20, what="the card test")
            wizard.testPrint()
            wait_until(lambda: wizard.working == "", timeout=20, what="the test print")
            printed = sims.printer.wait_for_receipts(1)
            assert "测试页" in printed[0]["text"]
            wizard.testScan()
            threading.Timer(1.0, lambda: sims.scanner.scan(f"{net.url}/track/44011800226112699998")).start()
            wait_until(lambda: wizard.working == "", timeout=20, what="the scan test")
            checks = {c["key"]: c for c in wizard.checks}
            assert checks["card"]["state"] == "ok" and "*" in checks["card"]["detail"]
            assert checks["printer"]["state"] == "ok" and checks["scanner"]["state"] == "ok", checks
            walk.shot("wizard-devices-tested")

            wizard.goTo(3)
            wizard.save()
            wait_until(lambda: wizard.step == "ready", what="the settings to be saved")
            assert wizard.ready
            walk.shot("wizard-ready")
        finally:
            kiosk.close()
            runtime.close()
    saved = config.load(cfg)  # the one schema: what the wizard wrote loads and validates
    assert saved.enrolled and saved.device_id == "440118-002" and saved.network_url == net.url
    assert saved.reader.port == devices["reader"]["port"] and saved.scanner.kind == "serial"
    assert (saved.printer.kind, saved.printer.device) == ("serial", printer_line.device_path)
    assert DeviceKey.load(saved.device_key).public_b64
    assert oct(cfg.stat().st_mode & 0o777) == "0o600"
