"""The wizard's device choice: what drivers.detect found, per role, put into the draft settings; and what a
technician types when nothing was found (a path, USB ids, host:port, a queue). No Qt here."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from typing import Any

from drivers.base import Note
from drivers.detect import Found
from kiosk.config import Settings

ROLES = ("reader", "sscard", "printer", "scanner", "a4", "camera")
TABLES = {"reader": "reader", "sscard": "sscard", "printer": "printer", "scanner": "scanner", "a4": "a4",
          "camera": "face"}
CHECK_OF = {"reader": "card", "sscard": "card", "printer": "printer", "scanner": "scanner", "a4": "",
            "camera": "camera"}
OPTIONAL = ("scanner", "camera")  # checks the kiosk is ready without (the camera: only some items ask for it)
_USB_IDS = re.compile(r"^([0-9a-f]{4}):([0-9a-f]{4})(?::(\S+))?$", re.IGNORECASE)
_HOST_PORT = re.compile(r"^([a-z0-9.-]+):(\d{1,5})$")
_QUEUE = re.compile(r"^[A-Za-z0-9_.-]{1,127}$")


# the codes of describe()'s Notes (kiosk/viewmodels/notes.py words them); the values each takes after it
ON_SERIAL = "on_serial"  # port: a SAM reader's, a serial scanner's
SERIAL_PRINTER = "serial_printer"  # device, baud
NETWORK_PRINTER = "network_printer"  # host:port
USB_PRINTER = "usb_printer"  # vvvv:pppp[, serial number]
PCSC_READER, PCSC_ANY = "pcsc_reader", "pcsc_any"  # part of the reader's name; -
HID_SCANNER = "hid_scanner"  # event device
V4L2_CAMERA, SIM_CAMERA = "v4l2_camera", "sim_camera"  # device; image files
CUPS_QUEUE = "cups_queue"  # queue, server


class EntryError(ValueError):
    """A hand-typed device the wizard cannot use; args[0] is the role (the view-model says what it takes)."""


class NotUsable(ValueError):
    """A device found that cannot be used for its role (a video node that is no camera); args[0] says why."""


def apply(draft: Settings, found: Found) -> None:
    """Put a found (or typed) device into the draft: its table's keys replaced, the others kept. NotUsable for
    a device listed without settings (drivers.detect: it was looked at and is not one)."""
    if not found.settings:
        raise NotUsable(found.detail)
    table = TABLES[found.role]
    setattr(draft, table, replace(getattr(draft, table), **found.settings))


def describe(draft: Settings, role: str) -> str:
    """What the draft has now for a role: a Note whose English is the settings' kind and values ("" when the role
    is off)."""
    if role == "reader":
        r = draft.reader
        return Note(f"sam {r.port}", ON_SERIAL, r.port) if r.kind == "sam" else ""
    if role == "sscard":
        s = draft.sscard
        return "" if s.kind != "pcsc" else Note(f"pcsc {s.reader or '*'}", PCSC_READER, s.reader) if s.reader \
            else Note("pcsc *", PCSC_ANY)
    if role == "printer":
        p = draft.printer
        usb = (f"{p.usb_vendor:04x}:{p.usb_product:04x}", *([p.usb_serial] if p.usb_serial else []))
        return {"network": Note(f"network {p.host}:{p.port}", NETWORK_PRINTER, f"{p.host}:{p.port}"),
                "serial": Note(f"serial {p.device} {p.baudrate}", SERIAL_PRINTER, p.device, p.baudrate),
                "usb": Note(f"usb {' '.join(usb)}", USB_PRINTER, *usb)}.get(p.kind, "")
    if role == "scanner":
        s = draft.scanner
        return {"serial": Note(f"serial {s.port}", ON_SERIAL, s.port),
                "hid": Note(f"hid {s.device}", HID_SCANNER, s.device)}.get(s.kind, "")
    if role == "camera":
        f = draft.face
        return {"v4l2": Note(f"v4l2 {f.device}", V4L2_CAMERA, f.device),
                "sim": Note(f"sim {f.images}", SIM_CAMERA, f.images)}.get(f.kind, "")
    a = draft.a4
    return Note(f"cups {a.queue} @ {a.server}", CUPS_QUEUE, a.queue, a.server) if a.kind == "cups" else ""


def entry(role: str, text: str, draft: Settings) -> Found:
    """A device typed by hand: NFKC, then it must be one of the forms the role takes; "none" switches it off."""
    value = unicodedata.normalize("NFKC", text).strip()
    if not value.isascii() or not value:
        raise EntryError(role)
    if value.lower() == "none":
        return Found(role, {"kind": "none"}, "none")
    settings: dict[str, Any] | None = None
    if role == "reader" and value.startswith("/dev/"):
        settings = {"kind": "sam", "port": value}
    elif role == "sscard":
        settings = {"kind": "pcsc", "reader": "" if value == "*" else value}
    elif role == "printer":
        settings = _printer_entry(value)
    elif role == "scanner" and value.startswith("/dev/input/"):
        settings = {"kind": "hid", "device": value}
    elif role == "scanner" and value.startswith("/dev/"):
        settings = {"kind": "serial", "port": value}
    elif role == "camera" and value.startswith(("/dev/video", "/dev/v4l/")):
        settings = {"kind": "v4l2", "device": value}
    elif role == "a4" and _QUEUE.match(value):
        settings = {"kind": "cups", "queue": value, "server": draft.a4.server}
    if settings is None:
        raise EntryError(role)
    found = Found(role, settings, value, "entered by hand")
    trial = Settings(**{TABLES[role]: replace(getattr(draft, TABLES[role]), **settings)})
    trial.validate()  # the schema's own rules (ConfigError names the key)
    return found


def _printer_entry(value: str) -> dict[str, Any] | None:
    if value.startswith("/dev/"):
        return {"kind": "serial", "device": value}
    usb = _USB_IDS.match(value)
    if usb:
        return {"kind": "usb", "usb_vendor": int(usb[1], 16), "usb_product": int(usb[2], 16),
                "usb_serial": usb[3] or ""}
    net = _HOST_PORT.match(value.lower())
    if net and 1 <= int(net[2]) <= 65535:
        return {"kind": "network", "host": net[1], "port": int(net[2])}
    return None

