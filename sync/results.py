"""结果领取 and 补正 at the kiosk: a person's (ID card) or a receipt's (QR) finished cases with result documents, and
printing one on the hall's A4 printer (drivers.base.DocumentPrinter).

A print goes: the printer's status (paper out / offline → PrinterError with its message, nothing is counted,
the document stays owed and can be printed later) → the PDF from the network, checked against the sha256 the
network signed → the print counted by the network (this kiosk, when, copies; one key, so a retried report is
one print) → the job to the printer. The count comes before the job: the network refuses a print past the
service item's limit, and two kiosks offering the last copy at once print it once (the other says no prints
are left). The kiosk also stops offering a document with no prints left.
"""
from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from domain.models import Person
from domain.results import ResultDoc
from domain.wire import person_hash
from drivers.base import DOCUMENT_DAMAGED, NO_A4_PRINTER, NO_PRINTS_LEFT, DocumentPrinter, PrinterError
from sync.client import NetClient, PrintLimitReached
from sync.crypto import Sealer


def _docs(value: object) -> list[dict[str, object]]:
    """A case's `documents` on the wire: a list of objects."""
    return [d for d in value if isinstance(d, dict)] if isinstance(value, list) else []


@dataclass(frozen=True)
class ResultCase:
    code: str
    service_name: str
    documents: tuple[ResultDoc, ...]


@dataclass(frozen=True)
class Printed:
    doc: ResultDoc  # as the network counts it after this print
    job_id: str


class ResultDesk:
    def __init__(self, client: NetClient, person_key: str, printer: DocumentPrinter | None,
                 clock: Callable[[], datetime] = lambda: datetime.now().astimezone(),
                 sealer: Sealer | None = None) -> None:
        self.client = client
        self.person_key = person_key
        self.printer = printer
        self.clock = clock
        self.sealer = sealer  # the network's key: handed-in materials are sealed like a case's

    def hand_in(self, code: str, photos: list[tuple[bytes, str]]) -> dict[str, object]:
        """补正 at the kiosk (online): each photo sealed, uploaded by its sha256, then joined to the case, which
        marks the 补正 request received. Offline / RetryLater / NetworkRefused (nothing asked) from the network."""
        stamp = self.clock().strftime("%Y%m%d%H%M%S")
        refs = []
        for n, (data, media_type) in enumerate(photos, start=1):
            slot = f"补正{stamp}-{n}"
            blob = self.sealer.seal_bytes(data, f"{code}/{slot}".encode()) if self.sealer else data
            sha = hashlib.sha256(blob).hexdigest()
            self.client.upload(sha, blob)
            refs.append({"slot": slot, "sha256": sha, "size": len(blob), "media_type": media_type})
        return self.client.hand_in(code, refs)

    @staticmethod
    def _cases(raw: list[dict[str, object]]) -> list[ResultCase]:
        return [ResultCase(str(c["code"]), str(c["service_name"]),
                           tuple(ResultDoc.from_wire(d) for d in _docs(c["documents"])))
                for c in raw]

    def for_person(self, person: Person) -> list[ResultCase]:
        """Offline / RetryLater when the network cannot answer."""
        return self._cases(self.client.results(person=person_hash(self.person_key, person.id_number)))

    def for_code(self, code: str) -> list[ResultCase]:
        return self._cases(self.client.results(case=code))

    def print(self, doc: ResultDoc, copies: int = 1) -> Printed:
        if self.printer is None:
            raise PrinterError(NO_A4_PRINTER)
        if copies > doc.prints_left:
            raise PrinterError(NO_PRINTS_LEFT)
        status = self.printer.status()
        if status.health.value == "error":
            raise PrinterError(status.reason)  # owed: nothing printed, nothing counted
        data = self.client.result_pdf(doc.doc_code)
        if hashlib.sha256(data).hexdigest() != doc.sha256:
            raise PrinterError(DOCUMENT_DAMAGED)
        key = f"{doc.doc_code}:{uuid.uuid4().hex}"
        try:
            counted = self.client.report_print(doc.doc_code, key, copies, self.clock().isoformat(timespec="seconds"))
        except PrintLimitReached:
            raise PrinterError(NO_PRINTS_LEFT) from None
        job = self.printer.print_pdf(data, copies, doc.title)
        return Printed(ResultDoc.from_wire(counted), job)
