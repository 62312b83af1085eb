"""What every view-model shares: the context (services, task runner, navigation), the screen base class and text
helpers."""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from kiosk.i18n import fill, tr, tr_error
from kiosk.qt import Property, QObject
from kiosk.tasks import TaskRunner

if TYPE_CHECKING:
    from kiosk.services import Services

# A text that is translated when it is read, so a language switch re-renders it.
Lazy = Callable[[], str]
# A task's callback (TaskRunner.run's on_done / on_error).
Answer = Callable[[Any], None]

SCREENS = ("home", "catalogue", "guide", "identify", "business", "form", "materials", "missing", "commitment", "confirm",
           "receipt", "track", "rate", "staffLogin", "staff", "provision", "payment",
           "queue", "results")


def lazy(context: str, source: str, *args: object) -> Lazy:
    def render() -> str:
        return fill(tr(context, source), *(str(arg) for arg in args))

    return render


def while_current(current: Callable[[], bool], *answers: Answer) -> tuple[Answer, ...]:
    """A task's callbacks, each dropped when its request is no longer the current one by the time it answers
    (the resident went home, or asked again)."""
    def guarded(answer: Answer) -> Answer:
        def call(value: Any) -> None:
            if current():
                answer(value)

        return call

    return tuple(guarded(a) for a in answers)


def raw(text: str) -> Lazy:
    """Data that is already in the resident's words (schema titles, x-error texts)."""
    return lambda: text


def typed_text(attr: str, limit: int, notify: Any) -> Any:
    """A text the person at the kiosk types, as one Qt property: QML binds the field's text to it and assigns
    each edit back (`onTextEdited: kiosk.x.name = text`). It is kept in `self.<attr>`, cut to `limit`
    characters, and each assignment emits `notify` (the class's own `changed`, declared above it)."""
    def get(self: QObject) -> str:
        return str(getattr(self, attr))

    def put(self: QObject, text: str) -> None:
        setattr(self, attr, text[:limit])
        notify.__get__(self, type(self)).emit()  # the signal as bound to this object

    return Property(str, get, put, notify=notify)


def show(text: Lazy | None) -> str:
    return text() if text is not None else ""


def fee_text(cents: int) -> str:
    if cents <= 0:
        return tr("guide", "Free")
    return f"￥{cents // 100}.{cents % 100:02d}"


def days_text(days: int) -> str:
    if days <= 0:
        return tr("guide", "Done on the spot")
    return lazy("guide", "%1 working days", days)()


def local(value: datetime) -> datetime:
    """A time with its zone as the kiosk's clock reads it (the network may write another offset, e.g. UTC)."""
    return value.astimezone() if value.tzinfo is not None else value


def date_text(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return local(value).strftime("%Y-%m-%d %H:%M")
    return value.isoformat()


_PLACE = re.compile(r"[省市区县旗镇乡]")


def mask_address(address: str) -> str:
    """广东省广州市从化区鳌头镇龙潭村12号 -> 广东省广州市从化区****: the district stays, the house goes."""
    address = address.strip()
    if len(address) <= 4:
        return "*" * len(address)
    keep = 0
    for m in _PLACE.finditer(address[:12]):
        if m.group() in "区县旗" or keep == 0 or m.start() < 6:
            keep = m.end()
        if m.group() in "区县旗":
            break
    if keep == 0:
        keep = min(6, len(address) // 2)
    keep = min(keep, len(address) - 2)
    return address[:keep] + "****"


def mask_phone(phone: str) -> str:
    phone = phone.strip()
    return phone[:3] + "****" + phone[-4:] if len(phone) == 11 else phone


@dataclass
class Context:
    """Handed to each child view-model by the root."""

    services: Services
    runner: TaskRunner
    navigate: Callable[[str], None]
    alert: Callable[[Lazy], None]
    session: Callable[[], int]  # changes on every return home: late results of an old session are dropped
    card_timeout_s: float = 10.0
    screen: Callable[[], str] = field(default=lambda: "home")
    elderly: Callable[[], bool] = field(default=lambda: False)
    assist: Callable[[str], None] = field(default=lambda staff_id: None)  # a clerk applies for the next resident
    # a clerk confirms the next resident's identity from the 户口簿 (no card): their id, kept like assist's
    household: Callable[[str], None] = field(default=lambda staff_id: None)

    def for_session(self, *answers: Answer) -> tuple[Answer, ...]:
        """The callbacks of a task started now, each dropped if this session has ended when it answers."""
        session = self.session()
        return while_current(lambda: self.session() == session, *answers)

    def generic_error(self) -> Lazy:
        return lazy("kiosk", "Something went wrong with the machine. Please ask the staff for help.")

    def words_for(self, exc: BaseException, known: dict[type[BaseException], Lazy]) -> Lazy:
        """What to tell the resident about a failed task: the screen's own words for the failures it knows
        (first match in order), a driver's own message, else the generic one."""
        from drivers.base import UserFacingError  # not at the top: the home screen's start does not need it

        for kind, words in known.items():
            if isinstance(exc, kind):
                return words
        if isinstance(exc, UserFacingError):
            return lambda: tr_error(exc)
        return self.generic_error()


class ScreenViewModel(QObject):
    """A screen's view-model as the root sees it: its context, `reset()` when a session ends, `back()` for the
    header's back button (True: the screen stepped back within itself), `retranslate()` after a language switch.
    Each subclass declares its own `changed = Signal()`: a Qt property's notify signal must be of its own class."""

    changed: Any  # the subclass's Signal

    def __init__(self, ctx: Context) -> None:
        super().__init__()
        self._ctx = ctx

    def reset(self) -> None:
        """Forget what this session showed (the root calls it on the way home)."""

    def back(self) -> bool:
        return False

    def retranslate(self) -> None:
        self.changed.emit()
