"""补正 at the kiosk, from the track screen: the document camera photographs what the office asked for and the
pictures go to the network at once (sealed), which marks the request received, so the clock runs again."""
from __future__ import annotations

from typing import TYPE_CHECKING

from kiosk.camera import DocumentCamera, Photo
from kiosk.qt import Property, Signal, Slot
from kiosk.viewmodels.common import Context, Lazy, ScreenViewModel, lazy, show
from sync.client import NetworkRefused
from sync.model import Offline

if TYPE_CHECKING:
    from kiosk.viewmodels.track import TrackViewModel

# Why the pictures did not reach the office, in the resident's words (else the driver's or the generic ones).
NOT_SENT = {
    Offline: lazy("handin", "The network cannot be reached, so nothing was sent. Please try again later or hand "
                            "the materials in at the counter."),
    NetworkRefused: lazy("handin", "The office is not waiting for materials on this application."),
}


class HandInViewModel(ScreenViewModel):
    changed = Signal()

    def __init__(self, ctx: Context, camera: DocumentCamera | None, track: TrackViewModel) -> None:
        super().__init__(ctx)
        self._camera = camera
        self._case_code = track.case_code  # the case open on the track screen
        self._on_done = track.lookup  # look the case up again: the 补正 request is gone
        track.changed.connect(self.changed)  # another case (or the card's list) on show: its own photos and words
        self._for = ""  # the case the photos and the words below are of
        self._photos: list[Photo] = []
        self._busy = ""  # "" | capturing | sending
        self._error: Lazy | None = None
        self._sent: Lazy | None = None

    def _available(self) -> bool:
        return self._ctx.services.results is not None and self._camera is not None and self._camera.available()

    available = Property(bool, _available, constant=True)
    busy = Property(str, lambda self: self._busy, notify=changed)
    count = Property(int, lambda self: len(self._photos) if self._shown() else 0, notify=changed)
    error = Property(str, lambda self: show(self._error) if self._shown() else "", notify=changed)
    sent = Property(str, lambda self: show(self._sent) if self._shown() else "", notify=changed)

    def _shown(self) -> bool:
        """The case on show is the one the photos and words are of (not the next one looked up, nor the list)."""
        return self._for != "" and self._case_code() == self._for

    def reset(self) -> None:
        self._photos, self._busy, self._error, self._sent, self._for = [], "", None, None, ""

    @Slot()
    def capture(self) -> None:
        code = self._case_code()
        if self._busy or not self._available() or self._camera is None or not code:
            return
        if code != self._for:  # another case than the photos so far: they are not of it
            self.reset()
            self._for = code
        self._busy, self._error, self._sent = "capturing", None, None
        self.changed.emit()

        def done(photo: Photo) -> None:
            self._busy = ""
            self._photos.append(photo)
            self.changed.emit()

        def failed(exc: BaseException) -> None:
            self._busy = ""
            self._error = lazy("handin", "The picture could not be taken. Please try again.")
            self.changed.emit()

        self._camera.capture(self._ctx.runner, *self._ctx.for_session(done, failed))

    @Slot()
    def send(self) -> None:
        results, code = self._ctx.services.results, self._for
        if self._busy or not self._photos or results is None or not self._shown():
            return
        photos = [(p.data, p.media_type) for p in self._photos]
        self._busy, self._error = "sending", None
        self.changed.emit()

        def done(_view: object) -> None:
            self._busy, self._photos = "", []
            self._sent = lazy("handin", "Received. Your application continues now.")
            self.changed.emit()
            self._on_done(code)

        def failed(exc: BaseException) -> None:
            self._busy = ""
            self._error = self._ctx.words_for(exc, NOT_SENT)
            self.changed.emit()

        self._ctx.runner.run(lambda: results.hand_in(code, photos), *self._ctx.for_session(done, failed))
