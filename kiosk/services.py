"""The services the view-models use: one object built by kiosk.wiring.build_runtime, so tests can build their own.

Every method here may block (disk, serial, network): view-models call them through kiosk.tasks.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:  # names for the signatures only: the window imports this before the services exist
    from domain.models import Person, Receipt, ServiceItem
    from domain.queue import QueueTicket
    from domain.results import ResultDoc
    from drivers.base import CardReader, ReceiptPrinter
    from drivers.face.matcher import Comparison
    from kiosk.staff.backend import StaffBackend
    from sync.hall import Appointment, Business
    from sync.model import Application, LocalCase, SyncHealth
    from sync.payments import Order
    from sync.results import Printed, ResultCase


class CatalogueService(Protocol):
    def categories(self) -> list[str]: ...
    def items(self, category: str | None = None) -> list[ServiceItem]: ...
    def search(self, text: str, limit: int = 50) -> list[ServiceItem]: ...
    def get(self, code: str) -> ServiceItem | None: ...


class CaseService(Protocol):
    def enqueue(self, application: Application) -> Receipt:
        """Store the case durably (one transaction) and return its receipt; never needs the network."""
        ...

    def receipt(self, code: str) -> Receipt:
        """The receipt of a stored case, marked as a reprint."""
        ...

    def mark_printed(self, code: str) -> None: ...

    def get(self, code: str) -> LocalCase | None: ...

    def refresh(self, code: str) -> LocalCase | None:
        """Ask the network for this case's status now; raise sync.model.Offline when unreachable."""
        ...

    def cases_for_person(self, id_number: str) -> list[LocalCase]:
        """This person's cases from both channels (kiosk and web): local at once, merged with the network's
        when it answers (never raises Offline: returns what is known locally)."""
        ...

    def rate(self, code: str, level: int, reasons: tuple[str, ...] = ()) -> None:
        """Queue a 好差评 rating (level in sync.model.RATING_LEVELS) as a case event; synced like a case."""
        ...


class QueueService(Protocol):
    """The hall's queue (sync.hall.HallClient): raises sync.hall.HallUnavailable or domain.queue.QueueRefused."""

    def businesses(self) -> tuple[str, list[Business]]: ...

    def appointment(self, person: Person) -> Appointment | None:
        """The card holder's appointment today at this hall (None when there is none)."""
        ...

    def take(self, prefix: str, person: Person | None = None) -> QueueTicket: ...


class ResultService(Protocol):
    """结果领取 (sync.results.ResultDesk): Offline / RetryLater from the network, PrinterError from the printer
    (sync.results.NotPrinted: the printer did not take the print, and it was given back)."""

    def for_person(self, person: Person) -> list[ResultCase]: ...

    def for_code(self, code: str) -> list[ResultCase]: ...

    def print(self, doc: ResultDoc, copies: int = 1) -> Printed: ...

    def hand_in(self, code: str, photos: list[tuple[bytes, str]]) -> dict[str, object]: ...


class SyncService(Protocol):
    def health(self) -> SyncHealth: ...

    def quarantined(self) -> list[LocalCase]:
        """Quarantined cases, each with its reason in last_error."""
        ...

    def requeue(self, code: str) -> None: ...

    def acknowledge_salvage(self, staff_id: str, now: datetime) -> bool:
        """Staff have read the note about a damaged kiosk.db (SyncHealth.salvaged): take it off the screen."""
        ...

    def export(self, code: str) -> bytes:
        """The frozen case (JSON bytes) for staff to hand over by other means."""
        ...

    def wake(self) -> None:
        """Send now rather than at the next interval."""
        ...

    def send_diagnostics(self, name: str, data: bytes, staff_id: str) -> dict[str, Any]:
        """A diagnostics bundle to the network; {"id", "size", "sha256"} as kept there. Offline when it cannot
        be reached, sync.client.TooLarge past its limit, NetworkRefused when it says no."""
        ...


class PaymentService(Protocol):
    """Service fees by QR (sync.payments.PaymentDesk). Orders are journaled before and after every call;
    PaymentUnavailable (drivers.base) means the gateway could not be reached: the fee can be paid later.
    The fee screen's phases are sync.payments.checkout's; each of its steps is one call here."""

    def begin(self, code: str, amount_cents: int, fee_item: str) -> Order:
        """Record the case's due, then a QR order (NOTPAY, code_url); AlreadyPaid / PaymentBusy
        (sync.payments) when it cannot start."""
        ...

    def poll(self, no: str) -> Order: ...

    def give_up(self, no: str) -> Order:
        """Close the order (timeout, cancel), then query: paid meanwhile stays paid."""
        ...

    def switch_to_code(self, code: str, amount_cents: int, fee_item: str, auth_code: str, open_no: str = "",
                       cancelled: Callable[[], bool] = ...) -> Order:
        """Close the QR order `open_no` (paid meanwhile: that is the payment), else charge the payment code;
        waits out USERPAYING (about 30 s), reverses on timeout."""
        ...

    def release(self, no: str) -> None:
        """The screen is done with the order (reconcile may settle it)."""
        ...

    def pay_later(self, receipt: Receipt) -> Receipt:
        """The resident pays later (receipt QR, web, counter): the network is told the fee is owed; the
        receipt says how to pay."""
        ...

    def walked_off(self, code: str, open_no: str = "") -> None:
        """The session ended with the fee unsettled: close the open QR order; unless paid, the fee is owed."""
        ...

    def annotate(self, receipt: Receipt) -> Receipt:
        """The receipt with the amount, order number and paid time, or how to pay later."""
        ...

    def orders(self, code: str) -> list[Order]: ...

    def refund(self, order_no: str, reason: str, staff_id: str) -> Order:
        """Staff (counter mode, behind the staff login): give a paid order's money back; journaled."""
        ...


class IdentityService(Protocol):
    def verify_qr(self, code: str) -> Person:
        """Who a scanned 亮码 (electronic social-security card / electronic ID) belongs to, as the network's
        identity provider says; sync.qrid.QrRefused for a refused code, sync.model.Offline when unreachable."""
        ...


class FaceService(Protocol):
    """人证合一 (drivers.face.FaceCheck): the camera's face against a card's photo."""

    def prepare(self) -> None:
        """Load the model now (about half a second), ahead of the first comparison."""
        ...

    def compare(self, photo: bytes, timeout: float = 5.0) -> Comparison:
        """One picture from the camera against `photo`; DeviceUnavailable when the camera gives none."""
        ...

    def selftest(self) -> str:
        """Load the model, take one picture and say what was seen (the kiosk's --selftest)."""
        ...


@dataclass
class Services:
    catalogue: CatalogueService
    cases: CaseService
    reader: CardReader
    printer: ReceiptPrinter
    clock: Callable[[], datetime]
    sync: SyncService | None = None
    payments: PaymentService | None = None  # None: no payment step (fees are paid at the counter)
    staff: StaffBackend | None = None  # staff login, provisioning, supervision (None in resident-only tests)
    identity: IdentityService | None = None  # QR identity (亮码) through the network; None: cards only
    queue: QueueService | None = None  # the hall's queue (取号); None where the kiosk has no hall node
    results: ResultService | None = None  # 结果领取 (result documents on the A4 printer); None: not offered
    face: FaceService | None = None  # 人证合一's camera; None: a clerk confirms residents where an item asks

