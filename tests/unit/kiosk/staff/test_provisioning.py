"""kiosk/staff/provisioning.py: each device test opens the devices through the injected opener, records its
check and closes them again, also when the test fails; the camera test says whether the chosen camera's picture
shows a face, or why not; and nothing in kiosk/staff/ imports the composition root."""
from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pytest

import kiosk.staff
from domain.kiosksettings import FaceSettings, PrinterSettings, ReaderSettings, ScannerSettings
from drivers.base import CAMERA_NO_PICTURE, CAMERA_NOT_CONNECTED, CardReader, NoCard, ReceiptPrinter, Scanner
from drivers.sim.escpos_emulator import EscposEmulator
from drivers.sim.pty_bridge import PtyBridge
from kiosk.config import Settings
from kiosk.staff.provisioning import (
    CAMERA_FAILED,
    FACE_SEEN,
    MODEL_FAILED,
    NO_CAMERA,
    NO_FACE,
    CameraLook,
    Provisioner,
    configured_ports,
    find_plugged_in,
)
from tests.helpers.faces import NOBODY, SAME
from tests.helpers.stubs import PERSON, FakePrinter, FakeReader


@dataclass
class Devices:
    reader: CardReader
    printer: ReceiptPrinter
    scanner: Scanner | None = None
    closed: list[bool] = field(default_factory=list)

    def close(self) -> None:
        self.closed.append(True)


def test_each_device_test_opens_records_and_closes() -> None:
    opened: list[Devices] = []

    def open_devices(settings: Settings) -> Devices:
        opened.append(Devices(FakeReader(PERSON), FakePrinter()))
        return opened[-1]

    p = Provisioner(Settings(), None, open_devices)
    assert p.test_card(1.0) == PERSON.masked_name and p.checks["card"].ok
    url = p.test_print()
    printed = opened[1].printer.printed
    assert p.checks["printer"].ok and len(printed) == 1 and url == printed[0].track_url
    assert url.rsplit("/", 1)[1][-5:-1] == "9999"  # a test code (sequence 9999), never a resident's
    assert p.test_scan() == "not configured" and p.checks["scanner"].ok and not p.checks["scanner"].required
    assert len(opened) == 3 and all(d.closed == [True] for d in opened)
    assert not p.ready  # not enrolled, not saved


def test_a_failed_test_is_recorded_and_the_devices_are_closed() -> None:
    devices = Devices(FakeReader(None), FakePrinter())
    p = Provisioner(Settings(), None, lambda settings: devices)
    with pytest.raises(NoCard):
        p.test_card(0.1)
    assert p.checks["card"].ok is False and "NoCard" in p.checks["card"].detail and devices.closed == [True]


def test_staff_mode_never_imports_the_composition_root() -> None:
    for path in Path(kiosk.staff.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            assert not any(n.startswith(("kiosk.wiring", "kiosk.boot")) for n in names), path


def test_the_settings_own_serial_ports_are_asked_whatever_they_are() -> None:
    draft = Settings(printer=PrinterSettings(kind="serial", device="/dev/ttyUSB3"),
                     reader=ReaderSettings(kind="sam", port="/dev/ttyUSB0"),
                     scanner=ScannerSettings(kind="hid", port="/dev/ttyACM0"))
    assert configured_ports(draft) == ["/dev/ttyUSB3", "/dev/ttyUSB0"]  # the scanner is HID: its port is unused


def test_a_port_the_technician_enters_is_asked_at_the_next_search(tmp_path: Path) -> None:
    with EscposEmulator(tmp_path / "r") as emu, PtyBridge("127.0.0.1", emu.port) as line:
        draft = Settings(reader=ReaderSettings(kind="none"))
        first = find_plugged_in(draft, None)  # a pty has no USB identity: not even listed unless named
        assert line.device_path not in [f.settings.get("device") for f in first.for_role("printer")]
        draft.printer = PrinterSettings(kind="serial", device=line.device_path)  # entered by hand
        again = find_plugged_in(draft, None)
    assert {"kind": "serial", "device": line.device_path, "baudrate": 19200} in [
        f.settings for f in again.for_role("printer")]


# -- the camera test: the real face model (dlib) on the simulated camera (this machine has no /dev/video device)

def camera_test(tmp_path: Path, face: FaceSettings) -> tuple[Provisioner, CameraLook, list[str]]:
    from tests.helpers.faces import MATCHER

    p = Provisioner(Settings(data_dir=str(tmp_path), face=face), None, lambda s: None, matcher=MATCHER)
    phases: list[str] = []
    return p, p.test_camera(phases.append, timeout=0.5), phases


def test_the_camera_test_takes_one_picture_and_finds_the_face_in_it(tmp_path: Path) -> None:
    p, got, phases = camera_test(tmp_path, FaceSettings(kind="sim", images=str(SAME[0])))
    assert (got.outcome, got.faces) == (FACE_SEEN, 1) and phases == ["model", "picture", "looking"]
    assert p.checks["camera"].ok and p.checks["camera"].detail.startswith("1 face(s)")
    assert not p.checks["camera"].required and p.ready is False  # the camera alone makes no kiosk ready
    assert not any(isinstance(v, np.ndarray) for v in vars(p).values())  # the picture is not kept


def test_a_picture_without_a_face_says_so(tmp_path: Path) -> None:
    p, got, _ = camera_test(tmp_path, FaceSettings(kind="sim", images=str(NOBODY)))
    assert (got.outcome, got.faces) == (NO_FACE, 0) and p.checks["camera"].ok is False


def test_no_camera_chosen_is_said_without_a_model_or_a_picture(tmp_path: Path) -> None:
    p, got, phases = camera_test(tmp_path, FaceSettings(kind="none"))
    assert got.outcome == NO_CAMERA and phases == [] and p.checks["camera"].ok is None


@pytest.mark.parametrize(("face", "message", "detail"), [
    (FaceSettings(kind="v4l2", device="/dev/video7"), CAMERA_NOT_CONNECTED, "/dev/video7"),  # no such device here
    (FaceSettings(kind="sim", images=""), CAMERA_NO_PICTURE, "the simulated camera has no image"),
])
def test_a_camera_that_fails_says_why(tmp_path: Path, face: FaceSettings, message: str, detail: str) -> None:
    p, got, phases = camera_test(tmp_path, face)
    assert got.outcome == CAMERA_FAILED and got.message == message and phases == ["model", "picture"]
    assert p.checks["camera"].ok is False and p.checks["camera"].detail == detail


def test_a_model_that_cannot_be_loaded_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from drivers.face import matcher

    monkeypatch.setattr(matcher, "weights", lambda name: tmp_path / "missing" / name)  # a broken installation
    p = Provisioner(Settings(data_dir=str(tmp_path), face=FaceSettings(kind="sim", images=str(SAME[0]))), None,
                    lambda s: None)
    got = p.test_camera()
    assert got.outcome == MODEL_FAILED and got.message == "" and p.checks["camera"].ok is False


def test_enrolling_again_without_saving_leaves_the_saved_kiosk_signing_as_itself(tmp_path: Path) -> None:
    """A technician re-enrolls an enrolled kiosk (a move to another hall) and leaves before saving: the settings
    file still names the first device id, so the key file it names must still be that device's key."""
    from sqlalchemy import create_engine

    from domain import kiosksettings
    from servicenet.enroll import get_device
    from sync.crypto import DeviceKey
    from tests.helpers.enroll import enrollment_code
    from tests.helpers.servicenet_proc import running_servicenet

    cfg = tmp_path / "kiosk.toml"
    with running_servicenet(tmp_path / "net.db") as net:
        first = Provisioner(Settings(data_dir=str(tmp_path / "data")), str(cfg), lambda s: Devices(FakeReader(PERSON),
                                                                                                  FakePrinter()))
        first.enroll(net.url, enrollment_code(net.db_url, "440105"))
        first.save()
        saved = kiosksettings.load(cfg)
        again = Provisioner(kiosksettings.load(cfg), str(cfg), lambda s: Devices(FakeReader(PERSON), FakePrinter()))
        other = again.enroll(net.url, enrollment_code(net.db_url, "440106"))
        assert other != saved.device_id  # not saved: the technician left
        on_disk = kiosksettings.load(cfg)
        device = get_device(create_engine(net.db_url), on_disk.device_id)
        assert device is not None and DeviceKey.load(on_disk.device_key).public_raw == device.public_key
