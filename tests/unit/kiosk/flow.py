"""Steps of a resident's journey through the view-models' slots (no QML), shared by the kiosk tests."""
from __future__ import annotations

from typing import Any

from pytestqt.qtbot import QtBot

from kiosk.viewmodels import KioskViewModel
from tests.helpers.stubs import ITEMS, make_services

ID_CARD_ITEM = ITEMS[0]  # 居民身份证补领: ￥20, two required materials
PENSION_ITEM = ITEMS[1]  # 养老: free
ZIGZAG = [v for i in range(8) for v in (50 + i * 90, 60 + (i % 2) * 160)]


def make_vm(**kw: Any) -> KioskViewModel:
    idle = kw.pop("idle_timeout_s", 120)
    warn = kw.pop("warn", 20)
    camera = kw.pop("camera", None)
    voice = kw.pop("voice", None)
    return KioskViewModel(make_services(**kw), idle_timeout_s=idle, idle_warning_s=warn, camera=camera,
                          voice=voice)


def settle(qtbot: QtBot, vm: KioskViewModel) -> None:
    qtbot.waitUntil(lambda: not vm.busy, timeout=5000)


def to_identify(qtbot: QtBot, vm: KioskViewModel, item: Any = ID_CARD_ITEM, *, on_behalf: bool = False) -> None:
    """From the item's category to the identify screen, having said whom the application is for."""
    vm.catalogue.open(item.category)
    settle(qtbot, vm)
    vm.catalogue.select(item.code)
    settle(qtbot, vm)
    assert vm.screen == "guide"
    vm.startApplication()
    assert vm.screen == "identify" and vm.identify.step == "who"
    if on_behalf:
        vm.identify.forOther()
    else:
        vm.identify.forSelf()


def to_form(qtbot: QtBot, vm: KioskViewModel, item: Any = ID_CARD_ITEM, *, on_behalf: bool = False) -> None:
    to_identify(qtbot, vm, item, on_behalf=on_behalf)
    vm.identify.readCard()
    settle(qtbot, vm)


def clerk_signs_in(qtbot: QtBot, vm: KioskViewModel) -> None:
    """The clerk opens staff mode with the staff PIN (tests.helpers.stubs.STAFF_PIN)."""
    from tests.helpers.stubs import STAFF_PIN

    vm.staff.open()
    for key in STAFF_PIN:
        vm.staff.press(key)
    vm.staff.submitPin()
    qtbot.waitUntil(lambda: vm.screen == "staff", timeout=5000)


def fill_valid(vm: KioskViewModel) -> None:
    vm.form.setValue("phone", "13800138000")
    vm.form.setValue("reason", "遗失")
    vm.form.setValue("household_size", "3")


def sign(qtbot: QtBot, vm: KioskViewModel) -> None:
    assert vm.screen == "commitment"
    vm.commitment.addStroke(ZIGZAG, 800.0, 300.0)
    vm.commitment.accept()
    settle(qtbot, vm)


def to_confirm(qtbot: QtBot, vm: KioskViewModel, *, photograph: bool = True) -> None:
    """From a filled form through materials (and 一次性告知 if any are missing) and the letter to confirm."""
    vm.form.next()
    assert vm.screen == "materials"
    if photograph and vm.materials.cameraAvailable:
        for row in vm.materials.itemsModel.rows():
            vm.materials.capture(row["name"])
            settle(qtbot, vm)
    vm.materials.next()
    if vm.screen == "missing":
        vm.materials.goOn()
    sign(qtbot, vm)
    assert vm.screen == "confirm"


def submit(qtbot: QtBot, vm: KioskViewModel) -> str:
    vm.submitApplication()
    settle(qtbot, vm)
    assert vm.screen == "receipt"
    return str(vm.receipt.code)


def at_confirm(qtbot: QtBot, cases: Any) -> KioskViewModel:
    """A kiosk over `cases` with a valid application on the confirm screen."""
    vm = make_vm(cases=cases)
    to_form(qtbot, vm)
    fill_valid(vm)
    to_confirm(qtbot, vm)
    return vm


def stored_case(qtbot: QtBot, cases: Any) -> str:
    """One submitted case in `cases`, through a throwaway kiosk."""
    return submit(qtbot, at_confirm(qtbot, cases))
