"""Materials: a checklist per service item, each photographed on the document camera; then 一次性告知, one
screen that lists everything still missing, printable."""
from __future__ import annotations

from collections.abc import Callable

from domain.models import Material, ServiceItem
from kiosk.camera import DocumentCamera, Photo
from kiosk.qt import Property, QObject, Signal, Slot
from kiosk.viewmodels.common import Context, Lazy, ScreenViewModel, lazy, show
from kiosk.viewmodels.listmodel import RowsModel
from kiosk.viewmodels.slips import SlipJob, material_line, missing_lines
from sync.model import Attachment

ROLES = ("name", "copies", "note", "required", "captured", "thumbnail", "index")


class MaterialsViewModel(ScreenViewModel):
    changed = Signal()

    def __init__(self, ctx: Context, camera: DocumentCamera | None, on_done: Callable[[bool], None],
                 on_go_on: Callable[[], None]) -> None:
        """on_done(missing): the checklist is finished; `missing` when a required material has no image.
        on_go_on: on the missing-materials screen, the resident goes on (promising to hand them in later)."""
        super().__init__(ctx)
        self._camera = camera
        self._on_done = on_done
        self._on_go_on = on_go_on
        self._model = RowsModel(ROLES, self)
        self._service: ServiceItem | None = None
        self._photos: dict[str, Photo] = {}
        self._capturing = ""
        self._index = 0
        self._camera_ok = False
        self._error: Lazy | None = None
        self._slip = SlipJob(ctx, self.changed.emit)

    def start(self, service: ServiceItem) -> None:
        if self._service is not None and self._service.code == service.code:
            return  # back from a later screen: keep the pictures
        self._service, self._photos, self._index, self._error = service, {}, 0, None
        self._camera_ok = self._camera is not None and self._camera.available()
        self._slip.reset()
        self._refresh()

    def _materials(self) -> list[Material]:
        return list(self._service.materials) if self._service else []

    def _row(self, i: int, m: Material) -> dict[str, object]:
        photo = self._photos.get(m.name)
        return {"name": m.name, "copies": lazy("guide", "Copies: %1", m.copies)(), "note": m.note,
                "required": m.required, "captured": photo is not None,
                "thumbnail": photo.thumbnail if photo else "", "index": i}

    def _refresh(self) -> None:
        self._model.set_rows([self._row(i, m) for i, m in enumerate(self._materials())])
        self.changed.emit()

    def missing(self) -> list[Material]:
        return [m for m in self._materials() if m.required and m.name not in self._photos]

    def attachments(self) -> tuple[Attachment, ...]:
        return tuple(Attachment(m.name, p.media_type, p.data)
                     for m in self._materials() if (p := self._photos.get(m.name)) is not None)

    itemsModel = Property(QObject, lambda self: self._model, constant=True)
    cameraAvailable = Property(bool, lambda self: self._camera_ok, notify=changed)
    capturing = Property(str, lambda self: self._capturing, notify=changed)
    index = Property(int, lambda self: self._index, notify=changed)
    count = Property(int, lambda self: len(self._materials()), notify=changed)
    capturedCount = Property(int, lambda self: len(self._photos), notify=changed)
    error = Property(str, lambda self: show(self._error), notify=changed)
    missingList = Property("QVariantList", lambda self: [material_line(m) for m in self.missing()], notify=changed)
    missingCount = Property(int, lambda self: len(self.missing()), notify=changed)
    serviceName = Property(str, lambda self: self._service.name if self._service else "", notify=changed)
    timeLimit = Property(int, lambda self: self._service.time_limit_days if self._service else 0, notify=changed)
    printState = Property(str, lambda self: self._slip.state, notify=changed)
    printStatus = Property(str, lambda self: self._slip.status(), notify=changed)

    @Slot(str)
    def capture(self, name: str) -> None:
        if self._capturing or name not in {m.name for m in self._materials()}:
            return
        if not self._camera_ok or self._camera is None:
            self._error = lazy("materials", "This kiosk has no document camera. Please hand this material "
                                            "to the staff at the counter.")
            self.changed.emit()
            return
        self._capturing, self._error = name, None
        self.changed.emit()
        session = self._ctx.session()

        def done(photo: Photo) -> None:
            if session == self._ctx.session():
                self._capturing = ""
                self._photos[name] = photo
                self._refresh()

        def failed(exc: BaseException) -> None:
            if session == self._ctx.session():
                self._capturing = ""
                self._error = lazy("materials", "The picture could not be taken. Please try again, or hand "
                                                "this material to the staff.")
                self.changed.emit()

        self._camera.capture(self._ctx.runner, done, failed)

    @Slot(str)
    def remove(self, name: str) -> None:
        if self._photos.pop(name, None) is not None:
            self._refresh()

    @Slot()
    def nextItem(self) -> None:  # noqa: N802 - QML name
        """Elderly mode: one material per screen."""
        if self._index + 1 < len(self._materials()):
            self._index += 1
            self._error = None
            self.changed.emit()
        else:
            self.next()

    @Slot()
    def next(self) -> None:
        if self._service is not None and not self._capturing:
            self._on_done(bool(self.missing()))

    @Slot()
    def goOn(self) -> None:  # noqa: N802 - QML name
        if self._service is not None:
            self._on_go_on()

    @Slot()
    def printMissing(self) -> None:  # noqa: N802 - QML calls it by this camelCase name
        if self._service is not None:
            self._slip.start(self._service.name, missing_lines(self._service, self.missing()))

    def back(self) -> bool:
        if self._ctx.elderly() and self._ctx.screen() == "materials" and self._index > 0:
            self._index -= 1
            self.changed.emit()
            return True
        return False

    def reset(self) -> None:
        self._service, self._photos, self._capturing, self._index, self._error = None, {}, "", 0, None
        self._slip.reset()
        self._model.set_rows([])
        self.changed.emit()

    def retranslate(self) -> None:
        self._refresh()
