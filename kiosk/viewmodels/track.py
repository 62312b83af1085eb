"""查询办件进度: by code (keypad), by scanning the receipt QR, or by ID card (that person's cases from both
channels). What this kiosk knows shows at once, then the network is asked."""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from domain import regcode
from domain.canonical import CHARS, LENGTH
from domain.status import CaseStatus, SyncState
from drivers.base import UserFacingError
from kiosk.i18n import QT_TRANSLATE_NOOP, tr, tr_error
from kiosk.qt import Property, QObject, Signal, Slot
from kiosk.viewmodels.common import (
    Answer,
    Context,
    Lazy,
    ScreenViewModel,
    date_text,
    lazy,
    local,
    show,
    while_current,
)
from kiosk.viewmodels.listmodel import RowsModel
from kiosk.viewmodels.rate import LEVELS
from sync.model import LocalCase, Offline

_DIGITS20 = re.compile(r"(?<!\d)\d{20}(?!\d)", re.ASCII)
CASE_ROLES = ("code", "pretty", "serviceName", "statusLabel", "date", "channel")
FINISHED = (CaseStatus.COMPLETED, CaseStatus.REJECTED)

STATUS_TEXT = {
    CaseStatus.SUBMITTED: QT_TRANSLATE_NOOP("status", "Submitted"),
    CaseStatus.ACCEPTED: QT_TRANSLATE_NOOP("status", "Accepted"),
    CaseStatus.IN_PROGRESS: QT_TRANSLATE_NOOP("status", "In progress"),
    CaseStatus.COMPLETED: QT_TRANSLATE_NOOP("status", "Completed"),
    CaseStatus.REJECTED: QT_TRANSLATE_NOOP("status", "Not accepted"),
}
SYNC_TEXT = {
    SyncState.QUEUED: QT_TRANSLATE_NOOP("status", "Saved on this kiosk, waiting to be sent"),
    SyncState.SENDING: QT_TRANSLATE_NOOP("status", "Saved on this kiosk, being sent now"),
    SyncState.ACCEPTED: QT_TRANSLATE_NOOP("status", "Sent to the service network"),
    SyncState.QUARANTINED: QT_TRANSLATE_NOOP("status", "Held on this kiosk; the staff will check it"),
}


def grouped(digits: str) -> str:
    """Group typed digits the way the receipt prints them (6 3 6 4 1), so they can be compared."""
    parts, start = [], 0
    for size in (6, 3, 6, 4, 1):
        if start < len(digits):
            parts.append(digits[start:start + size])
        start += size
    return " ".join(parts)


def status_label(status: CaseStatus) -> str:
    return tr("status", STATUS_TEXT[status])


def code_from_scan(text: str) -> str | None:
    """The registration code in a scanned receipt QR (`<url>/<code>`, `…?code=<code>`) or a bare code."""
    found = _DIGITS20.findall(unicodedata.normalize("NFKC", text).strip())
    if not found:
        return None
    return found[-1] if regcode.is_valid(found[-1]) else None


def channel_label(code: str) -> str:
    """The web channel's device numbers (000, 900..999: domain/regcode.py) say Online."""
    return tr("track", "Online") if regcode.is_web(code) else tr("track", "Self-service kiosk")


def _case_row(c: LocalCase) -> dict[str, str]:
    return {"code": c.code, "pretty": regcode.pretty(c.code), "serviceName": c.service_name,
            "statusLabel": status_label(c.status), "date": date_text(local(c.submitted_at).date()),
            "channel": channel_label(c.code)}


class TrackViewModel(ScreenViewModel):
    changed = Signal()

    def __init__(self, ctx: Context, on_rate: Callable[[str], None] = lambda code: None) -> None:
        super().__init__(ctx)
        self._on_rate = on_rate
        self._cases: list[LocalCase] = []  # one person's cases, after reading their card
        self._cases_model = RowsModel(CASE_ROLES, self)
        self._reading = False
        self._listed = False
        self._typed = ""
        self._case: LocalCase | None = None
        self._looking = False
        self._offline = False
        self._error: Lazy | None = None
        self._seq = 0

    def _timeline(self) -> list[dict[str, str]]:
        c = self._case
        if c is None:
            return []
        entries = [{"label": status_label(e.status), "date": date_text(e.at), "note": e.note} for e in c.history]
        if not entries:
            entries = [{"label": status_label(CaseStatus.SUBMITTED), "date": date_text(c.submitted_at), "note": ""}]
        return entries

    def _note(self) -> str:
        if self._looking and self._case is not None:
            return tr("track", "Checking the latest status…")
        if self._offline and self._case is not None:
            return tr("track", "The network cannot be reached: showing the status saved on this kiosk.")
        return ""

    typed = Property(str, lambda self: self._typed, notify=changed)
    typedPretty = Property(str, lambda self: grouped(self._typed), notify=changed)
    looking = Property(bool, lambda self: self._looking, notify=changed)
    found = Property(bool, lambda self: self._case is not None, notify=changed)
    offline = Property(bool, lambda self: self._offline, notify=changed)
    error = Property(str, lambda self: show(self._error), notify=changed)
    note = Property(str, _note, notify=changed)
    code = Property(str, lambda self: regcode.pretty(self._case.code) if self._case else "", notify=changed)
    serviceName = Property(str, lambda self: self._case.service_name if self._case else "", notify=changed)
    applicant = Property(str, lambda self: self._case.applicant_masked_name if self._case else "", notify=changed)
    status = Property(str, lambda self: self._case.status.value if self._case else "", notify=changed)
    statusLabel = Property(str, lambda self: status_label(self._case.status) if self._case else "", notify=changed)
    syncLabel = Property(str, lambda self: tr("status", SYNC_TEXT[self._case.sync_state]) if self._case else "",
                         notify=changed)
    dueDate = Property(str, lambda self: date_text(self._case.due_date) if self._case else "", notify=changed)
    timeline = Property("QVariantList", _timeline, notify=changed)
    supplement = Property("QVariantList", lambda self: list(self._case.supplement) if self._case else [],
                          notify=changed)  # 补正: what the office still asks for
    supplementNote = Property(str, lambda self: self._case.supplement_note if self._case else "", notify=changed)
    canRate = Property(bool, lambda self: self._rateable(), notify=changed)
    rated = Property(bool, lambda self: self._case is not None and self._case.rated, notify=changed)
    # the level of the rating the network holds, whichever kiosk or channel gave it (the first stands): "" unknown
    ratingLabel = Property(str, lambda self: tr("rate", LEVELS[self._case.rating])
                           if self._case is not None and self._case.rating in LEVELS else "", notify=changed)
    casesModel = Property(QObject, lambda self: self._cases_model, constant=True)
    listed = Property(bool, lambda self: self._listed, notify=changed)
    reading = Property(bool, lambda self: self._reading, notify=changed)

    @Slot(str)
    def press(self, key: str) -> None:
        """Keypad: a digit, 'back' or 'clear'."""
        if key == "back":
            self._typed = self._typed[:-1]
        elif key == "clear":
            self._typed = ""
        elif key.isdigit() and len(self._typed) < regcode.LENGTH:
            self._typed += key
        self._error = None
        self.changed.emit()

    @Slot(str)
    def scanned(self, text: str) -> None:
        """The receipt-QR scanner read something: look it up from home, the receipt or this screen."""
        if self._ctx.screen() not in ("home", "receipt", "track"):
            return  # in the middle of an application: a stray scan changes nothing
        code = code_from_scan(text)
        if self._ctx.screen() == "receipt":  # the next resident, at the last one's receipt: a fresh session
            self._ctx.navigate("home")
        if self._ctx.screen() != "track":
            self._ctx.navigate("track")
        if code is None:
            self._seq += 1
            self._case, self._error = None, lazy("track", "This is not the QR code of a receipt. Please scan "
                                                          "the QR code printed on your receipt.")
            self.changed.emit()
            return
        self.lookup(code)

    @Slot()
    def readCard(self) -> None:  # noqa: N802 - QML name
        """List the cases of the person whose ID card is on the reader (kiosk and web)."""
        if self._reading:
            return
        self._seq += 1
        seq, services, timeout = self._seq, self._ctx.services, self._ctx.card_timeout_s
        self._reading, self._error, self._case, self._listed, self._typed = True, None, None, False, ""
        self._cases = []
        self._cases_model.set_rows([])
        self.changed.emit()

        def job() -> list[LocalCase]:
            person = services.reader.read_person(timeout)  # stays in this function: only the cases come back
            return services.cases.cases_for_person(person.id_number)

        def done(found: list[LocalCase]) -> None:
            self._reading, self._listed = False, True
            self._cases = sorted(found, key=lambda c: c.submitted_at, reverse=True)
            self._cases_model.set_rows([_case_row(c) for c in self._cases])
            if not self._cases:
                self._error = lazy("track", "No applications were found for this ID card.")
            self.changed.emit()

        def failed(exc: BaseException) -> None:
            self._reading = False
            self._error = (lambda: tr_error(exc)) if isinstance(exc, UserFacingError) else self._ctx.generic_error()
            self.changed.emit()

        self._ctx.runner.run(job, *self._latest(seq, done, failed))

    @Slot(str)
    def open(self, code: str) -> None:
        """One case of the listed ones: its timeline."""
        known = next((c for c in self._cases if c.code == code), None)
        self.lookup(code)
        if known is not None and self._case is None:
            self._case = known
            self.changed.emit()

    def _rateable(self) -> bool:
        """Finished and not rated yet (one rating per case, whichever channel gave it)."""
        return self._case is not None and self._case.status in FINISHED and not self._case.rated

    @Slot()
    def rate(self) -> None:
        if self._case is not None and self._rateable():
            self._on_rate(self._case.code)

    def case_code(self) -> str:
        """The code of the case on show ("" when none)."""
        return self._case.code if self._case else ""

    def back(self) -> bool:
        """From one case back to the person's list."""
        if self._listed and (self._case is not None or self._error is not None):
            self._seq += 1
            self._case, self._error, self._looking, self._offline = None, None, False, False
            self.changed.emit()
            return True
        return False

    @Slot()
    @Slot(str)
    def lookup(self, text: str = "") -> None:
        text = text or self._typed
        self._seq += 1
        self._case, self._offline, self._error = None, False, None
        try:
            code = regcode.validate(text)
        except regcode.InvalidCode as exc:
            if exc.reason == CHARS:
                self._error = lazy("track", "A registration code has only the digits 0-9.")
            elif exc.reason == LENGTH:
                self._error = lazy("track", "A registration code has 20 digits. You entered %1.",
                                   len(regcode.compact(text)))
            else:
                self._error = lazy("track", "This code is not right: one digit may be mistyped. "
                                            "Please check it against your receipt.")
            self.changed.emit()
            return
        self._typed = code
        self._looking = True
        self.changed.emit()
        seq, cases = self._seq, self._ctx.services.cases

        def local(case: LocalCase | None) -> None:
            self._case = case or self._case
            self.changed.emit()
            self._ctx.runner.run(lambda: cases.refresh(code), *self._latest(seq, remote, failed))

        def remote(case: LocalCase | None) -> None:
            self._looking = False
            self._case = case or self._case
            if self._case is None:
                self._error = lazy("track", "No application was found with this code. Please check the code.")
            self.changed.emit()

        def failed(exc: BaseException) -> None:
            self._looking = False
            self._offline = isinstance(exc, Offline)
            if self._case is None:
                self._error = (lazy("track", "The network cannot be reached and this kiosk has no record of "
                                             "this code. Please try again later or ask the staff.")
                               if self._offline else self._ctx.generic_error())
            self.changed.emit()

        self._ctx.runner.run(lambda: cases.get(code), *self._latest(seq, local, failed))

    def _latest(self, seq: int, *answers: Answer) -> tuple[Answer, ...]:
        """The answers to request `seq`, dropped once a newer request (or a reset) has replaced it."""
        return while_current(lambda: seq == self._seq, *answers)

    def reset(self) -> None:
        self._seq += 1
        self._typed, self._case, self._looking, self._offline, self._error = "", None, False, False, None
        self._cases, self._listed, self._reading = [], False, False
        self._cases_model.set_rows([])
        self.changed.emit()

    def retranslate(self) -> None:
        self._cases_model.set_rows([_case_row(c) for c in self._cases])
        self.changed.emit()
