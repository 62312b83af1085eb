"""Every screen and step, in both languages, both modes and both orientations: no text cut off or spilling,
no missing glyphs, everything touchable on the window; in elderly mode text >= 30 px and targets >= 60 px.

Four sets here cover every pair of orientation × language × mode (without pictures, to stay fast);
`python -m tests.unit.kiosk.gallery` walks all eight and saves the pictures to out/screens/gallery/.
"""
from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from kiosk.qt import QGuiApplication
from tests.unit.kiosk import gallery

PAIRWISE = [("portrait", "zh_CN", "normal"), ("portrait", "en", "elderly"),
            ("landscape", "en", "normal"), ("landscape", "zh_CN", "elderly")]


@pytest.mark.parametrize(("orientation", "language", "mode"), PAIRWISE)
def test_every_screen_fits(qapp: QGuiApplication, qtbot: QtBot, orientation: str, language: str,
                           mode: str) -> None:
    seen: list[str] = []
    report = gallery.walk(orientation, language, mode, None, qtbot, check=lambda name, _: seen.append(name))
    assert report.problems == []
    assert {"home", "catalogue", "guide", "identify-who", "form", "materials", "missing", "commitment",
            "confirm", "receipt", "rate", "rate-reasons", "track-case", "track-by-card", "idle-warning",
            "identify-expired", "business", "business-errors", "business-agent", "form-business",
            "identify-register", "queue", "queue-card", "queue-ticket", "results", "results-list", "results-printed",
            "results-paper-out", "track-handin", "track-handin-sent", "identify-qr-hint", "identify-qr-refused",
            "identify-qr-offline", "form-qr"} <= set(seen)
