"""Heartbeats reach servicenet's fleet view (signed, over 127.0.0.1); a failed beat is retried soon."""
import subprocess
import sys
from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest
import requests

from drivers.base import Condition, DeviceStatus, Health
from drivers.printer.cups_a4 import A4State
from drivers.printer.escpos_printer import parse_status
from drivers.printer.messages import A4_PAPER_OUT, A4_TONER_LOW, COVER_OPEN, PAPER_NEAR_END
from servicenet.process import REPO_ROOT, start_servicenet
from sync.client import NetClient
from sync.heartbeat import Heartbeat, beat, disk_usage
from sync.model import SyncHealth
from tests.helpers.enroll import signed

CST = timezone(timedelta(hours=8))
NOW = datetime(2026, 11, 26, 9, 30, tzinfo=CST)


def test_the_beat_says_queue_link_paper_and_reader():
    body = beat(SyncHealth(queued=3, quarantined=1, last_success=NOW, online=False),
                {"printer": parse_status(0x12, 0x12, 0x1E),  # the paper near-end sensor
                 "id_reader": DeviceStatus.error("The ID card reader is not connected.", Condition.NOT_CONNECTED)},
                NOW, "1.2.3")
    assert body["queue_depth"] == 3 and body["quarantined"] == 1 and body["online"] is False
    assert body["printer"] == {"health": "warning", "reason": "The printer is running out of paper.", "paper": "low"}
    assert body["reader"]["health"] == "error" and body["app_version"] == "1.2.3"
    assert beat(SyncHealth(0, 0, None, True), {}, NOW, "x")["reader"] == {"health": "error", "reason": "not configured"}
    assert "disk_space" not in body


@pytest.mark.parametrize("reported", [
    parse_status(0x16, 0x32, 0x7E),  # paper out (and the printer offline because of it)
    parse_status(0x12, 0x12, 0x1E),  # near end
    parse_status(0x1A, 0x16, 0x12),  # cover open
    A4State(True, "stopped", False, ("media-empty-error", "toner-low")),
    A4State(True, "idle", True, ("media-low", "marker-supply-empty")).device_status(),
    DeviceStatus.ok(),
])
def test_rewording_or_translating_a_message_does_not_change_the_beat(reported):
    """The paper and toner on the wire come from the driver's conditions, never from its words."""
    status = reported.device_status() if isinstance(reported, A4State) else reported
    reworded = replace(status, reason="打印机纸张状态：" + status.reason[::-1])

    def wire(s):
        body = beat(SyncHealth(0, 0, NOW, True), {"printer": s, "a4printer": s}, NOW, "x")
        return body["printer"]["paper"], body["a4"]["paper"], body["a4"]["toner"]

    assert wire(reworded) == wire(status)
    words = beat(SyncHealth(0, 0, NOW, True), {"printer": DeviceStatus(Health.WARNING, PAPER_NEAR_END)}, NOW, "x")
    assert words["printer"]["paper"] == "unknown"  # the old words alone, without the condition, say nothing


def test_the_beat_reports_paper_and_a_fault_together():
    both = parse_status(0x1A, 0x16, 0x1E)  # near end and the cover open
    assert both.reason == COVER_OPEN and both.conditions == {Condition.COVER_OPEN, Condition.OFFLINE, Condition.PAPER_LOW}
    body = beat(SyncHealth(0, 0, NOW, True), {"printer": both}, NOW, "x")
    assert body["printer"] == {"health": "error", "reason": COVER_OPEN, "paper": "low"}


def test_the_beat_says_disk_space(tmp_path):
    disk = disk_usage(str(tmp_path))
    assert disk is not None and 0 <= disk["free_mb"] <= disk["total_mb"] and disk_usage(str(tmp_path / "no")) is None
    assert beat(SyncHealth(0, 0, None, True), {}, NOW, "x", disk)["disk_space"] == disk


def test_the_beat_carries_the_a4_printer_when_there_is_one():
    out = A4State(True, "stopped", False, ("media-empty-error",)).device_status()
    body = beat(SyncHealth(0, 0, NOW, True), {"a4printer": out}, NOW, "x")
    assert body["a4"] == {"health": "error", "reason": A4_PAPER_OUT, "paper": "out", "toner": "unknown"}
    low = beat(SyncHealth(0, 0, NOW, True), {"a4printer": A4State(True, "idle", True, ("toner-low",)).device_status()},
               NOW, "x")
    assert low["a4"]["toner"] == "low" and low["a4"]["paper"] == "unknown" and low["a4"]["reason"] == A4_TONER_LOW
    both = A4State(True, "idle", True, ("media-low", "toner-low")).device_status()  # the words name one, the beat both
    assert beat(SyncHealth(0, 0, NOW, True), {"a4printer": both}, NOW, "x")["a4"] | {"reason": ""} == {
        "health": "warning", "reason": "", "paper": "low", "toner": "low"}
    assert "a4" not in beat(SyncHealth(0, 0, NOW, True), {}, NOW, "x")


def test_a_kiosk_shows_on_the_fleet_view_and_retries_when_the_link_is_down(tmp_path, caplog):
    t = [0.0]
    with start_servicenet(f"sqlite:///{tmp_path / 'net.db'}") as server:
        net = signed(server)
        session = requests.Session()
        session.auth = net.auth
        client = NetClient(net.url, timeout=5, session=session)
        body = beat(SyncHealth(queued=2, quarantined=0, last_success=NOW, online=True),
                    {"printer": DeviceStatus(Health.OK)}, NOW, "0.1.0")
        hb = Heartbeat(client, lambda: body, interval=60, clock=lambda: t[0], retry=5)
        assert hb.due() and hb.send() and not hb.due()
        token = subprocess.run([sys.executable, "-m", "servicenet", "office", "staff-token", "--staff-id", "S001",
                                "--name", "王五", "--role", "supervisor", "--db", server.db_url], cwd=REPO_ROOT, capture_output=True,
                               text=True, timeout=60).stdout.strip()
        fleet = requests.get(f"{net.url}/v1/backoffice/kiosks", headers={"Authorization": f"Bearer {token}"},
                             timeout=5).json()
        [mine] = [k for k in fleet["kiosks"] if k["device_id"] == net.creds.device_id]
        assert mine["queue_depth"] == 2 and mine["last_beat"]

        downloading = {"version": "1.1.0", "state": "downloading", "reason": "", "fetched_bytes": 3 << 20,
                       "total_bytes": 12 << 20}  # as sync.updater.Updater.update_state says it
        body = body | {"update": downloading}
        assert hb.send()
        fleet = requests.get(f"{net.url}/v1/backoffice/kiosks", headers={"Authorization": f"Bearer {token}"},
                             timeout=5).json()
        [mine] = [k for k in fleet["kiosks"] if k["device_id"] == net.creds.device_id]
        assert mine["update"] == downloading and mine["update_text"] == "下载中 25%（3/12 MB）"
        body = body | {"update": downloading | {"fetched_bytes": 13 << 20}, "queue_depth": 4}
        with caplog.at_level("WARNING", logger="sync.heartbeat"):
            assert hb.send()  # more than the whole: the beat is taken without it, and the kiosk's log says so
        assert "the network left out update as malformed" in caplog.text
        client.close()
        session.close()
    dead = NetClient("http://127.0.0.1:9", timeout=1)
    hb = Heartbeat(dead, lambda: body, interval=60, clock=lambda: t[0], retry=5)
    assert not hb.send()
    t[0] = 5.0
    assert hb.due()  # soon again, not a whole interval later
    dead.close()
