"""法人办事: after the card, the organisation — its 统一社会信用代码 (checked as typed, GB 32100), its name, and
whether the person at the kiosk is its legal representative or an agent it authorised. The form then shows
all three filled in; an agent's materials gain the letter of authorisation (domain/organisation.py)."""
from __future__ import annotations

from collections.abc import Callable

from domain import canonical, creditcode
from domain.models import ServiceItem
from domain.organisation import LEGAL_REPRESENTATIVE, ROLES, Organisation
from kiosk.i18n import QT_TRANSLATE_NOOP
from kiosk.qt import Property, QObject, Signal, Slot
from kiosk.viewmodels.common import Lazy, lazy, show, typed_text

_CODE_WORDS = {  # the form's words for the same problems (kiosk/viewmodels/fields.py)
    canonical.CHARS: QT_TRANSLATE_NOOP("form", "A credit code uses the digits 0-9 and capital letters, but not "
                                               "I, O, Z, S or V."),
    canonical.CHECK: QT_TRANSLATE_NOOP("form", "This credit code is not right: please check each character "
                                               "against the business licence."),
}


class BusinessViewModel(QObject):
    changed = Signal()

    def __init__(self, on_done: Callable[[Organisation], None]) -> None:
        super().__init__()
        self._on_done = on_done
        self._item: ServiceItem | None = None
        self._code = ""
        self._name = ""
        self._role = LEGAL_REPRESENTATIVE
        self._tried = False  # errors show once the resident pressed Next (or typed 18 characters)
        self._organisation: Organisation | None = None

    @property
    def organisation(self) -> Organisation | None:
        return self._organisation

    def start(self, item: ServiceItem) -> None:
        self.reset()
        self._item = item
        self.changed.emit()

    def _code_problem(self) -> Lazy | None:
        try:
            creditcode.validate(self._code)
        except creditcode.InvalidCreditCode as exc:
            if exc.reason in _CODE_WORDS:
                return lazy("form", _CODE_WORDS[exc.reason])
            return lazy("business", "A unified social credit code has 18 characters. You entered %1.",
                        len(creditcode.compact(self._code)))
        return None

    def _code_error(self) -> str:
        shown = self._tried or len(self._code.strip()) >= creditcode.LENGTH
        problem = self._code_problem() if shown and self._code.strip() else None
        if self._tried and not self._code.strip():
            problem = lazy("business", "Please enter the unified social credit code.")
        return show(problem)

    def _name_error(self) -> str:
        return show(lazy("business", "Please enter the organisation's name.")) if self._tried and not \
            self._name.strip() else ""

    serviceName = Property(str, lambda self: self._item.name if self._item else "", notify=changed)
    creditCode = typed_text("_code", 40, changed)
    codeError = Property(str, _code_error, notify=changed)
    orgName = typed_text("_name", 60, changed)
    nameError = Property(str, _name_error, notify=changed)
    role = Property(str, lambda self: self._role, notify=changed)

    @Slot(str)
    def chooseRole(self, role: str) -> None:  # noqa: N802 - QML calls it by this camelCase name
        if role in ROLES:
            self._role = role
            self.changed.emit()

    @Slot()
    def next(self) -> None:
        self._tried = True
        try:
            org = Organisation.of(self._code, self._name, self._role)
        except ValueError:  # InvalidCreditCode is one too; the errors say which
            self.changed.emit()
            return
        self._organisation, self._code = org, org.credit_code
        self.changed.emit()
        self._on_done(org)

    def prompt(self) -> Lazy:
        return lazy("voice", "Enter your organisation's unified social credit code and name, as on the business "
                             "licence, and say whether you are its legal representative or its authorised agent.")

    def back(self) -> bool:
        return False

    def reset(self) -> None:
        self._item, self._organisation = None, None
        self._code = self._name = ""
        self._role, self._tried = LEGAL_REPRESENTATIVE, False
        self.changed.emit()

    def retranslate(self) -> None:
        self.changed.emit()
