"""Check the answers (masked), then submit: store the case first, print after."""
from __future__ import annotations

from typing import Any, Callable

from domain import idnumber
from domain.models import Person, Receipt, ServiceItem, mask_name
from kiosk.qt import Property, QObject, Signal, Slot
from kiosk.viewmodels.common import Context, Lazy, lazy, show
from kiosk.viewmodels.fields import Field
from sync.model import Application


def masked(f: Field) -> str:
    value = f.value.strip()
    if not value:
        return ""
    if f.kind == "id_number" or f.prefill_key == "id_number":
        return idnumber.mask(value.upper())
    if f.prefill_key == "name":
        return mask_name(value)
    if f.kind == "phone" and len(value) == 11:
        return value[:3] + "****" + value[-4:]
    return value


class ConfirmViewModel(QObject):
    changed = Signal()

    def __init__(self, ctx: Context, on_receipt: Callable[[Receipt], None]) -> None:
        super().__init__()
        self._ctx = ctx
        self._on_receipt = on_receipt
        self._service: ServiceItem | None = None
        self._person: Person | None = None
        self._fields: list[Field] = []
        self._form: dict[str, Any] = {}
        self._submitting = False
        self._error: Lazy | None = None

    def prepare(self, service: ServiceItem, person: Person, fields: list[Field], form: dict[str, Any]) -> None:
        self._service, self._person, self._fields, self._form = service, person, fields, form
        self._error = None
        self.changed.emit()

    def _summary(self) -> list[dict[str, str]]:
        return [{"label": f.title, "value": masked(f)} for f in self._fields if f.value.strip()]

    summary = Property("QVariantList", _summary, notify=changed)
    serviceName = Property(str, lambda self: self._service.name if self._service else "", notify=changed)
    maskedName = Property(str, lambda self: self._person.masked_name if self._person else "", notify=changed)
    maskedId = Property(str, lambda self: self._person.masked_id if self._person else "", notify=changed)
    submitting = Property(bool, lambda self: self._submitting, notify=changed)
    error = Property(str, lambda self: show(self._error), notify=changed)

    @Slot()
    def submit(self) -> None:
        if self._submitting or self._service is None or self._person is None:
            return
        application = Application(service=self._service, applicant=self._person, form=dict(self._form))
        self._submitting = True
        self._error = None
        self.changed.emit()
        cases = self._ctx.services.cases

        def done(receipt: Receipt) -> None:
            self._submitting = False
            self.changed.emit()
            self._on_receipt(receipt)  # the case is stored: go on even if the resident walked off

        def failed(exc: BaseException) -> None:
            self._submitting = False
            self._error = lazy("confirm", "Your application could not be saved. Nothing was sent. "
                                          "Please try again or ask the staff.")
            self.changed.emit()

        self._ctx.runner.run(lambda: cases.enqueue(application), done, failed)

    def reset(self) -> None:
        self._service, self._person, self._fields, self._form = None, None, [], {}
        self._submitting = False
        self._error = None
        self.changed.emit()

    def retranslate(self) -> None:
        self.changed.emit()
