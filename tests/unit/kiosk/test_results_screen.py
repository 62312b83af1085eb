"""结果领取 on the real QML: how many prints are left is never broken over two lines (beside the date it broke as
"（共 2 / 份）"), and the list scrolls: a person may have more results than the window holds. A print the
printer did not take says what the printer said and that the copy is not counted, and the list shows it back."""
from __future__ import annotations

from dataclasses import replace

import pytest
from pytestqt.qtbot import QtBot

from drivers.base import PRINT_GIVE_BACK_OWED
from drivers.printer.messages import A4_OFFLINE
from kiosk.app import KioskApp
from kiosk.qt import QGuiApplication
from sync.results import NotPrinted
from tests.helpers.stubs import PERSON, FakeReader, FakeResults, make_services
from tests.unit.kiosk.ui import Ui


@pytest.mark.parametrize("orientation", ["portrait", "landscape"])
def test_the_prints_left_are_one_whole_line(qapp: QGuiApplication, qtbot: QtBot, orientation: str) -> None:
    results = FakeResults()
    kiosk = KioskApp(make_services(results=results, reader=FakeReader(PERSON)), orientation=orientation,
                     idle_timeout_s=600)
    kiosk.show()
    ui = Ui(kiosk, qtbot)
    try:
        kiosk.vm.setLanguage("zh_CN")
        kiosk.vm.results.open()
        kiosk.vm.results.readCard()
        qtbot.waitUntil(lambda: ui.has("printsLeft_" + results.case.documents[0].doc_code), timeout=5000)
        ui.settle()
        for doc, words in zip(results.case.documents, ("可打印 2 份（共 2 份）", "可打印 0 份（共 1 份）"), strict=True):
            left = ui.find("printsLeft_" + doc.doc_code)
            assert (left.property("text"), left.property("lineCount")) == (words, 1)  # not "（共 2 / 份）"
        assert ui.problems() == []
        more = [replace(doc, doc_code=f"{n:016d}", title=f"{doc.title}（{n}）") for n in range(4)
                for doc in results.case.documents]
        results.case = replace(results.case, documents=tuple(more))  # eight: more than the window holds
        kiosk.vm.setElderly(True)
        kiosk.vm.results.readCard()
        qtbot.waitUntil(lambda: ui.has("printsLeft_" + more[-1].doc_code), timeout=5000)
        ui.settle()
        docs = ui.find("resultsList")
        assert docs.property("contentHeight") > docs.property("height") and ui.has("pageDownButton")
        assert ui.problems() + ui.small_print(30) + ui.small_targets(60) == []  # none runs off the window
    finally:
        kiosk.close()


def test_a_print_the_printer_did_not_take_says_so(qapp: QGuiApplication, qtbot: QtBot) -> None:
    results = FakeResults()
    kiosk = KioskApp(make_services(results=results, reader=FakeReader(PERSON)), idle_timeout_s=600)
    kiosk.show()
    ui = Ui(kiosk, qtbot)
    vm = kiosk.vm.results
    try:
        kiosk.vm.setLanguage("zh_CN")
        vm.open()
        vm.readCard()
        doc = results.case.documents[0]
        qtbot.waitUntil(lambda: ui.has("printsLeft_" + doc.doc_code), timeout=5000)
        vm.print(doc.doc_code)
        qtbot.waitUntil(lambda: vm.busy == "" and bool(vm.printed), timeout=5000)
        assert ui.find("printsLeft_" + doc.doc_code).property("text") == "可打印 1 份（共 2 份）"

        results.error = NotPrinted(A4_OFFLINE, replace(doc, printed=1))  # the count given back: one printed
        vm.print(doc.doc_code)
        qtbot.waitUntil(lambda: vm.busy == "" and bool(vm.error), timeout=5000)
        assert vm.error == "A4打印机没有联机，请找工作人员帮忙。 本次打印不计入打印次数，打印机恢复后可以再次打印。"
        assert ui.find("printsLeft_" + doc.doc_code).property("text") == "可打印 1 份（共 2 份）"
        results.error = NotPrinted(A4_OFFLINE, None)  # the network did not answer the give-back yet
        vm.print(doc.doc_code)
        qtbot.waitUntil(lambda: vm.busy == "" and bool(vm.error), timeout=5000)
        assert vm.error.endswith("终端联网后会自动退回。如需马上取得文书，请找工作人员。")
        assert NotPrinted(A4_OFFLINE, None).message == PRINT_GIVE_BACK_OWED

        results.error, results.waiting = None, True  # the printer stopped with the job in it
        vm.print(doc.doc_code)
        qtbot.waitUntil(lambda: vm.busy == "" and bool(vm.printed), timeout=5000)
        assert vm.printed == "“准予行政许可决定书”正在等待A4打印机，打印机恢复后会打出来。请找工作人员。"
        ui.settle()
        assert ui.problems() == []
    finally:
        kiosk.close()
