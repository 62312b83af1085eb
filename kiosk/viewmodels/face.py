"""人证合一, a step of the identify screen: where the service item asks for it (ServiceItem.face_match), the face at
the camera is compared with the photo on the card just read (drivers.face), a few tries. When it cannot be done
(the faces differ, no face is seen, the card's photo cannot be decoded, no camera) a clerk confirms the resident
with the staff PIN or staff card, as for the 户口簿.

No picture is kept anywhere: the card's photo lives in the session's Person, the camera frame only inside the
comparison. What is kept is the outcome (domain.models.FaceCheck), on the application and in the audit log, and it
goes with the session (reset)."""
from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from domain.models import CLERK_CONFIRMED, FACE_MATCHED, FaceCheck
from drivers.face.matcher import MATCH, MISMATCH, NO_FACE, NO_PHOTO, Comparison, has_photo
from kiosk.i18n import QT_TRANSLATE_NOOP, tr
from kiosk.qt import Property, QObject, Signal, Slot
from kiosk.staff.auth import Login, pad
from kiosk.viewmodels.common import Context, Lazy, lazy, show
from kiosk.viewmodels.staff import refused

log = logging.getLogger(__name__)

TRIES = 3  # comparisons before the clerk is asked
LOOK, COMPARING, CLERK, DONE = "look", "comparing", "clerk", "done"  # DONE: matched or confirmed
NO_CAMERA = "camera"  # the clerk's reason when the camera is missing or gave no picture

WHY = {  # why the clerk is asked, in the resident's words
    MISMATCH: QT_TRANSLATE_NOOP("face", "The face at the camera and the photo on the card did not match."),
    NO_FACE: QT_TRANSLATE_NOOP("face", "The camera could not see one face clearly."),
    NO_PHOTO: QT_TRANSLATE_NOOP("face", "This kiosk cannot read the photo on this card."),
    NO_CAMERA: QT_TRANSLATE_NOOP("face", "The camera is not available."),
}


class FaceViewModel(QObject):
    changed = Signal()

    def __init__(self, ctx: Context, on_done: Callable[[FaceCheck], None]) -> None:
        super().__init__()
        self._ctx, self._on_done = ctx, on_done
        self._photo = b""
        self._phase, self._tries = LOOK, 0
        self._distance: float | None = None
        self._reason = ""
        self._note: Lazy | None = None  # after a try: what to do differently
        self._pin = ""  # the clerk's PIN pad
        self._pin_error: Lazy | None = None
        self._result: FaceCheck | None = None
        self._round = 0  # one more at each reset: work started for an earlier card (or session) is not this one's

    @property
    def result(self) -> FaceCheck | None:
        """How the check ended (None until it has)."""
        return self._result

    phase = Property(str, lambda self: self._phase, notify=changed)
    comparing = Property(bool, lambda self: self._phase == COMPARING, notify=changed)
    triesLeft = Property(int, lambda self: TRIES - self._tries, notify=changed)
    note = Property(str, lambda self: show(self._note), notify=changed)
    reason = Property(str, lambda self: tr("face", WHY[self._reason]) if self._reason in WHY else "", notify=changed)
    pin = Property(str, lambda self: "●" * len(self._pin), notify=changed)
    pinError = Property(str, lambda self: show(self._pin_error), notify=changed)

    def prepare(self) -> None:
        """A service that asks for the check was chosen: load the model in the background meanwhile."""
        face = self._ctx.services.face
        if face is not None:
            self._ctx.runner.run(face.prepare, None, _logged("the model did not load"))  # and again at the comparison

    def start(self, photo: bytes) -> None:
        """The card is read: compare its photo with the face of the person at the kiosk."""
        self.reset()
        self._photo = photo
        if self._ctx.services.face is None:
            self._to_clerk(NO_CAMERA)
        elif not has_photo(photo):  # e.g. the chip's WLT photo: the camera is not even opened
            self._to_clerk(NO_PHOTO)
        self.changed.emit()

    def prompt(self) -> Lazy:
        return (lazy("voice", "A member of staff will confirm who you are. Please wait for the staff.")
                if self._phase == CLERK else
                lazy("voice", "Please look straight at the camera above the screen, then touch the button."))

    @Slot()
    def compare(self) -> None:
        face = self._ctx.services.face
        if self._phase != LOOK or face is None:
            return
        self._phase, self._note = COMPARING, None
        self.changed.emit()
        current, photo = self._still(), self._photo

        def done(got: Comparison) -> None:
            if current():
                self._compared(got)

        def failed(exc: BaseException) -> None:
            _logged("no comparison, the clerk is asked")(exc)  # a broken camera or model: the resident hears "camera"
            if current():
                self._record(outcome=NO_CAMERA)
                self._to_clerk(NO_CAMERA)
                self.changed.emit()

        self._ctx.runner.run(lambda: face.compare(photo), done, failed)

    def _compared(self, got: Comparison) -> None:
        self._tries += 1
        if got.distance is not None:
            self._distance = got.distance
        self._record(outcome=got.outcome, distance=got.distance, attempt=self._tries)
        if got.outcome == MATCH:
            self._finish(FaceCheck(FACE_MATCHED, got.distance))
            return
        if got.outcome == NO_PHOTO or self._tries >= TRIES:
            self._to_clerk(got.outcome)
        else:
            self._phase = LOOK
            self._note = lazy("face", "Please take off a hat or glasses, look straight at the camera with nobody "
                                      "else in the picture, and try again. Tries left: %1", TRIES - self._tries) \
                if got.outcome == NO_FACE else \
                lazy("face", "The faces did not match. Please look straight at the camera in good light and try "
                             "again. Tries left: %1", TRIES - self._tries)
        self.changed.emit()

    def _to_clerk(self, reason: str) -> None:
        self._phase, self._reason, self._note = CLERK, reason, None

    # -- the clerk's confirmation
    @Slot(str)
    def press(self, key: str) -> None:
        self._pin, self._pin_error = pad(self._pin, key), None
        self.changed.emit()

    @Slot()
    def confirmPin(self) -> None:  # noqa: N802 - QML calls it by this camelCase name
        backend, pin = self._ctx.services.staff, self._pin
        self._pin = ""
        if self._phase != CLERK:
            return
        if backend is None:
            return self._no_staff()
        current = self._still()
        self._ctx.runner.run(lambda: backend.auth.login_pin(pin), lambda login: current() and self._signed_in(login),
                             lambda exc: current() and self._login_failed(exc))

    @Slot()
    def staffCard(self) -> None:  # noqa: N802 - QML calls it by this camelCase name
        """The clerk's own card on the reader (the resident's card taken off first)."""
        backend, reader = self._ctx.services.staff, self._ctx.services.reader
        if self._phase != CLERK:
            return
        if backend is None:
            return self._no_staff()
        current = self._still()
        self._ctx.runner.run(lambda: backend.card_login(reader, self._ctx.card_timeout_s),
                             lambda login: current() and self._signed_in(login, card=True),
                             lambda exc: current() and self._login_failed(exc))

    def _no_staff(self) -> None:
        self._pin_error = lazy("face", "Staff sign-in is not set up on this kiosk. Please go to the counter.")
        self.changed.emit()

    def _login_failed(self, exc: BaseException) -> None:
        self._pin_error = lazy("face", "The staff card could not be read. Please try again or enter the PIN.")
        self.changed.emit()

    def _signed_in(self, login: Login, card: bool = False) -> None:
        if self._phase != CLERK:
            return
        if not login.ok or login.role != "staff":  # a technician's PIN does not confirm a resident
            self._pin_error = lazy("face", "This card is not a staff card of this kiosk. Take the resident's card "
                                           "off the reader, then put the staff card on it.") \
                if card and login.locked_for <= 0 else refused(login)
            self.changed.emit()
            return
        self._record_action(login.staff_id)
        self._finish(FaceCheck(CLERK_CONFIRMED, self._distance, self._reason, login.staff_id))

    def _finish(self, result: FaceCheck) -> None:
        self._result, self._photo, self._pin, self._phase = result, b"", "", DONE
        self.changed.emit()
        self._on_done(result)

    # -- the audit log (电子监察): each comparison's outcome, and the clerk who confirmed instead
    def _record(self, **detail: Any) -> None:
        backend = self._ctx.services.staff
        if backend is not None:
            backend.record("face_check", "", **{k: v for k, v in detail.items() if v is not None})

    def _record_action(self, staff_id: str) -> None:
        backend = self._ctx.services.staff
        if backend is not None:
            backend.record("staff_action", staff_id, action="face_check", reason=self._reason)

    def _still(self) -> Callable[[], bool]:
        """Whether work started now is still this check's when it answers: the same session, and no reset since
        (back to the card step, another card read: a match of the card before is not the next card's)."""
        session, round_ = self._ctx.session(), self._round
        return lambda: session == self._ctx.session() and round_ == self._round

    def reset(self) -> None:
        self._round += 1
        self._photo, self._phase, self._tries, self._distance, self._reason = b"", LOOK, 0, None, ""
        self._note, self._pin, self._pin_error, self._result = None, "", None, None
        self.changed.emit()

    def retranslate(self) -> None:
        self.changed.emit()


def _logged(what: str) -> Callable[[BaseException], None]:
    """A failure of the check's work, for the technician's log (its type and words: no image is in them)."""
    return lambda exc: log.warning("face check: %s (%s: %s)", what, type(exc).__name__, exc)
