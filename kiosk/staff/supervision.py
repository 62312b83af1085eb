"""Supervision (电子监察) of the resident's steps: each submission and each card read goes in the audit log;
and each person read is told to the log redactor (kiosk.logs) before anything can log them.

Each wrapper is a class that implements its Protocol method by method (kiosk.services.CaseService,
drivers.base.CardReader), built once in kiosk.wiring.build_runtime around the real service.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from domain.models import Person, Receipt
from drivers.base import CardReader, DeviceStatus
from kiosk.logs import REDACTOR
from kiosk.services import CaseService
from sync.model import Application, LocalCase


class Recorder(Protocol):
    def __call__(self, step: str, actor: str = "", **detail: Any) -> None: ...


class SupervisedCases(CaseService):
    """Records each submission (who assisted, how many attachments; never who applied)."""

    def __init__(self, inner: CaseService, record: Recorder) -> None:
        self._inner = inner
        self._record = record

    def enqueue(self, application: Application) -> Receipt:
        receipt = self._inner.enqueue(application)
        self._record("case_submitted", application.assisted_by, code=receipt.code,
                     service_code=application.service.code, assisted_by=application.assisted_by,
                     agent=application.agent is not None, attachments=len(application.attachments))
        return receipt

    def receipt(self, code: str) -> Receipt:
        return self._inner.receipt(code)

    def mark_printed(self, code: str) -> None:
        self._inner.mark_printed(code)

    def get(self, code: str) -> LocalCase | None:
        return self._inner.get(code)

    def refresh(self, code: str) -> LocalCase | None:
        return self._inner.refresh(code)

    def cases_for_person(self, id_number: str) -> list[LocalCase]:
        return self._inner.cases_for_person(id_number)

    def rate(self, code: str, level: int, reasons: tuple[str, ...] = ()) -> None:
        self._inner.rate(code, level, reasons)


class SupervisedReader(CardReader):
    """Records each card read: whether it worked and from which source, never who it was."""

    def __init__(self, inner: CardReader, record: Recorder) -> None:
        self._inner = inner
        self._record = record

    def read_person(self, timeout: float = 5.0) -> Person:
        try:
            person = self._inner.read_person(timeout)
        except Exception as exc:
            self._record("card_read", ok=False, error=type(exc).__name__)
            raise
        self._record("card_read", ok=True, source=person.source)
        return person

    def status(self) -> DeviceStatus:
        return self._inner.status()

    def close(self) -> None:
        self._inner.close()


class RememberingReader(CardReader):
    """A card reader that tells the redactor about every person it reads, before anything can log them."""

    def __init__(self, inner: CardReader, remember: Callable[[Person], None] = REDACTOR.remember_person) -> None:
        self.inner = inner
        self._remember = remember

    def read_person(self, timeout: float = 5.0) -> Person:
        person = self.inner.read_person(timeout)
        self._remember(person)
        return person

    def status(self) -> DeviceStatus:
        return self.inner.status()

    def close(self) -> None:
        self.inner.close()
