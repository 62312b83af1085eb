"""The receipt screen: the registration code, its QR, and printing (with reprint when it failed)."""
from __future__ import annotations

import base64
import io
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

import qrcode

from domain import regcode
from domain.models import Receipt
from drivers.base import UserFacingError
from kiosk.i18n import tr_error
from kiosk.qt import Property, Signal, Slot
from kiosk.viewmodels.common import Context, Lazy, ScreenViewModel, date_text, days_text, lazy, show

if TYPE_CHECKING:
    from kiosk.services import Services

log = logging.getLogger(__name__)

IDLE, PRINTING, PRINTED, FAILED = "", "printing", "printed", "failed"


def qr_data_url(text: str) -> str:
    img = qrcode.make(text, box_size=8, border=2)
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def print_stored(services: Services, receipt: Receipt) -> None:
    """Print a stored case's receipt (blocking: run it off the GUI thread), then note it printed."""
    services.printer.print_receipt(receipt)
    try:
        services.cases.mark_printed(receipt.code)
    except Exception:  # the paper is out of the printer: that is what the resident needs
        log.exception("could not mark %s as printed", receipt.code)


class ReceiptViewModel(ScreenViewModel):
    changed = Signal()

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self._receipt: Receipt | None = None
        self._qr = ""
        self._state = IDLE
        self._print_error: Lazy | None = None

    @property
    def receipt(self) -> Receipt | None:
        return self._receipt

    def show(self, receipt: Receipt) -> None:
        self._receipt = receipt
        self._qr = qr_data_url(receipt.track_url)
        self.changed.emit()
        self._print(lambda: receipt)

    def _status(self) -> str:
        if self._state == PRINTING:
            return lazy("receipt", "Printing your receipt…")()
        if self._state == PRINTED:
            return lazy("receipt", "Your receipt is printed. Please take it.")()
        if self._state == FAILED:
            return lazy("receipt", "Receipt not printed — please ask the staff, or tap Reprint.")()
        return ""

    def _get(self, attr: str) -> str:
        return str(getattr(self._receipt, attr)) if self._receipt else ""

    code = Property(str, lambda self: self._get("code"), notify=changed)
    prettyCode = Property(str, lambda self: regcode.pretty(self._receipt.code) if self._receipt else "",
                          notify=changed)
    qr = Property(str, lambda self: self._qr, notify=changed)
    serviceName = Property(str, lambda self: self._get("service_name"), notify=changed)
    department = Property(str, lambda self: self._get("department"), notify=changed)
    submittedAt = Property(str, lambda self: date_text(self._receipt.submitted_at) if self._receipt else "",
                           notify=changed)
    timeLimit = Property(str, lambda self: days_text(self._receipt.time_limit_days) if self._receipt else "",
                         notify=changed)
    dueDate = Property(str, lambda self: date_text(self._receipt.due_date) if self._receipt else "", notify=changed)
    printState = Property(str, lambda self: self._state, notify=changed)
    printStatus = Property(str, _status, notify=changed)
    printError = Property(str, lambda self: show(self._print_error), notify=changed)
    canReprint = Property(bool, lambda self: self._receipt is not None and self._state in (FAILED, PRINTED),
                          notify=changed)

    @Slot()
    def reprint(self) -> None:
        if self._receipt is None or self._state == PRINTING:
            return
        cases, code = self._ctx.services.cases, self._receipt.code
        self._print(lambda: cases.receipt(code))

    def _print(self, get_receipt: Callable[[], Receipt]) -> None:
        self._state = PRINTING
        self._print_error = None
        self.changed.emit()
        services = self._ctx.services

        def failed(exc: BaseException) -> None:
            self._state = FAILED
            self._print_error = (lambda: tr_error(exc)) if isinstance(exc, UserFacingError) else None
            self.changed.emit()

        self._ctx.runner.run(lambda: print_stored(services, get_receipt()), lambda _: self._done(), failed)

    def _done(self) -> None:
        self._state = PRINTED
        self.changed.emit()

    def reset(self) -> None:
        self._receipt = None
        self._qr = ""
        self._state = IDLE
        self._print_error = None
        self.changed.emit()
