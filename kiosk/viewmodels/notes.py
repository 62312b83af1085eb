"""A technician's technical words in the kiosk's language: what the device search says (drivers.detect's Notes),
what a driver refused (UserFacingError), how a wizard check went (kiosk.staff.provisioning's Notes) and the
staff screen's notes from sync (drivers.base.said: a salvaged database, a full disk).

A Note's code picks the sentence; its values (device paths, ids, speeds, a library's own error text) go in
verbatim. A code this table does not know is said with a generic sentence and the driver's English; a plain
str is technical only (a path, ids, a URI) and shown as it is.
"""
from __future__ import annotations

from drivers import base, detect
from kiosk.i18n import QT_TRANSLATE_NOOP, fill, tr
from kiosk.staff import hardware
from kiosk.staff import provisioning as checks

WORDS = {
    detect.PRINTER_ANSWERED: QT_TRANSLATE_NOOP("provision", "A receipt printer answered at %1 baud"),
    detect.SAM_ANSWERED: QT_TRANSLATE_NOOP("provision", "An ID card reader answered"),
    detect.SCANNER_MAKER: QT_TRANSLATE_NOOP("provision",
                                            "A %1 scanner (USB %2), not asked: a scanner only talks when it scans"),
    detect.NOT_ASKED: QT_TRANSLATE_NOOP("provision", "Not asked: no known USB serial cable. If a printer or card "
                                                     "reader is on it, enter it by hand, then look again"),
    detect.NO_ANSWER: QT_TRANSLATE_NOOP("provision", "Asked, but nothing answered"),
    detect.NOT_OPENED: QT_TRANSLATE_NOOP("provision", "Could not be opened: %1"),
    detect.NO_PERMISSION: QT_TRANSLATE_NOOP("provision",
                                            "No permission to open it: the kiosk's user must be in group %1"),
    detect.BUSY: QT_TRANSLATE_NOOP("provision", "Busy: another program holds it"),
    detect.GONE: QT_TRANSLATE_NOOP("provision", "Gone: unplugged?"),
    detect.NO_VIDEO_API: QT_TRANSLATE_NOOP("provision", "Not a camera: it does not answer the video API"),
    detect.VIDEO_METADATA: QT_TRANSLATE_NOOP("provision",
                                             "Not a camera: the camera's metadata, not its picture (%1)"),
    detect.NO_VIDEO_CAPTURE: QT_TRANSLATE_NOOP("provision", "Not a camera: it takes no pictures (%1)"),
    hardware.ON_SERIAL: QT_TRANSLATE_NOOP("provision", "Serial port %1"),
    hardware.SERIAL_PRINTER: QT_TRANSLATE_NOOP("provision", "Serial port %1 at %2 baud"),
    hardware.NETWORK_PRINTER: QT_TRANSLATE_NOOP("provision", "Network printer at %1"),
    hardware.USB_PRINTER: QT_TRANSLATE_NOOP("provision", "USB %1, serial number %2"),
    hardware.PCSC_READER: QT_TRANSLATE_NOOP("provision", "PC/SC reader named like \"%1\""),
    hardware.PCSC_ANY: QT_TRANSLATE_NOOP("provision", "Any PC/SC reader"),
    hardware.HID_SCANNER: QT_TRANSLATE_NOOP("provision", "Keyboard-style scanner %1"),
    hardware.V4L2_CAMERA: QT_TRANSLATE_NOOP("provision", "Camera %1"),
    hardware.SIM_CAMERA: QT_TRANSLATE_NOOP("provision", "Simulated camera showing %1"),
    hardware.CUPS_QUEUE: QT_TRANSLATE_NOOP("provision", "CUPS queue %1 on %2"),
    checks.NOT_CONFIGURED: QT_TRANSLATE_NOOP("provision", "Not configured"),
    checks.FACES: QT_TRANSLATE_NOOP("provision", "Faces seen: %1"),
    checks.FACES_LOADED: QT_TRANSLATE_NOOP("provision", "Faces seen: %1; the face model loaded in %2 s"),
    checks.ENROLL_REFUSED: QT_TRANSLATE_NOOP("provision", "The service network refused: %1"),
    checks.UNREACHABLE: QT_TRANSLATE_NOOP("provision", "The service network did not answer: %1"),
    checks.BAD_URL: QT_TRANSLATE_NOOP("provision", "The network address starts with http:// or https://"),
    checks.NO_SETTINGS_FILE: QT_TRANSLATE_NOOP("provision", "There is no settings file to write: start the kiosk "
                                                            "with --config"),
    checks.FAILED: QT_TRANSLATE_NOOP("provision", "Error: %1"),
}
USB_AT = (QT_TRANSLATE_NOOP("provision", "USB bus %1, device %2"),
          QT_TRANSLATE_NOOP("provision", "USB bus %1, device %2, serial number %3"))
SOURCES = {  # drivers.detect's sources, for SOURCE_FAILED
    "serial": QT_TRANSLATE_NOOP("provision", "serial ports"),
    "usb": QT_TRANSLATE_NOOP("provision", "USB printers"),
    "hid": QT_TRANSLATE_NOOP("provision", "scanners among the input devices"),
    "pcsc": QT_TRANSLATE_NOOP("provision", "card readers (PC/SC)"),
    "cups": QT_TRANSLATE_NOOP("provision", "A4 printers (CUPS)"),
    "video": QT_TRANSLATE_NOOP("provision", "cameras"),
}
SOURCE_FAILED = QT_TRANSLATE_NOOP("provision", "Could not look for %1: %2")
UNKNOWN = QT_TRANSLATE_NOOP("provision", "Technical detail: %1")
WITH_DETAIL = QT_TRANSLATE_NOOP("provision", "%1 (%2)")  # a driver's sentence, then its technical detail


def say(note: str) -> str:
    """A Note in the kiosk's language; a plain str as it is."""
    code, args = getattr(note, "code", None), getattr(note, "args", ())
    if code is None:
        return note
    if code == detect.USB_AT and len(args) in (2, 3):
        return fill(tr("provision", USB_AT[len(args) - 2]), *args)
    if code == hardware.USB_PRINTER and len(args) == 1:  # no serial number
        return f"USB {args[0]}"
    if code == detect.SOURCE_FAILED and len(args) == 2:
        source = tr("provision", SOURCES[args[0]]) if args[0] in SOURCES else args[0]
        return fill(tr("provision", SOURCE_FAILED), source, args[1])
    if code == checks.DRIVER_SAID and len(args) == 2:  # a driver's message for residents, with its detail after
        return with_detail(tr("drivers", args[0]), args[1])
    if code in base.MESSAGES:  # a declared message with its values (sync's staff notes: drivers.base.said)
        return fill(tr("drivers", code), *args)
    if code in WORDS:
        return fill(tr("provision", WORDS[code]), *args)
    return fill(tr("provision", UNKNOWN), str(note))


def with_detail(text: str, detail: str) -> str:
    """A sentence, then its technical detail in brackets (none: the sentence alone)."""
    return fill(tr("provision", WITH_DETAIL), text, detail) if detail else text


def refusal(exc: BaseException) -> str:
    """A step that raised, for the technician: "That did not work" and what it was (kiosk.staff.provisioning.failed)."""
    return fill(tr("provision", "That did not work: %1"), say(checks.failed(exc)))
