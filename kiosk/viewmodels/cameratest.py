"""The wizard's camera test (the devices step): one picture through the chosen camera, and whether a face is in
it (kiosk.staff.provisioning.Provisioner.test_camera, run off the GUI thread by the provisioning view-model).
While it runs it says what it is doing (the face model takes seconds to load the first time); then it says in
words how it went. The picture is not kept."""
from __future__ import annotations

from drivers.face import LOOKING, MODEL, PICTURE
from kiosk.i18n import QT_TRANSLATE_NOOP, fill, tr
from kiosk.qt import Property, QObject, Signal, Slot
from kiosk.staff.provisioning import CAMERA_FAILED, FACE_SEEN, MODEL_FAILED, NO_CAMERA, NO_FACE, CameraLook
from kiosk.viewmodels.notes import say

PHASES = {  # in order: the progress bar's steps
    MODEL: QT_TRANSLATE_NOOP("provision", "Loading the face model (the first time takes a few seconds)…"),
    PICTURE: QT_TRANSLATE_NOOP("provision", "Taking a picture…"),
    LOOKING: QT_TRANSLATE_NOOP("provision", "Looking for a face in the picture…"),
}
OUTCOMES = {
    NO_CAMERA: QT_TRANSLATE_NOOP("provision", "No camera is chosen. Pick one under \"Change devices\" (only needed "
                                              "where a service asks for the face check)."),
    CAMERA_FAILED: QT_TRANSLATE_NOOP("provision", "The camera did not give a picture: %1 Check its cable, or pick "
                                                  "another camera, then test again."),
    MODEL_FAILED: QT_TRANSLATE_NOOP("provision", "The face model could not be loaded. Reinstall the kiosk software, "
                                                 "then test again."),
    NO_FACE: QT_TRANSLATE_NOOP("provision", "The camera works, but no face was seen. Stand in front of it in good "
                                            "light, then test again."),
    FACE_SEEN: QT_TRANSLATE_NOOP("provision", "The camera works and sees %1 face(s). The picture was not kept."),
}


class CameraTestViewModel(QObject):
    changed = Signal()
    progressed = Signal(str)  # emitted by the test on its worker thread, handled on the GUI thread

    def __init__(self) -> None:
        super().__init__()
        self._phase = ""  # while the test runs
        self._look: CameraLook | None = None
        self.progressed.connect(self._on_progress)

    def start(self) -> None:
        self._phase, self._look = MODEL, None
        self.changed.emit()

    def finish(self, look: CameraLook | None) -> None:
        """The test's outcome (None: it did not run to the end; the wizard shows its error)."""
        self._phase, self._look = "", look
        self.changed.emit()

    @Slot(str)
    def _on_progress(self, phase: str) -> None:
        if self._phase:  # a late signal after the end changes nothing
            self._phase = phase
            self.changed.emit()

    def _progress(self) -> str:
        return tr("provision", PHASES[self._phase]) if self._phase in PHASES else ""

    def _progress_value(self) -> float:
        steps = list(PHASES)  # a quarter while the model loads: the bar shows that something is under way
        return (steps.index(self._phase) + 1) / (len(steps) + 1) if self._phase in steps else 0.0

    def _result(self) -> str:
        look = self._look
        if look is None:
            return ""
        text = tr("provision", OUTCOMES[look.outcome])
        if look.outcome == CAMERA_FAILED:
            why = tr("drivers", look.message) if look.message else say(look.detail)
            return fill(text, why if why.endswith((".", "。")) else f"{why}.")
        return fill(text, str(look.faces))

    def _state(self) -> str:
        look = self._look
        return "" if look is None or look.outcome == NO_CAMERA else "ok" if look.outcome == FACE_SEEN else "failed"

    progress = Property(str, _progress, notify=changed)
    progressValue = Property(float, _progress_value, notify=changed)
    result = Property(str, _result, notify=changed)
    state = Property(str, _state, notify=changed)  # "ok", "failed" or "" (not tested, or no camera)

    def reset(self) -> None:
        self._phase, self._look = "", None
        self.changed.emit()

    def retranslate(self) -> None:
        self.changed.emit()
