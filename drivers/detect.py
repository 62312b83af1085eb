"""What is plugged in: serial ports (and what answers on them), HID scanners, USB printers, PC/SC readers,
CUPS queues, cameras (V4L2). For the technician's wizard (kiosk/staff/hardware.py); each finder is a blocking call that never
raises: a source that cannot be looked at (no pcscd, no lpstat, no libusb) gives nothing and a note.

Serial ports come from pyserial's list_ports (and /dev/serial/by-id names for them). Bytes go only to a port
that looks like what is asked for: one behind a known USB-to-serial bridge (KNOWN_BRIDGES, by the USB vendor and
product ids sysfs gives, the chips receipt printers' and ID card readers' serial cables use), or one the caller
names (`named`: a port the settings already use, which the kiosk opens anyway, or one the technician names, or
a test's pty - a pty has no USB identity). Any other port (a native UART, a modem, a UPS's cable) is listed
untouched, offered as an unconfirmed serial scanner, never written to. A port of a known scanner maker
(SCANNER_VENDORS) is offered as a scanner without a byte sent (a scanner only talks when it scans). A port that
is asked: DLE EOT 1 at the receipt printer's usual speeds (a real-time command: a printer answers without
printing), then the SAM reader's status frame; the ports are asked in parallel.
"""
from __future__ import annotations

import errno
import glob
import logging
import os
import subprocess
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from drivers.base import Note

log = logging.getLogger(__name__)

PRINTER_BAUDS = (19200, 9600)  # the two speeds receipt printers ship with
SAM_BAUD = 115200
PROBE_TIMEOUT = 0.3
SCANNER_WORDS = ("scan", "barcode", "bar code", "qr", "honeywell", "symbol", "zebra", "datalogic", "newland",
                 "hid pos", "code reader")


# USB-to-serial bridges (vendor:product) a receipt printer's or a SAM reader's serial cable uses: ports behind
# them are asked what they are. Others need naming (drivers/detect.py's docstring says why).
KNOWN_BRIDGES = {
    "0403:6001": "FTDI FT232R", "0403:6015": "FTDI FT231X", "0403:6010": "FTDI FT2232",
    "067b:2303": "Prolific PL2303", "067b:23a3": "Prolific PL2303GC",
    "1a86:7523": "WCH CH340", "1a86:5523": "WCH CH341", "1a86:55d4": "WCH CH9102",
    "10c4:ea60": "Silicon Labs CP210x",
}
SCANNER_VENDORS = {"0c2e": "Honeywell", "0536": "Hand Held Products", "05e0": "Zebra (Symbol)", "1eab": "Newland",
                   "05f9": "Datalogic"}

# The codes of the Notes below (Found.detail, Detection.notes): the kiosk words each in the technician's language
# (kiosk/viewmodels/notes.py); the values each takes, in order, after it.
PRINTER_ANSWERED = "printer_answered"  # baud: a receipt printer answered DLE EOT
SAM_ANSWERED = "sam_answered"  # an ID card reader's SAM answered its status frame
SCANNER_MAKER = "scanner_maker"  # maker, USB ids: a scanner maker's port, offered without a byte sent
NOT_ASKED = "not_asked"  # a serial port behind no known USB serial bridge: not asked (name it to have it asked)
NO_ANSWER = "no_answer"  # asked, nothing answered
NOT_OPENED = "not_opened"  # error text: a port or node that could not be opened for another reason
NO_PERMISSION = "no_permission"  # group: the kiosk's user is not in the group that may open it
BUSY = "busy"  # another program holds it
GONE = "gone"  # unplugged meanwhile
USB_AT = "usb_at"  # bus, address[, serial number]: where a USB printer is
NO_VIDEO_API = "no_video_api"  # a /dev/video node that does not answer the video API
VIDEO_METADATA = "video_metadata"  # driver: a camera's metadata node, not its picture
NO_VIDEO_CAPTURE = "no_video_capture"  # driver: a video node that captures no picture (an output, a codec)
SOURCE_FAILED = "source_failed"  # source, error text: a whole source could not be looked at (no pcscd, no lpstat)
NOTE_CODES = (PRINTER_ANSWERED, SAM_ANSWERED, SCANNER_MAKER, NOT_ASKED, NO_ANSWER, NOT_OPENED, NO_PERMISSION, BUSY,
              GONE, USB_AT, NO_VIDEO_API, VIDEO_METADATA, NO_VIDEO_CAPTURE, SOURCE_FAILED)


@dataclass(frozen=True)
class Port:
    """A serial port: its path (the /dev/serial/by-id name when there is one), description, USB ids
    ("vvvv:pppp", "" for a port without a USB identity: a native UART, a pty) and whether the caller named it."""

    path: str
    description: str
    usb_id: str = ""
    named: bool = False

    @property
    def askable(self) -> bool:
        return self.named or self.usb_id in KNOWN_BRIDGES

    @property
    def scanner_maker(self) -> str:
        return SCANNER_VENDORS.get(self.usb_id.partition(":")[0], "") if self.usb_id else ""


@dataclass(frozen=True)
class Found:
    """One device the wizard can offer: `role` (reader, sscard, printer, scanner, a4, camera), the settings table
    it fills (`settings`, kind included; empty: listed, but it cannot be used, `detail` says why), a name for the
    technician (as the device names itself, with its path or ids) and a detail: a Note, or technical text only."""

    role: str
    settings: dict[str, Any]
    name: str
    detail: str = ""  # a Note (drivers.base) or technical text (a path, ids, a URI)
    likely: bool = True  # False: offered, but nothing says it is that device (an unknown serial port)


@dataclass
class Detection:
    found: list[Found] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)  # sources that could not be looked at, and why (SOURCE_FAILED)

    def for_role(self, role: str) -> list[Found]:
        return sorted((f for f in self.found if f.role == role), key=lambda f: not f.likely)


# -- serial ----------------------------------------------------------------------------------------------------

def _usb_id(info: Any) -> str:
    return f"{info.vid:04x}:{info.pid:04x}" if info.vid is not None and info.pid is not None else ""


def serial_ports(named: Iterable[str] = ()) -> list[Port]:
    """pyserial's list, named by /dev/serial/by-id where there is one, with the USB ids sysfs gives; the ports in
    `named` are added when pyserial does not list them (a pty) and marked named either way."""
    from serial.tools import list_ports, list_ports_linux

    by_id = {os.path.realpath(p): p for p in glob.glob("/dev/serial/by-id/*")}
    wanted = {os.path.realpath(p) for p in named if os.path.exists(p)}
    ports = [Port(by_id.get(p.device, p.device), p.description if p.description != "n/a" else "", _usb_id(p),
                  os.path.realpath(p.device) in wanted) for p in list_ports.comports()]
    listed = {os.path.realpath(p.path) for p in ports}
    for path in named:
        if os.path.exists(path) and os.path.realpath(path) not in listed:
            info = list_ports_linux.SysFS(path)
            ports.append(Port(path, info.description if info.description != "n/a" else "", _usb_id(info), True))
            listed.add(os.path.realpath(path))
    return ports


def _answer(port: Any, data: bytes, size: int) -> bytes:
    port.reset_input_buffer()
    port.write(data)
    port.flush()
    return bytes(port.read(size))


def refused(exc: OSError, group: str) -> Note:
    """Why a port or node could not be opened: no permission (not in `group`), busy, gone, or the error's text."""
    if exc.errno in (errno.EACCES, errno.EPERM):
        return Note(f"no permission (the kiosk's user must be in group {group})", NO_PERMISSION, group)
    if exc.errno == errno.EBUSY:
        return Note("busy (another program holds it)", BUSY)
    if exc.errno in (errno.ENOENT, errno.ENODEV, errno.ENXIO):
        return Note("gone (unplugged?)", GONE)
    text = f"{type(exc).__name__}: {exc}"
    return Note(text, NOT_OPENED, text)


def probe_serial(path: str, printer_bauds: Iterable[int] = PRINTER_BAUDS, sam_baud: int = SAM_BAUD,
                 timeout: float = PROBE_TIMEOUT) -> tuple[str, int, Note]:
    """What answers on a serial port: ("printer", baud, note), ("sam", baud, note) or ("", 0, why not)."""
    import serial

    from drivers.idcard.sam import CMD_STATUS
    from drivers.idcard.samframe import HEADER, build_frame

    try:
        with serial.Serial(path, timeout=timeout, write_timeout=timeout, exclusive=True) as port:
            for baud in printer_bauds:
                port.baudrate = baud
                got = _answer(port, b"\x10\x04\x01", 1)
                if got and got[0] & 0x93 == 0x12:
                    return "printer", baud, Note(f"DLE EOT answered at {baud} baud", PRINTER_ANSWERED, baud)
            port.baudrate = sam_baud
            got = _answer(port, build_frame(CMD_STATUS), len(HEADER) + 5)
            if got.startswith(HEADER):
                return "sam", sam_baud, Note("SAM status frame answered", SAM_ANSWERED)
    except (serial.SerialException, OSError) as exc:  # busy (another holds it), gone, not a tty
        return "", 0, refused(exc, "dialout")
    except ValueError as exc:
        return "", 0, Note(f"{type(exc).__name__}: {exc}", NOT_OPENED, f"{type(exc).__name__}: {exc}")
    return "", 0, Note("no answer", NO_ANSWER)


def find_serial(named: Iterable[str] = (), printer_bauds: Iterable[int] = PRINTER_BAUDS,
                progress: Callable[[str], None] | None = None) -> list[Found]:
    """Every serial port; the ones that look like a printer's or reader's (or are named) asked at once (each
    silent port costs the probe timeouts, so they overlap); the others listed without a byte sent."""
    from concurrent.futures import ThreadPoolExecutor, as_completed

    ports = serial_ports(named)
    asked = [p.path for p in ports if p.askable]
    bauds = tuple(printer_bauds)
    answers: dict[str, tuple[str, int, Note]] = {}
    with ThreadPoolExecutor(max_workers=max(1, min(8, len(asked)))) as pool:
        futures = {pool.submit(probe_serial, path, bauds): path for path in asked}
        for n, future in enumerate(as_completed(futures), 1):
            answers[futures[future]] = future.result()
            if progress:
                progress(f"{n}/{len(asked)} {futures[future]}")
    found = []
    for port in ports:
        label = " ".join(x for x in (port.path, port.description, f"({port.usb_id})" if port.usb_id else "") if x)
        what, baud, why = answers.get(port.path, ("", 0, Note(
            "not asked: no known USB serial bridge (enter it as the printer's or reader's device, then search again)",
            NOT_ASKED)))
        if what == "printer":
            found.append(Found("printer", {"kind": "serial", "device": port.path, "baudrate": baud}, label, why))
        elif what == "sam":
            found.append(Found("reader", {"kind": "sam", "port": port.path, "baudrate": baud}, label, why))
        elif port.scanner_maker and not port.askable:
            found.append(Found("scanner", {"kind": "serial", "port": port.path}, label, Note(
                f"{port.scanner_maker} (USB {port.usb_id}), not asked", SCANNER_MAKER, port.scanner_maker,
                port.usb_id)))
        else:
            found.append(Found("scanner", {"kind": "serial", "port": port.path}, label, why, likely=False))
    return found


# -- HID scanners ------------------------------------------------------------------------------------------------

def looks_like_scanner(name: str, capabilities: dict[int, list[int]]) -> tuple[bool, bool]:
    """(keyboard-like, named like a scanner) from an evdev device's name and capabilities (EV_KEY with the
    digits and Enter, no pointer axes): a keyboard-wedge scanner is a keyboard to the kernel."""
    from evdev import ecodes

    keys = set(capabilities.get(ecodes.EV_KEY, []))
    digits = {getattr(ecodes, f"KEY_{d}") for d in "0123456789"}
    keyboard = digits <= keys and ecodes.KEY_ENTER in keys and ecodes.EV_REL not in capabilities \
        and ecodes.EV_ABS not in capabilities
    return keyboard, keyboard and any(w in name.lower() for w in SCANNER_WORDS)


def find_hid(paths: Iterable[str] | None = None) -> list[Found]:
    """Keyboard-like evdev devices; a scanner's name first. Its /dev/input/by-id name when there is one."""
    import evdev

    by_id = {os.path.realpath(p): p for p in glob.glob("/dev/input/by-id/*")}
    linked = {os.path.realpath(p): p for p in glob.glob("/dev/hall-kiosk/scanner*")}
    found = []
    for path in evdev.list_devices() if paths is None else paths:
        try:
            dev = evdev.InputDevice(path)
        except OSError as exc:  # no permission (not in group input), unplugged
            log.info("cannot look at %s: %s", path, exc)
            continue
        try:
            keyboard, named = looks_like_scanner(dev.name, dev.capabilities())
            ids = f"{dev.info.vendor:04x}:{dev.info.product:04x}"
            name = dev.name
        finally:
            dev.close()
        if keyboard:
            real = os.path.realpath(path)
            stable = linked.get(real) or by_id.get(real) or path
            found.append(Found("scanner", {"kind": "hid", "device": stable}, f"{name} ({ids})", stable,
                               likely=named or real in linked))
    return found


# -- USB printers, PC/SC readers, CUPS queues --------------------------------------------------------------------

def find_usb_printers(backend: Any = None) -> list[Found]:
    from drivers.printer.usb_printer import usb_printers

    out = []
    for p in usb_printers(backend):
        ids = f"{p['vendor']:04x}:{p['product']:04x}"
        where = (p["bus"], p["address"], *([p["serial"]] if p["serial"] else []))
        out.append(Found("printer", {"kind": "usb", "usb_vendor": p["vendor"], "usb_product": p["product"],
                                     "usb_serial": p["serial"]},
                         f"{p['name'] or 'USB'} ({ids})", Note(f"bus {p['bus']} device {p['address']}" + (
                             f", serial {p['serial']}" if p["serial"] else ""), USB_AT, *where)))
    return out


def find_pcsc() -> list[Found]:
    """PC/SC readers through pcscd (social security cards); [] when pcscd does not answer."""
    from smartcard.System import readers

    return [Found("sscard", {"kind": "pcsc", "reader": str(r)}, str(r), "PC/SC") for r in readers()]


def find_cups(server: str, timeout: float = 5.0) -> list[Found]:
    """The queues of the cupsd at `server` (host:port), from `lpstat -v`."""
    done = subprocess.run(["lpstat", "-v"], capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, "CUPS_SERVER": server, "LANG": "C"})
    if done.returncode != 0:
        raise OSError(done.stderr.strip() or f"lpstat exited {done.returncode}")
    out = []
    for line in done.stdout.splitlines():
        head, _, uri = line.partition(": ")
        if head.startswith("device for "):
            queue = head.removeprefix("device for ")
            out.append(Found("a4", {"kind": "cups", "server": server, "queue": queue}, queue, uri))
    return out


# -- cameras (the face check's) -----------------------------------------------------------------------------------

def _node_number(path: str) -> tuple[int, str]:
    tail = path.rsplit("video", 1)[-1]
    return (int(tail), path) if tail.isdigit() else (1 << 30, path)


def find_cameras(paths: Iterable[str] | None = None, by_id: str = "/dev/v4l/by-id") -> list[Found]:
    """The V4L2 nodes (/dev/video*), each asked what it is (VIDIOC_QUERYCAP through linuxpy: no picture is taken,
    the camera's light stays off). A video capture device is offered under its `by_id` name where it has one (a
    /dev/videoN number follows the plugging order); any other node (a UVC camera's metadata node, an output,
    something that is no video device at all) is listed as not a camera, with why, and has no settings to pick."""
    from linuxpy.video.device import Capability, read_capabilities  # type: ignore[import-untyped]  # no py.typed

    stable = {os.path.realpath(p): p for p in glob.glob(os.path.join(by_id, "*"))}
    found = []
    for path in sorted(glob.glob("/dev/video*"), key=_node_number) if paths is None else paths:
        name = stable.get(os.path.realpath(path), path)
        try:
            fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
            try:
                caps = read_capabilities(fd)
            finally:
                os.close(fd)
        except OSError as exc:
            why = Note("it does not answer the video API", NO_VIDEO_API) if exc.errno in (errno.ENOTTY, errno.EINVAL) \
                else refused(exc, "video")
            found.append(Found("camera", {}, name, Note(f"not a camera: {why}", why.code, *why.args), likely=False))
            continue
        card, driver = caps.card.decode(errors="replace"), caps.driver.decode(errors="replace")
        has = Capability(caps.device_caps if caps.capabilities & Capability.DEVICE_CAPS else caps.capabilities)
        if Capability.VIDEO_CAPTURE in has:
            found.append(Found("camera", {"kind": "v4l2", "device": name}, f"{card} ({name})",
                               f"{driver}, {caps.bus_info.decode(errors='replace')}"))
        else:
            what, code = ("metadata", VIDEO_METADATA) if Capability.META_CAPTURE in has \
                else ("no video capture", NO_VIDEO_CAPTURE)
            found.append(Found("camera", {}, f"{card} ({name})", Note(f"not a camera: {what} ({driver})", code, driver),
                               likely=False))
    return found


def detect(*, extra_ports: Iterable[str] = (), printer_bauds: Iterable[int] = PRINTER_BAUDS,
           cups_server: str = "127.0.0.1:631", usb_backend: Any = None, hid_paths: Iterable[str] | None = None,
           video_paths: Iterable[str] | None = None, progress: Callable[[str, str], None] | None = None) -> Detection:
    """Look everywhere, one source after another; progress(source, detail) before each. `extra_ports`: serial
    ports asked what they are whatever their identity (the settings' own ports, a port the technician names,
    a test's ptys); other serial ports are asked only behind a known USB serial bridge."""
    result = Detection()
    extra, bauds = tuple(extra_ports), tuple(printer_bauds)
    steps: list[tuple[str, Callable[[], list[Found]]]] = [
        ("serial", lambda: find_serial(extra, bauds, (lambda d: progress("serial", d)) if progress else None)),
        ("usb", lambda: find_usb_printers(usb_backend)),
        ("hid", lambda: find_hid(hid_paths)),
        ("pcsc", find_pcsc),
        ("cups", lambda: find_cups(cups_server)),
        ("video", lambda: find_cameras(video_paths)),
    ]
    for source, step in steps:
        if progress:
            progress(source, "")
        try:
            result.found += step()
        except Exception as exc:  # a source that cannot be looked at must not hide the others
            log.info("device detection: %s: %s", source, exc)
            text = f"{type(exc).__name__}: {exc}"
            result.notes.append(Note(f"{source}: {text}", SOURCE_FAILED, source, text))
    return result
