"""The services the view-models use: one object built by app.py, so tests can build their own.

Every method here may block (disk, serial, network): view-models call them through kiosk.tasks.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Callable, Protocol

from domain.models import Receipt, ServiceItem
from drivers.base import CardReader, ReceiptPrinter
from sync.model import Application, LocalCase, SyncHealth


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


class SyncService(Protocol):
    def health(self) -> SyncHealth: ...

    def quarantined(self) -> list[LocalCase]:
        """Quarantined cases, each with its reason in last_error."""
        ...

    def requeue(self, code: str) -> None: ...

    def export(self, code: str) -> bytes:
        """The frozen case (JSON bytes) for staff to hand over by other means."""
        ...

    def wake(self) -> None:
        """Send now rather than at the next interval."""
        ...


@dataclass
class Services:
    catalogue: CatalogueService
    cases: CaseService
    reader: CardReader
    printer: ReceiptPrinter
    clock: Callable[[], datetime]
    sync: SyncService | None = None
