"""Drive the kiosk through a resident's visit via its view-model slots: used by `make demo` and the e2e test.

Each step waits (processing Qt events, never blocking them) for the screen the step should reach, and can
save a screenshot of it.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from kiosk.app import KioskApp
from kiosk.qt import QCoreApplication, QEvent


class StepFailed(RuntimeError):
    pass


def pump() -> None:
    """One pass of what the event loop does: deliver events, then delete what asked to be deleted later.

    A script drives the app from outside `exec()`, and `processEvents()` alone never runs deferred deletes
    posted there: every screen the Loader replaced (and each object it owned) would stay alive for good."""
    QCoreApplication.processEvents()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def wait_until(predicate: Callable[[], bool], timeout: float = 15.0, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise StepFailed(f"timed out waiting for {what or predicate}")
        pump()
        time.sleep(0.01)
    pump()


class Walk:
    def __init__(self, kiosk: KioskApp, shots: Path | None = None, pause: float = 0.02) -> None:
        self.kiosk = kiosk
        self.pause = pause  # seconds between the event passes that let QML lay out and paint
        self.vm = kiosk.vm
        self.shots = shots
        self.count = 0
        self.saved: list[Path] = []
        self.phone: Callable[[str], None] | None = None  # pays a QR order by its number (the fee step)

    def settle(self) -> None:
        wait_until(lambda: not self.vm.busy, what="background work to finish")
        for _ in range(5):  # let QML lay out and paint
            pump()
            time.sleep(self.pause)

    def shot(self, name: str) -> Path | None:
        self.settle()
        if self.shots is None:
            return None
        self.count += 1
        path = self.kiosk.grab(self.shots / f"{self.count:02d}-{name}.png")
        self.saved.append(path)
        return path

    def expect(self, screen: str) -> None:
        wait_until(lambda: self.vm.screen == screen, what=f"screen {screen!r} (on {self.vm.screen!r})")

    def home(self) -> None:
        self.vm.goHome()
        self.expect("home")
        self.shot("home")

    def choose(self, category: str, query: str, name: str) -> None:
        self.vm.catalogue.open(category)
        self.expect("catalogue")
        self.shot("catalogue")
        self.vm.catalogue.search(query)
        self.settle()
        self.shot("catalogue-search")
        item = next((i for i in self.vm.services.catalogue.search(query) if i.name == name), None)
        if item is None:
            raise StepFailed(f"no service {name!r} for {query!r}")
        self.vm.catalogue.select(item.code)
        self.expect("guide")
        self.shot("guide")

    def identify(self) -> None:
        self.vm.guide.apply()
        self.expect("identify")
        self.shot("identify")
        self.vm.identify.readCard()
        wait_until(lambda: self.vm.screen == "form" or bool(self.vm.identify.error), timeout=20, what="the card")
        if self.vm.screen != "form":
            self.shot("identify-error")
            raise StepFailed(f"card not read: {self.vm.identify.error}")
        self.shot("form-prefilled")

    def fill(self, values: dict[str, str]) -> None:
        """Fill the form, then on through materials (photographed if there is a camera) and the signed
        commitment letter, to the confirm screen."""
        for name, value in values.items():
            self.vm.form.setValue(name, value)
        self.settle()
        if not self.vm.form.valid:
            self.shot("form-invalid")
            raise StepFailed("the form is not valid after filling it")
        self.shot("form-filled")
        self.vm.form.next()
        self.materials()
        self.sign()
        self.expect("confirm")
        self.shot("confirm")

    def materials(self, photograph: bool = True) -> None:
        """Photograph every material the camera can take, then go on (past 一次性告知 if some are missing)."""
        self.expect("materials")
        materials = self.vm.materials
        if photograph and materials.cameraAvailable:
            for row in materials.itemsModel.rows():
                materials.capture(row["name"])
                wait_until(lambda: not materials.capturing, what=f"the photo of {row['name']}")
                self.settle()
        self.shot("materials")
        materials.next()
        wait_until(lambda: self.vm.screen in ("missing", "commitment"), what="the step after materials")
        if self.vm.screen == "missing":
            self.shot("missing")
            materials.goOn()

    def sign(self) -> None:
        """Sign the commitment letter with a drawn zigzag, as a finger would."""
        self.expect("commitment")
        points = [v for i in range(12) for v in (40 + i * 60, 60 + (i % 2) * 140)]
        self.vm.commitment.addStroke(points, 800.0, 300.0)
        self.shot("commitment")
        self.vm.commitment.accept()

    def submit(self) -> str:
        self.vm.confirm.submit()
        wait_until(lambda: self.vm.screen in ("receipt", "payment"), what="the receipt or the fee")
        if self.vm.screen == "payment":
            self.pay()
        self.expect("receipt")
        wait_until(lambda: self.vm.receipt.printState in ("printed", "failed"), timeout=20, what="the printer")
        self.shot("receipt")
        return str(self.vm.receipt.code)

    def pay(self) -> None:
        """The fee step: `phone(order_no)` (e.g. the payment sandbox acting as the resident's phone) pays the
        QR; without a phone, or when payment is unavailable, the resident pays later."""
        pay = self.vm.payment
        wait_until(lambda: pay.phase in ("showing", "offline", "failed", "paid"), timeout=30, what="the QR")
        self.shot("payment")
        if pay.phase == "showing" and self.phone is not None:
            self.phone(pay.orderNo)
            wait_until(lambda: pay.phase == "paid", timeout=30, what="the payment")
            self.shot("payment-paid")
            pay.finish()
            return
        if pay.phase == "showing":
            pay.cancel()
            wait_until(lambda: pay.phase in ("failed", "offline", "paid"), timeout=30, what="the cancel")
        if pay.phase == "paid":
            pay.finish()
        else:
            pay.payLater()

    def apply(self, category: str, query: str, name: str, values: dict[str, str]) -> str:
        """One whole visit: home → catalogue → guide → identify → form → confirm → receipt."""
        self.home()
        self.choose(category, query, name)
        self.identify()
        self.fill(values)
        return self.submit()

    def idle_out(self, scale: float = 1.0, timeout: float = 30.0) -> None:
        """The resident touches the screen once more and walks away: the idle warning, then the wipe home.
        `scale` shortens the idle periods for this wait (a soak cannot wait two minutes per visit)."""
        guard = self.vm.idle_guard
        guard.set_scale(scale)
        try:
            self.vm.touched()
            wait_until(lambda: self.vm.screen == "home", timeout=timeout, what="the idle timeout to wipe the session")
        finally:
            guard.set_scale(1.0)
        self.settle()

    def track(self, code: str, label: str = "track") -> None:
        self.vm.goHome()
        self.vm.navigate("track")
        self.expect("track")
        self.vm.track.lookup(code)
        wait_until(lambda: not self.vm.track.looking and (self.vm.track.found or bool(self.vm.track.error)),
                   what="the case lookup")
        self.shot(label)
