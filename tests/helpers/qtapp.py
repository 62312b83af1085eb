"""Qt set-up shared by every test that shows the kiosk: offscreen, software Quick, virtual keyboard.

A conftest imports this module (and re-exports its fixtures) before pytest-qt creates the application.
"""
from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_QUICK_BACKEND", "software")

from kiosk.app import prepare_environment  # noqa: E402 - the environment above must come first
from kiosk.qt import QGuiApplication  # noqa: E402 - after the environment, as above

prepare_environment()


@pytest.fixture(scope="session")
def qapp_cls() -> type[QGuiApplication]:
    return QGuiApplication


@pytest.fixture(scope="session", autouse=True)
def _qm_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    os.environ["KIOSK_CACHE_DIR"] = str(tmp_path_factory.mktemp("kiosk-cache"))


@pytest.fixture
def gui_collection(qapp: QGuiApplication) -> Iterator[None]:
    """Collect QObject cycles on the GUI thread only, as the kiosk does (kiosk/collector.py): a throwaway
    view-model dropped mid-test is collected by the test's own waits, never inside a worker's allocation, and
    the test's last cycles are collected at its end. For a Qt test outside the kiosk's tests (which have it
    always, below)."""
    from kiosk.collector import GuiCollector

    collector = GuiCollector(interval_ms=50)
    collector.start()
    try:
        yield
    finally:
        collector.stop()
        collector.deleteLater()


@pytest.fixture(autouse=True)
def _collect_on_gui_thread(gui_collection: None) -> None:
    """Every kiosk test runs under gui_collection."""
