"""The kiosk's Pinyin keyboard (QtVirtualKeyboard) driven as a resident's fingers drive it, in a process of its own.

`python -m tests.helpers.pinyin FIELD` starts the kiosk offscreen (XDG_CONFIG_HOME as the caller sets it: the
keyboard keeps its learned words under it), and twice — one resident, the session wiped, the next resident —
focuses FIELD on its screen and types "zhangsan" on the keyboard. The first resident picks 章 then 叁 (a name
the system dictionary does not offer as one word); the second only looks. It prints one JSON line: the words
the keyboard offered each time and what the field held.
"""
from __future__ import annotations

import json
import os
import sys
import time
from typing import Any

SPELLING = "zhangsan"
NAME = ("章", "叁")


class Keys:
    """The InputContext of the running keyboard, reached through QML expressions in the panel's context."""

    def __init__(self, kiosk: Any) -> None:
        from PySide6.QtQml import QQmlEngine

        self.kiosk = kiosk
        self.panel = kiosk.keyboard(timeout=30)
        assert self.panel is not None, "the keyboard never came"
        self.context = QQmlEngine.contextForObject(self.panel)

    def eval(self, expression: str) -> Any:
        from PySide6.QtQml import QQmlExpression

        e = QQmlExpression(self.context, self.panel, expression)
        value, _undefined = e.evaluate()
        if e.hasError():
            raise RuntimeError(e.error().toString())
        return value

    def type(self, letters: str) -> None:
        for ch in letters:
            self.eval(f"InputContext.inputEngine.virtualKeyClick(Qt.Key_{ch.upper()}, '{ch}', 0)")
            pump(20)
        until(lambda: bool(self.offered(1)), f"no word offered for {letters!r}")

    def offered(self, n: int = 40) -> list[str]:
        words = (self.eval(f"InputContext.inputEngine.wordCandidateListModel.dataAt({i})") for i in range(n))
        return [w for w in words if w]

    def pick(self, word: str) -> None:
        until(lambda: word in self.offered(), f"{word} never offered")
        index = self.offered().index(word)
        self.eval(f"InputContext.inputEngine.wordCandidateListModel.selectItem({index})")
        pump(30)


def pump(ms: int) -> None:
    from PySide6.QtCore import QCoreApplication

    end = time.monotonic() + ms / 1000
    while time.monotonic() < end:
        QCoreApplication.processEvents()
        time.sleep(0.005)


def until(ready: Any, what: str, timeout: float = 30.0) -> None:
    """Pump events until ready() holds (a loaded machine takes its time to load a screen or offer words)."""
    end = time.monotonic() + timeout
    while not ready():
        if time.monotonic() > end:
            raise AssertionError(what)
        pump(20)


def to_field(kiosk: Any, field: str) -> Any:
    """A fresh session at the screen holding `field`, the field focused."""
    from tests.helpers.stubs import ITEMS

    vm = kiosk.vm
    vm.goHome()
    if field == "searchField":
        vm.catalogue.open(ITEMS[1].category)
    else:  # registerName: a clerk types the name from the 户口簿
        vm._household_entry("counter")
        vm.catalogue.select(ITEMS[1].code)
        pump(300)
        vm.startApplication()
    pump(400)
    until(lambda: kiosk.find(field) is not None and bool(kiosk.find(field).property("visible")), f"no {field}")
    item = kiosk.find(field)
    item.forceActiveFocus()
    until(lambda: bool(item.property("activeFocus")), f"{field} never took the focus")
    return item


def main(field: str) -> None:
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from kiosk.app import KioskApp, prepare_environment
    from kiosk.qt import QGuiApplication

    prepare_environment()
    app = QGuiApplication(sys.argv[:1])
    from tests.helpers.stubs import make_services

    kiosk = KioskApp(make_services(), idle_timeout_s=600, language="zh_CN")
    kiosk.show()
    pump(300)
    kiosk.window.requestActivate()
    keys = Keys(kiosk)
    item = to_field(kiosk, field)
    keys.type(SPELLING)
    first = keys.offered()
    for part in NAME:
        keys.pick(part)
    typed = str(item.property("text"))
    item = to_field(kiosk, field)  # the next resident
    keys.type(SPELLING)
    second = keys.offered()
    print(json.dumps({"first": first, "typed": typed, "second": second}, ensure_ascii=False), flush=True)
    kiosk.close()
    del app


if __name__ == "__main__":
    main(sys.argv[1])
