"""The counter's payments panel (staff mode, behind the staff login): a case's orders, and a refund with a
reason, journaled by the payment desk and recorded in the audit log under the clerk's id."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from domain import regcode as codes
from domain.payment import MAX_REFUND_REASON, PayState, yuan
from drivers.base import PaymentRefused, PaymentUnavailable
from kiosk.i18n import QT_TRANSLATE_NOOP, tr
from kiosk.qt import Property, Signal, Slot
from kiosk.viewmodels.common import Context, Lazy, ScreenViewModel, date_text, lazy, show
from sync.payments import Order

STATE_WORDS = {
    PayState.NEW: QT_TRANSLATE_NOOP("staff", "starting"),
    PayState.NOTPAY: QT_TRANSLATE_NOOP("staff", "not paid"),
    PayState.USERPAYING: QT_TRANSLATE_NOOP("staff", "waiting for the payer"),
    PayState.SUCCESS: QT_TRANSLATE_NOOP("staff", "paid"),
    PayState.PAYERROR: QT_TRANSLATE_NOOP("staff", "declined"),
    PayState.CLOSED: QT_TRANSLATE_NOOP("staff", "closed unpaid"),
    PayState.REVOKED: QT_TRANSLATE_NOOP("staff", "cancelled"),
    PayState.REFUND: QT_TRANSLATE_NOOP("staff", "refunded"),
}

# why the payment service said no to a refund, in the clerk's words (the driver's code is for the journal)
REFUSALS = {
    "ORDERREVERSED": QT_TRANSLATE_NOOP("payment", "This payment was already refunded or cancelled."),
    "NOTPAID": QT_TRANSLATE_NOOP("payment", "This order was not paid: there is nothing to refund."),
}
REFUSED = QT_TRANSLATE_NOOP("payment", "The payment service refused the refund. Please ask the payment administrator.")


class RefundsViewModel(ScreenViewModel):
    """kiosk.staff.payments in QML."""

    changed = Signal()

    def __init__(self, ctx: Context, staff_id: Callable[[], str], record: Callable[..., None]) -> None:
        super().__init__(ctx)
        self._staff_id = staff_id  # the clerk logged in ("" = nobody: nothing here works)
        self._record = record
        self._code = ""
        self._orders: list[Order] = []
        self._status: Lazy | None = None

    def _rows(self) -> list[dict[str, Any]]:
        return [{"orderNo": o.out_trade_no, "state": tr("staff", STATE_WORDS[o.state]), "amount": yuan(o.amount_cents),
                 "paidAt": date_text(o.paid_at.astimezone()) if o.paid_at else "",
                 "refundable": o.state == PayState.SUCCESS} for o in self._orders]

    orders = Property("QVariantList", _rows, notify=changed)
    status = Property(str, lambda self: show(self._status), notify=changed)

    @Slot(str)
    def lookup(self, code: str) -> None:
        """The orders of one case (by its registration code, as printed on the receipt)."""
        payments = self._ctx.services.payments
        if payments is None or not self._staff_id():
            return
        try:
            code = codes.validate(code)
        except codes.InvalidCode:
            self._orders, self._status = [], lazy("staff", "That is not a registration code.")
            self.changed.emit()
            return
        self._code, self._status = code, None
        self._load(code)

    def _load(self, code: str) -> None:
        payments = self._ctx.services.payments
        if payments is None:
            return

        def found(orders: list[Order]) -> None:
            self._orders = orders
            if not orders:
                self._status = lazy("staff", "No payments for this case.")
            self.changed.emit()

        self._ctx.runner.run(lambda: payments.orders(code), found, self._failed)

    @Slot(str, str)
    def refund(self, order_no: str, reason: str) -> None:
        """Give a paid order's money back (journaled, then told to the network as a case event)."""
        payments, staff_id, code = self._ctx.services.payments, self._staff_id(), self._code
        if payments is None or not staff_id:
            return
        if not reason.strip():
            self._status = lazy("staff", "Write down why the money goes back.")
            self.changed.emit()
            return
        if len(reason.strip()) > MAX_REFUND_REASON:
            self._status = lazy("staff", "Say why in at most %1 characters.", MAX_REFUND_REASON)
            self.changed.emit()
            return
        self._status = lazy("payment", "Refunding…")
        self.changed.emit()

        def job() -> Order:
            order = payments.refund(order_no, reason, staff_id)
            self._record("staff_action", staff_id, action="refund", order_no=order_no, state=order.state.value)
            return order

        def done(order: Order) -> None:
            ok = order.state == PayState.REFUND
            self._status = lazy("payment", "Refunded %1.", yuan(order.amount_cents)) if ok else \
                lazy("payment", "The refund is not confirmed yet; it will be retried.")
            self._load(code)

        self._ctx.runner.run(job, done, self._failed)

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, PaymentUnavailable):
            self._status = lazy("staff", "The payment service cannot be reached now. Try again later.")
            self.changed.emit()
            return
        code = exc.code if isinstance(exc, PaymentRefused) else ""
        self._status = lazy("payment", REFUSALS.get(code, REFUSED))
        if self._code:
            self._load(self._code)  # the refusal told the books how the order stands: the list shows it
        self.changed.emit()

    def reset(self) -> None:
        self._code, self._orders, self._status = "", [], None
        self.changed.emit()
