"""好差评: five levels from 非常满意 (5) to 非常不满意 (1); a low rating asks what went wrong (fixed choices)."""
from __future__ import annotations

from kiosk.i18n import QT_TRANSLATE_NOOP, tr
from kiosk.qt import Property, Signal, Slot
from kiosk.viewmodels.common import Context, Lazy, ScreenViewModel, lazy, show
from sync.model import RATING_LEVELS
from sync.outbox import DuplicateEvent

LEVELS = {
    5: QT_TRANSLATE_NOOP("rate", "Very satisfied"),
    4: QT_TRANSLATE_NOOP("rate", "Satisfied"),
    3: QT_TRANSLATE_NOOP("rate", "Fairly satisfied"),
    2: QT_TRANSLATE_NOOP("rate", "Dissatisfied"),
    1: QT_TRANSLATE_NOOP("rate", "Very dissatisfied"),
}
LOW = 2  # at or below: ask what went wrong
# Stable keys go to the network; the words are the kiosk's.
REASONS = {
    "too_slow": QT_TRANSLATE_NOOP("rate", "It took too long"),
    "unclear_guide": QT_TRANSLATE_NOOP("rate", "The guide was hard to understand"),
    "too_many_materials": QT_TRANSLATE_NOOP("rate", "Too many materials were asked for"),
    "hard_to_use": QT_TRANSLATE_NOOP("rate", "The machine was hard to use"),
    "more_trips": QT_TRANSLATE_NOOP("rate", "I had to come back more than once"),
    "staff_attitude": QT_TRANSLATE_NOOP("rate", "The staff were unhelpful"),
}
LEVELS_STEP, REASONS_STEP, DONE = "levels", "reasons", "done"


class RateViewModel(ScreenViewModel):
    changed = Signal()

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self._code = ""
        self._level = 0
        self._reasons: list[str] = []
        self._step = LEVELS_STEP
        self._sending = False
        self._error: Lazy | None = None

    def start(self, code: str) -> None:
        self._code, self._level, self._reasons, self._step, self._error = code, 0, [], LEVELS_STEP, None
        self.changed.emit()
        self._ctx.navigate("rate")

    def _levels(self) -> list[dict[str, object]]:
        return [{"level": n, "label": tr("rate", LEVELS[n])} for n in RATING_LEVELS]

    def _reason_rows(self) -> list[dict[str, object]]:
        return [{"key": k, "label": tr("rate", v), "chosen": k in self._reasons} for k, v in REASONS.items()]

    levels = Property("QVariantList", _levels, notify=changed)
    reasons = Property("QVariantList", _reason_rows, notify=changed)
    step = Property(str, lambda self: self._step, notify=changed)
    level = Property(int, lambda self: self._level, notify=changed)
    levelLabel = Property(str, lambda self: tr("rate", LEVELS[self._level]) if self._level else "", notify=changed)
    sending = Property(bool, lambda self: self._sending, notify=changed)
    error = Property(str, lambda self: show(self._error), notify=changed)
    hasCode = Property(bool, lambda self: bool(self._code), notify=changed)

    def prompt(self) -> Lazy:
        if self._step == REASONS_STEP:
            return lazy("voice", "We are sorry. What went wrong? Touch all that apply, then “Send”.")
        if self._step == DONE:
            return lazy("voice", "Thank you for your rating.")
        return lazy("voice", "How satisfied are you with this service? Touch one answer.")

    @Slot(int)
    def choose(self, level: int) -> None:
        if level not in RATING_LEVELS or self._sending or not self._code:
            return
        self._level, self._error = level, None
        if level <= LOW:
            self._step = REASONS_STEP
            self.changed.emit()
            self._ctx.navigate("rate")
        else:
            self._reasons = []
            self.submit()

    @Slot(str)
    def toggleReason(self, key: str) -> None:  # noqa: N802 - QML name
        if key not in REASONS:
            return
        if key in self._reasons:
            self._reasons.remove(key)
        else:
            self._reasons.append(key)
        self.changed.emit()

    @Slot()
    def submit(self) -> None:
        if self._sending or not self._level or not self._code:
            return
        self._sending = True
        self.changed.emit()
        code, level = self._code, self._level
        reasons = tuple(k for k in REASONS if k in self._reasons)  # fixed order
        cases, session = self._ctx.services.cases, self._ctx.session()

        def done(_: object) -> None:
            if session == self._ctx.session():
                self._sending, self._step = False, DONE
                self.changed.emit()
                self._ctx.navigate("rate")

        def failed(exc: BaseException) -> None:
            if session == self._ctx.session():
                self._sending = False
                self._error = lazy("rate", "This application has been rated already: each is rated once. Thank "
                                           "you for your rating.") if isinstance(exc, DuplicateEvent) else \
                    lazy("rate", "Your rating could not be saved. Please try again or tell the staff.")
                self.changed.emit()

        self._ctx.runner.run(lambda: cases.rate(code, level, reasons), done, failed)

    def back(self) -> bool:
        if self._step == REASONS_STEP and not self._sending:
            self._step, self._level, self._reasons = LEVELS_STEP, 0, []
            self.changed.emit()
            return True
        return False

    def reset(self) -> None:
        self._code, self._level, self._reasons, self._step = "", 0, [], LEVELS_STEP
        self._sending, self._error = False, None
        self.changed.emit()
