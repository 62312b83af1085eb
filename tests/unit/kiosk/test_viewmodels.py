"""The view-models driven through their slots, without QML, on the in-memory fakes: find, understand, identify,
fill in."""
from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from pytestqt.qtbot import QtBot

from drivers.base import CardReadError, NoCard, PrinterError, UserFacingError
from tests.helpers.stubs import AGENT, ITEMS, PERSON, FakePrinter, FakeReader, FakeSlipPrinter
from tests.unit.kiosk.flow import ID_CARD_ITEM, fill_valid, make_vm, settle, to_form

# -- catalogue and guide


def test_catalogue_search_and_guide(qtbot: QtBot, chinese: object) -> None:
    vm = make_vm()
    vm.catalogue.open("个人办事")
    settle(qtbot, vm)
    assert vm.screen == "catalogue" and vm.catalogue.items.rowCount() == 2
    assert vm.catalogue.categories == ["个人办事", "法人办事"]
    vm.catalogue.search("养老")
    settle(qtbot, vm)
    assert vm.catalogue.items.rowCount() == 1
    vm.catalogue.search("没有这个")
    settle(qtbot, vm)
    assert "没有找到" in vm.catalogue.emptyText
    vm.catalogue.select(ID_CARD_ITEM.code)
    settle(qtbot, vm)
    assert vm.screen == "guide"
    assert vm.guide.fee == "￥20.00（证件工本费）"
    assert vm.guide.timeLimit == "20 个工作日"
    assert vm.guide.materials[1] == {"name": "近期免冠证件照片", "copies": "2 份", "required": True, "note": "白底"}
    vm.catalogue.select(ITEMS[1].code)  # not in the list shown: asks the catalogue
    settle(qtbot, vm)
    assert vm.guide.fee == "免费"


def test_catalogue_by_life_event_keeps_the_most_used_order(qtbot: QtBot, chinese: object) -> None:
    vm = make_vm()
    vm.catalogue.open("个人办事")
    settle(qtbot, vm)
    assert vm.catalogue.lifeEvents == ["证件办理", "养老"]  # in the order of their most-used item
    vm.catalogue.chooseLifeEvent("养老")
    assert [r["name"] for r in vm.catalogue.items.rows()] == [ITEMS[1].name]
    assert vm.catalogue.items.rows()[0]["free"] and vm.catalogue.items.rows()[0]["lifeEvent"] == "养老"
    vm.catalogue.chooseLifeEvent("")
    assert vm.catalogue.items.rowCount() == 2
    vm.catalogue.open("法人办事")
    settle(qtbot, vm)
    assert vm.catalogue.lifeEvent == "" and vm.catalogue.lifeEvents == ["开店"]


def test_search_answers_arrive_in_keystroke_order(qtbot: QtBot, chinese: object) -> None:
    """Each keystroke searches; an older, slower answer never replaces a newer one."""
    vm = make_vm()
    vm.catalogue.open("个人办事")
    settle(qtbot, vm)
    for prefix in ("y", "yl", "养", "养老"):
        vm.catalogue.search(prefix)
    settle(qtbot, vm)
    assert vm.catalogue.query == "养老" and [r["name"] for r in vm.catalogue.items.rows()] == [ITEMS[1].name]


class ReceiptsOnlyPrinter(FakePrinter):
    """A third-party driver that prints receipts only (no print_slip attribute at all)."""

    def __getattribute__(self, name: str) -> object:
        if name == "print_slip":
            raise AttributeError(name)
        return super().__getattribute__(name)


def test_guide_prints_as_a_slip_or_says_it_cannot(qtbot: QtBot, chinese: object) -> None:
    vm = make_vm(printer=ReceiptsOnlyPrinter())  # a printer driver that cannot print slips
    vm.catalogue.select(ID_CARD_ITEM.code)
    settle(qtbot, vm)
    vm.guide.printSlip()
    assert vm.guide.printState == "unavailable" and "不能打印" in vm.guide.printStatus
    printer = FakeSlipPrinter()
    vm = make_vm(printer=printer)
    vm.catalogue.select(ID_CARD_ITEM.code)
    settle(qtbot, vm)
    vm.guide.printSlip()
    settle(qtbot, vm)
    assert vm.guide.printState == "printed"
    title, lines = printer.slips[0]
    assert title == ID_CARD_ITEM.name
    assert "【需要带的材料】" in lines and any("近期免冠证件照片" in line and "2 份" in line for line in lines)
    assert "￥20.00（证件工本费）" in lines and "12345 政务服务便民热线" in lines
    printer.error = PrinterError("The printer is out of paper. Please ask the staff for help.")
    vm.guide.printSlip()
    settle(qtbot, vm)
    assert vm.guide.printState == "failed" and vm.guide.printStatus == "打印机没纸了，请找工作人员帮忙。"


# -- form


def test_form_prefills_from_the_card(qtbot: QtBot, chinese: object) -> None:
    vm = make_vm()
    to_form(qtbot, vm)
    assert vm.screen == "form"
    assert vm.form.valueOf("name") == "王秀英"
    assert vm.form.valueOf("id_number") == PERSON.id_number
    assert vm.form.valueOf("birth_date") == "1950-03-08"
    assert vm.form.valueOf("address").startswith("广东省")
    rows = vm.form.fieldsModel.rows()
    assert [r["name"] for r in rows] == ["name", "id_number", "phone", "address", "reason", "household_size",
                                         "birth_date"]
    assert [r["kind"] for r in rows] == ["text", "id_number", "phone", "address", "choice", "number", "date"]
    assert rows[0]["readOnly"] and rows[4]["choices"] == ["遗失", "损坏"] and rows[3]["multiline"]
    assert not vm.form.valid  # phone and reason are still empty, but not scolded yet
    assert vm.form.errorOf("phone") == ""


def test_form_checks_as_you_type(qtbot: QtBot, chinese: object) -> None:
    vm = make_vm()
    to_form(qtbot, vm)
    vm.form.setValue("phone", "1380013")
    assert vm.form.errorOf("phone") == "请输入11位手机号码"  # the schema's x-error
    vm.form.setValue("phone", "")
    assert vm.form.errorOf("phone") == "此项必须填写。"
    vm.form.setValue("id_number", PERSON.id_number[:-1] + "9")
    assert vm.form.errorOf("id_number") == "身份证号码不对，请逐位核对。"
    vm.form.setValue("id_number", "12345")
    assert "18位" in vm.form.errorOf("id_number")
    vm.form.setValue("id_number", PERSON.id_number)
    vm.form.setValue("household_size", "25")
    assert vm.form.errorOf("household_size") == "请填 1 到 20 之间的数字。"
    vm.form.setValue("household_size", "三")
    assert vm.form.errorOf("household_size") == "请填整数。"
    vm.form.setValue("birth_date", "1950-02-30")
    assert "年-月-日" in vm.form.errorOf("birth_date")
    vm.form.setValue("address", "很" * 61)
    assert vm.form.errorOf("address") == "最多只能填 60 个字。"
    vm.form.setValue("reason", "其他")
    assert vm.form.errorOf("reason") == "请从选项中选一个。"
    assert not vm.form.valid
    vm.form.next()
    assert vm.screen == "form"
    vm.form.setValue("birth_date", "1950-03-08")
    vm.form.setValue("address", "广州")
    fill_valid(vm)
    assert vm.form.valid
    assert vm.form.values()["household_size"] == 3
    vm.form.next()
    assert vm.screen == "materials"


def test_elderly_form_asks_one_question_at_a_time(qtbot: QtBot, chinese: object) -> None:
    vm = make_vm()
    vm.setElderly(True)
    to_form(qtbot, vm)
    editable = [r["index"] for r in vm.form.fieldsModel.rows() if not r["readOnly"]]
    assert vm.form.index == editable[0] and vm.form.step == 1 and vm.form.steps == len(editable)
    vm.form.nextField()  # the phone is empty: stay, and say why
    assert vm.form.index == editable[0] and vm.form.errorOf("phone") == "此项必须填写。"
    vm.form.setValue("phone", "13800138000")
    vm.form.nextField()
    assert vm.form.index == editable[1] and vm.form.step == 2
    vm.back()  # the header's back button: the previous question, not the previous screen
    assert vm.screen == "form" and vm.form.index == editable[0]
    fill_valid(vm)
    for _ in editable:
        vm.form.nextField()
    assert vm.screen == "materials"


def test_choice_of_numbers_is_typed_as_a_number(qtbot: QtBot, chinese: object) -> None:
    from kiosk.viewmodels.fields import fields_from_schema

    [grade] = fields_from_schema({"properties": {"grade": {"type": "integer", "enum": [180, 300]}}})
    grade.value = "300"
    assert grade.kind == "choice" and grade.error() is None and grade.typed() == 300


# -- identify


@pytest.mark.parametrize(("error", "shown"), [
    (NoCard("Please put your ID card on the reader."), "请把身份证放在读卡区。"),
    (CardReadError("The card could not be read. Please take the card out and put it in again."),
     "身份证没有读出来，请把身份证拿开，再重新放上去。"),
    (CardReadError("A message nobody translated yet."), "机器出了点问题，请找工作人员帮忙。"),
    (OSError("ttyUSB0 gone"), "身份证没有读出来，请拿起后重新放好再试。"),
])
def test_identify_errors_in_plain_words(qtbot: QtBot, chinese: object, error: Exception, shown: str) -> None:
    vm = make_vm(reader=FakeReader(error=error))
    vm.navigate("identify")
    vm.identify.readCard()
    assert vm.identify.reading
    settle(qtbot, vm)
    assert not vm.identify.reading and vm.identify.error == shown and vm.screen == "identify"


def test_identify_refuses_an_expired_card(qtbot: QtBot, chinese: object) -> None:
    vm = make_vm(reader=FakeReader(replace(PERSON, valid_to=date(2020, 1, 1))))
    vm.navigate("identify")
    vm.identify.readCard()
    settle(qtbot, vm)
    assert "过期" in vm.identify.error and not vm.identify.hasPerson


def test_social_security_card_is_just_another_reader(qtbot: QtBot, chinese: object) -> None:
    """Whatever CardReader the kiosk has (ID card, social-security card, both): the person is what counts."""
    person = replace(PERSON, address="", source="social_security")
    vm = make_vm(reader=FakeReader(person))
    to_form(qtbot, vm)
    assert vm.screen == "form" and vm.form.valueOf("name") == "王秀英" and vm.form.valueOf("address") == ""
    assert not vm.form.fieldsModel.rows()[0]["readOnly"]  # only what an ID card says is locked


def test_on_behalf_records_both_people(qtbot: QtBot, chinese: object) -> None:
    reader = FakeReader(AGENT)
    vm = make_vm(reader=reader)
    vm.catalogue.select(ID_CARD_ITEM.code)
    settle(qtbot, vm)
    vm.startApplication()
    vm.identify.forOther()
    assert vm.identify.step == "card" and vm.identify.role == "agent"
    vm.identify.readCard()
    settle(qtbot, vm)
    assert vm.screen == "identify" and vm.identify.role == "applicant" and vm.identify.agentMaskedName == "李*国"
    vm.identify.readCard()  # the agent's own card again
    settle(qtbot, vm)
    assert "您本人" in vm.identify.error and vm.screen == "identify"
    reader.person = PERSON
    vm.identify.readCard()
    settle(qtbot, vm)
    assert vm.screen == "form" and vm.form.valueOf("name") == "王秀英"  # the form is the applicant's
    assert vm.identify.person == PERSON and vm.identify.agent == AGENT


def test_back_from_the_card_step_asks_who_again(qtbot: QtBot, chinese: object) -> None:
    vm = make_vm()
    vm.catalogue.select(ID_CARD_ITEM.code)
    settle(qtbot, vm)
    vm.startApplication()
    vm.identify.forOther()
    vm.back()
    assert vm.screen == "identify" and vm.identify.step == "who"
    vm.back()
    assert vm.screen == "guide"


def test_error_follows_the_language(qtbot: QtBot, chinese: object) -> None:
    vm = make_vm(reader=FakeReader(error=NoCard("Please put your ID card on the reader.")))
    vm.navigate("identify")
    vm.identify.readCard()
    settle(qtbot, vm)
    vm.setLanguage("en")
    assert vm.identify.error == "Please put your ID card on the reader."
    vm.setLanguage("zh_CN")
    assert vm.identify.error == "请把身份证放在读卡区。"


def test_navigation(qtbot: QtBot, chinese: object) -> None:
    vm = make_vm()
    vm.navigate("track")
    assert vm.screen == "track" and vm.canGoBack
    vm.back()
    assert vm.screen == "home" and not vm.canGoBack
    with pytest.raises(ValueError):
        vm.navigate("nowhere")
    assert isinstance(NoCard("x"), UserFacingError)
