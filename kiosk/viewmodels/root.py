"""The root view-model: screens and navigation, the journey between children, the session wiped when idle,
messages, language, elderly mode and the voice."""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from kiosk.i18n import DEFAULT, LANGUAGES, Languages
from kiosk.offers import Offers
from kiosk.qt import Property, QObject, Signal, Slot
from kiosk.tasks import TaskRunner
from kiosk.viewmodels.common import SCREENS, Context, Lazy, lazy, show
from kiosk.viewmodels.idle import IdleGuard
from kiosk.viewmodels.link import LinkViewModel
from kiosk.viewmodels.prompts import screen_prompt
from kiosk.voice import Voice

if TYPE_CHECKING:  # the screens' view-models are imported when the services arrive (attach), not at start
    from domain.models import Person, Receipt, ServiceItem
    from domain.organisation import Organisation
    from kiosk.camera import DocumentCamera
    from kiosk.services import Services
    from sync.model import Attachment

ELDERLY_TIME = 2.0  # elderly mode doubles every idle period
PREPARING = lazy("kiosk", "Getting ready. Please try again in a moment.")


class KioskViewModel(QObject):
    changed = Signal()
    idleChanged = Signal()
    attached = Signal()  # the services arrived: the screens' view-models exist
    wiped = Signal()  # the session ended: QML drops what the input method holds, the app what the scanner queued

    def __init__(self, services: Services | None, *, idle_timeout_s: float = 120, idle_warning_s: float = 20,
                 language: str = DEFAULT, languages: Languages | None = None, card_timeout_s: float = 10.0,
                 runner: TaskRunner | None = None, voice: Voice | None = None,
                 camera: DocumentCamera | None = None, link_poll_s: float = 10.0,
                 offers: Offers | None = None) -> None:
        """services None: the home screen shows now, the services come later (attach) with `offers`' tiles."""
        super().__init__()
        self.services: Services | None = None
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
        self._camera, self._card_timeout_s = camera, card_timeout_s
        self._offers = offers if offers is not None else Offers.of(services) if services is not None else Offers()
        self._children: tuple[Any, ...] = ()
        self._by_screen: dict[str, Any] = {}
        self._link = LinkViewModel(None, link_poll_s, parent=self)
        self._fresh = ["home"], "", language, False  # as it starts: home, no 代办, its own language, no elderly mode
        # the countdown runs away from home, and at home while a 代办 or a resident's choice (language, elderly) is on
        self._idle = IdleGuard(idle_timeout_s, idle_warning_s, self._idle_home, lambda: self.voice.say(screen_prompt(
            "idle")), self, lambda: (self._stack, self._assisted_by, self._language, self._elderly) != self._fresh)
        self._idle.changed.connect(self.idleChanged)
        self.voice.set_language(language)
        if services is not None:
            self.attach(services)

    def attach(self, services: Services) -> None:
        """The services are ready: build the screens' view-models on them (once)."""
        if self.services is not None:
            raise RuntimeError("the services are attached already")
        from kiosk.viewmodels import screens as vm

        self.services = services
        camera = self._camera
        ctx = Context(services, self.runner, self.navigate, self._alert, lambda: self._session,
                      self._card_timeout_s, screen=lambda: self._stack[-1], elderly=lambda: self._elderly,
                      assist=self._assist, household=self._household_entry)
        self._catalogue = vm.CatalogueViewModel(ctx, self._service_chosen)
        self._guide = vm.GuideViewModel(ctx, self._apply)
        self._identify = vm.IdentifyViewModel(ctx, self._identified)
        self._business = vm.BusinessViewModel(self._business_done)
        self._form = vm.FormViewModel(self._form_done, elderly=lambda: self._elderly, on_step=self.announce)
        self._materials = vm.MaterialsViewModel(ctx, camera, self._materials_done, self._to_commitment)
        self._commitment = vm.CommitmentViewModel(ctx, self._signed)
        self._confirm = vm.ConfirmViewModel(ctx, self._submitted)
        self._receipt = vm.ReceiptViewModel(ctx)
        self._rate = vm.RateViewModel(ctx)
        self._payment = vm.PaymentViewModel(ctx, self._show_receipt, keep_awake=self.touched)  # the fee step
        self._track = vm.TrackViewModel(ctx, self._rate.start)
        self._staff, self._provision = vm.StaffViewModel(ctx), vm.ProvisionViewModel(ctx)  # staff, technician
        self._queue = vm.QueueViewModel(ctx)  # 取号: the hall's queue
        self._results = vm.ResultsViewModel(ctx)  # 结果领取: result documents on the A4 printer
        self._handin = vm.HandInViewModel(ctx, camera, self._track)  # 补正
        self._children = (
            self._catalogue, self._guide, self._identify, self._business, self._form, self._materials,
            self._commitment, self._confirm, self._receipt, self._track, self._rate, self._staff, self._provision,
            self._payment, self._queue, self._results, self._handin)
        self.changed.connect(self._staff.screen_seen)  # 电子监察: every screen reached goes in the audit log
        self._by_screen = {"identify": self._identify, "business": self._business, "form": self._form,
                           "payment": self._payment, "materials": self._materials, "track": self._track,
                           "rate": self._rate, "queue": self._queue, "results": self._results}
        self._link.attach(services)
        if self._message is PREPARING:  # a touch while getting ready: it is ready now
            self._message = None
        self.attached.emit()
        self.changed.emit()

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
    ready = Property(bool, lambda self: self.services is not None, notify=attached)
    queueOffered = Property(bool, lambda self: self._offers.queue, constant=True)
    resultsOffered = Property(bool, lambda self: self._offers.results, constant=True)
    link = Property(QObject, lambda self: self._link, constant=True)
    catalogue = Property(QObject, lambda self: getattr(self, "_catalogue", None), notify=attached)
    guide = Property(QObject, lambda self: getattr(self, "_guide", None), notify=attached)
    identify = Property(QObject, lambda self: getattr(self, "_identify", None), notify=attached)
    business = Property(QObject, lambda self: getattr(self, "_business", None), notify=attached)
    form = Property(QObject, lambda self: getattr(self, "_form", None), notify=attached)
    materials = Property(QObject, lambda self: getattr(self, "_materials", None), notify=attached)
    commitment = Property(QObject, lambda self: getattr(self, "_commitment", None), notify=attached)
    confirm = Property(QObject, lambda self: getattr(self, "_confirm", None), notify=attached)
    receipt = Property(QObject, lambda self: getattr(self, "_receipt", None), notify=attached)
    track = Property(QObject, lambda self: getattr(self, "_track", None), notify=attached)
    rate = Property(QObject, lambda self: getattr(self, "_rate", None), notify=attached)
    payment = Property(QObject, lambda self: getattr(self, "_payment", None), notify=attached)
    queue = Property(QObject, lambda self: getattr(self, "_queue", None), notify=attached)
    results = Property(QObject, lambda self: getattr(self, "_results", None), notify=attached)
    handin = Property(QObject, lambda self: getattr(self, "_handin", None), notify=attached)
    staff = Property(QObject, lambda self: getattr(self, "_staff", None), notify=attached)
    provision = Property(QObject, lambda self: getattr(self, "_provision", None), notify=attached)

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
        if self.services is None:  # a touch before the services are there: a short "getting ready"
            self._alert(PREPARING)
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

    @Slot(str)
    def choose(self, action: str) -> None:
        """A home tile (personal, business, track, queue, results) or the hidden staff entry was touched."""
        if self.services is None:
            return self._alert(PREPARING)
        {"personal": lambda: self._catalogue.open("个人办事"), "business": lambda: self._catalogue.open("法人办事"),
         "track": lambda: self.navigate("track"), "queue": self._queue.open, "results": self._results.open,
         "staff": self._staff.open}[action]()

    @Slot()
    def back(self) -> None:
        child = self._by_screen.get(self._stack[-1])
        if child is not None and child.back():
            self.touched()
            self.announce()
            return
        if len(self._stack) == 2:  # back to home (from the receipt too): the session ends there, as with Home
            self.goHome()
        elif len(self._stack) > 2:
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
        self._idle.touch()  # at home: stopped, unless a language or elderly mode is still on
        self.voice.forget()
        self.changed.emit()
        self.wiped.emit()

    def _assist(self, staff_id: str) -> None:
        """代办: a fresh session whose application carries the clerk's id; its submission, Home or idle ends it."""
        self._wipe()
        self._assisted_by = staff_id
        self._idle.touch()  # left at home untouched, it ends as a session does (else the next resident applies in it)
        self.changed.emit()
        self.announce()

    def _household_entry(self, staff_id: str) -> None:
        """No card (a minor, a lost card): the clerk confirms the resident from the 户口簿 (assisted_by, source)."""
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
        from domain.organisation import is_business

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
        from domain.organisation import is_business

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
        from kiosk.viewmodels.confirm import Draft

        person, item = self._identify.person, self._guide.item
        if person is None or item is None:
            return
        self._confirm.prepare(Draft(item, person, self._form.fields, self._form.values(), self._identify.agent,
                                    self._materials.attachments() + (signature,), self._materials.missing(),
                                    assisted_by=self._assisted_by, commitment=self._commitment.letter(),
                                    face_check=self._identify.face_check))
        self.navigate("confirm")

    def _submitted(self, receipt: Receipt) -> None:
        self._assisted_by, self._household = "", False  # one application per 代办
        self._identify.submitted()  # 人证合一's outcome went with the case
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
        self._idle.touch()  # at home, a language other than the kiosk's own is set back after the quiet spell
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
        self._idle.touch()
        self.changed.emit()

    @Slot()
    def toggleElderly(self) -> None:  # noqa: N802 - QML calls it by this camelCase name
        self.setElderly(not self._elderly)

    # -- idle
    @Slot()
    def touched(self) -> None:
        """Any touch or key: restart the idle countdown (at home only while a 代办 or a choice is on); counted."""
        self.touches += 1
        self._idle.touch()

    def _idle_home(self) -> None:
        """Nobody answered the warning: the next person gets a fresh kiosk in the default language."""
        self._wipe()
        if self._elderly:
            self.setElderly(False)
        if self._language != self._fresh[2]:
            self.setLanguage(self._fresh[2])
        self.voice.forget()
