"""The view-models driven through their slots, without QML, on the in-memory fakes."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest
from pytestqt.qtbot import QtBot

from domain import codes
from domain.status import LABELS_ZH, CaseStatus, SyncState
from drivers.base import CardReadError, NoCard, PrinterError, UserFacingError
from kiosk.viewmodels import KioskViewModel
from sync.model import StatusEntry
from tests.helpers.stubs import ITEMS, PERSON, FakeCases, FakePrinter, FakeReader, make_services

ID_CARD_ITEM = ITEMS[0]


def make_vm(qtbot: QtBot, **kw: object) -> KioskViewModel:
    idle = kw.pop("idle_timeout_s", 120)
    vm = KioskViewModel(make_services(**kw), idle_timeout_s=idle, idle_warning_s=kw.pop("warn", 20))  # type: ignore[arg-type]
    return vm


def settle(qtbot: QtBot, vm: KioskViewModel) -> None:
    qtbot.waitUntil(lambda: not vm.busy, timeout=5000)


def to_form(qtbot: QtBot, vm: KioskViewModel) -> None:
    vm.catalogue.open("个人办事")
    settle(qtbot, vm)
    vm.catalogue.select(ID_CARD_ITEM.code)
    settle(qtbot, vm)
    assert vm.screen == "guide"
    vm.startApplication()
    assert vm.screen == "identify"
    vm.identify.readCard()
    settle(qtbot, vm)
    assert vm.screen == "form"


def fill_valid(vm: KioskViewModel) -> None:
    vm.form.setValue("phone", "13800138000")
    vm.form.setValue("reason", "遗失")
    vm.form.setValue("household_size", "3")


# -- catalogue and guide

def test_catalogue_search_and_guide(qtbot: QtBot, chinese: object) -> None:
    vm = make_vm(qtbot)
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


# -- form

def test_form_prefills_from_the_card(qtbot: QtBot, chinese: object) -> None:
    vm = make_vm(qtbot)
    to_form(qtbot, vm)
    assert vm.form.valueOf("name") == "王秀英"
    assert vm.form.valueOf("id_number") == PERSON.id_number
    assert vm.form.valueOf("birth_date") == "1950-03-08"
    assert vm.form.valueOf("address").startswith("广东省")
    rows = vm.form.fieldsModel.rows()
    assert [r["name"] for r in rows] == ["name", "id_number", "phone", "address", "reason", "household_size",
                                         "birth_date"]
    assert [r["kind"] for r in rows] == ["text", "id_number", "phone", "text", "choice", "number", "date"]
    assert rows[0]["readOnly"] and rows[4]["choices"] == ["遗失", "损坏"]
    assert not vm.form.valid  # phone and reason are still empty, but not scolded yet
    assert vm.form.errorOf("phone") == ""


def test_form_checks_as_you_type(qtbot: QtBot, chinese: object) -> None:
    vm = make_vm(qtbot)
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
    assert vm.screen == "confirm"
    summary = {r["label"]: r["value"] for r in vm.confirm.summary}
    assert summary["申请人姓名"] == "王*英"
    assert summary["身份证号码"] == "440105********1232"
    assert summary["联系电话"] == "138****8000"


# -- identify

@pytest.mark.parametrize(("error", "shown"), [
    (NoCard("Please put your ID card on the reader."), "请把身份证放在读卡区。"),
    (CardReadError("The card could not be read. Please take the card out and put it in again."),
     "身份证没有读出来，请把身份证拿开，再重新放上去。"),
    (CardReadError("A message nobody translated yet."), "机器出了点问题，请找工作人员帮忙。"),
    (OSError("ttyUSB0 gone"), "身份证没有读出来，请拿起后重新放好再试。"),
])
def test_identify_errors_in_plain_words(qtbot: QtBot, chinese: object, error: Exception, shown: str) -> None:
    vm = make_vm(qtbot, reader=FakeReader(error=error))
    vm.navigate("identify")
    vm.identify.readCard()
    assert vm.identify.reading
    settle(qtbot, vm)
    assert not vm.identify.reading and vm.identify.error == shown and vm.screen == "identify"


def test_identify_refuses_an_expired_card(qtbot: QtBot, chinese: object) -> None:
    vm = make_vm(qtbot, reader=FakeReader(replace(PERSON, valid_to=date(2020, 1, 1))))
    vm.navigate("identify")
    vm.identify.readCard()
    settle(qtbot, vm)
    assert "过期" in vm.identify.error and not vm.identify.hasPerson


def test_error_follows_the_language(qtbot: QtBot, chinese: object) -> None:
    vm = make_vm(qtbot, reader=FakeReader(error=NoCard("Please put your ID card on the reader.")))
    vm.navigate("identify")
    vm.identify.readCard()
    settle(qtbot, vm)
    vm.setLanguage("en")
    assert vm.identify.error == "Please put your ID card on the reader."
    vm.setLanguage("zh_CN")
    assert vm.identify.error == "请把身份证放在读卡区。"


# -- submit and print

def test_failing_printer_still_gives_the_code_and_reprint_works(qtbot: QtBot, chinese: object) -> None:
    printer = FakePrinter(error=PrinterError("The printer is out of paper. Please ask the staff for help."))
    cases = FakeCases()
    vm = make_vm(qtbot, printer=printer, cases=cases)
    to_form(qtbot, vm)
    fill_valid(vm)
    vm.form.next()
    vm.submitApplication()
    settle(qtbot, vm)
    assert vm.screen == "receipt"
    code = vm.receipt.code
    assert codes.is_valid(code) and code in cases.cases
    assert vm.receipt.prettyCode == codes.pretty(code)
    assert vm.receipt.qr.startswith("data:image/png;base64,")
    assert vm.receipt.printState == "failed"
    assert "没有打印" in vm.receipt.printStatus and vm.receipt.printError == "打印机没纸了，请找工作人员帮忙。"
    assert cases.printed == [] and vm.receipt.canReprint
    printer.error = None
    vm.receipt.reprint()
    settle(qtbot, vm)
    assert vm.receipt.printState == "printed" and cases.printed == [code]
    assert printer.printed[0].reprint and printer.printed[0].code == code
    assert cases.applications[code].form["phone"] == "13800138000"


def test_store_failure_stays_on_confirm(qtbot: QtBot, chinese: object) -> None:
    cases = FakeCases()
    vm = make_vm(qtbot, cases=cases)
    to_form(qtbot, vm)
    fill_valid(vm)
    vm.form.next()
    cases.fail_enqueue = OSError("disk full")
    vm.submitApplication()
    settle(qtbot, vm)
    assert vm.screen == "confirm" and "没有保存成功" in vm.confirm.error


# -- track

def _stored(cases: FakeCases, qtbot: QtBot) -> str:
    vm = make_vm(qtbot, cases=cases)
    to_form(qtbot, vm)
    fill_valid(vm)
    vm.form.next()
    vm.submitApplication()
    settle(qtbot, vm)
    return vm.receipt.code


def test_track_offline_shows_local(qtbot: QtBot, chinese: object) -> None:
    cases = FakeCases(offline=True)
    code = _stored(cases, qtbot)
    vm = make_vm(qtbot, cases=cases)
    vm.navigate("track")
    for digit in code:
        vm.track.press(digit)
    vm.track.lookup("")
    settle(qtbot, vm)
    assert vm.track.found and vm.track.offline
    assert vm.track.note == "现在连不上网络，显示的是本机保存的办理状态。"
    assert vm.track.statusLabel == LABELS_ZH[CaseStatus.SUBMITTED]
    assert vm.track.syncLabel == "已保存在本机，等待发送"
    assert vm.track.dueDate == "2025-12-16"
    assert vm.track.timeline[0]["date"] == "2025-11-26 09:30"


def test_track_refresh_updates_the_status(qtbot: QtBot, chinese: object) -> None:
    cases = FakeCases()
    code = _stored(cases, qtbot)
    local = cases.cases[code]
    cases.remote[code] = replace(local, status=CaseStatus.ACCEPTED, sync_state=SyncState.ACCEPTED,
                                 history=local.history + (StatusEntry(CaseStatus.ACCEPTED, datetime(2025, 11, 27, 10)),))
    vm = make_vm(qtbot, cases=cases)
    vm.track.lookup(codes.pretty(code))
    settle(qtbot, vm)
    assert vm.track.statusLabel == "受理" and vm.track.syncLabel == "已发送到政务服务中心"
    assert [e["label"] for e in vm.track.timeline] == ["已提交", "受理"] and not vm.track.offline


def test_track_wrong_check_digit_and_not_found(qtbot: QtBot, chinese: object) -> None:
    vm = make_vm(qtbot)
    good = codes.make("440105", 7, date(2025, 11, 26), 42)
    bad = good[:-1] + str((int(good[-1]) + 1) % 10)
    vm.track.lookup(bad)
    assert "可能有一位输错了" in vm.track.error and not vm.busy
    vm.track.lookup("12345")
    assert vm.track.error == "办件编号是20位数字，您输入了 5 位。"
    vm.track.lookup(good)
    settle(qtbot, vm)
    assert vm.track.error == "没有查到这个编号的办件，请核对编号。" and not vm.track.found


# -- navigation and idle

def test_idle_warns_then_goes_home_and_forgets(qtbot: QtBot, chinese: object) -> None:
    vm = KioskViewModel(make_services(), idle_timeout_s=0.6, idle_warning_s=0.3)
    to_form(qtbot, vm)
    qtbot.waitUntil(lambda: vm.idleWarning, timeout=3000)
    assert vm.screen == "form" and 0 < vm.idleSecondsLeft <= 1
    qtbot.waitUntil(lambda: vm.screen == "home", timeout=3000)
    assert not vm.idleWarning and not vm.identify.hasPerson and vm.form.fieldsModel.rowCount() == 0


def test_touch_postpones_idle(qtbot: QtBot, chinese: object) -> None:
    vm = KioskViewModel(make_services(), idle_timeout_s=0.5, idle_warning_s=0.2)
    vm.navigate("track")
    for _ in range(4):
        qtbot.wait(200)
        vm.touched()
    assert vm.screen == "track"
    qtbot.waitUntil(lambda: vm.screen == "home", timeout=3000)


def test_navigation(qtbot: QtBot, chinese: object) -> None:
    vm = make_vm(qtbot)
    vm.navigate("track")
    assert vm.screen == "track" and vm.canGoBack
    vm.back()
    assert vm.screen == "home" and not vm.canGoBack
    with pytest.raises(ValueError):
        vm.navigate("nowhere")
    assert isinstance(NoCard("x"), UserFacingError)
