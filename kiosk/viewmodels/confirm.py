"""Check the answers (masked), then submit: store the case first, print after."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from domain import idnumber
from domain.models import (
    POST_FIELDS,
    Commitment,
    FaceCheck,
    Material,
    Person,
    Receipt,
    ServiceItem,
    default_delivery,
    mask_name,
)
from kiosk.qt import Property, Signal, Slot
from kiosk.viewmodels.common import Context, Lazy, ScreenViewModel, lazy, mask_address, mask_phone, show
from kiosk.viewmodels.fields import Field
from sync.diskfull import DiskFull
from sync.model import Application, Attachment


def masked(f: Field) -> str:
    value = f.value.strip()
    if not value:
        return ""
    if f.kind == "id_number" or f.prefill_key == "id_number":
        return idnumber.mask(value.upper())
    if f.prefill_key == "name":
        return mask_name(value)
    if f.kind == "phone":
        return mask_phone(value)
    if f.kind == "address":
        return mask_address(value)
    return value


@dataclass
class Draft:
    """Everything the screens before gathered, frozen into an Application on submit."""

    service: ServiceItem
    applicant: Person
    fields: list[Field]
    form: dict[str, Any]
    agent: Person | None = None
    attachments: tuple[Attachment, ...] = ()
    missing: list[Material] = field(default_factory=list)
    assisted_by: str = ""  # 代办 at the counter: the clerk's staff id, for this application only
    commitment: Commitment | None = None  # 告知承诺书 as signed: kept with the case, not dropped
    delivery: str = "window"  # 窗口领取 / 自助终端打印 / 邮寄: one of service.delivery_methods (prepare)
    face_check: FaceCheck | None = None  # 人证合一's outcome, where the service asked for it

    def application(self) -> Application:
        return Application(service=self.service, applicant=self.applicant, form=dict(self.form),
                           attachments=self.attachments, agent=self.agent, assisted_by=self.assisted_by,
                           commitment=self.commitment, delivery=self.delivery, face_check=self.face_check)


POST_NEEDS = lazy("confirm", "To receive it by post, fill in your address and phone on the form.")


def ways(draft: Draft) -> tuple[str, ...]:
    """The service's ways of collecting its result this application can take: a kiosk posts to the form's address
    and phone, so 邮寄 is not offered on a form without both fields (unless it is all the service offers, which
    import-catalogue refuses)."""
    names = {f.name for f in draft.fields}
    offered = draft.service.delivery_methods
    return tuple(m for m in offered if m != "post" or POST_FIELDS <= names) or offered


class ConfirmViewModel(ScreenViewModel):
    changed = Signal()

    def __init__(self, ctx: Context, on_receipt: Callable[[Receipt], None]) -> None:
        super().__init__(ctx)
        self._on_receipt = on_receipt
        self._draft: Draft | None = None
        self._submitting = False
        self._error: Lazy | None = None

    def prepare(self, draft: Draft) -> None:
        can = ways(draft)  # the catalogue's (a card is never printed here), 邮寄 only to the form's address
        if draft.delivery not in can:
            draft.delivery = default_delivery(can)
        self._draft = draft
        self._error = None
        self.changed.emit()

    def _summary(self) -> list[dict[str, str]]:
        d = self._draft
        return [{"label": f.title, "value": masked(f)} for f in (d.fields if d else []) if f.value.strip()]

    def _materials(self) -> str:
        d = self._draft
        if d is None:
            return ""
        pictures = sum(1 for a in d.attachments if a.slot != "signature")
        text = lazy("confirm", "%1 photographed", pictures)()
        if d.missing:
            text += "；" + lazy("confirm", "to hand in later: %1", "、".join(m.name for m in d.missing))()
        return text

    def _person(self, attr: str, agent: bool = False) -> str:
        d = self._draft
        p = (d.agent if agent else d.applicant) if d else None
        return str(getattr(p, attr)) if p else ""

    summary = Property("QVariantList", _summary, notify=changed)
    serviceName = Property(str, lambda self: self._draft.service.name if self._draft else "", notify=changed)
    maskedName = Property(str, lambda self: self._person("masked_name"), notify=changed)
    maskedId = Property(str, lambda self: self._person("masked_id"), notify=changed)
    onBehalf = Property(bool, lambda self: bool(self._draft and self._draft.agent), notify=changed)
    agentMaskedName = Property(str, lambda self: self._person("masked_name", True), notify=changed)
    agentMaskedId = Property(str, lambda self: self._person("masked_id", True), notify=changed)
    materials = Property(str, _materials, notify=changed)
    signed = Property(bool, lambda self: bool(self._draft and any(a.slot == "signature"
                                                                 for a in self._draft.attachments)),
                      notify=changed)
    submitting = Property(bool, lambda self: self._submitting, notify=changed)
    error = Property(str, lambda self: show(self._error), notify=changed)
    delivery = Property(str, lambda self: self._draft.delivery if self._draft else "window", notify=changed)
    # the ways the service's catalogue entry offers, in its order; one only: the screen asks nothing
    deliveryMethods = Property("QVariantList", lambda self: list(ways(self._draft)) if self._draft else [],
                               notify=changed)
    canPost = Property(bool, lambda self: bool(self._draft and str(self._draft.form.get("address", "")).strip()
                                               and str(self._draft.form.get("phone", "")).strip()), notify=changed)

    @Slot(str)
    def chooseDelivery(self, method: str) -> None:  # noqa: N802 - QML name
        """How the result is collected; post goes to the address and phone on the form."""
        if self._draft is None or method not in ways(self._draft):  # only what it offers
            return
        if method == "post" and not self.canPost:
            self._error = POST_NEEDS
        else:
            self._draft.delivery, self._error = method, None
        self.changed.emit()

    @Slot()
    def submit(self) -> None:
        if self._submitting or self._draft is None:
            return
        if self._draft.delivery == "post" and not self.canPost:  # a service collected by post only
            self._error = POST_NEEDS
            self.changed.emit()
            return
        application = self._draft.application()
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
            if isinstance(exc, DiskFull):  # the staff screen and the heartbeat say 磁盘已满 too
                self._error = lazy("confirm", "This kiosk's storage is full, so your application was not saved. "
                                              "Please ask the staff for help.")
            else:
                self._error = lazy("confirm", "Your application could not be saved. Nothing was sent. "
                                              "Please try again or ask the staff.")
            self.changed.emit()

        self._ctx.runner.run(lambda: cases.enqueue(application), done, failed)

    def reset(self) -> None:
        self._draft = None
        self._submitting = False
        self._error = None
        self.changed.emit()
