"""Technician mode, first run: a blank kiosk becomes enrolled, its devices tested and its settings saved.

No Qt here: each step is a blocking call that the provisioning view-model runs off the GUI thread. The devices
are opened through `open_devices` (kiosk.wiring.build_devices in the running kiosk), passed in by the
composition root, so this module never imports it.
"""
from __future__ import annotations

import os
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from domain import kiosksettings as config
from drivers.base import CardReader, Note, ReceiptPrinter, Scanner, UserFacingError
from drivers.detect import PRINTER_BAUDS, Detection, Found, detect
from kiosk.config import Settings
from kiosk.staff import hardware

if TYPE_CHECKING:
    from drivers.face.matcher import FaceMatcher

Progress = Callable[[str, str], None]  # (source, detail): where the device search is


class DeviceSet(Protocol):
    """The devices a provisioning step opens and closes again (kiosk.wiring.Devices)."""

    reader: CardReader
    printer: ReceiptPrinter
    scanner: Scanner | None

    def close(self) -> None: ...


# how a camera test ended (CameraLook.outcome)
NO_CAMERA, CAMERA_FAILED, MODEL_FAILED, NO_FACE, FACE_SEEN = "no_camera", "camera_failed", "model_failed", "no_face", \
    "face"


@dataclass(frozen=True)
class CameraLook:
    """A camera test: the outcome, the faces seen, the driver's message for the resident-facing words
    (drivers.base.message, "" when none) and technical words for the checklist."""

    outcome: str
    faces: int = 0
    message: str = ""
    detail: str = ""


# the codes of the checklist's Notes (kiosk/viewmodels/notes.py words them); the values each takes after it
NOT_CONFIGURED = "not_configured"  # the optional device is off
FACES = "faces"  # n: the camera test saw n faces
FACES_LOADED = "faces_loaded"  # n, seconds: … and the face model took that long to load
DRIVER_SAID = "driver_said"  # message (drivers.base.message), detail: a driver refused
ENROLL_REFUSED = "enroll_refused"  # the network's reason: the network refused the code or the key
UNREACHABLE = "unreachable"  # error text: the network did not answer
BAD_URL = "bad_url"  # the network URL is no http(s) URL
NO_SETTINGS_FILE = "no_settings_file"  # the kiosk was started without --config: nothing to save to
FAILED = "failed"  # type: text, anything else


def failed(exc: BaseException) -> Note:
    """How a step failed, in a Note (the English names the exception's type, for the log)."""
    from domain.signing import EnrollmentRefused  # here: what the enrollment raises (it loads crypto and HTTP)

    text = f"{type(exc).__name__}: {exc}"
    if isinstance(exc, UserFacingError):
        return Note(text, DRIVER_SAID, exc.message, exc.detail)
    if exc.args and isinstance(exc.args[0], Note):
        return exc.args[0]
    if isinstance(exc, EnrollmentRefused):
        return Note(text, ENROLL_REFUSED, str(exc))
    if isinstance(exc, ConnectionError):
        return Note(text, UNREACHABLE, str(exc))
    return Note(text, FAILED, text)


@dataclass
class CheckItem:
    key: str  # network, card, printer, scanner, camera, saved
    ok: bool | None = None  # None: not tried yet
    detail: str = ""  # technical words for the technician (no personal data): a Note or an id, a path
    required: bool = True


class Provisioner:
    """Blank kiosk → enrolled, devices tested, settings saved: each step a blocking call (run it off the GUI
    thread). `draft` is the settings being built."""

    def __init__(self, draft: Settings, config_path: str | None, open_devices: Callable[[Settings], DeviceSet], *,
                 clock: Callable[[], datetime] | None = None, enroll: Callable[..., Any] | None = None,
                 find: Callable[[Settings, Progress | None], Detection] | None = None,
                 matcher: FaceMatcher | None = None) -> None:
        self.draft = draft
        self.config_path = config_path
        self.clock = clock or (lambda: datetime.now().astimezone())
        self._enroll = enroll
        self._open_devices = open_devices
        self.find = find or find_plugged_in
        self.detection: Detection | None = None
        self.matcher = matcher  # the face model, loaded by the first camera test (then kept: it takes seconds)
        self.checks = {k: CheckItem(k, required=k not in hardware.OPTIONAL)
                       for k in ("network", "card", "printer", "scanner", "camera", "saved")}
        if getattr(draft, "enrolled", False):
            self.checks["network"] = CheckItem("network", True, draft.device_id)

    # -- steps
    def enroll(self, network_url: str, code: str) -> str:
        """Generate the key pair, enroll it with the one-time code; returns the device id."""
        from sync import crypto

        url = network_url.strip().rstrip("/")
        if not url.startswith(("http://", "https://")):
            raise ValueError(Note("the network URL starts with http:// or https://", BAD_URL))
        key = crypto.DeviceKey.generate()
        enroll = self._enroll or crypto.enroll
        session = None
        if self.draft.tls_ca_bundle:
            import requests

            session = requests.Session()
            session.verify = self.draft.tls_ca_bundle
        try:
            got = enroll(url, code, key, hall_name=self.draft.hall_name, session=session)
        except Exception as exc:
            self.checks["network"] = CheckItem("network", False, failed(exc))
            raise
        # a file of this enrollment's own: the settings file names the key of the device it names, also when a
        # re-enrollment is left unsaved (the saved kiosk keeps signing as itself)
        key_path = Path(self.draft.data_dir).resolve() / "keys" / f"device-{got.device_id}.pem"
        key.save(key_path)
        self.draft.apply_enrollment(url, got, str(key_path))
        self.checks["network"] = CheckItem("network", True, got.device_id)
        return str(got.device_id)

    def find_devices(self, progress: Progress | None = None) -> Detection:
        """Look at what is plugged in (seconds: serial ports are asked what they are)."""
        self.detection = self.find(self.draft, progress)
        return self.detection

    def use(self, found: Found) -> None:
        """Put a found or typed device into the draft; its test must be done again."""
        hardware.apply(self.draft, found)
        key = hardware.CHECK_OF[found.role]
        if key:
            self.checks[key] = CheckItem(key, required=key not in hardware.OPTIONAL)

    def _try(self, key: str, step: Callable[[DeviceSet], str], *, required: bool = True) -> str:
        """Open the devices, run one test on them, close them; the check records how it went."""
        devices = self._open_devices(self.draft)
        try:
            detail = step(devices)
        except Exception as exc:
            self.checks[key] = CheckItem(key, False, failed(exc), required=required)
            raise
        finally:
            devices.close()
        self.checks[key] = CheckItem(key, True, detail, required=required)
        return detail

    def test_card(self, timeout: float = 10.0) -> str:
        """Read a card; returns the masked name (what a technician may see)."""
        return self._try("card", lambda devices: str(devices.reader.read_person(timeout).masked_name))

    def test_print(self) -> str:
        """A test page with a QR (the track URL of a test code)."""
        from domain import regcode as codes
        from domain.models import Receipt

        now = self.clock()
        code = codes.make(self.draft.region, self.draft.device_number, now.date(), 9999)
        receipt = Receipt(code=code, service_name="打印测试 / printer test", applicant_masked_name="测*",
                          applicant_masked_id="", submitted_at=now, time_limit_days=0, department=self.draft.hall_name,
                          track_url=f"{self.draft.track_url.rstrip('/')}/{code}", hall_name=self.draft.hall_name,
                          notice="测试页，无需办理 / test page, no case")

        def print_page(devices: DeviceSet) -> str:
            devices.printer.print_receipt(receipt)
            return receipt.track_url

        return self._try("printer", print_page)

    def test_scan(self, timeout: float = 15.0) -> str:
        """Wait for one scan; returns what was read ("not configured": the scanner is optional)."""

        def scan(devices: DeviceSet) -> str:
            if devices.scanner is None:
                return Note("not configured", NOT_CONFIGURED)
            got = devices.scanner.next_scan(timeout)
            return str(getattr(got, "text", "") or getattr(got, "code", ""))

        return self._try("scanner", scan, required=False)

    def test_camera(self, progress: Callable[[str], None] | None = None, timeout: float = 5.0) -> CameraLook:
        """One picture through the draft's camera and whether a face is in it (drivers.face.look: the model loads
        first, progress(phase) before each phase). The picture is not kept. Never raises: the outcome says."""
        from drivers.face import MODEL, look
        from drivers.face.camera import open_camera
        from drivers.face.matcher import FaceMatcher

        face = self.draft.face
        camera = open_camera(face.kind, face.device, face.images)
        if camera is None:
            self.checks["camera"] = CheckItem("camera", required=False)
            return CameraLook(NO_CAMERA)
        phase = [MODEL]

        def say(now: str) -> None:
            phase[0] = now
            if progress:
                progress(now)

        if self.matcher is None:
            self.matcher = FaceMatcher(face.threshold)
        try:
            faces, loaded = look(camera, self.matcher, say, timeout)
        except Exception as exc:  # the model (a missing weight file) or the camera (unplugged, no picture)
            told = isinstance(exc, UserFacingError)  # its message is in the words; the checklist keeps the detail
            got = CameraLook(MODEL_FAILED if phase[0] == MODEL else CAMERA_FAILED,
                             message=exc.message if told else "",
                             detail=Note(exc.detail or exc.message, DRIVER_SAID, exc.message, exc.detail) if told
                             else failed(exc))
        else:
            seconds = f"{loaded:.1f}"
            got = CameraLook(FACE_SEEN if faces else NO_FACE, faces, detail=Note(
                f"{faces} face(s), model loaded in {seconds} s", FACES_LOADED, faces, seconds) if loaded >= 0.1
                else Note(f"{faces} face(s)", FACES, faces))
        finally:
            camera.close()
        self.checks["camera"] = CheckItem("camera", got.outcome == FACE_SEEN, got.detail, required=False)
        return got

    def save(self) -> str:
        """Validate and write the settings (0600: they hold the person key and PIN hashes)."""
        if not self.config_path:
            raise ValueError(Note("no settings file to write (start the kiosk with --config)", NO_SETTINGS_FILE))
        settings = self.draft.validate()
        text = config.dump(settings)
        config._build(config.Settings, tomllib.loads(text), "").validate()  # what load() will see
        target = Path(self.config_path)
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            os.write(fd, text.encode("utf-8"))
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, target)
        self.checks["saved"] = CheckItem("saved", True, str(target))
        return str(target)

    @property
    def ready(self) -> bool:
        return all(c.ok for c in self.checks.values() if c.required)


def find_plugged_in(draft: Settings, progress: Progress | None) -> Detection:
    """drivers.detect at the draft's own printer speed first and its CUPS server. The serial ports the draft
    already uses are asked whatever their identity (the kiosk opens them anyway); others only behind a known
    USB serial bridge, so a modem or a UPS on another port gets no byte."""
    bauds = tuple(dict.fromkeys((draft.printer.baudrate, *PRINTER_BAUDS)))
    return detect(extra_ports=configured_ports(draft), printer_bauds=bauds, cups_server=draft.a4.server,
                  progress=progress)


def configured_ports(draft: Settings) -> list[str]:
    """The serial ports the settings have a device on."""
    used = [(draft.printer.kind == "serial", draft.printer.device), (draft.reader.kind == "sam", draft.reader.port),
            (draft.scanner.kind == "serial", draft.scanner.port)]
    return [path for on, path in used if on and path]


def redacted_toml(settings: Settings) -> str:
    """The settings as TOML with every secret blanked (for the diagnostics bundle)."""
    staff = replace(settings.staff, pin_hash="***" if settings.staff.pin_hash else "",
                    technician_pin_hash="***" if settings.staff.technician_pin_hash else "",
                    cards="***" if settings.staff.cards else "")
    return config.dump(replace(settings, person_key="***", staff=staff))
