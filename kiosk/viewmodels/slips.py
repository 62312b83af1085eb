"""Paper slips other than the receipt: the service guide (办事指南) and the missing-materials notice (一次性告知).

The printer driver prints them through `print_slip(title, lines)` (drivers.base.ReceiptPrinter); a driver
without that method gets a button that says plainly that this kiosk cannot print it.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence

from domain.models import Material, ServiceItem
from drivers.base import UserFacingError
from kiosk.i18n import tr, tr_error
from kiosk.viewmodels.common import Context, Lazy, days_text, fee_text, lazy

PrintSlip = Callable[[str, Sequence[str]], None]


def slip_printer(printer: object) -> PrintSlip | None:
    fn = getattr(printer, "print_slip", None)
    return fn if callable(fn) else None


def material_line(m: Material) -> str:
    text = f"{m.name}  " + lazy("guide", "Copies: %1", m.copies)()
    return text + (f"（{m.note}）" if m.note else "")


def guide_lines(item: ServiceItem) -> list[str]:
    fee = fee_text(item.fee_cents) + (f"（{item.fee_item}）" if item.fee_cents > 0 and item.fee_item else "")
    lines = [f"【{tr('guide', 'Who can apply')}】", *[f"· {c}" for c in item.conditions],
             f"【{tr('guide', 'What to bring')}】", *[f"· {material_line(m)}" for m in item.materials],
             f"【{tr('guide', 'Fee')}】", fee,
             f"【{tr('guide', 'Time to finish')}】", days_text(item.time_limit_days),
             f"【{tr('guide', 'Where')}】", item.department, item.location,
             f"【{tr('guide', 'Complaints and advice')}】", item.complaint]
    return [line for line in lines if line]


def missing_lines(item: ServiceItem, missing: Sequence[Material]) -> list[str]:
    return [item.name, f"【{tr('materials', 'Still needed')}】", *[f"· {material_line(m)}" for m in missing],
            f"【{tr('guide', 'Where')}】", item.department, item.location,
            f"【{tr('guide', 'Complaints and advice')}】", item.complaint]


class SlipJob:
    """The state of one slip button: '', 'printing', 'printed', 'failed' or 'unavailable'."""

    def __init__(self, ctx: Context, changed: Callable[[], None]) -> None:
        self._ctx = ctx
        self._changed = changed
        self.state = ""
        self._error: Lazy | None = None

    def status(self) -> str:
        if self.state == "printing":
            return tr("slip", "Printing…")
        if self.state == "printed":
            return tr("slip", "Printed. Please take the paper.")
        if self.state == "failed":
            return self._error() if self._error else tr("slip", "It could not be printed. Please ask the staff.")
        if self.state == "unavailable":
            return tr("slip", "This kiosk cannot print this page yet. You may take a photo of the screen "
                              "or ask the staff for a paper copy.")
        return ""

    def start(self, title: str, lines: Sequence[str]) -> None:
        if self.state == "printing":
            return
        print_slip = slip_printer(self._ctx.services.printer)
        if print_slip is None:
            self.state = "unavailable"
            self._changed()
            return
        self.state, self._error = "printing", None
        self._changed()
        session = self._ctx.session()

        def done(_: object) -> None:
            if session == self._ctx.session():
                self.state = "printed"
                self._changed()

        def failed(exc: BaseException) -> None:
            if session == self._ctx.session():
                self.state = "failed"
                self._error = (lambda: tr_error(exc)) if isinstance(exc, UserFacingError) else None
                self._changed()

        self._ctx.runner.run(lambda: print_slip(title, list(lines)), done, failed)

    def reset(self) -> None:
        self.state, self._error = "", None
