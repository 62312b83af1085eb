"""结果领取: the resident identifies by ID card or by scanning the receipt QR, sees the finished cases that
have result documents, and prints one on the hall's A4 printer. A printer that is out of paper or offline
says so; the document stays owed (nothing is counted) and can be printed later."""
from __future__ import annotations

from typing import Any

from domain import regcode
from domain.results import ResultDoc
from drivers.base import PrinterError, UserFacingError
from kiosk.i18n import QT_TRANSLATE_NOOP, tr, tr_error
from kiosk.qt import Property, Signal, Slot
from kiosk.viewmodels.common import Context, Lazy, ScreenViewModel, date_text, lazy, local, show
from kiosk.viewmodels.track import code_from_scan
from sync.model import Offline
from sync.results import NotPrinted, Printed, ResultCase

IDENTIFY, LIST = "identify", "list"
KINDS = {"批文": QT_TRANSLATE_NOOP("results", "Approval"), "证明": QT_TRANSLATE_NOOP("results", "Certificate"),
         "证照": QT_TRANSLATE_NOOP("results", "Licence")}


class ResultsViewModel(ScreenViewModel):
    changed = Signal()

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self._cases: list[ResultCase] = []
        self._step = IDENTIFY
        self._busy = ""  # "" | reading | loading | printing
        self._error: Lazy | None = None
        self._printed: Lazy | None = None
        self._seq = 0

    def reset(self) -> None:
        self._seq += 1
        self._cases, self._step, self._busy, self._error, self._printed = [], IDENTIFY, "", None, None

    def _docs(self) -> list[dict[str, Any]]:
        rows = []
        for c in self._cases:
            for d in c.documents:
                rows.append({"docCode": d.doc_code, "title": d.title, "serviceName": c.service_name,
                             "kind": tr("results", KINDS[d.kind]) if d.kind in KINDS else d.kind,
                             "code": regcode.pretty(c.code), "issued": date_text_iso(d.issued_at),
                             "left": lazy("results", "%1 of %2 prints left", d.prints_left, d.print_limit)(),
                             "canPrint": d.prints_left > 0})
        return rows

    available = Property(bool, lambda self: self._ctx.services.results is not None, constant=True)
    step = Property(str, lambda self: self._step, notify=changed)
    busy = Property(str, lambda self: self._busy, notify=changed)
    error = Property(str, lambda self: show(self._error), notify=changed)
    printed = Property(str, lambda self: show(self._printed), notify=changed)
    documents = Property("QVariantList", _docs, notify=changed)

    def prompt(self) -> Lazy:
        if self._step == LIST:
            return lazy("voice", "Touch Print beside the document you want. Take it from the A4 printer.")
        return lazy("voice", "Put your ID card on the reader, or scan the QR code on your receipt.")

    @Slot()
    def open(self) -> None:
        self.reset()
        self._ctx.navigate("results")
        self.changed.emit()

    def back(self) -> bool:
        if self._step == LIST:
            self.reset()
            self.changed.emit()
            return True
        return False

    def _run(self, busy: str, job: Any, done: Any, not_done: Any = None) -> None:
        self._seq += 1
        seq = self._seq
        self._busy, self._error, self._printed = busy, None, None
        self.changed.emit()

        def ok(result: Any) -> None:
            if seq == self._seq:
                self._busy = ""
                done(result)
                self.changed.emit()

        def failed(exc: BaseException) -> None:
            if seq != self._seq:
                return
            self._busy = ""
            if not_done is not None and not_done(exc):
                pass
            elif isinstance(exc, UserFacingError):
                self._error = lambda: tr_error(exc)
            elif isinstance(exc, Offline):
                self._error = lazy("results", "The network cannot be reached. Please try again later.")
            else:
                self._error = self._ctx.generic_error()
            self.changed.emit()

        self._ctx.runner.run(job, ok, failed)

    def _listed(self, found: list[ResultCase]) -> None:
        self._cases = found
        self._step = LIST
        if not found:
            self._error = lazy("results", "There are no results to print yet. You will get an SMS when a result "
                                          "is ready.")

    @Slot()
    def readCard(self) -> None:  # noqa: N802 - QML name
        services, timeout = self._ctx.services, self._ctx.card_timeout_s
        if services.results is None or self._busy:
            return
        results = services.results

        def job() -> list[ResultCase]:
            return results.for_person(services.reader.read_person(timeout))  # the person stays in here

        self._run("reading", job, self._listed)

    @Slot(str)
    def scanned(self, text: str) -> None:
        """The receipt QR, read on this screen."""
        if self._ctx.screen() != "results" or self._ctx.services.results is None:
            return
        code = code_from_scan(text)
        if code is None:
            self._error = lazy("results", "This is not the QR code of a receipt. Please scan the QR code printed "
                                          "on your receipt.")
            self.changed.emit()
            return
        results = self._ctx.services.results
        self._run("loading", lambda: results.for_code(code), self._listed)

    @Slot(str)
    def print(self, doc_code: str) -> None:
        results = self._ctx.services.results
        doc = next((d for c in self._cases for d in c.documents if d.doc_code == doc_code), None)
        if results is None or doc is None or self._busy:
            return

        def done(printed: Printed) -> None:
            self._replace(printed.doc)
            if printed.done:
                self._printed = lazy("results", "“%1” is printing. Please take it from the A4 printer.", doc.title)
            else:
                self._printed = lazy("results", "“%1” is waiting for the A4 printer and comes out when the printer "
                                                "is ready. Please ask the staff.", doc.title)

        def not_done(exc: BaseException) -> bool:
            """The printer did not take it and the print was given back: what the printer said, and that she
            can print it again (the list shows the print back)."""
            if not isinstance(exc, NotPrinted):
                return False
            if exc.doc is not None:
                self._replace(exc.doc)
            reason = PrinterError(exc.reason)
            self._error = lambda: f"{tr_error(reason)} {tr_error(exc)}"
            return True

        self._run("printing", lambda: results.print(doc), done, not_done)

    def _replace(self, new: ResultDoc) -> None:
        self._cases = [ResultCase(c.code, c.service_name,
                                  tuple(new if d.doc_code == new.doc_code else d for d in c.documents))
                       for c in self._cases]


def date_text_iso(iso: str) -> str:
    """The day of a time the network wrote, as the kiosk's clock reads it (its offset may be another)."""
    from datetime import date, datetime

    try:
        return date_text(local(datetime.fromisoformat(iso)).date())
    except ValueError:
        try:
            return date_text(date.fromisoformat(iso[:10]))
        except ValueError:
            return ""
