"""One Protocol per device kind, the shared errors and the status model."""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Protocol, runtime_checkable

from domain.models import Person, Receipt


MESSAGES: set[str] = set()


def message(text: str) -> str:
    """Declare a constant message for residents; the kiosk translates it in the "drivers" context.

    Every message a driver raises is declared this way, so a test can check each has a translation.
    """
    MESSAGES.add(text)
    return text


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


class Health(str, Enum):
    OK = "ok"
    WARNING = "warning"
    ERROR = "error"


@dataclass(frozen=True)
class DeviceStatus:
    health: Health
    reason: str = ""  # untranslated source text, like UserFacingError.message

    @classmethod
    def ok(cls) -> "DeviceStatus":
        return cls(Health.OK)


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

    def status(self) -> DeviceStatus: ...

    def close(self) -> None: ...
