"""The wizard's "devices found" step: look at what is plugged in (off the GUI thread, with progress), offer it
per role, put the technician's pick into the draft settings; typing a device by hand when nothing fits."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from drivers.detect import Found
from kiosk.config import ConfigError
from kiosk.i18n import QT_TRANSLATE_NOOP, tr
from kiosk.qt import Property, Signal, Slot
from kiosk.staff import hardware
from kiosk.staff.provisioning import Provisioner
from kiosk.viewmodels.common import Context, Lazy, ScreenViewModel, show
from kiosk.viewmodels.notes import refusal, say, with_detail

ROLE_LABELS = {
    "reader": QT_TRANSLATE_NOOP("provision", "ID card reader"),
    "sscard": QT_TRANSLATE_NOOP("provision", "Social security card reader"),
    "printer": QT_TRANSLATE_NOOP("provision", "Receipt printer"),
    "scanner": QT_TRANSLATE_NOOP("provision", "Code scanner"),
    "a4": QT_TRANSLATE_NOOP("provision", "A4 printer"),
    "camera": QT_TRANSLATE_NOOP("provision", "Camera (face check)"),
}
EXPECTED = {  # what each role takes by hand (the entry field's placeholder, and the refusal)
    "reader": QT_TRANSLATE_NOOP("provision", "A serial device, e.g. /dev/ttyUSB0"),
    "sscard": QT_TRANSLATE_NOOP("provision", "Part of the reader's name, or * for any"),
    "printer": QT_TRANSLATE_NOOP("provision", "/dev/ttyUSB1, USB ids 0416:5011 or host:9100"),
    "scanner": QT_TRANSLATE_NOOP("provision", "/dev/input/by-id/… or /dev/ttyACM0"),
    "a4": QT_TRANSLATE_NOOP("provision", "The CUPS queue's name"),
    "camera": QT_TRANSLATE_NOOP("provision", "/dev/v4l/by-id/… or /dev/video0"),
}
SOURCE_LABELS = {  # in the order drivers.detect.find looks: the progress bar's steps
    "serial": QT_TRANSLATE_NOOP("provision", "Asking the serial ports what they are"),
    "usb": QT_TRANSLATE_NOOP("provision", "Looking for USB printers"),
    "hid": QT_TRANSLATE_NOOP("provision", "Looking for scanners among the input devices"),
    "pcsc": QT_TRANSLATE_NOOP("provision", "Looking for card readers (PC/SC)"),
    "cups": QT_TRANSLATE_NOOP("provision", "Looking for A4 printers (CUPS)"),
    "video": QT_TRANSLATE_NOOP("provision", "Looking for cameras"),
}


class HardwareViewModel(ScreenViewModel):
    changed = Signal()
    progressed = Signal(str, str)  # emitted by the search on its worker thread, handled on the GUI thread

    def __init__(self, ctx: Context, provisioner: Callable[[], Provisioner | None]) -> None:
        super().__init__(ctx)
        self._provisioner = provisioner
        self._working = False
        self._source, self._detail = "", ""
        self._failed: Lazy | None = None
        self._errors: dict[str, Lazy] = {}
        self.progressed.connect(self._on_progress)

    def _p(self) -> Provisioner | None:
        return self._provisioner()

    def _searched(self) -> bool:
        p = self._p()
        return p is not None and p.detection is not None

    def _progress_text(self) -> str:
        if not self._working or not self._source:
            return ""
        text = tr("provision", SOURCE_LABELS[self._source])
        return f"{text}… {self._detail}".rstrip()

    def _progress_value(self) -> float:
        if not self._working:
            return 1.0 if self._searched() else 0.0
        steps = list(SOURCE_LABELS)
        return steps.index(self._source) / len(steps) if self._source in steps else 0.0

    def _nothing(self) -> bool:
        p = self._p()
        return p is not None and p.detection is not None and not p.detection.found

    def _notes(self) -> str:
        p = self._p()
        return "\n".join(map(say, p.detection.notes)) if p is not None and p.detection is not None else ""

    def _roles(self) -> list[dict[str, Any]]:
        p = self._p()
        if p is None:
            return []
        out = []
        for role in hardware.ROLES:
            table = getattr(p.draft, hardware.TABLES[role])
            options = p.detection.for_role(role) if p.detection is not None else []
            out.append({
                "key": role, "label": tr("provision", ROLE_LABELS[role]),
                "current": say(hardware.describe(p.draft, role)) or tr("provision", "not used"),
                "options": [{"name": f.name, "detail": say(f.detail), "likely": f.likely,
                             "chosen": bool(f.settings) and all(getattr(table, k) == v for k, v in f.settings.items())}
                            for f in options],
                "expected": tr("provision", EXPECTED[role]),
                "error": show(self._errors.get(role)),
            })
        return out

    working = Property(bool, lambda self: self._working, notify=changed)
    searched = Property(bool, _searched, notify=changed)
    progress = Property(str, _progress_text, notify=changed)
    progressValue = Property(float, _progress_value, notify=changed)
    nothingFound = Property(bool, _nothing, notify=changed)
    notes = Property(str, _notes, notify=changed)
    error = Property(str, lambda self: show(self._failed), notify=changed)
    roles = Property("QVariantList", _roles, notify=changed)

    @Slot()
    def find(self) -> None:
        p = self._p()
        if p is None or self._working:
            return
        self._working, self._failed, self._source, self._detail = True, None, "", ""
        self.changed.emit()

        def done(_: Any) -> None:
            self._working = False
            self.changed.emit()

        def failed(exc: BaseException) -> None:
            self._working = False
            self._failed = lambda: refusal(exc)
            self.changed.emit()

        self._ctx.runner.run(lambda: p.find_devices(self.progressed.emit), done, failed)

    @Slot(str, str)
    def _on_progress(self, source: str, detail: str) -> None:
        self._source, self._detail = source, detail
        self.changed.emit()

    @Slot(str, int)
    def choose(self, role: str, index: int) -> None:
        p = self._p()
        if p is None or p.detection is None:
            return
        options = p.detection.for_role(role)
        if 0 <= index < len(options):
            self._use(p, options[index])

    @Slot(str, str)
    def enter(self, role: str, text: str) -> None:
        """A device typed by hand ("none": the kiosk has no such device)."""
        p = self._p()
        if p is None or role not in hardware.TABLES:
            return
        try:
            found = hardware.entry(role, text, p.draft)
        except (hardware.EntryError, ConfigError) as exc:
            rule = str(exc) if isinstance(exc, ConfigError) else ""  # the settings' rule, naming its key
            self._errors[role] = lambda: with_detail(tr("provision", "Not a device for this: %1").replace(
                "%1", tr("provision", EXPECTED[role])), rule)
            self.changed.emit()
            return
        self._use(p, found)

    def _use(self, p: Provisioner, found: Found) -> None:
        try:
            p.use(found)
        except hardware.NotUsable:  # listed so the technician sees it was looked at, but it is not one
            self._errors[found.role] = lambda: tr("provision", "This one cannot be used: %1").replace(
                "%1", say(found.detail))
        else:
            self._errors.pop(found.role, None)
        self.changed.emit()

    def reset(self) -> None:
        self._errors.clear()
        self.changed.emit()
