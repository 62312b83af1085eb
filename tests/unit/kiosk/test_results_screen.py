"""结果领取 on the real QML: how many prints are left is never broken over two lines (beside the date it broke as
"（共 2 / 份）"), and the list scrolls: a person may have more results than the window holds."""
from __future__ import annotations

from dataclasses import replace

import pytest
from pytestqt.qtbot import QtBot

from kiosk.app import KioskApp
from kiosk.qt import QGuiApplication
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
