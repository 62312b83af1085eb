"""The residents' link indicator: calm words from services.sync.health(), polled off the GUI thread."""
from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from kiosk.viewmodels.link import LinkViewModel, level_of
from sync.model import SyncHealth
from tests.helpers.stubs import NOW, FakeSync, make_services


@pytest.mark.parametrize(("online", "queued", "level"), [
    (True, 0, "ok"), (True, 3, "sending"), (False, 2, "queued"), (False, 0, "offline")])
def test_levels(online: bool, queued: int, level: str) -> None:
    assert level_of(SyncHealth(queued=queued, quarantined=5, last_success=NOW, online=online)) == level
    assert level_of(None) == ""


def test_polls_and_follows_the_network(qtbot: QtBot, chinese: object) -> None:
    sync = FakeSync(SyncHealth(queued=2, quarantined=0, last_success=None, online=False))
    link = LinkViewModel(make_services(sync=sync), interval_s=0.1)
    try:
        qtbot.waitUntil(lambda: link.level == "queued", timeout=2000)
        assert link.text == "已保存，网络恢复后自动上报" and link.queued == 2
        sync.health_now = SyncHealth(queued=0, quarantined=1, last_success=NOW, online=True)
        qtbot.waitUntil(lambda: link.level == "ok", timeout=2000)
        assert link.text == "网络正常"  # nothing alarming, and quarantine is the staff's business
    finally:
        link.stop()
        qtbot.waitUntil(lambda: not link.runner.busy, timeout=2000)


def test_a_failing_health_check_keeps_the_last_word(qtbot: QtBot, chinese: object) -> None:
    class Broken(FakeSync):
        def health(self) -> SyncHealth:
            raise OSError("database is locked")

    link = LinkViewModel(make_services(sync=Broken()), interval_s=0.1)
    qtbot.wait(250)
    link.stop()
    qtbot.waitUntil(lambda: not link.runner.busy, timeout=2000)
    assert link.level == "" and link.text == ""


def test_no_sync_service_shows_nothing(qtbot: QtBot, chinese: object) -> None:
    link = LinkViewModel(make_services(), interval_s=0.1)
    qtbot.wait(150)
    assert link.level == "" and link.text == "" and not link.runner.busy
