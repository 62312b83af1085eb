"""The root view-model: screens and navigation, session reset when idle, messages, language."""
from __future__ import annotations

from typing import Callable

from domain.models import Person, Receipt, ServiceItem
from kiosk.i18n import LANGUAGES, Languages
from kiosk.qt import Property, QObject, QTimer, Signal, Slot
from kiosk.services import Services
from kiosk.tasks import TaskRunner
from kiosk.viewmodels.catalogue import CatalogueViewModel
from kiosk.viewmodels.common import SCREENS, Context, Lazy, show
from kiosk.viewmodels.confirm import ConfirmViewModel
from kiosk.viewmodels.form import FormViewModel
from kiosk.viewmodels.guide import GuideViewModel
from kiosk.viewmodels.identify import IdentifyViewModel
from kiosk.viewmodels.receipt import ReceiptViewModel
from kiosk.viewmodels.track import TrackViewModel


class KioskViewModel(QObject):
    changed = Signal()
    idleChanged = Signal()

    def __init__(self, services: Services, *, idle_timeout_s: float = 120, idle_warning_s: float = 20,
                 language: str = "zh_CN", languages: Languages | None = None, card_timeout_s: float = 10.0,
                 runner: TaskRunner | None = None) -> None:
        super().__init__()
        self.services = services
        self.runner = runner or TaskRunner(parent=self)
        self.runner.busyChanged.connect(self.changed)
        self._stack = ["home"]
        self._message: Lazy | None = None
        self._session = 0
        self._languages = languages or Languages()
        self._language = language
        self._retranslate_hook: Callable[[], None] | None = None
        ctx = Context(services, self.runner, self.navigate, self._alert, lambda: self._session, card_timeout_s)
        self._catalogue = CatalogueViewModel(ctx, self._service_chosen)
        self._guide = GuideViewModel(self._apply)
        self._identify = IdentifyViewModel(ctx, self._identified)
        self._form = FormViewModel(self._form_done)
        self._confirm = ConfirmViewModel(ctx, self._submitted)
        self._receipt = ReceiptViewModel(ctx)
        self._track = TrackViewModel(ctx)
        self._children = (self._catalogue, self._guide, self._identify, self._form, self._confirm,
                          self._receipt, self._track)
        timeout_ms = max(1, int(idle_timeout_s * 1000))
        warning_ms = min(timeout_ms - 1, max(0, int(idle_warning_s * 1000)))
        self._home_timer = self._timer(timeout_ms, self._idle_home)
        self._warn_timer = self._timer(timeout_ms - warning_ms, self._idle_warn)
        self._tick = QTimer(self)
        self._tick.setInterval(250)
        self._tick.timeout.connect(self.idleChanged)
        self._warning = False

    def _timer(self, ms: int, slot: Callable[[], None]) -> QTimer:
        t = QTimer(self)
        t.setSingleShot(True)
        t.setInterval(ms)
        t.timeout.connect(slot)
        return t

    # -- properties
    screen = Property(str, lambda self: self._stack[-1], notify=changed)
    canGoBack = Property(bool, lambda self: len(self._stack) > 1, notify=changed)
    busy = Property(bool, lambda self: self.runner.busy, notify=changed)
    message = Property(str, lambda self: show(self._message), notify=changed)
    language = Property(str, lambda self: self._language, notify=changed)
    session = Property(int, lambda self: self._session, notify=changed)
    idleWarning = Property(bool, lambda self: self._warning, notify=idleChanged)
    idleSecondsLeft = Property(int, lambda self: (max(0, self._home_timer.remainingTime()) + 999) // 1000,
                               notify=idleChanged)
    catalogue = Property(QObject, lambda self: self._catalogue, constant=True)
    guide = Property(QObject, lambda self: self._guide, constant=True)
    identify = Property(QObject, lambda self: self._identify, constant=True)
    form = Property(QObject, lambda self: self._form, constant=True)
    confirm = Property(QObject, lambda self: self._confirm, constant=True)
    receipt = Property(QObject, lambda self: self._receipt, constant=True)
    track = Property(QObject, lambda self: self._track, constant=True)

    # -- navigation
    @Slot(str)
    def navigate(self, screen: str) -> None:
        if screen not in SCREENS:
            raise ValueError(f"unknown screen {screen!r}")
        if screen == "home":
            self.goHome()
            return
        if screen in self._stack:  # going to a screen already on the way: unwind to it
            del self._stack[self._stack.index(screen) + 1:]
        else:
            self._stack.append(screen)
        if screen == "track":
            self._track.reset()
        self.changed.emit()
        self.touched()

    @Slot()
    def back(self) -> None:
        if len(self._stack) > 1 and self._stack[-1] != "receipt":
            self._stack.pop()
            self.changed.emit()
            self.touched()
        elif self._stack[-1] == "receipt":
            self.goHome()

    @Slot()
    def goHome(self) -> None:  # noqa: N802 - QML name
        """Back to the start, forgetting the resident: who they are, what they typed."""
        self._session += 1
        self._stack = ["home"]
        self._message = None
        for child in self._children:
            child.reset()
        self._stop_idle()
        self.changed.emit()

    # -- the flow between children
    def _service_chosen(self, item: ServiceItem) -> None:
        self._guide.load(item)
        self.navigate("guide")

    def _apply(self, item: ServiceItem) -> None:
        self._identify.reset()
        self.navigate("identify")

    def _identified(self, person: Person) -> None:
        if self._guide.item is not None:
            self._form.start(self._guide.item, person)
        self.navigate("form")

    def _form_done(self) -> None:
        person, item = self._identify.person, self._guide.item
        if person is None or item is None:
            return
        self._confirm.prepare(item, person, self._form.fields, self._form.values())
        self.navigate("confirm")

    def _submitted(self, receipt: Receipt) -> None:
        self._receipt.show(receipt)
        self._stack = ["home", "receipt"]
        self.changed.emit()
        self.touched()

    @Slot()
    def startApplication(self) -> None:  # noqa: N802
        self._guide.apply()

    @Slot()
    def submitApplication(self) -> None:  # noqa: N802
        self._confirm.submit()

    # -- messages
    def _alert(self, text: Lazy) -> None:
        self._message = text
        self.changed.emit()

    @Slot()
    def dismissMessage(self) -> None:  # noqa: N802
        self._message = None
        self.changed.emit()

    # -- language
    def set_retranslate_hook(self, hook: Callable[[], None]) -> None:
        """app.py passes engine.retranslate so the QML texts follow."""
        self._retranslate_hook = hook

    @Slot(str)
    def setLanguage(self, language: str) -> None:  # noqa: N802
        if language not in LANGUAGES:
            raise ValueError(language)
        self._languages.install(language)
        self._language = language
        if self._retranslate_hook is not None:
            self._retranslate_hook()
        for child in self._children:
            child.retranslate()
        self.changed.emit()

    @Slot()
    def toggleLanguage(self) -> None:  # noqa: N802
        self.setLanguage("en" if self._language == "zh_CN" else "zh_CN")

    # -- idle
    @Slot()
    def touched(self) -> None:
        """Any touch or key: restart the idle countdown (only away from home)."""
        if self._stack[-1] == "home":
            self._stop_idle()
            return
        self._warning = False
        self._tick.stop()
        self._warn_timer.start()
        self._home_timer.start()
        self.idleChanged.emit()

    def _stop_idle(self) -> None:
        self._warn_timer.stop()
        self._home_timer.stop()
        self._tick.stop()
        if self._warning:
            self._warning = False
            self.idleChanged.emit()

    def _idle_warn(self) -> None:
        self._warning = True
        self._tick.start()
        self.idleChanged.emit()

    def _idle_home(self) -> None:
        self.goHome()
