"""The technician's first-run wizard: network + one-time code → enroll → pick the devices found → test card,
printer, scanner → save the settings → the "ready" checklist. The steps are kiosk.staff.provisioning.Provisioner's, run off the
GUI thread."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kiosk.i18n import QT_TRANSLATE_NOOP, fill, tr
from kiosk.qt import Property, QCoreApplication, QObject, Signal, Slot
from kiosk.staff import hardware
from kiosk.staff.provisioning import Provisioner
from kiosk.viewmodels.cameratest import CameraTestViewModel
from kiosk.viewmodels.common import Context, Lazy, ScreenViewModel, show
from kiosk.viewmodels.hardware import ROLE_LABELS, HardwareViewModel
from kiosk.viewmodels.notes import refusal, say

STEPS = ("network", "hardware", "devices", "save", "ready")
LABELS = {
    "network": QT_TRANSLATE_NOOP("provision", "Enrolled with the service network"),
    "card": QT_TRANSLATE_NOOP("provision", "Card reader reads a card"),
    "printer": QT_TRANSLATE_NOOP("provision", "Printer prints a test page with a QR code"),
    "scanner": QT_TRANSLATE_NOOP("provision", "Scanner reads a code (optional)"),
    "camera": QT_TRANSLATE_NOOP("provision", "Camera sees a face (optional)"),
    "saved": QT_TRANSLATE_NOOP("provision", "Settings saved"),
}
RESTART_CODE = 75  # the kiosk exits with it after provisioning; systemd (Restart=always) starts it again


class ProvisionViewModel(ScreenViewModel):
    changed = Signal()

    def __init__(self, ctx: Context, restart: Callable[[], None] | None = None) -> None:
        super().__init__(ctx)
        self._step = 0
        self._error: Lazy | None = None
        self._working = ""
        self._restart = restart or (lambda: QCoreApplication.exit(RESTART_CODE))
        self._hardware = HardwareViewModel(ctx, lambda: self.provisioner)
        self._camera = CameraTestViewModel()

    @property
    def provisioner(self) -> Provisioner | None:
        backend = self._ctx.services.staff
        return backend.provision if backend is not None else None

    def _draft(self, attr: str) -> str:
        p = self.provisioner
        return str(getattr(p.draft, attr)) if p is not None else ""

    def _checks(self) -> list[dict[str, Any]]:
        """The checklist; the camera's line only once there is a camera (most kiosks have none)."""
        p = self.provisioner
        if p is None:
            return []
        return [{"key": c.key, "label": tr("provision", LABELS[c.key]), "state": "" if c.ok is None else
                 ("ok" if c.ok else "failed"), "detail": say(c.detail), "required": c.required}
                for c in p.checks.values() if c.key != "camera" or p.draft.face.kind != "none" or c.ok is not None]

    step = Property(str, lambda self: STEPS[self._step], notify=changed)
    stepNumber = Property(int, lambda self: self._step + 1, notify=changed)
    stepCount = Property(int, lambda self: len(STEPS), notify=changed)
    error = Property(str, lambda self: show(self._error), notify=changed)
    working = Property(str, lambda self: self._working, notify=changed)
    networkUrl = Property(str, lambda self: self._draft("network_url"), notify=changed)
    deviceId = Property(str, lambda self: self._draft("device_id") if self.enrolled else "", notify=changed)
    hallName = Property(str, lambda self: self._draft("hall_name"), notify=changed)
    enrolled = Property(bool, lambda self: bool(self.provisioner and self.provisioner.draft.enrolled), notify=changed)
    checks = Property("QVariantList", _checks, notify=changed)
    ready = Property(bool, lambda self: bool(self.provisioner and self.provisioner.ready), notify=changed)
    devicesText = Property(str, lambda self: self._devices_text(), notify=changed)
    hardware = Property(QObject, lambda self: self._hardware, constant=True)
    camera = Property(QObject, lambda self: self._camera, constant=True)

    def _devices_text(self) -> str:
        p = self.provisioner
        if p is None:
            return ""
        return "\n".join(fill(tr("provision", "%1: %2"), tr("provision", ROLE_LABELS[role]),
                              say(hardware.describe(p.draft, role)))
                         for role in hardware.ROLES if hardware.describe(p.draft, role))

    # -- steps
    def _run(self, what: str, job: Callable[[], Any], then: Callable[[Any], None] | None = None,
             fail: Callable[[BaseException], None] | None = None) -> None:
        if self._working:
            return
        self._working, self._error = what, None
        self.changed.emit()

        def done(result: Any) -> None:
            self._working = ""
            if then is not None:
                then(result)
            self.changed.emit()

        def failed(exc: BaseException) -> None:
            self._working = ""
            self._error = lambda: refusal(exc)
            if fail is not None:
                fail(exc)
            self.changed.emit()

        self._ctx.runner.run(job, done, failed)

    @Slot(str, str)
    def enroll(self, network_url: str, code: str) -> None:
        p = self.provisioner
        if p is None:
            return
        backend = self._ctx.services.staff

        def job() -> str:
            device_id = p.enroll(network_url, code)
            if backend is not None:
                backend.record("provision", "technician", action="enrolled", device_id=device_id)
            return device_id

        self._run("enroll", job, lambda _: self._go(1))

    @Slot()
    def testCard(self) -> None:  # noqa: N802 - QML calls it by this camelCase name
        p = self.provisioner
        if p is not None:
            self._run("card", lambda: p.test_card(self._ctx.card_timeout_s))

    @Slot()
    def testPrint(self) -> None:  # noqa: N802 - QML calls it by this camelCase name
        p = self.provisioner
        if p is not None:
            self._run("printer", p.test_print)

    @Slot()
    def testScan(self) -> None:  # noqa: N802 - QML calls it by this camelCase name
        p = self.provisioner
        if p is not None:
            self._run("scanner", p.test_scan)

    @Slot()
    def testCamera(self) -> None:  # noqa: N802 - QML calls it by this camelCase name
        """One picture through the chosen camera: is a face in it? (kiosk/viewmodels/cameratest.py says how far.)"""
        p = self.provisioner
        if p is None or self._working:
            return
        self._camera.start()
        self._run("camera", lambda: p.test_camera(self._camera.progressed.emit), self._camera.finish,
                  lambda exc: self._camera.finish(None))

    @Slot()
    def save(self) -> None:
        p = self.provisioner
        if p is not None:
            self._run("save", p.save, lambda _: self._go(STEPS.index("ready")))

    @Slot(int)
    def goTo(self, step: int) -> None:  # noqa: N802 - QML calls it by this camelCase name
        self._go(step)

    def _go(self, step: int) -> None:
        self._step = max(0, min(len(STEPS) - 1, step))
        self._error = None
        self.changed.emit()
        p = self.provisioner
        if STEPS[self._step] == "hardware":
            self._camera.reset()  # a camera picked now is tested anew
        if STEPS[self._step] == "hardware" and p is not None and p.detection is None:
            self._hardware.find()  # look at once: the technician has just plugged everything in

    @Slot()
    def finish(self) -> None:
        """Start the kiosk with the new settings (the service manager starts it again)."""
        if self.ready:
            self._restart()

    def reset(self) -> None:
        self._error = None
        self._hardware.reset()
        self._camera.reset()
        self.changed.emit()

    def retranslate(self) -> None:
        self._hardware.retranslate()
        self._camera.retranslate()
        self.changed.emit()


