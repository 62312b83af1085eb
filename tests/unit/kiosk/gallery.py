"""A picture of every screen and step: zh and en, normal and elderly mode, portrait 1080×1920 and landscape
1920×1080, each checked for clipped text, words past the window's edges or out of their tile or button, tofu and
(elderly) small print or small targets (tests/unit/kiosk/ui.py, Ui.problems).

    python -m tests.unit.kiosk.gallery [--out out/screens/gallery]   # all eight sets, ~210 pictures

tests/unit/kiosk/test_gallery.py runs the same walk as part of the suite.
"""
from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from domain.models import Person
from drivers.base import DeviceUnavailable
from kiosk.app import KioskApp
from kiosk.viewmodels.common import lazy
from sync.hall import Appointment
from sync.model import SyncHealth
from tests.helpers.faces import OTHER, SAME, card_photo, face_check
from tests.helpers.stubs import (
    AGENT,
    BUSINESS_ITEM,
    ITEMS,
    PERSON,
    FakeCamera,
    FakeCases,
    FakeIdentity,
    FakeQueue,
    FakeReader,
    FakeResults,
    FakeSync,
    make_services,
)
from tests.unit.kiosk.flow import to_identify

OUT = Path(__file__).resolve().parents[3] / "out" / "screens" / "gallery"  # beside the demo's own walk
QR_CODE = "ESSC:1:5f0c9a7e31d2"  # what the scanner reads off the phone's 亮码
QR_HOLDER = Person.of_number(PERSON.name, PERSON.id_number, "e_sscard")  # as the provider answers: name, number
FACE_ITEM = replace(ITEMS[1], code="11440105MB2C12345X4440105009", name="高龄津贴申领", face_match=True)  # 人证合一
SETS = [(o, lang, mode) for o in ("portrait", "landscape") for lang in ("zh_CN", "en")
        for mode in ("normal", "elderly")]


@dataclass
class Report:
    saved: list[Path] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def make_kiosk(orientation: str) -> KioskApp:
    cases = FakeCases(offline=True)
    services = make_services(reader=FakeReader(PERSON), cases=cases, items=(*ITEMS, BUSINESS_ITEM, FACE_ITEM),
                             face=face_check(SAME[0]),
                             sync=FakeSync(SyncHealth(queued=1, quarantined=0, last_success=None, online=False)),
                             queue=FakeQueue({PERSON.id_number: Appointment("居民身份证换领", "10:30", "B")}),
                             results=FakeResults(), identity=FakeIdentity({QR_CODE: QR_HOLDER}))
    kiosk = KioskApp(services, orientation=orientation, idle_timeout_s=600, camera=FakeCamera(), link_poll_s=0.05)
    kiosk.show()
    return kiosk


def each(ui, *stops: tuple[str, Callable[[], object]]) -> Iterator[str]:
    """Stops that are one call each: make the call, let the kiosk settle, name the picture."""
    for name, act in stops:
        act()
        ui.settle()
        yield name


def steps(kiosk: KioskApp, ui) -> Iterator[str]:
    """Drive the view-models through every screen; yield a picture name at each stop."""
    from drivers.base import PrinterError
    from drivers.printer.cups_a4 import A4_PAPER_OUT

    vm = kiosk.vm
    reader = vm.services.reader
    yield "home"
    yield from each(ui, ("queue", vm.queue.open), ("queue-card", vm.queue.readCard),
                    ("queue-ticket", lambda: vm.queue.take("B")))
    vm.goHome()
    document = "ABCDEFGHJKMNPQRS"
    yield from each(ui, ("results", vm.results.open), ("results-list", vm.results.readCard),
                    ("results-printed", lambda: vm.results.print(document)))
    vm.services.results.error = PrinterError(A4_PAPER_OUT)
    yield from each(ui, ("results-paper-out", lambda: vm.results.print(document)))
    vm.services.results.error = None
    vm.goHome()
    vm.catalogue.open("个人办事")
    yield "catalogue"
    ui.find("searchField").setProperty("text", "sfz")  # as if typed
    yield "catalogue-search"
    ui.find("searchField").setProperty("text", "")
    vm.catalogue.select(ITEMS[0].code)
    yield "guide"
    vm.guide.printSlip()  # the stub printer has no slips: the plain "cannot print" words
    yield "guide-print"
    vm.startApplication()
    yield "identify-who"
    vm.identify.forOther()
    yield "identify-agent"
    reader.person = AGENT
    vm.identify.readCard()
    ui.settle()
    yield "identify-applicant"
    reader.person, reader.error = None, DeviceUnavailable("The ID card reader is not connected.")
    vm.identify.readCard()
    yield "identify-error"
    reader.person, reader.error = PERSON, None
    vm.identify.readCard()
    ui.settle()
    yield "form"
    vm.form.setValue("phone", "1380013")
    vm.form.setValue("reason", "其他")
    vm.form.next()  # every problem shown at once
    yield "form-errors"
    vm.form.setValue("phone", "13800138000")
    vm.form.setValue("reason", "遗失")
    vm.form.setValue("household_size", "3")
    if ui.has("field_household_size"):
        ui.tap("field_household_size")  # the number pad comes up
        yield "form-numberpad"
    kiosk.window.contentItem().forceActiveFocus()
    vm.form.next()
    yield "materials"
    vm.materials.capture("户口簿")
    ui.settle()
    yield "materials-photo"
    vm.materials.next()
    yield "missing"
    vm.materials.goOn()
    yield "commitment"
    vm.commitment.addStroke([v for i in range(10) for v in (40 + i * 70, 60 + (i % 2) * 150)], 800.0, 300.0)
    yield "commitment-signed"
    yield from each(ui, ("confirm", vm.commitment.accept), ("receipt", vm.submitApplication))
    vm.rateReceipt()
    yield "rate"
    vm.rate.choose(2)
    vm.rate.toggleReason("too_slow")
    yield "rate-reasons"
    yield from each(ui, ("rate-done", vm.rate.submit))
    code = vm.receipt.code
    vm.goHome()
    vm.navigate("track")
    for digit in code[:9]:
        vm.track.press(digit)
    yield "track-typing"
    yield from each(ui, ("track-case", lambda: vm.track.lookup(code)))
    cases = vm.services.cases  # the office asks for 补正: the track screen offers to hand it in here
    cases.cases[code] = replace(cases.cases[code], supplement=("居民户口簿原件",), supplement_note="请补交")
    vm.track.lookup(code)
    ui.settle()
    yield from each(ui, ("track-handin", vm.handin.capture))
    cases.cases[code] = replace(cases.cases[code], supplement=())  # what the network answers once received
    yield from each(ui, ("track-handin-sent", vm.handin.send), ("track-by-card", vm.track.readCard))
    vm.goHome()  # an expired card, for a service that needs a valid one
    reader.person = replace(PERSON, valid_to=date(2024, 1, 1))
    to_identify(ui.qtbot, vm, ITEMS[1])
    yield from each(ui, ("identify-expired", vm.identify.readCard))
    reader.person = PERSON
    vm.goHome()  # 法人办事: the organisation after the card
    to_identify(ui.qtbot, vm, BUSINESS_ITEM)
    yield from each(ui, ("business", vm.identify.readCard))
    vm.business.creditCode = "91350100M000100Y44"
    vm.business.next()
    yield "business-errors"
    vm.business.creditCode = "91350100M000100Y43"
    vm.business.orgName = "广州市海珠区好味食品有限公司"
    vm.business.chooseRole("authorised_agent")
    yield "business-agent"
    yield from each(ui, ("form-business", vm.business.next))
    vm.goHome()  # 亮码: the code on the phone instead of the card
    to_identify(ui.qtbot, vm, ITEMS[0])
    ui.settle()
    yield "identify-qr-hint"
    yield from each(ui, ("identify-qr-refused", lambda: vm.identify.scanned("ESSC:1:used-screenshot")),  # shown twice
                    ("identify-qr-offline", lambda: vm.identify.scanned("offline")),
                    ("form-qr", lambda: vm.identify.scanned(QR_CODE)))
    vm._household_entry("counter")  # no card: the clerk types the 户口簿 page in (staff mode's button)
    vm.catalogue.select(ITEMS[1].code)
    ui.settle()
    vm.startApplication()
    vm.identify.registerName = "李小宝"
    vm.identify.registerIdNumber = "4401052015060100"
    vm.identify.confirmRegister()
    yield "identify-register"
    vm.goHome()  # 人证合一: the face at the camera against the card's photo, then the clerk
    reader.person = replace(PERSON, photo=card_photo())
    to_identify(ui.qtbot, vm, FACE_ITEM)
    yield from each(ui, ("identify-face", vm.identify.readCard))
    face = vm.identify.face
    face._phase = "comparing"  # as it shows while the model compares (a picture takes well under a second)
    face.changed.emit()
    yield "identify-face-comparing"
    face._phase = "look"
    vm.services.face.camera.sees(OTHER)
    yield from each(ui, ("identify-face-again", vm.identify.face.compare))
    for _ in range(2):
        vm.identify.face.compare()
        ui.settle()
    for key in "2468":
        vm.identify.face.press(key)
    yield "identify-face-clerk"
    reader.person = PERSON
    vm.goHome()
    vm._alert(lazy("catalogue", "This service cannot be handled on this machine."))
    yield "message"
    vm.dismissMessage()
    vm._idle._home.start(20_000)  # the countdown overlay at 20 s, without waiting for it
    vm._idle._start_warning()
    yield "idle-warning"
    vm.touched()


def walk(orientation: str, language: str, mode: str, out: Path | None, qtbot,
         check: Callable[[str, list[str]], None] | None = None, *,
         make: Callable[[str], KioskApp] = make_kiosk, stops: Callable[..., Iterator[str]] = steps) -> Report:
    """One set of pictures: `make` builds the kiosk, `stops` drives it (every resident screen by default)."""
    from tests.unit.kiosk.ui import Ui

    report = Report()
    kiosk = make(orientation)
    ui = Ui(kiosk, qtbot)
    try:
        kiosk.vm.setLanguage(language)
        kiosk.vm.setElderly(mode == "elderly")
        folder = out / orientation / f"{language}-{mode}" if out else None
        for n, name in enumerate(stops(kiosk, ui), start=1):
            ui.settle(20)
            found = ui.problems()
            if mode == "elderly":
                found += ui.small_print(30) + ui.small_targets(60)
            found = [f"{orientation}/{language}-{mode}/{name}: {p}" for p in found]
            report.problems += found
            if check is not None:
                check(name, found)
            if folder is not None:
                report.saved.append(kiosk.grab(folder / f"{n:02d}-{name}.png"))
    finally:
        kiosk.close()
    return report


class _Bot:
    """Enough of pytest-qt's qtbot for the command line."""

    def waitUntil(self, predicate: Callable[[], bool], timeout: int = 5000) -> None:  # noqa: N802 - QML calls it by this camelCase name
        from kiosk.walkthrough import wait_until

        wait_until(predicate, timeout=timeout / 1000)

    def wait(self, ms: int) -> None:
        import time

        from kiosk.qt import QCoreApplication

        end = time.monotonic() + ms / 1000
        while time.monotonic() < end:
            QCoreApplication.processEvents()
            time.sleep(0.005)


def main(argv: list[str] | None = None, *, out: Path = OUT, prog: str = "gallery", description: str | None = __doc__,
         make: Callable[[str], KioskApp] = make_kiosk, stops: Callable[..., Iterator[str]] = steps,
         sets: Sequence[tuple[str, str, str]] = SETS) -> int:
    parser = argparse.ArgumentParser(prog=prog, description=description)
    parser.add_argument("--out", default=str(out))
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("QT_QUICK_BACKEND", "software")
    from kiosk.qt import QGuiApplication
    from tests.helpers import qtapp  # noqa: F401 - prepares the environment

    app = QGuiApplication(sys.argv[:1])  # noqa: F841 - Qt needs the application object alive
    problems = []
    for orientation, language, mode in sets:
        report = walk(orientation, language, mode, Path(args.out), _Bot(), make=make, stops=stops)
        problems += report.problems
        print(f"{orientation}/{language}-{mode}: {len(report.saved)} pictures", flush=True)
    for p in problems:
        print("PROBLEM", p)
    return 1 if problems else 0


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    os._exit(code)  # skip PySide's teardown at interpreter exit (it can crash after the app is gone)
