"""Qt set-up for the kiosk tests (shared with e2e in tests/helpers/qtapp.py)."""
from __future__ import annotations

from collections.abc import Iterator

import pytest

from kiosk.i18n import Languages
from kiosk.qt import QGuiApplication
from tests.helpers.qtapp import _collect_on_gui_thread, _qm_cache, gui_collection, qapp_cls  # noqa: F401 - fixtures


@pytest.fixture
def chinese(qapp: QGuiApplication) -> Iterator[Languages]:
    langs = Languages()
    langs.install("zh_CN")
    yield langs
    langs.remove()
