"""Track a case (code, receipt QR, ID card) and rate it (好差评)."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from domain import regcode
from domain.status import LABELS_ZH, CaseStatus, SyncState
from kiosk.viewmodels import KioskViewModel
from kiosk.viewmodels.track import code_from_scan
from sync.cases import CaseBook
from sync.model import LocalCase, StatusEntry
from tests.helpers.stubs import PERSON, FakeCases
from tests.unit.kiosk.flow import at_confirm, fill_valid, make_vm, settle, stored_case, submit, to_form
from tests.unit.sync.conftest import small_kiosk

WEB_CODE = regcode.make("440105", 0, date(2025, 11, 20), 3)


def web_case() -> LocalCase:
    at = datetime(2025, 11, 20, 15, 0)
    return LocalCase(code=WEB_CODE, service_code="x", service_name="城乡居民基本养老保险待遇申领",
                     applicant_masked_name="王*英", status=CaseStatus.COMPLETED, sync_state=SyncState.ACCEPTED,
                     submitted_at=at, due_date=date(2025, 11, 30),
                     history=(StatusEntry(CaseStatus.SUBMITTED, at), StatusEntry(CaseStatus.COMPLETED, at)))


def test_track_offline_shows_local(qtbot: QtBot, chinese: object) -> None:
    cases = FakeCases(offline=True)
    code = stored_case(qtbot, cases)
    vm = make_vm(cases=cases)
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
    assert not vm.track.canRate  # not finished yet


def test_track_refresh_updates_the_status(qtbot: QtBot, chinese: object) -> None:
    cases = FakeCases()
    code = stored_case(qtbot, cases)
    local = cases.cases[code]
    accepted = StatusEntry(CaseStatus.ACCEPTED, datetime(2025, 11, 27, 10))
    cases.remote[code] = replace(local, status=CaseStatus.ACCEPTED, sync_state=SyncState.ACCEPTED,
                                 history=(*local.history, accepted))
    vm = make_vm(cases=cases)
    vm.track.lookup(regcode.pretty(code))
    settle(qtbot, vm)
    assert vm.track.statusLabel == "受理" and vm.track.syncLabel == "已发送到政务服务网"
    assert [e["label"] for e in vm.track.timeline] == ["已提交", "受理"] and not vm.track.offline


def test_track_wrong_check_digit_and_not_found(qtbot: QtBot, chinese: object) -> None:
    vm = make_vm()
    good = regcode.make("440105", 7, date(2025, 11, 26), 42)
    bad = good[:-1] + str((int(good[-1]) + 1) % 10)
    vm.track.lookup(bad)
    assert "可能有一位输错了" in vm.track.error and not vm.busy
    vm.track.lookup("12345")
    assert vm.track.error == "登记编码是20位数字，您输入了 5 位。"
    vm.track.lookup(good)
    settle(qtbot, vm)
    assert vm.track.error == "没有查到这个编号的办件，请核对编号。" and not vm.track.found


@pytest.mark.parametrize("text", [
    "https://zwfw.example.gov.cn/track/{code}", "http://127.0.0.1:8700/track/{code}\r",
    "https://zwfw.example.gov.cn/track?code={code}", "{code}", " {code} ",
])
def test_codes_in_scanned_text(text: str) -> None:
    code = regcode.make("440105", 7, date(2025, 11, 26), 42)
    assert code_from_scan(text.format(code=code)) == code


def test_scans_that_are_not_receipts() -> None:
    code = regcode.make("440105", 7, date(2025, 11, 26), 42)
    assert code_from_scan("https://weixin.qq.com/x/abc") is None
    assert code_from_scan(code[:-1] + str((int(code[-1]) + 1) % 10)) is None
    assert code_from_scan("134567890123456789") is None  # a payment code: 18 digits


def test_scanning_the_receipt_qr_opens_the_case(qtbot: QtBot, chinese: object) -> None:
    cases = FakeCases(offline=True)
    code = stored_case(qtbot, cases)
    vm = make_vm(cases=cases)
    vm.track.scanned(f"https://zwfw.example.gov.cn/track/{code}")  # from the home screen
    settle(qtbot, vm)
    assert vm.screen == "track" and vm.track.found and vm.track.code == regcode.pretty(code)
    vm.track.scanned("https://weixin.qq.com/x/abc")
    assert "不是办件回执" in vm.track.error and not vm.track.found


def test_a_stray_scan_mid_application_changes_nothing(qtbot: QtBot, chinese: object) -> None:
    cases = FakeCases()
    code = stored_case(qtbot, cases)
    vm = make_vm(cases=cases)
    to_form(qtbot, vm)
    fill_valid(vm)
    vm.track.scanned(code)
    settle(qtbot, vm)
    assert vm.screen == "form" and vm.form.valueOf("phone") == "13800138000"


def test_by_id_card_lists_cases_from_both_channels(qtbot: QtBot, chinese: object) -> None:
    cases = FakeCases()
    code = stored_case(qtbot, cases)
    cases.web[PERSON.id_number] = [web_case()]
    vm = make_vm(cases=cases)
    vm.navigate("track")
    vm.track.readCard()
    assert vm.track.reading
    settle(qtbot, vm)
    rows = vm.track.casesModel.rows()
    assert vm.track.listed and [r["code"] for r in rows] == [code, WEB_CODE]  # newest first
    assert [r["channel"] for r in rows] == ["自助终端", "网上办理"] and rows[1]["statusLabel"] == "办结"
    vm.track.open(WEB_CODE)  # not on this kiosk: shown from the list, then asked of the network
    settle(qtbot, vm)
    assert vm.track.found and vm.track.statusLabel == "办结" and vm.track.canRate
    vm.back()  # back to the list, not off the screen
    assert vm.screen == "track" and not vm.track.found and vm.track.listed
    vm.track.open(WEB_CODE)
    settle(qtbot, vm)
    vm.track.rate()
    assert vm.screen == "rate"
    vm.rate.choose(5)
    settle(qtbot, vm)
    assert cases.ratings == [(WEB_CODE, 5, ())] and vm.rate.step == "done"
    assert vm.rate.levelLabel == "非常满意"


def test_no_cases_for_this_card(qtbot: QtBot, chinese: object) -> None:
    vm = make_vm()
    vm.navigate("track")
    vm.track.readCard()
    settle(qtbot, vm)
    assert vm.track.listed and vm.track.error == "这张身份证没有查到办件。"


def test_low_rating_asks_what_went_wrong(qtbot: QtBot, chinese: object) -> None:
    cases = FakeCases()
    vm = at_confirm(qtbot, cases)
    code = submit(qtbot, vm)
    vm.rateReceipt()
    assert vm.screen == "rate"
    assert [(r["level"], r["label"]) for r in vm.rate.levels] == [
        (5, "非常满意"), (4, "满意"), (3, "基本满意"), (2, "不满意"), (1, "非常不满意")]
    vm.rate.choose(1)
    assert vm.rate.step == "reasons" and cases.ratings == []
    vm.rate.toggleReason("hard_to_use")
    vm.rate.toggleReason("too_slow")
    vm.rate.toggleReason("hard_to_use")
    vm.rate.toggleReason("unclear_guide")
    vm.rate.submit()
    settle(qtbot, vm)
    assert cases.ratings == [(code, 1, ("too_slow", "unclear_guide"))] and vm.rate.step == "done"
    vm.back()
    assert vm.screen == "receipt"


def open_web_case(qtbot: QtBot, cases: FakeCases, case: LocalCase) -> KioskViewModel:
    """A kiosk on the track screen showing `case`, listed for the card holder by the network."""
    cases.web[PERSON.id_number] = [case]
    vm = make_vm(cases=cases)
    vm.navigate("track")
    vm.track.readCard()
    settle(qtbot, vm)
    vm.track.open(case.code)
    settle(qtbot, vm)
    return vm


def test_a_rating_that_cannot_be_saved_says_so(qtbot: QtBot, chinese: object) -> None:
    class NoRatings(FakeCases):
        def rate(self, code: str, level: int, reasons: tuple[str, ...] = ()) -> None:
            raise OSError("disk full")

    vm = open_web_case(qtbot, NoRatings(), web_case())
    vm.track.rate()
    vm.rate.choose(4)
    settle(qtbot, vm)
    assert vm.rate.step == "levels" and "没有保存成功" in vm.rate.error


def test_a_case_rated_before_says_so_instead_of_try_again(qtbot: QtBot, chinese: object, tmp_path: Path) -> None:
    """The kiosk's own case book keeps one rating per case: a resident who rates the same case again (the receipt
    screen, then the track screen, or the next day) is told it is rated, not asked to try again for ever."""
    store, outbox, application = small_kiosk(tmp_path)
    try:
        code = outbox.enqueue(application).code
        vm = make_vm(cases=CaseBook(store, outbox, None))
        vm.rate.start(code)
        vm.rate.choose(5)
        settle(qtbot, vm)
        assert vm.rate.step == "done"
        vm.goHome()
        vm.rate.start(code)
        vm.rate.choose(1)
        vm.rate.toggleReason("too_slow")
        vm.rate.submit()
        qtbot.waitUntil(lambda: not vm.rate.sending, timeout=5000)
        assert vm.rate.error == "这件办件已经评价过了，每件只能评价一次。感谢您的评价。"
        assert "再试" not in vm.rate.error
    finally:
        store.close()


def test_a_case_rated_on_the_web_offers_no_second_rating(qtbot: QtBot, chinese: object) -> None:
    vm = open_web_case(qtbot, FakeCases(), replace(web_case(), rated=True))
    assert vm.track.found and vm.track.rated and not vm.track.canRate
    vm.track.rate()
    assert vm.screen == "track"
