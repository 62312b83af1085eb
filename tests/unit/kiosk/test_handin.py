"""补正 at the kiosk, from the track screen: photograph, hand in, the case is looked up again; clear words
when the network is down or nothing is asked."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from typing import Any

from pytestqt.qtbot import QtBot

from domain import regcode
from kiosk.viewmodels.root import KioskViewModel
from sync.client import NetworkRefused
from sync.model import Offline
from tests.helpers.stubs import FakeCamera, FakeCases, FakeResults
from tests.unit.kiosk.flow import fill_valid, make_vm, settle, submit, to_confirm, to_form


def open_case_with_supplement(qtbot: QtBot) -> tuple[KioskViewModel, FakeCases, FakeResults, str]:
    cases, results = FakeCases(), FakeResults()
    vm = make_vm(cases=cases, results=results, camera=FakeCamera())
    to_form(qtbot, vm)
    fill_valid(vm)
    to_confirm(qtbot, vm)
    code = submit(qtbot, vm)
    cases.cases[code] = replace(cases.cases[code], supplement=("居民户口簿原件",))
    vm.goHome()
    vm.navigate("track")
    vm.track.lookup(code)
    settle(qtbot, vm)
    qtbot.waitUntil(lambda: vm.track.found and not vm.track.looking, timeout=5000)
    return vm, cases, results, code


def test_photograph_and_hand_in(qtbot: QtBot, chinese: object) -> None:
    vm, cases, results, code = open_case_with_supplement(qtbot)
    assert vm.handin.available and vm.track.supplement == ["居民户口簿原件"]
    vm.handin.send()  # nothing photographed yet: nothing happens
    assert results.handed_in == []
    vm.handin.capture()
    qtbot.waitUntil(lambda: vm.handin.count == 1, timeout=5000)
    cases.cases[code] = replace(cases.cases[code], supplement=())  # what the network says once received
    vm.handin.send()
    qtbot.waitUntil(lambda: vm.handin.sent != "", timeout=5000)
    assert results.handed_in == [(code, 1)] and "已收到" in vm.handin.sent and vm.handin.count == 0
    qtbot.waitUntil(lambda: vm.track.supplement == [], timeout=5000)  # looked up again


def test_offline_and_nothing_asked_say_so(qtbot: QtBot, chinese: object) -> None:
    vm, _cases, results, code = open_case_with_supplement(qtbot)
    vm.handin.capture()
    qtbot.waitUntil(lambda: vm.handin.count == 1, timeout=5000)
    results.error = Offline("down")
    vm.handin.send()
    qtbot.waitUntil(lambda: vm.handin.error != "", timeout=5000)
    assert "网络" in vm.handin.error and vm.handin.count == 1  # kept: try again later
    results.error = NetworkRefused("POST supplement: HTTP 409")
    vm.handin.send()
    qtbot.waitUntil(lambda: "不需要补正" in vm.handin.error, timeout=5000)


def test_the_photos_and_the_words_stay_with_their_case(qtbot: QtBot, chinese: object) -> None:
    vm, cases, results, code = open_case_with_supplement(qtbot)
    other = regcode.make("440105", 7, date(2025, 11, 26), 2)  # another case of hers, also asked for 补正
    cases.cases[other] = replace(cases.cases[code], code=other)
    vm.handin.capture()
    qtbot.waitUntil(lambda: vm.handin.count == 1, timeout=5000)
    vm.track.lookup(other)
    qtbot.waitUntil(lambda: vm.track.found and not vm.track.looking, timeout=5000)
    assert vm.handin.count == 0  # the page photographed for the first case is not offered for this one
    vm.handin.send()
    assert results.handed_in == []
    vm.handin.capture()
    qtbot.waitUntil(lambda: vm.handin.count == 1, timeout=5000)
    cases.cases[other] = replace(cases.cases[other], supplement=())
    vm.handin.send()
    qtbot.waitUntil(lambda: vm.handin.sent != "" and not vm.track.looking, timeout=5000)
    assert results.handed_in == [(other, 1)] and "已收到" in vm.handin.sent  # shown again once looked up again
    vm.track.readCard()  # her card's list of cases: "received" was said of one case, not of the list
    qtbot.waitUntil(lambda: vm.track.listed, timeout=5000)
    assert vm.handin.sent == "" and vm.handin.error == "" and vm.handin.count == 0


def test_the_hand_in_buttons_keep_their_words_whole_in_large_print(qapp: object, qtbot: QtBot) -> None:
    """Side by side in elderly mode, "拍摄材料（已拍 1 页）" broke as "（已拍 1 / 页）": there they stack."""
    from tests.unit.kiosk import gallery

    lines: dict[str, int] = {}

    def to_the_hand_in(kiosk: Any, ui: Any) -> Iterator[str]:
        for name in gallery.steps(kiosk, ui):
            yield name
            if name == "track-handin":
                for button in ("handInCapture", "handInSend"):
                    [label] = [c for c in ui.find(button).childItems() if c.metaObject().className() == "QQuickText"]
                    lines[label.property("text")] = label.property("lineCount")
                return

    report = gallery.walk("portrait", "zh_CN", "elderly", None, qtbot, stops=to_the_hand_in)
    assert report.problems == [] and lines == {"拍摄材料（已拍 1 页）": 1, "立即提交补正": 1}
