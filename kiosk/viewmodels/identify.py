"""Who applies: the resident's own card, or 代办 (the agent's card first, then the applicant's).

The card is whatever services.reader reads: the resident ID card, or the social-security card when the kiosk
has that slot too (drivers.idcard.anyreader.AnyCardReader reads whichever is offered).
"""
from __future__ import annotations

from collections.abc import Callable

from domain import idnumber
from domain.models import FaceCheck, Person, ServiceItem
from drivers.base import UserFacingError
from kiosk.i18n import tr_error
from kiosk.qt import Property, QObject, Signal, Slot
from kiosk.viewmodels.common import Context, Lazy, ScreenViewModel, date_text, lazy, show, typed_text
from kiosk.viewmodels.face import FaceViewModel
from sync.model import Offline
from sync.qrid import QrRefused

WHO, CARD, REGISTER = "who", "card", "register"  # REGISTER: typed from the 户口簿, a clerk at the counter
FACE = "face"  # 人证合一 after the card, where the service item asks for it (kiosk.viewmodels.face)
CARDS = ("id_card", "ss_card")  # Person.source of a card read here: a 亮码's holder was checked by the provider
HOUSEHOLD_REGISTER = "household_register"  # Person.source of an applicant identified from the 户口簿
APPLICANT, AGENT = "applicant", "agent"


class IdentifyViewModel(ScreenViewModel):
    changed = Signal()

    def __init__(self, ctx: Context, on_done: Callable[[Person, Person | None], None]) -> None:
        super().__init__(ctx)
        self._on_done = on_done
        self._step = WHO
        self._on_behalf = False
        self._person: Person | None = None
        self._agent: Person | None = None
        self._reading = False
        self._by_code = False  # what is being read: a 亮码 (checked by the network), not a card
        self._error: Lazy | None = None
        self._accepts_expired = False  # the service takes an expired card (ServiceItem.accepts_expired_card)
        self._reg_name, self._reg_id, self._reg_tried = "", "", False
        self._face_wanted = False  # the service asks for 人证合一 (ServiceItem.face_match)
        self._face = FaceViewModel(ctx, self._face_checked)

    @property
    def person(self) -> Person | None:
        return self._person

    @property
    def agent(self) -> Person | None:
        return self._agent

    @property
    def face_check(self) -> FaceCheck | None:
        """人证合一's outcome for this application (None: the service did not ask for it)."""
        return self._face.result

    def _role(self) -> str:
        return AGENT if self._on_behalf and self._agent is None else APPLICANT

    step = Property(str, lambda self: self._step, notify=changed)
    onBehalf = Property(bool, lambda self: self._on_behalf, notify=changed)
    role = Property(str, _role, notify=changed)
    reading = Property(bool, lambda self: self._reading, notify=changed)
    readingCode = Property(bool, lambda self: self._reading and self._by_code, notify=changed)
    error = Property(str, lambda self: show(self._error), notify=changed)
    hasPerson = Property(bool, lambda self: self._person is not None, notify=changed)
    maskedName = Property(str, lambda self: self._person.masked_name if self._person else "", notify=changed)
    maskedId = Property(str, lambda self: self._person.masked_id if self._person else "", notify=changed)
    agentMaskedName = Property(str, lambda self: self._agent.masked_name if self._agent else "", notify=changed)
    qrAvailable = Property(bool, lambda self: self._ctx.services.identity is not None and not self._on_behalf,
                           notify=changed)
    face = Property(QObject, lambda self: self._face, constant=True)
    registerName = typed_text("_reg_name", 30, changed)
    registerIdNumber = typed_text("_reg_id", 30, changed)

    def _register_error(self) -> str:
        if not self._reg_tried:
            return ""
        if not self._reg_name.strip():
            return show(lazy("identify", "Please type the name as the 户口簿 shows it."))
        try:
            idnumber.validate(self._reg_id)
        except idnumber.InvalidIdNumber as exc:
            if exc.reason == idnumber.CHARS:
                return show(lazy("form", "Please use only the digits 0-9 and X."))
            return show(lazy("form", "This ID number is not right: please check each digit again."))
        return ""

    registerError = Property(str, _register_error, notify=changed)

    @Slot()
    def confirmRegister(self) -> None:  # noqa: N802 - QML calls it by this camelCase name
        """The clerk has checked the 户口簿 page against the resident: the applicant, recorded as from it."""
        self._reg_tried = True
        if self._register_error():
            self.changed.emit()
            return
        person = Person.of_number(self._reg_name, self._reg_id, HOUSEHOLD_REGISTER)
        self._person, self._error = person, None
        self.changed.emit()
        self._on_done(person, None)

    @Slot()
    def forSelf(self) -> None:  # noqa: N802 - QML name
        self._choose(False)

    @Slot()
    def forOther(self) -> None:  # noqa: N802 - QML calls it by this camelCase name
        self._choose(True)

    def _choose(self, on_behalf: bool) -> None:
        self._on_behalf, self._agent, self._person, self._error = on_behalf, None, None, None
        self._step = CARD
        self.changed.emit()
        self._ctx.navigate("identify")  # re-announces the screen for the new step

    def prompt(self) -> Lazy:
        if self._step == FACE:
            return self._face.prompt()
        if self._step == REGISTER:
            return lazy("voice", "The staff will type in the name and ID number from the household register.")
        if self._step == WHO:
            return lazy("voice", "Who is this application for? Touch “For myself” or “For someone else”.")
        if self._role() == AGENT:
            return lazy("voice", "First put your own ID card on the reader: you are applying for someone else.")
        if self._on_behalf:
            return lazy("voice", "Now put the ID card of the person you are applying for on the reader.")
        return lazy("voice", "Please put your ID card on the reader, or insert your social security card, then "
                             "touch the big button.")

    @Slot()
    def readCard(self) -> None:  # noqa: N802 - QML name
        if self._reading:
            return
        reader, timeout = self._ctx.services.reader, self._ctx.card_timeout_s

        def words(exc: BaseException) -> Lazy:
            if isinstance(exc, UserFacingError):
                return lambda: tr_error(exc)
            return lazy("identify", "The card could not be read. Please take it off and try again.")

        self._by_code = False
        self._identify(lambda: reader.read_person(timeout), words)

    @Slot(str)
    def scanned(self, code: str) -> None:
        """A 亮码 at the scanner (drivers.base.IdentityCode): on this screen's card step, the network checks it
        with the identity provider and the holder is taken like a card's."""
        identity = self._ctx.services.identity
        if self._ctx.screen() != "identify" or self._step in (REGISTER, FACE) or self._reading or identity is None:
            return

        def words(exc: BaseException) -> Lazy:
            if isinstance(exc, QrRefused):
                return lazy("identify", "This code could not be used: it may have expired. Please refresh "
                                        "the code on your phone and show it again, or use your ID card.")
            if isinstance(exc, Offline):
                return lazy("identify", "The code cannot be checked now because the network is not "
                                        "available. Please use your ID card.")
            return self._ctx.generic_error()

        self._by_code = True
        self._identify(lambda: identity.verify_qr(code), words)

    def _identify(self, fetch: Callable[[], Person], words: Callable[[BaseException], Lazy]) -> None:
        """Read who applies off the GUI thread (a card, a 亮码); a failure is worded by `words`. A result that
        arrives after the session ended is dropped."""
        if self._step == WHO:  # straight to the card: applying for oneself
            self._step = CARD
        self._reading, self._error = True, None
        self.changed.emit()
        session = self._ctx.session()

        def done(person: Person) -> None:
            if session == self._ctx.session():
                self._reading = False
                self._accept(person)

        def failed(exc: BaseException) -> None:
            if session != self._ctx.session():
                return
            self._reading = False
            self._error = words(exc)
            self.changed.emit()

        self._ctx.runner.run(fetch, done, failed)

    def start(self, item: ServiceItem, *, household: bool = False) -> None:
        """A new identification for `item`: whether it takes an expired card is the item's to say; `household`:
        a clerk at the counter identifies the applicant from the 户口簿 (no card)."""
        self.reset()
        self._accepts_expired, self._face_wanted = item.accepts_expired_card, item.face_match
        if self._face_wanted and not household:
            self._face.prepare()
        if household:
            self._step = REGISTER
            self.changed.emit()

    def _accept(self, person: Person) -> None:
        expired = person.is_expired(self._ctx.services.clock().date())
        if expired and (self._role() == AGENT or not self._accepts_expired):
            assert person.valid_to is not None
            self._error = lazy("identify", "This card expired on %1. This service needs a valid card; only a few "
                                           "services, such as renewing the ID card, take an expired one. "
                                           "Please ask the staff if you need help.", date_text(person.valid_to))
        elif self._role() == AGENT:
            self._agent = person
            self._error = None
            self.changed.emit()
            self._ctx.navigate("identify")
            return
        elif self._agent is not None and self._agent.id_number == person.id_number:
            self._error = lazy("identify", "This is your own card again. Now put the card of the person you "
                                           "are applying for on the reader.")
        else:
            self._person, self._error = person, None
            if self._face_wanted and person.source in CARDS:  # the face of whoever is at the kiosk: the agent's
                self._step = FACE                             # when applying for someone else
                self._face.start((self._agent or person).photo)
                self.changed.emit()
                self._ctx.navigate("identify")
                return
            self._face.reset()  # an earlier card's outcome (back from the form) is not this identification's
            self.changed.emit()
            self._on_done(person, self._agent)
            return
        self.changed.emit()

    def _face_checked(self, check: FaceCheck) -> None:
        """The check is done (its outcome stays with the face step until the submission): back on this screen
        from the form is the card step, as for any item, not the finished check."""
        self._step = CARD
        if self._person is not None:
            self._on_done(self._person, self._agent)

    def back(self) -> bool:
        """The header's back button within this screen: from the card step to the who question."""
        if self._step == FACE:  # the card again (the applicant's); a comparison under way no longer counts
            self._step, self._person, self._error = CARD, None, None
            self._face.reset()
            self.changed.emit()
            return True
        if self._step == CARD and not self._reading:
            self._step, self._agent, self._person, self._error = WHO, None, None, None
            self.changed.emit()
            return True
        return False

    def reset(self) -> None:
        self._accepts_expired = self._face_wanted = False
        self._face.reset()
        self._reg_name, self._reg_id, self._reg_tried = "", "", False
        self._step, self._on_behalf = WHO, False
        self._person = self._agent = None
        self._reading = False
        self._error = None
        self.changed.emit()

    def submitted(self) -> None:
        """The application is stored: 人证合一's outcome went with it and is not kept here."""
        self._face.reset()

    def retranslate(self) -> None:
        self._face.retranslate()
        super().retranslate()
