"""Pictures of the provisioning wizard's device steps: looking (progress), what was found, a pick, a hand-typed
device refused, a video node that is no camera refused, nothing found, then the device tests, the camera's
among them (the real face model on the simulated camera: while it loads, a face seen, none seen, a camera that
fails, no camera chosen). zh and en, normal and elderly, portrait and landscape,
checked like the resident screens (tests/unit/kiosk/gallery.py).

    python -m tests.unit.kiosk.provision_gallery [--out out/screens/gallery-provision]

The search here is a stand-in that reports progress and returns what drivers.detect finds for the simulators
(tests/integration/test_detect.py runs the real search; tests/e2e/test_provision.py shows it in the wizard).
"""
from __future__ import annotations

import os
import shutil
import sys
import tempfile
import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from domain.kiosksettings import FaceSettings
from drivers import detect
from drivers.base import Note
from drivers.detect import Detection, Found
from kiosk.app import KioskApp
from kiosk.config import Settings
from kiosk.staff.provisioning import CheckItem, Progress, Provisioner
from sync.store import Store
from tests.helpers.faces import MATCHER, NOBODY, SAME
from tests.helpers.stubs import make_services, staff_backend
from tests.unit.kiosk import gallery

OUT = gallery.OUT.parent / "gallery-provision"

FOUND = Detection([
    Found("printer", {"kind": "usb", "usb_vendor": 0x0416, "usb_product": 0x5011, "usb_serial": "K58-000123"},
          "Winbond POS-80 Printer (0416:5011)", Note("bus 1 device 5, serial K58-000123", detect.USB_AT, 1, 5, "K58-000123")),
    Found("printer", {"kind": "serial", "device": "/dev/ttyUSB1", "baudrate": 19200},
          "/dev/ttyUSB1 USB-Serial Controller", Note("DLE EOT answered at 19200 baud", detect.PRINTER_ANSWERED, 19200)),
    Found("reader", {"kind": "sam", "port": "/dev/ttyUSB0", "baudrate": 115200},
          "/dev/ttyUSB0 CP2102 USB to UART Bridge Controller", Note("SAM status frame answered", detect.SAM_ANSWERED)),
    Found("scanner", {"kind": "hid", "device": "/dev/input/by-id/usb-Honeywell_Imaging_1900g-event-kbd"},
          "Honeywell Imaging 1900g (0c2e:0b61)", "/dev/input/by-id/usb-Honeywell_Imaging_1900g-event-kbd"),
    Found("scanner", {"kind": "serial", "port": "/dev/ttyS0"}, "/dev/ttyS0", Note("no answer", detect.NO_ANSWER),
          likely=False),
    Found("sscard", {"kind": "pcsc", "reader": "Virtual PCD 00 00"}, "Virtual PCD 00 00", "PC/SC"),
    Found("a4", {"kind": "cups", "server": "127.0.0.1:631", "queue": "hall-a4"}, "hall-a4", "ipp://10.0.0.9/ipp/print"),
    Found("camera", {"kind": "v4l2", "device": "/dev/v4l/by-id/usb-HD_Webcam_200901010001-video-index0"},
          "HD Webcam: HD Webcam (/dev/v4l/by-id/usb-HD_Webcam_200901010001-video-index0)",
          "uvcvideo, usb-0000:00:14.0-2"),
    Found("camera", {}, "HD Webcam: HD Webcam (/dev/video1)",
          Note("not a camera: metadata (uvcvideo)", detect.VIDEO_METADATA, "uvcvideo"), likely=False),
])


class StandInSearch:
    """Answers at once with `answer` (the walk waits for the kiosk to be idle before each picture, so the
    "looking" picture is of the view-model's progress state, set as the search's progress signal sets it)."""

    def __init__(self) -> None:
        self.answer = FOUND

    def __call__(self, draft: Settings, progress: Progress | None) -> Detection:
        if progress:
            progress("serial", "1/1")
        return self.answer


def make_kiosk(orientation: str) -> KioskApp:
    folder = Path(tempfile.mkdtemp(prefix="provision-gallery-"))
    store = Store(folder / "kiosk.db")
    backend = staff_backend(store)
    search = StandInSearch()
    backend.provision = Provisioner(Settings(data_dir=str(folder)), None, _no_devices, find=search, matcher=MATCHER)
    kiosk = KioskApp(make_services(staff=backend), orientation=orientation, idle_timeout_s=600)
    kiosk.search = search  # type: ignore[attr-defined]  # the walk changes what the stand-in search answers
    weakref.finalize(kiosk, _remove, store, folder)  # the store and its folder go with the kiosk
    kiosk.show()
    return kiosk


def _remove(store: Store, folder: Path) -> None:
    store.close()
    shutil.rmtree(folder, ignore_errors=True)


def _no_devices(settings: Settings) -> Any:
    raise AssertionError("the pictures open no devices")


def steps(kiosk: KioskApp, ui: Any) -> Iterator[str]:
    vm, wizard = kiosk.vm, kiosk.vm.provision
    hw, search = wizard.hardware, kiosk.search  # type: ignore[attr-defined]  # set by make_kiosk
    vm.navigate("provision")
    wizard._step = 1  # the devices step, as the search would show it while it asks the serial ports
    wizard.changed.emit()
    hw._working = True
    hw.progressed.emit("serial", "2/4 /dev/ttyUSB1")
    ui.settle()
    yield "hardware-looking"
    hw._working = False
    hw.find()
    ui.qtbot.waitUntil(lambda: hw.searched and not hw.working)
    yield "hardware-found"
    hw.choose("printer", 0)
    hw.choose("scanner", 0)
    hw.choose("reader", 0)
    hw.choose("camera", 0)
    yield "hardware-chosen"
    hw.enter("reader", "COM3")  # a Windows name: refused, saying what it takes
    yield "hardware-entry-refused"
    hw.choose("camera", 1)  # a camera's metadata node: listed, refused with why
    ui.settle()
    ui.reveal("hardwareOption_camera_1")
    yield "hardware-camera-refused"
    search.answer = Detection([], [Note("pcsc: EstablishContextException: pcscd is not running", detect.SOURCE_FAILED,
                                        "pcsc", "EstablishContextException: pcscd is not running")])
    hw.find()
    ui.qtbot.waitUntil(lambda: not hw.working)
    yield "hardware-nothing"
    hw.enter("printer", "/dev/ttyUSB1")
    draft = wizard.provisioner.draft  # enrolled, as a kiosk is by the devices step (the pictures enroll nowhere)
    draft.device_key, draft.network_public_key = str(Path(draft.data_dir) / "keys" / "device.pem"), "(the network's)"
    wizard.provisioner.checks["network"] = CheckItem("network", True, draft.device_id)
    wizard.goTo(2)
    yield "devices"
    yield from camera_steps(kiosk, ui)


def camera_steps(kiosk: KioskApp, ui: Any) -> Iterator[str]:
    wizard = kiosk.vm.provision
    draft, camera = wizard.provisioner.draft, wizard.camera
    wizard._working = "camera"  # as the test shows itself while the face model loads
    camera.start()
    wizard.changed.emit()
    ui.settle()
    yield "camera-loading"
    camera.finish(None)
    wizard._working = ""
    for name, face in (("camera-face", FaceSettings(kind="sim", images=str(SAME[0]))),
                       ("camera-no-face", FaceSettings(kind="sim", images=str(NOBODY))),
                       ("camera-failed", FaceSettings(kind="v4l2", device="/dev/video0")),  # none here
                       ("camera-none", FaceSettings())):
        draft.face = face
        wizard.testCamera()
        ui.qtbot.waitUntil(lambda: not wizard.working, timeout=30000)
        ui.reveal("provisionCameraResult")
        yield name


def main(argv: list[str] | None = None) -> int:
    return gallery.main(argv, out=OUT, prog="provision_gallery", description=__doc__, make=make_kiosk, stops=steps)


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    os._exit(code)  # skip PySide's teardown at interpreter exit (it can crash after the app is gone)
