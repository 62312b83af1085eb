"""取号: take a number for the hall's queue. Choose the business; identifying with the ID card is optional and
gives priority where the hall's rules say so (an appointment today, aged 70 or more). The ticket is printed."""
from __future__ import annotations

import logging
from typing import Any

from domain.models import Person
from domain.queue import QueueRefused, QueueTicket
from drivers.base import UserFacingError
from kiosk.i18n import QT_TRANSLATE_NOOP, tr
from kiosk.qt import Property, Signal, Slot
from kiosk.viewmodels.common import Context, Lazy, ScreenViewModel, lazy, show
from sync.hall import Appointment, Business, HallUnavailable

log = logging.getLogger(__name__)
CHOOSE, DONE = "choose", "done"
# the businesses a hall starts with (servicenet/hall/queue.py), in the resident's language; others show as named
NAMES = {"综合窗口": QT_TRANSLATE_NOOP("queue", "General counter"),
         "个人办事": QT_TRANSLATE_NOOP("queue", "Personal services"),
         "法人办事": QT_TRANSLATE_NOOP("queue", "Business services")}
PRIORITY = {"老年人优先": QT_TRANSLATE_NOOP("queue", "Priority: aged 70 or over"),
            "预约优先": QT_TRANSLATE_NOOP("queue", "Priority: appointment")}

# Why no number was given, in the resident's words (else the driver's or the generic ones).
NO_NUMBER = {
    HallUnavailable: lazy("queue", "Numbers cannot be taken here right now. Please ask at the service desk."),
    QueueRefused: lazy("queue", "This number cannot be given now. Please ask at the service desk."),
}


def business_name(name: str) -> str:
    return tr("queue", NAMES[name]) if name in NAMES else name


class QueueViewModel(ScreenViewModel):
    changed = Signal()

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self._businesses: list[Business] = []
        self._hall = ""
        self._person: Person | None = None
        self._appointment: Appointment | None = None
        self._ticket: QueueTicket | None = None
        self._step = CHOOSE
        self._busy = ""  # "" | loading | reading | taking
        self._error: Lazy | None = None
        self._printed: Lazy | None = None

    def reset(self) -> None:
        self._businesses, self._person, self._ticket, self._step = [], None, None, CHOOSE
        self._appointment = None
        self._busy, self._error, self._printed = "", None, None

    def _rows(self) -> list[dict[str, Any]]:
        return [{"prefix": b.prefix, "name": business_name(b.name),
                 "waiting": lazy("queue", "%1 waiting", b.waiting)()} for b in self._businesses]

    def _field(self, name: str) -> str:
        if self._ticket is None:
            return ""
        t = self._ticket
        return {"number": t.number, "business": business_name(t.business),
                "ahead": lazy("queue", "%1 people before you", t.ahead)(),
                "estimate": lazy("queue", "About %1 minutes", t.estimate_minutes)() if t.estimate_minutes
                else tr("queue", "You will be called soon"),
                "priority": tr("queue", PRIORITY[t.priority_label]) if t.priority_label in PRIORITY else ""}[name]

    available = Property(bool, lambda self: self._ctx.services.queue is not None, constant=True)
    step = Property(str, lambda self: self._step, notify=changed)
    busy = Property(str, lambda self: self._busy, notify=changed)
    businesses = Property("QVariantList", _rows, notify=changed)
    hallName = Property(str, lambda self: self._hall, notify=changed)
    error = Property(str, lambda self: show(self._error), notify=changed)
    hasPerson = Property(bool, lambda self: self._person is not None, notify=changed)
    maskedName = Property(str, lambda self: self._person.masked_name if self._person else "", notify=changed)
    number = Property(str, lambda self: self._field("number"), notify=changed)
    business = Property(str, lambda self: self._field("business"), notify=changed)
    ahead = Property(str, lambda self: self._field("ahead"), notify=changed)
    estimate = Property(str, lambda self: self._field("estimate"), notify=changed)
    priority = Property(str, lambda self: self._field("priority"), notify=changed)
    printed = Property(str, lambda self: show(self._printed), notify=changed)
    preselected = Property(str, lambda self: self._appointment.prefix if self._appointment else "", notify=changed)
    appointmentTime = Property(str, lambda self: self._appointment.start if self._appointment else "", notify=changed)
    appointmentService = Property(str, lambda self: self._appointment.service_name if self._appointment else "",
                                  notify=changed)

    def prompt(self) -> Lazy:
        if self._step == DONE:
            return lazy("voice", "Your number is %1. Please take your ticket and wait to be called.",
                        self._ticket.number if self._ticket else "")
        return lazy("voice", "Touch the business you came for. With an appointment, or if you are 70 or older, "
                             "put your ID card on the reader first.")

    @Slot()
    def open(self) -> None:
        self.reset()
        self._ctx.navigate("queue")
        self._load()

    def _load(self) -> None:
        queue = self._ctx.services.queue
        if queue is None:
            self._error = lazy("queue", "This kiosk cannot give numbers. Please ask at the service desk.")
            self.changed.emit()
            return
        self._busy = "loading"
        self.changed.emit()

        def done(found: tuple[str, list[Business]]) -> None:
            self._hall, self._businesses = found
            self._busy = ""
            if not self._businesses:  # a hall with nothing to queue for: words, not an empty list
                self._error = lazy("queue", "No numbers are given here at the moment. Please ask at the service desk.")
            self.changed.emit()

        self._ctx.runner.run(queue.businesses, *self._ctx.for_session(done, self._failed))

    def _failed(self, exc: BaseException) -> None:
        self._busy = ""
        self._error = self._ctx.words_for(exc, NO_NUMBER)
        self.changed.emit()

    @Slot()
    def readCard(self) -> None:  # noqa: N802 - QML name
        if self._busy:
            return
        self._busy, self._error = "reading", None
        self.changed.emit()
        reader, timeout = self._ctx.services.reader, self._ctx.card_timeout_s
        queue = self._ctx.services.queue

        def work() -> tuple[Person, Appointment | None]:
            person = reader.read_person(timeout)
            try:  # an appointment today preselects its business; without the hall the card still gives priority
                return person, queue.appointment(person) if queue is not None else None
            except (HallUnavailable, QueueRefused):
                log.warning("could not look up today's appointment", exc_info=True)
                return person, None

        def done(found: tuple[Person, Appointment | None]) -> None:
            (self._person, self._appointment), self._busy = found, ""
            self.changed.emit()

        self._ctx.runner.run(work, *self._ctx.for_session(done, self._failed))

    @Slot(str)
    def take(self, prefix: str) -> None:
        queue = self._ctx.services.queue
        if self._busy or queue is None:
            return
        self._busy, self._error = "taking", None
        self.changed.emit()
        person, printer = self._person, self._ctx.services.printer

        def work() -> tuple[QueueTicket, bool]:
            ticket = queue.take(prefix, person)
            try:
                printer.print_ticket(ticket)
            except UserFacingError:
                return ticket, False
            return ticket, True

        def done(result: tuple[QueueTicket, bool]) -> None:
            self._ticket, ok = result
            self._busy, self._step = "", DONE
            self._printed = lazy("queue", "Please take your ticket below.") if ok else lazy(
                "queue", "The ticket could not be printed. Please remember your number.")
            self._person = self._appointment = None  # the card's holder is not kept past the ticket
            self.changed.emit()
            self._ctx.navigate("queue")

        self._ctx.runner.run(work, *self._ctx.for_session(done, self._failed))
