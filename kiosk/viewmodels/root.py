"""The root view-model: screens and navigation, the journey between children, the session wiped when idle,
messages, language, elderly mode and the voice."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from domain.models import Person, Receipt, ServiceItem
from domain.organisation import Organisation, is_business
from kiosk.camera import DocumentCamera
from kiosk.i18n import DEFAULT, LANGUAGES, Languages
from kiosk.qt import Property, QObject, Signal, Slot
from kiosk.services import Services
from kiosk.tasks import TaskRunner
from kiosk.viewmodels.business import BusinessViewModel
from kiosk.viewmodels.catalogue import CatalogueViewModel
from kiosk.viewmodels.commitment import CommitmentViewModel
from kiosk.viewmodels.common import SCREENS, Context, Lazy, show
from kiosk.viewmodels.confirm import ConfirmViewModel, Draft
from kiosk.viewmodels.form import FormViewModel
from kiosk.viewmodels.guide import GuideViewModel
from kiosk.viewmodels.handin import HandInViewModel
from kiosk.viewmodels.identify import IdentifyViewModel
from kiosk.viewmodels.idle import IdleGuard
from kiosk.viewmodels.link import LinkViewModel
from kiosk.viewmodels.materials import MaterialsViewModel
from kiosk.viewmodels.payment import PaymentViewModel
from kiosk.viewmodels.prompts import screen_prompt
from kiosk.viewmodels.provision import ProvisionViewModel
from kiosk.viewmodels.queue import QueueViewModel
from kiosk.viewmodels.rate import RateViewModel
from kiosk.viewmodels.receipt import ReceiptViewModel
from kiosk.viewmodels.results import ResultsViewModel
from kiosk.viewmodels.staff import StaffViewModel
from kiosk.viewmodels.track import TrackViewModel
from kiosk.voice import Voice
from sync.model import Attachment

ELDERLY_TIME = 2.0  # elderly mode doubles every idle period


class KioskViewModel(QObject):
    changed = Signal()
    idleChanged = Signal()
    wiped = Signal()  # the session ended: QML drops what the input method still holds

    def __init__(self, services: Services, *, idle_timeout_s: float = 120, idle_warning_s: float = 20,
                 language: str = DEFAULT, languages: Languages | None = None, card_timeout_s: float = 10.0,
                 runner: TaskRunner | None = None, voice: Voice | None = None,
                 camera: DocumentCamera | None = None, link_poll_s: float = 10.0) -> None:
        super().__init__()
        self.services = services
        self.runner = runner or TaskRunner(parent=self)
        self.runner.busyChanged.connect(self.changed)
        self.voice = voice or Voice("none", parent=self)
        self._stack = ["home"]
        self._message: Lazy | None = None
        self._session = 0
        self._languages = languages or Languages()
        self._language = language
        self._elderly = False
        self.touches = 0  # every touch or key, on any screen (kiosk/restart.py: an untouched home screen)
        self._assisted_by = ""  # 代办: the clerk applying in this session (gone with the session or its case)
        self._household = False  # this session's applicant is identified from the 户口簿 by that clerk
        self._retranslate_hook: Callable[[], None] | None = None
        ctx = Context(services, self.runner, self.navigate, self._alert, lambda: self._session, card_timeout_s,
                      screen=lambda: self._stack[-1], elderly=lambda: self._elderly, assist=self._assist,
                      household=self._household_entry)
        self._catalogue = CatalogueViewModel(ctx, self._service_chosen)
        self._guide = GuideViewModel(ctx, self._apply)
        self._identify = IdentifyViewModel(ctx, self._identified)
        self._business = BusinessViewModel(self._business_done)
        self._form = FormViewModel(self._form_done, elderly=lambda: self._elderly, on_step=self.announce)
        self._materials = MaterialsViewModel(ctx, camera, self._materials_done, self._to_commitment)
        self._commitment = CommitmentViewModel(ctx, self._signed)
        self._confirm = ConfirmViewModel(ctx, self._submitted)
        self._receipt = ReceiptViewModel(ctx)
        self._rate = RateViewModel(ctx)
        self._payment = PaymentViewModel(ctx, self._show_receipt, keep_awake=self.touched)  # the fee step
        self._track = TrackViewModel(ctx, self._rate.start)
        self._link = LinkViewModel(services, link_poll_s, parent=self)
        self._children: tuple[Any, ...] = (
            self._catalogue, self._guide, self._identify, self._business, self._form, self._materials,
            self._commitment, self._confirm, self._receipt, self._track, self._rate)
        self._staff, self._provision = StaffViewModel(ctx), ProvisionViewModel(ctx)  # staff and technician mode
        self._children += (self._staff, self._provision)
        self._children += (self._payment,)
        self._queue = QueueViewModel(ctx)  # 取号: the hall's queue
        self._children += (self._queue,)
        self._results = ResultsViewModel(ctx)  # 结果领取: result documents on the A4 printer
        self._handin = HandInViewModel(ctx, camera, self._track.case_code, self._track.lookup)  # 补正 at the kiosk
        self._children += (self._results, self._handin)
        self.changed.connect(self._staff.screen_seen)  # 电子监察: every screen reached goes in the audit log
        self._by_screen: dict[str, Any] = {"identify": self._identify, "business": self._business, "form": self._form,
                                           "payment": self._payment,
                                           "materials": self._materials, "track": self._track, "rate": self._rate,
                                           "queue": self._queue, "results": self._results}
        self._idle = IdleGuard(idle_timeout_s, idle_warning_s, self._idle_home,
                               lambda: self.voice.say(screen_prompt("idle")), parent=self)
        self._idle.changed.connect(self.idleChanged)
        self.voice.set_language(language)

    @property
    def idle_guard(self) -> IdleGuard:
        """The session's idle countdown (staff settings and scripted visits set its periods)."""
        return self._idle

    # -- properties
    screen = Property(str, lambda self: self._stack[-1], notify=changed)
    canGoBack = Property(bool, lambda self: len(self._stack) > 1, notify=changed)
    busy = Property(bool, lambda self: self.runner.busy, notify=changed)
    message = Property(str, lambda self: show(self._message), notify=changed)
    language = Property(str, lambda self: self._language, notify=changed)
    elderly = Property(bool, lambda self: self._elderly, notify=changed)
    session = Property(int, lambda self: self._session, notify=changed)
    assistedBy = Property(str, lambda self: self._assisted_by, notify=changed)
    idleWarning = Property(bool, lambda self: self._idle.warning, notify=idleChanged)
    idleSecondsLeft = Property(int, lambda self: self._idle.seconds_left, notify=idleChanged)
    catalogue = Property(QObject, lambda self: self._catalogue, constant=True)
    guide = Property(QObject, lambda self: self._guide, constant=True)
    identify = Property(QObject, lambda self: self._identify, constant=True)
    business = Property(QObject, lambda self: self._business, constant=True)
    form = Property(QObject, lambda self: self._form, constant=True)
    materials = Property(QObject, lambda self: self._materials, constant=True)
    commitment = Property(QObject, lambda self: self._commitment, constant=True)
    confirm = Property(QObject, lambda self: self._confirm, constant=True)
    receipt = Property(QObject, lambda self: self._receipt, constant=True)
    track = Property(QObject, lambda self: self._track, constant=True)
    rate = Property(QObject, lambda self: self._rate, constant=True)
    payment = Property(QObject, lambda self: self._payment, constant=True)
    queue = Property(QObject, lambda self: self._queue, constant=True)
    results = Property(QObject, lambda self: self._results, constant=True)
    handin = Property(QObject, lambda self: self._handin, constant=True)
    link = Property(QObject, lambda self: self._link, constant=True)
    staff = Property(QObject, lambda self: self._staff, constant=True)
    provision = Property(QObject, lambda self: self._provision, constant=True)

    @property
    def children_vms(self) -> tuple[Any, ...]:
        return self._children

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
            if screen == "track":
                self._track.reset()
                self._handin.reset()
            self._stack.append(screen)
        self.changed.emit()
        self.touched()
        self.announce()

    @Slot()
    def back(self) -> None:
        if self._stack[-1] == "receipt":
            self.goHome()
            return
        child = self._by_screen.get(self._stack[-1])
        if child is not None and child.back():
            self.touched()
            self.announce()
            return
        if len(self._stack) > 1:
            self._stack.pop()
            self.changed.emit()
            self.touched()
            self.announce()

    @Slot()
    def goHome(self) -> None:  # noqa: N802 - QML name
        """Back to the start, forgetting the resident: who they are, what they typed."""
        self._wipe()
        self.announce()

    def _wipe(self) -> None:
        self._session += 1
        self._stack = ["home"]
        self._message = None
        self._assisted_by, self._household = "", False
        for child in self._children:
            child.reset()
        self._idle.stop()
        self.voice.forget()
        self.changed.emit()
        self.wiped.emit()

    def _assist(self, staff_id: str) -> None:
        """A clerk applies on a resident's behalf (代办): a fresh session whose application carries the clerk's
        id. It goes with the session: the next submission, going home or the idle wipe ends it."""
        self._wipe()
        self._assisted_by = staff_id
        self.changed.emit()
        self.announce()

    def _household_entry(self, staff_id: str) -> None:
        """A resident without a card (a minor on the 户口簿, a lost card): the clerk at the counter confirms who
        they are from the 户口簿; the application records the clerk (assisted_by) and the source of identity."""
        self._assist(staff_id)
        self._household = True

    # -- the journey between children
    def _service_chosen(self, item: ServiceItem) -> None:
        self._guide.load(item)
        self.navigate("guide")

    def _apply(self, item: ServiceItem) -> None:
        self._identify.start(item, household=self._household)
        self._materials.reset()
        self.navigate("identify")

    def _identified(self, person: Person, agent: Person | None) -> None:
        item = self._guide.item
        if item is not None and is_business(item):  # 法人办事: the organisation next
            self._business.start(item)
            self.navigate("business")
            return
        if item is not None:
            self._form.start(item, person)
        self.navigate("form")

    def _business_done(self, organisation: Organisation) -> None:
        if self._guide.item is not None and self._identify.person is not None:
            self._form.start(self._guide.item, self._identify.person, organisation.prefill())
        self.navigate("form")

    def _form_done(self) -> None:
        item = self._guide.item
        if self._identify.person is None or item is None:
            return
        org = self._business.organisation
        self._materials.start(org.materials(item) if org is not None and is_business(item) else item)
        self.navigate("materials")

    def _materials_done(self, missing: bool) -> None:
        if missing:
            self.navigate("missing")  # 一次性告知: everything missing on one screen
        else:
            self._to_commitment()

    def _to_commitment(self) -> None:
        if self._guide.item is not None:
            self._commitment.start(self._guide.item, self._materials.missing())
            self.navigate("commitment")

    def _signed(self, signature: Attachment) -> None:
        person, item = self._identify.person, self._guide.item
        if person is None or item is None:
            return
        self._confirm.prepare(Draft(item, person, self._form.fields, self._form.values(), self._identify.agent,
                                    self._materials.attachments() + (signature,), self._materials.missing(),
                                    assisted_by=self._assisted_by, commitment=self._commitment.letter()))
        self.navigate("confirm")

    def _submitted(self, receipt: Receipt) -> None:
        self._assisted_by, self._household = "", False  # one application per 代办
        item = self._guide.item
        if item is not None and item.fee_cents > 0 and self.services.payments is not None:
            self._payment.start(receipt, item)  # the case is stored: now its fee (or pay later)
            self._stack = ["home", "payment"]
            self.changed.emit()
            self.touched()
            self.announce()
            return
        self._show_receipt(receipt)

    def _show_receipt(self, receipt: Receipt) -> None:
        self._receipt.show(receipt)
        self._stack = ["home", "receipt"]
        self.changed.emit()
        self.touched()
        self.announce()

    @Slot()
    def startApplication(self) -> None:  # noqa: N802 - QML calls it by this camelCase name
        self._guide.apply()

    @Slot()
    def submitApplication(self) -> None:  # noqa: N802 - QML calls it by this camelCase name
        self._confirm.submit()

    @Slot()
    def rateReceipt(self) -> None:  # noqa: N802 - QML calls it by this camelCase name
        """Rate the service just received, from the receipt screen."""
        if self._receipt.receipt is not None:
            self._rate.start(self._receipt.receipt.code)

    # -- messages and voice
    def _alert(self, text: Lazy) -> None:
        self._message = text
        self.changed.emit()
        self.voice.say(text())

    @Slot()
    def dismissMessage(self) -> None:  # noqa: N802 - QML calls it by this camelCase name
        self._message = None
        self.changed.emit()

    def prompt(self) -> str:
        """What the voice says for the screen (and step) on show now."""
        child = self._by_screen.get(self._stack[-1])
        own = getattr(child, "prompt", None)
        text = own() if own is not None else None
        return text() if text is not None else screen_prompt(self._stack[-1])

    @Slot()
    def announce(self) -> None:
        """Say the prompt of the screen on show (also the "listen again" button)."""
        self.voice.say(self.prompt())

    # -- language and elderly mode
    def set_retranslate_hook(self, hook: Callable[[], None]) -> None:
        """app.py passes engine.retranslate so the QML texts follow."""
        self._retranslate_hook = hook

    @Slot(str)
    def setLanguage(self, language: str) -> None:  # noqa: N802 - QML calls it by this camelCase name
        if language not in LANGUAGES:
            raise ValueError(language)
        changed = language != self._language
        self._languages.install(language)
        self._language = language
        self.voice.set_language(language)
        if self._retranslate_hook is not None:
            self._retranslate_hook()
        for child in (*self._children, self._link):
            child.retranslate()
        self.changed.emit()
        if changed:
            self.announce()

    @Slot()
    def toggleLanguage(self) -> None:  # noqa: N802 - QML calls it by this camelCase name
        self.setLanguage("en" if self._language == "zh_CN" else "zh_CN")
        self.touched()

    @Slot(bool)
    def setElderly(self, on: bool) -> None:  # noqa: N802 - QML calls it by this camelCase name
        """适老模式: larger text and targets, one question per screen, twice the time."""
        self._elderly = bool(on)
        self._idle.set_scale(ELDERLY_TIME if self._elderly else 1.0)
        self.changed.emit()

    @Slot()
    def toggleElderly(self) -> None:  # noqa: N802 - QML calls it by this camelCase name
        self.setElderly(not self._elderly)

    # -- idle
    @Slot()
    def touched(self) -> None:
        """Any touch or key: restart the idle countdown (only away from home); counted on every screen."""
        self.touches += 1
        if self._stack[-1] == "home":
            self._idle.stop()
        else:
            self._idle.restart()

    def _idle_home(self) -> None:
        """Nobody answered the warning: the next person gets a fresh kiosk in the default language."""
        self._wipe()
        if self._elderly:
            self.setElderly(False)
        if self._language != DEFAULT:
            self.setLanguage(DEFAULT)
        self.voice.forget()
