"""法人办事 through the view-models: after the card, the organisation's credit code (GB 32100 check character),
name and the applicant's role; the form shows them filled in and locked; an authorised agent is told to bring the
letter of authorisation, and it joins the materials."""
from __future__ import annotations

from pytestqt.qtbot import QtBot

from kiosk.app import KioskApp
from kiosk.qt import QGuiApplication
from kiosk.viewmodels import KioskViewModel
from tests.helpers.stubs import BUSINESS_ITEM, ITEMS, PERSON, FakeReader, make_services
from tests.unit.kiosk.flow import to_form
from tests.unit.kiosk.ui import Ui

GOOD = "91350100M000100Y43"


def to_business(qtbot: QtBot) -> KioskViewModel:
    vm = KioskViewModel(make_services(reader=FakeReader(PERSON), items=(*ITEMS, BUSINESS_ITEM)))
    to_form(qtbot, vm, BUSINESS_ITEM)  # the card first, then the organisation before the form
    assert vm.screen == "business"
    return vm


def test_the_credit_code_is_checked_and_prefilled(qtbot: QtBot, chinese: object) -> None:
    vm = to_business(qtbot)
    vm.business.next()
    assert vm.screen == "business" and vm.business.codeError == "请填写统一社会信用代码。"
    assert vm.business.nameError == "请填写单位名称。"
    vm.business.creditCode = "91350100M000100Y44"  # one character off
    assert "核对" in vm.business.codeError
    vm.business.creditCode = "9135 0100 M000 100I 43"  # I is not in the code's alphabet
    assert "I、O、Z、S、V" in vm.business.codeError
    vm.business.creditCode = "９１３５０１００ｍ０００１００ｙ４３"  # full-width, lower case: the same code
    vm.business.orgName = "好味食品有限公司"
    vm.business.next()
    assert vm.screen == "form"
    assert vm.form.valueOf("credit_code") == GOOD and vm.form.valueOf("shop_name") == "好味食品有限公司"
    assert vm.form.valueOf("rep_role") == "法定代表人" and vm.form.valueOf("name") == PERSON.name
    locked = {r["name"]: (r["readOnly"], r["origin"]) for r in vm.form.fieldsModel.rows()}
    assert locked["credit_code"] == (True, "given") and locked["name"] == (True, "card")
    vm.form.setValue("phone", "13800138000")
    vm.form.next()
    assert vm.screen == "materials" and vm.form.values()["credit_code"] == GOOD
    assert [r["name"] for r in vm.materials.itemsModel.rows()] == ["营业执照"]


def test_an_authorised_agent_brings_the_letter(qtbot: QtBot, chinese: object) -> None:
    vm = to_business(qtbot)
    vm.business.creditCode = GOOD
    vm.business.orgName = "好味食品有限公司"
    vm.business.chooseRole("authorised_agent")
    vm.business.next()
    assert vm.form.valueOf("rep_role") == "授权代理人"
    vm.form.setValue("phone", "13800138000")
    vm.form.next()
    assert [r["name"] for r in vm.materials.itemsModel.rows()] == ["营业执照", "授权委托书"]


def test_the_next_resident_starts_blank(qtbot: QtBot, chinese: object) -> None:
    vm = to_business(qtbot)
    vm.business.creditCode = GOOD
    vm.business.orgName = "好味食品有限公司"
    vm.goHome()
    assert vm.business.creditCode == "" and vm.business.orgName == "" and vm.business.organisation is None


def test_typed_on_the_screen(qapp: QGuiApplication, qtbot: QtBot, chinese: object) -> None:
    """The fields assign what is typed to the view-model's properties; the view-model keeps them to length."""
    app = KioskApp(make_services(reader=FakeReader(PERSON), items=(*ITEMS, BUSINESS_ITEM)), idle_timeout_s=600)
    app.show()
    try:
        vm, ui = app.vm, Ui(app, qtbot)
        ui.tap("tile_business")
        ui.tap("service_" + BUSINESS_ITEM.code)
        vm.startApplication()
        vm.identify.forSelf()
        vm.identify.readCard()
        ui.settle()
        assert vm.screen == "business"
        vm.business.orgName = "好" * 80  # longer than a name can be
        assert vm.business.orgName == "好" * 60 and ui.text_of("orgNameField") == "好" * 60
        vm.business.orgName = ""
        ui.type("creditCodeField", GOOD)
        ui.type("orgNameField", "好味食品")
        assert vm.business.creditCode == GOOD and vm.business.orgName == "好味食品"
        assert ui.text_of("creditCodeField") == GOOD and vm.business.codeError == ""
    finally:
        app.close()
