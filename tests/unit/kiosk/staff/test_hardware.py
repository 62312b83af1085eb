"""kiosk/staff/hardware.py: a found device goes into its settings table; typed devices are canonicalised and
checked against the schema; a pick resets that device's test."""
from __future__ import annotations

import pytest

from drivers.detect import Found
from kiosk.config import Settings
from kiosk.staff import hardware
from kiosk.staff.provisioning import CheckItem, Provisioner


@pytest.mark.parametrize(("role", "text", "want"), [
    ("printer", "０４１６:５０１１", {"kind": "usb", "usb_vendor": 0x0416, "usb_product": 0x5011, "usb_serial": ""}),
    ("printer", "0416:5011:K58-1", {"kind": "usb", "usb_vendor": 0x0416, "usb_product": 0x5011, "usb_serial": "K58-1"}),
    ("printer", " /dev/ttyUSB1 ", {"kind": "serial", "device": "/dev/ttyUSB1"}),
    ("printer", "192.168.1.50:9100", {"kind": "network", "host": "192.168.1.50", "port": 9100}),
    ("printer", "none", {"kind": "none"}),
    ("reader", "/dev/ttyUSB0", {"kind": "sam", "port": "/dev/ttyUSB0"}),
    ("sscard", "*", {"kind": "pcsc", "reader": ""}),
    ("scanner", "/dev/input/by-id/usb-x-event-kbd", {"kind": "hid", "device": "/dev/input/by-id/usb-x-event-kbd"}),
    ("scanner", "/dev/ttyACM0", {"kind": "serial", "port": "/dev/ttyACM0"}),
    ("a4", "hall-a4", {"kind": "cups", "queue": "hall-a4", "server": "127.0.0.1:631"}),
    ("camera", "/dev/v4l/by-id/usb-HD_Webcam-video-index0", {"kind": "v4l2",
                                                            "device": "/dev/v4l/by-id/usb-HD_Webcam-video-index0"}),
    ("camera", "／dev／video0", {"kind": "v4l2", "device": "/dev/video0"}),
    ("camera", "none", {"kind": "none"}),
])
def test_typed_devices(role: str, text: str, want: dict[str, object]) -> None:
    assert hardware.entry(role, text, Settings()).settings == want


@pytest.mark.parametrize(("role", "text"), [
    ("reader", "COM3"), ("printer", "0000:5011"), ("printer", "printer:99999"), ("scanner", "keyboard"),
    ("a4", "打印机"), ("printer", ""), ("camera", "/dev/ttyUSB0"), ("camera", "摄像头"),
])
def test_what_cannot_be_a_device_is_refused(role: str, text: str) -> None:
    with pytest.raises(ValueError):  # EntryError, or the schema's ConfigError
        hardware.entry(role, text, Settings())


def test_a_pick_goes_into_the_draft_and_its_test_is_due_again() -> None:
    p = Provisioner(Settings(), None, lambda s: None)
    p.checks["printer"] = CheckItem("printer", True, "printed")
    p.use(Found("printer", {"kind": "usb", "usb_vendor": 0x0416, "usb_product": 0x5011, "usb_serial": ""}, "P"))
    assert p.draft.printer.kind == "usb" and p.draft.printer.usb_product == 0x5011
    assert p.draft.printer.timeout == Settings().printer.timeout  # the rest of the table kept
    assert p.checks["printer"].ok is None
    assert hardware.describe(p.draft, "printer") == "usb 0416:5011"
    assert hardware.describe(p.draft, "a4") == ""


def test_a_camera_pick_goes_into_the_face_settings_and_a_node_that_is_no_camera_cannot_be_picked() -> None:
    p = Provisioner(Settings(), None, lambda s: None)
    assert not p.checks["camera"].required  # only the items that ask for the face check need it
    p.checks["camera"] = CheckItem("camera", True, "1 face", required=False)
    p.use(Found("camera", {"kind": "v4l2", "device": "/dev/v4l/by-id/usb-cam-video-index0"}, "HD Webcam"))
    assert (p.draft.face.kind, p.draft.face.device) == ("v4l2", "/dev/v4l/by-id/usb-cam-video-index0")
    assert p.draft.face.threshold == Settings().face.threshold and p.checks["camera"].ok is None
    assert hardware.describe(p.draft, "camera") == "v4l2 /dev/v4l/by-id/usb-cam-video-index0"
    with pytest.raises(hardware.NotUsable, match="metadata"):
        p.use(Found("camera", {}, "/dev/video1", "not a camera: metadata (uvcvideo)", likely=False))
    assert p.draft.face.device == "/dev/v4l/by-id/usb-cam-video-index0"
