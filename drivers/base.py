"""One Protocol per device kind, the shared errors and the status model."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any, Protocol, Self, runtime_checkable

from domain.models import Person, Receipt
from domain.payment import Trade
from domain.queue import QueueTicket
from domain.text import fill

MESSAGES: set[str] = set()


def message(text: str) -> str:
    """Declare a constant message for residents; the kiosk translates it in the "drivers" context.

    Every message a driver raises is declared this way, so a test can check each has a translation.
    """
    MESSAGES.add(text)
    return text


class Note(str):
    """Technical words for a technician (why a device was offered or cannot be used, why a search found nothing,
    how a test went): the English text itself (for logs, and what `str` gives), plus a stable `code` the kiosk
    turns into a sentence in the technician's language (kiosk/viewmodels/notes.py) and the values that sentence
    takes (`args`: device paths, ids, speeds, a library's own error text, all shown verbatim). A plain str where
    a Note may be is technical only (a path, USB ids, a URI) and is shown as it is."""

    code: str
    args: tuple[str, ...]

    def __new__(cls, text: str, code: str, *args: object) -> Note:
        note = super().__new__(cls, text)
        note.code, note.args = code, tuple(str(a) for a in args)
        return note

    def __reduce__(self) -> tuple[Any, ...]:  # copy and pickle build it again with its code and values
        return Note, (str(self), self.code, *self.args)


class ClosedOnExit:
    """`with thing:` closes it on the way out: the devices and simulators that hold a port, a pty or a socket."""

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class DriverError(Exception):
    """Base of every error a driver raises."""


class UserFacingError(DriverError):
    """An error with a message meant for the person at the kiosk.

    `message` is the untranslated English source text; the kiosk translates it (kiosk/i18n) in the
    "drivers" context, so the text must be a constant string, not built with values.
    """

    def __init__(self, message: str, detail: str = "") -> None:
        super().__init__(message if not detail else f"{message} ({detail})")
        self.message = message
        self.detail = detail


class DeviceUnavailable(UserFacingError):
    """The device is not connected, not powered or does not answer."""


class NoCard(UserFacingError):
    """No card is on (in) the reader yet."""


class CardReadError(UserFacingError):
    """A card was there but what came back was unusable (bad frame, bad checksum, bad data)."""


class InvalidCard(UserFacingError):
    """The card was read but cannot be used (expired, bad ID number)."""


class PrinterError(UserFacingError):
    """The printer refused or failed the job (paper out, cover open, offline)."""


class NoScan(UserFacingError):
    """Nothing was scanned before the timeout."""


class Health(str, Enum):
    OK = "ok"
    WARNING = "warning"
    ERROR = "error"


class Condition(str, Enum):
    """What a device reports about itself, as a code: programs (the heartbeat, the print job's checks) read these,
    never the words of `DeviceStatus.reason`, which are for people and may be reworded or translated.

    Declared worst first (the most specific cause before the states it brings: a printer with its cover open is
    offline too): a status shows the words of its worst condition (DeviceStatus.of)."""

    NOT_CONNECTED = "not_connected"  # does not answer: absent, unplugged, not set up, or its service is down
    PAPER_OUT = "paper_out"
    TONER_OUT = "toner_out"
    COVER_OPEN = "cover_open"
    CUTTER_JAM = "cutter_jam"
    FAULT = "fault"  # anything else the device or its driver calls an error
    OFFLINE = "offline"  # answers but takes no work (paused, stopped, switched offline)
    PAPER_LOW = "paper_low"
    TONER_LOW = "toner_low"

    @property
    def health(self) -> Health:
        """What this condition alone makes of a device: low supplies are a warning (it still works), the rest errors."""
        return Health.WARNING if self in (Condition.PAPER_LOW, Condition.TONER_LOW) else Health.ERROR


@dataclass(frozen=True)
class DeviceStatus:
    health: Health
    reason: str = ""  # untranslated source text, like UserFacingError.message; for people only
    conditions: frozenset[Condition] = frozenset()  # every condition the device reports now

    @classmethod
    def ok(cls) -> "DeviceStatus":
        return cls(Health.OK)

    @classmethod
    def of(cls, conditions: Iterable[Condition], words: Mapping[Condition, str]) -> "DeviceStatus":
        """The status of a device reporting `conditions`: all of them, with the health and words of the worst
        (`words`: what the device says for each condition it can report); OK when there are none."""
        found = frozenset(conditions)
        if not found:
            return cls.ok()
        worst = min(found, key=list(Condition).index)
        return cls(worst.health, words[worst], found)

    @classmethod
    def error(cls, reason: str, condition: Condition) -> "DeviceStatus":
        """An ERROR status with one condition (a device that is missing, offline or broken)."""
        return cls(Health.ERROR, reason, frozenset({condition}))

    @classmethod
    def failed(cls, exc: UserFacingError) -> "DeviceStatus":
        """The status of a device whose setup or status query raised `exc`: not connected when it is unavailable."""
        return cls.error(exc.message, Condition.NOT_CONNECTED if isinstance(exc, DeviceUnavailable) else Condition.FAULT)


@runtime_checkable
class CardReader(Protocol):
    def read_person(self, timeout: float = 5.0) -> Person:
        """Wait up to `timeout` seconds for a card and return its holder; raise NoCard on timeout."""
        ...

    def status(self) -> DeviceStatus: ...

    def close(self) -> None: ...


@runtime_checkable
class ReceiptPrinter(Protocol):
    def print_receipt(self, receipt: Receipt) -> None:
        """Print one receipt, or raise PrinterError / DeviceUnavailable with the job not done."""
        ...

    def print_slip(self, title: str, lines: Sequence[str]) -> None:
        """Print an information slip (service guide, missing materials); same errors as print_receipt."""
        ...

    def print_ticket(self, ticket: QueueTicket) -> None:
        """Print a queue ticket (取号凭条); same errors as print_receipt."""
        ...

    def status(self) -> DeviceStatus: ...

    def close(self) -> None: ...


# Said by a device's driver and by the kiosk's stand-in for a device that is not set up (kiosk/wiring.py)
ID_READER_NOT_CONNECTED = message("The ID card reader is not connected.")
PRINTER_NOT_RESPONDING = message("The receipt printer is not responding.")

# What a resident reads when a result document cannot be printed (the A4 printer's backends and sync.results)
NO_A4_PRINTER = message("This kiosk has no A4 printer. Please print at the counter.")
NO_PRINTS_LEFT = message("This document has been printed as many times as allowed. Please ask the staff.")
DOCUMENT_DAMAGED = message("The document could not be checked. Please ask the staff.")
# A print the A4 printer did not take (refused, or the job stopped): the network's count is given back
A4_JOB_STOPPED = message("The A4 printer stopped the job before the document came out.")
PRINT_GIVEN_BACK = message("This print was not counted: you can print the document again when the printer is ready.")
PRINT_GIVE_BACK_OWED = message("This print will not be counted: the kiosk tells the network as soon as it can. "
                               "If you need the document now, please ask the staff.")

# The staff screen's notes from sync (sync/desk.py, sync/salvage.py; sync imports only domain and this module):
# Notes (said()) whose code is one of these, the values in %1, %2 …; the kiosk says them in the clerk's language
# (kiosk/viewmodels/notes.py), their text is the English for the logs and the diagnostics bundle.
DISK_FULL_NOTE = message("The disk is full: new applications cannot be saved. Please free some storage space.")
SALVAGED = message("The database was damaged and set aside as %1; %2 case(s) recovered from it")
SALVAGED_FROM_NETWORK = message("%1 case(s) recovered from the service network")
LOST_FILE = message("Not recovered: the damaged file could not be opened (%1)")
LOST_TABLE = message("Not recovered: table %1 could not be read (%2)")
LOST_ROW = message("Not recovered: row %2 of table %1 could not be read")
LOST_ORPHAN = message("Not recovered: row %2 of table %1 has lost its case")
LOST_SEQUENCE = message("The code sequence could not be read (%1): today's codes skip %2 numbers")
LOST_COPY = message("Not recovered: the copy of %1 waiting to be sent is missing")
LOST_MORE = message("%1 more could not be recovered")


def said(template: str, *args: object) -> Note:
    """A Note of a declared message with %1, %2 … filled in one pass (a value holding "%2" stays as it is)."""
    values = [str(a) for a in args]
    return Note(fill(template, *values), template, *values)


@runtime_checkable
class DocumentPrinter(Protocol):
    """The hall's A4 printer (result documents): a PDF in, a job id out; the job may wait in the printer's
    queue (paper out) and finish later, so callers ask `job_state` until it is done."""

    def print_pdf(self, data: bytes, copies: int = 1, title: str = "") -> str:
        """Queue the PDF; the job id. PrinterError / DeviceUnavailable (with a message) when it cannot be taken."""
        ...

    def job_state(self, job_id: str) -> str:
        """"done", "waiting" (queued or printing; the printer may be stopped) or "failed" (canceled, aborted, or
        no such job); DeviceUnavailable when the printer cannot say (its end is not known: ask again later)."""
        ...

    def status(self) -> DeviceStatus: ...

    def close(self) -> None: ...


# -- face camera ----------------------------------------------------------------------------------

CAMERA_NOT_CONNECTED = message("The camera is not connected.")
CAMERA_NO_PICTURE = message("The camera gave no picture.")


@runtime_checkable
class FaceCamera(Protocol):
    """The camera that looks at the resident (人证合一, drivers/face/): one picture when asked, none kept."""

    def grab(self, timeout: float = 5.0) -> Any:
        """One frame as an RGB numpy array (height x width x 3, uint8); DeviceUnavailable when the camera is
        missing or gives no picture within `timeout`."""
        ...

    def status(self) -> DeviceStatus: ...

    def close(self) -> None: ...


# -- scanner --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class PaymentCode:
    """A payment code (付款码) shown by the resident's phone: hand it to the payment provider."""

    code: str
    provider: str  # "wechat" | "alipay"


@dataclass(frozen=True)
class ReceiptCode:
    """A registration code from a receipt QR (or typed as a bare code): open the case."""

    code: str
    text: str  # what was scanned (the track URL or the bare code)


@dataclass(frozen=True)
class IdentityCode:
    """A dynamic identity code (亮码) from the electronic social-security card or electronic ID app: the
    network asks the identity provider who it belongs to."""

    code: str
    kind: str  # "e_sscard" | "e_id"


@dataclass(frozen=True)
class UnknownScan:
    """Anything else: the kiosk says "this code is not one we know" (reason is for the log)."""

    text: str
    reason: str = ""


Scan = PaymentCode | ReceiptCode | IdentityCode | UnknownScan


@runtime_checkable
class Scanner(Protocol):
    def next_scan(self, timeout: float = 5.0) -> Scan:
        """The next code scanned (queued ones first); raise NoScan after `timeout` seconds."""
        ...

    def subscribe(self, listener: Callable[[Scan], None]) -> Callable[[], None]:
        """Call `listener` (on a background thread) for every scan; returns the unsubscribe function."""
        ...

    def clear(self) -> None:
        """Forget scans not yet taken (a screen that starts waiting wants a fresh one)."""
        ...

    def status(self) -> DeviceStatus: ...

    def close(self) -> None: ...


# -- payment provider -----------------------------------------------------------------------------

class PaymentError(UserFacingError):
    """Base of the payment client's errors."""


class PaymentUnavailable(PaymentError):
    """The payment service could not be reached, or did not answer in time: the call's outcome is unknown."""


class PaymentRefused(PaymentError):
    """The provider said no to this call in the order's state; `code` is its reason (ORDERPAID, USERPAYING,
    ORDERREVERSED, NOTPAID, CASE_PAID, …) and `trade` the order as it stands, when known."""

    def __init__(self, message: str, code: str, trade: Trade | None = None) -> None:
        super().__init__(message, code)
        self.code = code
        self.trade = trade


class OrderNotFound(PaymentError):
    """The payment service has no order with this number (the create never reached it)."""


@runtime_checkable
class PaymentProvider(Protocol):
    """QR payments for service fees (统一公共支付), as servicenet's gateway offers them: native pay (the kiosk shows
    a QR) and micropay (the kiosk scans the payer's payment code). Every call is safe to resend with the same
    order number. Errors: PaymentUnavailable (outcome unknown), PaymentRefused, OrderNotFound."""

    def create_native(self, out_trade_no: str, case_code: str, amount_cents: int, fee_item: str,
                      expire_seconds: int = 120) -> Trade:
        """A QR order: NOTPAY with code_url and expires_at."""
        ...

    def micropay(self, out_trade_no: str, case_code: str, amount_cents: int, fee_item: str,
                 auth_code: str) -> Trade:
        """Charge a payment code: SUCCESS, USERPAYING (query until it ends) or PAYERROR."""
        ...

    def query(self, out_trade_no: str) -> Trade: ...

    def close_order(self, out_trade_no: str) -> Trade:
        """CLOSED; PaymentRefused ORDERPAID (query: it is paid) or USERPAYING (the payer is confirming)."""
        ...

    def reverse(self, out_trade_no: str) -> Trade:
        """REVOKED (money taken is given back); `recall` true: call again."""
        ...

    def refund(self, out_trade_no: str, out_refund_no: str, amount_cents: int, reason: str,
               staff_id: str) -> Trade: ...

    def orders_for_case(self, case_code: str) -> list[Trade]:
        """Every order of a case on the network (paid through another channel?)."""
        ...

    def status(self) -> DeviceStatus: ...

    def close(self) -> None: ...

