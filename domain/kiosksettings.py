"""Kiosk settings, declared once: typed, with defaults and docs, loaded from TOML with clear errors.

Plain Python (no Qt), so the network checks a remote change with the kiosk's own schema (`remote`) before it
signs it; kiosk/config.py is the kiosk's name for this module.
"""
from __future__ import annotations

import tomllib
import unicodedata
from dataclasses import dataclass, field, fields, is_dataclass
from pathlib import Path
from typing import Any, get_type_hints

from domain import staffid


class ConfigError(ValueError):
    """The settings file is unreadable or a value is of the wrong kind; the message names the key."""


@dataclass
class ReaderSettings:
    """The resident ID card reader ([reader])."""

    kind: str = "sam"  # "sam": resident ID card reader over serial; "none": no reader
    port: str = "/dev/ttyUSB0"  # serial device of the SAM reader
    baudrate: int = 115200


@dataclass
class PrinterSettings:
    """The receipt printer ([printer])."""

    kind: str = "network"  # "network": TCP 9100; "serial": RS-232 (device); "usb": by its ids; "none": no printer
    host: str = "127.0.0.1"
    port: int = 9100
    device: str = "/dev/ttyUSB1"  # serial: the printer's serial device
    baudrate: int = 19200  # serial: as set on the printer (its self-test page shows it)
    usb_vendor: int = 0  # usb: idVendor, e.g. 0x0416 (lsusb shows vendor:product)
    usb_product: int = 0  # usb: idProduct
    usb_serial: str = ""  # usb: its serial number, only when two printers of one model are plugged in
    timeout: float = 3.0  # seconds; python-escpos's default of 60 would freeze a resident's receipt
    qr_mode: str = "native"  # "native" (GS ( k) or "raster", by printer model


@dataclass
class SscardSettings:
    """The social security card slot ([sscard])."""

    kind: str = "none"  # "pcsc": social security card (社保卡) through pcscd; "none": no card slot
    reader: str = ""  # part of the PC/SC reader's name, e.g. "Virtual PCD 00 00"; "" = any reader
    watchdog_interval: float = 2.0  # seconds between checks that pcscd and its card monitor are alive


@dataclass
class ScannerSettings:
    """The payment-code and receipt-QR scanner ([scanner])."""

    kind: str = "none"  # "serial": payment-code / receipt-QR scanner sending text + CR; "hid": a keyboard-wedge one
    port: str = "/dev/ttyACM0"  # serial
    baudrate: int = 9600  # serial
    device: str = ""  # hid: its evdev node, e.g. /dev/input/by-id/usb-XXXX-event-kbd (grabbed, read by the kiosk)


@dataclass
class A4Settings:
    """The hall's A4 printer for result documents ([a4])."""

    kind: str = "none"  # "cups": the hall's A4 printer (result documents) through CUPS over IPP; "none"
    server: str = "127.0.0.1:631"  # cupsd host:port (or its socket path)
    queue: str = ""  # the CUPS queue name of the A4 printer


@dataclass
class FaceSettings:
    """The camera of the face check (人证合一, [face]), for the service items that ask for it (face_match)."""

    kind: str = "none"  # "v4l2": a UVC camera at `device`; "sim": the files in `images`; "none": the clerk checks
    device: str = "/dev/video0"  # v4l2: the camera's video device
    images: str = ""  # sim: comma-separated image files the simulated camera serves in turn (the demo, tests)
    threshold: float = 0.5  # largest face-descriptor distance that counts as the same person (dlib: 0.6)


@dataclass
class DevicesSettings:
    """How the devices are watched ([devices])."""

    probe_interval: float = 5.0  # seconds between device status probes (hot-plug, the staff screen)


@dataclass
class StaffSettings:
    """Staff and technician sign-in, and where exports go ([staff])."""

    pin_hash: str = ""  # staff PIN as kiosk.staff.auth.hash_pin writes it (salted scrypt); "" = cards only
    pin_staff_id: str = "counter"  # the staff id recorded for a PIN login (assisted_by, the audit log)
    technician_pin_hash: str = ""  # technician PIN: re-provisioning and diagnostics on a provisioned kiosk
    cards: str = ""  # staff cards: "S001:<person hash>,S002:<person hash>" (hash of the card's ID number)
    lockout_after: int = 3  # wrong PINs in a row before the pad locks
    lockout_base_s: float = 30.0  # first lock; each further failure doubles it (at most an hour)
    export_dir: str = "/media"  # where a USB stick is mounted: CSV, exports, diagnostics bundles go there


@dataclass
class UpdateSettings:
    """Updates through the network (sync/updater.py): the release the heartbeat offers is fetched, verified and
    switched to with deploy/'s tools, at an idle moment."""

    root: str = ""  # the install root this kiosk runs from (/opt/hall-kiosk); "" = no updates through the network
    tools: str = "/opt/hall-kiosk/bin"  # update.py, fetch.py, guard.py (deploy/install.sh puts them there)
    python: str = "python3"  # runs the tools (the system's, with python3-cryptography)
    pubkey: str = "/etc/hall-kiosk/update-key.pub"  # the update key a build must be signed with
    staging: str = ""  # downloads kept between tries; "" = <data_dir>/incoming
    confirm_after: float = 60.0  # seconds a new build runs (its window up) before it is kept


@dataclass
class Settings:
    """The kiosk's settings file (kiosk.toml), its sections above."""

    network_url: str = "http://127.0.0.1:8700"  # servicenet base URL
    track_base_url: str = ""  # receipt QR prefix; defaults to network_url + "/track"
    region: str = "440105"  # 6-digit region code, part of every registration code
    device_number: int = 1  # 1..999, unique within the region
    hall_name: str = "鳌头镇便民服务中心"
    hall_url: str = ""  # the hall node (servicenet --role hall) on the hall's LAN: 取号; "" = no queue here
    data_dir: str = "var"  # where kiosk.db lives
    sync_interval: float = 5.0  # seconds between sync passes when idle
    sync_timeout: float = 10.0  # seconds a request to the network may take before it counts as lost
    retention_days: float = 7.0  # personal data leaves the kiosk this long after the network acknowledged it
    person_key: str = "hall-kiosk-dev-person-key"  # key of the person lookup hash, given at enrollment
    idle_timeout: int = 120  # seconds without a touch before the screen warns and goes home
    heartbeat_interval: float = 60.0  # seconds between heartbeats to the network (its admin view of kiosks)
    voice: str = "auto"  # spoken prompts: "auto" = the installed engine (speech-dispatcher), "none" = silent
    language: str = "zh_CN"
    orientation: str = "portrait"
    reader: ReaderSettings = field(default_factory=ReaderSettings)
    printer: PrinterSettings = field(default_factory=PrinterSettings)
    sscard: SscardSettings = field(default_factory=SscardSettings)
    scanner: ScannerSettings = field(default_factory=ScannerSettings)
    a4: A4Settings = field(default_factory=A4Settings)
    face: FaceSettings = field(default_factory=FaceSettings)
    devices: DevicesSettings = field(default_factory=DevicesSettings)
    device_key: str = ""  # the kiosk's Ed25519 private key (PEM file), written at enrollment; "" = not enrolled
    network_public_key: str = ""  # the network's X25519 key (base64) from enrollment: cases are sealed to it
    tls_ca_bundle: str = ""  # CA bundle (PEM) that signs the network's HTTPS certificate; "" = the system's
    staff: StaffSettings = field(default_factory=StaffSettings)
    settings_key: str = ""  # the network's Ed25519 key (base64) that signs remote settings, given at enrollment
    settings_version: int = 0  # the version of the network's settings this file holds (0: none yet)
    update: UpdateSettings = field(default_factory=UpdateSettings)

    def apply_enrollment(self, network_url: str, enrollment: Any, key_path: str) -> None:
        """Take what the network gave at enrollment (sync.crypto.Enrollment); the key is already saved."""
        self.network_url, self.region, self.device_number = network_url, enrollment.region, enrollment.device_number
        self.network_public_key, self.person_key = enrollment.network_public_key, enrollment.person_key
        self.settings_key = getattr(enrollment, "settings_key", "")
        self.device_key = key_path

    @property
    def enrolled(self) -> bool:
        """A provisioned kiosk: it signs its requests and seals residents' data (else: the first-run wizard)."""
        return bool(self.device_key and self.network_public_key)

    @property
    def device_id(self) -> str:
        return f"{self.region}-{self.device_number:03d}"

    @property
    def track_url(self) -> str:
        return self.track_base_url or self.network_url.rstrip("/") + "/track"

    def validate(self) -> "Settings":
        if not (len(self.region) == 6 and self.region.isdigit()):
            raise ConfigError("region: must be a 6-digit region code")
        if not 1 <= self.device_number <= 999:
            raise ConfigError("device_number: must be 1..999")
        if self.orientation not in ("portrait", "landscape"):
            raise ConfigError("orientation: must be portrait or landscape")
        if self.retention_days < 0:
            raise ConfigError("retention_days: must be 0 or more")
        if self.sync_timeout <= 0:
            raise ConfigError("sync_timeout: must be more than 0")
        if self.printer.qr_mode not in ("native", "raster"):
            raise ConfigError("printer.qr_mode: must be native or raster")
        for key, kind, kinds in (("reader", self.reader.kind, ("sam", "none")),
                                 ("printer", self.printer.kind, ("network", "serial", "usb", "none")),
                                 ("sscard", self.sscard.kind, ("pcsc", "none")),
                                 ("scanner", self.scanner.kind, ("serial", "hid", "none")),
                                 ("a4", self.a4.kind, ("cups", "none")),
                                 ("face", self.face.kind, ("v4l2", "sim", "none"))):
            if kind not in kinds:
                raise ConfigError(f"{key}.kind: must be {' or '.join(kinds)}")
        if self.scanner.kind == "hid" and not self.scanner.device.startswith("/"):
            raise ConfigError("scanner.device: the scanner's /dev/input/... event device is required with kind = hid")
        if self.printer.kind == "usb" and not (0 < self.printer.usb_vendor <= 0xFFFF and 0 < self.printer.usb_product <= 0xFFFF):
            raise ConfigError("printer.usb_vendor / printer.usb_product: the printer's USB ids (1..0xffff) are required "
                              "with kind = usb")
        if self.a4.kind == "cups" and not self.a4.queue:
            raise ConfigError("a4.queue: the CUPS queue of the A4 printer is required with a4.kind = cups")
        if not 0.2 <= self.face.threshold <= 0.6:
            raise ConfigError("face.threshold: 0.2 to 0.6 (dlib's documented line is 0.6; lower is stricter)")
        if self.devices.probe_interval <= 0 or self.sscard.watchdog_interval <= 0:
            raise ConfigError("devices.probe_interval / sscard.watchdog_interval: must be more than 0")
        if self.network_public_key:
            import base64
            import binascii

            try:
                raw = base64.b64decode(self.network_public_key, validate=True)
            except binascii.Error:
                raw = b""
            if len(raw) != 32:
                raise ConfigError("network_public_key: base64 of the network's 32-byte X25519 key")
        for key, value in (("staff.pin_hash", self.staff.pin_hash),
                           ("staff.technician_pin_hash", self.staff.technician_pin_hash)):
            if value and not value.startswith("scrypt$"):
                raise ConfigError(f"{key}: must be a hash from kiosk.staff.auth.hash_pin, never a PIN")
        if not 15 <= self.idle_timeout <= 3600:
            raise ConfigError("idle_timeout: must be 15..3600 seconds")
        if not self.hall_name.strip() or len(self.hall_name) > 100:
            raise ConfigError("hall_name: 1 to 100 characters")
        if self.language not in ("zh_CN", "en"):
            raise ConfigError("language: must be zh_CN or en")
        if not (self.voice in ("auto", "none") or self.voice.replace("-", "").replace("_", "").isalnum()):
            raise ConfigError("voice: auto, none or the name of a speech engine")
        if not 1 <= self.printer.port <= 65535 or self.printer.timeout <= 0:
            raise ConfigError("printer.port / printer.timeout: a TCP port, a timeout over 0")
        if self.staff.lockout_after < 1 or self.staff.lockout_base_s <= 0:
            raise ConfigError("staff.lockout_after / staff.lockout_base_s: must be more than 0")
        try:  # typed by a technician: made canonical here, before it is recorded on any case or audit row
            self.staff.pin_staff_id = staffid.validate(self.staff.pin_staff_id)
        except staffid.InvalidStaffId as exc:
            raise ConfigError(f"staff.pin_staff_id: {exc} (e.g. S001)") from None
        staff_cards(self.staff.cards)
        return self


def staff_cards(text: str) -> dict[str, str]:
    """[staff] cards, "S001:<person hash>,S002:<person hash>", as {person hash: canonical staff id}. NFKC first
    (a full-width comma, colon, letter or digit works); ConfigError names the staff id of an entry whose id is
    not one (domain/staffid.py) or whose hash is not 64 hex digits, never the hash."""
    cards: dict[str, str] = {}
    for item in filter(None, (p.strip() for p in unicodedata.normalize("NFKC", text).split(","))):
        raw, _, digest = item.partition(":")
        try:
            sid = staffid.validate(raw)
        except staffid.InvalidStaffId as exc:
            raise ConfigError(f"staff.cards: {raw.strip()!r}: {exc}") from None
        digest = digest.strip().lower()
        if len(digest) != 64 or not set(digest) <= set("0123456789abcdef"):
            raise ConfigError(f"staff.cards: {sid}: the card's person hash must be 64 hex digits")
        cards[digest] = sid
    return cards


def _build(cls: type, data: dict[str, Any], where: str) -> Any:
    hints = get_type_hints(cls)
    known = {f.name for f in fields(cls)}
    for key in data:
        if key not in known:
            raise ConfigError(f"{where}{key}: unknown setting")
    values: dict[str, Any] = {}
    for f in fields(cls):
        if f.name not in data:
            continue
        kind, value = hints[f.name], data[f.name]
        if is_dataclass(kind):
            if not isinstance(value, dict):
                raise ConfigError(f"{where}{f.name}: must be a table")
            values[f.name] = _build(kind, value, f"{where}{f.name}.")  # type: ignore[arg-type]  # a type: hints hold classes
            continue
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, kind) or isinstance(value, bool) != (kind is bool):
            raise ConfigError(f"{where}{f.name}: expected {kind.__name__}, got {value!r}")
        values[f.name] = value
    return cls(**values)


def load(path: str | Path | None) -> Settings:
    if path is None:
        return Settings().validate()
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"cannot read settings file {path}: {exc.strerror}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"settings file {path} is not valid TOML: {exc}") from exc
    settings: Settings = _build(Settings, data, "")
    return settings.validate()


def dump(settings: Settings) -> str:
    """Write settings as TOML (flat keys, then one table per device)."""
    lines: list[str] = []
    tables: list[str] = []
    for f in fields(settings):
        value = getattr(settings, f.name)
        if is_dataclass(value):
            tables.append(f"\n[{f.name}]")
            tables += [f"{g.name} = {_toml(getattr(value, g.name))}" for g in fields(value)]
        else:
            lines.append(f"{f.name} = {_toml(value)}")
    return "\n".join(lines + tables) + "\n"


def _toml(value: Any) -> str:
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value)


# What the network may set (servicenet/fleet/settings.py): the hall's own facts and the resident's experience,
# never the kiosk's identity, keys, network or staff secrets. A table's name allows the keys listed with it.
REMOTE: dict[str, tuple[str, ...]] = {
    "hall_name": (), "idle_timeout": (), "voice": (), "language": (), "orientation": (),
    "printer": ("kind", "host", "port", "device", "baudrate", "usb_vendor", "usb_product", "usb_serial", "timeout",
                "qr_mode"),
}
LIVE = frozenset({"hall_name"})  # applied at once; a change of any other key takes effect at the next start


def statement(device_id: str, version: int, settings: dict[str, Any]) -> bytes:
    """The bytes the network signs for a kiosk's remote settings (canonical JSON, the device id bound in)."""
    import json

    return json.dumps({"device_id": device_id, "version": version, "settings": settings}, ensure_ascii=False,
                      sort_keys=True, separators=(",", ":")).encode("utf-8")


def remote(current: Settings, change: dict[str, Any]) -> Settings:
    """`current` with a remote `change` applied, validated like a settings file; ConfigError names a bad key."""
    from dataclasses import asdict

    if not isinstance(change, dict):
        raise ConfigError("remote settings: must be a table")
    for key, value in change.items():
        if key not in REMOTE:
            raise ConfigError(f"{key}: may not be set from the network")
        if REMOTE[key]:
            if not isinstance(value, dict):
                raise ConfigError(f"{key}: must be a table")
            for sub in value:
                if sub not in REMOTE[key]:
                    raise ConfigError(f"{key}.{sub}: may not be set from the network")
    merged = asdict(current)
    for key, value in change.items():
        merged[key] = merged[key] | value if REMOTE[key] else value
    settings: Settings = _build(Settings, merged, "")
    return settings.validate()
