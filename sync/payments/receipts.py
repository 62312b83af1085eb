"""The case book whose receipts carry the case's payment (amount, order number, paid time, or how to pay
later), for reprints at the kiosk and the counter. Every other call goes to the case book unchanged."""
from __future__ import annotations

from domain.models import Receipt
from sync.cases import CaseBook
from sync.model import Application, LocalCase
from sync.payments.desk import PaymentDesk


class PaidReceipts:
    """Implements kiosk.services.CaseService over a CaseBook and the payment desk."""

    def __init__(self, cases: CaseBook, desk: PaymentDesk) -> None:
        self._cases, self._desk = cases, desk

    def enqueue(self, application: Application) -> Receipt:
        return self._cases.enqueue(application)

    def receipt(self, code: str) -> Receipt:
        return self._desk.annotate(self._cases.receipt(code))

    def mark_printed(self, code: str) -> None:
        self._cases.mark_printed(code)

    def get(self, code: str) -> LocalCase | None:
        return self._cases.get(code)

    def refresh(self, code: str) -> LocalCase | None:
        return self._cases.refresh(code)

    def cases_for_person(self, id_number: str) -> list[LocalCase]:
        return self._cases.cases_for_person(id_number)

    def rate(self, code: str, level: int, reasons: tuple[str, ...] = ()) -> None:
        self._cases.rate(code, level, reasons)
