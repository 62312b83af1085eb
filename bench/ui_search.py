"""Catalogue search per keystroke, p95: from a keystroke in the search field to the first frame showing its
answer, against the bare `services.catalogue.search()` call for the same text in the same run.

The search field gets its text as typing would set it (one more character each time, Chinese characters as
the Pinyin keyboard commits them, Latin letters as pinyin initials). The QML calls catalogue.search, the
view-model asks the offline catalogue on the task runner and fills the list; the sample ends when the window
swaps a frame after the answer for that very text arrived.
"""
from __future__ import annotations

import statistics
import time

from bench.ui_transition import Clicker, kiosk_app, p95

WORDS = ["sfz", "身份证", "yl", "养老", "救助", "shengyu", "低保", "户口", "营业执照", "cjr", "残疾人", "社保卡",
         "jzz", "居住证", "高龄", "宅基地"]


def keystrokes() -> list[str]:
    return [word[:i] for word in WORDS for i in range(1, len(word) + 1)]


def run(quick: bool = False) -> dict[str, dict[str, object]]:
    rounds = 1 if quick else 4
    with kiosk_app() as kiosk:
        vm = kiosk.vm
        catalogue = vm.services.catalogue
        clicker = Clicker(kiosk)
        vm.catalogue.open("个人办事")
        clicker.idle(0.3)
        field = clicker.find("searchField")
        typed: list[float] = []
        bare: list[float] = []
        for r in range(rounds + 1):  # the first round warms caches up and is not counted
            for text in keystrokes():
                seconds = _keystroke(clicker, field, text)
                t0 = time.perf_counter()
                catalogue.search(text)
                direct = (time.perf_counter() - t0) * 1000
                if r:
                    typed.append(seconds)
                    bare.append(direct)
            field.setProperty("text", "")
            clicker.idle(0.05)
    value, base = p95(typed), p95(bare)
    return {
        "ui_search_keystroke_p95": {"value": round(value, 2), "unit": "ms", "baseline": round(base, 2),
                                    "baseline_name": "services.catalogue.search() alone, same texts",
                                    "ratio": round(value / base, 2), "n": len(typed),
                                    "median": round(statistics.median(typed), 2)},
    }


def _keystroke(clicker: Clicker, field: object, text: str, timeout: float = 5.0) -> float:
    """Milliseconds from setting the field's text to the first frame after its answer is in the list."""
    vm = clicker.kiosk.vm.catalogue
    return clicker.after(lambda: field.setProperty("text", text),  # type: ignore[attr-defined]  # findChild types it as a plain object
                         lambda: vm.query == text.strip() and not vm.loading, vm.changed, timeout,
                         f"no answer on screen for {text!r}")


if __name__ == "__main__":
    for key, r in run(quick=True).items():
        print(key, r)
