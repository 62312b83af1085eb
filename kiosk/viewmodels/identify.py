"""Read the resident's ID card; keep the Person for the form and the application."""
from __future__ import annotations

from typing import Callable

from domain.models import Person
from kiosk.i18n import tr_error
from kiosk.qt import Property, QObject, Signal, Slot
from kiosk.viewmodels.common import Context, Lazy, lazy, show
from drivers.base import UserFacingError


class IdentifyViewModel(QObject):
    changed = Signal()

    def __init__(self, ctx: Context, on_person: Callable[[Person], None]) -> None:
        super().__init__()
        self._ctx = ctx
        self._on_person = on_person
        self._person: Person | None = None
        self._reading = False
        self._error: Lazy | None = None

    @property
    def person(self) -> Person | None:
        return self._person

    reading = Property(bool, lambda self: self._reading, notify=changed)
    error = Property(str, lambda self: show(self._error), notify=changed)
    hasPerson = Property(bool, lambda self: self._person is not None, notify=changed)
    maskedName = Property(str, lambda self: self._person.masked_name if self._person else "", notify=changed)
    maskedId = Property(str, lambda self: self._person.masked_id if self._person else "", notify=changed)

    @Slot()
    def readCard(self) -> None:  # noqa: N802 - QML name
        if self._reading:
            return
        self._reading = True
        self._error = None
        self.changed.emit()
        session = self._ctx.session()
        reader, timeout = self._ctx.services.reader, self._ctx.card_timeout_s

        def done(person: Person) -> None:
            if session != self._ctx.session():
                return
            self._reading = False
            today = self._ctx.services.clock().date()
            if person.is_expired(today):
                self._error = lazy("identify", "This ID card has expired. Please use a valid ID card.")
                self.changed.emit()
                return
            self._person = person
            self.changed.emit()
            self._on_person(person)

        def failed(exc: BaseException) -> None:
            if session != self._ctx.session():
                return
            self._reading = False
            if isinstance(exc, UserFacingError):
                self._error = lambda: tr_error(exc)
            else:
                self._error = lazy("identify", "The card could not be read. Please take it off and try again.")
            self.changed.emit()

        self._ctx.runner.run(lambda: reader.read_person(timeout), done, failed)

    def reset(self) -> None:
        self._person = None
        self._reading = False
        self._error = None
        self.changed.emit()

    def retranslate(self) -> None:
        self.changed.emit()
