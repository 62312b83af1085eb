"""No card (a child on the 户口簿, a lost card): a clerk signs in with the staff PIN (real staff auth on the kiosk's
store), confirms the resident from the 户口簿 and types the page in; the application records the source of the
identity and the clerk, the audit log the clerk's action, and the next resident is back to the card."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF
from pytestqt.qtbot import QtBot

from domain import idnumber
from kiosk.staff.supervision import SupervisedCases
from kiosk.viewmodels import KioskViewModel
from sync.store import Store
from tests.helpers.stubs import FakeCases, make_services, staff_backend
from tests.unit.kiosk.flow import PENSION_ITEM, clerk_signs_in, fill_valid, settle, submit, to_confirm

CHILD = "44010520150601002"
CHILD_ID = CHILD + idnumber.check_char(CHILD)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store(tmp_path / "kiosk.db")
    yield s
    s.close()


def test_a_child_from_the_household_register(qtbot: QtBot, chinese: object, store: Store) -> None:
    cases = FakeCases()
    backend = staff_backend(store)
    vm = KioskViewModel(make_services(cases=SupervisedCases(cases, backend.record), staff=backend))
    clerk_signs_in(qtbot, vm)
    vm.staff.householdEntry()
    assert vm.screen == "home" and vm.assistedBy == "counter"

    vm.catalogue.select(PENSION_ITEM.code)
    settle(qtbot, vm)
    vm.startApplication()
    assert vm.screen == "identify" and vm.identify.step == "register"
    vm.identify.registerName = "李小宝"
    vm.identify.registerIdNumber = CHILD_ID[:-1] + ("0" if CHILD_ID[-1] != "0" else "1")
    vm.identify.confirmRegister()
    assert vm.screen == "identify" and "核对" in vm.identify.registerError
    vm.identify.registerIdNumber = "".join(chr(ord(c) + 0xFEE0) for c in CHILD_ID)  # full-width: canonicalised
    vm.identify.confirmRegister()
    assert vm.screen == "form" and vm.form.valueOf("id_number") == CHILD_ID
    fill_valid(vm)
    to_confirm(qtbot, vm)
    code = submit(qtbot, vm)
    application = cases.applications[code]
    assert application.applicant.source == "household_register" and application.applicant.sex == "女"
    assert application.assisted_by == "counter"
    actions = [e.detail.get("action") for e in backend.audit.entries() if e.step == "staff_action"]
    assert "household_register" in actions

    vm.goHome()  # the next resident: the card again, no clerk's mark
    vm.catalogue.select(PENSION_ITEM.code)
    settle(qtbot, vm)
    vm.startApplication()
    assert vm.identify.step == "who" and vm.assistedBy == ""


def test_the_refusal_is_brought_into_view(qapp: object, qtbot: QtBot, chinese: object) -> None:
    """Landscape, large print: the ID field and the refusal under it start below the fold. A clerk who presses
    "confirmed" with a wrong number sees the refusal without scrolling (it was hidden under the button before)."""
    from kiosk.app import KioskApp
    from tests.helpers.stubs import ITEMS
    from tests.unit.kiosk.ui import Ui

    app = KioskApp(make_services(), orientation="landscape", idle_timeout_s=600)
    app.show()
    try:
        vm, ui = app.vm, Ui(app, qtbot)
        vm.setLanguage("en")
        vm.setElderly(True)
        vm._household_entry("counter")
        vm.catalogue.select(ITEMS[1].code)
        ui.settle()
        vm.startApplication()
        ui.settle()
        flick = ui.find("registerFlick")

        def in_view(name: str) -> bool:
            item = ui.find(name)
            y = item.mapToItem(flick.property("contentItem"), QPointF(0, 0)).y()
            top = flick.property("contentY")
            return bool(item.isVisible()) and top <= y and y + item.height() <= top + flick.height()

        assert not in_view("registerIdNumber")  # the fold this test is about
        vm.identify.registerName = "李小宝"
        vm.identify.registerIdNumber = CHILD  # 17 characters: refused
        vm.identify.confirmRegister()
        ui.settle(100)
        assert "check each digit" in ui.text_of("registerError") and in_view("registerError"), ui.text_of("registerError")
    finally:
        app.close()
